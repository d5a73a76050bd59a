"""An investor, in English, asks about an ISP at 100 % in Beijing and elsewhere in China."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from corpus.tests.test_browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_isp_in_beijing_and_elsewhere_in_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Market access").click()
    page.get_by_label("Activity or business").fill("ISP")
    page.get_by_label("Where").select_option("bj")
    page.get_by_label("Proposed foreign share (%)").fill("100")
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verdict-line")).to_have_text("Allowed")
    expect(page.locator(".citations")).to_contain_text("no foreign-equity cap on IDC, CDN, ISP")
    shoot(page, "access-bj-en")
    page.get_by_label("Where").select_option("cn")
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verdict-line")).to_have_text("Not allowed")
    expect(page.locator(".max-share")).to_have_text("50%")
    expect(page.locator(".what-if")).to_contain_text("in bj: allowed at 100 %")
    shoot(page, "access-cn-en")
