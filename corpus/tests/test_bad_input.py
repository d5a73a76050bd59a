"""Bad input gets one clear error, a non-zero exit, and stores nothing."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corpus.extract import IngestError
from corpus.ingest import ingest_bytes
from corpus.models import Document, Measure
from corpus.tests.documents import as_image_only_pdf

BAD_INPUTS = {
    "empty": (b"", "empty.txt", "empty"),
    "whitespace": (b"  \n\n \t", "blank.txt", "empty"),
    "binary": (os.urandom(64) + b"\x00\x00\x00" + os.urandom(2000), "data.txt", "binary"),
    "image-only pdf": (as_image_only_pdf(), "scan.pdf", "no text layer"),
    "no measures": (
        "关于做好年度工作的通知\n各单位：请认真做好相关工作。\n特此通知。".encode(),
        "notice.txt",
        "no numbered provisions",
    ),
    "undecodable": ("一、总则".encode() + b"\x81\x20\xff" * 30, "garbled.txt", "GB18030"),
    "garbage behind a UTF-16 BOM": (b"\xff\xfe" + b"\x01\xe1\x17\xe5" * 400, "bom.txt", "readable text"),
    "fake pdf": (b"this is not a pdf at all, just text", "policy.pdf", "not a valid PDF"),
    "broken pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF", "broken.pdf", "PDF"),
    "broken docx": (b"PK\x03\x04" + b"\x00" * 200, "broken.docx", "Word"),
    "english only": (b"1. Open the market. 2. Serve investors.", "en.txt", "no Chinese text"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_with_a_clear_message(case):
    data, name, expected = case
    documents, measures = Document.objects.count(), Measure.objects.count()
    with pytest.raises(IngestError) as error:
        ingest_bytes(data, name)
    message = str(error.value)
    assert message.startswith(name) and expected in message
    assert "\n" not in message
    assert (Document.objects.count(), Measure.objects.count()) == (documents, measures)


@pytest.mark.django_db
def test_command_exits_non_zero_with_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError) as error:
        call_command("ingest", str(bad))
    assert error.value.returncode == 1
    assert str(error.value) == f"{bad}: the file is empty."
    assert capsys.readouterr().err == ""


@pytest.mark.django_db
def test_one_bad_file_among_several_is_named_and_fails_the_run(tmp_path, capsys):
    from conftest import SEED_001

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 2 files"):
        call_command("ingest", "--dry-run", str(SEED_001), str(bad))
    assert capsys.readouterr().err.strip() == f"error: {bad}: the file is empty."


@pytest.mark.django_db
def test_a_missing_file_is_reported(tmp_path, capsys):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("ingest", str(tmp_path / "nope.txt"))


@pytest.mark.django_db
def test_a_failure_while_storing_leaves_no_rows(monkeypatch, lexicon):
    from conftest import SEED_000
    from corpus import ingest
    from corpus.tests.documents import wrapped

    def explode(measures):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(ingest.search, "index_measures", explode)
    before = (Document.objects.count(), Measure.objects.count())
    with pytest.raises(RuntimeError):
        ingest_bytes(wrapped(SEED_000.read_text(encoding="utf-8")).encode(), "variant.txt", lexicon=lexicon)
    assert (Document.objects.count(), Measure.objects.count()) == before
    assert Document.objects.filter(is_latest=True, base_title__startswith="北京市深化服务业").count() == 1
