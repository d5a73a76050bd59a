"""Office files built to inflate far past their size, as a probe of the platform sent them: a workbook whose
shared-strings table lists millions of entries, and a Word file whose body does the same. Shared by the tests
and bench/archive_bomb.py."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

# The probe's file: 8 million shared strings in a 331 KB workbook.
PROBE_STRINGS = 8_000_000


def _skeleton(kind: str) -> dict[str, bytes]:
    buffer = io.BytesIO()
    if kind == "xlsx":
        book = Workbook()
        book.active.append(["报告类型", "统一社会信用代码"])
        book.save(buffer)
    else:
        import docx

        document = docx.Document()
        document.add_paragraph("第一条")
        document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


def bomb(kind: str = "xlsx", entries: int = PROBE_STRINGS) -> bytes:
    """A well-formed .xlsx (or .docx) whose shared strings (or paragraphs) number `entries`."""
    parts = _skeleton(kind)
    big = "xl/sharedStrings.xml" if kind == "xlsx" else "word/document.xml"
    if kind == "xlsx" and big not in parts:
        types = parts["[Content_Types].xml"].decode()
        override = (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in parts.items():
            if name != big:
                package.writestr(name, data)
        with package.open(big, "w", force_zip64=True) as member:
            if kind == "xlsx":
                member.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (entries, entries)
                )
                item = b"<si><t>a</t></si>"
            else:
                member.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                    b'wordprocessingml/2006/main"><w:body>'
                )
                item = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
            chunk = item * 10_000
            for _ in range(entries // 10_000):
                member.write(chunk)
            member.write(b"</sst>" if kind == "xlsx" else b"</w:body></w:document>")
    return out.getvalue()
