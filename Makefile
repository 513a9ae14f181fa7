# Two commands do all the set-up: `make report` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= outputs

.PHONY: report test lab bench clean-cache clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/edm-tools run --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_corpus.py

clean-cache:
	rm -rf $${XDG_CACHE_HOME:-$$HOME/.cache}/edm_tools

clean:
	rm -rf $(VENV) build *.egg-info
