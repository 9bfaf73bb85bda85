"""The notebooks' HTML export (nbconvert) in headless Chromium: a saved notebook shows the playground's still
picture and the player's static view, never a widget's raw text.

Each committed notebook (executed, with its outputs) is exported with nbconvert's ``HTMLExporter`` and
opened at 1920×1080 with the network blocked (a classroom without internet: the page's CDN scripts
never load).  Every output that displays a :func:`viz.playground` (its text is ``pg_still`` of
:mod:`viz.words`) must show its PNG as a loaded ``<img>`` of a readable size at 16:9, and every output
that displays a :func:`viz.player_widget` (its HTML has the diagram and the step table) must show
both; no output may read like a widget's ``repr`` ("VBox(…)") or an unrendered widget.  What is
measured is what matters, not the picture itself, which may be redrawn.

A notebook that JupyterLab saves keeps each output's widget view but (by default) not the widgets'
state; nbconvert then skips the view.  The last test builds such a notebook from the live bundles.
(A notebook saved *with* widget state makes nbconvert render the view instead, through a script
from unpkg.com: offline that output is blank.  ``notebooks/execute.py`` drops the state.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.course import browser_fixture
from viz.words import WORDS

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
#: The text of a playground's output, in every language: how its outputs are found in a notebook.
STILL_TEXTS = frozenset(WORDS(lang)["pg_still"] for lang in ("en", "es"))
#: Text that means a widget was shown as its repr or not rendered at all.
RAW = ("VBox(", "HBox(", "PlayerBox(", "Playground(", "Loading widget", "Error displaying widget", "model not found")
#: The snapshot as it must be seen: at least this many image pixels across, this many CSS px on screen.
NATURAL_WIDTH = 900
RENDERED_WIDTH = 600
#: The playground's still is 16:9, within this relative difference.
ASPECT, ASPECT_TOL = 16 / 9, 0.02
#: A picture has more colours than this; a blank or one-colour box has fewer.
FEW_COLOURS = 64
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _outputs(nb: Any) -> Iterator[dict[str, Any]]:
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from (output.get("data", {}) for output in cell.get("outputs", []))


def playground_pngs(nb: Any) -> list[str]:
    """The base64 PNG of every output that displays a playground (found by its ``pg_still`` text)."""
    return [re.sub(r"\s", "", data["image/png"]) for data in _outputs(nb)
            if data.get("text/plain") in STILL_TEXTS and "image/png" in data]


def playground_cells(nb: Any) -> int:
    """How many code cells display a playground."""
    return sum(any(output.get("data", {}).get("text/plain") in STILL_TEXTS for output in cell.get("outputs", []))
               for cell in nb.cells if cell.cell_type == "code")


def player_rows(nb: Any) -> list[int]:
    """For every output that displays a player's static view (the diagram and the step table): its rows."""
    return [data["text/html"].count("<tr") for data in _outputs(nb)
            if 'class="pizarra-trace"' in data.get("text/html", "") and "<svg" in data["text/html"]]


def export(nb: Any, path: Path) -> Path:
    """``nb`` as nbconvert's HTML (the default "lab" template), written to ``path``."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    path.write_text(body, encoding="utf-8")
    return path


browser = browser_fixture(blocked=("http://*", "https://*"))


def _open(browser: Any, page: Path) -> None:
    browser.get("about:blank")
    browser.get(page.resolve().as_uri())


_IMAGES = """
var wanted = arguments[0];
return Array.from(document.querySelectorAll('.jp-OutputArea-output img')).map(function (img) {
    var r = img.getBoundingClientRect(), style = getComputedStyle(img);
    var src = (img.getAttribute('src') || '').replace(/\\s/g, '');
    return {png: src.startsWith('data:image/png;base64,') ? wanted.indexOf(src.slice(22)) : -1,
            complete: img.complete, natural: [img.naturalWidth, img.naturalHeight], rendered: [r.width, r.height],
            shown: img.offsetParent !== null && style.visibility !== 'hidden' && style.opacity !== '0'};
}).filter(function (image) { return image.png >= 0; });"""

_PLAYERS = """
return Array.from(document.querySelectorAll('.jp-OutputArea-output')).filter(function (out) {
    return out.querySelector('table.pizarra-trace') && out.querySelector('svg');
}).map(function (out) {
    var svg = out.querySelector('svg').getBoundingClientRect();
    var rows = Array.from(out.querySelectorAll('table.pizarra-trace tr'));
    return {shown: out.offsetParent !== null, svg: [svg.width, svg.height], rows: rows.length,
            rowsShown: rows.filter(function (tr) { return tr.getBoundingClientRect().height > 0; }).length};
});"""

_RAW = """
return {text: Array.from(document.querySelectorAll('.jp-OutputArea-output')).map(function (out) {
            return out.innerText; }).join('\\n'),
        views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length};"""


def _aspect_ok(size: list[float]) -> bool:
    return size[1] > 0 and abs(size[0] / size[1] / ASPECT - 1) <= ASPECT_TOL


def check_page(browser: Any, nb: Any, page: Path, shot: Path) -> None:
    """Open ``page`` (``nb`` exported) and check its playground stills, player views and raw text."""
    _open(browser, page)
    where = page.name
    raw = browser.execute_script(_RAW)
    assert raw["views"] == 0, f"{where}: nbconvert rendered {raw['views']} widget view(s) (it had widget state)"
    shown_raw = [text for text in RAW if text in raw["text"]]
    assert not shown_raw, f"{where}: an output reads {shown_raw}: a widget shown as its repr"

    pngs = playground_pngs(nb)
    assert len(pngs) == playground_cells(nb), f"{where}: a cell displays a playground without its PNG"
    found = browser.execute_script(_IMAGES, pngs)
    on_page = [pngs[image["png"]] for image in found]
    assert on_page == pngs, f"{where}: {len(on_page)} playground stills on the page for {len(pngs)} outputs"
    for i, image in enumerate(found, start=1):
        still = f"{where}, playground still {i}"
        assert image["complete"] and image["shown"], f"{still} is not shown: {image}"
        assert image["natural"][0] >= NATURAL_WIDTH, f"{still} is {image['natural'][0]} px wide (< {NATURAL_WIDTH})"
        assert image["rendered"][0] >= RENDERED_WIDTH, f"{still} is shown {image['rendered'][0]:.0f} CSS px wide"
        assert _aspect_ok(image["natural"]) and _aspect_ok(image["rendered"]), f"{still} is not 16:9: {image}"
    if pngs:
        _first_still_is_a_picture(browser, pngs[0], shot, where)

    for i, (player, rows) in enumerate(zip(browser.execute_script(_PLAYERS), player_rows(nb), strict=True), start=1):
        view = f"{where}, player {i}"
        assert player["shown"] and player["svg"][0] >= RENDERED_WIDTH and player["svg"][1] > 100, f"{view}: {player}"
        assert player["rows"] == rows and player["rowsShown"] == rows, f"{view}: {player['rowsShown']} of {rows} rows"


def _first_still_is_a_picture(browser: Any, png: str, shot: Path, where: str) -> None:
    """Scroll to the still ``png``, screenshot the screen to ``shot``, and count the colours in its box."""
    from PIL import Image

    box = browser.execute_script("""
        var src = 'data:image/png;base64,' + arguments[0];
        var img = Array.from(document.querySelectorAll('.jp-OutputArea-output img')).find(
            function (i) { return (i.getAttribute('src') || '').replace(/\\s/g, '') === src; });
        img.scrollIntoView({block: 'start'});
        var r = img.getBoundingClientRect();
        return [r.left, r.top, Math.min(r.right, window.innerWidth), Math.min(r.bottom, window.innerHeight)];""",
                                 png)
    shot.write_bytes(browser.get_screenshot_as_png())
    with Image.open(shot) as screen:
        assert screen.size == (1920, 1080)
        region = screen.convert("RGB").crop(tuple(round(v) for v in box))
    assert region.width >= RENDERED_WIDTH and region.height >= RENDERED_WIDTH * 9 / 16 * 0.9, f"{where}: {box}"
    colours = region.getcolors(region.width * region.height) or []
    commonest = max(count for count, _ in colours)
    assert len(colours) > FEW_COLOURS, f"{where}: the first still shows {len(colours)} colours (blank?)"
    assert commonest < 0.9 * region.width * region.height, f"{where}: the first still is mostly one colour"



# --- the committed notebooks -------------------------------------------------------------------------

@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.stem)
def test_the_exported_notebook_shows_stills_not_widgets(browser: Any, path: Path, tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    check_page(browser, nb, export(nb, tmp_path / f"{path.stem}.html"), tmp_path / f"{path.stem}.png")


def test_the_pages_checked_have_a_playground_and_a_player() -> None:
    """The checks above count what the notebooks display: notebook 09 a playground, some notebook a player."""
    import nbformat

    notebooks = {path.stem: nbformat.read(path, as_version=4) for path in PATHS}
    assert playground_cells(notebooks["09_playground"]) >= 1
    assert sum(len(player_rows(nb)) for nb in notebooks.values()) >= 1


# --- a notebook as JupyterLab saves it ------------------------------------------------------------------

@pytest.mark.dot
def test_a_notebook_saved_with_the_widget_views_shows_the_stills_too(browser: Any, tmp_path: Path) -> None:
    """The live bundles (widget view, still, text) saved without widget state, as JupyterLab does by default."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    import viz
    from autograd import trace_backward
    from viz.demo import relu_neuron

    playground = viz.playground(notation="es")._repr_mimebundle_()
    player = viz.player_widget(trace_backward(relu_neuron()[0]), notation="es")._repr_mimebundle_()
    assert WIDGET_VIEW in playground and WIDGET_VIEW in player      # what Jupyter shows live
    nb = new_notebook(cells=[
        new_code_cell("viz.playground(notation='es')", execution_count=1,
                      outputs=[new_output("execute_result", data=playground, execution_count=1)]),
        new_code_cell("viz.player_widget(pasos, notation='es')", execution_count=2,
                      outputs=[new_output("execute_result", data=player, execution_count=2)]),
    ])
    nb = nbformat.reads(json.dumps(nb), as_version=4)                # as a saved file reads back
    assert len(playground_pngs(nb)) == 1 and len(player_rows(nb)) == 1
    check_page(browser, nb, export(nb, tmp_path / "saved.html"), tmp_path / "saved.png")
