"""Loss functions on :class:`~autograd.Value` predictions, built only from engine ops.

Every loss takes ``(predictions, targets)`` for a batch of ``N`` samples and averages over it:

* ``predictions``: one model output per sample (a Value, or a list of Values for a network with
  several outputs).  A single Value (not in a list) is a batch of one.
* ``targets``: one target per sample (a number, or for :func:`cross_entropy` a class index).

=========================================  =======================================================
:func:`half_squared_error` (one sample)    ``½·Σₖ (ŷₖ − yₖ)²`` — the course exercise's ``J``
:func:`mse`                                ``1/(2N)·Σₙ Σₖ (ŷ − y)²`` (= ``½(ŷ − y)²`` for N = 1)
:func:`binary_cross_entropy`               ``−1/N·Σ [y ln p + (1 − y) ln(1 − p)]``, p ∈ (0, 1)
:func:`binary_cross_entropy_with_logits`   the same from logits z: ``1/N·Σ [softplus(z) − y·z]``
:func:`cross_entropy`                      ``−1/N·Σ log_softmax(z)[class]`` (from logits)
:func:`hinge`                              ``1/N·Σ max(0, 1 − y·s)``, y ∈ {−1, +1} (micrograd's demo)
:func:`l2`                                 ``λ/(2m)·Σ w²``
=========================================  =======================================================

Note the ½ in :func:`mse`: PyTorch's ``MSELoss`` is ``1/N·Σ (ŷ − y)²``, twice this one.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value
from autograd.functional import dot, log_softmax, mean
from autograd.functional import sum as vsum
from autograd.value import finite_float

from .words import NNError, guess

__all__ = [
    "LOSSES", "LabelError", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "get",
    "half_squared_error", "hinge", "l2", "mse",
]

Prediction = Value | Sequence[Value]
Loss = Callable[[Any, Any], Value]


class LabelError(NNError):
    """A target is outside the loss's domain (e.g. 0.5 for hinge, 3 for binary cross-entropy); its message in any
    language (:class:`~nn.words.NNError`)."""


def _batch(predictions: Any, targets: Any, name: str) -> tuple[list[Any], list[Any]]:
    """Predictions and targets as two lists of the same length ``N ≥ 1``."""
    preds = [predictions] if isinstance(predictions, Value) else list(predictions)
    ys = _as_list(targets)
    if not preds:
        raise NNError(key="empty_batch", name=name)
    if len(preds) != len(ys):
        raise NNError(key="batch_targets", name=name, n=len(preds), m=len(ys))
    return preds, ys


def _as_list(y: Any) -> list[Any]:
    """One number (a Value, or a 0-d array) as a list of one, a sequence as a list."""
    if isinstance(y, (numbers.Real, Value)) or (hasattr(y, "ndim") and y.ndim == 0):
        return [y]
    return list(y)


def _mean(terms: list[Value]) -> Value:
    """The mean of the per-sample terms; a batch of one is its term itself (no extra nodes in the graph)."""
    return terms[0] if len(terms) == 1 else mean(terms)


def _outputs(p: Any) -> list[Value]:
    return [p] if isinstance(p, Value) else list(p)


def _number(y: Any, name: str) -> float:
    if isinstance(y, Value):
        return float(y.data)
    return finite_float(y, f"{name}: a target", LabelError, LabelError)


def half_squared_error(y_hat: Prediction, y: Any) -> Value:
    """``½·Σₖ (ŷₖ − yₖ)²`` for one sample: the course's ``J(θ) = ½(ŷ − y)²``."""
    outs = _outputs(y_hat)
    ys = _as_list(y)
    if len(ys) != len(outs):
        raise NNError(key="outputs_targets", n=len(outs), m=len(ys))
    terms = [(o - _number(t, "half_squared_error")) ** 2 for o, t in zip(outs, ys)]
    return 0.5 * (terms[0] if len(terms) == 1 else vsum(terms))


def mse(predictions: Any, targets: Any) -> Value:
    """``1/(2N)·Σₙ Σₖ (ŷ − y)²``: the mean over the batch of :func:`half_squared_error`.

    For one sample it is ``½(ŷ − y)²``: ``mse(net(x), 5.0)`` is the course exercise's ``J``.
    """
    preds, ys = _batch(predictions, targets, "mse")
    terms = [half_squared_error(p, y) for p, y in zip(preds, ys)]
    return _mean(terms)


def _scalar(p: Any, name: str) -> Value:
    outs = _outputs(p)
    if len(outs) != 1:
        raise NNError(key="one_output", name=name, n=len(outs))
    return outs[0]


def _binary_label(y: Any, name: str) -> float:
    t = _number(y, name)
    if not 0.0 <= t <= 1.0:
        raise LabelError(key="binary_label", name=name, y=y)
    return t


def binary_cross_entropy(predictions: Any, targets: Any) -> Value:
    """``−1/N·Σ [y·ln p + (1 − y)·ln(1 − p)]`` from probabilities ``p`` (a sigmoid output), y ∈ [0, 1].

    A probability of exactly 0 or 1 makes a log undefined (a DomainError names it): a saturated
    sigmoid does that, so prefer :func:`binary_cross_entropy_with_logits` for training.
    """
    preds, ys = _batch(predictions, targets, "binary_cross_entropy")
    terms = []
    for p, y in zip(preds, ys):
        v, t = _scalar(p, "binary_cross_entropy"), _binary_label(y, "binary_cross_entropy")
        if t == 1.0:
            terms.append(-v.log())
        elif t == 0.0:
            terms.append(-(1.0 - v).log())
        else:
            terms.append(-(t * v.log() + (1.0 - t) * (1.0 - v).log()))
    return _mean(terms)


def binary_cross_entropy_with_logits(predictions: Any, targets: Any) -> Value:
    """Binary cross-entropy from logits ``z`` (``p = σ(z)``), stable for any z: ``1/N·Σ [softplus(z) − y·z]``.

    (``−ln σ(z) = softplus(−z)`` and ``−ln(1 − σ(z)) = softplus(z)``, so no log of 0 can happen.)
    """
    preds, ys = _batch(predictions, targets, "binary_cross_entropy_with_logits")
    terms = []
    for p, y in zip(preds, ys):
        z = _scalar(p, "binary_cross_entropy_with_logits")
        t = _binary_label(y, "binary_cross_entropy_with_logits")
        terms.append(z.softplus() - t * z if t else z.softplus())
    return _mean(terms)


def cross_entropy(predictions: Any, targets: Any) -> Value:
    """Categorical cross-entropy from logits: ``−1/N·Σ log_softmax(z)[c]`` for class indices ``c ∈ {0..C−1}``.

    A target may also be a probability vector of length C (e.g. one-hot): ``−Σₖ yₖ·log_softmax(z)ₖ``.
    Stable for large logits (``log_softmax`` uses ``logsumexp``).
    """
    preds, ys = _batch(predictions, targets, "cross_entropy")
    terms = []
    for p, y in zip(preds, ys):
        logits = _outputs(p)
        c = len(logits)
        if c < 2:
            raise NNError(key="two_logits", c=c)
        logp = log_softmax(logits)
        if isinstance(y, bool):
            raise LabelError(key="class_target", last=c - 1, y=y)
        if isinstance(y, numbers.Integral) or (isinstance(y, float) and y.is_integer()):
            k = int(y)
            if not 0 <= k < c:
                raise LabelError(key="class_index", last=c - 1, y=y)
            terms.append(-logp[k])
        elif isinstance(y, Sequence) or hasattr(y, "__len__"):
            dist = [_number(t, "cross_entropy") for t in y]
            if len(dist) != c or min(dist) < 0.0 or not math.isclose(math.fsum(dist), 1.0, abs_tol=1e-9):
                raise LabelError(key="class_vector", c=c, y=y)
            terms.append(-dot([lp for lp, t in zip(logp, dist) if t], [t for t in dist if t]))
        else:
            raise LabelError(key="class_target", last=c - 1, y=y)
    return _mean(terms)


def hinge(predictions: Any, targets: Any) -> Value:
    """Max-margin loss ``1/N·Σ max(0, 1 − y·s)`` for scores ``s`` and labels ``y ∈ {−1, +1}`` (micrograd's demo)."""
    preds, ys = _batch(predictions, targets, "hinge")
    terms = []
    for p, y in zip(preds, ys):
        s, t = _scalar(p, "hinge"), _number(y, "hinge")
        if t not in (-1.0, 1.0):
            raise LabelError(key="hinge_label", y=y)
        terms.append((1.0 - t * s).relu())
    return _mean(terms)


def l2(parameters: Sequence[Value], lam: float, m: int = 1) -> Value:
    """The course's regularization term ``λ/(2m)·Σ w²`` (``Σ w²`` is one ``dot(w, w)`` node).

    micrograd's demo adds ``alpha·Σ p²`` over every parameter: that is ``l2(params, 2·alpha)``.
    """
    params = list(parameters)
    if not params:
        raise NNError("l2: no parameters to regularize")
    if m < 1:
        raise NNError(f"l2: m (the number of samples) must be ≥ 1, got {m}")
    return (lam / (2.0 * m)) * dot(params, params)


#: Every loss :func:`nn.train.fit` accepts by name.
LOSSES: dict[str, Loss] = {
    "mse": mse,
    "binary_cross_entropy": binary_cross_entropy,
    "bce": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "bce_logits": binary_cross_entropy_with_logits,
    "cross_entropy": cross_entropy,
    "hinge": hinge,
}


def get(name: str | Loss) -> Loss:
    """The loss called ``name`` (a callable is returned as is); a ValueError lists the valid names."""
    if callable(name):
        return name
    if not isinstance(name, str) or name not in LOSSES:
        raise NNError(key="unknown_loss", name=name, guess=guess(name, list(LOSSES)), names=", ".join(LOSSES))
    return LOSSES[name]
