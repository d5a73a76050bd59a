"""Following background jobs: the ones you started, each with its progress bar and outcome."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from directory.roles import is_coordinator
from jobs.models import Job
from jobs.runner import LABELS


def visible_jobs(user):
    """Your own jobs; coordinators see everyone's."""
    jobs = Job.objects.select_related("started_by")
    return jobs if is_coordinator(user) else jobs.filter(started_by=user)


def _labelled(jobs):
    for job in jobs:
        job.label = LABELS.get(job.kind, job.kind)
    return jobs


@login_required
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": _labelled(list(visible_jobs(request.user)[:100]))})


@login_required
def job_detail(request, pk: int):
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("没有找到该任务，或您无权查看。"))
    return render(request, "jobs/job.html", {"job": _labelled([job])[0]})
