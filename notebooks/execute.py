"""Execute notebooks top to bottom and save them with their outputs (for committing).

    .venv/bin/python notebooks/execute.py                 # every notebook in this folder
    .venv/bin/python notebooks/execute.py 01_*.ipynb      # some of them

Each notebook runs in a fresh kernel from its own folder, with matplotlib's Agg backend; the
file is replaced atomically, so an interrupted run never leaves half a notebook.  The tests
(`tests/test_notebooks.py`) run the same executor, without saving.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
TIMEOUT = 600  # seconds per cell


def execute(path: Path, save: bool = True) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel; with ``save``, write it back (atomically) with its outputs."""
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    if save:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".ipynb.tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                nbformat.write(nb, handle)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return nb


def main(argv: list[str]) -> int:
    paths = [HERE / a for a in argv] if argv else sorted(HERE.glob("[0-9]*.ipynb"))
    for path in paths:
        print(f"executing {path.name} …", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
