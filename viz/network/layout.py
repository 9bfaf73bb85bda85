"""Where things go in :func:`viz.network`'s picture: which way the layers run, the room the weights' labels
need, one port per incoming edge of a neuron, and each layer's nodes in order.

A weight's label sits on its edge, in a column (a row, for layers top to bottom) just before its layer's
neurons and inside the layer's box: each neuron's labels are one node, a cell per input in the order of
the neuron's ports.  The edge from the previous layer ends at its label's side, and a short arrow goes on
from the label to a port of its own on the neuron, so the short arrows never cross.  The edges between two
layers cross each other only before the labels' column: no label sits on a crossing, and no layer's
border runs behind a label (it passes before the column).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import graphviz

from ..dot import html_text, label
from ..errors import VizError

__all__ = ["LABEL_FONT", "SIDES", "Layout", "column", "layout", "orientation", "with_ports"]

#: The side of a weight's label its edge leaves from, towards the neuron, for each direction of the layers.
_OUT_SIDES = {"LR": "e", "RL": "w", "TB": "s", "BT": "n"}

#: Points: the font of the weights' labels on the edges.
LABEL_FONT = 13
#: The side of a neuron its incoming edges end on, for each direction of the layers.
SIDES = {"LR": "w", "RL": "e", "TB": "n", "BT": "s"}

Lines = Sequence[tuple[str, str]]   # a label's lines, each (text, colour)


def text_height(lines: Lines) -> float:
    """About how tall, in points, ``lines`` are in the edge labels' font."""
    return len(lines) * 1.25 * LABEL_FONT


def text_width(lines: Lines) -> float:
    """About how wide, in points, the widest of ``lines`` is in the edge labels' font."""
    return 0.6 * LABEL_FONT * max(len(text) for text, _ in lines)


@dataclass(frozen=True)
class Layout:
    """The direction of the layers (``rankdir``), the room between two ranks (``ranksep``, inches) and, when
    the edges are labelled, the room between the heads of two edges into one neuron (``gap``, points), and
    between two of its weights' labels."""

    rankdir: str
    ranksep: float
    gap: int | None

    @property
    def rows(self) -> bool:
        """Each layer is a row (``TB``, ``BT``), rather than a column."""
        return self.rankdir in ("TB", "BT")

    def head(self, node: str, i: int) -> str:
        """Where the edge from input ``i`` (0-based) of ``node`` ends: its own port when labelled."""
        return node if self.gap is None else f"{node}:i{i + 1}:{SIDES[self.rankdir]}"

    def tail(self, node: str) -> str:
        """Where an edge into the next layer's labels leaves ``node``: the middle of its far side, so that it
        never starts across the caption beside the node (layers as rows)."""
        return f"{node}:{_OUT_SIDES[self.rankdir]}"

    def into_label(self, group: str, i: int) -> str:
        """Where the edge from input ``i`` (0-based) ends at its neuron's labels ``group``: that label's near side."""
        return f"{group}:w{i + 1}:{SIDES[self.rankdir]}"

    def out_of_label(self, group: str, i: int) -> str:
        """Where the short arrow from input ``i``'s label in ``group`` to the neuron starts: its far side."""
        return f"{group}:w{i + 1}:{_OUT_SIDES[self.rankdir]}"

    def weight_labels(self, labels: Sequence[str]) -> dict[str, str]:
        """The node of one neuron's weight labels: each table of ``labels`` a cell (port ``w1``, ``w2`` …),
        stacked as the neuron's ports are and ``gap`` apart like them, so that each short arrow runs straight
        to its port and none crosses another.  No shape and no fill of its own: its sides are the labels'."""
        if self.gap is None:
            raise VizError("network: weight labels need a layout for labelled edges")
        size = f'HEIGHT="{self.gap}"' if not self.rows else f'WIDTH="{self.gap}"'
        cells = [f'<TD PORT="w{n + 1}" {size}>{table}</TD>' for n, table in enumerate(labels)]
        rows = "".join(f"<TR>{c}</TR>" for c in cells) if not self.rows else "<TR>" + "".join(cells) + "</TR>"
        return {"label": label(f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">{rows}</TABLE>'),
                "shape": "plain", "style": "solid"}


def orientation(sizes: Sequence[int], values: bool) -> str:
    """``"LR"``, the course's layers left to right, unless that drawing would be taller than wide (a layer
    much wider than the network is deep, such as ``MLP(2, [16, 16, 1])``): then ``"TB"``.

    ``sizes`` are the inputs and each layer's neurons; ``values``: the neurons hold a sample's values (seven lines).
    A rough estimate, in inches: the aspect itself is then set by graphviz's ``ratio``.
    """
    node_w, node_h = (1.4, 1.5) if values else (0.8, 0.8)
    ranks = len(sizes) + 1  # and the outputs
    widest = max(sizes)
    return "LR" if ranks * node_w + (ranks - 1) * 1.6 >= widest * node_h + (widest - 1) * 0.3 else "TB"


def layout(rankdir: str, labels: Sequence[Lines] | None) -> Layout:
    """The :class:`Layout` for layers running ``rankdir`` with these edge ``labels`` (None: unlabelled)."""
    if rankdir not in SIDES:
        raise VizError(f"network: rankdir must be one of {', '.join(SIDES)} or None, got {rankdir!r}")
    if not labels:
        return Layout(rankdir, 1.4, None)
    rows = rankdir in ("TB", "BT")
    wide = max(text_width(lines) for lines in labels)
    tall = max(text_height(lines) for lines in labels)
    # three ranks per layer: the edges from the previous layer, which cross, span two (minlen=2), and the
    # short arrows from the labels to their neurons one; rows need more, or the long fans run nearly flat
    return Layout(rankdir, 0.7 if rows else 0.6, round((wide if rows else tall) + 6))


def with_ports(content: str, count: int, where: Layout) -> str:
    """``content`` (a table) with ``count`` empty cells ``i1 … i{count}`` on its input side, a port each,
    ``where.gap`` points apart (``content`` as it is when the edges are unlabelled).  The ports are the
    table's very edge (draw the node with no margin) and the content has a padding of its own."""
    if where.gap is None:
        return content
    stacked = not where.rows  # layers left to right: the ports are stacked on the neuron's side
    size = ("1", str(where.gap)) if stacked else (str(where.gap), "1")
    cells = [f'<TD PORT="i{n + 1}" WIDTH="{size[0]}" HEIGHT="{size[1]}"></TD>' for n in range(count)]
    ports = ('<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
             + ("".join(f"<TR>{c}</TR>" for c in cells) if stacked else "<TR>" + "".join(cells) + "</TR>")
             + "</TABLE>")
    ports, content = f"<TD>{ports}</TD>", f'<TD CELLPADDING="8">{content}</TD>'
    first, second = (ports, content) if where.rankdir in ("LR", "TB") else (content, ports)
    joint = "" if stacked else "</TR><TR>"
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{first}{joint}{second}</TR></TABLE>'


def column(g: graphviz.Digraph, cid: str, caption: str, nodes: Sequence[tuple[str, dict[str, str]]],
           where: Layout, labels: Sequence[tuple[str, dict[str, str]]] = ()) -> None:
    """One layer's cluster ``cid``: its caption and its nodes in one rank, in order (the first on top, or on
    the left), kept so by invisible edges between neighbours, and its weights' ``labels`` (a node per neuron,
    :func:`weight_labels`, in the same order) in a rank of their own before it.  When layers are rows the
    caption is a node of its own at the row's left end, where no edge passes, rather than the cluster's
    label (which edges cross)."""
    with g.subgraph(name=cid) as sub:
        sub.attr(id=cid, style="rounded", color="gray60")
        if where.rows:
            nodes = [(f"{cid}_caption", {"label": label(html_text(caption)), "shape": "plaintext",
                                         "fontsize": "16"}), *nodes]
        else:
            sub.attr(label=label(html_text(caption)))
        for members in (labels, nodes):
            if not members:
                continue
            with sub.subgraph() as rank:
                rank.attr(rank="same")
                for nid, attrs in members:
                    rank.node(nid, id=nid, **attrs)
                # dot keeps a rank's flat edges pointing left to right, and turns its left into the bottom
                # when the layers run left to right: the chain goes up from the last node
                chain = [nid for nid, _ in members]
                for tail, head in itertools.pairwise(chain if where.rows else chain[::-1]):
                    rank.edge(tail, head, style="invis")
