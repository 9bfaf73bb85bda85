"""``viz.network``: the classic layer picture of an MLP, as on the course's slides.

    >>> import viz
    >>> g = viz.network(weights=[[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
    ...                 biases=[[0.1, 0.5, 0.8], [0.7]], activations=["sigmoid", "sigmoid"])
    >>> print([line.strip() for line in g.source.splitlines() if line.strip().startswith("x1 ->")][0])
    x1 -> l1_n1 [label=<0.1> color="#abc5e0" fontsize=9 id=e_x1_l1_n1 penwidth=0.87]

Inputs ``x₁ … xₙ`` on the left, each layer's neurons as circles (its activation inside, its bias
below), one edge per weight labelled with its value (and its gradient with ``show_grads=True``),
blue for positive and red for negative weights, thicker the larger ``|w|`` within its layer.  The
notation is the course's: layer ``l`` has ``W⁽ˡ⁾ ∈ R^{k×n}``, row ``j`` holding neuron ``j``'s weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import graphviz
import numpy as np

from autograd.ops import OPS
from autograd.text import Notation

from .dot import html_text, label
from .model import Model, member
from .style import NEGATIVE, NEUTRAL, POSITIVE, legend_label, mix
from .words import WORDS

__all__ = ["network"]

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class _Layer:
    weights: np.ndarray          # k×n
    biases: np.ndarray           # k
    activation: str
    weight_grads: np.ndarray | None
    bias_grads: np.ndarray | None


def network(
    model: Model | Sequence[Any] | None = None,
    show_weights: bool = True,
    show_grads: bool = False,
    *,
    lang: str = "en",
    decimal: str | None = None,
    precision: int = 4,
    weights: Sequence[Any] | None = None,
    biases: Sequence[Any] | None = None,
    activations: Sequence[str | None] | None = None,
    grads: Sequence[Any] | None = None,
    bias_grads: Sequence[Any] | None = None,
    input_names: Sequence[str] | None = None,
    rankdir: str = "LR",
    max_edges: int = 1000,
    legend: bool = True,
    title: str | None = None,
) -> graphviz.Digraph:
    """Draw an MLP layer by layer (returns a ``graphviz.Digraph``).

    Args:
        model: an ``nn.MLP``, or any :class:`viz.model.Model` (its ``layers``, each with
            ``weight_matrix()`` (``k×n``), ``bias_vector()``, ``grad_matrix()``, ``bias_grad()`` and
            ``activation``); or, instead, the list of weight matrices itself (then ``biases`` etc. go by
            keyword).
        show_weights: write each weight on its edge and each bias under its neuron.
        show_grads: also write ``∂L/∂w`` and ``∂L/∂b`` (from the model, or ``grads``/``bias_grads``).
        lang, decimal, precision: the words (``"en"`` or ``"es"``) and the numbers: decimal mark
            (``lang``'s own unless given: ``"es"`` writes ``0,5``) and significant digits.
        weights, biases, activations, grads, bias_grads: the same information as plain lists, one
            entry per layer: ``k×n`` matrices, length-``k`` vectors and activation names (``nn``'s;
            ``None`` for a layer whose activation is not given).  Every array is checked by
            :mod:`nn.arrays` (numbers only: no bools, strings, NaN or ±inf).
        input_names: names of the inputs (default ``x₁ … xₙ``).
        rankdir: ``"LR"`` (default) or ``"TB"`` and friends.
        max_edges: refuse (ValueError) to draw more weights than this.
        legend: add the colour legend.
        title: a caption above the drawing.
    """
    notation = Notation(lang, decimal, precision)
    w = WORDS(lang)
    if isinstance(model, (Sequence, np.ndarray)):
        if weights is not None:
            raise TypeError("network: pass the weight matrices either positionally or as weights=, not both")
        model, weights = None, model
    layers = _from_model(model, show_grads) if model is not None else _from_lists(
        weights, biases, activations, grads, bias_grads, show_grads)
    _check_chain(layers)
    n_inputs = layers[0].weights.shape[1]
    total = sum(layer.weights.size for layer in layers)
    if total > max_edges:
        raise ValueError(f"network: {total} weights are too many to draw readably (max_edges={max_edges}); "
                         f"pass max_edges={total} to draw them anyway")
    names = ([str(name) for name in input_names] if input_names is not None
             else [f"x{str(i + 1).translate(_SUBSCRIPT)}" for i in range(n_inputs)])
    if len(names) != n_inputs:
        raise ValueError(f"network: {len(names)} input names for {n_inputs} inputs")

    g = graphviz.Digraph(name="network", graph_attr={"rankdir": rankdir, "nodesep": "0.3", "ranksep": "1.6",
                                                      "fontname": "Helvetica"},
                         node_attr={"fontname": "Helvetica", "fontsize": "12"},
                         edge_attr={"fontname": "Helvetica", "arrowsize": "0.6"})
    if title is not None:
        g.attr(label=label(html_text(title)), labelloc="t", fontsize="16")

    with g.subgraph(name="cluster_inputs") as sub:
        sub.attr(id="cluster_inputs", label=label(html_text(w["viz_inputs"])), style="rounded", color="gray60")
        for i, name in enumerate(names):
            sub.node(f"x{i + 1}", label=label(html_text(name)), shape="circle", id=f"x{i + 1}")
    previous = [f"x{i + 1}" for i in range(n_inputs)]

    for li, layer in enumerate(layers, start=1):
        k, n = layer.weights.shape
        current = [f"l{li}_n{j + 1}" for j in range(k)]
        cid = f"cluster_layer{li}"
        with g.subgraph(name=cid) as sub:
            caption = w["viz_layer"].format(l=li) + (f" ({layer.activation})" if layer.activation else "")
            sub.attr(id=cid, label=label(html_text(caption)), style="rounded", color="gray60")
            for j, nid in enumerate(current):
                lines = [html_text(_symbol(layer.activation))]
                if show_weights:
                    lines.append(_small("b = " + notation.number(layer.biases[j])))
                if show_grads and layer.bias_grads is not None:
                    lines.append(_small("∂b = " + notation.number(layer.bias_grads[j])))
                sub.node(nid, label=label("<BR/>".join(lines)), shape="circle", id=nid, margin="0.02")
        scale = float(np.max(np.abs(layer.weights))) if layer.weights.size else 0.0
        for j in range(k):
            for i in range(n):
                wij = float(layer.weights[j, i])
                attrs = {"id": f"e_{previous[i]}_{current[j]}", **_weight_style(wij, scale)}
                if show_weights or show_grads:
                    parts = [notation.number(wij)] if show_weights else []
                    if show_grads and layer.weight_grads is not None:
                        parts.append("∂ " + notation.number(layer.weight_grads[j, i]))
                    attrs.update(label=label(html_text(" / ".join(parts))), fontsize="9")
                g.edge(previous[i], current[j], **attrs)
        previous = current

    with g.subgraph(name="cluster_outputs") as sub:
        sub.attr(id="cluster_outputs", label=label(html_text(w["viz_outputs"])), style="invis")
        for j in range(len(previous)):
            yid = f"y{j + 1}"
            sub.node(yid, label=label(html_text(f"ŷ{str(j + 1).translate(_SUBSCRIPT)}")), shape="plaintext", id=yid)
    for j, nid in enumerate(previous):
        g.edge(nid, f"y{j + 1}", id=f"e_{nid}_y{j + 1}")
    if legend:
        g.node("legend", label=legend_label(w["viz_legend"], [(POSITIVE, w["viz_weight_pos"]),
                                                              (NEGATIVE, w["viz_weight_neg"])]),
               shape="plaintext", id="legend")
    return g


def _small(text: str) -> str:
    """``text`` (escaped here) in the small font of the numbers under a neuron."""
    return f'<FONT POINT-SIZE="9">{html_text(text)}</FONT>'


def _symbol(activation: str) -> str:
    """What a neuron shows: the op table's symbol for its activation (``σ``, ``ReLU``, ``tanh``), ``Σ`` for a
    linear one (or none given), and the name itself for ``softmax`` (a layer's, not an op)."""
    if activation in ("", "linear"):
        return "Σ"
    op = OPS.get(activation)
    return op.symbol if op is not None else activation


def _weight_style(x: float, scale: float) -> dict[str, str]:
    if x == 0.0 or scale <= 0.0:
        return {"color": NEUTRAL, "penwidth": "0.6"}
    t = min(abs(x) / scale, 1.0)
    return {"color": mix(POSITIVE if x > 0 else NEGATIVE, 0.3 + 0.7 * t), "penwidth": f"{0.6 + 2.4 * t:.2f}"}


def _activation(name: str | None, what: str) -> str:
    """An activation name checked against ``nn``'s (``None``, not given, is drawn as ``""``)."""
    if name is None:
        return ""
    from nn.activations import check

    return check(name, f"network: {what}")


def _from_model(model: Model, show_grads: bool) -> list[_Layer]:
    from nn.arrays import as_matrix, as_vector

    layers = []
    for li, layer in enumerate(member(model, "layers", "network: the model"), start=1):
        where = f"network: layer {li} of the model"
        W = as_matrix(member(layer, "weight_matrix", where, call=True), f"{where}: weight_matrix()")
        k, n = W.shape
        b = as_vector(member(layer, "bias_vector", where, call=True), f"{where}: bias_vector()", length=k)
        gW = gb = None
        if show_grads:
            gW = as_matrix(member(layer, "grad_matrix", where, call=True), f"{where}: grad_matrix()", rows=k, cols=n)
            gb = as_vector(member(layer, "bias_grad", where, call=True), f"{where}: bias_grad()", length=k)
        layers.append(_Layer(W, b, _activation(member(layer, "activation", where), f"layer {li}"), gW, gb))
    if not layers:
        raise ValueError("network: the model has no layers")
    return layers


def _from_lists(weights: Sequence[Any] | None, biases: Sequence[Any] | None,
                activations: Sequence[str | None] | None, grads: Sequence[Any] | None,
                bias_grads: Sequence[Any] | None, show_grads: bool) -> list[_Layer]:
    from nn.arrays import as_matrix, as_vector

    if weights is None or len(weights) == 0:
        raise ValueError("network: give a model, or weights=[W1, W2, …] (one k×n matrix per layer)")
    count = len(weights)
    for what, seq in (("biases", biases), ("activations", activations), ("grads", grads),
                      ("bias_grads", bias_grads)):
        if seq is not None and len(seq) != count:
            raise ValueError(f"network: {len(seq)} {what} for {count} layers of weights")
    if show_grads and grads is None and bias_grads is None:
        raise ValueError("network: show_grads=True needs grads=[dW1, …] (and bias_grads=) or a model")
    layers = []
    for i, Wx in enumerate(weights):
        W = as_matrix(Wx, f"network: weights[{i}]")
        k, n = W.shape
        b = as_vector(biases[i], f"network: biases[{i}]", length=k) if biases is not None else np.zeros(k)
        gW = (as_matrix(grads[i], f"network: grads[{i}]", rows=k, cols=n)
              if show_grads and grads is not None else None)
        gb = (as_vector(bias_grads[i], f"network: bias_grads[{i}]", length=k)
              if show_grads and bias_grads is not None else None)
        act = _activation(activations[i], f"activations[{i}]") if activations is not None else ""
        layers.append(_Layer(W, b, act, gW, gb))
    return layers


def _check_chain(layers: Sequence[_Layer]) -> None:
    for li in range(1, len(layers)):
        k_prev = layers[li - 1].weights.shape[0]
        n = layers[li].weights.shape[1]
        if n != k_prev:
            raise ValueError(f"network: layer {li + 1} takes {n} inputs but layer {li} has {k_prev} neurons "
                             f"(W{li + 1} must be k×{k_prev})")
