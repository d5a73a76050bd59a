"""Service-time limits: working days for complaints, calendar days with the holiday rollover for requests."""

from __future__ import annotations

from datetime import date

import pytest

from services import steps
from services.catalogue import CatalogueError, catalogue, load_catalogue
from services.models import Issue
from workflow.transitions import InvalidTransition

from .conftest import VISA_ISSUE


def test_complaint_acceptance_counts_working_days_across_national_day():
    # 2026-09-30 (Wed) + 7 working days: Oct 1–7 are holidays, Sat Oct 10 is a make-up working day.
    assert catalogue().sla("complaint").due(date(2026, 9, 30), 7) == date(2026, 10, 15)


def test_complaint_conclusion_is_sixty_working_days():
    due = catalogue().sla("complaint").due(date(2026, 3, 2), 60)
    # March 2 + 60 working days: Qingming (Apr 6) and Labour Day (May 1, 4, 5) are off, Sat May 9 is worked.
    assert due == date(2026, 5, 28)


def test_a_calendar_day_limit_ending_in_a_holiday_runs_to_the_next_working_day():
    # 2026-09-28 + 7 days = Oct 5, inside the National Day holiday → Thu Oct 8 (民法典 第二百零三条).
    assert catalogue().sla("general").due(date(2026, 9, 28), 7) == date(2026, 10, 8)


def test_a_calendar_day_limit_ending_on_a_weekend_runs_to_monday():
    assert catalogue().sla("general").due(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_complex_requests_get_fifteen_days():
    assert catalogue().sla("complex").due(date(2026, 11, 2), 15) == date(2026, 11, 17)


def test_beyond_the_published_schedules_weekdays_stand_in():
    # No 2027 schedule yet: Mon–Fri count, so New Year's Day 2027 is (wrongly but knowingly) a working day.
    assert catalogue().sla("complaint").due(date(2026, 12, 28), 7) == date(2027, 1, 6)


def test_every_category_names_a_class_and_every_class_cites_a_clause():
    data = catalogue()
    for category in data.categories:
        assert data.sla(category.sla)
    for sla in data.sla_classes:
        assert sla.source.document and sla.source.clauses


def test_a_category_with_an_unknown_class_is_refused(tmp_path):
    broken = tmp_path / "issues.yaml"
    text = (load_catalogue.__globals__["PATH"]).read_text(encoding="utf-8").replace("sla: general", "sla: leisurely", 1)
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match="leisurely"):
        load_catalogue(broken)


@pytest.mark.django_db
def test_a_complaint_takes_the_complaint_clock_whatever_its_category(alice, ent_a):
    issue = steps.raise_issue(ent_a, alice, {**VISA_ISSUE, "kind": Issue.Kind.COMPLAINT}, today=date(2026, 9, 30))
    assert issue.sla == "complaint"
    assert issue.accept_due == date(2026, 10, 15)


@pytest.mark.django_db
def test_a_request_takes_its_categorys_clock(alice, ent_a):
    issue = steps.raise_issue(ent_a, alice, dict(VISA_ISSUE), today=date(2026, 9, 28))
    assert issue.sla == "general"
    assert issue.answer_due == date(2026, 10, 8)


@pytest.mark.django_db
def test_an_extension_moves_the_answer_deadline_and_needs_a_reason(routed_issue, police):
    unit = routed_issue.owner
    with pytest.raises(InvalidTransition, match="理由"):
        steps.extend(routed_issue, police, unit, 3, " ")
    issue = steps.extend(routed_issue, police, unit, 8, "需向国家移民管理局请示")
    assert issue.answer_due == catalogue().sla("general").due(issue.received_on, 15)
    assert issue.events.filter(kind="extended", reason="需向国家移民管理局请示", actor=police).exists()


@pytest.mark.django_db
def test_extensions_stop_at_the_class_cap(routed_issue, police):
    steps.extend(routed_issue, police, routed_issue.owner, 8, "复杂")
    with pytest.raises(InvalidTransition, match="最多还能延长0天"):
        steps.extend(routed_issue, police, routed_issue.owner, 1, "还要")


@pytest.mark.django_db
def test_overdue_counts_the_rollover(routed_issue):
    issue = routed_issue
    issue.answer_due = date(2026, 10, 3)  # a holiday: the deadline really is Thu Oct 8
    assert issue.overdue(date(2026, 10, 8)) is None
    assert issue.overdue(date(2026, 10, 9)) == "answer"
    issue.save()
    assert list(Issue.objects.overdue(date(2026, 10, 8))) == []
    assert list(Issue.objects.overdue(date(2026, 10, 9))) == [issue]
