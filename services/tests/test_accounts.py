"""An enterprise's accounts (issue 14, finding 5 and the credit-code claim): a colleague sets their own password
from a mailed link, a colleague who left is removed and the removal is in the history, a second sign-up of a
registered code waits for a coordinator, and sign-ups from one address are throttled."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from directory.models import Enterprise, EnterpriseClaim, EnterpriseMembership
from testsupport.mails import set_password_path

from .conftest import member_of, valid_uscc
from .test_register import form

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-Long-passphrase-77"


def add_colleague(client, **changes):
    data = {"colleague-first_name": "陈晨", "colleague-username": "carol", "colleague-email": "carol@example.com"}
    data.update(changes)
    return client.post("/services/colleagues/", data)


def test_a_colleague_is_added_to_the_enterprise(client, alice, ent_a):
    client.force_login(alice)
    assert add_colleague(client).status_code == 302
    assert set(ent_a.memberships.values_list("user__username", flat=True)) == {"alice", "carol"}


def test_nobody_but_the_colleague_knows_their_password(client, alice, ent_a):
    client.force_login(alice)
    add_colleague(client)
    assert not get_user_model().objects.get(username="carol").has_usable_password()


def test_the_colleague_is_mailed_a_set_password_link(client, alice, ent_a):
    client.force_login(alice)
    add_colleague(client)
    assert mail.outbox[-1].to == ["carol@example.com"] and "/accounts/password/reset/" in mail.outbox[-1].body


def test_the_colleague_sets_a_password_from_the_link_and_signs_in(client, alice, ent_a):
    client.force_login(alice)
    add_colleague(client)
    client.logout()
    form_page = client.get(set_password_path(mail.outbox[-1]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.login(username="carol", password=NEW_PASSWORD)


def test_a_colleague_form_has_no_password_fields(client, alice, ent_a):
    client.force_login(alice)
    page = client.get("/services/").content.decode()
    assert "colleague-password1" not in page


def test_an_address_already_in_use_is_refused(client, alice, ent_a):
    client.force_login(alice)
    response = add_colleague(client, **{"colleague-email": "alice@example.com"})
    assert response.status_code == 400 and "该邮箱已用于另一个账号" in response.content.decode()


def test_a_removed_colleague_no_longer_acts_for_the_enterprise(client, alice, ent_a, django_user_model):
    carol = member_of(django_user_model, "carol", ent_a)
    client.force_login(alice)
    client.post(f"/services/colleagues/{carol.pk}/remove/")
    assert not EnterpriseMembership.objects.filter(user=carol).exists()


def test_a_removed_colleague_cannot_sign_in(client, alice, ent_a, django_user_model):
    carol = member_of(django_user_model, "carol", ent_a)
    client.force_login(alice)
    client.post(f"/services/colleagues/{carol.pk}/remove/")
    client.logout()
    assert not client.login(username="carol", password="pw-carol-1")


def test_the_removal_is_in_the_account_history_with_who_removed(client, alice, ent_a, django_user_model):
    alice.first_name = "艾丽"
    alice.save()
    carol = member_of(django_user_model, "carol", ent_a)
    carol.first_name = "陈晨"
    carol.save()
    client.force_login(alice)
    client.post(f"/services/colleagues/{carol.pk}/remove/")
    assert "艾丽 移除了 陈晨 的访问权限" in client.get("/services/").content.decode()


def test_nobody_removes_their_own_access(client, alice, ent_a):
    client.force_login(alice)
    client.post(f"/services/colleagues/{alice.pk}/remove/")
    assert EnterpriseMembership.objects.filter(user=alice, enterprise=ent_a).exists()


def test_another_enterprise_cannot_remove_a_colleague(client, alice, bob, ent_a):
    client.force_login(bob)
    assert client.post(f"/services/colleagues/{alice.pk}/remove/").status_code == 404


def test_an_account_that_also_acts_for_another_enterprise_stays_active(client, alice, ent_a, ent_b, django_user_model):
    carol = member_of(django_user_model, "carol", ent_a)
    EnterpriseMembership.objects.create(user=carol, enterprise=ent_b)
    client.force_login(alice)
    client.post(f"/services/colleagues/{carol.pk}/remove/")
    carol.refresh_from_db()
    assert carol.is_active


# ------------------------------------------------------------------ claims on a registered credit code


def decide(client, coordinator, claim, decision: str, note: str = "") -> None:
    client.force_login(coordinator)
    client.post(f"/services/claims/{claim.pk}/decide/", {"decision": decision, "note": note})


@pytest.fixture
def claim(client, ent_a, alice):
    client.post("/services/register/", form(**{"enterprise-uscc": ent_a.uscc, "account-username": "claimant"}))
    client.logout()
    return EnterpriseClaim.objects.get()


def test_the_coordinators_hear_of_a_claim(coordinator, claim):
    assert any(coordinator.email in m.to for m in mail.outbox)


def test_a_coordinator_sees_the_claim_on_the_enterprise_page(client, claim, coordinator):
    client.force_login(coordinator)
    assert "待核验的账号申请" in client.get(f"/services/enterprises/{claim.enterprise_id}/").content.decode()


def test_an_accepted_claim_makes_the_claimant_an_account_of_the_enterprise(client, claim, coordinator):
    decide(client, coordinator, claim, "accept", "")
    assert EnterpriseMembership.objects.filter(user=claim.user, enterprise=claim.enterprise).exists()


def test_an_accepted_claim_is_in_the_account_history(client, claim, coordinator, alice):
    decide(client, coordinator, claim, "accept", "")
    client.force_login(alice)
    assert "王敏 为 claimant 开通了访问权限" in client.get("/services/").content.decode()


def test_a_refusal_needs_a_reason(client, claim, coordinator):
    decide(client, coordinator, claim, "refuse", "")
    claim.refresh_from_db()
    assert claim.status == EnterpriseClaim.Status.PENDING


def test_a_refused_claimant_reads_the_reason(client, claim, coordinator):
    decide(client, coordinator, claim, "refuse", "营业执照名称不符")
    client.force_login(claim.user)
    assert "营业执照名称不符" in client.get("/services/").content.decode()


def test_a_claim_is_decided_once(client, claim, coordinator):
    decide(client, coordinator, claim, "refuse", "不符")
    client.post(f"/services/claims/{claim.pk}/decide/", {"decision": "accept", "note": ""})
    assert not EnterpriseMembership.objects.filter(user=claim.user).exists()


def test_the_enterprise_itself_cannot_decide_a_claim(client, claim, alice):
    client.force_login(alice)
    assert client.post(f"/services/claims/{claim.pk}/decide/", {"decision": "accept"}).status_code == 403


def test_a_coordinator_does_not_decide_their_own_claim(client, claim, coordinator):
    claim.user.groups.add(*coordinator.groups.all())
    client.force_login(claim.user)
    assert client.post(f"/services/claims/{claim.pk}/decide/", {"decision": "accept"}).status_code == 403


def test_the_api_answers_a_registered_code_with_a_claim(client, ent_a, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer", password="pw-newcomer-1")
    client.force_login(newcomer)
    body = {
        "uscc": ent_a.uscc,
        "name": "某公司",
        "investor_countries": ["DE"],
        "industry": "2710",
        "district": "district-daxing",
        "contacts": [{"name": "李女士", "email": "li@example.com"}],
    }
    response = client.post("/api/services/enterprises", body, content_type="application/json")
    assert (response.status_code, EnterpriseClaim.objects.get().user) == (202, newcomer)


# ------------------------------------------------------------------ registration throttle


@override_settings(INVESTBJ_THROTTLE_RATES={"registration": "2/h", "password_reset": "5/h"})
def test_sign_ups_from_one_address_are_throttled(client):
    for n in range(2):
        client.post("/services/register/", form(**{"account-username": f"firm{n}", "enterprise-uscc": valid_uscc(60 + n)}))
        client.logout()
    response = client.post("/services/register/", form(**{"account-username": "firm9", "enterprise-uscc": valid_uscc(69)}))
    assert response.status_code == 429 and Enterprise.objects.count() == 2


@override_settings(INVESTBJ_THROTTLE_RATES={"registration": "1/h", "password_reset": "5/h"})
def test_a_form_with_errors_does_not_count_against_the_address(client):
    client.post("/services/register/", form(**{"account-password2": "different-42"}))
    assert client.post("/services/register/", form()).status_code == 302


def test_a_refused_claim_is_in_the_account_history(client, claim, coordinator, alice):
    decide(client, coordinator, claim, "refuse", "营业执照名称不符")
    client.force_login(alice)
    assert "王敏 未予确认 claimant 代表本企业的申请" in client.get("/services/").content.decode()


def test_the_refusal_mail_gives_the_reason(client, claim, coordinator):
    decide(client, coordinator, claim, "refuse", "营业执照名称不符")
    assert "说明：营业执照名称不符" in mail.outbox[-1].body


def test_a_claimant_lands_on_the_claim_page_after_signing_in(client, claim):
    client.force_login(claim.user)
    assert client.get("/accounts/home/")["Location"] == "/services/"
