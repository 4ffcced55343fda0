# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
#: The locked, hashed dependencies (`make lock` writes them from pyproject.toml).
LOCKS := requirements/station.txt requirements/test.txt
UV := .uv/bin/uv
LOCK := $(UV) pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command 'make lock' $(LOCK_FLAGS) pyproject.toml requirements/build.in

.PHONY: run test setup database catalogs lint lock bench clean

# Exactly what the lock says (the tests' lock holds the runtime one), then the project itself
# on top without letting pip resolve anything: a changed lock reinstalls.
$(STAMP): pyproject.toml setup.py $(LOCKS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

catalogs: $(STAMP)
	$(BIN)/kiosk translate compile > /dev/null

setup: $(STAMP) catalogs

database: setup
	$(BIN)/kiosk db upgrade
	$(BIN)/kiosk load-reference
	$(BIN)/kiosk seed-demo --if-empty --jobs 2000

## run: a station on SQLite with demo data, at http://127.0.0.1:8000 (KIOSK_BIND=0.0.0.0:8000
## for phones on the station's Wi-Fi); gunicorn prints the addresses it really answers at
run: database
	@echo "Starting the station (Ctrl+C to stop)"
	$(BIN)/gunicorn --config gunicorn.conf.py 'kiosk:create_app()'

#: Test processes (pytest-xdist): browser and server tests mostly wait, so three keep a
#: two-core box busy; a module's tests stay in one process (its module-scoped hub, servers and
#: built wheel are made once). TEST_WORKERS=0 runs them all in this one process.
TEST_WORKERS ?= 3

## test: the whole test suite (browser tests use Debian's Chromium)
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

## lock: re-resolve requirements/*.txt; pins that still fit stay (LOCK_FLAGS=--upgrade moves them)
lock: $(UV)
	$(LOCK) -o requirements/station.txt
	$(LOCK) --extra test -o requirements/test.txt

# uv resolves the lock; it lives apart from .venv, which is built from the lock.
$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet 'uv>=0.5,<1'

bench: setup
	$(BIN)/python bench/search.py --jobs 100000
	$(BIN)/python bench/slips.py

clean:
	rm -rf $(VENV) .uv build instance .pytest_cache
