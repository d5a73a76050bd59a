"""Issue reminders: the owner unit before an answer is due; owner and coordinators once a deadline has passed — each once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from notifications.models import Reminder
from services import steps
from services.notify import send_issue_reminders
from services.tasks import send_issue_reminders_task

pytestmark = pytest.mark.django_db
BASE = "https://investbj.example"


def test_the_owner_unit_is_reminded_the_working_day_before(routed_issue, police, mailoutbox):
    steps.accept(routed_issue, police, routed_issue.owner)
    due = routed_issue.answer_due  # 2026-12-02 (Wed) for an issue received 2026-11-25
    assert due == date(2026, 12, 2)
    assert send_issue_reminders(date(2026, 11, 30), BASE) == []
    sent = send_issue_reminders(date(2026, 12, 1), BASE)
    assert [r.recipients for r in sent] == [[police.email]]
    assert mailoutbox[0].to == [police.email] and routed_issue.number in mailoutbox[0].subject
    assert f"{BASE}/services/issues/{routed_issue.pk}/" in mailoutbox[0].body
    assert send_issue_reminders(date(2026, 12, 1), BASE) == []


def test_an_overdue_issue_reaches_the_owner_and_the_coordinators_once(routed_issue, police, coordinator, mailoutbox):
    steps.accept(routed_issue, police, routed_issue.owner)
    sent = send_issue_reminders(date(2026, 12, 3), BASE)
    assert sorted(r.key.rsplit(":", 1)[-1] for r in sent) == sorted(["coordinators", str(routed_issue.owner_id)])
    assert {tuple(m.to) for m in mailoutbox} == {(police.email,), (coordinator.email,)}
    assert "逾期" in mailoutbox[0].subject
    assert send_issue_reminders(date(2026, 12, 4), BASE) == []


def test_an_unrouted_issue_past_its_acceptance_day_goes_to_the_coordinators(visa_issue, coordinator):
    sent = send_issue_reminders(date(2026, 11, 30), BASE)
    assert [r.recipients for r in sent] == [[coordinator.email]]
    assert coordinator.notifications.filter(message__contains="受理").exists()


def test_closed_issues_are_left_alone(routed_issue, police, alice):
    steps.answer(routed_issue, police, routed_issue.owner, "solved", "已办")
    steps.confirm(routed_issue, alice, 5)
    assert send_issue_reminders(date(2026, 12, 30), BASE) == []


def test_the_command_and_the_task_send_each_reminder_once(routed_issue, coordinator, capsys):
    call_command("send_issue_reminders", "--base-url", BASE)
    assert "issue reminders sent" in capsys.readouterr().out
    before = Reminder.objects.count()
    assert send_issue_reminders_task.enqueue(BASE).return_value == 0
    assert Reminder.objects.count() == before


def test_a_unit_that_receives_an_overdue_issue_by_transfer_is_told(routed_issue, police, coordinator, django_user_model):
    from .conftest import officer, unit

    hrss = officer(django_user_model, "rs", "bj-hrss")
    steps.accept(routed_issue, police, routed_issue.owner)
    send_issue_reminders(date(2026, 12, 3), BASE)
    transfer = steps.request_transfer(routed_issue, police, unit("bj-public-security"), unit("bj-hrss"), "人社局职责")
    steps.decide_transfer(transfer, coordinator, agree=True)
    steps.accept(routed_issue, hrss, unit("bj-hrss"))
    sent = send_issue_reminders(date(2026, 12, 4), BASE)
    assert [r.recipients for r in sent] == [[hrss.email]]


def test_cron_beside_workers_only_queues_the_issue_reminders(routed_issue, coordinator, capsys):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("send_issue_reminders", "--enqueue", "--base-url", BASE)
    assert "queued as task" in capsys.readouterr().out
    assert DBTaskResult.objects.get().task_path == "services.tasks.send_issue_reminders_task"
    assert not Reminder.objects.exists()
