"""The browser page (viz/web) built, served on 127.0.0.1 and driven in headless Chromium.

The site is built once (``npm ci`` of the pinned parts, the wheels, the page) into a temporary folder and
served by :func:`viz.web.serve.serve`, which records every path asked of it; Chromium's own log records
every request the page makes, and each must go to that server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from tests.course import browser_fixture
from viz.player.screenshot import set_viewport
from viz.web.build import build_site
from viz.web.serve import Site, serve

pytestmark = [pytest.mark.browser, pytest.mark.web]

#: The course's ReLU neuron (seed 004): W = (4, 2, −5), b = 7, x = (1, 0, 2), y = 5.
NEURON = "z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - 5)**2"
NEURON_VALUES = "w1=4 w2=2 w3=-5 x1=1 x2=0 x3=2 b=7"
#: The projector sizes the page must read well at, and the smallest node text there (CSS px).
SIZES = [(1920, 1080), (1280, 720)]
READABLE = 16.0
#: Pyodide's start on a loaded 2-core machine takes seconds; the page must be ready well before this.
LOAD_TIMEOUT = 120.0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web")
    built = build_site(folder / "site", npm_dir=folder / "npm", quiet=True)
    with serve(built) as served:
        yield served


browser = browser_fixture(log_requests=True)


def fragment(**params: Any) -> str:
    return "#" + urlencode({k: str(v) for k, v in params.items()}, quote_via=quote)


def open_page(browser: Any, site: Site, frag: str = "", size: tuple[int, int] = (1920, 1080)) -> None:
    """Load the page afresh at ``frag`` and wait until Python has answered (or the page said it failed)."""
    set_viewport(browser, *size)
    browser.get("about:blank")
    browser.get(site.url + "index.html" + frag)
    deadline = time.monotonic() + LOAD_TIMEOUT
    while time.monotonic() < deadline:
        state = browser.execute_script("return window.pizarraPage && [pizarraPage.ready, pizarraPage.error]")
        if state and (state[0] or state[1]):
            assert state[1] is None, state[1]
            return
        time.sleep(0.1)
    raise AssertionError("the page did not get ready in time")


def caption(browser: Any) -> str:
    return str(browser.find_element("id", "pz-caption").text)


def node_texts(browser: Any) -> dict[str, list[str]]:
    """Each drawn node's texts, by its first text (the node's name)."""
    found = browser.execute_script("""
        var out = {};
        document.querySelectorAll('#pz-graph g.node').forEach(function (g) {
          var t = Array.from(g.querySelectorAll('text')).map(function (x) { return x.textContent; });
          if (t.length) { out[t[0]] = t; }
        });
        return out;""")
    return dict(found)


def test_the_course_neuron_steps_as_the_course_writes_it(browser: Any, site: Site) -> None:
    open_page(browser, site, fragment(f=NEURON, v=NEURON_VALUES, paso=9, lang="es"))
    nodes = node_texts(browser)
    assert "valor 1" in nodes["ŷ"] and "valor 8" in nodes["L"]           # ŷ = ReLU(4 + 0 − 10 + 7) = 1, L = ½·4²
    text = caption(browser)
    assert text.startswith("∂L/∂w3 +=") and text.endswith("= −8"), text
    assert browser.find_element("id", "pz-counter").text == "paso 9 de 16"
    assert "grad —" in nodes["w1"] and "grad —" in nodes["x3"]         # backward has not reached them yet
    assert "grad −4" in nodes["ŷ"]


def test_the_address_is_the_lesson(browser: Any, site: Site) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(browser, site, fragment(f=NEURON, v=NEURON_VALUES, paso=9, lang="es"))
    browser.find_element("tag name", "body").send_keys(Keys.ARROW_RIGHT)
    after = caption(browser)
    url = browser.current_url
    assert "paso=10" in url and "lang=es" in url
    open_page(browser, site, url[url.index("#"):])
    assert caption(browser) == after
    assert browser.find_element("id", "formula").get_attribute("value") == NEURON
    browser.find_element("id", "copy-link").click()
    time.sleep(0.3)
    status = browser.find_element("id", "status").text
    assert status.startswith(("Enlace copiado: ", "Copiar este enlace: ")) and "paso=10" in status


def test_a_new_formula_redraws_and_a_bad_one_says_why(browser: Any, site: Site) -> None:
    open_page(browser, site, fragment(lang="es"))
    formula = browser.find_element("id", "formula")
    formula.clear()
    formula.send_keys("w*x +")
    values = browser.find_element("id", "values")
    values.clear()
    values.send_keys("w=2 x=3")
    browser.find_element("id", "draw").click()
    message = browser.find_element("id", "message").text
    assert message.startswith("columna 6: no es una expresión válida"), message
    assert message.splitlines()[1:] == ["  w*x +", "       ^"]
    assert "Traceback" not in browser.find_element("tag name", "body").text
    formula.clear()
    formula.send_keys("tanh(w*x)")
    browser.find_element("id", "draw").click()
    assert not browser.find_element("id", "message").is_displayed()
    assert caption(browser).startswith("∂L/∂(w·x) +=")
    assert set(node_texts(browser)) >= {"w", "x", "L"}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_readable_on_a_projector(browser: Any, site: Site, size: tuple[int, int]) -> None:
    open_page(browser, site, fragment(f=NEURON, v=NEURON_VALUES, paso=9, lang="es"), size)
    measured = browser.execute_script("""
        function spans(sel) { return Array.from(document.querySelectorAll(sel)).map(function (e) {
          var r = e.getBoundingClientRect(); return [r.top, r.bottom];
        }).filter(function (r) { return r[1] > r[0]; }); }
        var heights = Array.from(document.querySelectorAll('#pz-graph g.node text')).map(function (t) {
          return t.getBoundingClientRect().height; });
        var box = document.getElementById('pz-graph').getBoundingClientRect();
        return {smallest: Math.min.apply(null, heights), bar: spans('.web-bar > *'),
                controls: spans('.pz-controls button, .pz-controls input'),
                box: [box.width, box.height], width: document.documentElement.clientWidth};""")
    assert measured["smallest"] >= READABLE, measured
    for row in ("bar", "controls"):  # the page's bar, the stepping toolbar: each one row (one line crosses them all)
        assert max(top for top, _ in measured[row]) < min(bottom for _, bottom in measured[row]), measured
    width, height = measured["box"]
    assert width >= 0.6 * measured["width"] and height >= 0.45 * size[1], measured  # the graph gets the screen


def test_an_exercise_is_graded_with_its_slip_named_and_its_file_grades_the_same(browser: Any, site: Site,
                                                                              tmp_path: Path) -> None:
    """Seed 17's two-layer sheet answered right but for one sign slip: the page grades it with the slip named, and
    the file it downloads, graded by `pizarra check-answers`, says the same."""
    from viz.classroom.worksheet import worksheet

    open_page(browser, site, fragment(vista="ejercicio", tipo="two-layer", semilla=17, lang="es"))
    assert "Hoja 17: red de dos capas" in browser.find_element("id", "exercise-statement").text
    deadline = time.monotonic() + 30
    while browser.execute_script("return pizarraPage.typeset") is None and time.monotonic() < deadline:
        time.sleep(0.1)                                                              # KaTeX loads on first use
    assert browser.find_elements("css selector", "#exercise-statement .katex")     # the math typeset
    assert browser.find_elements("css selector", "#exercise-statement svg g.node")  # the network drawn
    solution = worksheet("two-layer", seed=17, notation="es").solution()
    boxes = browser.find_elements("css selector", "#answer-boxes input")
    for box in boxes:
        entry = box.get_attribute("data-entry")
        name, _, index = entry.partition("[")
        numbers, shape = solution.numbers(name)
        flat = 0
        if index:
            at = [int(i) - 1 for i in index.rstrip("]").split(",")]
            flat = at[0] * shape[1] + at[1] if len(at) == 2 else at[0]
        value = numbers[flat] * (-1 if name == "dJ/db2" else 1)       # the sign slip, on one answer
        box.send_keys(f"{value:.6f}".replace(".", ","))
    browser.find_element("id", "grade").click()
    report = browser.find_element("id", "grade-report").text
    assert "dJ/db2" in report and "el signo cambiado" in report, report
    wrong = browser.find_elements("css selector", "#answer-boxes input.web-wrong")
    assert [box.get_attribute("data-entry") for box in wrong] == ["dJ/db2"]
    assert len(browser.find_elements("css selector", "#answer-boxes input.web-right")) == len(boxes) - 1
    browser.find_element("id", "download").click()
    downloaded = browser.execute_script("return pizarraPage.downloaded")
    assert downloaded["filename"] == "respuestas_red_17.yaml"
    path = tmp_path / downloaded["filename"]
    path.write_text(downloaded["text"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "viz.cli", "check-answers", str(path)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1  # one answer wrong
    assert done.stdout.strip() == browser.execute_script("return pizarraPage.graded.text").strip()


def test_gradcheck_marks_the_graph(browser: Any, site: Site) -> None:
    """ReLU's kink at w = 0: gradcheck disagrees on w and says why; the graph marks w as viz.draw marks it."""
    from viz.style import GC_FAIL, GC_PASS

    open_page(browser, site, fragment(vista="comprobar", f="relu(w*x) + w*x", v="w=0 x=1", lang="es"))
    report = browser.find_element("id", "check-report").text
    assert "relu no es derivable en a = 0" in report and "1 de 2 gradientes no coinciden" in report, report
    fills = browser.execute_script("""
        var out = {};
        document.querySelectorAll('#check-graph g.node').forEach(function (g) {
          var t = g.querySelector('text'), p = g.querySelector('polygon[fill]:not([fill="none"])');
          if (t && p) { out[t.textContent] = p.getAttribute('fill'); }
        });
        return out;""")
    assert fills["w"] == GC_FAIL and fills["x"] == GC_PASS, fills
    open_page(browser, site, fragment(vista="comprobar", f="w*x", v="w=2 x=3", lang="en"))
    assert browser.find_element("id", "check-report").text.endswith("all 2 gradients agree")


def test_every_request_goes_to_the_site(browser: Any, site: Site) -> None:
    browser.get_log("performance")  # forget what earlier tests asked
    open_page(browser, site, fragment(f=NEURON, v=NEURON_VALUES, lang="es"))
    urls = []
    for entry in browser.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event["method"] == "Network.requestWillBeSent":
            urls.append(event["params"]["request"]["url"])
    assert any(u.endswith("pyodide.asm.wasm") for u in urls) and any("/wheels/" in u for u in urls)
    elsewhere = [u for u in urls if not u.startswith((site.url, "data:", "blob:", "about:"))]
    assert not elsewhere, elsewhere
    assert "/index.html" in site.requested


def test_opened_as_a_file_it_says_to_serve_it(browser: Any, site: Site) -> None:
    browser.get("about:blank")
    browser.get((site.folder / "index.html").resolve().as_uri() + fragment(lang="es"))
    message = browser.find_element("id", "message").text
    assert message.startswith("Esta página ejecuta WebAssembly") and "make web" in message


def test_without_graphviz_the_steps_are_still_there(browser: Any, site: Site) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*viz-global.js"]})
    try:
        open_page(browser, site, fragment(f=NEURON, v=NEURON_VALUES, lang="es"))
        message = browser.find_element("id", "message").text
        assert message.startswith("Este navegador no pudo compilar Graphviz"), message
        rows = browser.find_elements("css selector", "#stage table.pizarra-trace tbody tr")
        assert len(rows) == 16
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_the_benchmark_measures_load_step_redraw_and_size(site: Site) -> None:
    """bench/web.py (part of `make bench`) times a cold load, every step and a redraw per formula; its figures are
    for reading (the closing note), so only their presence and sense are checked here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pizarra_bench_web", Path(__file__).resolve().parents[2] / "bench"
                                                  / "web.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.measure(site.folder, runs=1)
    load = figures["loads"][0]
    assert 0 < load["start"] < load["pyodide"] <= load["imported"] <= load["first"]
    assert len(figures["steps"]) == 17 and len(figures["redraws"]) == len(bench.FORMULAS)  # the neuron, y a value
    assert 0 < figures["pyodide_size"] < figures["size"] <= 25e6
    table = bench.report(figures)
    assert "first graph drawn" in table and "≤ 300 ms" in table and "MB" in table
