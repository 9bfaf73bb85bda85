"""Helpers over sequences of Values: ``sum``, ``mean``, ``dot``, ``logsumexp``, ``softmax``, ``log_softmax``.

``sum``, ``dot`` and ``logsumexp`` are single variadic ops of the table (one node, however many
inputs); ``mean``, ``softmax`` and ``log_softmax`` are built from them, so their gradients come
from the op table too.  Import the module rather than its names (``from autograd import functional
as F``), since ``sum`` shadows the builtin.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import ops
from .value import Number, Value, apply

__all__ = ["dot", "log_softmax", "logsumexp", "mean", "softmax", "sum"]


Operand = Value | Number


def sum(xs: Sequence[Operand]) -> Value:
    """``x₁ + x₂ + … + xₙ`` as one node (exactly rounded with ``math.fsum``)."""
    return apply(ops.SUM, list(xs))


def mean(xs: Sequence[Operand]) -> Value:
    """The arithmetic mean ``(Σ xᵢ) / n``."""
    items = list(xs)
    if not items:
        raise ValueError("mean needs at least one operand, got an empty sequence")
    return sum(items) / len(items)


def dot(xs: Sequence[Operand], ws: Sequence[Operand]) -> Value:
    """``Σ xᵢ·wᵢ`` as one node; ``∂/∂xᵢ = wᵢ`` and ``∂/∂wᵢ = xᵢ``."""
    xs, ws = list(xs), list(ws)
    if len(xs) != len(ws):
        raise ValueError(f"dot needs sequences of the same length, got {len(xs)} and {len(ws)}")
    return apply(ops.DOT, xs + ws)


def logsumexp(xs: Sequence[Operand]) -> Value:
    """``ln Σ exp(xᵢ)``, computed as ``m + ln Σ exp(xᵢ − m)`` with ``m = max xᵢ`` so it never overflows."""
    return apply(ops.LOGSUMEXP, list(xs))


def _shifted(xs: Sequence[Operand]) -> list[Value]:
    """``xᵢ − max(x)``, the max taken as a constant: the same softmax, and no exp overflows."""
    items = [x if isinstance(x, Value) else Value(x, requires_grad=False) for x in xs]
    if not items:
        raise ValueError("softmax needs at least one operand, got an empty sequence")
    m = max(x.data for x in items)
    return [x - m for x in items]


def log_softmax(xs: Sequence[Operand]) -> list[Value]:
    """``log pᵢ = sᵢ − ln Σⱼ exp(sⱼ)`` with ``sᵢ = xᵢ − max(x)``: the log-probabilities, stable for large inputs."""
    shifted = _shifted(xs)
    lse = logsumexp(shifted)
    return [s - lse for s in shifted]


def softmax(xs: Sequence[Operand]) -> list[Value]:
    """``pᵢ = exp(sᵢ) / Σⱼ exp(sⱼ)`` with ``sᵢ = xᵢ − max(x)`` (equal to ``exp(xᵢ) / Σⱼ exp(xⱼ)``, no overflow).

    Its Jacobian is ``∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ)``; the engine gets it from the ops it is built of.
    """
    exps = [s.exp() for s in _shifted(xs)]
    total = sum(exps)
    return [e / total for e in exps]
