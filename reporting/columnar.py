"""The columnar side of the statistics function: reports and department feeds as Parquet files,
queried with DuckDB on one machine.

Why Parquet + DuckDB: the cross-checks scan every report against millions of FX rows; a columnar
scan does that in seconds on two cores, where row-by-row ORM queries would take minutes. The
files are plain Parquet and the SQL is ANSI with DuckDB's common functions, so Spark SQL or Trino
can run the same queries over the same files (on object storage) when one machine is outgrown.

Layout under settings.REPORTING_STORE_DIR:
    reports.parquet, investors.parquet, contributions.parquet   snapshot of the database, rewritten whole
    feeds/<kind>/v000001.parquet …                                one file per delivery, never rewritten
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

REPORT_SCHEMA = pa.schema(
    [
        ("id", pa.int64()), ("uscc", pa.string()), ("kind", pa.string()), ("status", pa.string()), ("district", pa.string()),
        ("industry", pa.string()), ("name", pa.string()), ("registered_capital", pa.float64()), ("capital_currency", pa.string()),
        ("event_date", pa.date32()), ("year", pa.int32()), ("revenue", pa.float64()), ("total_assets", pa.float64()),
        ("total_liabilities", pa.float64()), ("employees", pa.int64()), ("filed_by", pa.int64()), ("zone", pa.string()),
    ]
)  # fmt: skip
INVESTOR_SCHEMA = pa.schema([("report_id", pa.int64()), ("name", pa.string()), ("country", pa.string()), ("share", pa.float64())])
CONTRIBUTION_SCHEMA = pa.schema(
    [
        ("report_id", pa.int64()),
        ("investor", pa.string()),
        ("country", pa.string()),
        ("amount", pa.float64()),
        ("currency", pa.string()),
        ("paid_on", pa.date32()),
    ]
)
FX_SCHEMA = pa.schema(
    [
        ("uscc", pa.string()),
        ("date", pa.date32()),
        ("direction", pa.string()),
        ("amount", pa.float64()),
        ("currency", pa.string()),
    ]
)
REGISTRATION_SCHEMA = pa.schema(
    [
        ("uscc", pa.string()),
        ("name", pa.string()),
        ("registered_capital", pa.float64()),
        ("currency", pa.string()),
        ("industry", pa.string()),
        ("district", pa.string()),
        ("registered_on", pa.date32()),
    ]
)
CUSTOMS_SCHEMA = pa.schema(
    [("uscc", pa.string()), ("date", pa.date32()), ("direction", pa.string()), ("amount_usd", pa.float64())]
)
FEED_SCHEMAS = {"fx": FX_SCHEMA, "registration": REGISTRATION_SCHEMA, "customs": CUSTOMS_SCHEMA}


def store_dir(base: Path | None = None) -> Path:
    path = Path(base or settings.REPORTING_STORE_DIR)
    (path / "feeds").mkdir(parents=True, exist_ok=True)
    return path


def write_atomically(table: pa.Table, path: Path) -> None:
    """Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own, so two writers at once never share a half-written file.
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, path)


def feed_files(base: Path, kind: str) -> list[Path]:
    return sorted((base / "feeds" / kind).glob("v*.parquet"))


@contextmanager
def connect(base: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with views over the store: reports, investors, contributions, fx, customs, and
    registration (the latest delivery only: each registration delivery is a full snapshot)."""
    root = store_dir(base)
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {os.cpu_count() or 2}")
        for name, schema in (("reports", REPORT_SCHEMA), ("investors", INVESTOR_SCHEMA), ("contributions", CONTRIBUTION_SCHEMA)):
            _view(con, name, [root / f"{name}.parquet"], schema)
        _view(con, "fx", feed_files(root, "fx"), FX_SCHEMA)
        _view(con, "customs", feed_files(root, "customs"), CUSTOMS_SCHEMA)
        _view(con, "registration", feed_files(root, "registration")[-1:], REGISTRATION_SCHEMA)
        yield con
    finally:
        con.close()


def _view(con: duckdb.DuckDBPyConnection, name: str, files: list[Path], schema: pa.Schema) -> None:
    existing = [str(f) for f in files if f.exists()]
    if existing:
        listed = ", ".join("'" + f.replace("'", "''") + "'" for f in existing)
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}])")
    else:
        # An empty table of the right shape keeps every query valid before the first delivery.
        con.register(f"{name}_empty", schema.empty_table())
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_empty")
