"""Project-wide pages: the audit trail for coordinators, and the health check for the load balancer."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.roles import is_coordinator
from investbj import audit

IMMEDIATE_TASKS = "django.tasks.backends.immediate.ImmediateBackend"

PAGE = 50


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who changed what, when, across the platform; filtered by person, kind of record and date; read-only."""
    if not is_coordinator(request.user):
        raise PermissionDenied(_("审计记录仅供协调员查看。"))
    username = request.GET.get("user", "").strip()[:150]
    model = request.GET.get("model", "")
    if model not in audit.tracked_models() and model != "admin":
        model = ""
    day = _day(request.GET.get("since", ""))
    since = timezone.make_aware(datetime.combine(day, time.min)) if day else None
    before = _moment(request.GET.get("before", ""))
    entries = audit.entries(username=username, model=model, since=since, before=before, limit=PAGE)
    kinds = [(label, str(m._meta.verbose_name)) for label, m in audit.tracked_models().items()]
    context = {
        "entries": entries,
        "kinds": [*kinds, ("admin", _("后台操作"))],
        "user_filter": username,
        "model": model,
        "since": day.isoformat() if day else "",
        "next_before": entries[-1].when.isoformat() if len(entries) == PAGE else "",
    }
    return render(request, "investbj/audit.html", context)


def _day(text: str) -> date | None:
    """A filter date, or None for one that is malformed, impossible (2024-02-30) or outside the trail's years."""
    try:
        day = parse_date(text.strip()[:10])
    except ValueError:
        return None
    return day if day and 1900 <= day.year <= 9000 else None


def _moment(text: str) -> datetime | None:
    """The paging cursor: an aware datetime, or None when it cannot be one."""
    try:
        moment = parse_datetime(text.strip()[:40])
    except ValueError:
        return None
    if moment is None or not 1900 <= moment.year <= 9000:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the reverse proxy or load balancer, answering 200 while the web process serves. In-process
    jobs (the default) it answers without touching the database or a session, so it also serves as the bare
    Django view the load benchmark compares pages with. With a worker queue it adds the queue's health, one
    query: jobs waiting longer than a worker would take to pick them up mean no worker is running."""
    if settings.TASKS["default"]["BACKEND"] == IMMEDIATE_TASKS:
        return HttpResponse("ok", content_type="text/plain")
    from jobs.models import Job, pickup_within

    waiting = Job.objects.filter(status=Job.Status.QUEUED).aggregate(count=Count("pk"), oldest=Min("created_at"))
    wait = (timezone.now() - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0
    state = "stalled" if wait > pickup_within().total_seconds() else "ok"
    line = f"queue: {state} ({waiting['count']} waiting, the oldest for {wait:.0f} s)"
    return HttpResponse(f"ok\n{line}\n", content_type="text/plain")
