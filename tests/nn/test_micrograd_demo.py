"""micrograd's demo and its engine tests, run on pizarra with only the import changed (issue 18).

micrograd's ``demo.ipynb`` trains ``MLP(2, [16, 16, 1])`` on 100 two-moons points (scikit-learn's
``make_moons`` after ``np.random.seed(1337)``, labels as ±1) from ``random.seed(1337)``: max-margin loss
``relu(1 − y·score)``, L2 of 1e-4, full-batch SGD with ``lr = 1 − 0.9·k/100``.  The loop below is written as
that notebook writes it, against micrograd's public API; it runs once on micrograd 0.1.0 and once on pizarra
(the same names, ``Value`` and ``MLP``), and the losses must agree at every step to 1e-12.

The two engine checks are the scenarios of micrograd's ``test/test_engine.py`` (a sanity check and "more
ops"), written here against the same public API and compared with PyTorch as micrograd compares them.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

STEPS = 20  # micrograd runs 100; 20 steps cover the schedule's effect and keep the test to a few seconds


def moons() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_moons

    np.random.seed(1337)
    X, y = make_moons(n_samples=100, noise=0.1)
    return X, y * 2 - 1


def demo_losses(Value: Any, MLP: Any, X: np.ndarray, y: np.ndarray) -> list[tuple[float, float]]:
    """micrograd's demo loop, through nothing but its public names: the loss and accuracy at every step."""
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    seen = []
    for k in range(STEPS):
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        seen.append((total_loss.data, sum(accuracy) / len(accuracy)))
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    return seen


def test_the_demo_trains_as_micrograds_to_1e12_at_every_step() -> None:
    from micrograd.engine import Value as MgValue
    from micrograd.nn import MLP as MgMLP

    from autograd import Value
    from nn import MLP

    X, y = moons()
    theirs = demo_losses(MgValue, MgMLP, X, y)
    ours = demo_losses(Value, MLP, X, y)
    for k, ((loss_mg, acc_mg), (loss, acc)) in enumerate(zip(theirs, ours)):
        assert abs(loss - loss_mg) <= 1e-12 * max(1.0, abs(loss_mg)), (k, loss, loss_mg)
        assert acc == acc_mg, k
    assert theirs[-1][0] < theirs[0][0]  # it trains


def sanity(V: Any) -> tuple[Any, Any]:
    x = V(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    return x, y


def more_ops(V: Any) -> tuple[Any, Any, Any]:
    a, b = V(-4.0), V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return a, b, g


@pytest.mark.torch
def test_micrograds_engine_checks_agree_with_pytorch() -> None:
    import torch

    from autograd import Value

    def tensor(v: float) -> Any:
        t = torch.tensor([v], dtype=torch.float64)
        t.requires_grad = True
        return t

    x, y = sanity(Value)
    xt, yt = sanity(tensor)
    assert y.data == yt.data.item() and x.grad == xt.grad.item()
    a, b, g = more_ops(Value)
    at, bt, gt = more_ops(tensor)
    assert abs(g.data - gt.data.item()) < 1e-6
    assert abs(a.grad - at.grad.item()) < 1e-6 and abs(b.grad - bt.grad.item()) < 1e-6
