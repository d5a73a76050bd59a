"""Parser rules beyond the seeds: numbering styles, front matter, groups, mentions."""

from __future__ import annotations

from datetime import date

import pytest

from corpus.extract import IngestError
from corpus.parser import clean_text, extract_mentions, parse_document, split_unit_names


def parse(text, lexicon):
    return parse_document(text, lexicon, source_name="t.txt")


def test_parenthesised_numbering_and_doc_number(lexicon):
    text = (
        "京商务外资字〔2025〕12号\n关于支持外资研发中心发展的若干措施\n"
        "（1）设立绿色通道。为外资研发中心开辟绿色通道。（责任单位：市科委、中关村管委会）\n"
        "（2）优化通关。研发用品进口便利化。（北京海关）\n"
        "北京市商务局\n二〇二五年三月五日"
    )
    parsed = parse(text, lexicon)
    assert parsed.doc_number == "京商务外资字〔2025〕12号"
    assert parsed.title == "关于支持外资研发中心发展的若干措施"
    assert [(m.number, m.title) for m in parsed.measures] == [(1, "设立绿色通道"), (2, "优化通关")]
    assert (parsed.issuer, parsed.date) == ("北京市商务局", date(2025, 3, 5))
    assert parsed.measures[1].text == "优化通关。研发用品进口便利化。（北京海关）"


def test_full_width_dot_numbering(lexicon):
    parsed = parse("某某实施方案\n1．第一项。内容。（市商务局）\n2．第二项。内容。（市财政局）", lexicon)
    assert [m.title for m in parsed.measures] == ["第一项", "第二项"]


def test_wrapped_lines_starting_with_digits_are_not_new_measures(lexicon):
    text = "某某若干措施\n1.提高额度。试点额度由\n\n500万美元提高到\n\n2.5亿美元。（市商务局）\n2.第二项。内容。"
    parsed = parse(text, lexicon)
    assert [m.number for m in parsed.measures] == [1, 2]
    assert "由500万美元提高到2.5亿美元" in parsed.measures[0].text


def test_status_final_and_draft_markers(lexicon):
    assert parse("某某办法（征求意见稿）\n1.一项。内容。", lexicon).status == "draft"
    assert parse("某某办法（试行）\n1.一项。内容。", lexicon).status == "final"
    assert parse("某某办法（试行）\n1.一项。内容。", lexicon).title == "某某办法（试行）"


def test_no_measures_is_an_error(lexicon):
    with pytest.raises(IngestError, match=r"a notice \(通知\) with no numbered provisions"):
        parse("某某通知\n请各单位认真落实。", lexicon)


def test_groups_without_prefix_need_known_units_after_a_sentence(lexicon):
    parsed = parse("某某措施\n1.开放试点。在特定区域(自贸试验区)开放互联网数据中心(IDC)业务。(市通信管理局)", lexicon)
    assert [g.raw for g in parsed.measures[0].unit_groups] == ["(市通信管理局)"]


def test_prefixed_group_keeps_unknown_units_as_written(lexicon):
    parsed = parse("某某措施\n1.一项。内容。（牵头单位：市商务局；配合单位：市新设办公室等）", lexicon)
    units = parsed.measures[0].unit_groups[0].units
    assert [(u.name, u.unit_id) for u in units] == [("市商务局", "bj-commerce"), ("市新设办公室", None)]


@pytest.mark.parametrize(
    ("piece", "names"),
    [
        ("市经济和信息化局及相关部门和各区政府", ["市经济和信息化局", "相关部门", "各区政府"]),
        ("市委外办市政府外办", ["市委外办", "市政府外办"]),
        ("市科委中关村管委会", ["市科委", "中关村管委会"]),
        ("市文化和旅游局", ["市文化和旅游局"]),
        ("市甲局及市乙局", ["市甲局", "市乙局"]),
    ],
)
def test_splitting_unit_names(lexicon, piece, names):
    assert split_unit_names(piece, lexicon) == names


def test_cleaning_removes_footers_spaces_and_preview_notice():
    text, complete = clean_text(
        "第一行 2021年 12月 9日\n - 3 - \n第 4 页 共 9 页\n正文\n预览已结束，完整报告链接如下：\nhttps://example.org/x"
    )
    assert "2021年12月9日" in text and "- 3 -" not in text and "第 4 页" not in text and "example" not in text
    assert complete is False
    assert clean_text("正文。")[1] is True


def test_mentions(lexicon):
    mentions = extract_mentions(
        "2024年9月6日起，在中关村综合保税区试点额度由500万美元提高到1000万美元，投资1.5亿元人民币，签发2年以内有效签证，30个工作日内办结，依据《外商投资法》。",
        lexicon,
    )
    assert [(a["amount"], a["currency"]) for a in mentions["amounts"]] == [
        (5_000_000, "USD"),
        (10_000_000, "USD"),
        (150_000_000, "CNY"),
    ]
    assert [(d["value"], d["unit"], d["qualifier"]) for d in mentions["durations"]] == [
        (2, "year", "within"),
        (30, "working_day", "within"),
    ]
    assert [z["zone_id"] for z in mentions["zones"]] == ["bonded-zhongguancun"]
    assert mentions["laws"] == [{"title": "外商投资法"}]
    assert mentions["dates"] == [{"raw": "2024年9月6日", "date": "2024-09-06"}]


def test_years_are_not_durations(lexicon):
    assert extract_mentions("2021年起实施，十四五期间", lexicon)["durations"] == []


def test_zones_sharing_a_suffix_are_both_found(lexicon):
    zones = extract_mentions("推进中日、中德国际合作产业园建设。", lexicon)["zones"]
    assert [z["raw"] for z in zones] == ["中日国际合作产业园", "中德国际合作产业园"]


def test_a_group_read_again_from_memory_keeps_its_own_lead(lexicon):
    """The same unit names read first unlabelled, then with the second labelled 牵头, lead differently."""
    from corpus.parser import extract_unit_groups

    lexicon.forget_reads()
    plain, _ = extract_unit_groups("做好工作。（市商务局、市发展改革委负责）", lexicon)
    labelled, _ = extract_unit_groups("做好工作。（牵头单位：市发展改革委；责任单位：市商务局）", lexicon)
    again, _ = extract_unit_groups("再做一次。（市商务局、市发展改革委负责）", lexicon)
    assert [u.lead for u in plain[0].units] == [True, False]
    assert [(u.name, u.lead) for u in labelled[0].units] == [("市发展改革委", True), ("市商务局", False)]
    assert again[0].units == plain[0].units


def test_zone_names_sharing_a_prefix_match_the_longest(lexicon):
    text = "支持中国（北京）自由贸易试验区科技创新片区和亦庄综合保税区开展试点。"
    zones = [z["raw"] for z in extract_mentions(text, lexicon)["zones"]]
    assert zones == ["中国（北京）自由贸易试验区科技创新片区", "亦庄综合保税区"]
