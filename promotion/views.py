from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Enterprise, Unit
from directory.roles import enterprise_ids, unit_ids
from office.filetypes import XLSX
from promotion import permissions, pipeline, stats
from promotion.exports import pipeline_workbook
from promotion.forms import EventForm, MatchmakingForm, MeetingForm, MoveForm, ProblemForm, ProjectForm, SolveForm
from promotion.models import Event, Project, Stage, StageChange, TaskForceMeeting, TaskForceProblem
from workflow.actors import record_actor
from workflow.models import StaleEdit
from workflow.transitions import InvalidTransition


def _officials_only(request) -> None:
    if not permissions.is_official(request.user):
        raise PermissionDenied(_("招商项目库仅供协调员和各责任单位使用。"))


def _filtered(request):
    projects = permissions.visible_projects(request.user).select_related("owner")
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        projects = projects.filter(stage=stage)
    flag = request.GET.get("flag", "")
    if flag == "task_force":
        projects = projects.filter(task_force=True)
    elif flag == "fast_track":
        projects = projects.filter(fast_track=True)
    owner = request.GET.get("owner", "")
    if owner:
        projects = projects.filter(owner__code=owner)
    return projects, {"stage": stage, "flag": flag, "owner": owner}


@login_required
def projects(request):
    _officials_only(request)
    listed, chosen = _filtered(request)
    context = {
        "projects": listed.prefetch_related("zones")[:300],
        "chosen": chosen,
        "stages": Stage.choices,
        "owners": Unit.objects.filter(projects__isnull=False).distinct().order_by("code"),
        "can_create": permissions.owner_choices(request.user).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "promotion/projects.html", context)


@login_required
def export_xlsx(request):
    _officials_only(request)
    listed, _chosen = _filtered(request)
    response = HttpResponse(pipeline_workbook(listed), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('招商项目.xlsx')}"
    return response


@login_required
def project_edit(request, pk: int | None = None):
    _officials_only(request)
    project = None
    if pk is not None:
        project = get_object_or_404(permissions.visible_projects(request.user), pk=pk)
        if not permissions.can_edit(request.user, project):
            raise PermissionDenied(_("只有跟进单位、市投促中心和协调员可以修改项目。"))
    owners = permissions.owner_choices(request.user)
    if not owners.exists():
        raise PermissionDenied(_("只有责任单位、市投促中心和协调员可以登记项目。"))
    form = ProjectForm(request.POST or None, instance=project, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_project(request, form, project)
        except StaleEdit as stale:
            form.add_error(None, stale.message)
            return render(request, "promotion/project_edit.html", {"form": form, "project": project}, status=409)
        messages.success(request, _("项目已保存。"))
        return redirect(saved)
    return render(request, "promotion/project_edit.html", {"form": form, "project": project}, status=400 if form.errors else 200)


@transaction.atomic
def _save_project(request, form: ProjectForm, project: Project | None) -> Project:
    saved = form.save(commit=False)
    pipeline.refresh_flags(saved)
    record_actor(saved, request.user)
    if project is None:
        saved.created_by, saved.stage_on = request.user, timezone.localdate()
        saved.save()
        StageChange.objects.create(project=saved, from_stage="", to_stage=Stage.LEAD, on=saved.stage_on, by=request.user)
    else:
        fields = [name for name in form.Meta.fields if name != "zones"]
        saved.save_if_current(form.cleaned_data["based_on"], [*fields, "fast_track", "task_force"])
    form.save_m2m()
    return saved


@login_required
def project_detail(request, pk: int, move_form=None, error: str | None = None, status: int = 200):
    _officials_only(request)
    project = get_object_or_404(
        permissions.visible_projects(request.user).select_related("owner", "enterprise", "signed_at"), pk=pk
    )
    can_edit = permissions.can_edit(request.user, project)
    context = {
        "project": project,
        "flags": pipeline.flags(project).values(),
        "changes": project.stage_changes.select_related("by"),
        "moves": [(s, Stage(s).label) for s in pipeline.allowed_moves(project)],
        "move_form": move_form or MoveForm(initial={"on": timezone.localdate()}),
        "problems": project.problems.prefetch_related("units"),
        "problem_form": ProblemForm(initial={"raised_on": timezone.localdate()})
        if project.task_force and permissions.sees_everything(request.user)
        else None,
        "matchmakings": project.matchmakings.select_related("event").prefetch_related("zones", "units"),
        "can_edit": can_edit,
        "error": error,
    }
    return render(request, "promotion/project.html", context, status=status)


@login_required
@require_POST
def project_move(request, pk: int):
    _officials_only(request)
    project = get_object_or_404(permissions.visible_projects(request.user), pk=pk)
    if not permissions.can_edit(request.user, project):
        raise PermissionDenied(_("只有跟进单位、市投促中心和协调员可以更新项目阶段。"))
    form = MoveForm(request.POST)
    if not form.is_valid():
        return project_detail(request, pk, move_form=form, status=400)
    data = form.cleaned_data
    try:
        pipeline.move(project, data["to_stage"], data["on"], request.user, data["note"], data["uscc"])
    except InvalidTransition as exc:
        return project_detail(request, pk, move_form=form, error=str(exc), status=409)
    return redirect(project)


@login_required
def task_force(request):
    """The board of the major-project task force: flagged projects, their open problems and units, the next meeting."""
    _officials_only(request)
    visible = permissions.visible_projects(request.user)
    flagged = visible.filter(task_force=True).select_related("owner").prefetch_related("problems__units")
    meeting_form = MeetingForm(request.POST or None) if permissions.sees_everything(request.user) else None
    if request.method == "POST":
        if meeting_form is None:
            raise PermissionDenied(_("只有协调员和市投促中心可以安排专班会议。"))
        if meeting_form.is_valid():
            with transaction.atomic():
                meeting_form.save()
            messages.success(request, _("专班会议已安排。"))
            return redirect("promotion:task_force")
    today = timezone.localdate()
    next_meeting = TaskForceMeeting.objects.filter(held_on__gte=today).first()
    open_problems = TaskForceProblem.objects.filter(project__in=visible, status=TaskForceProblem.Status.OPEN)
    context = {
        "projects": flagged,
        "open_problems": open_problems.select_related("project").prefetch_related("units"),
        "my_units": unit_ids(request.user),
        "next_meeting": next_meeting,
        # Only the agenda projects this reader may see anyway.
        "next_meeting_projects": visible.filter(meetings=next_meeting) if next_meeting else [],
        "solvable": set(open_problems.values_list("pk", flat=True))
        if permissions.sees_everything(request.user)
        else set(open_problems.filter(units__in=unit_ids(request.user)).values_list("pk", flat=True)),
        "meeting_form": meeting_form,
        "solve_form": SolveForm(),
    }
    return render(
        request, "promotion/task_force.html", context, status=400 if meeting_form is not None and meeting_form.errors else 200
    )


@login_required
@require_POST
def problem_add(request, pk: int):
    _officials_only(request)
    if not permissions.sees_everything(request.user):
        raise PermissionDenied(_("只有协调员和市投促中心可以登记专班协调事项。"))
    project = get_object_or_404(Project, pk=pk, task_force=True)
    form = ProblemForm(request.POST)
    if not form.is_valid():
        return project_detail(request, pk, status=400, error=" ".join(str(e) for errors in form.errors.values() for e in errors))
    with transaction.atomic():
        problem = form.save(commit=False)
        problem.project = project
        problem.save()
        form.save_m2m()
    return redirect(project)


@login_required
@require_POST
def problem_solve(request, pk: int):
    problem = get_object_or_404(TaskForceProblem, pk=pk, status=TaskForceProblem.Status.OPEN)
    responsible = set(problem.units.values_list("pk", flat=True)) & unit_ids(request.user)
    if not responsible and not permissions.sees_everything(request.user):
        raise PermissionDenied(_("只有责任单位、市投促中心和协调员可以办结专班协调事项。"))
    form = SolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写解决情况。"))
        return redirect("promotion:task_force")
    problem.status, problem.solved_on, problem.resolution = (
        TaskForceProblem.Status.SOLVED,
        timezone.localdate(),
        form.cleaned_data["resolution"],
    )
    record_actor(problem, request.user)
    problem.save()
    return redirect("promotion:task_force")


@login_required
def dashboard(request):
    _officials_only(request)
    visible = permissions.visible_projects(request.user)
    context = {
        "stages": stats.by_stage(visible),
        "chart": stats.conversion_by_month(visible, timezone.localdate()),
        "total": visible.count(),
    }
    return render(request, "promotion/dashboard.html", context)


def events(request):
    """Promotion events are public: what, when and where; officials also arrange them."""
    form = EventForm(request.POST or None) if permissions.sees_everything(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("只有协调员和市投促中心可以发布活动。"))
        if form.is_valid():
            event = form.save(commit=False)
            event.created_by = request.user
            event.save()
            return redirect(event)
    context = {
        "events": Event.objects.select_related("organiser"),
        "form": form,
        "official": request.user.is_authenticated and permissions.is_official(request.user),
    }
    return render(request, "promotion/events.html", context, status=400 if form is not None and form.errors else 200)


def event_detail(request, pk: int, matchmaking_form=None, status: int = 200):
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    official = request.user.is_authenticated and permissions.is_official(request.user)
    ids = enterprise_ids(request.user) if request.user.is_authenticated else set()
    visible = permissions.visible_projects(request.user) if official else Project.objects.none()
    context = {
        "event": event,
        "official": official,
        "registered": event.enterprises.filter(pk__in=ids).exists(),
        "can_register": bool(ids) and event.starts_on >= timezone.localdate(),
        "enterprises": event.enterprises.all() if official else [],
        "signed": event.signed_projects.filter(pk__in=visible) if official else [],
        "signed_count": event.signed_projects.count(),
        "matchmakings": event.matchmakings.filter(project__in=visible)
        .select_related("project")
        .prefetch_related("zones", "units"),
        "matchmaking_form": matchmaking_form
        or (MatchmakingForm(projects=permissions.editable_projects(request.user)) if official else None),
    }
    return render(request, "promotion/event.html", context, status=status)


@login_required
@require_POST
def event_register(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    ids = sorted(enterprise_ids(request.user))
    if not ids:
        raise PermissionDenied(_("只有企业用户可以报名。"))
    if event.starts_on < timezone.localdate():
        return event_detail(request, pk, status=409)
    event.enterprises.add(Enterprise.objects.get(pk=ids[0]))
    messages.success(request, _("已报名。"))
    return redirect(event)


@login_required
@require_POST
def matchmaking_add(request, pk: int):
    _officials_only(request)
    event = get_object_or_404(Event, pk=pk)
    form = MatchmakingForm(request.POST, projects=permissions.editable_projects(request.user))
    if not form.is_valid():
        return event_detail(request, pk, matchmaking_form=form, status=400)
    if event.matchmakings.filter(project=form.cleaned_data["project"]).exists():
        form.add_error("project", _("该项目已在本次活动对接。"))
        return event_detail(request, pk, matchmaking_form=form, status=400)
    with transaction.atomic():
        matchmaking = form.save(commit=False)
        matchmaking.event = event
        matchmaking.save()
        form.save_m2m()
    return redirect(event)
