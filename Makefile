# make site   builds the demo site into site/
# make test   runs the whole suite (lint, layering, unit, build and browser tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-properdocs site-zensical test serve screenshots bench lint lock clean

# A new lock file gets a new environment: nothing installed under an older one may decide a build.
$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

# The same demo built by ProperDocs, the maintained continuation of MkDocs 1.x (same mkdocs.yml).
site-properdocs: $(STAMP)
	$(BIN)/properdocs build --strict -f mkdocs.yml -d site-properdocs

# The same demo built by Zensical, which loads no third-party plugins: `policy export` writes the site as
# a docs tree (pages as Markdown holding our HTML, the record as it is), which Zensical publishes as it is.
site-zensical: $(STAMP)
	rm -rf site-zensical.export
	$(BIN)/policy export site-zensical.export
	cd site-zensical.export && $(abspath $(BIN))/zensical build --clean
	rm -rf site-zensical && mv site-zensical.export/site site-zensical

serve: $(STAMP)
	$(BIN)/mkdocs serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2 -q

# Pinned day, so the upcoming-version and translation-behind banners are in the pictures whatever the date.
SCREENSHOT_AS_OF ?= 2026-12-01
screenshots: $(STAMP)
	POLICY_AS_OF=$(SCREENSHOT_AS_OF) $(BIN)/mkdocs build --strict -d site-screenshots
	$(BIN)/python -m tests.browser.screenshots site-screenshots screenshots

bench: $(STAMP)
	$(BIN)/python -m benchmarks --sizes 10x10,50x50

# Refresh the lock file after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf site site-properdocs site-zensical site-zensical.export .cache screenshots
