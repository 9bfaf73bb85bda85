"""When a batch goes wrong: the op and the row, told in the scalar engine's own words.

A run stopped by a floating-point error is run again looking at every result
(:func:`autograd.batch.run.evaluate` and :func:`~autograd.batch.run.propagate` with ``check=True``),
which finds the first block and row whose numbers are not finite.  That row is then replayed by the
scalar engine: the recorded graph is rebuilt for it with :func:`autograd.apply` (and, for the backward,
differentiated with the row's seed), so the error raised is exactly the one ``backward()`` on that
sample gives, e.g. ``log needs a > 0; got a=-0.5 (Value 'x') at row 17``: the same text, with the row
added.  No message is written here twice.

A stop where every result turns out finite (numpy computing a branch that :func:`autograd.op_math.where`
then drops) is no error: the checked run's results are used.
"""

from __future__ import annotations

from typing import Any

from ..errors import AutogradError, NonFiniteError
from ..value import Value, apply
from .gather import Array
from .recording import INPUTS, LEAVES, Recording
from .run import NotFinite, evaluate, propagate

__all__ = ["forward_checked", "backward_checked", "replay"]


def _at_row(error: AutogradError, row: int | None) -> AutogradError:
    """``error`` with the row added to its message (its kind and attributes kept)."""
    where = " (the same on every row)" if row is None else f" at row {row}"
    error.args = (f"{error.args[0]}{where}", *error.args[1:])
    return error


def replay(rec: Recording, X: Array, L: Array, row: int, seed: float | None = None, told: bool = True) -> None:
    """Rebuild the graph for ``row`` with the scalar engine, and backpropagate ``seed`` through it when given.

    The copies have the recorded labels and ``requires_grad`` flags, the inputs their numbers in ``X`` and
    the other leaves theirs in ``L`` (the data the batch ran with); whatever the scalar engine raises is
    raised with the row added (or, unless ``told``, saying that it is the same on every row).
    """
    column = {x: i for i, x in enumerate(rec.inputs)}
    leaf = {x: i for i, x in enumerate(rec.leaves)}
    copies: dict[Value, Value] = {}
    try:
        for node in rec.order:
            op = node.op
            if node in column:
                copy = Value(float(X[row, column[node]]), label=node.label, requires_grad=node.requires_grad)
            elif op is None:
                copy = Value(float(L[0, leaf[node]]), label=node.label, requires_grad=node.requires_grad)
            else:
                copy = apply(op, [copies[p] for p in node.parents])
                copy.requires_grad = node.requires_grad
            copies[node] = copy
        if seed is not None:
            copies[rec.root].backward(seed)
    except AutogradError as error:
        raise _at_row(error, row if told else None) from None


def _located(rec: Recording, X: Array, L: Array, found: NotFinite, seeds: Array | None) -> AutogradError:
    """The error for a result that is not finite: the scalar engine's for its row, or else one naming the op."""
    if found.row is not None:
        replay(rec, X, L, found.row, None if seeds is None else float(seeds[found.row]))
    elif seeds is None:  # the forward of nodes that are the same on every row
        replay(rec, X, L, 0, told=False)
    else:  # a gradient summed over the rows: a row of its own may be the cause
        for row in range(min(len(X), 3)):
            replay(rec, X, L, row, float(seeds[row]))
    if found.block == len(rec.blocks):
        return NonFiniteError("backward: a parameter's gradient, summed over the batch's rows, is not finite")
    op = rec.blocks[found.block].op.name
    where = f" at row {found.row}" if found.row is not None else ""
    if found.backward:
        return NonFiniteError(f"backward: the gradient through {op} is not finite{where} "
                              "(a sum over the batch's rows may overflow)")
    return NonFiniteError(f"{op}: the result is not finite{where} (numpy's result; the scalar engine's is finite)")


def forward_checked(rec: Recording, X: Array, L: Array) -> tuple[list[Array], list[Any]]:
    """The forward again, looking at every result: an error for the first that is not finite, else the results."""
    try:
        return evaluate(rec, X, L, check=True)
    except NotFinite as found:
        raise _located(rec, X, L, found, None) from None


def backward_checked(rec: Recording, vals: list[Array], saved: list[Any], seeds: Array) -> list[Array | None]:
    """The backward again, looking at every result: an error for the first that is not finite, else the results."""
    try:
        return propagate(rec, vals, saved, seeds, check=True)
    except NotFinite as found:
        raise _located(rec, vals[INPUTS], vals[LEAVES], found, seeds) from None
