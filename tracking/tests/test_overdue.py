"""Overdue and at-risk flags counted in official working days (State Council schedules, 民法典 第二百零三条)."""

from __future__ import annotations

from datetime import date

import pytest

from tracking import ledger
from tracking.models import Milestone, Task
from workdays.calendar import due_soon_horizon, overdue_cutoff

pytestmark = pytest.mark.django_db


def flags(task: Task, today: date) -> tuple[bool, bool]:
    annotated = ledger.annotate_flags(Task.objects.filter(pk=task.pk), today).get()
    overdue, at_risk = getattr(annotated, "overdue"), getattr(annotated, "at_risk")  # noqa: B009 (annotations)
    assert overdue == Task.objects.get(pk=task.pk).is_overdue(today)  # SQL and Python agree
    return overdue, at_risk


def test_a_deadline_on_a_holiday_runs_to_the_first_working_day_after_it():
    # 2026 National Day: 1–7 October off, 10 October (Saturday) a make-up working day.
    assert overdue_cutoff(date(2026, 10, 8)) == (date(2026, 9, 30), True)
    assert overdue_cutoff(date(2026, 10, 9)) == (date(2026, 10, 8), True)
    assert overdue_cutoff(date(2026, 10, 12)) == (date(2026, 10, 10), True)  # the make-up Saturday counts


def test_a_milestone_due_in_the_holiday_is_overdue_only_after_the_first_working_day(task):
    Milestone.objects.create(task=task, title="出台细则", due_on=date(2026, 10, 3))
    assert flags(task, date(2026, 10, 7))[0] is False
    assert flags(task, date(2026, 10, 8))[0] is False  # the deadline ran to 8 October
    assert flags(task, date(2026, 10, 9))[0] is True


def test_a_milestone_due_on_a_working_day_is_overdue_the_next_day(task):
    Milestone.objects.create(task=task, title="形成方案", due_on=date(2026, 11, 24))
    assert flags(task, date(2026, 11, 24))[0] is False
    assert flags(task, date(2026, 11, 25))[0] is True


def test_done_milestones_and_completed_tasks_are_never_overdue(task):
    milestone = Milestone.objects.create(task=task, title="形成方案", due_on=date(2026, 11, 2))
    assert flags(task, date(2026, 11, 25))[0] is True
    milestone.done_on = date(2026, 11, 2)
    milestone.save()
    assert flags(task, date(2026, 11, 25))[0] is False
    Task.objects.filter(pk=task.pk).update(due_on=date(2026, 11, 1), status="completed", percent=100)
    assert flags(task, date(2026, 11, 25)) == (False, False)


def test_at_risk_counts_seven_working_days_across_the_national_day_holiday(task, settings):
    settings.TRACKING_AT_RISK_WORKING_DAYS = 7
    settings.TRACKING_AT_RISK_PERCENT = 80
    # From 30 September: 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October; plain weekdays would stop at 9 October.
    assert due_soon_horizon(date(2026, 9, 30), 7) == (date(2026, 10, 15), True)
    Task.objects.filter(pk=task.pk).update(due_on=date(2026, 10, 15), percent=30, status="in_progress")
    assert flags(task, date(2026, 9, 30)) == (False, True)
    Task.objects.filter(pk=task.pk).update(due_on=date(2026, 10, 16))
    assert flags(task, date(2026, 9, 30)) == (False, False)


def test_a_task_far_enough_along_is_not_at_risk(task, settings):
    settings.TRACKING_AT_RISK_PERCENT = 80
    Task.objects.filter(pk=task.pk).update(due_on=date(2026, 12, 1), percent=85, status="in_progress")
    assert flags(task, date(2026, 11, 25)) == (False, False)
    Task.objects.filter(pk=task.pk).update(percent=79)
    assert flags(task, date(2026, 11, 25)) == (False, True)


def test_beyond_the_published_schedules_weekdays_stand_in_and_the_board_says_so(task, client, coordinator):
    cutoff, exact = overdue_cutoff(date(2027, 1, 4))
    assert (cutoff, exact) == (date(2027, 1, 1), False)
    assert ledger.flag_dates(date(2026, 12, 28))[2] is False  # seven working days reach into 2027


def test_the_board_filters_overdue_tasks(client, coordinator, tasks000, task):
    Milestone.objects.create(task=task, title="形成方案", due_on=date(2025, 3, 3))
    client.force_login(coordinator)
    page = client.get("/tracking/?flag=overdue").content.decode()
    assert task.get_absolute_url() in page
    assert page.count('href="/tracking/tasks/') == 1


def test_a_task_without_its_own_deadline_is_at_risk_through_a_milestone(task, settings):
    settings.TRACKING_AT_RISK_PERCENT = 80
    assert task.due_on is None
    Milestone.objects.create(task=task, title="征求意见", due_on=date(2026, 11, 27))
    assert flags(task, date(2026, 11, 25)) == (False, True)
