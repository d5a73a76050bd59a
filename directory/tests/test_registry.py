"""The unit registry: every seed unit resolves, aliases agree, bad data files are named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.models import Unit, UnitAlias
from directory.names import normalize_name
from directory.reference import ReferenceDataError, load_directory, read_units


def test_names_compare_width_and_quote_blind():
    assert normalize_name("大兴机场临空经济区（大兴）管委会") == normalize_name("大兴机场临空经济区(大兴)管委会")
    assert normalize_name("市“两区”办") == normalize_name("市两区办")
    assert normalize_name("市经济和\n信息化局") == "市经济和信息化局"


@pytest.mark.parametrize(
    ("first", "second"),
    [("市卫健委", "市卫生健康委"), ("市投促中心", "市投资促进服务中心"), ("市科委", "中关村管委会"), ("市委外办", "市政府外办")],
)
def test_aliases_across_documents_are_one_unit(lexicon, first, second):
    assert lexicon.resolve_unit(first).unit_id == lexicon.resolve_unit(second).unit_id


def test_generic_entries_are_marked_generic(lexicon):
    for name in ["各区政府", "有关区政府", "相关部门", "各相关单位", "相关行业主管部门"]:
        assert lexicon.resolve_unit(name).generic, name


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_keeps_coordinator_aliases():
    unit = Unit.objects.get(code="bj-economy-it")
    UnitAlias.objects.create(unit=unit, alias="市数字经济推进办", source=UnitAlias.Source.COORDINATOR)
    counts = (Unit.objects.count(), UnitAlias.objects.count())
    load_directory()
    assert (Unit.objects.count(), UnitAlias.objects.count()) == counts
    assert UnitAlias.objects.get(alias="市数字经济推进办").unit == unit


def test_a_bad_unit_file_is_reported_with_file_and_field(tmp_path: Path):
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "schema: investbj.units/1\nversion: '1'\nsource: test\nunits:\n  - id: x\n    name: 甲局\n    name_en: A\n    kind: planet\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as error:
        read_units(bad)
    assert str(bad) in str(error.value) and "units.0.kind" in str(error.value)


def test_an_alias_given_to_two_units_is_refused(tmp_path: Path):
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "schema: investbj.units/1\nversion: '1'\nsource: test\nunits:\n"
        "  - {id: a, name: 甲局, name_en: A, kind: municipal_department, aliases: [同名]}\n"
        "  - {id: b, name: 乙局, name_en: B, kind: municipal_department, aliases: [同名]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match="同名"):
        read_units(bad)
