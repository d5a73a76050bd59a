"""Applying through the pages: drafts, eligibility, submission; bad input gets precise errors and nothing is submitted."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, ApplicationDocument

from .conftest import GREEN_ANSWERS, docx, pdf

pytestmark = pytest.mark.django_db
URL = "/applications/types/data-export-green-channel/apply/"


def test_an_application_is_saved_as_a_draft_and_submitted_later(client, alice):
    client.force_login(alice)
    response = client.post(URL, {"sectors": ["pharma"], "recipient": "Pharma AG", "action": "save", "doc_self-assessment": pdf()})
    draft = Application.objects.get()
    assert response.status_code == 302 and draft.status == Application.Status.DRAFT
    assert draft.answers == {"sectors": ["pharma"], "recipient": "Pharma AG"}
    page = client.get(f"/applications/{draft.pk}/edit/").content.decode()
    assert 'value="Pharma AG"' in page and "doc.pdf" in page
    response = client.post(f"/applications/{draft.pk}/edit/", {**GREEN_ANSWERS, "action": "submit", "doc_contract": docx()})
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == Application.Status.IN_REVIEW
    assert draft.documents.filter(replaced=False).count() == 2


def test_a_missing_required_field_blocks_submission(client, alice):
    client.force_login(alice)
    answers = {k: v for k, v in GREEN_ANSWERS.items() if k != "purpose"}
    response = client.post(URL, {**answers, "action": "submit", "doc_self-assessment": pdf(), "doc_contract": docx()})
    assert response.status_code == 400 and "提交前请填写此项" in response.content.decode()
    assert not Application.objects.exists()


def test_a_missing_document_blocks_submission_and_keeps_the_draft(client, alice):
    client.force_login(alice)
    response = client.post(URL, {**GREEN_ANSWERS, "action": "submit", "doc_self-assessment": pdf()})
    page = response.content.decode()
    assert response.status_code == 400 and "还缺少以下材料：与境外接收方拟订立的法律文件" in page
    draft = Application.objects.get()
    assert draft.status == Application.Status.DRAFT and not draft.steps.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("contract.exe", b"MZ\x90"), "不是所需格式"),
        (SimpleUploadedFile("contract.png", b"\x89PNG\r\n\x1a\n"), "不是所需格式"),
        (SimpleUploadedFile("contract.pdf", b"<html>no</html>"), "内容与 .pdf 格式不符"),
    ],
)
def test_a_wrong_type_of_document_is_refused_and_nothing_is_saved(client, alice, upload, message):
    client.force_login(alice)
    response = client.post(URL, {**GREEN_ANSWERS, "action": "submit", "doc_self-assessment": pdf(), "doc_contract": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Application.objects.exists() and not ApplicationDocument.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("records", "many"), ("recipient_country", "XX"), ("sectors", "golf")])
def test_a_wrong_field_value_is_refused(client, alice, field, value):
    client.force_login(alice)
    response = client.post(URL, {**GREEN_ANSWERS, field: value, "action": "save"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_submitted_application_is_no_longer_editable(client, alice, green_submitted):
    client.force_login(alice)
    response = client.post(f"/applications/{green_submitted.pk}/edit/", {**GREEN_ANSWERS, "purpose": "改", "action": "save"})
    assert response.status_code == 302
    green_submitted.refresh_from_db()
    assert green_submitted.answers["purpose"] == GREEN_ANSWERS["purpose"]


def test_a_request_for_information_is_answered_through_the_page(client, alice, cyber, green_submitted):
    from applications import steps

    from .conftest import unit

    steps.request_info(green_submitted, cyber, unit("bj-cyberspace"), "请补充安全能力说明")
    client.force_login(alice)
    page = client.get(f"/applications/{green_submitted.pk}/").content.decode()
    assert "请补充安全能力说明" in page
    assert client.post(f"/applications/{green_submitted.pk}/info/", {"answer": ""}).status_code == 400
    response = client.post(f"/applications/{green_submitted.pk}/info/", {"answer": "见附件", "doc_other": pdf("more.pdf")})
    assert response.status_code == 302
    assert Application.objects.get(pk=green_submitted.pk).status == Application.Status.IN_REVIEW


def test_a_review_step_the_state_does_not_allow_answers_409(client, cyber, green_submitted):
    client.force_login(cyber)
    response = client.post(f"/applications/{green_submitted.pk}/review/", {"decision": "reject", "comment": ""})
    assert response.status_code == 409 and "须写明理由" in response.content.decode()


def test_the_type_pages_are_public_and_cite_their_basis(client):
    page = client.get("/applications/types/regional-hq/").content.decode()
    assert "北京市促进总部企业高质量发展的相关规定" in page and "第4条" in page and "企业所在区政府" in page
    assert client.get("/applications/types/nothing/").status_code == 404
