"""pizarra in the browser: the Python side of the static page that ``make web`` builds.

The page (``index.html``, ``app.js`` and ``app.css`` beside this module) runs in Pyodide — CPython
compiled to WebAssembly, with its standard library and nothing else — so everything it calls here
runs without numpy, matplotlib or pyyaml.  Graphviz is compiled to WebAssembly too (``@viz-js/viz``);
the page hands it to :func:`viz.layout.use_renderer`, so :func:`viz.draw` and the player's stage lay
out the same diagrams as on a computer.  :mod:`viz.web.app` answers the page; :mod:`viz.web.build`
builds the site.
"""

from __future__ import annotations

__all__: list[str] = []
