"""The access check through its three doors: web form, API and CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rules.access import AccessQuery, check


def test_isp_at_full_share_differs_between_beijing_and_elsewhere():
    in_bj = check(AccessQuery("ISP", "bj", 100))
    elsewhere = check(AccessQuery("ISP", "cn", 100))
    assert (in_bj.verdict, elsewhere.verdict) == ("allowed", "not_allowed")
    assert in_bj.citations[0]["rule_set"] == "bj-openings-2024" and in_bj.overridden[0]["item"] == "12"
    assert any(hint.startswith("in bj: allowed at 100 %") for hint in elsewhere.as_json()["what_if"])
    assert any(
        str(hint).startswith("在 北京（服务业扩大开放综合示范区）：外资股比 100% 时可以投资") for hint in elsewhere.what_if
    )
    assert elsewhere.max_foreign_share == 50


def test_candidates_are_listed_so_a_wrong_match_is_visible():
    answer = check(AccessQuery("出版物印刷", "cn", 60))
    assert [(c.rule_set, c.item) for c in answer.candidates] == [("nl-national-2021", "6")]
    assert answer.verdict == "allowed"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"zone": "mars"}, "zone must be one of"),
        ({"foreign_share": 120}, "between 0 and 100"),
        ({"investor_region": "eu"}, "investor_region"),
        ({"activity": " "}, "give an activity"),
    ],
)
def test_bad_queries_are_refused(kwargs, message):
    values = {"activity": "ISP", "zone": "cn", "foreign_share": 50, **kwargs}
    with pytest.raises(ValueError, match=message):
        AccessQuery(**values)


def test_api(client):
    response = client.post(
        "/api/access/check",
        {"activity": "online data processing", "zone": "bj", "foreign_share": 100},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and body["verdict"] == "allowed"
    assert body["citations"][0]["document"] == "北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）"
    assert (
        client.post(
            "/api/access/check", {"activity": "ISP", "zone": "mars", "foreign_share": 100}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/access/check", {"activity": "ISP", "zone": "cn", "foreign_share": 101}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/access/check", {"activity": "", "zone": "cn", "foreign_share": 1}, content_type="application/json"
        ).status_code
        == 400
    )
    assert client.post("/api/access/check", "not json", content_type="application/json").status_code in (400, 422)


def test_web_form_result_is_a_shareable_get(client):
    response = client.get("/access/", {"activity": "核电站", "zone": "cn", "foreign_share": "50", "investor_region": "foreign"})
    body = response.content.decode()
    assert response.status_code == 200 and response.context["answer"].verdict == "not_allowed"
    assert "核电站的建设、经营须由中方控股" in body and "官方原文未核实" in body
    assert client.get("/access/").context["answer"] is None


def test_web_form_rejects_bad_fields(client):
    response = client.get("/access/", {"activity": "ISP", "zone": "cn", "foreign_share": "150", "investor_region": "foreign"})
    assert response.status_code == 400 and response.context["answer"] is None


def test_cli_json(capsys):
    call_command("access_check", "ISP", "--zone", "cn", "--foreign-share", "100", "--date", "2025-03-01", "--json")
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"verdict", "max_foreign_share", "conditions", "citations", "candidates", "what_if"}
    assert body["verdict"] == "not_allowed" and body["citations"][0]["item"] == "12" and body["date"] == "2025-03-01"


def test_cli_rejects_a_bad_share():
    with pytest.raises(CommandError, match="between 0 and 100"):
        call_command("access_check", "ISP", "--zone", "cn", "--foreign-share", "-5")


def test_an_unrecognised_activity_says_so():
    answer = check(AccessQuery("asdfgh", "cn", 100))
    assert answer.verdict == "allowed" and answer.candidates == []
    assert "No negative-list item matched" in answer.as_json()["notes"][0]


def test_dates_before_the_lists_are_refused(client):
    with pytest.raises(ValueError, match="not covered"):
        AccessQuery("ISP", "cn", 50, on=__import__("datetime").date(2021, 6, 1))
    response = client.post(
        "/api/access/check",
        {"activity": "ISP", "zone": "cn", "foreign_share": 50, "date": "2021-06-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "not covered" in response.json()["detail"]


def test_an_exclusive_limit_is_reported_as_such():
    answer = check(AccessQuery("核电站", "cn", 50))
    body = answer.as_json()
    assert (body["verdict"], body["max_foreign_share"], body["max_foreign_share_exclusive"]) == ("not_allowed", 50, True)
    assert any("below 50 %" in hint or "within 50 %" not in hint for hint in body["what_if"])


def test_an_opening_is_kept_when_its_item_matches_better():
    answer = check(AccessQuery("增值电信业务 数据中心", "bj", 100))
    assert answer.verdict == "allowed" and answer.citations[0]["rule_set"] == "bj-openings-2024"


def test_unverified_openings_are_flagged():
    answer = check(AccessQuery("IDC", "bj", 100))
    assert any("could not be confirmed" in note for note in answer.as_json()["notes"])
