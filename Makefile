# Two entry points for a fresh machine: `make run` and `make test`.
# Both create or refresh the Python 3.10 virtual environment from the pinned
# requirements, then make the demo database if it is missing.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

WIDGET := web/node_modules/rasa-webchat/lib/index.js

.PHONY: run test bench venv demo-data system-packages clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt scripts/find-python310
	@python310=$$(scripts/find-python310) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		rm -rf $(VENV) && $$python310 -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

venv: $(STAMP)

# The chat widget, from npm (pinned by web/package-lock.json), served from local files.
$(WIDGET): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(WIDGET)

# Chromium for the browser tests; nginx, PostgreSQL and Redis for the topology tests (Debian packages).
system-packages:
	@scripts/install-system-packages

demo-data: $(STAMP)
	$(PY) -m renewal demo make

## Runs the assistant: action server, Rasa server, the support page with the chat widget,
## demo data and a trained model, on the SQLite default.
run: demo-data $(WIDGET)
	@scripts/run-assistant

## Runs every test: lint (ruff), types (mypy), then pytest.
test: $(STAMP) $(WIDGET) system-packages
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

## Writes the benchmark report (results/bench/report.md; over an hour, most of it cross-validating Rasa's default pipeline).
bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis web/node_modules test-artifacts
