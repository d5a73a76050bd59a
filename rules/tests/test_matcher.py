"""The policy matcher: faithful quotes, units from the corpus, near misses, and its three doors."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from corpus.models import Measure
from rules.engine import default_rule_sets
from rules.matcher import ProfileError, match, normalise_profile, profile_fields

pytestmark = pytest.mark.django_db

PHARMA = {"sectors": ["pharma"], "needs": ["data_export", "clinical_trials"], "zone": "bj"}


def test_every_benefit_quote_is_in_its_measure():
    for rule_set in default_rule_sets():
        for rule in rule_set.rules:
            if rule.clause.measure:
                base_title, _, number = rule.clause.measure.partition("#")
                measure = Measure.objects.get(document__base_title=base_title, number=int(number))
                assert rule.clause.quote in measure.text, rule.id
                assert rule.clause.item == number and rule.clause.document == measure.document.title


def test_matches_carry_title_benefit_units_and_reasons():
    data = match(PHARMA).as_json()
    green = next(m for m in data["matches"] if m["measure"] == 3)
    assert green["title"] == "提升数据跨境流动便利化水平" and green["title_en"]
    assert green["benefit_en"] == "A green channel for pharmaceutical FIEs' data-export filings"
    assert green["units"][0] == {
        "name": "市委网信办",
        "unit_id": "bj-cyberspace",
        "name_en": green["units"][0]["name_en"],
        "lead": True,
        "generic": False,
    }
    assert "in the pharmaceutical or medical sector" in green["reasons"]


def test_external_debt_benefit_states_the_numbers():
    data = match({"needs": ["external_debt"], "park": "中关村海淀园", "zone": "bj"}).as_json()
    debt = next(m for m in data["matches"] if m["rule"] == "m7-external-debt-haidian")
    assert "USD 5 million to USD 10 million" in debt["benefit_en"] and "500万美元" in debt["quote"]


def test_near_miss_names_the_one_missing_condition():
    data = match({"needs": ["foreign_managers"], "zone": "bj"}).as_json()
    visa = next(n for n in data["near_misses"] if n["rule"] == "m10-manager-visas")
    assert visa["missing"] == [
        {
            "field": "needs",
            "label": "Plans and needs",
            "needs": "has",
            "value": "branch_setup",
            "is": ["foreign_managers"],
            "text": "One condition missing: it plans or needs to set up a branch or subsidiary",
        }
    ]


def test_unknowns_that_matter_are_questions():
    data = match({"zone": "bj"}).as_json()
    questions = {u["field"]: u["question"] for u in data["unknowns_that_matter"]}
    assert "regional_hq" in questions and questions["regional_hq"].startswith("Is it")


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"zone": "mars"}, "zone"),
        ({"needs": ["yacht"]}, "needs"),
        ({"regional_hq": "yes"}, "regional_hq"),
        ({"foreign_share": 120}, "foreign_share"),
    ],
)
def test_bad_profiles_are_refused(profile, message):
    with pytest.raises(ProfileError, match=message):
        normalise_profile(profile)


def test_profile_fields_load_with_both_languages():
    fields = profile_fields()
    assert {"zone", "needs", "sectors", "park"} <= set(fields)
    assert all(f.question_en and f.question_zh for f in fields.values())


def test_api(client):
    response = client.post("/api/match", PHARMA, content_type="application/json")
    assert response.status_code == 200 and any(m["measure"] == 3 for m in response.json()["matches"])
    assert client.post("/api/match", {"zone": "mars"}, content_type="application/json").status_code == 422
    assert client.post("/api/match", {"needs": ["yacht"]}, content_type="application/json").status_code == 422


def test_cli(tmp_path, capsys):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PHARMA), encoding="utf-8")
    call_command("match", str(path), "--json")
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"matches", "near_misses"}
    assert {"document", "measure", "title", "title_en", "benefit", "units", "reasons"} <= set(body["matches"][0])
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("match", str(path))


def test_questionnaire_asks_first_questions_then_only_what_matters(client):
    first = client.get("/match/")
    assert [q.id for q in first.context["questions"]] == ["zone", "sectors", "needs"] and first.context["result"] is None
    answered = client.get("/match/", {"zone": "bj", "sectors": ["pharma", ""], "needs": ["data_export", "clinical_trials", ""]})
    assert answered.status_code == 200
    assert [m.firing.rule.id for m in answered.context["result"].matches][:2] == [
        "m3-pharma-data-green-channel",
        "m4-clinical-trials",
    ]
    asked = [q.id for q in answered.context["questions"]]
    assert "zone" not in asked and "regional_hq" in asked
    assert "提升数据跨境流动便利化水平" in answered.content.decode()


def test_questionnaire_rejects_bad_answers(client):
    response = client.get("/match/", {"zone": "bj", "regional_hq": "perhaps"})
    assert response.status_code == 400


def test_a_bad_answer_is_named_by_its_label_in_the_readers_language(client):
    zh = client.get("/match/", {"zone": "bj", "regional_hq": "perhaps"}).content.decode()
    en = client.get("/match/", {"zone": "bj", "project_amount_usd": "lots"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("跨国公司地区总部：请回答“是”或“否”。" in zh, "Project amount (USD): “lots” is not a number." in en) == (True, True)


def test_the_page_title_is_just_the_title(client):
    body = client.get("/match/").content.decode()
    title = body[body.index("<title>") : body.index("</title>")]
    assert len(title) < 60 and "<form" not in title


# --- conditions as sentences (issue 16) ------------------------------------------------------------------------

HAIDIAN = {"needs": ["external_debt"], "park": "中关村海淀园", "zone": "bj"}
PYTHON_LITERAL = re.compile(r"\b(True|False|None)\b|\d+\.0\b|\b[a-z]+_[a-z_]+\b|\b(has_any|has|eq|gte?|lte?)\b")


def _reasons(profile, language):
    return [r for m in match(profile, date(2025, 6, 1)).as_json(language)["matches"] for r in m["reasons"]]


def test_a_haidian_profile_is_explained_in_chinese_sentences():
    assert "注册在中关村科技园区海淀园" in _reasons(HAIDIAN, "zh-hans")


def test_a_haidian_profile_is_explained_in_english_sentences():
    assert "registered in Zhongguancun Science Park Haidian Park" in _reasons(HAIDIAN, "en")


def test_a_near_miss_names_the_missing_park():
    near = match({**HAIDIAN, "park": "中关村昌平园"}, date(2025, 6, 1)).as_json("en")["near_misses"]
    assert "One condition missing: registered in Zhongguancun Science Park Haidian Park" in [
        m["text"] for n in near for m in n["missing"]
    ]


def test_amounts_read_as_people_write_them():
    near = match({"encouraged_catalogue": True, "project_amount_usd": 300000001}, date(2025, 6, 1)).as_json("zh-hans")
    texts = [m["text"] for n in near["near_misses"] for m in n["missing"]]
    assert "还差一个条件：项目总投资不超过 3亿美元" in texts


def test_amounts_in_english_read_in_millions():
    from rules.matcher import amount_words

    with translation.override("en"):
        assert amount_words(10_000_000, "usd") == "USD 10 million"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "profile",
    [
        HAIDIAN,
        {"regional_hq": True, "rd_centre": True, "zone": "bj-ftz"},
        {"encouraged_catalogue": True, "project_amount_usd": 2.5e8},
    ],
)
def test_no_sentence_holds_an_identifier_or_a_python_literal(profile, language):
    data = match(profile, date(2025, 6, 1)).as_json(language)
    sentences = [r for m in data["matches"] for r in m["reasons"]] + [
        x["text"] for n in data["near_misses"] for x in n["missing"]
    ]
    assert sentences and [s for s in sentences if PYTHON_LITERAL.search(s)] == []


def test_the_page_shows_the_reasons_as_sentences(client, db):
    page = client.get("/match/", {"needs": "external_debt", "park": "中关村海淀园", "zone": "bj"}, HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "registered in Zhongguancun Science Park Haidian Park" in body and "park_zones" not in body


def test_the_answers_so_far_read_as_people_write_them(client):
    page = client.get(
        "/match/", {"encouraged_catalogue": "yes", "project_amount_usd": "250000000", "zone": "bj"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    answers = page[page.index('class="card answers"') : page.index("</section>", page.index('class="card answers"'))]
    assert ("USD 250 million" in answers, "250000000" in answers, "True" in answers) == (True, False, False)
