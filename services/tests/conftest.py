"""Personas for enterprise services: two verified enterprises (A and B) with one user each,
officers of 市公安局, 市经济和信息化局 and 市卫生健康委, and a coordinator."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import uscc

from directory.models import Enterprise, EnterpriseMembership, Unit, UnitMembership
from services import steps
from services.models import Issue

# A working day in the 2026 schedule, so clocks in tests do not depend on today.
TODAY = date(2026, 11, 25)


def valid_uscc(serial: int) -> str:
    body = f"91110105MA0{serial:06d}"
    return body + uscc.calc_check_digit(body)


def make_enterprise(name: str, serial: int, verified: bool = True) -> Enterprise:
    return Enterprise.objects.create(
        uscc=valid_uscc(serial),
        name=name,
        name_en=f"{name} Ltd.",
        investor_countries=["US"],  # type: ignore[misc]
        industry="6450",
        district=Unit.objects.get(code="district-chaoyang"),
        verification=Enterprise.Verification.VERIFIED if verified else Enterprise.Verification.PENDING,
    )


def member_of(django_user_model, username: str, enterprise: Enterprise):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1", email=f"{username}@example.com")
    EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    return user


def officer(django_user_model, username: str, unit_code: str):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-1", email=f"{username}@example.gov.cn")
    UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
    return user


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def ent_a():
    return make_enterprise("甲公司", 1)


@pytest.fixture
def ent_b():
    return make_enterprise("乙公司", 2)


@pytest.fixture
def alice(django_user_model, ent_a):
    """Acts for enterprise A."""
    return member_of(django_user_model, "alice", ent_a)


@pytest.fixture
def bob(django_user_model, ent_b):
    """Acts for enterprise B."""
    return member_of(django_user_model, "bob", ent_b)


@pytest.fixture
def police(django_user_model):
    return officer(django_user_model, "police", "bj-public-security")


@pytest.fixture
def econ(django_user_model):
    return officer(django_user_model, "econ", "bj-economy-it")


@pytest.fixture
def health(django_user_model):
    return officer(django_user_model, "health", "bj-health")


VISA_ISSUE = {
    "category": "visas",
    "language": "en",
    "title": "Two-year residence permit for our incoming general manager",
    "description": "Our parent company sends a senior manager to prepare a subsidiary in Beijing. Can he and his family get two-year residence permits?",
}


@pytest.fixture
def visa_issue(alice, ent_a) -> Issue:
    """Enterprise A's visa question, raised on TODAY and not yet routed."""
    return steps.raise_issue(ent_a, alice, dict(VISA_ISSUE), today=TODAY)


@pytest.fixture
def routed_issue(visa_issue, coordinator) -> Issue:
    """The visa question routed to 市公安局."""
    return steps.route(visa_issue, coordinator, unit("bj-public-security"))
