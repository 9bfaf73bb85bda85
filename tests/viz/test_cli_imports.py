"""``pizarra``'s formula commands load only what they use, so they answer at once.

Each command runs in a fresh interpreter (``viz.cli.main``, its output swallowed), which then prints the
modules it loaded: an eager import anywhere in the chain shows up as a failure naming the module.  What
they cost in time is the benchmark's (``bench/value_path.py``), not a test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: What no formula command needs: arrays, plots, networks, YAML, images, progress bars, notebooks.
HEAVY = ("numpy", "matplotlib", "nn", "yaml", "PIL", "tqdm", "IPython", "ipywidgets", "scipy", "torch")
#: What only a picture needs (``draw``), and importlib.metadata, which no command needs (the version is
#: ``autograd.__version__``).
PICTURES = ("graphviz", "viz.draw", "viz.network", "viz.player", "viz.plots", "viz.deck", "importlib.metadata")


def loaded_by(argv: list[str]) -> tuple[int, set[str]]:
    """The exit status of ``pizarra ARGV`` and every module in ``sys.modules`` after it, in a fresh interpreter."""
    code = ("import contextlib, io, json, sys\n"
            "from viz.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    status = main({argv!r})\n"
            "print(json.dumps([status, sorted(sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    status, modules = json.loads(done.stdout.splitlines()[-1])
    return status, set(modules)


def _within(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("argv", [["--help"], ["steps", "w*x", "w=2", "x=3"], ["check", "w*x", "w=2", "x=3"],
                                  ["steps", "--lang", "es", "tanh(w*x + b)", "w=0,5", "x=2", "b=-1"]],
                         ids=["help", "steps", "check", "steps-es"])
def test_a_formula_command_loads_neither_pictures_nor_arrays(argv: list[str]) -> None:
    status, modules = loaded_by(argv)
    assert status == 0
    assert "viz.classroom.formula" in modules or argv == ["--help"]
    assert not _within(modules, HEAVY), f"pizarra {' '.join(argv)} loads {_within(modules, HEAVY)}"
    assert not _within(modules, PICTURES), f"pizarra {' '.join(argv)} loads {_within(modules, PICTURES)}"


def test_draw_loads_the_graph_picture_only() -> None:
    status, modules = loaded_by(["draw", "w*x", "w=2", "x=3"])
    assert status == 0
    assert {"graphviz", "viz.draw"} <= modules
    assert not _within(modules, HEAVY), f"pizarra draw loads {_within(modules, HEAVY)}"
    others = ("viz.network", "viz.player", "viz.plots", "viz.deck", "importlib.metadata")
    assert not _within(modules, others), f"pizarra draw loads {_within(modules, others)}"


def test_version_loads_neither_pictures_nor_arrays() -> None:
    """``pizarra --version`` is ``autograd.__version__``: no package metadata to read, nothing heavy."""
    status, modules = loaded_by(["--version"])
    assert status == 0 and "autograd" in modules
    assert not _within(modules, HEAVY + PICTURES), f"pizarra --version loads {_within(modules, HEAVY + PICTURES)}"


def test_viz_loads_its_pictures_on_first_use_and_keeps_them_its_functions() -> None:
    """``import viz`` loads no graphviz; a picture's module, imported by its dotted name, leaves ``viz.draw`` (and
    ``viz.network``, ``viz.player``, ``viz.playground``) the function, as the CLI's lazy imports need."""
    code = ("import json, sys\n"
            "import viz\n"
            "light = 'graphviz' not in sys.modules and 'viz.draw' not in sys.modules\n"
            "import viz.draw, viz.network.diagram, viz.player.page, viz.playground.app\n"
            "from viz.draw import draw\n"
            "names = ('draw', 'network', 'player', 'playground')\n"
            "print(json.dumps([light, [callable(getattr(viz, n)) for n in names], viz.draw is draw]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    light, functions, same = json.loads(done.stdout.splitlines()[-1])
    assert light and functions == [True] * 4 and same
