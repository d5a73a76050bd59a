"""The personas every app's tests sign in as, one set for the whole suite (a pytest plugin, loaded by the root
conftest). Each is a person with a name, an address and a password, in the role the name says:

- `coordinator`: 市商务局 / 两区办, who coordinates the ledger, routes issues and decides reports;
- `lead_officer`, `co_officer`: of the lead unit and a co-operating unit of seed 000 measure 2 (telecom opening:
  市经济和信息化局 leads, 北京市通信管理局 co-operates); `other_officer`: of a unit with no part in it;
- `enterprise_a`, `enterprise_b`: members of two verified FIEs (`firm_a` in Chaoyang, `firm_b` in Haidian);
- `district_reviewer` (Chaoyang, firm A's district) and `city_reviewer`: the FDI report's two review levels;
- `anonymous`: nobody signed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from stdnum.cn import uscc

LEAD_UNIT = "bj-economy-it"
CO_UNIT = "cn-comms-beijing"
OTHER_UNIT = "bj-health"
DISTRICT_A = "district-chaoyang"
DISTRICT_B = "district-haidian"


@dataclass(frozen=True)
class Persona:
    username: str
    name: str  # as the sign-up form takes it (姓名, in first_name): 王敏, not first and last apart

    @property
    def password(self) -> str:
        return f"pw-{self.username}-1"

    @property
    def email(self) -> str:
        return f"{self.username}@example.gov.cn"


PERSONAS = {
    "coordinator": Persona("coord", "王敏"),
    "lead_officer": Persona("lead", "李磊"),
    "co_officer": Persona("co", "张静"),
    "other_officer": Persona("other", "刘强"),
    "enterprise_a": Persona("ent-a", "Anna Schmidt"),
    "enterprise_b": Persona("ent-b", "Ben Tanaka"),
    "district_reviewer": Persona("rev-district", "陈芳"),
    "city_reviewer": Persona("rev-city", "赵伟"),
}


def uscc_code(serial: int) -> str:
    """A valid 统一社会信用代码 for a test enterprise, different for each serial."""
    body = f"91110105MA0{serial:06d}"
    return body + uscc.calc_check_digit(body)


def make_person(name: str, *, unit: str | None = None, enterprise=None, perm: str | None = None) -> User:
    """The persona `name` (a key of PERSONAS) as a saved user, with their unit, enterprise or permission."""
    from directory.models import EnterpriseMembership, Unit, UnitMembership

    persona = PERSONAS[name]
    user = User.objects.create_user(
        persona.username,
        email=persona.email,
        password=persona.password,
        first_name=persona.name,
    )
    if unit:
        UnitMembership.objects.create(user=user, unit=Unit.objects.get(code=unit))
    if enterprise is not None:
        EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    if perm:
        user.user_permissions.add(Permission.objects.get(codename=perm))
    return user


def make_firm(name: str, serial: int, district: str, industry: str = "2710"):
    from directory.models import Enterprise, Unit

    return Enterprise.objects.create(
        uscc=uscc_code(serial),
        name=name,
        industry=industry,
        district=Unit.objects.get(code=district),
        investor_countries=["DE"],
        verification=Enterprise.Verification.VERIFIED,
    )


@pytest.fixture
def firm_a(db):
    """A verified FIE in Chaoyang (pharmaceuticals)."""
    return make_firm("甲医药（北京）有限公司", 1, DISTRICT_A)


@pytest.fixture
def firm_b(db):
    """A verified FIE in Haidian."""
    return make_firm("乙科技（北京）有限公司", 2, DISTRICT_B)


@pytest.fixture
def coordinator(db) -> User:
    from directory.roles import coordinator_group

    user = make_person("coordinator")
    user.groups.add(coordinator_group())
    return user


@pytest.fixture
def lead_officer(db) -> User:
    return make_person("lead_officer", unit=LEAD_UNIT)


@pytest.fixture
def co_officer(db) -> User:
    return make_person("co_officer", unit=CO_UNIT)


@pytest.fixture
def other_officer(db) -> User:
    return make_person("other_officer", unit=OTHER_UNIT)


@pytest.fixture
def enterprise_a(firm_a) -> User:
    return make_person("enterprise_a", enterprise=firm_a)


@pytest.fixture
def enterprise_b(firm_b) -> User:
    return make_person("enterprise_b", enterprise=firm_b)


@pytest.fixture
def district_reviewer(db) -> User:
    return make_person("district_reviewer", unit=DISTRICT_A, perm="review_district")


@pytest.fixture
def city_reviewer(db) -> User:
    return make_person("city_reviewer", perm="review_city")


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()
