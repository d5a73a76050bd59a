"""Routing proposals from the policy corpus: the units that own the measures an issue is about, with the reasons."""

from __future__ import annotations

import pytest

from services.routing import issue_terms, propose_units

pytestmark = pytest.mark.django_db


def codes(text: str, category: str) -> list[str]:
    return [p.unit.code for p in propose_units(text, category)]


def test_idc_foreign_equity_goes_to_economy_and_it_with_telecom_in_the_running():
    text = "我司拟在示范区开展互联网数据中心（IDC）业务，外资股比限制取消后，如何申请增值电信业务经营许可？"
    proposals = propose_units(text, "market_access")
    assert proposals[0].unit.code == "bj-economy-it"
    reason = proposals[0].reasons[0]
    assert reason.measure.number == 2 and reason.lead and "idc" in reason.terms


def test_the_same_question_in_english_finds_the_same_units():
    assert codes("Can a foreign investor hold 100% of an IDC business in Beijing?", "market_access")[:1] == ["bj-economy-it"]
    assert "cn-comms-beijing" in codes("Can a foreign investor hold 100% of an IDC business in Beijing?", "market_access")


def test_a_senior_managers_visa_goes_to_the_police():
    text = (
        "Can our incoming general manager, who prepares a subsidiary in Beijing, and his family get two-year residence permits?"
    )
    proposals = propose_units(text, "visas")
    assert proposals[0].unit.code == "bj-public-security"
    assert proposals[0].reasons[0].measure.number == 10


def test_data_export_for_pharma_goes_to_the_cyberspace_office():
    assert codes("医药企业临床试验数据出境申报绿色通道", "data_cross_border")[0] == "bj-cyberspace"


def test_cash_pooling_goes_to_the_central_bank_branch():
    assert codes("跨国公司本外币一体化资金池额度", "fx_finance")[0] == "cn-pbc-beijing"


def test_overseas_qualifications_go_to_human_resources():
    assert codes("外籍员工持有境外职业资格，能否依据境外职业资格认可目录执业", "hr")[0] == "bj-hrss"


def test_generic_words_and_numbers_do_not_steer_routing():
    assert issue_terms("Can a foreign investor hold 100% of an IDC business in Beijing?") == ["idc"]


def test_no_proposal_without_distinctive_words():
    assert propose_units("我们想了解一下", "other") == []


def test_proposals_never_name_generic_units():
    for text, category in [("落实国家开放政策 负面清单", "market_access"), ("区政府 各相关部门", "other")]:
        assert all(not p.unit.generic for p in propose_units(text, category))
