"""Run Python code in a fresh interpreter where importing numpy, matplotlib or yaml raises ImportError.

The browser page (issue 19) runs the engine, the formula language, the DOT writer and the grader in
Pyodide, which has none of the three; :func:`run_without` checks a path of the project needs none.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

__all__ = ["BLOCKED", "run_without"]

#: The packages the browser page has no build of.
BLOCKED = ("numpy", "matplotlib", "yaml")

_BLOCKER = """
import importlib.abc, sys
class _Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError("blocked for this test: " + name)
        return None
sys.meta_path.insert(0, _Blocked())
"""


def run_without(code: str, blocked: tuple[str, ...] = BLOCKED, timeout: float = 120) -> str:
    """Run ``code`` (dedented) with ``blocked`` unimportable, from the repository's root; return its
    stdout, or fail with its stderr (the traceback names the import that needed a blocked package)."""
    program = _BLOCKER.format(blocked=set(blocked)) + textwrap.dedent(code)
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", program], cwd=root, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"needed a blocked package ({', '.join(blocked)}):\n{done.stderr}"
    return done.stdout
