"""The statistics table as an Excel workbook."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from office.sheets import table_workbook
from reporting.statistics import Row

MONEY = "#,##0.00"


def statistics_workbook(rows: list[Row], dimension: str, grain: str, label: Callable[[str], str]) -> bytes:
    headers = [
        _("期间"), _("分组"), _("名称"), _("实际使用外资（美元）"), _("上年同期（美元）"), _("同比（%）"), _("新设外资企业"),
        _("上年同期新设"),
    ]  # fmt: skip
    cells = [
        [
            row.period,
            row.key,
            label(row.key),
            row.fdi_usd,
            row.fdi_usd_last_year,
            row.fdi_change,
            row.new_fies,
            row.new_fies_last_year,
        ]  # fmt: skip
        for row in rows
    ]
    basis = _("口径：经市级审核通过的报告中的实缴出资，加上核实确认的到资线索；按 data/exchange_rates.yaml 折算美元。")
    return table_workbook(
        _("外资统计"),
        headers,
        cells,
        widths=(10, 18, 28, 20, 20, 10, 12, 12),
        number_formats={4: MONEY, 5: MONEY},
        footnote=(basis, f"{dimension}/{grain}"),
    )
