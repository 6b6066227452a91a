# Baomi — see README.md. `make run` and `make test` work on a fresh Debian 12 machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install system-deps run test lint bench migrate demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@scripts/install-system-deps.sh

install: system-deps $(STAMP)

migrate: install
	PYTHON=$(PY) scripts/migrate.sh

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo

run: install
	scripts/run.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -ll -r accounts approvals archives assessment audit clearance config core exams offboarding onboarding personnel reports training -x '*/migrations/*' 
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: install lint
	$(VENV)/bin/pytest

bench: install
	scripts/bench.sh

clean:
	rm -rf $(VENV) var db.sqlite3
