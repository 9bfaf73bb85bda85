"""The course's ReLU convention: ``x.relu(at_zero=1.0)`` takes ReLU′(0) = 1, everywhere the engine differentiates.

The float loop of ``backward()``, the observed loop of ``trace_backward``, ``create_graph=True``,
``grad`` and ``gradcheck`` all read the derivative from the op of the node's own convention
(``autograd.ops.relu_op``), so they agree with each other exactly at 0, where the conventions differ.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from autograd import OPS, Value, grad, gradcheck, ops, relu_op, trace_backward
from autograd.op_row import Derivative, Op
from autograd.testing import EVERY_OP, Expression, expressions, finite_floats


def gradients_at_zero(at_zero: float, scale: float, seed: float) -> dict[str, float]:
    """∂L/∂x for L = scale · relu(x − 1) at x = 1 (the ReLU's input exactly 0), by every loop."""
    def build() -> tuple[Value, Value]:
        x = Value(1.0, label="x")
        return x, (x - 1.0).relu(at_zero=at_zero) * scale

    found: dict[str, float] = {}
    x, loss = build()
    loss.backward(seed)
    found["floats"] = x.grad
    x, loss = build()
    trace = trace_backward(loss, seed)
    found["observed"] = x.grad
    found["trace local"] = next(s.local for s in trace if s.op.kinks) * seed * scale
    x, loss = build()
    loss.backward(seed, create_graph=True)
    assert x.grad_value is not None
    found["create_graph"] = x.grad_value.data
    x, loss = build()
    found["grad"] = grad(loss, [x])[0].data * seed
    found["grad, create_graph"] = grad(loss, [x], create_graph=True)[0].data * seed
    found["gradcheck analytic"] = gradcheck(lambda x: (x - 1.0).relu(at_zero=at_zero) * scale, [1.0]
                                            ).entries[0].analytic * seed
    return found


@pytest.mark.parametrize("at_zero", [0.0, 1.0, 0.5])
def test_every_loop_takes_the_nodes_convention_at_zero(at_zero: float) -> None:
    found = gradients_at_zero(at_zero, 3.0, 1.0)
    assert found == dict.fromkeys(found, 3.0 * at_zero), found


@given(at_zero=st.floats(0.0, 1.0), scale=finite_floats(-4.0, 4.0), seed=finite_floats(-2.0, 2.0))
def test_every_loop_agrees_at_zero_for_any_allowed_convention(at_zero: float, scale: float, seed: float) -> None:
    found = gradients_at_zero(at_zero, scale, seed)
    for how, value in found.items():
        assert value == pytest.approx(scale * at_zero * seed, rel=1e-12, abs=1e-12), how


@given(at_zero=st.sampled_from([0.0, 1.0]), x=finite_floats(-3.0, 3.0))
def test_the_conventions_differ_only_at_zero(at_zero: float, x: float) -> None:
    v, w = Value(x), Value(x)
    v.relu().backward()
    w.relu(at_zero=at_zero).backward()
    assert w.grad == (at_zero if x == 0.0 else v.grad)
    assert v.relu(at_zero=at_zero).data == v.relu().data == max(x, 0.0)


@pytest.mark.parametrize("at_zero", [0.0, 1.0, 0.5])
def test_second_derivatives_take_the_convention(at_zero: float) -> None:
    x = Value(0.0)
    # L = relu(x)·x: L′ = relu′(x)·x + relu(x), L″ = 2·relu′(x) (relu″ = 0); at 0, relu′ is the convention
    first = grad(x.relu(at_zero=at_zero) * x, [x], create_graph=True)[0]
    assert first.data == 0.0
    assert grad(first, [x])[0].data == 2.0 * at_zero


def test_one_op_per_convention_and_the_table_keeps_pytorchs() -> None:
    assert relu_op(0.0) is ops.RELU is OPS["relu"] and relu_op(-0.0) is ops.RELU and relu_op(0) is ops.RELU
    assert relu_op(1.0) is relu_op(1) and relu_op(1.0) is not ops.RELU
    assert Value(1.0).relu().op is ops.RELU and Value(1.0).relu(at_zero=1).op is relu_op(1.0)
    assert "relu(at_zero=1)" not in OPS and relu_op(1.0) in EVERY_OP
    one, half = relu_op(1.0), relu_op(0.5)
    assert (one.name, one.symbol, one.expression, one.kinks) == ("relu(at_zero=1)", "ReLU", "ReLU(a)", (0.0,))
    assert (ops.RELU.convention, one.convention, half.convention) == ("ReLU′(0) = 0", "ReLU′(0) = 1", "ReLU′(0) = 0.5")
    assert (one.convention_text(lang="es"), half.convention_text(lang="es")) == ("ReLU′(0) = 1", "ReLU′(0) = 0,5")
    assert ops.TANH.convention is None and ops.TANH.convention_text(lang="es") is None
    # one derivative function, the step with the convention's value at 0
    assert [relu_op(c).local_derivative(0, [0.0], 0.0) for c in (0.0, 1.0, 0.5)] == [0.0, 1.0, 0.5]


@pytest.mark.parametrize(("at_zero", "error", "message"), [
    (2.0, ValueError, r"relu: at_zero is ReLU′\(0\), a slope between those of its two sides, so it must be from 0 "
                      r"to 1; got 2.0"),
    (-0.5, ValueError, "must be from 0 to 1; got -0.5"),
    (math.nan, ArithmeticError, "relu: at_zero must be finite, got nan"),
    (math.inf, ArithmeticError, "relu: at_zero must be finite"),
    (True, TypeError, "relu: at_zero must be a real number, got True"),
    ("1", TypeError, "relu: at_zero must be a real number, got '1'"),
])
def test_a_convention_outside_zero_to_one_is_refused(at_zero: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        relu_op(at_zero)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        Value(1.0).relu(at_zero=at_zero)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got a Value"):
        Value(1.0).relu(at_zero=Value(1.0))  # type: ignore[arg-type]


def test_random_expressions_draw_the_other_convention_too() -> None:
    def uses_it(expr: Expression) -> bool:
        return any(name == "relu(at_zero=1)" for name, _ in expr.steps)

    expr = find(expressions(ops=[relu_op(1.0), ops.ADD]), uses_it)
    assert "relu(at_zero=1)(" in repr(expr)
    leaves = [Value(x) for x in expr.leaves]
    assert any(node.op is relu_op(1.0) for node in expr.build(leaves))
    assert find(expressions(ops=EVERY_OP), uses_it)


def test_a_rows_spanish_texts_belong_to_its_own_texts() -> None:
    with pytest.raises(ValueError, match="domain_es is the Spanish of domain, which is not given"):
        dataclasses.replace(ops.TANH, domain_es="a > 0")
    with pytest.raises(ValueError, match="convention_es is the Spanish of convention"):
        dataclasses.replace(ops.TANH, convention_es="x")
    with pytest.raises(ValueError, match="unknown language"):
        ops.RELU.formula(0, lang="fr")
    with pytest.raises(ValueError, match="unknown language"):
        ops.SQRT.domain_text(lang="fr")
    square = Op(name="square", symbol="²", expression="a²", params=("a",), forward=lambda a: a * a,
                derivatives=(Derivative("2a", lambda a, out: 2.0 * a),))
    assert square.formula(0, lang="es") == square.formula(0) == "∂(a²)/∂a = 2a"  # no Spanish needed: the same
    assert square.domain_text(lang="es") is None
    assert ops.SQRT.domain_text(lang="es") == "a ≥ 0 (y a > 0 para su derivada)"
    assert ops.SQRT.domain_text() == ops.SQRT.domain == "a ≥ 0 (and a > 0 for its derivative)"
    assert ops.LEAKY_RELU.formula(1, lang="es") == "∂(LeakyReLU(a, s))/∂s = 0 si a > 0; a si no"
