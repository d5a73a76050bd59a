"""What the two reminder commands (dispatch rounds, enterprise issues) share: the site address for links,
sending here or handing the sending to the task workers, and a line per reminder sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import Task, TaskResultStatus
from django.utils import timezone


class ReminderCommand(BaseCommand):
    send: Callable[[date, str], list[Any]]  # the sending, done here
    task: Task[..., int]  # the same sending as a background task
    noun = "reminders"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="site address used in the links")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the sending to the task workers instead of doing it here (cron beside workers)",
        )

    def handle(self, *args: Any, base_url: str, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = self.task.enqueue(base_url.rstrip("/"))
            if result.status == TaskResultStatus.FAILED:  # the in-process backend ran it, and it failed
                raise CommandError(f"task {result.id} failed: {result.errors[-1].traceback if result.errors else ''}")
            if result.status == TaskResultStatus.SUCCESSFUL:
                self.stdout.write(f"no task workers configured: sent in this process ({result.return_value} {self.noun})")
            else:
                self.stdout.write(f"queued as task {result.id} ({result.status})")
            return
        sent = self.send(timezone.localdate(), base_url.rstrip("/"))
        for reminder in sent:
            self.stdout.write(f"sent: {reminder.subject} → {', '.join(reminder.recipients)}")
        self.stdout.write(f"{len(sent)} {self.noun} sent")
