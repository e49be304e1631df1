# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench

$(BIN)/python:
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/securebase demo --if-empty
	$(BIN)/streamlit run dashboard/streamlit_app.py --server.headless true --browser.gatherUsageStats false

test: install
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench.append
	$(BIN)/python -m bench.projections
