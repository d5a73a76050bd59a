"""Security settings at work: production passes Django's deploy check, passwords are hashed with Argon2,
repeated failed logins lock the username at that address (web form and API), every response carries the
Content-Security-Policy, and no template needs an inline script, style or event handler to work."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_settings_pass_the_deploy_check():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INVESTBJ_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "investbj.settings_production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "z" * 30,
        "DJANGO_ALLOWED_HOSTS": "investbj.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2id():
    from investbj import settings as base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert make_password("an ordinary passphrase").startswith("argon2$argon2id$")


def _fail(client, username: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": "wrong-password"}).status_code


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_five_failed_logins_lock_that_username_at_that_address(client, django_user_model):
    django_user_model.objects.create_user("officer", password="correct-horse-battery")
    django_user_model.objects.create_user("colleague", password="another-good-passphrase")
    assert [_fail(client, "officer") for _ in range(4)] == [200] * 4
    locked = client.post("/accounts/login/", {"username": "officer", "password": "wrong-password"})
    assert locked.status_code == 429 and "登录已暂时锁定" in locked.content.decode()
    # Even the right password waits for the lock to expire …
    assert client.post("/accounts/login/", {"username": "officer", "password": "correct-horse-battery"}).status_code == 429
    # … while another user at the same address signs in normally.
    response = client.post("/accounts/login/", {"username": "colleague", "password": "another-good-passphrase"})
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_http_basic_on_the_api_is_throttled_too_and_answers_in_json(client, django_user_model):
    django_user_model.objects.create_user("script", password="correct-horse-battery")

    def basic(password: str):
        token = base64.b64encode(f"script:{password}".encode()).decode()
        return client.get("/api/tracking/tasks", HTTP_AUTHORIZATION=f"Basic {token}")

    assert basic("correct-horse-battery").status_code == 200
    assert [basic("wrong").status_code for _ in range(5)] == [401, 401, 401, 401, 429]
    locked = basic("correct-horse-battery")
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]


@pytest.mark.django_db
def test_every_page_carries_the_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "an inline <script>"),
    (re.compile(r"<style\b"), "a <style> block"),
    (re.compile(r"""\sstyle\s*=\s*["']"""), "a style attribute"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']"""), "an event-handler attribute"),
    (re.compile(r"javascript:"), "a javascript: URL"),
]


def test_no_template_needs_what_the_policy_forbids():
    found = []
    for template in ROOT.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                # json_script writes <script type="application/json">: data, never executed.
                if "application/json" in match.group(0):
                    continue
                found.append(f"{template.relative_to(ROOT)}: {what}: {match.group(0)[:60]}")
    assert found == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_journeys_would_notice_a_blocked_script(browser, live_server):
    """The shared `page` fixture fails a journey on any policy report; here is one, made on purpose."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    reports: list[str] = []
    page.on("console", lambda message: reports.append(message.text))
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in report for report in reports)
    context.close()


@pytest.mark.django_db
def test_the_health_check_answers_without_a_session_or_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok" and "sessionid" not in response.cookies


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=["10.0.0.2"])
def test_behind_the_proxy_each_client_is_locked_by_its_own_address(client, django_user_model):
    django_user_model.objects.create_user("officer", password="correct-horse-battery")
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    for spoofed in ("5.5.5.5", "6.6.6.6", "7.7.7.7", "8.8.8.8", "9.9.9.9"):
        # A forged header does not help: the proxy appends the real address, and only that entry counts.
        meta = {**attacker, "HTTP_X_FORWARDED_FOR": f"{spoofed}, 1.2.3.4"}
        client.post("/accounts/login/", {"username": "officer", "password": "wrong"}, **meta)
    assert (
        client.post("/accounts/login/", {"username": "officer", "password": "correct-horse-battery"}, **attacker).status_code
        == 429
    )
    colleague = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "4.3.2.1"}
    assert (
        client.post("/accounts/login/", {"username": "officer", "password": "correct-horse-battery"}, **colleague).status_code
        == 302
    )
