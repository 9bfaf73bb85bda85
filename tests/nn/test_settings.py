"""Every public entry point checks its settings the same way: one table of settings, the tests generated from it.

For each setting the table gives the call, its name and its :class:`nn.settings.Rule`.  The bad values are the
candidates below that the rule refuses (a bool for a number, a string, None, NaN, ±inf, out of range, a float for
an int); each must raise :class:`~nn.settings.SettingError` whose message names the entry point, the setting and
what it accepts.  The candidates the rule accepts must pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nn import MLP, Layer, data, optim, train
from nn.settings import (
    BATCH_SIZE,
    LEARNING_RATE,
    NON_NEGATIVE_INT,
    NON_NEGATIVE_NUMBER,
    POSITIVE_INT,
    POSITIVE_NUMBER,
    UNIT_INTERVAL,
    Rule,
    SettingError,
)
from viz.playground import SETTINGS as PLAYGROUND
from viz.playground import playground

X, Y = data.moons(8, seed=0)


def fit(**setting: Any) -> None:
    train.fit(MLP(2, [2, 1], seed=0), X, Y, **{"epochs": 1, "quiet": True, **setting})


#: (entry point, setting, rule, call with the setting's value)
SETTINGS: list[tuple[str, str, Rule, Callable[[Any], object]]] = [
    ("fit", "epochs", POSITIVE_INT, lambda v: fit(epochs=v)),
    ("fit", "batch_size", BATCH_SIZE, lambda v: fit(batch_size=v)),
    ("fit", "l2", NON_NEGATIVE_NUMBER, lambda v: fit(l2=v)),
    ("fit", "seed", NON_NEGATIVE_INT, lambda v: fit(seed=v, batch_size=4)),
    ("MLP", "nin", POSITIVE_INT, lambda v: MLP(v, [1])),
    ("Layer", "nin", POSITIVE_INT, lambda v: Layer(v, 2)),
    ("Layer", "nout", POSITIVE_INT, lambda v: Layer(2, v)),
    ("SGD", "lr", LEARNING_RATE, lambda v: optim.SGD(lr=v)),
    ("Momentum", "lr", LEARNING_RATE, lambda v: optim.Momentum(lr=v)),
    ("Momentum", "momentum", UNIT_INTERVAL, lambda v: optim.Momentum(momentum=v)),
    ("Adam", "lr", LEARNING_RATE, lambda v: optim.Adam(lr=v)),
    ("Adam", "eps", POSITIVE_NUMBER, lambda v: optim.Adam(eps=v)),
    *((("playground", name, rule, lambda v, name=name: playground(**{name: v}))) for name, rule in PLAYGROUND.items()),
]
CANDIDATES: list[Any] = [True, False, "1", None, float("nan"), float("inf"), -float("inf"), -1, 0, 0.5, 1, 1.5, 2,
                         2.0, [1]]
IDS = [f"{where}-{setting}" for where, setting, _, _ in SETTINGS]


@pytest.mark.parametrize(("where", "setting", "rule", "call"), SETTINGS, ids=IDS)
def test_each_refused_value_names_the_setting_and_what_it_accepts(
        where: str, setting: str, rule: Rule, call: Callable[[Any], object]) -> None:
    refused = [v for v in CANDIDATES if not rule.ok(v)]
    assert any(v is True for v in refused) and "1" in refused  # never a bool or a string for a number
    for value in refused:
        with pytest.raises(SettingError) as caught:
            call(value)
        assert str(caught.value).startswith(f"{where}: {setting}"), (value, str(caught.value))
        assert f"must be {rule.accepts}, got {value!r}" in str(caught.value)


@pytest.mark.parametrize(("where", "setting", "rule", "call"), [s for s in SETTINGS if s[0] != "playground"],
                         ids=[i for i in IDS if not i.startswith("playground")])
def test_each_accepted_value_passes(where: str, setting: str, rule: Rule, call: Callable[[Any], object]) -> None:
    for value in (v for v in CANDIDATES if rule.ok(v)):
        call(value)


def test_the_playground_takes_what_its_rules_accept_and_set_refuses_the_rest_keeping_the_old() -> None:
    pg = playground(data="xor", hidden=[], activation="relu", lr=0.5, l2=0, seed=7, n=10, test_size=0.5, noise=0,
                    batch_size=4, optimizer="Adam")
    assert (pg.hidden, pg.seed, pg.n, pg.lr) == ([], 7, 10, 0.5)
    with pytest.raises(SettingError, match=r"^playground: lr must be a number > 0, got True \(bool\)$"):
        pg.set(lr=True)
    assert pg.lr == 0.5


def test_layer_sizes_are_a_list_of_positive_ints() -> None:
    for bad in (None, 3, "16", [], [0], [2, True], [1.5], [[2]]):
        with pytest.raises(SettingError, match=r"MLP: sizes must be a list of layer sizes"):
            MLP(2, bad)  # type: ignore[arg-type]
    assert MLP(2, (3, 1)).sizes == [2, 3, 1]


def test_adams_betas_are_two_numbers_below_one() -> None:
    for bad in ((0.9,), (0.9, 1.0), (True, 0.9), "ab", None):
        with pytest.raises(SettingError, match=r"Adam: betas must be two numbers from 0 to 1"):
            optim.Adam(betas=bad)  # type: ignore[arg-type]
