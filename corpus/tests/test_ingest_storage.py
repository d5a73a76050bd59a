"""Storing documents: idempotent re-ingest, draft → final versions, dry runs, the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_000, SEED_001
from corpus.ingest import ingest_bytes
from corpus.models import Document, Measure, MeasureSimilarity, UnitGroupMember
from investbj.cli import main as cli_main

pytestmark = pytest.mark.django_db


def seed_000_document() -> Document:
    return Document.objects.get(base_title="北京市深化服务业扩大开放促进外商投资实施方案", is_latest=True)


def test_seeds_are_stored_with_their_structure():
    draft = seed_000_document()
    assert draft.status == "draft" and draft.measures.count() == 15 and draft.sections.count() == 8
    final = Document.objects.get(title="北京市关于进一步加强稳外资工作的若干措施")
    assert (final.issuer, final.issuer_unit.code, str(final.issued_on), final.complete) == (
        "北京市商务局",
        "bj-commerce",
        "2021-12-09",
        False,
    )
    assert final.sha256 == __import__("hashlib").sha256(SEED_001.read_bytes()).hexdigest()
    m13 = draft.measures.get(number=13)
    names = list(UnitGroupMember.objects.filter(group__measure=m13).values_list("name", flat=True))
    assert "大兴机场临空经济区（大兴）管委会" in names


def test_reingesting_the_same_file_changes_nothing():
    before = (Document.objects.count(), Measure.objects.count(), UnitGroupMember.objects.count())
    outcome = ingest_bytes(SEED_000.read_bytes(), "again.txt")
    assert outcome.action == "unchanged" and outcome.document == seed_000_document()
    assert (Document.objects.count(), Measure.objects.count(), UnitGroupMember.objects.count()) == before


def test_final_version_of_a_draft_is_stored_as_its_next_version():
    draft = seed_000_document()
    final_text = SEED_000.read_text(encoding="utf-8").replace("（征求意见稿）", "").replace("2年以内", "3年以内")
    outcome = ingest_bytes(final_text.encode(), "final.txt")
    final = outcome.document
    assert outcome.action == "new-version"
    assert (final.status, final.version, final.previous, final.is_latest) == ("final", 2, draft, True)
    draft.refresh_from_db()
    assert draft.is_latest is False
    assert list(final.versions()) == [draft, final]
    assert final.measures.get(number=10).mentions["durations"][0]["raw"] == "3年以内"


def test_dry_run_stores_nothing():
    before = Document.objects.count()
    outcome = ingest_bytes(
        SEED_000.read_text(encoding="utf-8").replace("市商务局", "市商务局 ").encode("gb18030"), "x.txt", dry_run=True
    )
    assert outcome.action == "dry-run" and outcome.document is None and len(outcome.parsed.measures) == 15
    assert Document.objects.count() == before


def test_english_translations_are_attached_to_seed_measures():
    for document in Document.objects.filter(is_latest=True):
        assert document.title_en
        assert all(m.title_en and len(m.summary_en) > 80 for m in document.measures.all()), document.title


def test_similar_measures_link_across_documents():
    hq_000 = seed_000_document().measures.get(number=7)
    hq_001 = Measure.objects.get(document__title="北京市关于进一步加强稳外资工作的若干措施", number=4)
    link = MeasureSimilarity.objects.get(measure=hq_000, other=hq_001)
    assert link.score >= 0.8
    assert MeasureSimilarity.objects.filter(measure=hq_001, other=hq_000).exists()
    unrelated = MeasureSimilarity.objects.filter(measure=seed_000_document().measures.get(number=15))
    assert not unrelated.filter(other=hq_001).exists()


def test_cli_prints_json_per_file_and_stores_nothing_on_dry_run(capsys):
    before = Document.objects.count()
    cli_main(["ingest", "--json", "--dry-run", str(SEED_000), str(SEED_001)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["title"] for line in lines] == [
        "北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）",
        "北京市关于进一步加强稳外资工作的若干措施",
    ]
    assert Document.objects.count() == before


def test_cli_exits_non_zero_on_bad_input(tmp_path, capsys):
    bad = tmp_path / "blank.txt"
    bad.write_text("  ")
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["ingest", str(bad)])
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"investbj ingest: {bad}: the file is empty."]


def test_cli_without_a_command_prints_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "investbj ingest" in capsys.readouterr().err


def test_numbering_that_restarts_in_each_section_is_stored():
    text = "关于试点的若干措施\n一、开放\n1.第一项。内容。（市商务局）\n2.第二项。内容。\n二、服务\n1.第三项。内容。（市财政局）"
    outcome = ingest_bytes(text.encode(), "restart.txt")
    assert [(m.section.title, m.number) for m in outcome.document.measures.select_related("section").order_by("pk")] == [
        ("开放", 1),
        ("开放", 2),
        ("服务", 1),
    ]


def test_an_overlong_title_is_cut_to_fit():
    text = "\n".join(["甲" * 35] * 12) + "\n实施方案\n1.一项。内容。"
    outcome = ingest_bytes(text.encode(), "long.txt")
    assert len(outcome.document.title) <= 300


def test_draft_words_inside_a_title_do_not_make_a_draft(lexicon):
    from corpus.parser import parse_document

    parsed = parse_document("北京市地方标准草案管理办法\n1.一项。内容。", lexicon)
    assert (parsed.status, parsed.base_title) == ("final", "北京市地方标准草案管理办法")


def test_the_scope_and_the_lead_units_are_stored(db):
    from corpus.ingest import ingest_bytes
    from corpus.models import UnitGroup

    text = "某某措施\n（一）支持口岸建设。建设监管场所。（牵头单位：海关总署；责任单位：商务部；适用范围：福建自贸试验区）"
    ingest_bytes(text.encode(), "scope.txt")
    group = UnitGroup.objects.get(measure__document__source_name="scope.txt")
    assert group.scope == "福建自贸试验区"
    assert [(m.unit.code, m.lead) for m in group.members.all()] == [("cn-gacc", True), ("cn-mofcom", False)]


def test_an_inherited_scope_is_stored_and_shown_as_inherited(db, client):
    from corpus.ingest import ingest_bytes
    from corpus.models import UnitGroup

    text = (
        "某某措施\n（一）放宽比例要求。（负责部门：商务部；适用范围：所有自贸试验区，以下适用范围均为所有自贸试验区）\n"
        "（二）安排用地计划。（负责部门：自然资源部）"
    )
    document = ingest_bytes(text.encode(), "standing-scope.txt").document
    group = UnitGroup.objects.get(measure__document=document, measure__number=2)
    assert (group.scope, group.scope_inherited) == ("所有自贸试验区", True)
    page = client.get(f"/measures/{group.measure.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "文件前文统一规定" in page


def test_ingest_into_an_unmigrated_database_says_how_to_set_it_up(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "DJANGO_SETTINGS_MODULE": "investbj.settings"}
    seed = SEED_001
    run = subprocess.run(
        [sys.executable, "-c", "from investbj.cli import main; main()", "ingest", str(seed)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (run.returncode, run.stderr.strip().count("\n"), "Traceback" in run.stderr) == (2, 0, False)
    assert "investbj migrate" in run.stderr
