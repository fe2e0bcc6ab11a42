# Two commands set up and run everything: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test serve publish check clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

build: $(STAMP)
	$(BIN)/invoke build

test: $(STAMP) node_modules/.installed
	$(BIN)/invoke test

serve: $(STAMP)
	$(BIN)/invoke serve

publish: $(STAMP)
	$(BIN)/invoke publish

check: $(STAMP)
	$(BIN)/invoke check

clean:
	rm -rf output .warta-cache test-artifacts
