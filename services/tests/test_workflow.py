"""An issue's steps: routing, acceptance, 首接负责 transfers and refusals, answers, reopening, rating, withdrawal."""

from __future__ import annotations

import pytest

from services import steps
from services.models import Answer, Issue, IssueEvent, Transfer
from workflow.transitions import InvalidTransition

from .conftest import unit

pytestmark = pytest.mark.django_db


def kinds(issue: Issue) -> list[str]:
    return list(issue.events.values_list("kind", flat=True))


def test_a_new_issue_waits_for_routing_with_its_clock_running(visa_issue):
    assert visa_issue.status == Issue.Status.SUBMITTED
    assert visa_issue.owner is None
    assert visa_issue.number.startswith("SQ2026-")
    assert kinds(visa_issue) == ["submitted"]


def test_routing_names_the_owner_and_co_units(visa_issue, coordinator):
    issue = steps.route(visa_issue, coordinator, unit("bj-public-security"), [unit("bj-foreign-affairs")], "依据措施10")
    assert issue.status == Issue.Status.ASSIGNED
    assert issue.owner.code == "bj-public-security"
    assert [u.code for u in issue.co_units.all()] == ["bj-foreign-affairs"]
    routed = issue.events.get(kind="routed")
    assert (routed.actor, routed.target.code, routed.reason) == (coordinator, "bj-public-security", "依据措施10")


def test_an_issue_cannot_be_routed_to_a_generic_unit(visa_issue, coordinator):
    with pytest.raises(InvalidTransition, match="具体单位"):
        steps.route(visa_issue, coordinator, unit("generic-all-districts"))


def test_a_routed_issue_is_not_routed_again_unless_escalated(routed_issue, coordinator):
    with pytest.raises(InvalidTransition):
        steps.route(routed_issue, coordinator, unit("bj-commerce"))


def test_only_the_owner_unit_accepts(routed_issue, police, econ):
    with pytest.raises(InvalidTransition):
        steps.accept(routed_issue, econ, unit("bj-economy-it"))
    issue = steps.accept(routed_issue, police, unit("bj-public-security"))
    assert issue.status == Issue.Status.IN_PROGRESS and issue.accepted_at


def test_a_transfer_needs_the_coordinators_consent_and_the_first_unit_keeps_the_issue_meanwhile(
    routed_issue, police, coordinator
):
    transfer = steps.request_transfer(routed_issue, police, routed_issue.owner, unit("bj-foreign-affairs"), "属于外办职责")
    routed_issue.refresh_from_db()
    assert routed_issue.owner.code == "bj-public-security"
    with pytest.raises(InvalidTransition, match="待协调员决定"):
        steps.request_transfer(routed_issue, police, routed_issue.owner, unit("bj-commerce"), "再转")
    issue = steps.decide_transfer(transfer, coordinator, agree=True)
    assert issue.owner.code == "bj-foreign-affairs" and issue.status == Issue.Status.ASSIGNED
    assert issue.transfers == 1 and not issue.escalated
    accepted = issue.events.get(kind="transfer_accepted")
    assert (accepted.unit.code, accepted.target.code, accepted.actor) == ("bj-public-security", "bj-foreign-affairs", coordinator)


def test_a_transfer_needs_a_reason(routed_issue, police):
    with pytest.raises(InvalidTransition, match="理由"):
        steps.request_transfer(routed_issue, police, routed_issue.owner, unit("bj-commerce"), "  ")


def test_declining_a_transfer_needs_a_reason_and_leaves_the_owner(routed_issue, police, coordinator):
    transfer = steps.request_transfer(routed_issue, police, routed_issue.owner, unit("bj-commerce"), "不属于本单位")
    with pytest.raises(InvalidTransition, match="理由"):
        steps.decide_transfer(transfer, coordinator, agree=False)
    issue = steps.decide_transfer(transfer, coordinator, agree=False, note="签证属于公安职责")
    assert issue.owner.code == "bj-public-security" and issue.transfers == 0
    transfer.refresh_from_db()
    assert transfer.decision == Transfer.Decision.DECLINED and transfer.decision_note == "签证属于公安职责"
    with pytest.raises(InvalidTransition, match="已经处理过"):
        steps.decide_transfer(transfer, coordinator, agree=True)


def test_an_issue_transferred_twice_goes_to_the_coordinator(routed_issue, police, coordinator, django_user_model):
    from .conftest import officer

    foreign = officer(django_user_model, "wb", "bj-foreign-affairs")
    first = steps.request_transfer(routed_issue, police, unit("bj-public-security"), unit("bj-foreign-affairs"), "外办")
    issue = steps.decide_transfer(first, coordinator, agree=True)
    second = steps.request_transfer(issue, foreign, unit("bj-foreign-affairs"), unit("bj-commerce"), "商务")
    issue = steps.decide_transfer(second, coordinator, agree=True)
    assert issue.transfers == 2 and issue.escalated
    escalated = issue.events.get(kind="escalated")
    assert "2次" in escalated.reason
    with pytest.raises(InvalidTransition, match="提级"):
        steps.request_transfer(issue, foreign, unit("bj-commerce"), unit("bj-hrss"), "再转")
    # The coordinator places an escalated issue directly.
    issue = steps.route(issue, coordinator, unit("bj-hrss"), reason="协调员直接分派")
    assert issue.owner.code == "bj-hrss"


def test_a_refusal_names_the_unit_and_reason_and_counts_as_a_move(routed_issue, police, coordinator):
    issue = steps.refuse(routed_issue, police, routed_issue.owner, "不属于本单位职责，建议外办")
    assert issue.status == Issue.Status.SUBMITTED and issue.owner is None and issue.transfers == 1
    refused = issue.events.get(kind="refused")
    assert (refused.unit.code, refused.actor, refused.reason) == ("bj-public-security", police, "不属于本单位职责，建议外办")
    issue = steps.route(issue, coordinator, unit("bj-foreign-affairs"))
    with pytest.raises(InvalidTransition, match="理由"):
        steps.refuse(issue, police, unit("bj-foreign-affairs"), "")


def test_refusing_after_acceptance_is_not_possible(routed_issue, police):
    steps.accept(routed_issue, police, routed_issue.owner)
    with pytest.raises(InvalidTransition):
        steps.refuse(routed_issue, police, routed_issue.owner, "太晚了")


def test_cannot_solve_needs_a_reason(routed_issue, police):
    with pytest.raises(InvalidTransition, match="原因"):
        steps.answer(routed_issue, police, routed_issue.owner, Answer.Outcome.CANNOT_SOLVE, "暂无政策依据", "")
    assert not Answer.objects.exists()


def test_answering_accepts_and_records_the_outcome(routed_issue, police):
    reply = steps.answer(routed_issue, police, routed_issue.owner, Answer.Outcome.SOLVED, "可签发2年有效居留许可")
    issue = Issue.objects.get(pk=routed_issue.pk)
    assert issue.status == Issue.Status.ANSWERED and issue.accepted_at and issue.answered_at
    assert reply.unit.code == "bj-public-security" and reply.author == police
    assert kinds(issue)[-1] == "answered"


@pytest.fixture
def answered(routed_issue, police) -> Issue:
    steps.answer(routed_issue, police, routed_issue.owner, Answer.Outcome.SOLVED, "可签发2年有效居留许可")
    return Issue.objects.get(pk=routed_issue.pk)


def test_the_enterprise_cannot_rate_before_an_answer(routed_issue, alice):
    with pytest.raises(InvalidTransition):
        steps.confirm(routed_issue, alice, 5)


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_are_one_to_five(answered, alice, rating):
    with pytest.raises(InvalidTransition, match="1到5"):
        steps.confirm(answered, alice, rating, "评价")


@pytest.mark.parametrize("rating", [1, 2])
def test_a_poor_rating_needs_a_comment(answered, alice, rating):
    with pytest.raises(InvalidTransition, match="原因"):
        steps.confirm(answered, alice, rating, " ")
    issue = steps.confirm(answered, alice, rating, "材料要求说明不清")
    assert issue.rating == rating and issue.rating_comment == "材料要求说明不清"


def test_confirming_closes_and_cannot_be_repeated(answered, alice):
    issue = steps.confirm(answered, alice, 5)
    assert issue.status == Issue.Status.CLOSED and issue.rating == 5 and issue.closed_at
    with pytest.raises(InvalidTransition):
        steps.confirm(issue, alice, 4)
    with pytest.raises(InvalidTransition):
        steps.reopen(issue, alice, "还想问")


def test_reopening_needs_a_reason_and_gives_the_unit_a_new_period(answered, alice):
    from datetime import date

    with pytest.raises(InvalidTransition, match="原因"):
        steps.reopen(answered, alice, "")
    issue = steps.reopen(answered, alice, "家属的居留期限没有答复", today=date(2026, 12, 1))
    assert issue.status == Issue.Status.IN_PROGRESS and issue.answered_at is None
    assert issue.answer_due == date(2026, 12, 8)
    assert not issue.escalated


def test_a_second_reopening_escalates(answered, alice, police):
    steps.reopen(answered, alice, "第一次")
    steps.answer(answered, police, answered.owner, Answer.Outcome.EXPLAINED, "补充说明")
    issue = steps.reopen(answered, alice, "第二次")
    assert issue.escalated
    assert IssueEvent.objects.filter(issue=issue, kind="escalated").count() == 1


def test_withdrawing_keeps_everything(answered, alice):
    with pytest.raises(InvalidTransition, match="原因"):
        steps.withdraw(answered, alice, "")
    issue = steps.withdraw(answered, alice, "问题已自行解决")
    assert issue.status == Issue.Status.WITHDRAWN
    assert Issue.objects.filter(pk=issue.pk).exists() and issue.answers.count() == 1
    assert kinds(issue)[-1] == "withdrawn"
    with pytest.raises(InvalidTransition):
        steps.withdraw(issue, alice, "再撤一次")


def test_the_history_records_each_change_with_its_author(answered, alice):
    steps.confirm(answered, alice, 4)
    authors = {h.history_user for h in answered.history.all()}
    assert alice in authors


def test_partner_enterprises_issues_are_flagged_and_listed_first(alice, ent_a, bob, ent_b, coordinator, police):
    from services.models import Partner

    from .conftest import TODAY, VISA_ISSUE

    plain = steps.raise_issue(ent_b, bob, dict(VISA_ISSUE), today=TODAY)
    Partner.objects.create(
        enterprise=ent_a,
        focus_field="数字经济",
        criteria="国际领先",
        service_unit=unit("bj-commerce"),
        service_contact=police,
        enrolled_by=coordinator,
    )
    flagged = steps.raise_issue(ent_a, alice, dict(VISA_ISSUE), today=TODAY)
    assert flagged.partner and not plain.partner
    assert list(Issue.objects.all()) == [flagged, plain]


def test_a_pending_transfer_lapses_when_the_issue_moves_on_otherwise(routed_issue, police, coordinator, alice):
    transfer = steps.request_transfer(routed_issue, police, routed_issue.owner, unit("bj-hrss"), "人社局职责")
    steps.withdraw(routed_issue, alice, "已自行解决")
    transfer.refresh_from_db()
    assert transfer.decision == Transfer.Decision.DECLINED and transfer.decision_note
    with pytest.raises(InvalidTransition):
        steps.decide_transfer(transfer, coordinator, agree=True)
    issue = Issue.objects.get(pk=routed_issue.pk)
    assert issue.status == Issue.Status.WITHDRAWN and issue.owner.code == "bj-public-security"


def test_a_transfer_from_a_unit_that_no_longer_owns_the_issue_cannot_be_agreed(routed_issue, police, coordinator):
    transfer = steps.request_transfer(routed_issue, police, routed_issue.owner, unit("bj-hrss"), "人社局职责")
    steps.refuse(routed_issue, police, routed_issue.owner, "不属于本单位")
    transfer.refresh_from_db()
    assert transfer.decision == Transfer.Decision.DECLINED
    Transfer.objects.filter(pk=transfer.pk).update(decision=Transfer.Decision.PENDING)  # as if it had survived
    with pytest.raises(InvalidTransition, match="不再适用"):
        steps.decide_transfer(transfer, coordinator, agree=True)
    steps.route(Issue.objects.get(pk=routed_issue.pk), coordinator, unit("bj-economy-it"))
    transfer.refresh_from_db()
    assert transfer.decision == Transfer.Decision.DECLINED


def test_re_routing_an_escalated_issue_needs_a_reason_and_clears_the_escalation(visa_issue, coordinator, police):
    issue = steps.route(visa_issue, coordinator, unit("bj-public-security"), [unit("bj-hrss")])
    Issue.objects.filter(pk=issue.pk).update(escalated=True, transfers=2)
    with pytest.raises(InvalidTransition, match="理由"):
        steps.route(issue, coordinator, unit("bj-hrss"))
    issue = steps.route(issue, coordinator, unit("bj-hrss"), reason="人社局牵头")
    assert issue.owner.code == "bj-hrss" and not issue.escalated
    assert not issue.co_units.filter(code="bj-hrss").exists()
    routed = issue.events.filter(kind="routed").last()
    assert (routed.unit.code, routed.target.code) == ("bj-public-security", "bj-hrss")


def test_generic_units_are_not_co_units(routed_issue, coordinator):
    with pytest.raises(InvalidTransition, match="具体单位"):
        steps.add_co_unit(routed_issue, coordinator, unit("generic-all-districts"))


def test_an_extension_after_a_reopening_moves_the_deadline_forward(answered, alice, police):
    from datetime import date

    issue = steps.reopen(answered, alice, "还有问题", today=date(2026, 12, 20))
    assert issue.answer_due == date(2026, 12, 28)
    issue = steps.extend(issue, police, issue.owner, 3, "需会商")
    assert issue.answer_due == date(2026, 12, 31)


def test_a_complaint_is_concluded_within_sixty_working_days_of_acceptance(alice, ent_a, coordinator, police):
    from datetime import date

    from .conftest import VISA_ISSUE

    issue = steps.raise_issue(ent_a, alice, {**VISA_ISSUE, "kind": Issue.Kind.COMPLAINT}, today=date(2026, 3, 2))
    issue = steps.route(issue, coordinator, unit("bj-public-security"))
    issue = steps.accept(issue, police, unit("bj-public-security"), today=date(2026, 3, 6))
    # 60 working days from Fri 6 March, not from the day the complaint arrived.
    assert issue.answer_due == issue.sla_class.due(date(2026, 3, 6), 60) == date(2026, 6, 3)
