"""Shared test set-up: hypothesis profiles and the markers for optional programs.

* ``ci`` profile (used when ``CI`` is set): no deadline, derandomized, so CI is reproducible.
* ``dev`` profile (default): no deadline either (timing is for ``bench/``, never for tests).
* ``@pytest.mark.dot`` tests need graphviz's ``dot``; ``make test`` installs it, and CI has it.
* ``@pytest.mark.torch`` tests are skipped when PyTorch is not importable.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    no_dot = shutil.which("dot") is None
    no_torch = importlib.util.find_spec("torch") is None
    for item in items:
        if no_dot and "dot" in item.keywords:
            if os.environ.get("CI"):
                raise pytest.UsageError("graphviz's `dot` is missing in CI: .ci/system-deps should install it")
            item.add_marker(pytest.mark.skip(reason="graphviz's `dot` program is not installed"))
        if no_torch and "torch" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="PyTorch is not installed (pip install 'pizarra[torch]')"))
