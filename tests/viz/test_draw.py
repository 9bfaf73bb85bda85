"""``viz.draw``: the DOT text of graph diagrams (asserted directly), and renders through ``dot``."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import nn
import viz
from autograd import Value, gradcheck, trace_backward
from autograd.ops import Derivative, Op
from autograd.text import Notation
from autograd.value import apply
from viz.demo import relu_neuron
from viz.dot import html_text
from viz.style import GC_FAIL, GC_NEAR, GC_PASS, HIGHLIGHT_EDGE, HIGHLIGHT_FILL, NEGATIVE, POSITIVE, mix, signed_color

SVG = "{http://www.w3.org/2000/svg}"


def neuron() -> tuple[Value, dict[str, Value]]:
    """Seed 004: ŷ = ReLU(w·x + b) with W = (4, 2, −5), b = 7, x = (1, 0, 2); L = ½(ŷ − 5)²."""
    return relu_neuron()


def statement(source: str, dot_id: str) -> str:
    """The one DOT line declaring node ``dot_id``."""
    lines = [line.strip() for line in source.splitlines() if line.strip().startswith(f"{dot_id} [")]
    assert len(lines) == 1, (dot_id, lines)
    return lines[0]


def edge(source: str, tail: str, head: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if line.strip().startswith(f"{tail} -> {head} ")]


def footer(source: str) -> str:
    """The graph's label statement: what is written under the diagram (a step's caption, the legend)."""
    lines = [line.strip() for line in source.splitlines() if line.strip().startswith("label=<<TABLE")]
    assert len(lines) == 1, lines
    return lines[0]


def attr(line: str, name: str) -> str | None:
    m = re.search(rf"(?:\[| ){name}=(\"[^\"]*\"|[^ \]]+)", line)
    return m[1].strip('"') if m else None


def clusters_of(source: str) -> dict[str, tuple[str, ...]]:
    """Each node id → the labels of the clusters it is drawn in, outermost first."""
    stack: list[str] = []
    pending = False
    where: dict[str, tuple[str, ...]] = {}
    for raw in source.splitlines():
        line = raw.strip()
        if line.startswith("subgraph cluster_"):
            stack.append("?")
            pending = True
        elif line == "}":
            if stack:
                stack.pop()
        elif pending:
            m = re.search(r"label=<([^<>]*)>", line)
            assert m, line
            stack[-1] = m[1]
            pending = False
        elif "->" not in line and (m := re.match(r"(\w+) \[", line)):
            where[m[1]] = tuple(stack)
    return where


# --- values, grads and names ----------------------------------------------------------------------

def test_before_backward_no_grads_after_backward_grads() -> None:
    loss, n = neuron()
    ids = viz.draw_ids(loss)
    before = viz.draw(loss).source
    assert "grad" not in before
    assert "<TD><B>w1</B></TD><VR/><TD>data 4</TD></TR>" in statement(before, ids[n["w1"]])
    loss.backward()
    after = viz.draw(loss).source
    assert "<TD><B>w1</B></TD><VR/><TD>data 4</TD><VR/><TD>grad −4</TD>" in statement(after, ids[n["w1"]])
    assert "<TD><B>x3</B></TD><VR/><TD>data 2</TD><VR/><TD>grad 20</TD>" in statement(after, ids[n["x3"]])
    assert "grad" not in viz.draw(loss, show_grad=False).source


def test_stale_leaf_grads_from_another_graph_are_not_shown() -> None:
    w = Value(3.0, label="w")
    (w * 2.0).backward()
    assert w.grad == 2.0
    fresh = (w * w).tanh()
    assert "grad" not in viz.draw(fresh).source
    assert "grad 2" in viz.draw(fresh, show_grad=True).source


def test_grads_override_shows_a_moment_of_backward() -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    ids = viz.draw_ids(loss)
    at_start = viz.draw(loss, grads=trace.grads_at(-1)).source
    assert "grad 0</TD>" in statement(at_start, ids[n["w1"]])
    assert "grad 1</TD>" in statement(at_start, ids[loss])
    assert "grad −4</TD>" in statement(viz.draw(loss).source, ids[n["w1"]])


def test_unlabelled_nodes_use_the_trace_names() -> None:
    loss, _ = neuron()
    trace = trace_backward(loss)
    ids = viz.draw_ids(loss)
    source = viz.draw(loss).source
    unlabelled = [v for v in ids if not v.label]
    assert [trace.names[v] for v in unlabelled] == ["u₁", "u₁ + w3·x3"]   # the partial sums: no n6, n10
    for v in unlabelled:
        assert f'<FONT COLOR="gray35"><I>{trace.names[v]}</I></FONT>' in statement(source, ids[v])
    assert "where u₁ = w1·x1 + w2·x2" in footer(source)                      # what u₁ is, said once


def test_spanish_words_and_decimal_comma() -> None:
    loss, _ = neuron()
    loss.backward()
    source = viz.draw(loss, notation=Notation("es", ",")).source
    ids = viz.draw_ids(loss)
    assert "<TD>valor 8</TD><VR/><TD>grad 1</TD>" in statement(source, ids[loss])
    assert statement(source, viz.op_id(ids[loss])).startswith("n16_op [label=<0,5 ×>")
    assert "0.5" not in source
    const = statement(viz.draw(loss, constants="nodes", notation="es").source, f"{ids[loss]}_c0")
    assert "label=<0,5>" in const


def test_constants_are_drawn_once_per_use() -> None:
    x, w = Value(1.0, label="x"), Value(3.0, label="w")
    y = x * 2.0 + w * 2.0
    assert y.parents[0].parents[1] is not y.parents[1].parents[1]  # each use is a constant of its own
    source = viz.draw(y, constants="nodes").source
    constants = [line for line in source.splitlines() if "label=<2>" in line and "->" not in line]
    assert len(constants) == 2
    ids = viz.draw_ids(y)
    left, right = (ids[p] for p in y.parents)
    heads = {c.strip().split(" ")[0] for c in constants}
    assert heads == {f"{left}_c1", f"{right}_c1"}
    assert edge(source, f"{left}_c1", f"{left}_op") and edge(source, f"{right}_c1", f"{right}_op")


def test_op_nodes_and_parameter_names_on_edges() -> None:
    a, b = Value(5.0, label="a"), Value(2.0, label="b")
    y = b - a  # order matters: edges say which parent is a and which is b in ∂(a − b)
    source = viz.draw(y).source
    ids = viz.draw_ids(y)
    assert statement(source, "n2_op").startswith("n2_op [label=<−>")
    (ba,) = edge(source, ids[b], "n2_op")
    (aa,) = edge(source, ids[a], "n2_op")
    assert "label=<a>" in ba and "label=<b>" in aa
    assert edge(source, "n2_op", "n2") == ["n2_op -> n2 [id=e_n2_op_n2]"]
    (unary,) = edge(viz.draw(y.tanh()).source, "n2", "n3_op")
    assert "label=" not in unary  # one parent: nothing to tell apart


# --- determinism and ids --------------------------------------------------------------------------

def test_same_program_same_dot() -> None:
    first, _ = neuron()
    first.backward()
    noise = [Value(float(i)) for i in range(100)]  # different id()s for the second graph
    second, _ = neuron()
    second.backward()
    kwargs = {"color_by": "grad", "title": "neurona", "notation": Notation("es", ",")}
    assert viz.draw(first, **kwargs).source == viz.draw(second, **kwargs).source
    assert viz.draw(first).source == viz.draw(first).source
    assert noise


def test_every_element_has_its_id() -> None:
    loss, _ = neuron()
    trace = trace_backward(loss)
    ids = viz.draw_ids(loss)
    source = viz.draw(loss).source
    assert list(ids.values()) == [f"n{i}" for i in range(len(ids))]
    for v, dot_id in ids.items():
        assert f"id={dot_id} " in statement(source, dot_id)
        if v.op is not None:
            assert f"id={viz.op_id(dot_id)} " in statement(source, viz.op_id(dot_id))
    for step in trace:
        marked = viz.step_ids(step, ids)
        for element in marked.edges:
            assert f"id={element}]" in source or f"id={element} " in source
    statements = [line for line in source.splitlines() if "[" in line and "graph [" not in line]
    assert all("id=" in line for line in statements if not line.strip().startswith(("node [", "edge [")))


def test_highlight_marks_node_parent_and_edges() -> None:
    loss, n = neuron()
    trace = trace_backward(loss)
    (step,) = [s for s in trace if s.parent is n["w3"]]
    ids = viz.draw_ids(loss)
    marked = viz.step_ids(step, ids)
    assert marked == viz.StepIds("n9", "n9_op", ids[n["w3"]], ("e_n9_op_n9", f"e_{ids[n['w3']]}_n9_op_0"))
    source = viz.draw_step(step).source
    node = statement(source, marked.node)
    assert attr(node, "fillcolor") == HIGHLIGHT_FILL and attr(node, "penwidth") == "3"
    parent = statement(source, marked.parent)
    assert attr(parent, "color") == HIGHLIGHT_EDGE and attr(parent, "fillcolor") == "white"
    for tail, head in (("n9_op", "n9"), (ids[n["w3"]], "n9_op")):
        (line,) = edge(source, tail, head)
        assert attr(line, "color") == HIGHLIGHT_EDGE and attr(line, "penwidth") == "3"
    (other,) = edge(source, ids[n["x3"]], "n9_op")
    assert attr(other, "color") is None
    highlighted = [line for line in source.splitlines()
                   if HIGHLIGHT_EDGE in line and not line.strip().startswith("label=<<TABLE")]
    assert len(highlighted) == 5  # node, op node, parent, two edges
    assert "node being processed" in footer(source)
    assert "node being processed" not in viz.draw_step(step, legend=False).source

    other_loss, _ = neuron()
    with pytest.raises(ValueError, match="is not in this graph"):
        viz.step_ids(step, viz.draw_ids(other_loss))


def test_color_by_grad_fills_nodes_and_weights_edges() -> None:
    loss, n = neuron()
    loss.backward()
    ids = viz.draw_ids(loss)
    source = viz.draw(loss, color_by="grad").source
    assert attr(statement(source, ids[n["x3"]]), "fillcolor") == mix(POSITIVE, 0.75)  # grad 20, the largest
    assert attr(statement(source, ids[n["x1"]]), "fillcolor") == signed_color(-16.0, 20.0)
    assert signed_color(-16.0, 20.0) == mix(NEGATIVE, 0.15 + 0.6 * 0.8)
    assert attr(statement(source, ids[n["w2"]]), "fillcolor") == "#ffffff"
    (x3_edge,) = edge(source, ids[n["x3"]], "n9_op")  # carries +20, the largest contribution
    assert attr(x3_edge, "penwidth") == "4.00" and attr(x3_edge, "color") == POSITIVE
    (w2_edge,) = edge(source, ids[n["w2"]], "n5_op")  # carries 0
    assert attr(w2_edge, "penwidth") is None
    legend = footer(source)
    assert "∂L/∂· &gt; 0" in legend and "larger |gradient|" in legend
    assert "mayor |gradiente|" in viz.draw(loss, color_by="grad", notation="es").source
    assert "\tlabel=" not in viz.draw(loss, legend=False).source  # legend=False: no footer at all
    assert "∂L/∂" not in footer(viz.draw(loss).source)  # nothing to explain but what u₁ is: no colour legend


def test_gradcheck_lights_up_a_wrong_derivative() -> None:
    # An op whose derivative is deliberately wrong (a instead of 2a), built only for this test.
    bad_square = Op(name="bad_square", symbol="sq", expression="a²", params=("a",), forward=lambda a: a * a,
                    derivatives=(Derivative("a", lambda a, out: a),))
    report = gradcheck(lambda x, y: apply(bad_square, [x]) * y, [3.0, 2.0])
    assert not report.passed
    x, y = report.inputs
    ids = viz.draw_ids(report.output)
    source = viz.draw(report.output, gradcheck=report).source
    x_line, y_line = statement(source, ids[x]), statement(source, ids[y])
    assert attr(x_line, "fillcolor") == GC_FAIL and attr(y_line, "fillcolor") == GC_PASS
    assert f"<TD>|Δ| {report.entries[0].abs_error:g}</TD>" in x_line
    assert "gradcheck agrees" in footer(source)

    good = gradcheck(lambda x, y: (x * x) * y, [3.0, 2.0])
    good_source = viz.draw(good.output, gradcheck=good).source
    assert GC_FAIL not in good_source.replace(footer(good_source), "")

    near = dataclasses.replace(good, entries=(dataclasses.replace(good.entries[0], abs_error=0.5),
                                              good.entries[1]))
    near_line = statement(viz.draw(good.output, gradcheck=near).source, viz.draw_ids(good.output)[good.inputs[0]])
    assert attr(near_line, "fillcolor") == GC_NEAR  # tol = 1e-5 + 1e-3·12 < 0.5 ≤ 100·tol

    with pytest.raises(ValueError, match="inputs is in this graph"):
        viz.draw(Value(1.0) * 2.0, gradcheck=report)


# --- clusters -------------------------------------------------------------------------------------

def two_layer_net() -> tuple[Value, dict[str, Value]]:
    """Built by hand with nn-style labels: 2 inputs, 2 tanh neurons, 1 linear output, squared error."""
    x = [Value(0.5, label="x1"), Value(-1.0, label="x2")]
    W1 = [[Value(0.1 * (j + i + 1), label=f"W1[{j + 1},{i + 1}]") for i in range(2)] for j in range(2)]
    b1 = [Value(0.2 * j, label=f"b1[{j + 1}]") for j in range(2)]
    W2 = [Value(-0.3 + 0.5 * i, label=f"W2[1,{i + 1}]") for i in range(2)]
    b2 = Value(0.05, label="b2[1]")
    h = [(W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j]).tanh() for j in range(2)]
    out = W2[0] * h[0] + W2[1] * h[1] + b2
    loss = (out - 1.0) ** 2
    named = {v.label: v for v in (*x, *W1[0], *W1[1], *b1, *W2, b2)}
    named.update(h1=h[0], h2=h[1], out=out, loss=loss)
    return loss, named


def test_clusters_per_neuron_and_layer_from_labels() -> None:
    loss, n = two_layer_net()
    ids = viz.draw_ids(loss)
    where = clusters_of(viz.draw(loss).source)
    assert where[ids[n["W1[1,2]"]]] == ("layer 1", "neuron 1")
    assert where[ids[n["b1[2]"]]] == ("layer 1", "neuron 2")
    assert where[ids[n["h1"]]] == ("layer 1", "neuron 1")  # the activation closes the neuron
    assert where[viz.op_id(ids[n["h2"]])] == ("layer 1", "neuron 2")
    assert where[ids[n["W2[1,2]"]]] == ("layer 2", "neuron 1")
    assert where[ids[n["out"]]] == ("layer 2", "neuron 1")
    assert where[ids[n["x1"]]] == ()
    # the loss depends only on neuron (2, 1), but it is not part of the neuron: ``out − 1`` is no
    # weighted sum or activation, so the cluster stops at ``out``
    assert where[ids[n["loss"]]] == () and where[ids[n["loss"].parents[0]]] == ()
    es = clusters_of(viz.draw(loss, notation="es").source)
    assert es[ids[n["W1[1,2]"]]] == ("capa 1", "neurona 1")


def test_explicit_clusters_nest_and_escape() -> None:
    loss, n = two_layer_net()
    ids = viz.draw_ids(loss)
    source = viz.draw(loss, clusters={n["x1"]: "inputs", n["x2"]: "inputs", n["h1"]: "hidden/<h1>"}).source
    where = clusters_of(source)
    assert where[ids[n["x1"]]] == where[ids[n["x2"]]] == ("inputs",)
    assert where[ids[n["h1"]]] == ("hidden", "&lt;h1&gt;")
    assert where[ids[n["W1[1,1]"]]] == ()
    assert source.count("subgraph cluster_") == 3


def test_real_nn_model_graph_is_clustered() -> None:
    net = nn.MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                              [[0.1, 0.5, 0.8], [0.7]], "sigmoid")
    out = net([Value(1.0, label="x1"), Value(2.0, label="x2")])
    where = clusters_of(viz.draw(out).source)
    groups = {path for path in where.values() if path}
    assert groups == {("layer 1", "neuron 1"), ("layer 1", "neuron 2"), ("layer 1", "neuron 3"),
                      ("layer 2", "neuron 1")}


# --- limits and bad input -------------------------------------------------------------------------

def test_too_many_nodes_is_a_clear_error() -> None:
    x = Value(0.5, label="x")
    y = x
    for _ in range(100):
        y = y * 1.0001
    # 101 values + 100 op nodes + 100 uses of the constant 1.0001 drawn as nodes = 301 nodes
    with pytest.raises(ValueError, match=r"301 nodes .*more than max_nodes=300.*max_nodes=301.*viz\.network"):
        viz.draw(y, constants="nodes")
    assert len(re.findall(r"^\s*n\d+_op \[", viz.draw(y, max_nodes=301, constants="nodes").source, re.M)) == 100
    assert len(re.findall(r"^\s*n\d+_op \[", viz.draw(y, max_nodes=201).source, re.M)) == 100  # inline: 201
    with pytest.raises(ValueError, match="201 nodes"):
        viz.draw(y, max_nodes=200)
    with pytest.raises(ValueError, match="max_nodes=10;"):
        viz.draw(y.tanh() * 2.0, max_nodes=10)


def test_bad_arguments_are_named() -> None:
    loss, _ = neuron()
    with pytest.raises(TypeError, match="must be a Value"):
        viz.draw(3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rankdir"):
        viz.draw(loss, rankdir="XY")
    with pytest.raises(ValueError, match="color_by"):
        viz.draw(loss, color_by="sign")
    with pytest.raises(ValueError, match="unknown language"):
        viz.draw(loss, notation="fr")
    with pytest.raises(ValueError, match="decimal"):
        viz.draw(loss, notation=Notation(decimal=";"))
    with pytest.raises(TypeError, match="GradcheckReport"):
        viz.draw(loss, gradcheck="report")  # type: ignore[arg-type]
    assert "rankdir=TB" in viz.draw(loss, rankdir="TB").source


def test_a_constant_root_is_still_drawn() -> None:
    c = Value(2.5, requires_grad=False)
    assert viz.draw_ids(c) == {c: "n0"}
    assert "<I>2.5</I>" in statement(viz.draw(c).source, "n0")


def test_title_is_escaped() -> None:
    loss, _ = neuron()
    source = viz.draw(loss, title='L = ½(ŷ − y)² <b>"}').source
    assert 'label=<L = ½(ŷ − y)² &lt;b&gt;&quot;}>' in source


# --- escaping: any label text is text -------------------------------------------------------------

def labelled(text: str) -> Value:
    x = Value(2.0, label=text)
    product = x * 3.0
    product.label = "p"               # so that no other node is named after x (x·3 would be)
    y = (product + Value(1.0, label="b")).tanh()
    y.label = "y"
    return y


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=30))
def test_any_label_changes_only_its_own_cell(text: str) -> None:
    base = viz.draw(labelled("x")).source
    source = viz.draw(labelled(text)).source
    escaped = html_text(text)
    assert "\n" not in escaped and '"' not in escaped
    assert re.sub(r"<BR/>", "", escaped).count("<") == 0 and re.sub(r"<BR/>", "", escaped).count(">") == 0
    assert re.search(r"(?<!\\)(?:\\\\)*\\[^\\]", escaped) is None  # every backslash is doubled
    assert source.replace(f"<TD><B>{escaped}</B></TD>", "<TD><B>x</B></TD>", 1) == base


NASTY = ['a"b', "{x|y}", "<b>bold</b>", r"\N \G \E \T \H \L", "back\\slash\\", "x & y &amp;",
         "ñandú ∂ σ 🙂", "]; node [shape=box", "-> n0", "}", "'quoted'", "<<>>"]


@pytest.mark.dot
@pytest.mark.parametrize("text", NASTY)
def test_nasty_labels_render_as_text(text: str) -> None:
    svg = viz.draw(labelled(text)).pipe(format="svg", encoding="utf-8")
    root = ET.fromstring(svg)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    texts = [t.text for t in groups["n0"].iter(f"{SVG}text")]
    assert texts[0] == text
    assert {"n0", "n1", "n1_op", "n2", "n3", "n3_op", "n4", "n4_op"} <= set(groups)


def layout(source: str) -> tuple[int, int, list[str]]:
    out = subprocess.run(["dot", "-Tjson"], input=source, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    return len(data.get("objects", [])), len(data.get("edges", [])), sorted(o["name"] for o in data["objects"])


@pytest.mark.dot
@settings(max_examples=20)
@given(st.text(min_size=1, max_size=20))
@example("]")  # graphviz's HTML-label lexer trips on a cell holding only ]
@example("]]")
@example("[x]")
@example("<B>&amp;")
def test_random_labels_never_change_the_rendered_graph(text: str) -> None:
    assert layout(viz.draw(labelled(text)).source) == layout(viz.draw(labelled("x")).source)


@pytest.mark.dot
def test_svg_has_findable_ids_for_the_player() -> None:
    loss, _ = neuron()
    trace = trace_backward(loss)
    ids = viz.draw_ids(loss)
    svg = viz.draw_step(trace[3]).pipe(format="svg", encoding="utf-8")
    root = ET.fromstring(svg)
    found = {g.get("id") for g in root.iter(f"{SVG}g")}
    for step in trace:
        assert set(viz.step_ids(step, ids).all()) <= found
    assert "node being processed" in {t.text for t in root.iter(f"{SVG}text")}


@pytest.mark.dot
def test_demo_writes_diagram_and_spanish_table(tmp_path: Path) -> None:
    paths = viz.demo_trace_and_diagram(tmp_path / "demo")
    assert [p.name for p in paths] == ["neurona_relu.dot", "neurona_relu_pasos.md", "neurona_relu.svg"]
    table = paths[1].read_text(encoding="utf-8")
    assert "| paso | nodo | ∂L/∂nodo |" in table and "| ∂(a·b)/∂a = b = 2 | −8 | 0 | −8 |" in table
    assert "0,5" in table
    svg = ET.fromstring(paths[2].read_text(encoding="utf-8"))
    assert "n0" in {g.get("id") for g in svg.iter(f"{SVG}g")}
    assert paths[0].read_text(encoding="utf-8") == viz.demo_trace_and_diagram(tmp_path / "again")[0].read_text(
        encoding="utf-8")
    assert sorted(q.name for q in (tmp_path / "demo").iterdir()) == sorted(p.name for p in paths)  # no temp files
