"""Fuzz the document parser (issue 8): 100,000 inputs by default, built by corpus/tests/fuzzing.py from the two
seed documents (mutated text as .txt in four encodings, .html, .docx and .pdf, with bytes flipped) and from
random bytes. Target: no uncaught exception; every refusal an IngestError with a clear message.

    .venv/bin/python bench/fuzz_parser.py                 # 100,000 inputs (make fuzz)
    .venv/bin/python bench/fuzz_parser.py --inputs 5000   # a quick look

An input that breaks the parser is kept in corpus/tests/fuzz_corpus/, which the test suite replays.
Exits 1 when one was found. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import _env  # noqa: F401  (first: the repository on sys.path, the test settings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    import django

    django.setup()
    from hypothesis import HealthCheck, given, seed, settings

    from corpus.tests.fuzzing import LONG_RUN_FORMATS, ParserBug, check, inputs

    outcomes: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    slowest = (0.0, "")
    bugs: list[str] = []

    @seed(args.seed)
    @settings(max_examples=args.inputs, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=False)
    @given(inputs(LONG_RUN_FORMATS))
    def run(case):
        nonlocal slowest
        data, name = case
        start = time.perf_counter()
        try:
            outcomes[check(data, name)] += 1
        except ParserBug as exc:
            outcomes["bug"] += 1
            bugs.append(str(exc))
            return  # keep going: every bug found is kept, not only the first
        elapsed = time.perf_counter() - start
        formats[Path(name).suffix if name.startswith("fuzz") else "random bytes"] += 1
        if elapsed > slowest[0]:
            slowest = (elapsed, name)

    start = time.perf_counter()
    run()
    total = time.perf_counter() - start
    count = sum(outcomes.values())
    print(
        f"inputs: {count:,} in {total:.0f} s ({count / total:,.0f}/s); by format: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(formats.items()))
    )
    print(
        f"parsed {outcomes['parsed']:,}, refused with an IngestError {outcomes['refused']:,}, bugs {outcomes['bug']:,}; slowest input {slowest[0] * 1000:.0f} ms ({slowest[1]})"
    )
    for bug in bugs[:20]:
        print("  BUG " + bug)
    ok = not bugs and count >= args.inputs
    print(f"SUMMARY fuzz: {count:,} inputs, {len(bugs)} uncaught exceptions (target 0) {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
