"""The errors ``viz`` raises on bad input, the classroom's included: a value it cannot use, or an argument of the
wrong type.

Both derive from :class:`autograd.PizarraError` and from the built-in a caller expects, so ``except ValueError``
still catches a bad value and ``except PizarraError`` catches everything pizarra raises on bad input.  The classroom's
own errors (:class:`~viz.classroom.errors.AnswerFileError`, :class:`~viz.classroom.formula_errors.FormulaError`)
and the command's (:class:`~viz.cli.messages.CommandError`) are PizarraErrors too.
"""

from __future__ import annotations

from autograd.errors import PizarraError

__all__ = ["VizError", "VizTypeError"]


class VizError(PizarraError, ValueError):
    """A value ``viz`` cannot draw or use (an unknown option, a shape that does not fit); the message names the
    function and the value."""


class VizTypeError(PizarraError, TypeError):
    """An argument of ``viz`` of the wrong type (a model where a Value is drawn, a list where a Trace is played)."""
