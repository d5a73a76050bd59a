"""After signing in, each person lands where their work is."""

from __future__ import annotations

import pytest

from directory.models import Enterprise, EnterpriseMembership, Unit, UnitMembership
from directory.roles import coordinator_group

pytestmark = pytest.mark.django_db


def landing(client, user) -> str:
    client.force_login(user)
    return client.get("/accounts/home/")["Location"]


def test_officials_land_on_the_ledger(client, django_user_model):
    coordinator = django_user_model.objects.create_user("c")
    coordinator.groups.add(coordinator_group())
    officer = django_user_model.objects.create_user("o")
    UnitMembership.objects.create(user=officer, unit=Unit.objects.get(code="bj-commerce"))
    assert landing(client, coordinator) == "/tracking/"
    assert landing(client, officer) == "/tracking/"


def test_enterprises_land_on_their_home_and_others_on_the_corpus(client, django_user_model):
    enterprise = Enterprise.objects.create(uscc="91110000600037341L", name="甲", industry="64")
    user = django_user_model.objects.create_user("e")
    EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    assert landing(client, user) == "/services/"
    assert landing(client, django_user_model.objects.create_user("x")) == "/"
