"""The outline of a document: which numbering schemes it uses, and which of them holds its provisions.

Chinese official documents number their parts with a handful of schemes, nested in a fixed order:
第X章 (chapter) > 第X节 (part) > 第X条 (article) > 一、 > （一） > 1. > （1）. Laws and regulations hold their
provisions in articles. Other documents hold them at whichever level carries the substance: 1. in the Beijing
seeds and in opinions that number 1.–21. inside （一）–（五）, （一） in most State Council opinions, 一、 in
short notices. The outline is inferred, not assumed: each scheme's items are found in sequence (numbering may
run on across sections or restart in each, and an excerpt may start at any number), then the provision level
is the deepest one that is at least as numerous as the level it replaces and whose parents there are mere
headings. Shallower levels become sections; deeper ones stay inside their provision's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Depth of each scheme: a deeper item may restart its numbering after a shallower one.
DEPTH = {"chapter": 0, "part": 1, "article": 2, "cn": 3, "pcn": 4, "ar": 5, "par": 6}
MEASURE_SCHEMES = ("cn", "pcn", "ar", "par")

# The Chinese numerals that number items (第一百零三条, 第二章); the parser cuts run-on pages with the same set.
CN_NUMERALS = "一二三四五六七八九十百零〇两"
_PATTERNS = {
    "chapter": re.compile(rf"第([{CN_NUMERALS}]{{1,5}})章(?![的规所中])\s*(.*)"),
    "part": re.compile(rf"第([{CN_NUMERALS}]{{1,5}})节(?![的规所中])\s*(.*)"),
    "article": re.compile(
        rf"第([{CN_NUMERALS}]{{1,7}})条(之[一二三四五六七八九十]{{1,3}})?(?:\s+|(?=[^\s，。、；：的规所])|$)(.*)"
    ),
    "cn": re.compile(r"([一二三四五六七八九十]{1,3})[、．.]\s*(.+)"),
    "pcn": re.compile(r"[（(]([一二三四五六七八九十]{1,4})[）)]\s*(.*)"),
    "ar": re.compile(r"(\d{1,3})\s*[.．、](?![\d.．])\s*(.+)"),
    "par": re.compile(r"[（(](\d{1,3})[）)]\s*(.+)"),
}
_LABELS = {"chapter": "第{}章", "part": "第{}节", "cn": "{}", "pcn": "（{}）", "ar": "{}", "par": "（{}）"}
# Which schemes a line may open, by its first character.
_BY_FIRST_CHAR = {
    **dict.fromkeys("第", ("chapter", "part", "article")),
    **dict.fromkeys("0123456789", ("ar",)),
    **dict.fromkeys("（(", ("pcn", "par")),
    **dict.fromkeys("一二三四五六七八九十", ("cn",)),
}
_UNITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)} | {"两": 2}

# A heading is a short line of its own (an introductory paragraph may follow it): its items' substance is in
# the level below.
HEADING_CHARS = 40


@lru_cache(maxsize=4096)  # a document numbers hundreds of items from a few dozen numerals
def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103, 一〇三 → 103."""
    if text.isdigit():
        return int(text)
    if "百" not in text and "十" not in text:
        value = 0
        for char in text:
            value = value * 10 + (0 if char in "零〇" else _UNITS.get(char, 0))
        return value
    total, current = 0, 0
    for char in text:
        if char in _UNITS:
            current = _UNITS[char]
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
    return total + current


@dataclass(slots=True)
class Marker:
    """A numbered item: the line it starts on, its scheme and number, and what follows the number."""

    line: int
    scheme: str
    number: int
    label: str  # as a person cites it: 第三十八条, 第十条之一, （一）, 一, 1, （1）
    rest: str
    suffix: int  # 之一 → 1
    depth: int  # DEPTH[scheme]
    parent: Marker | None = None
    children: list[Marker] = field(default_factory=list)


@dataclass
class Outline:
    structure: str  # "articles" or "measures"
    provision_scheme: str | None
    markers: list[Marker]  # every accepted marker, in order


def _candidate(line: str) -> tuple[str, int, str, str, int] | None:
    schemes = _BY_FIRST_CHAR.get(line[:1])
    if schemes is None:
        return None
    for scheme in schemes:
        match = _PATTERNS[scheme].match(line)
        if not match:
            continue
        numeral = match.group(1)
        number = chinese_number(numeral)
        if number <= 0:
            return None
        if scheme == "article":
            suffix = chinese_number(match.group(2)[1:]) if match.group(2) else 0
            label = f"第{numeral}条{match.group(2) or ''}"
            return scheme, number, label, match.group(3).strip(), suffix
        return scheme, number, _LABELS[scheme].format(numeral), match.group(2).strip(), 0
    return None


def is_heading(rest: str) -> bool:
    """A short title, one phrase: （一）统筹两个市场，打造加工制造中心。 is; （一）完善机制。做好以下工作： is not."""
    phrase = rest.rstrip("。")
    return 0 < len(phrase) <= HEADING_CHARS and not any(mark in phrase for mark in "。；;：:！？")


def find_markers(lines: list[str]) -> list[Marker]:
    """The numbered items, each in sequence within its scheme: the next number, the same number with the next
    之一, 1 again after a shallower item, or any number for a scheme's first item (an excerpt)."""
    last: dict[str, tuple[int, int]] = {}
    restart_allowed: dict[str, bool] = {}
    markers: list[Marker] = []
    for index, line in enumerate(lines):
        found = _candidate(line)
        if found is None:
            continue
        scheme, number, label, rest, suffix = found
        previous = last.get(scheme)
        fits = (
            previous is None
            or number == previous[0] + 1
            and suffix == 0
            or number == previous[0]
            and suffix == previous[1] + 1
            or (number == 1 and suffix == 0 and restart_allowed.get(scheme, False))
        )
        if not fits:
            continue
        last[scheme] = (number, suffix)
        restart_allowed[scheme] = False
        for other in _DEEPER[scheme]:
            restart_allowed[other] = True
        markers.append(Marker(index, scheme, number, label, rest, suffix, DEPTH[scheme]))
    _link(markers)
    return markers


_DEEPER = {scheme: [other for other, depth in DEPTH.items() if depth > DEPTH[scheme]] for scheme in DEPTH}


def _link(markers: list[Marker]) -> None:
    stack: list[Marker] = []
    for marker in markers:
        while stack and stack[-1].depth >= marker.depth:
            stack.pop()
        if stack:
            marker.parent = stack[-1]
            stack[-1].children.append(marker)
        stack.append(marker)


def infer(lines: list[str], *, run_together: bool = False) -> Outline:
    """The outline; run_together when the lines were cut out of one run-on line, which leaves each heading
    run into the paragraph under it (一、总体要求以习近平…), so headings cannot be told from substance."""
    markers = find_markers(lines)
    if sum(1 for m in markers if m.scheme == "article") >= 2:
        # A law's 款 and 项 stay inside their article: only chapters, parts and articles structure it.
        return Outline("articles", "article", [m for m in markers if m.depth <= DEPTH["article"]])
    return Outline("measures", _provision_scheme(markers, run_together), markers)


def _provision_scheme(markers: list[Marker], run_together: bool = False) -> str | None:
    counts = {s: sum(1 for m in markers if m.scheme == s) for s in MEASURE_SCHEMES}
    present = [s for s in MEASURE_SCHEMES if counts[s]]
    if "ar" in present and "par" in present:
        present.remove("par")  # （1） under 1. are the items of a measure
    if not present:
        return None
    heading = {id(m): is_heading(m.rest) for m in markers if m.scheme in present}
    chosen = present[0]
    for deeper in present[1:]:
        # Headings of the shallower level (（二）指导思想 over 1. 2. 3.) do not count against the deeper one.
        headings_above = sum(1 for m in markers if m.scheme == chosen and heading[id(m)])
        if counts[deeper] < counts[chosen] - headings_above:
            continue
        parents = [m for m in markers if m.scheme == chosen and any(c.scheme == deeper for c in m.children)]
        headings = sum(1 for m in parents if heading[id(m)])
        if not parents or run_together or headings >= 0.6 * len(parents):
            chosen = deeper
    return chosen
