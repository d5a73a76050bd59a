"""Application types are data: the shipped files load and point at real units and rules; broken files are refused
with the reason; a sixth type defined only in a test fixture works end to end without code."""

from __future__ import annotations

from pathlib import Path

import pytest

from applications import steps
from applications.models import Application, ReviewStep
from applications.types import DATA_DIR, ApplicationTypeError, check_references, get_type, load_type, registry

from .conftest import pdf, unit

SHIPPED = ["data-export-green-channel", "manager-visa", "qualification-recognition", "rd-centre", "regional-hq"]


def test_the_five_types_the_seeds_promise_are_shipped():
    assert sorted(registry()) == SHIPPED


@pytest.mark.django_db
@pytest.mark.parametrize("type_id", SHIPPED)
def test_each_type_points_at_real_units_and_rules(type_id):
    assert check_references(get_type(type_id)) == []


@pytest.mark.parametrize("type_id", SHIPPED)
def test_each_type_cites_the_seed_clause_it_carries_out(type_id):
    app_type = get_type(type_id)
    assert all(b.quote and b.item for b in app_type.basis)
    assert any(b.document.startswith("北京市") for b in app_type.basis)


def broken(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text((DATA_DIR / "manager-visa.yaml").read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{number}", "{secret}", "unknown placeholders"),
        ("id: position", "id: manager_name", "field ids must be unique"),
        ("type: country", "type: planet", "planet"),
        ("working_days: 5", "working_days: 0", "working_days"),
        ("schema: investbj.application-type/1", "schema: investbj.application-type/9", "schema"),
    ],
)
def test_a_broken_type_file_is_refused_with_the_reason(tmp_path, old, new, message):
    with pytest.raises(ApplicationTypeError, match=message):
        load_type(broken(tmp_path, old, new))


@pytest.mark.django_db
def test_a_type_naming_an_unknown_unit_or_rule_is_reported(tmp_path):
    path = broken(tmp_path, "unit: bj-public-security", "unit: bj-nowhere")
    text = path.read_text(encoding="utf-8").replace("rule: m10-manager-visas", "rule: m99-nothing")
    path.write_text(text, encoding="utf-8")
    problems = check_references(load_type(path))
    assert any("bj-nowhere" in p for p in problems) and any("m99-nothing" in p for p in problems)


SIXTH_TYPE = """
schema: investbj.application-type/1
id: cash-pool-pilot
version: "test"
title: {zh: 本外币一体化资金池试点, en: Unified cash-pooling pilot}
summary: {zh: 测试用事项。, en: A test-only type.}
basis:
  - document: 北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）
    item: "8"
    quote: 扩大跨国公司本外币一体化资金池业务试点，探索优化额度管理，提升资金池效能。
eligibility:
  rules:
    - {family: seed000-benefits, rule: m8-cash-pooling}
  facts: {needs: [cash_pooling]}
fields:
  - {id: group_name, type: text, label: {zh: 跨国公司集团名称, en: Group}, required: true}
documents:
  - {id: plan, label: {zh: 资金池方案, en: Pooling plan}, types: [pdf]}
steps:
  - {id: pbc-review, unit: cn-pbc-beijing, label: {zh: 人民银行审核, en: PBC review}, working_days: 10}
  - {id: safe-review, unit: cn-safe-beijing, label: {zh: 外汇局审核, en: SAFE review}, working_days: 5}
letter:
  title: {zh: 试点结果通知, en: Pilot decision}
  approved: {zh: "{enterprise}：同意（{number}）。", en: "{enterprise}: approved ({number})."}
  rejected: {zh: "{enterprise}：不同意。{reasons}", en: "{enterprise}: not approved. {reasons}"}
"""


@pytest.fixture
def sixth_type(tmp_path, settings):
    extra = tmp_path / "types"
    extra.mkdir()
    (extra / "cash-pool-pilot.yaml").write_text(SIXTH_TYPE, encoding="utf-8")
    settings.APPLICATION_TYPE_DIRS = [DATA_DIR, extra]
    return get_type("cash-pool-pilot")


@pytest.mark.django_db
def test_a_sixth_type_needs_only_a_data_file(sixth_type, client, alice, ent_a, django_user_model):
    from docx import Document

    from .conftest import user_for

    assert sixth_type is not None and check_references(sixth_type) == []
    assert len(registry()) == 6
    client.force_login(alice)
    page = client.get("/applications/types/cash-pool-pilot/apply/")
    assert page.status_code == 200 and "跨国公司集团名称" in page.content.decode()
    response = client.post(
        "/applications/types/cash-pool-pilot/apply/", {"group_name": "甲集团", "action": "submit", "doc_plan": pdf()}
    )
    application = Application.objects.get()
    assert response.status_code == 302 and application.type_id == "cash-pool-pilot"
    assert application.eligibility["verdict"] == "criteria_elsewhere"  # its only condition is implied by applying
    pbc = user_for(django_user_model, "pbc", unit_code="cn-pbc-beijing")
    safe = user_for(django_user_model, "safe", unit_code="cn-safe-beijing")
    steps.pass_step(application, pbc, unit("cn-pbc-beijing"))
    application = steps.pass_step(application, safe, unit("cn-safe-beijing"))
    assert application.status == Application.Status.APPROVED
    text = "\n".join(p.text for p in Document(application.letter.open("rb")).paragraphs)
    assert "甲医药：同意" in text and application.number in text
    assert [s.status for s in application.steps.all()] == [ReviewStep.Status.PASSED, ReviewStep.Status.PASSED]


@pytest.mark.parametrize("placeholder", ["{enterprise.name}", "{date:%Y}", "{0}", "{unknown}", "a { stray brace"])
def test_letter_templates_take_only_bare_known_placeholders(tmp_path, placeholder):
    with pytest.raises(ApplicationTypeError, match="letter"):
        load_type(broken(tmp_path, "{number}", placeholder))
