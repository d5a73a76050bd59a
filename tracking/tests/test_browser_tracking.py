"""The ledger journey in Debian's Chromium: coordinator generates tasks from seed 000 and opens a round,
市经济和信息化局 reports, the coordinator accepts, and the dashboard and the Excel export show it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from directory.models import Unit, UnitMembership
from directory.roles import coordinator_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NARRATIVE = "已梳理增值电信业务外资准入审批流程，首批3家外资企业提交申请。"


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def people(django_user_model):
    coordinator = django_user_model.objects.create_user("coord", password="pw-coord-1")
    coordinator.groups.add(coordinator_group())
    officer = django_user_model.objects.create_user("jxj", password="pw-jxj-1", email="jxj@example.gov.cn")
    UnitMembership.objects.create(user=officer, unit=Unit.objects.get(code="bj-economy-it"))
    return coordinator, officer


def test_generate_open_report_accept_and_see_it_everywhere(page, people):
    sign_in(page, "coord", "pw-coord-1")
    expect(page.locator("h1")).to_have_text("督办台账")
    page.get_by_role("link", name="北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）").last.click()
    expect(page.locator("h1")).to_have_text("从政策文件生成任务")
    expect(page.locator("table.proposals tbody tr")).to_have_count(17)
    shoot(page, "tracking-generate")
    page.get_by_role("button", name="生成任务").click()
    expect(page.locator(".messages")).to_contain_text("已生成 17 项任务")
    expect(page.locator(".tiles li").first).to_contain_text("17")
    shoot(page, "tracking-board-coordinator")

    page.get_by_role("link", name="调度轮次").first.click()
    page.get_by_label("名称").fill("2026年12月调度")
    page.get_by_label("报送截止日期").fill("2026-12-10")
    page.get_by_role("button", name="开启").click()
    expect(page.locator("h1")).to_have_text("2026年12月调度")
    shoot(page, "tracking-round-open")

    sign_in(page, "jxj", "pw-jxj-1")
    rows = page.locator("table.board tbody tr:not(.measure-row)")
    expect(rows).to_have_count(5)  # the tasks 市经济和信息化局 leads or co-operates on
    shoot(page, "tracking-board-unit")
    page.locator("table.board a[href^='/tracking/tasks/']", has_text="推动电信领域外资企业申请资质").click()
    page.get_by_label("进展状态").select_option("in_progress")
    page.get_by_label("完成百分比").fill("40")
    page.get_by_label("进展情况").fill(NARRATIVE)
    page.get_by_label("需协调解决的困难").fill("需国家部委支持开展试点")
    page.get_by_role("button", name="报送").click()
    expect(page.locator(".messages")).to_contain_text("进展报告已报送")
    expect(page.locator(".report")).to_contain_text(NARRATIVE)
    shoot(page, "tracking-task-reported")

    sign_in(page, "coord", "pw-coord-1")
    page.get_by_role("link", name="调度轮次").first.click()
    page.get_by_role("link", name="2026年12月调度").click()
    expect(page.locator("table").first).to_contain_text("北京市经济和信息化局")
    page.get_by_label("审核意见").fill("同意")
    page.get_by_role("button", name="采纳").click()
    expect(page.locator(".messages")).to_contain_text("已采纳")
    shoot(page, "tracking-round-reviewed")

    page.goto("/tracking/dashboard/")
    expect(page.locator(".tiles")).to_contain_text("1 推进中")
    expect(page.locator("svg.trend")).to_be_visible()
    shoot(page, "tracking-dashboard")

    page.goto("/tracking/")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel（当前筛选）").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    progress = {row[2][:14]: (row[6], row[7]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert progress["推动电信领域外资企业申请资质"] == (NARRATIVE, "推进中")

    page.goto("/tracking/dashboard/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Dashboard")
    shoot(page, "tracking-dashboard-en")
