# Vigía — one file of commands. `make run` to try it, `make test` to test it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VIGIA := $(VENV)/bin/vigia
export VIGIA_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint check bench release-check setup messages gazetteer eval-evidence eval-evidence-images dataset-evidence eval-linkage train-press eval-press clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Vigía needs Python 3.11 or newer (Debian: apt install python3 python3-venv).")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Could not create .venv: install python3-venv (Debian: apt install python3-venv)." >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,lint]'
	@touch $@

setup: $(VENV)/.installed

run: $(VENV)/.installed
	VIGIA_DEV=1 $(VIGIA) migrate --no-input
	VIGIA_DEV=1 $(VIGIA) demo load --if-empty
	VIGIA_DEV=1 $(VIGIA) serve --host 127.0.0.1 --port 8000

test: $(VENV)/.installed-test
	$(PY) tests/run_suites.py -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy vigia tests conftest.py $(wildcard bench/*.py)
	$(VENV)/bin/mypy $(wildcard bench/security/*.py)
	$(VENV)/bin/bandit -q -r vigia -ll -x '*/tests/*'

check: $(VENV)/.installed-test
	@data=$$(mktemp -d); keys=$$(mktemp -d); \
	  VIGIA_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  VIGIA_DATA_DIR=$$data VIGIA_KEY_FILE=$$keys/keyring.json VIGIA_ALLOWED_HOSTS=vigia.example.org \
	  $(VIGIA) check --deploy --fail-level WARNING
	VIGIA_DEV=1 VIGIA_DATA_DIR=$$(mktemp -d) $(VIGIA) makemigrations --check --dry-run
	$(PY) -m vigia.evidence.gazetteer --check

messages: $(VENV)/.installed-test
	cd vigia && VIGIA_DEV=1 ../$(VIGIA) makemessages -l es -l en --no-obsolete --no-location
	cd vigia && VIGIA_DEV=1 ../$(VIGIA) compilemessages

gazetteer: $(VENV)/.installed
	$(PY) -m vigia.evidence.gazetteer

eval-evidence: $(VENV)/.installed
	$(PY) -m vigia.evidence.eval

eval-evidence-images: $(VENV)/.installed
	$(PY) -m vigia.evidence.eval.images

dataset-evidence: $(VENV)/.installed
	$(PY) -m vigia.evidence.eval.make_dataset

train-press: $(VENV)/.installed
	$(PY) -m vigia.press.train

eval-press: $(VENV)/.installed
	$(PY) -m vigia.press.eval

eval-linkage: $(VENV)/.installed
	$(PY) -m vigia.linkage.eval

bench: $(VENV)/.installed-test
	@set -e; for b in bench/*.py; do echo "== $$b"; $(PY) $$b; done

# The full-size security checks of issue 10 (docs/operations.md, "Release checks"); each
# script ends with a RESULT line. All run; the target fails if any goal is missed.
SECURITY_CHECKS := bench/security/bruteforce.py bench/security/forgery.py bench/security/fuzz.py bench/security/canaries.py

release-check: $(VENV)/.installed-test
	@failed=""; for b in $(SECURITY_CHECKS); do echo "== $$b"; $(PY) $$b || failed="$$failed $$b"; done; \
	  if [ -n "$$failed" ]; then echo "release-check: goal missed in:$$failed" >&2; exit 1; fi

clean:
	rm -rf $(VENV) var
