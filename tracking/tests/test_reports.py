"""A dispatch round from opening to acceptance, as the coordinator and the units live it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import Notification
from tracking.models import DispatchRound, ProgressReport
from workflow.transitions import InvalidTransition

pytestmark = pytest.mark.django_db

REPORT = {
    "status": "in_progress",
    "percent": 40,
    "narrative": "已完成资质审批流程梳理",
    "next_steps": "开展试点",
    "difficulties": "",
}


def test_the_coordinator_opens_a_round_and_only_one_can_be_open(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("tracking:rounds"), {"title": "2026年12月调度", "due_on": "2026-12-10"})
    assert response.status_code == 302
    client.post(reverse("tracking:rounds"), {"title": "2027年1月调度", "due_on": "2027-01-10"})
    assert list(DispatchRound.objects.values_list("title", flat=True)) == ["2026年12月调度"]


def test_a_lead_report_accepted_becomes_the_task_progress(client, task, open_round, lead_officer, coordinator):
    client.force_login(lead_officer)
    upload = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    assert client.post(reverse("tracking:submit_report", args=[task.pk]), {**REPORT, "attachments": [upload]}).status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert report.unit.code == "bj-economy-it" and report.attachments.get().name == "会议纪要.pdf"
    client.force_login(coordinator)
    response = client.post(
        reverse("tracking:review_report", args=[report.pk]), {"decision": "accepted", "comment": "", "based_on": report.version}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.percent, task.progress_note) == ("in_progress", 40, REPORT["narrative"])
    assert task.progress_updated_at is not None
    assert Notification.objects.filter(user=lead_officer, message__contains="已采纳").exists()
    assert mail.outbox and mail.outbox[-1].to == ["lead@example.gov.cn"]


def test_an_attachment_whose_content_is_not_its_type_is_refused(client, task, open_round, lead_officer):
    client.force_login(lead_officer)
    disguised = SimpleUploadedFile("会议纪要.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = client.post(reverse("tracking:submit_report", args=[task.pk]), {**REPORT, "attachments": [disguised]})
    assert response.status_code == 400 and "内容与 .pdf 格式不符" in response.content.decode()
    archive = SimpleUploadedFile("纪要.docx", b"PK\x03\x04" + b"\x00" * 100, content_type="application/zip")
    response = client.post(reverse("tracking:submit_report", args=[task.pk]), {**REPORT, "attachments": [archive]})
    assert "不是完整的 .docx 文件" in response.content.decode()  # a ZIP header is not yet a Word file
    script = SimpleUploadedFile("run.sh", b"#!/bin/sh", content_type="text/plain")
    response = client.post(reverse("tracking:submit_report", args=[task.pk]), {**REPORT, "attachments": [script]})
    assert "类型不受理" in response.content.decode() and not ProgressReport.objects.exists()


def test_a_co_unit_report_does_not_overwrite_the_task_progress(task, open_round, co_officer, coordinator):
    unit = task.assignments.get(unit__code="cn-comms-beijing").unit
    report = ProgressReport.submit(task, unit, open_round, co_officer, {**REPORT, "percent": 90}, based_on=None)
    report.decide("accepted", coordinator, "", report.version)
    task.refresh_from_db()
    assert task.percent == 0


def test_a_returned_report_is_corrected_and_resubmitted(client, task, open_round, lead_officer, coordinator):
    unit = task.lead().unit
    report = ProgressReport.submit(task, unit, open_round, lead_officer, REPORT, based_on=None)
    with pytest.raises(InvalidTransition):
        report.decide("returned", coordinator, "  ", report.version)
    report.decide("returned", coordinator, "请补充试点企业名单", report.version)
    client.force_login(lead_officer)
    page = client.get(reverse("tracking:task", args=[task.pk])).content.decode()
    assert "请补充试点企业名单" in page and "修改并重新报送" in page
    data = {**REPORT, "narrative": "已补充试点企业名单", "based_on": report.version}
    assert client.post(reverse("tracking:submit_report", args=[task.pk]), data).status_code == 302
    report.refresh_from_db()
    assert report.review == "submitted" and report.narrative == "已补充试点企业名单"


def test_an_accepted_report_cannot_be_changed_and_a_closed_round_takes_no_reports(
    client, task, open_round, lead_officer, coordinator
):
    unit = task.lead().unit
    report = ProgressReport.submit(task, unit, open_round, lead_officer, REPORT, based_on=None)
    report.decide("accepted", coordinator, "", report.version)
    with pytest.raises(InvalidTransition):
        ProgressReport.submit(task, unit, open_round, lead_officer, REPORT, based_on=report.version)
    client.force_login(coordinator)
    client.post(reverse("tracking:round_close", args=[open_round.pk]))
    open_round.refresh_from_db()
    with pytest.raises(InvalidTransition):
        ProgressReport.submit(task, task.assignments.get(unit__code="bj-commerce").unit, open_round, lead_officer, REPORT, None)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**REPORT, "percent": 140}, "percent"),
        ({**REPORT, "status": "completed", "percent": 60}, "percent"),
        ({**REPORT, "status": "finished"}, "status"),
        ({**REPORT, "narrative": ""}, "narrative"),
    ],
)
def test_a_wrong_report_is_refused_with_the_field_named_and_nothing_saved(client, task, open_round, lead_officer, data, field):
    client.force_login(lead_officer)
    response = client.post(reverse("tracking:submit_report", args=[task.pk]), data)
    assert response.status_code == 400
    assert field in response.context["report_form"].errors
    assert not ProgressReport.objects.exists()


def test_the_api_takes_a_report_and_a_review(client, task, open_round, lead_officer, coordinator):
    client.force_login(lead_officer)
    bad = client.post(f"/api/tracking/tasks/{task.pk}/reports", {**REPORT, "percent": -1}, content_type="application/json")
    assert bad.status_code == 422 and not ProgressReport.objects.exists()
    created = client.post(f"/api/tracking/tasks/{task.pk}/reports", REPORT, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    client.force_login(coordinator)
    reviewed = client.post(
        f"/api/tracking/reports/{body['id']}/review",
        {"decision": "returned", "comment": "请补充", "based_on": body["version"]},
        content_type="application/json",
    )
    assert reviewed.status_code == 200 and reviewed.json()["review"] == "returned"


def test_the_round_page_shows_who_has_reported(client, tasks000, task, open_round, lead_officer, coordinator):
    ProgressReport.submit(task, task.lead().unit, open_round, lead_officer, REPORT, based_on=None)
    client.force_login(coordinator)
    response = client.get(reverse("tracking:round", args=[open_round.pk]))
    rows = {row.unit.code: row for row in response.context["units"]}
    economy_tasks = sum(1 for t in tasks000 if t.assignments.filter(unit__code="bj-economy-it").exists())
    assert rows["bj-economy-it"].tasks == economy_tasks and rows["bj-economy-it"].reported == 1
    assert rows["bj-commerce"].reported == 0 and rows["bj-commerce"].missing == rows["bj-commerce"].tasks


@pytest.fixture
def commerce_coordinator(django_user_model, coordinator):
    """A coordinator of 市商务局 who also reports for it (a co-unit of the telecom task)."""
    from directory.models import Unit, UnitMembership
    from directory.roles import coordinator_group

    user = django_user_model.objects.create_user("wang", first_name="王", last_name="", password="pw-wang-1")
    user.groups.add(coordinator_group())
    UnitMembership.objects.create(user=user, unit=Unit.objects.get(code="bj-commerce"))
    return user


def _commerce_report(task, open_round, author) -> ProgressReport:
    unit = task.assignments.get(unit__code="bj-commerce").unit
    return ProgressReport.submit(task, unit, open_round, author, dict(REPORT), based_on=None)


def test_a_coordinator_cannot_decide_on_a_report_they_submitted(task, open_round, commerce_coordinator, coordinator):
    report = _commerce_report(task, open_round, commerce_coordinator)
    with pytest.raises(InvalidTransition, match="本人报送"):
        report.decide("accepted", commerce_coordinator, "", report.version)
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.SUBMITTED


def test_the_refusal_names_who_else_may_decide(client, task, open_round, commerce_coordinator, coordinator):
    coordinator.first_name = "李"
    coordinator.save()
    report = _commerce_report(task, open_round, commerce_coordinator)
    client.force_login(commerce_coordinator)
    data = {"decision": "accepted", "comment": "", "based_on": report.version}
    response = client.post(reverse("tracking:review_report", args=[report.pk]), data)
    assert response.status_code == 403
    assert "可以审核的协调员：李。" in response.content.decode()


def test_the_api_refuses_a_self_decision_with_403(client, task, open_round, commerce_coordinator, coordinator):
    report = _commerce_report(task, open_round, commerce_coordinator)
    client.force_login(commerce_coordinator)
    payload = {"decision": "accepted", "comment": "", "based_on": report.version}
    response = client.post(f"/api/tracking/reports/{report.pk}/review", payload, content_type="application/json")
    assert response.status_code == 403 and "本人报送" in response.json()["detail"]


def test_another_coordinator_decides_on_it(client, task, open_round, commerce_coordinator, coordinator):
    report = _commerce_report(task, open_round, commerce_coordinator)
    client.force_login(coordinator)
    data = {"decision": "accepted", "comment": "", "based_on": report.version}
    assert client.post(reverse("tracking:review_report", args=[report.pk]), data).status_code == 302
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.ACCEPTED


def test_the_task_page_offers_no_review_form_on_ones_own_report(client, task, open_round, commerce_coordinator):
    report = _commerce_report(task, open_round, commerce_coordinator)
    client.force_login(commerce_coordinator)
    page = client.get(reverse("tracking:task", args=[task.pk])).content.decode()
    assert reverse("tracking:review_report", args=[report.pk]) not in page
    assert "由其他协调员审核" in page


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"])
def test_a_review_goes_back_only_to_a_page_of_this_site(client, task, open_round, lead_officer, coordinator, target):
    report = ProgressReport.submit(task, task.assignments.get(role="lead").unit, open_round, lead_officer, dict(REPORT), None)
    client.force_login(coordinator)
    data = {"decision": "accepted", "comment": "", "based_on": report.version, "next": target}
    response = client.post(reverse("tracking:review_report", args=[report.pk]), data)
    assert response["Location"] == report.get_absolute_url()


def test_a_review_returns_to_the_round_page_it_came_from(client, task, open_round, lead_officer, coordinator):
    report = ProgressReport.submit(task, task.assignments.get(role="lead").unit, open_round, lead_officer, dict(REPORT), None)
    client.force_login(coordinator)
    data = {"decision": "accepted", "comment": "", "based_on": report.version, "next": open_round.get_absolute_url()}
    response = client.post(reverse("tracking:review_report", args=[report.pk]), data)
    assert response["Location"] == open_round.get_absolute_url()
