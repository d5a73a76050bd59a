"""An enterprise registers: account, profile and contact together, or nothing at all."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from directory.models import Enterprise, EnterpriseClaim, EnterpriseContact, Unit

from .conftest import valid_uscc

pytestmark = pytest.mark.django_db


def form(**changes) -> dict:
    data = {
        "enterprise-uscc": valid_uscc(77),
        "enterprise-name": "测试科技（北京）有限公司",
        "enterprise-name_en": "Test Tech (Beijing) Co., Ltd.",
        "enterprise-investor_countries": ["US", "HK"],
        "enterprise-industry": "I6450",
        "enterprise-district": str(Unit.objects.get(code="district-haidian").pk),
        "enterprise-zone": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "1",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "王经理",
        "contacts-0-title": "政府事务总监",
        "contacts-0-email": "wang@example.com",
        "contacts-0-phone": "010-12345678",
        "account-username": "testtech",
        "account-email": "admin@example.com",
        "account-password1": "a-Long-passphrase-42",
        "account-password2": "a-Long-passphrase-42",
    }
    data.update(changes)
    return data


def nothing_saved() -> bool:
    return not Enterprise.objects.exists() and not get_user_model().objects.exists() and not EnterpriseContact.objects.exists()


def test_it_registers_and_signs_in(client):
    response = client.post("/services/register/", form())
    assert response.status_code == 302 and response["Location"] == "/services/"
    enterprise = Enterprise.objects.get()
    assert enterprise.industry == "6450"  # the section letter is dropped
    assert sorted(c.code for c in enterprise.investor_countries) == ["HK", "US"]
    assert enterprise.verification == Enterprise.Verification.PENDING
    assert enterprise.memberships.get().user.username == "testtech"
    assert enterprise.contacts.get().name == "王经理"
    home = client.get("/services/")
    assert "待协调员核验" in home.content.decode()


def test_a_wrong_check_character_is_explained_and_nothing_is_saved(client):
    code = valid_uscc(77)
    wrong = code[:-1] + ("1" if code[-1] != "1" else "2")
    response = client.post("/services/register/", form(**{"enterprise-uscc": wrong}))
    assert response.status_code == 400
    assert "第18位校验码不符" in response.content.decode()
    assert nothing_saved()


def test_a_short_code_is_explained(client):
    response = client.post("/services/register/", form(**{"enterprise-uscc": "9111010512345"}))
    assert "应为18位，现为13位" in response.content.decode()
    assert nothing_saved()


def test_an_unknown_industry_code_is_explained(client):
    response = client.post("/services/register/", form(**{"enterprise-industry": "9999"}))
    assert response.status_code == 400
    assert "99" in response.content.decode()
    assert nothing_saved()


def test_a_second_sign_up_of_a_registered_code_is_answered_like_a_first(client):
    first = client.post("/services/register/", form(), follow=True)
    client.logout()
    second = client.post("/services/register/", form(**{"account-username": "other"}), follow=True)
    assert [str(m) for m in second.context["messages"]] == [str(m) for m in first.context["messages"]]


def test_a_second_sign_up_of_a_registered_code_waits_for_the_coordinator(client):
    client.post("/services/register/", form())
    client.logout()
    client.post("/services/register/", form(**{"account-username": "other", "enterprise-uscc": valid_uscc(77).lower()}))
    claim = EnterpriseClaim.objects.get()
    assert (claim.user.username, claim.status, Enterprise.objects.count()) == ("other", "pending", 1)


def test_a_claimant_does_not_act_for_the_enterprise_before_the_coordinator_decides(client):
    client.post("/services/register/", form())
    client.logout()
    client.post("/services/register/", form(**{"account-username": "other"}))
    assert set(Enterprise.objects.get().memberships.values_list("user__username", flat=True)) == {"testtech"}


def test_a_claimant_sees_that_the_sign_up_waits(client):
    client.post("/services/register/", form())
    client.logout()
    client.post("/services/register/", form(**{"account-username": "other"}))
    page = client.get("/services/").content.decode()
    assert "正在等待协调员核验" in page and valid_uscc(77) not in page


def test_a_contact_is_required(client):
    response = client.post("/services/register/", form(**{"contacts-0-name": ""}))
    assert response.status_code == 400
    assert nothing_saved()


def test_mismatched_passwords_save_nothing(client):
    response = client.post("/services/register/", form(**{"account-password2": "something-else-42"}))
    assert response.status_code == 400
    assert nothing_saved()


def test_the_home_page_links_the_profile_to_the_policy_matcher(client, alice, ent_a):
    client.force_login(alice)
    page = client.get("/services/").content.decode()
    assert "/match/?industry=6450" in page


def test_a_coordinator_verifies_and_a_rejection_needs_a_reason(client, coordinator, ent_a):
    ent_a.verification = Enterprise.Verification.PENDING
    ent_a.save()
    client.force_login(coordinator)
    response = client.post(f"/services/enterprises/{ent_a.pk}/", {"decision": "rejected", "note": ""})
    assert response.status_code == 400
    ent_a.refresh_from_db()
    assert ent_a.verification == Enterprise.Verification.PENDING
    client.post(f"/services/enterprises/{ent_a.pk}/", {"decision": "verified", "note": "已核对营业执照"})
    ent_a.refresh_from_db()
    assert ent_a.verification == Enterprise.Verification.VERIFIED and ent_a.verified_by == coordinator


def test_a_rejected_registration_does_not_block_the_real_enterprise(client, coordinator):
    client.post("/services/register/", form())
    squatter = Enterprise.objects.get()
    squatter.verification = Enterprise.Verification.REJECTED
    squatter.save()
    client.logout()
    response = client.post("/services/register/", form(**{"account-username": "realfirm"}))
    assert response.status_code == 302
    assert Enterprise.objects.filter(uscc=valid_uscc(77)).count() == 2
