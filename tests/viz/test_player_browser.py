"""The player page in headless Chromium: stepping, and reading it on a projector.

At 1920×1080 and 1280×720 every node's text is measured on screen (the ``getBoundingClientRect``
of the SVG text elements) at every step, the node being processed and its receiving parent must be
inside the graph's view, the zoom keys and buttons change the scale, and ``f`` gives the graph the
screen.  The browser is :func:`viz.player.screenshot.open_browser`, the one ``make docs`` uses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from autograd import trace_backward
from autograd.text import Notation
from autograd.trace import Trace
from tests.course import browser_fixture
from viz.demo import relu_neuron
from viz.ids import draw_ids, step_ids
from viz.player import player
from viz.player.screenshot import docs_pictures, find_browser, screenshot, set_viewport
from viz.style import HIGHLIGHT_EDGE, HIGHLIGHT_FILL

pytestmark = [pytest.mark.dot, pytest.mark.browser]

#: The projector sizes the page must read well at (CSS pixels of the viewport).
SIZES = [(1920, 1080), (1280, 720)]
#: The smallest on-screen height of a node's text, in CSS pixels.
READABLE = 16.0


def neuron_trace() -> Trace:
    return trace_backward(relu_neuron()[0])


browser = browser_fixture(1400, 1000)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = player(neuron_trace(), tmp_path_factory.mktemp("player") / "player.html", notation="es")
    assert isinstance(path, Path)
    return path


def _open(browser: Any, page: Path, size: tuple[int, int], step: int | None = None) -> None:
    set_viewport(browser, *size)
    browser.get("about:blank")      # a fresh load even when only the address's #step differs
    browser.get(page.resolve().as_uri() + (f"#{step}" if step else ""))


def _press(browser: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    for key in keys:
        ActionChains(browser).send_keys(key).perform()


def _seen(driver: Any) -> dict[str, Any]:
    """What the page shows: highlighted elements, the step's row, caption, the receiving node's gradient."""
    seen: dict[str, Any] = driver.execute_script("""
        var q = function (s) { return Array.from(document.querySelectorAll(s)).map(function (e) { return e.id; }); };
        var parent = document.querySelector('#pz-graph g.pz-receiving');
        var changed = parent ? parent.querySelector('text.pz-changed') : null;
        return {current: q('#pz-graph g.pz-current'), op: q('#pz-graph g.pz-op'),
                receiving: q('#pz-graph g.pz-receiving'), edges: q('#pz-graph g.pz-active'),
                row: Array.from(document.querySelectorAll('#pz-row tr > :last-child')).map(
                    function (cell) { return cell.textContent; }),
                caption: document.getElementById('pz-caption').textContent,
                grad: changed ? changed.textContent : null,
                counter: document.getElementById('pz-counter').textContent,
                slider: document.getElementById('pz-slider').value,
                tableRow: Array.from(document.querySelectorAll('#pz-table tr.pz-current')).map(
                    function (tr) { return tr.dataset.step; })};""")
    return seen


def _expected(steps: Trace, i: int, lang: str = "en", decimal: str = ".") -> dict[str, Any]:
    marked = step_ids(steps[i], draw_ids(steps.root))
    _, rows = steps.to_rows(notation=Notation(lang, decimal=decimal, precision=4))
    return {"current": [marked.node], "op": [marked.op], "receiving": [marked.parent],
            "edges": sorted(marked.edges), "row": rows[i], "grad": f"grad {rows[i][8]}",
            "caption": steps[i].caption(notation=Notation(lang, decimal=decimal)), "slider": str(i + 1),
            "tableRow": [str(i)]}


def _measure(driver: Any) -> dict[str, Any]:
    """On-screen sizes: every node text's height, the current node's, and the boxes that must be seen."""
    measured: dict[str, Any] = driver.execute_script("""
        var heights = function (s) { return Array.from(document.querySelectorAll(s)).map(
            function (t) { return t.getBoundingClientRect().height; }); };
        var box = function (e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        var graph = document.getElementById('pz-graph'), svg = graph.querySelector('svg');
        return {current: heights('#pz-graph g.pz-current text'), all: heights('#pz-graph g.node text'),
                node: box(document.querySelector('#pz-graph g.pz-current')),
                parent: box(document.querySelector('#pz-graph g.pz-receiving')),
                view: [graph.getBoundingClientRect().left + graph.clientLeft,
                       graph.getBoundingClientRect().top + graph.clientTop,
                       graph.getBoundingClientRect().left + graph.clientLeft + graph.clientWidth,
                       graph.getBoundingClientRect().top + graph.clientTop + graph.clientHeight],
                window: [0, 0, window.innerWidth, window.innerHeight],
                svg: [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height],
                table: document.getElementById('pz-all').offsetParent !== null,
                side: document.querySelector('.pz-side').offsetParent !== null,
                title: document.querySelector('h1').offsetParent !== null,
                caption: document.getElementById('pz-caption').getBoundingClientRect().height,
                captionFont: parseFloat(getComputedStyle(document.getElementById('pz-caption')).fontSize)};""")
    return measured


def _inside(inner: list[float], outer: list[float]) -> bool:
    return (inner[0] >= outer[0] - 0.5 and inner[1] >= outer[1] - 0.5 and inner[2] <= outer[2] + 0.5
            and inner[3] <= outer[3] + 0.5)


def _check_readable_and_followed(driver: Any, where: str) -> dict[str, Any]:
    m = _measure(driver)
    assert m["current"] and min(m["current"]) >= READABLE, f"{where}: the current node's text is {m['current']} px"
    assert min(m["all"]) >= READABLE, f"{where}: a node's text is {min(m['all']):.1f} px tall"
    for name in ("node", "parent"):
        assert _inside(m[name], m["view"]), f"{where}: the {name} {m[name]} is outside the graph's view {m['view']}"
        assert _inside(m[name], m["window"]), f"{where}: the {name} {m[name]} is off the screen"
    return m


# --- stepping --------------------------------------------------------------------------------------

def test_next_prev_and_table_click(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    steps = neuron_trace()
    path = player(steps, tmp_path / "player.html", notation=Notation("es", decimal=","))
    assert isinstance(path, Path)
    browser.get(path.resolve().as_uri())

    def check(i: int) -> None:
        seen = _seen(browser)
        seen["edges"] = sorted(seen["edges"])
        counter = seen.pop("counter")
        assert seen == _expected(steps, i, "es", ","), f"step {i + 1}"
        assert counter == f"paso {i + 1} de {len(steps)}"

    check(0)
    browser.find_element(By.ID, "pz-next").click()
    check(1)                                    # the highlighted node and the row moved to step 2
    browser.find_element(By.ID, "pz-next").click()
    check(2)
    browser.find_element(By.ID, "pz-prev").click()
    check(1)
    browser.find_element(By.CSS_SELECTOR, '#pz-table tr[data-step="9"]').click()
    check(9)                                    # step 10: z's contribution to x3 is −4·(−5) = 20
    assert _seen(browser)["grad"] == "grad 20"
    assert _seen(browser)["caption"] == "∂L/∂x3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂x3 = (−4) · (−5) = 20"
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []


def test_keys_and_the_address_name_the_step(browser: Any, page: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    steps = neuron_trace()
    _open(browser, page, (1280, 720), step=10)            # the page opens at the step its address names
    assert _seen(browser)["counter"] == "paso 10 de 16"
    _press(browser, Keys.PAGE_DOWN, Keys.ARROW_RIGHT, " ")   # a presenter's remote, the arrows, the space bar
    assert _seen(browser)["counter"] == "paso 13 de 16" and browser.current_url.endswith("#13")
    _press(browser, Keys.PAGE_UP, Keys.ARROW_LEFT)
    assert _seen(browser)["caption"] == steps[10].caption(notation="es")
    _press(browser, Keys.END)
    assert _seen(browser)["counter"] == "paso 16 de 16"
    _press(browser, Keys.ARROW_RIGHT)                        # the last step stays the last
    assert _seen(browser)["counter"] == "paso 16 de 16"
    _press(browser, Keys.HOME)
    assert _seen(browser)["counter"] == "paso 1 de 16"
    _open(browser, page, (1280, 720), step=99)             # past the end: the last step
    assert _seen(browser)["counter"] == "paso 16 de 16"


# --- on a projector ----------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_node_is_readable_and_the_view_follows_the_step(browser: Any, page: Path,
                                                              size: tuple[int, int]) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(browser, page, size)
    n = len(neuron_trace())
    for i in range(n):
        m = _check_readable_and_followed(browser, f"{size}, step {i + 1}")
        assert _seen(browser)["counter"] == f"paso {i + 1} de {n}"
        assert m["captionFont"] >= 24 and m["table"] and m["side"]   # the sentence in large type, the table below
        _press(browser, Keys.ARROW_RIGHT)
    for i in reversed(range(n)):                       # and back: the view scrolls the other way
        _check_readable_and_followed(browser, f"{size}, back at step {i + 1}")
        _press(browser, Keys.ARROW_LEFT)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= size[0]   # no sideways page


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_zoom_keys_and_buttons_change_the_scale(browser: Any, page: Path, size: tuple[int, int]) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, page, size, step=5)
    width = _measure(browser)["svg"][0]
    _press(browser, "+")
    assert _measure(browser)["svg"][0] == pytest.approx(width * 1.25, rel=1e-3)
    _check_readable_and_followed(browser, "zoomed in")          # still on the current node
    _press(browser, "-", "-")
    assert _measure(browser)["svg"][0] == pytest.approx(width / 1.25, rel=1e-3)
    _press(browser, "+")
    assert _measure(browser)["svg"][0] == pytest.approx(width, rel=1e-3)
    _press(browser, "0")                                        # the whole graph in the view
    m = _measure(browser)
    view_width, view_height = m["view"][2] - m["view"][0], m["view"][3] - m["view"][1]
    assert m["svg"][0] <= view_width and m["svg"][1] <= view_height
    assert max(m["svg"][0] / view_width, m["svg"][1] / view_height) > 0.95
    fitted = m["svg"][0]
    browser.find_element(By.ID, "pz-zoom-in").click()           # the buttons do what the keys do
    assert _measure(browser)["svg"][0] == pytest.approx(fitted * 1.25, rel=1e-3)
    browser.find_element(By.ID, "pz-zoom-out").click()
    browser.find_element(By.ID, "pz-zoom-out").click()
    assert _measure(browser)["svg"][0] == pytest.approx(fitted / 1.25, rel=1e-3)
    browser.find_element(By.ID, "pz-fit").click()
    assert _measure(browser)["svg"][0] == pytest.approx(fitted, rel=1e-3)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_mode_gives_the_graph_the_screen(browser: Any, page: Path, size: tuple[int, int]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, page, size, step=8)
    normal = _measure(browser)
    assert normal["table"] and normal["side"] and normal["title"]
    _press(browser, "f")
    shown = _check_readable_and_followed(browser, f"{size}, presentation")
    assert not shown["table"] and not shown["side"] and not shown["title"]
    def area(view: list[float]) -> float:
        return (view[2] - view[0]) * (view[3] - view[1])

    assert shown["view"][2] - shown["view"][0] > normal["view"][2] - normal["view"][0] + 200   # the side panel's room
    assert area(shown["view"]) > 1.2 * area(normal["view"])
    assert shown["caption"] > 0 and shown["captionFont"] >= normal["captionFont"]
    button = browser.find_element(By.ID, "pz-presentation")
    assert button.get_attribute("aria-pressed") == "true"
    _press(browser, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)           # stepping goes on in presentation mode
    _check_readable_and_followed(browser, f"{size}, presentation, step 10")
    _press(browser, Keys.ESCAPE)
    assert _measure(browser)["table"] and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert not _measure(browser)["table"]
    _press(browser, "f")
    assert _measure(browser)["table"]


def test_a_big_graph_top_to_bottom_follows_too(browser: Any, tmp_path: Path) -> None:
    """A graph taller than the screen (drawn top to bottom): the view scrolls down the steps."""
    from selenium.webdriver.common.keys import Keys

    from autograd import Value

    xs = [Value(float(i % 5) - 2.0, label=f"x{i}") for i in range(12)]
    ws = [Value(0.5 - 0.1 * i, label=f"w{i}") for i in range(12)]
    total = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:]):
        total = (total + w * x).tanh()
    steps = trace_backward(total)
    path = player(steps, tmp_path / "big.html", rankdir="TB")
    assert isinstance(path, Path)
    _open(browser, path, (1280, 720))
    tops = []
    for i in range(len(steps)):
        m = _check_readable_and_followed(browser, f"tall graph, step {i + 1}")
        tops.append(browser.execute_script("return document.getElementById('pz-graph').scrollTop"))
        _press(browser, Keys.ARROW_RIGHT)
    assert tops[0] > 0 and tops[-1] == 0 and len(set(tops)) > 3   # from the bottom (the root) up to the inputs
    assert m["svg"][1] > 720


# --- screenshots -------------------------------------------------------------------------------------

def test_screenshot_is_the_screen_size(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    written = screenshot(page, tmp_path / "shots" / "step3.png", step=3, width=1280, height=720, presentation=True)
    assert written == tmp_path / "shots" / "step3.png"
    with Image.open(written) as image:
        assert image.size == (1280, 720)
    with pytest.raises(FileNotFoundError, match="no page"):
        screenshot(tmp_path / "missing.html", tmp_path / "x.png")
    with pytest.raises(ValueError, match="count from 1"):
        screenshot(page, tmp_path / "x.png", step=0)


def test_docs_picture(tmp_path: Path) -> None:
    from PIL import Image

    [written] = docs_pictures(tmp_path)
    assert written == tmp_path / "player_relu.png"
    with Image.open(written) as image:
        assert image.size == (1920, 1080)
        colours = {rgb for _, rgb in image.convert("RGB").getcolors(1920 * 1080) or []}
    # the step is shown: the processed node's fill and the receiving parent's outline are on screen
    assert {_rgb(HIGHLIGHT_FILL), _rgb(HIGHLIGHT_EDGE)} <= colours


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_find_browser_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/chromium" if name == "chromium" else None)
    with pytest.raises(RuntimeError, match="chromedriver not found"):
        find_browser()
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(RuntimeError, match="Chromium and chromedriver not found"):
        find_browser()


def test_viewport_too_small(browser: Any) -> None:
    with pytest.raises(ValueError, match="too small"):
        set_viewport(browser, 50, 400)


# --- one state per step, one row of buttons, a graph that fills presentation mode ---------------------

def _shown_states(driver: Any) -> dict[str, dict[str, Any]]:
    """Each value node's gradient text as the page shows it, and whether its box's border is dashed."""
    shown: dict[str, dict[str, Any]] = driver.execute_script("""
        var data = JSON.parse(document.getElementById('pz-data').textContent), out = {};
        data.nodes.forEach(function (id) {
            var g = document.getElementById(id);
            var texts = Array.from(g.querySelectorAll('text')).map(function (t) { return t.textContent; });
            var box = g.querySelector('polygon');
            out[id] = {texts: texts, dashed: getComputedStyle(box).strokeDasharray !== 'none'};
        });
        return out;""")
    return shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_node_shows_its_state_at_every_step(browser: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """A node backward has not reached reads "grad —" in a dashed box (never "grad 0"), as Trace.state_at says;
    notebook 01's target y (requires_grad=False) reads "sin grad" at every step."""
    from selenium.webdriver.common.keys import Keys

    from autograd.trace import NodeState
    from tests.viz.test_states import neuron_with_a_target

    for steps in (neuron_trace(), trace_backward(neuron_with_a_target())):
        path = player(steps, tmp_path / "states.html", notation="es")
        assert isinstance(path, Path)
        _open(browser, path, size)
        ids = draw_ids(steps.root)
        for i in range(len(steps)):
            shown = _shown_states(browser)
            for v, state in steps.state_at(i).items():
                if v not in ids:
                    continue
                seen = shown[ids[v]]
                where = f"{size}, step {i + 1}, {ids[v]} ({state.value}): {seen}"
                if state is NodeState.NOT_REACHED:
                    assert "grad —" in seen["texts"] and seen["dashed"], where
                    assert not any(re.fullmatch(r"grad [−-]?\d.*", t) for t in seen["texts"]), where
                elif state is NodeState.NO_GRADIENT:
                    assert "sin grad" in seen["texts"] and not seen["dashed"], where
                else:
                    assert "grad —" not in seen["texts"] and not seen["dashed"], where
                    assert any(re.fullmatch(r"grad [−-]?\d.*", t) for t in seen["texts"]), where
            _press(browser, Keys.ARROW_RIGHT)
    assert _seen(browser)["counter"].startswith(f"paso {len(steps)} de")


def _toolbar(driver: Any) -> dict[str, Any]:
    found: dict[str, Any] = driver.execute_script("""
        return Array.from(document.querySelectorAll('.pz-controls button')).map(function (b) {
            var r = b.getBoundingClientRect();
            return {text: b.textContent, top: r.top, bottom: r.bottom, right: r.right,
                    overflow: b.scrollWidth > b.clientWidth + 1,
                    lines: Math.round(r.height / parseFloat(getComputedStyle(b).lineHeight || '0') || 1)};
        });""")
    return {"buttons": found, "width": driver.execute_script("return window.innerWidth")}


def _node_text_px(driver: Any) -> list[float]:
    """Every node text's font size in CSS pixels: its SVG font-size times the SVG's scale on the page."""
    sizes: list[float] = driver.execute_script("""
        var svg = document.querySelector('#pz-graph svg');
        var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Array.from(svg.querySelectorAll('g.node text')).map(function (t) {
            return parseFloat(t.getAttribute('font-size')) * scale; });""")
    return sizes


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "presentation"])
def test_the_toolbar_is_one_row_and_the_text_readable(browser: Any, tmp_path: Path, size: tuple[int, int],
                                                      presentation: bool) -> None:
    """``make demo``'s page (its long Spanish title beside the buttons): one row of buttons, each word on it."""
    from viz.demo import player_demo

    _open(browser, player_demo(tmp_path), size, step=9)
    if presentation:
        _press(browser, "f")
    bar = _toolbar(browser)
    buttons = bar["buttons"]
    assert len(buttons) == 6
    tops, bottoms = {round(b["top"]) for b in buttons}, {round(b["bottom"]) for b in buttons}
    assert max(tops) - min(tops) <= 1 and max(bottoms) - min(bottoms) <= 1, f"{size}: buttons on two rows: {buttons}"
    for b in buttons:
        assert not b["overflow"], f"{size}: {b['text']!r} overflows its button"
        assert b["right"] <= bar["width"], f"{size}: {b['text']!r} is off the screen"
    heights = [b["bottom"] - b["top"] for b in buttons]
    assert max(heights) < 1.6 * min(heights)            # no button's words wrap onto a second line
    assert min(_node_text_px(browser)) >= READABLE - 1e-3   # 16 px, to the float rounding of the SVG's width


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_mode_fills_the_free_height(browser: Any, page: Path, size: tuple[int, int]) -> None:
    _open(browser, page, size, step=9)
    _press(browser, "f")
    m: dict[str, float] = browser.execute_script("""
        var graph = document.getElementById('pz-graph'), svg = graph.querySelector('svg');
        var caption = document.getElementById('pz-caption').getBoundingClientRect();
        return {svg: svg.getBoundingClientRect().height, inner: graph.clientHeight - 16,
                box: graph.getBoundingClientRect().height, top: graph.getBoundingClientRect().top,
                bottom: graph.getBoundingClientRect().bottom, captionBottom: caption.bottom,
                window: window.innerHeight};""")
    free = m["window"] - m["captionBottom"]
    assert m["box"] >= 0.9 * free, f"{size}: the graph's box is {m['box']:.0f} px of {free:.0f} free"
    assert min(m["svg"], m["inner"]) >= 0.85 * m["inner"], f"{size}: the graph is {m['svg']:.0f} px of {m['inner']:.0f}"


def test_presentation_mode_keeps_the_legend_of_the_states(browser: Any, page: Path) -> None:
    """The side panel goes in presentation mode; the legend stays, one line under the graph, so a
    dashed "grad —" is explained on the projector too."""
    _open(browser, page, (1280, 720), step=9)
    line = "return getComputedStyle(document.querySelector('.pz-legend-line')).display"
    assert browser.execute_script(line) == "none"          # beside the graph, the side panel has it
    _press(browser, "f")
    assert browser.execute_script(line) != "none"
    text = browser.execute_script("return document.querySelector('.pz-legend-line').textContent")
    assert "grad —" in text and "aún no calculado" in text and "nodo en proceso" in text
