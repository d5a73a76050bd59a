"""The minutes (会议纪要) of a roundtable as a Word file: who came, the topics
submitted beforehand, and each issue raised with the unit it went to and where it stands."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from office.sheets import xml_safe
from services.models import Roundtable


def minutes_docx(roundtable: Roundtable, language: str | None) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")  # type: ignore[attr-defined]
    title = doc.add_heading(_("外资企业圆桌会议纪要"), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(xml_safe(roundtable.display_title(language))).alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [
        (_("日期"), roundtable.held_on.isoformat()),
        (_("地点"), roundtable.place or "—"),
        (_("主办单位"), roundtable.host.display_name(language)),
        (_("参会单位"), "、".join(u.display_name(language) for u in roundtable.units.all()) or "—"),
        (_("受邀企业"), "、".join(e.display_name(language) for e in roundtable.enterprises.all()) or "—"),
    ]
    for label, value in facts:
        doc.add_paragraph(xml_safe(f"{label}：{value}"))
    if roundtable.summary:
        doc.add_heading(_("会议概述"), level=2)
        doc.add_paragraph(xml_safe(roundtable.summary))
    topics = list(roundtable.topics.select_related("enterprise"))
    if topics:
        doc.add_heading(_("会前征集的议题"), level=2)
        for topic in topics:
            doc.add_paragraph(xml_safe(f"{topic.enterprise.display_name(language)}：{topic.text}"), style="List Bullet")
    doc.add_heading(_("会议议定事项"), level=2)
    issues = list(roundtable.issues.select_related("enterprise", "owner").order_by("pk"))
    if not issues:
        doc.add_paragraph(_("本次会议未记录需要办理的事项。"))
    else:
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        headers = [_("编号"), _("企业"), _("问题"), _("承办单位"), _("答复期限"), _("办理状态")]
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
        for issue in issues:
            cells = table.add_row().cells
            values = [
                issue.number,
                issue.enterprise.display_name(language),
                issue.title,
                issue.owner.display_name(language) if issue.owner else _("待分派"),
                issue.answer_due.isoformat(),
                issue.get_status_display(),
            ]
            for cell, value in zip(cells, values, strict=True):
                cell.text = xml_safe(value)
    doc.add_paragraph(_("依据：《北京市深化服务业扩大开放促进外商投资实施方案（征求意见稿）》第12条“落实外资企业圆桌会议制度”。"))
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
