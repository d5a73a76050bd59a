"""Load benchmark (issue 8): gunicorn with 2 workers on PostgreSQL, serving a fresh database with the
reference data and both seed documents.

    .venv/bin/python bench/load.py            # the run that counts (about 2 minutes)
    .venv/bin/python bench/load.py --quick    # 15 s instead of 60

1. 50 concurrent users browse and search for 60 s (think time 0.5–2 s): requests/s, p95, errors.
   Target: 0 errors and p95 ≤ 500 ms.
2. The measure-list page (a document with its measures) alone, 50 users without think time, 20 s: its
   requests/s; then a bare Django view (/healthz) the same way: the ratio page/bare view, printed.
Locust drives the load from the same 2-core machine, so it takes a share of the CPU the server would
otherwise have. Exits 1 when a target is missed. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT = BENCH_DIR / "out" / "load"
PY = sys.executable
DATABASE = "investbj_load"
PORT = 8765
P95_TARGET_MS = 500.0


def env() -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INVESTBJ_"))},
        "DJANGO_SETTINGS_MODULE": "investbj.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "DJANGO_SECRET_KEY": "bench-load-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "REPORTING_STORE_DIR": str(OUT / "columnar"),
        "DJANGO_STATIC_ROOT": str(OUT / "static"),
    }


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=REPO, env=env(), check=True, stdout=subprocess.DEVNULL)


def prepare() -> tuple[list[int], list[int]]:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("load_reference")
    seeds = sorted((REPO / "corpus" / "data" / "seeds").glob("*.txt"))
    manage("ingest", *map(str, seeds))
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}") as con:
        documents = [r[0] for r in con.execute("SELECT id FROM corpus_document WHERE is_latest")]
        measures = [r[0] for r in con.execute("SELECT id FROM corpus_measure")]
    return documents, measures


def serve() -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(PY).with_name("gunicorn")), "investbj.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=REPO, env=env(),
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def swarm(user_class: str, seconds: int, documents: list[int], measures: list[int]) -> dict[str, str]:
    prefix = OUT / user_class
    # A run that fails must not be read from an earlier run's file.
    Path(f"{prefix}_stats.csv").unlink(missing_ok=True)
    subprocess.run(
        [str(Path(PY).with_name("locust")), "-f", str(BENCH_DIR / "locustfile.py"), user_class, "--headless", "-u", "50", "-r", "50",
         "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
        cwd=REPO, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "LOAD_DOCUMENTS": ",".join(map(str, documents)), "LOAD_MEASURES": ",".join(map(str, measures))},
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    documents, measures = prepare()
    print(
        f"database {DATABASE}: {len(documents)} documents, {len(measures)} measures (prepared in {time.perf_counter() - started:.0f} s); {os.cpu_count()} cores"
    )
    server = serve()
    try:
        browse = swarm("Browser", 15 if args.quick else 60, documents, measures)
        page = swarm("MeasureListOnly", 10 if args.quick else 20, documents, measures)
        bare = swarm("BareViewOnly", 10 if args.quick else 20, documents, measures)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    requests, failures = int(browse["Request Count"]), int(browse["Failure Count"])
    rps, p95 = float(browse["Requests/s"]), float(browse["95%"])
    page_rps, bare_rps = float(page["Requests/s"]), float(bare["Requests/s"])
    print(
        f"browse and search, 50 users, {'15' if args.quick else '60'} s: {requests:,} requests, {rps:.1f}/s, p50 {browse['50%']} ms, p95 {p95:.0f} ms, errors {failures}"
    )
    print(
        f"measure-list page alone, 50 users without pause: {page_rps:.1f}/s, p95 {page['95%']} ms, errors {page['Failure Count']}"
    )
    print(f"bare Django view (/healthz) alone, the same way: {bare_rps:.1f}/s, p95 {bare['95%']} ms")
    ratio = page_rps / bare_rps if bare_rps else 0.0
    ok = failures == 0 and p95 <= P95_TARGET_MS and int(page["Failure Count"]) == 0
    print(
        f"SUMMARY load: {rps:.1f} requests/s, p95 {p95:.0f} ms (target ≤{P95_TARGET_MS:.0f}), {failures} errors (target 0) "
        f"{'OK' if ok else 'MISSED'}; measure-list page {page_rps:.1f}/s = {ratio:.2f}× the bare view's {bare_rps:.1f}/s"
        + (" [quick run, not the one that counts]" if args.quick else "")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
