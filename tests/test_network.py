"""``viz.network``: the layer picture of an MLP, from plain matrices, a duck-typed model and ``nn``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
import pytest

import nn
import viz
from viz.style import NEGATIVE, POSITIVE

# Seed 000: the course's 2-3-1 sigmoid network.
W1 = [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]
B1 = [0.1, 0.5, 0.8]
W2 = [[-0.4, 0.2, -0.5]]
B2 = [0.7]


def seed_network(**kwargs: object) -> str:
    return viz.network(weights=[W1, W2], biases=[B1, B2], activations=["sigmoid", "sigmoid"],
                       **kwargs).source  # type: ignore[arg-type]


def edges(source: str) -> dict[tuple[str, str], str]:
    found = {}
    for line in source.splitlines():
        m = re.match(r"\s*(\w+) -> (\w+) \[(.*)\]$", line)
        if m:
            found[m[1], m[2]] = m[3]
    return found


def node(source: str, name: str) -> str:
    (line,) = [ln.strip() for ln in source.splitlines() if ln.strip().startswith(f"{name} [")]
    return line


def test_seed_network_weights_on_edges_in_course_notation() -> None:
    source = seed_network()
    e = edges(source)
    # W ∈ R^{k×n}: row j holds neuron j's weights, column i its input i
    for j, row in enumerate(W1):
        for i, w in enumerate(row):
            assert f"label=<{w:g}>" in e[f"x{i + 1}", f"l1_n{j + 1}"]
            assert f"id=e_x{i + 1}_l1_n{j + 1}" in e[f"x{i + 1}", f"l1_n{j + 1}"]
    for i, w in enumerate(W2[0]):
        assert f"label=<{w:g}>" in e[f"l1_n{i + 1}", "l2_n1"]
    assert ("l2_n1", "y1") in e
    assert len(e) == 6 + 3 + 1
    for j, b in enumerate(B1):
        assert f"σ<BR/><FONT POINT-SIZE=\"9\">b = {b:g}</FONT>" in node(source, f"l1_n{j + 1}")
    assert "b = 0.7" in node(source, "l2_n1")
    assert "label=<layer 1 (sigmoid)>" in source and "label=<layer 2 (sigmoid)>" in source
    assert "label=<x₁>" in node(source, "x1") and "label=<ŷ₁>" in node(source, "y1")


def test_colour_and_width_follow_the_weights() -> None:
    e = edges(seed_network())
    strongest = e["x2", "l1_n2"]  # −0.9, the largest |w| of layer 1
    assert f'color="{NEGATIVE}"' in strongest and "penwidth=3.00" in strongest
    assert "penwidth=2.73" in e["x1", "l1_n3"] and "color=" in e["x1", "l1_n3"]  # 0.8 / 0.9 of the max
    strongest2 = e["l1_n3", "l2_n1"]  # −0.5, the largest of layer 2
    assert "penwidth=3.00" in strongest2
    assert POSITIVE in node(seed_network(), "legend")


def test_spanish_decimal_comma_and_gradients() -> None:
    dW1 = [[0.01, -0.02], [0.0, 0.5], [1.25, -3.0]]
    dW2 = [[0.1, 0.2, 0.3]]
    source = seed_network(lang="es", show_grads=True, grads=[dW1, dW2],   # Spanish: the comma by default
                          bias_grads=[[0.1, 0.2, 0.3], [-0.05]])
    e = edges(source)
    assert "label=<0,1 / ∂ 0,01>" in e["x1", "l1_n1"]
    assert "label=<-0,9 / ∂ 0,5>" in e["x2", "l1_n2"]
    assert "∂b = -0,05" in node(source, "l2_n1")
    assert "label=<capa 1 (sigmoid)>" in source and "label=<entradas>" in source
    assert "peso &gt; 0" in node(source, "legend")
    assert "0.1" not in source.replace(node(source, "legend"), "")
    point = seed_network(lang="es", decimal=".", show_grads=True, grads=[dW1, dW2])  # unless decimal says
    assert "label=<0.1 / ∂ 0.01>" in edges(point)["x1", "l1_n1"] and "label=<capa 1 (sigmoid)>" in point


def test_precision_is_significant_digits() -> None:
    source = viz.network(weights=[[[0.123456, -2.0]]], precision=2).source
    assert "label=<0.12>" in edges(source)["x1", "l1_n1"]
    assert "label=<0.1235>" in edges(viz.network(weights=[[[0.123456, -2.0]]]).source)["x1", "l1_n1"]  # default 4


def test_show_weights_false_draws_the_bare_picture() -> None:
    source = seed_network(show_weights=False, legend=False)
    assert all("label=" not in attrs for attrs in edges(source).values())
    assert "b = " not in source and "legend" not in source
    assert node(source, "l1_n1").startswith("l1_n1 [label=<σ>")


def test_deterministic() -> None:
    assert seed_network(title="red 2-3-1") == seed_network(title="red 2-3-1")


@dataclass
class FakeLayer:
    W: np.ndarray
    b: np.ndarray
    activation: str

    def weight_matrix(self) -> np.ndarray:
        return self.W

    def bias_vector(self) -> np.ndarray:
        return self.b

    def grad_matrix(self) -> np.ndarray:
        return -2.0 * self.W

    def bias_grad(self) -> np.ndarray:
        return self.b / 10.0


@dataclass
class FakeModel:
    layers: list[FakeLayer]


def test_duck_typed_model() -> None:
    model = FakeModel([FakeLayer(np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.5]]), np.array([0.5, -0.5]), "relu"),
                       FakeLayer(np.array([[2.0, -2.0]]), np.array([0.0]), "linear")])
    source = viz.network(model, show_grads=True).source
    e = edges(source)
    assert len(e) == 6 + 2 + 1
    assert "label=<3 / ∂ -6>" in e["x3", "l1_n1"]
    assert "penwidth=0.6" in e["x2", "l1_n2"] and "#888888" in e["x2", "l1_n2"]  # a zero weight
    assert node(source, "l1_n1").startswith("l1_n1 [label=<ReLU<BR/>")  # the op table's symbol
    assert "∂b = 0.05" in node(source, "l1_n1")
    assert node(source, "l2_n1").startswith("l2_n1 [label=<Σ<BR/>")
    assert "label=<layer 2 (linear)>" in source


def test_real_nn_model() -> None:
    net = nn.MLP.from_weights([W1, W2], [B1, B2], "sigmoid")
    assert viz.network(net).source == seed_network()


def test_bad_shapes_and_arguments_are_named() -> None:
    with pytest.raises(ValueError, match=r"layer 2 takes 2 inputs but layer 1 has 3 neurons"):
        viz.network(weights=[W1, [[1.0, 2.0]]])
    with pytest.raises(ValueError, match=r"network: biases\[0\]: expected shape \(3,\), got \(2,\)"):
        viz.network(weights=[W1], biases=[[1.0, 2.0]])
    with pytest.raises(ValueError, match="k×n matrix"):
        viz.network(weights=[[1.0, 2.0]])
    with pytest.raises(ValueError, match="show_grads=True needs grads"):
        viz.network(weights=[W1], show_grads=True)
    with pytest.raises(ValueError, match=r"network: grads\[0\]: expected shape 3×2, got 1×2"):
        viz.network(weights=[W1], grads=[[[1.0, 2.0]]], show_grads=True)
    with pytest.raises(ValueError, match="1 activations for 2 layers"):
        viz.network(weights=[W1, W2], activations=["relu"])
    with pytest.raises(ValueError, match="give a model"):
        viz.network()
    with pytest.raises(ValueError, match=r"6 weights are too many.*max_edges=6"):
        viz.network(weights=[W1], max_edges=5)
    with pytest.raises(TypeError, match=r"layer 1 of the model has no weight_matrix\(\)"):
        viz.network(FakeModel([object()]))  # type: ignore[list-item]
    with pytest.raises(ValueError, match="unknown language"):
        viz.network(weights=[W1], lang="pt")
    with pytest.raises(ValueError, match="decimal"):
        viz.network(weights=[W1], decimal=";")
    with pytest.raises(TypeError, match="network: the model has no layers"):
        viz.network(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"network: activations\[1\]: unknown activation 'swish'.*sigmoid"):
        viz.network(weights=[W1, W2], activations=["relu", "swish"])


@pytest.mark.parametrize(("bad", "shown"), [(True, "True (bool)"), ("0.5", "'0.5' (str)")])
def test_a_bool_or_string_weight_is_refused_with_nn_arrays_message(bad: object, shown: str) -> None:
    W = [[0.1, -0.5], [-0.3, bad], [0.8, 0.02]]
    with pytest.raises(ValueError) as raised:
        viz.network(weights=[W])
    assert str(raised.value) == f"network: weights[0] row 2, column 2 must be a real number, got {shown}"
    with pytest.raises(ValueError, match=r"network: biases\[0\] entry 1 must be a real number, got True"):
        viz.network(weights=[W1], biases=[[True, 0.0, 0.0]])


def test_weights_positionally_and_input_names() -> None:
    source = viz.network([W1], biases=[B1], input_names=["edad", "<peso>"]).source
    assert "label=<edad>" in node(source, "x1") and "label=<&lt;peso&gt;>" in node(source, "x2")
    with pytest.raises(ValueError, match="1 input names for 2 inputs"):
        viz.network([W1], input_names=["x"])


@pytest.mark.dot
def test_renders_with_findable_ids() -> None:
    svg = viz.network(weights=[W1, W2], biases=[B1, B2], activations=["sigmoid", "sigmoid"]).pipe(
        format="svg", encoding="utf-8")
    root = ET.fromstring(svg)
    ids = {g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert {"x1", "x2", "l1_n1", "l1_n2", "l1_n3", "l2_n1", "y1", "e_x2_l1_n3", "e_l1_n3_l2_n1",
            "cluster_layer1", "legend"} <= ids
