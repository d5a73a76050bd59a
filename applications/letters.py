"""Decision letters (结果通知书) from the type's templates: the Chinese text, which is
authoritative, followed by the English text for reference."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from office.sheets import xml_safe

if TYPE_CHECKING:
    from applications.models import Application

FONT = "Noto Serif CJK SC"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def letter_values(application: Application, english: bool) -> dict[str, str]:
    app_type = application.app_type
    assert app_type is not None
    enterprise = application.enterprise
    basis = "; ".join if english else "；".join
    when = timezone.localtime(application.decided_at or timezone.now()).date()
    return _Blank(
        enterprise=(enterprise.name_en or enterprise.name) if english else enterprise.name,
        uscc=enterprise.uscc,
        type=app_type.title.en if english else app_type.title.zh,
        number=application.number,
        date=when.strftime("%d %B %Y") if english else f"{when.year}年{when.month}月{when.day}日",
        reasons=application.decision_reasons or "—",
        basis=basis(f"{b.document}, item {b.item}" if english else f"《{b.document}》第{b.item}条" for b in app_type.basis),
    )


def letter_docx(application: Application) -> bytes:
    app_type = application.app_type
    assert app_type is not None
    approved = application.status == application.Status.APPROVED
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(12)  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # type: ignore[attr-defined]
    for english in (False, True):
        template = app_type.letter.approved if approved else app_type.letter.rejected
        body = xml_safe((template.en if english else template.zh).format_map(letter_values(application, english)))
        heading = doc.add_heading(app_type.letter.title.en if english else app_type.letter.title.zh, level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if english:
            doc.add_paragraph().add_run("English translation for reference; the Chinese text prevails.").italic = True
        for paragraph in body.split("\n\n"):
            doc.add_paragraph(paragraph.strip())
        if not english:
            doc.add_page_break()
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
