"""The pipeline pages: who sees and edits which project, bad input, the task-force board, events, dashboard and export."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from directory.models import Enterprise, EnterpriseMembership
from promotion.models import Event, Matchmaking, Project, Stage, TaskForceProblem

from .conftest import make_project, officer, unit

pytestmark = pytest.mark.django_db


def project_form(**changes) -> dict:
    data = {
        "name": "创新药研发中心",
        "investor": "Pharma AG",
        "investor_country": "CH",
        "industry": "C27",
        "amount_usd": "120000000",
        "owner": unit("district-daxing").pk,
        "encouraged": "true",
        "catalogue_item": "鼓励类条目",
        "description": "",
    }
    data.update(changes)
    return data


def test_the_promotion_centre_registers_a_project_and_the_flags_are_computed(client, promoter):
    client.force_login(promoter)
    response = client.post("/promotion/projects/new/", project_form())
    project = Project.objects.get()
    assert response.status_code == 302 and project.industry == "27" and project.fast_track and not project.task_force
    assert project.stage == Stage.LEAD and project.stage_changes.get().to_stage == Stage.LEAD


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"industry": "99"}, "industry"),
        ({"amount_usd": "-5"}, "amount_usd"),
        ({"catalogue_item": ""}, "catalogue_item"),
        ({"investor_country": "XX"}, "investor_country"),
    ],
)
def test_bad_project_input_is_refused(client, promoter, changes, field):
    client.force_login(promoter)
    response = client.post("/promotion/projects/new/", project_form(**changes))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_unit_registers_projects_only_for_itself(client, bda):
    client.force_login(bda)
    response = client.post("/promotion/projects/new/", project_form())
    assert response.status_code == 400 and "owner" in response.context["form"].errors
    assert client.post("/promotion/projects/new/", project_form(owner=unit("mc-bda").pk)).status_code == 302


def test_who_sees_and_edits_a_project(client, project, coordinator, promoter, bda, planning, django_user_model):
    health = officer(django_user_model, "health", "bj-health")
    for user, sees, edits in (
        (coordinator, True, True),
        (promoter, True, True),
        (bda, True, True),
        (planning, False, False),
        (health, False, False),
    ):
        client.force_login(user)
        assert (client.get(f"/promotion/projects/{project.pk}/").status_code == 200) is sees
        moved = client.post(f"/promotion/projects/{project.pk}/move/", {"to_stage": "talks", "on": "2026-07-01"})
        assert moved.status_code == (302 if edits else 404)
        Project.objects.filter(pk=project.pk).update(stage=Stage.LEAD, stage_on=project.stage_on)
    problem = TaskForceProblem.objects.create(project=project, description="用地指标", raised_on=project.stage_on)
    problem.units.add(unit("bj-planning-natural-resources"))
    client.force_login(planning)
    assert client.get(f"/promotion/projects/{project.pk}/").status_code == 200
    assert client.post(f"/promotion/projects/{project.pk}/move/", {"to_stage": "talks", "on": "2026-07-01"}).status_code == 403


def test_enterprises_and_visitors_see_events_not_projects(client, project, django_user_model):
    assert client.get("/promotion/").status_code == 302
    enterprise = Enterprise.objects.create(uscc="91110000600037341L", name="甲", industry="64")
    user = django_user_model.objects.create_user("ent")
    EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    client.force_login(user)
    assert client.get("/promotion/").status_code == 403
    assert client.get(f"/promotion/projects/{project.pk}/").status_code == 403
    assert client.get("/promotion/export.xlsx").status_code == 403
    assert client.get("/promotion/events/").status_code == 200


def test_a_move_the_rules_refuse_answers_409_with_the_reason(client, project, coordinator):
    client.force_login(coordinator)
    response = client.post(f"/promotion/projects/{project.pk}/move/", {"to_stage": "registered", "on": "2026-07-01"})
    assert response.status_code == 409 and "不能转到" in response.content.decode()
    response = client.post(f"/promotion/projects/{project.pk}/move/", {"to_stage": "talks", "on": "soon"})
    assert response.status_code == 400


def test_the_task_force_board_lists_flagged_projects_problems_and_the_next_meeting(client, project, coordinator, planning):
    client.force_login(coordinator)
    response = client.post(
        f"/promotion/projects/{project.pk}/problems/",
        {"description": "新建厂房用地指标", "units": [unit("bj-planning-natural-resources").pk], "raised_on": "2026-11-20"},
    )
    assert response.status_code == 302
    meeting_day = timezone.localdate() + timedelta(days=7)
    client.post(
        "/promotion/task-force/",
        {"held_on": meeting_day.isoformat(), "place": "市商务局", "agenda": "用地协调", "projects": [project.pk]},
    )
    page = client.get("/promotion/task-force/").content.decode()
    assert project.name in page and "新建厂房用地指标" in page and meeting_day.isoformat() in page
    problem = TaskForceProblem.objects.get()
    client.force_login(planning)
    assert client.post(f"/promotion/problems/{problem.pk}/solve/", {"resolution": "已安排用地指标"}).status_code == 302
    problem.refresh_from_db()
    assert problem.status == TaskForceProblem.Status.SOLVED and problem.solved_on


def test_only_responsible_units_solve_a_problem(client, project, bda, django_user_model):
    problem = TaskForceProblem.objects.create(project=project, description="能耗指标", raised_on=project.stage_on)
    problem.units.add(unit("bj-development-reform"))
    client.force_login(bda)
    assert client.post(f"/promotion/problems/{problem.pk}/solve/", {"resolution": "越权"}).status_code == 403


def test_events_take_registrations_matchmaking_and_show_signed_projects(client, coordinator, project, django_user_model):
    client.force_login(coordinator)
    day = timezone.localdate() + timedelta(days=30)
    client.post(
        "/promotion/events/",
        {"name": "投资北京大会", "starts_on": day.isoformat(), "place": "北京", "organiser": unit("bj-investment-promotion").pk},
    )
    event = Event.objects.get()
    assert (
        client.post(
            f"/promotion/events/{event.pk}/matchmaking/",
            {"project": project.pk, "zones": [], "units": [unit("mc-bda").pk], "notes": "对接"},
        ).status_code
        == 302
    )
    assert client.post(f"/promotion/events/{event.pk}/matchmaking/", {"project": project.pk, "notes": "再次"}).status_code == 400
    assert Matchmaking.objects.count() == 1
    Project.objects.filter(pk=project.pk).update(signed_at=event)
    assert project.name in client.get(f"/promotion/events/{event.pk}/").content.decode()
    enterprise = Enterprise.objects.create(uscc="91110000600037341L", name="甲", industry="64")
    user = django_user_model.objects.create_user("ent")
    EnterpriseMembership.objects.create(user=user, enterprise=enterprise)
    client.force_login(user)
    page = client.get(f"/promotion/events/{event.pk}/").content.decode()
    assert project.name not in page  # the pipeline stays internal
    assert client.post(f"/promotion/events/{event.pk}/register/").status_code == 302
    assert list(event.enterprises.all()) == [enterprise]


def test_the_dashboard_and_the_export_follow_the_filter(client, coordinator):
    first = make_project(coordinator)
    make_project(coordinator, name="医疗器械", task_force=False, manufacturing_leader=False, stage=Stage.TALKS)
    client.force_login(coordinator)
    page = client.get("/promotion/dashboard/")
    rows = {row.stage: row.projects for row in page.context["stages"]}
    assert rows[Stage.LEAD] == 1 and rows[Stage.TALKS] == 1
    export = client.get("/promotion/export.xlsx?flag=task_force")
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [first.name]


def test_a_project_name_that_looks_like_a_formula_stays_text_in_the_export(client, coordinator):
    make_project(coordinator, name='=HYPERLINK("http://x")')
    client.force_login(coordinator)
    sheet = load_workbook(io.BytesIO(client.get("/promotion/export.xlsx").content)).active
    assert sheet["A2"].value == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"


def test_the_next_meeting_lists_only_projects_the_reader_may_see(client, coordinator, planning):
    from promotion.models import TaskForceMeeting

    hidden = make_project(coordinator, name="保密项目")
    shown = make_project(coordinator, name="规划委参与的项目")
    problem = TaskForceProblem.objects.create(project=shown, description="用地", raised_on=shown.stage_on)
    problem.units.add(unit("bj-planning-natural-resources"))
    meeting = TaskForceMeeting.objects.create(held_on=timezone.localdate() + timedelta(days=3), agenda="协调")
    meeting.projects.set([hidden, shown])
    client.force_login(planning)
    page = client.get("/promotion/task-force/").content.decode()
    assert "规划委参与的项目" in page and "保密项目" not in page


def test_a_unit_records_matchmaking_only_for_projects_it_follows(client, coordinator, planning, project):
    problem = TaskForceProblem.objects.create(project=project, description="用地", raised_on=project.stage_on)
    problem.units.add(unit("bj-planning-natural-resources"))
    event = Event.objects.create(
        name="活动",
        starts_on=timezone.localdate(),
        place="北京",
        organiser=unit("bj-investment-promotion"),
        created_by=coordinator,
    )
    client.force_login(planning)
    assert client.post(f"/promotion/events/{event.pk}/matchmaking/", {"project": project.pk, "notes": "越权"}).status_code == 400
    assert not Matchmaking.objects.exists()


def test_dashboard_totals_count_each_project_once(client, project, bda):
    for n in range(3):
        problem = TaskForceProblem.objects.create(project=project, description=f"问题{n}", raised_on=project.stage_on)
        problem.units.set([unit("mc-bda"), unit("bj-planning-natural-resources")])
    client.force_login(bda)
    rows = {row.stage: row for row in client.get("/promotion/dashboard/").context["stages"]}
    assert rows[Stage.LEAD].projects == 1 and rows[Stage.LEAD].amount_usd == project.amount_usd


def test_the_edit_form_keeps_the_stage_rules(client, coordinator):
    signed = make_project(coordinator, stage=Stage.SIGNED)
    client.force_login(coordinator)
    data = {**project_form(owner=unit("mc-bda").pk), "amount_usd": "", "based_on": signed.version}
    response = client.post(f"/promotion/projects/{signed.pk}/edit/", data)
    assert response.status_code == 400 and "amount_usd" in response.context["form"].errors
    lead = make_project(coordinator, name="线索项目")
    event = Event.objects.create(
        name="活动",
        starts_on=timezone.localdate(),
        place="北京",
        organiser=unit("bj-investment-promotion"),
        created_by=coordinator,
    )
    data = {**project_form(owner=unit("mc-bda").pk), "signed_at": event.pk, "based_on": lead.version}
    response = client.post(f"/promotion/projects/{lead.pk}/edit/", data)
    assert response.status_code == 400 and "signed_at" in response.context["form"].errors


def test_a_stale_edit_is_refused_and_the_flags_follow_the_inputs(client, coordinator):
    project = make_project(coordinator)
    assert project.task_force
    client.force_login(coordinator)
    data = {**project_form(owner=unit("mc-bda").pk), "encouraged": "false", "catalogue_item": "", "based_on": project.version}
    assert client.post(f"/promotion/projects/{project.pk}/edit/", data).status_code == 302
    project.refresh_from_db()
    assert not project.task_force and not project.fast_track and project.version == 2
    stale = client.post(f"/promotion/projects/{project.pk}/edit/", {**data, "name": "旧页面的修改", "based_on": 1})
    assert stale.status_code == 409
    project.refresh_from_db()
    assert project.name != "旧页面的修改"


def test_projects_are_not_added_in_the_back_office(admin_client):
    assert admin_client.get("/admin/promotion/project/add/").status_code == 403
