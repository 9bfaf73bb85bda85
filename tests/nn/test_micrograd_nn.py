"""micrograd's ``nn`` on pizarra (issue 18): its signatures, its single-output rule, its inputs, its randomness.

Pizarra follows micrograd's defaults: ``Neuron(nin)`` and ``Layer(nin, nout)`` are ReLU, ``nonlin=`` is another
name for ``activation=``, a layer or network of one output neuron returns the Value itself, and without
``seed=`` the weights come from Python's ``random`` module in micrograd's order, so ``random.seed(1337)`` gives
micrograd 0.1.0's own demo network.  micrograd is a dev dependency; each check builds micrograd's object too.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator

import numpy as np
import pytest
from micrograd.engine import Value as MgValue
from micrograd.nn import MLP as MgMLP
from micrograd.nn import Layer as MgLayer
from micrograd.nn import Neuron as MgNeuron

from autograd import Value
from nn import MLP, Layer, Neuron
from nn.settings import SettingError
from nn.words import NNError


@pytest.fixture(autouse=True)
def _global_generator_restored() -> Iterator[None]:
    """These tests seed Python's global generator; other tests find it as it was."""
    state = random.getstate()
    yield
    random.setstate(state)


def data(module: object) -> list[float]:
    return [p.data for p in module.parameters()]  # type: ignore[attr-defined]


# --- nonlin= and the default activation ------------------------------------------------------------------


def test_nonlin_is_micrograds_name_for_the_activation() -> None:
    assert Neuron(2, nonlin=True, seed=0).activation == "relu"
    assert Neuron(2, nonlin=False, seed=0).activation == "linear"
    assert Layer(2, 3, nonlin=True, seed=0).activation == "relu"
    linear = Layer(2, 3, nonlin=False, seed=0)
    assert linear.activation == "linear" and {n.activation for n in linear.neurons} == {"linear"}
    # the same numbers as micrograd's neuron with these weights, on both sides of 0
    for nonlin in (True, False):
        random.seed(11)
        theirs = MgNeuron(3, nonlin=nonlin)
        ours = Neuron(3, nonlin=nonlin, weights=[w.data for w in theirs.w])
        for x in ([1.0, -2.0, 0.5], [-1.0, 2.0, -0.5]):
            assert math.isclose(ours(x).data, theirs(x).data, rel_tol=1e-12, abs_tol=1e-15)


def test_activation_and_nonlin_together_is_an_error_naming_both() -> None:
    for make in (lambda: Neuron(2, "tanh", nonlin=True), lambda: Layer(2, 3, activation="relu", nonlin=True)):
        with pytest.raises(NNError, match=r"give activation= or nonlin=.*not both; got activation='(tanh|relu)' "
                                          r"and nonlin=True") as caught:
            make()
        assert "nonlin=True" in caught.value.message("es") and "no los dos" in caught.value.message("es")


@pytest.mark.parametrize("bad", [1, 0, "yes", 1.0])
def test_nonlin_must_be_a_bool(bad: object) -> None:
    with pytest.raises(SettingError, match=rf"^Neuron: nonlin must be True or False, got {bad!r}"):
        Neuron(2, nonlin=bad)  # type: ignore[arg-type]
    with pytest.raises(SettingError, match=rf"^Layer: nonlin must be True or False, got {bad!r}"):
        Layer(2, 3, nonlin=bad)  # type: ignore[arg-type]


def test_the_defaults_are_micrograds_relu_hidden_and_linear_output() -> None:
    assert Neuron(2).activation == "relu" and repr(MgNeuron(2)) == "ReLUNeuron(2)"
    assert Layer(2, 3).activation == "relu"
    assert MLP(2, [16, 16, 1]).activations == ["relu", "relu", "linear"]
    # a default neuron clips a negative z to 0, as micrograd's does
    assert Neuron(2, weights=[1.0, 1.0], bias=-5.0)([1.0, 1.0]).data == 0.0
    assert repr(Neuron(2, seed=0)) == "Neuron(2, 'relu')" and repr(Layer(2, 3, seed=0)) == "Layer(2, 3, 'relu')"


def test_a_neuron_checks_nin() -> None:
    with pytest.raises(SettingError, match=r"^Neuron: nin must be a positive int"):
        Neuron(0)


# --- one output: the Value itself ------------------------------------------------------------------------


def test_a_layer_of_one_neuron_returns_the_value_as_the_mlp_does() -> None:
    random.seed(3)
    theirs = MgLayer(2, 1)
    random.seed(3)
    ours = Layer(2, 1)
    x = [0.7, -0.2]
    out = ours(x)
    assert isinstance(out, Value) and isinstance(theirs(x), MgValue)
    assert math.isclose(out.data, theirs(x).data, rel_tol=1e-12, abs_tol=1e-15)
    assert [v.data for v in ours.forward(x)] == [out.data]          # forward() is always the list
    several = Layer(2, 3, seed=0)(x)
    assert isinstance(several, list) and len(several) == 3
    assert isinstance(MLP(2, [3, 1], seed=0)(x), Value)
    assert isinstance(MLP(2, [3, 2], seed=0)(x), list)
    net = MLP(2, [3, 1], seed=0)
    assert isinstance(net.layers[-1](net.layers[0](x)), Value)       # layer by layer, the same rule


# --- inputs: any iterable, of exactly nin numbers ---------------------------------------------------------


def test_any_iterable_is_an_input() -> None:
    net = MLP(2, [4, 1], seed=0)
    neuron, layer = Neuron(2, seed=1), Layer(2, 3, seed=2)
    xs = [0.5, -1.5]
    for model in (net, neuron):
        expected = model(xs).data  # type: ignore[operator, union-attr]
        for given in (map(float, xs), iter(xs), (v for v in xs), tuple(xs), np.array(xs), [Value(v) for v in xs]):
            assert model(given).data == expected  # type: ignore[operator, union-attr]
    assert [v.data for v in layer(map(float, xs))] == [v.data for v in layer(xs)]  # type: ignore[union-attr]


def test_an_input_of_the_wrong_length_is_refused_naming_expected_and_got() -> None:
    net = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=r"^MLP expects 2 input\(s\), got 1: \[1\.0\]$"):
        net(map(float, [1.0]))                 # micrograd's zip would silently use one input
    with pytest.raises(ValueError, match=r"^MLP expects 2 input\(s\), got 3"):
        net([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"^MLP expects 2 input\(s\), got more than 2: \[1\.0, 2\.0\]…$"):
        net(iter([1.0, 2.0, 3.0]))
    endless: Iterator[int] = itertools.count()
    with pytest.raises(ValueError, match="got more than 2"):
        net(endless)                           # read 3 items far, not forever
    assert next(endless) == 3
    with pytest.raises(ValueError, match=r"^Neuron expects 2 input\(s\), got 1"):
        Neuron(2, seed=0)(v for v in [1.0])
    with pytest.raises(ValueError, match=r"^layer expects 2 input\(s\), got 0"):
        Layer(2, 3, seed=0)(iter([]))
    with pytest.raises(TypeError, match=r"^MLP expects a sequence of 2 numbers in order, got a set"):
        net({1.0, 2.0})
    with pytest.raises(TypeError, match=r"^MLP expects a sequence of 2 numbers .*got 1\.5"):
        net(1.5)  # type: ignore[arg-type]


# --- randomness: the global generator, or seed='s own ------------------------------------------------------


def test_random_seed_1337_gives_micrograds_demo_network_exactly() -> None:
    random.seed(1337)
    theirs = MgMLP(2, [16, 16, 1])
    after_theirs = random.random()
    random.seed(1337)
    ours = MLP(2, [16, 16, 1])
    after_ours = random.random()
    assert len(ours.parameters()) == len(theirs.parameters()) == 337
    assert data(ours) == data(theirs)                  # the same draws, in the same order, biases 0
    assert after_ours == after_theirs                  # and no draw more or less
    assert [p.label for p in ours.parameters()][:3] == ["W1[1,1]", "W1[1,2]", "b1[1]"]


@pytest.mark.parametrize(("ours", "theirs"), [
    (lambda: Neuron(3), lambda: MgNeuron(3)),
    (lambda: Layer(3, 4, nonlin=False), lambda: MgLayer(3, 4, nonlin=False)),
    (lambda: MLP(3, [4, 4, 2]), lambda: MgMLP(3, [4, 4, 2])),
], ids=["Neuron", "Layer", "MLP"])
def test_every_part_draws_as_micrograds(ours: object, theirs: object) -> None:
    random.seed(42)
    expected = data(theirs())  # type: ignore[operator]
    random.seed(42)
    assert data(ours()) == expected  # type: ignore[operator]


def test_two_networks_in_a_row_differ() -> None:
    random.seed(0)
    assert data(MLP(2, [3, 1])) != data(MLP(2, [3, 1]))
    assert data(Neuron(2)) != data(Neuron(2))
    assert data(Layer(2, 2)) != data(Layer(2, 2))
    random.seed(5)
    first = data(MLP(2, [3, 1], init="he"))
    random.seed(5)
    assert data(MLP(2, [3, 1], init="he")) == first       # every initializer reads the global generator


def test_a_seed_is_reproducible_and_independent_of_the_global_generator() -> None:
    random.seed(1)
    a = data(MLP(2, [16, 16, 1], seed=7))
    state = random.getstate()
    random.seed(2)
    b = data(MLP(2, [16, 16, 1], seed=7))
    assert a == b
    random.seed(1)
    MLP(2, [16, 16, 1], seed=7)
    assert random.getstate() == state                     # a seeded network draws nothing from the global one
    assert data(MLP(2, [3, 1], seed=7)) != data(MLP(2, [3, 1], seed=8))
    assert data(Neuron(2, seed=7)) == data(Neuron(2, seed=7)) and data(Layer(2, 3, seed=7)) == data(Layer(2, 3, seed=7))
    random.seed(1337)                                     # Random(1337) is the stream random.seed(1337) starts
    assert data(MLP(2, [16, 16, 1], seed=1337)) == data(MgMLP(2, [16, 16, 1]))
    shared = random.Random(3)
    one, two = MLP(2, [3, 1], seed=shared), MLP(2, [3, 1], seed=shared)  # one Random shared: one stream
    assert data(one) != data(two)
    with pytest.raises(TypeError, match=r"seed must be an int, a random.Random or None"):
        MLP(2, [3, 1], seed="7")  # type: ignore[arg-type]
