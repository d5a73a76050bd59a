"""A fictional, reproducible population for the statistics function: enterprises across districts,
industries and source countries, two years of accepted reports with paid-in capital, the FX bureau's
capital flows and the registration records — and a small share of planted anomalies of every kind the
cross-checks look for. Everything is marked as demo data; the same seed gives the same population."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pyarrow as pa
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc as uscc_check

from directory.models import Enterprise, Unit, UnitMembership, Zone
from reporting.columnar import FEED_SCHEMAS, store_dir, write_atomically
from reporting.feeds import DEPARTMENTS
from reporting.models import Contribution, Feed, Investor, Report, ReportEvent

DISTRICTS = [("district-chaoyang", 30), ("district-haidian", 25), ("district-dongcheng", 8), ("district-xicheng", 8), ("district-fengtai", 12),
             ("district-shunyi", 8), ("district-daxing", 8), ("district-tongzhou", 35)]  # fmt: skip
INDUSTRIES = [
    ("6450", 14),
    ("6513", 12),
    ("7243", 10),
    ("5191", 10),
    ("2710", 8),
    ("3670", 6),
    ("7320", 8),
    ("6620", 6),
    ("7010", 4),
    ("3990", 6),
]
COUNTRIES = [
    ("HK", 55),
    ("SG", 8),
    ("US", 8),
    ("JP", 6),
    ("DE", 5),
    ("KR", 4),
    ("GB", 4),
    ("TW", 3),
    ("MO", 2),
    ("FR", 2),
    ("CH", 2),
    ("NL", 1),
]
YEARS = (2024, 2025)
# Of every hundred enterprises, how many carry each planted anomaly of one enterprise.
ANOMALY_RATE = 2
PER_ENTERPRISE = ["paid_in", "lead", "no_inflow", "registration", "duplicate", "jump", "round_trip"]
# Anomalies of a group: every payment filed in one district is a round million; one district's
# reporter types amounts that ignore Benford's law.
ROUND_DISTRICT, BENFORD_DISTRICT = "district-fengtai", "district-tongzhou"


@dataclass
class Population:
    enterprises: int = 0
    reports: int = 0
    fx_rows: int = 0
    planted: dict[str, list[str]] = field(default_factory=dict)


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _code(serial: int) -> str:
    body = f"91110000MA{serial:07d}"
    return body + uscc_check.calc_check_digit(body)


def _amount(rng: random.Random, median: float, spread: float = 1.1) -> Decimal:
    """Log-normal amounts with cents; a wide spread (over several decades) makes first digits follow Benford's law as real payments do."""
    return Decimal(str(round(median * math.exp(rng.gauss(0, spread)), 2)))


def _reviewers(districts: dict[str, Unit]) -> tuple:
    User = get_user_model()
    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="reporting")}

    def account(username: str, unit: Unit, perm: str):
        user, made = User.objects.get_or_create(username=username)
        if made:
            user.set_password(f"investbj-demo-{username}")
            user.save()
        UnitMembership.objects.get_or_create(user=user, unit=unit)
        user.user_permissions.add(perms[perm])
        return user

    for code, unit in districts.items():
        account(f"reviewer-{code.removeprefix('district-')}", unit, "review_district")
    city = account("reviewer-city", Unit.objects.get(code="bj-commerce"), "review_city")
    fx = account("fx-officer", Unit.objects.get(code="cn-safe-beijing"), "upload_feed")
    account("registration-officer", Unit.objects.get(code="bj-market-regulation"), "upload_feed")
    return city, fx


@transaction.atomic
def generate(enterprises: int, seed: int = 20251125, today: date | None = None) -> Population:
    """Create `enterprises` demo enterprises with their reports and the department feeds, reproducibly from `seed`."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    districts = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _w in DISTRICTS])}
    city, fx_officer = _reviewers(districts)
    zones = list(Zone.objects.filter(kind__in=["zgc_park", "ftz_area"]).order_by("code"))
    filers = {code: get_user_model().objects.get(username=f"reviewer-{code.removeprefix('district-')}") for code in districts}
    start = (Enterprise.objects.filter(is_demo=True, uscc__startswith="91110000MA").count() or 0) + 1
    population = Population(
        planted={
            k: [] for k in ("paid_in", "lead", "no_inflow", "registration", "duplicate", "jump", "round", "benford", "round_trip")
        }
    )
    fx_rows: list[dict] = []
    registrations: list[dict] = []
    round_district = ROUND_DISTRICT
    benford_filer = filers[BENFORD_DISTRICT]
    for n in range(start, start + enterprises):
        code = _code(n)
        district = _pick(rng, DISTRICTS)
        enterprise = Enterprise.objects.create(
            uscc=code, name=f"演示外资企业{n:05d}（北京）有限公司（演示）", name_en=f"Demo FIE {n:05d} (Beijing) Co., Ltd. (demo)",
            investor_countries=[], industry=_pick(rng, INDUSTRIES), district=districts[district],  # type: ignore[misc]
            zone=rng.choice(zones) if zones and rng.random() < 0.3 else None, verification=Enterprise.Verification.VERIFIED, is_demo=True,
        )  # fmt: skip
        population.enterprises += 1
        anomaly = rng.randrange(100) < ANOMALY_RATE * len(PER_ENTERPRISE) and rng.choice(PER_ENTERPRISE)
        if anomaly == "lead":
            # The FX bureau sees money arrive for an enterprise that has filed nothing.
            population.planted["lead"].append(code)
            fx_rows.append(
                {
                    "uscc": code,
                    "date": date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                    "direction": "inflow",
                    "amount": float(_amount(rng, 2e6)),
                    "currency": "USD",
                }
            )
            registrations.append(_registration(enterprise, 5_000_000.0, "USD"))
            continue
        capital = float(_amount(rng, 8e6))
        countries = [_pick(rng, COUNTRIES) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        shares = _shares(rng, len(countries))
        filer = filers[district]
        registrations.append(
            _registration(enterprise, capital, "USD", name=("另一家企业名称（演示）" if anomaly == "registration" else None))
        )
        if anomaly == "registration":
            population.planted["registration"].append(code)
        set_up = date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28))
        _report(enterprise, "initial", filer, capital, countries, shares, event_date=set_up)
        revenue = float(_amount(rng, 2e7))
        for year in YEARS:
            if anomaly == "jump" and year == 2025:
                revenue *= 9
                population.planted["jump"].append(code)
            payments = []
            for country, _share in zip(countries, shares, strict=True):
                if rng.random() < 0.7:
                    amount = (
                        Decimal(rng.randint(1, 9) * 1_000_000)
                        if (anomaly == "round" or district == round_district)
                        else _amount(rng, 1.5e6, spread=2.3)
                    )
                    if filer == benford_filer and rng.random() < 0.8:
                        amount = Decimal(str(round(rng.uniform(5e6, 9.9e6), 2)))
                    payments.append((country, amount, date(year, rng.randint(1, 12), rng.randint(1, 28))))
            _report(enterprise, "annual", filer, capital, countries, shares, year=year, revenue=revenue, payments=payments)
            if anomaly == "duplicate" and year == 2025:
                _report(enterprise, "annual", filer, capital, countries, shares, year=year, revenue=revenue, payments=payments)
                population.planted["duplicate"].append(code)
            for _country, amount, paid_on in payments:
                if anomaly == "no_inflow" and year == 2025:
                    population.planted["no_inflow"].append(code)
                    continue
                seen = float(amount) * (1.4 if anomaly == "paid_in" and year == 2025 else 1.0)
                if anomaly == "paid_in" and year == 2025:
                    population.planted["paid_in"].append(code)
                fx_rows.append(
                    {
                        "uscc": code,
                        "date": min(paid_on + timedelta(days=rng.randint(0, 3)), date(year, 12, 31), today),
                        "direction": "inflow",
                        "amount": round(seen, 2),
                        "currency": "USD",
                    }
                )
                if anomaly == "round_trip" and year == 2025:
                    fx_rows.append(
                        {
                            "uscc": code,
                            "date": min(paid_on + timedelta(days=rng.randint(5, 25)), today),
                            "direction": "outflow",
                            "amount": round(seen * 0.98, 2),
                            "currency": "USD",
                        }
                    )
                    population.planted["round_trip"].append(code)
            revenue *= rng.uniform(0.85, 1.3)
        enterprise.investor_countries = sorted(set(countries))  # type: ignore[assignment,misc]
        enterprise.save(update_fields=["investor_countries"])
    population.reports = Report.objects.filter(enterprise__is_demo=True).count()
    population.fx_rows = len(fx_rows)
    _feed(Feed.Kind.FX, fx_rows, fx_officer)
    _feed(Feed.Kind.REGISTRATION, registrations, fx_officer)
    for kind in population.planted:
        population.planted[kind] = sorted(set(population.planted[kind]))
    population.planted["round"] = [ROUND_DISTRICT]
    population.planted["benford"] = [BENFORD_DISTRICT]
    return population


def _shares(rng: random.Random, count: int) -> list[Decimal]:
    if count == 1:
        return [Decimal(100)]
    cuts = sorted(rng.sample(range(5, 96), count - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return [Decimal(p) for p in parts]


def _registration(enterprise: Enterprise, capital: float, currency: str, name: str | None = None) -> dict:
    return {
        "uscc": enterprise.uscc, "name": name or enterprise.name, "registered_capital": capital, "currency": currency,
        "industry": enterprise.industry, "district": enterprise.district.code if enterprise.district else "", "registered_on": date(2019, 1, 1),
    }  # fmt: skip


def _report(
    enterprise, kind, filer, capital, countries, shares, *, event_date=None, year=None, revenue=None, payments=()
) -> Report:
    now = timezone.now()
    report = Report.objects.create(
        kind=kind, enterprise=enterprise, district=enterprise.district, status=Report.Status.ACCEPTED, source=Report.Source.IMPORT,
        uscc=enterprise.uscc, name=enterprise.name, industry=enterprise.industry, registered_capital=Decimal(str(capital)).quantize(Decimal("0.01")),
        capital_currency="USD", event_date=event_date, year=year,
        revenue=Decimal(str(round(revenue, 2))) if revenue is not None else None,
        total_assets=Decimal(str(round((revenue or capital) * 1.6, 2))) if kind == "annual" else None,
        total_liabilities=Decimal(str(round((revenue or capital) * 0.5, 2))) if kind == "annual" else None,
        employees=50 if kind == "annual" else None, filed_by=filer, submitted_at=now, accepted_at=now,
    )  # fmt: skip
    # Generated reports are recorded like imported ones, so the audit trail and the snapshot's marker see them.
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.IMPORTED, actor=filer, comment="演示数据，按已审核通过生成")
    investors = {}
    for i, (country, share) in enumerate(zip(countries, shares, strict=True)):
        investors[country + str(i)] = Investor.objects.create(
            report=report, name=f"Demo Investor {country}-{i + 1}（演示）", country=country, share=share
        )
    for country, amount, paid_on in payments:
        investor = next(inv for key, inv in investors.items() if key.startswith(country))
        Contribution.objects.create(report=report, investor=investor, amount=amount, currency="USD", paid_on=paid_on)
    return report


def _feed(kind: Feed.Kind, rows: list[dict], user) -> Feed | None:
    if not rows:
        return None
    from django.db.models import Max

    version = (Feed.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    path = store_dir() / "feeds" / kind / f"v{version:06d}.parquet"
    write_atomically(pa.Table.from_pylist(rows, schema=FEED_SCHEMAS[kind]), path)
    return Feed.objects.create(
        kind=kind,
        version=version,
        rows=len(rows),
        source_name="demo-data",
        path=str(path),
        unit=Unit.objects.get(code=DEPARTMENTS[kind]),
        uploaded_by=user,
    )
