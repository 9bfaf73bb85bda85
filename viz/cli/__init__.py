"""``pizarra``, the command line: one file per job.

* :mod:`viz.cli.commands`: the parser and every command (``draw``, ``steps``, ``check``, ``player``, …);
* :mod:`viz.cli.input`: ``NAME=VALUE`` assignments and formula files;
* :mod:`viz.cli.messages`: the command's words, errors and exit statuses;
* :mod:`viz.cli.pipes`: output that a pipe closed early (``| head -2``) cannot lose.

``python -m viz.cli`` runs it, as the ``pizarra`` script does.
"""

from .commands import DRAW_FORMATS, STEP_FORMATS, UsageError, build_parser, main, parse_assignments

__all__ = ["DRAW_FORMATS", "STEP_FORMATS", "UsageError", "build_parser", "main", "parse_assignments"]
