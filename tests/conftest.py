"""Shared test set-up: hypothesis profiles, and what the marked tests need installed.

* ``ci`` profile (used when ``CI`` is set): no deadline, derandomized, so CI is reproducible.
* ``dev`` profile (default): no deadline either (timing is for ``bench/``, never for tests).
* Tests marked ``dot``, ``torch``, ``browser``, ``web``, ``notebooks`` or ``dist`` need programs or packages beyond the
  engine's.  ``make test`` installs all of them.  When one is missing, each test that needs it FAILS
  (it is never skipped: a skipped test is a test that does not run) with a message saying what to
  install; to run the rest without it, deselect the marker: ``pytest -m "not torch"``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

_EXTRA = "pip install -e '.[{}]'"


def _program(names: tuple[str, ...], what: str, install: str) -> Callable[[], str | None]:
    """A check that one of the programs ``names`` is on the PATH; returns what to install, or None."""
    return lambda: None if any(shutil.which(n) for n in names) else f"{what} ({install})"


def _module(name: str, install: str) -> Callable[[], str | None]:
    """A check that the Python package ``name`` can be imported; returns what to install, or None."""
    return lambda: None if importlib.util.find_spec(name) is not None else f"the Python package {name} ({install})"


#: For each marker: the checks of what its tests need.
REQUIREMENTS: dict[str, tuple[Callable[[], str | None], ...]] = {
    "dot": (_program(("dot",), "graphviz's `dot` program", "apt-get install graphviz"),),
    "torch": (_module("torch", _EXTRA.format("torch") + ", the CPU build torch==2.13.0"),),
    "browser": (
        _program(("chromium", "chromium-browser", "google-chrome"), "Chromium", "apt-get install chromium"),
        _program(("chromedriver",), "chromedriver", "apt-get install chromium-driver"),
        _module("selenium", _EXTRA.format("dev")),
    ),
    "web": (_program(("node", "nodejs"), "node", "apt-get install nodejs"),
            _program(("npm",), "npm", "apt-get install npm")),
    "dist": (_module("build", _EXTRA.format("dev")),),
    "notebooks": tuple(_module(name, _EXTRA.format("notebooks"))
                       for name in ("nbformat", "nbclient", "nbconvert", "ipykernel", "ipywidgets", "jupyterlab")),
}


@functools.cache
def missing(marker: str) -> tuple[str, ...]:
    """What the tests marked ``marker`` need and this machine lacks (checked once per run)."""
    return tuple(found for check in REQUIREMENTS[marker] if (found := check()) is not None)


def missing_message(marker: str, lacking: tuple[str, ...]) -> str:
    """The failure of a test whose requirement is missing: what to install, and how to run without it."""
    return (f"not installed: {' and '.join(lacking)}, which this test needs. `make test` installs "
            f"everything; to run the other tests without it: pytest -m \"not {marker}\"")


#: The requirements that failed tests in this run, for the summary at the end.
_failed: dict[str, tuple[str, ...]] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail (never skip) a marked test whose program or package is missing, before its fixtures run."""
    for marker in sorted({m.name for m in item.iter_markers()} & REQUIREMENTS.keys()):
        lacking = missing(marker)
        if lacking:
            _failed[marker] = lacking
            pytest.fail(missing_message(marker, lacking), pytrace=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Once at the end: each missing requirement that failed tests, and how to run without it."""
    if _failed:
        terminalreporter.section("not installed (`make test` installs them)", red=True)
        for marker, lacking in sorted(_failed.items()):
            terminalreporter.line(f"{', '.join(lacking)}: the tests marked `{marker}` failed "
                                  f"(to run the others without it: pytest -m \"not {marker}\")")
