# Quick start on a fresh machine with Python 3.11+:  make train  |  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WORKDIR ?= runs/default_badd
CONFIG ?= experiments/neural_gpu/badd.py

.PHONY: install train test lint bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The default experiment: Neural GPU on binary addition, on the local CPU (rerun to resume).
train: $(STAMP)
	$(BIN)/python -m algolearn.train --config=$(CONFIG) --workdir=$(WORKDIR)

test: $(STAMP)
	$(BIN)/ruff check algolearn tests experiments launch
	$(BIN)/python -m pytest -q -n 2 --durations=10 tests

lint: $(STAMP)
	$(BIN)/ruff check algolearn tests experiments launch
	$(BIN)/ruff format --check algolearn tests experiments launch

bench: $(STAMP)
	$(BIN)/python -m algolearn.bench neural_gpu --filters 24 --length 20 --batch 32

clean:
	rm -rf $(VENV) *.egg-info
