"""The ledger's long work as background jobs. The 台账 export: with workers the export link starts a job
whose page shows the progress and then the download, for its starter and coordinators only; in-process the
file downloads at once and is not kept; old job files are cleared. A round's reminder mails and its
dispatch report run the same way."""

from __future__ import annotations

import io
import os
import time
from urllib.parse import quote

import docx
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
    committed_reference_data, client, coordinator, tasks000, django_user_model, own_media
):
    tasks = tasks000
    client.force_login(coordinator)
    with override_settings(TASKS=WORKERS):
        response = client.post("/tracking/export.xlsx")
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
def test_in_process_the_export_downloads_at_once_and_keeps_no_file(client, coordinator, tasks000, own_media):
    client.force_login(coordinator)
    assert client.get("/tracking/export.xlsx").status_code == 405 and not Job.objects.exists()  # a link starts nothing
    response = client.post("/tracking/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    job = Job.objects.get(kind="tracking.export")
    assert job.status == "done" and job.result["file"] is None and results(own_media) == []
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


@pytest.mark.django_db
def test_clearing_keeps_what_a_waiting_job_needs_and_refuses_days_below_one(own_media, coordinator):
    from django.core.management.base import CommandError

    from jobs import staging

    waiting = staging.keep(b"queued since the workers stopped")
    Job.objects.create(kind="reporting.import", started_by=coordinator, params={"upload": waiting})
    week_ago = time.time() - 8 * 86400
    os.utime(own_media / waiting, (week_ago, week_ago))
    call_command("clear_job_files", "--days", "7", stdout=io.StringIO())
    assert (own_media / waiting).exists()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("clear_job_files", "--days", "0", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_reminder_job_that_waited_past_the_rounds_close_mails_nobody(tasks000, open_round, lead_officer, coordinator):
    from django.core import mail
    from django.utils import timezone

    from jobs.runner import Progress
    from tracking.job_kinds import round_remind

    open_round.closed_at = timezone.now()
    open_round.save(update_fields=["closed_at"])
    result = round_remind(Progress(), open_round.pk, "http://testserver", "now", coordinator.pk)
    assert (result["level"], result["sent"]) == ("error", 0) and not mail.outbox


@pytest.mark.django_db
def test_old_job_files_are_cleared_and_their_jobs_say_so(client, own_media, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from jobs import staging
    from jobs.runner import file_result

    fresh = staging.keep(b"waiting")
    old = file_result(b"exported", "a.xlsx", "application/octet-stream")
    job = Job.objects.create(
        kind="tracking.export", started_by=coordinator, status="done", result={"file": old},
        finished_at=timezone.now() - timedelta(days=8),
    )  # fmt: skip
    week_ago = time.time() - 8 * 86400
    os.utime(own_media / old["name"], (week_ago, week_ago))
    out = io.StringIO()
    call_command("clear_job_files", "--days", "7", stdout=out)
    assert "removed 1 job files" in out.getvalue()
    assert (own_media / fresh).exists() and not (own_media / old["name"]).exists()
    job.refresh_from_db()
    client.force_login(coordinator)
    assert job.result["file"] is None and "/file/" not in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_with_workers_a_rounds_reminders_and_report_are_jobs(
    committed_reference_data, client, coordinator, tasks000, open_round, lead_officer, own_media
):
    from django.core import mail

    from notifications.models import Reminder

    client.force_login(coordinator)
    with override_settings(TASKS=WORKERS):
        remind = client.post(f"/tracking/rounds/{open_round.pk}/remind/")
        report = client.post(f"/tracking/rounds/{open_round.pk}/report.docx")
        reminding, reporting = Job.objects.get(kind="tracking.round_remind"), Job.objects.get(kind="tracking.round_report")
        assert (remind.url, report.url) == (reminding.get_absolute_url(), reporting.get_absolute_url())
        assert not mail.outbox and not Reminder.objects.exists()  # nothing is mailed by the request itself
        work_off_the_queue()
    reminding.refresh_from_db()
    assert reminding.status == "done" and reminding.result["sent"] == 1 and reminding.done == reminding.total
    assert [m.to for m in mail.outbox] == [["lead@example.gov.cn"]]
    assert "已向 1 个单位发送催报提醒" in client.get(reminding.get_absolute_url()).content.decode()
    download = client.get(f"/jobs/{reporting.pk}/file/")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert download.status_code == 200 and quote("调度报告.docx") in download["Content-Disposition"] and open_round.title in text
