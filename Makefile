# Career Guides. `make html` builds the sample site; `make test` runs the whole suite.
# Both set up .venv on first use (and again whenever pyproject.toml changes).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: html publish serve devserver test lint browser clean bench

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

devserver: $(STAMP)  ## rebuild on every change and serve on http://127.0.0.1:$(PORT)/
	$(BIN)/pelican content -s pelicanconf.py -o output --autoreload --listen --bind 127.0.0.1 --port $(PORT)

# Browser tests drive Debian's Chromium through Playwright; never a downloaded browser.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) browser lint  ## the whole suite
	$(BIN)/pytest

clean:
	rm -rf output .output.* cache .pytest_cache

bench: $(STAMP)  ## build benchmarks (not part of `make test`): ratios vs plain Pelican, see bench/README.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)
