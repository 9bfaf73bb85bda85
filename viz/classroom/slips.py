"""The usual slips of a backward pass worked by hand, each computed by the engine on a changed graph, so the
grader can say which one a wrong answer matches.

* ``sign``: the sign flipped — backward run on the graph of ``−J``;
* ``half``: the ½ of ``½(ŷ − y)²`` dropped — on the graph of ``(ŷ − y)²`` (a factor 2; the course's own
  notes write the loss both ways);
* ``transposed``: a matrix written transposed (``dW = Xᵀ·dS`` from the samples-as-rows layout) — the
  engine's matrix, read transposed;
* ``twice``: ``σ′`` taken twice — each ``σ`` node linked to its ``z`` by ``σ′(z)²`` instead of ``σ′(z)``;
* ``at_a``: ``σ′`` of ``a`` instead of ``z`` — linked by the op's own derivative evaluated at its output;
* ``z_for_da``: ``z`` used where ``∂J/∂a`` belongs (seed 000's slip: ``z⁽¹⁾ ⊙ σ′(z⁽¹⁾)``) — backward run
  from ``Σⱼ zⱼ·aⱼ`` (the ``z`` as numbers), so ``z`` arrives where ``∂J/∂a`` should;
* ``softmax_diagonal``: only the diagonal of softmax's Jacobian (seed 002's slip) — each ``pᵢ`` linked to its
  own ``zᵢ`` only, by ``∂pᵢ/∂zᵢ`` (which the engine computes on the true graph).

The local derivatives come from the trace and the op table; the graphs are copies
(:mod:`viz.classroom.changed_graphs`), so the exercise's own gradients are untouched.  The ``σ′`` slips
apply to the squashing activations (sigmoid, tanh), ``z_for_da`` to every activation; a network's are
tried layer by layer and all layers at once, another graph's node by node (at most :data:`MAX_GROUPS`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from autograd import functional
from autograd.backprop import grad as gradient
from autograd.backprop import topological_order
from autograd.ops import OPS
from autograd.text import Notation
from autograd.trace import is_constant
from autograd.value import Value

from .changed_graphs import Change, copy_graph, relinked
from .solution import Solution
from .words import WORDS

__all__ = ["MAX_GROUPS", "SLIP_RTOL", "Slip", "graph_slips", "matching_slips", "transposed_slip"]

#: A slip explains a wrong entry when the entry is this close to what the slip gives, relative (or within
#: the entry's own tolerance, if that is looser): hand-rounded intermediates drift a few percent.
SLIP_RTOL = 0.05
#: At most this many groups of activations are tried for each slip on a graph that is not a network.
MAX_GROUPS = 16

#: Where a slip was made: ``("layer", 2)``, ``("layers", n)`` (all n layers), ``("node", "ŷ")``, or None.
Where = tuple[str, int | str] | None

_SQUASHES = (OPS["sigmoid"], OPS["tanh"])
_ACTIVATIONS = (*_SQUASHES, OPS["relu"], OPS["leaky_relu"], OPS["softplus"])


@dataclass(frozen=True)
class Slip:
    """A usual slip and the gradients it gives: ``grads`` maps a node of the exercise's graph to its gradient
    under the slip (only the nodes the slip reaches).  ``where`` says where it was made: ``("layer", 2)``,
    ``("layers", 0)`` (every layer), ``("node", "ŷ")``, or None (the whole graph)."""

    key: str
    where: Where
    grads: Mapping[Value, float]
    op: str = ""

    def describe(self, lang: str = "en") -> str:
        """The slip in words: ``σ′ taken twice (layer 1)``."""
        w = WORDS(lang)
        symbol = OPS[self.op].symbol if self.op else "σ"
        text = w[f"slip_{self.key}"].format(g=symbol)
        if self.where is not None:
            text += w[f"slip_where_{self.where[0]}"].format(where=self.where[1])
        return text


def graph_slips(solution: Solution) -> list[Slip]:
    """Every slip the engine can compute on a changed copy of ``solution``'s graph."""
    root = solution.root
    local = {(s.node, s.parent): s.local for s in solution.trace}
    slips: list[Slip | None] = [_run(root, "sign", None, lambda copies: -copies[root])]  # all of −J's graph
    half = [p for p in root.parents if root.op is OPS["mul"] and is_constant(p) and p.data == 0.5]
    if half:
        rest = next(p for p in root.parents if p is not half[0])
        slips.append(_run(root, "half", None, lambda copies: copies[rest]))
    for where, group in _groups(solution):
        squashes = [a for a in group if a.op in _SQUASHES]
        ops = {a.op.name for a in squashes if a.op is not None}
        op = ops.pop() if len(ops) == 1 else ""
        if squashes:
            twice = {a: (a.parents[0], local[(a, a.parents[0])] ** 2) for a in squashes if (a, a.parents[0]) in local}
            slips.append(_run(root, "twice", where, None, _relinking(twice), op))
            at_a = {a: (a.parents[0], float(a.op.local_derivative(0, [a.data], a.op.forward(a.data))))
                    for a in squashes if a.op is not None}
            slips.append(_run(root, "at_a", where, None, _relinking(at_a), op))
        if where is None or where[0] != "layers":  # z in place of ∂J/∂a is a slip of one layer
            slips.append(_run(root, "z_for_da", where, _z_times(group)))
    for where, outputs in _softmaxes(root, solution):
        diagonal = {p: (z, gradient(p, [z])[0].data) for p, z in outputs}
        slips.append(_run(root, "softmax_diagonal", where, None, _relinking(diagonal)))
    return [s for s in slips if s is not None]


def _relinking(links: Mapping[Value, tuple[Value, float]]) -> Change:
    """A change that links each node of ``links`` only to the given parent, by the given local derivative."""
    def change(old: Value, new: Value, copies: Mapping[Value, Value]) -> Value | None:
        if old not in links:
            return None
        parent, local = links[old]
        return relinked(new, [(copies[parent], local)])
    return change


def _z_times(group: Sequence[Value]) -> Callable[[Mapping[Value, Value]], Value]:
    """The root ``Σⱼ zⱼ·aⱼ`` over a group of activations ``aⱼ = g(zⱼ)`` (each ``zⱼ`` a number): backward from it
    brings ``z`` where ``∂J/∂a`` belongs."""
    return lambda copies: functional.dot([Value(a.parents[0].data, requires_grad=False) for a in group],
                                         [copies[a] for a in group])


def _run(root: Value, key: str, where: Where,
         new_root: Callable[[Mapping[Value, Value]], Value] | None, change: Change | None = None,
         op: str = "") -> Slip | None:
    """Copy the graph (with ``change``), run backward from ``new_root(copies)`` (or the copy of ``root``)."""
    copies = copy_graph(root, change)
    start = new_root(copies) if new_root is not None else copies[root]
    if not start.requires_grad:
        return None
    start.backward()
    reached = set(topological_order(start))
    if new_root is not None:  # a new root reaches part of the graph: the slip says nothing of the rest
        return Slip(key, where, {old: new.grad for old, new in copies.items() if new in reached}, op)
    # the same loss on a changed graph: a node it no longer reaches gets no gradient under the slip
    return Slip(key, where, {old: new.grad if new in reached else 0.0 for old, new in copies.items()
                             if old.requires_grad}, op)


def _groups(solution: Solution) -> list[tuple[Where, list[Value]]]:
    """The activations to try a slip on: a network's layer by layer and all at once, else node by node."""
    if solution.layers:
        layers = [[a for a in acts if a.op in _ACTIVATIONS] for _, acts in solution.layers]
        groups: list[tuple[Where, list[Value]]] = [
            (("layer", i), acts) for i, acts in enumerate(layers, start=1) if acts]
        if len(groups) > 1:
            groups.append((("layers", len(groups)), [a for acts in layers for a in acts]))
        return groups
    nodes = [v for v in topological_order(solution.root) if v.op in _ACTIVATIONS]
    return [(("node", solution.trace.name_of(v)), [v]) for v in nodes[:MAX_GROUPS]]


def _softmaxes(root: Value, solution: Solution) -> list[tuple[Where, list[tuple[Value, Value]]]]:
    """Each softmax in the graph (``pᵢ = exp(sᵢ) / Σⱼ exp(sⱼ)``, ``sᵢ = zᵢ − m``): its outputs with their own input."""
    found: dict[Value, list[tuple[Value, Value]]] = {}
    for p in topological_order(root):
        if p.op is not OPS["div"]:
            continue
        e, total = p.parents
        if e.op is OPS["exp"] and total.op is OPS["sum"] and any(e is t for t in total.parents):
            s = e.parents[0]
            z = s.parents[0] if s.op is OPS["sub"] and is_constant(s.parents[1]) else s
            found.setdefault(total, []).append((p, z))
    layer_of = {id(a): i for i, (_, acts) in enumerate(solution.layers, start=1) for a in acts}
    softmaxes: list[tuple[Where, list[tuple[Value, Value]]]] = []
    for outputs in list(found.values())[:MAX_GROUPS]:
        layer = layer_of.get(id(outputs[0][0]))
        softmaxes.append((None if layer is None else ("layer", layer), outputs))
    return softmaxes


def transposed_slip(nodes: Sequence[Value], shape: tuple[int, ...]) -> Slip | None:
    """For a square matrix answer: the engine's gradient read transposed (entry ``[i,j]`` gets ``[j,i]``)."""
    if len(shape) != 2 or shape[0] != shape[1] or shape[0] < 2:
        return None
    n = shape[0]
    grads = [float(nodes[j * n + i].grad) for i in range(n) for j in range(n)]  # entry [i,j] gets [j,i]
    return Slip("transposed", None, dict(zip(nodes, grads)))


def matching_slips(slips: Iterable[Slip], entries: Sequence[tuple[Value, float, float, float, float]]) -> list[Slip]:
    """The slips that explain every one of ``entries``: ``(node, claimed, correct, rtol, atol)`` of the wrong,
    answered entries of one answer, best first.

    A slip explains an entry when it reaches the node, gives a number the grader would call wrong, and
    the claim is within ``atol + max(rtol, SLIP_RTOL)·|slip|`` of it.
    """
    found: list[tuple[float, Slip]] = []
    for slip in slips:
        worst = 0.0
        for node, claimed, correct, rtol, atol in entries:
            value = slip.grads.get(node)
            if value is None or abs(value - correct) <= atol + rtol * abs(correct):
                break
            off = abs(claimed - value)
            if off > atol + max(rtol, SLIP_RTOL) * abs(value):
                break
            worst = max(worst, off / (abs(value) or 1.0))
        else:
            if entries:
                found.append((worst, slip))
    found.sort(key=lambda pair: pair[0])  # stable: of two slips as close, the one tried first (one layer) first
    kept: list[Slip] = []
    for _, slip in found:  # a slip giving these entries the same numbers as one kept says nothing new
        if not any(all(math.isclose(slip.grads[n], other.grads[n], rel_tol=1e-12, abs_tol=1e-15)
                       for n, *_ in entries) for other in kept):
            kept.append(slip)
    return kept


def slip_values(slip: Slip, nodes: Sequence[Value], notation: Notation) -> str:
    """The numbers the slip gives for ``nodes``, as the report writes them."""
    return ", ".join(notation.number(slip.grads[v]) for v in nodes if v in slip.grads and math.isfinite(slip.grads[v]))
