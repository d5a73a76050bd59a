"""The interface language, asked one way everywhere: zh-hans is the default, en the other."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language


def in_english(language: str | None = None) -> bool:
    """Whether `language` (the active one when not given) is English: en, en-us, EN."""
    return (language or get_language() or "").lower().split("-")[0] == "en"


def joined(values: Iterable[object]) -> str:
    """A list as the interface language writes one: 甲、乙 or A, B."""
    return (", " if in_english() else "、").join(str(v) for v in values)


def colon() -> str:
    """The colon after a label: full-width in Chinese, ": " in English."""
    return ": " if in_english() else "："
