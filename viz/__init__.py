"""viz: pictures of the engine for a class — graph diagrams, network diagrams, the stepping player, plots.

    >>> import viz
    >>> from autograd import Value, trace_backward
    >>> x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    >>> y = x * w
    >>> steps = trace_backward(y)
    >>> g = viz.draw_step(steps[0])   # the graph at step 1: a graphviz.Digraph, shows inline in Jupyter
    >>> g.source.startswith("digraph pizarra {")
    True

One module per picture: :mod:`viz.draw` (a Value's computation graph, and with ``draw_step`` the graph
at one step of a backward pass), :mod:`viz.network` (the layer picture of an MLP), :mod:`viz.player` (a
page stepping through a backward pass), :mod:`viz.plots` (training curves and decision boundaries, with
matplotlib), :mod:`viz.deck` (``viz.slides``: a backward pass as a 16:9 deck, PDF, GIF or PNG frames, with
Pillow).  Every picture takes ``notation=`` (one :class:`autograd.text.Notation`, or a language code:
``notation="es"`` writes ``0,5``), and reads an ``nn`` model only as :mod:`viz.model` describes.  The
classroom — the formula language, exercises, grading and worksheets — lives in :mod:`viz.classroom`;
:mod:`viz.cli` is the ``pizarra`` command and :mod:`viz.demo` is ``make demo``.

Importing ``viz`` is light: every name is imported the first time it is used (the pictures load graphviz,
the classroom nn, the slides Pillow), so ``import viz`` loads neither numpy, nor matplotlib, nor Pillow, nor
pyyaml, nor nn, nor graphviz, and ``pizarra steps`` (:mod:`viz.cli`) loads only what it uses.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

#: Where each public name lives (imported on first use, PEP 562).
_WHERE = {
    "StepIds": "ids", "draw": "draw", "draw_ids": "ids", "draw_step": "draw", "edge_id": "ids", "op_id": "ids",
    "step_ids": "ids",
    "network": "network", "NetworkLayout": "network", "NetworkShow": "network",
    "StaticSteps": "player", "player": "player", "player_widget": "player",
    "demo_trace_and_diagram": "demo", "player_demo": "demo",
    "Formula": "classroom.formula", "FormulaError": "classroom.formula", "parse": "classroom.formula",
    "AnswerFileError": "classroom.answers", "AnswerReport": "classroom.answers",
    "FormulaExercise": "classroom.answers", "NetworkExercise": "classroom.answers",
    "Solution": "classroom.answers", "check_answers": "classroom.answers", "load_answers": "classroom.answers",
    "solve": "classroom.answers",
    "Worksheet": "classroom.worksheet", "worksheet": "classroom.worksheet",
    "Deck": "deck", "slide_deck": "deck", "slides": "deck",
    "Playground": "playground", "playground": "playground",
}

__all__ = [
    "AnswerFileError", "AnswerReport", "Deck", "Formula", "FormulaError", "FormulaExercise", "NetworkExercise",
    "NetworkLayout", "NetworkShow",
    "Playground",
    "Solution", "StaticSteps", "StepIds", "Worksheet", "check_answers", "demo_trace_and_diagram", "draw",
    "draw_ids", "draw_step", "edge_id", "load_answers", "network", "op_id", "parse", "player", "player_demo",
    "player_widget", "playground", "slide_deck", "slides", "solve", "step_ids", "worksheet",
]

if TYPE_CHECKING:
    from .classroom.answers import (
        AnswerFileError,
        AnswerReport,
        FormulaExercise,
        NetworkExercise,
        Solution,
        check_answers,
        load_answers,
        solve,
    )
    from .classroom.formula import Formula, FormulaError, parse
    from .classroom.worksheet import Worksheet, worksheet
    from .deck import Deck, slide_deck, slides
    from .demo import demo_trace_and_diagram, player_demo
    from .draw import draw, draw_step
    from .ids import StepIds, draw_ids, edge_id, op_id, step_ids
    from .network import NetworkLayout, NetworkShow, network
    from .player import StaticSteps, player, player_widget
    from .playground import Playground, playground


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'viz' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


class _Viz(types.ModuleType):
    """``viz`` itself.  A picture's module shares its name with its function (``viz.draw`` is the function, in
    the module ``viz.draw``); when that module is imported (``from viz.draw import …``, anywhere), Python sets
    ``viz``'s attribute of its name to the module, and this keeps the function there instead."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHARED and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


#: The modules named as their function.
_SHARED = frozenset({"draw", "network", "player", "playground"})
sys.modules[__name__].__class__ = _Viz
