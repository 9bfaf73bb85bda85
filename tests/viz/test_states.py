"""One state per node per step, in every view: each view's gradient text agrees with ``Trace.state_at``.

For the course's ReLU neuron and a notebook-01-like neuron whose target ``y`` has
``requires_grad=False``, at every step, every value node of ``viz.draw_step(step)``'s DOT, the
player's page data and drawing, the slides' step diagrams and the notebook widget's SVG shows the
state :meth:`autograd.trace.Trace.state_at` gives it: ``grad —`` in a dashed box (not reached yet),
``grad <number>`` (a gradient so far) or ``no grad`` (needs none).  The step tables show no per-node
gradient (only the receiving parent's before and after), so they have no state to check.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import Any

import pytest

import viz
from autograd import Value, trace_backward
from autograd import functional as F
from autograd.trace import NodeState, Step, Trace, node_state
from tests.viz.test_draw import attr, footer, statement
from tests.viz.test_player import page_data, page_svg
from viz.demo import relu_neuron
from viz.ids import draw_ids
from viz.player import player, player_widget
from viz.style import NOT_REACHED, grad_text, state_swatch
from viz.words import WORDS

SVG = "{http://www.w3.org/2000/svg}"


def neuron_with_a_target(y_needs_grad: bool = False) -> Value:
    """Notebook 01's neuron: ``L = ½·(ReLU(W·x + b) − y)²`` with the target ``y`` a named Value that
    needs no gradient (``requires_grad=False``)."""
    xs = [Value(v, label=f"x{i + 1}") for i, v in enumerate((1.0, 0.0, 2.0))]
    ws = [Value(v, label=f"w{i + 1}") for i, v in enumerate((4.0, 2.0, -5.0))]
    b, y = Value(7.0, label="b"), Value(5.0, label="y", requires_grad=y_needs_grad)
    wx = F.dot(xs, ws)
    wx.label = "W·x"
    z = wx + b
    z.label = "z"
    y_hat = z.relu()
    y_hat.label = "ŷ"
    r = y_hat - y
    r.label = "ŷ−y"
    r2 = r ** 2
    r2.label = "(ŷ−y)²"
    loss = 0.5 * r2
    loss.label = "L"
    return loss


def a_fixed_branch() -> Value:
    """A node computed only from nodes that need no gradient (``2·c``, ``c`` with requires_grad=False)."""
    w, c = Value(3.0, label="w"), Value(4.0, label="c", requires_grad=False)
    twice = c * 2.0
    twice.label = "2c"
    out = w * twice
    out.label = "L"
    return out


GRAPHS: dict[str, Callable[[], Value]] = {"relu_neuron": lambda: relu_neuron()[0],
                                          "notebook_01": neuron_with_a_target, "fixed_branch": a_fixed_branch}


@pytest.fixture(params=sorted(GRAPHS))
def steps(request: pytest.FixtureRequest) -> Trace:
    return trace_backward(GRAPHS[request.param]())


def state_of_text(text: str, dashed: bool, w: Mapping[str, str]) -> NodeState:
    """The state a node's gradient text (and its border) shows, as :func:`viz.style.grad_text` writes it."""
    if text == grad_text(w, NodeState.NOT_REACHED, ""):
        assert dashed, "a node not reached yet is drawn in a dashed box"
        return NodeState.NOT_REACHED
    assert not dashed, f"{text!r} in a dashed box"
    if text == grad_text(w, NodeState.NO_GRADIENT, ""):
        return NodeState.NO_GRADIENT
    assert re.fullmatch(r"grad [−-]?[\d.,e+−-]+", text), text
    return NodeState.GRADIENT


def dot_states(source: str, ids: Mapping[Value, str], w: Mapping[str, str]) -> dict[Value, NodeState]:
    """Each value node's state as ``draw``'s DOT writes it (its gradient cell, its border)."""
    found = {}
    for v, dot_id in ids.items():
        line = statement(source, dot_id)
        texts = re.findall(r"<TD>(?:<FONT [^>]*>)?(?:<I>)?([^<]*)<", line)
        grads = [t for t in texts if t.startswith("grad ") or t == w["viz_no_grad"]]
        assert len(grads) == 1, (dot_id, texts)
        found[v] = state_of_text(grads[0], "dashed" in (attr(line, "style") or ""), w)
    return found


def svg_states(svg: ET.Element, ids: Mapping[Value, str], w: Mapping[str, str]) -> dict[Value, NodeState]:
    """Each value node's state as graphviz's SVG of ``draw`` shows it."""
    groups = {g.get("id"): g for g in svg.iter(f"{SVG}g")}
    found = {}
    for v, dot_id in ids.items():
        group = groups[dot_id]
        texts = [t.text or "" for t in group.iter(f"{SVG}text")]
        grads = [t for t in texts if t.startswith("grad ") or t == w["viz_no_grad"]]
        assert len(grads) == 1, (dot_id, texts)
        outline = next(group.iter(f"{SVG}polygon"))
        found[v] = state_of_text(grads[0], outline.get("stroke-dasharray") is not None, w)
    return found


def expected(steps: Trace, i: int, ids: Mapping[Value, str]) -> dict[Value, NodeState]:
    at = steps.state_at(i)
    return {v: at[v] for v in ids}


# --- the one function ------------------------------------------------------------------------------------

def test_the_state_function() -> None:
    loss = neuron_with_a_target()
    steps = trace_backward(loss)
    by_label = {v.label: v for v in steps.names if v.label}
    y, w1, x1 = by_label["y"], by_label["w1"], by_label["x1"]
    before = steps.state_at(-1)
    assert before[loss] is NodeState.GRADIENT                   # the seed: the root has its gradient from the start
    assert before[w1] is NodeState.NOT_REACHED and before[y] is NodeState.NO_GRADIENT
    for i in range(len(steps)):
        at = steps.state_at(i)
        assert at[y] is NodeState.NO_GRADIENT, f"step {i + 1}: y needs no gradient, it is never 'not reached'"
        assert at[steps[i].node] is at[steps[i].parent] is NodeState.GRADIENT   # the highlighted pair
    last = steps.state_at(len(steps) - 1)
    assert all(state is node_state(v) for v, state in last.items())   # the last step is the final graph
    assert set(last.values()) == {NodeState.GRADIENT, NodeState.NO_GRADIENT}
    constants = [v for v in steps.names if v.is_leaf and not v.label]
    assert constants and all(last[c] is NodeState.NO_GRADIENT for c in constants)   # 0.5 and the 2 of ^2
    first_reached = {s.parent: s.index for s in reversed(steps)}
    assert all(steps.state_at(k - 1)[x1] is NodeState.NOT_REACHED for k in [first_reached[x1]])
    assert steps.state_at(first_reached[x1])[x1] is NodeState.GRADIENT
    with pytest.raises(IndexError, match="out of range"):
        steps.state_at(len(steps))
    with pytest.raises(IndexError, match="out of range"):
        steps.state_at(-2)
    assert node_state(Value(1.0, label="y", requires_grad=False), reached=False) is NodeState.NO_GRADIENT


# --- every view -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "es"])
def test_draw_shows_each_nodes_state_at_every_step(steps: Trace, lang: str) -> None:
    w = WORDS(lang)
    ids = draw_ids(steps.root)
    for i, step in enumerate(steps):
        source = viz.draw_step(step, notation=lang).source
        assert dot_states(source, ids, w) == expected(steps, i, ids), f"step {i + 1}"
    final = viz.draw(steps.root, notation=lang).source               # the final graph agrees with the last step
    assert dot_states(final, ids, w) == expected(steps, len(steps) - 1, ids)
    assert dot_states(viz.draw(steps.root, color_by="grad", notation=lang).source, ids, w) == \
        expected(steps, len(steps) - 1, ids)


def test_notebook_01s_y_needs_no_gradient_at_the_last_step_and_in_the_final_graph() -> None:
    loss = neuron_with_a_target()
    steps = trace_backward(loss)
    ids = draw_ids(loss)
    y = next(v for v in ids if v.label == "y")
    for source in (viz.draw_step(steps[-1], notation="es").source, viz.draw(loss, notation="es").source):
        line = statement(source, ids[y])
        assert "sin grad" in line and "grad —" not in line and "grad 0" not in line
    legend = footer(viz.draw_step(steps[-1], notation="es").source)
    assert "no necesita gradiente" in legend and "aún no calculado" not in legend   # nothing left unreached
    legend = footer(viz.draw_step(steps[2], notation="es").source)
    assert "no necesita gradiente" in legend and "aún no calculado" in legend
    # the same neuron with y needing a gradient: y is reached, and has one, like any leaf
    other = trace_backward(neuron_with_a_target(y_needs_grad=True))
    assert {state for v, state in other.state_at(len(other) - 1).items() if v.label == "y"} == {NodeState.GRADIENT}


def test_the_legend_draws_each_state_as_the_nodes_draw_it() -> None:
    loss = neuron_with_a_target()
    steps = trace_backward(loss)
    w = WORDS("en")
    legend = footer(viz.draw_step(steps[2]).source)
    unreached, no_grad = state_swatch(w, NodeState.NOT_REACHED), state_swatch(w, NodeState.NO_GRADIENT)
    # the not-reached swatch: a dashed box in the nodes' grey, with the nodes' "grad —" in it
    cell = re.search(r'<TD[^>]*STYLE="dashed"[^>]*>(.*?)</TD>', legend)
    assert cell is not None and f'COLOR="{NOT_REACHED}"' in cell[0] and "grad —" in cell[1]
    assert unreached.dashed and unreached.border == NOT_REACHED and unreached.text == "grad —"
    assert re.search(rf'<TD[^>]*>(?:(?!</TD>).)*{w["viz_no_grad"]}</I></FONT></TD>', legend)
    assert not no_grad.dashed and no_grad.text == "no grad"
    assert "not reached yet" in legend and "needs no gradient" in legend
    # and the receiving parent is a white box with the thick border, as drawn, not a filled square
    assert re.search(r'<TD BGCOLOR="#ffffff" COLOR="#e65100" BORDER="3"', legend)


@pytest.mark.dot
def test_the_player_data_and_drawing_carry_each_nodes_state(steps: Trace) -> None:
    ids = draw_ids(steps.root)
    w = WORDS("es")
    page = player(steps, notation="es")
    assert isinstance(page, str)
    data = page_data(page)
    codes = {"-": NodeState.NOT_REACHED, "g": NodeState.GRADIENT, "n": NodeState.NO_GRADIENT}
    by_id = {dot_id: v for v, dot_id in ids.items()}
    assert sorted(data["nodes"]) == sorted(ids.values())
    for i, d in enumerate(data["steps"]):
        shown = {by_id[dot_id]: codes[code] for dot_id, code in zip(data["nodes"], d["states"], strict=True)}
        assert shown == expected(steps, i, ids), f"step {i + 1}"
    assert data["notReached"] == "grad —"
    # the drawing: a node needing no gradient says so for good; every other box has a text the script swaps
    drawn = svg_states(page_svg(page), ids, w)
    for v in ids:
        assert drawn[v] is node_state(v)
        assert (ids[v] in data["widest"]) == v.requires_grad


@pytest.mark.dot
def test_the_slides_step_diagrams_show_each_nodes_state(monkeypatch: pytest.MonkeyPatch) -> None:
    import viz.deck
    from viz.deck import slide_deck

    real = viz.deck.draw_step
    drawn: list[tuple[Any, str]] = []

    def spy(step: Step, **options: Any) -> Any:
        graph = real(step, **options)
        drawn.append((step, graph.source))
        return graph

    monkeypatch.setattr(viz.deck, "draw_step", spy)
    steps = trace_backward(a_fixed_branch())
    slide_deck(steps, notation="es")
    ids = draw_ids(steps.root)
    w = WORDS("es")
    at_steps = {step.index: source for step, source in drawn if step is not None}
    assert sorted(at_steps) == list(range(len(steps)))
    for i, source in at_steps.items():
        assert dot_states(source, ids, w) == expected(steps, i, ids), f"slide of step {i + 1}"


@pytest.mark.dot
@pytest.mark.notebooks
def test_the_notebook_widget_shows_each_nodes_state() -> None:
    steps = trace_backward(neuron_with_a_target())
    ids = draw_ids(steps.root)
    w = WORDS("es")
    box = player_widget(steps, notation="es")
    _, view = box.children
    slider = box.children[0].children[1]
    for i in range(len(steps)):
        slider.value = i + 1
        html = view.value
        svg = ET.fromstring(html[html.index("<svg"):html.index("</svg>") + len("</svg>")])
        assert svg_states(svg, ids, w) == expected(steps, i, ids), f"widget, step {i + 1}"
    static = box._repr_mimebundle_()["text/html"]             # the saved notebook's view: the final graph
    svg = ET.fromstring(static[static.index("<svg"):static.index("</svg>") + len("</svg>")])
    assert svg_states(svg, ids, w) == expected(steps, len(steps) - 1, ids)
