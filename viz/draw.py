"""``viz.draw``: the computation graph of a Value as a graphviz diagram.

    >>> from autograd import Value
    >>> import viz
    >>> x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    >>> y = (x * w).tanh()
    >>> g = viz.draw(y)                  # before backward: data only
    >>> "grad" in g.source
    False
    >>> y.backward()
    >>> "grad" in viz.draw(y).source     # after backward: data and grad
    True

Value nodes are boxes ``name | data | grad``, op nodes (``*``, ``tanh``, …) sit between a node and
its parents, constants are small plain numbers (one per use).  Names are the ones of
:func:`autograd.trace.node_names`, so a diagram and a step table of the same graph agree.

Everything is deterministic: DOT ids come from the topological order (``n0``, ``n1``, …, op nodes
``n3_op``, edges ``e_n1_n3_op_0``), never from ``id()``, and every DOT element gets its id as an
``id`` attribute so it can be found in the SVG (see :func:`draw_ids` and :func:`step_ids`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import graphviz

from autograd.backprop import topological_order
from autograd.gradcheck import GradcheckEntry, GradcheckReport
from autograd.text import Notation
from autograd.trace import Step, is_constant, node_names
from autograd.value import Value

from .clusters import Path, cluster_paths, emit_nodes
from .dot import cell, html_text, label, row_table
from .style import (
    GC_FAIL,
    GC_NEAR,
    GC_PASS,
    HIGHLIGHT_EDGE,
    HIGHLIGHT_FILL,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    legend_label,
    mix,
    signed_color,
)
from .words import WORDS

__all__ = ["RANKDIRS", "StepIds", "draw", "draw_ids", "edge_id", "op_id", "step_ids"]

RANKDIRS = ("LR", "TB", "RL", "BT")
_COLOR_BY = ("none", "grad")


# --- ids ------------------------------------------------------------------------------------------

def draw_ids(root: Value) -> dict[Value, str]:
    """The DOT (and SVG) id of each value node of ``draw(root)``: ``n0``, ``n1``, … in topological order.

    Constants are left out (each use is its own small node).  The op node that produced a value
    with id ``n3`` is :func:`op_id` ``("n3")`` = ``"n3_op"``; an edge is named by :func:`edge_id`.
    """
    return _ids(topological_order(root, only_requiring_grad=False), root)


def _ids(order: Iterable[Value], root: Value) -> dict[Value, str]:
    ids: dict[Value, str] = {}
    for v in order:
        if not is_constant(v) or v is root:
            ids[v] = f"n{len(ids)}"
    return ids


def op_id(node_id: str) -> str:
    """The id of the op node drawn before the value node ``node_id``."""
    return f"{node_id}_op"


def edge_id(tail: str, head: str, position: int | None = None) -> str:
    """The id of the edge ``tail → head``; edges into an op node carry the parent's ``position``."""
    return f"e_{tail}_{head}" if position is None else f"e_{tail}_{head}_{position}"


@dataclass(frozen=True)
class StepIds:
    """The SVG ids ``draw(root, highlight=step)`` marks for one step of a trace.

    ``node`` is the node being processed, ``op`` its op node, ``parent`` the node receiving the
    contribution and ``edges`` the two edges the contribution travels back along
    (op → node, then parent → op).
    """

    node: str
    op: str
    parent: str
    edges: tuple[str, str]

    def all(self) -> tuple[str, ...]:
        """Every id above, nodes first."""
        return (self.node, self.op, self.parent, *self.edges)


def step_ids(step: Step, ids: Mapping[Value, str]) -> StepIds:
    """Where ``step`` is in a drawing whose ids are ``ids`` (from :func:`draw_ids` of the same root)."""
    try:
        node, parent = ids[step.node], ids[step.parent]
    except KeyError:
        raise ValueError(f"step {step.index + 1} (node {step.node_name!r} → {step.parent_name!r}) "
                         "is not in this graph: draw the root the trace was made from") from None
    op = op_id(node)
    return StepIds(node, op, parent, (edge_id(op, node), edge_id(parent, op, step.position)))


# --- the drawing ----------------------------------------------------------------------------------

def draw(
    root: Value,
    show_grad: bool | None = None,
    *,
    lang: str = "en",
    decimal: str | None = None,
    precision: int = 4,
    rankdir: str = "LR",
    highlight: Step | None = None,
    color_by: str = "none",
    gradcheck: GradcheckReport | None = None,
    max_nodes: int = 300,
    title: str | None = None,
    clusters: Mapping[Value, str] | None = None,
    grads: Mapping[Value, float] | None = None,
    legend: bool | None = None,
) -> graphviz.Digraph:
    """Draw the graph that ends at ``root`` (returns a ``graphviz.Digraph``: shows in Jupyter, renders to SVG).

    Args:
        root: the output Value.
        show_grad: show each node's ``grad``.  ``None`` (default) shows them only once a backward
            pass has reached ``root`` (``root.grad != 0``), so a drawing made before ``backward()``
            shows no misleading zeros; ``False`` draws the forward pass only.
        lang, decimal, precision: the words (``"en"`` or ``"es"``: ``data``/``valor``, legends,
            clusters) and the numbers: decimal mark (``lang``'s own unless given: ``"es"`` writes
            ``0,5``) and significant digits.
        rankdir: ``"LR"`` (default), ``"TB"``, ``"RL"`` or ``"BT"``.
        highlight: a :class:`~autograd.trace.Step`: marks the node being processed, the parent
            receiving its contribution and the two edges the contribution travels along.
        color_by: ``"grad"`` fills nodes by the sign (blue +, red −) and size of their gradient and
            colours/thickens each edge by the contribution it carries; ``"none"`` (default).
        gradcheck: a :class:`~autograd.gradcheck.GradcheckReport` of this graph (draw
            ``report.output``): each checked leaf is coloured by ``|analytic − numeric|`` and shows it.
        max_nodes: refuse (ValueError) to draw more nodes (values, ops, constants) than this: the
            picture would be unreadable and ``dot`` slow.
        title: a caption above the drawing.
        clusters: optional ``{value: "layer 1/neuron 2"}`` grouping nodes into (nested) boxes.
            Without it, parameters labelled like ``nn``'s (``W1[2,1]``, ``b1[2]``: :mod:`nn.labels`)
            group the nodes of each neuron, up to and including its activation (one of
            :data:`nn.activations.ELEMENTWISE`), and the neurons of each layer.
        grads: gradients to show instead of each node's ``grad`` (a step of the player:
            ``trace.grads_at(i)``); implies ``show_grad`` unless it is ``False``.
        legend: add a legend; ``None`` adds one whenever colours mean something.
    """
    if not isinstance(root, Value):
        raise _not_a_value(root)
    notation = Notation(lang, decimal, precision)
    w = WORDS(lang)
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if color_by not in _COLOR_BY:
        raise ValueError(f"draw: color_by must be 'none' or 'grad', got {color_by!r}")
    if max_nodes < 1:
        raise ValueError(f"draw: max_nodes must be at least 1, got {max_nodes}")

    order = topological_order(root, only_requiring_grad=False)
    size = _drawn_nodes(order, root)
    if size > max_nodes:
        raise ValueError(
            f"draw: the graph of {_name(root)} would be {size} nodes (values, ops and constants), "
            f"more than max_nodes={max_nodes}; a drawing that big is unreadable.  Pass max_nodes={size} "
            "to draw it anyway, or draw the layer picture of a model with viz.network(model)")
    ids = _ids(order, root)
    names = node_names(root, lang=notation.lang, decimal=notation.mark, precision=notation.precision)
    if show_grad is None:
        show_grad = grads is not None or root.grad != 0.0 or root.grad_value is not None

    def grad_of(v: Value) -> float:
        return grads.get(v, v.grad) if grads is not None else v.grad

    marked = step_ids(highlight, ids) if highlight is not None else None
    checked = _gradcheck_entries(gradcheck, ids)
    paths = cluster_paths(order, clusters, w)
    grad_scale = max((abs(grad_of(v)) for v in ids), default=0.0)
    flows = _contributions(ids, grad_of) if color_by == "grad" else {}
    flow_scale = max((abs(c) for c in flows.values()), default=0.0)

    nodes: list[tuple[Path, str, dict[str, str]]] = []
    edges: list[tuple[str, str, dict[str, str]]] = []
    for v, vid in ids.items():
        path = paths.get(v, ())
        name = names[v]
        cells = [cell(name, bold=True) if v.label else cell(name, italic=True, color="gray35"),
                 cell(f"{w['viz_data']} {notation.number(v.data)}")]
        if show_grad:
            cells.append(cell(f"{w['viz_grad']} {notation.number(grad_of(v))}"))
        attrs = {"id": vid, "shape": "box", "style": "filled", "margin": "0", "fillcolor": "white"}
        if color_by == "grad":
            attrs["fillcolor"] = signed_color(grad_of(v), grad_scale)
        if v in checked:
            entry = checked[v]
            cells.append(cell(f"{w['viz_gc_error']} {notation.number(entry.abs_error)}"))
            attrs["fillcolor"] = _gradcheck_color(entry, gradcheck)
        if marked is not None and vid == marked.node:
            attrs.update(fillcolor=HIGHLIGHT_FILL, color=HIGHLIGHT_EDGE, penwidth="3")
        if marked is not None and vid == marked.parent:
            attrs.update(color=HIGHLIGHT_EDGE, penwidth="3")
        attrs["label"] = label(row_table(cells))
        nodes.append((path, vid, attrs))

        op = v.op
        if op is None:
            continue
        oid = op_id(vid)
        op_attrs = {"id": oid, "label": label(html_text(op.symbol)), "shape": "ellipse", "margin": "0.02"}
        to_node = {"id": edge_id(oid, vid)}
        if color_by == "grad":
            to_node.update(_flow_style(grad_of(v), grad_scale))
        if marked is not None and vid == marked.node:
            op_attrs.update(color=HIGHLIGHT_EDGE, penwidth="3")
            to_node.update(color=HIGHLIGHT_EDGE, penwidth="3")
        nodes.append((path, oid, op_attrs))
        edges.append((oid, vid, to_node))
        n = len(v.parents)
        for k, p in enumerate(v.parents):
            if is_constant(p):
                tail = f"{vid}_c{k}"
                nodes.append((path, tail, {"id": tail, "label": label(html_text(names[p])),
                                           "shape": "plaintext", "fontsize": "10", "margin": "0"}))
            else:
                tail = ids[p]
            eattrs = {"id": edge_id(tail, oid, k)}
            if n > 1:
                eattrs.update(label=label(html_text(op.param_name(k, n))), fontsize="10", fontcolor="gray35")
            if (v, k) in flows:
                eattrs.update(_flow_style(flows[v, k], flow_scale))
            if marked is not None and eattrs["id"] == marked.edges[1]:
                eattrs.update(color=HIGHLIGHT_EDGE, penwidth="3")
            edges.append((tail, oid, eattrs))

    g = graphviz.Digraph(name="pizarra", graph_attr={"rankdir": rankdir, "fontname": "Helvetica"},
                         node_attr={"fontname": "Helvetica", "fontsize": "12"},
                         edge_attr={"fontname": "Helvetica"})
    if title is not None:
        g.attr(label=label(html_text(title)), labelloc="t", fontname="Helvetica", fontsize="16")
    emit_nodes(g, nodes)
    for tail, head, attrs in edges:
        g.edge(tail, head, **attrs)

    entries = _legend_entries(w, marked is not None, color_by == "grad", gradcheck is not None)
    if entries and legend is not False:
        g.node("legend", label=legend_label(w["viz_legend"], entries), shape="plaintext", id="legend")
    return g


# --- pieces ---------------------------------------------------------------------------------------

def _not_a_value(root: object) -> TypeError:
    hint = (" (for a GradcheckReport draw report.output with gradcheck=report)"
            if isinstance(root, GradcheckReport) else " (for an nn model use viz.network(model))")
    return TypeError(f"draw: root must be a Value, got {type(root).__name__}{hint}")


def _drawn_nodes(order: Iterable[Value], root: Value) -> int:
    """How many DOT nodes :func:`draw` makes: each value, each op, each use of a constant."""
    count = 0
    for v in order:
        if not is_constant(v) or v is root:
            count += 1 if v.op is None else 2 + sum(1 for p in v.parents if is_constant(p))
    return count


def _name(v: Value) -> str:
    return repr(v.label) if v.label else "the root"


def _gradcheck_entries(report: GradcheckReport | None, ids: Mapping[Value, str]) -> dict[Value, GradcheckEntry]:
    if report is None:
        return {}
    if not isinstance(report, GradcheckReport):
        raise TypeError(f"draw: gradcheck must be a GradcheckReport, got {type(report).__name__}")
    found = {v: e for v, e in zip(report.inputs, report.entries) if v in ids}
    if not found:
        raise ValueError("draw: none of the gradcheck report's inputs is in this graph; "
                         "draw report.output with gradcheck=report")
    return found


def _gradcheck_color(entry: GradcheckEntry, report: GradcheckReport | None) -> str:
    assert report is not None
    tolerance = report.atol + report.rtol * abs(entry.numeric)
    if entry.abs_error <= tolerance:
        return GC_PASS
    return GC_NEAR if entry.abs_error <= 100.0 * tolerance else GC_FAIL


def _contributions(ids: Mapping[Value, str], grad_of: Callable[[Value], float]) -> dict[tuple[Value, int], float]:
    """``grad(node) · ∂node/∂parent`` for every edge into a node's op (the op table's derivative)."""
    flows: dict[tuple[Value, int], float] = {}
    for v in ids:
        op = v.op
        if op is None:
            continue
        args = [p.data for p in v.parents]
        for k, p in enumerate(v.parents):
            if not p.requires_grad:
                continue
            try:
                flows[v, k] = float(grad_of(v)) * float(op.local_derivative(k, args, v.data))
            except (ArithmeticError, ValueError):
                continue  # undefined derivative: leave the edge uncoloured
    return flows


def _flow_style(x: float, scale: float) -> dict[str, str]:
    if x == 0.0 or scale <= 0.0:
        return {"color": NEUTRAL}
    t = min(abs(x) / scale, 1.0)
    return {"color": mix(POSITIVE if x > 0 else NEGATIVE, 0.35 + 0.65 * t), "penwidth": f"{1.0 + 3.0 * t:.2f}"}


def _legend_entries(w: Mapping[str, str], highlight: bool, by_grad: bool,
                    gradcheck: bool) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    if highlight:
        entries += [(HIGHLIGHT_FILL, w["viz_processing"]), (HIGHLIGHT_EDGE, w["viz_receiving"])]
    if by_grad:
        entries += [(mix(POSITIVE, 0.75), w["viz_grad_pos"]), (mix(NEGATIVE, 0.75), w["viz_grad_neg"]),
                    ("#ffffff", w["viz_grad_zero"]), (NEUTRAL, w["viz_grad_width"])]
    if gradcheck:
        entries += [(GC_PASS, w["viz_gc_pass"]), (GC_NEAR, w["viz_gc_near"]), (GC_FAIL, w["viz_gc_fail"])]
    return entries
