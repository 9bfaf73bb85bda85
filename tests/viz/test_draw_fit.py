"""``viz.draw`` for a slide: ``fit="16:9"`` measured on rendered SVGs, the one-line legend, Spanish only in Spanish."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import graphviz
import pytest
from hypothesis import HealthCheck, given, settings

import nn
import viz
from autograd import Value, gradcheck, trace_backward
from autograd.testing import EVERY_OP, expressions
from autograd.trace import Step
from nn import losses
from tests.viz.test_draw import two_layer_net
from viz.demo import relu_neuron

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.dot


def drawn(root: Value, step: Step | None, **options: Any) -> graphviz.Digraph:
    """``root``'s diagram, or the one at ``step`` of its backward pass."""
    return viz.draw(root, **options) if step is None else viz.draw_step(step, **options)


def svg_of(graph: object) -> ET.Element:
    return ET.fromstring(graph.pipe(format="svg", encoding="utf-8"))  # type: ignore[attr-defined]


def size(svg: ET.Element) -> tuple[float, float]:
    """The picture's width and height (points) from the SVG's own attributes."""
    return float(svg.get("width", "").removesuffix("pt")), float(svg.get("height", "").removesuffix("pt"))


def text_px_on_slide(svg: ET.Element, width: float = 1920, height: float = 1080) -> float:
    """How tall 12-point node text is, in pixels, once the picture is scaled to fit a 1920×1080 slide."""
    w, h = size(svg)
    return 12.0 * min(width / w, height / h)  # 1 pt of the SVG is 4/3 px, and so is 12 pt of text


def notebook_02_graph() -> Value:
    """Notebook 02's network: 2 → 3 → 1 with sigmoids, x = (1.8, −3.4), y = 5, J = ½(ŷ − y)²."""
    net = nn.MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                              [[0.1, 0.5, 0.8], [0.7]], activations="sigmoid")
    J = losses.mse(net([1.8, -3.4]), 5.0)
    J.label = "J"
    return J


def graphs() -> dict[str, Value]:
    return {"neuron": relu_neuron()[0], "2-2-1": two_layer_net()[0], "notebook 02": notebook_02_graph()}


# --- fit ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["neuron", "2-2-1", "notebook 02"])
def test_fit_gives_a_slide_shaped_picture_with_larger_text(name: str) -> None:
    root = graphs()[name]
    steps = trace_backward(root)
    for highlight in (None, steps[len(steps) // 2]):
        plain = svg_of(drawn(root, highlight, notation="es"))
        fitted = svg_of(drawn(root, highlight, fit="16:9", notation="es"))
        w, h = size(fitted)
        assert 4 / 3 <= w / h <= 2, (name, w, h)
        assert abs(w / h - 16 / 9) < 0.03
        w0, h0 = size(plain)
        assert w0 / h0 > 2.4  # unfitted, these graphs are far too wide for a slide…
        assert text_px_on_slide(fitted) >= 14.0  # …and fitted, node text is readable on a 1920×1080 slide
        assert text_px_on_slide(fitted) >= 1.4 * text_px_on_slide(plain)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(max_leaves=6, max_steps=16, ops=EVERY_OP))
def test_fit_keeps_any_graph_of_up_to_about_40_nodes_in_the_frame(expr: object) -> None:
    root = expr(*(Value(x, label=f"x{i}") for i, x in enumerate(expr.leaves)))  # type: ignore[attr-defined]
    steps = trace_backward(root)
    for fit, aspect in (("16:9", 16 / 9), ("4:3", 4 / 3)):
        for highlight in (None, steps[-1] if len(steps) else None):
            w, h = size(svg_of(drawn(root, highlight, fit=fit)))
            assert 4 / 3 - 0.01 <= w / h <= 2.0, (fit, w, h)
            assert abs(w / h / aspect - 1) <= 0.011


def test_fit_draws_narrow_nodes_left_to_right_and_keeps_a_direction_asked_for() -> None:
    loss, _ = relu_neuron()
    fitted = viz.draw(loss, fit="16:9")
    assert "rankdir=LR" in fitted.source and "<HR/>" in fitted.source and "<HR/>" not in viz.draw(loss).source
    top_down = viz.draw(loss, fit="16:9", rankdir="TB")
    assert "rankdir=TB" in top_down.source and "<HR/>" not in top_down.source
    w, h = size(svg_of(top_down))
    assert abs(w / h - 16 / 9) < 0.03
    # left to right with narrow nodes is the direction whose text comes out largest (see viz.fit)
    assert text_px_on_slide(svg_of(fitted)) > text_px_on_slide(svg_of(top_down))


@pytest.mark.parametrize("bad", ["16x9", "0:9", "wide", "16:"])
def test_a_bad_fit_is_named(bad: str) -> None:
    with pytest.raises(ValueError, match="fit must be a frame's aspect ratio"):
        viz.draw(relu_neuron()[0], fit=bad)


# --- the legend: one line, in the root's own name ---------------------------------------------------------

def legend_rows(svg: ET.Element, words: list[str]) -> set[str]:
    """The ``y`` of every text of the SVG that is one of ``words``."""
    return {t.get("y", "") for t in svg.iter(f"{SVG}text") if t.text in words}


def test_the_legend_is_one_line_named_after_the_root() -> None:
    J = notebook_02_graph()
    steps = trace_backward(J)
    graph = viz.draw_step(steps[5], color_by="grad")
    texts = ["node being processed", "parent receiving the contribution", "∂J/∂· > 0", "∂J/∂· < 0",
             "∂J/∂· = 0", "darker, thicker: larger |gradient|", "not reached yet: backward has not computed it"]
    svg = svg_of(graph)
    assert len(legend_rows(svg, texts)) == 1
    assert {t.text for t in svg.iter(f"{SVG}text")} >= set(texts)
    assert "∂L/∂x" not in graph.source and "legend" not in graph.source
    height = size(svg)[1]
    bare = size(svg_of(viz.draw_step(steps[5], color_by="grad", legend=False, caption=False)))[1]
    legend_only = size(svg_of(viz.draw_step(steps[5], color_by="grad", caption=False)))[1]
    where = [t for t in svg.iter(f"{SVG}text") if (t.text or "").startswith(("where u₁ = ", "u"))
             and " = " in (t.text or "")]                     # what u₁, u₂, … stand for: a few lines of 14 pt
    assert where and where[0].text.startswith("where u₁ = ") and len(where) <= 4
    lines = 20 * len(where)
    assert legend_only - bare < 45 + lines  # one line of legend (about 20 pt, and the space around it): no tall band
    assert height - bare < 70 + lines  # and one of caption


# --- Spanish only in Spanish ---------------------------------------------------------------------------------

#: English words that must not appear in a Spanish diagram.
ENGLISH = ["data", "node", "being", "processed", "parent", "receiving", "contribution", "legend", "larger",
           "darker", "gradient", "reached", "backward", "layer", "neuron", "if", "else", "agrees", "disagrees",
           "now", "inputs", "outputs", "weight", "the", "not", "yet", "has"]


def every_word(svg: ET.Element) -> set[str]:
    return {word for t in svg.iter(f"{SVG}text") for word in re.findall(r"[A-Za-zñáéíóú]+", t.text or "")}


def test_a_spanish_diagram_has_no_english_word() -> None:
    net, n = two_layer_net()
    z = n["h1"].parents[0]
    course = (z.relu(at_zero=1.0) * net).tanh()  # a ReLU of the course's convention, nn clusters
    course.label = "J"
    steps = trace_backward(course)
    report = gradcheck(lambda a, b: (a * b).relu(at_zero=1.0), [2.0, 3.0])
    pictures = [viz.draw_step(s, color_by="grad", fit="16:9", notation="es") for s in (steps[2], steps[-1])]
    pictures.append(viz.draw(report.output, gradcheck=report, notation="es"))
    english = []
    for picture in pictures:
        words = every_word(svg_of(picture))
        assert {"valor", "grad"} <= words
        english += sorted(words & set(ENGLISH))
    assert not english, english
    spanish = every_word(svg_of(pictures[0]))
    assert {"capa", "neurona", "nodo", "proceso", "padre", "recibe"} <= spanish
    english_words = every_word(svg_of(viz.draw_step(steps[2], color_by="grad", fit="16:9")))
    assert {"data", "node", "parent", "layer", "neuron"} <= english_words  # the list does catch English


def test_the_caption_is_under_every_node_and_the_title_over_them() -> None:
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    svg = svg_of(viz.draw_step(steps[8], title="neurona", fit="16:9", notation="es"))
    texts = {t.text: float(t.get("y", "0")) for t in svg.iter(f"{SVG}text")}
    caption_y, title_y = texts[steps[8].caption(notation="es")], texts["neurona"]
    nodes = [float(t.get("y", "0")) for g in svg.iter(f"{SVG}g") if g.get("class") == "node"
             for t in g.iter(f"{SVG}text")]
    assert title_y < min(nodes) and caption_y > max(nodes)  # SVG y grows downwards
    sizes = {t.text: t.get("font-size") for t in svg.iter(f"{SVG}text")}
    assert float(sizes[steps[8].caption(notation="es")] or 0) == 18.0  # 1.5 × the nodes' 12 pt


def test_fit_without_padding_is_the_same_drawing_for_the_caller_to_pad() -> None:
    """``pad=False`` (the slides, which pad every page alike) draws for the frame but leaves the ratio unset."""
    from viz.fit import pad_to

    loss, _ = relu_neuron()
    bare = viz.draw(loss, fit="16:9", pad=False)
    assert "ratio" not in bare.graph_attr and "<HR/>" in bare.source       # narrow nodes, not padded
    assert pad_to(bare, 16 / 9).source == viz.draw(loss, fit="16:9").source
    assert viz.draw(loss, pad=False).source == viz.draw(loss).source        # nothing to pad without fit
