"""Unified social credit codes (GB 32100-2015): valid codes pass, each kind of wrong code gets its own message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from directory.uscc import normalise_uscc, uscc_problem, validate_uscc

# Codes whose 18th character is right by the GB 32100-2015 arithmetic (two end in a letter, one in a digit).
VALID = ["91110000600037341L", "91110108551385082Q", "91110105MA00000113"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert uscc_problem(code) is None
    validate_uscc(code)


def test_spaces_hyphens_and_lower_case_are_normalised():
    assert normalise_uscc(" 9111-0000 6000 37341l ") == "91110000600037341L"


def test_empty_code_is_refused():
    assert "请填写" in uscc_problem("")


@pytest.mark.parametrize("code", ["9111000060003734", "91110000600037341LX"])
def test_wrong_length_names_the_length(code):
    assert f"现为{len(code)}位" in uscc_problem(code)


def test_wrong_check_character_is_refused():
    assert "校验码" in uscc_problem("91110000600037341M")


def test_a_typo_inside_the_code_breaks_the_check_character():
    assert "校验码" in uscc_problem("91110000600037841L")


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_the_standard_excludes_are_named(letter):
    code = "9111000060003734" + letter + "L"
    assert letter in uscc_problem(code)


def test_letters_in_the_first_eight_positions_are_refused():
    assert "前8位" in uscc_problem("9A110000600037341L")


def test_punctuation_is_refused():
    assert "数字和大写字母" in uscc_problem("91110000600037341#")


def test_validator_raises_with_the_message():
    with pytest.raises(ValidationError) as error:
        validate_uscc("91110000600037341M")
    assert "校验码" in error.value.messages[0]
