from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from corpus import search
from corpus.citations import cited_documents, citing_measures
from corpus.extract import IngestError
from corpus.forms import MapUnitForm, SearchForm, UploadForm
from corpus.ingest import check_size, reresolve_members
from corpus.models import Document, Measure, UnitGroupMember
from directory.models import Unit, UnitAlias
from directory.names import normalize_name
from directory.roles import coordinator_required
from jobs import staging
from jobs.models import Job
from jobs.runner import start as start_job

PAGE_SIZE = 20


def home(request):
    documents = Document.objects.filter(is_latest=True).annotate(measure_count=Count("measures"))
    stats = {
        "documents": documents.count(),
        "measures": Measure.objects.filter(document__is_latest=True).count(),
        "units": Unit.objects.exclude(kind=Unit.Kind.GENERIC).filter(memberships__isnull=False).distinct().count(),
    }
    return render(request, "corpus/home.html", {"documents": documents, "stats": stats, "form": SearchForm()})


def document_detail(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("issuer_unit", "previous"), pk=pk)
    measures = document.measures.prefetch_related("unit_groups__members__unit")
    sections = []
    for section in document.sections.all():
        sections.append((section, [m for m in measures if m.section_id == section.pk]))
    loose = [m for m in measures if m.section_id is None]
    return render(
        request,
        "corpus/document.html",
        {
            "document": document,
            "sections": sections,
            "loose_measures": loose,
            "versions": document.versions(),
            "citing": citing_measures(document)[:50],
        },
    )


def measure_detail(request, pk: int):
    measure = get_object_or_404(
        Measure.objects.select_related("document", "section").prefetch_related("unit_groups__members__unit"), pk=pk
    )
    similar = measure.similarities.select_related("other__document").filter(other__document__is_latest=True)[:8]
    siblings = measure.document.measures.only("pk", "number")
    previous = siblings.filter(number__lt=measure.number).order_by("-number").first()
    following = siblings.filter(number__gt=measure.number).order_by("number").first()
    return render(
        request,
        "corpus/measure.html",
        {
            "measure": measure,
            "document": measure.document,
            "similar": similar,
            "previous": previous,
            "following": following,
            "citations": cited_documents(measure),
        },
    )


def unit_list(request):
    units = Unit.objects.annotate(
        measure_count=Count(
            "memberships__group__measure", filter=Q(memberships__group__measure__document__is_latest=True), distinct=True
        )
    ).order_by("-measure_count", "kind", "code")
    return render(request, "corpus/unit_list.html", {"units": units})


def unit_detail(request, code: str):
    unit = get_object_or_404(Unit.objects.prefetch_related("aliases"), code=code)
    measures = Measure.objects.owned_by(unit).filter(document__is_latest=True).select_related("document", "section")
    lead = [m for m in measures if m.is_lead]
    co = [m for m in measures if not m.is_lead]
    return render(request, "corpus/unit.html", {"unit": unit, "lead": lead, "co": co})


def search_view(request):
    form = SearchForm(request.GET or None)
    results = None
    page_obj = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        page = data["page"] or 1
        results = search.search(
            data["q"],
            document=data["document"].pk if data["document"] else None,
            unit=data["unit"].code if data["unit"] else None,
            section=data["section"] or None,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        page_obj = Paginator(range(results.total), PAGE_SIZE).get_page(page)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "corpus/search.html",
        {"form": form, "results": results, "page_obj": page_obj, "querystring": query_without_page.urlencode()},
    )


@coordinator_required
def upload(request):
    """Hand the documents to a job: in-process it is over at once and this page shows what was stored; with
    workers the job's page follows it."""
    items, errors = [], []
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        files = []
        for upload_file in form.cleaned_data["documents"]:
            try:
                check_size(upload_file.size or 0, upload_file.name or "upload")
            except IngestError as exc:
                errors.append(str(exc))
            else:
                files.append({"upload": staging.keep(upload_file.read()), "filename": upload_file.name or "upload"})
        if files:
            job = start_job("corpus.ingest", request.user, files=files, dry_run=form.cleaned_data["dry_run"], refused=errors)
            if not job.finished or (job.status == Job.Status.FAILED and not job.result.get("problems")):
                return redirect(job)  # still on a worker, or failed unexpectedly: its page says how it goes
            items = job.result.get("outcomes", [])
            errors = job.result.get("errors", []) or job.result.get("problems", [])
        status = 400 if errors and not items else 200
        return render(request, "corpus/upload.html", {"form": UploadForm(), "items": items, "errors": errors}, status=status)
    return render(request, "corpus/upload.html", {"form": form, "errors": errors}, status=400 if form.errors else 200)


@coordinator_required
def unresolved_units(request):
    if request.method == "POST":
        form = MapUnitForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                alias, _created = UnitAlias.objects.get_or_create(
                    key=normalize_name(form.cleaned_data["name"]),
                    defaults={
                        "alias": form.cleaned_data["name"],
                        "unit": form.cleaned_data["unit"],
                        "source": UnitAlias.Source.COORDINATOR,
                    },
                )
                count = reresolve_members(alias)
            messages.success(
                request,
                _("已将“%(name)s”映射到%(unit)s，更新 %(count)d 处。")
                % {"name": alias.alias, "unit": alias.unit.name, "count": count},
            )
            return redirect("corpus:unresolved")
        messages.error(request, _("请选择要映射的单位。"))
    names = (
        UnitGroupMember.objects.filter(unit__isnull=True, generic=False)
        .values("name")
        .annotate(mentions=Count("id"), measures=Count("group__measure", distinct=True))
        .order_by("-mentions", "name")
    )
    rows = [(row, MapUnitForm(initial={"name": row["name"]})) for row in names]
    return render(request, "corpus/unresolved.html", {"rows": rows})
