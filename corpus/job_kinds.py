"""Policy documents uploaded by the coordinators, parsed and stored as a background job (jobs.runner): a long
PDF takes seconds to extract, and a batch of them longer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corpus.extract import IngestError
from corpus.ingest import IngestOutcome, ingest_bytes, lexicon_from_database
from jobs import staging
from jobs.runner import JobRefused, Progress, kind

ACTIONS = {
    "created": _("已导入"),
    "new-version": _("已作为新版本导入"),
    "unchanged": _("已存在，未改动"),
    "dry-run": _("预览（未保存）"),
}


@kind("corpus.ingest", _("导入政策文件"))
def ingest_documents(progress: Progress, files: list[dict], dry_run: bool, refused: list[str] | None = None) -> dict:
    """Each staged file parsed and (unless a dry run) stored on its own: one bad file does not stop the others.
    `refused` are the reasons the upload page already turned files away (too large). Refused as a whole only
    when no file could be read."""
    progress.expect(len(files))
    lexicon = lexicon_from_database()
    items, errors = [], list(refused or [])
    for staged in files:
        try:
            outcome = ingest_bytes(staging.read(staged["upload"]), staged["filename"], dry_run=dry_run, lexicon=lexicon)
        except IngestError as exc:
            errors.append(str(exc))
        else:
            items.append(_item(outcome))
        progress.step(staged["filename"])
    if not items:
        raise JobRefused(gettext("没有可以导入的文件。"), errors, reverse("corpus:upload"))
    return {"outcomes": items, "errors": errors, "next": reverse("corpus:home")}


def _item(outcome: IngestOutcome) -> dict:
    parsed = outcome.parsed
    counts = gettext("%(s)d 个章节，%(m)d 条措施") % {"s": len(parsed.sections), "m": len(parsed.measures)}
    text = f"{outcome.source_name}: {ACTIONS[outcome.action]} — 《{parsed.title}》 {counts}"
    return {"text": text, "url": outcome.document.get_absolute_url() if outcome.document else ""}
