# Two commands on a fresh machine: `make run` (portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3
# Python may write its byte code here (some machines set PYTHONDONTWRITEBYTECODE): otherwise every process,
# each test worker included, compiles Django and the portal afresh (about 15 % of the test run's time).
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Every emailed link and the demo logins point at the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install install-dev run serve test lint format migrations-check messages

$(PY):
	$(PYTHON) -m venv $(VENV)

# --no-compile: Python compiles what it imports on first use (half the install time is compiling all of it).
$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --no-compile -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(PY) -m pip install --quiet --no-compile -r requirements/dev.txt
	touch $@

## install: the environment for running the portal (includes gunicorn and whitenoise), translations compiled
install: $(VENV)/.base-installed
	$(VENV)/bin/pybabel -q compile --domain=django --directory=locale

# axe-core and the Nu Html Checker for tests/browser/test_accessibility.py (which is skipped without them).
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the system's java is used.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

## install-dev: install plus the test and lint tools, and the npm accessibility checkers
install-dev: install $(VENV)/.dev-installed node_modules/.installed

## run: migrate, load reference and demo data, and start the development server with SQLite
run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

## serve: production server: collect static files, migrate, and run gunicorn (brasite/gunicorn.conf.py)
## against DATABASE_URL on GUNICORN_BIND (127.0.0.1:8000); needs SECRET_KEY and ALLOWED_HOSTS (.env.example)
serve: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn brasite.wsgi --config brasite/gunicorn.conf.py

## test: the whole suite, in parallel on every core (browser tests run when Chromium is installed)
# worksteal: a worker that runs out of tests takes over half of another's queue (the default hands the first
# worker a quarter of the suite at once, with every long test, and the other waits for it at the end).
test: install-dev
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

## lint: ruff check and format check, and the one-way dependencies between the apps (import-linter)
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

## format: apply ruff's formatting and import order
format: install-dev
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .

## migrations-check: fail when models changed without a migration, or when the migrations do not run on
## an empty SQLite database; the test databases are made from the models (pyproject.toml), so this is where
## every migration runs from the start (CI does the same on PostgreSQL)
migrations-check: install
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	rm -f .migrations-check.sqlite3
	DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/.migrations-check.sqlite3 $(PY) manage.py migrate --noinput --verbosity 0
	rm -f .migrations-check.sqlite3

## messages: update the .po files from the code (needs GNU gettext)
messages: install
	DEBUG=true $(PY) manage.py makemessages --locale=da --locale=en --ignore=.venv --ignore=staticfiles --no-obsolete
