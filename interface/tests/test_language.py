from __future__ import annotations

import pytest
from django.utils import translation

from interface.language import colon, in_english, joined


@pytest.mark.parametrize(("language", "english"), [("en", True), ("en-us", True), ("EN", True), ("zh-hans", False)])
def test_in_english(language, english):
    assert in_english(language) is english


def test_the_active_language_is_asked_when_none_is_given():
    with translation.override("en"):
        assert in_english()


def test_a_chinese_list_is_joined_with_the_enumeration_comma():
    with translation.override("zh-hans"):
        assert joined(["甲", "乙"]) == "甲、乙"


def test_an_english_list_is_joined_with_commas():
    with translation.override("en"):
        assert joined(["A", "B"]) == "A, B"


def test_the_colon_follows_the_language():
    with translation.override("en"):
        assert colon() == ": "
