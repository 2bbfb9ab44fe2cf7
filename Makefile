# The README's two commands: `make run` and `make test`. Each does every set-up step it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/scripts -type f 2>/dev/null) frontend/build.mjs frontend/index.html

.PHONY: run test bench install frontend migrate clean

# The Dockerfile runs the same steps: npm ci + npm run build, pip install -e ., heelstrong serve --migrate.
run: install frontend
	$(BIN)/heelstrong serve --migrate

test: install frontend
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "NOTE: Debian's chromium is not installed (apt-get install chromium): browser tests will be skipped$${CI:+, and fail because CI=true}."; \
	fi
	cd frontend && npm test --silent
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# BENCH_POSTGRES=postgresql+psycopg://postgres@127.0.0.1:5432/test_a adds the PostgreSQL run (it empties that database first: name a throwaway one);
# BENCH_ARGS="--workers 2" (or --concurrency, --seconds, --connections) varies it.
bench: install frontend
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m tests.perf.run $(if $(BENCH_POSTGRES),--postgres $(BENCH_POSTGRES)) $(BENCH_ARGS)
	$(BIN)/python -m tests.perf.engine_timing
	$(BIN)/python -m tests.perf.web

# Schemathesis, every phase, against a real server on a fresh SQLite file (not part of `make test`:
# minutes). FUZZ_ARGS="--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test_b" runs it on
# PostgreSQL instead (that database's public schema is dropped first); --max-examples N, --seed N.
.PHONY: fuzz
fuzz: install
	$(BIN)/python -m tests.security.schemathesis_run $(FUZZ_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

frontend: frontend/dist/index.html

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

migrate: install
	$(BIN)/heelstrong migrate

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
