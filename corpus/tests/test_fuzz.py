"""The parser under fuzzing, briefly (the long run is `make fuzz`, 100,000 inputs): every input parses or is
refused with a clear IngestError, and every input a fuzz run ever caught is replayed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from corpus.tests.fuzzing import REGRESSIONS, check, inputs


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(inputs())
def test_any_input_parses_or_is_refused_clearly(case):
    data, name = case
    assert check(data, name, keep=False) in ("parsed", "refused")


def test_inputs_a_fuzz_run_caught_stay_fixed():
    kept = sorted(p for p in REGRESSIONS.glob("*") if p.suffix in (".txt", ".html", ".docx", ".pdf", ".bin"))
    for path in kept:
        assert check(path.read_bytes(), f"regression{path.suffix}", keep=False) in ("parsed", "refused"), path.name
