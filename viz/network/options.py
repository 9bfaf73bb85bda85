"""What a network picture shows and how it is laid out: :func:`viz.network`'s ``show=`` and ``layout=``.

    >>> from viz.network import NetworkLayout, NetworkShow
    >>> NetworkShow(grads=True).weights, NetworkLayout(rankdir="TB").fit
    (True, '16:9')

Two small frozen records instead of nine flat keywords, so ``network``'s own signature says what is
drawn (the model, a sample) and these say how.  The flat keywords (``show_grads=True``, ``rankdir="TB"``, …)
still work for one release, with a DeprecationWarning: :func:`grouped` reads them.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import VizTypeError

__all__ = ["NetworkLayout", "NetworkShow", "grouped"]


@dataclass(frozen=True)
class NetworkShow:
    """What the picture writes.

    Args:
        weights: write each weight on its edge, before its neuron, and each bias in its neuron.
        grads: also write ``∂J/∂w`` and ``∂J/∂b`` (and, with a sample, ``∂J/∂x``, ``∂J/∂z``, ``∂J/∂a``).
            They are the sample's when ``y`` is given, else the model's (or ``grads``/``bias_grads``).
            None (default): True when ``y`` is given, else False.
        parameter_names: name the parameters as ``nn.labels`` does (``W1[2,1] = -0.3``, ``b1[2] = 0.5``).
        edge_labels: write each weight at its edge: None (default) when there are at most
            :data:`viz.network.EDGE_LABEL_LIMIT` weights (the legend says when they are left out), True or
            False always.
        input_names: names of the inputs (default ``x₁ … xₙ``).
        legend: add the legend (weight colours, what an edge's label says).
    """

    weights: bool = True
    grads: bool | None = None
    parameter_names: bool = False
    edge_labels: bool | None = None
    input_names: Sequence[str] | None = None
    legend: bool = True


@dataclass(frozen=True)
class NetworkLayout:
    """Where the picture puts things.

    Args:
        rankdir: ``"LR"`` (layers left to right) or ``"TB"`` (top to bottom); None (default): ``"LR"``
            unless that drawing would be taller than wide (``MLP(2, [16, 16, 1])`` is drawn ``"TB"``).
        fit: the drawing's aspect, width:height — ``"16:9"`` (default, a slide), ``"4:3"`` or ``"2:1"`` —
            reached by spreading the layout (graphviz's ``ratio``); None keeps graphviz's own.
        max_edges: refuse (ValueError) to draw more weights than this.
    """

    rankdir: str | None = None
    fit: str | None = "16:9"
    max_edges: int = 1000


#: The deprecated flat keywords of :func:`viz.network`, each with the field it became.
SHOW_KEYWORDS = {"show_weights": "weights", "show_grads": "grads", "parameter_names": "parameter_names",
                 "edge_labels": "edge_labels", "input_names": "input_names", "legend": "legend"}
LAYOUT_KEYWORDS = {"rankdir": "rankdir", "fit": "fit", "max_edges": "max_edges"}


def grouped(show: NetworkShow | None, layout: NetworkLayout | None, old: MutableMapping[str, object],
            where: str = "network") -> tuple[NetworkShow, NetworkLayout]:
    """``show`` and ``layout``, or their defaults, with the deprecated flat keywords taken out of ``old``.

    A flat keyword (``show_grads=True``) warns (DeprecationWarning, pointing at the caller of ``where``) and
    sets its field; giving it together with the record it belongs to is a TypeError.  Keywords of neither
    record stay in ``old``.
    """
    for given, kind in ((show, NetworkShow), (layout, NetworkLayout)):
        if given is not None and not isinstance(given, kind):
            raise VizTypeError(f"{where}(): {'show' if kind is NetworkShow else 'layout'}= must be a {kind.__name__}, "
                               f"got {type(given).__name__}")
    named = [key for key in old if key in SHOW_KEYWORDS or key in LAYOUT_KEYWORDS]
    flat_show: dict[str, Any] = {SHOW_KEYWORDS[key]: old.pop(key) for key in named if key in SHOW_KEYWORDS}
    flat_layout: dict[str, Any] = {LAYOUT_KEYWORDS[key]: old.pop(key) for key in named if key in LAYOUT_KEYWORDS}
    for flat, given, record in ((flat_show, show, "show=NetworkShow(...)"),
                                (flat_layout, layout, "layout=NetworkLayout(...)")):
        if flat and given is not None:
            raise VizTypeError(f"{where}(): give {record} or the old keywords it replaces, not both")
    if named:
        warnings.warn(f"{where}(): the keywords {', '.join(f'{key}=' for key in named)} are deprecated and go in "
                      "the next release; pass show=NetworkShow(...) and layout=NetworkLayout(...)",
                      DeprecationWarning, stacklevel=3)
    return (dataclasses.replace(show or NetworkShow(), **flat_show),
            dataclasses.replace(layout or NetworkLayout(), **flat_layout))
