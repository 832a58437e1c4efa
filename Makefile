# Course book: two set-up commands on a fresh machine with Python 3.11 —
#   make book   create .venv if missing, install the pinned environment, build the HTML book
#   make test   unit + property tests, nbval over every notebook, strict book build
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# Linux/Windows without an NVIDIA GPU: TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
# gets the CPU wheel of torch instead of the multi-GB CUDA build (see README).
TORCH_INDEX_URL ?=
INSTALLED := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going
HTML := $(CURDIR)/_build/html/index.html

.PHONY: install book test unit notebooks lab student bench lint format lock clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml requirements/lock.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "retailsim needs Python >= 3.11; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(TORCH_INDEX_URL),$(BIN)/python -m pip install torch==2.13.0 --index-url $(TORCH_INDEX_URL))
	$(BIN)/python -m pip install -c requirements/lock.txt -e '.[test]'
	@touch $@

book: $(INSTALLED)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "HTML book: $(HTML)"

test: $(INSTALLED)
	$(BIN)/pytest
	$(MAKE) --no-print-directory book

unit: $(INSTALLED)
	$(BIN)/pytest tests

notebooks: $(INSTALLED)
	$(BIN)/pytest notebooks

lab: $(INSTALLED)
	$(BIN)/jupyter lab notebooks

student: $(INSTALLED)
	$(BIN)/python scripts/make_student.py notebooks student
	@echo "Student notebooks (no solutions): $(CURDIR)/student"

bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py --json _build/benchmarks.json

lint: $(INSTALLED)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# Re-pin requirements/lock.txt from the current environment (after changing pyproject.toml).
lock: $(INSTALLED)
	$(BIN)/python scripts/write_lock.py requirements/lock.txt

clean:
	rm -rf _build student
