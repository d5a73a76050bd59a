"""The permission matrix per step: the applicant (A) vs another enterprise (B), the unit holding the current step,
the unit of a later step, an uninvolved unit, coordinators and anonymous visitors — pages, API, documents, letters."""

from __future__ import annotations

import pytest

from applications import steps
from applications.models import Application, ReviewStep

from .conftest import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, bob, cyber, drugs, health, coordinator):
    return {"alice": alice, "bob": bob, "cyber": cyber, "drugs": drugs, "health": health, "coord": coordinator, "anonymous": None}


# Who sees the submitted application while 市委网信办 holds step 1 (市药监局's step 2 has not started).
SEES_AT_STEP_1 = {"alice": True, "bob": False, "cyber": True, "drugs": False, "health": False, "coord": True}


@pytest.mark.parametrize("who", [*SEES_AT_STEP_1, "anonymous"])
def test_who_sees_an_application_at_its_first_step(client, people, green_submitted, who):
    if people[who]:
        client.force_login(people[who])
    page = client.get(f"/applications/{green_submitted.pk}/")
    api = client.get(f"/api/applications/{green_submitted.pk}")
    document = client.get(f"/applications/documents/{green_submitted.documents.first().pk}/")
    if who == "anonymous":
        assert page.status_code == 302 and api.status_code == 401 and document.status_code == 302
    elif SEES_AT_STEP_1[who]:
        assert page.status_code == api.status_code == document.status_code == 200
    else:
        assert page.status_code == api.status_code == document.status_code == 404


def test_the_later_steps_unit_sees_it_once_its_step_starts(client, green_submitted, cyber, drugs):
    steps.pass_step(green_submitted, cyber, unit("bj-cyberspace"))
    client.force_login(drugs)
    assert client.get(f"/applications/{green_submitted.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["alice", "bob", "drugs", "health", "coord"])
def test_only_the_current_steps_unit_reviews(client, people, green_submitted, who):
    client.force_login(people[who])
    response = client.post(f"/applications/{green_submitted.pk}/review/", {"decision": "pass", "comment": "越权"})
    assert response.status_code in (403, 404)
    assert green_submitted.steps.get(order=1).status == ReviewStep.Status.ACTIVE


def test_the_current_unit_reviews_through_the_page(client, green_submitted, cyber):
    client.force_login(cyber)
    assert "审核" in client.get(f"/applications/{green_submitted.pk}/").content.decode()
    response = client.post(f"/applications/{green_submitted.pk}/review/", {"decision": "pass", "comment": "同意"})
    assert response.status_code == 302
    assert green_submitted.steps.get(order=1).status == ReviewStep.Status.PASSED


@pytest.mark.parametrize("who", ["bob", "cyber", "coord"])
def test_only_the_applicant_answers_requests_and_withdraws(client, people, green_submitted, cyber, who):
    steps.request_info(green_submitted, cyber, unit("bj-cyberspace"), "请补充")
    client.force_login(people[who])
    assert client.post(f"/applications/{green_submitted.pk}/info/", {"answer": "越权"}).status_code in (403, 404)
    assert client.post(f"/applications/{green_submitted.pk}/withdraw/", {"reason": "越权"}).status_code in (403, 404)
    assert Application.objects.get(pk=green_submitted.pk).status == Application.Status.INFO_REQUESTED


def test_drafts_are_the_enterprises_own(client, alice, ent_a, bob, coordinator, cyber):
    from applications.types import get_type

    draft = steps.save_draft(get_type("manager-visa"), ent_a, alice, {"manager_name": "X"}, {})
    for user, status in ((alice, 200), (bob, 404), (coordinator, 404), (cyber, 404)):
        client.force_login(user)
        assert client.get(f"/applications/{draft.pk}/").status_code == status
    client.force_login(bob)
    assert client.post(f"/applications/{draft.pk}/edit/", {"manager_name": "Y", "action": "save"}).status_code == 404


def test_the_letter_follows_the_application(client, green_submitted, cyber, drugs, alice, bob):
    steps.pass_step(green_submitted, cyber, unit("bj-cyberspace"))
    steps.pass_step(green_submitted, drugs, unit("bj-medical-products"))
    client.force_login(bob)
    assert client.get(f"/applications/{green_submitted.pk}/letter.docx").status_code == 404
    client.force_login(alice)
    response = client.get(f"/applications/{green_submitted.pk}/letter.docx")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_officials_cannot_apply(client, cyber, coordinator):
    for user in (cyber, coordinator):
        client.force_login(user)
        assert client.get("/applications/types/manager-visa/apply/").status_code == 403


def test_the_queue_lists_only_the_units_current_steps(client, green_submitted, cyber, drugs):
    client.force_login(cyber)
    assert green_submitted.number in client.get("/applications/").content.decode()
    client.force_login(drugs)
    assert green_submitted.number not in client.get("/applications/").content.decode()


def test_a_later_unit_sees_that_an_earlier_step_was_taken_but_not_what_was_written(client, green_submitted, cyber, drugs, alice):
    steps.request_info(green_submitted, cyber, unit("bj-cyberspace"), "内部关注：接收方曾发生数据泄露")
    steps.provide_info(green_submitted, alice, "已整改并补充说明", {})
    steps.pass_step(green_submitted, cyber, unit("bj-cyberspace"), "同意")
    client.force_login(drugs)
    page = client.get(f"/applications/{green_submitted.pk}/").content.decode()
    assert "接收方曾发生数据泄露" not in page
    client.force_login(alice)
    assert "接收方曾发生数据泄露" in client.get(f"/applications/{green_submitted.pk}/").content.decode()


def test_a_draft_withdrawn_before_submission_stays_the_enterprises_own(client, alice, ent_a, coordinator):
    from applications.types import get_type

    draft = steps.save_draft(get_type("manager-visa"), ent_a, alice, {"manager_name": "X"}, {})
    steps.withdraw(draft, alice, "不申请了")
    client.force_login(coordinator)
    assert client.get(f"/applications/{draft.pk}/").status_code == 404
