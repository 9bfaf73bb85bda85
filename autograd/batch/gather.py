"""Where a block's operands come from, and where its gradients go: gathers and scatters over the sources.

Every number of a recorded program lives in a *source*, a 2-D array with one column per node:

* source 0, the inputs ``X``: one row per sample, one column per input (``N×n``);
* source 1, the leaves ``L``: every other leaf's data (parameters and constants), one row (``1×m``);
* source 2 on, one per block: its nodes' values, ``N×k`` when they depend on the inputs, else ``1×k``.

A node's *location* is ``(source, column)``.  A :class:`Gather` reads the locations of a block's
operands as one array, in the fewest numpy steps: the source itself when the operand is a whole block
in order, a view for a run of columns, one fancy index otherwise, and a concatenation only when the
operand mixes sources.  A :class:`Scatter` adds gradients back into those locations, summing over the
rows where the source holds one row for the whole batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Array", "Gather", "Location", "Scatter"]

#: The arrays of a program: float64, two dimensions (rows × columns) unless said otherwise.
Array = npt.NDArray[np.float64]

#: ``(source, column)`` of one node.
Location = tuple[int, int]
#: Columns of a source: all of them (None), a run (a slice) or a list (an index array).
Columns = slice | np.ndarray | None


def _columns(cols: Sequence[int], width: int) -> Columns:
    """The fewest-steps selection of ``cols`` from a source of ``width`` columns."""
    start, n = cols[0], len(cols)
    if list(cols) == list(range(start, start + n)):
        return None if start == 0 and n == width else slice(start, start + n)
    return np.asarray(cols, dtype=np.intp)


def _runs(locations: Sequence[Location]) -> list[tuple[int, int, int]]:
    """Maximal runs ``(source, start, stop)`` of consecutive locations in the same source."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(locations) + 1):
        if i == len(locations) or locations[i][0] != locations[start][0]:
            runs.append((locations[start][0], start, i))
            start = i
    return runs


Fetch = Callable[[Sequence[Array], int], Array]


class Gather:
    """Reads the values at ``locations`` as one ``rows×len(locations)`` array (see the module's text).

    ``fetch(vals, rows)`` gives them from the sources' arrays ``vals``: ``rows×width``, or ``1×width`` when
    no location depends on the inputs.  It is made once, for the fewest steps.
    """

    def __init__(self, locations: Sequence[Location], widths: Sequence[int], per_row: Sequence[bool]) -> None:
        self.locations = tuple(locations)
        self.width = len(locations)
        self.per_row = any(per_row[s] for s, _ in locations)
        self.parts = tuple((source, _columns([c for _, c in locations[a:b]], widths[source]))
                           for source, a, b in _runs(locations))
        #: whether each part's source has one row while the gathered array has one per sample (it is then broadcast)
        self._spread = tuple(self.per_row and not per_row[source] for source, _ in self.parts)
        self.fetch: Fetch = self._concatenated if any(self._spread) else self._joined
        if len(self.parts) == 1:
            self.fetch = _view(*self.parts[0])

    def _joined(self, vals: Sequence[Array], rows: int) -> Array:
        """The parts side by side, all with the same rows."""
        return np.concatenate([vals[s] if c is None else vals[s][:, c] for s, c in self.parts], axis=1)

    def _concatenated(self, vals: Sequence[Array], rows: int) -> Array:
        """The parts side by side, those of one row repeated on every row."""
        pieces = [vals[s] if c is None else vals[s][:, c] for s, c in self.parts]
        return np.concatenate([np.broadcast_to(p, (rows, p.shape[1])) if spread else p
                               for p, spread in zip(pieces, self._spread)], axis=1)


def _view(source: int, cols: Columns) -> Fetch:
    """The fetch of columns of one source: the source itself, or a selection of it."""
    if cols is None:
        return lambda vals, rows: vals[source]
    return lambda vals, rows: vals[source][:, cols]


class Scatter:
    """Adds a contribution (one column per location) into the gradients of the sources, where ``needs``.

    Locations whose node needs no gradient (an input, a constant, a node that reaches no parameter)
    are left out.  A source of one row (the leaves, blocks that do not depend on the inputs) gets the
    sum over the batch's rows of a contribution from a block that has one row per sample (``per_row``).
    """

    def __init__(self, locations: Sequence[Location], needs: Sequence[bool], widths: Sequence[int],
                 sources_per_row: Sequence[bool], per_row: bool) -> None:
        parts: list[tuple[slice | None, int, Columns, bool, bool]] = []
        kept = [(i, loc) for i, loc in enumerate(locations) if needs[i]]
        start = 0  # runs of kept locations next to each other among all of them, from one source
        for j in range(1, len(kept) + 1):
            if j == len(kept) or kept[j][1][0] != kept[start][1][0] or kept[j][0] != kept[j - 1][0] + 1:
                first, last = kept[start][0], kept[j - 1][0] + 1
                cols = [c for _, (_, c) in kept[start:j]]
                source = kept[start][1][0]
                own = None if (first, last) == (0, len(locations)) else slice(first, last)
                parts.append((own, source, _columns(cols, widths[source]), per_row and not sources_per_row[source],
                              len(set(cols)) == len(cols)))
                start = j
        self.parts = tuple(parts)
        self._widths = tuple(widths)
        self.empty = not parts  # no location needs a gradient: the contribution need not be computed
        #: the columns of the contribution that go somewhere, or None for all of them: a block computes the
        #: local derivative of those columns only (a constant exponent's ``a^b·ln a`` is never computed)
        self.needed: np.ndarray | None = (None if len(kept) == len(locations)
                                          else np.asarray([i for i, _ in kept], dtype=np.intp))

    def add(self, grads: list[Array | None], owned: list[bool], contribution: Array) -> None:
        """``grads[source][:, cols] += contribution[:, own]`` for every part (allocating as needed).

        ``owned[source]`` says whether the array in ``grads[source]`` may be added to in place (it was
        made here); a contribution is stored as it is when it is a source's first and whole gradient.
        """
        for own, source, cols, sum_rows, unique in self.parts:
            piece = contribution if own is None else contribution[:, own]
            if sum_rows:
                piece = _ones(piece.shape[0]) @ piece  # the sum over the rows, as a product: the quickest
            target = grads[source]
            if cols is None:
                if target is None:
                    grads[source] = piece
                elif owned[source]:
                    target += piece
                else:
                    grads[source], owned[source] = target + piece, True
                continue
            if target is None or not owned[source]:
                fresh = np.zeros((piece.shape[0], self._widths[source]))
                if target is not None:
                    fresh += target
                grads[source], owned[source], target = fresh, True, fresh
            if unique:
                target[:, cols] += piece
            elif target.shape[0] == 1:
                target[0] += np.bincount(cols, weights=piece[0], minlength=target.shape[1])  # type: ignore[arg-type]
            else:
                np.add.at(target, (slice(None), cols), piece)  # type: ignore[arg-type]


_ONES: dict[int, Array] = {}


def _ones(n: int) -> Array:
    """A row of ``n`` ones (kept for the next call)."""
    ones = _ONES.get(n)
    if ones is None:
        if len(_ONES) > 64:
            _ONES.clear()
        ones = _ONES[n] = np.ones((1, n))
    return ones
