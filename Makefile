# parity — the two commands a newcomer needs are `make report` and `make test`.
# Both create .venv when it is missing and install the project into it.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report test test-lowest check lint typecheck bench simulate sample-data clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "parity needs Python 3.11 or newer; set PYTHON=/path/to/python3.11"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install parity with its dev tools

report: install  ## run `parity report` on the bundled sample_data/
	$(BIN)/parity report sample_data/

test: install  ## run the whole test suite
	$(BIN)/python -m pytest

# pyproject.toml's lower bounds, kept honest: the suite on the lowest versions it allows
LOWEST := .venv-lowest

$(LOWEST)/.installed: pyproject.toml constraints-lowest.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "parity needs Python 3.11 or newer; set PYTHON=/path/to/python3.11"'
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(LOWEST)/bin/python -m pip install --quiet -c constraints-lowest.txt -e '.[dev]'
	@touch $@

test-lowest: $(LOWEST)/.installed  ## the test suite on the lowest versions pyproject.toml allows
	$(LOWEST)/bin/python -m pytest

lint: install  ## ruff
	$(BIN)/ruff check parity tests scripts
	$(BIN)/ruff format --check parity tests scripts

typecheck: install  ## mypy over all of parity/
	$(BIN)/mypy

check: lint typecheck test  ## ruff, mypy and the tests

bench: install  ## speed and memory against a bare DuckDB baseline (prints figures)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

simulate: install  ## simulation study of the statistics layer (prints figures)
	$(BIN)/python scripts/simulate.py

sample-data: install  ## regenerate sample_data/ with `parity demo`
	rm -f sample_data/*.csv
	$(BIN)/parity demo --out sample_data --rows 20000 --seed 7

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) $(LOWEST) .pytest_cache .mypy_cache .ruff_cache build dist
