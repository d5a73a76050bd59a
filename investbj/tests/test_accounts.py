"""Every account can change its password, reset it by mail, and one address cannot try a password on every
account (issue 14, finding 5)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from testsupport.mails import set_password_path

pytestmark = pytest.mark.django_db

OLD, NEW = "correct-horse-battery", "a-Long-passphrase-88"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer", password=OLD, email="officer@example.gov.cn", first_name="王芳")


def test_a_signed_in_user_changes_their_password(client, officer):
    client.force_login(officer)
    client.post("/accounts/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    officer.refresh_from_db()
    assert officer.check_password(NEW)


def test_a_password_change_needs_the_old_password(client, officer):
    client.force_login(officer)
    response = client.post("/accounts/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    officer.refresh_from_db()
    assert (response.status_code, officer.check_password(OLD)) == (200, True)


def test_a_password_change_keeps_the_user_signed_in(client, officer):
    client.force_login(officer)
    response = client.post("/accounts/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert response.context["user"].is_authenticated and "密码已修改" in response.content.decode()


def test_the_header_names_the_person_and_links_to_the_password_page(client, officer):
    client.force_login(officer)
    assert 'href="/accounts/password/" title="修改密码">王芳</a>' in client.get("/").content.decode()


def test_the_sign_in_page_offers_a_reset(client):
    assert "/accounts/password/reset/" in client.get("/accounts/login/").content.decode()


def reset_link() -> str:
    return set_password_path(mail.outbox[-1])


def test_a_forgotten_password_is_reset_from_the_mailed_link(client, officer):
    client.post("/accounts/password/reset/", {"email": "OFFICER@example.gov.cn"})
    form = client.get(reset_link(), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert client.login(username="officer", password=NEW)


def test_a_reset_link_works_once(client, officer):
    client.post("/accounts/password/reset/", {"email": officer.email})
    link = reset_link()
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert "此链接已失效" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_is_answered_like_a_known_one(client, officer):
    known = client.post("/accounts/password/reset/", {"email": officer.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_an_unknown_address_gets_no_mail(client, officer):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert mail.outbox == []


def test_a_deactivated_account_gets_no_reset_mail(client, officer):
    officer.is_active = False
    officer.save()
    client.post("/accounts/password/reset/", {"email": officer.email})
    assert mail.outbox == []


def test_an_account_without_a_password_yet_may_ask_for_a_link(client, officer):
    officer.set_unusable_password()
    officer.save()
    client.post("/accounts/password/reset/", {"email": officer.email})
    assert mail.outbox[-1].to == [officer.email]


def test_the_reset_mail_says_how_long_the_link_lasts(client, officer):
    client.post("/accounts/password/reset/", {"email": officer.email})
    assert "3 天内有效" in mail.outbox[-1].body


@override_settings(INVESTBJ_THROTTLE_RATES={"registration": "5/h", "password_reset": "2/h"})
def test_reset_requests_from_one_address_are_throttled(client, officer):
    for _ in range(2):
        client.post("/accounts/password/reset/", {"email": officer.email})
    response = client.post("/accounts/password/reset/", {"email": officer.email})
    assert (response.status_code, len(mail.outbox)) == (429, 2)


def _fail(client, username: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": "Spring2026!"}).status_code


@override_settings(AXES_ENABLED=True, AXES_ADDRESS_FAILURE_LIMIT=6)
def test_one_password_tried_on_many_accounts_from_one_address_is_locked(client, django_user_model):
    for n in range(6):
        django_user_model.objects.create_user(f"official{n}", password=OLD)
    assert [_fail(client, f"official{n}") for n in range(6)] == [200] * 6
    assert _fail(client, "official0") == 429


@override_settings(AXES_ENABLED=True, AXES_ADDRESS_FAILURE_LIMIT=6)
def test_the_address_lock_says_it_is_the_address(client, django_user_model):
    for n in range(6):
        _fail(client, f"official{n}")
    locked = client.post("/accounts/login/", {"username": "official0", "password": OLD})
    assert "此地址近期登录失败次数过多" in locked.content.decode()


@override_settings(AXES_ENABLED=True, AXES_ADDRESS_FAILURE_LIMIT=6)
def test_another_address_signs_in_while_one_is_locked(client, django_user_model):
    django_user_model.objects.create_user("official0", password=OLD)
    for n in range(6):
        _fail(client, f"official{n}")
    response = client.post("/accounts/login/", {"username": "official0", "password": OLD}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
