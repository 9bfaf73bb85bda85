"""The player's page: the trace, the diagram and the page files filled into one HTML document.

:func:`stage` makes the part that steps (the toolbar, the caption, the graph, the step's row and the
table, from ``stage.html``) and the data ``page.js`` replays on it; :func:`player` puts them in a
document (``page.html``).  The browser page (:mod:`viz.web`) puts the same stage in its own document,
one per formula, so both pages share one stepping UI.

The diagram is drawn once with :func:`viz.draw` (so it needs graphviz's ``dot``), compactly and, when
it is long, with its ranks spread towards the 2:1 shape of a presentation screen.  The page's script
(``page.js``) toggles CSS classes and swaps texts: the caption, the nodes' gradients (each as its
state at the step says, :meth:`autograd.trace.Trace.state_at`: a number, or ``grad —`` in a dashed
box not reached yet) and the values of the step's row (:func:`step_row_html`, the one writer of that
row, also used by the notebook widget); and it sizes and scrolls the graph.  The table cells come
from :meth:`autograd.trace.Trace.to_rows` and every number from the page's
:class:`~autograd.text.Notation`.
"""

from __future__ import annotations

import html
import json
import os
import string
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import graphviz

from autograd.files import write_atomic
from autograd.text import Notation, NotationLike, as_notation, render_table
from autograd.trace import NodeState, Trace, node_state
from autograd.value import Value

from ..draw import draw
from ..errors import VizError, VizTypeError
from ..fit import pad_to, plain_size
from ..ids import draw_ids, step_ids
from ..layout import rendered
from ..style import (
    HIGHLIGHT_EDGE,
    HIGHLIGHT_FILL,
    NO_GRADIENT,
    NOT_REACHED,
    PROCESSING,
    RECEIVING,
    Swatch,
    grad_text,
    state_entries,
)
from ..words import WORDS

__all__ = ["Stage", "page_css", "player", "script_json", "stage", "step_row_html"]


# --- the page ----------------------------------------------------------------------------------------

def player(steps: Trace, path: str | os.PathLike[str] | None = None, *, notation: NotationLike = None,
           title: str | None = None, rankdir: str = "LR", max_nodes: int = 300, **old: object) -> str | Path:
    """A self-contained HTML page that steps through ``steps`` on the graph of ``steps.root``.

    Made for a projector: each step's caption (:meth:`~autograd.trace.Step.caption`) in large type,
    the graph beside a compact panel with the step's row, the whole table below.  The script draws
    the graph so the smallest node text is at least 16 CSS px (more on a wider window) and scrolls
    it to keep the node being processed and the receiving parent in view.  Keys: ← → (or Page Up /
    Page Down, the space bar), Home / End; ``+`` / ``−`` zoom, ``0`` shows the whole graph; ``f``
    toggles presentation mode (no table, no side panel; Esc leaves it).  The page opens at the step
    its address names (``steps.html#9``) and keeps the address at the current step.

    Args:
        steps: a trace from :func:`autograd.trace_backward`.
        path: where to write the page (atomically); ``None`` returns the HTML text instead.
        notation: words and numbers of the page, diagram and table, a :class:`~autograd.text.Notation`
            or a language code (``notation="es"`` for a Spanish class, with the decimal comma).
        title: the page's heading (default: "Backpropagation, step by step" in the notation's language).
        rankdir: the diagram's direction, as in :func:`viz.draw`.
        max_nodes: the largest graph to draw, as in :func:`viz.draw` (a ValueError beyond it).

    Returns:
        The written ``Path``, or the HTML text when ``path`` is None.
    """
    if not isinstance(steps, Trace):
        raise VizTypeError(f"player: steps must be a Trace from trace_backward, got {type(steps).__name__}")
    nota = as_notation(notation, old, where="player")
    part = stage(steps, nota, title=title, rankdir=rankdir, max_nodes=max_nodes)
    page = string.Template(_asset("page.html")).substitute(
        lang=nota.lang, title=html.escape(part.title), css=page_css(), stage=part.html,
        data=script_json(part.data), script=_asset("page.js"))
    return page if path is None else write_atomic(path, page)


class Stage(NamedTuple):
    """The part of a page that steps through a trace: its HTML, and the data ``page.js`` replays on it
    (``pizarraPlayer(data)``, once the HTML is in the document)."""

    html: str
    data: dict[str, Any]
    title: str


def page_css() -> str:
    """The stepping UI's styles (``page.css``), with :mod:`viz.style`'s colours."""
    return (_asset("page.css").replace("FILL", HIGHLIGHT_FILL).replace("EDGE", HIGHLIGHT_EDGE)
            .replace("UNREACHED", NOT_REACHED).replace("NOGRAD", NO_GRADIENT))


#: The shape of the graph's box in presentation mode (about 2:1 at 1280×720 and 1920×1080): a long
#: drawing's ranks are spread towards it, to at most twice its height.
SCREEN_ASPECT = 2.0
#: A state of :class:`~autograd.trace.NodeState` as one letter of a step's ``states`` in the page's data.
STATE_CODES = {NodeState.NOT_REACHED: "-", NodeState.GRADIENT: "g", NodeState.NO_GRADIENT: "n"}


def stage(steps: Trace, notation: Notation, *, title: str | None = None, rankdir: str = "LR",
          max_nodes: int = 300, aspect: float = SCREEN_ASPECT) -> Stage:
    """The stepping part of :func:`player`'s page for ``steps``, in ``notation``; the diagram is laid out
    by :func:`viz.layout.rendered` (the ``dot`` program, or the browser's Graphviz), towards the shape of
    the box it is shown in (``aspect``, its width over its height: :data:`SCREEN_ASPECT` by default)."""
    if not 0.5 <= aspect <= 4.0:
        raise VizError(f"player: aspect must be between 0.5 and 4 (a screen's width over its height), got {aspect}")
    lang = notation.lang
    w = WORDS(lang)
    root = steps.root
    ids = draw_ids(root)
    n = len(steps)
    states = [steps.state_at(i) for i in range(n)]
    # the nodes whose gradient text the script rewrites at each step; one that needs no gradient says so for good
    changing = {v for v in ids if node_state(v) is not NodeState.NO_GRADIENT}

    # Every gradient a node shows during the replay, as (text, value); the diagram is drawn with the
    # widest one of each node, so its box fits them all and the script finds the text to replace.
    initial = steps.grads_at(-1)
    shown: dict[Value, list[tuple[str, float]]] = {}
    for v in ids:
        g = initial.get(v, v.grad)
        shown[v] = [(notation.number(g), g)]
    for s in steps:
        shown[s.parent].append((notation.number(s.after), s.after))
    widest = {v: max(texts, key=lambda t: len(t[0])) for v, texts in shown.items()}
    # "—" (not reached yet) is as wide as two digits: a box drawn for one digit is drawn for "10"
    # instead (the script writes the step's own text into every box as the page opens)
    widest = {v: (text, g) if len(text) > 1 or v not in changing else (notation.number(10.0), 10.0)
              for v, (text, g) in widest.items()}
    graph = draw(root, notation=notation, rankdir=rankdir,
                 max_nodes=max_nodes, grads={v: g for v, (_, g) in widest.items()}, legend=False,
                 fit=f"{aspect:.3f}:1")
    _spread(graph, aspect)
    svg = rendered(graph, "svg")
    svg = svg[svg.index("<svg"):]

    headers, rows = steps.to_rows(notation=notation, caption=True)
    nodes = list(ids)
    data: dict[str, Any] = {
        "gradWord": w["viz_grad"],
        "notReached": grad_text(w, NodeState.NOT_REACHED, ""),
        "initial": {ids[v]: texts[0][0] for v, texts in shown.items() if v in changing},
        "widest": {ids[v]: text for v, (text, _) in widest.items() if v in changing},
        "nodes": [ids[v] for v in nodes],
        "counter": w["player_counter"],
        "steps": [
            {"node": marked.node, "op": marked.op, "parent": marked.parent, "edges": list(marked.edges),
             "grad": notation.number(s.after), "row": row[:-1], "caption": row[-1],
             "states": "".join(STATE_CODES[state[v]] for v in nodes)}
            for s, row, state in zip(steps, rows, states)
            for marked in [step_ids(s, ids)]
        ],
    }
    heading = title if title is not None else w["player_title"]
    table = steps.to_html(notation=notation)
    controls = _controls(w, n) if n else f'<p>{html.escape(w["player_no_steps"])}</p>'
    entries = [(PROCESSING, w["viz_processing"]), (RECEIVING, w["viz_receiving"]),
               *state_entries(w, {at[v] for at in states for v in ids})]
    legend = "".join(f'<span class="pz-item">{swatch_html(swatch)}{html.escape(text)}</span>'
                     for swatch, text in entries)
    where = steps.where(notation=notation)  # what u₁, u₂, … stand for, beside the graph that shows them
    if where is not None:
        legend += f'<span class="pz-item pz-where">{html.escape(where)}</span>'
    part = string.Template(_asset("stage.html")).substitute(
        title=html.escape(heading), controls=controls, svg=svg, legend=legend,
        caption=html.escape(rows[0][-1]) if n else "", this_step=html.escape(w["player_this_step"]),
        row=step_row_html(headers[:-1], rows[0][:-1]) if n else "",
        all_steps=html.escape(w["player_all_steps"]), table=table, keys=html.escape(w["player_keys"]),
    )
    return Stage(part, data, heading)


def _spread(graph: graphviz.Digraph, screen: float) -> None:
    """Spread a long drawing's ranks towards the ``screen`` aspect, to at most twice its height (no more:
    a chain would be mostly empty space); a drawing as tall as that already is left as laid out."""
    del graph.graph_attr["ratio"]
    width, height = plain_size(graph)
    aspect = width / max(height, 1e-9)
    if aspect > screen:
        pad_to(graph, max(screen, aspect / 2.0))


def swatch_html(swatch: Swatch) -> str:
    """A legend's :class:`~viz.style.Swatch` as the page draws it: a small box, its sample text inside."""
    border = f"{swatch.width}px {'dashed' if swatch.dashed else 'solid'} {swatch.border}"
    sample = f'<i style="color:{swatch.ink}">{html.escape(swatch.text)}</i>' if swatch.text else ""
    return f'<span class="pz-swatch" style="background:{swatch.fill};border:{border}">{sample}</span>'


def _controls(w: Mapping[str, str], n: int) -> str:
    """The page's buttons: previous, the slider, next and the counter; zoom out, in and whole graph;
    presentation mode.  Each button's key is in its tooltip."""
    def button(ident: str, text: str, tip: str, extra: str = "") -> str:
        return f'<button type="button" id="{ident}" title="{html.escape(tip)}"{extra}>{html.escape(text)}</button>'

    return "\n".join([
        button("pz-prev", w["player_previous"], "← / PageUp"),
        f'<input type="range" id="pz-slider" min="1" max="{n}" value="1" step="1"'
        f' aria-label="{html.escape(w["player_step"])}">',
        button("pz-next", w["player_next"], "→ / PageDown"),
        f'<span id="pz-counter">{html.escape(w["player_counter"].format(i=1, n=n))}</span>',
        '<span class="pz-zoom">',
        button("pz-zoom-out", "−", w["player_zoom_out"]),
        button("pz-zoom-in", "+", w["player_zoom_in"]),
        button("pz-fit", w["player_fit"], w["player_fit_title"]),
        button("pz-presentation", w["player_present"], w["player_present_title"], ' aria-pressed="false"'),
        '</span>',
    ])


def step_row_html(headers: Sequence[str], row: Sequence[str]) -> str:
    """One step of a trace (``headers`` and one of the ``rows`` of :meth:`~autograd.trace.Trace.to_rows`)
    as an HTML table of name/value pairs: the step's number heads it, then one line per other column.

    Written by :func:`autograd.text.render_table`; the page's script replaces the last cell of each
    line with the next step's values.
    """
    if len(headers) != len(row) or not headers:
        raise VizError(f"step_row_html: {len(headers)} headers for a row of {len(row)} cells")
    pairs = [[name, value] for name, value in zip(headers[1:], row[1:])]
    return render_table([headers[0], row[0]], pairs, "html", css_class="pz-row")


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` in it)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    """One of the page's files beside this module: ``page.html``, ``stage.html``, ``page.css`` or ``page.js``."""
    return (resources.files(__package__) / name).read_text(encoding="utf-8")
