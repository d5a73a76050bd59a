"""Demo data for `make run`: fictional enterprises marked as demo, partners, a past roundtable, issues in several states."""

from __future__ import annotations

import pytest

from directory.models import Enterprise
from directory.uscc import uscc_problem
from services.demo import ROUNDTABLE_TOPIC, load_services_demo
from services.models import Issue, Partner, Roundtable

pytestmark = pytest.mark.django_db


def test_demo_data_is_marked_varied_and_loaded_once():
    assert load_services_demo().created
    enterprises = Enterprise.objects.all()
    assert enterprises.count() == 5
    assert all(e.is_demo and "演示" in e.name and uscc_problem(e.uscc) is None for e in enterprises)
    assert Partner.objects.count() == 2
    roundtable = Roundtable.objects.get(topic=ROUNDTABLE_TOPIC)
    assert set(roundtable.issues.values_list("status", flat=True)) == {"closed", "answered", "in_progress"}
    states = set(Issue.objects.values_list("status", flat=True))
    assert {"submitted", "in_progress", "answered", "closed"} <= states
    assert Issue.objects.filter(transfer_requests__decision="pending").exists()
    assert not load_services_demo().created
    assert Enterprise.objects.count() == 5
