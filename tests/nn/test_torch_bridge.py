"""The PyTorch bridge: same forward values and every parameter gradient to 1e-9, per activation and loss."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograd import Value
from nn import MLP, losses, to_torch

pytestmark = pytest.mark.torch

ACTIVATIONS = ["linear", "relu", "leaky_relu", "tanh", "sigmoid"]


def torch_grads(tnet: Any) -> list[float]:
    """Gradients in pizarra's parameter order: per neuron i, its weights W[i, :] then its bias b[i]."""
    import torch

    linears = [m for m in tnet if isinstance(m, torch.nn.Linear)]
    out: list[float] = []
    for lin in linears:
        for i in range(lin.out_features):
            out += [*lin.weight.grad[i].tolist(), lin.bias.grad[i].item()]
    return out


def compare(net: MLP, X: np.ndarray, ours_loss: Callable[[list[Any]], Value],
            torch_loss: Callable[[Any, Any], Any]) -> None:
    """Compare outputs, loss and every gradient; ``torch_loss(out, tnet)`` builds PyTorch's loss."""
    import torch

    tnet = to_torch(net)
    preds = [net(x) for x in X.tolist()]
    J = ours_loss(preds)
    net.zero_grad()
    J.backward()
    out = tnet(torch.tensor(X, dtype=torch.float64))
    ours_out = np.array([[v.data for v in net.forward(x)] for x in X.tolist()])
    np.testing.assert_allclose(ours_out, out.detach().numpy(), rtol=0, atol=1e-9)
    tJ = torch_loss(out, tnet)
    tJ.backward()
    assert J.data == pytest.approx(tJ.item(), abs=1e-9)
    ours = [p.grad for p in net.parameters()]
    theirs = torch_grads(tnet)
    assert len(ours) == len(theirs) == net.num_parameters()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)
    assert max(abs(g) for g in ours) > 1e-6  # the comparison is not of zeros


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_forward_and_gradients(activation: str) -> None:
    import torch

    rng = np.random.default_rng(ACTIVATIONS.index(activation))
    X = rng.normal(size=(6, 3))
    T = rng.normal(size=(6, 2))
    net = MLP(3, [5, 4, 2], activation=activation, output_activation=activation, init="xavier", seed=11)
    for layer in net.layers:  # non-zero biases, so their gradients are compared too
        layer.set_weights(layer.weight_matrix(), rng.normal(scale=0.3, size=layer.nout))
    compare(net, X, lambda p: losses.mse(p, T.tolist()),
            lambda out, _: 0.5 * ((out - torch.tensor(T)) ** 2).sum(dim=1).mean())


def test_softmax_output_forward_and_gradients() -> None:
    import torch

    rng = np.random.default_rng(9)
    X = rng.normal(size=(5, 2))
    T = rng.dirichlet(np.ones(3), size=5)
    net = MLP(2, [4, 3], activation="tanh", output_activation="softmax", seed=1)
    compare(net, X, lambda p: losses.mse(p, T.tolist()),
            lambda out, _: 0.5 * ((out - torch.tensor(T)) ** 2).sum(dim=1).mean())


def _loss_cases() -> dict[str, tuple[str, int, Any, Callable[[list[Any]], Value], Callable[[Any], Any]]]:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(3)
    binary = rng.integers(0, 2, size=8)
    signed = 2 * binary - 1
    soft = rng.uniform(size=8)
    classes = rng.integers(0, 3, size=8)
    tb, ts, tsoft = (torch.tensor(a, dtype=torch.float64) for a in (binary, signed, soft))
    tc = torch.tensor(classes)
    return {
        "mse": ("linear", 1, None, lambda p: losses.mse(p, soft.tolist()),
                lambda o: 0.5 * ((o[:, 0] - tsoft) ** 2).mean()),
        "bce": ("sigmoid", 1, None, lambda p: losses.binary_cross_entropy(p, soft.tolist()),
                lambda o: F.binary_cross_entropy(o[:, 0], tsoft)),
        "bce_logits": ("linear", 1, None, lambda p: losses.binary_cross_entropy_with_logits(p, binary.tolist()),
                       lambda o: F.binary_cross_entropy_with_logits(o[:, 0], tb)),
        "cross_entropy": ("linear", 3, None, lambda p: losses.cross_entropy(p, classes.tolist()),
                          lambda o: F.cross_entropy(o, tc)),
        "hinge": ("linear", 1, None, lambda p: losses.hinge(p, signed.tolist()),
                  lambda o: torch.relu(1 - ts * o[:, 0]).mean()),
    }


LOSS_NAMES = ["mse", "bce", "bce_logits", "cross_entropy", "hinge"]


@pytest.mark.parametrize("name", LOSS_NAMES)
@pytest.mark.parametrize("with_l2", [False, True], ids=["plain", "l2"])
def test_every_loss_forward_and_gradients(name: str, with_l2: bool) -> None:
    import torch

    output, nout, _, ours, theirs = _loss_cases()[name]
    X = np.random.default_rng(4).normal(size=(8, 2))
    net = MLP(2, [6, nout], activation="tanh", output_activation=output, init="xavier", seed=5)
    lam = 0.3 if with_l2 else 0.0

    def ours_total(p: list[Any]) -> Value:
        J = ours(p)
        return J + losses.l2(net.weights(), lam, 8) if with_l2 else J

    def theirs_total(o: Any, tnet: Any) -> Any:
        J = theirs(o)
        if with_l2:
            linears = [m for m in tnet if isinstance(m, torch.nn.Linear)]
            J = J + lam / 16 * sum((lin.weight ** 2).sum() for lin in linears)
        return J

    compare(net, X, ours_total, theirs_total)


def test_to_torch_structure() -> None:
    import torch

    net = MLP(2, [3, 3, 1], activation="leaky_relu", output_activation="sigmoid", seed=0)
    tnet = to_torch(net)
    kinds = [type(m).__name__ for m in tnet]
    assert kinds == ["Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear", "Sigmoid"]
    assert tnet[0].weight.dtype == torch.float64
    np.testing.assert_array_equal(tnet[2].weight.detach().numpy(), net.layers[1].weight_matrix())
    np.testing.assert_array_equal(tnet[4].bias.detach().numpy(), net.layers[2].bias_vector())
