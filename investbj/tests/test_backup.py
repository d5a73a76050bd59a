"""scripts/backup and scripts/restore round trip on PostgreSQL: the test database (reference data, both
seeds and a report) is dumped with its media files, restored into a new database and directory, and every
table holds the same rows; a damaged backup restores nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from investbj.tests.concurrency import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
PROBE = "investbj_restore_probe"


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as con:
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]


def _run(script: str, *args: str, database: str, media: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _url(database), "DJANGO_MEDIA_ROOT": str(media)}
    return subprocess.run([str(ROOT / "scripts" / script), *args], env=env, capture_output=True, text=True, timeout=300)


def test_a_backup_restores_every_row_and_file(tmp_path):
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    source = connection.settings_dict["NAME"]
    made = _run("backup", str(tmp_path / "backups"), database=source, media=media)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    with psycopg.connect(_url("postgres"), autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {PROBE}")
        con.execute(f"CREATE DATABASE {PROBE}")
    try:
        restored_media = tmp_path / "restored-media"
        done = _run("restore", str(backup), database=PROBE, media=restored_media)
        assert done.returncode == 0, done.stderr
        original = _counts(_url(source))
        assert _counts(_url(PROBE)) == original and original["corpus_measure"] > 0
        assert (restored_media / "attachments" / "minutes.pdf").read_bytes() == b"%PDF-1.4 minutes"
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {PROBE} WITH (FORCE)")


def test_a_damaged_backup_restores_nothing(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    made = _run("backup", str(tmp_path / "backups"), database=connection.settings_dict["NAME"], media=media)
    backup = Path(made.stdout.strip())
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100] + b"\x00" * 100)
    refused = _run("restore", str(backup), database="never_created_database", media=tmp_path / "out")
    assert refused.returncode != 0 and "FAILED" in (refused.stdout + refused.stderr)
