"""Project-wide guards: settings refuse unsafe defaults, migrations are complete."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def settings_probe(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INVESTBJ_"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='investbj.settings'; django.setup();"
            "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        ],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_needs_a_secret_key_and_debug_is_off_by_default():
    refused = settings_probe({})
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY" in refused.stderr
    ok = settings_probe({"DJANGO_SECRET_KEY": "x" * 50})
    assert ok.stdout.split() == ["False", "True"]


def test_a_malformed_boolean_is_refused():
    result = settings_probe({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_DEBUG": "perhaps"})
    assert result.returncode != 0 and "DJANGO_DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_no_migrations_are_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        requirement = line.split("#", 1)[0].strip().strip('",')
        if "==" in requirement:
            name, version = requirement.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name.split("[", 1)[0]).lower()] = version
    return pins


def test_the_lock_pins_every_direct_dependency_at_its_pyproject_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = _pins([*project["dependencies"], *project["optional-dependencies"]["dev"]])
    locked = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    assert {name: locked.get(name) for name in direct} == direct
