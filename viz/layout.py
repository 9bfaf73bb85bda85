"""Where graphviz lays a diagram out: the ``dot`` program, or a stand-in the host provides.

Every picture of :mod:`viz` is written as DOT by Python (:func:`viz.draw`, :func:`viz.network`); only the
layout and the SVG are graphviz's.  On a computer that is the ``dot`` program, run by the ``graphviz``
package (:meth:`graphviz.Digraph.pipe`).  In the browser page (:mod:`viz.web`) there is no program to
run: the page hands :func:`use_renderer` a function that calls Graphviz compiled to WebAssembly, and the
same Python code makes the same diagrams there.

    >>> from viz.layout import rendered, use_renderer
    >>> import graphviz
    >>> use_renderer(lambda source, fmt: f"{fmt}: {len(source)} characters")
    >>> rendered(graphviz.Digraph(), "svg")
    'svg: 12 characters'
    >>> use_renderer(None)  # back to the dot program
"""

from __future__ import annotations

from collections.abc import Callable

import graphviz

from .errors import VizTypeError

__all__ = ["Renderer", "rendered", "use_renderer"]

#: A stand-in for ``dot``: the DOT source and an output format (``"svg"``, ``"plain"``) to the output text.
Renderer = Callable[[str, str], str]

_renderer: Renderer | None = None


def use_renderer(renderer: Renderer | None) -> None:
    """Lay diagrams out with ``renderer`` from now on; ``None`` goes back to the ``dot`` program."""
    global _renderer
    if renderer is not None and not callable(renderer):
        raise VizTypeError(f"use_renderer: renderer must be callable (source, format) -> text, got {renderer!r}")
    _renderer = renderer


def rendered(graph: graphviz.Digraph, fmt: str) -> str:
    """``graph`` laid out as text in ``fmt`` (``"svg"``, ``"plain"``, ``"json"``), by the renderer in use."""
    if _renderer is None:
        return str(graph.pipe(format=fmt, encoding="utf-8"))
    return str(_renderer(graph.source, fmt))
