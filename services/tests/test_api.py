"""The services API: registration and issues with the same checks as the pages; 4xx with the reason, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from directory.models import Enterprise
from services.models import Issue, IssueAttachment

from .conftest import valid_uscc

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def enterprise_body(**changes) -> dict:
    body = {
        "uscc": valid_uscc(88),
        "name": "接口测试（北京）有限公司",
        "investor_countries": ["DE"],
        "industry": "2710",
        "district": "district-daxing",
        "contacts": [{"name": "李女士", "email": "li@example.com"}],
    }
    body.update(changes)
    return body


@pytest.fixture
def newcomer(django_user_model, client):
    user = django_user_model.objects.create_user("newcomer", password="pw-newcomer-1")
    client.force_login(user)
    return user


def test_registering_through_the_api(client, newcomer):
    response = post(client, "/api/services/enterprises", enterprise_body())
    assert response.status_code == 201
    body = response.json()
    assert body["verification"] == "pending" and body["investor_countries"] == ["DE"] and body["district"] == "district-daxing"
    assert client.get("/api/services/enterprises/mine").json()[0]["uscc"] == valid_uscc(88)


def test_every_wrong_field_is_named_and_nothing_is_saved(client, newcomer):
    body = enterprise_body(
        uscc="91110105MA0000088X", industry="99", investor_countries=["XX"], district="district-atlantis", zone="nowhere"
    )
    response = post(client, "/api/services/enterprises", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"uscc", "industry", "investor_countries", "district", "zone"}
    assert "校验码" in errors["uscc"] or "check" in errors["uscc"]
    assert not Enterprise.objects.exists()


def test_a_missing_field_is_a_422(client, newcomer):
    body = enterprise_body()
    del body["contacts"]
    assert post(client, "/api/services/enterprises", body).status_code == 422
    assert not Enterprise.objects.exists()


def test_an_enterprise_user_cannot_register_a_second_enterprise(client, alice):
    client.force_login(alice)
    assert post(client, "/api/services/enterprises", enterprise_body()).status_code == 409


def issue_body(**changes) -> dict:
    body = {
        "category": "visas",
        "title": "Residence permit",
        "description": "Two-year residence permit for our general manager?",
        "language": "en",
    }
    body.update(changes)
    return body


def test_raising_an_issue_through_the_api(client, alice):
    client.force_login(alice)
    response = post(client, "/api/services/issues", issue_body())
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["sla"] == "general" and "12345" in body["sla_source"]


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"description": ""}, 400),
        ({"description": "short"}, 400),
        ({"category": "golf"}, 400),
        ({"kind": "lawsuit"}, 422),
        ({"title": ""}, 422),
    ],
)
def test_bad_issue_payloads_are_refused(client, alice, changes, status):
    client.force_login(alice)
    response = post(client, "/api/services/issues", issue_body(**changes))
    assert response.status_code == status
    assert response.json()["detail"]
    assert not Issue.objects.exists()


def test_officials_cannot_raise_issues_through_the_api(client, police):
    client.force_login(police)
    assert post(client, "/api/services/issues", issue_body()).status_code == 403


def test_attachments_are_checked_by_type_and_content(client, alice, visa_issue):
    client.force_login(alice)
    url = f"/api/services/issues/{visa_issue.pk}/attachments"
    bad = client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"not a pdf")})
    assert bad.status_code == 400 and "fake.pdf" in bad.json()["detail"]
    good = client.post(url, {"file": SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n")})
    assert good.status_code == 201
    assert IssueAttachment.objects.count() == 1


@override_settings(SERVICES_MAX_ATTACHMENT_BYTES=1024 * 1024)
def test_an_oversized_attachment_is_refused_through_the_api(client, alice, visa_issue):
    client.force_login(alice)
    response = client.post(
        f"/api/services/issues/{visa_issue.pk}/attachments",
        {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 1024 * 1024)},
    )
    assert response.status_code == 400 and "1 MB" in response.json()["detail"]
    assert not IssueAttachment.objects.exists()


def test_route_answer_confirm_through_the_api(client, coordinator, police, alice, visa_issue):
    client.force_login(coordinator)
    proposals = client.get(f"/api/services/issues/{visa_issue.pk}/proposals").json()
    assert proposals[0]["unit"] == "bj-public-security" and "第10条" in proposals[0]["measures"][0]
    assert post(client, f"/api/services/issues/{visa_issue.pk}/route", {"unit": "bj-nowhere"}).status_code == 400
    routed = post(client, f"/api/services/issues/{visa_issue.pk}/route", {"unit": "bj-public-security"})
    assert routed.status_code == 200 and routed.json()["owner"] == "bj-public-security"
    assert post(client, f"/api/services/issues/{visa_issue.pk}/route", {"unit": "bj-commerce"}).status_code == 409
    client.force_login(police)
    answered = post(client, f"/api/services/issues/{visa_issue.pk}/answer", {"outcome": "solved", "text": "Yes, two years."})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    client.force_login(alice)
    assert post(client, f"/api/services/issues/{visa_issue.pk}/confirm", {"rating": 7}).status_code == 422
    assert post(client, f"/api/services/issues/{visa_issue.pk}/confirm", {"rating": 1}).status_code == 409
    confirmed = post(client, f"/api/services/issues/{visa_issue.pk}/confirm", {"rating": 5, "comment": "Thanks"})
    assert confirmed.status_code == 200 and confirmed.json()["rating"] == 5 and confirmed.json()["status"] == "closed"


def test_the_issue_list_filters_by_status(client, alice, visa_issue):
    client.force_login(alice)
    assert len(client.get("/api/services/issues?status=submitted").json()) == 1
    assert client.get("/api/services/issues?status=closed").json() == []
    assert client.get("/api/services/issues?status=lost").status_code == 422


def test_officials_cannot_register_an_enterprise(client, police):
    client.force_login(police)
    assert post(client, "/api/services/enterprises", enterprise_body()).status_code == 403
    assert not Enterprise.objects.exists()


def test_blank_names_and_bad_contact_emails_are_refused(client, newcomer):
    body = enterprise_body(name="   ", contacts=[{"name": " ", "email": "not-an-email"}])
    response = post(client, "/api/services/enterprises", body)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "contacts.0.name", "contacts.0.email"}
    assert not Enterprise.objects.exists()


def test_a_blank_issue_title_is_refused(client, alice):
    client.force_login(alice)
    assert post(client, "/api/services/issues", issue_body(title="   ")).status_code == 400
    assert not Issue.objects.exists()


def test_the_issue_list_takes_a_constant_number_of_queries(client, alice, ent_a, django_assert_max_num_queries):
    from services import steps

    for n in range(12):
        steps.raise_issue(ent_a, alice, issue_body(title=f"问题{n}"))
    client.force_login(alice)
    with django_assert_max_num_queries(15):
        assert len(client.get("/api/services/issues").json()) == 12


def test_an_empty_attachment_is_refused_through_the_api(client, alice, visa_issue):
    client.force_login(alice)
    response = client.post(f"/api/services/issues/{visa_issue.pk}/attachments", {"file": SimpleUploadedFile("说明.txt", b"")})
    assert response.status_code == 400 and "空文件" in response.json()["detail"]
    assert not IssueAttachment.objects.exists()


def _page_errors(client, body: dict) -> dict:
    """What the registration page says about the same enterprise fields."""
    from services.forms import EnterpriseForm

    form = EnterpriseForm(
        {
            "uscc": body["uscc"], "name": body["name"], "industry": body["industry"],
            "investor_countries": body["investor_countries"], "district": "",
        },
        sign_up=True,
    )  # fmt: skip
    form.is_valid()
    return {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}


def test_the_api_refuses_a_field_in_the_pages_own_words(client, newcomer):
    body = enterprise_body(uscc="91110105MA0000088X", industry="99")
    api = post(client, "/api/services/enterprises", body).json()["errors"]
    assert api["uscc"] == _page_errors(client, body)["uscc"]


def test_the_api_refuses_in_the_readers_language(client, newcomer):
    body = enterprise_body(district="district-atlantis")
    response = client.post("/api/services/enterprises", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert "not the unit code of a district government" in response.json()["errors"]["district"]
