"""Who sees and does what: enterprise A vs B, the owner unit vs another unit, the coordinator, anonymous —
through the pages and the API, including direct URLs to other people's objects."""

from __future__ import annotations

import pytest

from directory.models import Enterprise
from services import steps
from services.models import Answer, Issue, Partner, Roundtable

from .conftest import TODAY, VISA_ISSUE, unit

pytestmark = pytest.mark.django_db


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(alice, bob, police, health, coordinator):
    return {"alice": alice, "bob": bob, "police": police, "health": health, "coord": coordinator, "anonymous": None}


# who → (may see the routed visa issue of enterprise A on the page, through the API)
SEES_ROUTED_ISSUE = {"alice": True, "bob": False, "police": True, "health": False, "coord": True, "anonymous": False}


@pytest.mark.parametrize("who", list(SEES_ROUTED_ISSUE))
def test_issue_page_and_api(client, people, routed_issue, who):
    c = client_for(client, people[who])
    page = c.get(f"/services/issues/{routed_issue.pk}/")
    api = c.get(f"/api/services/issues/{routed_issue.pk}")
    if who == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert api.status_code == 401
    elif SEES_ROUTED_ISSUE[who]:
        assert page.status_code == 200 and routed_issue.title in page.content.decode()
        assert api.status_code == 200 and api.json()["id"] == routed_issue.pk
    else:
        assert page.status_code == 404
        assert api.status_code == 404


@pytest.mark.parametrize("who", ["alice", "bob", "police", "health", "coord"])
def test_issue_lists_hold_only_what_each_may_see(client, people, routed_issue, ent_b, bob, who):
    other = steps.raise_issue(ent_b, bob, {**VISA_ISSUE, "title": "乙公司的问题"}, today=TODAY)
    c = client_for(client, people[who])
    listed = {i["id"] for i in c.get("/api/services/issues").json()}
    expected = {
        "alice": {routed_issue.pk},
        "bob": {other.pk},
        "police": {routed_issue.pk},
        "health": set(),
        "coord": {routed_issue.pk, other.pk},
    }[who]
    assert listed == expected
    page = c.get("/services/issues/?status=all").content.decode()
    assert (routed_issue.title in page) == (routed_issue.pk in expected)
    assert ("乙公司的问题" in page) == (other.pk in expected)


def test_issues_of_unverified_enterprises_are_not_routed(coordinator, alice, ent_a):
    from workflow.transitions import InvalidTransition

    ent_a.verification = Enterprise.Verification.PENDING
    ent_a.save()
    issue = steps.raise_issue(ent_a, alice, dict(VISA_ISSUE), today=TODAY)
    with pytest.raises(InvalidTransition, match="核验"):
        steps.route(issue, coordinator, unit("bj-public-security"))


def test_units_stop_seeing_issues_when_the_verification_is_withdrawn(client, police, coordinator, alice, routed_issue, ent_a):
    ent_a.verification = Enterprise.Verification.REJECTED
    ent_a.save()
    client.force_login(police)
    assert client.get(f"/services/issues/{routed_issue.pk}/").status_code == 404
    client.force_login(alice)
    assert client.get(f"/services/issues/{routed_issue.pk}/").status_code == 200


def test_co_units_see_but_do_not_answer(client, routed_issue, coordinator, health):
    steps.add_co_unit(routed_issue, coordinator, unit("bj-health"))
    client.force_login(health)
    assert client.get(f"/services/issues/{routed_issue.pk}/").status_code == 200
    answer = client.post(f"/services/issues/{routed_issue.pk}/answer/", {"outcome": "solved", "text": "越权答复"})
    assert answer.status_code == 403
    api = client.post(
        f"/api/services/issues/{routed_issue.pk}/answer", {"outcome": "solved", "text": "越权"}, content_type="application/json"
    )
    assert api.status_code == 403
    assert not Answer.objects.exists()


@pytest.mark.parametrize("who", ["alice", "police", "health"])
def test_only_coordinators_route(client, people, visa_issue, who):
    c = client_for(client, people[who])
    response = c.post(f"/services/issues/{visa_issue.pk}/route/", {"unit": unit("bj-public-security").pk})
    assert response.status_code in (403, 404)
    api = c.post(f"/api/services/issues/{visa_issue.pk}/route", {"unit": "bj-public-security"}, content_type="application/json")
    assert api.status_code in (403, 404)
    visa_issue.refresh_from_db()
    assert visa_issue.status == Issue.Status.SUBMITTED


@pytest.mark.parametrize("who", ["bob", "police", "coord"])
def test_only_the_enterprise_confirms_and_rates(client, people, routed_issue, police, who):
    steps.answer(routed_issue, police, routed_issue.owner, Answer.Outcome.SOLVED, "已办")
    c = client_for(client, people[who])
    response = c.post(f"/services/issues/{routed_issue.pk}/confirm/", {"rating": 5})
    assert response.status_code in (403, 404)
    routed_issue.refresh_from_db()
    assert routed_issue.status == Issue.Status.ANSWERED and routed_issue.rating is None


def test_other_units_cannot_take_steps_on_an_issue_they_cannot_see(client, routed_issue, health):
    client.force_login(health)
    for step in ("accept", "refuse", "transfer", "extend", "note"):
        assert (
            client.post(f"/services/issues/{routed_issue.pk}/{step}/", {"reason": "x", "text": "x", "days": 1}).status_code == 404
        )


def test_attachments_follow_the_issue(client, alice, bob, ent_a, routed_issue):
    from django.core.files.uploadedfile import SimpleUploadedFile

    steps.attach(routed_issue, [SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")], alice)
    file = routed_issue.attachments.get()
    client.force_login(bob)
    assert client.get(f"/services/attachments/{file.pk}/").status_code == 404
    client.force_login(alice)
    response = client.get(f"/services/attachments/{file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hello"


def test_coordinator_pages_are_closed_to_others(client, alice, police):
    for user in (alice, police):
        client.force_login(user)
        for url in ("/services/issues/board/", "/services/enterprises/"):
            assert client.get(url).status_code == 403


def test_partner_list_is_for_coordinators_and_the_service_unit(client, coordinator, police, health, alice, ent_a):
    partner = Partner.objects.create(
        enterprise=ent_a,
        focus_field="数字经济",
        criteria="国际领先",
        service_unit=unit("bj-public-security"),
        service_contact=police,
        enrolled_by=coordinator,
    )
    client.force_login(police)
    assert client.get(f"/services/partners/{partner.pk}/").status_code == 200
    client.force_login(health)
    assert client.get(f"/services/partners/{partner.pk}/").status_code == 404
    client.force_login(alice)
    assert client.get("/services/partners/").status_code == 403


def test_roundtables_are_visible_to_invitees_only(client, coordinator, alice, bob, ent_a, police, health):
    roundtable = Roundtable.objects.create(held_on=TODAY, topic="数据跨境", host=unit("bj-commerce"), created_by=coordinator)
    roundtable.enterprises.add(ent_a)
    roundtable.units.add(unit("bj-public-security"))
    for user, status in ((alice, 200), (police, 200), (coordinator, 200), (bob, 404), (health, 404)):
        client.force_login(user)
        assert client.get(f"/services/roundtables/{roundtable.pk}/").status_code == status
    client.force_login(alice)
    assert client.get(f"/services/roundtables/{roundtable.pk}/minutes.docx").status_code == 403


def test_internal_notes_are_hidden_from_the_enterprise(client, routed_issue, police, alice):
    steps.add_note(routed_issue, police, routed_issue.owner, "内部：需请示国家移民管理局")
    client.force_login(police)
    assert "内部：需请示国家移民管理局" in client.get(f"/services/issues/{routed_issue.pk}/").content.decode()
    client.force_login(alice)
    assert "内部：需请示国家移民管理局" not in client.get(f"/services/issues/{routed_issue.pk}/").content.decode()
    assert all(e["kind"] != "note" for e in client.get(f"/api/services/issues/{routed_issue.pk}").json()["events"])
