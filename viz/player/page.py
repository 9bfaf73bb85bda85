"""The player's page: the trace, the diagram and the three page files filled into one HTML document.

The diagram is drawn once with :func:`viz.draw` (so it needs graphviz's ``dot``); the page's script
(``page.js``) toggles CSS classes and swaps texts — the caption, the nodes' gradients and the values
of the step's row (:func:`step_row_html`, the one writer of that row, also used by the notebook
widget) — and sizes and scrolls the graph.  The
table cells come from :meth:`autograd.trace.Trace.to_rows` and every number from the page's
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
from typing import Any

from autograd.files import write_atomic
from autograd.text import Notation, render_table
from autograd.trace import Trace
from autograd.value import Value

from ..draw import draw, draw_ids, step_ids
from ..style import HIGHLIGHT_EDGE, HIGHLIGHT_FILL
from ..words import WORDS

__all__ = ["player", "script_json", "step_row_html"]


# --- the page ----------------------------------------------------------------------------------------

def player(steps: Trace, path: str | os.PathLike[str] | None = None, *, lang: str = "en", decimal: str | None = None,
           precision: int = 4, title: str | None = None, rankdir: str = "LR", max_nodes: int = 300) -> str | Path:
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
        lang, decimal, precision: words and numbers of the page, diagram and table (``lang="es"``
            for a Spanish class, with the decimal comma unless ``decimal="."``).
        title: the page's heading (default: "Backpropagation, step by step" in ``lang``).
        rankdir: the diagram's direction, as in :func:`viz.draw`.
        max_nodes: the largest graph to draw, as in :func:`viz.draw` (a ValueError beyond it).

    Returns:
        The written ``Path``, or the HTML text when ``path`` is None.
    """
    if not isinstance(steps, Trace):
        raise TypeError(f"player: steps must be a Trace from trace_backward, got {type(steps).__name__}")
    page = _page(steps, Notation(lang, decimal, precision), title, rankdir, max_nodes)
    return page if path is None else write_atomic(path, page)


def _page(steps: Trace, notation: Notation, title: str | None, rankdir: str, max_nodes: int) -> str:
    lang = notation.lang
    w = WORDS(lang)
    root = steps.root
    ids = draw_ids(root)

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
    graph = draw(root, lang=lang, decimal=notation.mark, precision=notation.precision, rankdir=rankdir,
                 max_nodes=max_nodes, grads={v: g for v, (_, g) in widest.items()}, legend=False)
    svg = graph.pipe(format="svg", encoding="utf-8")
    svg = svg[svg.index("<svg"):]

    headers, rows = steps.to_rows(lang=lang, decimal=notation.mark, precision=notation.precision, caption=True)
    data: dict[str, Any] = {
        "gradWord": w["viz_grad"],
        "initial": {ids[v]: texts[0][0] for v, texts in shown.items()},
        "widest": {ids[v]: text for v, (text, _) in widest.items()},
        "counter": w["player_counter"],
        "steps": [
            {"node": marked.node, "op": marked.op, "parent": marked.parent, "edges": list(marked.edges),
             "grad": notation.number(s.after), "row": row[:-1], "caption": row[-1]}
            for s, row in zip(steps, rows)
            for marked in [step_ids(s, ids)]
        ],
    }
    heading = title if title is not None else w["player_title"]
    n = len(steps)
    table = steps.to_html(lang=lang, decimal=notation.mark, precision=notation.precision)
    controls = _controls(w, n) if n else f'<p>{html.escape(w["player_no_steps"])}</p>'
    legend = "".join(
        f'<span class="pz-item"><span class="pz-swatch" style="background:{color}"></span>{html.escape(text)}</span>'
        for color, text in ((HIGHLIGHT_FILL, w["viz_processing"]), (HIGHLIGHT_EDGE, w["viz_receiving"])))
    where = steps.where(lang=lang)  # what u₁, u₂, … stand for, beside the graph that shows them
    if where is not None:
        legend += f'<span class="pz-item pz-where">{html.escape(where)}</span>'
    css = _asset("page.css").replace("FILL", HIGHLIGHT_FILL).replace("EDGE", HIGHLIGHT_EDGE)
    return string.Template(_asset("page.html")).substitute(
        lang=lang, title=html.escape(heading), css=css, controls=controls, svg=svg, legend=legend,
        caption=html.escape(rows[0][-1]) if n else "", this_step=html.escape(w["player_this_step"]),
        row=step_row_html(headers[:-1], rows[0][:-1]) if n else "",
        all_steps=html.escape(w["player_all_steps"]), table=table,
        keys=html.escape(w["player_keys"]), data=script_json(data), script=_asset("page.js"),
    )


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
        raise ValueError(f"step_row_html: {len(headers)} headers for a row of {len(row)} cells")
    pairs = [[name, value] for name, value in zip(headers[1:], row[1:])]
    return render_table([headers[0], row[0]], pairs, "html", css_class="pz-row")


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` in it)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    """One of the page's files beside this module: ``page.html``, ``page.css`` or ``page.js``."""
    return (resources.files(__package__) / name).read_text(encoding="utf-8")
