"""The slides as a vector PDF: graphviz draws each page's diagram and its text, pypdf joins them.

Each page is 960 × 540 pt (13.33 in × 7.5 in, PowerPoint's 16:9): the 1920×1080 frame of
:mod:`viz.frames` at two pixels to the point, with the heading, legend, diagram and bottom band in
the same places and sizes (the caption's 64 px are 32 pt).  For each page graphviz draws two PDF
pages: the diagram (``dot``, as :func:`viz.draw` made it) and the page's text and boxes (graphviz's
``nop2`` layout, every node where it is placed), both in cairo's PDF, which keeps letters as text
and lines as lines.  pypdf lays the diagram, scaled, onto the text page (a close-up twice: whole in
the overview, clipped to the window).  So the text is selectable and searchable, every page stays
sharp at any zoom, and one ``dot`` process draws every page of a deck.

The text is set in DejaVu Sans, as in the PNG frames, when fontconfig finds it (Debian's
``fonts-dejavu-core``); graphviz takes its nearest font otherwise.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import graphviz
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, RectangleObject, StreamObject

from . import frames
from .dot import html_text
from .errors import VizError
from .sheet import Sheet, view

__all__ = ["PAGE", "POINT", "pdf", "text_page"]

#: Frame pixels per point of the page (144 to the inch).
POINT = frames.PIXELS_PER_INCH / 72
#: The page's width and height in points.
PAGE = (frames.WIDTH / POINT, frames.HEIGHT / POINT)
_FONT = "DejaVu Sans"
_FORM = "/PizarraDiagram"


@dataclass(frozen=True)
class _Placement:
    """Where a diagram goes on the page: ``(left, top)`` in frame pixels, ``points`` of the page per
    point of the drawing, and the part of the drawing shown (points from its top left)."""

    left: float
    top: float
    points: float
    part: tuple[float, float, float, float]


def pdf(sheets: Sequence[Sheet], *, title: str) -> bytes:
    """The deck's PDF: a page per sheet, its diagram vector, its text text."""
    places = [_placements(sheet) for sheet in sheets]
    drawn = _draw([source for sheet, (_, boxes) in zip(sheets, places)
                   for source in (text_page(sheet, boxes), _diagram_source(sheet))])
    writer = PdfWriter()
    for k, (placements, _) in enumerate(places):
        page = PdfReader(io.BytesIO(drawn[2 * k])).pages[0]
        _lay(page, PdfReader(io.BytesIO(drawn[2 * k + 1])).pages[0], placements)
        writer.add_page(page)
    writer.compress_identical_objects()  # a font subset that several pages hold alike is kept once
    writer.add_metadata({"/Title": title, "/Creator": "pizarra", "/Producer": "pizarra"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _lay(page: PageObject, diagram: PageObject, placements: Sequence[_Placement]) -> None:
    """Paint ``diagram`` on ``page`` at each placement, clipped to the part it shows.

    The diagram page becomes a form XObject of the page (its content stream, still compressed, and
    its fonts), painted before the page's own content, as :func:`viz.frames.compose` pastes the
    diagram before it frames a close-up's part; no content stream is parsed (pypdf's merging would,
    slowly).
    """
    form = _stream(diagram)
    height = float(diagram.mediabox.height)
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): RectangleObject(diagram.mediabox),
                 NameObject("/Resources"): diagram[NameObject("/Resources")]})
    resources = page[NameObject("/Resources")].get_object()
    if not isinstance(resources, DictionaryObject):
        raise VizError("slides: graphviz wrote a PDF page without resources")
    forms = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    forms[NameObject(_FORM)] = form.indirect_reference
    paint = []
    for place in placements:
        left, top, right, bottom = place.part
        x, y = place.left / POINT, PAGE[1] - place.top / POINT  # the shown part's top left on the page
        s = place.points
        paint.append(f"q {x:.3f} {y - s * (bottom - top):.3f} {s * (right - left):.3f} {s * (bottom - top):.3f} "
                     f"re W n {s:.5f} 0 0 {s:.5f} {x - s * left:.3f} {y - s * (height - top):.3f} cm {_FORM} Do Q")
    body = _stream(page)
    body.set_data("\n".join(paint).encode() + b"\nq\n" + body.get_data() + b"\nQ\n")


def _stream(page: PageObject) -> StreamObject:
    """The page's content as one stream (cairo writes one; several are joined into the first)."""
    contents = page[NameObject("/Contents")].get_object()
    if isinstance(contents, ArrayObject):
        first = contents[0].get_object()
        first.set_data(b"\n".join(part.get_object().get_data() for part in contents))
        page[NameObject("/Contents")] = contents[0]
        contents = first
    if not isinstance(contents, StreamObject):
        raise VizError(f"slides: graphviz wrote a PDF page without content ({type(contents).__name__})")
    return contents


def _placements(sheet: Sheet) -> tuple[list[_Placement], list[tuple[tuple[float, float, float, float], str, float]]]:
    """Where the sheet's diagram goes (once, or twice for a close-up), and the boxes the text page draws
    around it (``(box in frame pixels, colour, line width in pixels)``: the close-up's frame and rule)."""
    width, height = sheet.size
    whole = (0.0, 0.0, width, height)
    if sheet.close_up is None:
        factor, (left, top) = frames.fitted((width * sheet.scale, height * sheet.scale), frames.diagram_box(sheet.band))
        return [_Placement(left, top, sheet.scale * factor / POINT, whole)], []
    zoom = sheet.close_up.zoom
    strip, window = frames.zoom_boxes(sheet.band)
    picture = (round(width * zoom), round(height * zoom))
    shown = view(sheet.close_up.marked, zoom, picture, window)
    factor, (left, top) = frames.fitted(picture, strip)
    frame = tuple(c * factor for c in shown)
    overview = _Placement(left, top, zoom * factor / POINT, whole)
    crop = (shown[2] - shown[0], shown[3] - shown[1])
    window_factor, (window_left, window_top) = frames.fitted(crop, window)
    part = (shown[0] / zoom, shown[1] / zoom, shown[2] / zoom, shown[3] / zoom)
    close = _Placement(window_left, window_top, zoom * window_factor / POINT, part)
    rule_y = window[1] - frames.GAP // 2
    boxes = [((left + frame[0], top + frame[1], left + frame[2], top + frame[3]), frames.MUTED, 3.0),
             ((frames.MARGIN, rule_y - 1, frames.WIDTH - frames.MARGIN, rule_y + 1), frames.RULE, 0.0)]
    return [overview, close], boxes


def text_page(sheet: Sheet, boxes: Sequence[tuple[tuple[float, float, float, float], str, float]] = ()) -> str:
    """The DOT of a page's text and boxes, each node where :func:`viz.frames.compose` puts it
    (``layout=nop2``: graphviz draws the nodes where they are, in points from the bottom left)."""
    lines = ['digraph page {',
             f'  graph [layout=nop2, pad=0, margin=0, bb="0,0,{PAGE[0]:g},{PAGE[1]:g}"];',
             f'  node [shape=plaintext, margin=0, width=0, height=0, label="", fontname="{_FONT}"];',
             _box("page", (0, 0, frames.WIDTH, frames.HEIGHT), style="invis")]
    band = (0, frames.HEIGHT - sheet.band, frames.WIDTH, frames.HEIGHT)
    lines.append(_box("band", band, style="filled", fillcolor=frames.BAND, penwidth="0"))
    for k, (box, color, stroke) in enumerate(boxes):
        attrs = {"color": color, "penwidth": f"{stroke / POINT:g}"} if stroke else {
            "style": "filled", "fillcolor": color, "penwidth": "0"}
        lines.append(_box(f"frame{k}", box, **attrs))
    sample_px = frames.LEGEND_PX * 3 // 4
    for k, (swatch, (left, top, right, bottom), corner, words) in enumerate(
            frames.legend_places(sheet.legend, sheet.heading)):
        line = 2 * swatch.width  # pixels, as the frames draw it
        # Pillow draws a solid border inside the swatch, its dashes and graphviz's border on the edge
        inset = 0.0 if swatch.dashed else line / 2
        lines.append(_box(f"swatch{k}", (left + inset, top + inset, right - inset, bottom - inset),
                          style="filled,dashed" if swatch.dashed else "filled", fillcolor=swatch.fill,
                          color=swatch.border, penwidth=f"{line / POINT:g}"))
        if swatch.text:
            sample = (left + right - frames.font(sample_px).getlength(swatch.text)) / 2
            lines.append(_text(f"sample{k}", (sample, top + (bottom - top - sample_px) // 2 - 2), swatch.text,
                               sample_px, swatch.ink))
        lines.append(_text(f"legend{k}", corner, words, frames.LEGEND_PX, frames.MUTED))
    lines.append(_text("heading", (frames.MARGIN, frames.MARGIN), sheet.heading, frames.HEADING_PX, frames.INK,
                       bold=True))
    for k, (x, y, words) in enumerate(frames.band_rows(sheet.band, sheet.px, lines=sheet.lines, grid=sheet.grid,
                                                       column=sheet.column)):
        lines.append(_text(f"text{k}", (x, y), words, sheet.px, frames.INK))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _box(name: str, box: tuple[float, float, float, float], **attrs: str) -> str:
    """A rectangle node covering ``box`` (frame pixels: left, top, right, bottom)."""
    left, top, right, bottom = box
    x, y = (left + right) / 2 / POINT, PAGE[1] - (top + bottom) / 2 / POINT
    more = "".join(f', {key}="{value}"' for key, value in attrs.items())
    return (f'  {name} [shape=box, fixedsize=true, width={(right - left) / POINT / 72:.5f}, '
            f'height={(bottom - top) / POINT / 72:.5f}, pos="{x:.2f},{y:.2f}!"{more}];')


def _text(name: str, corner: tuple[float, float], words: str, px: int, color: str, *, bold: bool = False) -> str:
    """A text node whose letters start where Pillow's would at ``corner`` (their left and the font's
    ascent, frame pixels), ``px`` pixels to the em."""
    face = frames.font(px, bold=bold)
    ascent, descent = face.getmetrics()
    x = (corner[0] + face.getlength(words) / 2) / POINT
    y = PAGE[1] - (corner[1] + (ascent + descent) / 2) / POINT
    markup = html_text(words) or " "
    markup = f"<B>{markup}</B>" if bold else markup
    return f'  {name} [label=<{markup}>, fontsize="{px / POINT:g}", fontcolor="{color}", pos="{x:.2f},{y:.2f}!"];'


def _diagram_source(sheet: Sheet) -> str:
    """The DOT of the sheet's diagram for a PDF: laid out by ``dot`` (one process draws every page,
    and a ``layout`` attribute of one graph would otherwise carry over to the next), at 72 dpi, with
    graphviz's 4 pt pad around it as in the PNG frames."""
    graph = sheet.graph.copy()
    graph.graph_attr.pop("dpi", None)
    graph.graph_attr.update(layout="dot", margin="0")  # a PDF's default margin is half an inch
    source: str = graph.source
    return source


def _draw(sources: Sequence[str]) -> list[bytes]:
    """Each DOT source drawn as a PDF by one ``dot`` process (``-O``: a file ``NAME.gv.pdf`` per ``NAME.gv``)."""
    with tempfile.TemporaryDirectory(prefix="pizarra-slides-") as folder:
        names = [f"{k:04d}.gv" for k in range(len(sources))]
        for name, source in zip(names, sources):
            (Path(folder) / name).write_text(source, encoding="utf-8")
        command = ["dot", "-Tpdf", "-O", *names]
        try:
            done = subprocess.run(command, cwd=folder, capture_output=True, check=False)
        except FileNotFoundError as error:
            raise graphviz.ExecutableNotFound(command) from error
        if done.returncode != 0:
            raise graphviz.CalledProcessError(done.returncode, command, output=done.stdout, stderr=done.stderr)
        return [(Path(folder) / f"{name}.pdf").read_bytes() for name in names]
