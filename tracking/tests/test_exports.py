"""The 台账 workbook (export, import, round trip) and the dispatch round's Word report."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from corpus.models import Document, Measure, Section
from directory.models import Unit, UnitAlias
from tracking import ledger
from tracking.exports import HEADERS, LedgerImportError, dispatch_report, import_ledger, ledger_workbook
from tracking.models import DispatchRound, Milestone, ProgressReport, ProgressStatus, Task, TaskUnit

pytestmark = pytest.mark.django_db

BASE = "https://ledger.example"
COL = {heading: index for index, heading in enumerate(HEADERS, start=1)}


# ---------------------------------------------------------------- helpers


def seed_document(base_title: str = "北京市深化服务业扩大开放促进外商投资实施方案") -> Document:
    return Document.objects.get(is_latest=True, base_title=base_title)


def make_tasks(document: Document) -> list[Task]:
    return ledger.create_tasks(ledger.propose_tasks(document, expand_generic=False))


def export() -> bytes:
    return ledger_workbook(ledger.with_board_relations(Task.objects.all()), BASE)


def sheet_of(data: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def edited(data: bytes, change: Callable[[Worksheet], None]) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert isinstance(sheet, Worksheet)
    change(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot() -> list[tuple]:
    rows = []
    for task in ledger.with_board_relations(Task.objects.all()):
        lead = task.lead()
        co = tuple(a.unit_id for a in task.co_units())
        rows.append(
            (task.measure_id, task.title, lead.unit_id if lead else None, co, task.due_on, task.status, task.progress_note)
        )
    return sorted(rows, key=repr)


def counts() -> tuple[int, int, int, int]:
    return Task.objects.count(), TaskUnit.objects.count(), Task.history.count(), TaskUnit.history.count()


def import_error(data: bytes, user) -> list[str]:
    with pytest.raises(LedgerImportError) as caught:
        import_ledger(data, user)
    return caught.value.errors


def vary(tasks: list[Task]) -> None:
    """Give the generated tasks the values a real ledger has: dates, statuses, notes."""
    statuses = list(ProgressStatus)
    for index, task in enumerate(tasks):
        task.due_on = date(2026, 1 + index % 12, 1 + index % 28) if index % 3 else None
        task.status = statuses[index % len(statuses)]
        task.progress_note = f"第{index}项进展：已完成调研。\n下一步：报送方案。" if index % 2 else ""
        task.save()


# ---------------------------------------------------------------- export


def test_workbook_layout(coordinator):
    tasks = make_tasks(seed_document())
    first = tasks[0]
    first.due_on = date(2026, 6, 30)
    first.status = ProgressStatus.DELAYED
    first.progress_note = "=SUM(A1:A2) 不是公式\x07"
    first.progress_updated_at = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # 00:30 next day in Beijing
    first.save()

    with translation.override("en"):  # The ledger is Chinese whatever the interface language.
        sheet = sheet_of(export())

    assert sheet.title == "督办台账"
    assert [c.value for c in sheet[1]] == [
        "序号",
        "措施",
        "任务",
        "牵头单位",
        "配合单位",
        "完成时限",
        "进展情况",
        "状态",
        "最近更新",
    ]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{len(tasks) + 1}"
    assert all(sheet.column_dimensions[letter].width > 5 for letter in "ABCDEFGHI")
    assert sheet.max_row == len(tasks) + 1
    assert [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)] == list(range(1, len(tasks) + 1))

    row = 2
    measure_cell = sheet.cell(row, COL["措施"])
    assert measure_cell.value == f"{first.measure.document.title}\n二、 1. {first.measure.title}"
    assert measure_cell.hyperlink.target == f"{BASE}/measures/{first.measure_id}/"
    assert measure_cell.alignment.wrap_text
    task_cell = sheet.cell(row, COL["任务"])
    assert task_cell.value == first.title
    assert task_cell.hyperlink.target == f"{BASE}/tracking/tasks/{first.pk}/"
    assert sheet.cell(row, COL["牵头单位"]).value == "北京市发展和改革委员会"
    assert sheet.cell(row, COL["配合单位"]).value == "北京市商务局、北京市经济和信息化局"
    due = sheet.cell(row, COL["完成时限"])
    assert due.value == datetime(2026, 6, 30) and due.number_format == "yyyy-mm-dd"
    note = sheet.cell(row, COL["进展情况"])
    assert note.value == "=SUM(A1:A2) 不是公式" and note.data_type == "s"
    assert sheet.cell(row, COL["状态"]).value == "滞后"
    updated = sheet.cell(row, COL["最近更新"])
    assert updated.value == datetime(2026, 3, 2, 0, 30) and updated.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(3, COL["完成时限"]).value is None
    assert sheet.cell(3, COL["状态"]).value == "未启动"


def test_rows_of_one_measure_share_a_fill():
    tasks = make_tasks(seed_document())
    sheet = sheet_of(export())
    fills = [sheet.cell(row, 1).fill.fgColor.rgb for row in range(2, sheet.max_row + 1)]
    for previous, current, task_before, task in zip(fills, fills[1:], tasks, tasks[1:], strict=False):
        if task.measure_id == task_before.measure_id:
            assert current == previous
        else:
            assert current != previous


def test_export_query_count_is_bounded(django_assert_max_num_queries):
    for document in Document.objects.filter(is_latest=True):
        make_tasks(document)
    assert Task.objects.count() > 20
    with django_assert_max_num_queries(5):
        data = export()
    assert sheet_of(data).max_row == Task.objects.count() + 1


# ---------------------------------------------------------------- import


def test_round_trip_recreates_the_same_tasks(coordinator):
    for document in Document.objects.filter(is_latest=True):
        vary(make_tasks(document))
    before = snapshot()
    data = export()
    Task.objects.all().delete()

    result = import_ledger(data, coordinator)

    assert (result.created, result.updated, result.unchanged) == (len(before), 0, 0)
    assert snapshot() == before
    task = Task.objects.exclude(progress_note="").first()
    assert task is not None and task.progress_updated_at is not None
    assert task.history.first().history_user == coordinator
    assert task.history.first().history_change_reason == "台账导入"


def test_reimporting_an_unchanged_export_changes_nothing(coordinator):
    vary(make_tasks(seed_document()))
    before, history = snapshot(), counts()
    versions = list(Task.objects.values_list("pk", "version", "updated_at"))

    result = import_ledger(export(), coordinator)

    assert (result.created, result.updated, result.unchanged) == (0, 0, len(before))
    assert counts() == history
    assert list(Task.objects.values_list("pk", "version", "updated_at")) == versions


def test_edited_rows_update_their_tasks(coordinator):
    tasks = make_tasks(seed_document())
    first, second = tasks[0], tasks[1]
    original_written = {a.unit_id: a.written_as for a in first.assignments.all()}

    def change(sheet: Worksheet) -> None:
        sheet.cell(2, COL["进展情况"]).value = "已完成负面清单修订。"
        sheet.cell(2, COL["状态"]).value = "已完成"
        sheet.cell(2, COL["配合单位"]).value = "北京市经济和信息化局、市财政局"  # reordered, one dropped, one added
        sheet.cell(3, COL["任务"]).value = "新的任务表述"
        sheet.cell(3, COL["完成时限"]).value = "2026年9月30日"

    result = import_ledger(edited(export(), change), coordinator)

    assert (result.created, result.updated, result.unchanged) == (0, 2, len(tasks) - 2)
    first.refresh_from_db()
    assert (first.status, first.percent, first.progress_note) == (ProgressStatus.COMPLETED, 100, "已完成负面清单修订。")
    assert first.progress_updated_at is not None and first.version == 2
    units = [(a.unit.name, a.role, a.written_as) for a in first.assignments.order_by("order")]
    lead_unit = first.lead()
    assert lead_unit is not None
    assert units == [
        ("北京市发展和改革委员会", "lead", original_written[lead_unit.unit_id]),  # the document's wording is kept
        ("北京市经济和信息化局", "co", "市经济和信息化局"),
        ("北京市财政局", "co", "市财政局"),
    ]
    second.refresh_from_db()
    assert (second.title, second.due_on, second.progress_updated_at) == ("新的任务表述", date(2026, 9, 30), None)


def test_rows_without_links_are_read_from_their_text(coordinator):
    make_tasks(seed_document())
    document = seed_document()
    other = seed_document("北京市关于进一步加强稳外资工作的若干措施")
    alias = UnitAlias.objects.select_related("unit").get(alias="两区办")

    def add_rows(sheet: Worksheet) -> None:
        rows = [
            # Full-width digits and stops, the base title without the draft marker, an alias, the lead repeated as co-unit.
            (f"{document.base_title}\n二、 ３． 随便写的标题", "新任务甲", "两区办", "市商务局，两区办", "2026/7/1", "推进中"),
            (f"{other.title}\n5. 鼓励外资设立研发中心", "新任务乙", "北京市商务局", "", datetime(2026, 8, 1, 9, 0), ""),
        ]
        for offset, values in enumerate(rows):
            row = sheet.max_row + 1 + offset
            for heading, value in zip(("措施", "任务", "牵头单位", "配合单位", "完成时限", "状态"), values, strict=True):
                sheet.cell(row, COL[heading]).value = value

    result = import_ledger(edited(export(), add_rows), coordinator)

    assert result.created == 2
    first = Task.objects.get(title="新任务甲")
    assert (first.measure.document_id, first.measure.number) == (document.pk, 3)
    assert (first.due_on, first.status) == (date(2026, 7, 1), ProgressStatus.IN_PROGRESS)
    assert [(a.unit_id, a.role, a.written_as) for a in first.assignments.order_by("order")] == [
        (alias.unit_id, "lead", "两区办"),
        (Unit.objects.get(name="北京市商务局").pk, "co", "市商务局"),
    ]
    second = Task.objects.get(title="新任务乙")
    assert (second.measure.document_id, second.measure.number) == (other.pk, 5)
    assert (second.due_on, second.status, second.progress_updated_at) == (date(2026, 8, 1), ProgressStatus.NOT_STARTED, None)


def test_a_measure_number_shared_by_two_sections_is_told_apart(coordinator):
    document = seed_document()
    section = Section.objects.get(document=document, number="三", level=1)
    extra = Measure.objects.create(document=document, section=section, number=1, title="加强整体统筹", text="……")

    def rows(sheet: Worksheet, *measures: str) -> None:
        for offset, measure in enumerate(measures):
            sheet.cell(2 + offset, COL["措施"]).value = measure
            sheet.cell(2 + offset, COL["任务"]).value = f"任务{offset}"
            sheet.cell(2 + offset, COL["牵头单位"]).value = "北京市商务局"

    header_only = export()
    data = edited(header_only, lambda s: rows(s, f"{document.title}\n三、 1. 任意", f"{document.title}\n1. 加强整体统筹"))
    assert import_ledger(data, coordinator).created == 2
    assert set(Task.objects.values_list("measure_id", flat=True)) == {extra.pk}

    errors = import_error(edited(header_only, lambda s: rows(s, f"{document.title}\n1. 任意")), coordinator)
    assert errors == ["第2行 措施：措施“1. 任意”在文件中对应多条措施，请写明章节序号"]


@pytest.mark.parametrize(
    ("heading", "value", "message"),
    [
        ("牵头单位", "某某局", "第3行 牵头单位：无法识别的单位“某某局”"),
        ("牵头单位", "", "第3行 牵头单位：牵头单位不能为空"),
        ("牵头单位", "北京市商务局、北京市财政局", "第3行 牵头单位：只能填写一个牵头单位"),
        ("配合单位", "北京市商务局、某某局", "第3行 配合单位：无法识别的单位“某某局”"),
        ("完成时限", "下月底", "第3行 完成时限：无法识别的日期“下月底”"),
        ("完成时限", "2026-02-30", "第3行 完成时限：无法识别的日期“2026-02-30”"),
        ("状态", "差不多", "第3行 状态：无法识别的状态“差不多”，应为以下之一：未启动、推进中、已完成、滞后"),
        ("任务", "   ", "第3行 任务：任务不能为空"),
        ("措施", "不存在的文件\n1. 什么措施", "第3行 措施：找不到文件“不存在的文件”"),
        ("措施", "北京市关于进一步加强稳外资工作的若干措施\n99. 什么措施", "第3行 措施：文件中找不到措施“99. 什么措施”"),
        ("措施", "只有一行", "第3行 措施：应为两行"),
    ],
)
def test_one_wrong_row_rejects_the_whole_file(coordinator, heading, value, message):
    make_tasks(seed_document())
    before, history = snapshot(), counts()

    def change(sheet: Worksheet) -> None:
        sheet.cell(2, COL["进展情况"]).value = "这一行本身没有问题。"
        sheet.cell(3, COL[heading]).value = value
        sheet.cell(3, COL[heading]).hyperlink = None  # a typed-over measure must be read from its text
        sheet.cell(4, COL["任务"]).hyperlink = None  # would become a new task

    errors = import_error(edited(export(), change), coordinator)

    assert len(errors) == 1 and errors[0].startswith(message)
    assert snapshot() == before
    assert counts() == history


def test_every_wrong_row_is_listed():
    make_tasks(seed_document())

    def change(sheet: Worksheet) -> None:
        sheet.cell(2, COL["状态"]).value = "好"
        sheet.cell(2, COL["完成时限"]).value = "明年"
        sheet.cell(6, COL["牵头单位"]).value = "某某局"
        for cell in sheet[4]:  # a blank row is skipped, and later rows keep their Excel numbers
            cell.value, cell.hyperlink = None, None

    errors = import_error(edited(export(), change), None)

    assert [e.split("：")[0] for e in errors] == ["第2行 完成时限", "第2行 状态", "第6行 牵头单位"]


def test_blank_status_and_date_are_accepted(coordinator):
    [task, *_rest] = make_tasks(seed_document())
    task.status, task.due_on = ProgressStatus.IN_PROGRESS, date(2026, 1, 1)
    task.save()

    def change(sheet: Worksheet) -> None:
        sheet.cell(2, COL["状态"]).value = None
        sheet.cell(2, COL["完成时限"]).value = ""

    assert import_ledger(edited(export(), change), coordinator).updated == 1
    task.refresh_from_db()
    assert (task.status, task.due_on) == (ProgressStatus.NOT_STARTED, None)


def test_a_task_link_to_another_measure_creates_a_new_task(coordinator):
    tasks = make_tasks(seed_document())
    moved = next(t for t in tasks if t.measure_id != tasks[0].measure_id)

    def change(sheet: Worksheet) -> None:
        sheet.cell(2, COL["任务"]).hyperlink = f"{BASE}/tracking/tasks/{moved.pk}/"

    result = import_ledger(edited(export(), change), coordinator)

    assert (result.created, result.updated) == (1, 0)
    assert Task.objects.count() == len(tasks) + 1


def test_a_row_copied_with_its_link_becomes_a_new_task(coordinator):
    tasks = make_tasks(seed_document())

    def copy_first_row(sheet: Worksheet) -> None:
        row = sheet.max_row + 1
        for column in range(1, len(HEADERS) + 1):
            source = sheet.cell(2, column)
            sheet.cell(row, column).value = source.value
            if source.hyperlink:
                sheet.cell(row, column).hyperlink = source.hyperlink.target
        sheet.cell(row, COL["任务"]).value = "复制出来的新任务"

    result = import_ledger(edited(export(), copy_first_row), coordinator)

    assert (result.created, result.updated, result.unchanged) == (1, 0, len(tasks))
    assert Task.objects.get(title="复制出来的新任务").measure_id == tasks[0].measure_id


def test_merged_measure_cells_apply_to_every_merged_row(coordinator):
    tasks = make_tasks(seed_document())
    rows = [row for row, task in enumerate(tasks, start=2) if task.measure_id == tasks[4].measure_id]
    assert len(rows) > 1

    def merge(sheet: Worksheet) -> None:
        sheet.merge_cells(start_row=rows[0], end_row=rows[-1], start_column=COL["措施"], end_column=COL["措施"])

    result = import_ledger(edited(export(), merge), coordinator)

    assert (result.created, result.updated, result.unchanged) == (0, 0, len(tasks))


@pytest.mark.parametrize("data", [b"", b"not a spreadsheet", b"PK\x03\x04broken", "zip"])
def test_unreadable_files_are_refused(coordinator, data):
    if data == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "not a workbook")
        data = buffer.getvalue()
    assert import_error(data, coordinator) == ["无法读取文件：请上传由本平台导出的 Excel 台账（.xlsx 格式）。"]


def test_oversized_files_are_refused(coordinator, settings):
    settings.TRACKING_MAX_ATTACHMENT_BYTES = 1024 * 1024
    errors = import_error(b"x" * (1024 * 1024 + 1), coordinator)
    assert errors == ["文件超过 1 MB 的上限，无法导入。"]


def test_wrong_headers_are_named(coordinator):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "措施", "任务", "牵头单位", "配合单位", "完成时限", "进展情况", "进度", "备注"])
    buffer = io.BytesIO()
    book.save(buffer)

    [error] = import_error(buffer.getvalue(), coordinator)

    assert "缺少列：状态、最近更新" in error
    assert "无法识别的列：进度、备注" in error


def test_reordered_columns_are_read_by_heading(coordinator):
    make_tasks(seed_document())
    before = snapshot()
    data = export()
    Task.objects.all().delete()

    def swap(sheet: Worksheet) -> None:
        lead, co = COL["牵头单位"], COL["配合单位"]
        for row in range(1, sheet.max_row + 1):
            a, b = sheet.cell(row, lead), sheet.cell(row, co)
            a.value, b.value = b.value, a.value

    import_ledger(edited(data, swap), coordinator)
    assert snapshot() == before


# ---------------------------------------------------------------- dispatch report


def docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    report = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in report.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in report.tables]
    return paragraphs, tables


def test_dispatch_report(coordinator, django_user_model, django_assert_max_num_queries):
    tasks = make_tasks(seed_document())
    officer = django_user_model.objects.create_user("officer", password="pw-officer-1")
    round = DispatchRound.objects.create(title="2026年第一季度调度", due_on=date(2026, 3, 31), opened_by=coordinator)
    first = tasks[0]
    lead_unit = first.lead().unit  # type: ignore[union-attr]
    second = next(t for t in tasks[1:] if t.lead().unit == lead_unit)  # type: ignore[union-attr]
    late, milestoned, *_others = (t for t in tasks if t not in (first, second))
    content = {"status": ProgressStatus.IN_PROGRESS, "percent": 40, "narrative": "正在推进。"}
    accepted = ProgressReport.submit(first, lead_unit, round, officer, {**content, "difficulties": "需协调市级数据共享。"}, None)
    returned = ProgressReport.submit(second, lead_unit, round, officer, content, None)
    accepted.decide(ProgressReport.Review.ACCEPTED, coordinator, "", accepted.version)
    returned.decide(ProgressReport.Review.RETURNED, coordinator, "请补充数据。", returned.version)
    late.due_on = timezone.localdate() - timedelta(days=30)  # past whatever holidays precede today
    late.title += "\x0b"  # a control character pasted into a title must not break the document
    late.save()
    Milestone.objects.create(task=milestoned, title="完成方案起草", due_on=timezone.localdate() - timedelta(days=30))

    with django_assert_max_num_queries(12), translation.override("en"):
        data = dispatch_report(round)

    paragraphs, tables = docx_text(data)
    assert paragraphs[0] == "2026年第一季度调度 调度报告"
    assert paragraphs[1].startswith("报送截止日期：2026年3月31日")
    for heading in ("一、总体情况", "二、各单位报送情况", "三、逾期任务", "四、需协调解决的困难"):
        assert heading in paragraphs
    overview, units, overdue = tables
    assert ["推进中", "1"] in overview and ["未启动", str(len(tasks) - 1)] in overview
    assert ["本轮已报送报告", "2"] in overview and ["其中：已采纳", "1"] in overview and ["其中：已退回", "1"] in overview
    assert ["逾期任务", "2"] in overview
    assert units[0] == ["单位", "任务数", "已报送", "已采纳", "已退回", "未报送"]
    lead_tasks = TaskUnit.objects.filter(unit=lead_unit).count()
    assert [lead_unit.name, str(lead_tasks), "2", "1", "1", str(lead_tasks - 2)] in units
    commerce = Unit.objects.get(name="北京市商务局")
    commerce_tasks = TaskUnit.objects.filter(unit=commerce).count()
    assert [commerce.name, str(commerce_tasks), "0", "0", "0", str(commerce_tasks)] in units
    assert not any(row[0] in {"相关部门", "各区政府"} for row in units)
    overdue_titles = {row[1]: row[3] for row in overdue[1:]}
    assert overdue_titles[late.title[:-1]].startswith("完成时限 ")
    assert overdue_titles[milestoned.title].startswith("节点“完成方案起草”")
    difficulty = next(p for p in paragraphs if "需协调市级数据共享。" in p)
    assert difficulty.startswith(f"1. {lead_unit.name}（{first.title[:60]}")


def test_dispatch_report_for_a_quiet_round(coordinator):
    round = DispatchRound.objects.create(title="空轮次", due_on=date(2026, 3, 31), opened_by=coordinator)
    paragraphs, tables = docx_text(dispatch_report(round))
    assert "无逾期任务。" in paragraphs
    assert "本轮无单位提出需协调解决的困难。" in paragraphs
    assert "暂无单位承担任务。" in paragraphs
    assert len(tables) == 1
