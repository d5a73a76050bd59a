"""Search benchmark: corpus.search.search() latency over 100,000 measures against raw FTS5.

    .venv/bin/python bench/search.py            # the run that counts (2,223 documents x 50 measures; 100,050 in the index)
    .venv/bin/python bench/search.py --quick    # 445 x 50 measures, fewer rounds
    .venv/bin/python bench/search.py --rebuild  # regenerate the database even if it looks right
    .venv/bin/python bench/search.py --profile  # also print a cProfile table of the module's search()

The database is a temporary SQLite file under bench/out/ (git-ignored), built
with the project's migrations and models and reused by later runs when its
row counts match. Target: p95 of search(q, limit=20) <= 3x the p95 of the raw
FTS5 query with the same MATCH expression. Exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _env import BENCH_DIR, REPO

TARGET_RATIO = 3.0
MEASURES_PER_DOC = 50
GENERATOR = "bench-search-v1"  # bump when the generated content changes, to force a rebuild
SEED = 20261126

# (query, filter kind, filter value): unit filters take a unit code; document filters an index into the documents
QUERIES: list[tuple[str, str | None, str | int | None]] = [
    ("外债", None, None),
    ("地区总部", None, None),
    ("数据出境", None, None),
    ("外资研发中心", None, None),
    ("负面清单", None, None),
    ("综合保税区", None, None),
    ("绿色电力", None, None),
    ("签证 居留", None, None),
    ("增值电信", None, None),
    ("资金池", None, None),
    ("永久居留", None, None),
    ("互联网数据中心", None, None),
    ("干细胞 临床试验", None, None),
    ("基因诊断", None, None),
    ("职业技能培训", None, None),
    ("总部企业 认定", None, None),
    ("外汇管理", None, None),
    ("投资北京", None, None),
    ("圆桌会议", None, None),
    ("中关村", None, None),
    ("自贸试验区", None, None),
    ("服务业扩大开放", None, None),
    ("研发费用 加计扣除", None, None),
    ("进口设备减免税", None, None),
    ("外商投资信息报告", None, None),
    ("安全审查", None, None),
    ("营商环境", None, None),
    ("保税研发", None, None),
    ("数字贸易", None, None),
    ("跨国公司", None, None),
    ("人类遗传资源", None, None),
    ("京津冀", None, None),
    ("绿证交易", None, None),
    ("外资", None, None),
    ("外商投资企业", None, None),
    ("区块链 监管沙盒", None, None),
    ("external debt", None, None),
    ("headquarters", None, None),
    ("negative list", None, None),
    ("外债", "unit", "cn-safe-beijing"),
    ("地区总部", "unit", "bj-commerce"),
    ("数据出境", "unit", "bj-cyberspace"),
    ("签证 居留", "unit", "bj-public-security"),
    ("外资研发中心", "unit", "bj-science-tech"),
    ("外资", "unit", "bj-commerce"),
    ("综合保税区", "unit", "mc-bda"),
    ("外资", "document", 0),
    ("资金池", "document", 137),
    ("地区总部", "document", 777),
    ("奖励", "document", 1500),
    ("数据", "document", 1999),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 measures and 2 rounds")
    parser.add_argument("--rounds", type=int, help="timed passes over the query set (default 10, quick 2)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database even if it can be reused")
    parser.add_argument("--profile", action="store_true", help="print a cProfile table of search() over the query set")
    parser.add_argument(
        "--what-if-pragma",
        action="append",
        default=[],
        metavar="PRAGMA",
        help="run e.g. 'cache_size=-262144' on the connection before timing: a what-if, not the app's configuration",
    )
    parser.add_argument("--all-queries", action="store_true", help="print every query's figures, not only the slowest")
    args = parser.parse_args()
    # One document in ten is a superseded draft, which the app keeps out of the
    # FTS index; 2,223 documents leave 2,001 latest ones: 100,050 indexed measures.
    n_docs = 445 if args.quick else 2223
    rounds = args.rounds or (2 if args.quick else 10)
    out_dir = BENCH_DIR / "out"
    out_dir.mkdir(exist_ok=True)
    db_path = out_dir / ("search-quick.sqlite3" if args.quick else "search.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"  # absolute path: sqlite:////…

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from bench.corpus_gen import machine_facts, percentile, print_profile
    from corpus import search as search_module
    from corpus.models import Document, Measure

    print("== bench/search.py" + (" (quick)" if args.quick else ""))
    for fact in machine_facts():
        print("  " + fact)

    n_measures = n_docs * MEASURES_PER_DOC
    call_command("migrate", verbosity=0)
    key_path = Path(f"{db_path}.key")
    key = _fingerprint(n_docs)
    reason = _stale(n_docs, n_measures, key_path, key, args.rebuild)
    if reason:
        print(f"database: rebuilding ({reason})")
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        _build(n_docs, db_path)
        key_path.write_text(key + "\n")
    else:
        print(f"database: reusing {db_path.relative_to(REPO)} ({_size_mb(db_path):.0f} MB)")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search_module.FTS_TABLE}")
        fts_rows = cursor.fetchone()[0]
    print(
        f"  {Document.objects.count()} documents ({Document.objects.filter(is_latest=True).count()} latest), "
        f"{Measure.objects.count()} measures, {fts_rows} FTS rows"
    )

    for pragma in args.what_if_pragma:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {pragma}")
        print(f"  WHAT-IF: PRAGMA {pragma} on this connection (the app does not set it)")

    doc_ids = list(Document.objects.order_by("id").values_list("id", flat=True))
    queries = []
    for text, kind, value in QUERIES:
        kwargs: dict = {}
        if kind == "unit":
            kwargs["unit"] = value
        elif kind == "document":
            kwargs["document"] = doc_ids[int(value) % len(doc_ids)]
        terms = search_module.query_terms(text)
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        label = text + (f"  [unit={value}]" if kind == "unit" else f"  [document={kwargs['document']}]" if kind else "")
        queries.append((label, text, kwargs, match))

    raw_sql = f"SELECT rowid FROM {search_module.FTS_TABLE} WHERE {search_module.FTS_TABLE} MATCH %s ORDER BY rank LIMIT 20"

    def run_module(text: str, kwargs: dict):
        return search_module.search(text, limit=20, **kwargs)

    def run_raw(match: str) -> list:
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [match])
            return cursor.fetchall()

    # warm-up (page cache, statement cache, jieba dictionary, templates of nothing)
    totals = {}
    for label, text, kwargs, match in queries:
        totals[label] = run_module(text, kwargs).total
        run_raw(match)

    module_times: dict[str, list[float]] = {q[0]: [] for q in queries}
    raw_times: dict[str, list[float]] = {q[0]: [] for q in queries}
    clock = time.perf_counter
    for _ in range(rounds):
        for label, text, kwargs, match in queries:
            t0 = clock()
            run_module(text, kwargs)
            t1 = clock()
            run_raw(match)
            t2 = clock()
            module_times[label].append(t1 - t0)
            raw_times[label].append(t2 - t1)

    # breakdown pass: time each SQL statement search() issues, by kind
    breakdown: dict[str, dict[str, float]] = {}
    current: dict[str, float] = {}

    def timer(execute, sql, params, many, context):
        head = sql.lstrip()
        kind = "count" if head.startswith("SELECT COUNT(*)") else "rows" if "MATCH" in sql or "to_tsquery" in sql else "fetch"
        t = clock()
        try:
            return execute(sql, params, many, context)
        finally:
            current[kind] = current.get(kind, 0.0) + clock() - t

    with connection.execute_wrapper(timer):
        for label, text, kwargs, _match in queries:
            current = {}
            t0 = clock()
            search_module.search(text, limit=20, **kwargs)
            current["total"] = clock() - t0
            t0 = clock()
            search_module.query_terms(text)
            current["terms"] = clock() - t0
            breakdown[label] = current

    all_module = [t for ts in module_times.values() for t in ts]
    all_raw = [t for ts in raw_times.values() for t in ts]
    p50_m, p95_m = percentile(all_module, 50), percentile(all_module, 95)
    p50_r, p95_r = percentile(all_raw, 50), percentile(all_raw, 95)
    ratio = p95_m / p95_r

    print(
        f"queries: {len(queries)} ({sum(1 for q in QUERIES if q[1] == 'unit')} with a unit filter, "
        f"{sum(1 for q in QUERIES if q[1] == 'document')} with a document filter), "
        f"{rounds} timed rounds after a warm-up = {len(all_module)} samples each"
    )
    print(
        f"  module search(q, limit=20): p50 {p50_m * 1000:7.2f} ms  p95 {p95_m * 1000:7.2f} ms  max {max(all_module) * 1000:7.2f} ms"
    )
    print(
        f"  raw FTS5 MATCH … ORDER BY rank LIMIT 20: p50 {p50_r * 1000:7.2f} ms  p95 {p95_r * 1000:7.2f} ms  max {max(all_raw) * 1000:7.2f} ms"
    )
    print(f"  ratio p95_module / p95_raw = {ratio:.2f}x  (target <= {TARGET_RATIO:.0f}x); p50 ratio {p50_m / p50_r:.2f}x")

    counted = [b["count"] for b in breakdown.values() if "count" in b]
    n = len(breakdown)
    mean = {k: sum(b.get(k, 0.0) for b in breakdown.values()) / n for k in ("total", "terms", "rows", "count", "fetch")}
    other = mean["total"] - mean["rows"] - mean["count"] - mean["fetch"] - mean["terms"]
    print(
        "  where search() spends its time (one pass, mean per query): "
        + ", ".join(
            f"{name} {mean[key] * 1000:.2f} ms ({100 * mean[key] / mean['total']:.0f}%)"
            for name, key in [
                ("ranked page SQL", "rows"),
                ("COUNT SQL", "count"),
                ("fetch measures", "fetch"),
                ("query_terms", "terms"),
            ]
        )
        + f", other Python (highlight, ORM) {other * 1000:.2f} ms ({100 * other / mean['total']:.0f}%)"
    )
    if counted:
        print(
            f"  total count query: ran for {len(counted)}/{n} queries (those with a full first page); "
            f"p50 {percentile(counted, 50) * 1000:.2f} ms, p95 {percentile(counted, 95) * 1000:.2f} ms, max {max(counted) * 1000:.2f} ms"
        )

    rows = sorted(queries, key=lambda q: -percentile(module_times[q[0]], 50))
    shown = rows if args.all_queries else rows[:12]
    print(f"  {'slowest queries' if not args.all_queries else 'queries'} (p50 over rounds, ms):")
    print(f"    {'module':>8} {'raw':>8} {'rows':>8} {'count':>8} {'fetch':>7} {'hits':>7}  query")
    for label, *_ in shown:
        b = breakdown[label]
        print(
            f"    {percentile(module_times[label], 50) * 1000:8.2f} {percentile(raw_times[label], 50) * 1000:8.2f} "
            f"{b.get('rows', 0) * 1000:8.2f} {b.get('count', 0) * 1000:8.2f} {b.get('fetch', 0) * 1000:7.2f} {totals[label]:7d}  {label}"
        )

    if args.profile:
        import cProfile

        print("\nprofile: search() over the query set, one pass")
        profiler = cProfile.Profile()
        profiler.enable()
        for _label, text, kwargs, _match in queries:
            run_module(text, kwargs)
        profiler.disable()
        print_profile(profiler, limit=20)

    ok = ratio <= TARGET_RATIO
    print(
        f"SUMMARY search: p95 {p95_m * 1000:.1f} ms module vs {p95_r * 1000:.1f} ms raw FTS5 = {ratio:.2f}x "
        f"(target ≤{TARGET_RATIO:.0f}x) {'OK' if ok else 'MISSED'}; p50 {p50_m * 1000:.1f} ms; {n_measures} measures"
        + (" [quick run, not the one that counts]" if args.quick else "")
        + (f" [WHAT-IF PRAGMA {'; '.join(args.what_if_pragma)}]" if args.what_if_pragma else "")
    )
    return 0 if ok else 1


def _size_mb(path: Path) -> float:
    return sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()) / 1e6


# What the stored rows and tokens depend on: a change to any of these rebuilds the database.
FINGERPRINTED = [
    "bench/corpus_gen.py",
    "bench/search.py",
    "corpus/parser.py",
    "corpus/lexicon.py",
    "corpus/search.py",
    "corpus/models.py",
    "corpus/migrations",
    "corpus/data/seeds",
    "directory/data",
    "directory/names.py",
]


def _fingerprint(n_docs: int) -> str:
    import hashlib

    digest = hashlib.sha256(f"{GENERATOR}:{SEED}:{n_docs}:{MEASURES_PER_DOC}".encode())
    for name in FINGERPRINTED:
        path = REPO / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(REPO).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def _stale(n_docs: int, n_measures: int, key_path: Path, key: str, rebuild: bool) -> str | None:
    """Why the database cannot be reused, or None when it can."""
    from django.db import connection

    from corpus.models import Document, Measure
    from corpus.search import FTS_TABLE

    if rebuild:
        return "--rebuild"
    if Document.objects.count() != n_docs or Measure.objects.count() != n_measures:
        return "no database yet" if not Document.objects.exists() else "row counts differ"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        if cursor.fetchone()[0] != Measure.objects.filter(document__is_latest=True).count():
            return "FTS row count differs"
    if not key_path.exists() or key_path.read_text().strip() != key:
        return "parser, index, generator or reference data changed since it was built"
    return None


def _build(n_docs: int, db_path: Path) -> None:
    """Documents parsed with the project's parser and stored the way corpus.ingest._store does
    (minus translations and lineage), indexed with corpus.search.index_text and inserted into
    the FTS5 table exactly as corpus.search.index_measures does."""
    import hashlib
    import random

    from django.db import connection, transaction

    from bench.corpus_gen import load_material, make_long_document, make_measure
    from corpus.models import Document, Measure, Section, UnitGroup, UnitGroupMember
    from corpus.parser import parse_document
    from corpus.search import FTS_TABLE, index_text
    from directory.models import Unit
    from directory.reference import load_directory

    t_start = time.perf_counter()
    print(f"database: building {db_path.relative_to(REPO)} ({n_docs} documents x {MEASURES_PER_DOC} measures) …", flush=True)
    load_directory()
    units = {u.code: u for u in Unit.objects.all()}
    material = load_material()
    lexicon = material.lexicon
    rng = random.Random(SEED)
    timings = dict.fromkeys(
        ["generate + parse", "index_text", "store documents", "store measures", "store unit groups", "FTS insert"], 0.0
    )
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")

    next_ids = {"group": 0, "member": 0}
    chunk = 100  # documents per transaction
    previous_gen: list = []
    for first in range(0, n_docs, chunk):
        t0 = time.perf_counter()
        batch = []
        for i in range(first, min(n_docs, first + chunk)):
            new_version = i % 10 == 9  # every tenth document is version 2 of the one before
            while True:
                if new_version:
                    gen = [m if rng.random() < 0.7 else make_measure(rng, material) for m in previous_gen]
                else:
                    gen = [make_measure(rng, material, notice_style=rng.random() < 0.45) for _ in range(MEASURES_PER_DOC)]
                title, text = make_long_document(rng, material, i, gen)
                parsed = parse_document(text, lexicon, source_name=f"{GENERATOR}-{i:05d}.txt")
                if len(parsed.measures) == MEASURES_PER_DOC:
                    break
            previous_gen = gen
            family = batch[-1][3] if new_version else f"{parsed.base_title}〔{i}〕"
            batch.append((i, new_version, parsed, family, gen))
        timings["generate + parse"] += time.perf_counter() - t0

        with transaction.atomic():
            t0 = time.perf_counter()
            documents = []
            for i, new_version, parsed, family, _gen in batch:
                draft = i % 10 == 8  # superseded by the next document, its final version
                documents.append(
                    Document(
                        title=family + ("（征求意见稿）" if draft else ""),
                        base_title=family,
                        status="draft" if draft else "final",
                        issuer=parsed.issuer or "",
                        issued_on=parsed.date,
                        doc_number=parsed.doc_number or "",
                        sha256=hashlib.sha256(f"{GENERATOR}:{i}:{parsed.text}".encode()).hexdigest(),
                        complete=parsed.complete,
                        source_name=f"{GENERATOR}-{i:05d}.txt",
                        source_format="txt",
                        encoding="utf-8",
                        preamble=parsed.preamble,
                        text=parsed.text,
                        version=2 if new_version else 1,
                        is_latest=i % 10 != 8,
                    )
                )
            Document.objects.bulk_create(documents)
            for k, (_i, new_version, _p, _f, _g) in enumerate(batch):
                if new_version:
                    documents[k].previous = documents[k - 1]
            Document.objects.bulk_update([d for d in documents if d.previous_id], ["previous"])

            sections, measures, groups = [], [], []
            for doc, (_i, _v, parsed, _f, gen) in zip(documents, batch, strict=True):
                doc_sections = [
                    Section(document=doc, order=k, number=s.number, level=s.level, title=s.title, text=s.text)
                    for k, s in enumerate(parsed.sections)
                ]
                sections.extend(doc_sections)
                for pm, gm in zip(parsed.measures, gen, strict=True):
                    english = rng.random() < 0.3 and gm.title_en
                    measure = Measure(
                        document=doc,
                        number=pm.number,
                        title=pm.title,
                        text=pm.text,
                        mentions=pm.mentions,
                        title_en=gm.title_en if english else "",
                        summary_en=gm.summary_en if english else "",
                    )
                    measure._bench_section = doc_sections[pm.section_index] if pm.section_index is not None else None
                    measures.append(measure)
                    groups.append(pm.unit_groups)
            Section.objects.bulk_create(sections)
            for measure in measures:
                measure.section = measure._bench_section
            timings["store documents"] += time.perf_counter() - t0

            t0 = time.perf_counter()
            for measure, unit_groups in zip(measures, groups, strict=True):
                # the names index_measures() reads back from UnitGroupMember.name, in group and member order
                names = [ref.name[:200] for g in unit_groups for ref in g.units]
                measure.search_text = index_text(measure, names)
            timings["index_text"] += time.perf_counter() - t0

            t0 = time.perf_counter()
            Measure.objects.bulk_create(measures, batch_size=500)
            timings["store measures"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            # The same rows corpus.ingest._store_unit_groups() creates, written with executemany and
            # explicit ids: ~600,000 model instances through bulk_create() would double the build time.
            group_rows, member_rows = [], []
            for measure, unit_groups in zip(measures, groups, strict=True):
                for order, g in enumerate(unit_groups):
                    next_ids["group"] += 1
                    group_id = next_ids["group"]
                    group_rows.append(
                        {
                            "id": group_id,
                            "measure_id": measure.pk,
                            "order": order,
                            "raw": g.raw[:1000],
                            "has_etc": g.has_etc,
                            "closes": g.closes,
                        }
                    )
                    for member_order, ref in enumerate(g.units):
                        next_ids["member"] += 1
                        unit = units.get(ref.unit_id or "")
                        member_rows.append(
                            {
                                "id": next_ids["member"],
                                "group_id": group_id,
                                "order": member_order,
                                "name": ref.name[:200],
                                "unit_id": unit.pk if unit else None,
                                "generic": ref.generic,
                            }
                        )
            _insert_rows(UnitGroup, group_rows)
            _insert_rows(UnitGroupMember, member_rows)
            timings["store unit groups"] += time.perf_counter() - t0

            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (%s, %s)",
                    [(m.pk, m.search_text) for m in measures if m.document.is_latest],
                )
            timings["FTS insert"] += time.perf_counter() - t0
        done = min(n_docs, first + chunk)
        if done % 500 == 0 or done == n_docs:
            print(f"  {done}/{n_docs} documents, {time.perf_counter() - t_start:.0f} s", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        f"  built in {time.perf_counter() - t_start:.1f} s ("
        + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
        + f"); {_size_mb(db_path):.0f} MB"
    )
    _check_index()


def _insert_rows(model, rows: list[dict]) -> None:
    from django.db import connection

    if not rows:
        return
    columns = [f.column for f in model._meta.concrete_fields]
    assert set(columns) == set(rows[0]), (model.__name__, columns, sorted(rows[0]))
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {model._meta.db_table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in columns] for row in rows])


def _check_index(sample: int = 200) -> None:
    """The stored tokens equal what corpus.search.index_measures() would compute and insert."""
    from django.db import connection

    from corpus.models import Measure
    from corpus.search import FTS_TABLE, index_text

    latest = Measure.objects.filter(document__is_latest=True)
    step = max(1, latest.count() // sample)
    ids = list(latest.order_by("id").values_list("id", flat=True)[::step])[:sample]
    same = 0
    measures = Measure.objects.filter(pk__in=ids).prefetch_related("unit_groups__members")
    with connection.cursor() as cursor:
        for measure in measures:
            names = [m.name for g in measure.unit_groups.all() for m in g.members.all()]
            cursor.execute(f"SELECT tokens FROM {FTS_TABLE} WHERE rowid = %s", [measure.pk])
            row = cursor.fetchone()
            same += index_text(measure, names) == measure.search_text == (row[0] if row else None)
    print(f"  index check: {same}/{len(ids)} sampled measures identical to what index_measures() would store")
    if same != len(ids):
        raise SystemExit("the benchmark index differs from the application's; fix bench/search.py")


if __name__ == "__main__":
    sys.exit(main())
