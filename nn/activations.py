"""Activation functions by name: each is a method of :class:`~autograd.Value`, so its derivative
comes from the op table.

Element-wise: ``linear`` (identity, no node), ``relu``, ``leaky_relu`` (slope 0.01), ``tanh``,
``sigmoid``.  ``softmax`` acts on a whole layer's outputs (classification output layers only).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd import Value, ops
from autograd.value import LEAKY_SLOPE  # the engine's default slope (PyTorch's), re-exported

from .words import NNError, Phrase, guess

__all__ = [
    "ACTIVATIONS", "ELEMENTWISE", "LEAKY_SLOPE", "check", "elementwise", "float_forward", "softmax_row",
]


def _linear(v: Value) -> Value:
    return v


def _leaky_relu(v: Value) -> Value:
    return v.leaky_relu(LEAKY_SLOPE)


#: Element-wise activations: name → function of one Value.
ELEMENTWISE: dict[str, Callable[[Value], Value]] = {
    "linear": _linear,
    "relu": Value.relu,
    "leaky_relu": _leaky_relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
}

#: Every activation name a layer accepts (``softmax`` acts on the whole layer).
ACTIVATIONS: tuple[str, ...] = (*ELEMENTWISE, "softmax")


def check(name: str, where: str | Phrase = "activation") -> str:
    """Return ``name`` if it is a known activation, else raise a ValueError listing the valid ones."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise NNError(key="unknown_activation", where=where, name=name, guess=guess(name, ACTIVATIONS),
                      names=", ".join(ACTIVATIONS))
    return name


def elementwise(name: str) -> Callable[[Value], Value]:
    """The element-wise activation called ``name`` (a ValueError lists the valid names)."""
    if name == "softmax":
        raise NNError(key="softmax_neuron", names=", ".join(ELEMENTWISE))
    check(name)
    return ELEMENTWISE[name]


def float_forward(name: str) -> Callable[[float], float]:
    """The activation ``name`` on plain floats, read from the op table's forwards (for fast evaluation)."""
    check(name)
    if name == "linear":
        return float
    if name == "leaky_relu":
        return lambda a: ops.LEAKY_RELU.forward(a, LEAKY_SLOPE)
    if name == "softmax":
        raise NNError("softmax acts on a whole row of outputs; use softmax_row")
    op = ops.OPS[name]
    return op.forward


def softmax_row(row: list[float]) -> list[float]:
    """``exp(zᵢ − logsumexp(z))`` on floats, with the op table's ``logsumexp`` forward."""
    lse = ops.LOGSUMEXP.forward(row)
    return [math.exp(z - lse) for z in row]
