"""Optimizers (SGD, SGD with momentum, Adam) and learning-rate schedules.

An optimizer updates parameters in place from their ``grad``::

    opt = optim.SGD(model.parameters(), lr=0.1)
    loss.backward(); opt.step(); opt.zero_grad()

The parameters may also be given later with :meth:`Optimizer.attach` (``train.fit`` does that, so
``optim.SGD(lr=0.1)`` is enough there).  ``lr`` is a number or a schedule: a function of the step
number ``k`` (0 for the first update), e.g. ``LinearDecay(1.0, 0.1, 100)`` is micrograd's demo
``lr = 1.0 − 0.9·k/100``.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from autograd import NonFiniteError, Value
from autograd.bulk import descend, read_data, read_grads, write_data, zero_grads

from .settings import LEARNING_RATE, POSITIVE_NUMBER, UNIT_INTERVAL, SettingError, check
from .words import NNError

__all__ = ["SGD", "Adam", "LinearDecay", "Momentum", "Optimizer", "Schedule", "StepDecay"]

Schedule = Callable[[int], float]


@dataclass(frozen=True)
class StepDecay:
    """``lr = initial · factor^⌊k / every⌋``: multiply by ``factor`` every ``every`` steps."""

    initial: float
    factor: float = 0.5
    every: int = 10

    def __post_init__(self) -> None:
        if self.every < 1:
            raise NNError(f"StepDecay: every must be ≥ 1, got {self.every}")

    def __call__(self, k: int) -> float:
        return self.initial * self.factor ** (k // self.every)


@dataclass(frozen=True)
class LinearDecay:
    """``lr`` goes linearly from ``start`` (step 0) to ``end`` (step ``steps``), then stays at ``end``.

    ``LinearDecay(1.0, 0.1, 100)`` is micrograd's demo schedule ``1.0 − 0.9·k/100``.
    """

    start: float
    end: float
    steps: int

    def __post_init__(self) -> None:
        if self.steps < 1:
            raise NNError(f"LinearDecay: steps must be ≥ 1, got {self.steps}")

    def __call__(self, k: int) -> float:
        return self.start - (self.start - self.end) * min(k, self.steps) / self.steps


class Optimizer:
    """The common part: the parameters, the learning rate (or schedule) and the step counter."""

    def __init__(self, params: Iterable[Value] | None = None, lr: float | Schedule = 0.01) -> None:
        lr = check(type(self).__name__, "lr", lr, LEARNING_RATE)
        self.lr = lr
        self.steps = 0
        self.params: list[Value] = []
        if params is not None:
            self.attach(params)

    def attach(self, params: Iterable[Value]) -> None:
        """Set the parameters to optimize (and reset any per-parameter state)."""
        self.params = list(params)
        if not self.params:
            raise NNError(f"{type(self).__name__}: no parameters to optimize")
        self.steps = 0
        self._reset()

    def _reset(self) -> None:
        """Forget per-parameter state (momentum buffers, moments)."""

    #: The attributes that change as it steps: what :meth:`state` saves and :meth:`restore` puts back.
    STATE: tuple[str, ...] = ("steps",)

    def state(self) -> dict[str, Any]:
        """A copy of what stepping has changed so far (the step count, the buffers), for :meth:`restore`."""
        return {name: copy.copy(getattr(self, name)) for name in self.STATE}

    def restore(self, state: dict[str, Any]) -> None:
        """Put back a :meth:`state`: :func:`nn.fit` does it, with the weights, when training diverges."""
        for name in self.STATE:
            setattr(self, name, copy.copy(state[name]))

    def current_lr(self) -> float:
        """The learning rate the next :meth:`step` will use."""
        return float(self.lr(self.steps)) if callable(self.lr) else float(self.lr)

    def step(self) -> None:
        """Update every parameter from its ``grad``: all of them, or, when a new weight would not be finite (a
        ``Value`` refuses it), none of them and none of the optimizer's state, and the error is raised."""
        if not self.params:
            raise NNError(f"{type(self).__name__}.step: no parameters; pass them or call attach()")
        before, state = read_data(self.params), self.state()
        try:
            self._update(self.current_lr())
        except NonFiniteError:
            write_data(self.params, before)
            self.restore(state)
            raise
        self.steps += 1

    def _update(self, lr: float) -> None:
        """Set every parameter's new data from its ``grad`` (here ``w ← w − α·g``); a subclass's rule.

        The built-in ones compute every new number first and write them all at once (:mod:`autograd.bulk`),
        so a training step does not pay for ``p.data = …`` once per parameter.
        """
        descend(self.params, lr)

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0."""
        zero_grads(self.params)


class SGD(Optimizer):
    """Plain gradient descent: ``w ← w − α·dJ/dw``."""


class Momentum(Optimizer):
    """SGD with momentum (PyTorch's form): ``v ← μ·v + dJ/dw``, ``w ← w − α·v``."""

    def __init__(self, params: Iterable[Value] | None = None, lr: float | Schedule = 0.01,
                 momentum: float = 0.9) -> None:
        self.momentum = check("Momentum", "momentum", momentum, UNIT_INTERVAL)
        self.velocity: list[float] = []
        super().__init__(params, lr)

    STATE = ("steps", "velocity")

    def _reset(self) -> None:
        self.velocity = [0.0] * len(self.params)

    def _update(self, lr: float) -> None:
        mu, v, params = self.momentum, self.velocity, self.params
        v[:] = [mu * vi + g for vi, g in zip(v, read_grads(params))]
        write_data(params, [w - lr * vi for w, vi in zip(read_data(params), v)])


class Adam(Optimizer):
    """Adam: running means of the gradient (``m``) and of its square (``v``), bias-corrected.

    ``m ← β₁m + (1−β₁)g``, ``v ← β₂v + (1−β₂)g²``, ``w ← w − α·m̂/(√v̂ + ε)`` with
    ``m̂ = m/(1−β₁ᵗ)``, ``v̂ = v/(1−β₂ᵗ)``.
    """

    def __init__(self, params: Iterable[Value] | None = None, lr: float | Schedule = 0.001,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2 and all(UNIT_INTERVAL.ok(b) for b in betas)):
            raise SettingError("Adam", "betas", "two numbers from 0 to 1 (1 excluded), e.g. (0.9, 0.999)", betas)
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = check("Adam", "eps", eps, POSITIVE_NUMBER)
        self.m: list[float] = []
        self.v: list[float] = []
        super().__init__(params, lr)

    STATE = ("steps", "m", "v")

    def _reset(self) -> None:
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def _update(self, lr: float) -> None:
        b1, b2 = self.betas
        t = self.steps + 1
        c1, c2 = 1.0 - b1 ** t, 1.0 - b2 ** t
        m, v, params, eps = self.m, self.v, self.params, self.eps
        grads = read_grads(params)
        m[:] = [b1 * mi + (1.0 - b1) * g for mi, g in zip(m, grads)]
        v[:] = [b2 * vi + (1.0 - b2) * g * g for vi, g in zip(v, grads)]
        write_data(params, [w - lr * (mi / c1) / (math.sqrt(vi / c2) + eps)
                            for w, mi, vi in zip(read_data(params), m, v)])
