"""The access check through its doors (web form, API, CLI) and the cases a new user tries (issue 16): answers
that agree with the items they quote, in words, and a choice when what was typed fits different answers."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from rules.access import AccessQuery, check, resolve

DAY = date(2025, 3, 1)


def answer(activity, zone="cn", share=100.0, **kwargs):
    return check(AccessQuery(activity, zone, share, on=kwargs.pop("on", DAY), **kwargs))


# --- the cases a new user tries ------------------------------------------------------------------------------


def test_e_commerce_at_full_share_is_allowed():
    assert answer("e-commerce").verdict == "allowed"


def test_e_commerce_quotes_the_exception_it_rests_on():
    citation = answer("e-commerce").citations[0]
    assert (citation["rule_set"], citation["item"], citation["role"]) == ("nl-national-2024", "12", "excepted")
    assert "电子商务、国内多方通信、存储转发类、呼叫中心除外" in citation["text"]


@pytest.mark.parametrize("activity", ["国内多方通信", "store-and-forward", "呼叫中心"])
def test_the_other_excepted_services_are_allowed(activity):
    assert answer(activity).verdict == "allowed"


def test_domestic_express_delivery_of_letters_is_prohibited():
    result = answer("信件的国内快递业务", share=10)
    assert (result.verdict, result.citations[0]["item"]) == ("not_allowed", "11")


def test_a_single_foreign_airline_investor_at_30_is_refused():
    result = answer("airline", share=30)
    assert result.verdict == "not_allowed"


def test_the_airline_refusal_names_the_25_percent_cap():
    with translation.override("en"):
        reasons = answer("airline", share=30).reasons
    assert reasons == ["one foreign investor with its affiliates holds 30%, above the cap of 25%"]


def test_the_airline_is_allowed_with_conditions_when_no_investor_exceeds_25():
    assert answer("airline", share=40, largest_investor_share=25).verdict == "restricted"


def test_national_market_surveys_are_joint_ventures_only():
    assert (answer("市场调查", share=60).verdict, answer("市场调查", share=100).verdict) == ("restricted", "not_allowed")


def test_audience_surveys_need_chinese_control():
    assert answer("收视率调查", share=50).verdict == "not_allowed"


def test_market_surveys_are_open_in_the_ftz():
    assert answer("市场调查", zone="bj-ftz").verdict == "allowed"


def test_social_surveys_in_the_ftz_need_a_chinese_share_of_67():
    results = [answer("社会调查", zone="bj-ftz", share=s, legal_rep_chinese=True).verdict for s in (33, 34)]
    assert results == ["restricted", "not_allowed"]


def test_social_surveys_outside_the_ftz_are_prohibited():
    assert answer("社会调查", share=10).verdict == "not_allowed"


def test_publication_printing_switches_with_the_2024_list():
    before, after = (answer("出版物印刷", share=60, on=date(2024, d[0], d[1])).verdict for d in ((10, 31), (11, 1)))
    assert (before, after) == ("not_allowed", "allowed")


# --- choosing between activities -----------------------------------------------------------------------------


def test_data_centre_asks_which_is_meant():
    assert answer("数据中心").must_choose


def test_the_data_centre_choices_are_the_telecom_service_and_the_facilities():
    assert {m.activity.id for m in resolve("数据中心")} == {"idc", "data-centre-facilities"}


def test_a_chosen_activity_is_answered_without_asking_again():
    chosen = answer("数据中心", activity_id="idc", share=60)
    assert (chosen.must_choose, chosen.verdict, chosen.max_foreign_share) == (False, "not_allowed", 50)


def test_candidates_with_the_same_answer_do_not_ask():
    assert not answer("IDC").must_choose


def test_the_api_lists_the_alternatives_with_their_own_verdicts(client):
    body = client.post(
        "/api/access/check", {"activity": "数据中心", "zone": "cn", "foreign_share": 100}, content_type="application/json"
    ).json()
    assert {(a["id"], a["verdict"]) for a in body["alternatives"]} | {(body["activity"]["id"], body["verdict"])} == {
        ("idc", "not_allowed"),
        ("data-centre-facilities", "allowed"),
    }


def test_traditional_characters_resolve_like_simplified():
    assert [m.activity.id for m in resolve("電子商務")] == [m.activity.id for m in resolve("电子商务")]


def test_a_misspelt_english_activity_still_resolves():
    assert resolve("e-comerce")[0].activity.id == "e-commerce"


def test_an_unrecognised_activity_says_so_and_offers_suggestions():
    result = answer("asdfgh")
    assert (result.activity, result.candidates) == (None, [])
    assert "没有找到" in str(result.notes[0])


# --- words, not identifiers ----------------------------------------------------------------------------------

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b|\bnl-[a-z]+-\d{4}\b|\bTrue\b|\bFalse\b|\bNone\b|\d+\.0\b")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("activity", "zone", "share"), [("airline", "cn", 30), ("社会调查", "bj-ftz", 34), ("IDC", "bj", 100), ("市场调查", "cn", 60)]
)
def test_the_words_of_an_answer_hold_no_identifier(language, activity, zone, share):
    body = answer(activity, zone, share).as_json(language)
    words = [body["verdict_text"], *body["reasons"], *(c["text"] for c in body["conditions"]), *body["notes"], *body["what_if"]]
    words += [c["role_text"] for c in body["citations"]] + [c["evidence_text"] for c in body["citations"]]
    assert [w for w in words if IDENTIFIER.search(w)] == []


def test_conditions_keep_their_code_beside_the_words():
    with translation.override("en"):
        conditions = answer("核电站", share=49).conditions
    assert conditions == [
        {"code": "chinese_control", "text": "Chinese control: the Chinese side must hold more than 50% (foreign below 50%)"}
    ]


def test_an_answer_resting_on_a_pilot_and_a_draft_says_so():
    notes = [str(n) for n in answer("IDC", zone="bj").notes]
    assert any("试点" in n for n in notes) and any("征求意见稿" in n for n in notes)


def test_an_unverified_item_says_so_in_the_answer():
    assert any("未能与官方文本核对" in str(n) for n in answer("核电站", share=49).notes)


def test_the_performing_arts_difference_between_copies_is_flagged():
    notes = [str(n) for n in answer("文艺表演团体", share=10).notes]
    assert any("写法不同" in n for n in notes)


# --- the doors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"zone": "mars"}, "zone must be one of"),
        ({"foreign_share": 120}, "between 0 and 100"),
        ({"investor_region": "eu"}, "investor_region"),
        ({"activity": " "}, "give an activity"),
        ({"largest_investor_share": 60}, "largest_investor_share"),
        ({"activity_id": "no-such-thing"}, "no activity"),
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
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.json()
    assert response.status_code == 200 and body["verdict"] == "allowed"
    assert body["citations"][0]["rule_set"] == "miit-vats-pilot-2024"


@pytest.mark.parametrize(
    "payload",
    [
        {"activity": "ISP", "zone": "mars", "foreign_share": 100},
        {"activity": "ISP", "zone": "cn", "foreign_share": 101},
        {"activity": "ISP", "zone": "cn", "foreign_share": 10, "largest_investor_share": -1},
    ],
)
def test_the_api_refuses_malformed_fields(client, payload):
    assert client.post("/api/access/check", payload, content_type="application/json").status_code == 422


def test_the_api_refuses_an_empty_query(client):
    response = client.post(
        "/api/access/check", {"activity": "", "zone": "cn", "foreign_share": 1}, content_type="application/json"
    )
    assert response.status_code == 400


def test_the_api_refuses_a_largest_investor_above_the_foreign_share(client):
    payload = {"activity": "airline", "zone": "cn", "foreign_share": 20, "largest_investor_share": 30}
    assert client.post("/api/access/check", payload, content_type="application/json").status_code == 400


def test_the_api_refuses_what_is_not_json(client):
    assert client.post("/api/access/check", "not json", content_type="application/json").status_code in (400, 422)


def test_web_form_result_is_a_shareable_get(client):
    response = client.get("/access/", {"activity": "核电站", "zone": "cn", "foreign_share": "50", "investor_region": "foreign"})
    body = response.content.decode()
    assert response.status_code == 200 and response.context["answer"].verdict == "not_allowed"
    assert "核电站的建设、经营须由中方控股" in body and "原文未核实" in body


def test_the_empty_form_shows_no_answer(client):
    assert client.get("/access/").context["answer"] is None


def test_web_form_puts_the_error_beside_its_field(client):
    response = client.get("/access/", {"activity": "ISP", "zone": "cn", "foreign_share": "150", "investor_region": "foreign"})
    assert response.status_code == 400
    assert "外资股比不能超过 100。" in response.content.decode()


def test_web_form_errors_are_in_english_for_english_readers(client):
    response = client.get(
        "/access/", {"activity": "", "zone": "cn", "foreign_share": "50", "investor_region": "foreign"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Give the activity or business, or an industry code." in response.content.decode()


def test_the_web_form_asks_for_the_largest_investor_only_when_it_matters(client):
    asked = client.get("/access/", {"activity": "airline", "zone": "cn", "foreign_share": "30", "investor_region": "foreign"})
    not_asked = client.get("/access/", {"activity": "核电站", "zone": "cn", "foreign_share": "30", "investor_region": "foreign"})
    assert (
        'name="largest_investor_share"' in asked.content.decode(),
        'name="largest_investor_share"' in not_asked.content.decode(),
    ) == (
        True,
        False,
    )


def test_the_web_form_offers_the_choice(client):
    page = client.get("/access/", {"activity": "数据中心", "zone": "cn", "foreign_share": "100", "investor_region": "foreign"})
    assert "activity_id=idc" in page.content.decode() and "activity_id=data-centre-facilities" in page.content.decode()


def test_cli_json(capsys):
    call_command("access_check", "ISP", "--zone", "cn", "--foreign-share", "100", "--date", "2025-03-01", "--json")
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"verdict", "max_foreign_share", "conditions", "citations", "candidates", "what_if", "alternatives"}
    assert (body["verdict"], body["citations"][0]["item"], body["date"]) == ("not_allowed", "12", "2025-03-01")


def test_cli_takes_the_new_inputs(capsys):
    call_command(
        "access_check", "airline", "--zone", "cn", "--foreign-share", "40", "--largest-investor-share", "25",
        "--legal-rep-chinese", "yes", "--date", "2025-03-01", "--json",
    )  # fmt: skip
    assert json.loads(capsys.readouterr().out)["verdict"] == "restricted"


def test_cli_rejects_a_bad_share():
    with pytest.raises(CommandError, match="between 0 and 100"):
        call_command("access_check", "ISP", "--zone", "cn", "--foreign-share", "-5")


def test_dates_before_the_lists_are_refused(client):
    with pytest.raises(ValueError, match="not covered"):
        AccessQuery("ISP", "cn", 50, on=date(2021, 6, 1))
    response = client.post(
        "/api/access/check",
        {"activity": "ISP", "zone": "cn", "foreign_share": 50, "date": "2021-06-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "not covered" in response.json()["detail"]


def test_an_exclusive_limit_is_reported_as_such():
    body = answer("核电站", share=50).as_json()
    assert (body["verdict"], body["max_foreign_share"], body["max_foreign_share_exclusive"]) == ("not_allowed", 50, True)


def test_a_list_naming_an_unknown_activity_fails_to_load(tmp_path):
    import shutil

    from rules.access import ACCESS_DIR, NEGATIVE_LISTS_DIR, load_access_data
    from rules.engine import RuleSetError

    lists, access = tmp_path / "lists", tmp_path / "access"
    shutil.copytree(NEGATIVE_LISTS_DIR, lists)
    shutil.copytree(ACCESS_DIR, access)
    path = lists / "nl-national-2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- e-commerce\n", "- e-comerce\n", 1), encoding="utf-8")
    with pytest.raises(RuleSetError, match="excepts 'e-comerce', which is not in the activity catalogue"):
        load_access_data(lists, access)


def test_the_system_check_passes_on_the_shipped_data():
    from rules.checks import access_data_loads

    assert access_data_loads(None) == []


# --- from the second read -------------------------------------------------------------------------------------


def test_a_pilot_says_so_in_the_verdict():
    assert answer("IDC", zone="bj").verdict_text == "可以投资（依据试点政策，须经主管部门批准）"


def test_the_medical_pilot_holds_only_on_its_own_terms():
    result = answer("基因检测", zone="bj-ftz")
    assert (result.verdict, [c["code"] for c in result.conditions]) == ("restricted", ["opening_condition"])


def test_an_airport_owned_by_one_foreign_investor_is_refused_not_a_server_error(client):
    page = client.get("/access/", {"zone": "cn", "activity": "民用机场", "foreign_share": "100", "largest_investor_share": "100"})
    assert (page.status_code, page.context["answer"].verdict) == (200, "not_allowed")


@pytest.mark.parametrize(("text", "meant"), [("应用程序商店", "app-store"), ("Airlines", "public-air-transport")])
def test_a_short_synonym_inside_the_words_does_not_decide(text, meant):
    assert [m.activity.id for m in resolve(text)][:1] == [meant]


def test_a_single_letter_resolves_to_nothing():
    assert resolve("a") == ()


def test_telecom_asks_between_basic_and_value_added():
    assert answer("电信", share=40).must_choose


def test_notes_come_out_in_the_language_asked_for():
    notes = answer("核电站", share=49).as_json("en")["notes"]
    assert any(n.startswith("The wording of the list items") and "外商投资" not in n for n in notes)


def test_a_choice_made_for_other_words_is_dropped(client):
    page = client.get("/access/", {"zone": "cn", "activity": "电子商务", "foreign_share": "100", "activity_id": "idc"})
    assert page.context["answer"].activity.id == "e-commerce"


def test_a_shared_link_without_the_investor_region_asks_about_a_foreign_investor(client):
    page = client.get("/access/", {"zone": "cn", "activity": "核电站", "foreign_share": "40"})
    assert (page.status_code, page.context["answer"].query.investor_region) == (200, "foreign")


def test_a_sentence_naming_the_activity_resolves_through_its_words():
    assert [m.activity.id for m in resolve("我想在北京开一家航空公司")] == ["public-air-transport"]


def test_an_english_sentence_naming_the_activity_resolves_too():
    assert "e-commerce" in [m.activity.id for m in resolve("we want to run an e-commerce business")]
