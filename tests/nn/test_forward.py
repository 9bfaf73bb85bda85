"""The one forward: MLP.forward calls its layers, and forward_values / forward_layers hand out the graph's own nodes."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nn
from autograd import Value, topological_order
from autograd.functional import dot, softmax
from nn import MLP, Layer, LayerValues, activations, losses

W1 = np.array([[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]])
B1 = np.array([0.1, 0.5, 0.8])
W2 = np.array([[-0.4, 0.2, -0.5]])
B2 = np.array([0.7])
X = [1.8, -3.4]


def reference_forward(net: MLP, x: list[float]) -> list[Value]:
    """What MLP.forward built before it called its layers: ``act(dot(x, w) + b)`` per neuron, softmax per layer."""
    h: list[Value] | list[float] = list(x)
    for layer in net.layers:
        out = []
        for n in layer.neurons:
            z = dot(h, n.w) + n.b
            out.append(z if layer.activation in ("linear", "softmax") else activations.ELEMENTWISE[layer.activation](z))
        h = softmax(out) if layer.activation == "softmax" else out
    return h  # type: ignore[return-value]


def shape_of_graph(root: Value) -> list[tuple[str | None, float, str, list[int]]]:
    """Each node in topological order: its op, data, label and the positions of its parents."""
    order = topological_order(root, only_requiring_grad=False)
    index = {id(v): i for i, v in enumerate(order)}
    return [(v.op.name if v.op else None, v.data, v.label, [index[id(p)] for p in v.parents]) for v in order]


def loss_of(outputs: Value | list[Value]) -> Value:
    outs = outputs if isinstance(outputs, list) else [outputs]
    return losses.mse([outs], [[0.25] * len(outs)])


@pytest.mark.parametrize(("hidden", "output", "sizes"), [
    ("relu", "linear", [4, 3, 1]), ("tanh", "softmax", [3, 3]), ("sigmoid", "sigmoid", [3, 1]),
    ("leaky_relu", "linear", [2, 2]), ("relu", "tanh", [1]),
])
def test_forward_builds_the_same_graph_as_before(hidden: str, output: str, sizes: list[int]) -> None:
    net = MLP(2, sizes, activation=hidden, output_activation=output, seed=3)
    x = [0.5, -1.25]
    expected = shape_of_graph(loss_of(reference_forward(net, x)))
    assert shape_of_graph(loss_of(net(x))) == expected
    assert shape_of_graph(loss_of(net.forward(x))) == expected
    assert shape_of_graph(loss_of(net.forward_layers(x)[-1].a)) == expected


def test_forward_layers_are_the_nodes_of_the_graph_with_their_gradients() -> None:
    net = MLP.from_weights([W1, W2], [B1, B2], activations="sigmoid")
    values = net.forward_layers(X)
    assert len(values) == 2 and all(isinstance(v, LayerValues) for v in values)
    J = losses.mse(values[-1].a[0], 5.0)
    J.backward()
    in_graph = {id(v) for v in topological_order(J)}
    for layer, v in zip(net.layers, values):
        assert len(v.z) == len(v.a) == len(v.wx) == layer.nout
        for n, wx, z, a in zip(layer.neurons, v.wx, v.z, v.a):
            assert {id(wx), id(z), id(a)} <= in_graph
            assert a.op is not None and a.op.name == "sigmoid" and a.parents == (z,)
            assert z.op is not None and z.op.name == "add" and z.parents == (wx, n.b)
            assert wx.op is not None and wx.op.name == "dot"
            assert math.isclose(z.grad, a.grad * a.data * (1 - a.data), rel_tol=1e-12)  # dJ/dz = dJ/da·σ'(z)
            assert z.grad == wx.grad == n.b.grad
    # the course's numbers, with numpy: z = W·x + b, a = σ(z), and backprop
    sigma = lambda z: 1 / (1 + np.exp(-z))
    z1 = W1 @ X + B1
    a1 = sigma(z1)
    z2 = W2 @ a1 + B2
    a2 = sigma(z2)
    dz2 = (a2 - 5.0) * a2 * (1 - a2)
    dz1 = (W2.T @ dz2) * a1 * (1 - a1)
    for v, z, a, dz in ((values[0], z1, a1, dz1), (values[1], z2, a2, dz2)):
        np.testing.assert_allclose([n.data for n in v.z], z, rtol=1e-12)
        np.testing.assert_allclose([n.data for n in v.a], a, rtol=1e-12)
        np.testing.assert_allclose([n.data for n in v.wx], z - (B1 if len(z) == 3 else B2), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose([n.grad for n in v.z], dz, rtol=1e-12)


def test_linear_and_softmax_layers() -> None:
    net = MLP(2, [4, 3], activation="linear", output_activation="softmax", seed=2)
    hidden, out = net.forward_layers([0.3, -0.7])
    assert all(a is z for a, z in zip(hidden.a, hidden.z))                  # linear: a is z itself
    assert all(a is not z for a, z in zip(out.a, out.z))
    assert math.isclose(sum(a.data for a in out.a), 1.0, rel_tol=1e-12)     # softmax of the z
    zs = [z.data for z in out.z]
    expected = [math.exp(z) / sum(math.exp(t) for t in zs) for z in zs]
    np.testing.assert_allclose([a.data for a in out.a], expected, rtol=1e-12)
    assert all(z.op is not None and z.op.name == "add" for z in out.z)     # the neurons of a softmax layer are linear
    J = losses.cross_entropy([out.a], [1])  # (softmax then cross-entropy: just to get gradients flowing)
    J.backward()
    assert all(z.grad != 0.0 for z in out.z) and all(z.grad != 0.0 for z in hidden.z)


@pytest.mark.parametrize("name", activations.ACTIVATIONS)
def test_every_activation_defines_z_and_a(name: str) -> None:
    layer = Layer(2, 3, name, seed=4)
    v = layer.forward_values([0.4, -1.2])
    z = [n.data for n in v.z]
    if name == "softmax":
        expected = [math.exp(t) / sum(math.exp(s) for s in z) for t in z]
    else:
        expected = [activations.float_forward(name)(t) for t in z]
    np.testing.assert_allclose([a.data for a in v.a], expected, rtol=1e-12)
    assert [a.data for a in layer([0.4, -1.2])] == [a.data for a in v.a]
    np.testing.assert_allclose(z, layer.weight_matrix() @ [0.4, -1.2] + layer.bias_vector(), rtol=1e-12)


def test_forward_values_checks_its_input_like_calling_the_layer() -> None:
    layer = MLP(2, [3, 1], activation="tanh", seed=0).layers[0]
    with pytest.raises(ValueError, match=r"layer 1 expects 2 input\(s\), got 3"):
        layer.forward_values([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"MLP expects 2 input\(s\), got 1"):
        MLP(2, [1]).forward_layers([1.0])
    xs = [Value(1.0, label="x1"), Value(-2.0, label="x2")]
    v = layer.forward_values(xs)
    v.a[0].backward()
    assert xs[0].grad != 0.0  # Values as inputs get gradients too


def test_exported() -> None:
    assert nn.LayerValues is LayerValues and "LayerValues" in nn.__all__
    assert LayerValues._fields == ("z", "a", "wx")
