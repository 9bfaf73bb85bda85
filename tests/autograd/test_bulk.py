"""autograd.bulk, and what uses it: a training step's round trip through many Values at once, with the same
results and errors as one Value at a time (``p.data = …``, ``p.grad += …``)."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

from autograd import NonFiniteError, Value
from autograd.bulk import add_grads, descend, read_data, read_grads, write_data, zero_grads
from nn import MLP, Layer, Module, Neuron, optim


def _values(*numbers: float) -> list[Value]:
    return [Value(x, label=f"p{i}") for i, x in enumerate(numbers)]


def test_read_add_zero_and_descend() -> None:
    vs = _values(1.0, -2.0, 0.5)
    add_grads(vs, [0.5, 1.0, -4.0])
    add_grads(vs, [0.5, 0.0, 0.0])   # adds, as backward() does on a leaf
    assert read_grads(vs) == [1.0, 1.0, -4.0]
    descend(vs, 0.25)
    assert read_data(vs) == [0.75, -2.25, 1.5]
    zero_grads(vs)
    assert read_grads(vs) == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_write_data_refuses_a_number_that_is_not_finite_and_writes_none(bad: float) -> None:
    vs = _values(1.0, 2.0, 3.0)
    with pytest.raises(NonFiniteError) as bulk:
        write_data(vs, [5.0, bad, 6.0])
    assert read_data(vs) == [1.0, 2.0, 3.0]
    with pytest.raises(NonFiniteError) as one:
        vs[1].data = bad
    assert str(bulk.value) == str(one.value) and "label 'p1'" in str(bulk.value)


@pytest.mark.parametrize("bad", ["7", True, None, Value(1.0)])
def test_write_data_refuses_what_is_not_a_real_number_as_the_data_setter_does(bad: Any) -> None:
    vs = _values(1.0, 2.0)
    with pytest.raises(TypeError) as bulk:
        write_data(vs, [0.0, bad])
    assert read_data(vs) == [1.0, 2.0]
    with pytest.raises(TypeError) as one:
        vs[1].data = bad
    assert str(bulk.value) == str(one.value)


def test_write_data_stores_floats() -> None:
    vs = _values(1.0, 2.0, 3.0, 4.0)
    write_data(vs, [np.float64(0.5), 3, np.float32(0.25), 1e308])
    assert read_data(vs) == [0.5, 3.0, 0.25, 1e308]
    assert {type(x) for x in read_data(vs)} == {float}
    write_data(vs[:2], [1e308, 1e308])   # finite numbers whose sum overflows are written too
    assert read_data(vs[:2]) == [1e308, 1e308]


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="write_data: 2 Value"):
        write_data(_values(1.0, 2.0), [1.0])
    with pytest.raises(ValueError, match="add_grads: 1 Value"):
        add_grads(_values(1.0), [1.0, 2.0])


class _Pair(Module):
    """A module that names its parameters only (Module's own_values reads them from own_parameters)."""

    def __init__(self) -> None:
        self.a, self.b = Value(1.0), Value(2.0)
        self.inner = Neuron(2, seed=0)

    def own_parameters(self) -> list[tuple[str, Value]]:
        return [("a", self.a), ("b", self.b)]

    def children(self) -> list[tuple[str, Module]]:
        return [("inner", self.inner)]


@pytest.mark.parametrize("module", [MLP(3, [4, 2], seed=1), Layer(3, 4, seed=2), Neuron(5, seed=3), _Pair()],
                         ids=["MLP", "Layer", "Neuron", "subclass"])
def test_parameters_are_the_named_parameters_in_order(module: Module) -> None:
    assert module.parameters() == [p for _, p in module.named_parameters()]
    for p in module.parameters():
        p.grad = 1.5
    module.zero_grad()
    assert all(p.grad == 0.0 for _, p in module.named_parameters())


def _by_hand(kind: str, params: list[Value], grads: list[list[float]], lr: float) -> list[float]:
    """The optimizers' rules one parameter at a time (as they were written before they went in bulk)."""
    data = [p.data for p in params]
    m, v = [0.0] * len(data), [0.0] * len(data)
    for t, gs in enumerate(grads, start=1):
        for i, g in enumerate(gs):
            if kind == "sgd":
                data[i] -= lr * g
            elif kind == "momentum":
                m[i] = 0.9 * m[i] + g
                data[i] -= lr * m[i]
            else:
                c1, c2 = 1.0 - 0.9 ** t, 1.0 - 0.999 ** t
                m[i] = 0.9 * m[i] + (1.0 - 0.9) * g
                v[i] = 0.999 * v[i] + (1.0 - 0.999) * g * g
                data[i] -= lr * (m[i] / c1) / (math.sqrt(v[i] / c2) + 1e-8)
    return data


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_the_optimizers_give_the_rule_one_parameter_at_a_time_exactly(kind: str) -> None:
    rng = random.Random(5)
    params = _values(*(rng.uniform(-1, 1) for _ in range(40)))
    grads = [[rng.gauss(0, 1) for _ in params] for _ in range(4)]
    expected = _by_hand(kind, params, grads, 0.05)
    opt = {"sgd": optim.SGD, "momentum": optim.Momentum, "adam": optim.Adam}[kind](params, lr=0.05)
    for gs in grads:
        opt.zero_grad()
        add_grads(params, gs)
        opt.step()
    assert read_data(params) == expected
