"""GB/T 4754-2017 reference data: the shipped file is complete and right, codes are read as users type them,
wrong codes are refused with a reason, and a broken data file is refused on load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from directory import industries
from directory.industries import (
    PATH,
    IndustryCodeError,
    IndustryDataError,
    choices,
    division_of,
    label,
    load,
    normalise_industry_code,
    section_of,
    sections,
)

# The section → division ranges as printed in the standard; checked against the data file independently of the loader.
RANGES = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


def test_twenty_sections_and_ninety_seven_divisions():
    assert [s.code for s in sections()] == [chr(c) for c in range(ord("A"), ord("T") + 1)]
    assert [d.code for s in sections() for d in s.divisions] == [f"{n:02d}" for n in range(1, 98)]


def test_divisions_fall_in_the_sections_of_the_standard():
    for section in sections():
        first, last = RANGES[section.code]
        assert [d.code for d in section.divisions] == [f"{n:02d}" for n in range(first, last + 1)], section.code


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
        ("C", "制造业", "Manufacturing"),
        ("I", "信息传输、软件和信息技术服务业", "Information transmission, software and information technology services"),
        ("T", "国际组织", "International organisations"),
    ],
)
def test_section_names(code, zh, en):
    section = section_of(code)
    assert (section.zh, section.en) == (zh, en)
    assert (section.name("zh-hans"), section.name("en")) == (zh, en)


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("01", "农业", "Agriculture"),
        (
            "05",
            "农、林、牧、渔专业及辅助性活动",
            "Professional and support activities for agriculture, forestry, animal husbandry and fishery",
        ),
        ("11", "开采专业及辅助性活动", "Professional and support activities for mining"),
        ("27", "医药制造业", "Manufacture of medicines"),
        (
            "39",
            "计算机、通信和其他电子设备制造业",
            "Manufacture of computers, communication equipment and other electronic equipment",
        ),
        (
            "63",
            "电信、广播电视和卫星传输服务",
            "Telecommunications, radio and television broadcasting, and satellite transmission services",
        ),
        ("64", "互联网和相关服务", "Internet and related services"),
        ("65", "软件和信息技术服务业", "Software and information technology services"),
        ("96", "基层群众自治组织及其他组织", "Grassroots self-governing organisations and other organisations"),
        ("97", "国际组织", "International organisations"),
    ],
)
def test_division_names(code, zh, en):
    division = division_of(code)
    assert division is not None
    assert (division.zh, division.en) == (zh, en)


def test_names_are_clean():
    for section in sections():
        for item in [section, *section.divisions]:
            assert item.zh == item.zh.strip() and not any(c.isascii() for c in item.zh), item.code
            assert item.en == item.en.strip() and item.en.isascii() and item.en[0].isupper(), item.code


def test_source_is_the_2017_standard():
    source = industries.classification().source
    assert source.document == "GB/T 4754-2017 国民经济行业分类"
    assert (source.issued, source.in_force) == (date(2017, 6, 30), date(2017, 10, 1))
    assert "第1号修改单" in (source.note or "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I", "I"),
        (" i ", "I"),
        ("64", "64"),
        ("01", "01"),
        ("642", "642"),
        ("6421", "6421"),
        ("64 21", "6421"),
        ("I64", "64"),
        ("i6421", "6421"),
        ("I 642", "642"),
        ("Ｉ６４２１", "6421"),  # full-width, as Chinese input methods produce
        ("0170", "0170"),
        ("T9700", "9700"),
    ],
)
def test_accepted_forms(raw, expected):
    assert normalise_industry_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("U", "sections are the letters A to T"),
        ("Z", "sections are the letters A to T"),
        ("98", "first two digits must be 01 to 97, not 98"),
        ("00", "first two digits must be 01 to 97, not 00"),
        ("9901", "first two digits must be 01 to 97, not 99"),
        ("H64", r"division 64 \(互联网和相关服务 / Internet and related services\) belongs to section I, not H"),
        ("A6421", "belongs to section I, not A"),
        ("6", "has 1 digit:"),
        ("I6", "has 1 digit:"),
        ("64211", "has 5 digits:"),
        ("6a", "is not a GB/T 4754-2017 industry code"),
        ("64.21", "is not a GB/T 4754-2017 industry code"),
        ("I-64", "is not a GB/T 4754-2017 industry code"),
        ("II64", "is not a GB/T 4754-2017 industry code"),
        ("64I", "is not a GB/T 4754-2017 industry code"),
        ("互联网", "is not a GB/T 4754-2017 industry code"),
    ],
)
def test_refused_forms_say_why(raw, message):
    with pytest.raises(IndustryCodeError, match=message):
        normalise_industry_code(raw)


def test_code_errors_are_value_errors():
    # Django form clean methods and pydantic validators both turn ValueError into a field error.
    assert issubclass(IndustryCodeError, ValueError)


def test_section_and_division_of_any_form():
    assert section_of("6421").code == "I"
    assert section_of("I").code == "I"
    assert section_of("c27").code == "C"
    assert division_of("I") is None
    division = division_of("I6421")
    assert division is not None and division.code == "64"
    with pytest.raises(IndustryCodeError):
        section_of("98")


@pytest.mark.parametrize(
    ("code", "language", "expected"),
    [
        ("I", "zh-hans", "I 信息传输、软件和信息技术服务业"),
        ("64", "zh-hans", "I 64 互联网和相关服务"),
        ("6421", "zh-hans", "I 64 互联网和相关服务 · 6421"),
        ("I642", None, "I 64 互联网和相关服务 · 642"),
        ("I", "en", "I Information transmission, software and information technology services"),
        ("64", "en", "I 64 Internet and related services"),
        ("6421", "en", "I 64 Internet and related services · 6421"),
        ("2710", "en-gb", "C 27 Manufacture of medicines · 2710"),
    ],
)
def test_labels(code, language, expected):
    assert label(code, language) == expected


def test_label_refuses_bad_codes():
    with pytest.raises(IndustryCodeError, match="belongs to section I, not H"):
        label("H64", "en")


def test_choices_are_the_divisions_in_order():
    zh = choices("zh-hans")
    assert len(zh) == 97
    assert [value for value, _ in zh] == [f"{n:02d}" for n in range(1, 98)]
    assert zh[0] == ("01", "A 01 农业")
    assert ("64", "I 64 互联网和相关服务") in zh
    assert ("27", "C 27 Manufacture of medicines") in choices("en")


def test_sections_cannot_be_changed_by_callers():
    listing = sections()
    listing.clear()
    assert len(sections()) == 20
    with pytest.raises(ValueError):
        sections()[0].code = "Z"  # type: ignore[misc]


# ---------------------------------------------------------------- the loader refuses broken files


def _shipped() -> dict:
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "gbt4754.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _section(data: dict, code: str) -> dict:
    return next(s for s in data["sections"] if s["code"] == code)


def test_shipped_file_round_trips(tmp_path):
    loaded = load(_write(tmp_path, _shipped()))
    assert loaded.label("6421", "zh") == "I 64 互联网和相关服务 · 6421"


def test_duplicate_division_is_refused(tmp_path):
    data = _shipped()
    _section(data, "I")["divisions"].append({"code": "64", "zh": "互联网和相关服务", "en": "Internet and related services"})
    with pytest.raises(IndustryDataError, match=r"division 64 appears twice \(in section I and section I\)"):
        load(_write(tmp_path, data))


def test_duplicate_division_across_sections_is_refused(tmp_path):
    data = _shipped()
    _section(data, "J")["divisions"].insert(0, {"code": "65", "zh": "软件和信息技术服务业", "en": "Software"})
    with pytest.raises(IndustryDataError, match=r"division 65 appears twice \(in section I and section J\)"):
        load(_write(tmp_path, data))


def test_duplicate_section_is_refused(tmp_path):
    data = _shipped()
    _section(data, "K")["code"] = "J"
    with pytest.raises(IndustryDataError, match="section J appears twice"):
        load(_write(tmp_path, data))


def test_division_outside_its_section_is_refused(tmp_path):
    data = _shipped()
    internet = _section(data, "I")["divisions"].pop(1)
    _section(data, "H")["divisions"].append(internet)
    with pytest.raises(IndustryDataError, match="division 64 is out of place in section H: expected 63"):
        load(_write(tmp_path, data))


def test_missing_division_is_refused(tmp_path):
    data = _shipped()
    del _section(data, "C")["divisions"][14]  # 27 医药制造业
    with pytest.raises(IndustryDataError, match="division 28 is out of place in section C: expected 27"):
        load(_write(tmp_path, data))


def test_missing_section_is_refused(tmp_path):
    data = _shipped()
    data["sections"] = data["sections"][:-1]
    with pytest.raises(IndustryDataError, match="expected 20 sections, found 19"):
        load(_write(tmp_path, data))


def test_three_digit_division_is_refused(tmp_path):
    data = _shipped()
    _section(data, "A")["divisions"][0]["code"] = "001"
    with pytest.raises(IndustryDataError, match="String should match pattern"):
        load(_write(tmp_path, data))


def test_unknown_keys_and_schema_are_refused(tmp_path):
    data = _shipped()
    data["sections"][0]["name"] = "农业"
    with pytest.raises(IndustryDataError, match="Extra inputs are not permitted"):
        load(_write(tmp_path, data))
    data = _shipped()
    data["schema"] = "investbj.gbt4754/2"
    with pytest.raises(IndustryDataError, match="investbj.gbt4754/1"):
        load(_write(tmp_path, data))


def test_unreadable_file_is_named(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(IndustryDataError, match="nowhere.yaml"):
        load(missing)
    broken = tmp_path / "broken.yaml"
    broken.write_text("sections: [\n", encoding="utf-8")
    with pytest.raises(IndustryDataError, match="broken.yaml"):
        load(broken)
