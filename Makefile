# hoso - the two commands that matter: `make demo` and `make test` (Debian/Ubuntu, as root).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTAMP := .hoso-system-deps
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
SAM_CLI_VERSION := 1.170.0
CHECKOV_VENV := .venv-checkov
CHECKOV := $(CHECKOV_VENV)/bin/checkov
CHECKOV_VERSION := 3.3.30
export OMP_THREAD_LIMIT := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install system-deps demo test test-fast lint typecheck cfn-lint checkov bench eval up clean build validate deploy

help:
	@echo "make demo   - install everything and run the sample dossiers through the local stack"
	@echo "make test   - install everything and run lint, type checks and the test suite"
	@echo "make bench  - OCR benchmark (docs/benchmarks.md)"
	@echo "make load   - N dossiers (LOAD_N, default 1000) through the local stack from parallel stations"
	@echo "make eval   - understanding on own, independent dev2-dev11 and holdout5-holdout10 corpora (docs/benchmarks.md)"
	@echo "make up     - run the local stack (hoso up)"
	@echo "make validate - before a deploy: cfn-lint, sam validate --lint, checkov (make checkov)"
	@echo "make digits-model - retrain the handwritten-digit classifier (hoso/ocr/digits.npz)"
	@echo "make lock   - re-pin requirements.lock and the core layer's requirements"
	@echo "make screenshots - the console's screenshots in docs/img (docs/console.md)"

# System packages: Tesseract with Vietnamese, DejaVu fonts. Skipped when already present.
system-deps:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie \
	    && tesseract --list-langs 2>/dev/null | grep -qx osd; then \
	  echo "tesseract with vie+osd present"; \
	else \
	  if [ "$$(id -u)" != 0 ]; then echo "need root to apt-get install tesseract-ocr tesseract-ocr-vie" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd fonts-dejavu-core >/dev/null; \
	fi
	@# the console's browser tests (tests/browser): Debian's Chromium, driven by Playwright
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" != 0 ]; then echo "need root to apt-get install chromium" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v $(PY) >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null; }
	@$(PY) -c "import venv, ensurepip" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }

# Python packages: the pinned versions of requirements.lock, then hoso itself (editable).
$(STAMP): pyproject.toml requirements.lock
	$(MAKE) system-deps
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Re-pin after changing the dependencies in pyproject.toml (kept versions stay;
# `make lock LOCK_FLAGS=--upgrade` takes the newest), then regenerate the core layer's
# requirements from the lock (infra/layer_requirements.py). Linux x86_64, glibc >= 2.28.
.PHONY: lock
lock: install
	$(BIN)/uv pip compile pyproject.toml --all-extras --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" \
	  --quiet $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/python infra/layer_requirements.py

demo: install
	$(BIN)/hoso demo

up: install
	$(BIN)/hoso up

# ruff (style, complexity limits) and import-linter (the architecture: [tool.importlinter] in
# pyproject.toml)
lint: install
	$(BIN)/ruff check layers functions tests infra
	$(BIN)/ruff format --check layers functions tests infra
	$(BIN)/lint-imports

# mypy strict: the packages ([tool.mypy] in pyproject.toml), then the handlers one function at a
# time: each functions/<fn>/app.py is a top-level module `app` on Lambda, with its folder on the
# path (the API's `routes` package beside it), so one run per function (MYPYPATH=its folder).
typecheck: install
	$(BIN)/mypy
	for fn in functions/*/; do MYPYPATH=$$fn $(BIN)/mypy $$fn || exit 1; done

cfn-lint: install
	$(BIN)/cfn-lint template.yaml infra/operations.yaml

# checkov (policy checks of both stacks): 0 failed; a check that does not apply is skipped
# inline with its reason (Metadata: checkov: skip:, tests/unit/test_template_security.py).
# Part of `make validate`, not of `make test`: its venv takes ~50 s to install and the run
# ~15 s, which `make test` (~18 of its 20 minutes) cannot spare; the unit test keeps the
# skips honest there.
checkov: $(CHECKOV)
	$(CHECKOV) --framework cloudformation --quiet --compact --skip-download -f template.yaml -f infra/operations.yaml

$(CHECKOV):
	$(PY) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install -q --upgrade pip
	$(CHECKOV_VENV)/bin/pip install -q checkov==$(CHECKOV_VERSION)

# tests/unit/test_layer.py builds the core layer with the SAM CLI ($$SAM).
test: install corpus-fonts lint typecheck cfn-lint $(SAM)
	SAM=$(abspath $(SAM)) $(BIN)/pytest -q --durations=15

test-fast: install
	$(BIN)/pytest -q -m "unit and not slow"

bench: install
	$(BIN)/python tests/bench/ocr_bench.py --pages 50 --out docs/benchmarks.md

# The pipeline under load (tests/bench/load.py): LOAD_N dossiers from LOAD_STATIONS parallel
# uploaders through a fresh `hoso up`, every manifest put twice; counts of lost and duplicated
# records, events and dossier numbers (exit 1 if any), throughput beside raw Tesseract on the
# same page images (the ratio), latency, CPU, requests, peak RSS; then the AWS cost model.
LOAD_N ?= 1000
LOAD_STATIONS ?= 8
.PHONY: load
load: install corpus-fonts
	$(BIN)/python tests/bench/load.py --n $(LOAD_N) --stations $(LOAD_STATIONS) --raw \
	  --work .hoso/load --json .hoso/load.json
	$(BIN)/python tests/bench/cost.py .hoso/load.json

# Understanding on every corpus (docs/benchmarks.md): hoso's own samples (regression), the
# independent corpus's dev seeds and its holdout seeds (run on finished code only). A corpus
# not on this machine is generated and read first (about 25 minutes each on 2 cores).
eval: install corpus-fonts
	$(BIN)/python tests/bench/understand_eval.py --n 240 \
	  --corpora own,dev2,dev3,dev4,dev5,dev6,dev7,dev8,dev9,dev10,dev11,holdout5,holdout6,holdout7,holdout8,holdout9,holdout10 --out docs/benchmarks.md --json .hoso/eval.json

# The console's screenshots in docs/console.md, taken by its browser tests.
.PHONY: screenshots
screenshots: install
	mkdir -p docs/img
	HOSO_SCREENSHOTS=$(abspath docs/img) $(BIN)/pytest -q tests/browser/test_console.py

# The console's libraries (functions/api/console/vendor/, committed: nothing is fetched at run
# time or by `make test`), re-copied from the npm registry at the versions of
# infra/console/package-lock.json.
.PHONY: console-vendor
console-vendor:
	cd infra/console && npm ci --no-audit --no-fund
	cp infra/console/node_modules/htm/preact/standalone.module.js functions/api/console/vendor/preact-htm.mjs
	cp infra/console/node_modules/chart.js/dist/chart.umd.min.js functions/api/console/vendor/chart.umd.min.js

# The handwritten-digit classifier (layers/core/hoso/ocr/digits.npz, committed): trained on
# fonts from the npm registry that the evaluation corpus does not use (infra/digits/train.py).
.PHONY: digits-model
digits-model: install
	$(BIN)/python infra/digits/train.py

# The SAM CLI in a venv of its own (SAM_VENV): its pins (boto3, click, pydantic...) clash with
# the lock.
$(SAM):
	$(PY) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install -q --upgrade pip
	$(SAM_VENV)/bin/pip install -q aws-sam-cli==$(SAM_CLI_VERSION)

# SAM: `sam build` calls layers/core/Makefile (BuildMethod: makefile) for the core layer (no
# Docker: `$(SAM) build CoreLayer`) and builds OcrFunction's image (Docker).
build: $(SAM)
	PIP="$(abspath $(SAM_VENV))/bin/python -m pip" $(SAM) build

# Deploying (infra/README.md): `make validate`, `make deploy ENV=dev|staging|prod`.
validate: install $(SAM) $(CHECKOV)
	BIN=$(BIN) SAM=$(SAM) CHECKOV=$(CHECKOV) infra/validate.sh

deploy: install $(SAM)
	BIN=$(BIN) SAM=$(SAM) infra/deploy.sh $(ENV)

clean:
	rm -rf .hoso .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .aws-sam build \
	  *.egg-info

# Fonts of the independent evaluation corpus (tests/corpus): Debian fonts-liberation2 and
# fonts-freefont-ttf, handwriting faces from npm (@fontsource, merged into .hoso/fonts/).
.PHONY: corpus-fonts
corpus-fonts: install
	$(BIN)/python -m tests.corpus.fonts
