"""The enterprise-services journey in Debian's Chromium, entirely in English: an enterprise registers
(a mistyped USCC first), raises a visa question, the coordinator verifies it and routes the question to
市公安局 as proposed from the policy corpus, the police answer, and the enterprise rates and closes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from stdnum.cn import uscc

from directory.models import Enterprise, EnterpriseContact, Unit, UnitMembership
from directory.roles import coordinator_group
from services.models import Answer, Issue, IssueEvent
from testsupport.browser import shoot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "91110105MA0000123"
USCC = BODY + uscc.calc_check_digit(BODY)
WRONG_USCC = BODY + ("0" if USCC[-1] != "0" else "1")
CHECK_CHARACTER_ERROR = (
    "The check character (the 18th character) of the unified social credit code does not match (GB 32100-2015). "
    "Please check for mistyped characters."
)
TITLE = "Two-year residence permit for a manager preparing a branch"  # lists show 60 characters
DESCRIPTION = (
    "Our parent company is sending a senior manager to Beijing to prepare a branch and a subsidiary. "
    "Can he and his family obtain two-year residence permits?"
)
REPLY = (
    "Senior managers preparing a branch or subsidiary may apply for a residence permit valid for up to two years; "
    "accompanying family members receive the same period of stay. Please book an appointment at the exit-entry office."
)


def fill_registration(page, code: str) -> None:
    page.get_by_label("Unified social credit code").fill(code)
    page.get_by_label("Chinese name").fill("北京远景咨询有限公司")
    page.get_by_label("English name").fill("Farview Consulting (Beijing) Co., Ltd.")
    page.get_by_label("Investor countries or regions").select_option("US")
    page.get_by_label("Industry (GB/T 4754-2017)").fill("6450")
    # The district list shows the units' official (Chinese) names; choose by the unit's key.
    page.get_by_label("District").select_option(str(Unit.objects.get(code="district-chaoyang").pk))
    page.locator("#id_contacts-0-name").fill("Jane Miller")
    page.locator("#id_contacts-0-title").fill("General Manager")
    page.locator("#id_contacts-0-email").fill("jane.miller@farview.example")
    page.locator("#id_contacts-0-phone").fill("+86 10 6500 0000")
    page.locator("#id_account-username").fill("farview")
    page.locator("#id_account-email").fill("office@farview.example")
    page.locator("#id_account-password1").fill("Farview-pw-2026!")
    page.locator("#id_account-password2").fill("Farview-pw-2026!")


@pytest.fixture
def people(django_user_model):
    coordinator = django_user_model.objects.create_user("coord", password="pw-coord-1", email="coord@example.gov.cn")
    coordinator.groups.add(coordinator_group())
    officer = django_user_model.objects.create_user("police", password="pw-police-1", email="police@example.gov.cn")
    UnitMembership.objects.create(user=officer, unit=Unit.objects.get(code="bj-public-security"))
    return coordinator, officer


def test_register_raise_verify_route_answer_and_close_in_english(page, people, django_user_model):
    police_unit = Unit.objects.get(code="bj-public-security")

    # 1. An anonymous visitor switches to English and registers; a mistyped check character saves nothing.
    page.goto("/services/register/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Foreign-invested enterprise registration")
    users_before = django_user_model.objects.count()
    fill_registration(page, WRONG_USCC)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator("h1")).to_have_text("Foreign-invested enterprise registration")
    uscc_field = page.locator(".field", has=page.locator("#id_enterprise-uscc"))
    expect(uscc_field.locator(".errors")).to_have_text(CHECK_CHARACTER_ERROR)
    assert not Enterprise.objects.exists()
    assert django_user_model.objects.count() == users_before
    shoot(page, "services-register-error")

    fill_registration(page, USCC)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Registration received.")
    expect(page.locator("h1")).to_have_text("Farview Consulting (Beijing) Co., Ltd.")
    expect(page.locator("p.notice")).to_contain_text("pending verification by the coordinator")
    expect(page.locator("dl.facts")).to_contain_text(USCC)
    expect(page.locator("dl.facts")).to_contain_text("Pending verification")
    shoot(page, "services-register")
    enterprise = Enterprise.objects.get(uscc=USCC)
    assert enterprise.investor_countries == ["US"] and enterprise.industry == "6450"
    assert enterprise.district.code == "district-chaoyang"
    assert EnterpriseContact.objects.filter(enterprise=enterprise, name="Jane Miller").exists()

    # 2. The enterprise raises its visa question; the issue page shows the clock and where it comes from.
    page.get_by_role("link", name="Raise an issue").click()
    expect(page.locator("h1")).to_have_text("Raise an issue")
    page.get_by_label("Category").select_option(label="Visas and residence")
    page.get_by_label("Language").select_option(label="English")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("submitted")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".title-row .badge")).to_have_text("Awaiting routing")
    clock = page.locator("#clock")
    expect(clock.locator("h2")).to_have_text("Service time limit")
    expect(clock).to_contain_text("Ordinary request")
    expect(clock).to_contain_text("counted in calendar days")
    expect(clock.locator(".citation")).to_contain_text("北京12345市民服务热线诉求办理时限")
    expect(clock.locator(".citation")).to_contain_text("一般诉求7日内反馈办理结果")
    expect(clock).to_contain_text("Answer by")
    shoot(page, "services-issue-raised")
    issue = Issue.objects.get(enterprise=enterprise)

    # 3. The coordinator verifies the enterprise and routes the issue as the policy corpus proposes.
    sign_out(page)
    sign_in(page, "coord", "pw-coord-1")
    page.locator("header").get_by_role("link", name="Enterprise services").click()
    page.locator("nav.tabs").get_by_role("link", name="Enterprise verification").click()
    expect(page.locator("h1")).to_have_text("Enterprise verification")
    page.get_by_role("link", name="Farview Consulting (Beijing) Co., Ltd.").click()
    expect(page.locator("dl.facts")).to_contain_text("Jane Miller")
    page.get_by_label("Verification decision").select_option(label="Verified")
    page.get_by_role("button", name="Save verification decision").click()
    expect(page.locator(".messages")).to_contain_text("Verification decision recorded: Verified.")

    page.locator("header").get_by_role("link", name="Enterprise services").click()
    page.locator("nav.tabs").get_by_role("link", name="Enterprise issues").click()
    expect(page.locator("h1")).to_have_text("Enterprise issues (all)")
    page.get_by_role("link", name=TITLE).click()
    proposals = page.locator("#routing ol.proposals > li")
    expect(page.locator("#routing h2")).to_have_text("Proposed first-responsible unit")
    first = proposals.first
    expect(first.locator("strong").first).to_have_text("Beijing Municipal Public Security Bureau")
    expect(first.locator(".reasons li").first).to_contain_text("Measure 10")
    expect(first.locator(".reasons li").first).to_contain_text("Improve stay and residence policies for foreign employees")
    expect(first.locator(".reasons li").first).to_contain_text("Lead unit")
    expect(page.get_by_label("First-responsible unit")).to_have_value(str(police_unit.pk))
    page.locator("#routing").scroll_into_view_if_needed()
    shoot(page, "services-issue-routing")
    page.get_by_role("button", name="Confirm route").click()
    expect(page.locator(".title-row .badge")).to_have_text("Awaiting acceptance")
    expect(page.locator("dl.facts").nth(1)).to_contain_text("Beijing Municipal Public Security Bureau")

    # 4. 市公安局 finds the issue in its queue, accepts it and answers.
    sign_out(page)
    sign_in(page, "police", "pw-police-1")
    page.locator("header").get_by_role("link", name="Enterprise services").click()
    page.locator("nav.tabs").get_by_role("link", name="Enterprise issues").click()
    expect(page.locator("h1")).to_have_text("Enterprise issues handled by our unit")
    page.get_by_role("link", name=TITLE).click()
    page.locator("#unit-actions").get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator(".title-row .badge")).to_have_text("In progress")
    answer_form = page.locator("#answer-form")
    answer_form.get_by_label("Outcome").select_option(label="Solved")
    answer_form.get_by_label("Reply").fill(REPLY)
    answer_form.get_by_role("button", name="Submit answer").click()
    expect(page.locator(".title-row .badge")).to_have_text("Answered")
    expect(page.locator("#answers")).to_contain_text(REPLY)
    shoot(page, "services-issue-answered")

    # 5. The enterprise reads the answer, rates it and closes the issue.
    sign_out(page)
    sign_in(page, "farview", "Farview-pw-2026!", next_url="/services/")
    expect(page.locator("h1")).to_have_text("Farview Consulting (Beijing) Co., Ltd.")
    expect(page.locator("table").first).to_contain_text("Answered")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#answers")).to_contain_text(REPLY)
    expect(page.locator("#answers .badge")).to_have_text("Solved")
    confirm = page.locator("#confirm-form")
    confirm.locator("input[name='rating'][value='5']").check()
    confirm.get_by_label("Comments").fill("Clear and quick answer, thank you.")
    confirm.get_by_role("button", name="Confirm and close").click()
    expect(page.locator(".title-row .badge")).to_have_text("Closed")
    expect(page.locator("#answers")).to_contain_text("5/5")
    expect(page.locator("#answers")).to_contain_text("Clear and quick answer, thank you.")
    shoot(page, "services-issue-closed")

    issue.refresh_from_db()
    assert issue.status == Issue.Status.CLOSED
    assert issue.rating == 5
    assert issue.rating_comment == "Clear and quick answer, thank you."
    assert issue.owner == police_unit
    assert issue.language == Issue.Language.EN and issue.category == "visas"
    enterprise.refresh_from_db()
    assert enterprise.verification == Enterprise.Verification.VERIFIED
    assert enterprise.verified_by == people[0]
    answer = Answer.objects.get(issue=issue)
    assert (answer.unit, answer.author, answer.outcome) == (police_unit, people[1], Answer.Outcome.SOLVED)
    kinds = list(issue.events.values_list("kind", flat=True))
    assert kinds == [
        IssueEvent.Kind.SUBMITTED,
        IssueEvent.Kind.ROUTED,
        IssueEvent.Kind.ACCEPTED,
        IssueEvent.Kind.ANSWERED,
        IssueEvent.Kind.CONFIRMED,
    ]
    routed = issue.events.get(kind=IssueEvent.Kind.ROUTED)
    assert (routed.actor, routed.target) == (people[0], police_unit)
