"""Each shipped type end to end (draft → steps → decision → letter), requests for more information,
rejections with reasons, withdrawal, and step deadlines in working days across holidays."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document

from applications import steps
from applications.models import Application, ApplicationEvent, CatalogueVersion, Qualification, ReviewStep
from applications.types import get_type
from workflow.transitions import InvalidTransition

from .conftest import GREEN_ANSWERS, SUBMITTED_ON, docx, pdf, png, unit, user_for

pytestmark = pytest.mark.django_db

# Per type: answers, documents, and the unit codes of its steps in order ("@district" resolved to the enterprise's).
CASES = {
    "data-export-green-channel": (
        GREEN_ANSWERS,
        {"self-assessment": [pdf()], "contract": [docx()]},
        ["bj-cyberspace", "bj-medical-products"],
    ),
    "manager-visa": (
        {"manager_name": "John Doe", "nationality": "US", "position": "总经理", "preparing_branch": True, "term": "2y"},
        {"appointment": [pdf()], "passport": [png()]},
        ["bj-commerce", "bj-public-security"],
    ),
    "regional-hq": (
        {
            "parent_company": "Pharma AG",
            "parent_country": "CH",
            "region_covered": "asia_pacific",
            "functions": ["management"],
            "managed_entities": 5,
        },
        {"authorisation": [pdf()]},
        ["district-daxing", "bj-commerce"],
    ),
    "rd-centre": (
        {"rd_fields": "创新药", "researchers": 120, "facilitation": ["patents", "imports"]},
        {"rd-plan": [docx()]},
        ["bj-science-tech", "bj-commerce"],
    ),
    "qualification-recognition": (
        {"holder_name": "Jane Roe", "nationality": "GB", "certificate_number": "X-1"},
        {"certificate": [pdf()], "employment": [pdf()]},
        ["bj-hrss"],
    ),
}


def letter_text(application: Application) -> str:
    application.letter.open("rb")
    return "\n".join(p.text for p in Document(BytesIO(application.letter.read())).paragraphs)


# What the seeds decide for each type: the last three leave their criteria to other regulations.
VERDICTS = {
    "data-export-green-channel": "eligible",
    "manager-visa": "eligible",
    "regional-hq": "criteria_elsewhere",
    "rd-centre": "criteria_elsewhere",
    "qualification-recognition": "criteria_elsewhere",
}


@pytest.fixture
def official_entry() -> Qualification:
    edition = CatalogueVersion.objects.create(
        version="4.0", title="目录", issuer="市人力资源社会保障局", official=True, current=True
    )
    return Qualification.objects.create(
        catalogue=edition, number=1, name="特许金融分析师", issuer="CFA Institute", country="美国", occupation="金融分析师"
    )


@pytest.mark.parametrize("type_id", list(CASES))
def test_each_type_from_draft_to_letter(type_id, alice, ent_a, django_user_model, official_entry):
    app_type = get_type(type_id)
    answers, documents, units = CASES[type_id]
    if type_id == "qualification-recognition":
        answers = {**answers, "qualification": official_entry.pk}
    draft = steps.save_draft(app_type, ent_a, alice, dict(answers), documents)
    assert draft.status == Application.Status.DRAFT and not draft.steps.exists()
    application = steps.submit(app_type, draft, alice, today=SUBMITTED_ON)
    assert application.eligibility["verdict"] == VERDICTS[type_id]
    assert [s.unit.code for s in application.steps.all()] == units
    for code in units:
        reviewer = user_for(django_user_model, f"r-{code}", unit_code=code)
        step = application.steps.get(unit__code=code)
        assert step.status == ReviewStep.Status.ACTIVE and step.due_on
        application = steps.pass_step(application, reviewer, unit(code), "同意")
    assert application.status == Application.Status.APPROVED and application.decided_at
    text = letter_text(application)
    assert ent_a.name in text and application.number in text and app_type.letter.title.zh in text
    assert "English translation for reference" in text
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds[:2] == ["created", "submitted"] and kinds[-1] == "approved"


def test_submitting_needs_the_required_documents(alice, ent_a):
    app_type = get_type("data-export-green-channel")
    draft = steps.save_draft(app_type, ent_a, alice, dict(GREEN_ANSWERS), {"self-assessment": [pdf()]})
    with pytest.raises(InvalidTransition, match="与境外接收方拟订立的法律文件"):
        steps.submit(app_type, draft, alice)
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT and not draft.steps.exists()


def test_step_deadlines_count_working_days_across_national_day(alice, ent_a):
    app_type = get_type("data-export-green-channel")
    draft = steps.save_draft(app_type, ent_a, alice, dict(GREEN_ANSWERS), {"self-assessment": [pdf()], "contract": [docx()]})
    application = steps.submit(app_type, draft, alice, today=date(2026, 9, 30))
    # 10 working days from Wed 30 Sept: Oct 1–7 are holidays, Sat Oct 10 is a make-up working day.
    assert application.steps.get(order=1).due_on == date(2026, 10, 20)


def test_the_next_step_starts_when_the_previous_one_passes(green_submitted, cyber):
    steps.pass_step(green_submitted, cyber, unit("bj-cyberspace"), "同意", today=date(2026, 12, 1))
    second = green_submitted.steps.get(order=2)
    assert (
        second.status == ReviewStep.Status.ACTIVE
        and second.started_on == date(2026, 12, 1)
        and second.due_on == date(2026, 12, 8)
    )


def test_a_request_for_information_pauses_the_step_and_the_answer_restarts_its_period(green_submitted, cyber, alice):
    with pytest.raises(InvalidTransition, match="需要补充的内容"):
        steps.request_info(green_submitted, cyber, unit("bj-cyberspace"), " ")
    request = steps.request_info(green_submitted, cyber, unit("bj-cyberspace"), "请补充接收方的安全能力说明")
    application = Application.objects.get(pk=green_submitted.pk)
    assert application.status == Application.Status.INFO_REQUESTED
    with pytest.raises(InvalidTransition):
        steps.pass_step(application, cyber, unit("bj-cyberspace"))
    steps.provide_info(application, alice, "见附件", {"other": [pdf("more.pdf")]}, today=date(2026, 12, 14))
    request.refresh_from_db()
    assert request.answer == "见附件" and request.answered_by == alice
    step = application.steps.get(order=1)
    assert step.status == ReviewStep.Status.ACTIVE and step.due_on == date(2026, 12, 28)
    assert application.documents.filter(document_id="other").exists()


def test_only_the_current_steps_unit_acts(green_submitted, drugs, cyber):
    with pytest.raises(InvalidTransition, match="当前没有"):
        steps.pass_step(green_submitted, drugs, unit("bj-medical-products"))
    steps.pass_step(green_submitted, cyber, unit("bj-cyberspace"))
    with pytest.raises(InvalidTransition, match="当前没有"):
        steps.pass_step(green_submitted, cyber, unit("bj-cyberspace"))


def test_a_rejection_needs_reasons_that_go_into_the_letter(green_submitted, cyber):
    with pytest.raises(InvalidTransition, match="理由"):
        steps.reject(green_submitted, cyber, unit("bj-cyberspace"), "")
    application = steps.reject(green_submitted, cyber, unit("bj-cyberspace"), "出境数据不属于临床试验数据")
    assert application.status == Application.Status.REJECTED
    assert [s.status for s in application.steps.all()] == [ReviewStep.Status.REJECTED, ReviewStep.Status.CANCELLED]
    assert "出境数据不属于临床试验数据" in letter_text(application)


def test_withdrawing_stops_the_review(green_submitted, alice, cyber):
    application = steps.withdraw(green_submitted, alice, "改为直接申报")
    assert application.status == Application.Status.WITHDRAWN
    assert set(application.steps.values_list("status", flat=True)) == {ReviewStep.Status.CANCELLED}
    with pytest.raises(InvalidTransition):
        steps.pass_step(application, cyber, unit("bj-cyberspace"))
    with pytest.raises(InvalidTransition):
        steps.withdraw(application, alice, "再撤")


def test_a_district_step_needs_the_enterprises_district(alice, ent_a):
    ent_a.district = None
    ent_a.save()
    app_type = get_type("regional-hq")
    answers, documents, _units = CASES["regional-hq"]
    draft = steps.save_draft(app_type, ent_a, alice, dict(answers), documents)
    with pytest.raises(InvalidTransition, match="所在区"):
        steps.submit(app_type, draft, alice)
    assert not draft.steps.exists()


def test_every_transition_is_in_the_history_with_its_author(green_submitted, cyber, alice):
    steps.request_info(green_submitted, cyber, unit("bj-cyberspace"), "请补充")
    authors = {h.history_user for h in Application.objects.get(pk=green_submitted.pk).history.all()}
    assert {alice, cyber} <= authors
    assert ApplicationEvent.objects.filter(
        application=green_submitted, kind="info_requested", actor=cyber, unit__code="bj-cyberspace"
    ).exists()


def test_an_unverified_enterprise_cannot_submit(alice, ent_a):
    from directory.models import Enterprise

    ent_a.verification = Enterprise.Verification.PENDING
    ent_a.save()
    app_type = get_type("data-export-green-channel")
    draft = steps.save_draft(app_type, ent_a, alice, dict(GREEN_ANSWERS), {"self-assessment": [pdf()], "contract": [docx()]})
    with pytest.raises(InvalidTransition, match="核验"):
        steps.submit(app_type, draft, alice)


def test_a_sample_catalogue_entry_is_never_submitted_as_if_official(alice, ent_a, catalogue):
    sample = Qualification.objects.filter(catalogue__current=True).first()
    assert not sample.catalogue.official
    app_type = get_type("qualification-recognition")
    answers = {**CASES["qualification-recognition"][0], "qualification": sample.pk}
    draft = steps.save_draft(app_type, ent_a, alice, answers, CASES["qualification-recognition"][1])
    with pytest.raises(InvalidTransition, match="示例目录"):
        steps.submit(app_type, draft, alice)


def test_a_rejection_with_control_characters_still_writes_its_letter(green_submitted, cyber):
    application = steps.reject(green_submitted, cyber, unit("bj-cyberspace"), "材料\x0b不全")
    assert "材料不全" in letter_text(application)
