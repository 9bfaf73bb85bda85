"""The README works block by block: each ``python`` example runs alone, as a reader would paste it.

Each block runs in a fresh interpreter, in an empty folder (examples write files), with the project
on the path: a block that leans on a name from an earlier block fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
HEADING = re.compile(r"^#{2,4} (.+)$", re.MULTILINE)


def readme_blocks() -> list[tuple[str, str]]:
    """Each ``python`` block with a name for it: its section's heading and its number there."""
    blocks, count = [], {}
    for match in BLOCK.finditer(README):
        headings = HEADING.findall(README, 0, match.start())
        section = headings[-1] if headings else "top"
        count[section] = count.get(section, 0) + 1
        blocks.append((f"{section} #{count[section]}", match.group(1)))
    return blocks


def _param(name: str, code: str) -> object:
    """A block that renders a diagram or a player page needs graphviz's `dot`."""
    needs_dot = ".render(" in code or "player(" in code or ".pipe(" in code
    return pytest.param(code, id=name, marks=[pytest.mark.dot] if needs_dot else [])


def test_readme_has_python_examples() -> None:
    assert len(readme_blocks()) >= 5


@pytest.mark.parametrize("code", [_param(name, code) for name, code in readme_blocks()])
def test_readme_block_runs_on_its_own(code: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"this README block fails when run on its own:\n{code}\n{result.stderr}", pytrace=False)


def test_readme_says_how_to_reach_the_command_and_the_notebooks() -> None:
    assert "`.venv/bin/pizarra`" in README and "source .venv/bin/activate" in README
    assert "make notebooks" in README and "JupyterLab" in README
    assert '-m "not torch"' in README        # how to run the tests without a missing program
