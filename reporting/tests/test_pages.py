"""Filing through the page: drafts, submission, field errors where they belong, and nothing half-saved."""

from __future__ import annotations

import pytest

from reporting.models import Report

pytestmark = pytest.mark.django_db


def form(uscc: str, **changes) -> dict:
    data = {
        "kind": "annual", "uscc": uscc, "name": "甲科技（北京）有限公司", "industry": "6450", "registered_capital": "10000000",
        "capital_currency": "USD", "event_date": "", "year": "2025", "revenue": "52000000", "total_assets": "80000000",
        "total_liabilities": "30000000", "employees": "120",
        "investors-TOTAL_FORMS": "2", "investors-INITIAL_FORMS": "0", "investors-MIN_NUM_FORMS": "0", "investors-MAX_NUM_FORMS": "50",
        "investors-0-name": "Alpha Holdings Ltd.", "investors-0-country": "HK", "investors-0-share": "60",
        "investors-1-name": "Beta GmbH", "investors-1-country": "DE", "investors-1-share": "40",
        "contributions-TOTAL_FORMS": "1", "contributions-INITIAL_FORMS": "0", "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "100",
        "contributions-0-investor": "Beta GmbH", "contributions-0-amount": "4000000", "contributions-0-currency": "USD", "contributions-0-paid_on": "2025-04-15",
        "action": "submit",
    }  # fmt: skip
    data.update(changes)
    return data


def test_an_enterprise_files_and_submits_an_annual_report(client, alice, ent_a):
    client.force_login(alice)
    page = client.get("/reporting/new/").content.decode()
    assert ent_a.uscc in page
    response = client.post("/reporting/new/", form(ent_a.uscc))
    report = Report.objects.get()
    assert response.status_code == 302 and report.status == Report.Status.DISTRICT_REVIEW
    assert (
        report.district.code == "district-chaoyang"
        and report.investors.count() == 2
        and report.contributions.get().investor.name == "Beta GmbH"
    )


def test_a_draft_is_saved_and_completed_later(client, alice, ent_a):
    client.force_login(alice)
    client.post("/reporting/new/", form(ent_a.uscc, action="save"))
    report = Report.objects.get()
    assert report.status == Report.Status.DRAFT
    page = client.get(f"/reporting/{report.pk}/edit/").content.decode()
    assert 'value="Alpha Holdings Ltd."' in page
    client.post(f"/reporting/{report.pk}/edit/", form(ent_a.uscc, employees="121"))
    report.refresh_from_db()
    assert report.status == Report.Status.DISTRICT_REVIEW and report.employees == 121


def test_errors_land_on_their_fields_and_nothing_is_saved(client, alice, ent_a):
    client.force_login(alice)
    response = client.post(
        "/reporting/new/", form(ent_a.uscc, **{"investors-1-share": "30", "contributions-0-currency": "XYZ", "revenue": "-1"})
    )
    assert response.status_code == 400
    assert "合计应为100%" in response.content.decode()
    assert "revenue" in response.context["form"].errors
    assert not Report.objects.exists()


def test_only_enterprise_users_file(client, chaoyang):
    client.force_login(chaoyang)
    assert client.get("/reporting/new/").status_code == 403


def test_another_enterprises_report_cannot_be_edited(client, submitted, carol):
    client.force_login(carol)
    assert client.get(f"/reporting/{submitted.pk}/edit/").status_code == 404


def test_the_form_says_which_report_is_due_when_and_on_what_authority(client, alice):
    client.force_login(alice)
    page = client.get("/reporting/new/").content.decode()
    assert "每年1月1日至6月30日" in page and "商务部公告2019年第62号" in page and "外商投资信息报告办法" in page
    english = client.get("/reporting/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "does not enforce the window" in english


def test_the_form_offers_currencies_and_countries(client, alice):
    client.force_login(alice)
    page = client.get("/reporting/new/").content.decode()
    assert 'value="USD"' in page and 'value="HK">中国香港</option>' in page.replace("\n", "").replace("  ", "")


def test_the_api_files_with_field_errors_by_path(client, alice, ent_a):
    body = {
        "kind": "annual", "uscc": ent_a.uscc, "name": "甲", "industry": "6450", "registered_capital": "100", "capital_currency": "USD",
        "year": 2025, "revenue": "1", "total_assets": "1", "total_liabilities": "0", "employees": "3",
        "investors": [{"name": "A", "country": "HK", "share": "70"}, {"name": "B", "country": "XX", "share": "20"}],
    }  # fmt: skip
    client.force_login(alice)
    bad = client.post("/api/reporting/reports", body, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) >= {"investors.1.country"}
    assert not Report.objects.exists()
    body["investors"][1] = {"name": "B", "country": "MO", "share": "30"}
    good = client.post("/api/reporting/reports", body, content_type="application/json")
    assert good.status_code == 201 and good.json()["status"] == "district_review"
    assert client.post("/api/reporting/reports", {**body, "kind": "weekly"}, content_type="application/json").status_code == 422


def test_the_api_review_follows_the_levels(client, submitted, chaoyang, haidian):
    client.force_login(haidian)
    assert (
        client.post(
            f"/api/reporting/reports/{submitted.pk}/review", {"decision": "accept"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(chaoyang)
    response = client.post(
        f"/api/reporting/reports/{submitted.pk}/review", {"decision": "accept"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "city_review"
    again = client.post(f"/api/reporting/reports/{submitted.pk}/review", {"decision": "accept"}, content_type="application/json")
    assert again.status_code == 403


def test_a_draft_may_be_incomplete_but_submitting_checks_everything(client, alice, ent_a):
    client.force_login(alice)
    only_alpha = {
        "investors-1-name": "",
        "investors-1-country": "",
        "investors-1-share": "",
        "contributions-0-investor": "Alpha Holdings Ltd.",
    }
    partial = form(ent_a.uscc, action="save", revenue="", employees="", **only_alpha)
    response = client.post("/reporting/new/", partial)
    report = Report.objects.get()
    assert response.status_code == 302 and report.status == Report.Status.DRAFT and report.investors.count() == 1
    # Alpha alone holds 60 %: fine in a draft, refused on submission, with the message above the investors.
    refused = client.post(f"/reporting/{report.pk}/edit/", form(ent_a.uscc, **only_alpha))
    assert refused.status_code == 400
    assert "合计应为100%" in str(refused.context["investors"].non_form_errors())
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_a_stored_incomplete_draft_cannot_be_submitted_directly(alice, ent_a):
    from reporting import intake

    from .conftest import TODAY, annual

    draft = intake.save(annual(ent_a.uscc, revenue=""), ent_a, alice, today=TODAY, draft=True)
    with pytest.raises(intake.ReportInvalid) as error:
        intake.submit(draft, alice, today=TODAY)
    assert "revenue" in error.value.errors
    assert Report.objects.get().status == Report.Status.DRAFT
