"""A block: nodes of one op that a program computes together, one column per node, every row at once.

Three kinds, each computing with the op table's own functions:

* ``"map"``: a unary or binary op.  Its operands are gathered as arrays and handed to the row's forward
  (:func:`autograd.op_math.forward_any`) and derivative functions, which work element by element;
* ``"reduce"``: a variadic op (``sum``, ``logsumexp``, a ``dot`` that is not a layer's).  Its parents are
  stacked along a first axis, the way its forward and derivatives take them;
* ``"matmul"``: ``dot`` nodes that read the same input vector, as a layer's neurons do, with weights
  that are the same on every row: ``Z = X·Wᵀ`` for all of them.  Its local derivatives are the table's
  (``∂/∂xᵢ = wᵢ`` gives ``W``, ``∂/∂wᵢ = xᵢ`` gives ``X``) and the chain rule's sums over neurons and over
  rows are two matrix products: ``dX = dZ·W``, ``dW = dZᵀ·X``.

A block's :meth:`~Block.forward` returns its values; :meth:`~Block.contributions` returns, for each
operand that needs a gradient, the contribution (upstream gradient times local derivative) and the
:class:`~autograd.batch.gather.Scatter` that adds it where it belongs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..op_math import forward_any
from ..ops import ADD, DOT, Op
from ..value import Value
from .gather import Array, Gather, Scatter

__all__ = ["Block", "MapBlock", "MatmulBlock", "ReduceBlock"]

Contributions = list[tuple[Scatter, Array]]


class Block(ABC):
    """Nodes of one op computed together (see the module's text).

    Attributes:
        kind: ``"map"``, ``"reduce"`` or ``"matmul"``.
        op: the op of every node.
        nodes: the nodes, one column each, in the order of the graph.
        per_row: True when the values depend on the inputs (``N×k``), False when they are the same on
            every row (``1×k``: parameters and constants only).
        source: the index of the block's values among the program's sources.
        needs_grad: True when a gradient through the block reaches a parameter.
    """

    kind = ""

    def __init__(self, op: Op, nodes: Sequence[Value], per_row: bool, source: int, needs_grad: bool) -> None:
        self.op = op
        self.nodes = tuple(nodes)
        self.per_row = per_row
        self.source = source
        self.needs_grad = needs_grad

    @property
    def width(self) -> int:
        """How many nodes (columns)."""
        return len(self.nodes)

    @abstractmethod
    def forward(self, vals: Sequence[Array], rows: int) -> tuple[Array, Any]:
        """The block's values, and what its backward needs from the forward (its operands)."""

    @abstractmethod
    def contributions(self, saved: Any, out: Array, upstream: Array) -> Contributions:
        """Each operand's ``upstream · local`` with the scatter that adds it to its sources."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.op.name}, {self.width} node(s), per_row={self.per_row})"


def _times(upstream: Array, local: Any) -> Array:
    """``upstream · local``, without a product when the local derivative is the number 1 or −1."""
    if type(local) is float:
        if local == 1.0:
            return upstream
        if local == -1.0:
            return -upstream
    return upstream * local  # type: ignore[no-any-return]


class MapBlock(Block):
    """A unary or binary op, element by element: one gather and one scatter per operand."""

    kind = "map"

    def __init__(self, op: Op, nodes: Sequence[Value], per_row: bool, source: int, needs_grad: bool,
                 gathers: Sequence[Gather], scatters: Sequence[Scatter]) -> None:
        super().__init__(op, nodes, per_row, source, needs_grad)
        self.gathers = tuple(gathers)
        self.scatters = tuple(scatters)
        self._fetches = tuple(g.fetch for g in gathers)
        self._forward = forward_any(op)

    def forward(self, vals: Sequence[Array], rows: int) -> tuple[Array, Any]:
        args = [fetch(vals, rows) for fetch in self._fetches]
        return self._forward(*args), args

    def contributions(self, saved: Any, out: Array, upstream: Array) -> Contributions:
        found: Contributions = []
        for fn, scatter in zip(self.op.fns, self.scatters):
            if scatter.empty:
                continue
            cols = scatter.needed
            if cols is None:
                found.append((scatter, _times(upstream, fn(*saved, out))))
                continue
            # Only the columns whose operand needs a gradient: a derivative nobody asked for is not computed
            # (it may not even exist there, as ``a^b·ln a`` for a constant exponent and a < 0).
            part = _times(upstream[:, cols], fn(*(a[:, cols] for a in saved), out[:, cols]))
            whole = np.zeros((np.shape(part)[0], self.width))
            whole[:, cols] = part
            found.append((scatter, whole))
        return found


class ReduceBlock(Block):
    """A variadic op over ``m`` parents per node: they are gathered as one ``rows×(m·k)`` array (parent-major)
    and handed to the op as ``m×rows×k``, the parents along the first axis."""

    kind = "reduce"

    def __init__(self, op: Op, nodes: Sequence[Value], per_row: bool, source: int, needs_grad: bool,
                 gather: Gather, scatter: Scatter, parents: int) -> None:
        super().__init__(op, nodes, per_row, source, needs_grad)
        self.gather = gather
        self.scatter = scatter
        self.parents = parents
        self._forward = forward_any(op)

    def forward(self, vals: Sequence[Array], rows: int) -> tuple[Array, Any]:
        flat = self.gather.fetch(vals, rows)
        # One copy into the parents-first layout: every op of the forward and the derivatives then runs along
        # the rows, not ten numbers at a time across them (a view would be ``m`` rows apart, number by number).
        args = np.ascontiguousarray(flat.reshape(flat.shape[0], self.parents, self.width).transpose(1, 0, 2))
        return self._forward(args), args

    def contributions(self, saved: Any, out: Array, upstream: Array) -> Contributions:
        if self.scatter.empty:
            return []
        m, k = self.parents, self.width
        groups = [_stacked(d.fn(saved, out)) for d in self.op.derivatives]
        local = groups[0] if len(groups) == 1 else np.concatenate(groups, axis=0)  # m × rows × k
        contribution = upstream * local  # m × rows × k
        return [(self.scatter, contribution.transpose(1, 0, 2).reshape(contribution.shape[1], m * k))]


def _stacked(locals_: Any) -> Array:
    """One group's local derivatives (an array, or a list of numbers or arrays) as a ``parents×rows×k`` array."""
    if isinstance(locals_, np.ndarray):
        return locals_
    arrays = [np.asarray(x, dtype=float) for x in locals_]
    if all(a.ndim == 0 for a in arrays):
        return np.asarray(arrays).reshape(len(arrays), 1, 1)
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    return np.stack([np.broadcast_to(a, shape) for a in arrays])


class MatmulBlock(Block):
    """``dot`` nodes sharing their ``x`` half, with weights the same on every row: ``Z = X·Wᵀ`` (a layer).

    ``x`` gathers the shared inputs (``rows×n``), ``w`` the weights, row-major (``1×(k·n)``, read as ``W``,
    ``k×n``: row ``i`` is node ``i``'s weights).  When each dot is followed by an ``add`` of a bias that is
    the same on every row, and by nothing else, the block computes those too (``adds``, with ``bias``
    gathering ``b``): ``Z = X·Wᵀ + b``, a layer's ``z``.  Its nodes are then the ``add`` nodes; the dots'
    values ``X·Wᵀ`` are kept with what the backward needs.
    """

    kind = "matmul"

    def __init__(self, dots: Sequence[Value], adds: Sequence[Value] | None, source: int, needs_grad: bool,
                 x: Gather, w: Gather, x_scatter: Scatter, w_scatter: Scatter,
                 bias: tuple[Gather, Scatter] | None) -> None:
        super().__init__(DOT, adds if adds is not None else dots, True, source, needs_grad)
        self.dots = tuple(dots)
        n = len(dots[0].parents) // 2
        #: the shared input vector (``n`` nodes), the weights (``k`` rows of ``n``) and the biases (or None)
        self.x_nodes = dots[0].parents[:n]
        self.weights = tuple(d.parents[n:] for d in dots)
        self.biases = None if adds is None else tuple(a.parents[1] for a in adds)
        self.x, self.w, self.bias = x, w, bias
        self.x_scatter, self.w_scatter = x_scatter, w_scatter
        self.inputs = x.width
        self._add = forward_any(ADD)

    def forward(self, vals: Sequence[Array], rows: int) -> tuple[Array, Any]:
        X = self.x.fetch(vals, rows)
        W = self.w.fetch(vals, rows).reshape(self.width, self.inputs)
        P: Array = X @ W.T
        # A matrix product raises no floating-point error of its own: under the program's errstate(raise) a
        # result that is not finite stops the run like any op's would, so the checked run that follows finds
        # its row and the scalar engine's error for it; under that checked run (errors ignored), it is returned.
        if np.geterr()["over"] == "raise" and not np.isfinite(P).all():
            raise FloatingPointError("overflow in a matrix product")
        if self.bias is None:
            return P, (X, W, P, None)
        b = self.bias[0].fetch(vals, rows)
        return self._add(P, b), (X, W, P, b)

    def contributions(self, saved: Any, out: Array, upstream: Array) -> Contributions:
        X, W, P, b = saved
        found: Contributions = []
        if self.bias is not None:  # z = p + b: the table's add, ∂z/∂p and ∂z/∂b
            if not self.bias[1].empty:
                found.append((self.bias[1], _times(upstream, ADD.fns[1](P, b, out))))
            upstream = _times(upstream, ADD.fns[0](P, b, out))
        # The table's dot: ∂/∂xᵢ = wᵢ (the w half), ∂/∂wᵢ = xᵢ (the x half), with the halves as its two groups.
        (local_x,) = DOT.derivatives[0].fn([X, W], P)
        (local_w,) = DOT.derivatives[1].fn([X, W], P)
        if not self.x_scatter.empty:
            found.append((self.x_scatter, upstream @ local_x))  # dX = dZ·W: the sum over the layer's nodes
        if not self.w_scatter.empty:
            found.append((self.w_scatter, (upstream.T @ local_w).reshape(1, -1)))  # dW = dZᵀ·X: over the rows
        return found
