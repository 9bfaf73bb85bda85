"""The step-through trace: one row per ``+=`` of backward, checked against the course's worked neuron.

Seed 004 (the notes' single ReLU neuron): W = (4, 2, −5), b = 7, x = (1, 0, 2), y = 5, so z = 1,
ŷ = 1, L = ½(ŷ − y)² = 8, dL/dŷ = −4, dz = −4, db = −4, dW = dz·xᵀ = (−4, 0, −8) and
dx = wᵀ·dz = (−16, −8, 20).
"""

from __future__ import annotations

import html

import pytest

from autograd import AutogradError, Contribution, Trace, Value, backward, topological_order, trace_backward
from autograd.text import Notation, latex_escape
from autograd.trace import node_names
from tests.course import diamond, neuron

DW, DX, DB = (-4.0, 0.0, -8.0), (-16.0, -8.0, 20.0), -4.0


def steps_into(trace: Trace, v: Value) -> list:
    return [s for s in trace if s.parent is v]


@pytest.mark.parametrize("use_dot", [False, True], ids=["scalars", "functional.dot"])
def test_relu_neuron_matches_the_hand_computation(use_dot: bool) -> None:
    loss, n = neuron(use_dot=use_dot)
    trace = trace_backward(loss)
    assert loss.data == 8.0 and n["z"].data == 1.0 and n["ŷ"].data == 1.0
    # upstream gradients where each node is processed
    assert {s.upstream for s in trace if s.node is n["ŷ"]} == {-4.0}
    assert {s.upstream for s in trace if s.node is n["z"]} == {-4.0}
    assert [s.upstream for s in trace if s.node is loss] == [1.0]
    # every leaf got exactly one contribution (no shared paths here), equal to the notes' numbers
    for name, expected in [*zip(("w1", "w2", "w3"), DW), *zip(("x1", "x2", "x3"), DX), ("b", DB)]:
        (step,) = steps_into(trace, n[name])
        assert step.contribution == expected, name
        assert (step.before, step.after) == (0.0, expected), name
        assert n[name].grad == expected, name
        assert step.parent_name == name
    # the ReLU step: local derivative 1 (z = 1 > 0), formula from the op table
    (relu_step,) = steps_into(trace, n["z"])
    assert relu_step.node is n["ŷ"] and relu_step.local == 1.0 and relu_step.op.name == "relu"
    assert relu_step.formula == "∂(ReLU(a))/∂a = 1 if a > 0 else 0"


def test_rows_show_formulas_with_values_substituted() -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    (w3_step,) = steps_into(trace, n["w3"])
    row = trace.row_of(w3_step)
    assert row[1:] == ["w3·x3", "−4", "×", "w3", "∂(a·b)/∂a = b = 2", "−8", "0", "−8"]
    (x3_step,) = steps_into(trace, n["x3"])
    assert trace.row_of(x3_step)[5] == "∂(a·b)/∂b = a = −5"
    (b_step,) = steps_into(trace, n["b"])
    assert trace.row_of(b_step)[5] == "∂(a + b)/∂b = 1"  # no "= 1 = 1" when the formula is a number
    sub_steps = [s for s in trace if s.op.name == "sub"]
    assert trace.row_of(sub_steps[0])[5] == "∂(a − b)/∂a = 1"


def test_dot_rows_name_the_variadic_parents() -> None:
    loss, n = neuron(use_dot=True)
    trace = trace_backward(loss)
    (w1_step,) = steps_into(trace, n["w1"])
    (x3_step,) = steps_into(trace, n["x3"])
    assert trace.row_of(w1_step)[5] == "∂(Σᵢ xᵢ·wᵢ)/∂w₁ = x₁ = 1"
    assert trace.row_of(x3_step)[5] == "∂(Σᵢ xᵢ·wᵢ)/∂x₃ = w₃ = −5"
    assert x3_step.contribution == 20.0 and w1_step.position == 3


def test_order_is_exactly_backwards_order() -> None:
    loss_a, _ = neuron()
    seen: list[Contribution] = []
    backward(loss_a, observer=seen.append)
    loss_b, _ = neuron()
    trace = trace_backward(loss_b)
    names_a = node_names(loss_a)
    assert [(names_a[c.node], names_a[c.parent], c.index, c.contribution) for c in seen] == \
           [(s.node_name, s.parent_name, s.position, s.contribution) for s in trace]
    assert [s.index for s in trace] == list(range(len(trace)))
    assert trace.order == topological_order(loss_b)
    assert trace.root is loss_b and trace.seed == 1.0


def test_sum_of_contributions_is_each_leafs_grad() -> None:
    a, b = Value(1.5, label="a"), Value(-2.0, label="b")
    c = a * b + a.tanh() * b - (a * a) / b
    trace = trace_backward(c)
    for leaf in (a, b):
        contributions = [s.contribution for s in trace if s.parent is leaf]
        assert sum(contributions) == pytest.approx(leaf.grad)
        assert len(contributions) >= 3


def test_a_times_a_shows_two_separate_contributions() -> None:
    a = Value(3.0, label="a")
    y = a * a
    y.label = "y"
    trace = trace_backward(y)
    assert len(trace) == 2
    first, second = trace
    assert (first.position, first.before, first.contribution, first.after) == (0, 0.0, 3.0, 3.0)
    assert (second.position, second.before, second.contribution, second.after) == (1, 3.0, 3.0, 6.0)
    assert a.grad == 6.0
    text = str(trace)
    assert "∂(a·b)/∂a = b = 3" in text and "∂(a·b)/∂b = a = 3" in text


def test_diamond_accumulates_in_order() -> None:
    a, d = diamond()
    trace = trace_backward(d)
    into_a = steps_into(trace, a)
    assert [(s.node_name, s.before, s.after) for s in into_a] == [("c", 0.0, 6.0), ("b", 6.0, 15.0)]
    assert a.grad == 15.0  # L = 3a(a+1): L' = 6a + 3


def test_leaves_accumulate_across_traces_and_the_trace_shows_it() -> None:
    loss, n = neuron()
    trace_backward(loss)
    again = trace_backward(loss)
    (w1_step,) = steps_into(again, n["w1"])
    assert (w1_step.before, w1_step.after) == (-4.0, -8.0)
    (z_step,) = steps_into(again, n["z"])
    assert z_step.before == 0.0  # intermediate nodes are reset on every backward


def test_grads_at_replays_the_graph_state() -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    start = trace.grads_at(-1)
    assert start[loss] == 1.0 and start[n["w1"]] == 0.0 and start[n["z"]] == 0.0
    end = trace.grads_at(len(trace) - 1)
    assert all(end[v] == v.grad for v in trace.order)
    (z_step,) = steps_into(trace, n["z"])
    mid = trace.grads_at(z_step.index)
    assert mid[n["z"]] == -4.0 and mid[n["b"]] == 0.0
    with pytest.raises(IndexError, match="out of range"):
        trace.grads_at(len(trace))


def test_generated_names_follow_topological_position() -> None:
    x = Value(2.0)
    y = Value(3.0, label="W1[2,1]")
    z = (x * y + 1.0).tanh()
    names = node_names(z)
    # x (unlabelled) is u₁, y is called by its label, x·y by its expression, +1 is too long: u₂; tanh is the root L
    assert names[x] == "u₁" and names[y] == "W1[2,1]" and names[z] == "L"
    assert names.definitions == {"u₂": "u₁·W1[2,1] + 1"}
    assert node_names(z) == names  # stable
    trace = trace_backward(z)
    assert [(s.node_name, s.parent_name) for s in trace] == [
        ("L", "u₂"), ("u₂", "u₁·W1[2,1]"), ("u₁·W1[2,1]", "u₁"), ("u₁·W1[2,1]", "W1[2,1]")]
    assert trace.name_of(y) == "W1[2,1]"
    with pytest.raises(KeyError, match="not a node"):
        trace.name_of(Value(1.0))
    half = z * 0.5
    assert node_names(half, notation=Notation(decimal=","))[half.parents[1]] == "0,5"


def test_spanish_markdown_with_decimal_comma() -> None:
    loss, n = neuron()
    n["ŷ"].label = "y_hat"                                # a label with a `_`, which markdown escapes
    md = trace_backward(loss).to_markdown(notation=Notation("es", decimal=","))
    lines = md.splitlines()
    assert lines[0] == ("| paso | nodo | ∂L/∂nodo | op | padre | derivada local ∂nodo/∂padre | contribución "
                        "| grad antes | grad después |")
    assert lines[1] == "|---|---|---|---|---|---|---|---|---|"
    assert lines[2] == "| 1 | L | 1 | × | (y\\_hat − 5)² | ∂(a·b)/∂b = a = 0,5 | 0,5 | 0 | 0,5 |"  # `_` escaped
    assert len(lines) == 2 + 16 + 2                       # and a blank line, then what u₁ stands for
    assert lines[-1] == "donde u₁ = w1·x1 + w2·x2"
    assert "0.5" not in md


def test_text_table_in_english() -> None:
    loss, _ = neuron()
    text = str(trace_backward(loss))
    header = text.splitlines()[0]
    for word in ("step", "node", "∂L/∂node", "parent", "contribution", "grad before", "grad after"):
        assert word in header
    assert len(text.splitlines()) == 2 + 16 + 1
    assert text.splitlines()[-1] == "where u₁ = w1·x1 + w2·x2"


def test_latex_is_escaped() -> None:
    a = Value(2.0, label="x_1 & {y}% $#\\~^|<>")
    y = a * a
    y.label = "L"
    tex = trace_backward(y).to_latex(notation=Notation("es", decimal=","))
    lines = tex.splitlines()
    assert lines[0] == r"\begin{tabular}{rlrlllrrr}" and lines[-1] == r"\end{tabular}"
    escaped = (r"x\_1 \& \{y\}\% \$\#\textbackslash{}\textasciitilde{}\textasciicircum{}"
               r"\textbar{}\textless{}\textgreater{}")
    assert latex_escape(a.label) == escaped
    body = [line for line in lines if line.endswith(r"\\")]
    assert len(body) == 3  # header + two steps
    assert body[1].split(" & ")[4] == escaped
    assert r"\ensuremath{\partial}(a\ensuremath{\cdot}b)/\ensuremath{\partial}a = b = 2" in tex
    assert "contribución" in body[0]
    for line in body:  # every & is a column separator or escaped
        assert line.replace(r"\&", "").count("&") == 8


def test_html_is_escaped_and_numbered() -> None:
    a = Value(2.0, label="<script>alert(1)</script>")
    y = a.tanh()
    trace = trace_backward(y)
    page = trace.to_html(notation="es")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<tr data-step="0">' in page and "<th" in page and "padre" in page
    assert trace._repr_html_() == trace.to_html()


@pytest.mark.parametrize("label", ["<b>&amp;</b>", "</script><script>alert(1)</script>", "a\rb", "a\r\nb", "a\nb"])
def test_markdown_names_are_text_not_html_and_stay_on_their_row(label: str) -> None:
    a = Value(2.0, label=label)
    y = a.tanh()
    y.label = "L<&>"
    md = trace_backward(y).to_markdown()
    lines = md.split("\n")
    assert len(lines) == 3 and lines[1].startswith("|---")
    for line in (lines[0], lines[2]):
        assert line.startswith("| ") and line.endswith(" |") and line.count(" | ") == 8
    assert "\r" not in md
    assert lines[0].split(" | ")[2] == "∂L&lt;&amp;&gt;/∂node"   # the root's label is in a header
    cell = lines[2].split(" | ")[4]
    assert "<" not in cell and ">" not in cell
    assert html.unescape(cell) == label.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def test_bad_input_is_named() -> None:
    with pytest.raises(TypeError, match="must be a Value"):
        trace_backward(3.0)  # type: ignore[arg-type]
    with pytest.raises(AutogradError, match="does not require a gradient"):
        trace_backward(Value(1.0, requires_grad=False))
    loss, _ = neuron()
    trace = trace_backward(loss)
    with pytest.raises(ValueError, match="unknown language"):
        trace.to_markdown(notation="fr")
    with pytest.raises(ValueError, match="decimal"):
        trace.to_text(notation=Notation(decimal=";"))


def test_sequence_protocol() -> None:
    loss, _ = neuron()
    trace = trace_backward(loss, grad=2.0)
    assert len(trace) == 16 and trace[0].index == 0 and trace[-1].index == 15
    assert [s.index for s in trace[2:4]] == [2, 3]
    assert trace.seed == 2.0 and trace[0].upstream == 2.0
    assert repr(trace) == "Trace(root='L', steps=16)"


def test_a_pass_seeded_with_another_loss_gradient_names_that_loss() -> None:
    """``of="J"``: a neuron seen alone, seeded with ∂J/∂a, shows ∂J/∂… everywhere (tables, captions, legend)."""
    import math

    from viz.draw import draw_step

    w, x = Value(2.0, label="w"), Value(3.0, label="x")
    a = (w * x).tanh()
    a.label = "a"
    trace = trace_backward(a, 0.5, of="J")
    assert trace.of == "J" and trace.seed == 0.5
    assert trace.headers()[2] == "∂J/∂node"
    assert trace[0].caption().startswith("∂J/∂(w·x) += ∂J/∂a · ∂a/∂(w·x) = 0.5 · ")
    assert {s.parent_name: s.after for s in trace}["w"] == pytest.approx(0.5 * (1 - math.tanh(6.0) ** 2) * 3.0)
    assert "∂J/∂· &gt; 0" in draw_step(trace[0], caption=False, color_by="grad").source   # the legend
    plain = trace_backward(a)
    assert plain.of == "a" and plain[0].caption().startswith("∂a/∂(w·x) += ∂a/∂a · ")
