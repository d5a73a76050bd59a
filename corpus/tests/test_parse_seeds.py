"""Both seed documents parse exactly: titles, sections, measures and every unit group as written."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SEED_000, SEED_001
from corpus.parser import parse_document

SEED_000_TITLES = [
    "健全外商投资准入管理",
    "推动电信领域外资企业申请资质",
    "提升数据跨境流动便利化水平",
    "加大医疗领域开放力度",
    "鼓励绿色低碳发展",
    "提升外商投资法制化保障水平",
    "打造更高能级总部经济",
    "深化跨境投融资开放外汇管理试点",
    "鼓励人力资源领域合作",
    "优化外籍员工停居留政策",
    "持续打造“投资北京”品牌",
    "实施“全球服务伙伴计划”",
    "发挥平台载体支撑作用",
    "提升外资企业管理服务水平",
    "完善信息报告和外资统计机制",
]

# Unit groups of seed 000 as written, one list of names per group.
SEED_000_GROUPS = {
    1: [["市发展改革委", "市商务局", "市经济和信息化局"]],
    2: [["市经济和信息化局", "市通信管理局", "市商务局"]],
    3: [["市委网信办", "市政务服务和数据管理局", "市商务局", "市经济和信息化局", "市卫健委", "市药监局"]],
    4: [["市卫健委", "市科委", "中关村管委会", "市药监局", "市发展改革委", "市商务局"]],
    5: [["市发展改革委", "市经济和信息化局", "市生态环境局"], ["市发展改革委", "市城市管理委"]],
    6: [["市商务局", "各相关单位"]],
    7: [["市商务局", "有关部门"], ["市商务局", "市市场监管局", "市金融监管局"]],
    8: [["人行北京市分行", "国家外汇管理局北京市分局"]],
    9: [["市人力资源社会保障局", "市人才局", "市公安局", "市海外学人中心", "相关行业主管部门"]],
    10: [["市公安局", "市委外办", "市政府外办", "市人才局"]],
    11: [["市投促中心", "市商务局"]],
    12: [["市商务局", "有关部门"]],
    13: [
        [
            "首都机场临空经济区管委会",
            "大兴机场临空经济区联合管委会",
            "大兴机场临空经济区（大兴）管委会",
            "中关村科学城管委会",
            "北京经济技术开发区管委会",
            "市商务局",
        ]
    ],
    14: [
        [
            "市商务局",
            "市发展改革委",
            "市委网信办",
            "市经济和信息化局",
            "市文化和旅游局",
            "市市场监管局",
            "国家外汇管理局北京市分局",
            "北京海关",
        ]
    ],
    15: [["市商务局", "市市场监管局", "国家外汇管理局北京市分局"]],
}
SEED_000_ETC = {1, 2, 3, 4, 5, 7, 10, 11, 13, 15}

SEED_001_TITLES = [
    "落实国家开放政策",
    "深化重点领域开放",
    "探索构建现代化开放体系",
    "打造更高能级总部经济",
    "鼓励外资设立研发中心",
    "提升开放平台示范引领效应",
    "推进贸易投融资便利化",
]
SEED_001_GROUPS = {
    1: [["市商务局", "市发展改革委", "市金融监管局", "市经济和信息化局", "相关部门", "各区政府"]],
    2: [
        [
            "市卫生健康委",
            "市经济和信息化局",
            "市投资促进服务中心",
            "市教委",
            "市人力资源社会保障局",
            "市发展改革委",
            "相关部门",
            "各区政府",
        ]
    ],
    3: [["市“两区”办", "市各相关部门", "各区政府"]],
    4: [["市商务局", "相关部门", "各区政府"]],
    5: [["市科委", "中关村管委会", "市商务局", "市财政局", "北京市税务局", "相关部门"]],
    6: [["市“两区”办", "市经济和信息化局", "市科委", "中关村管委会", "北京经济技术开发区管委会", "相关部门", "有关区政府"]],
    7: [],
}


@pytest.fixture(scope="module")
def seed_000(lexicon):
    return parse_document(SEED_000.read_text(encoding="utf-8"), lexicon, source_name=SEED_000.name)


@pytest.fixture(scope="module")
def seed_001(lexicon):
    return parse_document(SEED_001.read_text(encoding="utf-8"), lexicon, source_name=SEED_001.name)


def group_names(measure):
    return [[unit.name for unit in group.units] for group in measure.unit_groups]


def test_seed_000_document_fields(seed_000):
    assert seed_000.title == "北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）"
    assert seed_000.base_title == "北京市深化服务业扩大开放促进外商投资实施方案"
    assert seed_000.status == "draft"
    assert seed_000.complete is True
    assert seed_000.issuer is None and seed_000.date is None and seed_000.doc_number is None
    assert seed_000.preamble.startswith("为贯彻落实党中央、国务院")


def test_seed_000_sections(seed_000):
    assert [(s.number, s.title) for s in seed_000.sections] == [
        ("一", "总体要求"),
        ("（一）", "指导思想"),
        ("（二）", "工作目标"),
        ("二", "主要任务和措施"),
        ("三", "保障措施"),
        ("（一）", "加强整体统筹"),
        ("（二）", "加强推广宣贯"),
        ("（三）", "加强风险防控"),
    ]
    assert seed_000.sections[5].text.startswith("市商务局（市“两区”办）会同相关部门")


def test_seed_000_has_fifteen_measures_with_titles(seed_000):
    assert [m.number for m in seed_000.measures] == list(range(1, 16))
    assert [m.title for m in seed_000.measures] == SEED_000_TITLES
    assert {m.section for m in seed_000.measures} == {"主要任务和措施"}


def test_seed_000_unit_groups_as_written(seed_000):
    for measure in seed_000.measures:
        assert group_names(measure) == SEED_000_GROUPS[measure.number], measure.number
    etc = {m.number for m in seed_000.measures if any(g.has_etc for g in m.unit_groups)}
    assert etc == SEED_000_ETC


def test_seed_000_every_unit_resolves(seed_000):
    unresolved = [u.name for m in seed_000.measures for g in m.unit_groups for u in g.units if u.unit_id is None]
    assert unresolved == []


def test_two_names_of_one_institution_resolve_to_one_unit(seed_000, seed_001):
    m4 = seed_000.measures[3].unit_groups[0].units
    assert m4[1].unit_id == m4[2].unit_id  # 市科委中关村管委会, written together
    m10 = seed_000.measures[9].unit_groups[0].units
    assert m10[1].unit_id == m10[2].unit_id  # 市委外办市政府外办
    m5 = seed_001.measures[4].unit_groups[0].units
    assert m5[0].unit_id == m5[1].unit_id == m4[1].unit_id  # 市科委、中关村管委会


def test_aliases_across_documents_resolve_to_the_same_unit(seed_000, seed_001):
    health_000 = seed_000.measures[2].unit_groups[0].units[4]
    health_001 = seed_001.measures[1].unit_groups[0].units[0]
    assert (health_000.name, health_001.name) == ("市卫健委", "市卫生健康委")
    assert health_000.unit_id == health_001.unit_id
    promo_000 = seed_000.measures[10].unit_groups[0].units[0]
    promo_001 = seed_001.measures[1].unit_groups[0].units[2]
    assert promo_000.unit_id == promo_001.unit_id


def test_generic_entries_are_kept_and_flagged(seed_000, seed_001):
    m6 = seed_000.measures[5].unit_groups[0].units
    assert (m6[1].name, m6[1].generic) == ("各相关单位", True)
    m1 = seed_001.measures[0].unit_groups[0].units
    assert [(u.name, u.generic) for u in m1[-2:]] == [("相关部门", True), ("各区政府", True)]
    assert not any(u.generic for u in m1[:-2])


def test_groups_record_the_sentences_they_close(seed_000):
    first, second = seed_000.measures[4].unit_groups
    assert first.closes.endswith("予以奖励。")
    assert second.closes.startswith("落实好国家关于促进绿色电力消费政策措施")
    assert first.raw == "（市发展改革委、市经济和信息化局、市生态环境局等）"


def test_seed_001_document_fields(seed_001):
    assert seed_001.title == "北京市关于进一步加强稳外资工作的若干措施"
    assert seed_001.status == "final"
    assert seed_001.issuer == "北京市商务局"
    assert seed_001.issuer_unit_id == "bj-commerce"
    assert seed_001.date == date(2021, 12, 9)
    assert seed_001.complete is False
    assert [(s.number, s.title) for s in seed_001.sections] == [
        ("一", "进一步扩大对外开放"),
        ("二", "聚集全球高端优质资源"),
        ("三", "优化外商投资企业发展环境"),
    ]


def test_seed_001_measures_and_groups(seed_001):
    assert [m.title for m in seed_001.measures] == SEED_001_TITLES
    for measure in seed_001.measures:
        assert group_names(measure) == SEED_001_GROUPS[measure.number], measure.number
    assert [m.section for m in seed_001.measures] == ["进一步扩大对外开放"] * 3 + ["聚集全球高端优质资源"] * 3 + [
        "优化外商投资企业发展环境"
    ]


def test_seed_001_pdf_artefacts_are_gone(seed_001):
    text = "".join(m.text for m in seed_001.measures)
    assert "- 2 -" not in text and " " not in text and "\n" not in text
    assert "市经济和信息化局" in seed_001.measures[0].text  # broken across lines in the source
    assert "总投资3亿美元以下" in seed_001.measures[1].text


def test_seed_001_truncation_notice_is_not_document_text(seed_001):
    last = seed_001.measures[-1]
    assert last.text.endswith("支持北京地")
    assert "预览" not in seed_001.text and "yunbaogao" not in seed_001.text


def test_json_shape(seed_001):
    data = seed_001.as_json()
    assert set(data) == {
        "title", "structure", "script", "adopted", "effective", "history", "attachments", "status", "issuer", "date", "doc_number",
        "complete", "sections", "measures",
    }  # fmt: skip
    assert (data["structure"], data["script"], data["adopted"], data["effective"]) == ("measures", "simplified", None, None)
    assert data["date"] == "2021-12-09"
    measure = data["measures"][0]
    assert set(measure) >= {"kind", "number", "label", "title", "section", "text", "unit_groups", "mentions"}
    assert (measure["kind"], measure["label"]) == ("measure", "1")
    assert measure["unit_groups"][0]["units"][0] == {"name": "市商务局", "unit_id": "bj-commerce", "generic": False, "lead": True}
