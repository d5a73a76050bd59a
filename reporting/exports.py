"""The statistics table as an Excel workbook."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reporting.statistics import Row
from tracking.exports import append_row


def statistics_workbook(rows: list[Row], dimension: str, grain: str, label: Callable[[str], str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("外资统计")
    sheet.append(
        [
            _("期间"),
            _("分组"),
            _("名称"),
            _("实际使用外资（美元）"),
            _("上年同期（美元）"),
            _("同比（%）"),
            _("新设外资企业"),
            _("上年同期新设"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(
            sheet,
            [
                row.period, row.key, label(row.key), row.fdi_usd, row.fdi_usd_last_year, row.fdi_change, row.new_fies,
                row.new_fies_last_year,
            ],
        )  # fmt: skip
    for cells in sheet.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=4, max_col=5):
        for cell in cells:
            cell.number_format = "#,##0.00"
    for letter, width in zip("ABCDEFGH", (10, 18, 28, 20, 20, 10, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append([])
    sheet.append(
        [
            _("口径：经市级审核通过的报告中的实缴出资，加上核实确认的到资线索；按 data/exchange_rates.yaml 折算美元。"),
            f"{dimension}/{grain}",
        ]
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
