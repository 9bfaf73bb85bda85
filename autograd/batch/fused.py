"""Fused steps: how a program runs its blocks when nothing goes wrong, with the least bookkeeping.

The blocks of a recording are the course's view of a program, one matrix equation each (a layer's
``Z = X·Wᵀ + b``, then its ``A = ReLU(Z)``, …).  Run one by one, each pays for being general: its
operands are gathered, every gradient goes through a :class:`~autograd.batch.gather.Scatter`.  A
:class:`Plan`, made once per recording, runs them in *fused steps* instead:

* a **chain** of blocks, each reading the whole output of the one before (and nothing else reading it),
  runs as one step forward and one step backward: a layer's matrix product, bias and activation, or the
  element-wise ops of a loss on the same rows (``1 − y·s``, its ReLU, the penalty added).  Inside a
  step a value is handed to the next block as it is, and a gradient back to the one before;
* a gradient with a single destination is written in place: a layer's ``dW = dZᵀ·X`` and ``db = 1ᵀ·dZ``
  go straight into the parameters' gradient (``matmul(…, out=…)``) when they are the first to reach
  those parameters, and are added in place after that; no scatter copies them.

Every number is still computed by the op table's forwards and derivative functions, in the same
order of operations as the blocks' own :meth:`~autograd.batch.blocks.Block.forward` and
:meth:`~autograd.batch.blocks.Block.contributions`; the values and what each block saves for its
backward are the blocks' own, so :class:`~autograd.batch.program.Program` reads them the same way, and
a run that stops on a floating-point error is run again block by block (``check=True`` in
:mod:`autograd.batch.run`), which finds the row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..ops import ADD, DOT
from .blocks import Block, MapBlock, MatmulBlock, ReduceBlock, _times
from .gather import Array, Gather, Scatter, _ones

if TYPE_CHECKING:
    from .recording import Recording

__all__ = ["Plan"]

INPUTS, LEAVES = 0, 1  # as in :mod:`autograd.batch.recording`
_sum = np.add.reduce


def _reads(block: Block) -> list[Gather]:
    """Every gather of ``block``."""
    if isinstance(block, MapBlock):
        return list(block.gathers)
    if isinstance(block, ReduceBlock):
        return [block.gather]
    assert isinstance(block, MatmulBlock)
    return [block.x, block.w] + ([block.bias[0]] if block.bias is not None else [])


def _whole(gather: Gather, source: int) -> bool:
    """Whether ``gather`` reads the whole of ``source``, in order (the array itself)."""
    return gather.parts == ((source, None),)


def _link(block: Block, before: int, readers: dict[int, int]) -> int | None:
    """The operand by which ``block`` continues a chain from block ``before`` (None if it does not).

    It must read the whole of ``before``'s values, alone of every gather in the program, both must have one
    row per sample, and the gradient it hands back must be ``before``'s whole gradient: every node of
    ``before`` needs one, or none does (a node that requires no gradient stops it, as ``backward()`` does).
    """
    source = 2 + before
    if readers.get(source, 0) != 1 or not block.per_row:
        return None
    operand: int | None = None
    if isinstance(block, MapBlock):
        found = [j for j, g in enumerate(block.gathers) if _whole(g, source)]
        operand = found[0] if found else None
        back = None if operand is None else block.scatters[operand]
    elif isinstance(block, MatmulBlock) and _whole(block.x, source):
        operand, back = 0, block.x_scatter
    if operand is None or back is None:
        return None
    return operand if back.empty or back.parts == ((None, source, None, False, True),) else None


class _LeafWrite:
    """A layer's ``dW`` or ``db``: one run of the leaves' gradient columns, written or added in place."""

    def __init__(self, scatter: Scatter, shape: tuple[int, int], written: set[int]) -> None:
        ((own, source, cols, _, unique),) = scatter.parts
        assert own is None and source == LEAVES and isinstance(cols, slice) and unique
        self.cols, self.shape = cols, shape
        span = range(cols.start, cols.stop)
        #: the first to reach these columns writes them (no zeros, no addition); any later write adds
        self.first = not written.intersection(span)
        self.zeros = set() if self.first else set(span) - written  # columns that must start at 0
        written.update(span)

    def target(self, grads: list[Array | None]) -> Array:
        G = grads[LEAVES]
        assert G is not None
        return G[0, self.cols].reshape(self.shape)


def _fast_leaves(scatter: Scatter) -> bool:
    """Whether ``scatter`` goes to one run of leaf columns, each once (a layer's weights or biases)."""
    if len(scatter.parts) != 1:
        return False
    own, source, cols, _, unique = scatter.parts[0]
    return own is None and source == LEAVES and isinstance(cols, slice) and unique


def _columns(scatter: Scatter) -> set[int]:
    """The leaf columns ``scatter`` adds to."""
    found: set[int] = set()
    for _, source, cols, _, _ in scatter.parts:
        if source == LEAVES:
            if cols is None:  # all of them
                found.update(range(scatter._widths[LEAVES]))
            else:
                found.update(range(cols.start, cols.stop) if isinstance(cols, slice) else cols.tolist())
    return found


class _Member:
    """One block of a fused step: its forward (given the values of the block before, when it is chained) and
    its backward (given its upstream gradient; it returns the chained operand's contribution)."""

    def __init__(self, index: int, block: Block, chained: int | None) -> None:
        self.index, self.block, self.source, self.chained = index, block, 2 + index, chained

    def forward(self, vals: list[Any], rows: int) -> tuple[Array, Any]:
        return self.block.forward(vals, rows)

    def backward(self, saved: Any, out: Array, upstream: Array, grads: list[Array | None],
                 owned: list[bool]) -> Array | None:
        handed = None
        for scatter, contribution in self.block.contributions(saved, out, upstream):
            if self.chained is not None and scatter is self._chained_scatter():
                handed = contribution
            else:
                scatter.add(grads, owned, contribution)
        return handed

    def _chained_scatter(self) -> Scatter | None:
        return None

    def writes(self, written: set[int]) -> set[int]:
        """Mark the leaf columns the backward writes (in the backward's order); return those that must be 0."""
        zeros: set[int] = set()
        for scatter in self._scatters():
            if scatter is self._chained_scatter():
                continue
            cols = _columns(scatter)
            zeros |= cols - written
            written |= cols
        return zeros

    def _scatters(self) -> list[Scatter]:
        block = self.block
        if isinstance(block, MapBlock):
            return [s for s in block.scatters if not s.empty]
        assert isinstance(block, ReduceBlock)
        return [] if block.scatter.empty else [block.scatter]


class _Map(_Member):
    """A unary or binary op, element by element, with the table's forward and derivatives."""

    block: MapBlock

    def __init__(self, index: int, block: MapBlock, chained: int | None) -> None:
        super().__init__(index, block, chained)
        self.fetches = block._fetches
        self.fn = block._forward
        self.partial = any(s.needed is not None for s in block.scatters)  # columns left out: the block's own code
        self.derivatives = tuple((j, fn, s) for j, (fn, s) in enumerate(zip(block.op.fns, block.scatters))
                                 if not s.empty)

    def forward(self, vals: list[Any], rows: int) -> tuple[Array, Any]:
        args = [fetch(vals, rows) for fetch in self.fetches]
        return self.fn(*args), args

    def _chained_scatter(self) -> Scatter | None:
        return None if self.chained is None else self.block.scatters[self.chained]

    def backward(self, saved: Any, out: Array, upstream: Array, grads: list[Array | None],
                 owned: list[bool]) -> Array | None:
        if self.partial:
            return super().backward(saved, out, upstream, grads, owned)
        handed = None
        chained = self.chained
        for j, fn, scatter in self.derivatives:
            contribution = _times(upstream, fn(*saved, out))
            if j == chained:
                handed = contribution
            else:
                scatter.add(grads, owned, contribution)
        return handed


class _Layer(_Member):
    """A layer's ``Z = X·Wᵀ + b``: the matrix product, its check, the bias; ``dW``, ``db`` written in place."""

    block: MatmulBlock

    def __init__(self, index: int, block: MatmulBlock, chained: int | None) -> None:
        super().__init__(index, block, chained)
        self.x_fetch, self.w_fetch = block.x.fetch, block.w.fetch
        self.b_fetch = None if block.bias is None else block.bias[0].fetch
        self.k, self.n = block.width, block.inputs
        self.add = block._add
        self.dw: _LeafWrite | None = None
        self.db: _LeafWrite | None = None

    def forward(self, vals: list[Any], rows: int) -> tuple[Array, Any]:
        X = self.x_fetch(vals, rows)
        W = self.w_fetch(vals, rows).reshape(self.k, self.n)
        P: Array = X @ W.T
        # A matrix product raises no floating-point error of its own: a result that is not finite stops the run
        # here, as an op's would, and the checked run finds its row.  Its sum is not finite exactly when one of
        # its numbers is not (or when the sum overflows, which raises: the checked run then finds them all finite);
        # one pass that writes nothing, the cheapest look at every number.
        if not math.isfinite(_sum(P, axis=None)):
            raise FloatingPointError("overflow in a matrix product")
        if self.b_fetch is None:
            return P, (X, W, P, None)
        b = self.b_fetch(vals, rows)
        return self.add(P, b), (X, W, P, b)

    def _chained_scatter(self) -> Scatter | None:
        return None if self.chained is None else self.block.x_scatter

    def writes(self, written: set[int]) -> set[int]:
        block = self.block
        zeros: set[int] = set()
        if block.bias is not None and not block.bias[1].empty:
            if _fast_leaves(block.bias[1]):
                self.db = _LeafWrite(block.bias[1], (1, self.k), written)
                zeros |= self.db.zeros
            else:
                cols = _columns(block.bias[1])
                zeros |= cols - written
                written |= cols
        if not block.w_scatter.empty:
            if _fast_leaves(block.w_scatter):
                self.dw = _LeafWrite(block.w_scatter, (self.k, self.n), written)
                zeros |= self.dw.zeros
            else:
                cols = _columns(block.w_scatter)
                zeros |= cols - written
                written |= cols
        if self.chained is None and not block.x_scatter.empty:
            cols = _columns(block.x_scatter)
            zeros |= cols - written
            written |= cols
        return zeros

    def backward(self, saved: Any, out: Array, upstream: Array, grads: list[Array | None],
                 owned: list[bool]) -> Array | None:
        block = self.block
        X, W, P, b = saved
        if block.bias is not None:  # z = p + b: the table's add, ∂z/∂p and ∂z/∂b
            scatter = block.bias[1]
            if not scatter.empty:
                db = self.db
                local = ADD.fns[1](P, b, out)
                if db is not None and type(local) is float and local == 1.0:  # 1ᵀ·dZ, the sum over the rows
                    ones = _ones(upstream.shape[0])
                    if db.first:
                        np.matmul(ones, upstream, out=db.target(grads))
                    else:
                        target = db.target(grads)
                        target += ones @ upstream
                else:
                    scatter.add(grads, owned, _times(upstream, local))
            upstream = _times(upstream, ADD.fns[0](P, b, out))
        # The table's dot: ∂/∂xᵢ = wᵢ (the w half), ∂/∂wᵢ = xᵢ (the x half), with the halves as its two groups.
        handed = None
        if not block.w_scatter.empty:
            (local_w,) = DOT.derivatives[1].fn([X, W], P)
            dw = self.dw
            if dw is None:
                block.w_scatter.add(grads, owned, (upstream.T @ local_w).reshape(1, -1))
            elif dw.first:
                np.matmul(upstream.T, local_w, out=dw.target(grads))  # dW = dZᵀ·X: over the rows
            else:
                target = dw.target(grads)
                target += upstream.T @ local_w
        if not block.x_scatter.empty:
            (local_x,) = DOT.derivatives[0].fn([X, W], P)
            dx = upstream @ local_x  # dX = dZ·W: the sum over the layer's nodes
            if self.chained is not None:
                handed = dx
            else:
                block.x_scatter.add(grads, owned, dx)
        return handed


def _member(index: int, block: Block, chained: int | None) -> _Member:
    if isinstance(block, MatmulBlock):
        return _Layer(index, block, chained)
    if isinstance(block, MapBlock):
        return _Map(index, block, chained)
    return _Member(index, block, chained)


class _Step:
    """A chain of blocks run as one: ``members[0]`` reads the program's sources, each next one the values of the
    one before (see the module's text)."""

    def __init__(self, members: Sequence[_Member]) -> None:
        self.members = tuple(members)
        self.last = self.members[-1]
        self.needs_grad = any(m.block.needs_grad for m in self.members)

    def forward(self, vals: list[Any], saved: list[Any], rows: int) -> None:
        for member in self.members:
            out, keep = member.forward(vals, rows)
            vals[member.source] = out
            saved[member.index] = keep

    def backward(self, vals: Sequence[Any], saved: Sequence[Any], grads: list[Array | None],
                 owned: list[bool]) -> None:
        upstream = grads[self.last.source]
        for member in reversed(self.members):
            if upstream is None or not member.block.needs_grad:
                return
            grads[member.source] = upstream
            upstream = member.backward(saved[member.index], vals[member.source], upstream, grads, owned)


class Plan:
    """The fused steps of a recording, made once (see the module's text)."""

    def __init__(self, rec: Recording) -> None:
        blocks = rec.blocks
        readers: dict[int, int] = {}
        for block in blocks:
            for gather in _reads(block):
                for source in {s for s, _ in gather.parts}:
                    readers[source] = readers.get(source, 0) + 1
        root_source = rec.where[rec.root][0]
        # A block continues the chain of the block it reads whole, when nothing else reads that one: the chain
        # runs at its last block's place, forward and backward (every block it reads comes before it there).
        chain_of: dict[int, list[int]] = {}  # the chains so far, by their last block
        members: dict[int, _Member] = {}
        for b, block in enumerate(blocks):
            before, chained = None, None
            for gather in _reads(block):
                if len(gather.parts) != 1 or gather.parts[0][1] is not None:
                    continue
                s = gather.parts[0][0] - 2
                if s in chain_of and 2 + s != root_source and blocks[s].per_row:
                    chained = _link(block, s, readers)
                    if chained is not None:
                        before = s
                        break
            chain = chain_of.pop(before) if before is not None else []
            members[b] = _member(b, block, chained)
            chain_of[b] = [*chain, b]
        self.steps = tuple(_Step([members[b] for b in chain]) for chain in
                           sorted(chain_of.values(), key=lambda c: c[-1]))
        self.widths, self.per_row = rec.widths, rec.per_row
        self.root_at = rec.where[rec.root]
        self.blocks = len(blocks)
        # Which leaf columns each backward write reaches first, in the backward's order.
        written: set[int] = set()
        zeros: set[int] = set()
        live = {root_source}
        for step in reversed(self.steps):
            if step.last.source not in live:
                continue
            for member in reversed(step.members):
                if not member.block.needs_grad:
                    break
                zeros |= member.writes(written)
                scatters = _layer_scatters(member) if isinstance(member, _Layer) else member._scatters()
                for scatter in scatters:
                    live.update(source for _, source, _, _, _ in scatter.parts)
                handed = member._chained_scatter()
                if handed is None or handed.empty:  # nothing reaches the blocks before it in the chain
                    break
        #: the leaves' gradient starts as zeros unless every parameter's columns are first written in place
        self.zeros = bool(zeros) or bool(set(rec.trained) - written)

    def forward(self, X: Array, L: Array) -> tuple[list[Array], list[Any]]:
        """Every source's values and what each block saved, as the blocks compute them one by one."""
        rows = X.shape[0]
        vals: list[Any] = [X, L] + [None] * self.blocks
        saved: list[Any] = [None] * self.blocks
        for step in self.steps:
            step.forward(vals, saved, rows)
        return vals, saved

    def backward(self, vals: Sequence[Array], saved: Sequence[Any], seed: Array) -> list[Array | None]:
        """The gradients of every source, from ``seed`` (one number per row) at the root."""
        rows = vals[INPUTS].shape[0]
        grads: list[Array | None] = [None] * (2 + self.blocks)
        owned = [False] * (2 + self.blocks)
        source, column = self.root_at
        if source != INPUTS:
            if not self.per_row[source]:
                start = np.zeros((1, self.widths[source]))
                start[:, column] = seed.sum()
                grads[source], owned[source] = start, True
            elif self.widths[source] == 1:
                grads[source] = seed.reshape(rows, 1)  # a view of the seeds: copied before anything is added
            else:
                start = np.zeros((rows, self.widths[source]))
                start[:, column] = seed
                grads[source], owned[source] = start, True
        width = self.widths[LEAVES]
        grads[LEAVES] = np.zeros((1, width)) if self.zeros else np.empty((1, width))
        owned[LEAVES] = True
        for step in reversed(self.steps):
            if step.needs_grad:
                step.backward(vals, saved, grads, owned)
        return grads


def _layer_scatters(member: _Layer) -> list[Scatter]:
    block = member.block
    found = [s for s in (block.w_scatter, block.x_scatter) if not s.empty]
    if block.bias is not None and not block.bias[1].empty:
        found.append(block.bias[1])
    return found
