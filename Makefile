# brandkit: `make build` writes the full kit for the sample spec, `make test` runs the tests,
# `make serve` opens the studio on http://127.0.0.1:8080/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install compile browser build serve test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.txt requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit("brandkit needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	@# CairoSVG (icons, thermal ticket logos) needs the cairo library, which no wheel carries.
	@ldconfig -p 2>/dev/null | grep -q 'libcairo.so.2' || { \
	  echo "installing the cairo library (Debian: libcairo2)"; \
	  apt-get update -qq && apt-get install -y -qq libcairo2 >/dev/null || \
	  { echo "brandkit needs libcairo2: apt-get install libcairo2 (or brew install cairo)"; exit 1; }; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# brandkit's modules compiled once, as pip does for an installed package: where
# PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile them again on every run.
compile: install
	@$(BIN)/python -m compileall -q brandkit

# The studio's browser tests drive Debian's Chromium (Playwright cannot download its own here).
browser:
	@test -x /usr/bin/chromium || { \
	  echo "installing Chromium for the studio's browser tests (Debian: chromium)"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null || \
	  { echo "the studio's browser tests need Chromium: apt-get install chromium"; exit 1; }; }

build: compile
	$(BIN)/brandkit build --sheet SRA3 --bundle

serve: compile
	$(BIN)/brandkit serve

test: install browser
	$(BIN)/ruff check brandkit tests bench scripts
	$(BIN)/ruff format --check brandkit tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: compile
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python bench/badges.py
	$(BIN)/python bench/print_shop.py

clean:
	rm -rf $(VENV) output
