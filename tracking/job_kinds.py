"""The tracking work that runs as background jobs (jobs.runner)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs.runner import Progress, file_result, kind
from office.filetypes import DOCX, XLSX
from tracking import ledger, permissions
from tracking.exports import dispatch_report, ledger_workbook
from tracking.forms import board_filter
from tracking.models import DispatchRound
from tracking.notify import pending_units, send_round_reminders


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


@kind("tracking.round_report", _("生成调度报告"))
def round_report(progress: Progress, round_id: int) -> dict:
    """The dispatch round's report (.docx): every task's progress as its units reported it."""
    round = DispatchRound.objects.get(pk=round_id)
    progress.expect(1)
    content = dispatch_report(round)
    progress.step(round.title)
    return {"file": file_result(content, f"{round.title}-调度报告.docx", DOCX), "summary": gettext("调度报告已生成。")}


@kind("tracking.round_remind", _("催报"))
def round_remind(progress: Progress, round_id: int, base_url: str, now_key: str, sender: int) -> dict:
    """A reminder mail to every unit still owing its report in the round; `level` is the page message's kind."""
    round = DispatchRound.objects.get(pk=round_id)
    if not round.is_open:  # closed while the job waited for a worker
        return {"summary": gettext("调度轮次已结束，不再催报。"), "level": "error", "sent": 0, "next": round.get_absolute_url()}
    sent = send_round_reminders(round, get_user_model().objects.get(pk=sender), base_url, now_key, progress)
    if sent:
        summary, level = gettext("已向 %(count)s 个单位发送催报提醒。") % {"count": len(sent)}, "success"
    elif pending_units(round):
        summary, level = gettext("未报送的单位还没有平台账号，无法发送提醒。"), "warning"
    else:
        summary, level = gettext("所有单位均已报送，无需催报。"), "info"
    return {"summary": summary, "level": level, "sent": len(sent), "next": round.get_absolute_url()}
