"""Each step of a trace as a sentence of the chain rule, in English and Spanish, and the trace in Jupyter.

The neuron is the course's seed 004 (see tests/autograd/test_trace.py): z = 1, ŷ = relu(z) = 1, L = ½(ŷ − 5)² = 8,
so ∂L/∂z = −4 and ∂L/∂w3 = ∂L/∂z · x3 = −8.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import assume, given, settings

from autograd import Step, Trace, Value, functional, trace_backward
from autograd.testing import EVERY_OP, Expression, expressions
from autograd.text import Notation
from autograd.trace import partial_name
from tests.course import diamond, neuron


def into(trace: Trace, v: Value) -> list[Step]:
    return [s for s in trace if s.parent is v]


def test_the_caption_of_a_step_is_the_chain_rule_with_its_numbers() -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    (w3,) = into(trace, n["w3"])
    # the product node w3·x3 has no label: it is called by its expression, as in the table
    assert w3.caption() == "∂L/∂w3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂w3 = (−4) · 2 = −8"
    (x3,) = into(trace, n["x3"])
    assert x3.caption() == "∂L/∂x3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂x3 = (−4) · (−5) = 20"
    (z,) = into(trace, n["z"])
    assert z.caption() == "∂L/∂z += ∂L/∂ŷ · ∂ŷ/∂z = (−4) · 1 = −4"
    assert trace[0].caption() == "∂L/∂((ŷ − 5)²) += ∂L/∂L · ∂L/∂((ŷ − 5)²) = 1 · 0.5 = 0.5"  # the root's own step


def test_a_labelled_product_reads_as_the_course_writes_it() -> None:
    w3, x3 = Value(-5.0, label="w3"), Value(2.0, label="x3")
    z = w3 * x3
    z.label = "z"
    loss = z * 0.8  # ∂L/∂z = 0.8 … then scaled to −4 by a seed of −5
    loss.label = "L"
    trace = trace_backward(loss, grad=-5.0)
    (step,) = into(trace, w3)
    assert step.caption() == "∂L/∂w3 += ∂L/∂z · ∂z/∂w3 = (−4) · 2 = −8"
    assert step.caption(notation="es") == "∂L/∂w3 += ∂L/∂z · ∂z/∂w3 = (−4) · 2 = −8"


def test_spanish_captions_write_the_decimal_comma_unless_told_otherwise() -> None:
    x = Value(2.0, label="x")
    y = x * -0.25
    y.label = "y"
    loss = y * 2.0
    loss.label = "L"
    trace = trace_backward(loss)
    (into_y,) = into(trace, y)
    (into_x,) = into(trace, x)
    assert into_x.caption(notation="es") == "∂L/∂x += ∂L/∂y · ∂y/∂x = 2 · (−0,25) = −0,5"
    assert into_x.caption(notation=Notation("es", decimal=".")) == "∂L/∂x += ∂L/∂y · ∂y/∂x = 2 · (−0.25) = −0.5"
    assert into_x.caption(notation=Notation(decimal=",")) == "∂L/∂x += ∂L/∂y · ∂y/∂x = 2 · (−0,25) = −0,5"
    assert into_x.caption(notation=Notation(precision=1)) == "∂L/∂x += ∂L/∂y · ∂y/∂x = 2 · (−0.2) = −0.5"
    assert into_y.caption(notation="es") == "∂L/∂y += ∂L/∂L · ∂L/∂y = 1 · 2 = 2"
    assert "-" not in into_x.caption()  # the real minus sign, never a hyphen
    with pytest.raises(ValueError, match="unknown language"):
        into_x.caption(notation="fr")


def test_a_node_reached_twice_shows_the_running_total() -> None:
    a, d = diamond()
    first, second = into(trace_backward(d), a)
    assert first.caption() == "∂L/∂a += ∂L/∂c · ∂c/∂a = 6 · 1 = 6"  # nothing before: no total
    assert second.caption() == "∂L/∂a += ∂L/∂b · ∂b/∂a = 3 · 3 = 9; now ∂L/∂a = 6 + 9 = 15"
    assert second.caption(notation="es") == "∂L/∂a += ∂L/∂b · ∂b/∂a = 3 · 3 = 9; ahora ∂L/∂a = 6 + 9 = 15"


def test_a_leaf_used_twice_in_one_op_and_a_negative_term() -> None:
    x = Value(-0.5, label="x")
    y = x * x
    y.label = "L"
    first, second = trace_backward(y)
    assert first.caption(notation="es") == "∂L/∂x += ∂L/∂L · ∂L/∂x = 1 · (−0,5) = −0,5"
    assert second.caption(notation="es") == ("∂L/∂x += ∂L/∂L · ∂L/∂x = 1 · (−0,5) = −0,5; "
                                         "ahora ∂L/∂x = −0,5 + (−0,5) = −1")


def test_a_leaf_keeps_its_gradient_from_an_earlier_backward_and_the_caption_says_so() -> None:
    loss, n = neuron()
    trace_backward(loss)
    (w3,) = into(trace_backward(loss), n["w3"])
    assert w3.caption() == "∂L/∂w3 += ∂L/∂(w3·x3) · ∂(w3·x3)/∂w3 = (−4) · 2 = −8; now ∂L/∂w3 = −8 + (−8) = −16"


def test_variadic_parents_are_named_by_their_labels() -> None:
    xs = [Value(v, label=f"x{i + 1}") for i, v in enumerate((1.0, 0.0, 2.0))]
    ws = [Value(v, label=f"w{i + 1}") for i, v in enumerate((4.0, 2.0, -5.0))]
    z = functional.dot(xs, ws)
    z.label = "z"
    s = functional.sum([z, xs[0]])
    s.label = "L"
    trace = trace_backward(s)
    (w3,) = into(trace, ws[2])
    assert w3.caption() == "∂L/∂w3 += ∂L/∂z · ∂z/∂w3 = 1 · 2 = 2"
    (into_z,) = into(trace, z)
    assert into_z.caption() == "∂L/∂z += ∂L/∂L · ∂L/∂z = 1 · 1 = 1"
    first, second = into(trace, xs[0])  # x1 reaches L through the sum and through the dot
    assert first.caption() == "∂L/∂x1 += ∂L/∂L · ∂L/∂x1 = 1 · 1 = 1"
    assert second.caption(notation="es") == "∂L/∂x1 += ∂L/∂z · ∂z/∂x1 = 1 · 4 = 4; ahora ∂L/∂x1 = 1 + 4 = 5"


def test_names_that_are_not_one_word_are_parenthesized_and_an_unlabelled_root_is_L() -> None:
    w, x = Value(3.0, label="w1"), Value(2.0, label="x1")
    product = w * x
    product.label = "w1 x1"
    root = product.tanh() * 1.0
    trace = trace_backward(root)
    (step,) = into(trace, w)
    assert step.caption().startswith("∂L/∂w1 += ∂L/∂(w1 x1) · ∂(w1 x1)/∂w1 = ")
    assert trace[0].caption().startswith("∂L/∂(tanh(w1 x1)) += ∂L/∂L · ∂L/∂(tanh(w1 x1)) = 1 · 1 = ")


@pytest.mark.parametrize(("at_zero", "product", "convention"), [
    (1.0, "(−5) · 1 = −5", "ReLU′(0) = 1"), (0.0, "(−5) · 0 = 0", "ReLU′(0) = 0"),
    (0.5, "(−5) · 0,5 = −2,5", "ReLU′(0) = 0,5"),
])
def test_a_step_taken_at_a_kink_names_its_convention(at_zero: float, product: str, convention: str) -> None:
    loss, n = neuron(at_zero=at_zero, b=6.0)  # z = 0 exactly: ReLU′(0) is the convention
    (z,) = into(trace_backward(loss), n["z"])
    assert z.caption(notation="es") == f"∂L/∂z += ∂L/∂ŷ · ∂ŷ/∂z = {product} ({convention})"
    assert n["z"].grad == -5.0 * at_zero and z.at_kink
    x = Value(0.0, label="x")
    (step,) = trace_backward(x.relu(at_zero=at_zero))
    x.data = 3.0  # an optimizer moves the leaf afterwards: the step still says what backward did
    assert step.at_kink and step.caption().endswith(f"({convention.replace(',', '.')})")
    away, _ = neuron(at_zero=at_zero)  # z = 1: no convention in play, none named
    assert "ReLU′" not in " ".join(s.caption() for s in trace_backward(away))
    assert not any(s.at_kink for s in trace_backward(away))


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html"])
def test_every_table_can_carry_a_caption_column(fmt: str) -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    headers, rows = trace.to_rows(notation="es", caption=True)
    assert headers[-1] == "regla de la cadena" and len(headers) == 10
    assert trace.to_rows(caption=True)[0][-1] == "chain rule"
    assert [row[-1] for row in rows] == [s.caption(notation="es") for s in trace]
    assert trace.to_rows(notation="es")[0] == headers[:-1]  # without caption: the nine columns of before
    render = {"text": trace.to_text, "markdown": trace.to_markdown, "latex": trace.to_latex,
              "html": trace.to_html}[fmt]
    plain, with_caption = render(notation="es"), render(notation="es", caption=True)
    assert "regla de la cadena" in with_caption and "regla de la cadena" not in plain
    (w3,) = into(trace, n["w3"])
    if fmt == "latex":
        assert r"\begin{tabular}{rlrlllrrrl}" in with_caption
        assert r"\ensuremath{\partial}L/\ensuremath{\partial}w3 +=" in with_caption
    elif fmt == "html":
        assert html.escape(w3.caption(notation="es")) in with_caption
        assert '<td style="text-align:left">∂L/∂w3 += ' in with_caption
    else:
        assert w3.caption(notation="es") in with_caption


def test_spanish_tables_write_the_op_formulas_in_spanish() -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    (z,) = into(trace, n["z"])
    assert trace.row_of(z, notation="es")[5] == "∂(ReLU(a))/∂a = 1 si a > 0; 0 si no = 1"
    assert trace.row_of(z)[5] == "∂(ReLU(a))/∂a = 1 if a > 0 else 0 = 1"
    assert z.formula == "∂(ReLU(a))/∂a = 1 if a > 0 else 0"  # the step keeps the op table's English text
    loss1, n1 = neuron(at_zero=1.0)
    (z1,) = into(trace_backward(loss1), n1["z"])
    assert trace_backward(loss1).to_markdown(notation="es").count("1 si a ≥ 0; 0 si no") == 1
    assert z1.op.convention == "ReLU′(0) = 1" and z1.op.symbol == "ReLU"


def test_a_trace_shows_itself_in_the_notation_it_was_made_with() -> None:
    loss, _ = neuron()
    trace = trace_backward(loss, notation="es")
    page = trace._repr_html_()
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", page)
    assert headers == ["paso", "nodo", "∂L/∂nodo", "op", "padre", "derivada local ∂nodo/∂padre", "contribución",
                       "grad antes", "grad después"]
    assert ">0,5<" in page and "0.5" not in page and "1 si a &gt; 0; 0 si no" in page
    assert str(trace).splitlines()[0].startswith("paso") and "0,5" in str(trace)
    assert trace.notation == Notation("es")
    # the explicit renderers keep their own defaults
    assert "step" in trace.to_html() and "0.5" in trace.to_text()
    english = trace_backward(neuron()[0])
    assert "<th" in english._repr_html_() and "parent" in english._repr_html_() and "0.5" in str(english)
    dotted = trace_backward(neuron()[0], notation=Notation("es", decimal=".", precision=2))
    assert "paso" in str(dotted) and "0.5" in str(dotted) and "0,5" not in dotted._repr_html_()
    with pytest.raises(ValueError, match="unknown language"):
        trace_backward(neuron()[0], notation="fr")


def test_constants_are_named_in_the_traces_notation() -> None:
    x = Value(2.0, label="x")
    y = x * 0.5
    assert trace_backward(y, notation="es").names[y.parents[1]] == "0,5"
    assert trace_backward(y).names[y.parents[1]] == "0.5"


@settings(max_examples=60, deadline=None)
@given(expressions(max_leaves=3, max_steps=6, ops=EVERY_OP))
def test_every_caption_of_a_random_graph_says_what_the_step_did(expr: Expression) -> None:
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(expr.leaves)]
    root = expr(*leaves)
    assume(root.requires_grad)
    es = Notation("es", precision=12)
    for step in trace_backward(root):
        caption = step.caption(notation=Notation("es", precision=12))
        main, *total = caption.split("; ahora ")
        chain, product, result = main.split(" = ")
        node = "L" if step.node is root else step.node_name  # the unlabelled root is L
        assert step.node_name == node and not re.fullmatch(r"n\d+", step.parent_name)
        assert chain == (f"{partial_name('L', step.parent_name)} += {partial_name('L', node)} · "
                         f"{partial_name(node, step.parent_name)}")
        upstream, local = (es.parse(f.strip("()")) for f in product.split(" · "))
        assert upstream == pytest.approx(step.upstream, rel=1e-9) and local == pytest.approx(step.local, rel=1e-9)
        assert es.parse(result) == pytest.approx(step.contribution, rel=1e-9, abs=1e-300)
        assert bool(total) == (step.before != 0.0)
