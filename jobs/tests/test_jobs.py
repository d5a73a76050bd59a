"""Background jobs: the cross-checks started from the flags page run as a job whose page shows each step's
progress and the outcome; only its starter (and coordinators) follow it; a failing job says why; the
command line shows a progress bar; and the database backend really defers the work to a worker."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from jobs.models import Job
from jobs.runner import KINDS, Progress, kind, start
from jobs.tests.helpers import work_off_the_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("city")
    user.user_permissions.add(Permission.objects.get(codename="review_city", content_type__app_label="reporting"))
    return user


@pytest.fixture(autouse=True)
def own_store(tmp_path, settings):
    settings.REPORTING_STORE_DIR = tmp_path / "columnar"


def test_running_the_checks_from_the_page_is_a_job_with_its_progress(client, city):
    client.force_login(city)
    response = client.post("/reporting/flags/run/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.started_by, job.done, job.total) == ("reporting.checks", "done", city, 11, 11)
    assert job.step == "预警已保存" and set(job.result["counts"]) >= {"paid_in_vs_inflow", "benford"}
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'value="100"' in page and "/reporting/flags/" in page and 'http-equiv="refresh"' not in page
    assert "首位数字分布偏离本福特定律" in page  # each check by its name, in the page's language
    assert "<li></li>" not in page and "预警已保存" not in page  # no step text once done


def test_a_running_job_page_refreshes_itself_and_shows_the_bar(client, city):
    job = Job.objects.create(
        kind="reporting.checks", started_by=city, status=Job.Status.RUNNING, done=3, total=11, step="report_without_inflow"
    )
    client.force_login(city)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and 'value="27"' in page and "report_without_inflow" in page


def test_only_the_starter_and_coordinators_follow_a_job(client, city, django_user_model):
    from directory.roles import coordinator_group

    job = Job.objects.create(kind="reporting.checks", started_by=city)
    other = django_user_model.objects.create_user("other")
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404 and not client.get("/jobs/").context["jobs"]
    coordinator = django_user_model.objects.create_user("coord")
    coordinator.groups.add(coordinator_group())
    client.force_login(coordinator)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200


def test_a_failing_job_is_marked_failed_with_its_reason(city):
    @kind("test.broken")
    def broken(progress: Progress) -> dict:
        progress.expect(2)
        progress.step("first")
        raise RuntimeError("the store is unreachable")

    try:
        job = start("test.broken", city)
    finally:
        KINDS.pop("test.broken")
    assert (job.status, job.done, job.total) == ("failed", 1, 2) and "the store is unreachable" in job.error


def test_the_command_line_draws_a_progress_bar(capsys):
    out = io.StringIO()
    call_command("run_checks", stdout=out)
    bar = capsys.readouterr().err
    assert (
        "[##############################] 11/11 预警已保存" in bar
        and "首位数字分布偏离本福特定律" in bar
        and "0 findings in all" in out.getvalue()
    )


@pytest.mark.concurrency  # committed rows: runs with the other such tests, after the rest
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_leaves_the_work_to_a_worker(city, settings):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = start("reporting.checks", city)
        assert job.status == "queued"  # nothing ran in this process
        work_off_the_queue()
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 11


@pytest.fixture
def redis_queue(settings):
    """A Redis database of the tests' own (15) as the task queue; skipped only off CI when Redis is not there."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {url}")
    connection.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url}}
    yield connection
    connection.flushdb()


@pytest.mark.concurrency  # committed rows: runs with the other such tests, after the rest
@pytest.mark.django_db(transaction=True)
def test_the_redis_backend_leaves_the_work_to_an_rq_worker_after_commit(city, redis_queue):
    import django_rq
    from django.db import transaction
    from django_tasks_rq import Job as TaskJob
    from rq import SimpleWorker

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}):
        with transaction.atomic():
            job = start("reporting.checks", city)
            assert django_rq.get_queue("default").count == 0  # not before the Job row is committed
        assert django_rq.get_queue("default").count == 1
        job.refresh_from_db()
        assert job.status == "queued"  # nothing ran in this process
        # A worker of the pool (in this process, without forking, so it sees this test's database).
        worker = django_rq.get_worker("default", job_class=TaskJob, worker_class=SimpleWorker)
        assert worker.work(burst=True)
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 11


def test_a_second_request_for_running_checks_joins_the_run_under_way(client, city, django_user_model):
    from django.contrib.auth.models import Permission

    running = Job.objects.create(kind="reporting.checks", started_by=city, status=Job.Status.RUNNING)
    assert start("reporting.checks", city) == running
    colleague = django_user_model.objects.create_user("colleague")
    colleague.user_permissions.add(Permission.objects.get(codename="review_city", content_type__app_label="reporting"))
    client.force_login(colleague)
    response = client.post("/reporting/flags/run/", follow=True)
    assert response.redirect_chain[-1][0] == "/reporting/flags/" and "核查正在进行中" in response.content.decode()
    assert Job.objects.count() == 1


def test_a_job_left_unfinished_by_a_stopped_worker_says_so_and_stops_refreshing(client, city):
    from datetime import timedelta

    from django.utils import timezone

    job = Job.objects.create(kind="reporting.checks", started_by=city, status=Job.Status.RUNNING)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=2))
    client.force_login(city)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "后台进程可能已停止" in page and 'http-equiv="refresh"' not in page
    assert start("reporting.checks", city) != job  # a stale job does not block a new run


@pytest.mark.concurrency  # committed rows: runs with the other such tests, after the rest
@pytest.mark.django_db(transaction=True)
def test_with_workers_the_statistics_say_they_are_updating_until_the_worker_is_done(client, city, committed_reference_data):
    from django.contrib.auth import get_user_model

    from reporting import intake
    from reporting.snapshot import snapshot_reports
    from reporting.tests.conftest import TODAY, annual, enterprise, person

    client.force_login(city)
    snapshot_reports()  # current, and empty
    firm = enterprise("甲科技（北京）有限公司", 1, "district-chaoyang")
    filer = person(get_user_model(), "filer", enterprise=firm)
    district = person(get_user_model(), "district", unit_code="district-chaoyang", perm="review_district")
    report = intake.submit(intake.save(annual(firm.uscc), firm, filer, today=TODAY), filer)
    intake.review(intake.review(report, district, "district", accept=True), city, "city", accept=True)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        page = client.get("/reporting/statistics/")
        assert "正在后台重新计算" in page.content.decode() and page.context["rows"] == []
        job = Job.objects.get(kind="reporting.snapshot")
        assert f"/jobs/{job.pk}/" in page.content.decode()
        work_off_the_queue()
        page = client.get("/reporting/statistics/")
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    assert "正在后台重新计算" not in page.content.decode() and [r.fdi_usd for r, _l in page.context["rows"]] == [10_000_000.0]


def test_the_list_refreshes_itself_only_while_a_job_is_going(client, city):
    client.force_login(city)
    job = Job.objects.create(kind="reporting.checks", started_by=city)
    assert 'http-equiv="refresh"' in client.get("/jobs/").content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    assert 'http-equiv="refresh"' not in client.get("/jobs/").content.decode()


def _queued_for(city, minutes: int) -> Job:
    from datetime import timedelta

    from django.utils import timezone

    job = Job.objects.create(kind="reporting.checks", started_by=city)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    job.refresh_from_db()
    return job


def test_a_job_no_worker_has_taken_says_so_within_two_minutes(client, city):
    job = _queued_for(city, 2)
    client.force_login(city)
    assert "仍没有后台进程接手" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_just_queued_job_says_nothing_of_workers(client, city):
    job = _queued_for(city, 0)
    client.force_login(city)
    assert "仍没有后台进程接手" not in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_just_queued_job_is_joined_by_a_second_request(city):
    job = _queued_for(city, 0)
    assert start("reporting.checks", city) == job


def test_a_rerun_replaces_a_job_no_worker_took(city):
    old = _queued_for(city, 5)
    new = start("reporting.checks", city)
    old.refresh_from_db()
    assert new != old and old.status == Job.Status.FAILED and f"#{new.pk}" in old.error


def test_a_replaced_job_is_not_run_when_a_worker_comes(city):
    from jobs.runner import _run

    old = _queued_for(city, 5)
    start("reporting.checks", city)
    old.refresh_from_db()
    assert _run(old) == Job.Status.FAILED and old.done == 0


def test_the_health_check_reports_a_stalled_queue(client, city):
    _queued_for(city, 5)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        response = client.get("/healthz")
    assert response.status_code == 200 and "queue: stalled (1 waiting" in response.content.decode()


def test_the_health_check_reports_a_healthy_queue(client, city):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        response = client.get("/healthz")
    assert response.content.decode().splitlines() == ["ok", "queue: ok (0 waiting, the oldest for 0 s)"]
