# Tessere: `make run` starts the demo, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint types unit browser bench messages clean-db

help:
	@echo "make run    install everything, create and seed the SQLite database, start Tessere on http://$(HOST):$(PORT)"
	@echo "make test   install everything and run lint, types, unit, integration and browser tests"
	@echo "make bench  performance benchmarks"

.tools/bin/uv:
	@echo "uv not found: installing it in .tools/"
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: .venv/.synced node_modules/.installed

run: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --no-input -v 0
	@$(PY) manage.py demo_logins
	@echo "Tessere: http://$(HOST):$(PORT)/  (Ctrl-C to stop the server, its worker and its schedule)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --interval 1 & \
	  $(PY) manage.py run_schedule --loop & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

types: install
	.venv/bin/mypy tessere conftest.py

unit: install
	$(PY) -m pytest -m "not browser" -q

browser: install
	$(PY) -m pytest -m browser -q

test: install lint types
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) -m pytest -q

bench: install
	$(PY) -m tessere.bench

messages: install
	cd tessere && ../$(PY) ../manage.py makemessages -l it -l en --no-obsolete --ignore "node_modules/*" && ../$(PY) ../manage.py compilemessages

clean-db:
	rm -f var/tessere.sqlite3 var/tessere.sqlite3-wal var/tessere.sqlite3-shm
