"""Render a seed's text as PDF, DOCX, HTML or re-encoded text, inside the tests."""

from __future__ import annotations

import html
import io
import textwrap


def as_pdf(text: str, width: int = 32) -> bytes:
    """A text-layer PDF with hard-wrapped lines and ` - N - ` page footers, like a printed notice."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y, page = 800, 1
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph.strip(), width) or [""]:
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(60, y, line)
            y -= 18
            if y < 70:
                pdf.drawString(280, 30, f"- {page} -")
                pdf.showPage()
                y, page = 800, page + 1
    pdf.drawString(280, 30, f"- {page} -")
    pdf.save()
    return buffer.getvalue()


def as_image_only_pdf() -> bytes:
    """A PDF whose only content is a drawn shape: no text layer, like a scan."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.save()
    return buffer.getvalue()


def as_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_html(text: str, title: str = "") -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>p{{margin:0}}</style><script>var x = '1.不是措施';</script></head>"
        f"<body><nav>首页 &gt; 政策</nav><div class='content'>{paragraphs}</div></body></html>"
    )
    return page.encode("utf-8")


def wrapped(text: str, width: int = 30) -> str:
    """Hard-wrap every paragraph like a PDF copy-paste (seed 001's artefact)."""
    return "\n\n".join(line for paragraph in text.split("\n") for line in (textwrap.wrap(paragraph, width) or [""]))
