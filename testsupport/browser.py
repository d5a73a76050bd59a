"""Steps the English browser journeys share: screenshots for review, and signing in and out from the header."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_out(page) -> None:
    """Log out with the header's button; the language cookie stays, so the next person sees English too."""
    page.locator("header").get_by_role("button", name="Log out").click()


def sign_in(page, username: str, password: str, next_url: str = "") -> None:
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    expect(page.locator("h1")).to_have_text("Log in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("form.login").get_by_role("button", name="Log in").click()
