"""``viz.draw`` at a step: the gradients of that moment, the step's caption under it; how op nodes are written."""

from __future__ import annotations

import dataclasses
import re

import pytest

import viz
from autograd import Value, functional, trace_backward
from autograd.ops import relu_op
from tests.viz.test_draw import attr, footer, statement
from viz.demo import relu_neuron
from viz.dot import html_text
from viz.style import NOT_REACHED


def grad_cell(source: str, dot_id: str) -> str:
    """The text of a value node's gradient cell (``grad -4``, ``grad —``)."""
    m = re.search(r"<TD>(?:<FONT [^>]*>)?(?:<I>)?(grad [^<]*)<", statement(source, dot_id))
    assert m, statement(source, dot_id)
    return m[1]


# --- the graph as it was right after a step ---------------------------------------------------------

def test_a_step_knows_its_trace() -> None:
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    assert all(s.trace is steps for s in steps)
    assert "trace" not in repr(steps[0]) and steps[0] == dataclasses.replace(steps[0], trace=None)


def test_the_readme_call_draws_the_gradients_of_step_9() -> None:
    loss, n = relu_neuron()
    steps = trace_backward(loss)
    ids = viz.draw_ids(loss)
    source = viz.draw_step(steps[8]).source  # step 9: ∂L/∂w3 += (−4) · 2 = −8
    assert grad_cell(source, ids[n["w3"]]) == "grad −8"
    assert grad_cell(source, ids[n["z"]]) == "grad −4" and grad_cell(source, ids[loss]) == "grad 1"
    for name in ("x1", "x2", "x3", "w1", "w2"):  # backward reaches them in steps 10 to 16
        line = statement(source, ids[n[name]])
        assert grad_cell(source, ids[n[name]]) == "grad —"
        assert attr(line, "style") == "filled,dashed" and attr(line, "color") == NOT_REACHED
    for final in ("grad −16", "grad 20"):  # x1's and x3's final gradients are not drawn at step 9
        assert final not in source
    assert "not reached" in footer(source)
    assert "grad —" not in viz.draw_step(steps[-1]).source  # by the last step every node has its own


def test_the_final_gradients_are_drawn_only_without_a_step() -> None:
    loss, n = relu_neuron()
    steps = trace_backward(loss)
    ids = viz.draw_ids(loss)
    final = viz.draw(loss).source
    assert grad_cell(final, ids[n["x1"]]) == "grad −16"
    first = viz.draw_step(steps[0]).source
    assert grad_cell(first, ids[loss.parents[1]]) == "grad 0.5"
    assert grad_cell(first, ids[n["z"]]) == "grad —"
    # grads= still wins over the step's own (the player draws each node's widest text)
    given = viz.draw_step(steps[0], grads={n["z"]: 123.0}).source
    assert "grad 123" not in given  # z is not reached at step 1: shown as not reached, whatever it holds
    assert grad_cell(viz.draw_step(steps[3], grads={n["z"]: 123.0}).source, ids[n["z"]]) == "grad 123"


def test_a_step_of_no_trace_is_refused() -> None:
    loss, _ = relu_neuron()
    step = dataclasses.replace(trace_backward(loss)[2], trace=None)
    with pytest.raises(ValueError, match="step 3 belongs to no trace"):
        viz.draw_step(step)


def test_the_caption_is_written_under_a_step_diagram() -> None:
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    source = viz.draw_step(steps[8]).source
    under = footer(source)
    assert html_text(steps[8].caption()) in under and "∂L/∂w3 += " in under
    assert "labelloc=b" in source
    assert re.search(r'<FONT POINT-SIZE="(\d+)">∂L/∂w3', under)[1] == "18"  # type: ignore[index]
    es = footer(viz.draw_step(steps[9], notation="es").source)
    assert html_text(steps[9].caption(notation="es")) in es and "(−4) · (−5) = 20" in es
    assert "∂L/∂w3" not in viz.draw_step(steps[8], caption=False).source
    assert "∂L/∂w3 +=" not in viz.draw(loss).source


def test_a_title_stays_above_and_the_caption_below() -> None:
    loss, _ = relu_neuron()
    steps = trace_backward(loss)
    source = viz.draw_step(steps[8], title="neurona").source
    assert re.search(r"labelloc=t", source) and "label=<neurona>" in source
    frame = source[source.index("subgraph cluster_title"):]
    assert "label=<neurona>" in frame and "peripheries=0" in frame
    assert source.count("labelloc=b") == 1
    assert "subgraph cluster_title" not in viz.draw(loss, title="neurona", legend=False).source  # nothing under it


# --- constants inside their op node ----------------------------------------------------------------

def test_constants_are_written_inside_their_op_node() -> None:
    loss, _ = relu_neuron()  # L = 0.5 * (ŷ − 5) ** 2
    ids = viz.draw_ids(loss)
    source = viz.draw(loss, notation="es").source
    square = loss.parents[1]
    diff = square.parents[0]
    assert statement(source, viz.op_id(ids[loss])).startswith("n16_op [label=<0,5 ×>")
    assert statement(source, viz.op_id(ids[square])).startswith("n15_op [label=<^2>")
    assert statement(source, viz.op_id(ids[diff])).startswith("n14_op [label=<− 5>")
    assert "_c0" not in source and "_c1" not in source and "shape=plaintext" not in source
    assert "label=<b>" not in "".join(line for line in source.splitlines() if "n15_op" in line and "->" in line)
    old = viz.draw(loss, constants="nodes", notation="es").source
    assert statement(old, f"{ids[diff]}_c1").startswith("n14_c1 [label=<5>")
    assert statement(old, viz.op_id(ids[diff])).startswith("n14_op [label=<−>")
    with pytest.raises(ValueError, match="constants must be 'inline' or 'nodes'"):
        viz.draw(loss, constants="leaves")


def test_a_negative_constant_and_a_constant_on_the_left() -> None:
    x = Value(3.0, label="x")
    assert "label=<+ (−2)>" in viz.draw(x + (-2.0)).source
    assert "label=<^(−1)>" in viz.draw(x ** -1.0).source
    assert "label=<5 −>" in viz.draw(5.0 - x).source
    assert "label=<2^>" in viz.draw(2.0 ** x).source


def test_an_op_of_many_parents_lists_its_constants_by_name() -> None:
    w1, w2 = Value(0.5, label="w1"), Value(-1.0, label="w2")
    y = functional.dot([1.8, -3.4], [w1, w2])  # nn's W·x of a fixed input
    source = viz.draw(y, notation="es").source
    op = statement(source, "n2_op")
    assert op.startswith("n2_op [label=<·<BR/>") and "x₁ = 1,8" in op and "x₂ = −3,4" in op
    assert 'label=<w₁>' in source and 'label=<w₂>' in source  # two arrows in: each says which it is


# --- the ReLU convention -------------------------------------------------------------------------------

def test_a_relu_of_the_other_convention_says_so() -> None:
    z = Value(0.0, label="z")
    course = viz.draw(z.relu(at_zero=1.0)).source
    op = statement(course, "n1_op")
    assert op.startswith("n1_op [label=<ReLU<BR/>") and "ReLU′(0) = 1" in op
    assert "ReLU′(0)" not in viz.draw(z.relu()).source  # the table's own convention: nothing to say
    half = viz.draw(z.relu(at_zero=0.5), notation="es").source
    assert "ReLU′(0) = 0,5" in statement(half, "n1_op")
    assert relu_op(1.0).convention_text(lang="es") == "ReLU′(0) = 1"


def test_a_step_at_the_kink_captions_the_convention_under_the_diagram() -> None:
    w, x, b = Value(1.0, label="w"), Value(2.0, label="x"), Value(-2.0, label="b")
    z = w * x + b
    z.label = "z"
    y = z.relu(at_zero=1.0)
    y.label = "ŷ"
    steps = trace_backward(y)
    (kink,) = [s for s in steps if s.parent is z]
    under = footer(viz.draw_step(kink, notation="es").source)
    assert "∂ŷ/∂z += ∂ŷ/∂ŷ · ∂ŷ/∂z = 1 · 1 = 1 (ReLU′(0) = 1)" in under


@pytest.mark.dot
def test_the_docs_picture_of_step_9_is_spanish_with_its_caption(tmp_path: object) -> None:
    from pathlib import Path

    from viz.demo import demo_step_diagram

    (path,) = demo_step_diagram(Path(str(tmp_path)))
    assert path.name == "neurona_relu_paso9.svg"
    svg = path.read_text(encoding="utf-8")
    assert "∂L/∂w3 += " in svg and "(−4) · 2 = −8" in svg and "nodo en proceso" in svg
    assert "grad —" in svg and "grad -16" not in svg and "data " not in svg
    w, h = (float(x) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())  # type: ignore[union-attr]
    assert abs(w / h - 16 / 9) < 0.03
