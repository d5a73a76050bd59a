"""Key journey in a real browser: home → search 外债 → measure → unit, in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_journey_in_chinese(page):
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("北京外商投资开放政策")
    expect(page.get_by_role("link", name="北京市关于进一步加强稳外资工作的若干措施")).to_be_visible()
    page.get_by_role("searchbox").fill("外债")
    page.get_by_role("button", name="检索").click()
    expect(page.locator(".result-count")).to_contain_text("共 1 条结果")
    expect(page.locator(".snippet mark").first).to_have_text("外债")
    shoot(page, "search-zh")
    page.get_by_role("link", name="7. 推进贸易投融资便利化").click()
    expect(page.locator("h1")).to_have_text("7. 推进贸易投融资便利化")
    expect(page.locator(".citation")).to_contain_text("《北京市关于进一步加强稳外资工作的若干措施》第7条")
    expect(page.locator(".mentions")).to_contain_text("500万美元")
    shoot(page, "measure-zh")
    page.locator(".citation a.issuer").click()
    expect(page.locator("h1")).to_have_text("北京市商务局")
    expect(page.locator("section", has_text="牵头的措施")).to_contain_text("打造更高能级总部经济")
    shoot(page, "unit-zh")


def test_journey_in_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name=re.compile("Several Measures of Beijing"))).to_be_visible()
    page.get_by_role("searchbox").fill("外债")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("1 result")
    page.get_by_role("link", name=re.compile(r"^7\. Facilitate trade")).click()
    expect(page.locator(".summary-en")).to_contain_text("USD 5 million")
    expect(page.locator(".citation")).to_contain_text("Measure 7")
    shoot(page, "measure-en")
    page.locator(".citation a.issuer").click()
    expect(page.locator("h1")).to_have_text("Beijing Municipal Commerce Bureau")
    expect(page.locator("body")).to_contain_text("Lead on")
    shoot(page, "unit-en")


def test_english_query_finds_english_summaries(page):
    page.goto("/search/?q=external+debt")
    expect(page.locator(".results .hit-title")).to_have_count(1)
