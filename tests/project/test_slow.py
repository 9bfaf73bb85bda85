"""The million-node graphs are marked ``slow``: ``pytest -m "not slow"`` leaves them out, and ``make test`` (plain
``pytest -q``, see test_setup.py) runs them, since no option of the project deselects them."""

from __future__ import annotations

import shlex

import pytest

from tests.autograd import test_backward

#: The tests that build a graph of a million nodes.
MILLION = ("test_million_node_chain_needs_no_recursion", "test_million_node_fan_in")


@pytest.mark.parametrize("name", MILLION)
def test_a_million_node_test_is_marked_slow(name: str) -> None:
    marks = {mark.name for mark in getattr(getattr(test_backward, name), "pytestmark", [])}
    assert "slow" in marks


def test_the_project_options_deselect_nothing(pytestconfig: pytest.Config) -> None:
    options = shlex.split(" ".join(pytestconfig.getini("addopts")))
    assert "-m" not in options and not any(o.startswith(("-m=", "--markexpr", "-k")) for o in options), options
