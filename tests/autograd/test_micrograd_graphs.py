"""A graph drawn the way micrograd's ``trace_graph.ipynb`` draws one, from pizarra's nodes (issue 18).

The notebook walks ``v._prev`` recursively, draws each node as a ``data | grad`` record and, when ``v._op``
is set, an op node ``str(id(v)) + v._op`` in front of it.  Written here from that description against the
public names only, it must render pizarra's graphs: the simple example and the 2-input neuron of
``random.seed(1337)``, with micrograd's own numbers for that neuron.
"""

from __future__ import annotations

import random
import subprocess
from typing import Any

import graphviz
import pytest

from autograd import Value
from nn import Neuron


def trace(root: Any) -> tuple[set[Any], set[tuple[Any, Any]]]:
    nodes: set[Any] = set()
    edges: set[tuple[Any, Any]] = set()
    todo = [root]
    while todo:
        v = todo.pop()
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                todo.append(child)
    return nodes, edges


def draw_dot(root: Any) -> graphviz.Digraph:
    nodes, edges = trace(root)
    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    for n in nodes:
        dot.node(name=str(id(n)), label=f"{{ data {n.data:.4f} | grad {n.grad:.4f} }}", shape="record")
        if n._op:
            dot.node(name=str(id(n)) + n._op, label=n._op)
            dot.edge(str(id(n)) + n._op, str(id(n)))
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    return dot


@pytest.mark.dot
def test_micrograds_draw_dot_renders_the_simple_example() -> None:
    x = Value(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    dot = draw_dot(y)
    svg = dot.pipe(format="svg").decode()
    for text in ("ReLU", "+", "*", "data 3.0000", "grad 2.0000"):
        assert f">{text}" in svg, text
    assert len(trace(y)[0]) == 6  # x, 2, x·2, 1, x·2 + 1 and y, as micrograd's graph has; op nodes come from _op


@pytest.mark.dot
def test_micrograds_draw_dot_renders_its_neuron_with_micrograds_numbers() -> None:
    from micrograd.engine import Value as MgValue
    from micrograd.nn import Neuron as MgNeuron

    def neuron(V: Any, N: Any) -> Any:
        random.seed(1337)
        n = N(2)
        y = n([V(1.0), V(-2.0)])
        y.backward()
        return y

    ours, theirs = neuron(Value, Neuron), neuron(MgValue, MgNeuron)
    assert abs(ours.data - theirs.data) <= 1e-12
    # pizarra's neuron is one dot node where micrograd adds products one by one: the ops differ, the ReLU is there
    assert "ReLU" in {n._op for n in trace(ours)[0]} and "ReLU" in {n._op for n in trace(theirs)[0]}
    source = draw_dot(ours).source
    done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, check=True)
    assert "ReLU" in done.stdout and done.stdout.count("data ") == len(trace(ours)[0])
