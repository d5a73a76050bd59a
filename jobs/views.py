"""Following background jobs: the ones you started, each with its progress bar and outcome."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jobs import staging
from jobs.models import Job
from jobs.runner import LABELS


def visible_jobs(user: User | AnonymousUser) -> QuerySet[Job]:
    """Your own jobs; holders of JOBS_SEE_ALL_PERMISSION (the coordinators) see everyone's."""
    jobs = Job.objects.select_related("started_by")
    sees_all = user.is_authenticated and user.has_perm(settings.JOBS_SEE_ALL_PERMISSION)
    return jobs if sees_all else jobs.filter(started_by_id=user.pk)


def _labelled(jobs: list[Job]) -> list[Job]:
    for job in jobs:
        job.label = LABELS.get(job.kind, job.kind)  # type: ignore[attr-defined]  # shown on the page only
    return jobs


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = _labelled(list(visible_jobs(request.user)[:100]))
    # Refreshes itself while one of the listed jobs is still going, like a job's own page.
    watching = any(not job.finished and not job.stale for job in jobs)
    return render(request, "jobs/list.html", {"jobs": jobs, "watching": watching})


@login_required
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished job made (an export), for whoever may follow the job."""
    job = visible_jobs(request.user).filter(pk=pk, status=Job.Status.DONE).first()
    file = job.result.get("file") if job else None
    if not file:
        raise Http404(_("没有找到该任务的文件，或您无权查看。"))
    try:
        handle = default_storage.open(file["name"], "rb")
    except FileNotFoundError:
        raise Http404(_("文件已清理，请重新导出。")) from None
    return FileResponse(handle, as_attachment=True, filename=file["filename"], content_type=file["content_type"])


def download_or_follow(job: Job) -> HttpResponse:
    """After starting a job that makes a file: the file itself when the job is already done (in-process),
    else the job's page, which offers the file once the worker has made it."""
    if job.status == Job.Status.DONE and job.result.get("file"):
        return hand_over_once(job)
    return redirect(job)


def hand_over_once(job: Job) -> HttpResponse:
    """In-process, an export is downloaded as the request that made it returns; its file is not kept."""
    file = job.result["file"]
    content = staging.read(file["name"])
    staging.discard(file["name"])
    Job.objects.filter(pk=job.pk).update(result={**job.result, "file": None})
    response = HttpResponse(content, content_type=file["content_type"])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file['filename'])}"
    return response


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("没有找到该任务，或您无权查看。"))
    return render(request, "jobs/job.html", {"job": _labelled([job])[0]})
