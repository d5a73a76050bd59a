"""The overseas professional qualification catalogue: sample rows for development, and the
import of an official edition from its spreadsheet. Every import is all-or-nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction
from openpyxl import load_workbook

from applications.models import CatalogueVersion, Qualification

SAMPLE = Path(__file__).resolve().parent / "data" / "qualifications_sample.yaml"

# The published catalogue's table: a header row names the columns (their order may differ).
COLUMNS = {
    "序号": "number",
    "职业资格名称": "name",
    "英文名称": "name_en",
    "发证机构": "issuer",
    "国家（地区）": "country",
    "对应职业": "occupation",
    "认可后可享受": "recognition",
}
REQUIRED = ("序号", "职业资格名称", "发证机构", "国家（地区）", "对应职业")
LIMITS = (
    ("name", "职业资格名称", 300),
    ("name_en", "英文名称", 300),
    ("issuer", "发证机构", 300),
    ("country", "国家（地区）", 100),
    ("occupation", "对应职业", 300),
)


class CatalogueImportError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def load_sample() -> int:
    """The sample editions, unless any catalogue is already loaded; returns the rows added."""
    if CatalogueVersion.objects.exists():
        return 0
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    added = 0
    for edition in data["versions"]:
        version = CatalogueVersion.objects.create(
            version=edition["version"],
            title=edition["title"],
            issuer=edition["issuer"],
            current=edition["current"],
            official=False,
            source=str(SAMPLE.name),
        )
        Qualification.objects.bulk_create(Qualification(catalogue=version, **entry) for entry in edition["entries"])
        added += len(edition["entries"])
    return added


@dataclass
class Edition:
    version: str
    title: str
    issuer: str
    published_on: date | None
    source: str
    official: bool
    current: bool


def import_workbook(path: Path, edition: Edition) -> CatalogueVersion:
    """One edition from a workbook's first sheet; any bad row and nothing is imported."""
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise CatalogueImportError([f"{path.name}: not a readable .xlsx workbook ({exc.__class__.__name__})"]) from exc
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise CatalogueImportError([f"{path.name}: the first sheet is empty"])
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CatalogueImportError([f"header row lacks the columns {', '.join(missing)}"])
    index = {COLUMNS[name]: i for i, name in enumerate(header) if name in COLUMNS}
    entries, problems = _entries(rows[1:], index)
    if problems:
        raise CatalogueImportError(problems)
    with transaction.atomic():
        if CatalogueVersion.objects.filter(version=edition.version).exists():
            raise CatalogueImportError([f"version {edition.version} is already loaded; editions are kept, not overwritten"])
        if edition.current:
            CatalogueVersion.objects.filter(current=True).update(current=False)
        version = CatalogueVersion.objects.create(**edition.__dict__)
        Qualification.objects.bulk_create(Qualification(catalogue=version, **entry) for entry in entries)
    return version


def _entries(rows, index: dict[str, int]) -> tuple[list[dict], list[str]]:
    entries, problems, numbers = [], [], set()
    for line, row in enumerate(rows, start=2):
        if all(cell in (None, "") for cell in row):
            continue
        entry = {field: str(row[i]).strip() if i < len(row) and row[i] is not None else "" for field, i in index.items()}
        try:
            number = int(float(entry["number"]))
        except (ValueError, OverflowError):
            number = 0
        if not 0 < number < 2**31:
            problems.append(f"row {line}: 序号 {entry['number']!r} is not a positive whole number")
            continue
        for field, column, limit in LIMITS:
            if len(entry.get(field, "")) > limit:
                problems.append(f"row {line}: {column} is longer than {limit} characters")
        if number in numbers:
            problems.append(f"row {line}: 序号 {number} appears twice")
        numbers.add(number)
        for field, column in (
            ("name", "职业资格名称"),
            ("issuer", "发证机构"),
            ("country", "国家（地区）"),
            ("occupation", "对应职业"),
        ):
            if not entry.get(field):
                problems.append(f"row {line}: {column} is empty")
        entries.append({**entry, "number": number})
    if not entries and not problems:
        problems.append("the sheet has no entries below the header row")
    return entries, problems
