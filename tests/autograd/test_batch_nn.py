"""Recorded networks of ``nn``: every activation, every loss of ``nn.losses``, the same gradients as the scalar
engine; each layer a matrix product.

A loss of ``nn.losses`` reads its targets as numbers, so a program is recorded per target where targets are
classes (one program for the rows of each class, their weights ``1/N`` so that the programs add up to the
mean), and with the targets as placeholders inside the prediction (``mse(ŷ − y, 0)``) for regression.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, ops
from autograd.batch import Program, record
from autograd.batch.blocks import MatmulBlock
from nn import MLP, losses
from tests.random_mlps import mlps


def placeholders(n: int, name: str) -> list[Value]:
    return [Value(0.0, label=f"{name}{j + 1}") for j in range(n)]


def batched_gradients(model: MLP, loss: str, X: np.ndarray, targets: list[Any], lam: float) -> list[float]:
    """The mean gradient over the rows of ``X``, through recorded programs (see the module's text)."""
    xs = placeholders(model.nin, "x")
    out = model.forward(xs)
    penalty = losses.l2(model.weights(), lam, len(X)) if lam else None
    model.zero_grad()
    n = len(X)
    if loss == "mse":
        ts = placeholders(model.nout, "t")
        per_sample = losses.mse([[o - t for o, t in zip(out, ts)]], [[0.0] * model.nout])
        program = record(per_sample if penalty is None else per_sample + penalty, inputs=xs + ts)
        T = np.asarray(targets, dtype=float).reshape(n, -1)
        program.forward(np.column_stack([X, T]))
        program.backward("mean")
    else:
        for c in sorted(set(targets)):
            rows = [r for r, t in enumerate(targets) if t == c]
            per_sample = losses.get(loss)([out[0] if model.nout == 1 else out], [c])
            program = record(per_sample if penalty is None else per_sample + penalty, inputs=xs)
            program.forward(X[rows])
            program.backward(np.full(len(rows), 1.0 / n))
    return [p.grad for p in model.parameters()]


def scalar_gradients(model: MLP, loss: str, X: np.ndarray, targets: list[Any], lam: float) -> list[list[float]]:
    """Each row's gradient (weighted 1/N), by the scalar engine on that row alone."""
    found = []
    for x, t in zip(X.tolist(), targets):
        model.zero_grad()
        out = model.forward(x)
        J = losses.get(loss)([out[0] if model.nout == 1 else out], [t])
        if lam:
            J = J + losses.l2(model.weights(), lam, len(X))
        J.backward(1.0 / len(X))
        found.append([p.grad for p in model.parameters()])
    return found


Case = tuple[MLP, str, np.ndarray, list[Any], float]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    loss, spec = draw(mlps())
    model = MLP(**spec)
    nin, nout = model.nin, model.nout
    n = draw(st.integers(1, 8))
    X = np.array([[draw(st.floats(-2, 2, allow_nan=False, allow_subnormal=False)) for _ in range(nin)]
                  for _ in range(n)])
    if loss == "mse":
        targets: list[Any] = [[draw(st.floats(-2, 2, allow_nan=False)) for _ in range(nout)] for _ in range(n)]
    elif loss == "hinge":
        targets = [draw(st.sampled_from([-1, 1])) for _ in range(n)]
    elif loss == "cross_entropy":
        targets = [draw(st.integers(0, nout - 1)) for _ in range(n)]
    else:
        targets = [draw(st.sampled_from([0, 1])) for _ in range(n)]
    lam = draw(st.sampled_from([0.0, 0.01]))
    return model, loss, X, targets, lam


@settings(max_examples=60)
@given(cases())
def test_recorded_networks_give_the_scalar_engines_gradients(case: Case) -> None:
    model, loss, X, targets, lam = case
    per_row = scalar_gradients(model, loss, X, targets, lam)
    batched = batched_gradients(model, loss, X, targets, lam)
    # numpy's tanh, exp and pow may differ from math's in the last bit, and a saturated activation's local
    # derivative (1 − tanh², σ·(1 − σ)) multiplies that relative difference by 1/(1 − tanh²): a fresh draw
    # found 1.3e-12 through a tanh at 0.99.  1e-10 still catches any wrong derivative or accumulation.
    for j, g in enumerate(batched):
        terms = [row[j] for row in per_row]
        assert abs(g - math.fsum(terms)) <= 1e-10 * math.fsum(map(abs, terms)) + 1e-300, (j, g, terms)


def demo_program(model: MLP) -> Program:
    """micrograd's demo loss for one sample: hinge + L2 (its ``1e-4·Σp²``), the placeholders x1, x2, y."""
    x1, x2, y = Value(0.0, label="x1"), Value(0.0, label="x2"), Value(0.0, label="y")
    s = model([x1, x2])
    assert isinstance(s, Value)
    return record((1 - y * s).relu() + losses.l2(model.parameters(), 2e-4), inputs=[x1, x2, y])


def test_each_layer_of_a_network_is_one_matrix_product_with_its_bias() -> None:
    model = MLP(2, [16, 16, 1], activation="relu", seed=0)
    program = demo_program(model)
    layers = [b for b in program.blocks if isinstance(b, MatmulBlock)]
    assert [(b.width, len(b.x_nodes)) for b in layers] == [(16, 2), (16, 16), (1, 16)]
    for block, layer in zip(layers, model.layers):
        assert block.weights == tuple(tuple(neuron.w) for neuron in layer.neurons)
        assert block.biases == tuple(neuron.b for neuron in layer.neurons)
        assert all(z.op is ops.ADD and z.parents[0] in block.dots for z in block.nodes)
    assert layers[1].x_nodes == next(b for b in program.blocks if b.op is ops.RELU).nodes
    # the whole network and its loss: 3 layers, 2 ReLUs, the hinge's ·, −, ReLU, the L2's Σ and ·, the final +
    assert sorted(f"{b.kind} {b.op.name}" for b in program.blocks) == sorted(
        ["matmul dot"] * 3 + ["map relu"] * 3 + ["map mul"] * 2 + ["map sub", "map add", "reduce dot"])
    assert set(program.parameters) == set(model.parameters())


def test_the_demo_step_matches_micrograds_loss_on_the_moons() -> None:
    from nn import data

    X, y = data.moons(100, noise=0.1, seed=0)
    Y = 2.0 * y - 1.0
    model = MLP(2, [16, 16, 1], activation="relu", seed=1337)
    program = demo_program(model)
    per_sample = program.forward(np.column_stack([X, Y]))
    model.zero_grad()
    program.backward("mean")
    batched = [p.grad for p in model.parameters()]
    model.zero_grad()
    scores = [model(x) for x in X.tolist()]
    J = losses.hinge(scores, Y.tolist()) + losses.l2(model.parameters(), 2e-4)
    J.backward()
    assert math.isclose(per_sample.mean(), J.data, rel_tol=1e-12)
    assert np.allclose(batched, [p.grad for p in model.parameters()], rtol=1e-12, atol=1e-16)
