"""Parallel writers (PostgreSQL): of six simultaneous acceptances of one issue one lands and the rest are
refused on the issue's new state; six officers' notes at once are all kept; simultaneous sign-ups of one credit
code make one enterprise (the rest wait as claims), and a double-submitted sign-up never answers 500."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from directory.models import Enterprise, EnterpriseClaim
from services import steps
from services.models import Issue, IssueEvent
from testsupport.concurrency import needs_postgresql, run_together
from workflow.transitions import InvalidTransition

from .conftest import unit, valid_uscc
from .test_register import form

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def test_one_of_six_parallel_acceptances_lands(routed_issue, police):
    accepted, refused = run_together(
        lambda i: steps.accept(Issue.objects.get(pk=routed_issue.pk), police, unit("bj-public-security"))
    )
    assert len(accepted) == 1 and len(refused) == 5 and all(isinstance(e, InvalidTransition) for e in refused)
    assert routed_issue.events.filter(kind=IssueEvent.Kind.ACCEPTED).count() == 1
    assert Issue.objects.get(pk=routed_issue.pk).status == Issue.Status.IN_PROGRESS


def test_six_parallel_notes_are_all_kept(routed_issue, police):
    notes, errors = run_together(lambda i: steps.add_note(routed_issue, police, unit("bj-public-security"), f"第{i}次电话联系"))
    assert errors == [] and routed_issue.events.filter(kind=IssueEvent.Kind.NOTE).count() == 6


SIGN_UP_RATES = {"registration": "100/h", "password_reset": "5/h"}


@override_settings(INVESTBJ_THROTTLE_RATES=SIGN_UP_RATES)
def test_six_simultaneous_sign_ups_of_one_code_make_one_enterprise_and_five_claims():
    answers, errors = run_together(
        lambda i: Client().post("/services/register/", form(**{"account-username": f"firm{i}"})).status_code
    )
    assert (errors, sorted(answers)) == ([], [302] * 6)
    assert (Enterprise.objects.count(), EnterpriseClaim.objects.count()) == (1, 5)


@override_settings(INVESTBJ_THROTTLE_RATES=SIGN_UP_RATES)
def test_a_double_clicked_sign_up_makes_one_account_and_no_server_error():
    answers, errors = run_together(lambda i: Client().post("/services/register/", form()).status_code, writers=2)
    assert errors == [] and sorted(answers) in ([302, 409], [302, 400])
    assert get_user_model().objects.filter(username="testtech").count() == 1


@override_settings(INVESTBJ_THROTTLE_RATES=SIGN_UP_RATES)
def test_an_api_registration_sent_six_times_at_once_makes_one_enterprise(django_user_model):
    user = django_user_model.objects.create_user("api-firm", password="pw-api-firm-1")
    body = {
        "uscc": valid_uscc(91),
        "name": "接口并发（北京）有限公司",
        "investor_countries": ["DE"],
        "industry": "2710",
        "district": "district-daxing",
        "contacts": [{"name": "李女士"}],
    }

    def register(i: int) -> int:
        client = Client()
        client.force_login(user)
        return client.post("/api/services/enterprises", body, content_type="application/json").status_code

    answers, errors = run_together(register)
    assert errors == [] and set(answers) <= {201, 409} and 201 in answers
    assert (Enterprise.objects.count(), EnterpriseClaim.objects.count()) == (1, 0)
