"""Tables people upload (CSV or .xlsx, one header row): read as rows of text within a row and a size limit,
the workbook's package checked before openpyxl opens it; every refusal is a sentence for the uploader."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from office.archives import PackageLimits, PackageRefused
from office.sheets import WorkbookUnreadable, open_workbook


class ImportRefused(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def too_many_rows(limit: int) -> ImportRefused:
    return ImportRefused([_("文件超过%(rows)d行，请拆分后分批导入。") % {"rows": limit}])


def _bounded(rows: Iterable[list[str]], limit: int) -> list[list[str]]:
    """The rows, header included, stopping as soon as the data rows pass the limit (not after reading them all)."""
    out: list[list[str]] = []
    for row in rows:
        out.append(row)
        if len(out) > limit + 1:
            raise too_many_rows(limit)
    return out


def too_large(max_bytes: int) -> ImportRefused:
    return ImportRefused([_("文件超过%(mb)d MB，请拆分后分批导入。") % {"mb": max_bytes // (1024 * 1024)}])


def read_upload(upload: UploadedFile[bytes], max_bytes: int) -> bytes:
    """An uploaded file's bytes, refused by its declared size before a byte is read into memory."""
    if (upload.size or 0) > max_bytes:
        raise too_large(max_bytes)
    content: bytes = upload.read()
    return content


def read_rows(name: str, content: bytes, max_rows: int, max_bytes: int, package: PackageLimits) -> list[list[str]]:
    """The rows of a CSV or .xlsx file, header first, every cell as text; a workbook's archive is checked
    against `package` before openpyxl inflates anything."""
    if len(content) > max_bytes:
        raise too_large(max_bytes)
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused([_("CSV 文件不是 UTF-8 编码，请另存为“CSV UTF-8”格式。")]) from None
        if "\x00" in text:
            raise ImportRefused([_("CSV 文件含有空字符（NUL），不是文本文件。")])
        try:
            return _bounded(([c.strip() for c in row] for row in csv.reader(io.StringIO(text))), max_rows)
        except csv.Error as exc:
            raise ImportRefused([_("无法读取 CSV 文件（%(reason)s）。") % {"reason": exc}]) from None
    try:
        book = open_workbook(content, package, read_only=True)
    except WorkbookUnreadable as unreadable:
        raise _not_a_workbook(name, unreadable) from None
    except PackageRefused as refused:
        if refused.oversized:
            raise ImportRefused([_("%(name)s：%(problem)s") % {"name": name, "problem": refused}]) from None
        raise _not_a_workbook(name, refused) from None
    try:
        sheet = book.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        # Only the header's columns: a sheet that declares thousands of empty columns must not pad every row.
        width = max((i + 1 for i, c in enumerate(header) if c not in (None, "")), default=1)
        cells = sheet.iter_rows(max_col=width, values_only=True)
        return _bounded(([_cell(c).replace("\x00", "") for c in row] for row in cells), max_rows)
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise _not_a_workbook(name, exc.__class__.__name__) from exc


def _not_a_workbook(name: str, reason: object) -> ImportRefused:
    return ImportRefused([_("%(name)s 不是可读取的 .xlsx 工作簿（%(reason)s）。") % {"name": name, "reason": reason}])
