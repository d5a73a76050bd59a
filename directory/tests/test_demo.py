"""Demo data (accounts with published passwords) is written only in development."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

DEMO_COMMANDS = ["load_demo", "load_services_demo", "load_applications_demo", "load_promotion_demo", "demo_data"]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "k" * 20 + "-production-like-secret-" + "z" * 30


@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_a_demo_command_is_refused_on_production_settings(production, command):
    with pytest.raises(CommandError, match="only in development"):
        call_command(command)


@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_a_refused_demo_command_writes_no_account(production, command):
    with pytest.raises(CommandError):
        call_command(command)
    assert not get_user_model().objects.exists()
