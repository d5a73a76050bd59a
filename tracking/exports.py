"""The ledger as an Excel workbook (督办台账) to hand out and read back, and a dispatch round's Word report (调度报告).

The workbook is the coordinators' working copy: they edit it in Excel and
import it again, so the export carries links that let the import recognise
each row's measure and task, and the import is all-or-nothing.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import docx
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from corpus.models import Document, Measure
from directory.models import Unit, UnitAlias
from directory.names import normalize_name
from office.archives import LEDGER_WORKBOOK, PackageRefused
from office.sheets import WorkbookUnreadable, open_workbook, set_value, workbook_bytes, xml_safe
from tracking.ledger import annotate_flags, with_board_relations
from tracking.models import DispatchRound, ProgressReport, ProgressStatus, Task, TaskUnit, progress_problem
from tracking.stats import UnitRoundStatus, round_unit_status
from workdays.calendar import overdue_cutoff
from workflow.actors import record_actor

if TYPE_CHECKING:
    from jobs.runner import Progress

# The workbook's layout is a file format shared with the import: never translated.
SHEET_TITLE = "督办台账"
HEADERS = ("序号", "措施", "任务", "牵头单位", "配合单位", "完成时限", "进展情况", "状态", "最近更新")
COLUMN_WIDTHS = (6, 44, 50, 22, 34, 12, 50, 9, 17)
WRAPPED = frozenset({"措施", "任务", "进展情况"})
COMPUTED = frozenset({"序号", "最近更新"})  # Written by the export, ignored by the import.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
LOCAL_TIME = ZoneInfo("Asia/Shanghai")  # The ledger is Beijing's, whoever downloads it.
CHANGE_REASON = "台账导入"

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="F2F6FC")
LINK_FONT = Font(color="0563C1", underline="single")


# ---------------------------------------------------------------- export


def ledger_workbook(tasks: Iterable[Task], base_url: str, progress: Progress | None = None) -> bytes:
    """The 台账 as .xlsx bytes: one row per task, in the order given; `progress` hears of each row.

    Tasks must come from `ledger.with_board_relations` (no per-row queries here).
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # A new workbook always has one sheet.
    sheet.title = SHEET_TITLE
    _write_header(sheet)
    base = base_url.rstrip("/")
    row = 1
    with translation.override("zh-hans"):
        previous_measure, shaded = None, True
        for row, task in enumerate(tasks, start=2):
            if task.measure_id != previous_measure:
                # Rows of one measure share a fill, so a measure's tasks read as one block.
                previous_measure, shaded = task.measure_id, not shaded
            _write_task(sheet, row, task, base, GROUP_FILL if shaded else None)
            if progress is not None:
                progress.step(task.title[:60])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{row}"
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return workbook_bytes(book)


def _write_header(sheet: Worksheet) -> None:
    for column, heading in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _write_task(sheet: Worksheet, row: int, task: Task, base: str, fill: PatternFill | None) -> None:
    lead = task.lead()
    updated = task.progress_updated_at
    values: dict[str, Any] = {
        "序号": row - 1,
        "措施": measure_label(task.measure),
        "任务": task.title,
        "牵头单位": lead.unit.name if lead else "",
        "配合单位": "、".join(a.unit.name for a in task.co_units()),
        "完成时限": task.due_on,
        "进展情况": task.progress_note,
        "状态": str(task.get_status_display()),
        "最近更新": timezone.localtime(updated, LOCAL_TIME).replace(tzinfo=None) if updated else None,
    }
    links = {"措施": base + task.measure.get_absolute_url(), "任务": base + task.get_absolute_url()}
    for column, heading in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=row, column=column)
        set_value(cell, values[heading])
        if heading in links:
            cell.hyperlink = links[heading]
        cell.style = _cell_style(sheet.parent, heading, fill is not None)


def _cell_style(book: Workbook, heading: str, shaded: bool) -> str:
    """A named style per column kind and band, registered once: setting fonts, fills and
    alignments cell by cell made styling most of the export's time (3,750 rows)."""
    name = f"ledger-{HEADERS.index(heading)}-{int(shaded)}"
    if name not in book.named_styles:
        style = NamedStyle(name=name, alignment=Alignment(vertical="top", wrap_text=heading in WRAPPED))
        if heading in ("措施", "任务"):
            style.font = copy(LINK_FONT)
        if shaded:
            style.fill = copy(GROUP_FILL)
        style.number_format = {"完成时限": DATE_FORMAT, "最近更新": DATETIME_FORMAT}.get(heading, "General")
        book.add_named_style(style)
    return name


def section_label(number: str) -> str:
    """一 → 一、; numbers already punctuated, such as （一）, stay as they are."""
    return number if number.endswith(("、", "）", ")", ".", "．")) else f"{number}、"


def measure_label(measure: Measure) -> str:
    """The 措施 cell: the document title, then "一、 2. title" (section prefix only when the measure has one)."""
    line = f"{measure.number}. {measure.title}"
    if measure.section is not None:
        line = f"{section_label(measure.section.number)} {line}"
    return f"{measure.document.title}\n{line}"


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class LedgerImportError(Exception):
    """The workbook cannot be imported; `errors` says why, row by row where it can."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class _Cell:
    value: Any
    link: str | None


@dataclass(frozen=True)
class _Named:
    unit: Unit
    written_as: str


@dataclass
class _Row:
    number: int  # The Excel row number, as the user sees it.
    measure: Measure
    title: str
    lead: _Named
    co: list[_Named]
    due_on: date | None
    status: str
    progress_note: str
    task_pk: int | None

    def plan(self) -> list[tuple[int, str]]:
        return [(self.lead.unit.pk, TaskUnit.Role.LEAD), *((n.unit.pk, TaskUnit.Role.CO) for n in self.co)]


def import_ledger(data: bytes, user: AbstractBaseUser | None) -> ImportResult:
    """Apply an edited 台账: linked tasks are updated, other rows become new tasks.

    Every row is checked before anything is written, and one bad row rejects
    the whole file, so a coordinator never has to work out which half went in.
    """
    limit = settings.TRACKING_MAX_ATTACHMENT_BYTES
    if len(data) > limit:
        raise LedgerImportError([_("文件超过 %(size)s MB 的上限，无法导入。") % {"size": _megabytes(limit)}])
    sheet = _open_sheet(data)
    lines = _read_rows(sheet)
    lookup = _Lookup(lines)
    rows: list[_Row] = []
    errors: list[str] = []
    for number, cells in lines:
        row, row_errors = _validate(number, cells, lookup)
        errors.extend(row_errors)
        if row is not None:
            rows.append(row)
    if errors:
        raise LedgerImportError(errors)
    return _write(rows, user)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _open_sheet(data: bytes) -> Worksheet:
    unreadable = _("无法读取文件：请上传由本平台导出的 Excel 台账（.xlsx 格式）。")
    if not data:
        raise LedgerImportError([unreadable])
    try:
        # Not read-only: hyperlinks and merged cells are only available on a fully loaded sheet.
        book = open_workbook(data, LEDGER_WORKBOOK)
    except PackageRefused as refused:
        raise LedgerImportError([str(refused) if refused.oversized else unreadable]) from None
    except WorkbookUnreadable:
        raise LedgerImportError([unreadable]) from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise LedgerImportError([unreadable])
    return sheet


def _read_rows(sheet: Worksheet) -> list[tuple[int, dict[str, _Cell]]]:
    """The data rows as {heading: cell}, blank rows left out, after checking the header."""
    header = [_text(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1), ())]
    while header and not header[-1]:
        header.pop()
    _check_header(header)
    merged = _merged_origins(sheet)
    rows = []
    for cells in sheet.iter_rows(min_row=2, max_col=len(header)):
        # Blank judged on the row's own cells: a merge reaching into empty rows, or a pre-filled 序号, is no task.
        if not any(_text(c.value) for heading, c in zip(header, cells, strict=False) if heading not in COMPUTED):
            continue
        values = {}
        for heading, cell in zip(header, cells, strict=False):
            origin = merged.get(cell.coordinate, cell)
            values[heading] = _Cell(origin.value, origin.hyperlink.target if origin.hyperlink else None)
        rows.append((cells[0].row, values))
    return rows


def _check_header(header: list[str]) -> None:
    missing = [h for h in HEADERS if h not in header]
    unknown = [h or _("（空白）") for h in header if h not in HEADERS]
    repeated = sorted({h for h in header if h in HEADERS and header.count(h) > 1})
    problems = []
    if missing:
        problems.append(_("缺少列：%(names)s") % {"names": "、".join(missing)})
    if unknown:
        problems.append(_("无法识别的列：%(names)s") % {"names": "、".join(unknown)})
    if repeated:
        problems.append(_("重复的列：%(names)s") % {"names": "、".join(repeated)})
    if problems:
        expected = " / ".join(HEADERS)
        raise LedgerImportError(
            [_("表头不正确（%(problems)s）。第1行应为：%(expected)s") % {"problems": "；".join(problems), "expected": expected}]
        )


def _merged_origins(sheet: Worksheet) -> dict[str, Cell]:
    """Cells covered by a merge → the merge's top-left cell, which alone holds the value (people merge 措施 cells)."""
    origins = {}
    for merged in sheet.merged_cells.ranges:
        origin = sheet.cell(row=merged.min_row, column=merged.min_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                origins[f"{get_column_letter(column)}{row}"] = origin
    return origins


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _fold(text: str) -> str:
    """Width-blind comparison: NFKC folds full-width digits, brackets and stops that Excel users type."""
    return unicodedata.normalize("NFKC", text).strip()


class _Lookup:
    """Documents, measures and units loaded once for the whole file (a fixed number of queries)."""

    def __init__(self, lines: list[tuple[int, dict[str, _Cell]]]):
        linked = {pk for _n, cells in lines if (pk := _linked_pk(cells["措施"].link, "corpus:measure"))}
        self.linked_measures = {m.pk: m for m in Measure.objects.filter(pk__in=linked)}
        self.documents = list(Document.objects.filter(is_latest=True))
        self.measures: dict[int, list[Measure]] = defaultdict(list)
        for measure in Measure.objects.filter(document__is_latest=True).select_related("section"):
            self.measures[measure.document_id].append(measure)
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        self.units_by_key: dict[str, list[Unit]] = defaultdict(list)
        for unit in Unit.objects.all():
            self.units_by_name[unit.name].append(unit)
            self.units_by_key[normalize_name(unit.name)].append(unit)
        self.aliases = {a.key: a.unit for a in UnitAlias.objects.select_related("unit")}

    def unit(self, name: str) -> Unit:
        """Official name first, then the directory's aliases (width- and quote-blind)."""
        exact = self.units_by_name.get(name, [])
        if len(exact) == 1:
            return exact[0]
        key = normalize_name(name)
        if key in self.aliases:
            return self.aliases[key]
        folded = self.units_by_key.get(key, [])
        if len(folded) == 1:
            return folded[0]
        if exact or folded:
            raise ValueError(_("单位名称“%(name)s”对应多个单位，请改用更具体的名称") % {"name": name})
        raise ValueError(_("无法识别的单位“%(name)s”") % {"name": name})


# "一、 2. 标题", "（一） 2. 标题" or "2. 标题", after NFKC folding.
_MEASURE_LINE = re.compile(
    r"^(?:(?P<section>\(?[一二三四五六七八九十百零〇两]+\)?)\s*[、.]?\s*)?(?P<number>\d+)\s*[.、]\s*(?P<title>.*)$"
)
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
)


def _validate(number: int, cells: dict[str, _Cell], lookup: _Lookup) -> tuple[_Row | None, list[str]]:
    """The row's values resolved against the database, or its errors (all of them, not only the first)."""
    errors: list[str] = []

    def check(column: str, parse: Callable[..., Any], *args: Any) -> Any:
        try:
            return parse(*args)
        except ValueError as error:
            errors.append(_row_error(number, column, str(error)))
        return None

    measure = check("措施", _measure, cells["措施"], lookup)
    title = check("任务", _title, cells["任务"])
    lead = check("牵头单位", _lead, cells["牵头单位"], lookup)
    co = check("配合单位", _co_units, cells["配合单位"], lookup)
    due_on = check("完成时限", _due_on, cells["完成时限"])
    status = check("状态", _status, cells["状态"])
    if errors:
        return None, errors
    co = [n for n in co if n.unit.pk != lead.unit.pk]
    task_pk = _linked_pk(cells["任务"].link, "tracking:task")
    note = _text(cells["进展情况"].value)
    return _Row(number, measure, title, lead, co, due_on, status, note, task_pk), []


def _row_error(number: int, column: str, message: str) -> str:
    return _("第%(row)d行 %(column)s：%(message)s") % {"row": number, "column": column, "message": message}


def _linked_pk(link: str | None, view_name: str) -> int | None:
    """The pk in a link the export wrote (any host: the file may have been exported from another address)."""
    if not link:
        return None
    path = urlsplit(link).path
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    pk = match.kwargs.get("pk")
    return int(pk) if match.view_name == view_name and pk is not None else None


def _measure(cell: _Cell, lookup: _Lookup) -> Measure:
    pk = _linked_pk(cell.link, "corpus:measure")
    if pk is not None and pk in lookup.linked_measures:
        return lookup.linked_measures[pk]
    # No usable link (typed by hand, or a link into another installation): read the text.
    lines = [line.strip() for line in _text(cell.value).splitlines() if line.strip()]
    if len(lines) != 2:
        raise ValueError(_("应为两行：第一行文件标题，第二行“序号. 措施标题”（如“一、 2. 深化重点领域开放”）"))
    document = _document(lines[0], lookup)
    match = _MEASURE_LINE.match(_fold(lines[1]))
    if match is None:
        raise ValueError(_("第二行应为“序号. 措施标题”，如“一、 2. 深化重点领域开放”，实为“%(text)s”") % {"text": lines[1]})
    return _document_measure(document, match, lines[1], lookup)


def _document(title: str, lookup: _Lookup) -> Document:
    folded = _fold(title)
    found = [d for d in lookup.documents if _fold(d.title) == folded]
    if not found:
        found = [d for d in lookup.documents if _fold(d.base_title) == folded]
    if len(found) != 1:
        message = _("文件“%(title)s”对应多个文件") if found else _("找不到文件“%(title)s”")
        raise ValueError(message % {"title": title})
    return found[0]


def _section_key(number: str) -> str:
    return _fold(number).rstrip("、.").strip()


def _document_measure(document: Document, match: re.Match[str], written: str, lookup: _Lookup) -> Measure:
    number = int(match["number"])
    found = [m for m in lookup.measures[document.pk] if m.number == number]
    # Numbering may restart in each section: the section number, then the title, tells them apart.
    if match["section"]:
        key = _section_key(match["section"])
        found = [m for m in found if m.section is not None and _section_key(m.section.number) == key]
    if len(found) > 1 and match["title"]:
        titled = [m for m in found if _fold(m.title) == _fold(match["title"])]
        found = titled or found
    if len(found) != 1:
        message = _("措施“%(measure)s”在文件中对应多条措施，请写明章节序号") if found else _("文件中找不到措施“%(measure)s”")
        raise ValueError(message % {"measure": written})
    return found[0]


def _title(cell: _Cell) -> str:
    title = _text(cell.value)
    if not title:
        raise ValueError(_("任务不能为空"))
    return title


def _names(cell: _Cell) -> list[str]:
    return [name for name in _UNIT_SEPARATORS.split(_text(cell.value)) if name]


def _lead(cell: _Cell, lookup: _Lookup) -> _Named:
    names = _names(cell)
    if not names:
        raise ValueError(_("牵头单位不能为空"))
    if len(names) > 1:
        raise ValueError(_("只能填写一个牵头单位，其余单位请填入配合单位（实为“%(text)s”）") % {"text": _text(cell.value)})
    return _Named(lookup.unit(names[0]), names[0])


def _co_units(cell: _Cell, lookup: _Lookup) -> list[_Named]:
    named: list[_Named] = []
    errors = []
    for name in _names(cell):
        try:
            unit = lookup.unit(name)
        except ValueError as error:
            errors.append(str(error))
            continue
        if all(n.unit.pk != unit.pk for n in named):
            named.append(_Named(unit, name))
    if errors:
        raise ValueError("；".join(errors))
    return named


def _due_on(cell: _Cell) -> date | None:
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _fold(_text(value))
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
    raise ValueError(_("无法识别的日期“%(text)s”，请写作 2025-06-30 或 2025年6月30日") % {"text": _text(value)})


def _status_labels() -> dict[str, str]:
    # The file is Chinese whatever the interface language.
    with translation.override("zh-hans"):
        return {str(label): value for value, label in ProgressStatus.choices}


def _status(cell: _Cell) -> str:
    text = _text(cell.value)
    if not text:
        return ProgressStatus.NOT_STARTED
    labels = _status_labels()
    if text not in labels:
        raise ValueError(_("无法识别的状态“%(text)s”，应为以下之一：%(labels)s") % {"text": text, "labels": "、".join(labels)})
    return labels[text]


def _write(rows: Sequence[_Row], user: AbstractBaseUser | None) -> ImportResult:
    result = ImportResult()
    with transaction.atomic():
        # Locked so an edit saved between our check and our write cannot be silently overwritten.
        linked_pks = {r.task_pk for r in rows if r.task_pk is not None}
        linked = {
            t.pk: t
            for t in Task.objects.select_for_update().filter(pk__in=linked_pks).order_by("pk").prefetch_related("assignments")
        }
        claimed: set[int] = set()
        for row in rows:
            task = linked.get(row.task_pk) if row.task_pk is not None and row.task_pk not in claimed else None
            # A link to another measure's task (or a row copied with its link) is a new task, not a move.
            if task is None or task.measure_id != row.measure.pk:
                _create(row, user)
                result.created += 1
                continue
            claimed.add(task.pk)
            if _update(task, row, user):
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def _attribute(obj: models.Model, user: AbstractBaseUser | None) -> None:
    """Credit the history row to the importing coordinator (there may be no request to take the user from)."""
    if user is not None:
        record_actor(obj, user)
    obj._change_reason = CHANGE_REASON  # type: ignore[attr-defined]


def _create(row: _Row, user: AbstractBaseUser | None) -> None:
    task = Task(measure=row.measure, title=row.title, due_on=row.due_on, status=row.status, progress_note=row.progress_note)
    if row.progress_note or row.status != ProgressStatus.NOT_STARTED:
        task.progress_updated_at = timezone.now()
    _align_percent(task)
    _attribute(task, user)
    task.save()
    _add_units(task, row, {}, user)


def _update(task: Task, row: _Row, user: AbstractBaseUser | None) -> bool:
    """Save only what differs; an unchanged row writes nothing, not even a history row."""
    assignments = sorted(task.assignments.all(), key=lambda a: a.order)
    units_changed = [(a.unit_id, a.role) for a in assignments] != row.plan()
    wanted = {"due_on": row.due_on, "status": row.status}
    changed = [name for name, value in wanted.items() if getattr(task, name) != value]
    for name in changed:
        setattr(task, name, wanted[name])
    # Texts compared trimmed: the cell reader drops surrounding whitespace the platform may have kept.
    for name, text in (("title", row.title), ("progress_note", row.progress_note)):
        if getattr(task, name).strip() != text:
            setattr(task, name, text)
            changed.append(name)
    if not changed and not units_changed:
        return False
    if {"status", "progress_note"} & set(changed):
        task.progress_updated_at = timezone.now()
        changed.append("progress_updated_at")
    if "status" in changed and _align_percent(task):
        changed.append("percent")
    # A new version even when only the units changed, so edit forms opened before the import go stale.
    task.version += 1
    _attribute(task, user)
    task.save(update_fields=[*changed, "version", "updated_at"])
    if units_changed:
        written = {a.unit_id: a.written_as for a in assignments}
        for assignment in assignments:
            _attribute(assignment, user)
            assignment.delete()
        _add_units(task, row, written, user)
    return True


def _align_percent(task: Task) -> bool:
    """The sheet has no percent column: keep the percent consistent with an imported status, as the forms require."""
    if progress_problem(task.status, task.percent) is None:
        return False
    task.percent = 100 if task.status == ProgressStatus.COMPLETED else 0
    return True


def _add_units(task: Task, row: _Row, written: dict[int, str], user: AbstractBaseUser | None) -> None:
    named = [row.lead, *row.co]
    for order, ((unit_pk, role), name) in enumerate(zip(row.plan(), named, strict=True)):
        written_as = name.written_as
        # The export writes official names: keep the document's own wording for a unit that stays on the task.
        if written.get(unit_pk) and written_as == name.unit.name:
            written_as = written[unit_pk]
        assignment = TaskUnit(task=task, unit=name.unit, role=role, order=order, written_as=written_as)
        _attribute(assignment, user)
        assignment.save()


# ---------------------------------------------------------------- dispatch report


@dataclass
class _Overview:
    by_status: dict[str, int] = field(default_factory=dict)
    by_review: dict[str, int] = field(default_factory=dict)
    overdue: int = 0


def dispatch_report(round: DispatchRound) -> bytes:
    """The 调度报告 for a round as .docx bytes, in Chinese whatever the interface language."""
    today = timezone.localdate()
    with translation.override("zh-hans"):
        document = docx.Document()
        _official_styles(document)
        document.add_heading(xml_safe(f"{round.title} 调度报告"), level=0)
        dates = document.add_paragraph(f"报送截止日期：{_cn_date(round.due_on)}　　生成日期：{_cn_date(today)}")
        dates.alignment = WD_ALIGN_PARAGRAPH.CENTER
        overdue = list(with_board_relations(annotate_flags(Task.objects.all(), today).filter(Q(overdue=True))))
        _overview_section(document, _overview(round, len(overdue)))
        _units_section(document, round_unit_status(round))
        _overdue_section(document, overdue, today)
        _difficulties_section(document, round)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _official_styles(document: Any) -> None:
    """Black text in the usual Chinese official-document faces instead of the template's blue Calibri."""
    for style_name, face, size in (("Normal", "仿宋", 12), ("Title", "宋体", 20), ("Heading 1", "黑体", 14)):
        style = document.styles[style_name]
        style.font.name = face
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        # Theme font attributes win over named faces in Word; without removing them the East Asian face is ignored.
        for attribute in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        fonts.set(qn("w:eastAsia"), face)


def _table(document: Any, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(str(value))


def _overview(round: DispatchRound, overdue: int) -> _Overview:
    by_status = dict(Task.objects.order_by().values_list("status").annotate(n=Count("pk")))
    by_review = dict(ProgressReport.objects.filter(round=round).order_by().values_list("review").annotate(n=Count("pk")))
    return _Overview(by_status=by_status, by_review=by_review, overdue=overdue)


def _overview_section(document: Any, overview: _Overview) -> None:
    document.add_heading("一、总体情况", level=1)
    rows: list[tuple[str, int]] = [("任务总数", sum(overview.by_status.values()))]
    rows += [(str(label), overview.by_status.get(value, 0)) for value, label in ProgressStatus.choices]
    rows.append(("逾期任务", overview.overdue))
    rows.append(("本轮已报送报告", sum(overview.by_review.values())))
    rows += [(f"其中：{label}", overview.by_review.get(value, 0)) for value, label in ProgressReport.Review.choices]
    _table(document, ("项目", "数量"), rows)


def _units_section(document: Any, lines: list[UnitRoundStatus]) -> None:
    document.add_heading("二、各单位报送情况", level=1)
    if not lines:
        document.add_paragraph("暂无单位承担任务。")
        return
    header = ("单位", "任务数", "已报送", "已采纳", "已退回", "未报送")
    _table(document, header, [(u.unit.name, u.tasks, u.reported, u.accepted, u.returned, u.missing) for u in lines])


def _overdue_section(document: Any, tasks: list[Task], today: date) -> None:
    document.add_heading("三、逾期任务", level=1)
    if not tasks:
        document.add_paragraph("无逾期任务。")
        return
    rows = []
    for task in tasks:
        lead = task.lead()
        rows.append((measure_label(task.measure), task.title, lead.unit.name if lead else "", _overdue_what(task, today)))
    _table(document, ("措施", "任务", "牵头单位", "完成时限／逾期节点"), rows)


def _overdue_what(task: Task, today: date) -> str:
    parts = []
    # The same rule as the overdue flag: a deadline on a holiday runs to the next working day.
    if task.due_on and task.due_on <= overdue_cutoff(today)[0]:
        parts.append(f"完成时限 {_cn_date(task.due_on)}")
    parts += [f"节点“{m.title}” {_cn_date(m.due_on)}" for m in task.milestones.all() if m.is_overdue(today)]
    return "；".join(parts)


def _difficulties_section(document: Any, round: DispatchRound) -> None:
    document.add_heading("四、需协调解决的困难", level=1)
    reports = [
        r
        for r in ProgressReport.objects.filter(round=round)
        .exclude(difficulties="")
        .select_related("unit", "task")
        .order_by("unit__kind", "unit__code", "task_id")
        if r.difficulties.strip()
    ]
    if not reports:
        document.add_paragraph("本轮无单位提出需协调解决的困难。")
        return
    for index, report in enumerate(reports, start=1):
        title = report.task.title if len(report.task.title) <= 60 else report.task.title[:60] + "…"
        paragraph = document.add_paragraph()
        paragraph.add_run(xml_safe(f"{index}. {report.unit.name}（{title}）：")).bold = True
        paragraph.add_run(xml_safe(report.difficulties.strip()))
