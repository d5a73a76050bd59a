"""The shared workflow pieces, on a real versioned model (a promotion project) and plain objects."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from simple_history.models import HistoricalRecords

from promotion.models import Project
from promotion.tests.conftest import make_project
from workflow.actors import acting_as, person_name, record_actor
from workflow.models import StaleEdit, posted_version
from workflow.transitions import InvalidTransition, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(coordinator) -> Project:
    return make_project(coordinator)


def test_a_save_from_the_current_version_makes_the_next(project, coordinator):
    project.name = "改名"
    project.save_if_current(project.version, ["name"], coordinator)
    assert Project.objects.get(pk=project.pk).version == 2


def test_a_save_from_an_older_version_is_refused(project, coordinator):
    project.save_if_current(1, ["name"], coordinator)
    with pytest.raises(StaleEdit):
        Project.objects.get(pk=project.pk).save_if_current(1, ["name"], coordinator)


def test_the_refusal_names_who_saved(project, coordinator):
    project.save_if_current(1, ["name"], coordinator)
    assert "王敏 已于" in StaleEdit(Project.objects.get(pk=project.pk)).message


def test_the_refusal_says_the_edit_was_not_saved(project, coordinator):
    project.save_if_current(1, ["name"], coordinator)
    assert "您的修改未保存" in StaleEdit(Project.objects.get(pk=project.pk)).message


def test_locked_without_a_version_only_locks(project):
    assert project.locked().pk == project.pk


def test_the_actor_is_recorded_in_the_history(project, lead_officer):
    project.locked().save_version(["name"], lead_officer)
    assert Project.objects.get(pk=project.pk).history.first().history_user == lead_officer


def test_record_actor_with_nobody_leaves_the_request_to_decide(project):
    record_actor(project, None)
    assert not hasattr(project, "_history_user")


def test_acting_as_credits_changes_outside_a_request(project, lead_officer):
    with acting_as(lead_officer):
        project.save()
    assert project.history.first().history_user == lead_officer


def test_acting_as_leaves_no_request_behind(lead_officer):
    with acting_as(lead_officer):
        pass
    assert not hasattr(HistoricalRecords.context, "request")


def test_a_person_is_named_by_their_name():
    assert person_name(User(username="lead", first_name="李磊")) == "李磊"


def test_a_person_without_a_name_is_named_by_their_sign_in_name():
    assert person_name(User(username="lead")) == "lead"


def test_nobody_has_no_name():
    assert person_name(None) == ""


@pytest.mark.parametrize(
    ("posted", "version"), [("3", 3), ("", None), ("x", None), ("0", None), (str(2**40), None), ("²", None), ("9" * 5000, None)]
)
def test_the_posted_version(posted, version):
    request = RequestFactory().post("/", {"based_on": posted})
    assert posted_version(request) == version


def test_a_step_not_allowed_is_refused_with_its_reason():
    with pytest.raises(InvalidTransition, match="不能"):
        require(False, "不能这样做")


def test_an_allowed_step_passes():
    assert require(True, "unused") is None


def test_the_message_falls_back_when_there_is_no_history():
    current = SimpleNamespace(_meta=SimpleNamespace(verbose_name="项目"), pk=1, version=2)
    assert StaleEdit(current).message.startswith("其他用户 已保存了修改")  # type: ignore[arg-type]


@pytest.mark.parametrize("model", ["services/issue", "applications/application", "reporting/report"])
def test_the_back_office_adds_no_workflow_object(admin_client, model):
    assert admin_client.get(f"/admin/{model}/add/").status_code == 403
