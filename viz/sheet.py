"""What one slide shows, whatever draws it: the PNG frame (:mod:`viz.frames`) or the PDF page (:mod:`viz.slides_pdf`).

A :class:`Sheet` is a page of a deck decided once: its heading and legend, its diagram (a graphviz
graph, the scale it is shown at, or a close-up of a step), and its bottom band's text.  Its places
are the 1920×1080 frame's pixels; the PDF page is that frame at two pixels to the point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import graphviz

from . import frames
from .style import Swatch

__all__ = ["PAD", "CloseUp", "Sheet", "view"]

#: Points graphviz adds around a drawing (4 on each side).
PAD = 8.0

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class CloseUp:
    """A step shown close up, under a small overview of the whole drawing.

    Attributes:
        marked: the boxes ``(left, top, right, bottom)`` of the step's nodes, in points from the
            drawing's top left: the close-up is centred on them.
        zoom: frame pixels per point of the drawing in the close-up's window.
    """

    marked: tuple[Rect, ...]
    zoom: float


@dataclass(frozen=True, eq=False)
class Sheet:
    """One page of a deck, as it is laid out on the 1920×1080 frame.

    Attributes:
        heading: the bold words of the top left.
        band: the height of the bottom band, in pixels (the same on every page of a deck).
        graph: the page's diagram.
        size: the diagram's width and height in points, graphviz's margins included.
        scale: frame pixels per point of the diagram shown whole (made smaller, never larger, to
            fit :func:`viz.frames.diagram_box`).
        lines: the band's text lines, centred, at ``px`` pixels (a caption, the title page's lines).
        px: the size of the band's text.
        grid: rows of the band's cells, ``column`` pixels apart, at ``px`` pixels (the gradients).
        legend: ``(swatch, words)`` at the top right (:func:`viz.frames.legend_places`).
        close_up: a step shown close up, or ``None`` for the whole diagram.
    """

    heading: str
    band: int
    graph: graphviz.Digraph
    size: tuple[float, float]
    scale: float
    lines: tuple[str, ...] = ()
    px: int = frames.CAPTION_PX
    grid: tuple[tuple[str, ...], ...] = ()
    column: int = 0
    legend: tuple[tuple[Swatch, str], ...] = ()
    close_up: CloseUp | None = None


def view(marked: Sequence[Rect], scale: float, picture: tuple[int, int], window: frames.Box) -> frames.Box:
    """The part of a drawing rendered at ``scale`` (``picture`` pixels) that a close-up's window
    shows: as large as the window, centred on the step's nodes, inside the picture."""
    centre_x = (min(b[0] for b in marked) + max(b[2] for b in marked)) / 2 * scale
    centre_y = (min(b[1] for b in marked) + max(b[3] for b in marked)) / 2 * scale

    def span(centre: float, length: int, whole: int) -> tuple[int, int]:
        if whole <= length:
            return 0, whole
        start = min(max(round(centre - length / 2), 0), whole - length)
        return start, start + length

    left, right = span(centre_x, window[2] - window[0], picture[0])
    top, bottom = span(centre_y, window[3] - window[1], picture[1])
    return left, top, right, bottom
