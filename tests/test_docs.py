"""The README's Python examples run as written, and the docstring examples hold."""

from __future__ import annotations

import contextlib
import doctest
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def readme_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_python_examples() -> None:
    assert len(readme_blocks()) >= 5


def test_readme_examples_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One namespace for the whole README, run in a scratch folder (examples may write files)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "readme"}
    for i, block in enumerate(readme_blocks()):
        code = compile(block, f"README.md block {i + 1}", "exec")
        exec(code, namespace)  # the project's own README, not user text


@pytest.mark.parametrize("module", ["autograd", "autograd.value", "autograd.ops", "autograd.functional"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_readme_diagram_is_the_demos_current_output(tmp_path: Path) -> None:
    """docs/ holds what `make docs` writes; a change to the diagrams must regenerate it."""
    from viz.examples import demo_trace_and_diagram

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/neurona_relu.svg)" in readme and (ROOT / "docs" / "neurona_relu.svg").exists()
    import graphviz

    # without graphviz's `dot` the DOT and Markdown files are still written, before the SVG fails
    with contextlib.suppress(graphviz.ExecutableNotFound):
        demo_trace_and_diagram(tmp_path)
    for name in ("neurona_relu.dot", "neurona_relu_pasos.md"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (ROOT / "docs" / name).read_text(encoding="utf-8")
