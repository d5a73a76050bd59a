"""Structural parser for Chinese policy documents.

Text in, a ParsedDocument out: title, status, issuer and date, document
number, completeness, sections, numbered measures with their
responsible-unit groups, and mentions. Pure Python over plain text; the only
outside knowledge is a Lexicon of unit and zone names.

The input is often text pulled out of a PDF, so cleaning comes first: page
footers, hard line breaks in the middle of sentences and of unit names,
spaces the PDF put between digits and CJK, and preview-ended notices that
sites append to truncated copies.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from corpus import script
from corpus.extract import IngestError
from corpus.lexicon import Lexicon, normalize_name
from corpus.outline import CN_NUMERALS, DEPTH, Outline, chinese_number, infer, is_heading

CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》"
_SPACE_RUN = re.compile(r"[ \t]+")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_PAGE_FOOTER = re.compile(
    r"(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})"
)
_FOOTER_FIRST_CHARS = frozenset("-—–－第0123456789")
_LINE_NEEDS_A_LOOK = _FOOTER_FIRST_CHARS | {"#", "<"}
# Notices that copy sites put where a document was cut short; everything from
# the notice on (typically a link and a QR-code prompt) is not document text.
_TRUNCATION_NOTICE = re.compile(
    r"预览已结束|试读已结束|试读结束|预览结束|以下内容(?:需|须)(?:付费|登录|购买)|剩余\s*\d+\s*页未读|完整(?:报告|内容|版|文档)(?:链接|请|可|见|下载)|点击(?:查看|阅读|下载)全文|未完待续"
)

# Zero-width spacers and byte-order marks go; full-width digits read as digits.
_INVISIBLE_OR_WIDE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\uff10-\uff19]")


def _visible_narrow(match: re.Match[str]) -> str:
    char = match.group(0)
    return str(ord(char) - 0xFF10) if "\uff10" <= char <= "\uff19" else ""


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
_HTML_COMMENT = re.compile(r"<!--.*?-->")

_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
# A date as a signature or a law's adoption line writes it: 2019年1月12日 or 二〇一九年一月十二日.
_DATE_WORDS = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九○Ｏ]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日"
_DATE_LINE = re.compile(rf"^{_DATE_WORDS}$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,16}[〔\[【［（(]\s*(?:19|20)\d{2}\s*[〕\]】］）)]\s*\d{1,4}\s*号")
_ISSUER_SUFFIX = re.compile(r"(?:局|委|委员会|政府|办公厅|办公室|办|中心|管委会|分行|分局|海关|部|国务院|署|会)$")
# The words an official title ends with.
_TITLE_WORDS = "方案|措施|意见|办法|规定|通知|决定|条例|细则|规划|计划|指引|指南|清单|目录|纲要|公告|通告|要点|规则|若干措施|法|批复|复函|函|通报|报告"
_TITLE_SUFFIX = re.compile(rf"(?:{_TITLE_WORDS})(?:[（(](?:试行|暂行|修订|征求意见稿|征求意见版|送审稿|讨论稿|草案)[）)])?$")
# Bracketed, or closing the title: 北京市地方标准草案管理办法 is no draft.
_DRAFT_MARKER = re.compile(
    r"[（(](?:征求意见稿|征求意见版|送审稿|讨论稿|草案|草稿)[）)]|(?:征求意见稿|征求意见版|送审稿|讨论稿)$"
)
_MARKER_LINE = re.compile(r"^[（(][^（()）]{1,10}[）)]$")
_NO_TITLE_PUNCT = re.compile(r"[。，；：！？,;:!?>＞|]")

# The labels a group may give its units; 牵头… marks the lead.
_ROLE_LABELS = "牵头单位|牵头部门|责任单位|责任部门|负责单位|负责部门|配合单位|配合部门|参与单位"
_GROUP_PREFIX = re.compile(rf"^(?:{_ROLE_LABELS})\s*[：:]\s*")
_GROUP_SEPARATORS = "、，,；;"
_ETC = re.compile(r"等(?:部门|单位|有关部门|相关部门)?$")
_UNIT_LIKE = re.compile(r"(?:局|委|委员会|办|办公室|办公厅|中心|政府|管委会|部门|单位|分行|分局|海关|院|会|署|部|厅|行)$")
_CONNECTORS = "及和与"
_SENTENCE_END = "。；;！？!?"

# [0-9], not \d: cleaning has folded full-width digits, and a narrow class scans faster.
_AMOUNT = re.compile(
    r"([0-9]+(?:\.[0-9]+)?)(万亿|千亿|百亿|亿|千万|百万|万|千)?(美元|元人民币|人民币|欧元|港元|港币|日元|英镑|元)"
)
_MULTIPLIERS = {
    None: 1,
    "千": 10**3,
    "万": 10**4,
    "百万": 10**6,
    "千万": 10**7,
    "亿": 10**8,
    "百亿": 10**10,
    "千亿": 10**11,
    "万亿": 10**12,
}
_CURRENCIES = {
    "美元": "USD",
    "元人民币": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}
_DURATION = re.compile(r"([0-9一二两三四五六七八九十百]+)(个工作日|工作日|个月|年|天|日|周|小时)(以内|之内|以上|以下|内)?")
_DURATION_UNITS = {
    "个工作日": "working_day",
    "工作日": "working_day",
    "个月": "month",
    "年": "year",
    "天": "day",
    "日": "day",
    "周": "week",
    "小时": "hour",
}
_QUALIFIERS = {"以内": "within", "之内": "within", "内": "within", "以上": "over", "以下": "under"}
MAX_TITLE = 300  # the width of Document.title
_LAW = re.compile(r"《([^《》\n]{2,80})》")


Day = date  # ParsedDocument has a field named `date`, which hides the type inside the class


@dataclass(frozen=True)
class UnitRef:
    name: str
    unit_id: str | None
    generic: bool
    lead: bool = False  # labelled 牵头, or (unlabelled) listed first


@dataclass
class UnitGroup:
    raw: str
    units: list[UnitRef]
    has_etc: bool
    closes: str
    scope: str = ""  # 适用范围: the FTZs or areas the measure applies to, as written
    # A scope the group sets for the rest of the document (以下……适用范围均为所有自贸试验区), and whether this
    # group's own scope came from such a statement in an earlier measure rather than its own parentheses.
    standing_scope: str = ""
    scope_inherited: bool = False


@dataclass
class ParsedSection:
    number: str
    level: int
    title: str
    text: str = ""


@dataclass
class ParsedMeasure:
    number: int
    title: str
    text: str
    section: str | None
    section_index: int | None
    unit_groups: list[UnitGroup] = field(default_factory=list)
    mentions: dict = field(default_factory=dict)
    kind: str = "measure"  # or "article" (第X条 of a law or regulation)
    label: str = ""  # as cited: 第三十八条, 第十条之一, （十二）, 12
    suffix: int = 0  # 第十条之一 → 1


@dataclass
class ParsedDocument:
    title: str
    base_title: str
    status: str
    issuer: str | None
    issuer_unit_id: str | None
    date: date | None
    doc_number: str | None
    complete: bool
    preamble: str
    sections: list[ParsedSection]
    measures: list[ParsedMeasure]
    text: str
    structure: str = "measures"  # or "articles"
    # A law's version history from the lines under its title (adopted, amended, revised, promulgated), the
    # first adoption, and the day it takes effect as its own article says.
    history: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)  # 附件: {"title", "text"}, not provisions
    adopted: Day | None = None
    effective: Day | None = None
    script: str = "simplified"  # or "traditional": read through its Simplified conversion, kept as found

    def as_json(self) -> dict:
        """The shape `investbj ingest --json` prints, one object per file."""
        return {
            "title": self.title,
            "structure": self.structure,
            "script": self.script,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "effective": self.effective.isoformat() if self.effective else None,
            "history": [{**h, "date": h["date"].isoformat()} for h in self.history],
            "attachments": self.attachments,
            "status": self.status,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "doc_number": self.doc_number,
            "complete": self.complete,
            "sections": [{"number": s.number, "title": s.title} for s in self.sections],
            "measures": [
                {
                    "kind": m.kind,
                    "number": m.number,
                    "label": m.label,
                    "title": m.title,
                    "section": m.section,
                    "text": m.text,
                    "unit_groups": [
                        {
                            "raw": g.raw,
                            "has_etc": g.has_etc,
                            "scope": g.scope,
                            "scope_inherited": g.scope_inherited,
                            "units": [asdict(u) for u in g.units],
                        }
                        for g in m.unit_groups
                    ],
                    "mentions": m.mentions,
                }
                for m in self.measures
            ],
        }


# --- cleaning ---------------------------------------------------------------


def clean_text(text: str) -> tuple[str, bool]:
    """Return the document text without PDF artefacts, and whether it is complete."""
    lines, complete, _ = clean_lines(text)
    return "\n".join(lines), complete


def clean_lines(text: str) -> tuple[list[str], bool, bool]:
    """Non-empty, stripped lines without page footers or stray spaces, completeness, and whether the lines
    were cut out of paragraphs run together into one line (split_run_on)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    if _INVISIBLE_OR_WIDE.search(text):  # str.translate walks every character; most texts need nothing
        text = _INVISIBLE_OR_WIDE.sub(_visible_narrow, text)
    complete = True
    notice = _TRUNCATION_NOTICE.search(text, len(text) // 3)
    if notice:
        line_start = text.rfind("\n", 0, notice.start()) + 1
        # The notice's whole line goes (…文档预览已结束), unless the page was run into one line.
        text = text[: line_start if notice.start() - line_start < RUN_ON_CHARS else notice.start()]
        complete = False
    lines = []
    raws = text.split("\n")
    run_together = False
    # Only a line holding most of the page is a page run together: a long paragraph of a law is not. A whole
    # page in one line (or two, with a source note) may be short: a notice of three items.
    longest = max(map(len, raws))
    if longest >= RUN_ON_SHORT_PAGE_CHARS and longest >= len(text) // 2:
        short_page = sum(1 for raw in raws if raw.strip()) <= 2
        run_on_at = max(RUN_ON_SHORT_PAGE_CHARS if short_page else RUN_ON_CHARS, len(text) // 2)
        count = len(raws)
        raws = [piece for raw in raws for piece in split_run_on(raw, run_on_at)]
        run_together = len(raws) > count
    # Most lines need nothing but stripping: the comprehension does that, the loop only looks at the rest.
    for line in [stripped for raw in raws if (stripped := raw.strip())]:
        first = line[0]
        if first in _LINE_NEEDS_A_LOOK:
            if first == "#" or first == "<":
                # Law databases publish markdown copies: headings marked with #, notes in HTML comments.
                line = _MARKDOWN_HEADING.sub("", _HTML_COMMENT.sub("", line)).strip()
                if not line:
                    continue
                first = line[0]
            if first in _FOOTER_FIRST_CHARS and _PAGE_FOOTER.fullmatch(line):
                continue
        if " " in line or "\t" in line:
            line = _SPACE_RUN.sub(_drop_space_near_cjk, line)
        lines.append(line)
    if lines and lines[0].startswith("SOURCE:"):
        lines.pop(0)  # where a reference copy came from (corpus/data/reference/), not the document's text
    return lines, complete, run_together


# A web page's text extracted with every paragraph run into one line: 国务院关于…的意见国发〔2019〕3号各省…：
# …一、指导思想…（一）坚持……。（二）…… It is cut back into lines where a new item starts (a number after
# a sentence end, a unit group or a space), around the 文号 and before the closing signature. Only a line this
# long that holds most of the page's text, with at least two such starts, is taken for a page run together.
RUN_ON_CHARS = 800
RUN_ON_SHORT_PAGE_CHARS = 150
_RUN_ON_MIN_BREAKS = 2
# Starts taken anywhere: their shape does not occur inside a sentence.
_ITEM_START_ANYWHERE = re.compile(
    rf"(?=第[{CN_NUMERALS}]{{1,5}}[章节](?![的规所中]))"
    r"|(?<![（(\d])(?=[（(][一二三四五六七八九十]{1,4}[）)])"
    r"|(?<![\d.．件])(?=\d{1,3}[.．](?![\d.．%]))"
    r"|(?<![（(\d])(?=[（(]\d{1,3}[）)])"
    r"|(?=附件\s*[一二三四五六七八九十\d]{0,2}\s*[：:])"
    # A law database's markdown and HTML notes, which the line cleaning then drops.
    r"|(?<![A-Za-z#])(?=#{1,6}\s*[\u4e00-\u9fff])|(?=<!--)|(?<=-->)"
)
# Starts taken only after a sentence end, a unit group or a space: 统一、 and 依照本法第十条执行 are not items.
_ITEM_START_AFTER_SENTENCE = re.compile(
    rf"(?<=[。！？；：!?;:）)」”\s])(?=第[{CN_NUMERALS}]{{1,7}}条(?![的规所中第款项、，。；：和或及至])"
    r"|[一二三四五六七八九十]{1,3}、|\d{1,3}、(?![\d]))"
)
# 第一章总则第一条, 第一章 总则一、: the first item right after its chapter's (unpunctuated) heading.
_ARTICLE_AFTER_HEADING = re.compile(
    rf"第[{CN_NUMERALS}]{{1,5}}[章节][^。，；：、]{{1,20}}?"
    rf"(第[{CN_NUMERALS}]{{1,7}}条(?![的规所中第款项、，。；：])|[一二三四五六七八九十]{{1,3}}、)"
)
_RUN_ON_DATE = re.compile(rf"[（(]?{_DATE_WORDS}")
_RUN_ON_DOC_NUMBER = re.compile(r"[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]\s*\d{1,4}\s*号")
# 国务院 / 2019年1月12日 at the end, after the last sentence (a note such as （此件公开发布） may follow).
# The date, then a note such as （此件公开发布）, at the end of the page or before its attachments.
_SIGNATURE_DATE_AND_NOTE = rf"\s*({_DATE_WORDS})\s*((?:[（(][^（）()]{{1,20}}[）)])?)\s*(?=附件|$)"
_RUN_ON_SIGNATURE = re.compile(r"(?<=[。！？])\s*([\u4e00-\u9fff（）()][\u4e00-\u9fff（）() ]{1,29}?)" + _SIGNATURE_DATE_AND_NOTE)
# After an attachment list (附件：1.…2.…指标) no sentence end comes before the issuer: only the usual issuers
# are taken there.
_RUN_ON_KNOWN_SIGNATURE = re.compile(
    r"((?:国务院办公厅|国务院|中共中央办公厅|中共中央|[\u4e00-\u9fff]{2,8}人民政府(?:办公厅|办公室)?))" + _SIGNATURE_DATE_AND_NOTE
)
# （一）指导思想 以习近平…: a page that keeps a space between paragraphs shows where a heading ends.
_HEADING_THEN_SPACE = re.compile(
    r"^((?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,4}[）)]|\d{1,3}[.．、])\s*[^\s。；;：:，,！？]{1,40})\s+(?=\S)"
)


def split_run_on(line: str, min_chars: int = RUN_ON_CHARS) -> list[str]:
    """The lines of a page whose paragraphs were run into one line; any other line as it is."""
    line = line.strip()
    if len(line) < min_chars:
        return [line]
    cuts = {m.start() for m in _ITEM_START_ANYWHERE.finditer(line)}
    cuts.update(m.start() for m in _ITEM_START_AFTER_SENTENCE.finditer(line))
    cuts.update(m.start(1) for m in _ARTICLE_AFTER_HEADING.finditer(line))
    cuts.discard(0)
    if len(cuts) < _RUN_ON_MIN_BREAKS:
        return [line]
    bounds = [0, *sorted(cuts), len(line)]
    pieces = [piece for a, b in zip(bounds, bounds[1:], strict=False) if (piece := line[a:b].strip())]
    head = _split_head(_SPACE_RUN.sub(_drop_space_near_cjk, pieces[0]))
    body = [part for piece in pieces[1:] for heading in _split_heading(piece) for part in _split_signature(heading)]
    return [*head, *body]


def _split_heading(piece: str) -> list[str]:
    heading = _HEADING_THEN_SPACE.match(piece)
    return [heading.group(1), piece[heading.end() :]] if heading else [piece]


def _split_head(head: str) -> list[str]:
    """The front matter of a run-on page in lines: the title, the 文号, the adoption or promulgation lines, the
    addressees and the preamble's sentences (the preamble is joined back; the title is what needs its own line).

    …若干意见国发〔2019〕3号各省…：为… ; …外商投资法（2019年3月15日…通过） ; …国务院令第706号《专利代理条例》
    已经…公布。总理 李克强2018年11月6日专利代理条例 ; 北京市…实施方案（征求意见稿）为贯彻落实…
    """
    cuts = set()
    number = _RUN_ON_DOC_NUMBER.search(head)
    if number:
        cuts.add(number.end())
        # The issuer's code before the bracket (国发, 国办发, 京政发) is the shortest one after a title word.
        cuts.add(
            next(
                (c for w in range(1, 8) if (c := number.start() - w) > 0 and _RUN_ON_TITLE_END.search(head[:c].rstrip())),
                number.start(),
            )
        )
    cuts.update(m.end() for m in _RUN_ON_NOTE.finditer(head))
    sentence_ends = [m.end() for m in _RUN_ON_SENTENCE_END.finditer(head)]
    cuts.update(sentence_ends)
    for date_match in _RUN_ON_DATE.finditer(head):
        # A date line of its own: in brackets under a title, or a signature's (总理 李克强 / 2018年11月6日),
        # not a date inside a sentence (已经2018年9月6日国务院第23次常务会议修订通过).
        since = date_match.start() - max((end for end in sentence_ends if end <= date_match.start()), default=0)
        before = head[: date_match.start()].rstrip()
        if head[date_match.start()] in "（(" or since <= 12 or _RUN_ON_TITLE_END.search(before):
            cuts.update((date_match.start(), date_match.end()))
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(head)), len(head)]
    lines = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = head[a:b].strip()
        title = _RUN_ON_TITLE_BEFORE_PREAMBLE.match(piece)
        lines.extend([piece[: title.end()], piece[title.end() :]] if title else [piece])
    return [line for line in lines if line]


# A reply to a deputy's proposal (…提案的答复) is also titled so; on a run-on page the title must be found by its end.
_RUN_ON_TITLE_WORDS = _TITLE_WORDS + "|答复"
_RUN_ON_TITLE_END = re.compile(rf"(?:{_RUN_ON_TITLE_WORDS})(?:[（(][^（）()]{{2,8}}[）)])?$")
# A title runs straight into the preamble's first words, or the addressees.
_RUN_ON_TITLE_BEFORE_PREAMBLE = re.compile(
    rf"^[^。；：]{{4,80}}?(?:{_RUN_ON_TITLE_WORDS})(?:[（(][^（）()]{{2,8}}[）)])?"
    r"(?=为|根据|按照|依据|近年来|当前|各省|各区|各市|各有关|各部门|各单位|市政府各|区政府各|经|现|《)"
)
_RUN_ON_NOTE = re.compile(r"[（(](?:此件|本件|此文|本文)[^）)]{0,15}[）)]")
# Sentence ends and the addressees' colon; a ）or 」 closing the sentence stays with it.
_RUN_ON_SENTENCE_END = re.compile(r"[。：:！？][）)」”]?")


def _split_signature(piece: str) -> list[str]:
    """A piece ending in the signature (国务院办公厅 / 2019年1月16日 / （此件公开发布）), cut into those lines."""
    signature = _RUN_ON_SIGNATURE.search(piece) or _RUN_ON_KNOWN_SIGNATURE.search(piece)
    if not signature or not _ISSUER_SUFFIX.search(signature.group(1)):
        return [piece]
    rest = piece[signature.end() :].strip()
    return [piece[: signature.start()].strip(), *(g for g in signature.groups() if g), *([rest] if rest else [])]


def _drop_space_near_cjk(match: re.Match[str]) -> str:
    # Chinese has no spaces between words, so a space touching a CJK character
    # is a PDF artefact (2021年 12月 9日, 总投资 3亿美元); spaces between Latin
    # words are kept. Matching space runs first is far cheaper than a
    # look-behind tried at every character.
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if (before and _CJK_CHAR.match(before)) or (after and _CJK_CHAR.match(after)):
        return ""
    return match.group(0)


# --- front matter -------------------------------------------------------------


def _is_title_fragment(line: str, width: int = 40) -> bool:
    return len(line) <= width and not _NO_TITLE_PUNCT.search(line) and not _DATE_LINE.match(line) and not _DOC_NUMBER.search(line)


def _find_title(front: list[str]) -> tuple[int, int] | None:
    """Index range [start, end) of the title lines among the front-matter lines: the lines just above the
    document number (国发〔2019〕3号) when there is one, else the last line ending like a title."""
    above_number = _title_above_number(front)
    if above_number:
        return above_number
    candidates = [
        i
        for i, line in enumerate(front)
        if 4 <= len(line) <= 60 and not _NO_TITLE_PUNCT.search(line) and _TITLE_SUFFIX.search(line)
    ]
    if not candidates:
        return None
    end = candidates[-1]
    start = end
    # A title wraps over two or three lines at most; more is a misread preamble.
    while start > max(0, end - 3) and _is_title_fragment(front[start - 1]) and not _MARKER_LINE.match(front[start - 1]):
        if _ISSUER_SUFFIX.search(front[start - 1]) and start - 1 > 0 and _DATE_LINE.match(front[start - 2]):
            break
        start -= 1
    end += 1
    if end < len(front) and _MARKER_LINE.match(front[end]):
        end += 1
    return start, end


def _title_above_number(front: list[str]) -> tuple[int, int] | None:
    number_line = next((i for i, line in enumerate(front[:12]) if _DOC_NUMBER.fullmatch(line)), None)
    if not number_line:
        return None
    start = number_line
    # A title wraps over up to four lines of its own, with no sentence punctuation.
    while start > max(0, number_line - 4) and _is_title_fragment(front[start - 1]):
        start -= 1
    if start == number_line and _is_title_fragment(front[start - 1], width=MAX_TITLE):
        start -= 1  # a title on one long line (a web page's, run together)
    return (start, number_line) if start < number_line else None


def _parse_date(line: str) -> date | None:
    match = _DATE.search(line)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        digits = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
        parts = re.match(
            r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", line
        )
        if not parts:
            return None
        year = int(parts.group(1).translate(digits))
        month, day = chinese_number(parts.group(2)), chinese_number(parts.group(3))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _find_signature(lines: list[str]) -> tuple[int, str | None, date | None] | None:
    """An issuer line followed by a date line; returns (index of issuer or date, issuer, date)."""
    for i, line in enumerate(lines):
        if _DATE_LINE.match(line):
            issued_on = _parse_date(line)
            if (
                i > 0
                and len(lines[i - 1]) <= 30
                and _ISSUER_SUFFIX.search(lines[i - 1])
                and not _NO_TITLE_PUNCT.search(lines[i - 1])
            ):
                return i - 1, lines[i - 1], issued_on
            return i, None, issued_on
    return None


# --- structure ------------------------------------------------------------------


def _split_title(body: str) -> tuple[str, str]:
    """Lead phrase up to the first 。 (the measure or section title), and the rest."""
    cut = body.find("。")
    if 0 < cut <= 80:
        return body[:cut], body[cut + 1 :]
    if cut == -1 and len(body) <= 40:
        return body, ""
    return body[: min(len(body), 40)], body


# --- responsible-unit groups ---------------------------------------------------


_BRACKET = re.compile(r"[（()）〔〕]")
_SEPARATOR = re.compile(f"[{_GROUP_SEPARATORS}]")


def _paren_groups(text: str):
    """Top-level parenthesised spans (（…） or (…), nesting allowed): (start, end, inner)."""
    depth = 0
    start = 0
    for match in _BRACKET.finditer(text):
        i = match.start()
        if match.group(0) in "（(〔":
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1, text[start + 1 : i]


def _split_top_level(inner: str) -> list[str]:
    if "(" not in inner and "（" not in inner:
        return [p.strip() for p in _SEPARATOR.split(inner) if p.strip()]
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in inner:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
        if depth == 0 and char in _GROUP_SEPARATORS:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def _units_in(piece: str, lexicon: Lexicon) -> tuple[UnitRef, ...]:
    """The units one separator-free piece names, none of them marked lead (the same few pieces recur)."""
    return _remembered(
        lexicon.piece_cache, piece, lambda: tuple(_unit_ref(name, lexicon) for name in split_unit_names(piece, lexicon))
    )


_NOT_READ = object()
GROUP_CACHE_SIZE = 50_000


def _remembered(cache: dict, key: str, read):
    """What `read()` gives for this key, read once per lexicon (up to GROUP_CACHE_SIZE keys)."""
    found = cache.get(key, _NOT_READ)
    if found is _NOT_READ:
        found = read()
        if len(cache) < GROUP_CACHE_SIZE:
            cache[key] = found
    return found


def _unit_ref(name: str, lexicon: Lexicon) -> UnitRef:
    entry = lexicon.resolve_unit(name)
    return UnitRef(name, entry.unit_id if entry else None, entry.generic if entry else False)


def split_unit_names(piece: str, lexicon: Lexicon) -> list[str]:
    """Split one separator-free piece into unit names.

    Handles 及/和/与 where they join two units (but not 市经济和信息化局) and
    names run together with no separator (市委外办市政府外办).
    """
    if lexicon.knows_unit(piece):
        return [piece]
    for i, char in enumerate(piece):
        if char in _CONNECTORS and 0 < i < len(piece) - 1:
            left, right = piece[:i], piece[i + 1 :]
            if lexicon.knows_unit(left):
                right_names = split_unit_names(right, lexicon)
                if all(lexicon.knows_unit(n) for n in right_names):
                    return [left, *right_names]
    run_together = _segment_known(piece, lexicon)
    if run_together:
        return run_together
    for i, char in enumerate(piece):
        if char in _CONNECTORS and 2 < i < len(piece) - 2:
            left, right = piece[:i], piece[i + 1 :]
            if _UNIT_LIKE.search(left) and _UNIT_LIKE.search(right):
                return [left, *split_unit_names(right, lexicon)]
    return [piece]


def _segment_known(piece: str, lexicon: Lexicon) -> list[str] | None:
    """Cover the piece exactly with two or more known names, longest first."""
    for cut in range(len(piece) - 2, 1, -1):
        head = piece[:cut]
        if lexicon.knows_unit(head):
            tail = piece[cut:]
            if lexicon.knows_unit(tail):
                return [head, tail]
            rest = _segment_known(tail, lexicon)
            if rest:
                return [head, *rest]
    return None


# The forms official documents close a measure with: （X、Y负责）, （X等按职责分工负责）, （负责部门：X；适用范围：Z）,
# （牵头单位：X；责任单位：Y）, (牵头单位:X 责任单位:Y), 〔责任单位：X〕, （责任部门：X）.
_RESPONSIBLE = re.compile(r"(?:等(?:有关|相关)?(?:部门|单位)?)?(?:按(?:照)?职责(?:分工)?)?(?:分别)?负责$")
_SCOPE = re.compile(r"[；;，,]\s*适用范围[：:]\s*(.+)$")
_CONVENTION = re.compile(
    r"[；;，,]?\s*(?:排在第一位的|列第一位的?|排名第一的?)(?:部门|单位|者)?(?:为|是)牵头(?:部门|单位)[，,]?\s*(?:下同)?"
)
# 以下除标注适用于特定自贸试验区的措施外，适用范围均为所有自贸试验区: a default for every later measure.
_STANDING_SCOPE = re.compile(r"[，,；;]?\s*以下[^。；;]{0,40}?适用范围(?:均|都)?为\s*(.+)$")
_ROLE = re.compile(rf"({_ROLE_LABELS})\s*[：:]\s*")


def _unit_group(inner: str, lexicon: Lexicon) -> tuple[tuple[UnitRef, ...], bool, str, str] | None:
    """Units named by a parenthesised group with whether it ends in 等, its 适用范围 and the 适用范围 it sets for
    the measures after it; None when it names none.

    A document closes measure after measure with the same few groups, so each is read once per lexicon.
    """
    return _remembered(lexicon.group_cache, inner, lambda: _read_unit_group(inner, lexicon))


def _read_unit_group(inner: str, lexicon: Lexicon) -> tuple[tuple[UnitRef, ...], bool, str, str] | None:
    # Each form is looked for only when its key word is there: most groups are a plain list.
    body = (_CONVENTION.sub("", inner) if "牵头" in inner else inner).strip()
    scope_match = _SCOPE.search(body) if "适用范围" in body else None
    scope = scope_match.group(1).strip() if scope_match else ""
    standing = _STANDING_SCOPE.search(scope) if "以下" in scope else None
    standing_scope = standing.group(1).strip(" 。") if standing else ""
    if standing:
        scope = scope[: standing.start()].strip(" ，,；;")
    if scope_match:
        body = body[: scope_match.start()]
    responsible = _RESPONSIBLE.search(body) if "负责" in body else None
    has_etc = bool(responsible and responsible.group(0).startswith("等"))
    if responsible:
        body = body[: responsible.start()]
    roles = list(_ROLE.finditer(body)) if "：" in body or ":" in body else []
    explicit = bool(roles) or bool(responsible) or bool(scope_match)
    # Each labelled run: (is it the lead's, its text); unlabelled text is one run.
    runs = [(False, body)] if not roles else []
    for i, role in enumerate(roles):
        end = roles[i + 1].start() if i + 1 < len(roles) else len(body)
        runs.append((role.group(1).startswith("牵头"), body[role.end() : end].strip(" ；;，,")))
    named: list[tuple[UnitRef, bool]] = []  # (unit, labelled 牵头)
    for lead, run in runs:
        has_etc = has_etc or bool(_ETC.search(run))
        run = _ETC.sub("", run)
        for piece in _split_top_level(run.replace(" ", "、")):
            named.extend((ref, lead) for ref in _units_in(piece, lexicon))
    if not named:
        return None
    # Unlabelled, the first listed leads (排在第一位的部门为牵头部门).
    first_leads = not any(lead for _, lead in named)
    refs = [
        UnitRef(ref.name, ref.unit_id, ref.generic, True) if lead or (first_leads and i == 0) else ref
        for i, (ref, lead) in enumerate(named)
    ]
    known = any(ref.unit_id for ref in refs)
    unit_like = all(ref.unit_id or _UNIT_LIKE.search(normalize_name(ref.name)) for ref in refs)
    if explicit or (known and unit_like):
        return tuple(refs), has_etc, scope, standing_scope
    return None


def extract_unit_groups(text: str, lexicon: Lexicon) -> tuple[list[UnitGroup], str]:
    """Unit groups closing sentences of a measure, and the measure text without them."""
    groups: list[UnitGroup] = []
    plain: list[str] = []
    consumed = 0
    for start, end, inner in _paren_groups(text):
        if not (
            _closes_a_sentence(text, start) or _GROUP_PREFIX.match(inner) or ("负责" in inner and _RESPONSIBLE.search(inner))
        ):
            continue
        parsed = _unit_group(inner, lexicon)
        if parsed is None:
            continue
        units, has_etc, scope, standing_scope = parsed
        closes = text[consumed:start].strip()
        groups.append(
            UnitGroup(
                raw=text[start:end], units=list(units), has_etc=has_etc, closes=closes, scope=scope, standing_scope=standing_scope
            )
        )
        plain.append(closes)
        consumed = end
    plain.append(text[consumed:].strip())
    return groups, "".join(plain)


def _closes_a_sentence(text: str, start: int) -> bool:
    """True when only whitespace separates the group from a sentence end (or the text start)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


# --- mentions -------------------------------------------------------------------


def extract_mentions(text: str, lexicon: Lexicon) -> dict:
    dates = []
    masked = text
    if "年" in text:
        for m in _DATE.finditer(text):
            parsed = _parse_date(m.group(0))
            if parsed:
                dates.append({"raw": m.group(0), "date": parsed.isoformat()})
        if dates:
            masked = _DATE.sub(lambda m: "#" * len(m.group(0)), text)
    amounts = []
    # Every currency word has one of these characters; most measures name no money.
    if "元" in masked or "币" in masked or "镑" in masked:
        amounts = [
            {
                "raw": m.group(0),
                "amount": _amount_value(m.group(1), m.group(2)),
                "currency": _CURRENCIES[m.group(3)],
            }
            for m in _AMOUNT.finditer(masked)
        ]
    durations = []
    for m in _DURATION.finditer(masked):
        number = m.group(1)
        if number.isdigit():
            value = int(number)
        elif not any(char.isdigit() for char in number):
            value = chinese_number(number)
        else:
            continue
        unit = _DURATION_UNITS[m.group(2)]
        qualifier = _QUALIFIERS.get(m.group(3) or "")
        if unit == "year" and not qualifier and (value > 30 or masked[m.end() : m.end() + 1] in "度级版代"):
            continue
        if unit == "day" and not qualifier:
            continue
        durations.append({"raw": m.group(0), "value": value, "unit": unit, "qualifier": qualifier})
    zones: dict[str, dict] = {}
    if lexicon.zone_pattern is not None:
        for m in lexicon.zone_pattern.finditer(text):
            for raw in (*_coordinated_zone_names(text, m.start(), m.group(0), lexicon), m.group(0)):
                zone_id = lexicon.zones[raw]
                zones.setdefault(zone_id, {"raw": raw, "zone_id": zone_id})
    laws = list(dict.fromkeys(m.group(1) for m in _LAW.finditer(text))) if "《" in text else []
    return {
        "amounts": amounts,
        "durations": durations,
        "zones": list(zones.values()),
        "laws": [{"title": title} for title in laws],
        "dates": dates,
    }


def _coordinated_zone_names(text: str, start: int, name: str, lexicon: Lexicon) -> list[str]:
    """Zones sharing a suffix with the one found: 中日、中德国际合作产业园 names two parks."""
    if start < 3 or text[start - 1] != "、":
        return []
    for cut in range(1, min(5, len(name) - 1)):
        suffix = name[cut:]
        for width in (2, 3, 4):
            candidate = text[max(0, start - 1 - width) : start - 1] + suffix
            if candidate in lexicon.zones and candidate != name:
                return [candidate]
    return []


def _amount_value(number: str, multiplier: str | None) -> float | int:
    value = float(number) * _MULTIPLIERS[multiplier]
    return int(value) if value.is_integer() else value


# --- the document ---------------------------------------------------------------


def parse_document(text: str, lexicon: Lexicon, *, source_name: str = "document") -> ParsedDocument:
    """Parse cleaned or raw text into a ParsedDocument; IngestError when it has no measures."""
    lines, complete, run_together = clean_lines(text)
    if not lines:
        raise IngestError(f"{source_name}: the file contains no text.")
    as_found = None
    if script.is_traditional("".join(lines[:40])):
        original, lines = lines, script.simplified_lines(lines)
        as_found = script.AsFound(original, lines)
    whole = lines
    lines, attachments, attached_signature = _split_attachments(whole)
    lines = _drop_closing_notes(lines)
    tail_signature = _pop_tail_signature(lines) or attached_signature
    outline = infer(lines, run_together=run_together)
    if outline.provision_scheme is None and attachments:
        # An approval whose substance is the attached plan or list: its provisions are the attachment's.
        lines, attachments = _drop_closing_notes(whole), []
        tail_signature = _pop_tail_signature(lines)
        outline = infer(lines, run_together=run_together)
    if outline.provision_scheme is None:
        raise IngestError(f"{source_name}: {_no_provisions(lines)}")
    front, sections, measures = _build(lines, outline)

    title_range = _find_title(front)
    if title_range:
        title = "".join(front[title_range[0] : title_range[1]])[:MAX_TITLE]
        preamble = "".join(front[title_range[1] :])
        wrapper = front[: title_range[0]]
    else:
        title = source_name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:MAX_TITLE]
        preamble, wrapper = "".join(front), front
    signature = _find_signature(wrapper) or tail_signature
    issuer = signature[1] if signature else None
    issued_on = signature[2] if signature else None
    issuer_entry = lexicon.resolve_unit(issuer) if issuer else None
    doc_number_match = _DOC_NUMBER.search("\n".join(front[:20]))

    for measure in measures:
        _finish_measure(measure, lexicon)
    _carry_standing_scope(measures)
    history = _version_history(preamble) if outline.structure == "articles" else []
    adopted = next((h["date"] for h in history if h["event"] == "adopted"), None)

    parsed = ParsedDocument(
        attachments=attachments,
        history=history,
        adopted=adopted,
        effective=_effective(measures, history) if outline.structure == "articles" else None,
        structure=outline.structure,
        title=title,
        base_title=base_title(title),
        status="draft" if _DRAFT_MARKER.search(title) else "final",
        issuer=issuer,
        issuer_unit_id=issuer_entry.unit_id if issuer_entry else None,
        date=issued_on,
        doc_number=re.sub(r"\s+", "", doc_number_match.group(0)) if doc_number_match else None,
        complete=complete,
        preamble=preamble,
        sections=sections,
        measures=measures,
        text="\n".join(lines),
    )
    if as_found:
        _write_as_found(parsed, as_found)
    return parsed


def _write_as_found(parsed: ParsedDocument, as_found: script.AsFound) -> None:
    """Give a Traditional-character copy back its own characters wherever the parser returns its text.

    Unit ids, dates, numbers and the titles of cited laws (the keys links are made by) stay as read.
    """
    parsed.script = "traditional"
    for name in ("title", "base_title", "issuer", "doc_number", "preamble", "text"):
        setattr(parsed, name, as_found(getattr(parsed, name) or "") or getattr(parsed, name))
    parsed.attachments = [{key: as_found(value) for key, value in a.items()} for a in parsed.attachments]
    parsed.history = [{**event, "text": as_found(event["text"])} for event in parsed.history]
    for section in parsed.sections:
        section.number, section.title, section.text = as_found(section.number), as_found(section.title), as_found(section.text)
    for measure in parsed.measures:
        measure.title, measure.text, measure.label = as_found(measure.title), as_found(measure.text), as_found(measure.label)
        measure.section = as_found(measure.section) if measure.section else measure.section
        for group in measure.unit_groups:
            group.raw, group.closes = as_found(group.raw), as_found(group.closes)
            group.scope, group.standing_scope = as_found(group.scope), as_found(group.standing_scope)
            group.units = [replace(ref, name=as_found(ref.name)) for ref in group.units]
        for kind in ("amounts", "durations", "zones", "dates"):
            for mention in measure.mentions.get(kind, []):
                mention["raw"] = as_found(mention["raw"])


def _build(lines: list[str], outline: Outline) -> tuple[list[str], list[ParsedSection], list[ParsedMeasure]]:
    """The front matter, the sections (every level above the provisions) and the provisions, from the outline."""
    provision_depth = DEPTH[outline.provision_scheme or "ar"]
    structural = [m for m in outline.markers if m.depth <= provision_depth]
    section_schemes = sorted({m.scheme for m in structural if m.depth < provision_depth}, key=DEPTH.__getitem__)
    article = outline.structure == "articles"
    sections: list[ParsedSection] = []
    measures: list[ParsedMeasure] = []
    chapter: int | None = None  # the index of the current level-1 section, which a law's articles belong to
    for i, marker in enumerate(structural):
        end = structural[i + 1].line if i + 1 < len(structural) else len(lines)
        following = lines[marker.line + 1 : end]
        if marker.depth < provision_depth:
            title, remainder = _split_title(marker.rest)
            section = ParsedSection(
                marker.label, section_schemes.index(marker.scheme) + 1, title, "".join([remainder, *following])
            )
            sections.append(section)
            if section.level == 1:
                chapter = len(sections) - 1
            continue
        # A law's paragraphs (款) stay paragraphs; a measure's lines are one text wrapped by the source.
        text = ("\n" if article else "").join([marker.rest, *following] if marker.rest else following)
        anchor = chapter if article else (len(sections) - 1 if sections else None)
        measure = ParsedMeasure(
            number=marker.number,
            title="",
            text=text,
            section=sections[anchor].title if anchor is not None else None,
            section_index=anchor,
            kind="article" if article else "measure",
            label=marker.label,
            suffix=marker.suffix,
        )
        if not article and following and is_heading(marker.rest):
            measure.title, measure.text = marker.rest.rstrip("。"), "".join(following)  # （一）指导思想, then its text
        measures.append(measure)
    front = lines[: structural[0].line] if structural else lines
    return front, sections, measures


# What a document without numbered provisions is, by the word its title ends with.
_KINDS_WITHOUT_PROVISIONS = (
    ("复函", "a reply letter (复函)"),
    ("批复", "an approval (批复)"),
    ("函", "a letter (函)"),
    ("通知", "a notice (通知)"),
    ("决定", "a decision (决定)"),
    ("公告", "an announcement (公告)"),
    ("通报", "a circular (通报)"),
    ("意见", "an opinion (意见)"),
)


def _no_provisions(lines: list[str]) -> str:
    head = "".join(lines[:4])
    kind = next((what for word, what in _KINDS_WITHOUT_PROVISIONS if word in head), "a text")
    return (
        f"{kind} with no numbered provisions (第X条, 一、, （一）, 1. or （1）): "
        "nothing in it can be tracked, matched or cited by clause."
    )


# 2019年3月15日第十三届全国人民代表大会第二次会议通过 / 根据2024年…决定修正 / 2019年10月22日国务院令第722号公布
_HISTORY_EVENT = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日([^年]{0,80}?)(通过|修正|修订|公布)")
_EVENTS = {"通过": "adopted", "修正": "amended", "修订": "revised", "公布": "promulgated"}
_IN_FORCE_ON = re.compile(r"自(?:19|20)\d{2}年\d{1,2}月\d{1,2}日起施行")


def _version_history(preamble: str) -> list[dict]:
    """The adoption and amendment lines under a law's title, oldest first."""
    events = []
    for match in _HISTORY_EVENT.finditer(preamble):
        when = _parse_date(match.group(0))
        if when is None:
            continue
        events.append({"date": when, "event": _EVENTS[match.group(2)], "text": match.group(0).strip("（）() ")})
    return sorted(events, key=lambda event: event["date"])


def _effective(measures: list[ParsedMeasure], history: list[dict]) -> date | None:
    """The day the law's own article sets (本条例自2024年7月1日起施行); 自公布之日起施行 means the promulgation."""
    for measure in reversed(measures):
        match = _IN_FORCE_ON.search(measure.text)
        if match:
            return _parse_date(match.group(0))
        if "自公布之日起施行" in measure.text:
            return next((h["date"] for h in reversed(history) if h["event"] == "promulgated"), None)
    return None


# 附件 / 附件：清单名 / 附件2 opens the attachments; the bare header before each attachment's own title.
_ATTACHMENT_LINE = re.compile(r"^附件\s*[一二三四五六七八九十\d]{0,2}\s*(?:[：:].{0,80})?$")
_ATTACHMENT_HEADER = re.compile(r"^附件\s*[一二三四五六七八九十\d]{0,2}$")
# Notes under the signature and distribution lines: not the document's text.
_CLOSING_NOTE = re.compile(r"^(?:[（(](?:此件|本件|此文|本文)[^）)]{0,15}[）)]|(?:公开方式|抄送|主送|印发|分送)[：:].*)$")


def _split_attachments(lines: list[str]) -> tuple[list[str], list[dict], tuple[int, str | None, date | None] | None]:
    """The document's own lines, its attachments, and a signature that sits right after the attachment list
    (附件：… / 国务院办公厅 / 2018年12月23日, the attachments' text following)."""
    start = next((i for i in range(3, len(lines)) if lines[i][:2] == "附件" and _ATTACHMENT_LINE.match(lines[i])), None)
    if start is None:
        return lines, [], None
    tail = lines[start:]
    signature = None
    for i in range(1, min(len(tail), 8)):
        if _DATE_LINE.match(tail[i]):
            issuer = tail[i - 1] if i > 1 and _ISSUER_SUFFIX.search(tail[i - 1]) and len(tail[i - 1]) <= 30 else None
            signature = (0, issuer, _parse_date(tail[i]))
            break
    headers = [i for i, line in enumerate(tail) if i > 0 and _ATTACHMENT_HEADER.match(line)]
    attachments = []
    for n, begin in enumerate(headers):
        end = headers[n + 1] if n + 1 < len(headers) else len(tail)
        body = tail[begin + 1 : end]
        if body:
            attachments.append({"title": body[0], "text": "\n".join(body[1:])})
    if not attachments:
        listed = tail[0].split("：", 1)[-1].split(":", 1)[-1].strip()
        attachments = [{"title": listed, "text": "\n".join(tail[1:])}] if listed else []
    return lines[:start], attachments, signature


def _drop_closing_notes(lines: list[str]) -> list[str]:
    keep = len(lines)
    while keep and _CLOSING_NOTE.match(lines[keep - 1]):
        keep -= 1
    return lines[:keep]


def base_title(title: str) -> str:
    """The title without its draft marker, shared by the draft and the final version."""
    return _DRAFT_MARKER.sub("", title).strip()


def _pop_tail_signature(lines: list[str]) -> tuple[int, str | None, date | None] | None:
    """Remove a closing signature (issuer line, date line) from the end of the text."""
    if len(lines) < 2 or not _DATE_LINE.match(lines[-1]):
        return None
    issued_on = _parse_date(lines.pop())
    issuer = None
    candidate = lines[-1]
    if len(candidate) <= 30 and _ISSUER_SUFFIX.search(candidate) and not _NO_TITLE_PUNCT.search(candidate):
        issuer = lines.pop()
    return 0, issuer, issued_on


def _carry_standing_scope(measures: list[ParsedMeasure]) -> None:
    """Give each later group that states no 适用范围 the one a measure set for those after it."""
    standing = ""
    for measure in measures:
        for group in measure.unit_groups:
            if not group.scope and standing:
                group.scope, group.scope_inherited = standing, True
            standing = group.standing_scope or standing


def _finish_measure(measure: ParsedMeasure, lexicon: Lexicon) -> None:
    if not measure.title:
        measure.title, _ = _split_title(measure.text)
    groups, plain = extract_unit_groups(measure.text, lexicon)
    measure.unit_groups = groups
    measure.mentions = extract_mentions(plain, lexicon)
