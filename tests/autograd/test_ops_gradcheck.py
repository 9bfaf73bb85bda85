"""Every op of the table, and random graphs over it, against central differences."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, GradcheckError, Value, apply, grad, gradcheck, ops
from autograd.testing import EVERY_OP, Expression, expressions, op_inputs

#: The op table, and ReLU with the other convention at 0 (ReLU′(0) = 1), by name.
EVERY_OP_BY_NAME = {op.name: op for op in EVERY_OP}
OP_NAMES = sorted(EVERY_OP_BY_NAME)


def _as_function(op: ops.Op):  # type: ignore[no-untyped-def]
    return lambda *xs: apply(op, list(xs))


@pytest.mark.parametrize("name", OP_NAMES)
@settings(max_examples=60)
@given(data=st.data())
def test_every_op_matches_central_differences(name: str, data: st.DataObject) -> None:
    op = EVERY_OP_BY_NAME[name]
    args = data.draw(op_inputs(op))
    gradcheck(_as_function(op), args, raise_on_failure=True)


@pytest.mark.parametrize("name", OP_NAMES)
@settings(max_examples=25)
@given(data=st.data())
def test_every_second_derivative_matches_central_differences(name: str, data: st.DataObject) -> None:
    """create_graph=True evaluates the same derivatives on Values; check d/dx of ∂f/∂x₁ too."""
    op = EVERY_OP_BY_NAME[name]
    args = data.draw(op_inputs(op, -3.0, 3.0))

    def first_derivative(*xs: Value) -> Value:
        return grad(apply(op, list(xs)), [xs[0]], create_graph=True)[0]

    gradcheck(first_derivative, args, raise_on_failure=True, atol=1e-4, rtol=1e-3)


@settings(max_examples=150)
@given(expressions(ops=EVERY_OP))
def test_random_graphs_match_central_differences(expr: Expression) -> None:
    gradcheck(expr, expr.inputs, raise_on_failure=True)


@settings(max_examples=40)
@given(expressions(max_leaves=3, max_steps=4, ops=EVERY_OP))
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
    wrong = dataclasses.replace(ops.TANH, derivatives=(
        ops.Derivative("1 − tanh(a)²", lambda a, out: factor * (1.0 - out * out)),))
    assert wrong.fns[0](0.3, math.tanh(0.3)) == pytest.approx(factor * (1 - math.tanh(0.3) ** 2))
    report = gradcheck(lambda x: apply(wrong, [x]), [0.3])
    assert not report.passed
    assert report.entries[0].numeric == pytest.approx(1 - math.tanh(0.3) ** 2, rel=1e-6)
    with pytest.raises(GradcheckError, match="FAIL"):
        gradcheck(lambda x: apply(wrong, [x]), [0.3], raise_on_failure=True)


def test_op_table_is_complete_and_consistent() -> None:
    assert set(OPS) < set(EVERY_OP_BY_NAME) and "relu(at_zero=1)" in EVERY_OP_BY_NAME
    for name, op in EVERY_OP_BY_NAME.items():
        assert op.name == name
        assert len(op.derivatives) == len(op.formulas) == len(op.params)
        assert op.arity == (None if op.variadic else len(op.params))
        n = len(op.params) if op.variadic else op.arity
        assert op.formula(0, n).startswith("∂(")
        if op.variadic:  # one function for all the parents, from one per group
            assert len(op.fns) == 1
        else:
            assert op.fns == tuple(d.fn for d in op.derivatives)
    assert ops.MUL.formula(0) == "∂(a·b)/∂a = b"
    assert ops.TANH.formula(0) == "∂(tanh(a))/∂a = 1 − tanh(a)²"
    assert ops.DOT.formula(3, 4) == "∂(Σᵢ xᵢ·wᵢ)/∂w₂ = x₂"
    assert ops.MUL.formulas == ("b", "a") and ops.DOT.formulas == ("wᵢ", "xᵢ")


def test_a_row_is_written_with_keywords_and_each_formula_beside_its_function() -> None:
    square = ops.Op(name="square", symbol="sq", expression="a²", params=("a",), forward=lambda a: a * a,
                    derivatives=(ops.Derivative("2a", lambda a, out: 2.0 * a),))
    assert square.arity == 1 and square.formula(0) == "∂(a²)/∂a = 2a"
    assert square.local_derivative(0, [3.0], 9.0) == 6.0 and square.derivatives[0](3.0, 9.0) == 6.0
    assert apply(square, [Value(3.0)]).data == 9.0
    with pytest.raises(TypeError):
        ops.Op("square", "sq", "a²", ("a",), lambda a: a * a, square.derivatives)  # type: ignore[misc]
    with pytest.raises(ValueError, match="square: give one derivative per name in params"):
        dataclasses.replace(square, params=("a", "b"))
    with pytest.raises(TypeError, match="Derivative"):
        dataclasses.replace(square, derivatives=(lambda a, out: 2.0 * a,))  # type: ignore[arg-type]


def test_a_variadic_op_has_one_derivative_per_group_of_parents() -> None:
    x, w = [1.0, 2.0, 3.0], [4.0, 5.0, 6.0]
    args = x + w
    out = ops.DOT.forward(args)
    assert [ops.DOT.local_derivative(i, args, out) for i in range(6)] == w + x
    assert list(ops.DOT.derivatives[0].fn(args, out)) == w and list(ops.DOT.derivatives[1].fn(args, out)) == x
    assert [ops.DOT.param_name(i, 6) for i in range(6)] == ["x₁", "x₂", "x₃", "w₁", "w₂", "w₃"]


def test_op_inputs_gives_a_variadic_op_one_equal_group_per_param() -> None:
    """The groups come from the table (params), not from the op's name: a three-group op gets 3, 6 or 9."""
    ones = ops.Derivative("1", lambda args, out: [1.0] * (len(args) // 3))
    total = ops.Op(name="total3", symbol="Σ", expression="Σᵢ xᵢ + yᵢ + zᵢ", params=("x", "y", "z"),
                   forward=math.fsum, derivatives=(ones, ones, ones), variadic=True)
    sizes: set[int] = set()

    @settings(max_examples=60, derandomize=True)
    @given(data=st.data())
    def draw(data: st.DataObject) -> None:
        args = data.draw(op_inputs(total))
        sizes.add(len(args))
        assert [total.local_derivative(i, args, total.forward(args)) for i in range(len(args))] == [1.0] * len(args)

    draw()
    assert sizes == {3, 6, 9}
    assert [total.param_name(i, 6) for i in range(6)] == ["x₁", "x₂", "y₁", "y₂", "z₁", "z₂"]
