"""``pizarra``, the command line: one file per job.

* :mod:`viz.cli.commands`: every command (``draw``, ``steps``, ``check``, ``player``, ``network``, …);
* :mod:`viz.cli.parser`: their options, as argparse reads them, and ``--version``;
* :mod:`viz.cli.network`: ``pizarra network``'s options and what they draw;
* :mod:`viz.cli.input`: ``NAME=VALUE`` assignments and formula files;
* :mod:`viz.cli.help_words`: what ``--help`` says, in English and Spanish;
* :mod:`viz.cli.messages`: the command's errors and usage errors, in the class's language (its words are in
  :mod:`viz.words`);
* :mod:`viz.cli.pipes`: output that a pipe closed early (``| head -2``) cannot lose.

``python -m viz.cli`` runs it, as the ``pizarra`` script does.  The names below are loaded on first use,
so a module that needs one part (the browser page reads values with :mod:`viz.cli.input`) does not load
every command.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["DRAW_FORMATS", "STEP_FORMATS", "UsageError", "build_parser", "main", "parse_assignments"]

if TYPE_CHECKING:
    from .commands import DRAW_FORMATS, STEP_FORMATS, UsageError, build_parser, main, parse_assignments


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'viz.cli' has no attribute {name!r}")
    value = getattr(importlib.import_module(".commands", __name__), name)
    globals()[name] = value
    return value
