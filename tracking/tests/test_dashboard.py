from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import UnitMembership
from tracking.demo import PAST_ROUND, demo_password
from tracking.models import DispatchRound, ProgressReport, Task

pytestmark = pytest.mark.django_db


def test_the_demo_gives_a_living_board_and_loads_once(client, capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "coordinator" in first and demo_password("bj-economy-it") in first
    tasks, reports = Task.objects.count(), ProgressReport.objects.count()
    assert tasks == 23 and reports > 0 and DispatchRound.objects.get(title=PAST_ROUND).closed_at is not None
    call_command("load_demo")
    again = capsys.readouterr().out
    assert "demo accounts" not in again
    assert (Task.objects.count(), ProgressReport.objects.count()) == (tasks, reports)
    assert UnitMembership.objects.filter(user__username="bj-economy-it", unit__code="bj-economy-it").exists()
    assert client.login(username="bj-economy-it", password=demo_password("bj-economy-it"))
    assert client.get(reverse("tracking:board")).status_code == 200


def test_the_dashboard_shows_completion_overdue_and_the_trend_in_both_languages(client):
    call_command("load_demo")
    client.login(username="coordinator", password="investbj-demo-coordinator")
    response = client.get(reverse("tracking:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page and PAST_ROUND in page
    completed = Task.objects.filter(status="completed").count()
    assert response.context["counts"]["completed"] == completed > 0
    assert response.context["counts"]["overdue_count"] > 0  # demo milestones ten days back
    by_unit = {c.label: c for c in response.context["by_unit"]}
    assert sum(c.tasks for c in by_unit.values()) == Task.objects.count()
    english = client.get(reverse("tracking:dashboard"), headers={"accept-language": "en"}).content.decode()
    assert "Dashboard" in english and "Trend across dispatch rounds" in english


def test_the_dispatch_report_downloads_as_word(client):
    call_command("load_demo")
    client.login(username="coordinator", password="investbj-demo-coordinator")
    round = DispatchRound.objects.get(title=PAST_ROUND)
    response = client.post(reverse("tracking:round_docx", args=[round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content[:2] == b"PK"
