"""Workbooks people open in Excel: text a person typed stays text (no formulas, no control characters that make
openpyxl refuse the file), a simple table is laid out one way, and an uploaded workbook is opened only after its
package passed the size checks (office.archives)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from office.archives import PackageLimits, check_office_package


class WorkbookUnreadable(ValueError):
    """The package passed its checks, but openpyxl could not read it as a workbook (the reason names the error)."""


def xml_safe(text: str) -> str:
    """Control characters make openpyxl and python-docx refuse the whole file; one stray byte in a note must not."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def set_value(cell: Cell, value: Any) -> None:
    """A cell's value, with user-typed text kept as text: openpyxl turns text starting with "=" into a formula."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = xml_safe(value) or None
    if cell.data_type == "f":
        cell.data_type = "s"


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """sheet.append for user-typed values: control characters dropped and text starting with "=" kept as text."""
    sheet.append([xml_safe(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def table_workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
    number_formats: dict[int, str] | None = None,
    footnote: Sequence[str] = (),
) -> bytes:
    """One sheet: a bold, frozen, filterable header row over the rows as given; `number_formats` by column
    (1-based), and a `footnote` row after a blank one (the basis of the figures)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # A new workbook always has one sheet.
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for column, number_format in (number_formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if footnote:
        sheet.append([])
        append_row(sheet, footnote)
    return workbook_bytes(book)


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def open_workbook(data: bytes, limits: PackageLimits, *, read_only: bool = False) -> Workbook:
    """An uploaded workbook, opened only once its package is within `limits` (raises office.archives.PackageRefused
    before, WorkbookUnreadable after)."""
    check_office_package(data, "xlsx", limits)
    try:
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    except Exception as exc:  # A corrupt upload fails in many library-specific ways; all of them mean "unreadable".
        raise WorkbookUnreadable(exc.__class__.__name__) from exc
