"""Where things go in :func:`viz.network`'s picture: which way the layers run, the room the labels at the
edges' heads need, one port per incoming edge of a neuron, and each layer's nodes in order.

A label at an edge's head sits on the edge itself (``labelangle=0``), just clear of the neuron, in a white
box the line runs into; each incoming edge ends at a port of its own on the neuron's input side, and the
ports are as far apart as a label is tall (layers left to right) or wide (top to bottom), so two labels at
one neuron never overlap and no label sits on another edge's end.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import graphviz

from ..dot import html_text, label

__all__ = ["LABEL_FONT", "SIDES", "Layout", "column", "layout", "orientation", "with_ports"]

#: Points: the font of the labels at the edges' heads.
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
    """The direction of the layers (``rankdir``), the room between two layers (``ranksep``, inches) and, when
    the edges are labelled, the room between the heads of two edges into one neuron (``gap``, points)."""

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

    def label_distance(self, lines: Lines, i: int, n: int, j: int, k: int) -> str:
        """graphviz's ``labeldistance`` (tens of points) that keeps the label of the edge from input ``i`` of
        ``n`` into neuron ``j`` of ``k`` (0-based) clear of that neuron: farther for a slanted edge, whose
        label would otherwise touch the neuron's corner.  The slant is guessed from the two positions."""
        slant = abs((i + 0.5) / n - (j + 0.5) / k)
        return f"{_clearance(lines, self.rows, slant) / 10:.1f}"


def _clearance(lines: Lines, rows: bool, slant: float = 1.0) -> float:
    """How far from an edge's head, in points, the centre of its label goes: half the label's extent along
    the layers' direction and a margin, over cos 45° for layers left to right (a neuron's column is tall, so
    its edges come in steeply); for layers as rows, whose wide fans bring the outer edges in nearly flat,
    from 1 up to 1 / sin 15° times as far with the edge's ``slant`` (0: straight down, ½ or more: from the
    far end of the previous row)."""
    if rows:
        return (text_height(lines) / 2 + 6) * (1 + 2.9 * min(1.0, 2 * slant))
    return (text_width(lines) / 2 + 6) * 1.42


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
        raise ValueError(f"network: rankdir must be one of {', '.join(SIDES)} or None, got {rankdir!r}")
    if not labels:
        return Layout(rankdir, 1.4, None)
    rows = rankdir in ("TB", "BT")
    wide = max(text_width(lines) for lines in labels)
    tall = max(text_height(lines) for lines in labels)
    # between two layers: twice the farthest label's distance from its head, so that a label is nearer the
    # neuron it points at than the node its edge comes from
    reach = max(_clearance(lines, rows) for lines in labels)
    return Layout(rankdir, max(1.4, (2 * reach + 12) / 72), round((wide if rows else tall) + 6))


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
           where: Layout) -> None:
    """One layer's cluster ``cid``: its caption and its nodes in one rank, in order (the first on top, or on
    the left), kept so by invisible edges between neighbours.  When layers are rows the caption is a node of
    its own at the row's left end, where no edge passes, rather than the cluster's label (which edges cross)."""
    with g.subgraph(name=cid) as sub:
        sub.attr(id=cid, style="rounded", color="gray60")
        if where.rows:
            nodes = [(f"{cid}_caption", {"label": label(html_text(caption)), "shape": "plaintext",
                                         "fontsize": "16"}), *nodes]
        else:
            sub.attr(label=label(html_text(caption)))
        with sub.subgraph() as rank:
            rank.attr(rank="same")
            for nid, attrs in nodes:
                rank.node(nid, id=nid, **attrs)
            for (upper, _), (lower, _) in itertools.pairwise(nodes):
                rank.edge(upper, lower, style="invis")
