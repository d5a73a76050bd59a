"""Personas for information reports: enterprises in 朝阳 (A, B) and 海淀 (C), district reviewers of 朝阳
and 海淀, a city reviewer, a coordinator; and a valid annual report's data to vary."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from stdnum.cn import uscc

from directory.models import Enterprise, EnterpriseMembership, Unit, UnitMembership
from reporting.validation import ContributionData, InvestorData, ReportData

TODAY = date(2026, 11, 25)


def code(serial: int) -> str:
    body = f"91110105MA0{serial:06d}"
    return body + uscc.calc_check_digit(body)


def enterprise(name: str, serial: int, district: str) -> Enterprise:
    return Enterprise.objects.create(
        uscc=code(serial),
        name=name,
        industry="6450",
        district=Unit.objects.get(code=district),
        verification=Enterprise.Verification.VERIFIED,
    )


def person(django_user_model, username: str, *, enterprise=None, unit_code=None, perm=None):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1")
    if enterprise is not None:
        EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    if unit_code is not None:
        UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
    if perm is not None:
        user.user_permissions.add(Permission.objects.get(codename=perm, content_type__app_label="reporting"))
    return user


def annual(uscc_code: str, **changes) -> ReportData:
    data = ReportData(
        kind="annual", uscc=uscc_code, name="甲科技（北京）有限公司", industry="6450", registered_capital="10000000", capital_currency="USD",
        year=2025, revenue="52000000", total_assets="80000000", total_liabilities="30000000", employees="120",
        investors=[InvestorData("Alpha Holdings Ltd.", "HK", "60", "Alpha Family Trust", "HK"), InvestorData("Beta GmbH", "DE", "40")],
        contributions=[ContributionData("Alpha Holdings Ltd.", "6000000", "USD", "2025-03-01"), ContributionData("Beta GmbH", "4000000", "USD", "2025-04-15")],
    )  # fmt: skip
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def ent_a():
    return enterprise("甲科技（北京）有限公司", 1, "district-chaoyang")


@pytest.fixture
def ent_c():
    return enterprise("丙医药（北京）有限公司", 3, "district-haidian")


@pytest.fixture
def alice(django_user_model, ent_a):
    return person(django_user_model, "alice", enterprise=ent_a)


@pytest.fixture
def carol(django_user_model, ent_c):
    return person(django_user_model, "carol", enterprise=ent_c)


@pytest.fixture
def chaoyang(django_user_model):
    return person(django_user_model, "chaoyang", unit_code="district-chaoyang", perm="review_district")


@pytest.fixture
def haidian(django_user_model):
    return person(django_user_model, "haidian", unit_code="district-haidian", perm="review_district")


@pytest.fixture
def city(django_user_model):
    return person(django_user_model, "city", unit_code="bj-commerce", perm="review_city")


@pytest.fixture
def submitted(alice, ent_a):
    """Enterprise A's annual report for 2025, submitted for district review."""
    from reporting import intake

    return intake.submit(intake.save(annual(ent_a.uscc), ent_a, alice, today=TODAY), alice)


@pytest.fixture(autouse=True)
def own_store(tmp_path, settings):
    """Each test its own columnar store, so no snapshot outlives its database."""
    settings.REPORTING_STORE_DIR = tmp_path / "columnar"


@pytest.fixture
def accepted(submitted, chaoyang, city):
    """Enterprise A's 2025 annual report, accepted at both levels."""
    from reporting import intake

    intake.review(submitted, chaoyang, "district", accept=True)
    return intake.review(submitted, city, "city", accept=True)


@pytest.fixture
def safe_officer(django_user_model):
    return person(django_user_model, "safe", unit_code="cn-safe-beijing", perm="upload_feed")
