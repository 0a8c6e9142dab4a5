# Two entry points for a fresh machine: `make run` and `make test`.
# Both create or refresh the Python 3.10 virtual environment from the pinned
# requirements, then make the demo database if it is missing.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv demo-data clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt scripts/find-python310
	@python310=$$(scripts/find-python310) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		rm -rf $(VENV) && $$python310 -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

venv: $(STAMP)

demo-data: $(STAMP)
	$(PY) -m renewal demo make

## Runs the assistant: everything that exists so far, on the SQLite default.
run: demo-data
	@scripts/run-assistant

## Runs every test.
test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
