"""The 台账 export as a background job: with workers the export link starts a job whose page shows the
progress and then the download, for its starter and coordinators only; in-process the file downloads at
once and is not kept; old job files are cleared."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from jobs.models import Job
from jobs.tests.helpers import job_files, work_off_the_queue

WORKERS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def results(media) -> list:
    return job_files(media, "job-results")


@pytest.mark.concurrency  # committed rows: runs with the other such tests, after the rest
@pytest.mark.django_db(transaction=True)
def test_with_workers_the_export_is_a_job_with_a_download(
    committed_reference_data, client, coordinator_user, tasks000, django_user_model, own_media
):
    tasks = tasks000
    client.force_login(coordinator_user)
    with override_settings(TASKS=WORKERS):
        response = client.get("/tracking/export.xlsx")
        job = Job.objects.get(kind="tracking.export")
        assert response.status_code == 302 and response.url == job.get_absolute_url() and job.status == "queued"
        work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", len(tasks), len(tasks))
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"/jobs/{job.pk}/file/" in page and "督办台账-" in page
    download = client.get(f"/jobs/{job.pk}/file/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert download.status_code == 200 and sheet.max_row == len(tasks) + 1
    client.force_login(django_user_model.objects.create_user("someone-else"))
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


@pytest.mark.django_db
def test_in_process_the_export_downloads_at_once_and_keeps_no_file(client, coordinator_user, tasks000, own_media):
    client.force_login(coordinator_user)
    response = client.get("/tracking/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    job = Job.objects.get(kind="tracking.export")
    assert job.status == "done" and job.result["file"] is None and results(own_media) == []
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


@pytest.mark.django_db
def test_old_job_files_are_cleared_and_their_jobs_say_so(client, own_media, coordinator_user):
    from datetime import timedelta

    from django.utils import timezone

    from jobs import staging
    from jobs.runner import file_result

    fresh = staging.keep(b"waiting")
    old = file_result(b"exported", "a.xlsx", "application/octet-stream")
    job = Job.objects.create(
        kind="tracking.export", started_by=coordinator_user, status="done", result={"file": old},
        finished_at=timezone.now() - timedelta(days=8),
    )  # fmt: skip
    week_ago = time.time() - 8 * 86400
    os.utime(own_media / old["name"], (week_ago, week_ago))
    out = io.StringIO()
    call_command("clear_job_files", "--days", "7", stdout=out)
    assert "removed 1 job files" in out.getvalue()
    assert (own_media / fresh).exists() and not (own_media / old["name"]).exists()
    job.refresh_from_db()
    client.force_login(coordinator_user)
    assert job.result["file"] is None and "/file/" not in client.get(job.get_absolute_url()).content.decode()
