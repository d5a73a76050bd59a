"""Office-file bombs refused before any parser opens them (issue 14, finding 4).

    .venv/bin/python bench/archive_bomb.py

The probe's file, rebuilt by investbj/tests/bombs.py: a 330 KB .xlsx whose shared-strings table lists
8,000,000 entries (136 MB inflated), which kept the district report import busy for 135 s and +570 MB.
It is sent through every door that opens a workbook or a Word file: the report import, a department feed,
the 台账 import, an attachment, and (as a .docx of 3,000,000 paragraphs) policy-document ingestion. Each
refusal is timed (best of 5; target: under 1 s each) and compared with the probe's 135 s. An ordinary
20,000-row report workbook is read through the same door, to show the limits leave room for real work.
Exits 1 when a target is missed. Not a test.
"""

from __future__ import annotations

import io
import sys
import time

import django
from _env import REPO  # noqa: F401  (sets sys.path and Django's settings)

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from attachments.uploads import attachment_problem  # noqa: E402
from corpus.extract import IngestError, extract_text  # noqa: E402
from office import tables  # noqa: E402
from office.archives import REPORT_WORKBOOK  # noqa: E402
from reporting import bulk, feeds  # noqa: E402
from testsupport.bombs import bomb  # noqa: E402
from tracking.exports import LedgerImportError, import_ledger  # noqa: E402

TARGET_S = 1.0
PROBE_BASELINE_S = 135.0


def best_of(call, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def refused(call, *errors):
    def attempt():
        try:
            call()
        except errors:
            return
        raise SystemExit("the bomb was not refused")

    return attempt


def ordinary_report_workbook(rows: int = 20_000) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(bulk.COLUMNS))
    for n in range(rows):
        sheet.append(["年度报告", f"91110000{n:010d}", f"北京某某科技有限公司第{n}号", "I65", 5000000, "CNY",
                      "2025-06-30", 2025, 123456789.12, 987654321, 12345, 88, f"Investor Holdings {n}", "HKG",
                      100, f"实控人{n}", "HKG", 5000000, "CNY", "2025-01-01"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    workbook = bomb("xlsx")
    word = bomb("docx", 3_000_000)
    print(f"bomb workbook: {len(workbook) / 1024:.0f} KB, 8,000,000 shared strings; bomb .docx: {len(word) / 1024:.0f} KB")
    doors = {
        "report import": refused(
            lambda: tables.read_rows("r.xlsx", workbook, bulk.MAX_ROWS, bulk.MAX_BYTES, REPORT_WORKBOOK), tables.ImportRefused
        ),
        "department feed": refused(
            lambda: tables.read_rows("f.xlsx", workbook, feeds.MAX_ROWS, feeds.MAX_BYTES, feeds.FEED_WORKBOOK),
            tables.ImportRefused,
        ),
        "台账 import": refused(lambda: import_ledger(workbook, None), LedgerImportError),
        "attachment": lambda: attachment_problem(SimpleUploadedFile("a.xlsx", workbook)) or sys.exit("accepted"),
        "policy document": refused(lambda: extract_text(word, "d.docx"), IngestError),
    }
    missed = []
    worst = 0.0
    for door, call in doors.items():
        seconds = best_of(call)
        worst = max(worst, seconds)
        print(
            f"  {door:<16} refused in {seconds * 1000:8.2f} ms   ({PROBE_BASELINE_S / seconds:,.0f}x faster than the probe's 135 s)"
        )
        if seconds >= TARGET_S:
            missed.append(door)
    ordinary = ordinary_report_workbook()
    started = time.perf_counter()
    rows = tables.read_rows("reports.xlsx", ordinary, bulk.MAX_ROWS, bulk.MAX_BYTES, REPORT_WORKBOOK)
    print(f"  ordinary 20,000-row workbook ({len(ordinary) / 1024 / 1024:.1f} MB) read: {len(rows) - 1} rows "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    if len(rows) - 1 != 20_000:
        missed.append("ordinary workbook")
    status = "OK" if not missed else "MISSED " + ", ".join(missed)
    print(f"SUMMARY archive_bomb: slowest refusal {worst * 1000:.1f} ms (target < {TARGET_S * 1000:.0f} ms; "
          f"{PROBE_BASELINE_S / worst:,.0f}x the probe's 135 s) — {status}")  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
