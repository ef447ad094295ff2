# `make run` and `make test` are the whole set-up: the first call creates
# .venv and installs the pinned dependencies (constraints.txt).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run test lint typecheck format manage bench lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m papers_site.dev.run

test: $(STAMP)
	$(BIN)/python -m pytest -n $${TEST_WORKERS:-auto} --maxprocesses=4 $(PYTEST_ARGS)

# ruff, and the import contracts (pyproject.toml [tool.importlinter]): apps depend one way.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# mypy with django-stubs on apps/ and papers_site/; the Django plugin imports
# the settings, which only need the URLs to be well-formed here.
typecheck: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgresql://typecheck@localhost/typecheck} \
	REDIS_URL=$${REDIS_URL:-redis://localhost:6379/0} DJANGO_DEBUG=true $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Any management command against the same (embedded or configured) servers:
#   make manage ARGS="createsuperuser"
manage: $(STAMP)
	$(BIN)/python -m papers_site.dev.services $(BIN)/python manage.py $(ARGS)

# The site in production mode (gunicorn) under load, one scenario at a time, against
# the same servers and data as `make manage`; prints figures (README "Load benchmark"):
#   make bench ARGS="--users 16 --duration 20 --scenarios daily,search-rare"
bench: $(STAMP)
	$(BIN)/python -m papers_site.dev.services $(BIN)/python manage.py load_benchmark $(ARGS)

# Re-pin every dependency after editing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
	rm -rf .lock-venv

# README screenshots, against a running `make run`:
#   make screenshots                  (http://127.0.0.1:$PORT, default 8000)
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots.py --base-url http://127.0.0.1:$${PORT:-8000}

clean:
	rm -rf $(VENV) var
