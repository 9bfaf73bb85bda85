"""Neurons, layers and MLPs: the course exercise, the matrix views, names, initializers, bad input."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from autograd import Value, topological_order
from nn import MLP, Layer, Neuron, activations, init, losses
from tests import course
from tests.course import numpy_backprop, sigma

# The 2-3-1 sigmoid network of the course exercise (seed 000), as arrays.
W1, B1, W2, B2, X = (np.array(a) for a in (course.W1, course.B1, course.W2, course.B2, course.X))


def exercise_net() -> MLP:
    return MLP.from_weights([W1, W2], [B1, B2], activations=["sigmoid", "sigmoid"])


def test_course_exercise_matches_numpy_backprop() -> None:
    net = exercise_net()
    y_hat = net([1.8, -3.4])
    assert isinstance(y_hat, Value)
    J = losses.mse(y_hat, 5.0)
    J.backward()
    ref = numpy_backprop()
    assert y_hat.data == pytest.approx(ref["y_hat"][0], abs=1e-14)
    assert J.data == pytest.approx(ref["J"][0], abs=1e-12)
    dW1, dW2 = net.layers[0].grad_matrix(), net.layers[1].grad_matrix()
    assert dW1.shape == (3, 2) and dW2.shape == (1, 3)
    assert net.layers[0].bias_grad().shape == (3,) and net.layers[1].bias_grad().shape == (1,)
    np.testing.assert_allclose(dW1, ref["dJ/dW1"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(dW2, ref["dJ/dW2"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(net.layers[0].bias_grad(), ref["dJ/db1"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(net.layers[1].bias_grad(), ref["dJ/db2"], rtol=0, atol=1e-14)
    # The worked solution multiplies by z1 instead of dJ/dy1 and gets dW1[1,1] = 0.378: not backprop's answer.
    assert abs(dW1[0, 0] - 0.378) > 0.2


def test_gradient_of_the_input_is_w_transpose_times_delta() -> None:
    net = exercise_net()
    x = [Value(1.8), Value(-3.4)]
    y_hat = net(x)
    assert isinstance(y_hat, Value)
    losses.mse(y_hat, 5.0).backward()
    ref = numpy_backprop()
    dz1 = ref["dJ/db1"]
    np.testing.assert_allclose([v.grad for v in x], W1.T @ dz1, rtol=0, atol=1e-14)


def test_samples_as_rows_convention_is_the_transpose() -> None:
    net = exercise_net()
    losses.mse(net(X), 5.0).backward()
    layer = net.layers[0]
    np.testing.assert_array_equal(layer.weight_matrix("rows"), W1.T)
    # dW = Xᵀ·dS with X the 1×2 row of the sample and dS the 1×3 row of deltas
    dS = layer.bias_grad().reshape(1, 3)
    np.testing.assert_allclose(layer.grad_matrix("rows"), X.reshape(1, 2).T @ dS, rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="columns"):
        layer.weight_matrix("diagonal")


def test_one_dot_node_per_neuron() -> None:
    net = exercise_net()
    out = net([1.8, -3.4])
    assert isinstance(out, Value)
    ops = [n.op.name for n in topological_order(out) if n.op is not None]
    assert ops.count("dot") == 4 and ops.count("add") == 4 and ops.count("sigmoid") == 4
    assert len(ops) == 12
    dots = [n for n in topological_order(out) if n.op is not None and n.op.name == "dot"]
    assert sorted(len(d.parents) for d in dots) == [4, 4, 4, 6]


def test_linear_neuron_adds_no_activation_node() -> None:
    n = Neuron(3, "linear", weights=[1.0, 2.0, 3.0], bias=0.5)
    out = n([1.0, 1.0, 1.0])
    assert out.data == 6.5 and out.op is not None and out.op.name == "add"


def test_named_parameters_and_course_labels() -> None:
    net = exercise_net()
    named = dict(net.named_parameters())
    assert net.num_parameters() == 13 == len(named)
    w = named["layers.0.neurons.2.w.1"]
    assert w.data == 0.02 and w.label == "W1[3,2]"
    assert named["layers.0.neurons.2.b"].label == "b1[3]"
    assert named["layers.1.neurons.0.w.2"].label == "W2[1,3]"
    assert [p.label for p in net.parameters()][:3] == ["W1[1,1]", "W1[1,2]", "b1[1]"]
    assert Neuron(2, seed=1).w[1].label == "w[2]"
    assert Layer(2, 2, seed=1).neurons[1].b.label == "b[2]"


def test_zero_grad_resets_every_parameter() -> None:
    net = exercise_net()
    losses.mse(net(X), 5.0).backward()
    assert any(p.grad != 0.0 for p in net.parameters())
    net.zero_grad()
    assert all(p.grad == 0.0 for p in net.parameters())


def test_weights_excludes_biases() -> None:
    net = exercise_net()
    assert [w.label for w in net.weights()] == ["W1[1,1]", "W1[1,2]", "W1[2,1]", "W1[2,2]", "W1[3,1]", "W1[3,2]",
                                                "W2[1,1]", "W2[1,2]", "W2[1,3]"]


def test_mlp_architecture_and_seed() -> None:
    a = MLP(2, [16, 16, 1], activation="relu", seed=0)
    b = MLP(2, [16, 16, 1], activation="relu", seed=0)
    c = MLP(2, [16, 16, 1], activation="relu", seed=1)
    assert a.sizes == [2, 16, 16, 1] and a.activations == ["relu", "relu", "linear"]
    assert a.num_parameters() == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert [p.data for p in a.parameters()] != [p.data for p in c.parameters()]
    assert all(n.b.data == 0.0 for layer in a.layers for n in layer.neurons)
    assert "337 parameters" in repr(a)


def test_multi_output_and_softmax_layer() -> None:
    net = MLP(3, [4, 3], activation="tanh", output_activation="softmax", seed=2)
    out = net([0.1, -0.2, 0.3])
    assert isinstance(out, list) and len(out) == 3
    assert sum(v.data for v in out) == pytest.approx(1.0, abs=1e-15)
    assert all(v.data > 0 for v in out)


@pytest.mark.parametrize("activation", ["linear", "relu", "leaky_relu", "tanh", "sigmoid"])
def test_predict_array_matches_the_engine(activation: str) -> None:
    net = MLP(2, [5, 3], activation=activation, output_activation=activation, seed=3)
    rows = np.random.default_rng(0).normal(size=(7, 2))
    fast = net.predict_array(rows)
    slow = np.array([[v.data for v in net.forward(r)] for r in rows])
    np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-14)


def test_predict_array_softmax_and_shape_error() -> None:
    net = MLP(2, [3], output_activation="softmax", seed=3)
    rows = np.array([[0.5, -1.0], [2.0, 0.1]])
    np.testing.assert_allclose(net.predict_array(rows).sum(axis=1), [1.0, 1.0])
    with pytest.raises(ValueError, match="rows of 2"):
        net.predict_array(np.zeros((2, 3)))


def test_from_weights_accepts_row_vectors_and_scalar_bias() -> None:
    net = MLP.from_weights([W1, [-0.4, 0.2, -0.5]], [B1, 0.7], activations="sigmoid")
    assert net.sizes == [2, 3, 1]
    np.testing.assert_array_equal(net.layers[1].weight_matrix(), W2)


def test_from_weights_shape_errors() -> None:
    with pytest.raises(ValueError, match=r"W2 has shape 1×2 .* needs 3 columns"):
        MLP.from_weights([W1, [[0.1, 0.2]]], [B1, B2])
    with pytest.raises(ValueError, match=r"from_weights, layer 1: b1: expected shape \(3,\), got \(2,\)"):
        MLP.from_weights([W1, W2], [[0.1, 0.5], B2])
    with pytest.raises(ValueError, match="one bias vector per weight matrix"):
        MLP.from_weights([W1, W2], [B1])
    with pytest.raises(ValueError, match="2 activations for 1 layers"):
        MLP.from_weights([W1], [B1], activations=["relu", "relu"])
    with pytest.raises(ValueError, match="2-D"):
        MLP.from_weights([np.zeros((2, 2, 2))], [[0.0, 0.0]])
    with pytest.raises(ValueError, match="finite"):
        MLP.from_weights([[[float("nan")]]], [[0.0]])


def test_layer_from_weights_is_the_layer_mlp_from_weights_builds() -> None:
    layer = Layer.from_weights(W1, B1)
    same = MLP.from_weights([W1], [B1]).layers[0]
    assert (layer.activation, layer.index, layer.nin, layer.nout) == ("sigmoid", 1, 2, 3) == (
        same.activation, same.index, same.nin, same.nout)
    np.testing.assert_array_equal(layer.weight_matrix(), W1)
    np.testing.assert_array_equal(layer.bias_vector(), B1)
    assert [p.label for p in layer.parameters()] == [p.label for p in same.parameters()]
    assert [p.label for p in layer.parameters()][:3] == ["W1[1,1]", "W1[1,2]", "b1[1]"]
    assert [a.data for a in layer(X)] == [a.data for a in same(X)]
    np.testing.assert_allclose([a.data for a in layer(X)], sigma(W1 @ X + B1), rtol=1e-12)


def test_layer_from_weights_options_and_copies() -> None:
    W = [[4.0, 2.0, -5.0], [7.0, -1.0, 0.0]]
    layer = Layer.from_weights(W, [7, -2], activation="relu", index=None)
    assert layer.activation == "relu" and layer.index is None
    assert [p.label for p in layer.neurons[1].parameters()] == ["W[2,1]", "W[2,2]", "W[2,3]", "b[2]"]
    assert [a.data for a in layer([1.0, 0.0, 2.0])] == [1.0, 5.0]   # the notes' z = (1, 5), ReLU
    W[0][0] = 99.0
    assert layer.weight_matrix()[0, 0] == 4.0                        # the layer holds copies
    assert Layer.from_weights(W2, B2, "linear", index=3).neurons[0].w[2].label == "W3[1,3]"
    row = Layer.from_weights([-0.4, 0.2, -0.5], 0.7)                  # one neuron: a row and a number
    assert (row.nout, row.nin) == (1, 3) and row.bias_vector().tolist() == [0.7]
    column = Layer.from_weights(W1, B1.reshape(-1, 1))                # b as a k×1 column vector
    np.testing.assert_array_equal(column.bias_vector(), B1)
    softmax = Layer.from_weights(W1, B1, "softmax")
    assert math.isclose(sum(a.data for a in softmax(X)), 1.0)


@pytest.mark.parametrize(("W", "b", "kwargs", "message"), [
    ([[0.1, -0.5], [True, -0.9]], [0.1, 0.5], {}, r"Layer.from_weights: W1 row 2, column 1 must be a real number, "
                                                  r"got True \(bool\)"),
    (np.array([[1, 0], [0, 1]], dtype=bool), [0.0, 0.0], {}, r"W1 row 1, column 1 must be a real number, got True"),
    ([[0.1, "0.5"]], [0.1], {}, r"W1 row 1, column 2 must be a real number, got '0.5' \(str\)"),
    ([[0.1, float("nan")]], [0.1], {}, "W1 row 1, column 2 must be finite, got nan"),
    ([[0.1, 0.2]], [False], {}, r"Layer.from_weights: b1 entry 1 must be a real number, got False \(bool\)"),
    ([[0.1, 0.2]], True, {}, r"b1 entry 1 must be a real number, got True \(bool\)"),
    ([[0.1, 0.2], [0.3]], [0.1, 0.2], {}, "W1 must be rectangular"),
    (W1, [0.1, 0.5], {}, r"Layer.from_weights: b1: expected shape \(3,\), got \(2,\)"),
    (np.zeros((2, 2, 2)), [0.0, 0.0], {}, r"W1 must be a k×n matrix \(2-D\)"),
    ([], [], {}, "W1: expected shape k×n, got 0×0"),
    ("W", [0.0], {}, "W1 must be a k×n matrix"),
    (W1, B1, {"activation": "swish"}, "Layer.from_weights: unknown activation 'swish'"),
    (W1, B1, {"index": 0}, r"layer must be an int ≥ 1"),
], ids=["bool", "bool-array", "str", "nan", "bool-bias", "bool-scalar-bias", "ragged", "bias-length", "3-D",
        "empty", "string", "activation", "index"])
def test_layer_from_weights_rejects_bad_input(W: object, b: object, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Layer.from_weights(W, b, **kwargs)  # type: ignore[arg-type]


def test_bad_entries_are_named_in_mlp_from_weights_and_set_weights() -> None:
    with pytest.raises(ValueError, match=r"from_weights, layer 2: W2 row 1, column 3 must be a real number, got True"):
        MLP.from_weights([W1, [[0.1, 0.2, True]]], [B1, B2])
    layer = exercise_net().layers[1]
    before = layer.weight_matrix()
    with pytest.raises(ValueError, match=r"layer 2: b2 entry 1 must be a real number, got None"):
        layer.set_weights(W2, [None])
    np.testing.assert_array_equal(layer.weight_matrix(), before)


def test_set_weights_checks_shape() -> None:
    layer = exercise_net().layers[0]
    with pytest.raises(ValueError, match="shape 3×2"):
        layer.set_weights(np.zeros((2, 3)), np.zeros(3))


def test_wrong_input_length() -> None:
    net = exercise_net()
    with pytest.raises(ValueError, match=r"MLP expects 2 input\(s\), got 3"):
        net([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="1-D"):
        net(np.zeros((1, 2)))
    with pytest.raises(TypeError, match="sequence of 2"):
        net(1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"layer 1 expects 2 input\(s\), got 1"):
        net.layers[0]([1.0])


def test_unknown_activation_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown activation 'gelu'; choose one of linear, relu, leaky_relu"):
        MLP(2, [3, 1], activation="gelu")
    with pytest.raises(ValueError, match="softmax"):
        MLP(2, [3, 1], activation="softmax")
    with pytest.raises(ValueError, match="not on one neuron"):
        Neuron(2, "softmax")
    with pytest.raises(ValueError, match="unknown activation"):
        MLP.from_weights([W1], [B1], activations=["swish"])
    with pytest.raises(ValueError, match="at least one layer"):
        MLP(2, [])


@pytest.mark.parametrize("name", sorted(activations.ELEMENTWISE))
def test_activation_is_the_value_method(name: str) -> None:
    v = Value(-0.7)
    out = activations.elementwise(name)(v)
    expected = {"linear": -0.7, "relu": 0.0, "leaky_relu": -0.007, "tanh": float(np.tanh(-0.7)),
                "sigmoid": float(sigma(np.array(-0.7)))}[name]
    assert out.data == pytest.approx(expected, abs=1e-15)
    assert activations.float_forward(name)(-0.7) == pytest.approx(expected, abs=1e-15)


def test_initializers_ranges_and_determinism() -> None:
    for name in ("uniform", "uniform01", "xavier", "glorot", "he"):
        a = init.initialize(name, 50, 40, random.Random(5))
        assert a == init.initialize(name, 50, 40, random.Random(5))
        assert len(a) == 40 and all(len(row) == 50 for row in a)
    flat = np.array(init.initialize("uniform", 50, 40, random.Random(0)))
    assert flat.min() >= -1 and flat.max() <= 1 and flat.min() < -0.9 and flat.max() > 0.9
    flat = np.array(init.initialize("uniform01", 50, 40, random.Random(0)))
    assert flat.min() >= 0 and flat.max() <= 1
    bound = np.sqrt(6 / 90)
    flat = np.array(init.initialize("xavier", 50, 40, random.Random(0)))
    assert np.abs(flat).max() <= bound and np.abs(flat).max() > 0.9 * bound
    flat = np.array(init.initialize("he", 50, 40, random.Random(0)))
    assert flat.std() == pytest.approx(np.sqrt(2 / 50), rel=0.1)
    with pytest.raises(ValueError, match="unknown initializer 'zeros'; choose one of uniform"):
        init.initialize("zeros", 2, 2, random.Random(0))
    with pytest.raises(TypeError, match="seed"):
        init.make_rng("seven")  # type: ignore[arg-type]


def test_micrograd_equivalent_init() -> None:
    """``MLP(..., init="uniform", seed=s)`` draws the weights in micrograd's order from Random(s)."""
    rng = random.Random(1337)
    expected = [rng.uniform(-1, 1) for _ in range(2 * 16)]
    net = MLP(2, [16, 1], seed=1337)
    assert net.layers[0].weight_matrix().ravel().tolist() == expected
