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
    expect(page.locator(".what-if")).to_contain_text("in Beijing (services-opening demonstration zone): allowed at 100 %")
    shoot(page, "access-cn-en")


def test_pharma_fie_exporting_clinical_data_runs_the_matcher_in_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Policy match").click()
    page.get_by_label("Beijing (services-opening demonstration zone)").check()
    page.get_by_label("Pharmaceutical").check()
    page.get_by_label("Export personal or important data").check()
    page.get_by_label("Run clinical trials").check()
    page.get_by_role("button", name="Show the measures that apply").click()
    first = page.locator(".matches .match-card").first
    expect(first).to_contain_text("Facilitate cross-border data flows")
    expect(first).to_contain_text("A green channel for pharmaceutical FIEs' data-export filings")
    expect(first.locator(".units")).to_contain_text("Cyberspace")
    expect(page.locator("form.questionnaire")).to_contain_text("regional headquarters")
    shoot(page, "match-pharma-en")
