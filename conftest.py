"""Shared fixtures: the reference data and both seed documents, loaded once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

# The personas every app's tests sign in as (coordinator, lead_officer, co_officer, other_officer, enterprise_a/_b,
# district_reviewer, city_reviewer, anonymous).
pytest_plugins = ["testsupport.personas"]

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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_skipped_browser_tests: list[str] = []


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: their live server flushes the database afterwards."""
    import os

    # Tests on committed data (parallel writers, then browsers) run last: their flush empties the database.
    browser = [item for item in items if item.get_closest_marker("browser")]
    concurrent = [item for item in items if item.get_closest_marker("concurrency") and item not in browser]
    others = [item for item in items if item not in browser and item not in concurrent]
    items[:] = others + concurrent + browser
    if browser and not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"CI must run the browser tests but {CHROMIUM} is missing (apt-get install chromium)")
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed")
        for item in browser:
            item.add_marker(skip)
            _skipped_browser_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser_tests:
        terminalreporter.write_line(
            f"NOTE: {len(_skipped_browser_tests)} browser tests were SKIPPED because Debian's Chromium is not installed; "
            "enable them with `sudo apt-get install -y chromium` and run `make test` again.",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread;
    # the ORM calls the tests and the database flush make are ordinary
    # blocking calls, made while the browser is idle.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def committed_reference_data(transactional_db):
    """Units, zones and both seeds as committed rows, for tests whose threads or live server read them
    (an earlier such test's flush may have removed what the session loaded)."""
    from corpus.ingest import ingest_file
    from corpus.models import Document
    from directory.reference import load_directory

    if not Document.objects.exists():
        load_directory()
        ingest_file(SEED_000)
        ingest_file(SEED_001)


@pytest.fixture
def own_media(tmp_path, settings):
    """A MEDIA_ROOT of the test's own, to see which files (attachments, job uploads and results) are kept."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def page(browser, live_server, committed_reference_data):
    """A zh-CN browser page against a live server holding the reference data and both seeds."""
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    # Every journey is also a Content-Security-Policy test: Chromium reports each blocked script, style or
    # request on the console, and a page that needs something the policy forbids fails its journey.
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not violations, "pages broke the Content-Security-Policy:\n" + "\n".join(violations)


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Each test starts with no registration or reset requests counted against its address (127.0.0.1)."""
    from django.core.cache import cache

    cache.clear()
    yield
