# The project's vocabulary: run, test, lint, bench, demo. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint format demo bench migrate clean lock upgrade pictograms messages fonts

# Stamp files make repeat runs fast: pip runs again only when a requirements file changes.
# What is installed comes from the lock files (every package, hashes checked);
# requirements.txt and requirements-dev.txt say what we ask for, `make lock` resolves them.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# Resolve the two requirement files into lock files with hashes (uv, pinned here).
# `make lock` keeps every version it can; `make upgrade` moves to the newest that fit.
UV_VERSION := 0.13.9
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock"

$(VENV)/bin/uv:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)

lock: $(VENV)/bin/uv
	$(LOCK) $(UPGRADE) requirements.txt -o requirements.lock
	$(LOCK) $(UPGRADE) -c requirements.lock requirements-dev.txt -o requirements-dev.lock

upgrade:
	$(MAKE) lock UPGRADE=--upgrade

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_content

# SITE_URL is the address every printed, mailed or fed link starts with; here the
# one runserver serves (exported to the demo and migrate steps too, which keep
# Wagtail's default Site to it). The admin's own links follow it.
run: export SITE_URL := http://127.0.0.1:$(PORT)
run: demo
	$(MANAGE) ensure_admin
	$(MANAGE) ensure_demo_partner
	$(MANAGE) ensure_demo_roles
	@echo "Serving http://127.0.0.1:$(PORT)/ (admin at http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# On SQLite by default; set DATABASE_URL=postgres://... to run on PostgreSQL.
# Coverage (branch) is measured and printed, with the 20 slowest tests;
# `make test COVERAGE=` skips the measuring (CI measures once, on SQLite).
# After a whole measured run (no PYTEST_ARGS narrowing it) the coverage floors
# are checked: tests/coverage_floors.py prints each floor and its figure.
# The tests run in TEST_WORKERS processes (pytest-xdist, two for the machine's
# two cores; TEST_WORKERS=0 runs them in this one), each with its own test
# database, media folder and Redis database (REDIS_URL's number plus the
# worker's); `--dist loadgroup` hands each worker the tests in the suite's
# order (pytest-django's: plain database tests before transactional ones); tests
# of one xdist_group (sharing one fixed resource) take turns through a file lock
# (tests/conftest.py, one_at_a_time). Bytecode is written (PYTHONDONTWRITEBYTECODE emptied) so the next run
# does not rewrite every test module's asserts again.
TEST_WORKERS ?= 2
COVERAGE ?= --cov --cov-report=term
test: $(VENV)/.installed-dev
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(COVERAGE) \
		--durations=20 $(PYTEST_ARGS)
ifneq ($(strip $(COVERAGE)),)
ifeq ($(strip $(PYTEST_ARGS)),)
	$(PY) -m tests.coverage_floors
endif
endif

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(PY) -m home.translation_check

# Gather the site's strings into locale/*/LC_MESSAGES/django.po, then compile
# the .mo files Django reads (commit both; `make lint` checks they agree).
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages $(foreach l,cy pl ro ur bn ar,-l $(l)) --no-location \
		--ignore=.venv --ignore=tests --ignore=static --ignore=node_modules --ignore="*/migrations/*"
	$(PY) manage.py compilemessages --ignore=.venv

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

clean:
	rm -rf $(VENV) tmp staticfiles

# One run, one table (bench/run.py): gunicorn on loopback, PostgreSQL when reachable;
# then bench/compare.py: uncached pages, static files and query counts beside
# bakerydemo (checked out with its venv in BAKERYDEMO_DIR, default tmp/bakery).
bench: $(VENV)/.installed-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py
	$(PY) bench/compare.py

# The demo ballot's pictures, vendored (committed) so nothing is fetched at run
# time or in CI. npm installs the pinned openmoji package in a temporary folder
# and only the SVGs named in the manifest are copied. Graphics: CC BY-SA 4.0.
# Atkinson Hyperlegible (Braille Institute), made for readers with low vision:
# the Latin and Latin Extended (Welsh, Polish, Romanian) regular and bold WOFF2 files and the SIL Open Font Licence, from the
# pinned @fontsource npm package, vendored in static/fonts/ (never fetched at run time).
FONT_VERSION := 5.3.0
FONTS := static/fonts/atkinson-hyperlegible
fonts:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	npm install --prefix "$$tmp" --no-save --no-audit --no-fund --ignore-scripts @fontsource/atkinson-hyperlegible@$(FONT_VERSION) >/dev/null && \
	mkdir -p $(FONTS) && \
	for subset in latin latin-ext; do for weight in 400 700; do for style in normal italic; do \
		cp "$$tmp/node_modules/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-$$subset-$$weight-$$style.woff2" $(FONTS)/ || exit 1; \
	done; done; done && \
	cp "$$tmp/node_modules/@fontsource/atkinson-hyperlegible/LICENSE" $(FONTS)/LICENSE-OFL-1.1.txt

OPENMOJI_VERSION := 17.0.0
PICTOGRAMS := static/img/pictograms
pictograms:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	npm install --prefix "$$tmp" --no-save --no-audit --no-fund --ignore-scripts openmoji@$(OPENMOJI_VERSION) >/dev/null && \
	grep -v '^#' $(PICTOGRAMS)/manifest.txt | while read -r name hexcode; do \
		[ -n "$$name" ] || continue; \
		cp "$$tmp/node_modules/openmoji/color/svg/$$hexcode.svg" "$(PICTOGRAMS)/$$name.svg" || exit 1; \
	done && \
	cp "$$tmp/node_modules/openmoji/LICENSE.txt" "$(PICTOGRAMS)/LICENSE-CC-BY-SA-4.0.txt"
