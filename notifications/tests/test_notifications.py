"""Telling people: a notification and a mail each, reminders that go out once, the list and its unread count."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.delivery import notify, remind_once
from notifications.models import Notification, Reminder

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_a_notification(lead_officer, co_officer):
    notify([lead_officer, co_officer], "主题", "正文", "/tracking/")
    assert Notification.objects.filter(message="主题").count() == 2


def test_each_recipient_with_an_address_gets_a_mail(lead_officer, co_officer):
    notify([lead_officer, co_officer], "主题", "正文", "/tracking/")
    assert sorted(m.to[0] for m in mail.outbox) == ["co@example.gov.cn", "lead@example.gov.cn"]


def test_the_mail_carries_the_link(lead_officer):
    notify([lead_officer], "主题", "正文", "https://investbj.example/tracking/")
    assert mail.outbox[0].body.endswith("https://investbj.example/tracking/")


def test_a_reminder_goes_out_once(lead_officer):
    remind_once("round:1:unit:2:due_soon", [lead_officer], "提醒", "正文", "/")
    assert remind_once("round:1:unit:2:due_soon", [lead_officer], "提醒", "正文", "/") is None


def test_a_repeated_reminder_sends_no_second_mail(lead_officer):
    remind_once("k", [lead_officer], "提醒", "正文", "/")
    remind_once("k", [lead_officer], "提醒", "正文", "/")
    assert len(mail.outbox) == 1


def test_a_reminder_to_nobody_is_not_recorded():
    assert remind_once("k", [], "提醒", "正文", "/") is None and not Reminder.objects.exists()


def test_a_refused_mail_records_no_reminder(lead_officer, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("notifications.delivery.send_mass_mail", refuse)
    with pytest.raises(OSError):
        remind_once("k", [lead_officer], "提醒", "正文", "/")
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_the_header_counts_the_unread(client, lead_officer):
    notify([lead_officer], "主题", "正文", "/")
    client.force_login(lead_officer)
    assert client.get("/notifications/").context["unread_notifications"] == 1


def test_marking_all_read_clears_the_count(client, lead_officer):
    notify([lead_officer], "主题", "正文", "/")
    client.force_login(lead_officer)
    client.post("/notifications/")
    assert client.get("/notifications/").context.get("unread_notifications", 0) == 0


def test_nobody_reads_another_persons_notifications(client, lead_officer, co_officer):
    notify([lead_officer], "只给牵头单位", "正文", "/")
    client.force_login(co_officer)
    assert "只给牵头单位" not in client.get("/notifications/").content.decode()


def test_the_list_asks_to_sign_in(client):
    assert client.get("/notifications/").status_code == 302
