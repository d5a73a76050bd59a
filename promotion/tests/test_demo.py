"""The demo pipeline for `make run`: every stage present, a year of history for the dashboard, the task force alive."""

from __future__ import annotations

import pytest

from promotion.demo import load_promotion_demo
from promotion.models import Event, Project, Stage, TaskForceMeeting, TaskForceProblem
from services.demo import load_services_demo
from tracking.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_pipeline_is_varied_and_loaded_once():
    load_demo()
    load_services_demo()
    assert load_promotion_demo()
    assert set(Project.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert Project.objects.filter(task_force=True).exists() and Project.objects.filter(fast_track=True).exists()
    assert TaskForceProblem.objects.filter(status="open").exists() and TaskForceMeeting.objects.exists()
    assert Event.objects.get().signed_projects.exists()
    assert not load_promotion_demo()
