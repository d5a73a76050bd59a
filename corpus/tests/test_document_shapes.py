"""The shapes real documents come in (issue 15): numbering inferred from the document, laws in 第X条, and the
responsible units in every official form."""

from __future__ import annotations

import pytest

from corpus.outline import chinese_number
from corpus.parser import parse_document


def parse(text, lexicon):
    return parse_document(text, lexicon, source_name="t.txt")


OPINION = """国务院关于某某工作的意见
国发〔2019〕9号
各省、自治区、直辖市人民政府：
为推进某某工作，提出以下意见。
一、总体要求
（一）指导思想
以习近平新时代中国特色社会主义思想为指导，推动某某工作。
二、主要任务
（二）扩大开放。放宽外资准入限制，推进服务业开放。（商务部、发展改革委负责）
（三）优化服务。提升外资企业服务水平。（海关总署、商务部等按职责分工负责）
国务院
2019年1月12日
"""


def test_measures_numbered_in_parentheses_are_the_provisions(lexicon):
    assert [m.label for m in parse(OPINION, lexicon).measures] == ["（一）", "（二）", "（三）"]


def test_numbering_runs_on_across_sections(lexicon):
    assert [m.number for m in parse(OPINION, lexicon).measures] == [1, 2, 3]


def test_a_heading_that_stands_alone_is_the_title(lexicon):
    first = parse(OPINION, lexicon).measures[0]
    assert (first.title, first.text) == ("指导思想", "以习近平新时代中国特色社会主义思想为指导，推动某某工作。")


def test_the_higher_level_becomes_the_sections(lexicon):
    assert [(s.number, s.title) for s in parse(OPINION, lexicon).sections] == [("一", "总体要求"), ("二", "主要任务")]


def test_units_that_close_a_measure_with_fuzer(lexicon):
    units = parse(OPINION, lexicon).measures[1].unit_groups[0].units
    assert [(u.name, u.unit_id) for u in units] == [("商务部", "cn-mofcom"), ("发展改革委", "cn-ndrc")]


def test_an_etc_before_fuzer_is_kept(lexicon):
    group = parse(OPINION, lexicon).measures[2].unit_groups[0]
    assert ([u.unit_id for u in group.units], group.has_etc) == (["cn-gacc", "cn-mofcom"], True)


def test_the_first_listed_unit_leads(lexicon):
    units = parse(OPINION, lexicon).measures[1].unit_groups[0].units
    assert [u.lead for u in units] == [True, False]


def test_the_signature_gives_issuer_and_date(lexicon):
    parsed = parse(OPINION, lexicon)
    assert (parsed.issuer, parsed.date.isoformat(), parsed.doc_number) == ("国务院", "2019-01-12", "国发〔2019〕9号")


NESTED = """国务院关于某某的若干意见
一、打造加工制造中心
（一）统筹两个市场。
1.拓展两个市场。推广试点。（税务总局、财政部负责）
2.提前适用政策。简化手续。（海关总署负责）
（二）推动创新创业。
3.促进研发创新。免于提交许可证。（商务部负责）
"""


def test_measures_numbered_inside_headings_are_the_provisions(lexicon):
    assert [m.label for m in parse(NESTED, lexicon).measures] == ["1", "2", "3"]


def test_their_headings_are_sections_on_two_levels(lexicon):
    assert [(s.level, s.title) for s in parse(NESTED, lexicon).sections] == [
        (1, "打造加工制造中心"),
        (2, "统筹两个市场"),
        (2, "推动创新创业"),
    ]


def test_an_excerpt_may_start_at_any_number(lexicon):
    excerpt = "某某若干措施（节选）\n2.推动电信开放。取消外资股比限制。（市通信管理局）\n3.提升数据流动便利化。制定清单。"
    assert [m.number for m in parse(excerpt, lexicon).measures] == [2, 3]


def test_sub_items_inside_a_measure_stay_in_its_text(lexicon):
    text = "某某实施方案\n（一）完善机制。做好以下工作：\n1.建立台账。\n2.定期调度。\n（二）强化保障。落实经费。"
    parsed = parse(text, lexicon)
    assert [m.label for m in parsed.measures] == ["（一）", "（二）"]
    assert "1.建立台账。2.定期调度。" in parsed.measures[0].text


LAW = """# 北京市外商投资条例

2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过

<!-- INFO END -->

\u200b

## 第一章 总 则

第一条 为了促进外商投资，制定本条例。

第二条 本条例适用于本市行政区域内的外商投资。

## 第二章 投资服务

第三条 本市建立外商投资服务体系。

市、区人民政府应当提供服务。

第三条之一 本市为外国投资者提供便利。

第四条 本条例自2024年7月1日起施行。
"""


def test_a_law_is_in_articles(lexicon):
    parsed = parse(LAW, lexicon)
    assert (parsed.structure, [m.label for m in parsed.measures]) == (
        "articles",
        ["第一条", "第二条", "第三条", "第三条之一", "第四条"],
    )


def test_an_article_number_is_an_integer_with_its_zhiyi(lexicon):
    assert [(m.number, m.suffix) for m in parse(LAW, lexicon).measures][2:4] == [(3, 0), (3, 1)]


def test_articles_are_grouped_in_chapters(lexicon):
    parsed = parse(LAW, lexicon)
    assert [(s.number, s.title) for s in parsed.sections] == [("第一章", "总则"), ("第二章", "投资服务")]
    assert [m.section for m in parsed.measures] == ["总则", "总则", "投资服务", "投资服务", "投资服务"]


def test_an_articles_paragraphs_stay_inside_it(lexicon):
    assert parse(LAW, lexicon).measures[2].text == "本市建立外商投资服务体系。\n市、区人民政府应当提供服务。"


def test_markdown_and_spacer_lines_are_not_text(lexicon):
    parsed = parse(LAW, lexicon)
    assert parsed.title == "北京市外商投资条例" and "INFO END" not in parsed.text and "\u200b" not in parsed.text


def test_each_provision_says_its_kind_in_json(lexicon):
    data = parse(LAW, lexicon).as_json()
    assert (data["structure"], data["measures"][0]["kind"], data["measures"][0]["label"]) == ("articles", "article", "第一条")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十八", 38), ("一百", 100), ("一百零三", 103), ("一〇三", 103)],
)
def test_chinese_numerals(numeral, value):
    assert chinese_number(numeral) == value


def units_of(text, lexicon):
    return [
        (u.name, u.lead)
        for g in parse(f"某某工作方案\n1.某项工作。落实到位。{text}", lexicon).measures[0].unit_groups
        for u in g.units
    ]


def test_lead_and_responsible_units_are_kept_apart(lexicon):
    assert units_of("（牵头单位：市商务局；责任单位：市发展改革委、市财政局）", lexicon) == [
        ("市商务局", True),
        ("市发展改革委", False),
        ("市财政局", False),
    ]


def test_the_half_width_form_with_a_space_between_roles(lexicon):
    assert units_of("(牵头单位:市商务局 责任单位:市发展改革委、市财政局)", lexicon) == [
        ("市商务局", True),
        ("市发展改革委", False),
        ("市财政局", False),
    ]


def test_square_brackets_hold_a_group_too(lexicon):
    assert units_of("〔责任单位：市商务局、市财政局〕", lexicon) == [("市商务局", True), ("市财政局", False)]


def test_a_convention_inside_the_first_group_is_not_a_unit(lexicon):
    assert units_of("（市商务局、市财政局负责，排在第一位的部门为牵头部门，下同）", lexicon) == [
        ("市商务局", True),
        ("市财政局", False),
    ]


def test_the_scope_is_kept_apart_from_the_units(lexicon):
    text = "某某措施\n（一）支持平潭口岸建设。建设监管场所。（负责部门：海关总署，适用范围：福建自贸试验区）"
    group = parse(text, lexicon).measures[0].unit_groups[0]
    assert ([u.unit_id for u in group.units], group.scope) == (["cn-gacc"], "福建自贸试验区")


STANDING_SCOPE = """某某措施
（一）放宽外籍技术人员比例要求。（负责部门：商务部；适用范围：所有自贸试验区，以下除标注适用于特定自贸试验区的措施外，适用范围均为所有自贸试验区）
（二）合理安排用地计划。（负责部门：自然资源部）
（三）支持平潭口岸建设。（负责部门：海关总署，适用范围：福建自贸试验区）
（四）下放审批权限。（负责部门：住房城乡建设部）
"""


def test_a_scope_set_for_the_measures_below_is_not_the_first_measures_own_wording(lexicon):
    assert parse(STANDING_SCOPE, lexicon).measures[0].unit_groups[0].scope == "所有自贸试验区"


def test_a_later_measure_without_a_scope_takes_the_standing_one(lexicon):
    group = parse(STANDING_SCOPE, lexicon).measures[1].unit_groups[0]
    assert (group.scope, group.scope_inherited) == ("所有自贸试验区", True)


def test_a_measure_marked_for_a_particular_zone_keeps_its_own(lexicon):
    group = parse(STANDING_SCOPE, lexicon).measures[2].unit_groups[0]
    assert (group.scope, group.scope_inherited) == ("福建自贸试验区", False)


def test_the_standing_scope_still_holds_after_a_particular_one(lexicon):
    assert parse(STANDING_SCOPE, lexicon).measures[3].unit_groups[0].scope == "所有自贸试验区"


def test_without_a_standing_scope_nothing_is_inherited(lexicon):
    text = STANDING_SCOPE.replace("，以下除标注适用于特定自贸试验区的措施外，适用范围均为所有自贸试验区", "")
    assert parse(text, lexicon).measures[1].unit_groups[0].scope == ""


def test_a_laws_adoption_and_effective_date(lexicon):
    parsed = parse(LAW, lexicon)
    assert (parsed.adopted.isoformat(), parsed.effective.isoformat()) == ("2024-05-31", "2024-07-01")


def test_a_laws_version_history_lists_its_amendments(lexicon):
    text = LAW.replace(
        "2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过",
        "2020年4月10日上海市第十五届人民代表大会常务委员会第二十次会议通过\n"
        "根据2021年10月28日上海市第十五届人民代表大会常务委员会第三十六次会议《关于修改本市部分地方性法规的决定》第一次修正",
    )
    history = parse(text, lexicon).as_json()["history"]
    assert [(h["date"], h["event"]) for h in history] == [("2020-04-10", "adopted"), ("2021-10-28", "amended")]


def test_in_force_on_promulgation_takes_the_promulgation_date(lexicon):
    text = LAW.replace("本条例自2024年7月1日起施行。", "本条例自公布之日起施行。").replace(
        "会议通过", "会议通过\n2024年6月5日北京市人民代表大会常务委员会公告第1号公布"
    )
    assert parse(text, lexicon).effective.isoformat() == "2024-06-05"


def test_the_laws_are_loaded_with_their_dates(db):
    from pathlib import Path

    from corpus.ingest import ingest_file
    from corpus.models import Document

    ingest_file(Path(__file__).resolve().parents[1] / "data" / "reference" / "beijing-fdi-regulation-2024.txt")
    law = Document.objects.get(title="北京市外商投资条例")
    assert (law.structure, law.effective.isoformat(), law.measures.get(number=38).citation_label) == (
        "articles",
        "2024-07-01",
        "第三十八条",
    )


@pytest.fixture
def beijing_regulation(db):
    from pathlib import Path

    from corpus.ingest import ingest_file
    from corpus.models import Document

    ingest_file(Path(__file__).resolve().parents[1] / "data" / "reference" / "beijing-fdi-regulation-2024.txt")
    return Document.objects.get(title="北京市外商投资条例")


def seed_000_measure_6():
    from corpus.models import Measure

    return Measure.objects.get(document__title__startswith="北京市深化服务业扩大开放", document__is_latest=True, number=6)


def test_a_measure_links_the_law_it_names(client, beijing_regulation):
    page = client.get(seed_000_measure_6().get_absolute_url()).content.decode()
    assert f'href="{beijing_regulation.get_absolute_url()}">《北京市外商投资条例》' in page


def test_the_law_lists_the_measures_citing_it(client, beijing_regulation):
    page = client.get(beijing_regulation.get_absolute_url()).content.decode()
    assert "引用本文件的措施" in page and seed_000_measure_6().get_absolute_url() in page


def test_a_law_not_in_the_corpus_is_named_without_a_link(client, db):
    page = client.get(seed_000_measure_6().get_absolute_url()).content.decode()
    assert '<span class="chip">《北京市外商投资条例》</span>' in page


def test_a_law_cited_without_its_state_prefix_is_found(db):
    from pathlib import Path

    from corpus.citations import cited_documents
    from corpus.ingest import ingest_file
    from corpus.models import Measure

    ingest_file(Path(__file__).resolve().parents[1] / "data" / "reference" / "foreign-investment-law-2019.txt")
    measure = Measure.objects.get(document__title__startswith="北京市关于进一步加强稳外资", number=1)
    measure.mentions = {"laws": [{"title": "外商投资法"}]}
    assert [c.document.title for c in cited_documents(measure)] == ["中华人民共和国外商投资法"]


NOTICE_WITH_ATTACHMENT = """国务院办公厅关于推广第二批改革举措的通知
国办发〔2018〕126号
各省、自治区、直辖市人民政府：
现将有关事项通知如下。
一、推广的改革举措
（一）知识产权保护方面。推广知识产权“快审”模式。
（二）科技成果转化方面。推广技术转移服务模式。
二、认真抓好组织实施
各地区要加强组织领导。
附件：第二批改革举措推广清单
国务院办公厅
2018年12月23日
（本文有删减）
附件
第二批改革举措推广清单
1.专利快速审查。
2.技术入股改革。
"""


def test_an_attachment_is_not_provisions(lexicon):
    assert [m.label for m in parse(NOTICE_WITH_ATTACHMENT, lexicon).measures] == ["（一）", "（二）"]


def test_the_attachment_is_kept_with_its_title(lexicon):
    attachments = parse(NOTICE_WITH_ATTACHMENT, lexicon).attachments
    assert attachments == [{"title": "第二批改革举措推广清单", "text": "1.专利快速审查。\n2.技术入股改革。"}]


def test_the_signature_above_the_attachment_gives_issuer_and_date(lexicon):
    parsed = parse(NOTICE_WITH_ATTACHMENT, lexicon)
    assert (parsed.issuer, parsed.date.isoformat()) == ("国务院办公厅", "2018-12-23")


def test_closing_notes_are_not_text(lexicon):
    text = OPINION.replace("2019年1月12日\n", "2019年1月12日\n（此件公开发布）\n")
    parsed = parse(text, lexicon)
    assert parsed.date.isoformat() == "2019-01-12" and "此件" not in parsed.measures[-1].text


def test_an_approval_whose_substance_is_its_attachment_takes_the_attachments_provisions(lexicon):
    text = "国务院关于同意组建某委员会的批复\n国函〔2006〕38号\n同意组建方案。\n附件：某委员会组建方案\n附件\n某委员会组建方案\n一、组成。由有关部门组成。\n二、职责。协调有关工作。"
    assert [m.label for m in parse(text, lexicon).measures] == ["一", "二"]


def test_the_document_page_shows_its_attachments(client, db):
    from corpus.ingest import ingest_bytes

    document = ingest_bytes(NOTICE_WITH_ATTACHMENT.encode(), "notice.txt").document
    page = client.get(document.get_absolute_url()).content.decode()
    assert "<summary>第二批改革举措推广清单</summary>" in page
