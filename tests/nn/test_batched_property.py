"""A property: for random MLPs (sizes, every activation) and every loss, batched and scalar training agree."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import AutogradError
from nn import MLP, optim, train
from tests.random_mlps import mlps

Case = tuple[dict[str, Any], str, np.ndarray, Any, dict[str, Any]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    loss, spec = draw(mlps())
    nin, nout = spec["nin"], spec["sizes"][-1]
    n = draw(st.integers(1, 9))
    X = np.array([[draw(st.floats(-2, 2, allow_nan=False, allow_subnormal=False)) for _ in range(nin)]
                  for _ in range(n)])
    y: Any
    if loss == "mse":
        y = np.array([[draw(st.floats(-2, 2, allow_nan=False, allow_subnormal=False)) for _ in range(nout)]
                      for _ in range(n)])
    elif loss == "cross_entropy":
        y = draw(st.lists(st.integers(0, nout - 1), min_size=n, max_size=n))
    elif loss == "hinge":
        negative = draw(st.sampled_from([0, -1]))  # 0/1 or ±1 labels
        y = [1 if b else negative for b in draw(st.lists(st.booleans(), min_size=n, max_size=n))]
    else:
        y = draw(st.lists(st.sampled_from([0.0, 1.0, 0.25]), min_size=n, max_size=n))
    options = {"loss": loss, "epochs": draw(st.integers(1, 3)), "l2": draw(st.sampled_from([0.0, 0.01])),
               "batch_size": draw(st.sampled_from([None, 1, 2, 4])), "seed": draw(st.integers(0, 9)),
               "optimizer": draw(st.sampled_from(["sgd", "momentum", "adam"]))}
    return spec, loss, X, y, options


def train_with(engine: str, spec: dict[str, Any], X: np.ndarray, y: Any, options: dict[str, Any]) -> Any:
    """``(history dict, parameters)``, or the kind of error training raised."""
    model = MLP(**spec)
    make = {"sgd": lambda: optim.SGD(lr=0.1), "momentum": lambda: optim.Momentum(lr=0.05),
            "adam": lambda: optim.Adam(lr=0.01)}[options["optimizer"]]
    try:
        h = train.fit(model, X, y, quiet=True, engine=engine, **{**options, "optimizer": make()})
    except AutogradError as error:
        return type(error)
    return h.as_dict(), h.stopped_early, [p.data for p in model.parameters()]


@settings(max_examples=80, deadline=None)
@given(cases())
def test_batched_and_scalar_training_agree(case: Case) -> None:
    spec, _, X, y, options = case
    scalar, batched = train_with("scalar", spec, X, y, options), train_with("batched", spec, X, y, options)
    if isinstance(scalar, type):
        assert batched is scalar
        return
    assert not isinstance(batched, type), batched
    (hs, stop_s, ps), (hb, stop_b, pb) = scalar, batched
    # Adam divides by √v + ε: with gradients near ε (inputs like 6e−8) its step moves by up to lr/ε = 1e6 times
    # a gradient's rounding difference between the engines (~1e−17), so its parameters agree to ~1e−10, not 1e−12.
    atol = 1e-9 if options["optimizer"] == "adam" else 1e-12
    assert hs.keys() == hb.keys() and stop_s == stop_b
    for key in hs:
        assert [u is None for u in hs[key]] == [v is None for v in hb[key]], key
        if key == "accuracy":
            assert hs[key] == hb[key]
        elif hs[key] and hs[key][0] is not None:
            np.testing.assert_allclose(hb[key], hs[key], rtol=1e-9, atol=atol, err_msg=key)
    np.testing.assert_allclose(pb, ps, rtol=1e-9, atol=atol)
