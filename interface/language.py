"""The interface language, asked one way everywhere: zh-hans is the default, en the other."""

from __future__ import annotations

from django.utils.translation import get_language


def in_english(language: str | None = None) -> bool:
    """Whether `language` (the active one when not given) is English: en, en-us, EN."""
    return (language or get_language() or "").lower().split("-")[0] == "en"
