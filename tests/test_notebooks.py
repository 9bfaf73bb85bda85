"""Every notebook runs top to bottom in a fresh kernel, and is committed in good shape.

The notebooks check their own key numbers with ``assert`` cells, so "it ran" means "its numbers
held".  They are committed with outputs, so they read well on a repository page.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))

pytestmark = pytest.mark.notebooks


def _executor():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("notebooks_execute", NOTEBOOKS / "execute.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["notebooks_execute"] = module
    spec.loader.exec_module(module)
    return module


def _texts(nb) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each code cell's printed text and plain-text results: what a reader reads as numbers."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        found = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                found.append(output.get("text", ""))
            elif "text/plain" in output.get("data", {}):
                found.append(output["data"]["text/plain"])
        texts.append(found)
    return texts


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_runs_top_to_bottom_as_committed(path: Path) -> None:
    """It runs without errors, and its printed numbers are the ones committed (outputs not stale)."""
    import nbformat

    committed = nbformat.read(path, as_version=4)
    nb = _executor().execute(path, save=False)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    assert _texts(nb) == _texts(committed), f"re-run and commit: .venv/bin/python notebooks/execute.py {path.name}"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_is_committed_with_outputs_and_exercises(path: Path) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "markdown", "a notebook opens with what it teaches"
    assert code and all(c.get("execution_count") for c in code), "commit notebooks executed"
    assert any("assert" in c.source for c in code), "a notebook checks its key numbers"
    last_markdown = [c for c in nb.cells if c.cell_type == "markdown"][-1].source.lower()
    assert "ejercicio" in last_markdown, "a notebook ends with exercises for the student"
    assert "../shared" not in "".join(c.source for c in nb.cells), "notebooks never read ../shared"
