"""The package boundaries hold: ``import autograd`` is standard library only, ``import viz`` is light.

Each check runs in a fresh interpreter and reads ``sys.modules``, so an eager import anywhere in the
chain shows up as a failure naming the module that came in.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def modules_after(statement: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after running ``statement`` in a fresh interpreter."""
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_import_autograd_needs_only_the_standard_library() -> None:
    loaded = modules_after("import autograd, autograd.ops, autograd.gradcheck, autograd.trace")
    at_start = modules_after("pass")  # what the interpreter's site set-up loads before any import
    outside = sorted(m for m in loaded - at_start - set(sys.stdlib_module_names) if m != "autograd")
    assert not outside, f"import autograd loads {outside}: the engine core is standard library only"


@pytest.mark.parametrize("statement", ["import viz", "import viz; viz.draw, viz.network, viz.player, viz.parse"])
def test_import_viz_loads_no_plotting_grading_or_networks(statement: str) -> None:
    heavy = modules_after(statement) & {"matplotlib", "yaml", "nn", "tqdm", "IPython", "ipywidgets"}
    assert not heavy, f"{statement!r} loads {sorted(heavy)}"


def test_the_classroom_is_loaded_when_used_and_pyyaml_when_a_yaml_file_is_read(tmp_path: Path) -> None:
    loaded = modules_after("import viz; viz.check_answers")
    assert "nn" in loaded and "yaml" not in loaded  # grading needs no PyYAML (the browser page has none)
    path = tmp_path / "answers.yaml"
    path.write_text("expression: w*x\nvariables: {w: 2, x: 3}\nanswers: {dL/dw: 3}\n", encoding="utf-8")
    assert "yaml" in modules_after(f"import viz; viz.load_answers({str(path)!r})")


def test_each_engine_file_is_small_and_speaks_only_of_the_engine() -> None:
    """autograd/ files stay readable (at most about 450 lines) and hold no classroom or picture words."""
    vocabulary = re.compile(r"\b(worksheets?|grad(?:ing|er|ed)|players?|plots?|exercises?|answers?|viz)\b", re.I)
    for path in sorted((ROOT / "autograd").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 450, f"{path.name} has {len(text.splitlines())} lines"
        assert not vocabulary.findall(text), f"{path.name} speaks of {sorted(set(vocabulary.findall(text)))}"


@pytest.mark.parametrize("name", ["network", "playground", "cli"])
def test_network_playground_and_cli_are_subpackages(name: str) -> None:
    """viz's parts with several files each are packages of their own, not name prefixes of flat modules."""
    assert (ROOT / "viz" / name / "__init__.py").is_file()
    assert not list((ROOT / "viz").glob(f"{name}_*.py")), f"viz/{name}_*.py should live in viz/{name}/"


def test_viz_playground_stays_callable_after_a_submodule_is_imported() -> None:
    """Importing ``viz.playground.figure`` rebinds ``viz.playground`` to the package: it is still the function."""
    code = ("import viz, viz.playground.figure\n"
            "pg = viz.playground(data='xor', hidden=[2], seed=0)\n"
            "print(type(pg).__name__, callable(viz.network), callable(viz.draw))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["Playground", "True", "True"]


def test_python_dash_m_viz_cli_is_the_pizarra_command() -> None:
    done = subprocess.run([sys.executable, "-m", "viz.cli", "steps", "w*x", "w=2", "x=3"], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    assert "∂" in done.stdout
