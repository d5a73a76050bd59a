"""The information-report journey in Debian's Chromium, entirely in English: an enterprise in 朝阳 files its
2025 annual report (shares adding up to 90 % first), 朝阳's district reviewer returns it for correction, the
enterprise corrects and resubmits it, the district passes it and the city accepts it; the FDI statistics,
empty before, then show the paid-in capital and draw the chart.

Personas come from this package's conftest (alice of 甲科技 in 朝阳, the 朝阳 reviewer, the city reviewer);
its autouse `own_store` gives the test its own columnar store, which the live server (same process) uses too."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from reporting.models import Report, ReportEvent
from testsupport.browser import shoot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_COMMENT = "The number of employees does not match the social-insurance records (118 at year end); please correct it."
TOTAL_ERROR = "The investors’ shares must add up to 100%; they add up to 90%."
PAID_IN = 6_000_000  # USD, paid by the Hong Kong investor on 2025-03-01


def investor(page, row: int, name: str, country: str, share: str, controller: str = "", controller_country: str = "") -> None:
    page.locator(f"#id_investors-{row}-name").fill(name)
    page.locator(f"#id_investors-{row}-country").select_option(country)
    page.locator(f"#id_investors-{row}-share").fill(share)
    page.locator(f"#id_investors-{row}-controller_name").fill(controller)
    page.locator(f"#id_investors-{row}-controller_country").select_option(controller_country)


def review(page, decision: str, comment: str = "") -> None:
    form = page.locator("#review-form")
    form.get_by_label(decision, exact=True).check()
    form.get_by_label("Review comments").fill(comment)
    form.get_by_role("button", name="Submit decision").click()


def open_statistics(page) -> list[list[str]]:
    page.locator("nav.tabs").get_by_role("link", name="FDI statistics").click()
    expect(page.locator("h1")).to_have_text("FDI statistics")
    expect(page.locator("#statistics-table thead")).to_contain_text("Actual use of foreign investment (USD)")
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()] for row in page.locator("#statistics-table tbody tr").all()
    ]


def chart_data(page) -> dict:
    return json.loads(page.locator("#chart-data").text_content() or "{}")


def test_file_return_resubmit_review_and_count_the_report_in_english(page, ent_a, alice, chaoyang, city, settings, tmp_path):
    enterprise = ent_a
    store = tmp_path / "columnar"
    assert settings.REPORTING_STORE_DIR == store  # own_store applies here: nothing touches media/columnar

    # 1. The enterprise opens its information reports in English and starts its annual report for 2025.
    page.goto("/")
    page.get_by_role("button", name="English").click()
    sign_in(page, "alice", "pw-alice-1")
    page.locator("header").get_by_role("link", name="Information reports").click()
    expect(page.locator("h1")).to_have_text("Foreign-investment information reports")
    expect(page.locator("table tbody")).to_contain_text("No reports.")
    page.get_by_role("link", name="File a report").click()
    expect(page.locator("h1")).to_have_text("File a foreign-investment information report")
    expect(page.get_by_label("Unified social credit code")).to_have_value(enterprise.uscc)
    page.get_by_label("Report type").select_option("annual")
    page.get_by_label("Registered capital").fill("10000000")
    page.locator("#id_capital_currency").select_option("USD")
    page.get_by_label("Reporting year (annual reports)").fill("2025")
    page.get_by_label("Operating revenue").fill("52000000")
    page.get_by_label("Total assets").fill("80000000")
    page.get_by_label("Total liabilities").fill("30000000")
    page.get_by_label("Employees").fill("120")
    page.locator("#id_contributions-0-investor").fill("Alpha Holdings Ltd.")
    page.locator("#id_contributions-0-amount").fill(str(PAID_IN))
    page.locator("#id_contributions-0-currency").select_option("USD")
    page.locator("#id_contributions-0-paid_on").fill("2025-03-01")
    # The form offers one investor row; a second appears only after a draft is saved, and a draft saves
    # only when the shares add up to 100 %. So the first investor goes in at 100 % for the draft.
    expect(page.locator("#id_investors-1-name")).to_have_count(0)
    investor(page, 0, "Alpha Holdings Ltd.", "HK", "100", "Alpha Family Trust", "HK")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Draft saved.")
    report = Report.objects.get(enterprise=enterprise)
    expect(page.locator(".title-row h1")).to_have_text(f"Annual report · 2025 · {enterprise.name}")
    expect(page.locator(".title-row .badge")).to_have_text("Draft")
    page.get_by_role("link", name="Continue editing").click()
    expect(page.locator("h1")).to_have_text(f"Edit report {report.number}")

    # Sixty and thirty per cent: the precise total is named and nothing is saved.
    investor(page, 0, "Alpha Holdings Ltd.", "HK", "60", "Alpha Family Trust", "HK")
    investor(page, 1, "Beta GmbH", "DE", "30")
    page.get_by_role("button", name="Submit for district review").click()
    expect(page.locator("form .errors").first).to_have_text(TOTAL_ERROR)
    expect(page.locator("#id_investors-1-share")).to_have_value("30")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert list(report.investors.values_list("name", "share")) == [("Alpha Holdings Ltd.", 100)]
    shoot(page, "reporting-share-error")

    page.locator("#id_investors-1-share").fill("40")
    page.get_by_role("button", name="Submit for district review").click()
    expect(page.locator(".messages")).to_contain_text("The report has been submitted for district review.")
    expect(page.locator(".title-row .badge")).to_have_text("In district review")
    investors = page.locator("section", has=page.locator("h2", has_text="Investors and ultimate controllers")).locator("tbody tr")
    expect(investors).to_have_count(2)
    expect(investors.nth(0)).to_contain_text("Hong Kong")
    expect(investors.nth(0)).to_contain_text("Alpha Family Trust")
    expect(investors.nth(1)).to_contain_text("Germany")
    expect(page.locator("section", has=page.locator("h2", has_text="Paid-in capital"))).to_contain_text("6,000,000 USD")
    expect(page.locator("dl.facts")).to_contain_text("Chaoyang")
    shoot(page, "reporting-filed")

    # 2. 朝阳's reviewer finds it in the queue and returns it for correction.
    sign_out(page)
    sign_in(page, "chaoyang", "pw-chaoyang-1")
    page.locator("header").get_by_role("link", name="Information reports").click()
    queue = page.locator("section", has=page.locator("h2", has_text="Awaiting my review"))
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue).to_contain_text("Annual report 2025")
    queue.get_by_role("link", name=report.number).click()
    expect(page.locator("#review-form h2")).to_have_text("District review")
    review(page, "Return for correction", RETURN_COMMENT)
    expect(page.locator("h1")).to_have_text("Foreign-investment information reports")
    expect(page.locator("section", has=page.locator("h2", has_text="Awaiting my review"))).to_have_count(0)
    page.get_by_role("link", name=report.number).click()
    expect(page.locator(".title-row .badge")).to_have_text("Returned for correction")
    expect(page.locator("#review-form")).to_have_count(0)
    history = page.locator("table.history tbody tr")
    expect(history.last).to_contain_text("Returned for correction")
    expect(history.last).to_contain_text(RETURN_COMMENT)
    shoot(page, "reporting-returned")

    # 3. The enterprise corrects the number of employees and resubmits.
    sign_out(page)
    sign_in(page, "alice", "pw-alice-1", next_url=report.get_absolute_url())
    expect(page.locator(".title-row .badge")).to_have_text("Returned for correction")
    expect(page.locator("table.history")).to_contain_text(RETURN_COMMENT)
    page.get_by_role("link", name="Correct and resubmit").click()
    expect(page.get_by_label("Employees")).to_have_value("120")
    expect(page.locator("#id_investors-1-name")).to_have_value("Beta GmbH")
    page.get_by_label("Employees").fill("118")
    page.get_by_role("button", name="Submit for district review").click()
    expect(page.locator(".title-row .badge")).to_have_text("In district review")
    expect(page.locator("dl.facts")).to_contain_text("118")

    # 4. The district passes it; the city reviewer looks at the statistics, accepts, and looks again.
    sign_out(page)
    sign_in(page, "chaoyang", "pw-chaoyang-1", next_url=report.get_absolute_url())
    review(page, "Approve")
    sign_out(page)
    sign_in(page, "city", "pw-city-1")
    page.locator("header").get_by_role("link", name="Information reports").click()
    before = open_statistics(page)
    assert before == [["No accepted data yet."]]
    assert chart_data(page)["labels"] == [] and chart_data(page)["series"] == []
    shoot(page, "reporting-statistics-before")

    page.locator("nav.tabs").get_by_role("link", name="Reports", exact=True).click()
    queue = page.locator("section", has=page.locator("h2", has_text="Awaiting my review"))
    expect(queue.locator("tbody tr")).to_have_count(1)
    queue.get_by_role("link", name=report.number).click()
    expect(page.locator(".title-row .badge")).to_have_text("In city review")
    expect(page.locator("#review-form h2")).to_have_text("City review")
    review(page, "Approve", "Figures agree with the district's check.")
    page.get_by_role("link", name=report.number).click()
    expect(page.locator(".title-row .badge")).to_have_text("Accepted")

    after = open_statistics(page)
    assert after != before
    assert after == [["2025", "Total", f"{PAID_IN:,}", "—", "0", "View reports"]]
    expect(page.locator("#statistics-chart")).to_have_attribute("data-drawn", "true")
    drawn = chart_data(page)
    assert drawn["labels"] == ["2025"]
    assert [s["data"] for s in drawn["series"]] == [[PAID_IN]]
    shoot(page, "reporting-statistics-after")
    page.get_by_role("link", name="View reports").click()
    expect(page.locator("h1")).to_have_text("The reports behind this figure")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text(report.number)

    # The record: accepted after one return, every step in order; the snapshot went to this test's store.
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert report.accepted_at is not None and report.employees == 118
    assert sorted(report.investors.values_list("name", "country", "share")) == [
        ("Alpha Holdings Ltd.", "HK", 60),
        ("Beta GmbH", "DE", 40),
    ]
    Kind = ReportEvent.Kind
    events = list(report.events.values_list("kind", "actor__username", "level"))
    assert events == [
        (Kind.SAVED, "alice", ""),
        (Kind.SAVED, "alice", ""),
        (Kind.SUBMITTED, "alice", ""),
        (Kind.RETURNED, "chaoyang", "district"),
        (Kind.SAVED, "alice", ""),
        (Kind.SUBMITTED, "alice", ""),
        (Kind.DISTRICT_PASSED, "chaoyang", "district"),
        (Kind.CITY_ACCEPTED, "city", "city"),
    ]
    assert report.events.get(kind=Kind.RETURNED).comment == RETURN_COMMENT
    assert (store / "reports.parquet").exists() and (store / "fdi_flows.parquet").exists()
