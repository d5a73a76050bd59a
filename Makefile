# investbj — `make run` and `make test` are all a fresh machine needs.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The laws the seeds stand on, loaded as corpus documents (corpus/data/reference/README.md says where from).
LAWS   := $(addprefix corpus/data/reference/,foreign-investment-law-2019.txt fdi-law-implementing-regulation-2019.txt \
          beijing-fdi-regulation-2024.txt business-env-regulation-2019.txt)
HOST   ?= 127.0.0.1:8000
# Local development and tests use a throwaway secret key; production sets DJANGO_SECRET_KEY.
export INVESTBJ_DEV ?= true

.PHONY: install lock run test lint bench fuzz schemathesis audit clean

install: $(STAMP)

# Re-installs only when the dependency pins change. requirements.lock pins every package, direct or not.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	@# The pip a new venv brings may be years old (and carry known advisories): use the pinned one.
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# Re-resolve the lock from pyproject.toml in a throwaway venv (after changing a pin there).
lock:
	rm -rf .lock-venv && $$(scripts/find-python) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check pip==26.3
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	{ echo "# Every package make install puts in .venv, pinned (regenerate with \`make lock\` after changing pyproject.toml)."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable --disable-pip-version-check; } > requirements.lock
	rm -rf .lock-venv

run: export DJANGO_DEBUG ?= true
# Long jobs (the cross-checks) go to a worker started beside the server, so their pages show progress live.
run: export INVESTBJ_TASKS ?= database
run: install
	$(PY) manage.py migrate --noinput
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; fi
	$(PY) manage.py load_reference
	$(PY) manage.py load_applications
	$(PY) manage.py ingest corpus/data/seeds/*.txt $(LAWS)
	$(PY) manage.py load_demo
	$(PY) manage.py load_services_demo
	$(PY) manage.py load_applications_demo
	$(PY) manage.py load_promotion_demo
	$(PY) manage.py demo_data --enterprises 150 --if-empty
	$(PY) manage.py db_worker --no-reload --queue-name '*' & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy investbj interface workflow workdays office attachments notifications directory corpus rules tracking services applications promotion reporting jobs

test: install lint
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; fi
	$(VENV)/bin/pytest

bench: install
	$(PY) bench/ingest.py
	$(PY) bench/search.py
	$(PY) bench/tracking.py
	$(PY) bench/checks.py
	$(PY) bench/load.py
	$(PY) bench/archive_bomb.py

# The long fuzz run of the document parser (a short one is part of `make test`).
fuzz: install
	$(PY) bench/fuzz_parser.py

# Schemathesis over every API operation and role with 100 generated requests each (3 in `make test`).
schemathesis: install
	SCHEMATHESIS_EXAMPLES=100 $(VENV)/bin/pytest investbj/tests/test_api_schema.py -p no:logging

# Known vulnerabilities in the pinned dependencies (PyPI's advisory data; needs access to pypi.org's JSON API).
# --strict fails on any package it could not check, so an audit that saw nothing never passes as clean.
audit: install
	$(PY) -m pip freeze --exclude-editable --disable-pip-version-check > $(VENV)/audit-requirements.txt
	$(VENV)/bin/pip-audit --strict --no-deps --disable-pip -r $(VENV)/audit-requirements.txt

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
