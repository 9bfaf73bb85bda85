"""``viz.slides``: a backward pass as a 16:9 deck for the projector — a PDF, an animated GIF or PNG frames.

::

    from autograd import trace_backward
    import viz

    loss = viz.parse("0.5*(relu(w*x + b) - y)**2", {"w": 4, "x": 1, "b": 7, "y": 5})
    viz.slides(trace_backward(loss), "pasos.pdf", notation="es")   # or pasos.gif, pasos.png, a folder

The deck has a title page with the forward graph, one page per step of the trace — the diagram as
it is right after that step, the step highlighted, and the step's caption
(:meth:`autograd.trace.Step.caption`) in 32 pt letters — and a last page with every gradient.  Each
page is laid out once on a 1920×1080 frame (a :class:`~viz.sheet.Sheet`): :func:`viz.draw` lays the
diagram out compactly and padded to the shape of the page's diagram area (its ``fit``), without a
caption or legend of its own.  The PDF (PowerPoint's 13.33 in × 7.5 in page) is vector
(:mod:`viz.slides_pdf`): graphviz draws each diagram and each page's text as PDF, the captions stay
text a reader can select and search, and no picture is rendered.  The GIF and the PNG frames are
pictures (:mod:`viz.frames`): graphviz draws the diagram at the resolution that fills its area and
Pillow sets the text.  :func:`slides` writes a deck to a file whose suffix says what it is.

A graph that fits the page only in letters too small to read (under :data:`MIN_SCALE` frame pixels
per point) is shown, on each step's page, as a close-up centred on the step under a small overview
of the whole drawing with the close-up's part framed; the title and last pages show it whole.
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import graphviz
from PIL import Image

from autograd.files import write_atomic
from autograd.text import NotationLike, as_notation
from autograd.trace import Step, Trace, partial_name

from . import frames, slides_pdf
from .draw import RANKDIRS, draw, draw_step
from .errors import VizError, VizTypeError
from .fit import aspect_of, pad_to
from .ids import draw_ids, step_ids
from .sheet import PAD, CloseUp, Sheet, view
from .style import PROCESSING, RECEIVING, Swatch, state_entries
from .words import WORDS

__all__ = ["MAX_SCALE", "MIN_SCALE", "OUTPUTS", "Deck", "Page", "slide_deck", "slides"]

#: What :func:`slides` writes, by the output's suffix (a folder, or a name without one, gets frames).
OUTPUTS = {".pdf": "pdf", ".gif": "gif", ".png": "frames"}
#: The most a diagram is enlarged: pixels of the frame per point of the drawing (12 pt text ⇒ 30 px).
MAX_SCALE = 2.5
#: The least a step's diagram is shown at (12 pt text ⇒ 20 px): a drawing that fits the page only
#: smaller is shown as a close-up of the step under a small overview of the whole.
MIN_SCALE = 1.7
_PAD = PAD  # graphviz adds 4 pt around a drawing


@dataclass(frozen=True)
class Page:
    """One page of a :class:`Deck`.

    Attributes:
        kind: ``"title"`` (the forward graph), ``"step"`` (one ``+=`` of backward) or ``"gradients"``.
        heading: the words at its top (``Step 3 of 16``).
        text: what its bottom band says: the step's caption, the title page's lines, or one
            ``∂L/∂w1 = −4`` per gradient.
        sheet: how the page is laid out (drawn as a PNG frame by :attr:`png`, as a PDF page by
            :meth:`Deck.to_pdf`).
    """

    kind: str
    heading: str
    text: tuple[str, ...]
    sheet: Sheet = field(repr=False, compare=False)

    @functools.cached_property
    def png(self) -> bytes:
        """The 1920×1080 frame, a PNG file's bytes (drawn the first time it is asked for: a PDF needs none)."""
        out = io.BytesIO()
        _frame(self.sheet).save(out, "PNG")
        return out.getvalue()

    def image(self) -> Image.Image:
        """The frame as a Pillow image (RGB)."""
        with Image.open(io.BytesIO(self.png)) as picture:
            rgb: Image.Image = picture.convert("RGB")
        return rgb


class Deck(Sequence[Page]):
    """The pages of a slide deck, in order, ready to be written as a PDF, a GIF or PNG frames.

    Attributes:
        title: the deck's title (the title page's heading, the PDF's title).
        lang: the language of its words (and of its error messages).
        scale: frame pixels per point of the diagrams (the same on every page): graphviz's 12 pt
            node text is ``12 * scale`` pixels tall in the frame.
    """

    def __init__(self, pages: Sequence[Page], *, title: str, lang: str, scale: float) -> None:
        self._pages = tuple(pages)
        self.title = title
        self.lang = lang
        self.scale = scale

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | Sequence[Page]:
        return self._pages[index]

    def __len__(self) -> int:
        return len(self._pages)

    def __repr__(self) -> str:
        return f"Deck({self.title!r}, pages={len(self._pages)})"

    def to_pdf(self) -> bytes:
        """The deck as a vector PDF, a 13.33 in × 7.5 in (16:9) page per frame, its text selectable
        (:mod:`viz.slides_pdf`)."""
        return slides_pdf.pdf([page.sheet for page in self._pages], title=self.title)

    def to_gif(self, seconds: float = 3.0) -> bytes:
        """The deck as an animated GIF that loops forever, ``seconds`` on each page."""
        duration = _milliseconds(seconds)
        first, *rest = (_palette(page) for page in self._pages)
        out = io.BytesIO()
        first.save(out, "GIF", save_all=True, append_images=rest, duration=duration, loop=0, disposal=1)
        return out.getvalue()

    def write(self, path: str | os.PathLike[str], *, seconds: float = 3.0) -> list[Path]:
        """Write the deck where ``path`` says, each file atomically; returns the files written.

        ``NAME.pdf`` is a PDF, ``NAME.gif`` an animated GIF (``seconds`` on each page), ``NAME.png``
        the frames ``NAME_01.png``, ``NAME_02.png``, … beside it, and a folder (or a name without a
        suffix) the frames ``slide_01.png``, … in it (``diapositiva_01.png`` in Spanish).  Frames
        of an earlier, longer deck with the same names are removed, so the folder holds this deck.
        Any other suffix is a ValueError that lists these.
        """
        kind, target, prefix = _output(path, self.lang)
        if kind == "pdf":
            return [write_atomic(target, self.to_pdf())]
        if kind == "gif":
            return [write_atomic(target, self.to_gif(seconds))]
        return self._write_frames(target, prefix)

    def _write_frames(self, folder: Path, prefix: str) -> list[Path]:
        digits = max(2, len(str(len(self._pages))))
        written = [write_atomic(folder / f"{prefix}{i:0{digits}d}.png", page.png)
                   for i, page in enumerate(self._pages, start=1)]
        ours = re.compile(re.escape(prefix) + r"\d+\.png")
        for stale in folder.iterdir():
            if ours.fullmatch(stale.name) and stale not in written and stale.is_file():
                stale.unlink()
        return written


def slides(steps: Trace, path: str | os.PathLike[str], *, notation: NotationLike = None, title: str | None = None,
           rankdir: str | None = None, max_nodes: int = 100, seconds: float = 3.0, **old: object) -> list[Path]:
    """Write the slides of a backward pass: a PDF, an animated GIF or PNG frames, by ``path``'s suffix.

    It is :func:`slide_deck` ``(steps, …)`` then :meth:`Deck.write` ``(path, seconds=seconds)``:
    ``pasos.pdf``, ``pasos.gif``, ``pasos.png`` (frames ``pasos_01.png``, …) or a folder.  Nothing
    is written until every page is made, and every file is written atomically.

    Returns:
        The files written (one for a PDF or a GIF, one per page for frames).
    """
    nota = as_notation(notation, old, where="slides")
    _milliseconds(seconds)  # a bad number of seconds or a bad suffix is told before the work
    _output(path, nota.lang)
    deck = slide_deck(steps, notation=nota, title=title, rankdir=rankdir, max_nodes=max_nodes)
    return deck.write(path, seconds=seconds)


def slide_deck(steps: Trace, *, notation: NotationLike = None, title: str | None = None, rankdir: str | None = None,
               max_nodes: int = 100, **old: object) -> Deck:
    """The slides of a backward pass, in memory: a title page, a page per step, a page of gradients.

    Args:
        steps: a trace from :func:`autograd.trace_backward`.
        notation: the words and numbers, a :class:`~autograd.text.Notation` or a language code
            (``notation="es"``: Spanish, decimal comma).
        title: the title page's heading (default: "Backpropagation, step by step" in its language).
        rankdir: the diagrams' direction, as in :func:`viz.draw`; ``None`` (default) takes the one
            of ``"LR"`` and ``"TB"`` whose drawing fills the page with the largest letters.
        max_nodes: the largest graph to draw, as in :func:`viz.draw` (a ValueError beyond it: a
            bigger diagram is not read from the back of a room).

    Every diagram of the deck has the same layout: each box is as wide and as tall as its largest
    label on any page, every drawing is padded alike, so nothing moves from one page to the next.
    A caption too long for a line is written on two, the formula and then its numbers.
    """
    if not isinstance(steps, Trace):
        raise VizTypeError(f"slides: steps must be a Trace from trace_backward, got {type(steps).__name__}")
    if rankdir is not None and rankdir not in RANKDIRS:
        raise VizError(f"slides: rankdir must be one of {', '.join(RANKDIRS)} or None, got {rankdir!r}")
    notation = as_notation(notation, old, where="slide_deck")
    lang = notation.lang
    w = WORDS(lang)
    root, n = steps.root, len(steps)
    root_name = root.label or "L"
    heading = title if title is not None else w["slides_title"]
    count = w["slides_count_one"] if n == 1 else w["slides_count"].format(n=n)
    where = steps.where(notation=notation)  # what u₁, u₂, … stand for, once, on the page of the forward graph
    title_lines = frames.body_lines([w["slides_forward"].format(root=root_name, value=notation.math(root.data)),
                                     count, *([where] if where is not None else [])], frames.BODY_PX)
    captions = [frames.body_lines([s.caption(notation=notation)],
                                  frames.CAPTION_PX) for s in steps]
    leaves = [v for v in steps.order if v.is_leaf and v.requires_grad and v is not root]
    final = steps.grads_at(n - 1)
    cells = [f"{partial_name(root_name, steps.name_of(v))} = {notation.math(final.get(v, v.grad))}" for v in leaves]
    band = max([frames.band_height(len(lines), frames.CAPTION_PX) for lines in captions]
               + [frames.band_height(len(title_lines), frames.BODY_PX)])
    grid, column, grid_px, last_band = frames.fit_grid(cells)
    last_band = max(band, last_band)  # the last page's diagram is smaller when there are many gradients
    box = frames.diagram_box(band)
    # drawn for the diagram's area (draw's fit: compact, padded to the area's shape), without a
    # caption or a legend of draw's own: the slide writes them, larger, outside the drawing
    aspect = f"{box[2] - box[0]}:{box[3] - box[1]}"
    # not padded one by one (pad=False): _same_layout pads every page alike, and padding to the
    # area's shape does not change the scale a drawing fits the area at
    options: dict[str, Any] = dict(notation=notation, max_nodes=max_nodes, legend=False, fit=aspect, pad=False)

    def last(direction: str) -> graphviz.Digraph:
        return draw(root, rankdir=direction, grads=steps.grads_at(n - 1), **options)

    def graphs(direction: str, final: graphviz.Digraph) -> list[graphviz.Digraph]:
        return [draw(root, False, rankdir=direction, **options),
                *(draw_step(s, rankdir=direction, caption=False, **options) for s in steps),
                final]

    lasts = {d: last(d) for d in ([rankdir] if rankdir else ["LR", "TB"])}
    direction = rankdir
    if direction is None:  # the direction whose drawing fills the page with the largest letters
        sizes = dict(zip(lasts, map(_size, _layouts(list(lasts.values())))))
        direction = max(sizes, key=lambda d: _scale(sizes[d], box))
    pages_graphs = graphs(direction, lasts[direction])
    layout = _same_layout(pages_graphs, aspect)
    size = _size(layout)
    scale = _scale(size, box)
    close_up = scale < MIN_SCALE
    ids = draw_ids(root)

    def sheet(index: int, heading: str, lines: Sequence[str], px: int, step: Step | None = None,
              legend: Sequence[tuple[Swatch, str]] = ()) -> Sheet:
        zoom = None
        if step is not None and close_up:
            window = frames.zoom_boxes(band)[1]
            marked = [box for name in step_ids(step, ids).all()[:3] if (box := _where(layout, name, size))]
            marked = marked or [(0.0, 0.0, size[0], size[1])]
            zoom = CloseUp(tuple(marked), _close_up_scale(size, marked, window, scale))
        return Sheet(heading=heading, band=band, graph=pages_graphs[index], size=size, scale=scale,
                     lines=tuple(lines), px=px, legend=tuple(legend), close_up=zoom)

    # the step's marks, and the states its nodes are drawn in (Trace.state_at), as the diagram draws them
    shown = {state for i in range(n) for v, state in steps.state_at(i).items() if v in ids}
    legend = [(PROCESSING, w["slides_processing"]), (RECEIVING, w["slides_receiving"]), *state_entries(w, shown)]
    pages = [Page("title", heading, tuple(title_lines), sheet(0, heading, title_lines, frames.BODY_PX))]
    for i, (step, lines) in enumerate(zip(steps, captions)):
        words = w["slides_step"].format(i=i + 1, n=n)
        caption = step.caption(notation=notation)
        pages.append(Page("step", words, (caption,), sheet(i + 1, words, lines, frames.CAPTION_PX, step, legend)))
    last_scale = _scale(size, frames.diagram_box(last_band))
    pages.append(Page("gradients", w["slides_gradients"], tuple(cells), Sheet(
        heading=w["slides_gradients"], band=last_band, graph=pages_graphs[-1], size=size, scale=last_scale,
        px=grid_px, grid=tuple(map(tuple, grid)), column=column)))
    return Deck(pages, title=heading, lang=lang, scale=scale)


# --- pieces ---------------------------------------------------------------------------------------

def _frame(sheet: Sheet) -> Image.Image:
    """The page's 1920×1080 frame: its diagram drawn by graphviz at the frame's resolution, set by
    :func:`frames.compose`."""
    if sheet.close_up is None:
        parts: dict[str, Any] = {"diagram": _render(sheet.graph, sheet.scale)}
    else:
        zoom = sheet.close_up.zoom
        whole = _render(sheet.graph, zoom)
        shown = view(sheet.close_up.marked, zoom, whole.size, frames.zoom_boxes(sheet.band)[1])
        parts = {"diagram": whole.crop(shown), "overview": whole, "view": shown}
    return frames.compose(heading=sheet.heading, band=sheet.band, lines=sheet.lines, px=sheet.px, grid=sheet.grid,
                          column=sheet.column, legend=sheet.legend, **parts)


def _layout(graph: graphviz.Digraph) -> dict[str, Any]:
    """graphviz's layout of ``graph`` (its JSON output): the bounding box, and each node's place and size."""
    data: dict[str, Any] = json.loads(graph.pipe(format="json"))
    return data


def _layouts(graphs: Sequence[graphviz.Digraph]) -> list[dict[str, Any]]:
    """:func:`_layout` of each graph, laid out by one ``dot`` process (one per graph takes longer to start
    than to lay the graph out)."""
    source = "\n".join(graph.source for graph in graphs)
    try:
        done = subprocess.run(["dot", "-Tjson"], input=source.encode(), capture_output=True, check=False)
    except FileNotFoundError as error:
        raise graphviz.ExecutableNotFound(["dot"]) from error
    if done.returncode != 0:
        raise graphviz.CalledProcessError(done.returncode, ["dot", "-Tjson"], output=done.stdout, stderr=done.stderr)
    text, decoder, at = done.stdout.decode(), json.JSONDecoder(), 0
    layouts: list[dict[str, Any]] = []
    while len(layouts) < len(graphs):
        while text[at:at + 1].isspace():  # dot writes a newline between two graphs' JSON
            at += 1
        data, at = decoder.raw_decode(text, at)
        layouts.append(data)
    return layouts


def _size(layout: graphviz.Digraph | dict[str, Any]) -> tuple[float, float]:
    """The drawing's width and height in points, with the margin graphviz adds."""
    if isinstance(layout, graphviz.Digraph):
        layout = _layout(layout)
    _, _, width, height = (float(x) for x in layout["bb"].split(","))
    return width + _PAD, height + _PAD


def _scale(size: tuple[float, float], box: frames.Box) -> float:
    """Frame pixels per point that fit a drawing of ``size`` into ``box``, at most :data:`MAX_SCALE`."""
    left, top, right, bottom = box
    return min((right - left) / size[0], (bottom - top) / size[1], MAX_SCALE)


def _same_layout(graphs: Sequence[graphviz.Digraph], aspect: str) -> dict[str, Any]:
    """The same layout on every page (returned): every node as wide and as tall as its largest label
    on any page (the title page's boxes have no gradient, a step's may say ``grad —``), and every
    drawing padded to ``aspect`` (``"1824:742"``) by the same ``ratio``."""
    largest: dict[tuple[str, str], float] = {}
    for drawn in _layouts(graphs):
        for obj in drawn.get("objects", []):
            if "name" in obj and "width" in obj:
                for side in ("width", "height"):
                    key = (obj["name"], side)
                    largest[key] = max(largest.get(key, 0.0), float(obj[side]))
    for graph in graphs:
        for (name, side), inches in largest.items():
            graph.node(name, **{side: f"{inches:.4f}"})
    ratio = pad_to(graphs[-1], aspect_of(aspect)).graph_attr["ratio"]
    for graph in graphs:
        graph.graph_attr["ratio"] = ratio
    return _layout(graphs[-1])


def _where(layout: dict[str, Any], name: str, size: tuple[float, float]
           ) -> tuple[float, float, float, float] | None:
    """The box ``(left, top, right, bottom)`` of node ``name``, in points from the drawing's top left
    (``None`` if the drawing has no such node: the close-up is then of the whole drawing's middle)."""
    for obj in layout.get("objects", []):
        if obj.get("name") == name and "pos" in obj:
            x, y = (float(c) for c in obj["pos"].split(","))
            half_w, half_h = float(obj["width"]) * 36.0, float(obj["height"]) * 36.0  # inches → half, in points
            top = size[1] - _PAD / 2 - y
            return x + _PAD / 2 - half_w, top - half_h, x + _PAD / 2 + half_w, top + half_h
    return None


def _close_up_scale(size: tuple[float, float], marked: Sequence[tuple[float, float, float, float]],
                    window: frames.Box, least: float) -> float:
    """The scale of a close-up: the drawing's whole height in the window when that is readable
    (:data:`MIN_SCALE` at least, :data:`MAX_SCALE` at most), never so large that the step's nodes
    do not fit the window, never smaller than ``least`` (the whole drawing's)."""
    width, height = window[2] - window[0], window[3] - window[1]
    left, top = min(b[0] for b in marked), min(b[1] for b in marked)
    right, bottom = max(b[2] for b in marked), max(b[3] for b in marked)
    step_fit = min(width / (right - left + _PAD), height / (bottom - top + _PAD))
    return max(least, min(max(MIN_SCALE, height / size[1]), MAX_SCALE, step_fit))


def _render(graph: graphviz.Digraph, scale: float) -> Image.Image:
    """``graph`` drawn by graphviz at ``scale`` frame pixels per point (crisp text, no resampling)."""
    graph.graph_attr["dpi"] = f"{72.0 * scale:.3f}"
    with Image.open(io.BytesIO(graph.pipe(format="png"))) as picture:
        drawn: Image.Image = picture.copy()
    return drawn


def _palette(page: Page) -> Image.Image:
    """A frame in 256 colours for the GIF, without dithering (text stays clean)."""
    return page.image().quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def _milliseconds(seconds: float) -> int:
    if not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds > 0):
        raise VizError(f"slides: seconds must be a positive number, got {seconds!r}")
    return max(10, round(seconds * 100) * 10)  # a GIF counts hundredths of a second


def _output(path: str | os.PathLike[str], lang: str) -> tuple[str, Path, str]:
    """``(kind, target, frame prefix)`` for an output path: ``pdf``, ``gif`` or ``frames`` (a folder)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in (".pdf", ".gif"):
        return OUTPUTS[suffix], target, ""
    if suffix == ".png":
        return "frames", target.parent, f"{target.stem}_"
    if target.is_dir() or not suffix or os.fspath(path).endswith(("/", os.sep)):
        return "frames", target, WORDS(lang)["slides_frame"] + "_"
    raise VizError(WORDS(lang)["slides_bad_output"].format(path=os.fspath(path)))

