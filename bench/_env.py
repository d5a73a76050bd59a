"""What every bench script does before anything else, imported first as `from _env import BENCH_DIR, REPO`
(run as `python bench/NAME.py`, a script's own folder leads sys.path): the repository root takes that place,
so `investbj` and `bench.corpus_gen` import and a script named like a module (search, ingest) shadows
nothing, and Django gets the test settings with the development key."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
if sys.path and Path(sys.path[0]).resolve() == BENCH_DIR:
    sys.path[0] = str(REPO)
elif str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ["INVESTBJ_DEV"] = "true"
os.environ["DJANGO_SETTINGS_MODULE"] = "investbj.settings_test"
