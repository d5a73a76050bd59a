"""Department feeds refuse values no real delivery holds (issue 14, finding 6): a year-1 date, or an amount
so large that two of them sum to infinity and the paid-in check then silently finds nothing."""

from __future__ import annotations

import pytest

from directory.models import Unit
from office.tables import ImportRefused
from reporting import feeds

from .test_analysis_pages import FX_HEADER

pytestmark = pytest.mark.django_db


def deliver(ent_a, safe_officer, *lines: str):
    content = (FX_HEADER + "".join(f"{ent_a.uscc},{line}\n" for line in lines)).encode()
    return feeds.ingest("fx", "fx.csv", content, Unit.objects.get(code="cn-safe-beijing"), safe_officer)


def refusal(ent_a, safe_officer, *lines: str) -> str:
    with pytest.raises(ImportRefused) as refused:
        deliver(ent_a, safe_officer, *lines)
    return " ".join(refused.value.problems)


def test_a_year_one_date_is_refused(ent_a, safe_officer):
    assert "早于 1979-07-01" in refusal(ent_a, safe_officer, "0001-01-01,inflow,100,USD")


def test_an_amount_of_1e308_is_refused(ent_a, safe_officer):
    assert "金额超过" in refusal(ent_a, safe_officer, "2025-03-01,inflow,1e308,USD", "2025-03-02,inflow,1e308,USD")


def test_the_refusal_names_the_row(ent_a, safe_officer):
    assert "第3行" in refusal(ent_a, safe_officer, "2025-03-01,inflow,100,USD", "2025-03-02,inflow,1e308,USD")


def test_the_largest_real_payments_are_kept(ent_a, safe_officer):
    assert deliver(ent_a, safe_officer, "1979-07-01,inflow,999999999999999,JPY").rows == 1
