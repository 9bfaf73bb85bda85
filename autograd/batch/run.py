"""Running a recording: the forward over every block, and the backward from the root's seed.

Unchecked, the blocks run in the recording's fused steps (:mod:`autograd.batch.fused`); checked, one by one.

Both run under numpy's ``errstate(all="raise")`` (underflow aside), so the first overflow, division by
zero or invalid operation stops them at no cost while nothing goes wrong; :mod:`autograd.batch.rows`
then finds the op and the row, and the scalar engine's own message for it.  Run with ``check=True``
(after such a stop, with floating-point errors ignored), they look at every result instead and raise
:class:`NotFinite` for the first row holding one that is not finite.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from .gather import Array
from .recording import INPUTS, LEAVES, Recording

__all__ = ["NotFinite", "evaluate", "propagate"]

_DATA = attrgetter("data")


class NotFinite(Exception):
    """A result that is not finite, found by a run with ``check=True``: the block, the row (None when the
    array is the same on every row), and whether it was in the backward."""

    def __init__(self, block: int, row: int | None, backward: bool) -> None:
        super().__init__(block, row, backward)
        self.block, self.row, self.backward = block, row, backward


def _first_bad_row(array: Any, per_row: bool = True) -> int | bool | None:
    """False when ``array`` is finite; else the first row holding a non-finite number (None when the array is
    the same on every row: not ``per_row``, or one row broadcast over the batch)."""
    bad = ~np.isfinite(array)
    if not bad.any():
        return False
    if not per_row or np.ndim(array) < 2:
        return None
    rows = bad.reshape(-1, *np.shape(array)[-2:]).any(axis=(0, 2))
    return int(np.flatnonzero(rows)[0])


def leaf_data(rec: Recording) -> Array:
    """The leaves' data now, as the one-row leaf source."""
    return np.fromiter(map(_DATA, rec.leaves), dtype=float, count=len(rec.leaves)).reshape(1, -1)


def evaluate(rec: Recording, X: Array, L: Array, check: bool = False) -> tuple[list[Array], list[Any]]:
    """Every source's values (the inputs ``X``, the leaves ``L``, each block) and what each block saved for its
    backward.  Unchecked, the blocks run in the recording's fused steps (:mod:`autograd.batch.fused`); checked,
    one by one."""
    if not check:
        return rec.plan.forward(X, L)
    rows = X.shape[0]
    vals: list[Array] = [X, L]
    saved: list[Any] = []
    first = _First(backward=False)
    for b, block in enumerate(rec.blocks):
        out, keep = block.forward(vals, rows)
        if check:
            first.see(b, out, block.per_row)
        vals.append(out)
        saved.append(keep)
    first.raise_if_found()
    return vals, saved


class _First:
    """The first row (then the first block) whose numbers are not finite, over a whole checked run.

    The row comes first: the scalar engine, run sample by sample, fails at the first sample that fails,
    wherever in its graph; a block of one row (the same on every row) counts as row 0.
    """

    def __init__(self, backward: bool) -> None:
        self.backward = backward
        self.found: tuple[int, int, int | None] | None = None  # (row for ordering, block, row)

    def see(self, block: int, array: Any, per_row: bool) -> None:
        row = _first_bad_row(array, per_row)
        if row is False:
            return
        key = -1 if row is None else int(row)
        if self.found is None or key < self.found[0]:
            self.found = (key, block, None if row is None else int(row))

    def raise_if_found(self) -> None:
        if self.found is not None:
            raise NotFinite(self.found[1], self.found[2], backward=self.backward)


def seeded(rec: Recording, rows: int, seed: Array) -> list[Array | None]:
    """The gradients before the backward: ``seed`` (one number per row) at the root, nothing elsewhere."""
    grads: list[Array | None] = [None] * len(rec.widths)
    source, column = rec.where[rec.root]
    if source != INPUTS:
        one_row = not rec.per_row[source]
        start = np.zeros((1 if one_row else rows, rec.widths[source]))
        start[:, column] = seed.sum() if one_row else seed
        grads[source] = start
    grads[LEAVES] = np.zeros((1, rec.widths[LEAVES]))
    return grads


def propagate(rec: Recording, vals: Sequence[Array], saved: Sequence[Any], seed: Array,
              check: bool = False) -> list[Array | None]:
    """The gradients of every source after the chain rule has run from the root back to the leaves (unchecked,
    in the fused steps; checked, block by block)."""
    if not check:
        return rec.plan.backward(vals, saved, seed)
    rows = vals[INPUTS].shape[0]
    grads = seeded(rec, rows, seed)
    owned = [g is not None for g in grads]  # the seeded root's and the leaves' arrays are made here
    first = _First(backward=True)
    for b in range(len(rec.blocks) - 1, -1, -1):
        block, source = rec.blocks[b], 2 + b
        upstream = grads[source]
        if upstream is None or not block.needs_grad:
            continue
        if check:
            first.see(b, upstream, block.per_row)
        for scatter, contribution in block.contributions(saved[b], vals[source], upstream):
            if check:
                first.see(b, contribution, block.per_row and np.shape(contribution)[0] == rows)
            scatter.add(grads, owned, contribution)
    first.raise_if_found()
    if check and grads[LEAVES] is not None and _first_bad_row(grads[LEAVES]) is not False:
        raise NotFinite(len(rec.blocks), None, backward=True)
    return grads
