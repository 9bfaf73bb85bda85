"""Fused steps (autograd/batch/fused.py): the same values and gradients as the blocks run one by one."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import Value, ops
from autograd.batch import record
from autograd.batch.fused import Plan
from autograd.batch.run import evaluate, propagate
from nn import MLP, losses


def demo(sizes: list[int], activation: str = "relu") -> tuple[object, np.ndarray]:
    """micrograd's demo loss on ``sizes`` (hinge + L2), and a batch of 7 rows."""
    model = MLP(sizes[0], sizes[1:], activation=activation, seed=3)
    xs = [Value(0.0, label=f"x{i + 1}") for i in range(sizes[0])]
    y = Value(0.0, label="y")
    s = model(xs)
    assert isinstance(s, Value)
    program = record((1 - y * s).relu() + losses.l2(model.parameters(), 2e-4), inputs=[*xs, y])
    rng = np.random.default_rng(0)
    batch = np.column_stack([rng.normal(size=(7, sizes[0])), rng.choice([-1.0, 1.0], size=7)])
    return program, batch


def test_a_network_and_its_loss_run_as_one_chain_and_the_penalty_as_another() -> None:
    program, _ = demo([2, 16, 16, 1])
    plan = Plan(program._rec)  # type: ignore[attr-defined]
    chains = [[type(m.block).__name__ for m in step.members] for step in plan.steps]
    # the L2's Σp² and its factor; then the three layers with their ReLUs, then y·s, 1 − y·s, its ReLU and the +
    assert chains == [["ReduceBlock"], ["MapBlock"],
                      ["MatmulBlock", "MapBlock", "MatmulBlock", "MapBlock", "MatmulBlock"] + ["MapBlock"] * 4]
    layers = [m for step in plan.steps for m in step.members if type(m.block).__name__ == "MatmulBlock"]
    # every layer's dW and db reach their parameters first (the L2's share is added after): written in place
    assert all(m.dw is not None and m.dw.first and m.db is not None and m.db.first for m in layers)
    assert not plan.zeros


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
@pytest.mark.parametrize("reduce", ["mean", "sum"])
def test_fused_steps_give_what_the_blocks_give_one_by_one(activation: str, reduce: str) -> None:
    program, batch = demo([3, 5, 4, 1], activation)
    assert_same_as_block_by_block(program, batch, reduce)


def test_a_weight_reached_first_by_another_block_gets_its_layers_share_added() -> None:
    """``w·s`` with ``w`` a weight of the first layer: the backward reaches ``w`` there before the layer's ``dW``,
    which is then added in place (the gradient starts at zeros), not written over it."""
    model = MLP(2, [3, 1], activation="relu", seed=5)
    x1, x2, y = Value(0.0, label="x1"), Value(0.0, label="x2"), Value(0.0, label="y")
    s = model([x1, x2])
    assert isinstance(s, Value)
    w = model.layers[0].neurons[0].w[0]
    program = record((1 - y * s).relu() + w * s * s, inputs=[x1, x2, y])
    plan = Plan(program._rec)  # type: ignore[attr-defined]
    first_layer = next(m for step in plan.steps for m in step.members if m.index == 0)
    assert first_layer.dw is not None and not first_layer.dw.first and plan.zeros
    rng = np.random.default_rng(1)
    assert_same_as_block_by_block(program, np.column_stack([rng.normal(size=(6, 2)), np.ones(6)]), "mean")


def assert_same_as_block_by_block(program: object, batch: np.ndarray, reduce: str) -> None:
    """The fused run's values and gradients are the blocks' own, run one by one (the checked run)."""
    rec = program._rec  # type: ignore[attr-defined]
    X = batch
    L = np.array([[leaf.data for leaf in rec.leaves]])
    seed = np.full(len(X), 1 / len(X)) if reduce == "mean" else np.ones(len(X))
    with np.errstate(all="raise", under="ignore"):
        fused_vals, fused_saved = evaluate(rec, X, L)
        fused = propagate(rec, fused_vals, fused_saved, seed)
    with np.errstate(all="ignore"):
        vals, saved = evaluate(rec, X, L, check=True)
        grads = propagate(rec, vals, saved, seed, check=True)
    for a, b in zip(fused_vals, vals):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=0)
    assert len(fused) == len(grads)
    for source, (a, b) in enumerate(zip(fused, grads)):
        if source == 1:  # the leaves: only the parameters' columns hold gradients
            a, b = a[:, list(rec.trained)], b[:, list(rec.trained)]  # type: ignore[index]
        if b is None:
            assert a is None, source
            continue
        assert a is not None, source
        np.testing.assert_allclose(np.broadcast_to(a, np.shape(b)), b, rtol=1e-12, atol=1e-300)


def test_a_layer_read_by_two_blocks_is_not_chained_and_still_right() -> None:
    """``z`` feeds both a ReLU and the loss: the ReLU cannot take it over, and both gradients reach ``z``."""
    x, w, b = Value(0.0, label="x"), Value(0.7, label="w"), Value(-0.2, label="b")
    z = w * x + b
    loss = z.relu() * 3.0 + z * z
    program = record(loss, inputs=[x])
    rows = np.array([-2.0, -0.5, 0.25, 1.0, 3.0])
    program.forward({"x": rows})
    program.backward("sum")
    expected_w = expected_b = 0.0
    for r in rows:
        zr = 0.7 * r - 0.2
        dz = 3.0 * (1.0 if zr > 0 else 0.0) + 2 * zr
        expected_w += dz * r
        expected_b += dz
    assert w.grad == pytest.approx(expected_w, rel=1e-12)
    assert b.grad == pytest.approx(expected_b, rel=1e-12)


def test_relu_and_its_derivative_on_arrays_are_the_scalar_engines_for_every_number() -> None:
    """ReLU by fmax and ReLU′ by a comparison (no branch per number) give what the floats' code gives: NaN → 0,
    −0.0 → 0.0, ±inf, the convention at 0."""
    numbers = [-math.inf, -2.5, -0.0, 0.0, 5e-324, 1.5, math.inf, math.nan]
    array = np.array(numbers)
    relu = ops.RELU.forward(array)
    assert [float(v) for v in relu] == [ops.RELU.forward(v) for v in numbers]
    assert not np.signbit(relu).any()
    for at_zero in (0.0, 1.0, 0.5):
        op = ops.relu_op(at_zero)
        local = op.fns[0](array, relu)
        assert local.dtype == np.float64
        assert [float(v) for v in local] == [op.fns[0](v, ops.RELU.forward(v)) for v in numbers], at_zero


def test_a_node_that_requires_no_gradient_stops_it_inside_a_chain_too() -> None:
    """Two ReLUs in one block, one that requires no gradient: nothing reaches its parameter through it, so the
    ReLUs are not chained to the block after them (which hands back a gradient for both columns)."""
    x, w1, w2 = Value(0.0, label="x"), Value(0.5, label="w1"), Value(-0.3, label="w2")
    v1, v2 = (w1 * x).relu(), (w2 * x).relu()
    v2.requires_grad = False
    loss = v1 * 2.0 + v2 * 3.0 + w2 * 1.0
    program = record(loss, inputs=[x])
    rows = [-1.0, 0.5, 2.0]
    program.forward({"x": rows})
    program.backward("sum")
    scalar_w1 = scalar_w2 = 0.0
    for r in rows:  # the scalar engine, row by row, with the same flags
        a, b = Value(0.5), Value(-0.3)
        s1, s2 = (a * r).relu(), (b * r).relu()
        s2.requires_grad = False
        (s1 * 2.0 + s2 * 3.0 + b * 1.0).backward()
        scalar_w1, scalar_w2 = scalar_w1 + a.grad, scalar_w2 + b.grad
    assert w1.grad == pytest.approx(scalar_w1, rel=1e-12)
    assert w2.grad == pytest.approx(scalar_w2, rel=1e-12)
    assert scalar_w2 == pytest.approx(3.0)  # only through w2·1, once per row


def test_a_layer_reading_a_node_that_requires_no_gradient_hands_nothing_back_through_it() -> None:
    """A layer over two ReLUs, one of which requires no gradient: its dX column for that one goes nowhere."""
    from autograd.functional import dot

    x, w1, w2 = Value(0.0, label="x"), Value(0.5, label="w1"), Value(-0.3, label="w2")
    a = [Value(0.7, label="a1"), Value(-1.1, label="a2")]
    c = [Value(0.2, label="c1"), Value(0.4, label="c2")]

    def loss_of(x_: Value | float, w1_: Value, w2_: Value, a_: list[Value], c_: list[Value]) -> Value:
        v1, v2 = (w1_ * x_).relu(), (w2_ * x_).relu()
        v2.requires_grad = False
        z1, z2 = dot([v1, v2], a_), dot([v1, v2], c_)
        return z1 * z1 + z2

    program = record(loss_of(x, w1, w2, a, c), inputs=[x])
    assert any(type(block).__name__ == "MatmulBlock" for block in program.blocks)
    rows = [-1.0, 0.5, 2.0]
    program.forward({"x": rows})
    program.backward("sum")
    expected = [0.0] * 6
    for r in rows:  # the scalar engine, row by row, with the same flags
        leaves = [Value(0.5), Value(-0.3), Value(0.7), Value(-1.1), Value(0.2), Value(0.4)]
        loss_of(r, leaves[0], leaves[1], leaves[2:4], leaves[4:]).backward()
        expected = [e + leaf.grad for e, leaf in zip(expected, leaves)]
    assert expected[1] == 0.0  # w2 is reached only through the ReLU that requires no gradient
    for leaf, e in zip([w1, w2, *a, *c], expected):
        assert leaf.grad == pytest.approx(e, rel=1e-12, abs=1e-15), leaf.label
