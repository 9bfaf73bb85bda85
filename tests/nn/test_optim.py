"""Optimizers and schedules: the exact SGD update, descent on a convex loss, schedules, bad arguments."""

from __future__ import annotations

from typing import Any

import pytest

from autograd import Value
from autograd.functional import sum as vsum
from nn import MLP, losses, optim

TARGET = [3.0, -2.0, 0.5]


def convex(ws: list[Value]) -> Value:
    """``Σ (wᵢ − tᵢ)² + ¼(w₀ + w₁ − t₀ − t₁)²``: convex, minimum 0 exactly at TARGET."""
    return vsum([(w - t) ** 2 for w, t in zip(ws, TARGET)]) + 0.25 * (ws[0] + ws[1] - TARGET[0] - TARGET[1]) ** 2


def test_sgd_matches_the_hand_update_exactly() -> None:
    net = MLP(2, [3, 1], activation="tanh", seed=4)
    params = net.parameters()
    loss = losses.mse(net([0.3, -1.2]), 0.7)
    loss.backward()
    expected = [p.data - 0.05 * p.grad for p in params]
    opt = optim.SGD(params, lr=0.05)
    opt.step()
    assert [p.data for p in params] == expected
    assert opt.steps == 1
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in params)


@pytest.mark.parametrize("make", [
    lambda ps: optim.SGD(ps, lr=0.1),
    lambda ps: optim.Momentum(ps, lr=0.05, momentum=0.9),
    lambda ps: optim.Adam(ps, lr=0.1),
    lambda ps: optim.SGD(ps, lr=optim.LinearDecay(0.2, 0.02, 50)),
    lambda ps: optim.SGD(ps, lr=optim.StepDecay(0.2, 0.5, 10)),
], ids=["sgd", "momentum", "adam", "sgd-linear-decay", "sgd-step-decay"])
def test_each_optimizer_decreases_a_convex_loss(make: object) -> None:
    ws = [Value(0.0), Value(0.0), Value(0.0)]
    opt = make(ws)  # type: ignore[operator]
    first = convex(ws).data
    values = []
    for _ in range(150):
        opt.zero_grad()
        loss = convex(ws)
        loss.backward()
        opt.step()
        values.append(loss.data)
    assert values[-1] < 0.01 * first
    assert [w.data for w in ws] == pytest.approx(TARGET, abs=0.1)


def test_momentum_and_adam_first_steps_by_hand() -> None:
    w = Value(1.0)
    opt = optim.Momentum([w], lr=0.1, momentum=0.5)
    w.grad = 2.0
    opt.step()           # v = 2, w = 1 − 0.2
    w.grad = 2.0
    opt.step()           # v = 0.5·2 + 2 = 3, w = 0.8 − 0.3
    assert w.data == pytest.approx(0.5)
    a = Value(1.0)
    adam = optim.Adam([a], lr=0.1)
    a.grad = 4.0
    adam.step()          # m̂ = g, v̂ = g², step = lr·g/(|g| + eps)
    assert a.data == pytest.approx(1.0 - 0.1 * 4.0 / (4.0 + 1e-8))


def test_schedules() -> None:
    micrograd = optim.LinearDecay(1.0, 0.1, 100)
    assert [micrograd(k) for k in (0, 50, 100, 150)] == pytest.approx([1.0, 0.55, 0.1, 0.1])
    assert all(micrograd(k) == pytest.approx(1.0 - 0.9 * k / 100) for k in range(100))
    step = optim.StepDecay(0.8, 0.5, 10)
    assert [step(k) for k in (0, 9, 10, 25)] == [0.8, 0.8, 0.4, 0.2]
    opt = optim.SGD([Value(0.0)], lr=micrograd)
    assert opt.current_lr() == 1.0
    opt.params[0].grad = 1.0
    opt.step()
    assert opt.current_lr() == pytest.approx(0.991)
    with pytest.raises(ValueError, match="steps"):
        optim.LinearDecay(1.0, 0.1, 0)
    with pytest.raises(ValueError, match="every"):
        optim.StepDecay(1.0, 0.5, 0)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lr must be a number > 0 or a schedule"):
        optim.SGD(lr=-1.0)
    with pytest.raises(ValueError, match="no parameters"):
        optim.SGD(lr=0.1).step()
    with pytest.raises(ValueError, match="no parameters"):
        optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="momentum"):
        optim.Momentum(lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match="betas"):
        optim.Adam(lr=0.1, betas=(0.9, 1.0))


@pytest.mark.parametrize("make", [lambda: optim.SGD(lr=1e308), lambda: optim.Momentum(lr=1e308),
                                  lambda: optim.Adam(lr=1e308)], ids=["SGD", "Momentum", "Adam"])
def test_a_step_that_would_make_a_weight_infinite_moves_no_weight(make: Any) -> None:
    """micrograd's loop calls step() by hand: a refused update must not leave half the weights moved."""
    from autograd import NonFiniteError, Value

    params = [Value(1.0, label="a"), Value(1e308, label="b"), Value(2.0, label="c")]
    for p in params:
        p.grad = -1.0 if p.label != "b" else -10.0
    opt = make()
    opt.attach(params)
    state = opt.state()
    with pytest.raises(NonFiniteError, match="label 'b'"):
        opt.step()
    assert [p.data for p in params] == [1.0, 1e308, 2.0] and opt.state() == state
