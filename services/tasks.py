"""Background tasks (Django's tasks framework); the immediate backend runs them in-process by default."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from services.notify import send_issue_reminders


@task
def send_issue_reminders_task(base_url: str) -> int:
    """The scheduled form of `manage.py send_issue_reminders`; safe to enqueue repeatedly (each reminder goes out once)."""
    return len(send_issue_reminders(timezone.localdate(), base_url))
