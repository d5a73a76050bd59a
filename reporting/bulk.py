"""A district office's bulk import of information reports from Excel or CSV: every row is checked with
the same validator as the form; if any row is wrong, nothing is imported and each error names its row."""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from openpyxl import load_workbook

from directory.models import Enterprise, Unit
from reporting import intake
from reporting.models import Report, ReportEvent
from reporting.validation import ContributionData, InvestorData, ReportData, problems

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


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Group:
    data: ReportData
    rows: list[int]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


MAX_BYTES = 200 * 1024 * 1024


def read_rows(name: str, content: bytes) -> list[list[str]]:
    if len(content) > MAX_BYTES:
        raise ImportRefused([f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it"])
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(["the CSV file is not UTF-8 text; save it as “CSV UTF-8”"]) from None
        if "\x00" in text:
            raise ImportRefused(["the CSV file contains NUL characters; it is not a text file"])
        try:
            return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            raise ImportRefused([f"the CSV file cannot be read ({exc})"]) from None
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        # Only the header's columns: a sheet that declares thousands of empty columns must not pad every row.
        width = max((i + 1 for i, c in enumerate(header) if c not in (None, "")), default=1)
        return [[_cell(c).replace("\x00", "") for c in row] for row in sheet.iter_rows(max_col=width, values_only=True)]
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRefused([f"{name}: not a readable .xlsx workbook ({exc.__class__.__name__})"]) from exc


def _groups(rows: list[list[str]]) -> tuple[list[Group], list[str]]:
    header = rows[0]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [f"header row lacks the columns {', '.join(missing)}"]
    index = {COLUMNS[c]: header.index(c) for c in COLUMNS}
    groups: OrderedDict[tuple, Group] = OrderedDict()
    errors = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        value = {field: row[i] if i < len(row) else "" for field, i in index.items()}
        kind = KINDS.get(value["kind"], value["kind"])
        if kind not in KINDS.values():
            errors.append(f"row {line}: 报告类型 “{value['kind']}” should be one of {', '.join(KINDS)}")
            continue
        key = (value["uscc"].upper(), kind, value["year"], value["event_date"])
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
        for field in REPORT_FIELDS:
            if value[field] != getattr(group.data, field):
                errors.append(
                    f"row {line}: {COLUMN_OF[field]} “{value[field]}” differs from row {first} of the same report (“{getattr(group.data, field)}”)"
                )
        group.rows.append(line)
        known = {i.name: i for i in group.data.investors}
        if value["investor"] in known:
            # A further payment of an investor already listed: its share cell is empty or the same.
            if value["share"] and value["share"] != known[value["investor"]].share:
                errors.append(f"row {line}: 出资比例 of {value['investor']} differs from its earlier row")
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
        if value["amount"]:
            group.data.contributions.append(
                ContributionData(value["investor"], value["amount"], value["currency"], value["paid_on"])
            )
    return list(groups.values()), errors


def _row_of(group: Group, path: str) -> int:
    """The spreadsheet row an error path points at (investors.2 → the group's third row)."""
    parts = path.split(".")
    if parts[0] in ("investors", "contributions") and len(parts) > 1 and parts[1].isdigit():
        position = int(parts[1])
        if parts[0] == "contributions":
            with_amount = [
                i for i, inv in enumerate(group.data.investors) if any(c.investor == inv.name for c in group.data.contributions)
            ]
            position = with_amount[position] if position < len(with_amount) else 0
        return group.rows[min(position, len(group.rows) - 1)]
    return group.rows[0]


def import_reports(name: str, content: bytes, district: Unit, user, today: date | None = None) -> list[Report]:
    """Check every row, then write all reports (submitted for district review) in one transaction, or none."""
    rows = read_rows(name, content)
    if not rows:
        raise ImportRefused(["the file is empty"])
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused([f"the file has more than {MAX_ROWS} rows; split it"])
    groups, errors = _groups(rows)
    enterprises = {
        e.uscc: e
        for e in Enterprise.objects.filter(uscc__in=[g.data.uscc.upper() for g in groups]).exclude(
            verification=Enterprise.Verification.REJECTED
        )
    }
    for group in groups:
        found, _clean = problems(group.data, today)
        for path, message in found.items():
            errors.append(f"row {_row_of(group, path)}: {path}: {message}")
        enterprise = enterprises.get(group.data.uscc.upper())
        if enterprise is None:
            errors.append(f"row {group.rows[0]}: 统一社会信用代码 {group.data.uscc} is not an enterprise on the platform")
        elif enterprise.district_id != district.pk:
            errors.append(f"row {group.rows[0]}: {enterprise.name} is not registered in {district.name}")
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: int(e.split(":")[0].split()[1]) if e.startswith("row ") else 0))
    reports = []
    with transaction.atomic():
        for group in groups:
            report = intake.save(group.data, enterprises[group.data.uscc.upper()], user, source=Report.Source.IMPORT, today=today)
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.IMPORTED, actor=user)
            reports.append(intake.submit(report, user))
    return reports
