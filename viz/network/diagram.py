"""``viz.network``: the classic layer picture of an MLP, as on the course's slides, with one sample's
forward and backward values.

    >>> import viz
    >>> g = viz.network(weights=[[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
    ...                 biases=[[0.1, 0.5, 0.8], [0.7]], activations=["sigmoid", "sigmoid"])
    >>> [line.strip().split(" [")[0] for line in g.source.splitlines() if "id=e_x2_l1_n2" in line]
    ['x2:e -> w_l1_n2:w2:w', 'w_l1_n2:w2:e -> l1_n2:i2:w']

Inputs ``x₁ … xₙ`` on the left, each layer's neurons (its activation's symbol, its bias), one edge per
weight with its value (and ``∂J/∂w``) written on it just before its neuron (the edge runs into the label,
and a short arrow goes on to the neuron: :mod:`viz.network.layout`), blue for positive and red for negative
weights, thicker the larger ``|w|`` within its layer.  Given a sample (``x=``, and its target ``y=``), the
picture runs it through ``nn`` and writes every forward and backward value: ``x`` and ``∂J/∂x`` on the
inputs, ``z``, ``a``, ``b`` and their ``∂J/∂·`` in each neuron, ``ŷ`` and ``J`` at the end.  The notation
is the course's: layer ``l`` has ``W⁽ˡ⁾ ∈ R^{k×n}``, row ``j`` holding neuron ``j``'s weights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import graphviz

from autograd.ops import OPS
from autograd.text import Notation, NotationLike, as_notation

from ..choices import NETWORK_FITS
from ..dot import cell, column_table, html_text, label
from ..errors import VizError, VizTypeError
from ..model import Model
from ..style import NEGATIVE, NEUTRAL, POSITIVE, legend_label, mix
from ..words import WORDS
from .data import Layer, Sample, read_layers, run_sample
from .layout import LABEL_FONT, Layout, column, orientation, with_ports
from .layout import layout as place
from .options import NetworkLayout, NetworkShow, grouped

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EDGE_LABEL_LIMIT", "FITS", "network"]

#: Past this many weights the edges carry no labels (``edge_labels=None``): the values would not be readable.
EDGE_LABEL_LIMIT = 40

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GRAD = "#5e3c99"          # the colour of every ∂J/∂· in the picture
_LOSS_FORMULAS = {"mse": "½(ŷ − y)²"}
_FITS = NETWORK_FITS
#: The frames ``fit=`` takes (width:height), the slide's first.
FITS: tuple[str, ...] = tuple(_FITS)


def network(
    model: Model | Sequence[Any] | None = None,
    *,
    weights: Sequence[Any] | None = None,
    biases: Sequence[Any] | None = None,
    activations: Sequence[str | None] | None = None,
    grads: Sequence[Any] | None = None,
    bias_grads: Sequence[Any] | None = None,
    x: Sequence[Any] | np.ndarray | None = None,
    y: Any = None,
    loss: str | Callable[[Any, Any], Any] = "mse",
    show: NetworkShow | None = None,
    layout: NetworkLayout | None = None,
    title: str | None = None,
    notation: NotationLike = None,
    **old: object,
) -> graphviz.Digraph:
    """Draw an MLP layer by layer (returns a ``graphviz.Digraph``), with one sample's values if given.

        >>> import nn
        >>> net = nn.MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
        ...                           [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"])
        >>> g = network(net, x=[1.8, -3.4], y=5, notation="es")   # J = ½(ŷ − y)²: every forward and backward value
        >>> "J = ½(ŷ − y)² = 10,02" in g.source and "∂J/∂x₁ = 0,04877" in g.source and "capa 1 (sigmoide)" in g.source
        True

    Args:
        model: an ``nn.MLP``, or any :class:`viz.model.Model` (its ``layers``, each with
            ``weight_matrix()`` (``k×n``), ``bias_vector()``, ``grad_matrix()``, ``bias_grad()`` and
            ``activation``; an ``nn`` layer is read through its lists, ``weight_rows()`` …, so no numpy is
            needed); or, instead, the list of weight matrices itself (then ``biases`` etc. go by keyword).
        weights, biases, activations, grads, bias_grads: the same information as plain lists, one
            entry per layer: ``k×n`` matrices, length-``k`` vectors and activation names (``nn``'s;
            ``None`` for a layer whose activation is not given, run as ``linear``).  Every array is
            checked by :mod:`nn.arrays` (numbers only: no bools, strings, NaN or ±inf).
        x: one input sample (``n`` numbers): the picture runs it through a copy of the network with ``nn``
            and writes each input's value and each neuron's ``z`` and ``a``.  The model is not changed.
        y: the sample's target (a number, one per output, or a class index for ``cross_entropy``): the
            picture also computes ``J`` and runs ``backward()`` on the copy.
        loss: a name of :data:`nn.losses.LOSSES` (``"mse"``: ``J = ½(ŷ − y)²``), or a function
            ``(predictions, targets) → Value`` called on this sample as a batch of one.
        show: what to write (a :class:`~viz.network.options.NetworkShow`: weights, gradients, parameter
            names, edge labels, input names, legend); the defaults without it.
        layout: where (a :class:`~viz.network.options.NetworkLayout`: direction, aspect, the most weights).
        title: a caption above the drawing.
        notation: a :class:`~autograd.text.Notation` or a language code (``"es"``): the words and the
            numbers (decimal mark, significant digits).

    The flat keywords ``show_weights``, ``show_grads``, ``parameter_names``, ``edge_labels``, ``input_names``,
    ``legend``, ``rankdir``, ``fit``, ``max_edges`` (now ``show=``/``layout=``) and ``lang``, ``decimal``,
    ``precision`` (now ``notation=``) still work for one release, with a DeprecationWarning.
    """
    show, layout = grouped(show, layout, old)
    nota = as_notation(notation, old, where="network")
    w = WORDS(nota.lang)
    show_weights, show_grads, parameter_names = show.weights, show.grads, show.parameter_names
    edge_labels, input_names, legend = show.edge_labels, show.input_names, show.legend
    rankdir, fit, max_edges = layout.rankdir, layout.fit, layout.max_edges
    from nn.arrays import is_array

    if isinstance(model, Sequence) or is_array(model):
        if weights is not None:
            raise VizTypeError("network: pass the weight matrices either positionally or as weights=, not both")
        model, weights = None, model
    if y is not None and x is None:
        raise VizError("network: a target y= needs its input sample x=")
    if y is not None and (grads is not None or bias_grads is not None):
        raise VizError("network: with a sample and its target (x=, y=) the gradients are the sample's; "
                       "do not also pass grads= or bias_grads=")
    if fit is not None and fit not in _FITS:
        raise VizError(f"network: fit must be one of {', '.join(_FITS)} or None, got {fit!r}")
    grads_shown = (y is not None) if show_grads is None else show_grads
    layers = read_layers(model, weights, biases, activations, grads, bias_grads, grads_shown and y is None)
    n_inputs = layers[0].nin
    total = sum(layer.nout * layer.nin for layer in layers)
    if total > max_edges:
        raise VizError(f"network: {total} weights are too many to draw readably (max_edges={max_edges}); "
                       f"pass max_edges={total} to draw them anyway")
    names = ([str(name) for name in input_names] if input_names is not None
             else [f"x{str(i + 1).translate(_SUBSCRIPT)}" for i in range(n_inputs)])
    if len(names) != n_inputs:
        raise VizError(f"network: {len(names)} input names for {n_inputs} inputs")
    sample = None
    if x is not None:
        sample, layers = run_sample(layers, x, y, loss)
    labelled = show_weights and (total <= EDGE_LABEL_LIMIT if edge_labels is None else edge_labels)
    picture = _Picture(nota, layers, sample, grads_shown, show_weights, parameter_names)
    sizes = [n_inputs, *(layer.nout for layer in layers)]
    texts = [picture.weight_text(li, j, i) for li, layer in enumerate(layers, start=1)
             for j in range(layer.nout) for i in range(layer.nin)] if labelled else None
    where = place(rankdir or orientation(sizes, sample is not None), texts)

    g = graphviz.Digraph(name="network", graph_attr={"rankdir": where.rankdir, "nodesep": "0.3",
                                                      "ranksep": f"{where.ranksep:.2f}", "fontname": "Helvetica",
                                                      "splines": "line",
                                                      "outputorder": "edgesfirst"},
                         node_attr={"fontname": "Helvetica", "fontsize": "14", "style": "filled",
                                    "fillcolor": "white"},
                         edge_attr={"fontname": "Helvetica", "arrowsize": "0.6"})
    if fit is not None:
        g.attr(ratio=f"{1 / _FITS[fit]:.4f}")
    if title is not None:
        g.attr(label=label(html_text(title)), labelloc="t", fontsize="16")

    previous = [f"x{i + 1}" for i in range(n_inputs)]
    column(g, "cluster_inputs", w["viz_inputs"],
           [(nid, picture.input_node(i, name)) for i, (nid, name) in enumerate(zip(previous, names))], where)
    for li, layer in enumerate(layers, start=1):
        current = [f"l{li}_n{j + 1}" for j in range(layer.nout)]
        act = f" ({w['viz_act_' + layer.activation]})" if layer.activation else ""
        labels = [(f"w_{nid}", where.weight_labels([picture.weight_table(li, j, i) for i in range(len(previous))]))
                  for j, nid in enumerate(current)] if where.gap is not None else []
        column(g, f"cluster_layer{li}", w["viz_layer"].format(l=li) + act,
               [(nid, picture.neuron_node(li, j, where)) for j, nid in enumerate(current)], where, labels)
        for j, nid in enumerate(current):
            for i, source in enumerate(previous):
                eid, style = f"e_{source}_{nid}", picture.weight_edge(li, j, i)
                if where.gap is None:
                    g.edge(source, nid, id=eid, **style)
                    continue
                # through the weight's label: the edge ends at its side, a short arrow goes on to the neuron
                g.edge(where.tail(source), where.into_label(f"w_{nid}", i), id=eid, arrowhead="none", minlen="2",
                       **style)
                g.edge(where.out_of_label(f"w_{nid}", i), where.head(nid, i), id=f"{eid}_head", weight="8", **style)
        previous = current
    key = _legend(w, total, labelled, grads_shown and layers[0].weight_grads is not None) if legend else None
    _outputs(g, picture, previous, loss, key)
    return g


class _Picture:
    """The text and style of each node and edge of one picture (its notation, layers and sample)."""

    def __init__(self, notation: Notation, layers: Sequence[Layer], sample: Sample | None, grads: bool,
                 show_weights: bool, parameter_names: bool) -> None:
        self.notation, self.layers, self.sample = notation, layers, sample
        self.grads, self.show_weights, self.parameter_names = grads, show_weights, parameter_names

    def number(self, value: float) -> str:
        return self.notation.number(value)

    def rows(self, rows: Sequence[tuple[str, float, float | None]], heading: str = "") -> str:
        """Lines of text under ``heading`` (in bold, when given): each ``name = value``, then each
        ``∂J/∂name = grad`` there is, in the gradient colour.  Lines, not a table: a node taller than its
        text (ports) keeps the lines together.  One column keeps a neuron narrow, so that a network drawn
        left to right keeps a slide's proportions."""
        lines = [html_text(f"{name} = {self.number(value)}") for name, value, _ in rows]
        lines += [f'<FONT COLOR="{_GRAD}">{html_text(f"∂J/∂{name} = {self.number(grad)}")}</FONT>'
                  for name, _, grad in rows if grad is not None]
        return (f"<B>{html_text(heading)}</B><BR/>" if heading else "") + "".join(f'{line}<BR ALIGN="LEFT"/>'
                                                                                  for line in lines)

    def input_node(self, i: int, name: str) -> dict[str, str]:
        if self.sample is None:
            return {"label": label(html_text(name)), "shape": "circle"}
        dx = self.sample.dx[i] if self.grads and self.sample.dx is not None else None
        return {"label": label(self.rows([(name, self.sample.x[i], dx)])), "shape": "box", "style": "rounded,filled",
                "margin": "0.05"}

    def neuron_node(self, li: int, j: int, where: Layout) -> dict[str, str]:
        """Neuron ``j`` of layer ``li``: its symbol, ``b`` (and ``z``, ``a`` with a sample), each with its
        ``∂J/∂·`` when drawn, and a port per incoming edge when they are labelled (:func:`with_ports`); a
        circle when it shows neither values of a sample nor ports."""
        layer = self.layers[li - 1]
        symbol = html_text(_symbol(layer.activation))
        bias_grad = layer.bias_grads[j] if self.grads and layer.bias_grads is not None else None
        bias = self.bias_name(li, j)
        rows: list[tuple[str, float, float | None]] = []
        if self.show_weights:
            rows.append((bias, layer.biases[j], bias_grad))
        s = self.sample
        if s is not None:
            dz = s.dz[li - 1][j] if self.grads and s.dz is not None else None
            da = s.da[li - 1][j] if self.grads and s.da is not None else None
            rows += [("z", s.z[li - 1][j], dz), ("a", s.a[li - 1][j], da)]
        if s is None and where.gap is None:
            lines = [symbol, *(_small(f"{name} = {self.number(value)}") for name, value, _ in rows)]
            if bias_grad is not None:
                lines.append(_small(f"∂J/∂{bias} = " + self.number(bias_grad)))
            return {"label": label("<BR/>".join(lines)), "shape": "circle", "margin": "0.02"}
        content = with_ports(self.rows(rows, _symbol(layer.activation)), layer.nin, where)
        return {"label": label(content), "shape": "box", "style": "rounded,filled",
                "margin": "0.08,0.04" if where.gap is None else "0"}

    def bias_name(self, li: int, j: int) -> str:
        if not self.parameter_names:
            return "b"
        from nn.labels import bias_label

        return bias_label(li, j + 1)

    def weight_text(self, li: int, j: int, i: int) -> list[tuple[str, str]]:
        """The lines written on edge ``i → j`` of layer ``li``, each with its colour: the weight
        (named ``W1[2,1] = …`` with ``parameter_names``) and, when drawn, its gradient ``∂ …``."""
        layer = self.layers[li - 1]
        wij = layer.weights[j][i]
        text = self.number(wij)
        if self.parameter_names:
            from nn.labels import weight_label

            text = f"{weight_label(li, j + 1, i + 1)} = {text}"
        lines = [(text, _ink(wij))]
        if self.grads and layer.weight_grads is not None:
            lines.append(("∂ " + self.number(layer.weight_grads[j][i]), _GRAD))
        return lines

    def weight_edge(self, li: int, j: int, i: int) -> dict[str, str]:
        """Edge ``i → j`` of layer ``li``: its colour and width, by the weight."""
        layer = self.layers[li - 1]
        scale = max(abs(v) for row in layer.weights for v in row)
        return _weight_style(layer.weights[j][i], scale)

    def weight_table(self, li: int, j: int, i: int) -> str:
        """The label of edge ``i → j`` of layer ``li``: :meth:`weight_text` on white, in the labels' font."""
        cells = [cell(text, color=color) for text, color in self.weight_text(li, j, i)]
        return f'<FONT POINT-SIZE="{LABEL_FONT}">{column_table(cells, bgcolor="white")}</FONT>'


def _outputs(g: graphviz.Digraph, picture: _Picture, last: Sequence[str], loss: object,
             legend: str | None) -> None:
    """The output nodes ``ŷ`` (with their values when there is a sample), the loss ``J`` (with a target) and
    the ``legend`` (a label, if any), in the last column: no edge passes there.  With several outputs ``J``
    gets a column of its own."""
    s = picture.sample
    loss_label = _loss_label(picture, loss)
    together = loss_label is not None and len(last) == 1
    outputs = [f"y{j + 1}" for j in range(len(last))]
    with g.subgraph(name="outputs") as sub:
        sub.attr(rank="same")
        for j, yid in enumerate(outputs):
            name = f"ŷ{str(j + 1).translate(_SUBSCRIPT)}"
            text = name if s is None else f"{name} = {picture.number(s.a[-1][j])}"
            sub.node(yid, label=label(html_text(text)), shape="plaintext", id=yid)
        if loss_label is not None:
            (sub if together else g).node("loss", label=loss_label, shape="box", style="rounded,filled,bold",
                                          id="loss")
        if legend is not None:
            sub.node("legend", label=legend, shape="plaintext", id="legend")
            sub.edge("loss" if together else outputs[-1], "legend", style="invis")
    for nid, yid in zip(last, outputs):
        g.edge(nid, yid, id=f"e_{nid}_{yid}")
        if loss_label is not None:
            g.edge(yid, "loss", id=f"e_{yid}_loss")


def _loss_label(picture: _Picture, loss: object) -> str | None:
    """``J = ½(ŷ − y)² = 10,02`` over ``y = 5`` (the loss's name when it has no formula here); None without
    a target."""
    s = picture.sample
    if s is None or s.loss is None or s.y is None:
        return None
    head = "J"
    if isinstance(loss, str):
        head = f"J = {_LOSS_FORMULAS[loss]}" if loss in _LOSS_FORMULAS else f"J ({loss})"
    target = "y = " + "; ".join(picture.number(v) for v in s.y)
    return label(html_text(f"{head} = {picture.number(s.loss)}\n{target}"))


def _legend(w: dict[str, str], total: int, labelled: bool, grads: bool) -> str:
    """The legend's label: the weights' colours, and what the edges say (or that they say nothing)."""
    entries = [(POSITIVE, w["viz_weight_pos"]), (NEGATIVE, w["viz_weight_neg"])]
    if labelled:
        entries.append(("#ffffff", w["viz_edge_weight_grad" if grads else "viz_edge_weight"]))
    else:
        entries.append(("#ffffff", w["viz_edges_unlabelled"].format(n=total, limit=EDGE_LABEL_LIMIT)))
    return legend_label(w["viz_legend"], entries)


def _small(text: str) -> str:
    """``text`` (escaped here) in the small font of the numbers under a neuron."""
    return f'<FONT POINT-SIZE="12">{html_text(text)}</FONT>'


def _symbol(activation: str) -> str:
    """What a neuron shows: the op table's symbol for its activation (``σ``, ``ReLU``, ``tanh``), ``Σ`` for a
    linear one (or none given), and the name itself for ``softmax`` (a layer's, not an op)."""
    if activation in ("", "linear"):
        return "Σ"
    op = OPS.get(activation)
    return op.symbol if op is not None else activation


def _ink(x: float) -> str:
    """The text colour of a weight's value: a dark shade of its edge's colour."""
    return NEUTRAL if x == 0.0 else mix(POSITIVE if x > 0 else NEGATIVE, 0.85, base="#000000")


def _weight_style(x: float, scale: float) -> dict[str, str]:
    if x == 0.0 or scale <= 0.0:
        return {"color": NEUTRAL, "penwidth": "0.6"}
    t = min(abs(x) / scale, 1.0)
    return {"color": mix(POSITIVE if x > 0 else NEGATIVE, 0.3 + 0.7 * t), "penwidth": f"{0.6 + 2.4 * t:.2f}"}
