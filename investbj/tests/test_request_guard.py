"""Text with a NUL character is refused before any view reads it, naming the field, on every database; a write
that cannot get the database in time is a 409 to retry, not a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from investbj.middleware import RequestGuardMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_a_nul_in_an_api_text_field_is_a_400_naming_the_field(signed_in):
    body = {"title": "签证\x00问题", "description": "需要办理工作许可和居留许可", "category": "visa"}
    response = signed_in.post("/api/services/issues", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["fields"] == ["title"]


def test_a_nul_in_a_nested_api_field_is_named_by_its_path(signed_in):
    body = {"name": "甲", "contacts": [{"name": "张\x00三"}]}
    response = signed_in.post("/api/services/enterprises", body, content_type="application/json")
    assert response.json()["fields"] == ["contacts[0].name"]


def test_a_nul_in_a_query_parameter_is_refused_on_a_page(signed_in):
    response = signed_in.get("/tracking/", {"q": "外资\x00"})
    assert response.status_code == 400 and "q" in response.content.decode()


def test_a_nul_in_a_web_form_is_refused_and_nothing_is_saved(signed_in):
    from tracking.models import DispatchRound

    response = signed_in.post("/tracking/rounds/", {"title": "第一轮\x00", "due_on": "2026-12-10"})
    assert response.status_code == 400 and not DispatchRound.objects.exists()


def test_clean_text_passes(signed_in):
    assert signed_in.get("/tracking/", {"q": "外资"}).status_code == 200


def test_a_locked_database_is_a_409_to_retry():
    request = RequestFactory().post("/api/tracking/reports/1/review")
    response = RequestGuardMiddleware(lambda r: None).process_exception(request, OperationalError("database is locked"))
    assert response is not None and response.status_code == 409


@pytest.mark.parametrize("param", ["measure", "document"])
def test_a_ledger_filter_past_a_64_bit_id_is_ignored_not_a_500(signed_in, param):
    assert signed_in.get("/tracking/", {param: str(2**64)}).status_code == 200


def test_a_double_submitted_round_shows_the_one_already_open(signed_in, coordinator):
    from unittest import mock

    from tracking.models import DispatchRound

    first = DispatchRound.objects.create(title="第一轮", due_on="2026-12-10", opened_by=coordinator)
    # The second click passed the view's and the form's "already open?" checks before the first one committed:
    # only the database's constraint stops it.
    with (
        mock.patch("tracking.views.DispatchRound.objects.open") as opened,
        mock.patch.object(DispatchRound, "validate_constraints"),
    ):
        opened.return_value.exists.return_value = False
        opened.return_value.first.return_value = first
        response = signed_in.post("/tracking/rounds/", {"title": "第一轮", "due_on": "2026-12-10"})
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    assert DispatchRound.objects.count() == 1
