"""Every kind of workflow object a person edits goes through the shared optimistic version (workflow.models):
of two saves made from the same version, the second is refused (409) with the one message StaleEdit gives, and
the first one's change stands."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils.html import escape

from applications.tests.conftest import GREEN_ANSWERS
from applications.types import get_type
from corpus.models import Document
from directory.models import Unit
from promotion.models import Project
from promotion.tests.conftest import make_project
from promotion.tests.test_pages import project_form
from reporting.models import Report
from reporting.tests.test_pages import form as report_form
from services import steps as issues
from services.models import Issue
from services.tests.conftest import VISA_ISSUE
from tracking import ledger
from tracking.models import DispatchRound, ProgressReport, Task
from workflow.models import StaleEdit

pytestmark = pytest.mark.django_db

TASK_FORM = {
    "deliverable": "", "priority": "normal", "due_on": "",
    "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
}  # fmt: skip
PROGRESS = {"status": "in_progress", "percent": 40, "narrative": "已完成资质审批流程梳理", "next_steps": "", "difficulties": ""}


def refused_as_stale(response, current) -> bool:
    """A 409 whose page carries the shared refusal for the object as it now stands."""
    return response.status_code == 409 and escape(StaleEdit(current).message) in response.content.decode()


@pytest.fixture
def task() -> Task:
    seed = Document.objects.get(title__startswith="北京市深化服务业扩大开放", is_latest=True)
    return next(t for t in ledger.create_tasks(ledger.propose_tasks(seed, expand_generic=False)) if t.measure.number == 2)


def test_a_task(client, task, coordinator, lead_officer):
    version = task.version
    client.force_login(coordinator)
    assert (
        client.post(f"/tracking/tasks/{task.pk}/edit/", {**TASK_FORM, "title": "协调员的修改", "based_on": version}).status_code
        == 302
    )
    client.force_login(lead_officer)
    second = client.post(f"/tracking/tasks/{task.pk}/edit/", {**TASK_FORM, "title": "牵头单位的修改", "based_on": version})
    assert refused_as_stale(second, Task.objects.get(pk=task.pk))
    assert Task.objects.get(pk=task.pk).title == "协调员的修改"


def test_a_progress_report(client, task, coordinator, lead_officer):
    DispatchRound.objects.create(title="2026年12月调度", due_on="2026-12-10", opened_by=coordinator)
    unit = Unit.objects.get(code="bj-economy-it").pk
    client.force_login(lead_officer)
    client.post(f"/tracking/tasks/{task.pk}/report/", {**PROGRESS, "unit": unit})
    version = ProgressReport.objects.get().version
    first = client.post(f"/tracking/tasks/{task.pk}/report/", {**PROGRESS, "unit": unit, "percent": 50, "based_on": version})
    assert first.status_code == 302
    second = client.post(f"/tracking/tasks/{task.pk}/report/", {**PROGRESS, "unit": unit, "percent": 60, "based_on": version})
    assert refused_as_stale(second, ProgressReport.objects.get())
    assert ProgressReport.objects.get().percent == 50


def test_an_issue(client, firm_a, enterprise_a, coordinator):
    issue = issues.raise_issue(firm_a, enterprise_a, dict(VISA_ISSUE), today=date(2026, 11, 25))
    police, hrss = Unit.objects.get(code="bj-public-security"), Unit.objects.get(code="bj-hrss")
    client.force_login(coordinator)
    url = f"/services/issues/{issue.pk}/route/"
    assert client.post(url, {"unit": police.pk, "reason": "", "based_on": issue.version}).status_code == 302
    second = client.post(url, {"unit": hrss.pk, "reason": "另一位协调员的分派", "based_on": issue.version})
    assert refused_as_stale(second, Issue.objects.get(pk=issue.pk))
    assert Issue.objects.get(pk=issue.pk).owner == police


def test_an_application_draft(client, firm_a, enterprise_a):
    from applications import steps as applications

    draft = applications.save_draft(get_type("data-export-green-channel"), firm_a, enterprise_a, dict(GREEN_ANSWERS), {})
    client.force_login(enterprise_a)
    url = f"/applications/{draft.pk}/edit/"
    first = client.post(url, {**GREEN_ANSWERS, "purpose": "第一次修改", "action": "save", "based_on": draft.version})
    assert first.status_code == 302
    second = client.post(url, {**GREEN_ANSWERS, "purpose": "旧页面的修改", "action": "save", "based_on": draft.version})
    draft.refresh_from_db()
    assert refused_as_stale(second, draft)
    assert draft.answers["purpose"] == "第一次修改"


def test_an_fdi_report_draft(client, firm_a, enterprise_a):
    client.force_login(enterprise_a)
    client.post("/reporting/new/", report_form(firm_a.uscc, name=firm_a.name, action="save"))
    report = Report.objects.get()
    url = f"/reporting/{report.pk}/edit/"
    first = client.post(url, report_form(firm_a.uscc, name=firm_a.name, employees="130", action="save", based_on=report.version))
    assert first.status_code == 302
    second = client.post(url, report_form(firm_a.uscc, name=firm_a.name, employees="99", action="save", based_on=report.version))
    assert refused_as_stale(second, Report.objects.get())
    assert Report.objects.get().employees == 130


def test_a_promotion_project(client, coordinator):
    project = make_project(coordinator)
    client.force_login(coordinator)
    url = f"/promotion/projects/{project.pk}/edit/"
    assert client.post(url, project_form(name="第一次修改", based_on=project.version)).status_code == 302
    second = client.post(url, project_form(name="旧页面的修改", based_on=project.version))
    assert refused_as_stale(second, Project.objects.get(pk=project.pk))
    assert Project.objects.get(pk=project.pk).name == "第一次修改"
