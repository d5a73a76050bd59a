"""Starting long work as a background task (Django's tasks framework) and reporting its progress.

A kind of job is a function registered here: it receives a `Progress` to report steps to, and returns a
JSON-able result. `start()` records the Job and enqueues it on the configured task backend: in-process by
default (the work runs before the request returns), the database backend with `manage.py db_worker`
processes in production (the page shows the progress while it runs). The CLI runs the same functions with
a progress bar on the terminal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.tasks import task
from django.utils import timezone

from jobs.models import STALE_AFTER, Job

logger = logging.getLogger(__name__)
Work = Callable[..., dict]
KINDS: dict[str, Work] = {}
LABELS: dict[str, Any] = {}


def kind(name: str, label: Any = None) -> Callable[[Work], Work]:
    """Register a function as a kind of job, with the label its pages show (a lazy translation)."""

    def register(function: Work) -> Work:
        KINDS[name] = function
        LABELS[name] = label or name
        return function

    return register


class Progress:
    """What a job reports as it goes: the steps done of the total, and what it is doing now."""

    def __init__(self, job: Job | None = None, echo: Callable[[int, int, str], None] | None = None):
        self.job, self.echo = job, echo
        self.done, self.total = 0, 0

    def expect(self, total: int) -> None:
        self.total = total
        self._write("")

    def step(self, text: str) -> None:
        self.done += 1
        self._write(text)

    def _write(self, text: str) -> None:
        if self.job is not None:
            # An update of its own, outside any transaction of the work, so a watcher sees it at once.
            Job.objects.filter(pk=self.job.pk).update(done=self.done, total=self.total, step=text[:200])
        if self.echo is not None:
            self.echo(self.done, self.total, text)


def start(name: str, user, **params: Any) -> Job:
    """Record a job and hand it to the task backend; returns the Job to follow. While the same work is already
    queued or running (a double click, two reviewers at once), that job is returned instead of a second one."""
    if name not in KINDS:
        raise ValueError(f"unknown kind of job {name!r}")
    pending = Job.objects.filter(
        kind=name, params=params, status__in=[Job.Status.QUEUED, Job.Status.RUNNING], created_at__gt=timezone.now() - STALE_AFTER
    ).first()
    if pending is not None:
        return pending
    job = Job.objects.create(kind=name, params=params, started_by=user)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task
def run_job(job_id: int) -> str:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = KINDS[job.kind](Progress(job), **job.params)
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return Job.Status.FAILED
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now(), result=result)
    return Job.Status.DONE


def run_here(name: str, echo: Callable[[int, int, str], None], **params: Any) -> dict:
    """The same work in this process, for the command line, reporting to `echo` (a progress bar)."""
    return KINDS[name](Progress(echo=echo), **params)
