"""What the tests of background jobs share: a worker working off the database queue, and the job files kept."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command


def work_off_the_queue() -> None:
    """A `db_worker` run in this process until the queue is empty (it sees the test's committed rows)."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


def job_files(media: Path, folder: str) -> list[Path]:
    """The files kept under MEDIA_ROOT/`folder` (job-uploads, job-results)."""
    path = media / folder
    return list(path.iterdir()) if path.exists() else []
