"""`make test` is the whole set-up: a test whose program or package is missing fails, never skips."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).with_name("conftest.py")

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
    import conftest

    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(conftest.REQUIREMENTS) == {"dot", "torch", "browser", "notebooks"}
    assert set(conftest.REQUIREMENTS) <= registered
