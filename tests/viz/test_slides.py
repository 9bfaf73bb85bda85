"""``viz.slides`` and ``pizarra slides``: a backward pass as 16:9 slides — PDF, GIF, PNG frames.

What is measured is what a class sees: the page count and shape, each step's caption on its page and
its letters' height in the 1920×1080 frame, the highlighted node's size, the GIF's timing, the
frames' names; and that a failed write leaves nothing half-written.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, PdfParser
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

import viz
from autograd import Trace, Value, trace_backward
from autograd.text import Notation
from autograd.trace import Step
from viz import cli, frames
from viz.deck import MAX_SCALE, MIN_SCALE, Deck, slide_deck, slides
from viz.demo import relu_neuron
from viz.style import HIGHLIGHT_FILL

pytestmark = pytest.mark.dot

SIZE = (frames.WIDTH, frames.HEIGHT)


def product() -> Trace:
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    y = x * w
    y.label = "y"
    return trace_backward(y)


@pytest.fixture(scope="module")
def neuron() -> Trace:
    loss, _ = relu_neuron()
    return trace_backward(loss)


@pytest.fixture(scope="module")
def deck_es(neuron: Trace) -> Deck:
    """The course's ReLU neuron (16 steps), in Spanish: made once, looked at by many tests."""
    return slide_deck(neuron, notation="es")


@pytest.fixture(scope="module")
def small() -> Deck:
    return slide_deck(product())


def pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as picture:
        return np.asarray(picture.convert("RGB"))


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The (width, height) in points of every page of a PDF, read with Pillow's PDF parser."""
    parser = PdfParser.PdfParser(buf=data)
    sizes = []
    for ref in parser.pages:
        left, bottom, right, top = parser.read_indirect(ref)[b"MediaBox"]
        sizes.append((right - left, top - bottom))
    return sizes


def words(text: str) -> str:
    """``text`` with its whitespace normalised, and either minus sign read as ``-``."""
    return " ".join(text.replace("\u2212", "-").split())


def letters(text: str) -> str:
    """``text`` without whitespace (a PDF's runs of text may leave a space as a gap), minus as ``-``."""
    return "".join(text.replace("\u2212", "-").split())


def text_at_least(page: PageObject, points: float) -> str:
    """The text of a PDF page set at ``points`` or larger (font size times the text and current matrices)."""
    runs: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        if size * math.sqrt(abs(a * d - b * c)) >= points - 0.01:
            runs.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(runs)


def raster_images(resources: object) -> list[object]:
    """The image XObjects among PDF resources, in forms too (a vector page has none)."""
    resources = getattr(resources, "get_object", lambda: resources)()
    if not isinstance(resources, DictionaryObject):
        return []
    found: list[object] = []
    for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(xobject)
        found += raster_images(xobject.get("/Resources"))
    return found


def ink_lines(frame: np.ndarray) -> list[tuple[int, int]]:
    """The (top, bottom) pixel rows of each line of dark text in the frame's bottom band."""
    band_top = int(np.where((frame[:, 2] == (0xF2, 0xF2, 0xF2)).all(axis=1))[0].min())
    dark = (frame[band_top:].mean(axis=2) < 128).any(axis=1)
    lines, start = [], None
    for row, is_dark in enumerate(dark):
        if is_dark and start is None:
            start = row
        if not is_dark and start is not None:
            lines.append((band_top + start, band_top + row - 1))
            start = None
    return lines


# --- the deck -------------------------------------------------------------------------------------

def test_a_page_per_step_between_the_title_and_the_gradients(deck_es: Deck, neuron: Trace) -> None:
    assert len(deck_es) == len(neuron) + 2 == 18
    assert [p.kind for p in deck_es] == ["title", *["step"] * 16, "gradients"]
    for page, step in zip(deck_es[1:-1], neuron):
        assert page.text == (step.caption(notation="es"),)
        with Image.open(io.BytesIO(page.png)) as picture:
            assert picture.size == SIZE
    assert deck_es[9].text == ("∂L/∂w3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂w3 = (−4) · 2 = −8",)


def test_the_words_and_numbers_are_spanish_under_lang_es(deck_es: Deck) -> None:
    assert deck_es.title == deck_es[0].heading == "Retropropagación paso a paso"
    assert deck_es[0].text == ("Paso hacia adelante: L = 8", "luego hacia atrás, un paso por página: 16 pasos",
                               "donde u₁ = w1·x1 + w2·x2")    # what u₁ stands for, said once
    assert [p.heading for p in deck_es[1:3]] == ["Paso 1 de 16", "Paso 2 de 16"]
    assert deck_es[1].text == ("∂L/∂((ŷ − y)²) += ∂L/∂L · ∂L/∂((ŷ − y)²) = 1 · 0,5 = 0,5",)  # the decimal comma
    assert deck_es[-1].heading == "Todos los gradientes"
    assert deck_es[-1].text == ("∂L/∂w1 = −4", "∂L/∂x1 = −16", "∂L/∂w2 = 0", "∂L/∂x2 = −8", "∂L/∂w3 = −8",
                                "∂L/∂x3 = 20", "∂L/∂b = −4")


def test_english_and_a_title_of_ones_own(small: Deck) -> None:
    assert [p.heading for p in small] == ["Backpropagation, step by step", "Step 1 of 2", "Step 2 of 2",
                                          "Every gradient"]
    assert small[-1].text == ("∂y/∂x = −3", "∂y/∂w = 2")
    deck = slide_deck(product(), title="Un producto", notation=Notation("es", decimal=".", precision=2))
    assert deck[0].heading == deck.title == "Un producto"

    def quarter() -> Trace:
        return trace_backward(Value(0.25, label="x") * Value(4.0, label="w"))

    assert slide_deck(quarter(), notation=Notation("es", decimal="."))[2].text[0].endswith("= 1 · 0.25 = 0.25")
    assert slide_deck(quarter(), notation="es")[2].text[0].endswith("= 1 · 0,25 = 0,25")


def test_the_caption_is_big_enough_for_the_back_of_the_room(deck_es: Deck, small: Deck) -> None:
    """A 32 pt caption on the PDF's page (144 px to the inch) is 64 px to the em: its digits alone, 0.73
    em, make every line of ink at least 46 px tall; a caption that does not fit a line wraps, its
    formula on one line and its numbers on the next, and stays inside the frame's margins."""
    for page in [*deck_es[1:-1], *small[1:-1]]:
        frame = pixels(page.png)
        lines = ink_lines(frame)
        assert len(lines) in (1, 2), page.text
        for top, bottom in lines:
            assert bottom - top + 1 >= 46, f"{page.heading}: caption line {bottom - top + 1} px tall"
        band = frame[lines[0][0]:lines[-1][1] + 1]
        columns = np.where((band.mean(axis=2) < 128).any(axis=0))[0]
        assert columns.min() >= frames.MARGIN and columns.max() < frames.WIDTH - frames.MARGIN, page.heading
    # the longest caption of the neuron, 2165 px at 64 px, is two lines: where a teacher would break it
    assert len(ink_lines(pixels(deck_es[2].png))) == 2
    assert frames.body_lines(deck_es[2].text, frames.CAPTION_PX) == [
        "∂L/∂(ŷ − y) += ∂L/∂((ŷ − y)²) · ∂((ŷ − y)²)/∂(ŷ − y)", "= 0,5 · (−8) = −4"]
    # the others are one line, but those naming the partial sum u₁ + w3·x3 twice
    wrapped = [p.heading for p in deck_es[3:-1] if len(ink_lines(pixels(p.png))) != 1]
    assert wrapped == [p.heading for p in deck_es[3:-1] if len(frames.body_lines(p.text, frames.CAPTION_PX)) == 2]
    assert all("u₁ + w3·x3" in p.text[0] for p in deck_es[3:-1] if p.heading in wrapped)
    # the title and gradients pages' text, 24 pt, is in lines of at least 34 px
    for top, bottom in ink_lines(pixels(deck_es[-1].png)) + ink_lines(pixels(deck_es[0].png)):
        assert bottom - top + 1 >= 34


def test_long_captions_wrap_after_the_semicolon_and_between_words() -> None:
    face = frames.font(frames.CAPTION_PX)
    width = frames.WIDTH - 2 * 48
    text = "∂L/∂x += ∂L/∂n3 · ∂n3/∂x = (−1,5) · 2 = −3; ahora ∂L/∂x = 4 + (−3) = 1"
    assert frames.wrap(text, face, width) == ["∂L/∂x += ∂L/∂n3 · ∂n3/∂x = (−1,5) · 2 = −3;",
                                              "ahora ∂L/∂x = 4 + (−3) = 1"]
    # a part too long for a line breaks before an " = ": the formula, then the numbers
    narrow = face.getlength("∂L/∂a += ∂L/∂b · ∂b/∂a = 2 · 3") - 1
    assert frames.wrap("∂L/∂a += ∂L/∂b · ∂b/∂a = 2 · 3 = 6", face, narrow) == ["∂L/∂a += ∂L/∂b · ∂b/∂a",
                                                                                "= 2 · 3 = 6"]
    long = " ".join(["∂L/∂(w1*x1 + w2*x2)"] * 6)
    lines = frames.wrap(long, face, width)
    assert len(lines) > 1 and " ".join(lines) == long
    assert all(face.getlength(line) <= width for line in lines)
    assert frames.wrap("x" * 200, face, 600) and "".join(frames.wrap("x" * 200, face, 600)) == "x" * 200

    x = Value(3.0, label="x")
    y = x * x + x * 2.0
    y.label = "y"
    deck = slide_deck(trace_backward(y))
    wrapped = [p for p in deck if p.kind == "step" and "; now" in p.text[0]]
    assert wrapped and all(len(ink_lines(pixels(p.png))) == 2 for p in wrapped)


def test_the_last_page_shows_every_gradient_smaller_if_it_must() -> None:
    cells = [f"∂L/∂(W1[{i},{j}]) = −0,01229" for i in range(1, 4) for j in range(1, 4)]
    rows, _, px, band = frames.fit_grid(cells)
    assert px == frames.BODY_PX and sum(map(len, rows)) == 9 and band <= frames.HEIGHT // 2
    many = [f"∂L/∂(W{i}) = −0,5" for i in range(40)]
    rows, _, px, band = frames.fit_grid(many)
    assert px < frames.BODY_PX and sum(map(len, rows)) == 40 and band <= frames.HEIGHT // 2
    too_many = [f"∂L/∂(W{i}) = −0,5" for i in range(400)]
    rows, _, px, band = frames.fit_grid(too_many)
    shown = sum(map(len, rows)) - 1
    assert px == 32 and band <= frames.HEIGHT // 2 and rows[-1][-1] == f"… +{400 - shown}"


def wide_sum(terms: int) -> Trace:
    """``b + w1·x1 + … + wk·xk``: a graph too tall to be shown whole in letters read from the back."""
    y = Value(0.5, label="b")
    for i in range(1, terms + 1):
        y = y + Value(0.5 * i, label=f"w{i}") * Value(1.0 - i, label=f"x{i}")
    y.label = "L"
    return trace_backward(y)


def highlighted_cell(png: bytes) -> int:
    """The height in pixels of the tallest run of the highlight's fill: one cell of the highlighted
    box (name, value or gradient, between the box's rules), which holds one line of 12 pt text."""
    fill = (pixels(png) == np.array([int(HIGHLIGHT_FILL[i:i + 2], 16) for i in (1, 3, 5)])).all(axis=2)
    return max(_longest_run(column) for column in fill.T)


def overview_rule(frame: np.ndarray) -> np.ndarray:
    """The rows of the grey rule between a close-up's overview and its window (none on a whole drawing)."""
    return np.where((frame[:, frames.MARGIN:frames.WIDTH - frames.MARGIN] == (0xD0, 0xD0, 0xD0)).all(axis=(1, 2)))[0]


def test_the_neuron_is_drawn_whole_in_letters_read_from_the_back(deck_es: Deck, small: Deck) -> None:
    """Drawn compactly and padded to the diagram's area, the neuron fits every page at MIN_SCALE or
    more: its 12 pt node text is at least 20 px tall, and each highlighted cell at least as tall."""
    assert deck_es.scale >= MIN_SCALE and 12 * MIN_SCALE >= 20
    for page in deck_es[1:-1]:
        assert highlighted_cell(page.png) >= 12 * MIN_SCALE, page.heading
        assert not overview_rule(pixels(page.png)).size, f"{page.heading}: a close-up"
    # a small graph is drawn whole, enlarged up to MAX_SCALE and no more
    assert small.scale == MAX_SCALE


def test_a_step_is_shown_close_up_when_the_whole_graph_would_be_too_small() -> None:
    """A sum of six products fits the page only under MIN_SCALE; each step is then a close-up at
    MIN_SCALE or more (each highlighted cell holds 12 pt text of 20 px or more) under an overview
    separated from it by a grey rule."""
    deck = slide_deck(wide_sum(6))
    assert deck.scale < MIN_SCALE
    for page in deck[1:-1]:
        frame = pixels(page.png)
        assert highlighted_cell(page.png) >= 12 * MIN_SCALE, page.heading
        rule = overview_rule(frame)
        assert rule.size and frames.TOP < rule.min() < frames.HEIGHT // 2, page.heading
    # the PDF's step pages paint the diagram twice, the overview and the close-up, under the caption's text
    reader = PdfReader(io.BytesIO(deck.to_pdf()))
    for pdf_page, page in zip(reader.pages[1:-1], deck[1:-1]):
        assert pdf_page.get_contents().get_data().count(b" Do") == 2, page.heading
        assert words(page.text[0]) in words(pdf_page.extract_text())
    assert reader.pages[0].get_contents().get_data().count(b" Do") == 1


def _longest_run(column: np.ndarray) -> int:
    best = run = 0
    for on in column:
        run = run + 1 if on else 0
        best = max(best, run)
    return best


@pytest.mark.parametrize("deck_name", ["small", "deck_es"])
def test_every_page_draws_the_same_layout(deck_name: str, request: pytest.FixtureRequest) -> None:
    """Boxes are as wide and as tall as their largest label on any page (the title page's have no
    gradient, a step's may say ``grad —``) and every drawing is padded alike: nothing moves between pages."""
    deck: Deck = request.getfixturevalue(deck_name)

    def extent(png: bytes) -> tuple[int, int, int, int]:
        area = pixels(png)[frames.TOP:frames.HEIGHT - 300].min(axis=2) < 250
        rows, cols = np.where(area)
        return rows.min(), rows.max(), cols.min(), cols.max()

    whole = extent(deck[1].png)
    for page in deck:  # the highlight's thicker lines are all that differs
        assert np.abs(np.subtract(extent(page.png), whole)).max() <= 3, page.heading


def test_the_diagrams_are_drawn_for_the_slide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every diagram is drawn compactly and padded to the diagram's area (``fit``), without draw's
    own caption and legend (the slide writes them, larger, outside the drawing)."""
    import viz.deck

    real, real_step = viz.deck.draw, viz.deck.draw_step
    seen: list[tuple[object, object, object]] = []

    def spy(root: Value, show_grad: bool | None = None, **options: object) -> object:
        seen.append((options["fit"], False, options["legend"]))  # draw writes no caption of its own
        return real(root, show_grad, **options)  # type: ignore[arg-type]

    def spy_step(step: Step, **options: object) -> object:
        seen.append((options["fit"], options["caption"], options["legend"]))
        return real_step(step, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(viz.deck, "draw", spy)
    monkeypatch.setattr(viz.deck, "draw_step", spy_step)
    deck = slide_deck(product())
    band = max(frames.band_height(1, frames.CAPTION_PX), frames.band_height(2, frames.BODY_PX))  # the title's 2 lines
    left, top, right, bottom = frames.diagram_box(band)
    assert len(deck) == 4 and len(seen) >= 4
    assert set(seen) == {(f"{right - left}:{bottom - top}", False, False)}


def test_a_trace_without_steps_has_the_title_and_the_gradients() -> None:
    deck = slide_deck(trace_backward(Value(3.0, label="a")))
    assert [p.kind for p in deck] == ["title", "gradients"]
    assert deck[0].text[1] == "then backward, one step per page: 0 steps"
    x = Value(2.0, label="x")
    assert slide_deck(trace_backward(x * 3.0))[0].text[1] == "then backward: one step"


def test_bad_arguments_are_named() -> None:
    with pytest.raises(TypeError, match="Trace from trace_backward"):
        slide_deck(Value(1.0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rankdir"):
        slide_deck(product(), rankdir="XY")
    with pytest.raises(ValueError, match="max_nodes"):
        slide_deck(product(), max_nodes=2)
    with pytest.raises(ValueError, match="seconds"):
        slides(product(), "x.gif", seconds=0)


# --- the files ------------------------------------------------------------------------------------

def test_the_pdf_has_a_16_9_page_per_frame(small: Deck, tmp_path: Path) -> None:
    [path] = small.write(tmp_path / "pasos.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == [(960, 540)] * 4                   # 13.33 in × 7.5 in: PowerPoint's 16:9
    assert PdfParser.decode_text(PdfParser.PdfParser(buf=data).info[b"Title"]) == "Backpropagation, step by step"
    assert small.to_pdf() == data                                # no dates inside: the same deck, the same file


def test_the_pdf_is_vector_with_each_caption_as_text(deck_es: Deck, neuron: Trace, tmp_path: Path) -> None:
    """The course's neuron: 18 pages of the same 16:9 size, under 1 MB, no raster image; each step's
    page holds its caption as text a PDF reader finds, in 32 pt letters (the frames' 64 px), and
    the title and last pages their lines."""
    [path] = deck_es.write(tmp_path / "pasos.pdf")
    data = path.read_bytes()
    assert len(data) < 1_000_000, f"{len(data)} bytes"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(neuron) + 2 == 18
    assert {tuple(float(c) for c in page.mediabox) for page in reader.pages} == {(0.0, 0.0, 960.0, 540.0)}
    for page, step in zip(reader.pages[1:-1], neuron):
        caption = step.caption(notation="es")
        assert words(caption) in words(page.extract_text()), caption
        assert letters(text_at_least(page, frames.CAPTION_PX / 2)) == letters(caption)
    for page, shown in ((reader.pages[0], deck_es[0]), (reader.pages[-1], deck_es[-1])):
        text = words(page.extract_text())
        assert all(words(line) in text for line in shown.text), shown.text
        # the heading and the lines at 24 pt or more, as in the frames (the gradients at 24, 20 or 16 pt)
        assert letters(text_at_least(page, shown.sheet.px / 2)) == letters(shown.heading + "".join(shown.text))
    assert words(deck_es[1].heading) in words(reader.pages[1].extract_text())
    assert [raster_images(page.get("/Resources")) for page in reader.pages] == [[]] * 18


def test_a_pdf_draws_no_frame(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The PDF is graphviz's own PDF: writing it renders no PNG (the frames are drawn only for a GIF or PNGs)."""

    def no_raster(*args: object) -> None:
        raise AssertionError("the PDF rendered a PNG frame")

    monkeypatch.setattr("viz.deck._render", no_raster)
    [path] = slides(product(), tmp_path / "pasos.pdf")
    assert len(PdfReader(path).pages) == 4


def test_the_gif_loops_with_a_frame_per_page(small: Deck, tmp_path: Path) -> None:
    [path] = small.write(tmp_path / "pasos.gif", seconds=2.5)
    with Image.open(path) as gif:
        assert gif.n_frames == len(small) and gif.size == SIZE and gif.info["loop"] == 0
        for i in range(gif.n_frames):
            gif.seek(i)
            assert gif.info["duration"] == 2500
            error = np.abs(np.asarray(gif.convert("RGB")).astype(int) - pixels(small[i].png)).max(axis=2)
            assert error.mean() < 1 and (error > 32).mean() < 0.001  # 256 colours, no dithering: the same picture


def test_frames_in_a_folder_or_beside_a_name(small: Deck, tmp_path: Path) -> None:
    written = small.write(tmp_path / "frames")
    assert [p.name for p in written] == ["slide_01.png", "slide_02.png", "slide_03.png", "slide_04.png"]
    for path, page in zip(written, small):
        assert path.read_bytes() == page.png
        with Image.open(path) as picture:
            assert picture.size == SIZE
    beside = small.write(tmp_path / "out" / "pasos.png")
    assert [p.name for p in beside] == ["pasos_01.png", "pasos_02.png", "pasos_03.png", "pasos_04.png"]
    assert not (tmp_path / "out" / "pasos.png").exists()
    es = slide_deck(product(), notation="es").write(str(tmp_path / "es") + os.sep)
    assert es[0].name == "diapositiva_01.png"


def test_frames_of_a_longer_deck_are_replaced_and_nothing_else(small: Deck, tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    folder.mkdir()
    for name in ("slide_05.png", "slide_12.png", "notes.png", "slide_title.png", "other_01.png"):
        (folder / name).write_bytes(b"old")
    small.write(folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.png", "other_01.png", "slide_01.png", "slide_02.png", "slide_03.png", "slide_04.png", "slide_title.png"]


def test_an_unknown_suffix_is_refused_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*args: object, **kwargs: object) -> Deck:
        raise AssertionError("the deck was made")

    monkeypatch.setattr("viz.deck.slide_deck", no_work)
    with pytest.raises(ValueError, match=r"cannot write slides to '.*pasos\.svg'.*\.pdf.*\.gif.*NAME\.png.*folder"):
        slides(product(), tmp_path / "pasos.svg")
    with pytest.raises(ValueError, match=r"no se pueden escribir diapositivas en '.*pasos\.pptx'.*carpeta"):
        slides(product(), tmp_path / "pasos.pptx", notation="es")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(small: Deck, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pasos.pdf"
    target.write_bytes(b"the old deck")

    def broken(self: Image.Image, fp: object, format: str | None = None, **params: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", broken)
    monkeypatch.setattr(PdfWriter, "write", broken)
    with pytest.raises(OSError, match="No space left"):
        small.write(target)
    with pytest.raises(OSError, match="No space left"):
        small.write(tmp_path / "pasos.gif")
    assert target.read_bytes() == b"the old deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pasos.pdf"]


def test_a_graph_too_big_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_nodes"):
        slides(product(), tmp_path / "pasos.pdf", max_nodes=2)
    assert list(tmp_path.iterdir()) == []


def test_viz_exports_slides_lazily() -> None:
    assert viz.slides is slides and viz.slide_deck is slide_deck and viz.Deck is Deck
    assert {"slides", "slide_deck", "Deck"} <= set(viz.__all__)


def test_the_font_is_found_or_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    assert frames.font_path().name == "DejaVuSans.ttf" and frames.font_path(bold=True).is_file()
    monkeypatch.setattr(frames.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(frames, "_SYSTEM_FONTS", tmp_path)
    with pytest.raises(FileNotFoundError, match="fonts-dejavu-core"):
        frames.font_path()


# --- the command ----------------------------------------------------------------------------------

FORMULA = ["x*w + b", "x=2", "w=-3", "b=1"]


@pytest.mark.parametrize("output, files", [("pasos.pdf", ["pasos.pdf"]), ("pasos.gif", ["pasos.gif"]),
                                           ("cuadros", [f"cuadros/diapositiva_0{i}.png" for i in range(1, 7)])])
def test_pizarra_slides_writes_what_the_suffix_says(output: str, files: list[str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["slides", *FORMULA, "--lang", "es", "-o", str(tmp_path / output)]) == 0
    err = capsys.readouterr().err
    for name in files:
        assert (tmp_path / name).is_file() and str(tmp_path / name) in err
    if output.endswith(".pdf"):
        assert len(pdf_pages((tmp_path / output).read_bytes())) == 4 + 2   # 4 steps
    if output.endswith(".gif"):
        with Image.open(tmp_path / output) as gif:
            assert gif.n_frames == 6 and gif.info["duration"] == 3000


def test_pizarra_slides_options_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.gif"
    assert cli.main(["slides", *FORMULA, "--seconds", "1.5", "--title", "x·w + b", "--rankdir", "TB",
                     "-o", str(out)]) == 0
    with Image.open(out) as gif:
        assert gif.info["duration"] == 1500
    capsys.readouterr()
    assert cli.main(["slides", *FORMULA, "-o", str(tmp_path / "p.svg")]) == 2
    assert "pizarra slides: error: cannot write slides to" in capsys.readouterr().err
    assert cli.main(["slides", *FORMULA, "--seconds", "0", "-o", str(tmp_path / "q.gif")]) == 2
    assert "seconds must be a positive number" in capsys.readouterr().err
    assert cli.main(["slides", "2*3", "-o", str(tmp_path / "r.pdf")]) == 2
    assert "nothing to differentiate" in capsys.readouterr().err
    assert cli.main(["slides", *FORMULA]) == 2                              # -o is required
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gif"]


README_NEURON = ["0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2",
                 "w1=4", "w2=2", "w3=-5", "x1=1", "x2=0", "x3=2", "b=7", "y=5"]


def test_pizarra_slides_of_the_readme_neuron_is_a_vector_pdf(tmp_path: Path) -> None:
    """The README's command: a page per step between the title and the gradients, all 16:9, each
    step's caption as text, under 1 MB, no raster image."""
    out = tmp_path / "pasos.pdf"
    assert cli.main(["slides", *README_NEURON, "--lang", "es", "-o", str(out)]) == 0
    values = {name: float(value) for name, value in (item.split("=") for item in README_NEURON[1:])}
    trace = trace_backward(viz.parse(README_NEURON[0], values))
    assert out.stat().st_size < 1_000_000
    reader = PdfReader(out)
    assert len(reader.pages) == len(trace) + 2
    assert {tuple(float(c) for c in page.mediabox) for page in reader.pages} == {(0.0, 0.0, 960.0, 540.0)}
    for page, step in zip(reader.pages[1:-1], trace):
        assert words(step.caption(notation="es")) in words(page.extract_text())
    assert not any(raster_images(page.get("/Resources")) for page in reader.pages)
