"""Copies of a graph with some nodes changed, for the engine to run backward on — how the grader computes
what a usual slip would have given (:mod:`viz.classroom.slips`) without writing a second formula.

:func:`copy_graph` rebuilds a graph node by node through the op table (:func:`autograd.value.apply`), with
fresh leaves, so a backward pass on the copy never touches the original's gradients; a hook may replace
any node's copy.  :func:`relinked` is the usual replacement: a node with the same value whose local
derivatives are the ones given, ``p' = p̄ + Σₖ dₖ·(qₖ − q̄ₖ)`` (a bar is a constant of the same value).

    >>> from autograd import Value
    >>> x = Value(2.0, label="x")
    >>> y = (x * 3).sigmoid()
    >>> copies = copy_graph(y, lambda old, new, copies: relinked(new, [(copies[x], 10.0)]) if old is y else None)
    >>> copies[y].data == y.data, copies[x] is x
    (True, False)
    >>> copies[y].backward()
    >>> copies[x].grad, x.grad
    (10.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from autograd.backprop import topological_order
from autograd.value import Value, apply

__all__ = ["Change", "copy_graph", "relinked"]

#: ``change(original node, its copy, the copies so far)``: a replacement for the copy, or None to keep it.
Change = Callable[[Value, Value, Mapping[Value, Value]], "Value | None"]


def copy_graph(root: Value, change: Change | None = None) -> dict[Value, Value]:
    """Every node under ``root`` (constants too) mapped to its copy, built in topological order.

    Leaves are new Values with the same data, label and ``requires_grad`` (constants too: each graph
    has its own, so nothing written on the copy's shows in the original); each other node is its op
    applied to its parents' copies, with the same label, unless ``change`` returns a replacement.
    """
    copies: dict[Value, Value] = {}
    for node in topological_order(root, only_requiring_grad=False):
        if node.op is None:
            copies[node] = Value(node.data, label=node.label, requires_grad=node.requires_grad)
            continue
        new = apply(node.op, [copies[p] for p in node.parents])
        new.label = node.label
        replaced = change(node, new, copies) if change is not None else None
        copies[node] = new if replaced is None else replaced
    return copies


def relinked(node: Value, links: Sequence[tuple[Value, float]]) -> Value:
    """A node with ``node``'s value and label whose only local derivatives are ``links``: ``(parent, ∂/∂parent)``.

    Built of ordinary ops, so backward needs nothing new: ``p̄ + Σ dₖ·(qₖ − q̄ₖ)`` where the bars are
    constants with the same values (each ``qₖ − q̄ₖ`` is exactly 0, so the value is exactly ``node.data``).
    """
    out = Value(node.data, requires_grad=False)
    for parent, local in links:
        out = out + local * (parent - Value(parent.data, requires_grad=False))
    out.label = node.label
    return out
