"""How unit and zone names are compared. Free of Django so the parser can use it."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Key under which a unit or zone name is looked up.

    NFKC folds full-width parentheses, colons and digits to half-width, and
    quotes are dropped, so 市“两区”办 and 市两区办, or （大兴） and (大兴),
    are one key; PDF line breaks leave stray whitespace, which is dropped too.
    """
    folded = unicodedata.normalize("NFKC", name).translate(_QUOTES)
    return "".join(folded.split())
