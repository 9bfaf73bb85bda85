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

Value nodes are boxes ``name | data | grad``, op nodes (``×``, ``tanh``, …) sit between a node and
its parents, and a constant is written inside the op node that uses it (``× 0,5``, ``^2``: see
:mod:`viz.op_nodes`).  Names are the ones of :func:`autograd.names.node_names`, so a diagram and a
step table of the same graph agree; when some long node is called ``u₁``, what it stands for is
written once under the drawing (``where u₁ = w1·x1 + w2·x2``).  :func:`draw_step` draws the graph
as it was right after one step of a backward pass, with the step's caption underneath;
``fit="16:9"`` shapes the drawing for a slide (:mod:`viz.fit`).

Everything is deterministic: DOT ids come from the topological order (``n0``, ``n1``, …, op nodes
``n3_op``, edges ``e_n1_n3_op_0``), never from ``id()``, and every DOT element gets its id as an
``id`` attribute so it can be found in the SVG (see :mod:`viz.ids`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import graphviz

from autograd.backprop import topological_order
from autograd.by_hand import HandWritten
from autograd.gradcheck import GradcheckEntry, GradcheckReport
from autograd.names import node_names
from autograd.text import Notation, NotationLike, as_notation
from autograd.trace import NodeState, Step, is_constant, node_state
from autograd.value import Value

from .choices import RANKDIRS
from .clusters import Path, cluster_paths, emit_nodes
from .dot import cell, column_table, html_text, label, row_table
from .errors import VizError, VizTypeError
from .fit import COMPACT, aspect_of, pad_to, stacked
from .ids import StepIds, _ids, draw_ids, edge_id, op_id, step_ids
from .op_nodes import CONSTANTS, drawn_parents, op_label
from .style import (
    GC_FAIL,
    GC_NEAR,
    GC_PASS,
    HIGHLIGHT_EDGE,
    HIGHLIGHT_FILL,
    flow_style,
    footer_label,
    grad_text,
    legend_entries,
    legend_line,
    signed_color,
    state_swatch,
)
from .words import WORDS

# The ids live in viz.ids; viz.draw names them too, where they were before 0.2.0.
__all__ = ["RANKDIRS", "StepIds", "draw", "draw_ids", "draw_step", "edge_id", "op_id", "step_ids"]

_COLOR_BY = ("none", "grad")


# --- the drawing ----------------------------------------------------------------------------------

def draw(
    root: Value,
    show_grad: bool | None = None,
    *,
    notation: NotationLike = None,
    rankdir: str = "LR",
    color_by: str = "none",
    gradcheck: GradcheckReport | None = None,
    max_nodes: int = 300,
    title: str | None = None,
    clusters: Mapping[Value, str] | None = None,
    grads: Mapping[Value, float] | None = None,
    legend: bool | None = None,
    constants: str = "inline",
    fit: str | None = None,
    pad: bool = True,
    **old: object,
) -> graphviz.Digraph:
    """Draw the graph that ends at ``root`` (returns a ``graphviz.Digraph``: shows in Jupyter, renders to SVG).

    Args:
        root: the output Value.
        show_grad: show each node's ``grad``.  ``None`` (default) shows them only once a backward
            pass has reached ``root`` (``root.grad != 0``), so a drawing made before ``backward()``
            shows no misleading zeros; ``False`` draws the forward pass only.
        notation: a :class:`~autograd.text.Notation` or a language code (``"es"``): the words
            (``data``/``valor``, legends, clusters) and the numbers (decimal mark, significant digits).
        rankdir: ``"LR"`` (default), ``"TB"``, ``"RL"`` or ``"BT"``.
        color_by: ``"grad"`` fills nodes by the sign (blue +, red −) and size of their gradient and
            colours/thickens each edge by the contribution it carries; ``"none"`` (default).
        gradcheck: a :class:`~autograd.gradcheck.GradcheckReport` of this graph (draw
            ``report.output``): each checked leaf is coloured by ``|analytic − numeric|`` and shows it.
        max_nodes: refuse (ValueError) to draw more nodes (values, ops, constants drawn as nodes)
            than this: the picture would be unreadable and ``dot`` slow.
        title: a caption above the drawing.
        clusters: optional ``{value: "layer 1/neuron 2"}`` grouping nodes into (nested) boxes.
            Without it, parameters labelled like ``nn``'s (``W1[2,1]``, ``b1[2]``: :mod:`nn.labels`)
            group the nodes of each neuron, up to and including its activation (one of
            :data:`nn.activations.ELEMENTWISE`), and the neurons of each layer.
        grads: gradients to show instead of each node's ``grad``.  Implies ``show_grad`` unless it is ``False``.
        legend: add a legend, one line under the diagram; ``None`` adds one whenever colours mean something,
            and the line saying what the ``u₁``, ``u₂``, … names stand for whenever there are some
            (``False`` leaves both out: a slide or a page that writes them itself).
        constants: ``"inline"`` (default) writes each constant inside the op node that uses it
            (``× 0,5``, ``− 5``, ``^2``); ``"nodes"`` draws it as a small leaf of its own, once per use.
        fit: a frame's aspect ratio, ``"16:9"`` or ``"4:3"``: a diagram for a slide, drawn compactly
            (left to right: narrow nodes) and padded to exactly that aspect ratio (see :mod:`viz.fit`;
            measured with graphviz's ``dot``, which must be installed).
        pad: with ``fit``, pad the drawing to the frame's aspect ratio (``False``: drawn for the frame
            but not padded, for a caller that pads several drawings alike, as the slides do).

    A step of a backward pass is drawn by :func:`draw_step`.  The keywords ``lang``, ``decimal`` and
    ``precision`` (now ``notation=``), and ``highlight`` and ``caption`` (now :func:`draw_step`), still
    work for one release, with a DeprecationWarning.
    """
    step_keywords = {key: old.pop(key) for key in ("highlight", "caption") if key in old}
    nota = as_notation(notation, old, where="draw")
    highlight, caption = step_keywords.get("highlight"), step_keywords.get("caption", True)
    if step_keywords:
        warnings.warn("draw(): highlight= and caption= are deprecated and go in the next release; "
                      "draw a step with viz.draw_step(step, ...)", DeprecationWarning, stacklevel=2)
    if highlight is not None and not isinstance(highlight, Step):
        raise VizTypeError(f"draw: highlight must be a Step of trace_backward(root), got {type(highlight).__name__}")
    if not isinstance(caption, bool):
        raise VizTypeError(f"draw: caption must be True or False, got {caption!r}")
    return _draw(root, highlight, nota, show_grad=show_grad, rankdir=rankdir, color_by=color_by,
                 gradcheck=gradcheck, max_nodes=max_nodes, title=title, clusters=clusters, grads=grads,
                 legend=legend, caption=caption, constants=constants, fit=fit, pad=pad, caller="draw")


def draw_step(
    step: Step,
    *,
    notation: NotationLike = None,
    rankdir: str = "LR",
    color_by: str = "none",
    max_nodes: int = 300,
    title: str | None = None,
    clusters: Mapping[Value, str] | None = None,
    grads: Mapping[Value, float] | None = None,
    legend: bool | None = None,
    caption: bool = True,
    constants: str = "inline",
    fit: str | None = None,
    pad: bool = True,
    **old: object,
) -> graphviz.Digraph:
    """Draw the graph of a backward pass as it was right after ``step`` (a ``graphviz.Digraph``).

        >>> from autograd import Value, trace_backward
        >>> x, w = Value(2.0, label="x"), Value(-3.0, label="w")
        >>> steps = trace_backward(x * w)
        >>> "+=" in draw_step(steps[0]).source         # the step's chain-rule sentence, under the graph
        True

    ``step`` is a :class:`~autograd.trace.Step` of ``trace_backward(root)``; the drawing is of ``root``.
    It marks the node being processed, the parent receiving its contribution and the two edges the
    contribution travels along; every gradient is the one the node held then
    (``step.trace.grads_at(step.index)``), a node backward has not reached yet shows ``grad —`` in grey
    with a dashed border (its state, :meth:`~autograd.trace.Trace.state_at`), and a node that needs no
    gradient says ``no grad`` (``sin grad``); the legend says why.

    Args:
        caption: write the step's :meth:`~autograd.trace.Step.caption` under the diagram (``False``: don't,
            for a page or slide that writes it itself).
        grads: gradients to show instead of the step's own.

    Every other option is :func:`draw`'s.  ``lang``, ``decimal`` and ``precision`` (now ``notation=``)
    still work for one release, with a DeprecationWarning.
    """
    nota = as_notation(notation, old, where="draw_step")
    if not isinstance(step, Step):
        raise VizTypeError(f"draw_step: step must be a Step of trace_backward(root), got {type(step).__name__}"
                           + (" (to draw a Value use viz.draw)" if isinstance(step, Value) else ""))
    if step.trace is None:
        raise _no_trace(step, "draw_step")
    return _draw(step.trace.root, step, nota, show_grad=None, rankdir=rankdir, color_by=color_by,
                 gradcheck=None, max_nodes=max_nodes, title=title, clusters=clusters, grads=grads,
                 legend=legend, caption=caption, constants=constants, fit=fit, pad=pad, caller="draw_step")


def _draw(root: Value, highlight: Step | None, notation: Notation, *, show_grad: bool | None, rankdir: str,
          color_by: str, gradcheck: GradcheckReport | None, max_nodes: int, title: str | None,
          clusters: Mapping[Value, str] | None, grads: Mapping[Value, float] | None, legend: bool | None,
          caption: bool, constants: str, fit: str | None, pad: bool, caller: str) -> graphviz.Digraph:
    """:func:`draw` and :func:`draw_step`: the graph of ``root``, at ``highlight`` when it is a step."""
    if not isinstance(root, Value):
        raise _not_a_value(root)
    if rankdir not in RANKDIRS:
        raise VizError(f"{caller}: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if color_by not in _COLOR_BY:
        raise VizError(f"{caller}: color_by must be 'none' or 'grad', got {color_by!r}")
    if constants not in CONSTANTS:
        raise VizError(f"{caller}: constants must be 'inline' or 'nodes', got {constants!r}")
    if max_nodes < 1:
        raise VizError(f"{caller}: max_nodes must be at least 1, got {max_nodes}")
    aspect = aspect_of(fit) if fit is not None else None

    order = topological_order(root, only_requiring_grad=False)
    size = _drawn_nodes(order, root, constants)
    if size > max_nodes:
        raise VizError(
            f"{caller}: the graph of {_name(root)} would be {size} nodes (values, ops and constants), "
            f"more than max_nodes={max_nodes}; a drawing that big is unreadable.  Pass max_nodes={size} "
            "to draw it anyway, or draw the layer picture of a model with viz.network(model)")
    ids = _ids(order, root)
    marked = step_ids(highlight, ids) if highlight is not None else None
    if highlight is not None:
        grads, states = _at_step(highlight, grads, caller)
    else:
        states = {v: node_state(v) for v in ids}
    if show_grad is None:
        show_grad = grads is not None or root.grad != 0.0 or root.grad_value is not None
    names = node_names(root, notation=notation, of=highlight.of if highlight is not None else None)
    scene = _Scene(
        notation=notation, w=WORDS(notation.lang), ids=ids, names=names,
        grads=grads, show_grad=show_grad, marked=marked, color_by=color_by, constants=constants,
        checked=_gradcheck_entries(gradcheck, ids), report=gradcheck,
        states={v: states.get(v) or node_state(v) for v in ids},
        tall=aspect is not None and stacked(rankdir), compact=aspect is not None,
    )
    paths = cluster_paths(order, clusters, scene.w)
    nodes: list[tuple[Path, str, dict[str, str]]] = []
    edges: list[tuple[str, str, dict[str, str]]] = []
    for v in ids:
        scene.add(v, paths.get(v, ()), nodes, edges)

    graph_attr = {"rankdir": rankdir, "fontname": "Helvetica", **(COMPACT if aspect is not None else {})}
    g = graphviz.Digraph(name="pizarra", graph_attr=graph_attr,
                         node_attr={"fontname": "Helvetica", "fontsize": "12"},
                         edge_attr={"fontname": "Helvetica"})
    words = highlight.caption(notation=notation) if highlight is not None and caption else None
    of = highlight.trace.of if highlight is not None and highlight.trace is not None else root.label or "L"
    shown = {scene.states[v] for v in ids} if show_grad else set()
    entries = legend_entries(scene.w, of, marked is not None, shown, color_by == "grad", gradcheck is not None)
    line = legend_line(entries) if entries and legend is not False else None
    where = _lines(names.where(notation=notation)) if legend is not False else []
    footer = footer_label(words, line, where=where) if words is not None or line is not None or where else None
    heading = label(html_text(title)) if title is not None else None
    if heading is not None and footer is not None:
        with g.subgraph(name="cluster_title") as frame:  # the title over the nodes, the footer under them
            emit_nodes(frame, nodes)
            frame.attr(id="title", label=heading, labelloc="t", fontsize="16", peripheries="0")
    else:
        emit_nodes(g, nodes)
    # the graph's label is set after every cluster is declared: clusters would inherit it otherwise
    if footer is not None:
        g.attr(label=footer, labelloc="b")
    elif heading is not None:
        g.attr(label=heading, labelloc="t", fontsize="16")
    for tail, head, attrs in edges:
        g.edge(tail, head, **attrs)
    return pad_to(g, aspect) if aspect is not None and pad else g


@dataclass(frozen=True)
class _Scene:
    """Everything one drawing decides once, and how it writes each value node and op node."""

    notation: Notation
    w: Mapping[str, str]
    ids: Mapping[Value, str]
    names: Mapping[Value, str]
    grads: Mapping[Value, float] | None
    show_grad: bool
    marked: StepIds | None
    color_by: str
    constants: str
    checked: Mapping[Value, GradcheckEntry]
    report: GradcheckReport | None
    states: Mapping[Value, NodeState]
    tall: bool
    compact: bool

    def grad_of(self, v: Value) -> float:
        return self.grads.get(v, v.grad) if self.grads is not None else v.grad

    @cached_property
    def grad_scale(self) -> float:
        return max((abs(self.grad_of(v)) for v in self.ids if self.states[v] is NodeState.GRADIENT), default=0.0)

    @cached_property
    def flows(self) -> dict[tuple[Value, int], float]:
        return _contributions(self.ids, self.grad_of) if self.color_by == "grad" else {}

    @cached_property
    def flow_scale(self) -> float:
        return max((abs(c) for c in self.flows.values()), default=0.0)

    def add(self, v: Value, path: Path, nodes: list[tuple[Path, str, dict[str, str]]],
            edges: list[tuple[str, str, dict[str, str]]]) -> None:
        """Append ``v``'s value node and, for a computed value, its op node, constants and edges."""
        vid = self.ids[v]
        nodes.append((path, vid, self.value_node(v, vid)))
        op = v.op
        if op is None:
            return
        oid = op_id(vid)
        op_attrs = {"id": oid, "label": label(op_label(v, self.notation, self.constants)), "shape": "ellipse",
                    "margin": "0.02", **({"width": "0.3", "height": "0.3"} if self.compact else {})}
        to_node = {"id": edge_id(oid, vid)}
        if self.color_by == "grad":
            to_node.update(flow_style(self.grad_of(v), self.grad_scale))
        if self.marked is not None and vid == self.marked.node:
            op_attrs.update(color=HIGHLIGHT_EDGE, penwidth="3")
            to_node.update(color=HIGHLIGHT_EDGE, penwidth="3")
        nodes.append((path, oid, op_attrs))
        edges.append((oid, vid, to_node))
        drawn = drawn_parents(v, self.constants)
        for k in drawn:
            p = v.parents[k]
            if is_constant(p):
                tail = f"{vid}_c{k}"
                nodes.append((path, tail, {"id": tail, "label": label(html_text(self.names[p])),
                                           "shape": "plaintext", "fontsize": "10", "margin": "0"}))
            else:
                tail = self.ids[p]
            attrs = {"id": edge_id(tail, oid, k)}
            if len(drawn) > 1:  # say which parent is which (a, b; x₁, w₂) when several arrows come in
                attrs.update(label=label(html_text(op.param_name(k, len(v.parents)))), fontsize="10",
                             fontcolor="gray35")
            if (v, k) in self.flows:
                attrs.update(flow_style(self.flows[v, k], self.flow_scale))
            if self.marked is not None and attrs["id"] == self.marked.edges[1]:
                attrs.update(color=HIGHLIGHT_EDGE, penwidth="3")
            edges.append((tail, oid, attrs))

    def value_node(self, v: Value, vid: str) -> dict[str, str]:
        """The attributes of ``v``'s box: name, data, gradient as its state says (``grad −4``, ``grad —``
        not reached yet, ``no grad``: :func:`viz.style.grad_text`), gradcheck error."""
        w, number, name = self.w, self.notation.number, self.names[v]
        cells = [cell(name, bold=True) if v.label else cell(name, italic=True, color="gray35"),
                 cell(f"{w['viz_data']} {number(v.data)}")]
        attrs = {"id": vid, "shape": "box", "style": "filled", "margin": "0", "fillcolor": "white"}
        state = self.states[v]
        if self.show_grad:
            text = grad_text(w, state, number(self.grad_of(v)))
            look = state_swatch(w, state)
            cells.append(cell(text, italic=True, color=look.ink) if look.text else cell(text))
            if look.dashed:
                attrs.update(style="filled,dashed", color=look.border)
        if self.color_by == "grad" and state is NodeState.GRADIENT:
            attrs["fillcolor"] = signed_color(self.grad_of(v), self.grad_scale)
        if v in self.checked:
            entry = self.checked[v]
            cells.append(cell(f"{w['viz_gc_error']} {number(entry.abs_error)}"))
            attrs["fillcolor"] = _gradcheck_color(entry, self.report)
        if self.marked is not None and vid == self.marked.node:
            attrs.update(fillcolor=HIGHLIGHT_FILL, color=HIGHLIGHT_EDGE, penwidth="3")
        if self.marked is not None and vid == self.marked.parent:
            attrs.update(color=HIGHLIGHT_EDGE, penwidth="3")
        attrs["label"] = label(column_table(cells, rules=True) if self.tall else row_table(cells))
        return attrs


def _at_step(step: Step, grads: Mapping[Value, float] | None, caller: str
             ) -> tuple[Mapping[Value, float], Mapping[Value, NodeState]]:
    """The gradients right after ``step`` (``grads`` if given) and every node's state then
    (:meth:`~autograd.trace.Trace.state_at`)."""
    trace = step.trace
    if trace is None:
        raise _no_trace(step, caller)
    return (grads if grads is not None else trace.grads_at(step.index)), trace.state_at(step.index)


# --- pieces ---------------------------------------------------------------------------------------

def _no_trace(step: Step, caller: str) -> VizError:
    return VizError(f"{caller}: step {step.index + 1} belongs to no trace, so the graph at that step is "
                    "unknown; draw a step of trace_backward(root)")


def _not_a_value(root: object) -> VizTypeError:
    hint = (" (for a GradcheckReport draw report.output with gradcheck=report)"
            if isinstance(root, GradcheckReport) else " (for an nn model use viz.network(model))")
    return VizTypeError(f"draw: root must be a Value, got {type(root).__name__}{hint}")


def _drawn_nodes(order: Iterable[Value], root: Value, constants: str) -> int:
    """How many DOT nodes :func:`draw` makes: each value, each op, each constant drawn as a node."""
    count = 0
    for v in order:
        if not is_constant(v) or v is root:
            count += 1 if v.op is None else 2 + sum(1 for k in drawn_parents(v, constants)
                                                    if is_constant(v.parents[k]))
    return count


#: The longest line, in characters, of the ``where u₁ = …`` text under a diagram: longer, it breaks between
#: definitions, so it never makes the drawing wider than its graph.
WHERE_LINE = 80


def _lines(where: str | None) -> list[str]:
    """``where u₁ = …; u₂ = …`` in lines of about :data:`WHERE_LINE` characters, broken after a ``;``."""
    if where is None:
        return []
    lines = [""]
    for part in where.split("; "):
        if lines[-1] and len(lines[-1]) + len(part) + 2 > WHERE_LINE:
            lines[-1] += ";"
            lines.append("")
        lines[-1] += f"; {part}" if lines[-1] else part
    return lines


def _name(v: Value) -> str:
    return repr(v.label) if v.label else "the root"


def _gradcheck_entries(report: GradcheckReport | None, ids: Mapping[Value, str]) -> dict[Value, GradcheckEntry]:
    if report is None:
        return {}
    if not isinstance(report, GradcheckReport):
        raise VizTypeError(f"draw: gradcheck must be a GradcheckReport, got {type(report).__name__}")
    found = {v: e for v, e in zip(report.inputs, report.entries) if v in ids}
    if not found:
        raise VizError("draw: none of the gradcheck report's inputs is in this graph; "
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
        if op is None or isinstance(op, HandWritten):  # a node made by hand: its derivative is its closure
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
