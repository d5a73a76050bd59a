"""Shared fixtures: the reference data and both seed documents, loaded once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent / "corpus" / "data" / "seeds"
SEED_000 = SEEDS_DIR / "000_6e79bcfbee8a9476.txt"
SEED_001 = SEEDS_DIR / "001_4d9e247b03239fe8.txt"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from corpus.ingest import ingest_file
    from directory.reference import load_directory

    with django_db_blocker.unblock():
        load_directory()
        ingest_file(SEED_000)
        ingest_file(SEED_001)


@pytest.fixture(scope="session")
def lexicon():
    """The parser's lexicon straight from the data files (no database)."""
    from corpus.lexicon import lexicon_from_records
    from directory.reference import read_units, read_zones

    units = [u.model_dump() for u in read_units().units]
    zones = [z.model_dump() for z in read_zones().zones]
    return lexicon_from_records(units, zones)


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_user("coordinator", password="pw-coordinator-1", is_staff=True)


@pytest.fixture
def enterprise_user(django_user_model):
    return django_user_model.objects.create_user("enterprise", password="pw-enterprise-1")
