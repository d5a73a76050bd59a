"""Telling people: an in-app notification and an e-mail for each recipient, and scheduled reminders that go out
once (their key is recorded with them, inside the transaction that sends them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from notifications.models import Notification, Reminder


def site_url(request: HttpRequest) -> str:
    """The site's address as this request reached it, for links in mails and workbooks."""
    return request.build_absolute_uri("/").rstrip("/")


def notify(users: Sequence[Any], subject: str, message: str, url: str) -> None:
    """An in-app notification for each user, and an e-mail to those with an address."""
    Notification.objects.bulk_create(Notification(user=u, message=subject, url=url) for u in users)
    body = f"{message}\n\n{url}"
    mails = [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    if mails:
        send_mass_mail(mails)


def remind_once(key: str, users: Sequence[Any], subject: str, message: str, url: str, by: Any = None) -> Reminder | None:
    """Record and send one reminder to `users`; a key already recorded means it went out before (None then,
    and None when there is nobody to tell)."""
    if not users:
        return None
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                key=key, subject=subject, recipients=[u.email or u.get_username() for u in users], sent_by=by
            )
            # Inside the transaction: if the mail server refuses, nothing is recorded and the next run retries.
            notify(users, subject, message, url)
    except IntegrityError:
        return None
    return reminder
