"""``viz.network(model, x=…, y=…)``: one sample's forward and backward values, each on its own node.

Every expected number is computed here by ``nn`` and the engine directly (a graph of our own, not the
picture's), and written with the picture's :class:`~autograd.text.Notation`.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import nn
import viz
from autograd import Value
from autograd.text import Notation
from nn import MLP, losses
from tests.viz.network_dot import edges, head_text, node, shown

W1 = [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]
B1 = [0.1, 0.5, 0.8]
W2 = [[-0.4, 0.2, -0.5]]
B2 = [0.7]
X, Y = [1.8, -3.4], 5.0


def course_net() -> MLP:
    return MLP.from_weights([W1, W2], [B1, B2], ["sigmoid", "sigmoid"])


def reference(net: MLP, x: list[float], y: float) -> tuple[list[Value], list[nn.LayerValues], Value]:
    """The sample through ``net`` itself: the input Values, each layer's nodes and J, after backward."""
    xs = [Value(v) for v in x]
    layers = net.forward_layers(xs)
    J = losses.mse(layers[-1].a[0], y)
    J.backward()
    return xs, layers, J


def test_course_network_every_forward_and_backward_value_on_its_node() -> None:
    source = viz.network(course_net(), x=X, y=Y, notation="es").source
    ref = course_net()
    xs, layers, J = reference(ref, X, Y)
    n = Notation("es")
    for i, xi in enumerate(xs, start=1):
        sub = str(i).translate(str.maketrans("12", "₁₂"))
        assert shown(source, f"x{i}") == f"x{sub} = {n.number(xi.data)}\n∂J/∂x{sub} = {n.number(xi.grad)}"
    for li, (layer, values) in enumerate(zip(ref.layers, layers), start=1):
        for j, neuron in enumerate(layer.neurons):
            z, a = values.z[j], values.a[j]
            assert shown(source, f"l{li}_n{j + 1}").split("\n") == [
                "σ", f"b = {n.number(neuron.b.data)}", f"z = {n.number(z.data)}", f"a = {n.number(a.data)}",
                f"∂J/∂b = {n.number(neuron.b.grad)}", f"∂J/∂z = {n.number(z.grad)}", f"∂J/∂a = {n.number(a.grad)}"]
            for i, w in enumerate(neuron.w):
                tail = f"x{i + 1}" if li == 1 else f"l{li - 1}_n{i + 1}"
                assert head_text(edges(source)[tail, f"l{li}_n{j + 1}"]) == (
                    f"{n.number(w.data)}\n∂ {n.number(w.grad)}")
    assert shown(source, "y1") == "ŷ₁ = 0,5226" and layers[-1].a[0].data == pytest.approx(0.5226, abs=1e-4)
    assert shown(source, "loss") == "J = ½(ŷ − y)² = 10,02\ny = 5" and J.data == pytest.approx(10.0237, abs=1e-4)
    # the README's numbers: dJ/db2 and the first input's gradient
    assert "∂J/∂b = −1,117" in shown(source, "l2_n1") and "∂J/∂x₁ = 0,04877" in shown(source, "x1")
    assert ("y1", "loss") in edges(source) and "rank=same" in source.split("subgraph outputs")[1]


def test_the_model_is_left_as_it_was() -> None:
    net = course_net()
    viz.network(net, x=X, y=Y)
    assert all(p.grad == 0.0 for p in net.parameters())
    losses.mse(net(X), Y).backward()
    before = [p.grad for p in net.parameters()]
    viz.network(net, x=[0.0, 1.0], y=-1.0)
    assert [p.grad for p in net.parameters()] == before
    # without a sample, show=NetworkShow(grads=True) draws the model's own gradients, as before
    drawn = viz.network(net, show=viz.NetworkShow(grads=True)).source
    assert f"∂ {Notation().number(net.layers[0].neurons[0].w[0].grad)}" in head_text(edges(drawn)["x1", "l1_n1"])


def test_a_sample_without_target_shows_the_forward_pass_only() -> None:
    source = viz.network(course_net(), x=X, notation="es").source
    assert shown(source, "x1") == "x₁ = 1,8"
    assert shown(source, "l2_n1") == "σ\nb = 0,7\nz = 0,09037\na = 0,5226"
    assert "∂" not in source and "loss" not in source and shown(source, "y1") == "ŷ₁ = 0,5226"
    # a target with show=NetworkShow(grads=False): J, but no gradient anywhere
    quiet = viz.network(course_net(), x=X, y=Y, show=viz.NetworkShow(grads=False)).source
    assert "∂" not in quiet and shown(quiet, "loss").startswith("J = ½(ŷ − y)² = 10.02")


def test_parameter_names_with_a_sample() -> None:
    source = viz.network(course_net(), x=X, y=Y, show=viz.NetworkShow(parameter_names=True)).source
    assert shown(source, "l1_n2").split("\n")[1] == "b1[2] = 0.5" and "∂J/∂b1[2] = −0.009912" in shown(source, "l1_n2")
    assert head_text(edges(source)["x1", "l1_n2"]) == "W1[2,1] = −0.3\n∂ −0.01784"


def test_other_losses_and_several_outputs() -> None:
    net = MLP(2, [3, 2], activation="tanh", seed=1)
    source = viz.network(net, x=[0.5, -1.0], y=[1.0, 0.0], notation="es").source
    xs = [Value(0.5), Value(-1.0)]
    out = net.forward_layers(xs)[-1].a
    J = losses.mse([out], [[1.0, 0.0]])
    assert shown(source, "loss") == f"J = ½(ŷ − y)² = {Notation('es').number(J.data)}\ny = 1; 0"
    assert ("y1", "loss") in edges(source) and ("y2", "loss") in edges(source)
    assert "loss [" not in source.split("subgraph outputs")[1].split("}")[0]  # J has a column of its own
    # a class index for cross_entropy; the loss's name when there is no formula for it
    logits = MLP(2, [3, 3], output_activation="linear", seed=2)
    ce = viz.network(logits, x=[0.5, -1.0], y=2, loss="cross_entropy").source
    J = losses.cross_entropy([logits.forward([0.5, -1.0])], [2])
    assert shown(ce, "loss") == f"J (cross_entropy) = {Notation().number(J.data)}\ny = 2"
    # a loss function of one's own
    hinge = viz.network(MLP(2, [2, 1], seed=0), x=[1.0, 1.0], y=-1.0, loss=losses.hinge).source
    assert shown(hinge, "loss").startswith("J = ")


def test_numpy_sample_and_big_network() -> None:
    net = MLP(2, [16, 16, 1], seed=0)
    source = viz.network(net, x=np.array([0.5, -0.2]), y=1.0).source
    assert re.search(r"∂J/∂x₂ = -?\d", shown(source, "x2"))
    assert all(head_text(a) is None for a in edges(source).values())  # 304 weights: no labels


def test_bad_samples_are_named() -> None:
    net = course_net()
    with pytest.raises(ValueError, match=r"network: a target y= needs its input sample x="):
        viz.network(net, y=5.0)
    with pytest.raises(ValueError, match=r"network: x has 3 numbers but the network takes 2 inputs"):
        viz.network(net, x=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"network: x entry 2 must be finite, got nan"):
        viz.network(net, x=[1.0, float("nan")])
    with pytest.raises(ValueError, match=r"network: y must be a list of numbers, got '5'"):
        viz.network(net, x=X, y="5")
    with pytest.raises(ValueError, match=r"gradients are the sample's; do not also pass grads="):
        viz.network(weights=[W1, W2], x=X, y=Y, grads=[W1, W2])
    with pytest.raises(ValueError, match=r"unknown loss 'l1'"):
        viz.network(net, x=X, y=Y, loss="l1")
    with pytest.raises(ValueError, match=r"mse: 1 prediction\(s\) but|half_squared_error: 1 output\(s\) but 2"):
        viz.network(net, x=X, y=[1.0, 2.0])


def test_lists_run_a_sample_too() -> None:
    from_lists = viz.network(weights=[W1, W2], biases=[B1, B2], activations=["sigmoid", "sigmoid"], x=X, y=Y)
    assert from_lists.source == viz.network(course_net(), x=X, y=Y).source
    # a layer without an activation is run as linear
    linear = viz.network(weights=[[[1.0, 2.0]]], x=[3.0, 4.0]).source
    assert shown(linear, "l1_n1") == "Σ\nb = 0\nz = 11\na = 11"
    assert node(linear, "l1_n1")
