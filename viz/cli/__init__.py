"""``pizarra``, the command line: one file per job.

* :mod:`viz.cli.commands`: every command (``draw``, ``steps``, ``check``, ``player``, ``network``, …);
* :mod:`viz.cli.parser`: their options, as argparse reads them, and ``--version``;
* :mod:`viz.cli.network`: ``pizarra network``'s options and what they draw;
* :mod:`viz.cli.input`: ``NAME=VALUE`` assignments and formula files;
* :mod:`viz.cli.help_words`: what ``--help`` says, in English and Spanish;
* :mod:`viz.cli.messages`: the command's words, errors and exit statuses;
* :mod:`viz.cli.pipes`: output that a pipe closed early (``| head -2``) cannot lose.

``python -m viz.cli`` runs it, as the ``pizarra`` script does.
"""

from .commands import DRAW_FORMATS, STEP_FORMATS, UsageError, build_parser, main, parse_assignments

__all__ = ["DRAW_FORMATS", "STEP_FORMATS", "UsageError", "build_parser", "main", "parse_assignments"]
