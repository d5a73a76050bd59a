"""Policy documents uploaded by coordinators are parsed as a background job: with workers the upload page
hands the files over and the job's page follows them, each file's outcome with a link to the document;
one unreadable file does not stop the others; a batch of nothing readable is refused with the reasons."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from conftest import SEED_000
from corpus.models import Document
from jobs.models import Job
from jobs.tests.helpers import job_files, work_off_the_queue

WORKERS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def final_version() -> SimpleUploadedFile:
    text = SEED_000.read_text(encoding="utf-8").replace("（征求意见稿）", "")
    return SimpleUploadedFile("final.txt", text.encode("gb18030"))


@pytest.mark.concurrency  # committed rows: runs with the other such tests, after the rest
@pytest.mark.django_db(transaction=True)
def test_with_workers_the_upload_is_a_job_whose_page_lists_each_file(
    committed_reference_data, client, coordinator, own_media, settings
):
    settings.INVESTBJ_MAX_DOCUMENT_BYTES = 200_000
    client.force_login(coordinator)
    too_large = SimpleUploadedFile("huge.txt", b"x" * 300_000)
    with override_settings(TASKS=WORKERS):
        response = client.post(
            "/upload/", {"documents": [final_version(), SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken"), too_large]}
        )
        job = Job.objects.get(kind="corpus.ingest")
        assert response.url == job.get_absolute_url() and job.status == "queued"
        work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    stored = Document.objects.get(base_title="北京市深化服务业扩大开放促进外商投资实施方案", version=2)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "final.txt: 已作为新版本导入" in page and stored.get_absolute_url() in page and "scan.pdf" in page
    assert "huge.txt: the file is larger than" in page  # turned away by the page, still reported with the rest
    assert stored.history.earliest().history_user == coordinator  # the worker records who uploaded it
    assert job_files(own_media, "job-uploads") == []


@pytest.mark.django_db
def test_a_batch_with_nothing_readable_is_refused_with_each_reason(client, coordinator, own_media):
    client.force_login(coordinator)
    before = Document.objects.count()
    response = client.post(
        "/upload/", {"documents": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken"), SimpleUploadedFile("b.pdf", b"%PDF-1.4 x")]}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "a.pdf" in body and "b.pdf" in body
    assert Job.objects.get().status == "failed" and Document.objects.count() == before
