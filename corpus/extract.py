"""Turn an uploaded policy file (txt, pdf, docx, html) into plain text.

Every failure raises IngestError with one sentence a person can act on; no
other exception type escapes for bad input.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from office.archives import POLICY_DOCUMENT, PackageRefused, check_office_package

FORMATS = ("txt", "pdf", "docx", "html")


class IngestError(ValueError):
    """A document that cannot be ingested, with a message for the person who sent it."""


@dataclass(frozen=True)
class ExtractedText:
    text: str
    format: str
    encoding: str | None


def detect_format(data: bytes, filename: str) -> str:
    """Decide the format from magic bytes first, then the file extension."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix in ("htm", "html", "xhtml"):
        return "html"
    if suffix in ("pdf", "docx"):
        # The extension claims a binary format the bytes do not carry.
        raise IngestError(f"{filename}: the file is named .{suffix} but is not a valid {suffix.upper()} file.")
    head = data[:2048].lstrip(codecs.BOM_UTF8).lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "txt"


def extract_text(data: bytes, filename: str) -> ExtractedText:
    if not data or not data.strip():
        raise IngestError(f"{filename}: the file is empty.")
    fmt = detect_format(data, filename)
    if fmt == "pdf":
        return ExtractedText(_pdf_text(data, filename), "pdf", None)
    if fmt == "docx":
        return ExtractedText(_docx_text(data, filename), "docx", None)
    text, encoding = decode_text(data, filename)
    if fmt == "html":
        return ExtractedText(_html_text(text), "html", encoding)
    return ExtractedText(text, "txt", encoding)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode UTF-8, UTF-16/32 with a BOM, or GB18030 (a superset of GBK and GB2312)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), filename), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{filename}: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start})."
                ) from exc
    if b"\x00" in data[:4096]:
        raise IngestError(f"{filename}: looks like a binary file, not text (it contains NUL bytes).")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), filename), encoding
        except UnicodeDecodeError:
            continue
    raise IngestError(
        f"{filename}: the text is neither UTF-8, UTF-16 with a byte-order mark, nor GB18030/GBK; re-save it as UTF-8."
    )


def _checked(text: str, filename: str) -> str:
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise IngestError(f"{filename}: looks like a binary file, not text (too many control characters).")
    # Random bytes behind a UTF-16 byte-order mark decode "successfully" into
    # unassigned and private-use code points; real text has almost none.
    odd = sum(1 for char in sample if unicodedata.category(char) in ("Cn", "Co", "Cs"))
    if odd > max(4, len(sample) // 50):
        raise IngestError(
            f"{filename}: the bytes do not decode to readable text in any supported encoding (UTF-8, UTF-16, GB18030)."
        )
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise IngestError(f"{filename}: contains no Chinese text; investbj ingests Chinese policy documents.")
    return text


def _pdf_text(data: bytes, filename: str) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IngestError(f"{filename}: the PDF is damaged and cannot be read ({exc.__class__.__name__}).") from exc
    except Exception as exc:  # pdfminer raises many private exception types on broken files
        raise IngestError(f"{filename}: the PDF cannot be read ({exc.__class__.__name__}).") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise IngestError(f"{filename}: the PDF has no text layer (a scanned image?); run OCR first or supply the text.")
    return text


def _docx_text(data: bytes, filename: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        check_office_package(data, "docx", POLICY_DOCUMENT)
    except PackageRefused as refused:
        if refused.oversized:
            raise IngestError(f"{filename}: {refused}") from None
        raise IngestError(f"{filename}: not a readable Word (.docx) file ({refused})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"{filename}: not a readable Word (.docx) file ({exc.__class__.__name__}).") from exc
    except Exception as exc:  # lxml/zip errors on corrupted packages
        raise IngestError(f"{filename}: the Word file is damaged ({exc.__class__.__name__}).") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text for cell in row.cells))
    text = "\n".join(paragraphs)
    if not text.strip():
        raise IngestError(f"{filename}: the Word file contains no text.")
    return text


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title")


def _html_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    # Site chrome (menus, breadcrumbs, footers) is not document text; <title>
    # is usually "page – site name", so the heading in the body is used instead.
    for tag in soup(["script", "style", "noscript", "head", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return root.get_text()
