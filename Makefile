# The two commands of the README: `make demo` and `make test`.  Both set everything up first:
# the system graphviz (`dot`) where it can be installed, a .venv with the project and its extras.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
EXTRAS := dev,viz,notebooks

.PHONY: setup system-deps demo test lint bench docs clean

setup: system-deps $(STAMP)

# graphviz's `dot` renders the diagrams; headless Chromium drives the player page in the tests.
system-deps:
	@bash .ci/system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null 2>&1 || true
	touch $(STAMP)

demo: setup
	$(PY) -m viz.demo

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: setup
	$(PY) bench/bench.py

# The README's diagram and step table are the demo's own output, regenerated here.
docs: setup
	$(PY) -c "from viz.examples import demo_trace_and_diagram; demo_trace_and_diagram('docs')"

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
