"""The package a school installs: ``make dist``'s wheel and sdist, installed into fresh virtual environments.

Once per session the wheel and the sdist are built with ``python -m build`` (as ``make dist`` does, the wheel
from the sdist), and the wheel is installed into new venvs that see nothing of this source tree: each command
runs from a folder of its own, without ``PYTHONPATH``, so a module or a data file left out of the package (the
player's ``page.js``, a word table) fails here.  ``pip install pizarra`` is the light install (the engine,
``nn``, the command's formula and classroom commands); ``pizarra[viz]`` adds the pictures.  pip fetches the
dependencies from the package index (its cache keeps a second run fast): the tests are marked ``dist``.
"""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import autograd

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"autograd", "nn", "viz"}
#: The browser page's own files: read from a clone by viz.web.build, not package data (see test below).
WEB_SOURCES = {"viz/web/app.css", "viz/web/app.js", "viz/web/index.html", "viz/web/package.json",
               "viz/web/package-lock.json", "viz/web/precompile.mjs"}
#: What the light install must not pull in: the pictures, PyTorch, Jupyter, scikit-learn.
HEAVY = {"matplotlib", "torch", "scikit-learn", "jupyterlab", "notebook", "ipykernel", "ipywidgets", "nbclient",
         "graphviz", "pillow", "pypdf", "pandas"}
README_FIRST_BLOCK = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)[0]

pytestmark = pytest.mark.dist


@dataclass(frozen=True)
class Built:
    wheel: Path
    sdist: Path
    source: Path  # the copy of the tree they were built from


@dataclass(frozen=True)
class Venv:
    """A fresh virtual environment with the wheel installed, and an empty folder to run its commands in."""

    path: Path
    work: Path

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` (``python``, ``pizarra``: the venv's) in the empty folder, with nothing of the source tree
        on the path and without the user's site-packages."""
        done = subprocess.run([str(self.path / "bin" / argv[0]), *argv[1:]], cwd=self.work, env=_outside(),
                              capture_output=True, text=True, timeout=300, check=False)
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(argv)} failed in the installed package ({done.returncode}):\n{done.stderr}",
                        pytrace=False)
        return done

    def packages(self) -> dict[str, str]:
        """``pip list`` of the venv: each distribution's normalized name and its version."""
        done = _pip(self.path, "list", "--format", "json")
        return {re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in json.loads(done.stdout)}


def _outside() -> dict[str, str]:
    """This environment without what would show a venv this tree or the user's packages."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    return {**env, "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg"}


def _pip(venv: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """This pip, run on the venv's interpreter (``--python``): it sees the venv's packages, not this tree."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(venv / "bin" / "python")]
    done = subprocess.run([*command, *argv], capture_output=True, text=True, timeout=600, check=False, env=_outside(),
                          cwd=venv)
    if done.returncode != 0:
        pytest.fail(f"pip {' '.join(argv)} failed:\n{done.stderr[-3000:]}", pytrace=False)
    return done


#: What a clone does not have: what set-ups, builds and runs leave in the tree (an old ``pizarra.egg-info`` would
#: hand setuptools its list of files, so a data file left out of package-data would still be packaged).
LEFT_BY_RUNS = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "dist", "out", "__pycache__", "*.pyc",
                                      "node_modules", ".*_cache", ".hypothesis", ".ipynb_checkpoints")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sdist and the wheel of this tree, built as ``make dist`` builds them (the wheel from the sdist), from a
    copy of the tree as a fresh clone has it."""
    source = tmp_path_factory.mktemp("clone") / "pizarra"
    shutil.copytree(ROOT, source, ignore=LEFT_BY_RUNS)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True,
                          text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"python -m build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}", pytrace=False)
    (wheel,), (sdist,) = out.glob("*.whl"), out.glob("*.tar.gz")
    return Built(wheel, sdist, source)


def _venv(tmp_path_factory: pytest.TempPathFactory, name: str, requirement: str) -> Venv:
    """A new venv (no pip of its own: this pip installs into it) with ``requirement`` installed."""
    path = tmp_path_factory.mktemp(name) / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120)
    # --no-compile: the .pyc files are written on first import instead (pip's compiling is most of the time here)
    _pip(path, "install", "--quiet", "--no-compile", requirement)
    return Venv(path, tmp_path_factory.mktemp(f"{name}-work"))


@pytest.fixture(scope="session")
def installs(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Venv]:
    """``pip install pizarra`` (the light install) and ``pip install "pizarra[viz]"``, each in its own venv, made
    side by side (pip mostly waits: on the index, on the disk)."""
    wanted = {"base": str(built.wheel), "viz": f"{built.wheel}[viz]"}
    with ThreadPoolExecutor(len(wanted)) as pool:
        made = {name: pool.submit(_venv, tmp_path_factory, name, requirement) for name, requirement in wanted.items()}
        return {name: future.result() for name, future in made.items()}


@pytest.fixture(scope="session")
def base(installs: dict[str, Venv]) -> Venv:
    """``pip install pizarra``: the light install."""
    return installs["base"]


@pytest.fixture(scope="session")
def with_viz(installs: dict[str, Venv]) -> Venv:
    """``pip install "pizarra[viz]"``: the pictures too."""
    return installs["viz"]


def _package_files(source: Path) -> set[str]:
    """Every file of the three packages in the tree ``source`` that belongs in the wheel: modules and data."""
    files = {p.relative_to(source).as_posix() for package in PACKAGES for p in (source / package).rglob("*")
             if p.is_file()}
    return files - WEB_SOURCES


# --- what the wheel and the sdist hold -----------------------------------------------------------------

def test_the_wheel_holds_the_three_packages_with_all_their_files(built: Built) -> None:
    """Exactly autograd, nn and viz at top level (no tests, no bench), every module and data file of theirs:
    a data file that pyproject's package-data does not list is missing here."""
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        info = f"pizarra-{autograd.__version__}.dist-info"
        assert {n.split("/")[0] for n in names} == PACKAGES | {info}
        assert wheel.read(f"{info}/top_level.txt").decode().split() == sorted(PACKAGES)
        assert wheel.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    packaged, tree = {n for n in names if not n.startswith(info)}, _package_files(built.source)
    assert packaged == tree, (f"left out of the wheel: {sorted(tree - packaged)}; "
                              f"in it but not in the tree: {sorted(packaged - tree)}")


def test_the_sdist_holds_the_three_packages_and_no_tests(built: Built) -> None:
    with tarfile.open(built.sdist) as sdist:
        names = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    top = {n.split("/")[0] for n in names}
    assert top == PACKAGES | {"PKG-INFO", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in", "pyproject.toml",
                              "setup.cfg", "pizarra.egg-info"}
    assert {n for n in names if n.split("/")[0] in PACKAGES} >= _package_files(built.source)
    assert (built.source / "tests").is_dir() and (built.source / "bench").is_dir()  # there, and left out


def test_the_metadata_names_the_license_the_version_and_the_extras(built: Built) -> None:
    """One version: autograd.__version__ is the wheel's and the sdist's, and the light install's dependencies
    are pyproject's."""
    with zipfile.ZipFile(built.wheel) as wheel:
        meta = email.message_from_bytes(wheel.read(f"pizarra-{autograd.__version__}.dist-info/METADATA"))
    with tarfile.open(built.sdist) as sdist:
        member = sdist.extractfile(f"pizarra-{autograd.__version__}/PKG-INFO")
        assert member is not None
        sdist_meta = email.message_from_bytes(member.read())
    assert meta["Version"] == sdist_meta["Version"] == autograd.__version__
    assert built.wheel.name == f"pizarra-{autograd.__version__}-py3-none-any.whl"
    assert meta["License-Expression"] == "MIT" and meta["License-File"] == "LICENSE"
    assert set(meta.get_all("Provides-Extra")) == {"viz", "notebooks", "torch", "digits", "dev"}
    requires = meta.get_all("Requires-Dist")
    assert {re.split(r"[<>=]", r)[0] for r in requires if "extra ==" not in r} == {"numpy", "tqdm", "pyyaml"}
    assert any(r.startswith("build") and r.endswith('extra == "dev"') for r in requires)  # make dist needs it


# --- pip install pizarra: the light install ------------------------------------------------------------

def test_the_light_install_pulls_no_pictures_torch_jupyter_or_scikit_learn(base: Venv) -> None:
    installed = set(base.packages())
    assert not installed & HEAVY, f"pip install pizarra pulled {sorted(installed & HEAVY)}"
    assert installed - {"pip", "setuptools", "wheel"} == {"pizarra", "numpy", "tqdm", "pyyaml"}


def test_the_installed_package_is_the_wheel_s_and_says_its_version(base: Venv) -> None:
    """Not this tree: autograd is imported from the venv; ``pizarra --version`` and ``autograd.__version__``
    there agree with the wheel's metadata."""
    done = base.run("python", "-c", "import autograd, nn, viz; print(autograd.__file__); print(autograd.__version__)")
    where, version = done.stdout.split()
    assert Path(where).is_relative_to(base.path) and version == autograd.__version__
    assert base.packages()["pizarra"] == autograd.__version__
    assert base.run("pizarra", "--version").stdout == f"pizarra {autograd.__version__}\n"


def test_the_readme_s_first_block_runs_in_the_light_install(base: Venv) -> None:
    base.run("python", "-c", README_FIRST_BLOCK)


def test_the_formula_commands_run_in_the_light_install(base: Venv) -> None:
    out = base.run("pizarra", "steps", "w*x", "w=2", "x=3").stdout
    assert "∂(a·b)/∂a = b = 3" in out and "∂(a·b)/∂b = a = 2" in out
    assert "all 2 gradients agree" in base.run("pizarra", "check", "sigmoid(a*b)", "a=0.3", "b=-1.2").stdout


def test_nn_trains_in_the_light_install(base: Venv) -> None:
    """numpy and tqdm are in the light install: nn's data sets and training run there."""
    code = ("from nn import MLP, data, optim, train\n"
            "X, y = data.moons(20, noise=0.1, seed=0)\n"
            "model = MLP(2, [4, 1], activation='relu', seed=0)\n"
            "history = train.fit(model, X, y, loss='hinge', epochs=3, quiet=True, optimizer=optim.SGD(lr=0.1))\n"
            "print(history.epochs)")
    assert base.run("python", "-c", code).stdout.split()[-1] == "3"


def test_a_worksheet_is_written_and_graded_in_the_light_install(base: Venv) -> None:
    """The classroom's commands read and write YAML answers files: PyYAML is in the light install."""
    base.run("pizarra", "worksheet", "--kind", "neuron", "--seed", "4", "--lang", "es", "-o", "hojas")
    done = base.run("pizarra", "check-answers", "hojas/respuestas_neurona_4.yaml", check=False)
    assert done.returncode == 1 and "neurona 4" in done.stdout      # a blank sheet: every answer missing


def test_drawing_in_the_light_install_says_to_install_the_viz_extra(base: Venv) -> None:
    done = base.run("pizarra", "draw", "w*x", "w=2", "x=3", "-o", "g.svg", check=False)
    assert done.returncode == 2
    assert done.stderr == ("pizarra draw: error: pictures need pizarra's viz extra (the Python package graphviz is "
                           "not installed): pip install \"pizarra[viz]\"\n")


# --- pip install "pizarra[viz]": the pictures -----------------------------------------------------------

def test_the_viz_extra_adds_the_pictures_and_nothing_heavier(with_viz: Venv) -> None:
    installed = set(with_viz.packages())
    assert {"graphviz", "matplotlib", "pillow", "pypdf"} <= installed
    assert not installed & {"torch", "scikit-learn", "jupyterlab", "notebook", "ipykernel", "pandas"}


@pytest.mark.dot
def test_the_viz_extra_draws_and_writes_the_player_page(with_viz: Venv) -> None:
    """A diagram, and the player page, made of the package's data files (page.html, stage.html, page.css,
    page.js): one left out of the wheel fails the command."""
    with_viz.run("pizarra", "draw", "w*x", "w=2", "x=3", "-o", "g.svg")
    assert (with_viz.work / "g.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    with_viz.run("pizarra", "player", "tanh(w*x + b)", "w=0.5", "x=2", "b=-1", "--lang", "es", "-o", "p.html")
    page = (with_viz.work / "p.html").read_text(encoding="utf-8")
    assert (ROOT / "viz" / "player" / "page.js").read_text(encoding="utf-8") in page
    with_viz.run("python", "-c", "import matplotlib; from viz import plots")


def test_the_browser_page_is_built_from_a_clone_and_an_install_says_so(with_viz: Venv) -> None:
    """viz.web.build makes a wheel of the source tree and reads the page's files beside it, which are not
    package data: an installed pizarra names what it needs instead of failing halfway."""
    done = with_viz.run("python", "-m", "viz.web.build", "site", check=False)
    assert done.returncode == 2 and "clone of the repository" in done.stderr
    assert not (with_viz.work / "site").exists()


# --- make dist -------------------------------------------------------------------------------------------

def test_make_dist_builds_both_into_dist() -> None:
    make = shutil.which("make")
    assert make is not None, "not installed: make (apt-get install make)"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    commands = subprocess.run([make, "-n", "-B", "--no-print-directory", "dist"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True).stdout.splitlines()
    assert commands[-1] == ".venv/bin/python -m build --outdir dist ."
    assert "dist/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
