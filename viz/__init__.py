"""viz: pictures of the engine for a class: graph diagrams, network diagrams, worked examples.

    >>> import viz
    >>> from autograd import Value, trace_backward
    >>> x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    >>> y = x * w
    >>> steps = trace_backward(y)
    >>> g = viz.draw(y, highlight=steps[0])   # a graphviz.Digraph: shows inline in Jupyter
    >>> g.source.startswith("digraph pizarra {")
    True

:func:`draw` draws a Value's computation graph (:mod:`viz.draw`), :func:`network` the layer
picture of an MLP (:mod:`viz.network`), :func:`player` a self-contained page stepping through a
backward pass (:mod:`viz.player`); :func:`parse` reads a formula safely (:mod:`viz.expression`);
:func:`check_answers` grades a student's numbers and :func:`worksheet` makes exercise sheets
(:mod:`viz.answers`, :mod:`viz.worksheet`); :mod:`viz.plots` draws training curves and decision
boundaries (matplotlib); :mod:`viz.cli` is the ``pizarra`` command and :mod:`viz.demo` ``make demo``.
They need the ``graphviz`` Python package; rendering to SVG/PNG/PDF needs graphviz's ``dot``.
"""

from .answers import (
    AnswerFileError,
    AnswerReport,
    FormulaExercise,
    NetworkExercise,
    Solution,
    check_answers,
    load_answers,
    solve,
)
from .draw import StepIds, draw, draw_ids, edge_id, op_id, step_ids
from .examples import demo_trace_and_diagram
from .expression import Expression, ExpressionError, parse
from .network import network
from .player import StaticSteps, player, player_demo, player_widget
from .worksheet import Worksheet, worksheet

__all__ = [
    "AnswerFileError", "AnswerReport", "FormulaExercise", "NetworkExercise", "Solution", "Worksheet",
    "check_answers", "load_answers", "solve", "worksheet",
    "Expression", "ExpressionError", "StaticSteps", "StepIds", "demo_trace_and_diagram", "draw", "draw_ids",
    "edge_id", "network", "op_id", "parse", "player", "player_demo", "player_widget", "step_ids",
]
