"""Every op of the table, and random graphs over it, against central differences."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, Value, grad, gradcheck, ops
from autograd.gradcheck import GradcheckError
from autograd.testing import Expression, expressions, op_inputs
from autograd.value import apply

OP_NAMES = sorted(OPS)


def _as_function(op: ops.Op):  # type: ignore[no-untyped-def]
    return lambda *xs: apply(op, list(xs))


@pytest.mark.parametrize("name", OP_NAMES)
@settings(max_examples=60)
@given(data=st.data())
def test_every_op_matches_central_differences(name: str, data: st.DataObject) -> None:
    op = OPS[name]
    args = data.draw(op_inputs(op))
    gradcheck(_as_function(op), args, raise_on_failure=True)


@pytest.mark.parametrize("name", OP_NAMES)
@settings(max_examples=25)
@given(data=st.data())
def test_every_second_derivative_matches_central_differences(name: str, data: st.DataObject) -> None:
    """create_graph=True evaluates the same derivatives on Values; check d/dx of ∂f/∂x₁ too."""
    op = OPS[name]
    args = data.draw(op_inputs(op, -3.0, 3.0))

    def first_derivative(*xs: Value) -> Value:
        return grad(apply(op, list(xs)), [xs[0]], create_graph=True)[0]

    gradcheck(first_derivative, args, raise_on_failure=True, atol=1e-4, rtol=1e-3)


@settings(max_examples=150)
@given(expressions())
def test_random_graphs_match_central_differences(expr: Expression) -> None:
    gradcheck(expr, expr.inputs, raise_on_failure=True)


@settings(max_examples=40)
@given(expressions(max_leaves=3, max_steps=4))
def test_random_graphs_second_order(expr: Expression) -> None:
    def first(*xs: Value) -> Value:
        return grad(expr(*xs), [xs[0]], create_graph=True)[0]

    gradcheck(first, expr.inputs, raise_on_failure=True, atol=1e-4, rtol=1e-3)


def test_expressions_share_subexpressions_and_reuse_leaves() -> None:
    """The strategy really produces DAGs, not only trees (checked over many draws)."""
    seen_reuse = False

    @settings(max_examples=200, derandomize=True)
    @given(expressions())
    def look(expr: Expression) -> None:
        nonlocal seen_reuse
        used = [i for _, args in expr.steps for i in args]
        if len(used) != len(set(used)):
            seen_reuse = True

    look()
    assert seen_reuse


@pytest.mark.parametrize("factor", [2.0, -1.0])
def test_gradcheck_catches_a_wrong_derivative(factor: float) -> None:
    """A tanh whose derivative is off by a factor of 2, or by a sign, fails the check."""
    wrong = dataclasses.replace(ops.TANH, derivatives=(lambda a, out: factor * (1.0 - out * out),))
    report = gradcheck(lambda x: apply(wrong, [x]), [0.3])
    assert not report.passed
    assert report.entries[0].numeric == pytest.approx(1 - math.tanh(0.3) ** 2, rel=1e-6)
    with pytest.raises(GradcheckError, match="FAIL"):
        gradcheck(lambda x: apply(wrong, [x]), [0.3], raise_on_failure=True)


def test_op_table_is_complete_and_consistent() -> None:
    for name, op in OPS.items():
        assert op.name == name
        if not op.variadic:
            assert len(op.derivatives) == len(op.formulas) == op.arity
            assert len(op.params) >= (op.arity or 0)
        assert op.formula(0, 2 if op.name == "dot" else (op.arity or 1)).startswith("∂(")
    assert ops.MUL.formula(0) == "∂(a·b)/∂a = b"
    assert ops.TANH.formula(0) == "∂(tanh(a))/∂a = 1 − tanh(a)²"
    assert ops.DOT.formula(3, 4) == "∂(Σᵢ xᵢ·wᵢ)/∂w₂ = x₂"
