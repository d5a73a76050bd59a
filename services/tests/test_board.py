"""The coordinator's service board: open and overdue per unit, median time to answer, satisfaction, recurring themes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from services import stats, steps
from services.models import Answer, Issue

from .conftest import VISA_ISSUE, unit

pytestmark = pytest.mark.django_db


def raise_routed(ent, user, coordinator, unit_code, days_ago, **changes):
    issue = steps.raise_issue(ent, user, {**VISA_ISSUE, **changes}, today=timezone.localdate() - timedelta(days=days_ago))
    Issue.objects.filter(pk=issue.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return steps.route(issue, coordinator, unit(unit_code))


def test_unit_rows_count_open_overdue_answer_time_and_satisfaction(alice, ent_a, coordinator, police, econ):
    slow = raise_routed(ent_a, alice, coordinator, "bj-public-security", 30)
    quick = raise_routed(ent_a, alice, coordinator, "bj-public-security", 4)
    raise_routed(
        ent_a,
        alice,
        coordinator,
        "bj-economy-it",
        40,
        category="market_access",
        title="IDC",
        description="互联网数据中心外资股比限制问题。",
    )
    for issue, rating in ((slow, 2), (quick, 4)):
        steps.answer(issue, police, unit("bj-public-security"), Answer.Outcome.SOLVED, "已办理")
        steps.confirm(issue, alice, rating, "一般" if rating <= 2 else "")
    rows = {r.unit.code: r for r in stats.unit_rows(timezone.localdate())}
    police_row, econ_row = rows["bj-public-security"], rows["bj-economy-it"]
    assert (police_row.open, police_row.answered, police_row.ratings, police_row.satisfaction) == (0, 2, 2, 3.0)
    assert police_row.median_days == pytest.approx(17, abs=0.1)
    assert (econ_row.open, econ_row.overdue, econ_row.median_days, econ_row.satisfaction) == (1, 1, None, None)


def test_the_board_shows_overdue_escalated_and_pending_transfers(client, alice, ent_a, coordinator, police):
    late = raise_routed(ent_a, alice, coordinator, "bj-public-security", 40, title="迟迟未办的签证问题")
    steps.accept(late, police, unit("bj-public-security"))
    steps.request_transfer(late, police, unit("bj-public-security"), unit("bj-foreign-affairs"), "外办职责")
    client.force_login(coordinator)
    page = client.get("/services/issues/board/").content.decode()
    assert "迟迟未办的签证问题" in page and "答复逾期" in page
    assert "外办职责" in page


def test_themes_count_each_issues_words_once_per_category(alice, ent_a):
    for title in ("居留许可办理", "居留许可续签", "签证加急"):
        steps.raise_issue(ent_a, alice, {**VISA_ISSUE, "title": title, "description": f"{title}，居留许可 居留许可 外籍高管"})
    steps.raise_issue(
        ent_a, alice, {**VISA_ISSUE, "category": "tax", "title": "税收协定", "description": "关于税收协定待遇的问题。"}
    )
    themes = {t.category: t for t in stats.themes(date(2020, 1, 1), "zh-hans")}
    assert themes["visas"].issues == 3 and themes["tax"].issues == 1
    assert dict(themes["visas"].terms)["居留"] == 3
    assert "企业" not in dict(themes["visas"].terms) and "外资" not in dict(themes["visas"].terms)
    assert stats.themes(timezone.localdate() + timedelta(days=1), "zh-hans") == []


def test_the_themes_period_is_chosen_on_the_page(client, coordinator, alice, ent_a):
    steps.raise_issue(ent_a, alice, dict(VISA_ISSUE))
    client.force_login(coordinator)
    assert client.get("/services/issues/board/?days=30").status_code == 200
    assert client.get("/services/issues/board/?days=abc").status_code == 200


@pytest.mark.parametrize("days", ["²", "-5", "99999", ""])
def test_odd_periods_are_kept_in_range(client, coordinator, days):
    client.force_login(coordinator)
    response = client.get(f"/services/issues/board/?days={days}")
    assert response.status_code == 200
    shown = int(response.context["days"])
    assert 7 <= shown <= 730
