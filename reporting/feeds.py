"""Department feeds: a delivery is read from CSV or Excel, every row checked, and stored as a new immutable
Parquet version; a delivery with any bad row is refused whole, each error naming its row."""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from directory.industries import IndustryCodeError, normalise_industry_code
from directory.models import Unit
from directory.uscc import normalise_uscc, uscc_problem
from office.archives import FEED_WORKBOOK
from office.tables import ImportRefused, read_rows
from reporting.columnar import FEED_SCHEMAS, store_dir, write_atomically
from reporting.models import Feed
from reporting.reporting_rules import rules

if TYPE_CHECKING:
    from jobs.runner import Progress

# The department that delivers each kind of feed (unit codes in directory/data/units.yaml).
DEPARTMENTS = {
    Feed.Kind.REGISTRATION: "bj-market-regulation",
    Feed.Kind.FX: "cn-safe-beijing",
    Feed.Kind.CUSTOMS: "cn-customs-beijing",
}
MAX_ROWS = 2_000_000
# Two million rows of a few columns as CSV.
MAX_BYTES = 200 * 1024 * 1024


# Plausible bounds. No foreign-invested enterprise, payment or shipment predates the Sino-Foreign Equity Joint
# Venture Law of 1 July 1979. No single payment or declaration reaches 10^15 in any currency (the largest
# deals are some 10^11 US dollars, 10^13 yen); two million rows of that still sum far from overflow, so a
# total is never infinite and a check never silently finds nothing.
EARLIEST_DATE = date(1979, 7, 1)
LARGEST_AMOUNT = 1e15


def _date(value: str) -> date:
    try:
        parsed = date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(_("不是有效日期，应为 YYYY-MM-DD。")) from None
    if parsed < EARLIEST_DATE:
        raise ValueError(
            _("日期早于 %(earliest)s（《中外合资经营企业法》施行之日），不可能是外商投资数据。") % {"earliest": EARLIEST_DATE}
        )
    return parsed


def _number(value: str) -> float:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise ValueError(_("不是有效的数字。")) from None
    if number != number or number in (float("inf"), float("-inf")) or number < 0:
        raise ValueError(_("应为不小于零的有限数字。"))
    if number >= LARGEST_AMOUNT:
        raise ValueError(_("金额超过 10¹⁵，超出任何一笔真实交易的规模，请检查单位或小数点。"))
    return number


# The directions each flow feed may carry.
DIRECTIONS = {Feed.Kind.FX: ("inflow", "outflow"), Feed.Kind.CUSTOMS: ("import", "export")}


def _district_codes() -> set[str]:
    return set(Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOVERNMENT).values_list("code", flat=True))


# Rows checked between two progress reports: a delivery of a million rows moves the bar 100 times.
PROGRESS_EVERY = 10_000


def _parse(
    kind: str, header: list[str], rows: list[list[str]], progress: Progress | None = None
) -> tuple[dict[str, list], list[str]]:
    schema = FEED_SCHEMAS[kind]
    districts = _district_codes() if kind == Feed.Kind.REGISTRATION else set()
    missing = [f.name for f in schema if f.name not in header]
    if missing:
        return {}, [_("表头缺少以下列：%(columns)s") % {"columns": ", ".join(missing)}]
    index = {f.name: header.index(f.name) for f in schema}
    columns: dict[str, list] = {f.name: [] for f in schema}
    problems: list[str] = []
    currencies = set(rules().currencies)
    today = date.today()
    registered: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        checked = line - 2
        if progress is not None and checked and checked % PROGRESS_EVERY == 0:
            progress.advance(PROGRESS_EVERY, _("已检查 %(count)d 行") % {"count": checked})
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
                        raise ValueError(_("日期不能晚于今天。"))
                elif pa.types.is_floating(field.type):
                    value = _number(raw)
                elif field.name == "currency":
                    value = raw.upper()
                    if value not in currencies:
                        raise ValueError(_("币种应为以下之一：%(codes)s。") % {"codes": ", ".join(sorted(currencies))})
                elif field.name == "industry":
                    # Stored canonical, so the registration check compares like with like.
                    try:
                        value = normalise_industry_code(raw)
                    except IndustryCodeError as exc:
                        raise ValueError(str(exc)) from None
                elif field.name == "district":
                    value = raw
                    if value not in districts:
                        raise ValueError(_("不是区的代码（例如 district-chaoyang，见 directory/data/units.yaml）。"))
                elif field.name == "direction":
                    value = raw.lower()
                    if value not in DIRECTIONS[kind]:  # type: ignore[index]
                        raise ValueError(_("应为 %(values)s。") % {"values": " / ".join(DIRECTIONS[kind])})  # type: ignore[index]
                else:
                    value = raw
            except ValueError as exc:
                errors.append(
                    _("第%(row)d行，%(column)s：%(message)s（%(value)s）")
                    % {"row": line, "column": field.name, "message": exc or _("不是有效的值。"), "value": raw or _("空")}
                )
                continue
            parsed[field.name] = value
        if not errors and kind == Feed.Kind.REGISTRATION:
            # A registration delivery is one record per enterprise: two would make the district a guess.
            first = registered.setdefault(parsed["uscc"], line)
            if first != line:
                errors.append(
                    _("第%(row)d行，%(column)s：%(message)s（%(value)s）")
                    % {
                        "row": line,
                        "column": "uscc",
                        "message": _("与第%(first)d行重复。") % {"first": first},
                        "value": parsed["uscc"],
                    }
                )
        if errors:
            problems.extend(errors)
            continue
        for name, value in parsed.items():
            columns[name].append(value)
    return columns, problems


def ingest(kind: str, name: str, content: bytes, unit: Unit, user, progress: Progress | None = None) -> Feed:
    """Store one delivery as the next version of its kind, all rows or none. `progress` hears of the rows
    checked (every PROGRESS_EVERY) and of the storing."""
    if kind not in FEED_SCHEMAS:
        raise ImportRefused([_("未知的数据类型：%(kind)s") % {"kind": kind}])
    rows = read_rows(name, content, MAX_ROWS, MAX_BYTES, FEED_WORKBOOK)
    if not rows:
        raise ImportRefused([_("文件是空的。")])
    if progress is not None:
        progress.expect(len(rows))  # the data rows, and the storing
    columns, problems = _parse(kind, [c.strip() for c in rows[0]], rows[1:], progress)
    if problems:
        more = [_("……另有 %(n)d 处错误") % {"n": len(problems) - 200}] if len(problems) > 200 else []
        raise ImportRefused(problems[:200] + more)
    if progress is not None:
        progress.advance(progress.total - 1 - progress.done, _("已检查 %(count)d 行") % {"count": len(rows) - 1})
        progress.step(_("入库"))
    return _store(kind, name, pa.table(columns, schema=FEED_SCHEMAS[kind]), unit, user)


@contextmanager
def kind_lock(kind: str, base: Path | None = None) -> Iterator[Path]:
    """One delivery of a kind at a time on this store: the check for rows delivered before, the version number,
    the file and its Feed row happen together, so two uploads of the same file cannot both pass as new."""
    folder = store_dir(base) / "feeds" / kind
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sweep_orphans(kind: str, folder: Path) -> list[Path]:
    """Version files without a committed Feed row (a process killed between writing and committing) are moved
    aside, so no reader counts them and the next delivery does not take them for data delivered before."""
    committed = set(Feed.objects.filter(kind=kind).values_list("version", flat=True))
    moved = []
    for path in sorted(folder.glob("v*.parquet")):
        number = path.stem[1:]
        if not number.isdigit() or int(number) not in committed:
            aside = path.with_name(f".orphan-{uuid.uuid4().hex[:8]}-{path.name}")
            os.replace(path, aside)
            moved.append(aside)
    return moved


def sweep_all_orphans(base: Path | None = None) -> None:
    for kind in FEED_SCHEMAS:
        if (store_dir(base) / "feeds" / kind).exists():
            with kind_lock(kind, base) as folder:
                sweep_orphans(kind, folder)


def _not_delivered_before(kind: str, table: pa.Table) -> pa.Table:
    """The rows of a flow delivery that earlier deliveries do not already hold, so a re-sent file counts once.
    Identical rows are matched as many times as they occur: two equal payments on one day stay two."""
    from reporting.columnar import connect

    columns = ", ".join(f.name for f in FEED_SCHEMAS[kind])
    joined = " AND ".join(f"e.{f.name} = t.{f.name}" for f in FEED_SCHEMAS[kind])
    with connect() as con:
        con.register("delivery", table)
        return (
            con.sql(f"""
            WITH t AS (SELECT *, row_number() OVER (PARTITION BY {columns}) AS nth FROM delivery),
            e AS (SELECT {columns}, count(*) AS held FROM {kind} WHERE uscc IN (SELECT uscc FROM delivery) GROUP BY {columns})
            SELECT {", ".join("t." + f.name for f in FEED_SCHEMAS[kind])} FROM t LEFT JOIN e ON {joined}
            WHERE t.nth > coalesce(e.held, 0)
        """)
            .to_arrow_table()
            .cast(FEED_SCHEMAS[kind])
        )


def _store(kind: str, name: str, table: pa.Table, unit: Unit, user) -> Feed:
    with kind_lock(kind) as folder:
        sweep_orphans(kind, folder)
        delivered = table.num_rows
        if kind != Feed.Kind.REGISTRATION:  # a registration delivery is a whole snapshot; flows add up
            table = _not_delivered_before(kind, table)
        version = (Feed.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
        path = folder / f"v{version:06d}.parquet"
        pending = folder / f".pending-{uuid.uuid4().hex}.parquet"
        write_atomically(table, pending)
        try:
            with transaction.atomic():
                feed = Feed.objects.create(
                    kind=kind, version=version, rows=table.num_rows, repeated_rows=delivered - table.num_rows,
                    source_name=name[:255], path=str(path), unit=unit, uploaded_by=user,
                )  # fmt: skip
                # Renamed inside the transaction: if the commit fails the file goes too (below); if the process
                # dies in between, the next delivery or snapshot moves the file aside (sweep_orphans).
                os.replace(pending, path)
        except IntegrityError:
            path.unlink(missing_ok=True)
            raise ImportRefused([_("同类数据正在同时入库，请重新上传。")]) from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        finally:
            pending.unlink(missing_ok=True)
        return feed
