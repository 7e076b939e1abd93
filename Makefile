# One entry point for developers and CI. Everything runs from a private virtualenv in .venv, which
# is (re)installed whenever a requirements file changes, so a fresh clone needs only python3.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
REQUIREMENTS := $(shell find . -name 'requirements*.txt' -not -path './.venv/*' -not -path './.erp/*' -not -path '*/node_modules/*')

.PHONY: run test bench clean

run: $(VENV)/.installed
	$(PY) -m tools.run $(ARGS)

test: $(VENV)/.installed
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

bench: $(VENV)/.installed
	$(PY) -m bench $(ARGS)

clean:
	rm -rf .erp

$(VENV)/pyvenv.cfg:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/pyvenv.cfg $(REQUIREMENTS)
	$(PIP) install -r requirements-dev.txt
	touch $@
