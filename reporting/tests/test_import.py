"""The district office's bulk import: one row per investor, grouped into reports; all rows or none."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from office.tables import ImportRefused
from reporting.bulk import COLUMNS, import_reports
from reporting.models import Report

from .conftest import TODAY, enterprise

pytestmark = pytest.mark.django_db
HEADER = list(COLUMNS)


def row(uscc: str, investor: str, country: str, share: str, amount: str = "", **changes) -> list:
    values = {
        "报告类型": "年度报告", "统一社会信用代码": uscc, "企业名称": "甲科技（北京）有限公司", "行业代码": "6450", "注册资本": "10000000",
        "币种": "USD", "日期": "", "报告年度": "2025", "营业收入": "52000000", "资产总额": "80000000", "负债总额": "30000000",
        "从业人数": "120", "投资者名称": investor, "投资者国别": country, "出资比例": share, "实际控制人": "", "实际控制人国别": "",
        "实缴金额": amount, "实缴币种": "USD" if amount else "", "出资日期": "2025-04-15" if amount else "",
    }  # fmt: skip
    values.update(changes)
    return [values[c] for c in HEADER]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def district():
    from directory.models import Unit

    return Unit.objects.get(code="district-chaoyang")


def test_rows_group_into_reports_submitted_for_district_review(ent_a, chaoyang, district):
    other = enterprise("乙公司", 2, "district-chaoyang")
    rows = [
        row(ent_a.uscc, "Alpha", "HK", "60", "6000000"),
        row(ent_a.uscc, "Beta", "DE", "40"),
        row(other.uscc, "Gamma", "US", "100", 企业名称="乙公司"),
    ]
    reports = import_reports("reports.xlsx", xlsx(rows), district, chaoyang, today=TODAY)
    assert len(reports) == 2 and {r.status for r in reports} == {Report.Status.DISTRICT_REVIEW}
    first = Report.objects.get(enterprise=ent_a)
    assert first.source == Report.Source.IMPORT and first.investors.count() == 2 and first.contributions.get().amount == 6000000


def test_csv_works_the_same(ent_a, chaoyang, district):
    assert (
        len(import_reports("reports.csv", csv_bytes([row(ent_a.uscc, "Alpha", "HK", "100")]), district, chaoyang, today=TODAY))
        == 1
    )


def test_any_bad_row_and_nothing_is_imported_with_each_error_by_row(ent_a, chaoyang, district):
    other = enterprise("乙公司", 2, "district-chaoyang")
    rows = [
        row(ent_a.uscc, "Alpha", "HK", "60"),
        row(ent_a.uscc, "Beta", "XX", "40"),
        row(other.uscc, "Gamma", "US", "100", 营业收入="-5"),
        row("91110105MA0000999X", "Delta", "US", "100"),
    ]
    with pytest.raises(ImportRefused) as error:
        import_reports("reports.xlsx", xlsx(rows), district, chaoyang, today=TODAY)
    problems = error.value.problems
    assert problems[0].startswith("第3行，投资者国别：") and "ISO 3166" in problems[0]
    assert problems[1].startswith("第4行，营业收入：")
    assert problems[2].startswith("第5行，统一社会信用代码：")
    assert not Report.objects.exists()


def test_a_district_imports_only_its_own_enterprises(ent_c, chaoyang, district):
    with pytest.raises(ImportRefused, match="不在北京市朝阳区人民政府登记"):
        import_reports(
            "reports.xlsx", xlsx([row(ent_c.uscc, "Alpha", "HK", "100", 企业名称="丙医药")]), district, chaoyang, today=TODAY
        )


@pytest.mark.parametrize(("name", "content", "message"), [
    ("reports.xlsx", b"not a workbook", "不是可读取的 .xlsx 工作簿"),
    ("reports.csv", "报告类型\n".encode("gb18030"), "不是 UTF-8 编码"),
    ("reports.csv", b"kind,uscc\n", "表头缺少以下列"),
    ("reports.csv", b"", "文件是空的"),
])  # fmt: skip
def test_unreadable_files_are_refused_plainly(chaoyang, district, name, content, message):
    with pytest.raises(ImportRefused, match=message):
        import_reports(name, content, district, chaoyang, today=TODAY)


def test_the_import_page_is_for_district_reviewers(client, chaoyang, alice, city, ent_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for user in (alice, city):
        client.force_login(user)
        assert client.get("/reporting/import/").status_code == 403
    client.force_login(chaoyang)
    bad = client.post("/reporting/import/", {"file": SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "50")]))})
    assert bad.status_code == 400 and "合计应为100%" in bad.content.decode()
    good = client.post(
        "/reporting/import/", {"file": SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "100")]))}
    )
    assert good.status_code == 302 and Report.objects.count() == 1


def test_one_investor_may_have_several_payment_rows(ent_a, chaoyang, district):
    rows = [
        row(ent_a.uscc, "Alpha", "HK", "100", "6000000"),
        row(ent_a.uscc, "Alpha", "HK", "", "4000000", 出资日期="2025-06-01"),
    ]
    (report,) = import_reports("reports.xlsx", xlsx(rows), district, chaoyang, today=TODAY)
    assert report.investors.count() == 1 and sorted(c.amount for c in report.contributions.all()) == [4000000, 6000000]


def test_rows_of_one_report_that_contradict_each_other_are_named(ent_a, chaoyang, district):
    rows = [row(ent_a.uscc, "Alpha", "HK", "60"), row(ent_a.uscc, "Beta", "DE", "40", 营业收入="1")]
    with pytest.raises(ImportRefused) as error:
        import_reports("reports.xlsx", xlsx(rows), district, chaoyang, today=TODAY)
    assert any(p.startswith("第3行，营业收入：") and "第2行" in p for p in error.value.problems)
    assert not Report.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("reports.csv", "报告类型\x00\n".encode(), "NUL"),
    ("reports.csv", ("a," + '"' + "x" * 200_000 + '"\n').encode(), "无法读取 CSV 文件"),
])  # fmt: skip
def test_csv_files_that_are_not_text_tables_are_refused(chaoyang, district, name, content, message):
    with pytest.raises(ImportRefused, match=message):
        import_reports(name, content, district, chaoyang, today=TODAY)


def test_an_oversized_file_is_refused_before_reading(chaoyang, district, monkeypatch):
    monkeypatch.setattr("reporting.bulk.MAX_BYTES", 1024 * 1024)
    with pytest.raises(ImportRefused, match="文件超过1 MB"):
        import_reports("reports.csv", b"x" * (1024 * 1024 + 1), district, chaoyang, today=TODAY)


def test_the_district_officer_who_imported_a_report_does_not_pass_it(ent_a, chaoyang, district, django_user_model):
    from reporting import intake, permissions
    from workflow.transitions import InvalidTransition

    from .conftest import person

    (report,) = import_reports("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "100")]), district, chaoyang, today=TODAY)
    assert permissions.review_level(chaoyang, report) is None
    assert not permissions.review_queue(chaoyang).exists()
    with pytest.raises(InvalidTransition):
        intake.review(report, chaoyang, "district", accept=True)
    colleague = person(django_user_model, "colleague", unit_code="district-chaoyang", perm="review_district")
    assert list(permissions.review_queue(colleague)) == [report]


def test_an_unverified_enterprise_is_a_row_error_and_errors_read_in_english_too(ent_a, chaoyang, district):
    from django.utils import translation

    from directory.models import Enterprise

    Enterprise.objects.filter(pk=ent_a.pk).update(verification=Enterprise.Verification.PENDING)
    with pytest.raises(ImportRefused) as error:
        import_reports("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "100")]), district, chaoyang, today=TODAY)
    assert error.value.problems == ["第2行，统一社会信用代码：甲科技（北京）有限公司 尚未通过核验。"]
    with translation.override("en"), pytest.raises(ImportRefused) as english:
        import_reports("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "XX", "100")]), district, chaoyang, today=TODAY)
    assert english.value.problems[0].startswith("Row 2, 投资者国别: ")
    assert not Report.objects.exists()


def test_errors_name_the_row_of_the_investor_or_payment_even_after_repeated_investor_rows(ent_a, chaoyang, district):
    rows = [
        row(ent_a.uscc, "Alpha", "HK", "60", "100"),
        row(ent_a.uscc, "Alpha", "", "", "200", 出资日期="2025-05-01"),
        row(ent_a.uscc, "Beta", "XX", "40", "300", 出资日期="2030-01-01"),
    ]
    with pytest.raises(ImportRefused) as error:
        import_reports("r.xlsx", xlsx(rows), district, chaoyang, today=TODAY)
    assert [p.split("，")[0] for p in error.value.problems] == ["第4行", "第4行"]
    assert "投资者国别" in error.value.problems[0] and "出资日期" in error.value.problems[1]


def test_a_further_row_of_an_investor_may_not_change_its_country_or_controller(ent_a, chaoyang, district):
    rows = [row(ent_a.uscc, "Alpha", "HK", "100", "100"), row(ent_a.uscc, "Alpha", "SG", "", "200", 出资日期="2025-05-01")]
    with pytest.raises(ImportRefused) as error:
        import_reports("r.xlsx", xlsx(rows), district, chaoyang, today=TODAY)
    assert error.value.problems == ["第3行，投资者国别：“SG”与同一报告第2行的“HK”不一致。"]


def test_a_code_typed_with_spaces_and_lower_case_finds_its_enterprise(ent_a, chaoyang, district):
    spaced = " ".join([ent_a.uscc[:4], ent_a.uscc[4:10], ent_a.uscc[10:]]).lower()
    (report,) = import_reports("r.xlsx", xlsx([row(spaced, "Alpha", "HK", "100")]), district, chaoyang, today=TODAY)
    assert report.enterprise == ent_a


def test_the_page_refuses_an_oversized_upload_by_its_size(client, chaoyang, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr("reporting.bulk.MAX_BYTES", 1024 * 1024)
    client.force_login(chaoyang)
    big = SimpleUploadedFile("r.csv", b"x" * (1024 * 1024 + 1))
    response = client.post("/reporting/import/", {"file": big})
    assert response.status_code == 400 and "文件超过1 MB" in response.content.decode()


def test_the_command_line_import_takes_all_rows_or_none(tmp_path, ent_a, chaoyang, alice):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(ent_a.uscc, "Alpha", "HK", "60")]))
    with pytest.raises(CommandError, match="合计应为100%"):
        call_command("import_reports", str(bad), "--user", "chaoyang")
    assert not Report.objects.exists()
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([row(ent_a.uscc, "Alpha", "HK", "100")]))
    call_command("import_reports", str(good), "--user", "chaoyang")
    assert Report.objects.get().status == Report.Status.DISTRICT_REVIEW
    with pytest.raises(CommandError, match="not a district reviewer"):
        call_command("import_reports", str(good), "--user", "alice")
    with pytest.raises(CommandError, match="no user"):
        call_command("import_reports", str(good), "--user", "nobody-here")


def test_the_command_line_import_draws_ten_progress_lines_at_most_into_a_log(tmp_path, chaoyang, capsys):
    from django.core.management import call_command

    companies = [enterprise(f"公司{n}", 100 + n, "district-chaoyang") for n in range(40)]
    upload = tmp_path / "many.xlsx"
    upload.write_bytes(xlsx([row(c.uscc, "Alpha", "HK", "100", 企业名称=c.name) for c in companies]))
    call_command("import_reports", str(upload), "--user", "chaoyang", stdout=io.StringIO())
    lines = capsys.readouterr().err.splitlines()
    assert 2 <= len(lines) <= 12 and lines[-1].startswith("[##############################] 41/41")
    assert Report.objects.count() == 40
