"""One validator for every door: the web form, the API and the district office's bulk import
all turn their input into ReportData and ask `problems()` what is wrong, field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from directory.industries import IndustryCodeError, normalise_industry_code
from directory.uscc import normalise_uscc, uscc_problem
from reporting.reporting_rules import rules


@dataclass
class InvestorData:
    name: str = ""
    country: str = ""
    share: Any = None
    controller_name: str = ""
    controller_country: str = ""


@dataclass
class ContributionData:
    investor: str = ""  # the investor's name as given in the same report
    amount: Any = None
    currency: str = ""
    paid_on: Any = None


@dataclass
class ReportData:
    kind: str = ""
    uscc: str = ""
    name: str = ""
    industry: str = ""
    registered_capital: Any = None
    capital_currency: str = ""
    event_date: Any = None
    year: Any = None
    revenue: Any = None
    total_assets: Any = None
    total_liabilities: Any = None
    employees: Any = None
    investors: list[InvestorData] = field(default_factory=list)
    contributions: list[ContributionData] = field(default_factory=list)


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The largest amount the database and the columnar store both hold exactly with two decimals.
MAX_AMOUNT = Decimal(10) ** 15


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not ISO_DAY.match(text):
        raise ValueError
    return date.fromisoformat(text)


def _text_problem(value: str, limit: int) -> str | None:
    if "\x00" in value:
        return _("含有不允许的控制字符。")
    if len(value.strip()) > limit:
        return _("不能超过%(limit)d个字符。") % {"limit": limit}
    return None


class Checker:
    """Collects one message per field path (e.g. 'investors.1.share'); cleaned values go into `clean`."""

    def __init__(self, data: ReportData, today: date, draft: bool = False):
        self.data, self.today, self.draft = data, today, draft
        self.errors: dict[str, str] = {}
        self.clean: dict[str, Any] = {}
        self.rules = rules()

    def error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def amount(self, path: str, value: Any, *, required: bool, positive: bool = False, places: int = 2) -> Decimal | None:
        try:
            number = _decimal(value)
        except ValueError:
            self.error(path, _("“%(value)s”不是有效的金额。") % {"value": value})
            return None
        if number is None:
            if required:
                self.error(path, _("请填写此项。"))
            return None
        if number.as_tuple().exponent < -places:  # type: ignore[operator]
            self.error(path, _("最多保留%(places)d位小数。") % {"places": places})
        elif number < 0 or (positive and number == 0):
            self.error(path, _("金额应大于零。") if positive else _("金额不能为负数。"))
        elif number >= MAX_AMOUNT:
            self.error(path, _("金额过大，请核对单位。"))
        return number

    def text(self, path: str, value: str, limit: int) -> str:
        problem = _text_problem(value or "", limit)
        if problem:
            self.error(path, problem)
        return (value or "").strip()

    def currency(self, path: str, value: str) -> str:
        code = (value or "").strip().upper()
        if code not in self.rules.currencies:
            self.error(
                path,
                _("币种“%(code)s”不在可用范围内（%(codes)s）。") % {"code": value, "codes": ", ".join(self.rules.currencies)},
            )
        return code

    def day(self, path: str, value: Any, *, required: bool) -> date | None:
        try:
            day = _date(value)
        except ValueError:
            self.error(path, _("“%(value)s”不是有效日期（YYYY-MM-DD）。") % {"value": value})
            return None
        if day is None:
            if required:
                self.error(path, _("请填写日期。"))
            return None
        if day > self.today:
            self.error(path, _("日期不能晚于今天。"))
        elif day < self.rules.earliest_date:
            self.error(path, _("日期早于 %(day)s，请核对。") % {"day": self.rules.earliest_date.isoformat()})
        return day

    def country(self, path: str, value: str) -> str:
        code = (value or "").strip().upper()
        if code not in countries:
            self.error(path, _("“%(code)s”不是 ISO 3166 国家（地区）代码；港澳台地区分别为 HK、MO、TW。") % {"code": value})
        return code


def problems(data: ReportData, today: date | None = None, *, draft: bool = False) -> tuple[dict[str, str], dict[str, Any]]:
    """What is wrong with a report, by field path, and the cleaned values when nothing is.

    A draft may still be incomplete (no investors yet, shares not yet adding up, this year's figures
    missing) but what it holds must be valid; submitting checks everything."""
    check = Checker(data, today or date.today(), draft)
    kinds = {k.id: k for k in check.rules.kinds}
    if data.kind not in kinds:
        check.error("kind", _("报告类型应为初始、变更、注销或年度报告。"))
        return check.errors, {}
    kind = kinds[data.kind]
    _basic(check)
    if "investors" in kind.contents:
        _investors(check)
    if "transaction" in kind.contents:
        _contributions(check)
    if "operations" in kind.contents:
        _operations(check)
    if data.kind == "annual":
        _annual_year(check)
    else:
        check.clean["event_date"] = check.day("event_date", data.event_date, required=not draft)
    return check.errors, check.clean


def _basic(check: Checker) -> None:
    data = check.data
    code = normalise_uscc(data.uscc)
    problem = uscc_problem(code)
    if problem:
        check.error("uscc", problem)
    check.clean["uscc"] = code
    if not (data.name or "").strip():
        check.error("name", _("请填写企业名称。"))
    check.clean["name"] = check.text("name", data.name, 200)
    try:
        check.clean["industry"] = normalise_industry_code(data.industry or "")
    except IndustryCodeError as exc:
        check.error("industry", str(exc))
    check.clean["registered_capital"] = check.amount("registered_capital", data.registered_capital, required=True, positive=True)
    check.clean["capital_currency"] = check.currency("capital_currency", data.capital_currency)


def _investors(check: Checker) -> None:
    investors = check.data.investors
    if not investors:
        if not check.draft:
            check.error("investors", _("请至少填写一名投资者。"))
        check.clean["investors"] = []
        return
    total = Decimal(0)
    cleaned = []
    for i, investor in enumerate(investors):
        path = f"investors.{i}"
        if not (investor.name or "").strip():
            check.error(f"{path}.name", _("请填写投资者名称。"))
        share = check.amount(f"{path}.share", investor.share, required=True, positive=True, places=4)
        if share is not None and share > 100:
            check.error(f"{path}.share", _("出资比例不能超过100%。"))
        total += share or 0
        controller_country = ""
        if (investor.controller_name or "").strip() or (investor.controller_country or "").strip():
            controller_country = check.country(f"{path}.controller_country", investor.controller_country)
        cleaned.append(
            {
                "name": check.text(f"{path}.name", investor.name, 300),
                "country": check.country(f"{path}.country", investor.country),
                "share": share,
                "controller_name": check.text(f"{path}.controller_name", investor.controller_name, 300),
                "controller_country": controller_country,
            }
        )
    if (
        not check.draft
        and abs(total - 100) > Decimal(str(check.rules.share_tolerance))
        and not any(p.startswith("investors.") and p.endswith(".share") for p in check.errors)
    ):
        check.error("investors", _("各投资者出资比例合计应为100%%，现为%(total)s%%。") % {"total": f"{total.normalize():f}"})
    names = [c["name"] for c in cleaned]
    if len(set(names)) != len(names):
        check.error("investors", _("投资者名称重复。"))
    check.clean["investors"] = cleaned


def _contributions(check: Checker) -> None:
    names = {(i.name or "").strip() for i in check.data.investors}
    cleaned = []
    for i, contribution in enumerate(check.data.contributions):
        path = f"contributions.{i}"
        investor = (contribution.investor or "").strip()
        if investor not in names:
            check.error(f"{path}.investor", _("出资人“%(name)s”不在本报告的投资者中。") % {"name": investor})
        cleaned.append(
            {
                "investor": investor,
                "amount": check.amount(f"{path}.amount", contribution.amount, required=True, positive=True),
                "currency": check.currency(f"{path}.currency", contribution.currency),
                "paid_on": check.day(f"{path}.paid_on", contribution.paid_on, required=True),
            }
        )
    check.clean["contributions"] = cleaned


def _operations(check: Checker) -> None:
    data = check.data
    for name in ("revenue", "total_assets", "total_liabilities"):
        check.clean[name] = check.amount(name, getattr(data, name), required=not check.draft)
    try:
        employees = int(str(data.employees).strip()) if data.employees not in (None, "") else None
    except ValueError:
        employees = None
        check.error("employees", _("从业人数应为整数。"))
    if employees is None and "employees" not in check.errors and not check.draft:
        check.error("employees", _("请填写此项。"))
    elif employees is not None and not 0 <= employees < 10_000_000:
        check.error("employees", _("从业人数应在0到1000万之间。"))
    check.clean["employees"] = employees


def _annual_year(check: Checker) -> None:
    if check.draft and check.data.year in (None, ""):
        check.clean["year"] = None
        return
    try:
        year = int(str(check.data.year).strip())
    except ValueError:
        check.error("year", _("请填写报告年度，如 %(year)d。") % {"year": check.today.year - 1})
        return
    first = check.rules.first_annual_year
    if not first <= year < check.today.year:
        check.error(
            "year", _("年度报告年度应在 %(first)d 年至 %(last)d 年之间。") % {"first": first, "last": check.today.year - 1}
        )
    check.clean["year"] = year
