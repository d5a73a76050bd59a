"""Synthetic policy documents and measures for the benchmarks, derived from the two seeds.

Deterministic: everything is drawn from a `random.Random` the caller seeds.
Imported by bench/ingest.py and bench/search.py after they have put the
repository root on sys.path and called django.setup().

The seeds are read once with the project's own parser (outside any timing)
to get their measures, sentences and responsible-unit groups; the generated
documents are then written out by this module, with their ground truth
(title, issuer, date, number of measures, completeness) recorded so the
benchmark can print a sanity line about what the parser found.
"""

from __future__ import annotations

import os
import platform
import random
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "corpus" / "data" / "seeds"
OUT_DIR = REPO / "bench" / "out"


# --- environment ------------------------------------------------------------------


def machine_facts() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for dist in ("django", "rjieba", "jieba"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} ?")
    return [
        f"cpu: {cpu}",
        f"nproc: {os.cpu_count()} (usable by this process: {len(os.sched_getaffinity(0))})",
        f"python: {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
        f"sqlite: {sqlite3.sqlite_version}; " + ", ".join(versions),
    ]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def print_profile(profiler, limit: int = 25, out=sys.stdout) -> None:
    import pstats

    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt or 1.0
    rows = []
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        where = f"{Path(filename).name}:{line}" if line else filename
        rows.append((tottime, cumtime, ncalls, f"{name} ({where})"))
    print(f"    profile: {total:.2f} s total; top {limit} by own time", file=out)
    print(f"    {'own %':>6} {'own s':>7} {'cum %':>6} {'calls':>9}  function", file=out)
    for tottime, cumtime, ncalls, label in sorted(rows, reverse=True)[:limit]:
        print(f"    {100 * tottime / total:6.1f} {tottime:7.2f} {100 * cumtime / total:6.1f} {ncalls:9d}  {label}", file=out)


# --- material from the seeds and the reference data -------------------------------------


@dataclass
class SeedMeasure:
    title: str
    sentences: list[str]
    groups: list[str]
    title_en: str = ""
    summary_en: str = ""


@dataclass
class Material:
    measures: list[SeedMeasure]
    subsections: list[tuple[str, str]]  # (title, text) of （一）… items in 总体要求 / 保障措施
    preambles: list[str]
    unit_names: list[str]
    unit_weights: list[float]
    issuers: list[str]
    zones: list[str]
    lexicon: object = None
    all_sentences: list[str] = field(default_factory=list)


_SENTENCE = re.compile(r"[^。]*。")


def load_material() -> Material:
    import yaml

    from corpus.extract import IngestError
    from corpus.lexicon import lexicon_from_records
    from corpus.parser import extract_unit_groups, parse_document
    from corpus.translations import PATH as TRANSLATIONS
    from directory.reference import read_units, read_zones

    units = read_units().units
    zones = read_zones().zones
    lexicon = lexicon_from_records([u.model_dump() for u in units], [z.model_dump() for z in zones])

    english: dict[str, tuple[str, str]] = {}
    for doc in yaml.safe_load(TRANSLATIONS.read_text(encoding="utf-8"))["documents"]:
        for m in doc["measures"]:
            english[m["title"]] = (m["title_en"], " ".join(m["summary_en"].split()))

    measures: list[SeedMeasure] = []
    subsections: list[tuple[str, str]] = []
    preambles: list[str] = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        try:
            parsed = parse_document(path.read_text(encoding="utf-8"), lexicon, source_name=path.name)
        except IngestError as exc:  # pragma: no cover - seeds are known to parse
            raise SystemExit(f"seed {path.name} does not parse: {exc}") from exc
        if parsed.preamble:
            preambles.append(parsed.preamble)
        for section in parsed.sections:
            if section.level == 2 and len(section.text) > 20:
                subsections.append((section.title, section.text))
        for m in parsed.measures:
            groups, plain = extract_unit_groups(m.text, lexicon)
            sentences = _SENTENCE.findall(plain)  # a truncated last fragment (no 。) is dropped
            if sentences and sentences[0].rstrip("。") == m.title:
                sentences = sentences[1:]
            sentences = [s for s in sentences if len(s) >= 8]
            title_en, summary_en = english.get(m.title, ("", ""))
            measures.append(SeedMeasure(m.title, sentences, [g.raw for g in groups], title_en, summary_en))

    unit_names: list[str] = []
    unit_weights: list[float] = []
    issuers: list[str] = []
    for record in units:
        if record.kind == "generic":
            continue
        if record.kind in ("municipal_department", "party_office", "public_institution", "coordination_office"):
            issuers.append(record.name)
        for name in dict.fromkeys([record.name, *record.aliases]):
            unit_names.append(name)
            weight = 1.0 if record.kind == "district_government" else 3.0
            unit_weights.append(weight * (3.0 if name.startswith("市") else 1.0))
    issuers += ["北京市人民政府", "北京市人民政府办公厅"]
    zone_names = [n for z in zones for n in [z.name, *z.aliases] if len(n) >= 4]
    all_sentences = [s for m in measures for s in m.sentences]
    return Material(measures, subsections, preambles, unit_names, unit_weights, issuers, zone_names, lexicon, all_sentences)


# --- variation -------------------------------------------------------------------------

_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(\s*)(万亿|亿|千万|百万|万)?(美元|元人民币|人民币|元)")
_DATE = re.compile(r"((?:19|20)\d{2})年(\s*)(\d{1,2})月(\s*)(\d{1,2})日")
_YEARS = re.compile(r"(\d+)年(以内|内)")

ENTERPRISES = [
    "外商投资企业",
    "跨国公司地区总部",
    "外资研发中心",
    "外资金融机构",
    "外资医疗机构",
    "外籍人才创办的企业",
    "外资总部企业",
]
BUSINESSES = ["保税研发", "融资租赁", "跨境电商", "数据处理", "检验检测", "国际结算", "离岸贸易", "保税维修", "跨境数据服务"]
ORGS = ["地区总部", "研发中心", "投资性公司", "结算中心", "共享服务中心", "功能性机构", "开放式创新平台"]
TEMPLATES = [
    "对符合条件的{ent}，按照实际投资额给予最高不超过{n}万元的一次性奖励。",
    "相关审批事项办理时限压缩至{k}个工作日以内，实行全程网上办理。",
    "试点额度由{a}万美元进一步提高到{b}万美元。",
    "支持{zone}内符合条件的企业开展{biz}业务，探索与国际通行规则相衔接的监管模式。",
    "到{y}年，全市实际利用外资规模力争达到{n}亿美元，新认定跨国公司地区总部{k}家以上。",
    "对年度实际到资金额超过{m}亿元人民币的项目，给予不超过{n}万元资金支持，支持期限不超过{k}年。",
    "鼓励{ent}在{zone}设立{org}，符合条件的按规定享受相关支持政策。",
    "为{ent}的外籍高级管理人员签发{k}年以内有效的签证或居留许可。",
    "建立{org}服务专员制度，{k}个工作日内响应企业诉求，{y}年{mo}月{d}日前完成首批服务对接。",
    "按照《中华人民共和国外商投资法》及其实施条例，依法保护{ent}合法权益。",
]
EXTRA_TITLES = [
    "支持外资研发中心发展",
    "优化外籍人才服务保障",
    "扩大增值电信业务开放",
    "推进跨境数据流动便利化",
    "鼓励外资参与综合保税区建设",
    "完善外商投资企业投诉机制",
    "提升外债便利化水平",
    "加强知识产权保护",
    "支持跨国公司设立地区总部",
    "优化外资项目用地保障",
]
SECTION_TITLES = [
    "进一步扩大对外开放",
    "聚集全球高端优质资源",
    "优化外商投资企业发展环境",
    "主要任务和措施",
    "提升投资促进服务水平",
    "加强外商投资合法权益保护",
    "推动重点领域扩大开放",
    "完善外资企业服务保障体系",
    "深化跨境投融资便利化",
    "强化开放平台支撑作用",
]
TOPICS = [
    "进一步加强稳外资工作",
    "深化服务业扩大开放促进外商投资",
    "促进外资研发中心高质量发展",
    "支持跨国公司地区总部发展",
    "推进数据跨境流动便利化",
    "持续优化外商投资环境",
    "扩大增值电信业务对外开放",
    "促进综合保税区高质量发展",
    "推进贸易投资自由化便利化",
    "加快发展绿色低碳产业利用外资",
    "提升外籍人才服务水平",
    "加强外商投资合法权益保护",
]
TITLE_SUFFIXES = ["的若干措施", "若干措施", "实施方案", "工作方案", "行动计划", "的实施意见", "工作要点", "支持办法"]
PLACES = [
    "北京市",
    "北京市关于",
    "北京市",
    "中关村国家自主创新示范区",
    "北京经济技术开发区",
    "朝阳区",
    "海淀区",
    "顺义区",
    "大兴区",
]
TRUNCATION_NOTICES = [
    "预览已结束，完整报告链接和二维码如下：\nhttps://www.yunbaogao.cn/report/index/report?reportId=11_{n}",
    "试读已结束，剩余 {k} 页未读\n点击下载全文",
    "以下内容需付费下载，完整文档请访问 https://doc.example.cn/{n}.html",
]
NOTICE_HEADS = [
    "各区人民政府、北京经济技术开发区管委会，各有关单位：",
    "各区人民政府，市政府各委、办、局，各市属机构：",
    "各有关单位：",
]
DRAFT_MARKERS = ["（征求意见稿）", "（征求意见稿）", "（送审稿）", "（讨论稿）"]


def random_date(rng: random.Random, start: int = 2015, end: int = 2025) -> date:
    first = date(start, 1, 1)
    return first + timedelta(days=rng.randrange((date(end, 12, 31) - first).days))


def _vary_numbers(text: str, rng: random.Random) -> str:
    def amount(m: re.Match) -> str:
        value = rng.choice([rng.randint(1, 99), rng.randint(100, 999), rng.randint(1, 50) * 100])
        return f"{value}{m.group(2)}{m.group(3) or ''}{m.group(4)}"

    def when(m: re.Match) -> str:
        d = random_date(rng)
        return f"{d.year}年{m.group(2)}{d.month}月{m.group(4)}{d.day}日"

    text = _AMOUNT.sub(amount, text)
    text = _DATE.sub(when, text)
    return _YEARS.sub(lambda m: f"{rng.randint(1, 5)}年{m.group(2)}", text)


def template_sentence(rng: random.Random, material: Material) -> str:
    d = random_date(rng, 2022, 2030)
    a = rng.choice([100, 200, 500, 1000])
    return rng.choice(TEMPLATES).format(
        ent=rng.choice(ENTERPRISES),
        biz=rng.choice(BUSINESSES),
        org=rng.choice(ORGS),
        zone=rng.choice(material.zones),
        n=rng.choice([rng.randint(10, 500), rng.randint(1, 20) * 100]),
        m=rng.randint(1, 30),
        k=rng.randint(2, 20),
        a=a,
        b=a * rng.choice([2, 3, 5]),
        y=d.year,
        mo=d.month,
        d=d.day,
    )


def unit_group_names(rng: random.Random, material: Material) -> list[str]:
    k = rng.choices([1, 2, 3, 4, 5, 6], weights=[2, 4, 4, 3, 2, 1])[0]
    names: list[str] = []
    while len(names) < k:
        name = rng.choices(material.unit_names, weights=material.unit_weights)[0]
        if name not in names:
            names.append(name)
    return names


def unit_group_text(names: list[str], rng: random.Random, notice_style: bool) -> str:
    tail = rng.choices(["", "等", "及相关部门", "及相关部门和各区政府", "、各区政府"], weights=[5, 3, 2, 1, 1])[0]
    if notice_style:
        return "(责任单位：" + "，".join(names) + tail + ")"
    return "（" + "、".join(names) + tail + "）"


@dataclass
class GenMeasure:
    title: str
    text: str  # as the parser stores it: title。body, unit groups left in
    unit_names: list[str]
    seed_title: str
    title_en: str = ""
    summary_en: str = ""


def make_measure(rng: random.Random, material: Material, *, notice_style: bool = False) -> GenMeasure:
    """One measure: a seed measure's sentences (some dropped, numbers varied), a few mixed-in
    sentences, and one or two responsible-unit groups closing sentences."""
    seed = rng.choice(material.measures)
    r = rng.random()
    title = seed.title if r < 0.7 else rng.choice(EXTRA_TITLES) if r < 0.8 else rng.choice(material.measures).title
    sentences = [s for s in seed.sentences if rng.random() < 0.8] or seed.sentences[:1]
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        sentences.insert(rng.randint(0, len(sentences)), template_sentence(rng, material))
    if rng.random() < 0.3:
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(material.all_sentences))
    sentences = [_vary_numbers(s, rng) for s in sentences]
    pieces = [title + "。"]
    names: list[str] = []
    cut = rng.randint(1, len(sentences) - 1) if len(sentences) > 2 and rng.random() < 0.25 else None
    for i, sentence in enumerate(sentences):
        pieces.append(sentence)
        if i + 1 == cut or i + 1 == len(sentences):
            if seed.groups and rng.random() < 0.25 and not notice_style:
                raw = rng.choice(seed.groups)
                group_names = [n for n in re.split(r"[、，,；;]", raw.strip("（）()")) if n]
            else:
                group_names = unit_group_names(rng, material)
                raw = unit_group_text(group_names, rng, notice_style)
            pieces.append(raw)
            names.extend(group_names)
    english = (seed.title_en, seed.summary_en) if title == seed.title else ("", "")
    return GenMeasure(title, "".join(pieces), names, seed.title, *english)


# --- documents ---------------------------------------------------------------------------


@dataclass
class GenDocument:
    name: str
    text: str
    title: str  # without draft marker
    draft: bool
    issuer: str | None
    issued_on: date | None
    measures: int  # measure headings present in the text (after any truncation)
    generated_measures: int
    complete: bool
    style: str
    wrapped: bool
    measure_texts: list[GenMeasure] = field(default_factory=list, repr=False)


_NUMERAL = "一二三四五六七八九十"
_HEADING = re.compile(r"\s*\d{1,3}[.．、]\s*\S")  # a measure heading with at least one character of body


def _doc_title(rng: random.Random) -> str:
    title = rng.choice(PLACES) + rng.choice(TOPICS) + rng.choice(TITLE_SUFFIXES)
    if title.startswith("北京市关于") and not title.endswith(("措施", "意见")):
        title = title.replace("北京市关于", "北京市", 1)
    if rng.random() < 0.15:
        title += "（试行）"
    return title


def _heading(number: int, rng: random.Random) -> str:
    return f"{number}" + rng.choices([".", "．", "、"], weights=[7, 2, 1])[0]


def _space_digits(line: str, rng: random.Random) -> str:
    """PDF extraction artefact: a space between CJK and a following number (总投资 3亿美元)."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", lambda _: " " if rng.random() < 0.5 else "", line)


MIN_BYTES, MAX_BYTES = 3 * 1024, 12 * 1024


def make_document(rng: random.Random, material: Material, index: int) -> GenDocument:
    """A document of 3-12 KB (UTF-8); drafts outside that range are drawn again."""
    while True:
        doc = _draw_document(rng, material, index)
        if MIN_BYTES <= len(doc.text.encode()) <= MAX_BYTES:
            return doc


def _draw_document(rng: random.Random, material: Material, index: int) -> GenDocument:
    notice_style = rng.random() < 0.45
    wrapped = rng.random() < (0.7 if notice_style else 0.2)
    truncated = rng.random() < 0.12
    target_bytes = rng.randint(3 * 1024, 11 * 1024)
    title = _doc_title(rng)
    draft = (not notice_style) and rng.random() < 0.3
    issued_on = random_date(rng)
    issuer = rng.choice(material.issuers) if notice_style else None

    # (kind, text); kind "m" marks a measure heading line, "t" a title line (never wrapped).
    lines: list[tuple[str, str]] = []
    if notice_style:
        if rng.random() < 0.5:
            lines.append(("x", f"京商务发〔{issued_on.year}〕{rng.randint(1, 99)}号"))
        lines += [
            ("x", rng.choice(NOTICE_HEADS)),
            ("x", f"《{title}》已经市政府同意，现予以印发，请认真组织贯彻落实。"),
            ("x", "特此通知。"),
            ("x", issuer),
            ("x", f"{issued_on.year}年{issued_on.month}月{issued_on.day}日"),
            ("t", title),
        ]
    else:
        if len(title) > 14 and rng.random() < 0.6:
            cut = rng.randint(6, len(title) - 6)
            lines += [("t", title[:cut]), ("t", title[cut:])]
        else:
            lines.append(("t", title))
        if draft:
            lines.append(("t", rng.choice(DRAFT_MARKERS)))
    lines.append(("x", _vary_numbers(rng.choice(material.preambles), rng)))

    size = sum(len(text.encode()) for _, text in lines)
    section_no = 0
    if not notice_style:
        section_no += 1
        lines.append(("x", f"{_NUMERAL[section_no - 1]}、总体要求"))
        for j, (sub_title, sub_text) in enumerate(rng.sample(material.subsections, 2)):
            lines.append(("x", f"（{_NUMERAL[j]}）{sub_title}"))
            lines.append(("x", _vary_numbers(sub_text, rng)))
    n_task_sections = rng.choice([1, 1, 2]) if not notice_style else rng.choice([2, 3, 3, 4])
    section_titles = rng.sample(SECTION_TITLES, n_task_sections)
    closing = []
    if not notice_style:
        closing = rng.sample(material.subsections, 3)
        size += sum(len((t + x).encode()) + 8 for t, x in closing) + 20
    measures: list[GenMeasure] = []
    pending: list[tuple[str, str]] = []
    restart = rng.random() < 0.15  # numbering restarts at 1 in each section
    for s, section_title in enumerate(section_titles):
        section_no += 1
        pending.append(("x", f"{_NUMERAL[section_no - 1]}、{section_title}"))
        per_section = max(1, (target_bytes - size) // (900 * (n_task_sections - s))) if target_bytes > size else 1
        for k in range(per_section):
            measure = make_measure(rng, material, notice_style=notice_style)
            number = (k + 1) if restart else len(measures) + 1
            measures.append(measure)
            pending.append(("m", _heading(number, rng) + measure.text))
            size += len(measure.text.encode()) + 4
            if size >= target_bytes and s == n_task_sections - 1:
                break
    # top up the last section until the document reaches its size
    while size < target_bytes - 300:
        measure = make_measure(rng, material, notice_style=notice_style)
        last_number = int(re.match(r"\d+", pending[-1][1]).group(0)) if pending[-1][0] == "m" else 0
        measures.append(measure)
        pending.append(("m", _heading(last_number + 1, rng) + measure.text))
        size += len(measure.text.encode()) + 4
    lines += pending
    if closing:
        section_no += 1
        lines.append(("x", f"{_NUMERAL[section_no - 1]}、保障措施"))
        for j, (sub_title, sub_text) in enumerate(closing):
            lines.append(("x", f"（{_NUMERAL[j]}）{sub_title}。{sub_text}"))
    if not notice_style and rng.random() < 0.3:
        lines.append(("x", rng.choice(material.issuers)))
        lines.append(("x", f"{issued_on.year}年{issued_on.month}月{issued_on.day}日"))
        issuer = lines[-2][1]

    text, heading_offsets = _render(lines, rng, wrapped)
    complete = True
    present = len(heading_offsets)
    if truncated:
        cut = int(len(text) * rng.uniform(0.55, 0.95))
        present = sum(1 for offset in heading_offsets if offset < cut and _HEADING.match(text, offset, cut))
        notice = rng.choice(TRUNCATION_NOTICES).format(n=rng.randint(1000, 99999), k=rng.randint(2, 30))
        text = text[:cut] + "\n" + notice + "\n\n\n"
        complete = False
        if not notice_style:
            issuer = None  # a closing signature went with the cut-off end
    kind = "notice" if notice_style else "plan"
    return GenDocument(
        name=f"bench_{index:05d}_{kind}{'_wrapped' if wrapped else ''}.txt",
        text=text,
        title=title,
        draft=draft,
        issuer=issuer,
        issued_on=issued_on if (notice_style or issuer) else None,
        measures=present,
        generated_measures=len(measures),
        complete=complete,
        style=kind,
        wrapped=wrapped,
        measure_texts=measures,
    )


def _render(lines: list[tuple[str, str]], rng: random.Random, wrapped: bool) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    length = 0

    def emit(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += len(piece)

    if not wrapped:
        for kind, text in lines:
            if kind == "m":
                offsets.append(length)
            emit(text + "\n")
            if rng.random() < 0.4:
                emit("\n")
        return "".join(out), offsets

    # Re-wrapped like text pulled out of a PDF: ~30 characters a line, a trailing
    # space and a blank line after each, page footers " - N - " every ~25 lines.
    page, on_page = 1, 0
    for kind, text in lines:
        if kind != "t":
            text = _space_digits(text, rng)
        width = rng.randint(28, 32)
        chunks = [text] if kind == "t" else [text[i : i + width] for i in range(0, len(text), width)]
        for c, chunk in enumerate(chunks):
            lead = " " if rng.random() < 0.06 else ""
            if kind == "m" and c == 0:
                offsets.append(length + len(lead))
            emit(f"{lead}{chunk} \n\n")
            on_page += 1
            if on_page >= 25:
                page += 1
                on_page = 0
                emit(f"\n\n - {page} - \n\n")
    return "".join(out), offsets


def make_corpus(n_docs: int, seed: int = 20261125, material: Material | None = None) -> list[GenDocument]:
    material = material or load_material()
    rng = random.Random(seed)
    return [make_document(rng, material, i) for i in range(n_docs)]


def make_long_document(rng: random.Random, material: Material, index: int, measures: list[GenMeasure]) -> tuple[str, str]:
    """(title, text) of a plain (unwrapped, complete) plan-style document holding these measures,
    numbered continuously over 3-5 task sections. Used to fill the search database."""
    title = _doc_title(rng)
    lines = [title, _vary_numbers(rng.choice(material.preambles), rng), "一、总体要求"]
    for j, (sub_title, sub_text) in enumerate(rng.sample(material.subsections, 2)):
        lines += [f"（{_NUMERAL[j]}）{sub_title}", sub_text]
    n_sections = rng.randint(3, 5)
    titles = rng.sample(SECTION_TITLES, n_sections)
    per_section = -(-len(measures) // n_sections)
    for i, measure in enumerate(measures):
        if i % per_section == 0:
            lines.append(f"{_NUMERAL[1 + i // per_section]}、{titles[i // per_section]}")
        lines.append(_heading(i + 1, rng) + measure.text)
    return title, "\n".join(lines) + "\n"
