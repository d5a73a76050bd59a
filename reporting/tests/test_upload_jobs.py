"""Uploads processed as background jobs (a district's bulk import of reports, a department's data delivery):
with workers the page hands the file to a job and its page follows it; the file waits outside the web root
and is gone once the job has read it; a refused file lists every row's problem on the job page, in the
language of the person who sent it; a large delivery reports its progress every 10,000 rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from jobs.models import Job
from jobs.tests.helpers import job_files, work_off_the_queue
from reporting.models import Report

from .test_import import row, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media")]
WORKERS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def staged(media) -> list:
    return job_files(media, "job-uploads")


@pytest.mark.concurrency  # committed rows: runs with the other such tests, after the rest
@pytest.mark.django_db(transaction=True)
def test_with_workers_the_import_is_a_job_the_page_follows(committed_reference_data, client, chaoyang, ent_a, own_media):
    client.force_login(chaoyang)
    upload = SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "100")]))
    with override_settings(TASKS=WORKERS):
        response = client.post("/reporting/import/", {"file": upload})
        job = Job.objects.get(kind="reporting.import")
        assert response.status_code == 302 and response.url == job.get_absolute_url()
        assert job.status == "queued" and not Report.objects.exists() and len(staged(own_media)) == 1
        work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.result["imported"], job.done, job.total) == ("done", 1, 2, 2)
    assert Report.objects.get().status == Report.Status.DISTRICT_REVIEW
    assert staged(own_media) == []
    page = client.get(job.get_absolute_url()).content.decode()
    assert "已导入 1 份报告" in page and f'href="{reverse("reporting:reports")}"' in page


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_refused_file_lists_its_problems_on_the_job_page_in_the_senders_language(
    committed_reference_data, client, chaoyang, ent_a, own_media
):
    client.force_login(chaoyang)
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "50")]))
    with override_settings(TASKS=WORKERS):
        client.post("/reporting/import/", {"file": upload})
        with translation.override("zh-hans"):  # a worker runs in the default language, Chinese
            work_off_the_queue()
    job = Job.objects.get(kind="reporting.import")
    assert job.status == "failed" and job.language == "en" and "nothing was imported" in job.error.lower()
    assert any("Row 2" in problem for problem in job.result["problems"])
    assert not Report.objects.exists() and staged(own_media) == []
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Row 2" in page and 'href="/reporting/import/"' in page


def test_in_process_the_form_answers_at_once_and_keeps_no_file(client, chaoyang, ent_a, own_media):
    client.force_login(chaoyang)
    bad = client.post("/reporting/import/", {"file": SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "50")]))})
    assert bad.status_code == 400 and "文件未导入" in bad.content.decode()
    assert Job.objects.get().status == "failed" and staged(own_media) == []


def test_progress_writes_to_the_database_a_few_times_not_once_per_row(django_user_model, django_assert_max_num_queries):
    from jobs.runner import Progress

    job = Job.objects.create(kind="reporting.import", started_by=django_user_model.objects.create_user("x"))
    progress = Progress(job)
    with django_assert_max_num_queries(5):
        progress.expect(5000)
        for number in range(5000):
            progress.step(str(number))
    job.refresh_from_db()
    assert (job.done, job.total, job.step) == (5000, 5000, "4999")


def test_staged_names_outside_their_folder_are_refused():
    from jobs import staging

    for name in ["../settings.py", "/etc/passwd", "job-uploads/../../x"]:
        with pytest.raises(ValueError):
            staging.read(name)


def fx_delivery(uscc: str, rows: int) -> bytes:
    from .test_analysis_pages import FX_HEADER

    return (FX_HEADER + "".join(f"{uscc},2025-03-01,inflow,{n + 1},USD\n" for n in range(rows))).encode()


def test_a_large_delivery_reports_its_rows_checked_then_the_storing(ent_a, safe_officer):
    from directory.models import Unit
    from jobs.runner import Progress
    from reporting import feeds

    heard: list[tuple[int, int, str]] = []
    progress = Progress(echo=lambda done, total, text: heard.append((done, total, text)))
    feed = feeds.ingest(
        "fx", "fx.csv", fx_delivery(ent_a.uscc, 25_000), Unit.objects.get(code="cn-safe-beijing"), safe_officer, progress
    )
    assert feed.rows == 25_000
    assert heard == [
        (0, 25_001, ""),
        (10_000, 25_001, "已检查 10000 行"),
        (20_000, 25_001, "已检查 20000 行"),
        (25_000, 25_001, "已检查 25000 行"),
        (25_001, 25_001, "入库"),
    ]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_with_workers_a_department_delivery_is_a_job(committed_reference_data, client, safe_officer, ent_a, own_media):
    from reporting.models import Feed

    client.force_login(safe_officer)
    upload = SimpleUploadedFile("fx.csv", fx_delivery(ent_a.uscc, 3))
    with override_settings(TASKS=WORKERS):
        response = client.post("/reporting/feeds/", {"kind": "fx", "file": upload})
        job = Job.objects.get(kind="reporting.feed")
        assert response.url == job.get_absolute_url() and not Feed.objects.exists()
        work_off_the_queue()
    job.refresh_from_db()
    assert job.status == "done" and Feed.objects.get().rows == 3 and staged(own_media) == []
    assert "已存为第 1 版，共 3 行。" in client.get(job.get_absolute_url()).content.decode()


def test_an_unreachable_queue_fails_the_job_at_once_and_drops_its_upload(
    client, chaoyang, ent_a, own_media, settings, django_capture_on_commit_callbacks
):
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing listens there
    client.force_login(chaoyang)
    upload = SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "Alpha", "HK", "100")]))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/reporting/import/", {"file": upload})
        job = Job.objects.get(kind="reporting.import")
        assert job.status == "failed" and "任务队列暂不可用" in job.error and staged(own_media) == []
        assert "任务队列暂不可用" in client.get(job.get_absolute_url()).content.decode()
        # A failed job is not handed back to the next attempt: that one starts afresh.
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/reporting/import/", {"file": SimpleUploadedFile("r.xlsx", xlsx([row(ent_a.uscc, "A", "HK", "100")]))})
        assert Job.objects.filter(kind="reporting.import").count() == 2
