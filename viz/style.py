"""Colours of the diagrams and the legend that explains them (one place, so every figure agrees).

A node's gradient at a step is in one of the states of :class:`autograd.trace.NodeState`;
:func:`grad_text` is what its box writes for it and :func:`state_swatch` how the box is drawn, and the
legends draw the same :class:`Swatch` beside their words, so a legend shows each state as the nodes do.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from autograd.trace import NodeState

from .dot import html_text

__all__ = [
    "CAPTION_SIZE", "GC_FAIL", "GC_NEAR", "GC_PASS", "HIGHLIGHT_EDGE", "HIGHLIGHT_FILL", "NEGATIVE", "NEUTRAL",
    "NOT_REACHED", "NO_GRADIENT", "POSITIVE", "PROCESSING", "RECEIVING", "Swatch", "WHERE_SIZE", "flow_style",
    "footer_label", "grad_text", "legend_entries", "legend_label", "legend_line", "mix", "signed_color",
    "state_entries", "state_swatch",
]

POSITIVE = "#2166ac"  # blue: a positive gradient or weight
NEGATIVE = "#b2182b"  # red: a negative one
NEUTRAL = "#888888"   # zero
HIGHLIGHT_FILL = "#ffd54f"  # the node being processed in a step
HIGHLIGHT_EDGE = "#e65100"  # the edges carrying its contribution, and the receiving parent's border
GC_PASS = "#a6dba0"   # gradcheck: analytic and numeric agree
GC_NEAR = "#fdae61"   # disagree by at most 100 tolerances
GC_FAIL = "#f46d43"   # disagree by more
NOT_REACHED = "#9e9e9e"  # a step diagram's nodes backward has not reached yet: grey text, dashed border
NO_GRADIENT = "#757575"  # a node that needs no gradient (a constant, requires_grad=False): grey italic text
CAPTION_SIZE = 18  # points: a step's caption under its diagram (node text is 12), readable on a slide
WHERE_SIZE = 14  # points: the line saying what u₁, u₂, … stand for, under a diagram


@dataclass(frozen=True)
class Swatch:
    """How a kind of node is drawn, in small, for a legend: its fill, its border (colour, width in
    points, dashed or not) and a sample of the text it writes (``grad —``) in its colour, italic."""

    fill: str = "#ffffff"
    border: str = "#000000"
    width: int = 1
    dashed: bool = False
    text: str = ""
    ink: str = "#000000"


#: The node being processed at a step, and the parent receiving its contribution (white, thick border).
PROCESSING = Swatch(fill=HIGHLIGHT_FILL, border=HIGHLIGHT_EDGE, width=3)
RECEIVING = Swatch(border=HIGHLIGHT_EDGE, width=3)


def grad_text(w: Mapping[str, str], state: NodeState, number: str) -> str:
    """What a node's box writes for its gradient in ``state``: ``grad −4`` (``number``, written by the
    caller), ``grad —`` not reached yet, ``no grad`` (``sin grad``) when it needs none."""
    if state is NodeState.NOT_REACHED:
        return f"{w['viz_grad']} —"
    if state is NodeState.NO_GRADIENT:
        return w["viz_no_grad"]
    return f"{w['viz_grad']} {number}"


def state_swatch(w: Mapping[str, str], state: NodeState) -> Swatch:
    """How a node in ``state`` is drawn (its border and its gradient's text), for its box and its legend entry.

    Not reached yet: a dashed grey border, ``grad —`` in grey italic.  Needs no gradient: a plain
    border, ``no grad`` in grey italic.  With a gradient: a plain box.
    """
    if state is NodeState.NOT_REACHED:
        return Swatch(border=NOT_REACHED, dashed=True, text=grad_text(w, state, ""), ink=NOT_REACHED)
    if state is NodeState.NO_GRADIENT:
        return Swatch(text=grad_text(w, state, ""), ink=NO_GRADIENT)
    return Swatch()


def mix(color: str, amount: float, base: str = "#ffffff") -> str:
    """``amount`` (0…1) of ``color`` over ``base``, as ``#rrggbb``: lighter shades for smaller values."""
    t = min(max(amount, 0.0), 1.0)
    rgb = [round(int(base[i:i + 2], 16) * (1.0 - t) + int(color[i:i + 2], 16) * t) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def signed_color(x: float, scale: float, light: float = 0.15, strength: float = 0.6) -> str:
    """A fill for ``x``: blue if positive, red if negative, darker the larger ``|x| / scale``."""
    if x == 0.0 or scale <= 0.0:
        return "#ffffff"
    return mix(POSITIVE if x > 0 else NEGATIVE, light + strength * min(abs(x) / scale, 1.0))


def legend_label(title: str, entries: Sequence[tuple[str, str]]) -> str:
    """An HTML-like table: a title and one ``(colour, text)`` swatch per line (text escaped here)."""
    rows = [f'<TR><TD COLSPAN="2"><B>{html_text(title)}</B></TD></TR>']
    rows += [f'<TR><TD BGCOLOR="{color}" WIDTH="18" BORDER="1"> </TD><TD ALIGN="LEFT">{html_text(text)}</TD></TR>'
             for color, text in entries]
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def legend_line(entries: Sequence[tuple[Swatch, str]], *, fontsize: int = 12) -> str:
    """The legend in one line: each :class:`Swatch` drawn as a small box (with its sample text) before
    its words (``(swatch, words)``, text escaped here)."""
    def box(s: Swatch) -> str:
        dashed = ' STYLE="dashed"' if s.dashed else ""
        sample = (f'<FONT POINT-SIZE="{fontsize}" COLOR="{s.ink}"><I>{html_text(s.text)}</I></FONT>'
                  if s.text else " ")
        return f'<TD BGCOLOR="{s.fill}" COLOR="{s.border}" BORDER="{s.width}"{dashed} WIDTH="16">{sample}</TD>'


    cells = "".join(f'{box(swatch)}<TD ALIGN="LEFT"><FONT POINT-SIZE="{fontsize}">{html_text(text)}</FONT></TD>'
                    '<TD WIDTH="12"> </TD>' for swatch, text in entries)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1"><TR>{cells}</TR></TABLE>'


def footer_label(caption: str | None, legend: str | None, *, fontsize: int = CAPTION_SIZE,
                 where: Sequence[str] = ()) -> str:
    """What goes under a diagram, as one HTML-like label: a step's ``caption`` (text, escaped here)
    above the ``legend`` (markup from :func:`legend_line`); either may be None; then the lines of ``where``
    (text: what the ``u₁`` names stand for), if any."""
    rows = []
    if caption is not None:
        rows.append(f'<TR><TD><FONT POINT-SIZE="{fontsize}">{html_text(caption)}</FONT></TD></TR>')
    if legend is not None:
        rows.append(f"<TR><TD>{legend}</TD></TR>")
    if where:
        lines = '<BR ALIGN="LEFT"/>'.join(html_text(line) for line in where)
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{WHERE_SIZE}">{lines}<BR ALIGN="LEFT"/></FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def flow_style(x: float, scale: float) -> dict[str, str]:
    """An edge carrying ``x`` (of at most ``scale``): blue if positive, red if negative, darker and thicker
    the larger ``|x| / scale``; grey for nothing."""
    if x == 0.0 or scale <= 0.0:
        return {"color": NEUTRAL}
    t = min(abs(x) / scale, 1.0)
    return {"color": mix(POSITIVE if x > 0 else NEGATIVE, 0.35 + 0.65 * t), "penwidth": f"{1.0 + 3.0 * t:.2f}"}


def state_entries(w: Mapping[str, str], states: Collection[NodeState]) -> list[tuple[Swatch, str]]:
    """The legend's entries for the gradient states a drawing shows (``states``): not reached yet, and
    needs no gradient; a number needs no explanation."""
    words = {NodeState.NOT_REACHED: w["viz_not_reached"], NodeState.NO_GRADIENT: w["viz_no_grad_legend"]}
    return [(state_swatch(w, state), words[state]) for state in (NodeState.NOT_REACHED, NodeState.NO_GRADIENT)
            if state in states]


def legend_entries(w: Mapping[str, str], root: str, highlight: bool, states: Collection[NodeState], by_grad: bool,
                   gradcheck: bool) -> list[tuple[Swatch, str]]:
    """The ``(swatch, text)`` entries of a graph diagram's legend, in the words ``w`` (:data:`viz.words.WORDS`),
    for what it shows: a step (``highlight``), the gradient ``states`` its nodes are in (see
    :func:`state_entries`), colours by gradient of the root named ``root`` (``∂L/∂· > 0``), a gradcheck."""
    entries: list[tuple[Swatch, str]] = []
    if highlight:
        entries += [(PROCESSING, w["viz_processing"]), (RECEIVING, w["viz_receiving"])]
    entries += state_entries(w, states)
    if by_grad:
        entries += [(Swatch(fill=mix(POSITIVE, 0.75)), w["viz_grad_pos"].format(root=root)),
                    (Swatch(fill=mix(NEGATIVE, 0.75)), w["viz_grad_neg"].format(root=root)),
                    (Swatch(), w["viz_grad_zero"].format(root=root)), (Swatch(fill=NEUTRAL), w["viz_grad_width"])]
    if gradcheck:
        entries += [(Swatch(fill=GC_PASS), w["viz_gc_pass"]), (Swatch(fill=GC_NEAR), w["viz_gc_near"]),
                    (Swatch(fill=GC_FAIL), w["viz_gc_fail"])]
    return entries
