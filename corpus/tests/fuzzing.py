"""Fuzzing the document parser: inputs built from the two seed documents (mutated text in several encodings
and formats) and from random bytes. Each input must either parse or be refused with an IngestError that says
what is wrong; any other exception is a bug, and the input that raised it is kept in fuzz_corpus/ so the
suite replays it for ever (test_fuzz.py). Shared by the short run in the suite and `make fuzz`."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from corpus.extract import IngestError, extract_text
from corpus.lexicon import Lexicon, lexicon_from_records
from corpus.parser import parse_document
from corpus.tests.documents import as_docx, as_html, as_pdf
from office.sheets import xml_safe

SEEDS_DIR = Path(__file__).resolve().parents[1] / "data" / "seeds"
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_corpus"
# Pieces the parser keys on, so mutations reach its branches rather than only its refusals.
MARKERS = ["一、", "二、", "（一）", "（二）", "1.", "12．", "第三条", "（责任单位：", "市商务局、", "各区政府）", "\n", "2025年1月1日",
           "北京市", "附件", "（", "）", "。", "：", "\u3000", "\ufeff", "\x00", "\u202e"]  # fmt: skip


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from directory.reference import read_units, read_zones

    return lexicon_from_records([u.model_dump() for u in read_units().units], [z.model_dump() for z in read_zones().zones])


@lru_cache(maxsize=1)
def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]


class ParserBug(AssertionError):
    pass


def check(data: bytes, name: str, *, keep: bool = True) -> str:
    """Parse one input as an upload would be parsed; 'parsed' or 'refused', or ParserBug. With `keep` (the long
    run) the input is saved to the regression corpus; the suite's short run only reports it, so Hypothesis's
    shrinking does not write files into the source tree."""
    try:
        parse_document(extract_text(data, name).text, lexicon(), source_name=name)
    except IngestError as exc:
        message = str(exc).strip()
        if not message or len(message) > 1000:
            raise _bug(data, name, f"unclear refusal: {message[:200]!r}", keep) from exc
        return "refused"
    except Exception as exc:
        raise _bug(data, name, f"{type(exc).__name__}: {exc}", keep) from exc
    return "parsed"


def _bug(data: bytes, name: str, why: str, keep: bool) -> ParserBug:
    if not keep:
        return ParserBug(f"{why} (input: {data[:80]!r}…, {len(data)} bytes, as {name})")
    REGRESSIONS.mkdir(exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:16]
    suffix = Path(name).suffix or ".bin"
    (REGRESSIONS / f"{digest}{suffix}").write_bytes(data)
    return ParserBug(f"{why} (input kept as fuzz_corpus/{digest}{suffix})")


def _mutate(text: str, draw) -> str:
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, max(len(text) - 1, 0)))
        operation = draw(st.sampled_from(["delete", "insert", "marker", "duplicate", "truncate", "swap_lines"]))
        if operation == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 400)) :]
        elif operation == "insert":
            text = text[:position] + draw(st.text(max_size=40)) + text[position:]
        elif operation == "marker":
            text = text[:position] + draw(st.sampled_from(MARKERS)) + text[position:]
        elif operation == "duplicate":
            text = text[:position] + text[position : position + draw(st.integers(1, 2000))] * 2 + text[position:]
        elif operation == "truncate":
            text = text[:position]
        else:
            lines = text.split("\n")
            if len(lines) > 2:
                i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def _flip_bytes(data: bytes, draw) -> bytes:
    buffer = bytearray(data)
    for _ in range(draw(st.integers(0, 8))):
        if buffer:
            buffer[draw(st.integers(0, len(buffer) - 1))] = draw(st.integers(0, 255))
    return bytes(buffer)


# The long run's mix: mostly text (the parser itself), enough of each container format to reach its extractor.
LONG_RUN_FORMATS = ("txt",) * 10 + ("html",) * 3 + ("docx",) * 2 + ("pdf",) + ("random",) * 4


@st.composite
def inputs(draw, formats: tuple[str, ...] = ("txt", "txt", "txt", "html", "docx", "pdf", "random")) -> tuple[bytes, str]:
    """One input: a mutated seed in an encoding and a format, with a few bytes flipped; or random bytes."""
    fmt = draw(st.sampled_from(formats))
    if fmt == "random":
        return draw(st.binary(max_size=4096)), draw(st.sampled_from(["x.txt", "x.pdf", "x.docx", "x.html"]))
    text = _mutate(draw(st.sampled_from(seed_texts())), draw)
    if fmt == "txt":
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
        data = text.encode(encoding, errors="replace")
    elif fmt == "html":
        data = as_html(text)
    elif fmt == "docx":
        data = as_docx(xml_safe(text))  # Word cannot hold control characters at all
    else:
        data = as_pdf(text[:1200])  # a page or two: PDF extraction costs ~30 ms a page
    return _flip_bytes(data, draw), f"fuzz.{fmt}"
