"""Slide frames: 1920×1080 pictures composed with Pillow — a heading, a diagram, big text under it.

A frame is what a projector shows: the heading and a one-line legend on top, a diagram scaled into
the middle, and a band at the bottom with the step's caption (or a page's other text) in a font
read from the back of a room.  The sizes are pixels of the 1920×1080 frame; the PDF deck prints
it on PowerPoint's 16:9 page (13.33 in × 7.5 in), 144 pixels to the inch, so the caption's 64 px
are 32 pt there.

The text is set with DejaVu Sans (it has ∂, ·, − and σ): matplotlib ships it, and Debian's
``fonts-dejavu-core`` installs it too.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .style import Swatch

__all__ = [
    "BODY_PX", "CAPTION_PX", "HEIGHT", "PIXELS_PER_INCH", "WIDTH", "Box", "band_height", "body_lines", "compose",
    "diagram_box", "fit_grid", "font", "font_path", "grid_rows", "line_height", "wrap", "zoom_boxes",
]

WIDTH, HEIGHT = 1920, 1080
#: The PDF page is 1920 / 144 = 13.33 in wide: PowerPoint's 16:9 slide, two pixels to the point.
PIXELS_PER_INCH = 144
#: A step's caption: 32 pt on the PDF page.
CAPTION_PX = 64
#: The other text of the band (the title page's lines, the last page's gradients): 24 pt.
BODY_PX = 48
#: The sizes the last page's gradients may take, largest first (24, 20 and 16 pt).
GRID_PX = (BODY_PX, 40, 32)
HEADING_PX = 48
LEGEND_PX = 32
MARGIN = 48
LINE_SPACING = 1.3
#: The heading's band: the diagram starts below it.
TOP = MARGIN + round(HEADING_PX * LINE_SPACING) + 24

#: The share of the diagram's area the overview takes in a close-up, and the space under it.
OVERVIEW = 0.22
GAP = 16

Box = tuple[int, int, int, int]

INK = "#1a1a1a"
MUTED = "#4d4d4d"
BAND = "#f2f2f2"

_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")


def font_path(bold: bool = False) -> Path:
    """The DejaVu Sans file to write with: matplotlib's copy, else the system's (``fonts-dejavu-core``)."""
    name = _FONT_FILES[bold]
    places = []
    spec = importlib.util.find_spec("matplotlib")  # finds the package without importing it
    if spec is not None and spec.submodule_search_locations:
        places += [Path(p) / "mpl-data" / "fonts" / "ttf" for p in spec.submodule_search_locations]
    places.append(_SYSTEM_FONTS)
    for place in places:
        if (place / name).is_file():
            return place / name
    raise FileNotFoundError(f"slides: no {name} to write the text with (looked in {', '.join(map(str, places))}); "
                            "install matplotlib (pip install matplotlib) or fonts-dejavu-core (apt-get)")


@functools.cache
def font(px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``px`` pixels to the em."""
    return ImageFont.truetype(str(font_path(bold)), px)


def _width(text: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(text)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``: a new line after each ``"; "``, then before an
    ``" = "`` (a caption's formula on one line, its numbers on the next), then between words.

    A single word wider than the line is cut between characters (nothing is ever lost off the page).
    """
    lines: list[str] = []
    for part in text.split("; "):
        if lines:
            lines[-1] += ";"
        line = ""
        pieces = part.strip().split(" = ")
        for k, piece in enumerate(pieces):
            piece = piece if k == 0 else f"= {piece}"
            candidate = f"{line} {piece}" if line else piece
            if _width(candidate, face) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            *full, line = _words(piece, face, width)
            lines += full
        lines.append(line)
    return lines


def _words(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words (a word too wide, between characters)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate, face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while _width(line, face) > width and len(line) > 1:
            cut = max(k for k in range(1, len(line) + 1) if _width(line[:k], face) <= width or k == 1)
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def line_height(px: int) -> int:
    """The distance between two lines of text of ``px`` pixels."""
    return round(px * LINE_SPACING)


def body_lines(texts: Sequence[str], px: int) -> list[str]:
    """Each text of ``texts`` wrapped to the frame's width at ``px`` pixels, all the lines in order."""
    face = font(px)
    return [line for text in texts for line in wrap(text, face, WIDTH - 2 * MARGIN)]


def grid_rows(cells: Sequence[str], px: int, max_rows: int) -> tuple[list[list[str]], int]:
    """``cells`` in rows of equal columns as wide as the widest cell: ``(rows, column width)``.

    At most ``max_rows`` rows: when the cells do not fit, the last one says how many were left out
    (``… +7``).
    """
    face = font(px)
    gap = px
    column = max((_width(c, face) for c in cells), default=0.0) + gap
    per_row = max(1, int((WIDTH - 2 * MARGIN + gap) // column)) if column else 1
    rows = [list(cells[i:i + per_row]) for i in range(0, len(cells), per_row)]
    if len(rows) > max(max_rows, 1):
        rows = rows[: max(max_rows, 1)]
        shown = sum(len(r) for r in rows) - 1
        rows[-1][-1] = f"… +{len(cells) - shown}"
    return rows, round(column)


def fit_grid(cells: Sequence[str]) -> tuple[list[list[str]], int, int, int]:
    """``cells`` as a grid in at most half the frame: ``(rows, column width, px, band height)``.

    At :data:`BODY_PX` if they fit, else smaller, down to 32 px (16 pt); past that, the rows that fit.
    """
    for px in GRID_PX:
        rows, column = grid_rows(cells, px, (HEIGHT // 2 - MARGIN) // line_height(px))
        if sum(map(len, rows)) == len(cells):  # every cell shown, none left out
            break
    return rows, column, px, band_height(len(rows), px)


def band_height(lines: int, px: int) -> int:
    """The bottom band holding ``lines`` lines of ``px`` pixels."""
    return lines * line_height(px) + MARGIN


def diagram_box(band: int) -> Box:
    """``(left, top, right, bottom)`` of the diagram's area over a bottom band of height ``band``."""
    return MARGIN, TOP, WIDTH - MARGIN, HEIGHT - band - MARGIN // 2


def zoom_boxes(band: int) -> tuple[Box, Box]:
    """The diagram's area split for a close-up: ``(overview, window)``.

    The overview is a strip at the top holding the whole drawing, small, with a frame around the
    part the window below shows at a readable size.
    """
    left, top, right, bottom = diagram_box(band)
    strip = top + round((bottom - top) * OVERVIEW)
    return (left, top, right, strip), (left, strip + GAP, right, bottom)


def compose(*, heading: str, diagram: Image.Image | None, band: int, lines: Sequence[str] = (),
            px: int = CAPTION_PX, grid: Sequence[Sequence[str]] = (), column: int = 0,
            legend: Sequence[tuple[Swatch, str]] = (), overview: Image.Image | None = None,
            view: Box | None = None) -> Image.Image:
    """One 1920×1080 frame (RGB).

    Args:
        heading: the text of the top left, bold.
        diagram: the picture of the middle, centred in :func:`diagram_box` and made smaller (never
            larger) to fit it.
        band: the height of the bottom band (the same on every page of a deck, so that the
            diagrams keep their size from page to page).
        lines: text lines of the band, centred, at ``px`` pixels (a caption).
        grid: rows of cells of the band, ``column`` pixels apart, at ``px`` pixels (the gradients).
        legend: ``(swatch, words)`` at the top right, each :class:`~viz.style.Swatch` drawn as the
            diagram draws its nodes (fill, border, dashed or not, a sample of their text); in two
            rows when one is too long.
        overview: the whole drawing, for a close-up: ``diagram`` is then the part of it shown in
            the window of :func:`zoom_boxes`, and ``view`` is that part's box in ``overview``'s pixels.
    """
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(frame)
    pen.text((MARGIN, MARGIN), heading, font=font(HEADING_PX, bold=True), fill=INK)
    _legend(pen, legend, MARGIN + _width(heading, font(HEADING_PX, bold=True)) + 2 * MARGIN)

    if overview is not None:
        strip, window = zoom_boxes(band)
        factor, (dx, dy) = _paste(frame, overview, strip)
        if view is not None:
            left, top, right, bottom = (round(c * factor) for c in view)
            pen.rectangle((dx + left, dy + top, dx + right, dy + bottom), outline=MUTED, width=3)
        pen.line((MARGIN, window[1] - GAP // 2, WIDTH - MARGIN, window[1] - GAP // 2), fill="#d0d0d0", width=2)
    else:
        window = diagram_box(band)
    if diagram is not None:
        _paste(frame, diagram, window)

    pen.rectangle((0, HEIGHT - band, WIDTH, HEIGHT), fill=BAND)
    face = font(px)
    step = line_height(px)
    rows: Sequence[Sequence[str]] = [[line] for line in lines] if lines else grid
    y = HEIGHT - band + (band - len(rows) * step) // 2 + (step - px) // 2
    for row in rows:
        if lines:
            x = (WIDTH - _width(row[0], face)) / 2
            pen.text((x, y), row[0], font=face, fill=INK)
        else:
            x = (WIDTH - column * len(grid[0]) + px) / 2
            for k, text in enumerate(row):
                pen.text((x + k * column, y), text, font=face, fill=INK)
        y += step
    return frame


def _paste(frame: Image.Image, picture: Image.Image, box: Box) -> tuple[float, tuple[int, int]]:
    """Paste ``picture`` centred in ``box``, made smaller (never larger) to fit: ``(factor, top left)``."""
    left, top, right, bottom = box
    picture = picture.convert("RGB") if picture.mode != "RGBA" else _on_white(picture)
    factor = min((right - left) / picture.width, (bottom - top) / picture.height, 1.0)
    if factor < 1.0:
        size = (max(1, round(picture.width * factor)), max(1, round(picture.height * factor)))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    corner = (left + (right - left - picture.width) // 2, top + (bottom - top - picture.height) // 2)
    frame.paste(picture, corner)
    return factor, corner


def _on_white(picture: Image.Image) -> Image.Image:
    ground = Image.new("RGB", picture.size, "white")
    ground.paste(picture, mask=picture.getchannel("A"))
    return ground


def _legend(pen: ImageDraw.ImageDraw, entries: Sequence[tuple[Swatch, str]], start: float) -> None:
    """Swatches and their words, right-aligned on the heading's line, right of ``start``; the entries
    that do not fit there go on a second line under it."""
    face, sample = font(LEGEND_PX), font(LEGEND_PX * 3 // 4)
    gap = LEGEND_PX // 2

    def box_width(s: Swatch) -> float:
        return max(LEGEND_PX, _width(s.text, sample) + gap) if s.text else LEGEND_PX

    def width(entry: tuple[Swatch, str]) -> float:
        return box_width(entry[0]) + gap + _width(entry[1], face) + 2 * gap

    rows: list[list[tuple[Swatch, str]]] = [[]]
    for entry in entries:
        if rows[-1] and sum(map(width, rows[-1])) + width(entry) - 2 * gap > WIDTH - MARGIN - start:
            rows.append([])
        rows[-1].append(entry)
    top = MARGIN + (HEADING_PX - LEGEND_PX) // 2 + 4 - (LEGEND_PX // 2 + 4) * (len(rows) - 1)
    for k, row in enumerate(rows):
        x = WIDTH - MARGIN - sum(map(width, row)) + 2 * gap
        y = top + k * (LEGEND_PX + 8)
        for swatch, words in row:
            right = x + box_width(swatch)
            _swatch(pen, swatch, (round(x), y, round(right), y + LEGEND_PX), sample)
            x = right + gap
            pen.text((x, y - 2), words, font=face, fill=MUTED)
            x += _width(words, face) + 2 * gap


def _swatch(pen: ImageDraw.ImageDraw, swatch: Swatch, box: Box, sample: ImageFont.FreeTypeFont) -> None:
    """One swatch: its fill, its border (dashed when the nodes' is), its sample text centred in it."""
    left, top, right, bottom = box
    line = 2 * swatch.width
    pen.rectangle(box, fill=swatch.fill, outline=None if swatch.dashed else swatch.border, width=line)
    if swatch.dashed:  # Pillow draws no dashes: 10 px on, 4 off, along each side
        for s in range(left, right, 14):
            pen.line((s, top, min(s + 10, right), top), fill=swatch.border, width=line)
            pen.line((s, bottom, min(s + 10, right), bottom), fill=swatch.border, width=line)
        for s in range(top, bottom, 14):
            pen.line((left, s, left, min(s + 10, bottom)), fill=swatch.border, width=line)
            pen.line((right, s, right, min(s + 10, bottom)), fill=swatch.border, width=line)
    if swatch.text:
        x = (left + right - _width(swatch.text, sample)) / 2
        pen.text((x, top + (bottom - top - sample.size) // 2 - 2), swatch.text, font=sample, fill=swatch.ink)
