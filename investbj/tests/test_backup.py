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

from testsupport.concurrency import needs_postgresql

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
    _scratch_database()
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


def _scratch_database() -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {PROBE} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {PROBE}")


def test_a_damaged_backup_or_a_used_target_restores_nothing(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "a.pdf").write_bytes(b"%PDF-1.4")
    made = _run("backup", str(tmp_path / "backups"), database=connection.settings_dict["NAME"], media=media)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert oct(backup.stat().st_mode & 0o777) == "0o700"  # only the user running backups reads them
    _scratch_database()
    try:
        dump = backup / "database.dump"
        original = dump.read_bytes()
        dump.write_bytes(original[:-100] + b"\x00" * 100)
        refused = _run("restore", str(backup), database=PROBE, media=tmp_path / "out")
        assert refused.returncode != 0 and "FAILED" in refused.stdout + refused.stderr
        assert _counts(_url(PROBE)) == {} and not (tmp_path / "out").exists()
        dump.write_bytes(original)
        busy = tmp_path / "busy"
        busy.mkdir()
        (busy / "live.pdf").write_bytes(b"%PDF-1.4 live")
        refused = _run("restore", str(backup), database=PROBE, media=busy)
        assert refused.returncode != 0 and "not empty" in refused.stderr and _counts(_url(PROBE)) == {}
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {PROBE} WITH (FORCE)")


def test_a_backup_without_its_media_directory_is_refused(tmp_path):
    made = _run("backup", str(tmp_path / "backups"), database=connection.settings_dict["NAME"], media=tmp_path / "missing")
    assert made.returncode != 0 and "not a directory" in made.stderr
    assert not list(tmp_path.glob("backups/investbj-*"))
