"""Reading a graph once: which nodes vary with the inputs, which need a gradient, and the blocks.

:func:`read_graph` walks the graph from its root (parents first, no recursion) and decides, per node:

* whether it depends on the inputs (*per row*) or is the same on every row (parameters, constants and
  what is computed from them alone, like an L2 penalty);
* whether it needs a gradient: it requires one and a parameter (a leaf that is not an input and
  requires a gradient) is reached through it, along nodes that all require one, as ``backward()``
  walks them.  Nothing else gets a gradient, the inputs included;
* its depth (the longest path from a leaf), so that nodes of one depth never depend on each other.

Nodes of the same op, depth and kind form one block (see :mod:`autograd.batch.blocks`); ``dot`` nodes
that read the same input vector with weights that are the same on every row form a ``matmul`` block,
one layer of a network.  Leaves get their columns of the leaf source in the order the blocks read them,
so a layer's weights are one run (a view of the leaves, read as ``W``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..backprop import topological_order
from ..by_hand import HandWritten
from ..constants import _SharedConstant
from ..ops import ADD, DOT
from ..value import Value
from .blocks import Block, MapBlock, MatmulBlock, ReduceBlock
from .gather import Gather, Location, Scatter

if TYPE_CHECKING:
    from .fused import Plan

__all__ = ["INPUTS", "LEAVES", "Recording", "read_graph"]

#: The sources of the inputs and of the other leaves; blocks follow.
INPUTS, LEAVES = 0, 1


@dataclass(frozen=True)
class Recording:
    """What :func:`read_graph` found (see the module's text).

    Attributes:
        root: the node the program computes.
        inputs: the placeholders, in the order given (the columns of the input source).
        order: every node, parents first (the scalar engine's topological order).
        leaves: the other leaves, in the order of their columns in the leaf source.
        trained: the positions (in ``leaves``) of the leaves that get a gradient, the parameters.
        blocks: the blocks, in an order where each comes after the blocks it reads.
        where: each node's location ``(source, column)``.
        inner: the location of the block of each ``dot`` whose values are not kept, being followed by its
            bias in the same block (a layer's ``z = W·x + b``): the column is the dot's.
        widths, per_row: of each source (the inputs, the leaves, then one per block).
        needs: whether each node needs a gradient.
    """

    root: Value
    inputs: tuple[Value, ...]
    order: tuple[Value, ...]
    leaves: tuple[Value, ...]
    trained: tuple[int, ...]
    blocks: tuple[Block, ...]
    where: dict[Value, Location]
    inner: dict[Value, Location]
    widths: tuple[int, ...]
    per_row: tuple[bool, ...]
    needs: dict[Value, bool]

    @cached_property
    def plan(self) -> Plan:
        """How the blocks run when nothing goes wrong: fused steps (see :mod:`autograd.batch.fused`), made once."""
        from .fused import Plan

        return Plan(self)


def _check(root: Value, inputs: Sequence[Value]) -> tuple[Value, ...]:
    if not isinstance(root, Value):
        raise TypeError(f"record: expected the Value to compute (a loss), got {type(root).__name__}")
    if isinstance(inputs, (Value, str)) or not isinstance(inputs, Sequence):
        raise TypeError("record: inputs must be a list of the placeholder Values, e.g. inputs=[x1, x2, y]")
    found = tuple(inputs)
    if not found:
        raise ValueError("record: give at least one input (a placeholder Value whose data changes per row)")
    for i, x in enumerate(found):
        what = f"input {i} ({x.label!r})" if isinstance(x, Value) and x.label else f"input {i}"
        if not isinstance(x, Value) or isinstance(x, _SharedConstant):
            raise TypeError(f"record: {what} must be a Value made for it, like Value(0.0, label='x1'); got {x!r}")
        if not x.is_leaf:
            raise ValueError(f"record: {what} is computed by {x.op.name if x.op else '?'}; an input must be a leaf "
                             "(a placeholder such as Value(0.0, label='x1'))")
        if any(x is y for y in found[:i]):
            raise ValueError(f"record: {what} is given twice")
    return found


def _classify(order: Sequence[Value], column: dict[Value, int]) -> tuple[dict[Value, bool], dict[Value, int],
                                                                        dict[Value, bool], dict[Value, int]]:
    """Per node: whether it varies with the inputs, its depth, whether it needs a gradient, how often it is used."""
    per_row: dict[Value, bool] = {}
    depth: dict[Value, int] = {}
    needs: dict[Value, bool] = {}
    uses: dict[Value, int] = {}
    for node in order:
        parents = node.parents
        if node in column:
            per_row[node], depth[node], needs[node] = True, 0, False
        elif not parents:
            per_row[node], depth[node], needs[node] = False, 0, node.requires_grad
        else:
            per_row[node] = any(per_row[p] for p in parents)
            depth[node] = 1 + max(depth[p] for p in parents)
            needs[node] = node.requires_grad and any(needs[p] for p in parents)
        for p in parents:
            uses[p] = uses.get(p, 0) + 1
    return per_row, depth, needs, uses


def _groups(order: Sequence[Value], per_row: dict[Value, bool], depth: dict[Value, int]) -> list[list[Value]]:
    """The nodes of each block, blocks by depth (and in graph order within one)."""
    groups: dict[tuple[object, ...], list[Value]] = {}
    for node in order:
        op = node.op
        if op is None:
            continue
        parents = node.parents
        key: tuple[object, ...] = ("op", depth[node], op, per_row[node], len(parents))
        if _reads_one_vector(node, per_row):
            key = ("matmul", depth[node], tuple(map(id, parents[:len(parents) // 2])))
        groups.setdefault(key, []).append(node)
    return sorted(groups.values(), key=lambda nodes: depth[nodes[0]])  # a stable sort


def _reads_one_vector(node: Value, per_row: dict[Value, bool]) -> bool:
    """A ``dot`` that varies with the inputs only through its ``x`` half: a neuron's ``w·x``."""
    if node.op is not DOT or not per_row[node]:
        return False
    return not any(per_row[w] for w in node.parents[len(node.parents) // 2:])


def _biases(groups: list[list[Value]], per_row: dict[Value, bool], needs: dict[Value, bool],
            uses: dict[Value, int], root: Value) -> dict[int, int]:
    """Which group of ``dot + b`` nodes completes which matmul group: ``{matmul: adds}`` (a layer's ``z``).

    A matmul group takes the ``add`` nodes that each read one of its dots (used nowhere else) as their first
    parent, in the same order, and a bias that is the same on every row as their second.
    """
    first = {id(nodes[0]): g for g, nodes in enumerate(groups) if _reads_one_vector(nodes[0], per_row)}
    found: dict[int, int] = {}
    for g, adds in enumerate(groups):
        if adds[0].op is not ADD or not per_row[adds[0]]:
            continue
        m = first.get(id(adds[0].parents[0]))
        if m is None or m in found or len(groups[m]) != len(adds):
            continue
        if all(a.parents[0] is d and uses[d] == 1 and d is not root and needs[d] == needs[a]
               and not per_row[a.parents[1]] for a, d in zip(adds, groups[m])):
            found[m] = g
    return found


def read_graph(root: Value, inputs: Sequence[Value]) -> Recording:
    """Read the graph that ends at ``root``, with ``inputs`` as the placeholders (see the module's text)."""
    placeholders = _check(root, inputs)
    order = tuple(topological_order(root, only_requiring_grad=False))
    by_hand = next((v.op for v in order if isinstance(v.op, HandWritten)), None)
    if by_hand is not None:
        raise TypeError(f"record: a node {by_hand.code or ''!r} was made by hand "
                        "(Value(data, _children, _op)): its derivative is a closure on one sample's floats, which "
                        "a batch cannot run; use backward() sample by sample, or the op table's ops")
    column = {x: i for i, x in enumerate(placeholders)}
    per_row, depth, needs, uses = _classify(order, column)
    unused = [x for x in placeholders if x not in per_row]
    if unused:
        names = ", ".join(repr(x.label) if x.label else f"input {column[x]}" for x in unused)
        raise ValueError(f"record: the graph does not use the input(s) {names}; a function that reads an input's "
                         ".data (as a number) takes it as a constant, so pass it as a Value to the ops")
    groups = _groups(order, per_row, depth)
    biases = _biases(groups, per_row, needs, uses, root)
    kept = [g for g in range(len(groups)) if g not in biases.values()]

    where: dict[Value, Location] = {x: (INPUTS, i) for i, x in enumerate(placeholders)}
    inner: dict[Value, Location] = {}
    for b, g in enumerate(kept):
        outputs = groups[biases[g]] if g in biases else groups[g]
        for i, node in enumerate(outputs):
            where[node] = (2 + b, i)
        if g in biases:
            inner.update((node, (2 + b, i)) for i, node in enumerate(groups[g]))
    operands = [_operands(groups[g], groups[biases[g]] if g in biases else None, per_row) for g in kept]
    leaves: list[Value] = []
    for rank in (0, 1, 2):  # weights, then biases and the operands of maps, then the rest: W and b are runs
        for g, lists in zip(kept, operands):
            for j, operand in enumerate(lists):
                if _rank(groups[g][0], j, per_row) != rank:
                    continue
                for node in operand:
                    if node not in where:
                        where[node] = (LEAVES, len(leaves))
                        leaves.append(node)
    if root not in where:  # a graph that is a single leaf
        where[root] = (LEAVES, len(leaves))
        leaves.append(root)

    widths = (len(placeholders), len(leaves), *(len(groups[g]) for g in kept))
    sources_per_row = (True, False, *(per_row[groups[g][0]] for g in kept))
    blocks = [_block(groups[g], groups[biases[g]] if g in biases else None, lists, 2 + b, where, per_row, needs,
                     widths, sources_per_row) for b, (g, lists) in enumerate(zip(kept, operands))]
    return Recording(
        root=root, inputs=placeholders, order=order, leaves=tuple(leaves),
        trained=tuple(i for i, leaf in enumerate(leaves) if needs.get(leaf, False)), blocks=tuple(blocks),
        where=where, inner=inner, widths=widths, per_row=sources_per_row, needs=needs,
    )


def _rank(node: Value, operand: int, per_row: dict[Value, bool]) -> int:
    """When a block's operand gets its leaves' columns: a layer's weights first, the reductions' last."""
    if _reads_one_vector(node, per_row):
        return 0 if operand == 1 else 1
    return 2 if node.op is not None and node.op.variadic else 1


def _block(nodes: list[Value], adds: list[Value] | None, lists: list[list[Value]], source: int,
           where: dict[Value, Location], per_row: dict[Value, bool], needs: dict[Value, bool], widths: tuple[int, ...],
           sources_per_row: tuple[bool, ...]) -> Block:
    """The block of ``nodes`` (with their bias ``adds``, for a layer), reading ``lists`` of operands."""
    def gather(operand: list[Value]) -> Gather:
        return Gather([where[n] for n in operand], widths, sources_per_row)

    def scatter(operand: list[Value], one_row: bool = False) -> Scatter:
        return Scatter([where[n] for n in operand], [needs[n] for n in operand], widths, sources_per_row,
                       per_row[nodes[0]] and not one_row)

    op = nodes[0].op
    assert op is not None
    block_needs = any(needs[n] for n in (adds or nodes))
    if _reads_one_vector(nodes[0], per_row):
        x, w, *b = lists
        bias = (gather(b[0]), scatter(b[0])) if adds else None
        # dW = dZᵀ·X is summed over the rows already
        return MatmulBlock(nodes, adds, source, block_needs, gather(x), gather(w), scatter(x), scatter(w, True), bias)
    if op.variadic:
        (flat,) = lists
        return ReduceBlock(op, nodes, per_row[nodes[0]], source, block_needs, gather(flat), scatter(flat),
                           len(nodes[0].parents))
    return MapBlock(op, nodes, per_row[nodes[0]], source, block_needs, [gather(p) for p in lists],
                    [scatter(p) for p in lists])


def _operands(nodes: list[Value], adds: list[Value] | None, per_row: dict[Value, bool]) -> list[list[Value]]:
    """The nodes each gather of a block reads: per operand (map), all parents parent-major (reduce), or the
    shared x half, the weights row-major and the biases (matmul)."""
    parents = [node.parents for node in nodes]
    if _reads_one_vector(nodes[0], per_row):
        n = len(parents[0]) // 2
        biases = [[a.parents[1] for a in adds]] if adds else []
        return [list(parents[0][:n]), [p for ps in parents for p in ps[n:]], *biases]
    if nodes[0].op is not None and nodes[0].op.variadic:
        return [[ps[j] for j in range(len(parents[0])) for ps in parents]]
    return [[ps[j] for ps in parents] for j in range(len(parents[0]))]
