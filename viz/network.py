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
from autograd.text import format_number

from .dot import html_text, label
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
    model: Any = None,
    show_weights: bool = True,
    show_grads: bool = False,
    precision: int = 2,
    lang: str = "en",
    decimal: str = ".",
    *,
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
        model: an object with ``.layers``, each with ``weight_matrix()`` (``k×n``), ``bias_vector()``,
            ``grad_matrix()``, ``bias_grad()`` and ``activation`` (an ``nn.MLP``); or, instead, the
            list of weight matrices itself (then ``biases`` etc. go by keyword).
        show_weights: write each weight on its edge and each bias under its neuron.
        show_grads: also write ``∂L/∂w`` and ``∂L/∂b`` (from the model, or ``grads``/``bias_grads``).
        precision, decimal: significant digits and decimal mark (``","``) of the numbers.
        lang: ``"en"`` or ``"es"``.
        weights, biases, activations, grads, bias_grads: the same information as plain lists, one
            entry per layer: ``k×n`` matrices, length-``k`` vectors and activation names.
        input_names: names of the inputs (default ``x₁ … xₙ``).
        rankdir: ``"LR"`` (default) or ``"TB"`` and friends.
        max_edges: refuse (ValueError) to draw more weights than this.
        legend: add the colour legend.
        title: a caption above the drawing.
    """
    w = WORDS(lang)
    format_number(1.0, precision, decimal)  # validates precision and decimal
    if model is not None and not hasattr(model, "layers"):
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

    def num(x: float) -> str:
        return format_number(float(x), precision, decimal)

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
                    lines.append(f'<FONT POINT-SIZE="9">{html_text("b = " + num(layer.biases[j]))}</FONT>')
                if show_grads and layer.bias_grads is not None:
                    lines.append(f'<FONT POINT-SIZE="9">{html_text("∂b = " + num(layer.bias_grads[j]))}</FONT>')
                sub.node(nid, label=label("<BR/>".join(lines)), shape="circle", id=nid, margin="0.02")
        scale = float(np.max(np.abs(layer.weights))) if layer.weights.size else 0.0
        for j in range(k):
            for i in range(n):
                wij = float(layer.weights[j, i])
                attrs = {"id": f"e_{previous[i]}_{current[j]}", **_weight_style(wij, scale)}
                if show_weights or show_grads:
                    parts = [num(wij)] if show_weights else []
                    if show_grads and layer.weight_grads is not None:
                        parts.append("∂ " + num(layer.weight_grads[j, i]))
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


def _symbol(activation: str) -> str:
    """What a neuron shows: the op table's symbol for its activation (``σ``, ``ReLU``, ``tanh``)."""
    if activation in ("", "linear", "identity", "none"):
        return "Σ"
    op = OPS.get(activation)
    return op.symbol if op is not None else activation


def _weight_style(x: float, scale: float) -> dict[str, str]:
    if x == 0.0 or scale <= 0.0:
        return {"color": NEUTRAL, "penwidth": "0.6"}
    t = min(abs(x) / scale, 1.0)
    return {"color": mix(POSITIVE if x > 0 else NEGATIVE, 0.3 + 0.7 * t), "penwidth": f"{0.6 + 2.4 * t:.2f}"}


def _activation_name(activation: Any) -> str:
    if activation is None:
        return ""
    if isinstance(activation, str):
        return activation
    return str(getattr(activation, "name", None) or getattr(activation, "__name__", None) or activation)


def _matrix(x: Any, what: str) -> np.ndarray:
    try:
        m = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"network: {what} must be a matrix of numbers ({error})") from None
    if m.ndim != 2:
        raise ValueError(f"network: {what} must be a k×n matrix, got shape {m.shape}")
    return m


def _vector(x: Any, size: int, what: str) -> np.ndarray:
    try:
        v = np.asarray(x, dtype=float).reshape(-1)
    except (TypeError, ValueError) as error:
        raise ValueError(f"network: {what} must be a vector of numbers ({error})") from None
    if v.size != size:
        raise ValueError(f"network: {what} has {v.size} entries, the layer has {size} neurons")
    return v


def _from_model(model: Any, show_grads: bool) -> list[_Layer]:
    layers = []
    for li, layer in enumerate(model.layers, start=1):
        for method in ("weight_matrix", "bias_vector", "grad_matrix", "bias_grad"):
            if not callable(getattr(layer, method, None)):
                raise TypeError(f"network: layer {li} of the model has no {method}() method")
        W = _matrix(layer.weight_matrix(), f"layer {li}'s weight_matrix()")
        b = _vector(layer.bias_vector(), W.shape[0], f"layer {li}'s bias_vector()")
        gW = gb = None
        if show_grads:
            gW = _matrix(layer.grad_matrix(), f"layer {li}'s grad_matrix()")
            gb = _vector(layer.bias_grad(), W.shape[0], f"layer {li}'s bias_grad()")
        layers.append(_Layer(W, b, _activation_name(getattr(layer, "activation", None)), gW, gb))
    if not layers:
        raise ValueError("network: the model has no layers")
    return layers


def _from_lists(weights: Sequence[Any] | None, biases: Sequence[Any] | None,
                activations: Sequence[str | None] | None, grads: Sequence[Any] | None,
                bias_grads: Sequence[Any] | None, show_grads: bool) -> list[_Layer]:
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
    for li, Wx in enumerate(weights, start=1):
        W = _matrix(Wx, f"weights[{li - 1}]")
        k = W.shape[0]
        b = _vector(biases[li - 1], k, f"biases[{li - 1}]") if biases is not None else np.zeros(k)
        gW = _matrix(grads[li - 1], f"grads[{li - 1}]") if show_grads and grads is not None else None
        if gW is not None and gW.shape != W.shape:
            raise ValueError(f"network: grads[{li - 1}] has shape {gW.shape}, its weights {W.shape}")
        gb = (_vector(bias_grads[li - 1], k, f"bias_grads[{li - 1}]")
              if show_grads and bias_grads is not None else None)
        act = _activation_name(activations[li - 1]) if activations is not None else ""
        layers.append(_Layer(W, b, act, gW, gb))
    return layers


def _check_chain(layers: Sequence[_Layer]) -> None:
    for li in range(1, len(layers)):
        k_prev = layers[li - 1].weights.shape[0]
        n = layers[li].weights.shape[1]
        if n != k_prev:
            raise ValueError(f"network: layer {li + 1} takes {n} inputs but layer {li} has {k_prev} neurons "
                             f"(W{li + 1} must be k×{k_prev})")
