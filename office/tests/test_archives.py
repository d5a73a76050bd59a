"""Office files are measured by their archive before any parser inflates them (issue 14, finding 4): the probe's
8-million-string workbook is refused at every door in well under a second, and ordinary files still pass."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from attachments.uploads import attachment_problem
from corpus.extract import IngestError, extract_text
from directory.models import Unit
from office import tables
from office.archives import ATTACHMENT, POLICY_DOCUMENT, REPORT_WORKBOOK, PackageLimits, PackageRefused, check_office_package
from reporting import bulk, feeds
from testsupport.bombs import bomb
from tracking.exports import LedgerImportError, import_ledger


@pytest.fixture(scope="module")
def workbook_bomb() -> bytes:
    return bomb("xlsx")


@pytest.fixture(scope="module")
def word_bomb() -> bytes:
    return bomb("docx", 3_000_000)


def ordinary_workbook(rows: int = 200) -> bytes:
    book = Workbook()
    for n in range(rows):
        book.active.append(["年度报告", f"9111000000000{n:05d}", "北京某某科技有限公司"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused_within_a_second(call) -> str:
    started = time.perf_counter()
    with pytest.raises(Exception) as caught:
        call()
    assert time.perf_counter() - started < 1.0
    return str(caught.value)


def test_the_probe_workbook_is_the_size_the_probe_sent(workbook_bomb):
    assert len(workbook_bomb) < 400 * 1024


def test_the_probe_workbook_is_refused_by_its_inflated_size(workbook_bomb):
    with pytest.raises(PackageRefused, match="超过 64 MB 的上限"):
        check_office_package(workbook_bomb, "xlsx", REPORT_WORKBOOK)


def test_a_member_inflating_a_hundredfold_is_refused_under_a_generous_size_limit(workbook_bomb):
    generous = PackageLimits(total_bytes=1024**3, member_bytes=1024**3)
    with pytest.raises(PackageRefused, match="压缩比异常"):
        check_office_package(workbook_bomb, "xlsx", generous)


def test_the_report_import_refuses_the_bomb_in_under_a_second(workbook_bomb):
    message = refused_within_a_second(
        lambda: tables.read_rows("reports.xlsx", workbook_bomb, bulk.MAX_ROWS, bulk.MAX_BYTES, REPORT_WORKBOOK)
    )
    assert "reports.xlsx" in message


@pytest.mark.django_db
def test_a_department_feed_refuses_the_bomb_in_under_a_second(workbook_bomb):
    unit = Unit.objects.get(code=feeds.DEPARTMENTS[feeds.Feed.Kind.REGISTRATION])
    message = refused_within_a_second(lambda: feeds.ingest("registration", "feed.xlsx", workbook_bomb, unit, None))
    assert "压缩比异常" in message


@pytest.mark.django_db
def test_the_ledger_import_refuses_the_bomb_in_under_a_second(workbook_bomb):
    refused_within_a_second(lambda: import_ledger(workbook_bomb, None))


def test_the_ledger_import_says_why(workbook_bomb):
    with pytest.raises(LedgerImportError) as caught:
        import_ledger(workbook_bomb, None)
    assert "上限" in caught.value.errors[0]


def test_a_policy_document_bomb_is_refused_in_under_a_second(word_bomb):
    message = refused_within_a_second(lambda: extract_text(word_bomb, "条例.docx"))
    assert "条例.docx" in message


def test_a_policy_document_bomb_is_an_ingest_error(word_bomb):
    with pytest.raises(IngestError):
        extract_text(word_bomb, "条例.docx")


def test_an_attachment_bomb_is_refused(workbook_bomb):
    problem = attachment_problem(SimpleUploadedFile("台账.xlsx", workbook_bomb))
    assert problem is not None and "台账.xlsx" in problem


def test_an_ordinary_workbook_passes_every_limit():
    for limits in (REPORT_WORKBOOK, ATTACHMENT):
        check_office_package(ordinary_workbook(), "xlsx", limits)


def test_an_ordinary_workbook_is_read():
    assert len(tables.read_rows("reports.xlsx", ordinary_workbook(), bulk.MAX_ROWS, bulk.MAX_BYTES, REPORT_WORKBOOK)) == 200


def test_an_ordinary_word_file_passes():
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("第一条 为了进一步扩大对外开放，制定本条例。")
    document.save(buffer)
    check_office_package(buffer.getvalue(), "docx", POLICY_DOCUMENT)


def zip_of(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in names.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_holding_the_two_expected_names_is_not_a_word_file():
    fake = zip_of({"[Content_Types].xml": b"<Types/>", "word/notes.xml": b"<x/>"})
    problem = attachment_problem(SimpleUploadedFile("纪要.docx", fake))
    assert problem is not None and "格式不符" in problem


def test_a_zip_declaring_a_main_part_it_does_not_hold_is_not_a_word_file():
    types = (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
        b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.document.main+xml"/></Types>'
    )
    with pytest.raises(PackageRefused, match="格式不符"):
        check_office_package(zip_of({"[Content_Types].xml": types, "word/other.xml": b"<x/>"}), "docx", ATTACHMENT)


def test_a_workbook_is_not_a_word_file():
    with pytest.raises(PackageRefused, match="格式不符"):
        check_office_package(ordinary_workbook(), "docx", ATTACHMENT)


def test_a_truncated_archive_is_refused_plainly():
    with pytest.raises(PackageRefused, match="压缩包无法读取"):
        check_office_package(ordinary_workbook()[:500], "xlsx", ATTACHMENT)


def test_an_empty_attachment_is_refused():
    problem = attachment_problem(SimpleUploadedFile("说明.txt", b""))
    assert problem is not None and "空文件" in problem
