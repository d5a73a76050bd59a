"""Every validation rule with good and bad values: USCC, industry, countries (HK/MO/TW as regions), amounts and
currencies, dates in range, shares summing to 100 %, contributions naming investors, annual figures and years."""

from __future__ import annotations

import pytest

from reporting.validation import ContributionData, InvestorData, problems

from .conftest import TODAY, annual, code

pytestmark = pytest.mark.django_db
GOOD = code(1)


def errors(**changes) -> dict[str, str]:
    return problems(annual(GOOD, **changes), TODAY)[0]


def test_a_complete_annual_report_passes_and_is_cleaned():
    found, clean = problems(annual(GOOD, industry="I6450", capital_currency="usd"), TODAY)
    assert found == {}
    assert clean["industry"] == "6450" and clean["capital_currency"] == "USD" and clean["employees"] == 120
    assert [i["country"] for i in clean["investors"]] == ["HK", "DE"]


@pytest.mark.parametrize(
    ("value", "message"), [(GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1"), "校验码"), ("123", "18位"), ("", "请填写")]
)
def test_the_uscc_is_checked(value, message):
    assert message in errors(uscc=value)["uscc"]


@pytest.mark.parametrize("value", ["99", "X1", ""])
def test_the_industry_code_is_checked(value):
    assert "industry" in errors(industry=value)


@pytest.mark.parametrize("value", ["HK", "MO", "TW", "us"])
def test_hong_kong_macao_taiwan_and_lower_case_codes_are_regions_or_countries(value):
    assert errors(investors=[InvestorData("甲", value, "100")], contributions=[]) == {}


@pytest.mark.parametrize("value", ["XX", "CHN1", ""])
def test_unknown_country_codes_are_refused(value):
    assert "ISO 3166" in errors(investors=[InvestorData("甲", value, "100")], contributions=[])["investors.0.country"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("registered_capital", "-5", "应大于零"), ("registered_capital", "0", "应大于零"), ("registered_capital", "abc", "不是有效的金额"),
    ("registered_capital", "1e30", "过大"), ("revenue", "-1", "不能为负数"), ("total_assets", "", "请填写"), ("employees", "12.5", "整数"),
    ("capital_currency", "XYZ", "币种"),
])  # fmt: skip
def test_amounts_are_not_negative_and_carry_a_known_currency(field, value, message):
    assert message in errors(**{field: value})[field]


def test_zero_revenue_is_a_valid_figure():
    assert errors(revenue="0") == {}


@pytest.mark.parametrize(
    ("shares", "ok"), [(("60", "40"), True), (("33.33", "66.67"), True), (("60", "30"), False), (("70", "40"), False)]
)
def test_shares_must_add_up_to_one_hundred(shares, ok):
    investors = [InvestorData("甲", "HK", shares[0]), InvestorData("乙", "DE", shares[1])]
    found = errors(investors=investors, contributions=[])
    assert (found == {}) is ok
    if not ok:
        assert "合计应为100%" in found["investors"]


def test_a_share_over_one_hundred_is_named_on_its_line():
    assert "不能超过100%" in errors(investors=[InvestorData("甲", "HK", "120")], contributions=[])["investors.0.share"]


def test_a_report_needs_an_investor_and_unique_names():
    assert "至少" in errors(investors=[], contributions=[])["investors"]
    assert (
        "重复"
        in errors(investors=[InvestorData("甲", "HK", "50"), InvestorData("甲", "DE", "50")], contributions=[])["investors"]
    )


def test_a_contribution_names_an_investor_of_the_report_and_a_date_in_range():
    found = errors(
        contributions=[
            ContributionData("Gamma", "100", "USD", "2025-01-01"),
            ContributionData("Beta GmbH", "100", "USD", "2027-01-01"),
        ]
    )
    assert "Gamma" in found["contributions.0.investor"]
    assert "晚于今天" in found["contributions.1.paid_on"]
    assert "早于" in errors(contributions=[ContributionData("Beta GmbH", "100", "USD", "1970-01-01")])["contributions.0.paid_on"]
    assert (
        "有效日期" in errors(contributions=[ContributionData("Beta GmbH", "100", "USD", "yesterday")])["contributions.0.paid_on"]
    )


@pytest.mark.parametrize(("year", "ok"), [(2025, True), (2019, True), (2018, False), (2026, False), ("abc", False)])
def test_an_annual_report_covers_a_past_year_since_2019(year, ok):
    assert ("year" not in errors(year=year)) is ok


def test_initial_reports_need_their_date_and_no_annual_figures():
    found, clean = problems(
        annual(
            GOOD,
            kind="initial",
            year=None,
            revenue=None,
            total_assets=None,
            total_liabilities=None,
            employees=None,
            event_date="2024-05-01",
        ),
        TODAY,
    )
    assert found == {} and clean["event_date"].isoformat() == "2024-05-01"
    assert "event_date" in problems(annual(GOOD, kind="initial", event_date=""), TODAY)[0]


def test_a_deregistration_report_needs_only_the_basic_information():
    found, _clean = problems(
        annual(GOOD, kind="deregistration", investors=[], contributions=[], event_date="2026-10-01", year=None), TODAY
    )
    assert found == {}


def test_an_unknown_kind_is_refused():
    assert "kind" in errors(kind="quarterly")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("registered_capital", "100.123", "2位小数"), ("registered_capital", "1000000000000000", "过大"),
    ("revenue", "0.5", None), ("registered_capital", "999999999999999.99", None),
])  # fmt: skip
def test_amounts_keep_two_decimals_and_stay_below_the_storable_maximum(field, value, message):
    found = errors(**{field: value})
    assert (message in found[field]) if message else field not in found


def test_a_share_may_have_four_decimals_but_not_five():
    four = [InvestorData("甲", "HK", "33.3333"), InvestorData("乙", "DE", "66.6667")]
    assert errors(investors=four, contributions=[]) == {}
    five = [InvestorData("甲", "HK", "33.33333"), InvestorData("乙", "DE", "66.66667")]
    assert "4位小数" in errors(investors=five, contributions=[])["investors.0.share"]


@pytest.mark.parametrize("value", ["2025-3-1", "2025-03-01T00:00", "20250301", "2025-03-01 trailing"])
def test_dates_are_exactly_year_month_day(value):
    assert "有效日期" in errors(contributions=[ContributionData("Beta GmbH", "100", "USD", value)])["contributions.0.paid_on"]


def test_text_with_nul_characters_or_over_its_length_is_refused_not_cut():
    assert "控制字符" in errors(name="甲\x00公司")["name"]
    assert "200" in errors(name="甲" * 201)["name"]
    long_investor = [InvestorData("A" * 301, "HK", "100")]
    assert "300" in errors(investors=long_investor, contributions=[])["investors.0.name"]
