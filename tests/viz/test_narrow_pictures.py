"""Narrower pictures: a step is drawn by ``draw_step``, ``network``'s options come grouped in ``show=`` and
``layout=``, ``playground`` has ``Playground``'s parameters, and all take ``notation=``; the old keywords
still work for one release, with a DeprecationWarning that points at the caller's line."""

from __future__ import annotations

import dataclasses
import inspect
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import nn
import viz
from autograd import Value, trace_backward
from autograd.text import Notation
from viz.demo import relu_neuron
from viz.network import NetworkLayout, NetworkShow


def course_net() -> nn.MLP:
    return nn.MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                               [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"])


def old_call(make: Callable[[], Any]) -> Any:
    """``make()``, which uses deprecated keywords: it must warn, from this very file."""
    with pytest.warns(DeprecationWarning) as caught:
        made = make()
    assert all(w.filename == __file__ for w in caught if issubclass(w.category, DeprecationWarning)), \
        [(w.filename, str(w.message)) for w in caught]
    return made


def new_call(make: Callable[[], Any]) -> Any:
    """``make()``, which must not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        return make()


# --- draw_step ------------------------------------------------------------------------------------

STEP_OPTIONS: list[dict[str, Any]] = [
    {},
    {"color_by": "grad", "caption": False, "rankdir": "TB", "title": "neurona"},
    {"legend": False, "constants": "nodes", "max_nodes": 50},
]


@pytest.mark.parametrize("options", STEP_OPTIONS)
def test_draw_step_draws_what_draws_highlight_drew(options: dict[str, Any]) -> None:
    loss, n = relu_neuron()
    steps = trace_backward(loss)
    for i in (0, 8, len(steps) - 1):
        new = new_call(lambda i=i: viz.draw_step(steps[i], notation="es", **options).source)
        old = old_call(lambda i=i: viz.draw(loss, highlight=steps[i], lang="es", **options).source)
        assert new == old
        assert new != viz.draw(loss, notation="es").source      # the step's own gradients, marks and caption
    given = {n["z"]: 123.0}
    assert viz.draw_step(steps[3], grads=given).source == old_call(
        lambda: viz.draw(loss, highlight=steps[3], grads=given).source)


@pytest.mark.dot
def test_draw_step_fits_a_slide_as_draw_did() -> None:
    loss, _ = relu_neuron()
    step = trace_backward(loss)[8]
    notation = Notation("es", ".", 3)
    assert viz.draw_step(step, notation=notation, fit="16:9").source == old_call(
        lambda: viz.draw(loss, highlight=step, lang="es", decimal=".", precision=3, fit="16:9").source)


def test_draw_step_draws_the_root_its_trace_began_at() -> None:
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    y = x * w
    y.label = "y"
    steps = trace_backward(y)
    source = viz.draw_step(steps[0]).source
    assert "<B>y</B>" in source and "<B>x</B>" in source and "∂y/∂" in source   # the graph, and the caption
    assert viz.draw_step(steps[0], caption=False).source != source


def test_draw_step_refuses_what_is_not_a_step_of_a_trace() -> None:
    loss, _ = relu_neuron()
    with pytest.raises(TypeError, match=r"draw_step: step must be a Step .*got Value \(to draw a Value use viz.draw\)"):
        viz.draw_step(loss)  # type: ignore[arg-type]
    step = dataclasses.replace(trace_backward(loss)[2], trace=None)
    with pytest.raises(ValueError, match="draw_step: step 3 belongs to no trace"):
        viz.draw_step(step)
    with pytest.raises(ValueError, match="draw_step: rankdir must be one of"):
        viz.draw_step(trace_backward(loss)[0], rankdir="XY")


def test_draws_old_keywords_warn_and_still_draw() -> None:
    loss, _ = relu_neuron()
    loss.backward()
    assert old_call(lambda: viz.draw(loss, lang="es", decimal=".").source) == \
        viz.draw(loss, notation=Notation("es", ".")).source
    assert old_call(lambda: viz.draw(loss, caption=False).source) == viz.draw(loss).source
    with pytest.raises(TypeError, match="not both"):
        viz.draw(loss, notation="es", lang="es")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        viz.draw(loss, colour="grad")
    with pytest.raises(TypeError, match="highlight must be a Step"), pytest.warns(DeprecationWarning):
        viz.draw(loss, highlight=3)
    assert "highlight" not in inspect.signature(viz.draw).parameters
    assert "caption" not in inspect.signature(viz.draw).parameters


# --- network: show= and layout= -------------------------------------------------------------------

#: The same picture asked for both ways: the old flat keywords, and the grouped options.
NETWORKS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"show_grads": True, "lang": "es"}, {"show": NetworkShow(grads=True), "notation": "es"}),
    ({"x": [1.8, -3.4], "y": 5, "parameter_names": True, "rankdir": "TB", "fit": "4:3"},
     {"x": [1.8, -3.4], "y": 5, "show": NetworkShow(parameter_names=True),
      "layout": NetworkLayout(rankdir="TB", fit="4:3")}),
    ({"show_weights": False, "legend": False, "input_names": ["a", "b"], "fit": None, "lang": "es", "decimal": ".",
      "precision": 2, "title": "t"},
     {"show": NetworkShow(weights=False, legend=False, input_names=["a", "b"]), "layout": NetworkLayout(fit=None),
      "notation": Notation("es", ".", 2), "title": "t"}),
    ({"edge_labels": False, "max_edges": 9, "x": [1.0, 2.0], "y": 0, "show_grads": False},
     {"show": NetworkShow(edge_labels=False, grads=False), "layout": NetworkLayout(max_edges=9), "x": [1.0, 2.0],
      "y": 0}),
]


@pytest.mark.parametrize(("old", "new"), NETWORKS)
def test_the_grouped_options_draw_what_the_flat_keywords_drew(old: dict[str, Any], new: dict[str, Any]) -> None:
    net = course_net()
    grouped = new_call(lambda: viz.network(net, **new).source)
    assert grouped == old_call(lambda: viz.network(net, **old).source)
    assert grouped != viz.network(net).source  # the options do change the picture


def test_the_defaults_are_the_old_defaults() -> None:
    net = course_net()
    assert viz.network(net, show=NetworkShow(), layout=NetworkLayout()).source == viz.network(net).source
    params = inspect.signature(viz.network).parameters
    assert len(params) <= 15 and "show_grads" not in params and "rankdir" not in params


def test_network_refuses_mixed_or_wrong_options() -> None:
    net = course_net()
    with pytest.raises(TypeError, match=r"network\(\): give show=NetworkShow\(...\) or the old keywords"):
        viz.network(net, show=NetworkShow(), show_grads=True)
    with pytest.raises(TypeError, match=r"layout=NetworkLayout\(...\) or the old keywords"):
        viz.network(net, layout=NetworkLayout(), fit=None)
    with pytest.raises(TypeError, match="show= must be a NetworkShow, got dict"):
        viz.network(net, show={"grads": True})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected keyword argument 'show_bias'"):
        viz.network(net, show_bias=True)
    with pytest.raises(ValueError, match="network: fit must be one of"):
        viz.network(net, layout=NetworkLayout(fit="1:1"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        NetworkShow().grads = True  # type: ignore[misc]


# --- playground -----------------------------------------------------------------------------------

def test_playground_has_playgrounds_parameters() -> None:
    assert inspect.signature(viz.playground).parameters == inspect.signature(viz.Playground).parameters
    assert "notation" in inspect.signature(viz.playground).parameters


def test_playground_and_playground_class_make_the_same_thing() -> None:
    made = viz.playground("xor", [3], "relu", 0.1, seed=2, n=20, notation=Notation("es", precision=3))
    direct = viz.Playground("xor", [3], "relu", 0.1, seed=2, n=20, notation=Notation("es", precision=3))
    assert repr(made) == repr(direct) and made.notation == direct.notation == Notation("es", ",", 3)
    assert made.l2 == direct.l2 == 0.0 and made.hidden == direct.hidden == [3]


def test_playgrounds_old_keywords_warn_from_the_callers_line() -> None:
    for make in (viz.playground, viz.Playground):
        pg = old_call(lambda make=make: make(data="xor", n=20, lang="es", decimal="."))  # type: ignore[misc]
        assert pg.notation == Notation("es", ".")
    with pytest.raises(TypeError, match="not both"):
        viz.playground(notation="es", lang="es")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        viz.Playground(colour="red")
