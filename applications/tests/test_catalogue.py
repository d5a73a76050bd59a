"""The overseas qualification catalogue: sample rows labelled as samples, official editions imported from their
spreadsheet all-or-nothing, earlier editions kept, searchable in zh and en."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from applications.catalogue import CatalogueImportError, Edition, import_workbook, load_sample
from applications.models import CatalogueVersion, Qualification

pytestmark = pytest.mark.django_db
HEADER = ["序号", "职业资格名称", "英文名称", "发证机构", "国家（地区）", "对应职业", "认可后可享受"]


def workbook(tmp_path: Path, rows: list[list], header=HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "catalogue.xlsx"
    book.save(path)
    return path


def edition(version="4.0", current=True) -> Edition:
    return Edition(
        version=version,
        title="北京市境外职业资格认可目录",
        issuer="北京市人力资源和社会保障局",
        published_on=None,
        source="test",
        official=True,
        current=current,
    )


def test_the_sample_catalogue_says_it_is_not_official(client):
    assert load_sample() == 7 and load_sample() == 0
    assert not CatalogueVersion.objects.filter(official=True).exists()
    page = client.get("/applications/qualifications/").content.decode()
    assert "示例条目" in page and "不是官方目录内容" in page


def test_search_finds_entries_in_chinese_and_english(client):
    load_sample()
    assert "特许金融分析师" in client.get("/applications/qualifications/?q=CFA").content.decode()
    assert "Chartered Financial Analyst" in client.get("/applications/qualifications/?q=金融").content.decode()
    assert "特许金融分析师" not in client.get("/applications/qualifications/?q=Architect").content.decode()


def test_an_official_edition_is_imported_and_becomes_current_while_earlier_ones_stay(tmp_path, client):
    load_sample()
    path = workbook(
        tmp_path,
        [
            [1, "特许金融分析师", "CFA", "CFA Institute", "美国", "金融分析师", "工作居住证"],
            [2, "注册会计师", "CPA", "AICPA", "美国", "会计", ""],
        ],
    )
    version = import_workbook(path, edition())
    assert version.entries.count() == 2 and version.current and version.official
    assert CatalogueVersion.objects.filter(current=True).get() == version
    assert CatalogueVersion.objects.count() == 3
    assert "注册会计师" in client.get("/applications/qualifications/").content.decode()
    assert "项目管理专业人士" in client.get("/applications/qualifications/?version=sample-4.0").content.decode()


def test_any_bad_row_and_nothing_is_imported(tmp_path):
    path = workbook(
        tmp_path,
        [
            [1, "甲", "", "机构", "美国", "职业", ""],
            ["x", "乙", "", "机构", "美国", "职业", ""],
            [1, "丙", "", "", "英国", "职业", ""],
        ],
    )
    with pytest.raises(CatalogueImportError) as error:
        import_workbook(path, edition())
    assert error.value.problems == [
        "row 3: 序号 'x' is not a positive whole number",
        "row 4: 序号 1 appears twice",
        "row 4: 发证机构 is empty",
    ]
    assert not Qualification.objects.exists() and not CatalogueVersion.objects.exists()


def test_a_header_without_the_required_columns_is_refused(tmp_path):
    with pytest.raises(CatalogueImportError, match="发证机构"):
        import_workbook(workbook(tmp_path, [[1, "甲"]], header=["序号", "职业资格名称"]), edition())


def test_an_edition_is_never_overwritten(tmp_path):
    path = workbook(tmp_path, [[1, "甲", "", "机构", "美国", "职业", ""]])
    import_workbook(path, edition())
    with pytest.raises(CatalogueImportError, match="already loaded"):
        import_workbook(path, edition())
    assert Qualification.objects.count() == 1


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CatalogueImportError, match="not a readable .xlsx"):
        import_workbook(path, edition())


def test_the_command_reports_row_errors(tmp_path):
    path = workbook(tmp_path, [["x", "甲", "", "机构", "美国", "职业", ""]])
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_qualifications", str(path), "--edition", "4.0", "--official", "--current")
    ok = workbook(tmp_path, [[1, "甲", "", "机构", "美国", "职业", ""]])
    call_command("import_qualifications", str(ok), "--edition", "4.0", "--official", "--current")
    assert CatalogueVersion.objects.get(version="4.0").official


@pytest.mark.parametrize("number", ["inf", -3, 1e30, 0])
def test_impossible_numbers_are_reported_by_row(tmp_path, number):
    with pytest.raises(CatalogueImportError, match="row 2: 序号"):
        import_workbook(workbook(tmp_path, [[number, "甲", "", "机构", "美国", "职业", ""]]), edition())
    assert not Qualification.objects.exists()


def test_overlong_cells_are_reported_by_row(tmp_path):
    with pytest.raises(CatalogueImportError, match="row 2: 国家（地区） is longer than 100"):
        import_workbook(workbook(tmp_path, [[1, "甲", "", "机构", "美" * 101, "职业", ""]]), edition())
