"""A recorded program writes itself as the course does, in both conventions, with the shapes of every line; and
the course's hand-written matrix backprop (seeds 001 and 003) gives the program's gradients."""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Value, ops
from autograd.batch import Program, record
from nn import MLP

W1, B1 = [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [0.1, 0.5, 0.8]
W2, B2 = [[-0.4, 0.2, -0.5]], [0.7]


def seed_000() -> tuple[MLP, Program]:
    """The course's 2-3-1 sigmoid network with J = ½(ŷ − y)², recorded with placeholders x1, x2 and y."""
    net = MLP.from_weights([W1, W2], [B1, B2], activations=["sigmoid", "sigmoid"])
    x1, x2, y = Value(0.0, label="x1"), Value(0.0, label="x2"), Value(0.0, label="y")
    y_hat = net([x1, x2])
    assert isinstance(y_hat, Value)
    return net, record(0.5 * (y_hat - y) ** 2, inputs=[x1, x2, y])


ROWS_ES = """\
Hacia adelante, una muestra por fila (N muestras)
  Z1 = X·W1ᵀ + b1            N×3 = N×2 · 2×3 + 1×3
  A1 = σ(Z1)                 N×3
  Z2 = A1·W2ᵀ + b2           N×1 = N×3 · 3×1 + 1×1
  A2 = σ(Z2)                 N×1
  V1 = A2 − y                N×1
  V2 = V1^2                  N×1
  L = 0,5·V2                 N×1
  J = (1/N)·Σₙ Lₙ            1×1

Hacia atrás (dV es ∂J/∂V)
  dL = 1/N                   N×1
  dV2 = 0,5·dL               N×1
  dV1 = dV2 ⊙ (2·V1^(2−1))   N×1
  dA2 = dV1                  N×1
  dZ2 = dA2 ⊙ σ′(Z2)         N×1
  db2 = 1ᵀ·dZ2               1×1 = 1×N · N×1
  dW2 = dZ2ᵀ·A1              1×3 = 1×N · N×3
  dA1 = dZ2·W2               N×3 = N×1 · 1×3
  dZ1 = dA1 ⊙ σ′(Z1)         N×3
  db1 = 1ᵀ·dZ1               1×3 = 1×N · N×3
  dW1 = dZ1ᵀ·X               3×2 = 3×N · N×2

donde σ′(a) = σ(a)·(1 − σ(a))"""

COLUMNS_EN = """\
Forward, one sample per column (N samples)
  Z1 = W1·X + b1             3×N = 3×2 · 2×N + 3×1
  A1 = σ(Z1)                 3×N
  Z2 = W2·A1 + b2            1×N = 1×3 · 3×N + 1×1
  A2 = σ(Z2)                 1×N
  V1 = A2 − y                1×N
  V2 = V1^2                  1×N
  L = 0.5·V2                 1×N
  J = Σₙ Lₙ                  1×1

Backward (dV is ∂J/∂V)
  dL = 1                     1×N
  dV2 = 0.5·dL               1×N
  dV1 = dV2 ⊙ (2·V1^(2−1))   1×N
  dA2 = dV1                  1×N
  dZ2 = dA2 ⊙ σ′(Z2)         1×N
  db2 = dZ2·1                1×1 = 1×N · N×1
  dW2 = dZ2·A1ᵀ              1×3 = 1×N · N×3
  dA1 = W2ᵀ·dZ2              3×N = 3×1 · 1×N
  dZ1 = dA1 ⊙ σ′(Z1)         3×N
  db1 = dZ1·1                3×1 = 3×N · N×1
  dW1 = dZ1·Xᵀ               3×2 = 3×N · N×2

where σ′(a) = σ(a)·(1 − σ(a))"""


def test_the_seed_000_network_in_the_course_notation_samples_as_rows_in_spanish() -> None:
    assert seed_000()[1].equations(notation="es", convention="rows") == ROWS_ES


def test_the_seed_000_network_samples_as_columns_summed() -> None:
    assert seed_000()[1].equations(convention="columns", reduce="sum") == COLUMNS_EN


def test_the_legend_quotes_the_op_table() -> None:
    text = seed_000()[1].equations(notation="es")
    assert text.endswith(f"σ′(a) = {ops.SIGMOID.derivatives[0].text(lang='es')}")
    x, w = Value(1.0, label="x"), Value(0.5, label="w")
    relu = record((w * x).relu(at_zero=1.0), inputs=[x]).equations(notation="es")
    assert f"ReLU′(a) = {ops.relu_op(1.0).derivatives[0].text(lang='es')}" in relu  # 1 si a ≥ 0; 0 si no


def test_any_graph_is_written_with_its_ops_expressions_and_local_derivatives() -> None:
    x, w = Value(1.0, label="x"), Value(0.5, label="w")
    text = record((w * x).exp().log() / (x + 2), inputs=[x]).equations()
    for line in ["V1 = w ⊙ x", "V2 = x + 2", "V3 = exp(V1)", "V4 = ln(V3)", "L = V4 / V2",
                 "dV4 = dL ⊙ (1/V2)", "dV3 = dV4 ⊙ log′(V3)", "dw = Σₙ (dV1 ⊙ x)"]:
        assert line in text, line


def test_layers_without_the_course_labels_are_numbered() -> None:
    x = Value(0.0, label="x")
    ws = [Value(0.1), Value(0.2)]
    from autograd.functional import dot

    hidden = [dot([x], [w]) + 1.0 for w in ws]
    text = record(dot(hidden, [Value(0.3), Value(0.4)]), inputs=[x]).equations()
    for line in ["Z1 = x·W1ᵀ + 1", "Z2 = Z1·W2ᵀ", "dW2 = dZ2ᵀ·Z1", "dZ1 = dZ2·W2", "dW1 = dZ1ᵀ·x"]:
        assert line in text, line


@pytest.mark.parametrize(("options", "message"), [
    ({"convention": "diagonal"}, "convention must be 'rows'"),
    ({"reduce": "max"}, "reduce must be 'mean' or 'sum'"),
    ({"notation": "fr"}, "unknown language 'fr'"),
])
def test_wrong_options_are_told(options: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        seed_000()[1].equations(**options)  # type: ignore[arg-type]


def test_the_course_hand_written_backprop_gives_the_programs_gradients() -> None:
    """Seed 001 (samples as rows: dW = dZᵀ·X here, with W k×n) and seed 003 (columns: dW = dZ·Xᵀ) in numpy."""
    net, program = seed_000()
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(7, 2)), rng.normal(size=7)
    program.forward(np.column_stack([X, Y]))
    net.zero_grad()
    program.backward("mean")
    sig = lambda z: 1 / (1 + np.exp(-z))
    Wa, ba, Wb, bb = np.array(W1), np.array(B1), np.array(W2), np.array(B2)
    # rows
    Z1 = X @ Wa.T + ba
    A1 = sig(Z1)
    A2 = sig(A1 @ Wb.T + bb)
    dZ2 = (A2 - Y[:, None]) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ Wb * A1 * (1 - A1)
    rows = [dZ1.T @ X, np.ones(len(X)) @ dZ1, dZ2.T @ A1, np.ones(len(X)) @ dZ2]
    # columns
    Xc = X.T
    A1c = sig(Wa @ Xc + ba[:, None])
    A2c = sig(Wb @ A1c + bb[:, None])
    dZ2c = (A2c - Y[None, :]) / len(X) * A2c * (1 - A2c)
    dZ1c = Wb.T @ dZ2c * A1c * (1 - A1c)
    columns = [dZ1c @ Xc.T, dZ1c.sum(axis=1), dZ2c @ A1c.T, dZ2c.sum(axis=1)]
    ours = [net.layers[0].grad_matrix(), net.layers[0].bias_grad(), net.layers[1].grad_matrix(),
            net.layers[1].bias_grad()]
    for a, b, c in zip(ours, rows, columns):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-15) and np.allclose(a, c, rtol=1e-12, atol=1e-15)
