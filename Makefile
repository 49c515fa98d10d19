# Developer entry points. `make run` and `make test` work on a fresh machine:
# they create .venv, install pmsdesk with its test tools, then run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench samples clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Open the desktop app (the first run asks: set up my organisation, or explore the demo).
run: $(STAMP)
	scripts/ensure-qt-system-libs
	$(BIN)/python scripts/catalogues.py compile >/dev/null
	$(BIN)/pmsdesk $(if $(DB),--db $(DB))

## Run the whole test suite headless (the same command CI runs).
test: $(STAMP)
	VENV=$(VENV) scripts/run-tests

## Measure speed and memory against the raw floors (SCALE=small|full); figures in bench/RESULTS.md.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench --scale $(or $(SCALE),full)

## Print docs/samples/ again: one PDF of each report kind from fresh demo databases.
samples: $(STAMP)
	$(BIN)/python scripts/samples.py

clean:
	rm -rf $(VENV) build dist *.egg-info
