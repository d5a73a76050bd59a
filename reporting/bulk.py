"""A district office's bulk import of information reports from Excel or CSV: every row is checked with
the same validator as the form; if any row is wrong, nothing is imported and each error names its row."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import Enterprise, Unit
from directory.uscc import normalise_uscc
from office.archives import REPORT_WORKBOOK
from office.tables import ImportRefused, read_rows
from reporting import intake
from reporting.models import Report, ReportEvent
from reporting.validation import ContributionData, InvestorData, ReportData, problems

if TYPE_CHECKING:
    from jobs.runner import Progress

# The template's columns; one row per investor (and its paid-in contribution, if any).
COLUMNS = {
    "报告类型": "kind",
    "统一社会信用代码": "uscc",
    "企业名称": "name",
    "行业代码": "industry",
    "注册资本": "registered_capital",
    "币种": "capital_currency",
    "日期": "event_date",
    "报告年度": "year",
    "营业收入": "revenue",
    "资产总额": "total_assets",
    "负债总额": "total_liabilities",
    "从业人数": "employees",
    "投资者名称": "investor",
    "投资者国别": "investor_country",
    "出资比例": "share",
    "实际控制人": "controller_name",
    "实际控制人国别": "controller_country",
    "实缴金额": "amount",
    "实缴币种": "currency",
    "出资日期": "paid_on",
}
# Cells that belong to the report, repeated on each of its rows; a row that contradicts the first is an error.
REPORT_FIELDS = (
    "name",
    "industry",
    "registered_capital",
    "capital_currency",
    "revenue",
    "total_assets",
    "total_liabilities",
    "employees",
)
COLUMN_OF = {field: column for column, field in COLUMNS.items()}
KINDS = {"初始报告": "initial", "变更报告": "change", "注销报告": "deregistration", "年度报告": "annual"}
MAX_ROWS = 20_000


def row_error(row: int, column: str, message: str) -> tuple[int, str]:
    """An error of one spreadsheet row, kept with its row number so the list can be sorted by row."""
    return row, _("第%(row)d行，%(column)s：%(message)s") % {"row": row, "column": column, "message": message}


def column_of_path(path: str) -> str:
    """The template column a validator error path points at: investors.1.country → 投资者国别."""
    parts = path.split(".")
    field = parts[-1]
    if parts[0] == "investors" and len(parts) == 3:
        field = {"name": "investor", "country": "investor_country"}.get(field, field)
    elif parts[0] == "contributions" and len(parts) == 3:
        field = {"investor": "investor"}.get(field, field)
    elif len(parts) == 1 and field == "investors":
        return _("投资者")
    elif len(parts) == 1 and field == "contributions":
        return _("实缴出资")
    return COLUMN_OF.get(field, path)


@dataclass
class Group:
    data: ReportData
    rows: list[int]
    # The spreadsheet row each investor and each contribution came from, for error messages.
    investor_rows: list[int] = field(default_factory=list)
    contribution_rows: list[int] = field(default_factory=list)


# 20,000 rows of the template are under 2 MB as .xlsx and about 5 MB as CSV.
MAX_BYTES = 20 * 1024 * 1024


def _groups(rows: list[list[str]]) -> tuple[list[Group], list[tuple[int, str]]]:
    header = rows[0]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [(1, _("表头缺少以下列：%(columns)s") % {"columns": "、".join(missing)})]
    index = {COLUMNS[c]: header.index(c) for c in COLUMNS}
    groups: OrderedDict[tuple, Group] = OrderedDict()
    errors = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        value = {field: row[i] if i < len(row) else "" for field, i in index.items()}
        kind = KINDS.get(value["kind"], value["kind"])
        if kind not in KINDS.values():
            errors.append(
                row_error(
                    line, "报告类型", _("“%(value)s”应为%(kinds)s之一。") % {"value": value["kind"], "kinds": "、".join(KINDS)}
                )
            )
            continue
        key = (normalise_uscc(value["uscc"]), kind, value["year"], value["event_date"])
        if key not in groups:
            groups[key] = Group(
                ReportData(
                    kind=kind,
                    uscc=value["uscc"],
                    name=value["name"],
                    industry=value["industry"],
                    registered_capital=value["registered_capital"],
                    capital_currency=value["capital_currency"],
                    event_date=value["event_date"],
                    year=value["year"],
                    revenue=value["revenue"],
                    total_assets=value["total_assets"],
                    total_liabilities=value["total_liabilities"],
                    employees=value["employees"],
                ),  # fmt: skip
                [],
            )
        group = groups[key]
        first = group.rows[0] if group.rows else line
        for name in REPORT_FIELDS:
            if value[name] != getattr(group.data, name):
                errors.append(
                    row_error(
                        line,
                        COLUMN_OF[name],
                        _("“%(value)s”与同一报告第%(first)d行的“%(earlier)s”不一致。")
                        % {"value": value[name], "first": first, "earlier": getattr(group.data, name)},
                    )
                )
        group.rows.append(line)
        listed = next((i for i, inv in enumerate(group.data.investors) if inv.name == value["investor"]), None)
        if listed is not None:
            errors += _repeated_investor_errors(group, listed, value, line)
        else:
            group.data.investors.append(
                InvestorData(
                    value["investor"],
                    value["investor_country"],
                    value["share"],
                    value["controller_name"],
                    value["controller_country"],
                )
            )
            group.investor_rows.append(line)
        if value["amount"]:
            group.data.contributions.append(
                ContributionData(value["investor"], value["amount"], value["currency"], value["paid_on"])
            )
            group.contribution_rows.append(line)
    return list(groups.values()), errors


# An investor's cells on a further row (another payment of it): empty, or the same as on its first row.
INVESTOR_CELLS = {"share": "share", "investor_country": "country", "controller_name": "controller_name",
                  "controller_country": "controller_country"}  # fmt: skip


def _repeated_investor_errors(group: Group, index: int, value: dict[str, str], line: int) -> list[tuple[int, str]]:
    investor, first = group.data.investors[index], group.investor_rows[index]
    return [
        row_error(
            line,
            COLUMN_OF[cell],
            _("“%(value)s”与同一报告第%(first)d行的“%(earlier)s”不一致。")
            % {"value": value[cell], "first": first, "earlier": getattr(investor, attribute)},
        )
        for cell, attribute in INVESTOR_CELLS.items()
        if value[cell] and value[cell] != getattr(investor, attribute)
    ]


def _row_of(group: Group, path: str) -> int:
    """The spreadsheet row an error path points at: investors.2 → the row that listed the third investor."""
    parts = path.split(".")
    if len(parts) > 1 and parts[1].isdigit():
        rows = {"investors": group.investor_rows, "contributions": group.contribution_rows}.get(parts[0], [])
        if int(parts[1]) < len(rows):
            return rows[int(parts[1])]
    return group.rows[0]


def import_reports(
    name: str, content: bytes, district: Unit, user, today: date | None = None, progress: Progress | None = None
) -> list[Report]:
    """Check every row, then write all reports (submitted for district review) in one transaction, or none.
    `progress` hears of each report checked and of the writing (one step: it is a single transaction)."""
    rows = read_rows(name, content, MAX_ROWS, MAX_BYTES, REPORT_WORKBOOK)
    if not rows:
        raise ImportRefused([_("文件是空的。")])
    groups, errors = _groups(rows)
    if progress is not None:
        progress.expect(len(groups) + 1)
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[normalise_uscc(g.data.uscc) for g in groups])}
    for group in groups:
        if progress is not None:
            progress.step(_("检查 %(uscc)s") % {"uscc": group.data.uscc})
        found, _clean = problems(group.data, today)
        for path, message in found.items():
            errors.append(row_error(_row_of(group, path), column_of_path(path), message))
        enterprise = enterprises.get(normalise_uscc(group.data.uscc))
        first = group.rows[0]
        if enterprise is None:
            errors.append(row_error(first, "统一社会信用代码", _("%(code)s 不是本平台登记的企业。") % {"code": group.data.uscc}))
        elif not enterprise.verified:
            errors.append(row_error(first, "统一社会信用代码", _("%(name)s 尚未通过核验。") % {"name": enterprise.name}))
        elif enterprise.district_id != district.pk:
            errors.append(
                row_error(
                    first,
                    "统一社会信用代码",
                    _("%(name)s 不在%(district)s登记。")
                    % {"name": enterprise.name, "district": district.display_name(get_language())},
                )
            )
    if errors:
        raise ImportRefused([text for _row, text in sorted(errors, key=lambda e: e[0])])
    reports = []
    if progress is not None:
        progress.step(_("写入 %(count)d 份报告") % {"count": len(groups)})
    with transaction.atomic():
        for group in groups:
            enterprise = enterprises[normalise_uscc(group.data.uscc)]
            report = intake.save(group.data, enterprise, user, source=Report.Source.IMPORT, today=today)
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.IMPORTED, actor=user)
            reports.append(intake.submit(report, user))
    return reports
