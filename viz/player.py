"""The stepping player: a backward pass, one ``+=`` at a time, on the graph.

:func:`player` writes one self-contained HTML page (the SVG, the styles and the script are all
inline: no network, no CDN) with previous/next buttons, a slider and the arrow keys.  Each step
highlights, on the diagram, the node being processed, its op, the parent receiving the
contribution and the two edges it travels along (the ids of :func:`viz.draw.step_ids`), shows every
node's gradient as it is at that moment of backward, and shows the step's row of the table beside
the graph; the whole table sits below, with the current row marked.

The diagram is drawn once with :func:`viz.draw` (so it needs graphviz's ``dot``); the page's script
only toggles CSS classes and swaps the gradient texts.  The table cells come from
:meth:`autograd.trace.Trace.to_rows` and every number from :func:`autograd.text.format_number`.

:func:`player_widget` is the notebook version: an ipywidgets slider that redraws
``viz.draw(root, highlight=step)``; without ipywidgets it falls back to a static view (the full
table and the final diagram).
"""

from __future__ import annotations

import html
import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import graphviz

from autograd.files import write_atomic
from autograd.text import check_lang, format_number
from autograd.trace import Trace
from autograd.value import Value

from .draw import draw, draw_ids, step_ids
from .style import HIGHLIGHT_EDGE, HIGHLIGHT_FILL
from .words import WORDS

__all__ = ["StaticSteps", "player", "player_widget"]



# --- the page ----------------------------------------------------------------------------------------

def player(steps: Trace, path: str | os.PathLike[str] | None = None, lang: str = "en", precision: int = 4,
           decimal: str = ".", title: str | None = None, rankdir: str = "LR", max_nodes: int = 300) -> str | Path:
    """A self-contained HTML page that steps through ``steps`` on the graph of ``steps.root``.

    Args:
        steps: a trace from :func:`autograd.trace_backward`.
        path: where to write the page (atomically); ``None`` returns the HTML text instead.
        lang, precision, decimal: words and numbers of the page, diagram and table
            (``lang="es", decimal=","`` for a Spanish class).
        title: the page's heading (default: "Backpropagation, step by step" in ``lang``).
        rankdir: the diagram's direction, as in :func:`viz.draw`.
        max_nodes: the largest graph to draw, as in :func:`viz.draw` (a ValueError beyond it).

    Returns:
        The written ``Path``, or the HTML text when ``path`` is None.
    """
    if not isinstance(steps, Trace):
        raise TypeError(f"player: steps must be a Trace from trace_backward, got {type(steps).__name__}")
    check_lang(lang)
    page = _page(steps, lang, precision, decimal, title, rankdir, max_nodes)
    return page if path is None else write_atomic(path, page)


def _page(steps: Trace, lang: str, precision: int, decimal: str, title: str | None, rankdir: str,
          max_nodes: int) -> str:
    w = ui = WORDS(lang)
    root = steps.root
    ids = draw_ids(root)

    def num(x: float) -> str:
        return format_number(x, precision, decimal)

    # Every gradient a node shows during the replay, as (text, value); the diagram is drawn with the
    # widest one of each node, so its box fits them all and the script finds the text to replace.
    initial = steps.grads_at(-1)
    shown: dict[Value, list[tuple[str, float]]] = {}
    for v in ids:
        g = initial.get(v, v.grad)
        shown[v] = [(num(g), g)]
    for s in steps:
        shown[s.parent].append((num(s.after), s.after))
    widest = {v: max(texts, key=lambda t: len(t[0])) for v, texts in shown.items()}
    graph = draw(root, precision=precision, lang=lang, decimal=decimal, rankdir=rankdir, max_nodes=max_nodes,
                 grads={v: g for v, (_, g) in widest.items()}, legend=False)
    svg = graph.pipe(format="svg", encoding="utf-8")
    svg = svg[svg.index("<svg"):]

    headers, rows = steps.to_rows(lang=lang, decimal=decimal, precision=precision)
    data: dict[str, Any] = {
        "gradWord": w["viz_grad"],
        "headers": headers,
        "initial": {ids[v]: texts[0][0] for v, texts in shown.items()},
        "widest": {ids[v]: text for v, (text, _) in widest.items()},
        "counter": ui["player_counter"],
        "steps": [
            {"node": marked.node, "op": marked.op, "parent": marked.parent, "edges": list(marked.edges),
             "grad": num(s.after), "row": row}
            for s, row in zip(steps, rows)
            for marked in [step_ids(s, ids)]
        ],
    }
    heading = title if title is not None else ui["player_title"]
    n = len(steps)
    table = steps.to_html(lang=lang, decimal=decimal, precision=precision)
    controls = (
        f'<button type="button" id="pz-prev">{html.escape(ui["player_previous"])}</button>\n'
        f'<input type="range" id="pz-slider" min="1" max="{max(n, 1)}" value="1" step="1"'
        f' aria-label="{html.escape(ui["player_step"])}">\n'
        f'<button type="button" id="pz-next">{html.escape(ui["player_next"])}</button>\n'
        f'<span id="pz-counter">{html.escape(ui["player_counter"].format(i=1, n=n))}</span>'
        if n else f'<p>{html.escape(ui["player_no_steps"])}</p>'
    )
    legend = "".join(
        f'<span class="pz-swatch" style="background:{color}"></span>{html.escape(text)} '
        for color, text in ((HIGHLIGHT_FILL, w["viz_processing"]), (HIGHLIGHT_EDGE, w["viz_receiving"])))
    return _TEMPLATE.format(
        lang=lang, title=html.escape(heading), css=_CSS.replace("FILL", HIGHLIGHT_FILL).replace("EDGE", HIGHLIGHT_EDGE),
        controls=controls, svg=svg, legend=legend, this_step=html.escape(ui["player_this_step"]),
        all_steps=html.escape(ui["player_all_steps"]), table=table, keys=html.escape(ui["player_keys"]),
        data=script_json(data), script=_SCRIPT,
    )


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` in it)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<h1>{title}</h1>
<div class="pz-controls">
{controls}
</div>
<div class="pz-main">
<div id="pz-graph">
{svg}
</div>
<div class="pz-side">
<h2>{this_step}</h2>
<table id="pz-row"><tbody></tbody></table>
<p class="pz-legend">{legend}</p>
</div>
</div>
<h2>{all_steps}</h2>
<div id="pz-table">
{table}
</div>
<p class="pz-keys">{keys}</p>
<script type="application/json" id="pz-data">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""

_CSS = """body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin: 0.6em 0 0.3em; }
.pz-controls { display: flex; align-items: center; gap: 0.8em; margin-bottom: 1em; }
.pz-controls button { font-size: 1em; padding: 0.3em 0.9em; }
#pz-slider { flex: 1; max-width: 40em; }
.pz-main { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
#pz-graph { flex: 3 1 30em; overflow-x: auto; }
#pz-graph svg { max-width: 100%; height: auto; }
.pz-side { flex: 1 1 18em; }
#pz-row th { text-align: left; padding: 0.2em 0.8em 0.2em 0; color: #555; font-weight: normal; }
#pz-row td { padding: 0.2em 0; font-weight: bold; }
.pz-swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin: 0 0.3em 0 0.8em;
  border: 1px solid #999; }
table.pizarra-trace { border-collapse: collapse; font-size: 0.9em; }
table.pizarra-trace th, table.pizarra-trace td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; }
table.pizarra-trace tbody tr { cursor: pointer; }
table.pizarra-trace tr.pz-current { background: FILL; }
g.node.pz-current > polygon:first-of-type { fill: FILL; stroke: EDGE; stroke-width: 3px; }
g.node.pz-op > ellipse, g.node.pz-op > polygon:first-of-type { stroke: EDGE; stroke-width: 3px; }
g.node.pz-receiving > polygon:first-of-type { stroke: EDGE; stroke-width: 3px; }
g.edge.pz-active > path { stroke: EDGE; stroke-width: 3px; }
g.edge.pz-active > polygon { fill: EDGE; stroke: EDGE; }
text.pz-changed { fill: EDGE; font-weight: bold; }
.pz-keys { color: #777; font-size: 0.85em; }"""

_SCRIPT = """(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pz-data").textContent);
  var steps = data.steps, n = steps.length;
  if (!n) { return; }
  var svg = document.querySelector("#pz-graph svg");
  var slider = document.getElementById("pz-slider");
  var counter = document.getElementById("pz-counter");
  var rowBody = document.querySelector("#pz-row tbody");
  var tableRows = document.querySelectorAll("#pz-table tr[data-step]");
  // The text element showing each node's gradient: the last text of its box that reads "grad <widest>".
  var gradText = {};
  Object.keys(data.widest).forEach(function (id) {
    var g = document.getElementById(id);
    if (!g) { return; }
    var want = data.gradWord + " " + data.widest[id], texts = g.querySelectorAll("text");
    for (var k = texts.length - 1; k >= 0; k--) {
      if (texts[k].textContent === want) { gradText[id] = texts[k]; break; }
    }
  });
  var marked = [];
  function mark(id, cls) {
    var el = document.getElementById(id);
    if (el) { el.classList.add(cls); marked.push([el, cls]); }
  }
  function show(i) {
    i = Math.max(0, Math.min(n - 1, i));
    marked.forEach(function (m) { m[0].classList.remove(m[1]); });
    marked = [];
    var grads = {};
    Object.keys(data.initial).forEach(function (id) { grads[id] = data.initial[id]; });
    for (var k = 0; k <= i; k++) { grads[steps[k].parent] = steps[k].grad; }
    Object.keys(gradText).forEach(function (id) {
      gradText[id].textContent = data.gradWord + " " + grads[id];
      gradText[id].classList.toggle("pz-changed", id === steps[i].parent);
    });
    var s = steps[i];
    mark(s.node, "pz-current"); mark(s.op, "pz-op"); mark(s.parent, "pz-receiving");
    s.edges.forEach(function (id) { mark(id, "pz-active"); });
    while (rowBody.firstChild) { rowBody.removeChild(rowBody.firstChild); }
    data.headers.forEach(function (h, c) {
      var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
      th.textContent = h; td.textContent = s.row[c];
      tr.appendChild(th); tr.appendChild(td); rowBody.appendChild(tr);
    });
    tableRows.forEach(function (tr) { tr.classList.toggle("pz-current", Number(tr.dataset.step) === i); });
    slider.value = String(i + 1);
    counter.textContent = data.counter.replace("{i}", i + 1).replace("{n}", n);
    current = i;
  }
  var current = 0;
  document.getElementById("pz-prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("pz-next").addEventListener("click", function () { show(current + 1); });
  slider.addEventListener("input", function () { show(Number(slider.value) - 1); });
  tableRows.forEach(function (tr) {
    tr.addEventListener("click", function () { show(Number(tr.dataset.step)); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.target === slider) { return; }
    if (e.key === "ArrowRight") { show(current + 1); }
    else if (e.key === "ArrowLeft") { show(current - 1); }
    else if (e.key === "Home") { show(0); }
    else if (e.key === "End") { show(n - 1); }
  });
  show(0);
}());"""


# --- notebooks ---------------------------------------------------------------------------------------

class StaticSteps:
    """What :func:`player_widget` shows without ipywidgets: the full step table and the final diagram.

    Displays as HTML in Jupyter (``_repr_html_``); the diagram needs graphviz's ``dot`` (without it
    only the table is shown, with a note).
    """

    def __init__(self, steps: Trace, lang: str = "en", precision: int = 4, decimal: str = ".") -> None:
        self.steps = steps
        self.lang, self.precision, self.decimal = lang, precision, decimal

    def _repr_html_(self) -> str:
        table = self.steps.to_html(lang=self.lang, decimal=self.decimal, precision=self.precision)
        graph = draw(self.steps.root, precision=self.precision, lang=self.lang, decimal=self.decimal)
        try:
            svg = graph.pipe(format="svg", encoding="utf-8")
            picture = svg[svg.index("<svg"):]
        except (graphviz.ExecutableNotFound, subprocess.CalledProcessError) as error:  # still show the table
            picture = f"<p>({html.escape(type(error).__name__)}: {html.escape(str(error))})</p>"
        return f"<div>{picture}</div>\n{table}"


def player_widget(steps: Trace, lang: str = "en", precision: int = 4, decimal: str = ".") -> Any:
    """The player in a notebook: a slider over the steps that redraws ``viz.draw(root, highlight=step)``.

    Returns an ``ipywidgets.VBox`` (slider, then an ``HTML`` widget with the diagram and the step's
    row, drawn with the gradients as they are at that step).  Its display also carries the static
    view of :class:`StaticSteps` as HTML, which is what a saved notebook shows where no widget can
    run (a repository page, an executed notebook).  Without ipywidgets installed (``pip install
    'pizarra[notebooks]'``) it returns a :class:`StaticSteps` instead.  Needs graphviz's ``dot``.
    """
    if not isinstance(steps, Trace):
        raise TypeError(f"player_widget: steps must be a Trace from trace_backward, got {type(steps).__name__}")
    check_lang(lang)
    try:
        import ipywidgets
    except ImportError:
        return StaticSteps(steps, lang, precision, decimal)
    if not len(steps):
        return StaticSteps(steps, lang, precision, decimal)
    headers, rows = steps.to_rows(lang=lang, decimal=decimal, precision=precision)
    ui = WORDS(lang)
    slider = ipywidgets.IntSlider(value=1, min=1, max=len(steps), step=1, description=ui["player_step"],
                                  continuous_update=False)
    view = ipywidgets.HTML()

    def render(i: int) -> str:
        graph = draw(steps.root, precision=precision, lang=lang, decimal=decimal, highlight=steps[i],
                     grads=steps.grads_at(i))
        svg = graph.pipe(format="svg", encoding="utf-8")
        row = "".join(f"<tr><th style='text-align:left'>{html.escape(h)}</th><td>{html.escape(c)}</td></tr>"
                      for h, c in zip(headers, rows[i]))
        return f"<div>{svg[svg.index('<svg'):]}</div><table class='pz-row'>{row}</table>"

    def update(change: Mapping[str, Any]) -> None:
        view.value = render(int(change["new"]) - 1)

    slider.observe(update, names="value")
    view.value = render(0)
    static = StaticSteps(steps, lang, precision, decimal)

    class PlayerBox(ipywidgets.VBox):  # type: ignore[misc]
        """The slider and view, displayed with a static fallback for places without widgets."""

        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
            bundle.setdefault("text/html", static._repr_html_())
            return bundle

    return PlayerBox([slider, view])


# --- make demo ---------------------------------------------------------------------------------------
