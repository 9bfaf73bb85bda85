"""Training through recorded programs: a model's loss recorded once (:mod:`autograd.batch`), then run on every batch.

:func:`nn.train.fit` uses a :class:`RecordedLoss` for ``engine="batched"`` (and for ``engine="auto"``, the
default, wherever :func:`why_scalar` finds no reason against it).  The numbers are the scalar engine's, to
rounding: the same loss per batch (the mean of the per-sample losses) and the same gradient on every
parameter, accumulated as ``backward()`` on the batch's loss would.

A loss of :mod:`nn.losses` reads its targets as numbers, so:

* a classification loss (hinge, binary or categorical cross-entropy) gets one program per distinct target
  (per class, or per probability vector), recorded with that target; a batch runs each program on its rows
  with the weights ``1/m`` (m = the batch's size), so that the programs add up to the mean;
* :func:`~nn.losses.mse` gets one program with the targets as placeholders inside the prediction:
  ``mse(ŷ − y, 0)`` is ``½(ŷ − y)²``, number for number and derivative for derivative.

The L2 penalty is not recorded (its ``m`` is the batch's size, which the last mini-batch changes): it is
:func:`nn.losses.l2` itself, on the weights, built and differentiated by the scalar engine at every step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from autograd import AutogradError, Value, no_grad
from autograd.batch import Program, record
from autograd.bulk import add_grads, read_data
from autograd.functional import sum as vsum

from . import losses
from .layers import MLP

__all__ = ["ENGINES", "MAX_PROGRAMS", "RecordedLoss", "why_scalar"]

#: The values of ``fit``'s ``engine``: ``"auto"`` is ``"batched"`` where it gives the scalar result, else ``"scalar"``.
ENGINES = ("auto", "batched", "scalar")

#: The most distinct targets a classification loss may have for a batched run (one program per target).
MAX_PROGRAMS = 64

Array = np.ndarray


def _key(target: Any) -> Hashable:
    """A target as a dict key: a class index stays a number, a probability vector becomes a tuple."""
    return tuple(target) if isinstance(target, list) else target


def why_scalar(loss_fn: Callable[..., Value], targets: list[Any]) -> str | None:
    """Why ``loss_fn`` with these targets cannot train through recorded programs, or None when it can.

    A loss of your own may not be the mean of per-sample terms (which a batched run assumes), and a
    classification loss with more than :data:`MAX_PROGRAMS` distinct targets (soft labels, say) would
    need a program for each.
    """
    if loss_fn not in losses.LOSSES.values():
        name = getattr(loss_fn, "__name__", repr(loss_fn))
        return (f"the loss {name} is not one of nn.losses.LOSSES, so it may not be a mean of per-sample "
                "terms, which a recorded program assumes")
    if loss_fn is not losses.mse:
        distinct = len({_key(t) for t in targets})
        if distinct > MAX_PROGRAMS:
            return (f"y has {distinct} distinct targets, and {getattr(loss_fn, '__name__', '')} needs one "
                    f"recorded program per target (at most {MAX_PROGRAMS})")
    return None


def _in_x(error: AutogradError, samples: Array) -> AutogradError:
    """``error`` saying which row of the data (not of the program's batch, the rows of one target) it is at."""
    text = str(error.args[0]) if error.args else ""
    found = re.search(r" at row (\d+)$", text)
    if found is not None:
        row = int(samples[int(found.group(1))])
        error.args = (f"{text[:found.start()]} at row {row} of X", *error.args[1:])
    return error


class RecordedLoss:
    """A model's loss recorded once for a training set; every :meth:`step` runs it on a batch of rows.

    Args:
        model: the network (its parameters are read at every step, so an optimizer's updates count).
        loss_fn: a loss of :data:`nn.losses.LOSSES` (check with :func:`why_scalar` first).
        X: the training samples, shape ``(N, nin)``.
        targets: the N targets as the scalar loss reads them (0/1 already mapped to ±1 for the hinge).
    """

    def __init__(self, model: MLP, loss_fn: Callable[..., Value], X: Array, targets: list[Any]) -> None:
        self.model, self.loss_fn = model, loss_fn
        self._xs = [Value(0.0, label=f"x{j + 1}") for j in range(model.nin)]
        self._out = model.forward(self._xs)
        self._programs: dict[Hashable, Program] = {}
        self._outputs: Program | None = None
        self._ts: list[Value] = []
        self._params = model.parameters()
        self._index = {p: i for i, p in enumerate(self._params)}
        self._at: dict[Program, Array] = {}
        self.X = np.asarray(X, dtype=float)
        self._set = self._encode(targets)

    def _encode(self, targets: list[Any]) -> tuple[list[Hashable], Array]:
        """The targets as the rows' columns (mse) or as each row's program (the others), recording what is new."""
        if self.loss_fn is losses.mse:
            with no_grad():  # the scalar loss's own checks of every target, on a constant prediction
                self.loss_fn([[Value(0.0)] * self.model.nout] * len(targets), targets)
            if not self._programs:
                self._ts = [Value(0.0, label=f"y{k + 1}") for k in range(self.model.nout)]
                errors = [o - t for o, t in zip(self._out, self._ts)]
                self._programs[None] = record(self.loss_fn([errors], [[0.0] * len(errors)]),
                                              inputs=self._xs + self._ts)
            return [None], np.asarray(targets, dtype=float).reshape(len(targets), -1)
        keys = [_key(t) for t in targets]
        for key, target in zip(keys, targets):
            if key not in self._programs:
                prediction = self._out[0] if len(self._out) == 1 else self._out
                self._programs[key] = record(self.loss_fn([prediction], [target]), inputs=self._xs)
        order = list(dict.fromkeys(keys))
        where = {key: g for g, key in enumerate(order)}
        return order, np.fromiter((where[k] for k in keys), dtype=np.intp, count=len(keys))

    def _run(self, X: Array, codes: tuple[list[Hashable], Array], rows: Array, m: int, grad: bool) -> float:
        """The sum over ``rows`` of the per-sample losses; with ``grad``, adds their gradient weighted ``1/m``."""
        keys, column = codes
        total: list[float] = []
        if self.loss_fn is losses.mse:
            groups = [(self._programs[None], rows, np.column_stack([X[rows], column[rows]]))]
        else:
            found = column[rows]
            groups = [(self._programs[keys[g]], rows[found == g], X[rows[found == g]])
                      for g in np.unique(found).tolist()]
        theta = self._theta()
        gradient = np.zeros(len(theta))
        for program, samples, batch in groups:
            at = self._where(program)
            try:
                total.extend(program.forward(batch, parameters=theta[at]).tolist())
                if grad:
                    gradient[at] += program.gradients(np.full(len(batch), 1.0 / m))
            except AutogradError as error:
                raise _in_x(error, samples) from None
        if grad:  # what each program's backward() would add, added once
            add_grads(self._params, gradient.tolist())
        return math.fsum(total)

    def _theta(self) -> Array:
        """The model's parameters now, as one array (in the order of ``model.parameters()``)."""
        return np.array(read_data(self._params))

    def _where(self, program: Program) -> Array:
        """Where each of ``program``'s parameters is in ``model.parameters()``."""
        if program not in self._at:
            self._at[program] = np.fromiter((self._index[p] for p in program.parameters), dtype=np.intp,
                                            count=len(program.parameters))
        return self._at[program]

    def step(self, rows: Array) -> float:
        """The mean loss over the training rows ``rows`` (before any update); adds its gradient to every ``grad``."""
        return self._run(self.X, self._set, rows, len(rows), grad=True) / len(rows)

    def loss(self, X: Array, targets: list[Any]) -> float:
        """The mean loss on another set ``(X, targets)`` (a test set), nothing differentiated."""
        X = np.asarray(X, dtype=float)
        return self._run(X, self._encode(targets), np.arange(len(X)), len(X), grad=False) / len(X)

    def outputs(self, X: Array) -> Array:
        """The model's outputs on every row of ``X``, shape ``(N, nout)``: one forward of the recorded network."""
        if self._outputs is None:
            self._outputs = record(self._out[0] if len(self._out) == 1 else vsum(self._out), inputs=self._xs)
        self._outputs.forward(np.asarray(X, dtype=float), parameters=self._theta()[self._where(self._outputs)])
        return np.column_stack([self._outputs.value(o) for o in self._out])
