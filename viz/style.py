"""Colours of the diagrams and the legend that explains them (one place, so every figure agrees)."""

from __future__ import annotations

from collections.abc import Sequence

from .dot import html_text

__all__ = [
    "GC_FAIL", "GC_NEAR", "GC_PASS", "HIGHLIGHT_EDGE", "HIGHLIGHT_FILL", "NEGATIVE", "NEUTRAL", "POSITIVE",
    "legend_label", "mix", "signed_color",
]

POSITIVE = "#2166ac"  # blue: a positive gradient or weight
NEGATIVE = "#b2182b"  # red: a negative one
NEUTRAL = "#888888"   # zero
HIGHLIGHT_FILL = "#ffd54f"  # the node being processed in a step
HIGHLIGHT_EDGE = "#e65100"  # the edges carrying its contribution, and the receiving parent's border
GC_PASS = "#a6dba0"   # gradcheck: analytic and numeric agree
GC_NEAR = "#fdae61"   # disagree by at most 100 tolerances
GC_FAIL = "#f46d43"   # disagree by more


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
