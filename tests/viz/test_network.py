"""``viz.network``: the layer picture of an MLP, from plain matrices, a duck-typed model and ``nn`` (its DOT text).

The values of a sample are tested in ``test_network_sample.py``; the rendered drawing (where the labels
land, the size of a big network) in ``test_network_render.py``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
import pytest

import nn
import viz
from autograd.text import Notation
from nn.activations import ACTIVATIONS
from tests.viz.network_dot import edges, head_text, mid_label, node, ports, shown, visible
from viz.network import EDGE_LABEL_LIMIT
from viz.style import NEGATIVE, POSITIVE
from viz.words import WORDS

# Seed 000: the course's 2-3-1 sigmoid network.
W1 = [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]
B1 = [0.1, 0.5, 0.8]
W2 = [[-0.4, 0.2, -0.5]]
B2 = [0.7]


def seed_network(**kwargs: object) -> str:
    return viz.network(weights=[W1, W2], biases=[B1, B2], activations=["sigmoid", "sigmoid"],
                       **kwargs).source  # type: ignore[arg-type]


def test_seed_network_weights_at_the_heads_in_course_notation() -> None:
    source = seed_network()
    e = edges(source)
    # W ∈ R^{k×n}: row j holds neuron j's weights, column i its input i; each on its edge just before its
    # neuron, in a label of its own, none written by graphviz on the edge itself (where edges cross)
    for j, row in enumerate(W1):
        for i, w in enumerate(row):
            attrs = e[f"x{i + 1}", f"l1_n{j + 1}"]
            assert head_text(attrs) == f"{w:g}".replace("-", "−") and not mid_label(attrs)
            assert f"id=e_x{i + 1}_l1_n{j + 1}" in attrs
    for i, w in enumerate(W2[0]):
        assert head_text(e[f"l1_n{i + 1}", "l2_n1"]) == f"{w:g}".replace("-", "−")
    assert ("l2_n1", "y1") in e and head_text(e["l2_n1", "y1"]) is None
    assert len(e) == 6 + 3 + 1
    for j, b in enumerate(B1):
        assert shown(source, f"l1_n{j + 1}").split("\n")[:2] == ["σ", f"b = {b:g}".replace("-", "−")]
    assert "b = 0.7" in shown(source, "l2_n1")
    assert "label=<layer 1 (sigmoid)>" in source and "label=<layer 2 (sigmoid)>" in source
    assert "label=<x₁>" in node(source, "x1") and "label=<ŷ₁>" in node(source, "y1")


def test_each_labelled_edge_ends_at_its_own_port() -> None:
    source = seed_network()
    p = ports(source)
    # input i of a neuron comes in by port i on its west side (layers left to right)
    assert p["x1", "l1_n2"] == ":i1:w" and p["x2", "l1_n2"] == ":i2:w" and p["l1_n3", "l2_n1"] == ":i3:w"
    for j in (1, 2, 3):
        assert all(f'PORT="i{i}"' in node(source, f"l1_n{j}") for i in (1, 2))
    assert p["l2_n1", "y1"] == ""
    across = seed_network(layout=viz.NetworkLayout(rankdir="TB"))
    assert ports(across)["x2", "l1_n1"] == ":i2:n"  # top to bottom: on the north side
    bare = seed_network(show=viz.NetworkShow(weights=False))
    assert set(ports(bare).values()) == {""} and "PORT=" not in bare


def test_neurons_and_inputs_keep_their_order() -> None:
    source = seed_network()
    # neuron 1 on top: the neurons of a layer in one rank, chained by invisible edges, which dot keeps
    # left to right, and turns so that they run upwards when the layers run left to right
    assert "l1_n3 -> l1_n2 [style=invis]" in source and "l1_n2 -> l1_n1 [style=invis]" in source
    assert "x2 -> x1 [style=invis]" in source and "w_l1_n3 -> w_l1_n2 [style=invis]" in source
    across = seed_network(layout=viz.NetworkLayout(rankdir="TB"))
    assert "l1_n1 -> l1_n2 [style=invis]" in across and "x1 -> x2 [style=invis]" in across


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
    source = seed_network(notation="es", show=viz.NetworkShow(grads=True), grads=[dW1, dW2],  # Spanish: the comma
                          bias_grads=[[0.1, 0.2, 0.3], [-0.05]])                               # by default
    e = edges(source)
    assert head_text(e["x1", "l1_n1"]) == "0,1\n∂ 0,01"
    assert head_text(e["x2", "l1_n2"]) == "−0,9\n∂ 0,5"
    assert "∂J/∂b = −0,05" in shown(source, "l2_n1")
    assert "label=<capa 1 (sigmoide)>" in source and "label=<entradas>" in source
    assert "peso &gt; 0" in node(source, "legend") and "w y ∂J/∂w" in node(source, "legend")
    assert "0.1" not in source.replace(node(source, "legend"), "")
    # a decimal point when the notation says so
    point = seed_network(notation=Notation("es", "."), show=viz.NetworkShow(grads=True), grads=[dW1, dW2])
    assert head_text(edges(point)["x1", "l1_n1"]) == "0.1\n∂ 0.01" and "label=<capa 1 (sigmoide)>" in point


SPANISH = {"linear": "lineal", "relu": "ReLU", "leaky_relu": "ReLU con fuga", "tanh": "tanh",
           "sigmoid": "sigmoide", "softmax": "softmax"}
ENGLISH = {"linear": "linear", "relu": "ReLU", "leaky_relu": "leaky ReLU", "tanh": "tanh",
           "sigmoid": "sigmoid", "softmax": "softmax"}


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_is_named_in_each_language(activation: str) -> None:
    assert set(SPANISH) == set(ENGLISH) == set(ACTIVATIONS)
    weights = [[[1.0, 2.0], [3.0, 4.0]], [[1.0, -1.0], [0.5, 0.5]]]
    for lang, names in (("es", SPANISH), ("en", ENGLISH)):
        source = viz.network(weights, activations=["tanh", activation], notation=lang).source
        layer = WORDS(lang)["viz_layer"].format(l=2)
        assert f"label=<{layer} ({names[activation]})>" in source


ENGLISH_WORDS = ["layer", "inputs", "outputs", "weight", "legend", "edge", "sigmoid", "linear", "leaky",
                 "values", "not written", "more than", "and"]


@pytest.mark.parametrize("picture", [
    lambda: seed_network(grads=[W1, W2], bias_grads=[B1, B2], show=viz.NetworkShow(grads=True), notation="es"),
    lambda: viz.network(nn.MLP(2, [3, 2], activation="leaky_relu", seed=0), x=[1.0, 2.0], y=[0.0, 1.0], notation="es"),
    lambda: viz.network(nn.MLP(2, [16, 16, 1], seed=0), notation="es"),
], ids=["grads", "sample", "big"])
def test_spanish_pictures_have_no_english_words(picture: object) -> None:
    source = picture()  # type: ignore[operator]
    source = source if isinstance(source, str) else source.source
    shown = visible(" ".join(re.findall(r"label=<(.*?)>(?= \w+=|\]$|$)", source, flags=re.M)))
    found = [word for word in ENGLISH_WORDS if re.search(rf"\b{word}\b", shown)]
    assert found == [], shown
    assert "capa 1 (" in shown and "entradas" in shown and "leyenda" in shown


def test_precision_is_significant_digits() -> None:
    source = viz.network(weights=[[[0.123456, -2.0]]], notation=Notation(precision=2)).source
    assert head_text(edges(source)["x1", "l1_n1"]) == "0.12"
    assert head_text(edges(viz.network(weights=[[[0.123456, -2.0]]]).source)["x1", "l1_n1"]) == "0.1235"  # default 4


def test_show_weights_false_draws_the_bare_picture() -> None:
    source = seed_network(show=viz.NetworkShow(weights=False, legend=False))
    assert all("label=" not in attrs for attrs in edges(source).values())
    assert "b = " not in source and "legend" not in source
    assert node(source, "l1_n1").startswith("l1_n1 [label=<σ>") and "shape=circle" in node(source, "l1_n1")


def test_parameter_names_on_request() -> None:
    source = seed_network(show=viz.NetworkShow(parameter_names=True), notation="es")
    e = edges(source)
    assert head_text(e["x1", "l1_n2"]) == "W1[2,1] = −0,3"   # row 2 (neuron 2), column 1 (input 1)
    assert head_text(e["l1_n3", "l2_n1"]) == "W2[1,3] = −0,5"
    assert "b1[2] = 0,5" in shown(source, "l1_n2") and "b2[1] = 0,7" in shown(source, "l2_n1")
    assert "W1[" not in seed_network() and "b1[" not in seed_network()  # not unless asked
    graded = seed_network(grads=[W1, W2], bias_grads=[B1, B2], show=viz.NetworkShow(parameter_names=True, grads=True))
    assert head_text(edges(graded)["x2", "l1_n1"]) == "W1[1,2] = −0.5\n∂ −0.5"
    assert "∂J/∂b1[3] = 0.8" in shown(graded, "l1_n3")


def test_edge_labels_are_dropped_past_the_limit() -> None:
    big = viz.network(nn.MLP(2, [16, 16, 1], seed=0), notation="es").source
    assert all(head_text(attrs) is None and not mid_label(attrs) for attrs in edges(big).values())
    assert "304 pesos: valores sin escribir (más de 40)" in shown(big, "legend")
    assert "b = 0" in shown(big, "l1_n1")  # the biases are still written
    at_limit = viz.network([np.ones((1, EDGE_LABEL_LIMIT))]).source
    assert all(head_text(attrs) == "1" for (_, head), attrs in edges(at_limit).items() if head == "l1_n1")
    past = viz.network([np.ones((1, EDGE_LABEL_LIMIT + 1))]).source
    assert all(head_text(attrs) is None for attrs in edges(past).values())
    assert "41 weights: values not written (more than 40)" in shown(past, "legend")
    forced = viz.network([np.ones((1, EDGE_LABEL_LIMIT + 1))], show=viz.NetworkShow(edge_labels=True)).source
    assert head_text(edges(forced)["x41", "l1_n1"]) == "1"
    assert all(head_text(a) is None for a in edges(seed_network(show=viz.NetworkShow(edge_labels=False))).values())


def test_the_direction_suits_the_network() -> None:
    assert "rankdir=LR" in seed_network()                       # the course's left to right
    big = viz.network(nn.MLP(2, [16, 16, 1], seed=0)).source
    assert "rankdir=TB" in big                                  # 16 neurons go across
    # across, each layer's caption is a node at its row's left end (edges cross a cluster's label)
    assert "cluster_layer1_caption -> l1_n1 [style=invis]" in big
    assert "label=<layer 1 (ReLU)>" in node(big, "cluster_layer1_caption")
    assert "rankdir=TB" in seed_network(layout=viz.NetworkLayout(rankdir="TB"))
    assert "rankdir=LR" in viz.network(nn.MLP(2, [16, 16, 1], seed=0), layout=viz.NetworkLayout(rankdir="LR")).source


def test_fit_sets_the_aspect() -> None:
    assert "ratio=0.5625" in seed_network()           # 16:9 by default
    assert "ratio=0.7500" in seed_network(layout=viz.NetworkLayout(fit="4:3"))
    assert "ratio=0.5000" in seed_network(layout=viz.NetworkLayout(fit="2:1"))
    assert "ratio" not in seed_network(layout=viz.NetworkLayout(fit=None))


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
    source = viz.network(model, show=viz.NetworkShow(grads=True)).source
    e = edges(source)
    assert len(e) == 6 + 2 + 1
    assert head_text(e["x3", "l1_n1"]) == "3\n∂ −6"
    assert "penwidth=0.6" in e["x2", "l1_n2"] and "#888888" in e["x2", "l1_n2"]  # a zero weight
    assert shown(source, "l1_n1").startswith("ReLU\n")  # the op table's symbol
    assert "∂J/∂b = 0.05" in shown(source, "l1_n1")
    assert shown(source, "l2_n1").startswith("Σ\n")
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
    with pytest.raises(ValueError, match=r"show=NetworkShow\(grads=True\) needs grads"):
        viz.network(weights=[W1], show=viz.NetworkShow(grads=True))
    with pytest.raises(ValueError, match=r"network: grads\[0\]: expected shape 3×2, got 1×2"):
        viz.network(weights=[W1], grads=[[[1.0, 2.0]]], show=viz.NetworkShow(grads=True))
    with pytest.raises(ValueError, match="1 activations for 2 layers"):
        viz.network(weights=[W1, W2], activations=["relu"])
    with pytest.raises(ValueError, match="give a model"):
        viz.network()
    with pytest.raises(ValueError, match=r"6 weights are too many.*max_edges=6"):
        viz.network(weights=[W1], layout=viz.NetworkLayout(max_edges=5))
    with pytest.raises(TypeError, match=r"layer 1 of the model has no weight_matrix\(\)"):
        viz.network(FakeModel([object()]))  # type: ignore[list-item]
    with pytest.raises(ValueError, match="unknown language"):
        viz.network(weights=[W1], notation="pt")
    with pytest.raises(ValueError, match="decimal"):
        viz.network(weights=[W1], notation=Notation(decimal=";"))
    with pytest.raises(TypeError, match="network: the model has no layers"):
        viz.network(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"network: activations\[1\]: unknown activation 'swish'.*sigmoid"):
        viz.network(weights=[W1, W2], activations=["relu", "swish"])
    with pytest.raises(ValueError, match=r"network: rankdir must be one of LR, RL, TB, BT or None, got 'XY'"):
        viz.network(weights=[W1], layout=viz.NetworkLayout(rankdir="XY"))
    with pytest.raises(ValueError, match=r"network: fit must be one of 16:9, 4:3, 2:1 or None, got '1:1'"):
        viz.network(weights=[W1], layout=viz.NetworkLayout(fit="1:1"))


@pytest.mark.parametrize(("bad", "shown"), [(True, "True (bool)"), ("0.5", "'0.5' (str)")])
def test_a_bool_or_string_weight_is_refused_with_nn_arrays_message(bad: object, shown: str) -> None:
    W = [[0.1, -0.5], [-0.3, bad], [0.8, 0.02]]
    with pytest.raises(ValueError) as raised:
        viz.network(weights=[W])
    assert str(raised.value) == f"network: weights[0] row 2, column 2 must be a real number, got {shown}"
    with pytest.raises(ValueError, match=r"network: biases\[0\] entry 1 must be a real number, got True"):
        viz.network(weights=[W1], biases=[[True, 0.0, 0.0]])


def test_weights_positionally_and_input_names() -> None:
    source = viz.network([W1], biases=[B1], show=viz.NetworkShow(input_names=["edad", "<peso>"])).source
    assert "label=<edad>" in node(source, "x1") and "label=<&lt;peso&gt;>" in node(source, "x2")
    with pytest.raises(ValueError, match="1 input names for 2 inputs"):
        viz.network([W1], show=viz.NetworkShow(input_names=["x"]))


@pytest.mark.dot
def test_renders_with_findable_ids() -> None:
    svg = viz.network(weights=[W1, W2], biases=[B1, B2], activations=["sigmoid", "sigmoid"]).pipe(
        format="svg", encoding="utf-8")
    root = ET.fromstring(svg)
    ids = {g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert {"x1", "x2", "l1_n1", "l1_n2", "l1_n3", "l2_n1", "y1", "e_x2_l1_n3", "e_l1_n3_l2_n1",
            "cluster_layer1", "legend"} <= ids
