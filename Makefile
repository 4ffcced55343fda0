# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
URL := http://127.0.0.1:8000

.PHONY: run test setup database catalogs lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

catalogs: $(STAMP)
	$(BIN)/kiosk translate compile > /dev/null

setup: $(STAMP) catalogs

database: setup
	$(BIN)/kiosk db upgrade
	$(BIN)/kiosk load-reference
	$(BIN)/kiosk seed-demo --if-empty --jobs 2000

## run: a station on SQLite with demo data, at http://127.0.0.1:8000
run: database
	@echo "Station running at $(URL)  (Ctrl+C to stop)"
	$(BIN)/gunicorn --config gunicorn.conf.py 'kiosk:create_app()'

## test: the whole test suite (browser tests use Debian's Chromium)
test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/search.py --jobs 100000
	$(BIN)/python bench/slips.py

clean:
	rm -rf $(VENV) instance .pytest_cache
