"""Market access as a new user tries it, in both languages (issue 16): e-commerce, an airline investor, a data centre."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from corpus.tests.test_browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, activity: str, zone: str, share: str, check_label: str) -> None:
    page.locator("input[name=activity]").fill(activity)
    page.locator("select[name=zone]").select_option(zone)
    page.locator("input[name=foreign_share]").fill(share)
    page.get_by_role("button", name=check_label).click()


def test_e_commerce_airline_and_data_centre_in_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Market access").click()
    _check(page, "e-commerce", "cn", "100", "Check")
    expect(page.locator(".verdict-line")).to_have_text("Allowed")
    expect(page.locator(".citation-excepted")).to_contain_text("电子商务、国内多方通信、存储转发类、呼叫中心除外")
    expect(page.locator(".citation-excepted .role")).to_have_text(
        "The item names this business as an exception: this restriction does not apply"
    )
    shoot(page, "access-ecommerce-en")
    _check(page, "airline", "cn", "30", "Check")
    expect(page.locator(".verdict-line")).to_have_text("Not allowed")
    expect(page.locator(".reasons")).to_have_text("one foreign investor with its affiliates holds 30%, above the cap of 25%")
    expect(page.get_by_label("Largest single foreign investor's share, with affiliates (%)")).to_be_visible()
    shoot(page, "access-airline-en")
    _check(page, "data centre", "cn", "100", "Check")
    expect(page.locator(".choose h2")).to_contain_text("Which do you mean?")
    page.get_by_role("link", name="Internet data-centre services (IDC)").click()
    expect(page.locator(".verdict-line")).to_have_text("Not allowed")
    expect(page.locator(".max-share")).to_have_text("50%")
    shoot(page, "access-data-centre-en")


def test_e_commerce_airline_and_data_centre_in_chinese_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/access/")
    _check(page, "电子商务", "cn", "100", "查询")
    expect(page.locator(".verdict-line")).to_have_text("可以投资")
    expect(page.locator(".citation-excepted")).to_contain_text("电子商务、国内多方通信、存储转发类、呼叫中心除外")
    shoot(page, "access-ecommerce-zh-390")
    _check(page, "航空公司", "cn", "30", "查询")
    expect(page.locator(".reasons")).to_have_text("一家外国投资者及其关联企业持股 30%，超过上限 25%")
    shoot(page, "access-airline-zh-390")
    _check(page, "数据中心", "cn", "100", "查询")
    expect(page.locator(".choose h2")).to_contain_text("请选择")
    expect(page.locator(".choices a")).to_have_count(2)
    shoot(page, "access-data-centre-zh-390")


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


def _haidian_profile(page, zone_label: str, need_label: str, show: str, go_on: str) -> None:
    page.get_by_label(zone_label).check()
    page.get_by_label(need_label).check()
    page.get_by_role("button", name=show).click()
    page.locator("input[name=park]").fill("中关村海淀园")
    page.get_by_role("button", name=go_on).click()


def test_the_matcher_explains_a_haidian_profile_in_sentences_in_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Policy match").click()
    _haidian_profile(
        page,
        "Beijing (services-opening demonstration zone)",
        "Borrow abroad (external debt)",
        "Show the measures that apply",
        "Continue",
    )
    card = page.locator(".matches .match-card", has_text="USD 10 million")
    expect(card.locator(".reasons")).to_contain_text("registered in Zhongguancun Science Park Haidian Park")
    expect(card.locator(".reasons")).to_contain_text("it plans or needs to borrow abroad (external debt)")
    shoot(page, "match-haidian-en")


def test_the_matcher_explains_a_haidian_profile_in_sentences_in_chinese_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/match/")
    _haidian_profile(page, "北京（服务业扩大开放综合示范区）", "借用外债", "查看适用措施", "继续")
    card = page.locator(".matches .match-card", has_text="1000万美元")
    expect(card.locator(".reasons")).to_contain_text("注册在中关村科技园区海淀园")
    shoot(page, "match-haidian-zh-390")
