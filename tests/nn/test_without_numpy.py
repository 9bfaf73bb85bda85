"""nn and the network picture without numpy (the browser page, issue 19): ``import nn`` and ``import viz`` load
no numpy, a network built from lists runs forward and backward, and :func:`viz.network` draws it; the numbers
and the DOT text are the ones numpy arrays given as inputs produce in an ordinary interpreter, and a saved
network is the same file."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
import viz
from autograd.text import Notation
from nn import MLP, Layer, Neuron, losses
from tests.without_numpy import run_without

W = [[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]]
B = [[0.1, 0.5, 0.8], [0.7]]


def test_importing_nn_and_viz_loads_no_numpy() -> None:
    out = run_without("""
        import sys
        import nn, viz, viz.draw, viz.network, viz.player.page
        from nn import MLP, Layer, LayerValues, Module, Neuron, activations, arrays, init, labels, losses, optim
        print(sorted(m for m in ("nn.train", "nn.data", "nn.batched", "numpy") if m in sys.modules))
        try:
            nn.train
        except ImportError as e:
            print("train:", e)
    """)
    assert out.splitlines() == ["[]", "train: blocked for this test: numpy"]


def test_the_lazy_names_of_nn_are_the_modules_own() -> None:
    from nn import ModelFileError, TrainingDivergedError

    assert nn.History is nn.train.History and TrainingDivergedError is nn.train.TrainingDivergedError
    assert ModelFileError is nn.serialize.ModelFileError and nn.data.moons is not None
    assert nn.batched.RecordedLoss is not None and nn.to_torch is nn.torch_bridge.to_torch
    assert set(nn.__all__) <= set(dir(nn))
    assert all(getattr(nn, name) is not None for name in nn.__all__)
    with pytest.raises(AttributeError, match="module 'nn' has no attribute 'trian'"):
        nn.trian  # noqa: B018


_RUN = """
    import json, random, tempfile
    from pathlib import Path
    import nn
    from nn import MLP, Layer, Neuron, losses
    from nn.labels import parse_parameter_label

    W, B = {W!r}, {B!r}
    found = {{}}
    net = MLP.from_weights(W, B, activations="sigmoid")
    out = net([1.8, -3.4])
    for name in ("mse", "bce", "hinge"):
        for p in net.parameters():
            p.grad = 0.0
        J = losses.get(name)([net([1.8, -3.4])], [1.0])
        J.backward()
        found[name] = [J.data, [p.grad for p in net.parameters()]]
    found["forward"] = out.data
    found["labels"] = [p.label for p in net.parameters()]
    found["parsed"] = list(parse_parameter_label("W2[1,3]"))
    found["named"] = [name for name, _ in net.named_parameters()]
    found["layer"] = [net.layers[0].weight_rows("rows"), net.layers[0].grad_rows(), net.layers[0].bias_numbers(),
                      net.layers[0].bias_grad_numbers()]
    soft = MLP(3, [4, 3], activation="tanh", output_activation="softmax", seed=5)
    J = losses.cross_entropy([soft.forward([0.5, -1, 2])], [2])
    J.backward()
    found["softmax"] = [J.data, [p.grad for p in soft.parameters()]]
    found["seeded"] = {{init: [layer.weight_rows() for layer in MLP(2, [3, 1], init=init, seed=7).layers]
                        for init in ("uniform", "uniform01", "xavier", "he")}}
    random.seed(1337)
    found["global"] = [layer.weight_rows() for layer in MLP(2, [16, 16, 1]).layers]
    neuron = Neuron(2, "tanh", seed=3)
    found["neuron"] = [neuron([1, 2]).data, [w.data for w in neuron.w]]
    layer = Layer(2, 3, "relu", seed=4)
    found["layer_call"] = [v.data for v in layer([0.5, 0.25])]
    opt = nn.optim.SGD(net.parameters(), lr=0.1)
    opt.step()
    found["step"] = [p.data for p in net.parameters()]
    with tempfile.TemporaryDirectory() as tmp:
        path = net.save(Path(tmp) / "net.json")
        found["file"] = path.read_text()
        found["loaded"] = [layer.weight_rows() for layer in MLP.load(path).layers]
    print(json.dumps(found))
"""


def _flat(x: Any) -> list[Any]:
    """The numbers of nested lists and dicts, in order."""
    if isinstance(x, dict):
        return [item for key in sorted(x) for item in _flat(x[key])]
    if isinstance(x, list):
        return [item for v in x for item in _flat(v)]
    return [x]


def _expected(tmp: Path) -> dict[str, Any]:
    """What :data:`_RUN` computes, here with numpy arrays as the inputs and numpy's results read back."""
    found: dict[str, Any] = {}
    net = MLP.from_weights([np.array(w) for w in W], [np.array(b) for b in B], activations="sigmoid")
    x = np.array([1.8, -3.4])
    found["forward"] = net(x).data
    for name in ("mse", "bce", "hinge"):
        net.zero_grad()
        J = losses.get(name)([net(x)], np.array([1.0]))
        J.backward()
        found[name] = [J.data, [p.grad for p in net.parameters()]]
    found["labels"] = [p.label for p in net.parameters()]
    found["layer"] = [net.layers[0].weight_matrix("rows").tolist(), net.layers[0].grad_matrix().tolist(),
                      net.layers[0].bias_vector().tolist(), net.layers[0].bias_grad().tolist()]
    soft = MLP(3, [4, 3], activation="tanh", output_activation="softmax", seed=5)
    J = losses.cross_entropy([soft.forward(np.array([0.5, -1, 2]))], np.array([2]))
    J.backward()
    found["softmax"] = [J.data, [p.grad for p in soft.parameters()]]
    found["seeded"] = {init: [layer.weight_matrix().tolist() for layer in MLP(2, [3, 1], init=init, seed=7).layers]
                       for init in ("uniform", "uniform01", "xavier", "he")}
    state = random.getstate()
    random.seed(1337)
    found["global"] = [layer.weight_matrix().tolist() for layer in MLP(2, [16, 16, 1]).layers]
    random.setstate(state)
    neuron = Neuron(2, "tanh", seed=3)
    found["neuron"] = [neuron(np.array([1, 2])).data, [w.data for w in neuron.w]]
    found["layer_call"] = [v.data for v in Layer(2, 3, "relu", seed=4)(np.array([0.5, 0.25]))]
    nn.optim.SGD(net.parameters(), lr=0.1).step()
    found["step"] = [p.data for p in net.parameters()]
    found["file"] = net.save(tmp / "net.json").read_text()
    found["loaded"] = [layer.weight_matrix().tolist() for layer in MLP.load(tmp / "net.json").layers]
    return found


def test_a_network_from_lists_runs_forward_and_backward_without_numpy(tmp_path: Path) -> None:
    found = json.loads(run_without(_RUN.format(W=W, B=B)))
    expected = _expected(tmp_path)
    assert found.pop("parsed") == ["W", 2, 1, 3]
    assert found.pop("named")[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert found.pop("labels") == expected.pop("labels")
    assert found.pop("file") == expected.pop("file")  # saved without numpy: the same file
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        assert _flat(found[key]) == pytest.approx(_flat(value), rel=1e-12, abs=0), key
    # the seeded weights are Python's random's draws: uniform's are U(-1, 1) in micrograd's order
    rng = random.Random(7)
    assert found["seeded"]["uniform"][0] == [[rng.uniform(-1.0, 1.0) for _ in range(2)] for _ in range(3)]
    assert found["layer"][0] == np.array(W[0]).T.tolist()


_DRAW = """
    import json
    import nn, viz
    from autograd.text import Notation
    W, B = {W!r}, {B!r}
    net = nn.MLP.from_weights(W, B, ["sigmoid", "sigmoid"])
    pictures = [viz.network(net, x=[1.8, -3.4], y=5, notation="es"),
                viz.network(net, x=[1.8, -3.4], y=5, show=viz.NetworkShow(parameter_names=True),
                            notation=Notation(precision=3)),
                viz.network(W, biases=B, activations=["sigmoid", None]),
                viz.network(weights=W, biases=B, grads=[[[1, 2], [3, 4], [5, 6]], [[0.5, -0.25, 0]]],
                            bias_grads=[[1, 2, 3], [4]], show=viz.NetworkShow(grads=True))]
    soft = nn.MLP(3, [4, 3], activation="tanh", output_activation="softmax", seed=5)
    nn.losses.mse([soft([1, 2, 3])], [[0, 1, 0]]).backward()
    pictures += [viz.network(soft, show=viz.NetworkShow(grads=True)),
                 viz.network(soft, x=[0.5, -1, 2], y=1, loss="cross_entropy")]
    print(json.dumps([g.source for g in pictures]))
"""


def test_the_network_picture_is_drawn_without_numpy_with_the_same_dot() -> None:
    sources = json.loads(run_without(_DRAW.format(W=W, B=B)))
    arrays, biases = [np.array(w) for w in W], [np.array(b) for b in B]
    net = MLP.from_weights(arrays, biases, ["sigmoid", "sigmoid"])
    x = np.array([1.8, -3.4])
    pictures = [viz.network(net, x=x, y=np.float64(5), notation="es"),
                viz.network(net, x=x.reshape(2, 1), y=5, show=viz.NetworkShow(parameter_names=True),
                            notation=Notation(precision=3)),
                viz.network(arrays, biases=biases, activations=["sigmoid", None]),
                viz.network(weights=arrays, biases=biases, grads=[np.array([[1, 2], [3, 4], [5, 6]]),
                                                                  np.array([[0.5, -0.25, 0]])],
                            bias_grads=[np.array([1, 2, 3]), np.array([4])], show=viz.NetworkShow(grads=True))]
    soft = MLP(3, [4, 3], activation="tanh", output_activation="softmax", seed=5)
    losses.mse([soft(np.array([1, 2, 3]))], np.array([[0, 1, 0]])).backward()
    pictures += [viz.network(soft, show=viz.NetworkShow(grads=True)),
                 viz.network(soft, x=np.array([0.5, -1, 2]), y=np.int64(1), loss="cross_entropy")]
    assert len(sources) == len(pictures)
    for found, g in zip(sources, pictures):
        assert found == g.source
    assert "J = ½(ŷ − y)² = 10,02" in sources[0] and "∂J/∂x₁ = 0,04877" in sources[0]


def test_the_list_and_array_forms_of_a_layer_agree() -> None:
    layer = MLP.from_weights(W, B, "tanh").layers[0]
    losses.mse(layer.forward([1.0, 2.0]), [0.0, 1.0, 0.0]).backward()
    for rows, matrix in ((layer.weight_rows, layer.weight_matrix), (layer.grad_rows, layer.grad_matrix)):
        for convention, shape in (("columns", (3, 2)), ("rows", (2, 3))):
            M = matrix(convention)
            assert M.shape == shape and M.dtype == float and M.flags.c_contiguous
            assert M.tolist() == rows(convention) and all(type(v) is float for r in rows(convention) for v in r)
    assert layer.bias_vector().tolist() == layer.bias_numbers() == [0.1, 0.5, 0.8]
    assert layer.bias_grad().tolist() == layer.bias_grad_numbers() and any(layer.bias_grad_numbers())
    with pytest.raises(ValueError, match="unknown convention 'cols'"):
        layer.weight_rows("cols")
