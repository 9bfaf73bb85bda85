"""The stepping player page, the notebook widget, and the demo page (in a browser: test_player_browser.py)."""

from __future__ import annotations

import html
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from autograd import Value, trace_backward
from autograd.files import write_atomic
from autograd.text import Notation
from autograd.trace import Trace
from viz.demo import player_demo, relu_neuron
from viz.ids import draw_ids, step_ids
from viz.player import StaticSteps, player, player_widget, script_json, step_row_html
from viz.player.widget import caption_html

SVG = "{http://www.w3.org/2000/svg}"


def neuron_trace() -> Trace:
    return trace_backward(relu_neuron()[0])


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="pz-data">(.*?)</script>', page, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def page_svg(page: str) -> ET.Element:
    return ET.fromstring(page[page.index("<svg"):page.index("</svg>") + len("</svg>")])


# --- the page --------------------------------------------------------------------------------------

def test_script_json_cannot_end_the_script_element() -> None:
    text = script_json({"a": "</script><script>alert(1)</script> & <!-- ü"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script> & <!-- ü"}


@pytest.mark.dot
def test_page_is_self_contained() -> None:
    page = player(neuron_trace())
    assert isinstance(page, str)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert page.count("<svg") == 1 and page.count("<script") == 2
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)
    # the only URLs are XML namespace names inside the SVG, which browsers never fetch
    assert set(re.findall(r'"(https?://[^"]*)"', page)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


@pytest.mark.dot
def test_page_data_matches_the_trace_and_the_drawing_ids() -> None:
    steps = neuron_trace()
    page = player(steps)
    assert isinstance(page, str)
    data = page_data(page)
    headers, rows = steps.to_rows()
    assert [s["row"] for s in data["steps"]] == rows
    assert [d["caption"] for d in data["steps"]] == [s.caption() for s in steps]   # the chain-rule sentences
    assert data["steps"][8]["caption"] == "∂L/∂w3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂w3 = (−4) · 2 = −8"
    first = re.search(r'<p id="pz-caption"[^>]*>(.*?)</p>', page)
    assert first is not None and html.unescape(first.group(1)) == steps[0].caption()   # step 1's, shown large
    assert f'<div id="pz-row">{step_row_html(headers, rows[0])}</div>' in page   # step 1's; the script updates it
    ids = draw_ids(steps.root)
    for s, d in zip(steps, data["steps"], strict=True):
        marked = step_ids(s, ids)
        assert (d["node"], d["op"], d["parent"], d["edges"]) == (marked.node, marked.op, marked.parent,
                                                                 list(marked.edges))
    # the course's numbers: every gradient after the last step (dz = db = −4, dW = dz·xᵀ, dx = wᵀ·dz)
    final = dict(data["initial"])
    for d in data["steps"]:
        final[d["parent"]] = d["grad"]
    by_label = {v.label: final[i] for v, i in ids.items() if v.label}
    assert by_label == {"L": "1", "(ŷ − y)²": "0.5", "ŷ − y": "−4", "ŷ": "−4", "z": "−4", "b": "−4",
                        "w1·x1": "−4", "w2·x2": "−4", "w3·x3": "−4", "w1": "−4", "w2": "0", "w3": "−8",
                        "x1": "−16", "x2": "−8", "x3": "20"}
    # before any step, only the root has a gradient
    assert {by_label_id: g for by_label_id, g in data["initial"].items() if g != "0"} == {ids[steps.root]: "1"}


@pytest.mark.dot
def test_every_id_and_gradient_text_is_in_the_svg() -> None:
    steps = neuron_trace()
    page = player(steps)
    assert isinstance(page, str)
    data, svg = page_data(page), page_svg(page)
    groups = {g.get("id"): g for g in svg.iter(f"{SVG}g")}
    for d in data["steps"]:
        for element in (d["node"], d["op"], d["parent"], *d["edges"]):
            assert element in groups, element
    for node_id, widest in data["widest"].items():   # the script swaps exactly this text
        texts = [t.text for t in groups[node_id].iter(f"{SVG}text")]
        assert f"grad {widest}" in texts
        lengths = [len(data["initial"][node_id]), *(len(d["grad"]) for d in data["steps"] if d["parent"] == node_id)]
        assert len(widest) == max(*lengths, 2)   # at least two digits wide: "—" (not reached yet) fits too


@pytest.mark.dot
def test_spanish_page() -> None:
    page = player(neuron_trace(), notation=Notation("es", decimal=","))
    assert isinstance(page, str)
    assert '<html lang="es">' in page and "Siguiente" in page and "Anterior" in page and "paso 1 de 16" in page
    data = page_data(page)
    assert data["gradWord"] == "grad"
    assert data["steps"][0]["row"][5] == "∂(a·b)/∂b = a = 0,5"   # L = 0.5 · n15: decimal comma
    assert data["steps"][0]["caption"] == "∂L/∂((ŷ − y)²) += ∂L/∂L · ∂L/∂((ŷ − y)²) = 1 · 0,5 = 0,5"
    assert data["steps"][3]["row"][5] == "∂(ReLU(a))/∂a = 1 si a > 0; 0 si no = 1"
    for word in ("Acercar (+)", "Alejar (−)", "Grafo entero", "Presentación", "modo presentación"):
        assert word in page
    shown = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)     # what a reader sees
    assert not re.search(r"\b(Zoom|Whole graph|Presentation|Keys|step \d)\b", shown)
    assert page == player(neuron_trace(), notation="es")              # Spanish writes the comma by default
    assert "0,5" not in player(neuron_trace(), notation=Notation("es", decimal="."))


@pytest.mark.dot
def test_labels_are_escaped_everywhere() -> None:
    evil = "</script><script>alert(1)</script>&<b>"
    x, w = Value(2.0, label=evil), Value(3.0, label="w")
    page = player(trace_backward(x * w))
    assert isinstance(page, str)
    assert evil not in page and page.count("<script") == 2
    assert evil in json.dumps(page_data(page))       # the data still holds the label itself
    page_svg(page)                                    # and the SVG is still well-formed XML


@pytest.mark.dot
def test_deterministic_and_written_atomically(tmp_path: Path) -> None:
    steps = neuron_trace()
    text = player(steps, notation=Notation(precision=3))
    target = tmp_path / "out" / "steps.html"
    written = player(steps, target, notation=Notation(precision=3))
    assert written == target
    assert target.read_text(encoding="utf-8") == text == player(steps, notation=Notation(precision=3))
    assert os.listdir(target.parent) == ["steps.html"]


def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    write_atomic(target, "old")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["page.html"]
    monkeypatch.undo()
    write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"


@pytest.mark.dot
def test_a_trace_without_steps() -> None:
    page = player(trace_backward(Value(1.0, label="x")))
    assert isinstance(page, str)
    assert "no backward steps" in page and page_data(page)["steps"] == []


def test_player_needs_a_trace() -> None:
    with pytest.raises(TypeError, match="Trace"):
        player([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        player(neuron_trace(), notation="fr")


@pytest.mark.dot
def test_player_demo(tmp_path: Path) -> None:
    path = player_demo(tmp_path)
    assert path == tmp_path / "player_relu.html"
    page = path.read_text(encoding="utf-8")
    assert "Neurona ReLU" in page
    rows = [s["row"] for s in page_data(page)["steps"]]
    assert len(rows) == 16
    assert [rows[5][4], rows[5][8]] == ["b", "−4"]      # z → b: db = dz = −4
    assert any(r[4] == "x3" and r[8] == "20" for r in rows)


# --- notebooks ---------------------------------------------------------------------------------------

@pytest.mark.dot
@pytest.mark.notebooks
def test_widget_slider_redraws_the_step() -> None:
    steps = neuron_trace()
    headers, rows = steps.to_rows()
    box = player_widget(steps)
    controls, view = box.children
    previous, slider, following, counter = controls.children
    assert (slider.min, slider.max, slider.value) == (1, len(steps), 1)
    assert (previous.description, slider.description, following.description) == ("◀ Previous", "step", "Next ▶")
    assert counter.value == f"step 1 of {len(steps)}"
    first = view.value
    ids = draw_ids(steps.root)
    assert step_row_html(headers, rows[0]) in first and f'id="{step_ids(steps[0], ids).node}"' in first
    assert caption_html(steps[0].caption()) in first
    assert first.index('class="pz-caption"') < first.index("<svg")          # the sentence above the graph
    slider.value = 6
    assert view.value != first
    assert step_row_html(headers, rows[5]) in view.value   # step 6: z → b
    assert re.search(r">parent</td><td [^>]*>b</td>", view.value) and rows[5][8] == "−4"
    assert caption_html("∂L/∂b += ∂L/∂z · ∂z/∂b = (−4) · 1 = −4") in view.value
    following.click()
    assert slider.value == 7 and caption_html(steps[6].caption()) in view.value
    previous.click()
    previous.click()
    assert slider.value == 5
    slider.value = len(steps)
    following.click()                                       # the last step stays the last
    assert slider.value == len(steps)
    slider.value = 1
    previous.click()
    assert slider.value == 1
    # where no widget can run (a saved notebook on a repository page) the display falls back to HTML
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert steps.to_html(notation="en", caption=True) in bundle["text/html"] and "<svg" in bundle["text/html"]


@pytest.mark.dot
@pytest.mark.notebooks
def test_widget_in_spanish() -> None:
    steps = neuron_trace()
    box = player_widget(steps, notation="es")
    controls, view = box.children
    previous, slider, following, counter = controls.children
    assert (previous.description, slider.description, following.description) == ("◀ Anterior", "paso", "Siguiente ▶")
    assert counter.value == f"paso 1 de {len(steps)}"
    assert caption_html("∂L/∂((ŷ − y)²) += ∂L/∂L · ∂L/∂((ŷ − y)²) = 1 · 0,5 = 0,5") in view.value   # decimal comma
    assert ">derivada local ∂nodo/∂padre<" in view.value and ">grad 0,5<" in view.value
    slider.value = 4
    assert "1 si a &gt; 0; 0 si no" in view.value                                      # ReLU's derivative
    assert counter.value == f"paso 4 de {len(steps)}"
    bundle = box._repr_mimebundle_()
    assert steps.to_html(notation="es", caption=True) in bundle["text/html"]
    assert bundle["text/plain"].startswith("(El reproductor paso a paso")   # not "PlayerBox(children=…"


def test_caption_html_is_escaped() -> None:
    shown = caption_html("∂L/∂<b> += 1 & 2")
    assert "&lt;b&gt;" in shown and "&amp;" in shown and "<b>" not in shown
    assert shown.startswith('<p class="pz-caption" style="') and "font-size:1.5em" in shown


@pytest.mark.dot
def test_widget_falls_back_without_ipywidgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)   # makes `import ipywidgets` fail
    steps = neuron_trace()
    static = player_widget(steps, notation="es")
    assert isinstance(static, StaticSteps)
    shown = static._repr_html_()
    assert steps.to_html(notation="es", caption=True) in shown and "<svg" in shown and "grad −16" in shown
    assert "∂L/∂w3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂w3 = (−4) · 2 = −8" in shown                  # every step's caption
    assert "<svg" in shown and ">grad 0,5<" in shown[:shown.index("</svg>")]   # Spanish: the comma by default


def test_the_page_is_made_of_its_four_package_files() -> None:
    """page.html, stage.html, page.css and page.js ship with the package (its package data) and fill the page."""
    from importlib import resources

    files = {name: (resources.files("viz.player") / name).read_text(encoding="utf-8")
             for name in ("page.html", "stage.html", "page.css", "page.js")}
    page = player(neuron_trace())
    assert isinstance(page, str) and "${" not in page and "FILL" not in page
    assert files["page.js"].strip() in page
    assert files["page.css"].splitlines()[2] in page  # a rule of the styles, as written in the file
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    shipped = next(line for line in pyproject.splitlines() if line.startswith("viz = [\"py.typed\""))
    assert all(f'"player/{name}"' in shipped for name in files)


def test_a_notebook_diagram_fits_the_output_width_down_to_a_readable_scale() -> None:
    from viz.player.widget import LEAST_SCALE, fitted_svg

    shown = fitted_svg('<?xml ...?>\n<svg width="1500pt" height="300pt"\n viewBox="0 0 1500 300"><g/></svg>')
    assert shown.startswith('<div style="overflow-x:auto"><svg width="100%" style="width:100%;min-width:1400px;'
                            'max-width:2000px;height:auto"')
    assert 'height="300pt"' not in shown and 'viewBox="0 0 1500 300"' in shown and LEAST_SCALE == 0.7
    assert fitted_svg("<svg><g/></svg>") == '<div style="overflow-x:auto"><svg><g/></svg></div>'


@pytest.mark.dot
@pytest.mark.notebooks
def test_the_widget_and_the_static_view_fit_their_diagrams() -> None:
    steps = neuron_trace()
    view = player_widget(steps, notation="es").children[1].value
    static = StaticSteps(steps)._repr_html_()
    for shown in (view, static):
        assert '<svg width="100%" style="width:100%;min-width:' in shown and 'pt" height="' not in shown
