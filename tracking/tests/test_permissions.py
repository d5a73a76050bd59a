"""The permission matrix: persona × action, through the pages and the API."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from tracking.models import ProgressReport, Task

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "lead", "co", "other", "anonymous"]


@pytest.fixture
def login(client, coordinator, lead_officer, co_officer, other_officer):
    users = {"coordinator": coordinator, "lead": lead_officer, "co": co_officer, "other": other_officer, "anonymous": None}

    def as_(persona: str):
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        return client

    return as_


def _report(task, unit_code, open_round, user) -> ProgressReport:
    unit = task.assignments.get(unit__code=unit_code).unit
    return ProgressReport.objects.create(
        round=open_round, task=task, unit=unit, status="in_progress", percent=30, narrative="进展", submitted_by=user
    )


def _denied(response, persona: str) -> bool:
    if persona == "anonymous":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize(
    ("persona", "allowed"), [("coordinator", True), ("lead", True), ("co", True), ("other", False), ("anonymous", False)]
)
def test_view_task(login, task, persona, allowed):
    response = login(persona).get(reverse("tracking:task", args=[task.pk]))
    assert response.status_code == 200 if allowed else _denied(response, persona)


@pytest.mark.parametrize(
    ("persona", "allowed"), [("coordinator", True), ("lead", True), ("co", False), ("other", False), ("anonymous", False)]
)
def test_edit_task(login, task, persona, allowed):
    data = {
        "title": "改过的任务",
        "deliverable": "实施细则",
        "priority": "high",
        "due_on": "2026-12-31",
        "based_on": task.version,
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    response = login(persona).post(reverse("tracking:task_edit", args=[task.pk]), data)
    task.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and task.title == "改过的任务"
    else:
        assert _denied(response, persona) and task.title != "改过的任务"


@pytest.mark.parametrize(
    ("persona", "allowed"), [("coordinator", False), ("lead", True), ("co", True), ("other", False), ("anonymous", False)]
)
def test_submit_report(login, task, open_round, persona, allowed):
    data = {"status": "in_progress", "percent": 20, "narrative": "已启动", "next_steps": "", "difficulties": ""}
    response = login(persona).post(reverse("tracking:submit_report", args=[task.pk]), data)
    if allowed:
        assert response.status_code == 302
        assert ProgressReport.objects.filter(task=task).count() == 1
    else:
        assert _denied(response, persona)
        assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"), [("coordinator", True), ("lead", False), ("co", False), ("other", False), ("anonymous", False)]
)
def test_accept_report(login, task, open_round, lead_officer, persona, allowed):
    report = _report(task, "bj-economy-it", open_round, lead_officer)
    response = login(persona).post(
        reverse("tracking:review_report", args=[report.pk]), {"decision": "accepted", "comment": "", "based_on": report.version}
    )
    report.refresh_from_db()
    assert report.review == ("accepted" if allowed else "submitted")
    if not allowed:
        assert _denied(response, persona)


@pytest.mark.parametrize(
    ("persona", "rows"), [("coordinator", "all"), ("lead", "own"), ("co", "own"), ("other", "own"), ("anonymous", None)]
)
def test_export(login, tasks000, task, persona, rows):
    import io

    from openpyxl import load_workbook

    response = login(persona).post(reverse("tracking:export"))
    if rows is None:
        assert _denied(response, persona)
        return
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    unit = {"lead": "bj-economy-it", "co": "cn-comms-beijing", "other": "bj-health"}.get(persona)
    expected = Task.objects.all() if unit is None else Task.objects.filter(assignments__unit__code=unit)
    assert titles == set(expected.values_list("title", flat=True))
    assert (task.title in titles) == (persona != "other")


def test_the_co_unit_sees_only_its_own_part_and_the_lead_sees_all(login, task, open_round, lead_officer, co_officer):
    _report(task, "bj-economy-it", open_round, lead_officer)
    _report(task, "cn-comms-beijing", open_round, co_officer).__class__.objects.filter(unit__code="cn-comms-beijing").update(
        narrative="商务局的部分"
    )
    lead_page = login("lead").get(reverse("tracking:task", args=[task.pk])).content.decode()
    co_page = login("co").get(reverse("tracking:task", args=[task.pk])).content.decode()
    assert "商务局的部分" in lead_page
    assert "商务局的部分" in co_page and co_page.count('class="card report"') == 1


def test_the_board_lists_only_the_units_own_tasks(login, tasks000):
    page = login("other").get(reverse("tracking:board")).content.decode()
    health = Task.objects.filter(assignments__unit__code="bj-health")
    assert health.exists()
    for task in Task.objects.all():
        assert (task.get_absolute_url() in page) == health.filter(pk=task.pk).exists()


def _basic(username: str) -> dict:
    token = base64.b64encode(f"{username}:pw-{username}-1".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 200), ("lead", 200), ("co", 200), ("other", 404)])
def test_the_api_obeys_the_same_rules(client, task, coordinator, lead_officer, co_officer, other_officer, persona, status):
    username = {"coordinator": "coord", "lead": "lead", "co": "co", "other": "other"}[persona]
    assert client.get(f"/api/tracking/tasks/{task.pk}", **_basic(username)).status_code == status
    listed = client.get("/api/tracking/tasks?limit=500", **_basic(username)).json()["items"]
    assert (task.pk in {t["id"] for t in listed}) == (status == 200)


def test_the_api_refuses_anonymous_callers(client, task):
    assert client.get("/api/tracking/tasks").status_code == 401
    assert client.get(f"/api/tracking/tasks/{task.pk}").status_code == 401


def test_a_unit_cannot_review_through_the_api(client, task, open_round, lead_officer):
    report = _report(task, "bj-economy-it", open_round, lead_officer)
    response = client.post(
        f"/api/tracking/reports/{report.pk}/review",
        {"decision": "accepted", "based_on": report.version},
        content_type="application/json",
        **_basic("lead"),
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.review == "submitted"
