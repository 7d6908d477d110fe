# Career Guides. `make html` builds the sample site; `make test` runs the whole suite.
# Both set up .venv on first use (and again whenever pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: html publish serve devserver test lint browser java clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

html: $(STAMP)  ## build the site from content/ into output/
	$(BIN)/careerguides build -s pelicanconf.py

publish: $(STAMP)  ## build with publishconf.py: real SITEURL, absolute links
	$(BIN)/careerguides build -s publishconf.py

serve: $(STAMP)  ## serve output/ on http://127.0.0.1:$(PORT)/
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory output

devserver: $(STAMP)  ## rebuild on every change and serve on http://127.0.0.1:$(PORT)/, pages reload
	$(BIN)/careerguides serve -s pelicanconf.py --port $(PORT)

# apt-get as root (CI) or through sudo (a developer's machine).
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

# Browser tests drive Debian's Chromium through Playwright; never a downloaded browser.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(APT_INSTALL) chromium >/dev/null; }

# The quality checks run the Nu Html Checker (vnu-jar) on Debian's Java, and axe-core and
# Lighthouse (with Debian's Chromium) from npm, pinned by package-lock.json. Nothing downloads a
# browser or a JRE: install scripts are skipped (vnu-jar's would fetch Java), as are Puppeteer's.
java:
	@command -v java >/dev/null || { \
	  echo "installing Debian's Java runtime for the Nu Html Checker"; \
	  $(APT_INSTALL) default-jre-headless >/dev/null; }

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "installing Debian's Node.js and npm"; $(APT_INSTALL) nodejs npm >/dev/null; }
	PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) browser java $(NPM_STAMP) lint  ## the whole suite (browser, Nu checker, axe, Lighthouse included)
	$(BIN)/pytest

clean:
	rm -rf output .output.* cache .pytest_cache

bench: $(STAMP)  ## build benchmarks (not part of `make test`): ratios vs plain Pelican, see bench/README.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)
