# brandkit: `make build` writes the full kit for the sample spec, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install build test lint bench clean

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

build: install
	$(BIN)/brandkit build --sheet SRA3 --bundle

test: install
	$(BIN)/ruff check brandkit tests bench scripts
	$(BIN)/ruff format --check brandkit tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python bench/badges.py
	$(BIN)/python bench/print_shop.py

clean:
	rm -rf $(VENV) output
