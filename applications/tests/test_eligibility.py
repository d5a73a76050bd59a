"""Before submitting, the applicant sees likely eligible / not eligible / not yet known, because of which
conditions, with the clauses they come from."""

from __future__ import annotations

import pytest

from applications.eligibility import assess
from applications.types import get_type

pytestmark = pytest.mark.django_db


def test_a_pharmaceutical_fie_is_likely_eligible_for_the_green_channel_with_the_clause(ent_a):
    result = assess(get_type("data-export-green-channel"), {"sectors": ["pharma"]}, ent_a, "zh-hans")
    assert result.verdict == "eligible"
    reason = result.reasons[0]
    assert (reason.document, reason.item) == ("北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）", "3")
    assert "率先为外资医药企业申报数据出境开通绿色通道" in reason.quote
    assert reason.checks == ["计划和需求 包括 个人信息或重要数据出境 — 符合", "行业特征 包括其一 医药、医疗 — 符合"]


def test_another_sector_is_not_eligible_and_says_why_in_english(ent_a):
    result = assess(get_type("data-export-green-channel"), {"sectors": ["other"]}, ent_a, "en")
    assert result.verdict == "not_eligible"
    assert "Sector includes any of Pharmaceutical / Medical — no" in result.reasons[0].checks


def test_an_unanswered_question_leaves_the_verdict_open(ent_a):
    assert assess(get_type("data-export-green-channel"), {}, ent_a, "en").verdict == "unknown"
    assert assess(get_type("manager-visa"), {}, ent_a, "en").verdict == "unknown"


def test_a_yes_no_answer_decides_the_visa_facilitation(ent_a):
    visa = get_type("manager-visa")
    assert assess(visa, {"preparing_branch": True}, ent_a, "zh-hans").verdict == "eligible"
    result = assess(visa, {"preparing_branch": False}, ent_a, "zh-hans")
    assert result.verdict == "not_eligible" and "计划和需求 包括 筹建分公司或子公司 — 不符合" in result.reasons[0].checks


def test_hq_recognition_rests_on_both_seeds_and_leaves_the_criteria_to_the_regulation(ent_a):
    result = assess(get_type("regional-hq"), {}, ent_a, "zh-hans")
    # Applying implies being a regional HQ; the seeds settle nothing more, so no "likely eligible".
    assert result.verdict == "criteria_elsewhere"
    assert {(r.document, r.item) for r in result.reasons} == {
        ("北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）", "7"),
        ("北京市关于进一步加强稳外资工作的若干措施", "4"),
    }


def test_rules_not_yet_in_force_do_not_count(ent_a):
    from datetime import date

    # Seed 001 took effect on 2021-12-09; the R&D-centre measure is its only basis.
    assert assess(get_type("rd-centre"), {}, ent_a, "zh-hans", on=date(2021, 12, 8)).verdict == "unknown"
    assert assess(get_type("rd-centre"), {}, ent_a, "zh-hans", on=date(2021, 12, 9)).verdict == "criteria_elsewhere"


def test_the_page_shows_the_verdict_and_the_clause_before_submitting(client, alice):
    client.force_login(alice)
    response = client.post("/applications/types/data-export-green-channel/apply/", {"sectors": ["other"], "action": "check"})
    page = response.content.decode()
    assert response.status_code == 200 and "不符合条件" in page and "第3条" in page
    assert "数据出境安全评估办法（国家互联网信息办公室令第11号）" in page  # criteria left to other rules are named
    from applications.models import Application

    assert not Application.objects.exists()  # checking saves nothing


def test_the_api_answers_the_same(client):
    response = client.post(
        "/api/applications/types/data-export-green-channel/eligibility",
        {"answers": {"sectors": ["pharma"]}},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["verdict"] == "eligible"
    assert response.json()["reasons"][0]["item"] == "3"
    bad = client.post(
        "/api/applications/types/data-export-green-channel/eligibility",
        {"answers": {"sectors": ["golf"]}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "sectors" in bad.json()["detail"]
    assert client.post("/api/applications/types/nothing/eligibility", {}, content_type="application/json").status_code == 404
