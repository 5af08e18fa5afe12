# motcua — two commands on a fresh machine (Python 3.11+ and make):
#   make demo   set everything up and serve the seeded demo province on http://127.0.0.1:8000
#   make test   set everything up and run the whole suite (SQLite, then a throwaway PostgreSQL)
# Also: make bench (benchmarks → docs/benchmarks.md), make soak (long load/fault runs), make lint.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MOTCUA := $(VENV)/bin/motcua
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# Two workers on two cores; set PYTEST_WORKERS=0 to debug in one process.
PYTEST_WORKERS ?= 2

.PHONY: install demo test test-sqlite test-postgres bench soak lint messages clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	MOTCUA_DEBUG=true $(MOTCUA) demo

test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# CI=true turns "PostgreSQL could not start" into a failure instead of a skipped pass.
test-postgres: install
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

bench: install
	$(PY) bench/run_all.py

# (the counter-node fault soak runs again with the provincial database on PostgreSQL: docs/operations.md)
soak: install
	$(PY) -m pytest -n 0 -m slow --run-slow $(PYTEST_ARGS)
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest -n 0 -m slow --run-slow src/motcua/countersync/tests/test_fault.py $(PYTEST_ARGS)

# Translations (docs/i18n.md): Vietnamese is the source language; refresh the English catalogue
# src/motcua/locale/en (one catalogue for every app: app-level locale/ folders are not written) and
# the partial Khmer one src/motcua/locale/km (citizen pages), compile them, then list what still
# needs translating in English (Khmer may stay partial). Needs GNU gettext (apt-get install gettext).
# The compiled .mo files are committed; the suite (core/tests/test_translations.py) fails on any gap.
MESSAGES_ENV    := MOTCUA_DEBUG=true MOTCUA_DATA_DIR=../../var
MESSAGES_IGNORE := --ignore "*/tests/*" --ignore "*/migrations/*" --ignore "*/locale" --ignore "*/vendor/*"
messages: install
	cd src/motcua && $(MESSAGES_ENV) ../../$(MOTCUA) makemessages -l en -l km --no-obsolete --no-location $(MESSAGES_IGNORE)
	cd src/motcua && $(MESSAGES_ENV) ../../$(MOTCUA) makemessages -d djangojs -l en -l km --no-obsolete --no-location $(MESSAGES_IGNORE)
	cd src/motcua && $(MESSAGES_ENV) ../../$(MOTCUA) compilemessages -l en -l km
	@$(PY) scripts/i18n_check.py || echo "make messages: translate the entries listed above (and clear fuzzy flags), then run make messages again."

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
