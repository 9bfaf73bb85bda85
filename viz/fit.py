"""Fitting a graph diagram to a slide: ``draw(..., fit="16:9")``.

A computation graph is long and shallow: drawn left to right with wide nodes, the course's ReLU
neuron is seven times wider than tall, and shrunk onto a 16:9 slide its text is 10 px high (a 2-2-1
network's, 7 px).  With ``fit``, :func:`viz.draw` draws compactly (nodes and ranks close together,
small op nodes) and, left to right, with narrow value nodes — name, value and gradient one above the
other — and then sets the graph's ``ratio`` so that the whole picture, labels and margins included,
has the frame's aspect ratio: nodes keep their size, only the space between them grows, so it fills
a slide without being stretched.

Left to right with narrow nodes is the default direction because it won every comparison made
(each drawing padded to 16:9, then scaled onto 1920×1080; the height of 12-point text):

    graph                 LR narrow   TB wide   LR wide   TB narrow
    ReLU neuron              22 px     16 px     19 px      12 px
    2-2-1 net (tanh)         15 px     12 px     12 px       8 px
    notebook 02's 2-3-1      16 px     12 px     12 px       8 px
    a chain of 20 ops         5 px      5 px      4 px       4 px

so ``fit`` lays out once (``rankdir`` still chooses another direction, with wide nodes top to bottom).
"""

from __future__ import annotations

import re

import graphviz

from .errors import VizError
from .layout import rendered

__all__ = ["COMPACT", "aspect_of", "pad_to", "plain_size", "stacked"]

#: Graph attributes of a compact drawing: nodes and ranks close together (inches).
COMPACT = {"nodesep": "0.12", "ranksep": "0.22"}
_ROUNDS = 8  # corrections of the ratio: two or three are usually enough
_PAD = 4.0 / 72.0  # inches: graphviz's default margin around a drawing, on each side


def stacked(rankdir: str) -> bool:
    """Whether a fitted drawing in ``rankdir`` writes a value node's cells one above the other
    (narrow nodes, for left to right or right to left) rather than side by side."""
    return rankdir in ("LR", "RL")


def aspect_of(fit: str) -> float:
    """``"16:9"`` → 16/9: the frame's width over its height (both positive numbers)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*", str(fit))
    if m is None or float(m[1]) <= 0.0 or float(m[2]) <= 0.0:
        raise VizError(f"draw: fit must be a frame's aspect ratio such as '16:9' or '4:3', got {fit!r}")
    return float(m[1]) / float(m[2])


def plain_size(graph: graphviz.Digraph) -> tuple[float, float]:
    """The drawing's width and height (inches, without its margins) as ``dot`` lays it out."""
    first = rendered(graph, "plain").split("\n", 1)[0].split()
    return float(first[2]), float(first[3])


def pad_to(graph: graphviz.Digraph, aspect: float, tolerance: float = 0.005) -> graphviz.Digraph:
    """Set ``graph``'s ``ratio`` so that the whole picture (labels and margins too) is ``aspect`` wide
    per unit of height, within ``tolerance``; returns ``graph``.

    ``dot`` applies ``ratio`` to the layout before it adds the graph's label and margins, so the ratio
    asked for is corrected from the picture measured until the picture itself has the aspect ratio.
    """
    ratio = 1.0 / aspect
    for _ in range(_ROUNDS):
        graph.graph_attr["ratio"] = f"{ratio:.5f}"
        width, height = plain_size(graph)
        actual = (width + 2 * _PAD) / (height + 2 * _PAD)
        if abs(actual / aspect - 1.0) <= tolerance:
            break
        ratio *= actual / aspect
    return graph
