"""FDI statistics from the columnar store: actual use of foreign investment (实际使用外资) and new
foreign-invested enterprises, by period and by district, industry, source country or zone, with the
change on the same period a year earlier, and the reports behind every figure.

Only reviewed figures count: paid-in capital in reports accepted at city level, plus capital inflows
of leads (到资线索) a reviewer confirmed. Amounts are added in US dollars (data/exchange_rates.yaml).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pyarrow as pa
import yaml

from reporting.columnar import connect

RATES = Path(__file__).resolve().parent / "data" / "exchange_rates.yaml"
Dimension = Literal["district", "section", "division", "country", "zone", "total"]
Grain = Literal["year", "quarter", "month"]
DIMENSIONS: tuple[Dimension, ...] = ("total", "district", "section", "division", "country", "zone")
GRAINS: tuple[Grain, ...] = ("year", "quarter", "month")


@lru_cache(maxsize=1)
def rates() -> dict:
    return yaml.safe_load(RATES.read_text(encoding="utf-8"))


def _rates_table() -> pa.Table:
    usd = rates()["usd_per_unit"]
    return pa.table({"currency": list(usd), "usd": [float(v) for v in usd.values()]})


def _section_table() -> pa.Table:
    from directory.industries import sections

    pairs = [(d.code, s.code) for s in sections() for d in s.divisions]
    return pa.table({"division": [p[0] for p in pairs], "section": [p[1] for p in pairs]})


def _period(grain: Grain, column: str) -> str:
    if grain == "year":
        return f"CAST(year({column}) AS VARCHAR)"
    if grain == "quarter":
        return f"CAST(year({column}) AS VARCHAR) || '-Q' || CAST(quarter({column}) AS VARCHAR)"
    return f"strftime({column}, '%Y-%m')"


def _key(dimension: Dimension) -> str:
    return {
        "total": "'total'", "district": "district", "section": "coalesce(section, '?')", "division": "left(industry, 2)",
        "country": "country", "zone": "coalesce(zone, '—')",
    }[dimension]  # fmt: skip


@dataclass
class Row:
    period: str
    key: str
    fdi_usd: float
    new_fies: int
    fdi_usd_last_year: float | None
    new_fies_last_year: int | None

    @property
    def fdi_change(self) -> float | None:
        if not self.fdi_usd_last_year:
            return None
        return round(100 * (self.fdi_usd - self.fdi_usd_last_year) / self.fdi_usd_last_year, 1)


FLOWS_FILE, NEW_FILE = "fdi_flows.parquet", "new_fies.parquet"


def materialize(base: Path | None = None) -> None:
    """Write the two tables the statistics read: accepted paid-in capital (each payment once, in USD, with its
    industry section) and accepted initial reports. Done once per snapshot, so each page view only aggregates."""
    from reporting.columnar import store_dir

    root = store_dir(base)
    with connect(root) as con:
        con.register("rates", _rates_table())
        con.register("sections", _section_table())
        flows = root / FLOWS_FILE
        flows_partial, new_partial = (
            root / f".{name}.{os.getpid()}.{uuid.uuid4().hex}.partial" for name in (FLOWS_FILE, NEW_FILE)
        )
        # Each payment once per enterprise (it recurs in the initial, change and annual reports), placed by the
        # enterprise's latest accepted report, so a move of district or industry does not count it twice.
        con.execute(f"""
            COPY (
                WITH accepted AS (SELECT * FROM reports WHERE status = 'accepted'),
                latest AS (
                    SELECT uscc, district, industry, zone FROM accepted
                    QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY id DESC) = 1),
                payments AS (
                    SELECT r.uscc, c.investor, c.amount, c.currency, c.paid_on AS day, max_by(c.country, r.id) AS country
                    FROM contributions c JOIN accepted r ON r.id = c.report_id
                    GROUP BY r.uscc, c.investor, c.amount, c.currency, c.paid_on)
                SELECT p.uscc, l.district, l.industry, l.zone, p.country, p.investor, p.amount, p.currency, p.day,
                       p.amount * x.usd AS usd, s.section
                FROM payments p JOIN latest l ON l.uscc = p.uscc JOIN rates x ON x.currency = p.currency
                LEFT JOIN sections s ON s.division = left(l.industry, 2)
            ) TO '{_quoted(flows_partial)}' (FORMAT parquet)""")
        new = root / NEW_FILE
        con.execute(f"""
            COPY (
                SELECT r.id, r.uscc, r.district, r.industry, r.zone, r.event_date, s.section
                FROM reports r LEFT JOIN sections s ON s.division = left(r.industry, 2)
                WHERE r.kind = 'initial' AND r.status = 'accepted'
                QUALIFY row_number() OVER (PARTITION BY r.uscc ORDER BY r.id DESC) = 1
            ) TO '{_quoted(new_partial)}' (FORMAT parquet)""")
    os.replace(flows_partial, flows)
    os.replace(new_partial, new)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _materialized(con, root: Path) -> None:
    from reporting.columnar import store_dir

    root = store_dir(root)
    if not (root / FLOWS_FILE).exists():
        materialize(root)
    con.execute(f"CREATE VIEW flows AS SELECT * FROM read_parquet('{_quoted(root / FLOWS_FILE)}')")
    con.execute(f"CREATE VIEW new_fies AS SELECT * FROM read_parquet('{_quoted(root / NEW_FILE)}')")


def table(
    dimension: Dimension = "total", grain: Grain = "year", base: Path | None = None, confirmed_leads: list[tuple] | None = None
) -> list[Row]:
    """The statistics table; `confirmed_leads` are (uscc, district, industry, zone, country, amount, currency, day) rows."""
    from reporting.columnar import store_dir

    root = store_dir(base)
    with connect(root) as con:
        _materialized(con, root)
        con.register("rates", _rates_table())
        con.register("sections", _section_table())
        leads = pa.table(
            {
                name: [row[i] for row in (confirmed_leads or [])]
                for i, name in enumerate(("uscc", "district", "industry", "zone", "country", "amount", "currency", "day"))
            },
            schema=pa.schema(
                [
                    ("uscc", pa.string()),
                    ("district", pa.string()),
                    ("industry", pa.string()),
                    ("zone", pa.string()),
                    ("country", pa.string()),
                    ("amount", pa.float64()),
                    ("currency", pa.string()),
                    ("day", pa.date32()),
                ]
            ),
        )
        con.register("leads", leads)
        key = _key(dimension)
        sql = f"""
            WITH all_flows AS (
                SELECT district, industry, zone, country, day, usd, section FROM flows
                UNION ALL
                SELECT l.district, l.industry, l.zone, l.country, l.day, l.amount * x.usd, s.section
                FROM leads l JOIN rates x ON x.currency = l.currency LEFT JOIN sections s ON s.division = left(l.industry, 2)
                -- A lead stops counting once accepted reports give paid-in capital for its year, in whatever currency
                -- (capital reported in CNY may arrive as USD): the money is then in flows and must not count twice.
                WHERE NOT EXISTS (SELECT 1 FROM flows f WHERE f.uscc = l.uscc AND year(f.day) = year(l.day))),
            fdi AS (SELECT {_period(grain, "day")} AS period, {key} AS k, sum(usd) AS usd FROM all_flows GROUP BY ALL),
            new AS (SELECT {_period(grain, "event_date")} AS period, {key.replace("country", "'—'")} AS k, count(DISTINCT uscc) AS n FROM new_fies GROUP BY ALL),
            joined AS (
                SELECT coalesce(f.period, n.period) AS period, coalesce(f.k, n.k) AS k, coalesce(f.usd, 0) AS usd, coalesce(n.n, 0) AS n
                FROM fdi f FULL OUTER JOIN new n ON n.period = f.period AND n.k = f.k)
            SELECT a.period, a.k, a.usd, a.n, b.usd AS usd_ly, b.n AS n_ly
            FROM joined a LEFT JOIN joined b ON b.k = a.k AND b.period = {_last_year("a.period")}
            ORDER BY a.period, a.usd DESC
        """
        return [
            Row(p, k, round(u, 2), int(n), round(ul, 2) if ul is not None else None, nl)
            for p, k, u, n, ul, nl in con.execute(sql).fetchall()
        ]


def _last_year(column: str) -> str:
    """The same period a year earlier: '2025' → '2024', '2025-Q3' → '2024-Q3', '2025-07' → '2024-07'."""
    return f"CAST(CAST(left({column}, 4) AS INTEGER) - 1 AS VARCHAR) || substr({column}, 5)"


def behind(dimension: Dimension, key: str, period: str, grain: Grain, base: Path | None = None) -> list[int]:
    """The ids of the reports whose paid-in capital makes up one figure (the drill-down)."""
    from reporting.columnar import store_dir

    root = store_dir(base)
    with connect(root) as con:
        _materialized(con, root)
        sql = f"""
            WITH payments AS (SELECT * FROM flows WHERE {_period(grain, "day")} = ? AND {_key(dimension)} = ?)
            SELECT DISTINCT r.id FROM payments p
            JOIN reports r ON r.uscc = p.uscc AND r.status = 'accepted'
            JOIN contributions c ON c.report_id = r.id AND c.investor = p.investor AND c.amount = p.amount AND c.paid_on = p.day
            ORDER BY r.id LIMIT 1000
        """
        return [row[0] for row in con.execute(sql, [period, key]).fetchall()]


def last_completed_year(today: date) -> int:
    return today.year - 1
