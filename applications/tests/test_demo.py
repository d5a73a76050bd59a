"""Demo applications for `make run`, built on the services demo enterprises."""

from __future__ import annotations

import pytest

from applications.catalogue import load_sample
from applications.demo import load_applications_demo
from applications.models import Application
from services.demo import load_services_demo
from tracking.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_applications_come_in_several_states_once():
    assert not load_applications_demo()  # no demo enterprises yet
    load_demo()
    load_services_demo()
    load_sample()
    assert load_applications_demo()
    assert set(Application.objects.values_list("status", flat=True)) == {"info_requested", "approved", "draft"}
    assert Application.objects.get(status="approved").letter
    assert not load_applications_demo()
