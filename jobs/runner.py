"""Starting long work as a background task (Django's tasks framework) and reporting its progress.

A kind of job is a function registered here: it receives a `Progress` to report steps to, and returns a
JSON-able result. `start()` records the Job and enqueues it on the configured task backend: in-process by
default (the work runs before the request returns), the database backend with `manage.py db_worker`
processes, or Redis with a pool of RQ workers in production (the page shows the progress while it runs). The CLI runs the same functions with
a progress bar on the terminal."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db import DatabaseBackend

from jobs import staging
from jobs.models import Job, pickup_within, stale_after
from workflow.actors import acting_as

logger = logging.getLogger(__name__)
Work = Callable[..., dict[str, Any]]
KINDS: dict[str, Work] = {}
LABELS: dict[str, Any] = {}


def kind(name: str, label: Any = None) -> Callable[[Work], Work]:
    """Register a function as a kind of job, with the label its pages show (a lazy translation)."""

    def register(function: Work) -> Work:
        KINDS[name] = function
        LABELS[name] = label or name
        return function

    return register


class JobRefused(Exception):
    """The work looked at its input and refused it: the reasons, each one a person can act on."""

    def __init__(self, summary: str, problems: list[str], next_url: str = ""):
        super().__init__(summary)
        self.problems, self.next_url = problems, next_url


class Progress:
    """What a job reports as it goes: the steps done of the total, and what it is doing now."""

    # A watcher refreshes every 2 s; writing each of thousands of row steps would only load the database.
    WRITE_EVERY = 0.5

    def __init__(self, job: Job | None = None, echo: Callable[[int, int, str], None] | None = None):
        self.job, self.echo = job, echo
        self.done, self.total = 0, 0
        self._written_at = 0.0
        self._text = ""

    def expect(self, total: int) -> None:
        self.total = total
        self._write("", force=True)

    def step(self, text: str) -> None:
        self.advance(1, text)

    def advance(self, count: int, text: str) -> None:
        self.done += count
        self._write(text, force=self.done >= self.total)

    def flush(self) -> None:
        self._write(self._text, force=True)

    def _write(self, text: str, force: bool) -> None:
        self._text = text
        now = time.monotonic()
        if self.job is not None and (force or now - self._written_at >= self.WRITE_EVERY):
            self._written_at = now
            # An update of its own, outside any transaction of the work, so a watcher sees it at once.
            Job.objects.filter(pk=self.job.pk).update(done=self.done, total=self.total, step=text[:200])
        if self.echo is not None:
            self.echo(self.done, self.total, text)


def start(name: str, user: Any, **params: Any) -> Job:
    """Record a job and hand it to the task backend; returns the Job to follow. While the same work is already
    queued or running (a double click, two reviewers at once), that job is returned instead of a second one."""
    if name not in KINDS:
        raise ValueError(f"unknown kind of job {name!r}")
    same = Job.objects.filter(kind=name, params=params)
    waiting = same.filter(status=Job.Status.QUEUED, created_at__gt=timezone.now() - pickup_within())
    running = same.filter(status=Job.Status.RUNNING).alias(since=Coalesce("started_at", "created_at"))
    pending = waiting.first() or running.filter(since__gt=timezone.now() - stale_after()).first()
    if pending is not None:
        return pending
    job = Job.objects.create(kind=name, params=params, started_by=user, language=translation.get_language() or "")
    # The same work left queued with no worker to take it gives way to this run: it would only block reruns.
    _supersede(same.filter(status=Job.Status.QUEUED).exclude(pk=job.pk), job)
    _enqueue(job.pk)
    job.refresh_from_db()
    return job


def _supersede(unclaimed: Iterable[Job], job: Job) -> None:
    for old in unclaimed:
        with translation.override(old.language or settings.LANGUAGE_CODE):
            error = gettext("没有后台进程接手这项任务，已由任务 #%(job)d 取代。") % {"job": job.pk}
        Job.objects.filter(pk=old.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), error=error
        )


def _enqueue(job_id: int) -> None:
    backend = run_job.get_backend()
    if isinstance(backend, ImmediateBackend | DatabaseBackend):
        # In-process, or queued in the same database transaction as the Job row itself.
        run_job.enqueue(job_id)
    else:
        # A queue outside the database (Redis) must not hand a worker a job whose row it cannot see yet.
        transaction.on_commit(partial(_hand_to_queue, job_id))


def _hand_to_queue(job_id: int) -> None:
    """Enqueue on Redis; if the queue cannot be reached the job fails at once, saying so, and gives up its
    staged files, instead of waiting as "queued" for a worker that will never hear of it."""
    try:
        run_job.enqueue(job_id)
    except Exception as exc:
        logger.exception("job %s could not be queued", job_id)
        job = Job.objects.get(pk=job_id)
        for name in staged_files(job.params):
            staging.discard(name)
        with translation.override(job.language or settings.LANGUAGE_CODE):
            error = gettext("任务队列暂不可用，任务未能开始，请稍后重试。") + f" ({type(exc).__name__})"
        Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, finished_at=timezone.now(), error=error)


def staged_files(params: dict[str, Any]) -> list[str]:
    """The staged uploads a job's parameters name (`upload`, or `files` of {"upload": ...})."""
    names = [params["upload"]] if isinstance(params.get("upload"), str) else []
    names += [f["upload"] for f in params.get("files") or [] if isinstance(f, dict) and isinstance(f.get("upload"), str)]
    return names


@task
def run_job(job_id: int) -> str:
    job = Job.objects.get(pk=job_id)
    # What the job writes for people (its steps, the reasons it refuses a file) is in its starter's language.
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: Job) -> str:
    claimed = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING, started_at=timezone.now())
    if not claimed:  # superseded while it waited, or already taken by another worker
        return Job.objects.get(pk=job.pk).status
    progress = Progress(job)
    outcome: dict[str, Any]
    try:
        with acting_as(job.started_by):
            outcome = {"status": Job.Status.DONE, "result": KINDS[job.kind](progress, **job.params)}
    except JobRefused as exc:
        outcome = {
            "status": Job.Status.FAILED,
            "error": str(exc)[:2000],
            "result": {"problems": exc.problems, "next": exc.next_url},
        }
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        outcome = {"status": Job.Status.FAILED, "error": f"{type(exc).__name__}: {exc}"[:2000]}
    finally:
        # The uploads a job was given go once it is over, however it ended.
        for name in staged_files(job.params):
            staging.discard(name)
    progress.flush()
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **outcome)
    return str(outcome["status"])


def file_result(content: bytes, filename: str, content_type: str) -> dict[str, str]:
    """A file the job made, kept for its starter to download from the job's page (jobs:file)."""
    return {"name": staging.keep_result(content), "filename": filename, "content_type": content_type}


def run_here(name: str, echo: Callable[[int, int, str], None], **params: Any) -> dict[str, Any]:
    """The same work in this process, for the command line, reporting to `echo` (a progress bar)."""
    return KINDS[name](Progress(echo=echo), **params)
