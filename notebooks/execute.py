"""Execute notebooks top to bottom and save them with their outputs (for committing).

    .venv/bin/python notebooks/execute.py                 # every notebook in this folder
    .venv/bin/python notebooks/execute.py "01_*"          # some of them (names or patterns)

Each notebook runs in a fresh kernel from its own folder, with matplotlib's Agg backend; the
file is replaced atomically, so an interrupted run never leaves half a notebook.  Widget state is
dropped (it means nothing without a kernel), so the same notebook saves to the same bytes.  The tests
(`tests/project/test_notebooks.py`) run the same executor, without saving.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograd.files import write_atomic

HERE = Path(__file__).resolve().parent
TIMEOUT = 600  # seconds per cell
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


def execute(path: Path, save: bool = True) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel; with ``save``, write it back (atomically) with its outputs."""
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    # Live widget state holds random model ids and means nothing without a kernel; every
    # interactive cell also prints a static picture, which is what a repository page shows.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop("application/vnd.jupyter.widget-view+json", None)
            if isinstance(data.get("text/plain"), str):  # "<… at 0x7f…>" differs from run to run
                data["text/plain"] = _ADDRESS.sub(">", data["text/plain"])
    if save:
        write_atomic(path, nbformat.writes(nb) + "\n")
    return nb


def main(argv: list[str]) -> int:
    patterns = argv or ["[0-9]*.ipynb"]
    paths = sorted({p for pattern in patterns for p in HERE.glob(Path(pattern).name)})
    if not paths:
        print(f"no notebook in {HERE} matches {' '.join(patterns)}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"executing {path.name} …", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
