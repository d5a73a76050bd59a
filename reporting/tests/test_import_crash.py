"""An import killed in the middle of writing leaves the database as it was before the import: the
command-line import runs in a child process on the test database (PostgreSQL), is killed with SIGKILL once
its transaction has written report rows, and not one of them survives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from directory.models import Enterprise, Unit
from reporting.models import Report, ReportEvent
from testsupport.concurrency import needs_postgresql

from .conftest import code, person
from .test_import import row, xlsx

pytestmark = [needs_postgresql, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
ENTERPRISES = 1500


@pytest.fixture(autouse=True)
def _data(committed_reference_data):
    pass


def _rows_in_flight() -> bool:
    """Whether another connection holds a write lock on the reports table (its transaction has inserted)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'reporting_report' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def test_a_killed_import_leaves_nothing_behind(tmp_path, django_user_model):
    chaoyang = Unit.objects.get(code="district-chaoyang")
    Enterprise.objects.bulk_create(
        Enterprise(
            uscc=code(10_000 + i),
            name=f"企业{i}",
            industry="6450",
            district=chaoyang,
            verification=Enterprise.Verification.VERIFIED,
        )
        for i in range(ENTERPRISES)
    )
    person(django_user_model, "importer", unit_code="district-chaoyang", perm="review_district")
    path = tmp_path / "reports.xlsx"
    path.write_bytes(xlsx([row(code(10_000 + i), "Alpha", "HK", "100", 企业名称=f"企业{i}") for i in range(ENTERPRISES)]))
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "investbj.settings_test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_reports", str(path), "--user", "importer"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not _rows_in_flight():
        assert child.poll() is None, child.stderr.read().decode()[-2000:] if child.stderr else "the import ended early"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    for _ in range(200):  # PostgreSQL rolls the dead client's transaction back once it notices the closed socket
        if not _rows_in_flight():
            break
        time.sleep(0.05)
    assert Report.objects.count() == 0 and ReportEvent.objects.count() == 0
