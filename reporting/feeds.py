"""Department feeds: a delivery is read from CSV or Excel, every row checked, and stored as a new immutable
Parquet version; a delivery with any bad row is refused whole, each error naming its row."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
from django.db import IntegrityError, transaction
from django.db.models import Max

from directory.models import Unit
from directory.uscc import normalise_uscc, uscc_problem
from reporting.bulk import ImportRefused, read_rows
from reporting.columnar import FEED_SCHEMAS, store_dir, write_atomically
from reporting.models import Feed
from reporting.rules import rules

# The department that delivers each kind of feed (unit codes in directory/data/units.yaml).
DEPARTMENTS = {
    Feed.Kind.REGISTRATION: "bj-market-regulation",
    Feed.Kind.FX: "cn-safe-beijing",
    Feed.Kind.CUSTOMS: "cn-customs-beijing",
}
MAX_ROWS = 2_000_000


def _date(value: str) -> date:
    return date.fromisoformat(value.strip()[:10])


def _number(value: str) -> float:
    number = float(value.replace(",", ""))
    if number != number or number in (float("inf"), float("-inf")) or number < 0:
        raise ValueError
    return number


def _parse(kind: str, header: list[str], rows: list[list[str]]) -> tuple[dict[str, list], list[str]]:
    schema = FEED_SCHEMAS[kind]
    missing = [f.name for f in schema if f.name not in header]
    if missing:
        return {}, [f"header row lacks the columns {', '.join(missing)}"]
    index = {f.name: header.index(f.name) for f in schema}
    columns: dict[str, list] = {f.name: [] for f in schema}
    problems: list[str] = []
    currencies = set(rules().currencies)
    today = date.today()
    for line, row in enumerate(rows, start=2):
        if not any(row):
            continue
        values = {name: (row[i] if i < len(row) else "").strip() for name, i in index.items()}
        parsed, errors = {}, []
        for field in schema:
            raw = values[field.name]
            value: Any
            try:
                if field.name == "uscc":
                    value = normalise_uscc(raw)
                    if problem := uscc_problem(value):
                        raise ValueError(problem)
                elif pa.types.is_date32(field.type):
                    value = _date(raw)
                    if value > today:
                        raise ValueError("date in the future")
                elif pa.types.is_floating(field.type):
                    value = _number(raw)
                elif field.name == "currency":
                    value = raw.upper()
                    if value not in currencies:
                        raise ValueError(f"currency {raw!r} is not one of {', '.join(sorted(currencies))}")
                elif field.name == "direction":
                    value = raw.lower()
                    if value not in ("inflow", "outflow", "import", "export"):
                        raise ValueError(f"direction {raw!r} should be inflow or outflow (fx), import or export (customs)")
                else:
                    value = raw
            except ValueError as exc:
                errors.append(f"row {line}: {field.name}: {exc or 'not a valid value'} ({raw!r})")
                continue
            parsed[field.name] = value
        if errors:
            problems.extend(errors)
            continue
        for name, value in parsed.items():
            columns[name].append(value)
    return columns, problems


def ingest(kind: str, name: str, content: bytes, unit: Unit, user) -> Feed:
    """Store one delivery as the next version of its kind, all rows or none."""
    if kind not in FEED_SCHEMAS:
        raise ImportRefused([f"unknown feed kind {kind!r}"])
    rows = read_rows(name, content)
    if not rows:
        raise ImportRefused(["the file is empty"])
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused([f"the file has more than {MAX_ROWS} rows; split it into several deliveries"])
    columns, problems = _parse(kind, [c.strip() for c in rows[0]], rows[1:])
    if problems:
        raise ImportRefused(problems[:200] + ([f"… and {len(problems) - 200} more"] if len(problems) > 200 else []))
    table = pa.table(columns, schema=FEED_SCHEMAS[kind])
    # Two deliveries at once race for the same version number; the unique constraint decides and the loser retries.
    for _attempt in range(3):
        version = (Feed.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
        path = store_dir() / "feeds" / kind / f"v{version:06d}.parquet"
        if path.exists():
            continue
        write_atomically(table, path)
        try:
            with transaction.atomic():
                return Feed.objects.create(
                    kind=kind,
                    version=version,
                    rows=table.num_rows,
                    source_name=name[:255],
                    path=str(path),
                    unit=unit,
                    uploaded_by=user,
                )
        except IntegrityError:
            path.unlink(missing_ok=True)
    raise ImportRefused(["another delivery of this kind was being stored at the same time; send it again"])
