# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench browser screenshots

$(BIN)/python:
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/securebase demo --if-empty
	$(BIN)/streamlit run dashboard/server.py --server.headless true --browser.gatherUsageStats false

# The browser test needs Debian's Chromium; without it (or root to install it) that test skips.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
		echo "chromium not installed: the browser test will be skipped"

test: install browser
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench.append
	$(BIN)/python -m bench.projections
	$(BIN)/python -m bench.dashboard

screenshots: install browser
	$(BIN)/python -m bench.screenshots docs
