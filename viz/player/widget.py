"""The player in a notebook: a slider over the steps, and a static view where widgets can't run."""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Mapping
from typing import Any

import graphviz

from autograd.text import NotationLike, as_notation
from autograd.trace import Trace

from ..draw import draw, draw_step
from ..errors import VizTypeError
from ..layout import rendered
from ..style import HIGHLIGHT_EDGE
from ..words import WORDS
from .page import step_row_html

__all__ = ["LEAST_SCALE", "StaticSteps", "caption_html", "fitted_svg", "player_widget"]

#: How a notebook shows a step's caption: large and bold, marked like the receiving parent.
CAPTION_STYLE = ("font-size:1.5em;font-weight:bold;margin:0.4em 0;padding:0.3em 0.6em;"
                 f"border-left:0.3em solid {HIGHLIGHT_EDGE};background:#f4f4f4")


#: The least a notebook's step diagram is shrunk to fit the output's width (0.7: 12 pt text stays ≥ 11 px);
#: a wider graph scrolls sideways instead of turning unreadable.
LEAST_SCALE = 0.7


def fitted_svg(svg: str) -> str:
    """``dot``'s SVG (from its ``<svg`` tag) sized for a notebook: as wide as the output, never wider than its
    own size nor narrower than :data:`LEAST_SCALE` of it, inside a box that scrolls sideways past that."""
    svg = svg[svg.index("<svg"):]
    found = re.match(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if found is None:
        return f'<div style="overflow-x:auto">{svg}</div>'
    px = float(found.group(1)) * 96 / 72
    style = f"width:100%;min-width:{LEAST_SCALE * px:.0f}px;max-width:{px:.0f}px;height:auto"
    return f'<div style="overflow-x:auto"><svg width="100%" style="{style}"{svg[found.end():]}</div>'


def caption_html(caption: str) -> str:
    """A step's caption (:meth:`autograd.trace.Step.caption`) as a large paragraph, escaped."""
    return f'<p class="pz-caption" style="{CAPTION_STYLE}">{html.escape(caption)}</p>'


class StaticSteps:
    """What :func:`player_widget` shows without ipywidgets: the final diagram and the full step table,
    each step with its caption (the chain-rule sentence) in the last column.

    Displays as HTML in Jupyter (``_repr_html_``); the diagram needs graphviz's ``dot`` (without it
    only the table is shown, with a note).
    """

    def __init__(self, steps: Trace, *, notation: NotationLike = None, **old: object) -> None:
        self.steps = steps
        self.notation = as_notation(notation, old, where="StaticSteps")

    def _repr_html_(self) -> str:
        n = self.notation
        table = self.steps.to_html(notation=n, caption=True)
        graph = draw(self.steps.root, notation=n)
        try:
            picture = fitted_svg(rendered(graph, "svg"))
        except (graphviz.ExecutableNotFound, subprocess.CalledProcessError) as error:  # still show the table
            picture = f"<p>({html.escape(type(error).__name__)}: {html.escape(str(error))})</p>"
        return f"<div>{picture}</div>\n{table}"


def player_widget(steps: Trace, *, notation: NotationLike = None, **old: object) -> Any:
    """The player in a notebook: a slider over the steps that redraws ``viz.draw_step(step)``.

    Returns an ``ipywidgets.VBox``: the previous / next buttons around the slider and "step 3 of 11"
    (labelled in ``notation``'s language), then an ``HTML`` widget with the step's caption in large type (the chain-rule
    sentence of :meth:`~autograd.trace.Step.caption`), the diagram drawn with the gradients as they
    are at that step, and the step's row.  Its display also carries the static
    view of :class:`StaticSteps` as HTML, which is what a saved notebook shows where no widget can
    run (a repository page, an executed notebook).  Without ipywidgets installed (``pip install
    'pizarra[notebooks]'``) it returns a :class:`StaticSteps` instead.  Needs graphviz's ``dot``.
    """
    if not isinstance(steps, Trace):
        raise VizTypeError(f"player_widget: steps must be a Trace from trace_backward, got {type(steps).__name__}")
    static = StaticSteps(steps, notation=as_notation(notation, old, where="player_widget"))
    n = static.notation
    try:
        import ipywidgets
    except ImportError:
        return static
    if not len(steps):
        return static
    w = WORDS(n.lang)
    headers, rows = steps.to_rows(notation=n, caption=True)
    slider = ipywidgets.IntSlider(value=1, min=1, max=len(steps), step=1, description=w["player_step"],
                                  continuous_update=False)
    previous = ipywidgets.Button(description=w["player_previous"])
    following = ipywidgets.Button(description=w["player_next"])
    previous.on_click(lambda _: setattr(slider, "value", max(slider.min, slider.value - 1)))
    following.on_click(lambda _: setattr(slider, "value", min(slider.max, slider.value + 1)))
    view = ipywidgets.HTML()
    counter = ipywidgets.Label(w["player_counter"].format(i=1, n=len(steps)))

    def render(i: int) -> str:
        graph = draw_step(steps[i], notation=n)
        svg = rendered(graph, "svg")
        return (f"{caption_html(rows[i][-1])}\n{fitted_svg(svg)}\n"
                f"{step_row_html(headers[:-1], rows[i][:-1])}")

    def update(change: Mapping[str, Any]) -> None:
        view.value = render(int(change["new"]) - 1)
        counter.value = w["player_counter"].format(i=int(change["new"]), n=len(steps))

    slider.observe(update, names="value")
    view.value = render(0)

    class PlayerBox(ipywidgets.VBox):  # type: ignore[misc]
        """The slider and view, displayed with a static fallback for places without widgets."""

        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
            bundle.setdefault("text/html", static._repr_html_())
            bundle["text/plain"] = w["player_still"]  # not the widget's repr, where no widget runs
            return bundle

    return PlayerBox([ipywidgets.HBox([previous, slider, following, counter]), view])
