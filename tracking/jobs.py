"""The tracking work that runs as background jobs (jobs.runner)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs.runner import Progress, file_result, kind
from tracking import ledger, permissions
from tracking.exports import ledger_workbook
from tracking.forms import board_filter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@kind("tracking.export", _("导出督办台账"))
def export_ledger(progress: Progress, query: str, base_url: str, exporter: int) -> dict:
    """The 台账 (.xlsx) of the tasks the exporter sees under the board's filter, a row per task."""
    user = get_user_model().objects.get(pk=exporter)
    _form, flt = board_filter(QueryDict(query))
    tasks = list(ledger.with_board_relations(ledger.filter_board(permissions.visible_tasks(user), flt, timezone.localdate())))
    progress.expect(len(tasks))
    content = ledger_workbook(tasks, base_url, progress)
    filename = f"督办台账-{timezone.localdate():%Y%m%d}.xlsx"
    summary = gettext("已导出 %(count)d 项任务。") % {"count": len(tasks)}
    return {"file": file_result(content, filename, XLSX), "summary": summary, "tasks": len(tasks)}
