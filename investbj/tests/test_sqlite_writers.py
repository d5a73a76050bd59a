"""SQLite (the `make run` default) with simultaneous writers, on a database file as the server uses: with the
project's IMMEDIATE transactions each read-then-write waits for the one before and every change lands; with
SQLite's default DEFERRED mode the same work fails with "database is locked" (issue 14, finding 3). The test
database cannot show this: it lives in memory, where shared-cache locking works differently."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

from testsupport.concurrency import run_together

ALIAS = "writers"


@pytest.fixture
def database_file(tmp_path, django_db_blocker):
    def open_with(options: dict) -> str:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3"), "OPTIONS": options}
        # configure_settings fills in every key Django expects; it insists on a default, which is not kept.
        configured = connections.configure_settings({"default": database, ALIAS: database})
        connections.settings[ALIAS] = configured[ALIAS]
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        return ALIAS

    with django_db_blocker.unblock():
        yield open_with
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def bump(_: int) -> None:
    """What a review or an answer does: read the row, decide, write it back."""
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
        time.sleep(0.05)  # the checks a real write makes between its read and its write
        cursor.execute("UPDATE counter SET n = %s", [n + 1])


def counter() -> int:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        return cursor.fetchone()[0]


def test_four_simultaneous_writers_all_land_with_the_projects_options(database_file):
    database_file(settings.SQLITE_OPTIONS)
    _, errors = run_together(bump, writers=4)
    assert (errors, counter()) == ([], 4)


def test_the_same_writers_fail_in_sqlites_default_mode(database_file):
    database_file({**settings.SQLITE_OPTIONS, "transaction_mode": "DEFERRED"})
    _, errors = run_together(bump, writers=4)
    assert errors and all(isinstance(e, OperationalError) and "locked" in str(e) for e in errors)
