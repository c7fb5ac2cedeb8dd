# The two commands of README.md: `make sheet` builds the solution sheet, `make test` runs the tests.
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: sheet test bench

sheet: $(VENV)/.installed
	$(BIN)/dgmderive build

test: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_build.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# MathJax 3, with which the tests typeset what a notebook shows (needs Node.js and npm)
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@
