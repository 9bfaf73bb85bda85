# The commands of the README: `make demo`, `make test` and `make notebooks`.  Each sets everything up
# first: the system programs (graphviz's `dot`, Chromium and its driver) where they can be installed,
# and a .venv with the project and all its extras, PyTorch's CPU build included.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
EXTRAS := dev,viz,notebooks,torch
comma  := ,
# The stamp names the extras it installed and is older than pyproject.toml when a dependency changed:
# either way an existing .venv is brought up to date.
STAMP  := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: setup system-deps demo test notebooks lint bench docs clean

setup: system-deps $(STAMP)

# graphviz's `dot` renders the diagrams; headless Chromium drives the player page in the tests.
system-deps:
	@PYTHON="$(PYTHON)" bash .ci/system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null 2>&1 || true
	rm -f $(VENV)/.installed*
	touch $(STAMP)

demo: setup
	$(PY) -m viz.demo

test: setup
	$(PY) -m pytest -q

# The class notebooks in JupyterLab (it opens a browser tab; stop it with Ctrl+C).  As root (a container,
# a lab machine) JupyterLab refuses to start without --allow-root.
notebooks: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks$(if $(filter 0,$(shell id -u)), --allow-root)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: setup
	$(PY) bench/bench.py

# The README's diagram and step table are the demo's own output, regenerated here; and the course's
# 2-3-1 network with its forward and backward values (viz/network_docs.py).
docs: setup
	$(PY) -c "from viz.demo import demo_trace_and_diagram; demo_trace_and_diagram('docs')"
	$(PY) -m viz.network_docs docs

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
