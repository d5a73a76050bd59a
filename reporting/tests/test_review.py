"""Hierarchical review (分级审核): the enterprise's district first, then the city; either may return a report with
comments; the enterprise corrects and resubmits; every step is recorded; a reviewer sees only their district."""

from __future__ import annotations

import pytest

from reporting import intake
from reporting.models import Report
from workflow.transitions import InvalidTransition

from .conftest import TODAY, annual

pytestmark = pytest.mark.django_db


def test_district_then_city_accept(submitted, chaoyang, city):
    report = intake.review(submitted, chaoyang, "district", accept=True)
    assert report.status == Report.Status.CITY_REVIEW
    report = intake.review(report, city, "city", accept=True, comment="数据一致")
    assert report.status == Report.Status.ACCEPTED and report.accepted_at
    assert list(report.events.values_list("kind", "level")) == [
        ("saved", ""),
        ("submitted", ""),
        ("district_passed", "district"),
        ("city_accepted", "city"),
    ]


def test_a_return_needs_comments_and_the_corrected_report_goes_round_again(submitted, chaoyang, city, alice, ent_a):
    with pytest.raises(InvalidTransition, match="需要修改"):
        intake.review(submitted, chaoyang, "district", accept=False)
    report = intake.review(submitted, chaoyang, "district", accept=False, comment="从业人数与社保缴纳人数不符")
    assert report.status == Report.Status.RETURNED and report.editable
    report = intake.save(annual(ent_a.uscc, employees="98"), ent_a, alice, report, today=TODAY)
    report = intake.submit(report, alice)
    assert report.status == Report.Status.DISTRICT_REVIEW and report.employees == 98
    report = intake.review(report, chaoyang, "district", accept=True)
    report = intake.review(report, city, "city", accept=False, comment="实缴出资日期有误")
    assert report.status == Report.Status.RETURNED
    authors = {h.history_user for h in report.history.all()}
    assert {alice, chaoyang, city} <= authors


def test_steps_out_of_turn_are_refused(submitted, chaoyang, city, alice, ent_a):
    with pytest.raises(InvalidTransition):
        intake.review(submitted, city, "city", accept=True)
    with pytest.raises(InvalidTransition, match="不能修改"):
        intake.save(annual(ent_a.uscc), ent_a, alice, submitted, today=TODAY)
    with pytest.raises(InvalidTransition):
        intake.submit(submitted, alice)


def test_invalid_data_writes_nothing(alice, ent_a):
    with pytest.raises(intake.ReportInvalid) as error:
        intake.save(annual(ent_a.uscc, registered_capital="-1"), ent_a, alice, today=TODAY)
    assert "registered_capital" in error.value.errors
    assert not Report.objects.exists()


def test_the_report_must_be_the_enterprises_own_code(alice, ent_a, ent_c):
    with pytest.raises(intake.ReportInvalid) as error:
        intake.save(annual(ent_c.uscc), ent_a, alice, today=TODAY)
    assert "不一致" in error.value.errors["uscc"]


# Who sees enterprise A's submitted report (朝阳), and at which level they may act on it now.
MATRIX = {
    "alice": (200, None),
    "carol": (404, None),
    "chaoyang": (200, "district"),
    "haidian": (404, None),
    "city": (200, None),
    "coordinator": (200, None),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_review_permission_matrix(client, submitted, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    status, level = MATRIX[who]
    assert client.get(f"/reporting/{submitted.pk}/").status_code == status
    response = client.post(f"/reporting/{submitted.pk}/review/", {"decision": "accept"})
    if level:
        assert response.status_code == 302
        assert Report.objects.get(pk=submitted.pk).status == Report.Status.CITY_REVIEW
    else:
        assert response.status_code in (403, 404)
        assert Report.objects.get(pk=submitted.pk).status == Report.Status.DISTRICT_REVIEW


def test_at_city_level_only_the_city_reviewer_acts(client, submitted, chaoyang, city, haidian):
    intake.review(submitted, chaoyang, "district", accept=True)
    for user in (chaoyang, haidian):
        client.force_login(user)
        assert client.post(f"/reporting/{submitted.pk}/review/", {"decision": "accept"}).status_code in (403, 404)
    client.force_login(city)
    assert client.post(f"/reporting/{submitted.pk}/review/", {"decision": "return", "comment": "请核对"}).status_code == 302
    assert Report.objects.get(pk=submitted.pk).status == Report.Status.RETURNED


def test_reviewers_never_see_drafts(client, alice, ent_a, chaoyang, city):
    draft = intake.save(annual(ent_a.uscc), ent_a, alice, today=TODAY)
    for user in (chaoyang, city):
        client.force_login(user)
        assert client.get(f"/reporting/{draft.pk}/").status_code == 404


def test_a_unit_officer_without_the_review_permission_sees_nothing(client, submitted, django_user_model):
    from .conftest import person

    clerk = person(django_user_model, "clerk", unit_code="district-chaoyang")
    client.force_login(clerk)
    assert client.get(f"/reporting/{submitted.pk}/").status_code == 404


def test_an_unverified_enterprise_cannot_report_yet(alice, ent_a):
    from directory.models import Enterprise

    Enterprise.objects.filter(pk=ent_a.pk).update(verification=Enterprise.Verification.PENDING)
    ent_a.refresh_from_db()
    with pytest.raises(intake.ReportInvalid) as error:
        intake.save(annual(ent_a.uscc), ent_a, alice, today=TODAY)
    assert "核验" in error.value.errors["uscc"] and not Report.objects.exists()


def test_the_review_queue_holds_what_the_user_may_act_on(submitted, chaoyang, haidian, city):
    from reporting.permissions import review_queue

    assert list(review_queue(chaoyang)) == [submitted]
    assert not review_queue(haidian).exists() and not review_queue(city).exists()
    intake.review(submitted, chaoyang, "district", accept=True)
    assert list(review_queue(city)) == [submitted] and not review_queue(chaoyang).exists()


def test_whoever_passed_a_report_at_district_level_does_not_accept_it_for_the_city(submitted, chaoyang, city, client):
    from django.contrib.auth.models import Permission

    from reporting.permissions import review_level, review_queue

    both = chaoyang
    both.user_permissions.add(Permission.objects.get(codename="review_city", content_type__app_label="reporting"))
    both = type(both).objects.get(pk=both.pk)  # permissions are cached per instance
    intake.review(submitted, both, "district", accept=True)
    submitted.refresh_from_db()
    assert review_level(both, submitted) is None and not review_queue(both).exists()
    with pytest.raises(InvalidTransition):
        intake.review(submitted, both, "city", accept=True)
    client.force_login(both)
    assert client.post(f"/reporting/{submitted.pk}/review/", {"decision": "accept"}).status_code in (403, 404)
    assert review_level(city, submitted) == "city"
