"""The docstring examples hold, and the README's diagram is the demo's current output.

(The README's Python examples are run by ``tests/project/test_readme.py``.)
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.dot
@pytest.mark.browser   # the player's picture is a screenshot in headless Chromium
def test_docs_folder_is_what_make_docs_writes(tmp_path: Path) -> None:
    """docs/ holds what `make docs` writes: a change to a picture must regenerate it (`make docs`)."""
    from viz.docs import write_docs

    written = write_docs(tmp_path)
    assert written, "make docs writes nothing"
    stale = []
    for path in written:
        committed = ROOT / "docs" / path.name
        if not committed.exists():
            stale.append(f"{path.name} is missing from docs/")
        elif path.suffix == ".png":
            from PIL import Image

            with Image.open(path) as new, Image.open(committed) as old:
                if new.size != old.size:
                    (w, h), (w0, h0) = new.size, old.size
                    stale.append(f"{path.name} is {w}×{h} px now, {w0}×{h0} in docs/")
        elif path.read_bytes() != committed.read_bytes():
            stale.append(f"{path.name} differs from docs/{path.name}")
    assert not stale, "docs/ is not what `make docs` writes now: " + "; ".join(stale) + " (run make docs)"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = [p.name for p in written if p.suffix in (".svg", ".png")]
    assert any(f"](docs/{name})" in readme for name in shown), "the README shows none of the docs pictures"
