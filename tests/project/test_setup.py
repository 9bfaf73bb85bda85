"""`make test` is the whole set-up: it installs what the tests need, and a test whose program or package
is missing fails (never skips) saying what to install."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"

MARKED = '''
import pytest

@pytest.mark.dot
def test_draws():
    pass

def test_plain():
    pass
'''


@pytest.fixture
def without_dot(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with our conftest, one ``dot`` test and one plain test, and no ``dot`` on the PATH."""
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_marked=MARKED)
    empty = pytester.mkdir("empty-bin")
    monkeypatch.setenv("PATH", str(empty))
    return pytester


def test_missing_program_fails_and_says_what_to_install(without_dot: pytest.Pytester) -> None:
    result = without_dot.runpytest("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, errors=1)
    out = result.stdout.str()
    assert "skipped" not in out
    assert "not installed: graphviz's `dot` program (apt-get install graphviz), which this test needs" in out
    assert 'pytest -m "not dot"' in out
    assert "not installed (`make test` installs them)" in out        # the summary at the end, once


def test_deselecting_the_marker_runs_the_rest(without_dot: pytest.Pytester) -> None:
    result = without_dot.runpytest("-p", "no:cacheprovider", "-m", "not dot")
    result.assert_outcomes(passed=1, deselected=1)
    assert "not installed" not in result.stdout.str()


@pytest.mark.dot
def test_installed_program_runs_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_marked=MARKED)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_every_marker_with_requirements_is_registered(pytestconfig: pytest.Config) -> None:
    """``--strict-markers`` knows them, so ``-m "not torch"`` deselects real tests, not a typo."""
    from tests import conftest

    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(conftest.REQUIREMENTS) == {"dot", "torch", "browser", "web", "notebooks", "dist"}
    assert set(conftest.REQUIREMENTS) <= registered


# --- the Makefile: `make test` installs what the tests need ------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def make_dry_run(folder: Path, *targets: str) -> list[str]:
    """The commands ``make -n`` would run in ``folder`` (nothing is run), one per line."""
    make = shutil.which("make")
    assert make is not None, "not installed: make (apt-get install make)"
    # under `make test` this runs inside make: drop its variables, or it prints "Entering directory"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    out = subprocess.run([make, "-n", "--no-print-directory", *targets], cwd=folder, env=env, capture_output=True,
                         text=True, check=True)
    return out.stdout.splitlines()


def installs(commands: list[str]) -> bool:
    return any("pip install" in c and "-e" in c for c in commands)


def test_make_test_sets_everything_up_then_runs_pytest() -> None:
    commands = make_dry_run(ROOT, "-B", "test")           # -B: as on a fresh clone
    assert any(c.endswith("bash .ci/system-deps") for c in commands)
    install = next(c for c in commands if "pip install" in c and "-e" in c)
    assert '".[dev,viz,notebooks,torch,digits]"' in install
    assert commands[-1] == ".venv/bin/python -m pytest -q"


def test_an_old_venv_is_updated(tmp_path: Path) -> None:
    """The stamp names the extras and is older than a changed pyproject.toml: both reinstall."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "system-deps").write_text("exit 0\n")
    venv = tmp_path / ".venv"
    venv.mkdir()
    (venv / ".installed").touch()                          # made by an older Makefile, without torch
    assert installs(make_dry_run(tmp_path, "test"))
    stamp = venv / ".installed-dev-viz-notebooks-torch-digits"
    stamp.touch()
    os.utime(tmp_path / "pyproject.toml", (1_000_000_000, 1_000_000_000))
    assert not installs(make_dry_run(tmp_path, "test"))    # up to date: straight to pytest
    os.utime(tmp_path / "pyproject.toml", None)            # a dependency changed
    os.utime(stamp, (1_000_000_000, 1_000_000_000))
    assert installs(make_dry_run(tmp_path, "test"))


def test_torch_is_pinned_to_the_cpu_build() -> None:
    """A range would let pip take a multi-gigabyte CUDA build of a newer release."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^torch = \["torch==2\.13\.0"\]$', pyproject, re.M)


def test_ci_runs_make_test_and_nothing_else() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["make test"]


def test_make_web_builds_the_site_then_serves_it() -> None:
    commands = make_dry_run(ROOT, "-B", "web")
    assert any(c.endswith("bash .ci/system-deps") for c in commands)
    build = commands.index(".venv/bin/python -m viz.web.build build/web")
    assert commands[-1] == ".venv/bin/python -m http.server 8000 --bind 127.0.0.1 --directory build/web"
    assert build < len(commands) - 1
    assert make_dry_run(ROOT, "-B", "web-build")[-1] == ".venv/bin/python -m viz.web.build build/web"
    deps = (ROOT / ".ci" / "system-deps").read_text(encoding="utf-8")
    assert "need+=(nodejs)" in deps and "need+=(npm)" in deps  # npm ci fetches the page's pinned parts


def test_make_notebooks_opens_jupyterlab() -> None:
    command = make_dry_run(ROOT, "-B", "notebooks")[-1]
    as_root = " --allow-root" if os.getuid() == 0 else ""     # JupyterLab refuses root without it
    assert command == ".venv/bin/jupyter lab --notebook-dir=notebooks" + as_root
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    notebooks_extra = next(line for line in pyproject.splitlines() if line.startswith("notebooks = ["))
    assert '"jupyterlab' in notebooks_extra
