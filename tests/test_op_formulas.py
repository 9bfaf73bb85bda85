"""Every derivative's formula text says what its function computes, for every op of the table.

The op table writes each local derivative twice, side by side: as text for a class (``σ(a)·(1 − σ(a))``)
and as code (``out * (1.0 - out)``).  Here each text is evaluated at random points inside the op's
domain and away from its kinks, through the project's own formula parser (never ``eval``), after a
small fixed table turns display symbols into the parser's syntax, and compared with the function.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, ops
from autograd.ops import Derivative, Op
from autograd.testing import op_inputs
from viz.classroom.formula import Formula

#: Display symbols and the parser's spelling of them, applied in order.
DISPLAY_TO_PARSER: tuple[tuple[str, str], ...] = (
    (r"sign\(a\)", "(a/abs(a))"),  # sign(a) = a/|a| away from 0, the kink of abs
    (r"ln ([a-z]\w*)", r"log(\1)"),  # ln a
    (r"ln\(", "log("),
    (r"σ\(", "sigmoid("),
    (r"√([a-z]\w*)", r"sqrt(\1)"),  # √a
    (r"(\d)([a-z(])", r"\1*\2"),  # 2√a: a number times what follows it
    (r"·", "*"),
    (r"−", "-"),
    (r"²", "**2"),
    (r"\^", "**"),
)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_PIECEWISE = " if a > 0 else "


def parser_text(display: str) -> str:
    """A formula's right-hand side as the formula parser writes it (``x₂`` becomes ``x2``)."""
    text = display.translate(_SUBSCRIPTS)
    for pattern, replacement in DISPLAY_TO_PARSER:
        text = re.sub(pattern, replacement, text)
    leftover = sorted({ch for ch in text if not ch.isascii()})
    assert not leftover, (f"{display!r}: no parser spelling for {leftover}; add it to DISPLAY_TO_PARSER, "
                          "or write the formula in symbols the table knows")
    return text


def variables(op: Op, args: Sequence[float]) -> dict[str, float]:
    """The parents' values by the names the formulas use: ``a``, ``b``, or ``x1..xm``, ``w1..wm``."""
    if not op.variadic:
        return dict(zip(op.params, args))
    m = len(args) // len(op.params)
    return {f"{p}{j + 1}": args[g * m + j] for g, p in enumerate(op.params) for j in range(m)}


def formula_value(op: Op, i: int, args: Sequence[float]) -> float:
    """The right-hand side of ``op.formula(i, n)`` evaluated at ``args`` by the formula parser."""
    values = variables(op, args)
    rhs = op.formula(i, len(args)).split(" = ", 1)[1]
    if _PIECEWISE in rhs:  # "1 if a > 0 else s": the branch the sign of a picks
        positive, other = rhs.split(_PIECEWISE)
        rhs = positive if values["a"] > 0 else other
    text = parser_text(rhs)
    if op.variadic:  # a whole group as an argument, as in logsumexp(x): every parent of the group
        for name in op.params:
            group = ", ".join(v for v in values if re.fullmatch(rf"{name}\d+", v))
            text = text.replace(f"({name})", f"({group})")
    formula = Formula(text)
    return formula.build({name: values[name] for name in formula.variables}).data


def assert_formulas_match(op: Op, args: Sequence[float]) -> None:
    out = op.forward(list(args)) if op.variadic else op.forward(*args)
    for i in range(len(args)):
        expected = float(op.local_derivative(i, list(args), out))
        written = formula_value(op, i, args)
        assert math.isclose(written, expected, rel_tol=1e-9, abs_tol=1e-12), (
            f"{op.formula(i, len(args))} gives {written!r} at {variables(op, args)}, "
            f"but the derivative function gives {expected!r}")


@pytest.mark.parametrize("name", sorted(OPS))
@settings(max_examples=40)
@given(data=st.data())
def test_every_formula_text_matches_its_derivative(name: str, data: st.DataObject) -> None:
    op = OPS[name]
    assert_formulas_match(op, data.draw(op_inputs(op)))


def _rewritten(op: Op, group: int, formula: str) -> Op:
    derivatives = list(op.derivatives)
    derivatives[group] = Derivative(formula, derivatives[group].fn)
    return dataclasses.replace(op, derivatives=tuple(derivatives))


@pytest.mark.parametrize(("op", "group", "wrong", "args"), [
    (ops.SUB, 1, "1", [0.7, 1.3]),                            # a lost sign
    (ops.MUL, 0, "a", [0.7, 1.3]),                            # the wrong parent
    (ops.DIV, 1, "a/b²", [0.7, 1.3]),                         # a lost minus
    (ops.POW, 0, "a^(b−1)", [0.7, 1.3]),                      # a lost factor
    (ops.POW, 1, "a^b·ln b", [0.7, 1.3]),
    (ops.TANH, 0, "1 − tanh(a)", [0.7]),                      # a lost square
    (ops.SIGMOID, 0, "σ(a)·(1 + σ(a))", [0.7]),
    (ops.SQRT, 0, "1/√a", [0.7]),
    (ops.COS, 0, "sin(a)", [0.7]),
    (ops.ABS, 0, "sign(a)", [-0.7]),                          # right: the control case below
    (ops.RELU, 0, "1 if a > 0 else 1", [-0.7]),
    (ops.LEAKY_RELU, 0, "1 if a > 0 else a", [-0.7, 0.1]),
    (ops.DOT, 1, "wᵢ", [0.7, 1.3, -0.4, 2.0]),
    (ops.LOGSUMEXP, 0, "exp(xᵢ)", [0.7, 1.3]),
    (ops.SUM, 0, "0", [0.7, 1.3]),
])
def test_a_formula_edited_wrong_fails(op: Op, group: int, wrong: str, args: list[float]) -> None:
    edited = _rewritten(op, group, wrong)
    if wrong == op.derivatives[group].formula:  # the control: the table's own formula passes
        assert_formulas_match(edited, args)
        return
    with pytest.raises(AssertionError, match="but the derivative function gives"):
        assert_formulas_match(edited, args)


def test_a_symbol_the_table_does_not_know_is_named() -> None:
    with pytest.raises(AssertionError, match=r"no parser spelling for \['∛'\]"):
        assert_formulas_match(_rewritten(ops.SQRT, 0, "∛a"), [0.7])


def test_the_display_table_reads_the_symbols_of_the_op_table() -> None:
    assert parser_text("b·a^(b−1)") == "b*a**(b-1)"
    assert parser_text("a^b·ln a") == "a**b*log(a)"
    assert parser_text("1/(2√a)") == "1/(2*sqrt(a))"
    assert parser_text("σ(a)·(1 − σ(a))") == "sigmoid(a)*(1 - sigmoid(a))"
    assert parser_text("1 − tanh(a)²") == "1 - tanh(a)**2"
    assert parser_text("exp(x₂ − logsumexp(x))") == "exp(x2 - logsumexp(x))"
