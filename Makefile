# Löfte – the two commands in the README, and a few helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint serve worker clean lock audit nightly

# Dependencies are installed from a lock file pinned with hashes (requirements/dev.lock);
# `make lock` regenerates it from pyproject.toml.
$(STAMP): pyproject.toml requirements/dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Löfte kräver Python 3.11 eller senare.")'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/lofte demo

test: $(STAMP)
	$(BIN)/python scripts/run_tests.py

lint: $(STAMP)
	$(BIN)/ruff check lofte bench scripts
	$(BIN)/mypy lofte
	$(BIN)/lint-imports

serve: $(STAMP)
	$(BIN)/lofte serve

worker: $(STAMP)
	$(BIN)/lofte worker

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache

lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 -q -o requirements/dev.lock
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 -q -o requirements/base.lock

audit: $(STAMP)
	$(BIN)/python scripts/audit_dependencies.py --strict

# The longer runs that do not belong in every CI run: API fuzzing with 500 examples per
# operation (OpenAPI and Open311) and the 10-minute load test against PostgreSQL.
nightly: $(STAMP)
	LOFTE_FUZZ_EXAMPLES=500 $(BIN)/pytest tests/reliability/test_api_fuzz.py tests/reliability/test_open311_fuzz.py
	$(BIN)/python bench/load_test.py
