"""The ``pizarra`` command: diagrams, step tables, gradchecks and player pages from a formula.

Its examples are in ``pizarra --help`` (the epilog of :mod:`viz.cli.help_words`, in English and Spanish).

The formula is read by :mod:`viz.classroom.formula` (a whitelist over Python's ``ast``, never ``eval``), from
the command line or from a file (``-f FILE``, read by :mod:`viz.cli.input`).  Errors print one message on
stderr and exit with status 2; ``check`` exits with 1 when a gradient disagrees.  Files are written
atomically, before anything is printed, and a pipe closed early keeps the exit status (:mod:`viz.cli.pipes`).
``draw`` fits a picture to a 16:9 slide unless ``--fit`` says otherwise; ``network`` is
:mod:`viz.cli.network`.  With ``--lang es`` the command speaks Spanish: its tables, its progress
(``escrito …``) and its errors, usage errors included (:mod:`viz.cli.messages`).

A subcommand is a function ``_name(args) -> int`` in :data:`_COMMANDS` and its options in
:func:`viz.cli.parser.build_parser`; a formula subcommand takes the ``common`` options (formula, ``NAME=VALUE``, ``-f``,
``--lang``, ``--decimal``, ``--precision``, ``--label``) and builds its graph with :func:`_build`.

A command imports what it uses when it runs: ``steps`` and ``check`` of a formula load neither graphviz nor the
pictures, nor numpy or nn (``tests/viz/test_cli_imports.py`` holds them to it), so they answer at once.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from autograd.errors import AutogradError
from autograd.files import write_atomic
from autograd.text import Notation
from autograd.trace import Trace, trace_backward
from autograd.value import Value

from ..classroom.formula import Formula, FormulaError
from ..words import WORDS
from .input import parse_assignments, read_formula_file
from .messages import CommandError, UsageError, describe, requested_language
from .network import network_picture
from .parser import DRAW_FORMATS, PICTURE_FORMATS, SLIDE, STEP_FORMATS, build_parser
from .pipes import guarded_output

__all__ = ["DRAW_FORMATS", "STEP_FORMATS", "UsageError", "build_parser", "main", "parse_assignments"]

if TYPE_CHECKING:
    import graphviz

# --- the commands ---------------------------------------------------------------------------------

def _build(args: argparse.Namespace) -> tuple[Formula, dict[str, float], Value]:
    """The formula (from the command line or ``-f FILE``), its values and its graph; ``--label`` names the result."""
    items = list(args.values)
    if args.file is not None:
        if args.expression is not None:  # with -f, every positional argument is a NAME=VALUE
            items.insert(0, args.expression)
        text = read_formula_file(args.file)
    else:
        text = args.expression
    values = parse_assignments(items, args.decimal)
    try:
        formula = Formula(text)
        root = formula.build(values)
    except FormulaError as error:
        if args.file is None:
            raise
        raise CommandError("in_file", path=str(args.file), message=error) from None
    if args.label:
        root.label = args.label
    return formula, values, root


def _source(args: argparse.Namespace) -> str:
    """How messages name the formula: quoted, or by its file."""
    return str(args.file) if args.file is not None else repr(args.expression)


def _trace(args: argparse.Namespace, root: Value) -> Trace:
    if not root.requires_grad:
        raise UsageError("no_variables", source=_source(args))
    return trace_backward(root, notation=_notation(args))  # constants' names


def _notation(args: argparse.Namespace) -> Notation:
    """The notation ``--lang``, ``--decimal`` and ``--precision`` ask for."""
    return Notation(args.lang, args.decimal, args.precision)


def _draw(args: argparse.Namespace) -> int:
    from ..draw import draw, draw_step

    _, _, root = _build(args)
    if args.step is not None and args.forward_only:
        raise UsageError("step_forward_only")
    suffix = _picture_format(args.output)
    forward_only = args.forward_only or not root.requires_grad  # a formula of constants has no gradients
    highlight = None
    if not forward_only or args.step is not None:
        steps = _trace(args, root)
        if args.step is not None:
            if args.step > len(steps):
                raise UsageError("step_range", step=args.step, last=len(steps), source=_source(args))
            highlight = steps[args.step - 1]
    fit = args.fit or (SLIDE if suffix in PICTURE_FORMATS else "none")
    notation = Notation(args.lang, args.decimal, args.precision)
    options = dict(notation=notation, rankdir=args.rankdir, color_by=args.color_by, title=args.title,
                   max_nodes=args.max_nodes, fit=None if fit == "none" else fit)
    graph = (draw_step(highlight, **options) if highlight is not None
             else draw(root, show_grad=not forward_only, **options))
    return _picture(args, graph, suffix)


def _network(args: argparse.Namespace) -> int:
    suffix = _picture_format(args.output)
    return _picture(args, network_picture(args), suffix)


def _picture_format(output: Path | None) -> str | None:
    """The format ``-o FILE``'s suffix names (one of :data:`DRAW_FORMATS`), None without a file."""
    if output is None:
        return None
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in DRAW_FORMATS:
        raise UsageError("format_suffix", path=str(output), formats=", ".join("." + f for f in DRAW_FORMATS))
    return suffix


def _picture(args: argparse.Namespace, graph: graphviz.Digraph, suffix: str | None) -> int:
    """Write ``graph`` to ``-o FILE`` in the format ``suffix``; without a file print its DOT text."""
    if args.output is None or suffix is None:
        sys.stdout.write(graph.source)
        return 0
    data: str | bytes = graph.source if suffix in ("dot", "gv") else graph.pipe(format=suffix)
    _written(args, write_atomic(args.output, data))
    return 0


def _steps(args: argparse.Namespace) -> int:
    _, _, root = _build(args)
    steps = _trace(args, root)
    render = {"text": steps.to_text, "markdown": steps.to_markdown, "latex": steps.to_latex,
              "html": steps.to_html}[args.format]
    text = render(notation=_notation(args))
    if args.output is None:
        print(text)
        return 0
    if args.format == "html":  # a file gets a whole page, so the browser reads it as UTF-8
        text = (f'<!DOCTYPE html>\n<html lang="{args.lang}">\n<head><meta charset="utf-8">'
                f"<title>pizarra</title></head>\n<body>\n{text}\n</body>\n</html>")
    _written(args, write_atomic(args.output, text + "\n"))
    return 0


def _check(args: argparse.Namespace) -> int:
    formula, values, _ = _build(args)
    names = list(values)
    if not names:
        raise UsageError("no_variables_check", source=_source(args))

    def f(*leaves: Value) -> Value:
        return formula.evaluate(dict(zip(names, leaves)))

    from autograd.gradcheck import gradcheck

    report = gradcheck(f, [Value(values[n], label=n) for n in names], eps=args.eps, atol=args.atol, rtol=args.rtol)
    print(report.to_text(notation=_notation(args), fmt=args.format))
    return 0 if report.passed else 1


def _player(args: argparse.Namespace) -> int:
    from ..player import player

    _, _, root = _build(args)
    steps = _trace(args, root)
    written = player(steps, args.output, notation=_notation(args), title=args.title, rankdir=args.rankdir,
                     max_nodes=args.max_nodes)
    assert isinstance(written, Path)
    _written(args, written)
    return 0


def _slides(args: argparse.Namespace) -> int:
    from ..deck import slides

    _, _, root = _build(args)
    for path in slides(_trace(args, root), args.output, notation=_notation(args), title=args.title,
                       rankdir=args.rankdir, max_nodes=args.max_nodes, seconds=args.seconds):
        _written(args, path)
    return 0


def _check_answers(args: argparse.Namespace) -> int:
    from ..classroom.summary import grade_in

    # with --lang every report is in it; without, each in its file's lang:, with --decimal and --precision
    summary = grade_in(args.files, args.key, rtol=args.rtol, atol=args.atol, lang=args.lang,
                       notation_of=lambda file_lang: Notation(args.lang or file_lang or "en", args.decimal,
                                                              args.precision))
    lang = args.lang or summary.lang  # without --lang: the summary's (the key's, else the files')
    if args.summary is not None:  # the grades are on disk before anything is printed
        for path in summary.write(args.summary):
            _written(args, path, lang)
    for graded in summary:
        if graded.report is None:
            _error(args, graded.problem or graded.error, graded.lang or lang)  # in the file's own lang:
    if len(summary) == 1 and summary.files[0].report is not None:
        report = summary.files[0].report
        print(report.to_markdown() if args.format == "markdown" else report.to_text())
    elif len(summary) > 1:
        print(summary.to_markdown() if args.format == "markdown" else summary.to_text())
    return summary.exit_status


def _worksheet(args: argparse.Namespace) -> int:
    from ..classroom.worksheet import worksheet

    sheet = worksheet(args.kind, args.seed, activation=args.activation, output_activation=args.output_activation,
                      loss=args.loss, notation=_notation(args))
    if args.output is None:
        sys.stdout.write(sheet.statement_markdown())
        return 0
    for path in sheet.write(args.output):
        _written(args, path)
    return 0


def _written(args: argparse.Namespace, path: Path, lang: str | None = None) -> None:
    """Say on stderr that a file was written (``wrote …`` / ``escrito …``), in ``--lang``, else ``lang``."""
    print(WORDS(args.lang or lang or "en")["wrote"].format(path=path), file=sys.stderr)


def _error(args: argparse.Namespace, error: BaseException | str, lang: str | None = None) -> None:
    """Say on stderr what went wrong: ``pizarra COMMAND: error: …`` in ``--lang``, else in ``lang`` (a file's), else
    in English."""
    lang = args.lang or lang or getattr(error, "lang", None) or "en"  # a key's error: in the key's lang:
    message = error if isinstance(error, str) else describe(error, lang, _graphviz_errors())
    print(WORDS(lang)["error"].format(prog=f"pizarra {args.command}", message=message), file=sys.stderr)


def _reported() -> tuple[type[BaseException], ...]:
    """The errors a command reports as a message and status 2."""
    return (ValueError, ArithmeticError, AutogradError, OSError, subprocess.CalledProcessError, RecursionError,
            *_graphviz_errors())


def _graphviz_errors() -> dict[type[Exception], str]:
    """graphviz's error for a missing ``dot`` and its message's key, when a command loaded graphviz (only one that
    draws can meet it, and ``steps`` or ``check`` do not load it)."""
    graphviz = sys.modules.get("graphviz")
    return {graphviz.ExecutableNotFound: "dot_missing"} if graphviz is not None else {}

#: The packages of the ``viz`` extra (pyproject.toml), which ``pip install pizarra`` leaves out: a command that
#: draws without them says to install ``pizarra[viz]``.
_VIZ_EXTRA = ("graphviz", "matplotlib", "PIL", "pypdf")

_COMMANDS = {"draw": _draw, "steps": _steps, "check": _check, "player": _player, "slides": _slides,
             "check-answers": _check_answers, "worksheet": _worksheet, "network": _network}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pizarra`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    0 on success, 1 when ``check`` finds a gradient that disagrees (``check-answers``: an answer wrong or
    blank), 2 for any error (bad command line, bad expression, a value outside an op's domain, a file that
    cannot be written, ...).  Every command writes its files before it prints anything, and output into a
    pipe that closes early (``pizarra steps … | head -1``) ends quietly, with the same status
    (:mod:`viz.cli.pipes`).
    """
    with guarded_output():
        return _main(sys.argv[1:] if argv is None else list(argv))


def _main(argv: list[str]) -> int:
    parser = build_parser(requested_language(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help (0) or a usage error (2, already printed by the parser)
        return exit_.code if isinstance(exit_.code, int) else 2
    if getattr(args, "file", False) is None and args.expression is None:  # neither a formula nor -f FILE
        command = parser.commands[args.command]
        try:
            command.error(WORDS(command.lang)["no_formula"])
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 2
    if args.decimal is None and args.lang is not None:  # check-answers: the mark follows each file's language
        args.decimal = Notation(args.lang).mark
    try:
        return _COMMANDS[args.command](args)
    except _reported() as error:  # (evaluated when an error comes: after the command loaded what it used)
        _error(args, error)
        return 2
    except ModuleNotFoundError as error:  # a light install (pip install pizarra) has no pictures' packages
        if (error.name or "").partition(".")[0] not in _VIZ_EXTRA:
            raise
        _error(args, WORDS(args.lang or "en")["viz_missing"].format(module=error.name))
        return 2


if __name__ == "__main__":
    sys.exit(main())
