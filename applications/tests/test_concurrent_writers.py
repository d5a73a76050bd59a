"""Parallel decisions on one review step (PostgreSQL): of six passes and rejections sent at once, exactly one
decides the step; the others find it already decided and change nothing."""

from __future__ import annotations

import pytest

from applications import steps
from applications.models import Application, ApplicationEvent, ReviewStep
from testsupport.concurrency import needs_postgresql, run_together
from workflow.transitions import InvalidTransition

from .conftest import unit

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def test_one_of_six_parallel_decisions_on_a_step_lands(green_submitted, cyber):
    cyberspace = unit("bj-cyberspace")

    def decide(i: int) -> str:
        application = Application.objects.get(pk=green_submitted.pk)
        if i % 2:
            steps.pass_step(application, cyber, cyberspace, "材料齐全")
            return "passed"
        steps.reject(application, cyber, cyberspace, "数据清单不完整")
        return "rejected"

    decided, refused = run_together(decide)
    assert len(decided) == 1 and len(refused) == 5 and all(isinstance(e, InvalidTransition) for e in refused)
    step = green_submitted.steps.get(unit=cyberspace)
    assert step.status == {"passed": ReviewStep.Status.PASSED, "rejected": ReviewStep.Status.REJECTED}[decided[0]]
    decisions = green_submitted.events.filter(kind__in=[ApplicationEvent.Kind.STEP_PASSED, ApplicationEvent.Kind.REJECTED])
    assert decisions.count() == 1
