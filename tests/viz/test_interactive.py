"""Interactive cells show a still picture where no widget runs, and no saved notebook shows a widget's repr."""

from __future__ import annotations

import base64
import io
import re
import sys
from pathlib import Path
from typing import Any

import graphviz
import nbformat
import PIL.Image
import pytest
from matplotlib.figure import Figure

from viz.interactive import Still, interactive_view
from viz.words import WORDS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9]*.ipynb"))
#: What a widget prints as text when nothing can draw it: ``interactive(children=(FloatSlider(…``, ``VBox(children=…``.
WIDGET_REPR = re.compile(r"\b(?:interactive|\w*Box|Output|\w*Slider|\w*Widget)\((?:children|value|description)=")


def bars(height: float = 1.0, width: int = 2) -> Figure:
    fig = Figure(figsize=(width, 1.5), dpi=50)
    fig.subplots().bar(["a", "b"], [height, 1.0])
    return fig


def png_size(bundle: dict[str, Any]) -> tuple[int, int]:
    with PIL.Image.open(io.BytesIO(base64.b64decode(bundle["image/png"]))) as image:
        return image.size


def test_a_still_keeps_a_figure_as_png_and_a_graph_as_svg() -> None:
    fig = bars()
    still = Still(fig, note="a note")
    bundle = still._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/plain"} and bundle["text/plain"] == "a note"
    assert png_size(bundle) == (100, 75)
    fig.set_size_inches(4, 3)                       # drawn when made: later changes don't reach it
    assert png_size(still._repr_mimebundle_()) == (100, 75)
    assert png_size(Still(fig, dpi=10)._repr_mimebundle_()) == (40, 30)
    assert Still(fig).bundle["text/plain"] == repr(fig)
    graph = graphviz.Digraph()
    graph.node("x")
    assert set(Still(graph).bundle) >= {"image/svg+xml", "text/plain"}
    assert repr(Still(graph)) == "Still(image/svg+xml)"


def test_a_still_takes_html_and_png_bytes_and_refuses_what_shows_nothing() -> None:
    class Table:
        def _repr_html_(self) -> str:
            return "<table></table>"

        def _repr_png_(self) -> bytes:
            return b"\x89PNG"

    assert Still(Table()).bundle["text/html"] == "<table></table>"
    assert Still(Table()).bundle["image/png"] == base64.b64encode(b"\x89PNG").decode("ascii")
    with pytest.raises(TypeError, match=r"must return its picture .*not display it"):
        Still(None)
    with pytest.raises(TypeError, match="Still: a int has no picture to show"):
        Still(3)


@pytest.mark.notebooks
def test_interactive_view_is_a_live_widget_that_displays_its_still_picture() -> None:
    import ipywidgets

    slider = ipywidgets.FloatSlider(value=2.0, min=0.0, max=4.0, description="altura")
    view = interactive_view(bars, notation="es", dpi=20, height=slider, width=ipywidgets.fixed(3))
    assert isinstance(view, ipywidgets.interactive) and slider in view.children
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle           # live in Jupyter
    assert bundle["text/plain"] == WORDS("es")["plot_still"]              # and a sentence, not a repr
    assert not WIDGET_REPR.search(bundle["text/plain"])
    assert png_size(bundle) == (60, 30)
    first = bundle["image/png"]
    slider.value = 4.0                                                    # the picture follows the controls
    assert view.result.bundle["image/png"] != first
    assert view._repr_mimebundle_()["image/png"] == view.result.bundle["image/png"]
    assert interactive_view(bars, height=(0.0, 4.0))._repr_mimebundle_()["text/plain"].startswith("(A still view")


@pytest.mark.notebooks
def test_interactive_view_raises_what_the_first_drawing_raises() -> None:
    def broken(x: float = 1.0) -> Figure:
        raise ZeroDivisionError(f"no picture at {x}")

    with pytest.raises(ZeroDivisionError, match=r"no picture at 1\.0"):
        interactive_view(broken, x=(0.0, 3.0))
    with pytest.raises(TypeError, match="must return its picture"):
        interactive_view(lambda x=1.0: None, x=(0.0, 3.0))
    with pytest.raises(ValueError, match="unknown language"):
        interactive_view(bars, notation="fr")


def test_without_ipywidgets_the_view_is_the_still_picture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)                  # import ipywidgets fails
    calls: list[tuple[float, int]] = []

    def drawn(height: float = 1.0, width: int = 2) -> Figure:
        calls.append((height, width))
        return bars(height, width)

    class Control:                                                         # anything with a value
        value = 3.0

    view = interactive_view(drawn, notation="es", height=Control(), width=(1, 4))
    assert isinstance(view, Still) and view.bundle["text/plain"] == WORDS("es")["plot_still"]
    assert calls == [(3.0, 2)]                                             # an abbreviation keeps the default
    interactive_view(drawn, height=0.5)
    assert calls[-1] == (0.5, 2)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_saved_notebook_shows_a_widget_repr(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts = [output.get("text", "")] + [str(v) for k, v in data.items() if k.startswith("text/")]
            found = [m.group(0) for text in texts for m in [WIDGET_REPR.search(text)] if m]
            assert not found, f"{path.name}, cell {index}: a widget shows as {found[0]}…; display a still view"


def test_the_widget_repr_pattern_knows_what_it_looks_for() -> None:
    for seen in ("interactive(children=(FloatLogSlider(value=1.0, description='η'", "VBox(children=(IntSlider(",
                 "HBox(children=()", "FloatSlider(value=5.0, description='z1')", "Output(value="):
        assert WIDGET_REPR.search(seen), seen
    for fine in ("Sequential(\n  (0): Linear(in_features=2", "<Figure size 640x480 with 1 Axes>", "MLP(2 → 8 tanh)"):
        assert not WIDGET_REPR.search(fine), fine
