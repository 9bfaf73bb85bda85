"""The stepping player: a backward pass, one ``+=`` at a time, on the graph.

:func:`player` writes one self-contained HTML page (the SVG, the styles and the script are all
inline: no network, no CDN) with previous/next buttons, a slider and the arrow keys.  Each step
highlights, on the diagram, the node being processed, its op, the parent receiving the
contribution and the two edges it travels along (the ids of :func:`viz.draw.step_ids`), shows every
node's gradient as it is at that moment of backward, and shows the step's row of the table
(:func:`step_row_html`) beside the graph; the whole table sits below, with the current row marked.
The page itself is three files beside this module — ``page.html``, ``page.css`` and ``page.js`` —
which :mod:`viz.player.page` fills in.

:func:`player_widget` (:mod:`viz.player.widget`) is the notebook version: an ipywidgets slider that
redraws ``viz.draw(root, highlight=step)``; without ipywidgets it falls back to a static view (the full
table and the final diagram).
"""

from .page import player, script_json, step_row_html
from .widget import StaticSteps, player_widget

__all__ = ["StaticSteps", "player", "player_widget", "script_json", "step_row_html"]
