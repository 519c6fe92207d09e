# Two commands on a fresh machine with only Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test unit bench schemas lint lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: install
	$(BIN)/shuangkong run

test: install
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

unit: install
	$(BIN)/python -m pytest -q tests/unit

bench: install
	$(BIN)/python -m bench $(ARGS)

schemas: install
	$(BIN)/shuangkong schemas

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Re-resolve the pinned dependency set (needs the registry).
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra containers --extra bench -q -o requirements.lock

# As root the cluster lives outside the clone (docs/decisions.md §1): remove it too.
clean:
	-@test ! -x $(BIN)/python || $(BIN)/python -c "from libs.runtime.postgres import discard; discard('.run/pg')"
	rm -rf $(VENV) .run
