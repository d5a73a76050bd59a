"""Remove job files older than a few days: exports long since downloaded, and uploads a stopped worker never
read. Run it daily from cron beside the workers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jobs import staging
from jobs.models import Job
from jobs.runner import staged_files


class Command(BaseCommand):
    help = "Remove exports and staged uploads of background jobs older than --days (7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="keep files younger than this many days")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            raise CommandError("--days must be at least 1: a job queued a moment ago may still need its upload")
        cutoff = timezone.now() - timedelta(days=days)
        # Uploads of jobs still queued or running are kept whatever their age (workers down for a week).
        waiting = {
            name
            for params in Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).values_list("params", flat=True)
            for name in staged_files(params)
        }
        removed = 0
        for folder in (staging.FOLDER, staging.RESULTS):
            if not default_storage.exists(folder):
                continue
            for name in default_storage.listdir(folder)[1]:
                path = f"{folder}/{name}"
                if path not in waiting and default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    removed += 1
        # The jobs' pages then say the file was cleared instead of offering a dead link.
        for job in Job.objects.filter(finished_at__lt=cutoff, status=Job.Status.DONE).only("pk", "result").iterator():
            if job.result.get("file"):
                Job.objects.filter(pk=job.pk).update(result={**job.result, "file": None})
        self.stdout.write(f"removed {removed} job files older than {days} days")
