"""The docstring examples hold, and the README's diagram is the demo's current output.

(The README's Python examples are run by ``tests/test_readme.py``.)
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> list[str]:
    """Every module of the three packages, so a new module's docstring examples are run too."""
    import pkgutil

    names = []
    for package in ("autograd", "nn", "viz"):
        names.append(package)
        path = [str(ROOT / package)]
        names += [m.name for m in pkgutil.walk_packages(path, prefix=f"{package}.") if not m.name.endswith("__main__")]
    return sorted(names)


@pytest.mark.parametrize("module", _modules())
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_readme_diagram_is_the_demos_current_output(tmp_path: Path) -> None:
    """docs/ holds what `make docs` writes; a change to the diagrams must regenerate it."""
    from viz.demo import demo_trace_and_diagram

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/neurona_relu.svg)" in readme and (ROOT / "docs" / "neurona_relu.svg").exists()
    import graphviz

    # without graphviz's `dot` the DOT and Markdown files are still written, before the SVG fails
    with contextlib.suppress(graphviz.ExecutableNotFound):
        demo_trace_and_diagram(tmp_path)
    for name in ("neurona_relu.dot", "neurona_relu_pasos.md"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (ROOT / "docs" / name).read_text(encoding="utf-8")
