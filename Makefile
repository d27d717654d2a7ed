# The project's vocabulary: run, test, lint, bench, demo. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint format demo bench migrate clean pictograms

# Stamp files make repeat runs fast: pip runs again only when a requirements file changes.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_content

run: demo
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) ensure_admin
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) ensure_demo_partner
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

# One run, one table (bench/run.py): gunicorn on loopback, PostgreSQL when reachable.
bench: $(VENV)/.installed-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

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
