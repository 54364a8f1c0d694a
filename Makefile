# Straeon: `make run` serves the demo, `make test` runs every test. Both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
DEMO_STORIES ?= 300
PYTEST_ARGS ?=
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint translations extract db system-deps browser-deps pdf-deps migrations-check clean

$(VENV)/.installed-run: setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# System packages: gettext is not needed (Babel compiles catalogues); Chromium runs the browser tests.
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "MISSING: $(CHROMIUM). Install Debian/Ubuntu's chromium package (sudo apt-get install chromium);"; \
	    echo "         until then the browser tests are skipped."; \
	  fi; \
	fi

# WeasyPrint (the PDF digests) needs Pango; the fonts themselves ship in static/fonts.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0
pdf-deps:
	@missing=$$(for p in $(PDF_DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Pango for the PDF digests: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "MISSING: $$missing (Pango, which WeasyPrint needs to make the PDF digests)."; \
	    echo "         Install them (sudo apt-get install $$missing); until then digests fail."; \
	  fi; \
	fi

translations: $(VENV)/.installed-run
	$(BIN)/pybabel compile -d translations --statistics

extract: $(VENV)/.installed-run
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k Nn_:1,2 -k ngettext:1,2 --no-location --sort-output \
	  --project=Straeon --copyright-holder="Straeon contributors" -o translations/messages.pot .
	test -f translations/cy/LC_MESSAGES/messages.po || $(BIN)/pybabel init -i translations/messages.pot -d translations -l cy
	$(BIN)/pybabel update -i translations/messages.pot -d translations -l cy --no-fuzzy-matching --ignore-obsolete

db: $(VENV)/.installed-run translations pdf-deps
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) setup --demo-stories $(DEMO_STORIES)
	$(FLASK) explore rollup

run: db
	@echo "Straeon on http://127.0.0.1:$(PORT)/  (story form: http://127.0.0.1:$(PORT)/cy/s/iwa/)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check app tests bench migrations/env.py
	$(BIN)/ruff format --check app tests bench

test: $(VENV)/.installed-test translations browser-deps pdf-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Upgrade from empty, check the models match the migrations, downgrade to empty: on a new
# SQLite file, or on a fresh <database>_migcheck beside DATABASE_URL's PostgreSQL database.
migrations-check: $(VENV)/.installed-run
	@set -e; url="$$($(BIN)/python migrations/scratch.py "$${DATABASE_URL:-}")"; \
	export DATABASE_URL="$$url"; \
	$(FLASK) db upgrade; $(FLASK) db check; $(FLASK) db downgrade base; \
	echo "migrations ok on $${url%%:*}"

clean:
	rm -rf $(VENV) instance/*.sqlite translations/*/LC_MESSAGES/*.mo
