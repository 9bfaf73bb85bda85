"""The stepping player: a backward pass, one ``+=`` at a time, on the graph, for a projector.

:func:`player` writes one self-contained HTML page (the SVG, the styles and the script are all
inline: no network, no CDN).  Each step shows its caption, the chain-rule sentence of
:meth:`autograd.trace.Step.caption`, in large type above the graph; highlights on the diagram the
node being processed, its op, the parent receiving the contribution and the two edges it travels
along (the ids of :func:`viz.ids.step_ids`); shows every node's gradient as it is at that moment of
backward; and shows the step's row of the table (:func:`step_row_html`) in a compact panel beside
the graph, with the whole table below.  The graph is drawn large enough to read on a projector (node
text at least 16 px at 1280×720 and 1920×1080) and scrolled to follow the step; ``+`` / ``−`` / ``0``
zoom, ``f`` is a presentation mode without the table.  The page itself is three files beside this
module — ``page.html``, ``page.css`` and ``page.js`` — which :mod:`viz.player.page` fills in.

:func:`player_widget` (:mod:`viz.player.widget`) is the notebook version: previous / next buttons
and an ipywidgets slider that redraw ``viz.draw_step(step)`` under the step's caption;
without ipywidgets it falls back to a static view (the final diagram and the full table, with the
captions).  :mod:`viz.player.screenshot` opens the page in headless Chromium (tests, ``make docs``).
"""

from .page import player, script_json, step_row_html
from .widget import StaticSteps, player_widget

__all__ = ["StaticSteps", "player", "player_widget", "script_json", "step_row_html"]
