# The project's vocabulary: run, test, lint, bench, demo. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint format demo bench migrate clean lock upgrade pictograms

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
test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

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
