"""One error root: everything pizarra raises on bad input is a PizarraError and the built-in a caller expects."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

import autograd
import viz
from autograd import PizarraError, Value
from tests.course import every_module

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # wherever the file sits
BUILT_INS = ("ValueError", "TypeError")


def plain_built_ins(source: str) -> list[int]:
    """The lines of ``source`` that raise, make or hand over a plain ValueError or TypeError."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name) and node.exc.id in BUILT_INS:
            lines.append(node.lineno)  # raise ValueError
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in BUILT_INS:
                lines.append(node.lineno)  # ValueError(...), raised or returned
            elif node.func.id not in ("isinstance", "issubclass"):  # an error factory: finite_float(x, w, ValueError)
                given = [*node.args, *(k.value for k in node.keywords)]
                lines += [a.lineno for a in given if isinstance(a, ast.Name) and a.id in BUILT_INS]
    return sorted(lines)


def test_the_scan_finds_each_way_of_raising_a_plain_built_in() -> None:
    source = ("def f(x):\n    raise ValueError('bad')\n"
              "def g():\n    return TypeError('bad')\n"
              "def h(x):\n    return finite_float(x, 'x', ValueError, value_error=TypeError)\n"
              "def k(e):\n    raise TypeError\n"
              "def fine(e):\n    return isinstance(e, ValueError)\n")
    assert plain_built_ins(source) == [2, 4, 6, 6, 8]


def test_nn_and_viz_raise_no_plain_value_or_type_error() -> None:
    found = {f"{path.relative_to(ROOT)}:{line}" for package in ("nn", "viz")
             for path in sorted((ROOT / package).rglob("*.py")) for line in plain_built_ins(path.read_text())}
    assert not found, f"raise a PizarraError (NNError, VizError, …) instead: {sorted(found)}"


def _error_classes() -> dict[str, type[BaseException]]:
    """Every public exception class defined in autograd, nn and viz that is a ValueError or a TypeError."""
    return {f"{module.__name__}.{name}": value for module in every_module() for name, value in vars(module).items()
            if inspect.isclass(value) and value.__module__ == module.__name__
            and issubclass(value, (ValueError, TypeError)) and not name.startswith("_")}


def test_every_value_or_type_error_class_of_pizarra_is_a_pizarra_error() -> None:
    classes = _error_classes()
    assert {"nn.words.NNError", "nn.words.NNTypeError", "viz.errors.VizError", "viz.errors.VizTypeError",
            "viz.classroom.errors.AnswerFileError", "viz.classroom.formula_errors.FormulaError",
            "viz.cli.messages.CommandError", "autograd.errors.DomainError"} <= set(classes)
    assert [name for name, cls in classes.items() if not issubclass(cls, PizarraError)] == []


def test_the_root_sits_above_the_engine_errors() -> None:
    assert issubclass(autograd.AutogradError, PizarraError)
    assert not issubclass(PizarraError, (ValueError, TypeError))


def _bad_inputs() -> list[tuple[str, Callable[[], object], type[Exception], str]]:
    """Real mistakes a class makes, each with the built-in it must also be and its message."""
    import nn.data
    from nn.init import make_rng
    from nn.optim import StepDecay
    from viz.classroom.formula import Formula
    from viz.classroom.worksheet import worksheet

    return [
        ("nn: a sample of the wrong length", lambda: nn.MLP(2, [3])([1.0]), ValueError, "MLP expects 2 input"),
        ("nn: a sample with no order", lambda: nn.Neuron(2)({1.0, 2.0}), TypeError, "no order of its own"),
        ("nn: a seed that is not one", lambda: make_rng("seed"), TypeError, "seed must be an int"),
        ("nn: a schedule that never steps", lambda: StepDecay(0.1, every=0), ValueError, "every must be ≥ 1"),
        ("nn: too few samples", lambda: nn.data.moons(1), ValueError, "needs at least 2 samples"),
        ("nn: a misspelt activation", lambda: nn.MLP(2, [1], activation="rleu"), ValueError, "did you mean relu"),
        ("viz: a number drawn as a graph", lambda: viz.draw(3), TypeError, "root must be a Value"),
        ("viz: an unknown direction", lambda: viz.draw(Value(1.0), rankdir="XX"), ValueError, "rankdir must be"),
        ("viz: a network of nothing", lambda: viz.network(), ValueError, "give a model, or weights="),
        ("classroom: an unknown worksheet", lambda: worksheet("nope"), ValueError, "unknown kind 'nope'"),
        ("classroom: a formula cut short", lambda: Formula("x +"), ValueError, "column"),
        ("text: a language pizarra does not speak", lambda: viz.draw(Value(1.0), notation="fr"), ValueError,
         "unknown language 'fr'"),
        ("text: a notation that is not one", lambda: viz.network(weights=[[[0.5]]], notation=3), TypeError,
         "notation= is a Notation or a language code"),
        ("text: a decimal mark that is not one", lambda: autograd.Notation("es", decimal=";"), ValueError,
         "decimal must be"),
    ]


@pytest.mark.parametrize("case", _bad_inputs(), ids=lambda case: case[0])
def test_bad_input_raises_a_pizarra_error_that_is_also_the_built_in(
        case: tuple[str, Callable[[], object], type[Exception], str]) -> None:
    _, call, built_in, message = case
    with pytest.raises(PizarraError, match=message) as caught:
        call()
    assert isinstance(caught.value, built_in)
    other = TypeError if built_in is ValueError else ValueError
    assert not isinstance(caught.value, other)
