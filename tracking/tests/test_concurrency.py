"""Two people editing the same task or report: the second save is refused, never silently applied."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tracking.models import ProgressReport, Task
from workflow.models import StaleEdit

pytestmark = pytest.mark.django_db


def edit(client, task: Task, based_on: int, title: str):
    data = {
        "title": title,
        "deliverable": "",
        "priority": "normal",
        "due_on": "",
        "based_on": based_on,
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": f"{title}的节点",
        "milestones-0-due_on": "2026-12-15",
    }
    return client.post(reverse("tracking:task_edit", args=[task.pk]), data)


def test_the_second_of_two_edits_from_the_same_version_is_refused(client, task, coordinator, lead_officer):
    version = task.version
    client.force_login(coordinator)
    assert edit(client, task, version, "协调员的修改").status_code == 302
    client.force_login(lead_officer)
    response = edit(client, task, version, "牵头单位的修改")
    assert response.status_code == 409
    page = response.content.decode()
    assert "王敏" in page and "您的修改未保存" in page and f"/tracking/tasks/{task.pk}/#history" in page
    assert "牵头单位的修改" in page  # the refused input is kept on the form, not lost
    task.refresh_from_db()
    assert task.title == "协调员的修改" and task.version == version + 1
    assert list(task.milestones.values_list("title", flat=True)) == ["协调员的修改的节点"]


def test_the_history_shows_who_changed_what(client, task, coordinator):
    client.force_login(coordinator)
    edit(client, task, task.version, "改为新标题")
    page = client.get(reverse("tracking:task", args=[task.pk])).content.decode()
    assert "改为新标题" in page and "coord" in page
    record = task.history.first()
    assert record.history_user == coordinator and record.title == "改为新标题"


def test_the_api_answers_409_with_the_current_version(client, task, coordinator):
    client.force_login(coordinator)
    first = client.patch(
        f"/api/tracking/tasks/{task.pk}", {"based_on": task.version, "deliverable": "方案"}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == task.version + 1
    second = client.patch(
        f"/api/tracking/tasks/{task.pk}", {"based_on": task.version, "deliverable": "细则"}, content_type="application/json"
    )
    assert second.status_code == 409 and second.json()["current_version"] == task.version + 1
    task.refresh_from_db()
    assert task.deliverable == "方案"


def test_a_report_resubmitted_from_a_stale_copy_is_refused(task, open_round, lead_officer, django_user_model):
    unit = task.lead().unit
    colleague = django_user_model.objects.create_user("lead2")
    content = {"status": "in_progress", "percent": 10, "narrative": "第一稿", "next_steps": "", "difficulties": ""}
    report = ProgressReport.submit(task, unit, open_round, lead_officer, content, based_on=None)
    ProgressReport.submit(task, unit, open_round, colleague, {**content, "narrative": "同事的修改"}, based_on=report.version)
    with pytest.raises(StaleEdit) as refused:
        ProgressReport.submit(task, unit, open_round, lead_officer, {**content, "narrative": "我的修改"}, based_on=report.version)
    assert refused.value.current.narrative == "同事的修改"
    # A second "new" report for the same unit and round is a conflict too, not a duplicate.
    with pytest.raises(StaleEdit):
        ProgressReport.submit(task, unit, open_round, colleague, content, based_on=None)
    assert ProgressReport.objects.filter(task=task).count() == 1


def test_a_review_of_a_report_changed_since_it_was_read_is_refused(task, open_round, lead_officer, coordinator):
    unit = task.lead().unit
    content = {"status": "in_progress", "percent": 10, "narrative": "第一稿", "next_steps": "", "difficulties": ""}
    report = ProgressReport.submit(task, unit, open_round, lead_officer, content, based_on=None)
    read_version = report.version
    ProgressReport.submit(task, unit, open_round, lead_officer, {**content, "narrative": "第二稿"}, based_on=read_version)
    with pytest.raises(StaleEdit):
        ProgressReport.objects.get(pk=report.pk).decide("accepted", coordinator, "", based_on=read_version)
    assert ProgressReport.objects.get(pk=report.pk).review == "submitted"


def test_an_api_patch_that_changes_nothing_keeps_the_version(client, task, coordinator):
    client.force_login(coordinator)
    same = {"based_on": task.version, "title": task.title, "priority": task.priority}
    response = client.patch(f"/api/tracking/tasks/{task.pk}", same, content_type="application/json")
    assert (response.status_code, response.json()["version"]) == (200, task.version)


def test_an_api_patch_that_changes_nothing_leaves_no_history(client, task, coordinator):
    client.force_login(coordinator)
    before = task.history.count()
    client.patch(
        f"/api/tracking/tasks/{task.pk}", {"based_on": task.version, "title": task.title}, content_type="application/json"
    )
    assert task.history.count() == before


def test_a_no_op_patch_from_a_stale_copy_is_still_a_conflict(client, task, coordinator):
    client.force_login(coordinator)
    read = task.version
    client.patch(f"/api/tracking/tasks/{task.pk}", {"based_on": read, "deliverable": "方案"}, content_type="application/json")
    stale = {"based_on": read, "title": task.title}
    assert client.patch(f"/api/tracking/tasks/{task.pk}", stale, content_type="application/json").status_code == 409
