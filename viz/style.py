"""Colours of the diagrams and the legend that explains them (one place, so every figure agrees)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .dot import html_text

__all__ = [
    "CAPTION_SIZE", "GC_FAIL", "GC_NEAR", "GC_PASS", "HIGHLIGHT_EDGE", "HIGHLIGHT_FILL", "NEGATIVE", "NEUTRAL",
    "NOT_REACHED", "POSITIVE", "flow_style", "footer_label", "legend_entries", "legend_label", "legend_line", "mix",
    "WHERE_SIZE", "signed_color",
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
CAPTION_SIZE = 18  # points: a step's caption under its diagram (node text is 12), readable on a slide
WHERE_SIZE = 14  # points: the line saying what u₁, u₂, … stand for, under a diagram


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


def legend_line(entries: Sequence[tuple[str, str]], *, fontsize: int = 12) -> str:
    """The legend in one line: a small swatch before each text (``(colour, text)``, text escaped here)."""
    cells = "".join(
        f'<TD BGCOLOR="{color}" WIDTH="16" BORDER="1"> </TD>'
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{fontsize}">{html_text(text)}</FONT></TD><TD WIDTH="12"> </TD>'
        for color, text in entries)
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


def legend_entries(w: Mapping[str, str], root: str, highlight: bool, unreached: bool, by_grad: bool,
                   gradcheck: bool) -> list[tuple[str, str]]:
    """The ``(colour, text)`` entries of a graph diagram's legend, in the words ``w`` (:data:`viz.words.WORDS`),
    for what it shows: a step (``highlight``, nodes not ``reached`` yet), colours by gradient of the
    root named ``root`` (``∂L/∂· > 0``), a gradcheck."""
    entries: list[tuple[str, str]] = []
    if highlight:
        entries += [(HIGHLIGHT_FILL, w["viz_processing"]), (HIGHLIGHT_EDGE, w["viz_receiving"])]
    if unreached:
        entries.append((NOT_REACHED, w["viz_not_reached"]))
    if by_grad:
        entries += [(mix(POSITIVE, 0.75), w["viz_grad_pos"].format(root=root)),
                    (mix(NEGATIVE, 0.75), w["viz_grad_neg"].format(root=root)),
                    ("#ffffff", w["viz_grad_zero"].format(root=root)), (NEUTRAL, w["viz_grad_width"])]
    if gradcheck:
        entries += [(GC_PASS, w["viz_gc_pass"]), (GC_NEAR, w["viz_gc_near"]), (GC_FAIL, w["viz_gc_fail"])]
    return entries
