"""Raising and handling an issue through the pages: clear messages, 4xx, and nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from services.models import Issue, IssueAttachment

from .conftest import unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def issue_form(**changes) -> dict:
    data = {
        "kind": "request",
        "category": "visas",
        "title": "外籍高管两年期居留许可",
        "description": "我司外籍总经理拟来京筹建子公司，能否为其及家属办理2年有效的居留许可？",
        "language": "zh",
    }
    data.update(changes)
    return data


def test_an_enterprise_raises_an_issue_with_an_attachment(client, alice):
    client.force_login(alice)
    response = client.post("/services/issues/new/", {**issue_form(), "attachments": [SimpleUploadedFile("letter.pdf", PDF)]})
    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/issues/{issue.pk}/"
    assert issue.raised_by == alice and issue.sla == "general"
    assert issue.attachments.get().name == "letter.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "北京12345市民服务热线" in page  # the clock cites its source


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "类型不受理"),
        (SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"), "内容与 .pdf 格式不符"),
        (SimpleUploadedFile("scan.png", PDF), "内容与 .png 格式不符"),
        (SimpleUploadedFile("notes.txt", "说明".encode("gb18030") * 3), "不是 UTF-8 文本文件"),
        (SimpleUploadedFile("noextension", PDF), "类型不受理"),
    ],
)
def test_a_wrong_attachment_is_refused_and_nothing_is_saved(client, alice, upload, message):
    client.force_login(alice)
    response = client.post("/services/issues/new/", {**issue_form(), "attachments": [upload]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Issue.objects.exists() and not IssueAttachment.objects.exists()


@override_settings(SERVICES_MAX_ATTACHMENT_BYTES=1024 * 1024)
def test_an_oversized_attachment_is_refused(client, alice):
    client.force_login(alice)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 1024 * 1024)
    response = client.post("/services/issues/new/", {**issue_form(), "attachments": [big]})
    assert response.status_code == 400
    assert "附件“big.pdf”超过 1 MB 上限" in response.content.decode()
    assert not Issue.objects.exists()


@pytest.mark.parametrize("description", ["", "   ", "太短了"])
def test_an_empty_or_too_short_description_is_refused(client, alice, description):
    client.force_login(alice)
    response = client.post("/services/issues/new/", issue_form(description=description))
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_an_unknown_category_is_refused(client, alice):
    client.force_login(alice)
    response = client.post("/services/issues/new/", issue_form(category="golf"))
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_officials_cannot_raise_issues(client, police, coordinator):
    for user in (police, coordinator):
        client.force_login(user)
        assert client.post("/services/issues/new/", issue_form()).status_code == 403
    assert not Issue.objects.exists()


def test_the_coordinator_sees_the_proposal_and_routes(client, coordinator, visa_issue):
    client.force_login(coordinator)
    page = client.get(f"/services/issues/{visa_issue.pk}/").content.decode()
    assert "建议首接单位" in page and "北京市公安局" in page and "第10条" in page
    police = unit("bj-public-security")
    assert f'<option value="{police.pk}" selected>' in page
    response = client.post(f"/services/issues/{visa_issue.pk}/route/", {"unit": police.pk, "reason": "措施10"})
    assert response.status_code == 302
    visa_issue.refresh_from_db()
    assert visa_issue.owner == police and visa_issue.status == Issue.Status.ASSIGNED


def test_a_route_to_the_same_unit_as_co_unit_is_refused(client, coordinator, visa_issue):
    client.force_login(coordinator)
    police = unit("bj-public-security")
    response = client.post(f"/services/issues/{visa_issue.pk}/route/", {"unit": police.pk, "co_units": [police.pk]})
    assert response.status_code == 400
    visa_issue.refresh_from_db()
    assert visa_issue.status == Issue.Status.SUBMITTED


def test_a_step_the_state_does_not_allow_answers_409_with_the_reason(client, police, routed_issue):
    client.force_login(police)
    client.post(f"/services/issues/{routed_issue.pk}/accept/")
    response = client.post(f"/services/issues/{routed_issue.pk}/accept/")
    assert response.status_code == 409
    assert "不能进行这项操作" in response.content.decode()


def test_the_unit_answers_and_the_enterprise_rates(client, police, alice, routed_issue):
    client.force_login(police)
    response = client.post(
        f"/services/issues/{routed_issue.pk}/answer/", {"outcome": "cannot_solve", "text": "暂无", "reason": ""}
    )
    assert response.status_code == 400 and "须说明原因" in response.content.decode()
    client.post(f"/services/issues/{routed_issue.pk}/answer/", {"outcome": "solved", "text": "可以办理2年居留许可。"})
    client.force_login(alice)
    page = client.get(f"/services/issues/{routed_issue.pk}/").content.decode()
    assert "可以办理2年居留许可。" in page and "确认办结并评价" in page
    response = client.post(f"/services/issues/{routed_issue.pk}/confirm/", {"rating": 2, "comment": ""})
    assert response.status_code == 409 and "请写明不满意的原因" in response.content.decode()
    client.post(f"/services/issues/{routed_issue.pk}/confirm/", {"rating": 5, "comment": "很及时"})
    routed_issue.refresh_from_db()
    assert routed_issue.status == Issue.Status.CLOSED and routed_issue.rating == 5


def test_the_enterprise_hears_about_the_answer(client, police, alice, routed_issue, mailoutbox):
    client.force_login(police)
    client.post(f"/services/issues/{routed_issue.pk}/answer/", {"outcome": "solved", "text": "可以办理。"})
    assert [m.to for m in mailoutbox] == [[alice.email]]
    assert routed_issue.number in mailoutbox[0].subject
    assert alice.notifications.filter(url__endswith=f"/services/issues/{routed_issue.pk}/").exists()


def test_a_refusal_through_the_page_returns_to_the_list_and_tells_the_coordinators(client, police, coordinator, routed_issue):
    client.force_login(police)
    response = client.post(f"/services/issues/{routed_issue.pk}/refuse/", {"refuse-reason": "签证不属于本单位"})
    assert response.status_code == 302 and response["Location"] == "/services/issues/"
    routed_issue.refresh_from_db()
    assert routed_issue.status == Issue.Status.SUBMITTED
    assert coordinator.notifications.filter(url__endswith=f"/services/issues/{routed_issue.pk}/").exists()


def test_the_issue_page_has_unique_field_ids(client, police, routed_issue):
    import re

    client.force_login(police)
    page = client.get(f"/services/issues/{routed_issue.pk}/").content.decode()
    ids = re.findall(r' id="(id_[^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_a_mail_server_failure_does_not_fail_a_saved_step(client, police, routed_issue, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("notifications.delivery.send_mass_mail", refuse)
    client.force_login(police)
    response = client.post(f"/services/issues/{routed_issue.pk}/answer/", {"outcome": "solved", "text": "可以办理。"})
    assert response.status_code == 302
    routed_issue.refresh_from_db()
    assert routed_issue.status == Issue.Status.ANSWERED


def test_a_text_file_with_a_bad_last_byte_is_refused(client, alice):
    client.force_login(alice)
    response = client.post("/services/issues/new/", {**issue_form(), "attachments": [SimpleUploadedFile("note.txt", b"ab\xff")]})
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


def test_an_issue_whose_category_left_the_data_still_shows(client, alice, visa_issue):
    Issue.objects.filter(pk=visa_issue.pk).update(category="retired-category", sla="retired-class")
    client.force_login(alice)
    page = client.get(f"/services/issues/{visa_issue.pk}/")
    assert page.status_code == 200 and "retired-category" in page.content.decode()


def test_officials_cannot_add_issues_in_the_back_office(admin_client):
    assert admin_client.get("/admin/services/issue/add/").status_code == 403
