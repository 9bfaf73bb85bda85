"""nn.labels: the parameter labels nn writes are the ones it parses, and parsing accepts what draw's regex did."""

from __future__ import annotations

import doctest
import re

import pytest

import nn
from nn import MLP, Layer, Neuron, labels
from nn.labels import ParameterLabel, bias_label, parse_parameter_label, weight_label

# The regex viz/draw.py used to find nn's parameters (before nn.labels), as the reference of what is accepted.
OLD_REGEX = re.compile(r"^[WwBb](\d*)\[\s*(\d+)\s*(?:,\s*\d+\s*)?\]$")


def test_the_labels_nn_gives_its_parameters() -> None:
    assert weight_label(1, 2, 1) == "W1[2,1]" and bias_label(1, 2) == "b1[2]"
    assert weight_label(None, 2, 1) == "W[2,1]" and bias_label(None, 2) == "b[2]"
    assert weight_label(None, None, 3) == "w[3]" and bias_label(None, None) == "b"
    assert weight_label(12, 30, 400) == "W12[30,400]"
    net = MLP(3, [4, 2], seed=1)
    for li, layer in enumerate(net.layers, start=1):
        for i, neuron in enumerate(layer.neurons, start=1):
            assert [w.label for w in neuron.w] == [weight_label(li, i, j) for j in range(1, 4 if li == 1 else 5)]
            assert neuron.b.label == bias_label(li, i)
    assert [p.label for p in Layer(2, 1).parameters()] == ["W[1,1]", "W[1,2]", "b[1]"]
    assert [p.label for p in Neuron(2).parameters()] == ["w[1]", "w[2]", "b"]


def test_round_trip() -> None:
    for layer in (None, 1, 2, 9, 10, 123):
        for row in (1, 2, 17):
            for col in (1, 5, 40):
                assert parse_parameter_label(weight_label(layer, row, col)) == ParameterLabel("W", layer or 0, row, col)
            assert parse_parameter_label(bias_label(layer, row)) == ParameterLabel("b", layer or 0, row, None)
    net = MLP(2, [3, 1], seed=0)
    parsed = [parse_parameter_label(p.label) for p in net.parameters()]
    assert parsed[:3] == [("W", 1, 1, 1), ("W", 1, 1, 2), ("b", 1, 1, None)]
    assert parsed[-1] == ParameterLabel(kind="b", layer=2, row=1, col=None)


@pytest.mark.parametrize("bad", [0, -1, True, 1.0, "1", None])
def test_indices_are_positive_ints(bad: object) -> None:
    with pytest.raises(ValueError, match=r"col must be an int ≥ 1 \(indices are 1-based\), got"):
        weight_label(1, 1, bad)  # type: ignore[arg-type]
    if bad is not None:  # None is a meaningful row or layer: none
        with pytest.raises(ValueError, match=r"row must be an int ≥ 1"):
            weight_label(1, bad, 1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="layer must be an int"):
            bias_label(bad, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs its row"):
        weight_label(2, None, 1)
    with pytest.raises(ValueError, match="needs its row"):
        bias_label(2, None)


ACCEPTED = {
    "W1[2,1]": ("W", 1, 2, 1), "b1[2]": ("b", 1, 2, None), "W[2,1]": ("W", 0, 2, 1), "b[2]": ("b", 0, 2, None),
    "w[3]": ("W", 0, 3, None), "w1[2,1]": ("W", 1, 2, 1), "B2[3]": ("b", 2, 3, None), "W1[2]": ("W", 1, 2, None),
    "b1[2,3]": ("b", 1, 2, 3), "W1[ 2 , 1 ]": ("W", 1, 2, 1), "W1[\t2,1 ]": ("W", 1, 2, 1),
    "W01[002,1]": ("W", 1, 2, 1), "W0[0,0]": ("W", 0, 0, 0), "W12[30,400]": ("W", 12, 30, 400),
    "W١[٢,٣]": ("W", 1, 2, 3),
}
REJECTED = [
    "", "b", "w", "W1", "W1[]", "W1[,1]", "W1[2,]", "W1[2,1,3]", "W1[-1]", "W1[+1]", "W1[a]", "W1[1.5]", "x1[2]",
    "z1[1]", "y1[1]", " W1[2,1]", "W1[2,1] ", "W1 [2,1]", "W 1[2,1]", "WW1[2,1]", "W1[2,1]x", "dJ/dW1[2,1]",
    "W1[2][1]", "W1(2,1)", "W1[2;1]", "(W1·x)[1]",
]


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_parse_accepts_what_draws_regex_did(text: str) -> None:
    m = OLD_REGEX.match(text)
    assert m is not None
    p = parse_parameter_label(text)
    assert p == ACCEPTED[text]
    assert p is not None and (p.layer, p.row) == (int(m[1] or 0), int(m[2]))  # the key draw clustered by


@pytest.mark.parametrize("text", REJECTED)
def test_parse_rejects_the_rest(text: str) -> None:
    assert OLD_REGEX.match(text) is None
    assert parse_parameter_label(text) is None


def test_the_one_difference_from_the_regex_is_a_trailing_newline() -> None:
    assert OLD_REGEX.match("W1[2,1]\n") is not None          # `$` also matches before a final newline
    assert parse_parameter_label("W1[2,1]\n") is None         # the whole text must be the label
    assert parse_parameter_label(42) is None  # type: ignore[arg-type]
    assert parse_parameter_label(None) is None  # type: ignore[arg-type]


def test_exported_and_examples_hold() -> None:
    assert nn.labels is labels and "labels" in nn.__all__
    assert doctest.testmod(labels).failed == 0
