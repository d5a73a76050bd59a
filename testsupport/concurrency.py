"""Running the same write from several threads at once, each on its own database connection, all released
together by a barrier: what parallel requests do to one row. Used by each app's test_concurrent_writers.py
(PostgreSQL only: SQLite serialises writers at the file, so it cannot show a lost update)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writers are tested against PostgreSQL (DATABASE_URL)"
)


def run_together(work: Callable[[int], Any], writers: int = 6) -> tuple[list[Any], list[BaseException]]:
    """Call work(i) for i in range(writers) in parallel; return the results and the exceptions raised."""
    barrier = threading.Barrier(writers)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def writer(i: int) -> None:
        try:
            barrier.wait()
            outcome = work(i)
            with lock:
                results.append(outcome)
        except BaseException as exc:  # collected for the test to judge
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
