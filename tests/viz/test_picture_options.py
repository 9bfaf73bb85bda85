"""Every picture takes one Notation (``notation=``), formats through it, and reads nn one way."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import nn
import viz
from autograd import Value, trace_backward
from autograd.backprop import topological_order
from autograd.text import Notation
from viz.clusters import neurons
from viz.player import StaticSteps, player, player_widget, step_row_html
from viz.plots import plot_decision_boundary, plot_history

ROOT = Path(__file__).resolve().parents[2]
PICTURES: dict[str, Callable[..., Any]] = {
    "draw": viz.draw, "network": viz.network, "player": player, "player_widget": player_widget,
    "StaticSteps": StaticSteps, "plot_history": plot_history, "plot_decision_boundary": plot_decision_boundary,
}
#: The picture modules: none may format a number or write an HTML table by itself.
PICTURE_FILES = ["viz/draw.py", "viz/clusters.py", "viz/network/diagram.py", "viz/plots.py", "viz/player/page.py",
                 "viz/player/widget.py"]


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_every_picture_takes_notation_keyword_only_and_the_old_keywords_only_as_deprecated(name: str) -> None:
    params = inspect.signature(PICTURES[name]).parameters
    assert params["notation"].kind is inspect.Parameter.KEYWORD_ONLY and params["notation"].default is None
    assert list(params.values())[-1].kind is inspect.Parameter.VAR_KEYWORD
    assert not {"lang", "decimal", "precision"} & set(params)
    assert [f.name for f in dataclasses.fields(Notation)] == ["lang", "decimal", "precision"]


def half() -> Value:
    x = Value(0.5, label="x")
    y = x * 3.0
    y.label = "y"
    return y


def spanish(name: str, **decimal: str) -> str:
    """What picture ``name`` shows of a graph or network holding 0.5, with ``lang="es"`` (and ``decimal``)."""
    es: dict[str, Any] = {"notation": Notation("es", **decimal)}
    if name == "draw":
        return str(viz.draw(half(), **es).source)
    if name == "network":
        return str(viz.network(weights=[[[0.5, -1.5]]], **es).source)
    if name == "player":
        return str(player(trace_backward(half()), **es))
    if name == "StaticSteps":
        return StaticSteps(trace_backward(half()), **es)._repr_html_()
    if name == "player_widget":
        box = player_widget(trace_backward(half()), **es)
        return str(box.children[1].value)
    X, y = [[0.0, 0.5], [1.0, -0.5]], [0, 1]
    fig = (plot_history({"loss": [1.0, 0.5]}, **es) if name == "plot_history" else
           plot_decision_boundary(nn.MLP.from_weights([[[1.0, 0.0]]], [[0.0]], "linear"), X, y, resolution=5, **es))
    return str(fig.axes[0].yaxis.get_major_formatter()(0.5, 0))


@pytest.mark.dot
@pytest.mark.notebooks
@pytest.mark.parametrize("name", sorted(PICTURES))
def test_spanish_writes_the_decimal_comma_unless_told_otherwise(name: str) -> None:
    comma, point = spanish(name), spanish(name, decimal=".")
    assert "0,5" in comma and "0,5" not in point
    # the only difference is the mark between digits: the same picture, in the same words
    assert re.sub(r"(\d),(\d)", r"\1.\2", comma) == re.sub(r"(\d),(\d)", r"\1.\2", point)


def test_the_notation_is_validated_once_for_every_picture() -> None:
    for bad, message in (({"lang": "fr"}, "unknown language"), ({"decimal": ";"}, "decimal must be"),
                         ({"precision": 0}, "precision must be at least 1")):
        with pytest.raises(ValueError, match=message), pytest.warns(DeprecationWarning):  # the old keywords
            viz.draw(half(), **bad)
        with pytest.raises(ValueError, match=message), pytest.warns(DeprecationWarning):
            viz.network(weights=[[[0.5]]], **bad)
        with pytest.raises(ValueError, match=message), pytest.warns(DeprecationWarning):
            plot_history({"loss": [1.0]}, **bad)
    with pytest.raises(ValueError, match="unknown language"):
        plot_history({"loss": [1.0]}, notation="fr")
    with pytest.raises(TypeError, match="notation= is a Notation or a language code"):
        plot_history({"loss": [1.0]}, notation=3)  # type: ignore[arg-type]


def test_precision_reaches_every_number() -> None:
    x = Value(2.0 / 3.0, label="x")
    source = viz.draw(x * 1.0, show_grad=False, notation=Notation(precision=2)).source
    assert "data 0.67" in source and "0.6667" not in source
    assert ">0.6667<" in viz.network(weights=[[[2.0 / 3.0]]]).source
    figure = plot_history({"loss": [1.0]}, notation=Notation(precision=2))
    assert figure.axes[0].yaxis.get_major_formatter()(2.0 / 3.0, 0) == "0.67"


@pytest.mark.parametrize("path", PICTURE_FILES)
def test_no_picture_formats_numbers_or_writes_html_rows_itself(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert "format_number" not in imported, f"{path}: numbers go through Notation.number"
    assert "num" not in defined, f"{path}: no local number formatter"
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "<tr" not in text.lower() and "<td" not in text.lower(), f"{path}: HTML tables come from render_table"


def test_the_page_script_writes_no_table() -> None:
    script = (ROOT / "viz/player/page.js").read_text(encoding="utf-8")
    assert "createElement" not in script and "innerHTML" not in script


def test_step_row_html_is_render_table_of_name_value_pairs() -> None:
    headers, rows = trace_backward(half()).to_rows()
    table = step_row_html(headers, rows[0])
    assert table.startswith('<table class="pz-row">') and table.count("<tr") == len(headers)
    assert f'<th style="text-align:left">{headers[0]}</th><th style="text-align:left">1</th>' in table
    evil = step_row_html(["step", "<b>"], ["1", "</table>&"])
    assert "<b>" not in evil and "&lt;/table&gt;&amp;" in evil
    with pytest.raises(ValueError, match="2 headers for a row of 1 cells"):
        step_row_html(["a", "b"], ["1"])


# --- viz reads nn one way ---------------------------------------------------------------------------

def test_clusters_come_from_nn_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    net = nn.MLP.from_weights([[[0.1, -0.5], [-0.3, 0.9]]], [[0.1, 0.5]], "leaky_relu")
    h1, h2 = net([Value(1.0, label="x1"), Value(2.0, label="x2")])
    out = h1 + h2
    assert viz.draw(out).source.count("subgraph cluster_") == 3     # layer 1, its neurons 1 and 2
    monkeypatch.setattr(nn.labels, "parse_parameter_label", lambda text: None)
    assert "subgraph cluster_" not in viz.draw(out).source        # no parameter is recognised any more


def test_a_neuron_ends_at_an_activation_of_nn() -> None:
    w, b, x = Value(0.5, label="W1[1,1]"), Value(0.1, label="b1[1]"), Value(1.0, label="x1")
    z = w * x + b
    for name in ("tanh", "sigmoid", "relu", "leaky_relu"):               # nn's element-wise activations
        a = getattr(z, name)()
        assert neurons(topological_order(a, only_requiring_grad=False))[a] == (1, 1), name
    outside = z.softplus()                                                # an op, but no activation of nn's
    found = neurons(topological_order(outside, only_requiring_grad=False))
    assert found[z] == (1, 1) and outside not in found


def test_plot_history_reads_a_history_through_as_dict() -> None:
    history = nn.train.History(loss=[1.0, 0.5])
    assert plot_history(history).axes[0].get_lines()[0].get_ydata().tolist() == [1.0, 0.5]
    with pytest.raises(TypeError, match=r"plot_history: history has no as_dict\(\) method"):
        plot_history([1.0, 0.5])  # type: ignore[arg-type]

