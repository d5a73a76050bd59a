from __future__ import annotations

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpus.models import Document
from directory.roles import is_coordinator, unit_ids
from jobs.models import Job
from jobs.runner import start as start_job
from jobs.views import download_or_follow
from notifications.delivery import site_url
from tracking import ledger, permissions, stats
from tracking.exports import LedgerImportError, import_ledger
from tracking.forms import (
    BoardFilterForm,
    GenerateForm,
    ImportForm,
    MilestoneFormSet,
    ReportForm,
    ReviewForm,
    RoundForm,
    TaskForm,
    board_filter,
)
from tracking.models import DispatchRound, ProgressReport, ReportAttachment, Task
from tracking.notify import tell_unit_about_review
from workdays.calendar import overdue_cutoff
from workflow.models import StaleEdit
from workflow.transitions import InvalidTransition

BOARD_PAGE_SIZE = 50


def _coordinator_only(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("只有协调员（市商务局 / 两区办）可以进行此操作。"))


def _board_filter(request) -> tuple[BoardFilterForm, ledger.BoardFilter]:
    return board_filter(request.GET)


def _filtered_tasks(request):
    form, flt = _board_filter(request)
    today = timezone.localdate()
    tasks = ledger.filter_board(permissions.visible_tasks(request.user), flt, today)
    return form, tasks, today


@login_required
def board(request):
    form, tasks, today = _filtered_tasks(request)
    page = Paginator(ledger.with_board_relations(tasks), BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    _cutoff, _horizon, calendar_exact = ledger.flag_dates(today)
    context = {
        "form": form,
        "page": page,
        "counts": stats.status_counts(tasks),
        "open_round": DispatchRound.objects.open().first(),
        "is_coordinator": is_coordinator(request.user),
        "calendar_exact": calendar_exact,
        "query": request.GET.urlencode(),
        "query_without_page": _without_page(request),
    }
    return render(request, "tracking/board.html", context)


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _task_or_404(request, pk: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("measure__document", "measure__section", "unit_group").prefetch_related(
            "assignments__unit", "milestones"
        ),
        pk=pk,
    )
    if not permissions.can_view_task(request.user, task):
        # Other units' tasks are not acknowledged to exist.
        raise Http404
    return task


def _history(request, task: Task) -> list[dict]:
    """Every recorded change of the task and its parts that this user may read, newest first, with the fields
    that changed. A report's history is its content and its review: it follows the report's own visibility
    (a co-unit reads its own reports' history, not the lead's)."""
    entries = []
    sources = chain(
        task.history.select_related("history_user"),
        *(m.history.select_related("history_user") for m in task.milestones.all()),
        *(a.history.select_related("history_user") for a in task.assignments.all()),
        *(r.history.select_related("history_user") for r in permissions.visible_reports(request.user, task)),
    )
    for record in sources:
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [(str(record._meta.get_field(c.field).verbose_name), c.old, c.new) for c in delta.changes]
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": record.instance._meta.verbose_name,
                "object": str(record.instance),
                "type": record.get_history_type_display(),
                "changes": changes,
            }
        )
    return sorted(entries, key=lambda e: e["when"], reverse=True)


def _task_context(request, task: Task, open_round: DispatchRound | None, report_form: ReportForm | None) -> dict:
    today = timezone.localdate()
    return {
        "task": task,
        "measure": task.measure,
        "reports": permissions.visible_reports(request.user, task).prefetch_related("attachments"),
        "open_round": open_round,
        "report_form": report_form,
        "review_form": ReviewForm() if permissions.can_review(request.user) else None,
        "can_edit": permissions.can_edit_task(request.user, task),
        "history": _history(request, task),
        "cutoff": overdue_cutoff(today)[0],
        "overdue": task.is_overdue(today),
    }


@login_required
def task_detail(request, pk: int):
    task = _task_or_404(request, pk)
    open_round = DispatchRound.objects.open().first()
    my_units = permissions.reporting_units(request.user, task)
    report_form = None
    if open_round and my_units:
        report_form = _report_form_for(task, open_round, [a.unit for a in my_units])
    return render(request, "tracking/task.html", _task_context(request, task, open_round, report_form))


def _report_form_for(task: Task, round: DispatchRound, units) -> ReportForm:
    """A new report, or the unit's returned/pending one for this round to resubmit."""
    existing = ProgressReport.objects.filter(round=round, task=task, unit__in=units).first()
    if existing is not None:
        form = ReportForm(instance=existing, units=units, initial={"unit": existing.unit_id, "based_on": existing.version})
    else:
        form = ReportForm(units=units)
    form.existing = existing  # type: ignore[attr-defined]
    return form


@login_required
@require_POST
def submit_report(request, pk: int):
    task = _task_or_404(request, pk)
    my_units = [a.unit for a in permissions.reporting_units(request.user, task)]
    if not my_units:
        raise PermissionDenied(_("您所在的单位不是此任务的牵头或配合单位。"))
    round = DispatchRound.objects.open().first()
    if round is None:
        messages.error(request, _("当前没有进行中的调度轮次，暂不能报送。"))
        return redirect(task)
    form = ReportForm(request.POST, request.FILES, units=my_units)
    if not form.is_valid():
        return _render_task_with_report_form(request, task, round, form)
    content = {name: form.cleaned_data[name] for name in ProgressReport.CONTENT_FIELDS}
    try:
        with transaction.atomic():
            report = ProgressReport.submit(
                task, form.cleaned_data["unit"], round, request.user, content, form.cleaned_data["based_on"]
            )
            for upload in form.cleaned_data["attachments"]:
                ReportAttachment.store(upload, request.user, report=report)
    except StaleEdit as stale:
        messages.error(request, _stale_message(stale, task))
        return _render_task_with_report_form(request, task, round, form)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect(task)
    messages.success(request, _("进展报告已报送，等待协调员审核。"))
    return redirect(task)


def _render_task_with_report_form(request, task, round, form):
    context = _task_context(request, task, round, form)
    return render(request, "tracking/task.html", context, status=409 if form.is_valid() else 400)


def _stale_message(stale: StaleEdit, task: Task) -> str:
    return format_html('{} <a href="{}#history">{}</a>', stale.message, task.get_absolute_url(), _("查看对方的修改"))


@login_required
@require_POST
def review_report(request, pk: int):
    _coordinator_only(request)
    report = get_object_or_404(ProgressReport.objects.select_related("task", "unit", "round"), pk=pk)
    if not permissions.may_decide(request.user, report):
        raise PermissionDenied(report.self_decision_message())
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("审核信息不完整：%(errors)s") % {"errors": form.errors.as_text()})
        return redirect(report)
    try:
        report.decide(form.cleaned_data["decision"], request.user, form.cleaned_data["comment"], form.cleaned_data["based_on"])
    except StaleEdit as stale:
        messages.error(request, _stale_message(stale, report.task))
        return redirect(report)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect(report)
    tell_unit_about_review(report, site_url(request))
    if report.review == ProgressReport.Review.ACCEPTED:
        messages.success(request, _("已采纳 %(unit)s 的报告。") % {"unit": report.unit})
    else:
        messages.success(request, _("已退回 %(unit)s 的报告，并通知该单位修改。") % {"unit": report.unit})
    return redirect(_same_site(request, request.POST.get("next")) or report.get_absolute_url())


def _same_site(request, target: str | None) -> str | None:
    """A `next` that stays on this site (as sign-in allows), or None: a crafted form must not send a coordinator away."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@login_required
def task_edit(request, pk: int):
    task = _task_or_404(request, pk)
    if not permissions.can_edit_task(request.user, task):
        raise PermissionDenied(_("只有协调员和牵头单位可以修改任务。"))
    if request.method == "POST":
        form = TaskForm(request.POST, instance=task)
        milestones = MilestoneFormSet(request.POST, instance=task)
        if form.is_valid() and milestones.is_valid():
            try:
                with transaction.atomic():
                    task.save_if_current(form.cleaned_data["based_on"], ["title", "deliverable", "priority", "due_on"])
                    milestones.save()
            except StaleEdit as stale:
                messages.error(request, _stale_message(stale, task))
                return render(
                    request, "tracking/task_edit.html", {"task": task, "form": form, "milestones": milestones}, status=409
                )
            messages.success(request, _("任务已保存。"))
            return redirect(task)
        return render(request, "tracking/task_edit.html", {"task": task, "form": form, "milestones": milestones}, status=400)
    form = TaskForm(instance=task, initial={"based_on": task.version})
    return render(request, "tracking/task_edit.html", {"task": task, "form": form, "milestones": MilestoneFormSet(instance=task)})


@login_required
def generate(request, pk: int):
    _coordinator_only(request)
    document = get_object_or_404(Document, pk=pk)
    form = GenerateForm(request.POST or request.GET or None)
    expand = bool(form.is_valid() and form.cleaned_data["expand_generic"])
    proposals = ledger.propose_tasks(document, expand)
    if request.method == "POST" and form.is_valid():
        created = ledger.create_tasks(proposals)
        messages.success(request, _("已生成 %(count)s 项任务。") % {"count": len(created)})
        return redirect(f"{reverse('tracking:board')}?document={document.pk}")
    if not form.is_bound:
        form = GenerateForm()
    return render(request, "tracking/generate.html", {"document": document, "form": form, "proposals": proposals})


@login_required
def rounds(request):
    coordinator = is_coordinator(request.user)
    form = RoundForm(request.POST or None) if coordinator else None
    if request.method == "POST":
        _coordinator_only(request)
        assert form is not None
        if DispatchRound.objects.open().exists():
            messages.error(request, _("已有进行中的调度轮次，请先结束它再开启新一轮。"))
        elif form.is_valid():
            round = form.save(commit=False)
            round.opened_by = request.user
            try:
                with transaction.atomic():
                    round.save()
            except IntegrityError:
                # A double click: the other request opened a round a moment ago; show that one.
                already = DispatchRound.objects.open().first()
                messages.info(request, _("调度轮次已经开启。"))
                return redirect(already or "tracking:rounds")
            messages.success(request, _("已开启调度轮次“%(title)s”。") % {"title": round.title})
            return redirect(round)
    all_rounds = stats.round_summaries()
    return render(request, "tracking/rounds.html", {"form": form, "rounds": all_rounds, "is_coordinator": coordinator})


@login_required
def round_detail(request, pk: int):
    round = get_object_or_404(DispatchRound, pk=pk)
    coordinator = is_coordinator(request.user)
    mine = None if coordinator else unit_ids(request.user)
    if mine is not None and not mine:
        raise Http404
    context = {
        "round": round,
        "units": stats.round_unit_status(round, only_units=mine),
        "reports": stats.round_reports(round, only_units=mine),
        "is_coordinator": coordinator,
        "review_form": ReviewForm() if coordinator else None,
    }
    return render(request, "tracking/round.html", context)


@login_required
@require_POST
def round_remind(request, pk: int):
    _coordinator_only(request)
    round = get_object_or_404(DispatchRound, pk=pk)
    if not round.is_open:
        messages.error(request, _("调度轮次已结束，不再催报。"))
        return redirect(round)
    job = start_job(
        "tracking.round_remind", request.user, round_id=round.pk, base_url=site_url(request),
        now_key=timezone.now().isoformat(), sender=request.user.pk,
    )  # fmt: skip
    if job.status != Job.Status.DONE:
        return redirect(job)  # mailing on a worker (or failed): its page follows it
    getattr(messages, job.result["level"])(request, job.result["summary"])
    return redirect(round)


@login_required
@require_POST
def round_close(request, pk: int):
    _coordinator_only(request)
    with transaction.atomic():
        round = get_object_or_404(DispatchRound.objects.select_for_update(), pk=pk)
        if round.is_open:
            round.closed_at = timezone.now()
            round.save(update_fields=["closed_at"])
            messages.success(request, _("调度轮次“%(title)s”已结束。") % {"title": round.title})
    return redirect(round)


@login_required
@require_POST  # it starts a job (and keeps a file with workers): not something a prefetched link should do
def round_docx(request, pk: int):
    _coordinator_only(request)
    round = get_object_or_404(DispatchRound, pk=pk)
    return download_or_follow(start_job("tracking.round_report", request.user, round_id=round.pk))


@login_required
@require_POST  # it starts a job: the board's filter travels in the query string of the form's action
def export_xlsx(request):
    """The 台账 of the board's current filter, made by a job: in-process it downloads at once; with workers
    the job's page shows the progress and then the download."""
    if not permissions.can_export(request.user):
        raise PermissionDenied(_("您没有可导出的任务。"))
    query = request.GET.copy()
    query.pop("page", None)
    job = start_job(
        "tracking.export", request.user, query=query.urlencode(), base_url=site_url(request), exporter=request.user.pk
    )
    return download_or_follow(job)


@login_required
def import_xlsx(request):
    _coordinator_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_ledger(form.cleaned_data["file"].read(), request.user)
        except LedgerImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("导入完成：新增 %(created)s 项，更新 %(updated)s 项，未变 %(unchanged)s 项。")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("tracking:board")
    status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "tracking/import.html", {"form": form, "errors": errors}, status=status)


@login_required
def dashboard(request):
    tasks = permissions.visible_tasks(request.user)
    today = timezone.localdate()
    context = {
        "by_measure": stats.completion_by_measure(tasks, today)[:30],
        "by_unit": stats.completion_by_unit(tasks, today),
        "counts": stats.status_counts(ledger.annotate_flags(tasks, today)),
        "trend": stats.trend_chart(tasks),
    }
    return render(request, "tracking/dashboard.html", context)


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(ReportAttachment.objects.select_related("report__task"), pk=pk)
    task = item.report.task
    if not permissions.visible_reports(request.user, task).filter(pk=item.report_id).exists():
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
