"""A drawing command in the light install (``pip install pizarra``, without the ``viz`` extra) says what to
install, in the class's language, instead of a traceback; here the extra's packages are blocked in a fresh
interpreter.  tests/project/test_dist.py runs the same command in a real light install."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from viz.cli.commands import _VIZ_EXTRA

ROOT = Path(__file__).resolve().parents[2]
CODE = """
import json, sys
for name in {blocked!r}:
    sys.modules[name] = None              # import name raises ModuleNotFoundError, as when it is not installed
from viz.cli import main
import contextlib, io
err = io.StringIO()
with contextlib.redirect_stderr(err):
    status = main({argv!r})
print(json.dumps([status, err.getvalue()]))
"""


def run_without_viz(argv: list[str], tmp_path: Path) -> tuple[int, str]:
    code = CODE.format(blocked=list(_VIZ_EXTRA), argv=argv)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    status, err = json.loads(done.stdout.splitlines()[-1])
    return status, err


def test_the_blocked_packages_are_the_viz_extra() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extra = re.search(r"^viz = \[(.*)\]$", pyproject, re.M)
    assert extra is not None
    names = {re.split(r"[<>=]", name.strip().strip('"'))[0] for name in extra.group(1).split(",")}
    assert {"PIL" if n == "Pillow" else n for n in names} == set(_VIZ_EXTRA)


@pytest.mark.parametrize("command, output", [("draw", "g.svg"), ("player", "p.html"), ("slides", "s.pdf")])
def test_a_drawing_command_says_to_install_the_viz_extra(command: str, output: str, tmp_path: Path) -> None:
    status, err = run_without_viz([command, "w*x", "w=2", "x=3", "-o", output], tmp_path)
    assert status == 2 and err == (f"pizarra {command}: error: pictures need pizarra's viz extra (the Python package "
                                   "graphviz is not installed): pip install \"pizarra[viz]\"\n")
    assert not list(tmp_path.iterdir())                    # nothing written


def test_it_says_so_in_spanish(tmp_path: Path) -> None:
    status, err = run_without_viz(["network", "--kind", "two-layer", "--seed", "1", "--lang", "es", "-o", "red.svg"],
                                  tmp_path)
    assert status == 2 and err == ("pizarra network: error: los dibujos necesitan el extra viz de pizarra (no está "
                                   "instalado el paquete de Python graphviz): instalarlo con pip install "
                                   "\"pizarra[viz]\"\n")


def test_a_formula_command_runs_without_the_viz_extra(tmp_path: Path) -> None:
    status, err = run_without_viz(["check", "w*x", "w=2", "x=3"], tmp_path)
    assert status == 0 and err == ""
