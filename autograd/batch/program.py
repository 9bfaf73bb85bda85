"""``record`` a graph once; a :class:`Program` then runs it on a whole batch, forward and backward.

The program reads the graph's structure, its constants and its ``requires_grad`` flags when it is
recorded, and the leaves' data at every :meth:`~Program.forward` (so an optimizer's updates count).
Its :meth:`~Program.backward` adds to each parameter's ``grad`` what ``backward()`` on every sample, one
after the other, would add (weighted by ``reduce``); no other node's ``grad`` is touched (the per-row
gradients are :meth:`~Program.grad`'s).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..bulk import add_grads
from ..errors import AutogradError, NonFiniteError, describe
from ..ops import ADD
from ..text import NotationLike, as_notation
from ..value import Value
from .blocks import Block
from .equations import equations
from .gather import Array
from .inputs import read_batch
from .recording import INPUTS, LEAVES, Recording, read_graph
from .rows import backward_checked, forward_checked
from .run import evaluate, leaf_data, propagate

__all__ = ["Program", "record"]

def record(root: Value, inputs: Sequence[Value]) -> Program:
    """Read the graph that ends at ``root`` once, with ``inputs`` as the placeholders whose data changes per row.

        >>> from autograd import Value
        >>> x, y, w = Value(0.0, label="x"), Value(0.0, label="y"), Value(0.5, label="w")
        >>> program = record((w * x - y) ** 2, inputs=[x, y])
        >>> program.forward({"x": [1.0, 2.0], "y": [1.0, 0.0]}).tolist()
        [0.25, 1.0]
        >>> program.backward(reduce="sum")
        >>> w.grad   # 2(w·x − y)·x summed over the rows: −1 + 4
        3.0

    ``root`` is usually a loss built from a model and the placeholders; every other leaf it depends on
    is a parameter (when it requires a gradient) or a constant.  Raises TypeError or ValueError for
    inputs that are not distinct leaf Values, or that the graph does not use.
    """
    return Program(read_graph(root, inputs))


class Program:
    """A recorded graph, run on every row of a batch at once (make one with :func:`record`).

    Attributes:
        root: the node it computes.
        inputs: the placeholders, in the order given to :func:`record`.
        parameters: the leaves :meth:`backward` gives a gradient to.
        blocks: how it computes: nodes of one op computed together (see :mod:`autograd.batch.blocks`);
            a network's layer is one ``matmul`` block.
    """

    def __init__(self, recording: Recording) -> None:
        self._rec = recording
        self._trained = tuple(recording.leaves[i] for i in recording.trained)
        self._trained_at = np.asarray(recording.trained, dtype=np.intp)
        trained = set(recording.trained)
        others = [i for i in range(len(recording.leaves)) if i not in trained]
        self._others = tuple(recording.leaves[i] for i in others)
        self._others_at = np.asarray(others, dtype=np.intp)
        self._state: tuple[list[Array], list[Any]] | None = None
        self._grads: list[Array | None] | None = None

    @property
    def root(self) -> Value:
        return self._rec.root

    @property
    def inputs(self) -> tuple[Value, ...]:
        return self._rec.inputs

    @property
    def parameters(self) -> tuple[Value, ...]:
        return self._trained

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self._rec.blocks

    def forward(self, batch: Any, *, parameters: Any = None) -> Array:
        """The root's value on every row of ``batch``: an array of ``N`` numbers.

        ``batch`` maps each input's label (or the input Value) to ``N`` numbers, or to one number shared by
        every row; or it is an ``N×n`` array with one column per input, in the recorded order.  Errors
        name the op and the row: ``log needs a > 0; got a=-0.5 (Value 'x') at row 17``.

        The parameters' data is read from their Values, or from ``parameters``, an array with one number
        per parameter (in the order of :attr:`parameters`), for a training loop that keeps them as an array.
        """
        X = read_batch(self._rec.inputs, batch)
        L = leaf_data(self._rec) if parameters is None else self._leaves_with(parameters)
        try:
            with np.errstate(all="raise", under="ignore"):
                vals, saved = evaluate(self._rec, X, L)
        except FloatingPointError:
            with np.errstate(all="ignore"):
                vals, saved = forward_checked(self._rec, X, L)
        self._state, self._grads = (vals, saved), None
        return self.value(self._rec.root)

    def backward(self, reduce: str | Any = "mean") -> None:
        """Add the batch's gradient to every parameter's ``grad``, as ``backward()`` on each row would.

        ``reduce="mean"`` adds the mean over the rows of each row's gradient, ``"sum"`` their sum, and an
        array of ``N`` weights the weighted sum.  Parameters accumulate across calls, as with the scalar
        engine (zero them first: ``zero_grad()`` or an optimizer's).  Call :meth:`forward` first.
        """
        add_grads(self._trained, self.gradients(reduce).tolist())  # one loop over the parameters' slots

    def gradients(self, reduce: str | Any = "mean") -> Array:
        """The batch's gradient of every parameter (in the order of :attr:`parameters`), as one array.

        What :meth:`backward` adds to the ``grad`` s, computed the same way, but no ``grad`` is touched.
        """
        if self._state is None:
            raise AutogradError("backward: run forward(batch) first; the program has no values yet")
        root = self._rec.root
        if not root.requires_grad:
            raise AutogradError(f"backward: {describe(root)} does not require a gradient "
                                "(it is a constant, was detached, or was computed under no_grad())")
        vals, saved = self._state
        seeds = _seeds(reduce, vals[INPUTS].shape[0])
        try:
            with np.errstate(all="raise", under="ignore"):
                grads = propagate(self._rec, vals, saved, seeds)
        except FloatingPointError:
            with np.errstate(all="ignore"):
                grads = backward_checked(self._rec, vals, saved, seeds)
        self._grads = grads
        found = grads[LEAVES]
        assert found is not None
        gradient: Array = found[0, self._trained_at]
        return gradient

    def _leaves_with(self, parameters: Any) -> Array:
        """The leaf source with ``parameters`` in the parameters' columns and the other leaves' data."""
        theta = np.asarray(parameters)
        n = len(self._trained)
        if theta.dtype.kind not in "iuf" or theta.shape != (n,):
            raise ValueError(f"forward: parameters must be {n} real numbers (one per parameter), got "
                             f"{'shape ' + str(theta.shape) if theta.dtype.kind in 'iuf' else repr(parameters)}")
        if not np.isfinite(theta).all():
            bad = int(np.flatnonzero(~np.isfinite(theta))[0])
            name = repr(self._trained[bad].label) if self._trained[bad].label else f"parameter {bad}"
            raise NonFiniteError(f"forward: parameters must be finite; {name} is given {theta[bad]}")
        L = np.empty((1, len(self._rec.leaves)))
        L[0, self._trained_at] = theta
        if len(self._others):
            L[0, self._others_at] = np.fromiter((x.data for x in self._others), dtype=float, count=len(self._others))
        return L

    def value(self, node: Value) -> Array:
        """``node``'s value on every row of the last forward (``N`` numbers), for any node of the graph."""
        source, column = self._locate(node)
        assert self._state is not None
        vals, saved = self._state
        if node in self._rec.inner:  # a layer's w·x, kept beside its w·x + b
            return np.array(saved[source - 2][2][:, column])
        values: Array = (vals[source][:, column].copy() if self._rec.per_row[source]
                         else np.full(vals[INPUTS].shape[0], vals[source][0, column]))
        return values

    def grad(self, node: Value) -> Array:
        """The gradient at ``node`` on every row of the last backward (``N`` numbers, weighted as reduced).

        Only for nodes that depend on the inputs and through which a gradient reaches a parameter.
        """
        source, column = self._locate(node)
        if self._grads is None:
            raise AutogradError("grad: run backward() first")
        if source in (INPUTS, LEAVES) or not self._rec.per_row[source] or not self._rec.needs[node]:
            raise ValueError(f"grad: {describe(node)} has no gradient per row: only nodes that depend on the "
                             "inputs and lead to a parameter have one (a parameter's is its .grad)")
        found = self._grads[source]
        assert self._state is not None
        vals, saved = self._state
        if found is None:
            return np.zeros(vals[INPUTS].shape[0])
        if node in self._rec.inner:  # a layer's w·x: the gradient of w·x + b times ∂(p + b)/∂p, from the table
            _, _, P, b = saved[source - 2]
            return np.array(np.broadcast_to(found * ADD.fns[0](P, b, vals[source]), P.shape)[:, column])
        return np.array(found[:, column])

    def equations(self, *, notation: NotationLike = None, convention: str = "rows", reduce: str = "mean",
                  **old: object) -> str:
        """The program as the course writes it, one matrix equation per step with its shapes, forward and backward.

        ``convention="rows"`` puts one sample per row (``Z1 = X·W1ᵀ + b1``, ``dW1 = dZ1ᵀ·X``); ``"columns"`` one
        per column (``Z1 = W1·X + b1``, ``dW1 = dZ1·Xᵀ``).  ``reduce`` (``"mean"`` or ``"sum"``) says how the
        cost ``J`` is made of the per-row losses.  Matrices are named after their labels (``W1`` for
        ``W1[i,j]``, see :mod:`autograd.batch.naming`); ``notation="es"`` writes Spanish and the decimal comma.
        """
        return equations(self._rec, notation=as_notation(notation, old, where="Program.equations"),
                         convention=convention, reduce=reduce)

    def _locate(self, node: Value) -> tuple[int, int]:
        if self._state is None:
            raise AutogradError("run forward(batch) first; the program has no values yet")
        if not isinstance(node, Value) or (node not in self._rec.where and node not in self._rec.inner):
            raise ValueError(f"{node!r} is not a node of this program's graph")
        return self._rec.where[node] if node in self._rec.where else self._rec.inner[node]

    def __repr__(self) -> str:
        kinds = ", ".join(f"{b.kind} {b.op.name}×{b.width}" for b in self._rec.blocks)
        return (f"Program({len(self._rec.inputs)} input(s), {len(self.parameters)} parameter(s), "
                f"{len(self._rec.blocks)} block(s): {kinds})")


def _seeds(reduce: Any, rows: int) -> Array:
    """The seed of every row: ``1/N`` for ``"mean"``, 1 for ``"sum"``, or the given weights."""
    if isinstance(reduce, str):
        if reduce == "mean":
            return np.full(rows, 1.0 / rows)
        if reduce == "sum":
            return np.ones(rows)
        raise ValueError(f"backward: reduce must be 'mean', 'sum' or an array of {rows} weights, got {reduce!r}")
    weights = np.asarray(reduce)
    if weights.dtype.kind not in "iuf" or weights.shape != (rows,):
        raise ValueError(f"backward: weights must be {rows} real numbers (one per row), got "
                         f"{'shape ' + str(weights.shape) if weights.dtype.kind in 'iuf' else repr(reduce)}")
    if not np.isfinite(weights).all():
        raise NonFiniteError(f"backward: the weights must be finite; row "
                             f"{int(np.flatnonzero(~np.isfinite(weights))[0])} is not")
    return weights.astype(float)
