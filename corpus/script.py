"""Traditional-character copies: read in Simplified, kept as found.

Hong Kong and Taiwan law databases, and some foreign investors' own files, carry the same documents in
Traditional characters (第三十八條, 商務部負責). The parser's markers, unit names and the search index are
Simplified, so such a copy is converted with OpenCC (t2s, phrase-aware) for reading, and everything the
parser returns is mapped back to the characters the document was written in. Conversion keeps positions:
OpenCC's t2s maps character for character, and a line where it does not is converted one character at a time,
so the n-th character of the Simplified reading is the n-th character of the text as found.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import opencc

# Enough of a document to tell its script by: the title and its first lines.
_SAMPLE = 1500
# A Simplified text has at most a couple of characters OpenCC would also convert (著 in 著作权, 乾);
# a Traditional one has dozens among its first lines.
_MIN_DISTINCT = 5
_MIN_SHARE = 0.05
_CJK = re.compile("[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _char_map() -> dict[int, str]:
    """Each CJK character that t2s changes, to its one-character Simplified form."""
    chars = [chr(code) for code in range(0x4E00, 0xA000)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # never seen; a character-by-character pass is slower but exact
        converted = [_converter().convert(char) for char in chars]
    return {ord(char): to for char, to in zip(chars, converted, strict=True) if to != char and len(to) == 1}


@lru_cache(maxsize=1)
def _traditional_char() -> re.Pattern[str]:
    # One character class: every Simplified document is asked, and a regex scan is ten times cheaper than
    # building a set of its characters.
    return re.compile("[" + "".join(sorted(chr(code) for code in _char_map())) + "]")


def is_traditional(text: str) -> bool:
    """True when the text is written in Traditional characters."""
    distinct = len(set(_traditional_char().findall(text, 0, _SAMPLE)))
    if distinct < _MIN_DISTINCT:
        return False
    cjk = len(set(_CJK.findall(text, 0, _SAMPLE)))
    return distinct >= _MIN_SHARE * cjk


def to_simplified(text: str) -> str:
    """The Simplified reading of a text, position for position (search terms, the index)."""
    if not _traditional_char().search(text):
        return text  # a regex scan is several times cheaper than converting a text that needs nothing
    converted = _converter().convert(text)
    return converted if len(converted) == len(text) else text.translate(_char_map())


def simplified_lines(lines: list[str]) -> list[str]:
    """The Simplified reading of each line, each as long as the line it reads."""
    converted = _converter().convert("\n".join(lines)).split("\n")
    if len(converted) != len(lines):
        return [to_simplified(line) for line in lines]
    return [
        reading if len(reading) == len(line) else line.translate(_char_map())
        for line, reading in zip(lines, converted, strict=True)
    ]


class AsFound:
    """Maps strings read from the Simplified lines back to the characters of the original lines."""

    def __init__(self, original: list[str], simplified: list[str]) -> None:
        self._joined = ("\n".join(simplified), "\n".join(original))
        self._run_on = ("".join(simplified), "".join(original))  # a measure's wrapped lines are one text
        # For a string the parser put together (a title from two lines): each character as the text wrote it.
        seen: dict[str, Counter[str]] = {}
        for reading, line in zip(simplified, original, strict=True):
            for to, char in zip(reading, line, strict=True):
                if to != char:
                    seen.setdefault(to, Counter())[char] += 1
        self._back = {ord(to): counts.most_common(1)[0][0] for to, counts in seen.items()}

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for reading, original in (self._joined, self._run_on):
            at = reading.find(text)
            if at >= 0:
                return original[at : at + len(text)]
        return text.translate(self._back)
