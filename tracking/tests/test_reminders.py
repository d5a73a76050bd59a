"""Reminders go out once, never twice, by e-mail and in the app."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification, Reminder
from tracking.models import DispatchRound, Milestone, ProgressReport
from tracking.notify import send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing_round(coordinator):
    return DispatchRound.objects.create(title="2026年11月调度", due_on=date(2026, 11, 27), opened_by=coordinator)


def test_units_owing_reports_are_reminded_once(tasks000, closing_round, lead_officer, co_officer, other_officer):
    sent = send_due_reminders(date(2026, 11, 25), "http://testserver")
    assert {tuple(r.recipients) for r in sent} == {("lead@example.gov.cn",), ("co@example.gov.cn",), ("other@example.gov.cn",)}
    assert {tuple(m.to) for m in mail.outbox} == {("lead@example.gov.cn",), ("co@example.gov.cn",), ("other@example.gov.cn",)}
    assert "将于 2026-11-27 截止报送" in mail.outbox[0].subject
    assert Notification.objects.filter(user=lead_officer).count() == 1
    assert send_due_reminders(date(2026, 11, 25), "http://testserver") == []
    assert len(mail.outbox) == 3


def test_a_unit_that_has_reported_everything_is_not_reminded(tasks000, task, closing_round, lead_officer):
    for t in tasks000:
        for a in t.assignments.filter(unit__code="bj-economy-it"):
            ProgressReport.objects.create(
                round=closing_round,
                task=t,
                unit=a.unit,
                status="in_progress",
                percent=10,
                narrative="x",
                submitted_by=lead_officer,
            )
    assert send_due_reminders(date(2026, 11, 25), "http://testserver") == []


def test_nothing_is_sent_while_the_due_date_is_far(tasks000, closing_round, lead_officer):
    assert send_due_reminders(date(2026, 11, 20), "http://testserver") == []  # five working days before


def test_past_the_due_date_an_overdue_reminder_follows_the_due_soon_one(tasks000, closing_round, lead_officer):
    send_due_reminders(date(2026, 11, 25), "http://testserver")
    later = send_due_reminders(date(2026, 11, 30), "http://testserver")
    assert [r.key.rsplit(":", 1)[1] for r in later] == ["overdue"]
    assert "已过报送截止日期" in mail.outbox[-1].subject


def test_an_overdue_milestone_reminds_the_lead_unit_once(task, lead_officer):
    Milestone.objects.create(task=task, title="形成工作方案", due_on=date(2026, 11, 2))
    call_command("send_reminders", "--base-url", "http://testserver")
    call_command("send_reminders", "--base-url", "http://testserver")
    assert Reminder.objects.filter(key__startswith="milestone:").count() == 1
    assert [m.to for m in mail.outbox] == [["lead@example.gov.cn"]]


def test_the_coordinator_reminds_by_hand_from_the_round_page(client, tasks000, open_round, coordinator, lead_officer):
    client.force_login(coordinator)
    response = client.post(reverse("tracking:round_remind", args=[open_round.pk]), follow=True)
    assert "已向 1 个单位发送催报提醒" in response.content.decode()
    assert Notification.objects.filter(user=lead_officer).count() == 1


def test_a_failed_mail_server_records_nothing_so_the_next_run_retries(tasks000, closing_round, lead_officer, settings):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9}}
    }
    with pytest.raises(OSError):
        send_due_reminders(date(2026, 11, 25), "http://testserver")
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_the_background_task_sends_the_due_reminders_once(tasks000, lead_officer, coordinator):
    from django.utils import timezone

    from tracking.tasks import send_due_reminders_task

    today = timezone.localdate()
    DispatchRound.objects.create(title="本周截止", due_on=today, opened_by=coordinator)
    first = send_due_reminders_task.enqueue("http://testserver")
    second = send_due_reminders_task.enqueue("http://testserver")
    assert (first.return_value, second.return_value) == (1, 0)


def test_cron_beside_workers_only_queues_the_sending(tasks000, lead_officer, coordinator, capsys):
    from django.test import override_settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    DispatchRound.objects.create(title="本周截止", due_on=timezone.localdate(), opened_by=coordinator)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("send_reminders", "--enqueue")
    assert "queued as task" in capsys.readouterr().out
    assert DBTaskResult.objects.get().task_path == "tracking.tasks.send_due_reminders_task"
    assert not Reminder.objects.exists()  # the worker sends them, not the cron process


def test_enqueue_without_workers_says_the_reminders_went_out_here(tasks000, closing_round, lead_officer, capsys):
    call_command("send_reminders", "--enqueue")
    assert "no task workers configured: sent in this process (1 reminders)" in capsys.readouterr().out
