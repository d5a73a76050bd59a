"""Uploaded files waiting for the job that processes them, and files a job made for its starter (exports).
They sit under MEDIA_ROOT (no URL serves it) in Django's default storage, so a worker on another host reads
them once that storage is shared (a mounted volume or an object store). A job removes its upload when it is
done with it; `manage.py clear_job_files` removes what is older than a few days (results downloaded long
ago, uploads a stopped worker never read)."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "job-uploads"
RESULTS = "job-results"  # files a job made (an export) for its starter to download


def keep(content: bytes) -> str:
    """Store the bytes under a fresh unguessable name and return that name for the job's parameters."""
    return default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}", ContentFile(content))


def keep_result(content: bytes) -> str:
    return default_storage.save(f"{RESULTS}/{uuid.uuid4().hex}", ContentFile(content))


def read(name: str) -> bytes:
    _refuse_outside(name)
    with default_storage.open(name, "rb") as handle:
        content: bytes = handle.read()
    return content


def discard(name: str) -> None:
    _refuse_outside(name)
    default_storage.delete(name)


def _refuse_outside(name: str) -> None:
    # Names come from job parameters the platform wrote itself; anything else is a bug, never a file to touch.
    if not name.startswith((f"{FOLDER}/", f"{RESULTS}/")) or ".." in name:
        raise ValueError(f"not a staged upload: {name!r}")
