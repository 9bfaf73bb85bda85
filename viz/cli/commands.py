"""The ``pizarra`` command: diagrams, step tables, gradchecks and player pages from a formula.

    pizarra draw "tanh(x1*w1 + x2*w2 + b)" x1=2 w1=-3 x2=0 w2=1 b=6.8813735870195432 -o neuron.svg
    pizarra steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es --format markdown
    pizarra steps "z = w*x + b; L = 0.5*(relu(z) - y)**2" w=4 x=1 b=7 y=5
    pizarra steps -f neurona.txt w=4 x=1 b=7 y=5
    pizarra check "sigmoid(a*b)" a=0.3 b=-1.2
    pizarra player "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 -o steps.html

The formula is read by :mod:`viz.classroom.formula` (a whitelist over Python's ``ast``, never ``eval``), from
the command line or from a file (``-f FILE``, read by :mod:`viz.cli.input`).  Errors print one message on
stderr and exit with status 2; ``check`` exits with 1 when a gradient disagrees.  Files are written
atomically.  With ``--lang es`` the command speaks Spanish: its tables, its progress (``escrito …``) and its
errors, usage errors included (:mod:`viz.cli.messages`).

A subcommand is a function ``_name(args) -> int`` in :data:`_COMMANDS` and its options in
:func:`build_parser`; a formula subcommand takes the ``common`` options (formula, ``NAME=VALUE``, ``-f``,
``--lang``, ``--decimal``, ``--precision``, ``--label``) and builds its graph with :func:`_build`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import graphviz

from autograd.errors import AutogradError
from autograd.files import write_atomic
from autograd.text import LANGS, Notation
from autograd.trace import Trace, trace_backward
from autograd.value import Value

from ..classroom.formula import FUNCTIONS, Formula, FormulaError
from ..classroom.kinds import ACTIVATION_CHOICES, KINDS, LOSS_CHOICES, OUTPUT_CHOICES
from ..draw import RANKDIRS, draw
from .input import parse_assignments, read_formula_file
from .messages import WORDS, CommandError, Parser, UsageError, describe, requested_language

__all__ = ["DRAW_FORMATS", "STEP_FORMATS", "UsageError", "build_parser", "main", "parse_assignments"]

#: Output formats of ``pizarra draw``, chosen by the output file's suffix.
DRAW_FORMATS = ("svg", "png", "pdf", "dot", "gv")
#: Formats of ``pizarra steps``.
STEP_FORMATS = ("text", "markdown", "latex", "html")

_EPILOG = """\
examples:
  pizarra draw "tanh(x1*w1 + x2*w2 + b)" x1=2 w1=-3 x2=0 w2=1 b=6.8813735870195432 -o neuron.svg
  pizarra steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es --format markdown
  pizarra steps "z = w*x + b; yhat = relu(z); L = 0.5*(yhat - y)**2" w=4 x=1 b=7 y=5
  pizarra steps -f neurona.txt w=4 x=1 b=7 y=5
  pizarra check "sigmoid(a*b)" a=0.3 b=-1.2
  pizarra player "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 -o steps.html
  pizarra worksheet --kind two-layer --seed 17 --lang es -o hojas/
  pizarra check-answers hojas/respuestas_red_17.yaml --lang es

expressions: numbers, variables, + - * / ** (power), parentheses and the functions
  {functions}
  (sum, mean and logsumexp take a list [a, b, c]; dot takes two: dot([x1, x2], [w1, w2])).
  Quote the expression.  One that starts with '-' goes after '--':  pizarra steps -- "-x*y" x=1 y=2
names: assignments NAME = expression, separated by ; or new lines; the last one is the result, and
  each name labels its node in the diagrams and tables.  A file given with -f holds one per line.
values: NAME=VALUE for every variable, e.g. w1=-3 or b=6.88; with --lang es (or --decimal ,)
  a decimal comma is accepted too: b=6,88 (inside the expression itself, write 0.5).
"""


# --- the parser -----------------------------------------------------------------------------------

def build_parser(lang: str = "en") -> Parser:
    """The ``pizarra`` argument parser (subcommands draw, steps, check, player, check-answers, worksheet); its
    usage errors are written in ``lang``."""
    common = Parser(add_help=False, lang=lang)
    common.add_argument("expression", nargs="?", metavar="FORMULA",
                        help='the formula, quoted, e.g. "tanh(x*w + b)" or "z = w*x + b; L = 0.5*(relu(z) - y)**2" '
                             "(not given with -f)")
    common.add_argument("values", nargs="*", metavar="NAME=VALUE", help="the value of each variable, e.g. w=-3")
    common.add_argument("-f", "--file", type=Path, default=None, metavar="FILE",
                        help="read the formula from FILE (UTF-8; one assignment per line, # for comments)")
    common.add_argument("--lang", choices=LANGS, default="en", help="language of tables and labels (default: en)")
    common.add_argument("--decimal", choices=(".", ","), default=None,
                        help="decimal mark (default: ',' with --lang es, '.' otherwise)")
    common.add_argument("--precision", type=common.whole, default=4, metavar="DIGITS",
                        help="significant digits of the numbers (default: 4)")
    common.add_argument("--label", default="", metavar="NAME",
                        help="a name for the result, shown in the diagram and in the table's ∂NAME/∂node "
                             "(default: the formula's last name, L in \"L = …\"; without one tables say ∂L/∂node)")

    parser = Parser(
        prog="pizarra", lang=lang,
        description="Backpropagation on the blackboard: draw a formula's computation graph, step through "
                    "its backward pass, check its gradients, or write a stepping player page.",
        epilog=_EPILOG.format(functions=", ".join(FUNCTIONS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=Parser)

    p = sub.add_parser("draw", parents=[common], help="draw the computation graph (SVG, PNG, PDF or DOT)",
                       description="Draw the computation graph of the expression, after backward "
                                   "(data and grad of every node) unless --forward-only.")
    p.add_argument("-o", "--output", type=Path, help="output file; the format comes from its suffix "
                   f"({', '.join(DRAW_FORMATS)}); without it the DOT text is printed")
    p.add_argument("--forward-only", action="store_true", help="do not run backward; show the data only")
    p.add_argument("--color-by", choices=("none", "grad"), default="none",
                   help="colour nodes and edges by gradient sign and size (default: none)")
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="direction of the drawing (default: LR)")
    p.add_argument("--title", default=None, help="a caption above the drawing")
    p.add_argument("--max-nodes", type=common.whole, default=300, metavar="N",
                   help="refuse to draw more values than this (default: 300)")

    p = sub.add_parser("steps", parents=[common], help="the backward pass as a table, one row per +=",
                       description="Run backward and print every chain-rule step "
                                   "(parent.grad += upstream · local) as a table.")
    p.add_argument("--format", choices=STEP_FORMATS, default="text", help="table format (default: text)")
    p.add_argument("-o", "--output", type=Path, help="write the table to this file instead of printing it")

    p = sub.add_parser("check", parents=[common], help="compare backprop with numeric gradients (gradcheck)",
                       description="Compare each variable's backprop gradient with central finite "
                                   "differences.  Exit status 1 if any disagrees.")
    p.add_argument("--eps", type=common.nonnegative, default=1e-6, help="finite-difference step (default: 1e-6)")
    p.add_argument("--atol", type=common.nonnegative, default=1e-5, help="absolute tolerance (default: 1e-5)")
    p.add_argument("--rtol", type=common.nonnegative, default=1e-3, help="relative tolerance (default: 1e-3)")
    p.add_argument("--format", choices=("text", "markdown"), default="text", help="table format (default: text)")

    p = sub.add_parser("player", parents=[common], help="write a self-contained HTML page stepping through backward",
                       description="Write one HTML page (no network needed) with the graph, previous/next "
                                   "buttons, a slider and each step's row of the table.")
    p.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="direction of the drawing (default: LR)")
    p.add_argument("--title", default=None, help="the page's heading")
    p.add_argument("--max-nodes", type=common.whole, default=300, metavar="N",
                   help="refuse to draw more values than this (default: 300)")

    p = sub.add_parser("slides", parents=[common], help="write the backward pass as 16:9 slides (PDF, GIF, PNG frames)",
                       description="Write a 16:9 deck: the forward graph, a page per backward step (its diagram "
                                   "and chain rule in large letters), every gradient.")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="NAME.pdf (a deck), NAME.gif (an animation), NAME.png (1920×1080 frames NAME_01.png, …) "
                        "or a folder (frames slide_01.png, …)")
    p.add_argument("--title", default=None, help="the title page's heading")
    p.add_argument("--rankdir", choices=RANKDIRS, default=None,
                   help="direction of the diagrams (default: LR or TB, whichever reads larger)")
    p.add_argument("--seconds", type=common.nonnegative, default=3.0, help="seconds per page of a GIF (default: 3)")
    p.add_argument("--max-nodes", type=common.whole, default=100, metavar="N",
                   help="refuse to draw more values than this (default: 100)")
    _add_exercise_commands(sub, common)
    for name, command in sub.choices.items():  # each subcommand writes its usage errors in the same language
        command.lang = lang
        parser.commands[name] = command
    return parser


def _add_exercise_commands(sub: Any, common: Parser) -> None:
    """The sub-commands ``check-answers`` and ``worksheet`` (they take a file or a seed, not a formula)."""
    def language(p: argparse.ArgumentParser, lang: str | None = "en",
                 lang_help: str = "language of the output (default: en)",
                 decimal_help: str = "decimal mark (default: ',' with --lang es, '.' otherwise)") -> None:
        p.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)
        p.add_argument("--decimal", choices=(".", ","), default=None, help=decimal_help)
        p.add_argument("--precision", type=common.whole, default=4, metavar="DIGITS",
                       help="significant digits of the numbers (default: 4)")

    p = sub.add_parser(
        "check-answers", help="grade answers files (YAML or JSON) against their sheet or a key",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check students' numbers (forward values, loss, gradients) for a network or a formula; for a "
                    "wrong gradient show the chain rule that gives the right one.\n\n"
                    "What a file is graded against:\n"
                    "  --key KEY       the teacher's key: an answers file of the same shape, with the exercise\n"
                    "                  (or the kind and seed of a sheet) and the answers to grade, left null\n"
                    "                  (the engine computes them) or filled in (they must agree with the engine)\n"
                    "  kind and seed   a file written by `pizarra worksheet`: its sheet, rebuilt from the seed\n"
                    "  neither         the exercise written in the file itself (the report says so)\n"
                    "A file whose network, input, target or tolerance differ from its sheet or key is not graded\n"
                    "(the message names the field).  A missing answer counts as blank; names not asked are not\n"
                    "graded.  One file prints its report; several print a summary table, a row per file.\n\n"
                    "Exit status: 0 all right, 1 some answer wrong or blank, 2 a file (any, for several) that\n"
                    "cannot be graded, or a bad key.",
        epilog="examples:\n"
               "  pizarra check-answers hojas/respuestas_red_17.yaml\n"
               "  pizarra check-answers respuestas/*.yaml --key clave.yaml --summary resumen\n"
               "      (writes resumen.md and resumen.csv; --summary resumen.csv writes only the CSV)")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE", help="answers files (.yaml, .yml or .json)")
    p.add_argument("--key", type=Path, default=None, metavar="KEY",
                   help="grade against this key (an answers file with the exercise and the answers to grade)")
    p.add_argument("--summary", type=Path, default=None, metavar="PATH",
                   help="write a summary table, a row per file (file, graded against, right/total, the wrong or "
                        "blank entries, result): PATH.md and PATH.csv, or only PATH when it ends in .md or .csv; "
                        "each file is written atomically")
    language(p, None, "language of the report (default: the file's lang:, else en)",
             "decimal mark (default: ',' in Spanish, '.' in English)")
    p.add_argument("--format", choices=("text", "markdown"), default="text", help="report format (default: text)")
    p.add_argument("--rtol", type=common.nonnegative, default=None,
                   help="relative tolerance (default: the key's, else the file's, or 0.01)")
    p.add_argument("--atol", type=common.nonnegative, default=None,
                   help="absolute tolerance (default: the key's, else the file's, or 0.002)")

    p = sub.add_parser("worksheet", help="generate an exercise sheet, its answer key and an answers file",
                       description="Draw a fresh exercise from a seed (same seed, same files): the statement and "
                                   "the key as Markdown and LaTeX, and an answers file for check-answers.")
    p.add_argument("--kind", choices=KINDS, default="two-layer", help="the exercise (default: two-layer)")
    p.add_argument("--seed", type=int, default=0, help="the seed (default: 0)")
    language(p, lang_help="language of the sheet, its key and file names (default: en, as worksheet() in Python)")
    p.add_argument("--activation", choices=ACTIVATION_CHOICES, default=None,
                   help="hidden layer's (or the neuron's) activation (default: drawn from the seed)")
    p.add_argument("--output-activation", choices=OUTPUT_CHOICES, default=None,
                   help="two-layer output activation (default: drawn from the seed)")
    p.add_argument("--loss", choices=LOSS_CHOICES, default=None, help="½(ŷ − y)² or binary cross-entropy "
                   "(default: drawn from the seed)")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                   help="write the five files into DIR; without it the statement is printed")


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
    return trace_backward(root)


def _draw(args: argparse.Namespace) -> int:
    _, _, root = _build(args)
    forward_only = args.forward_only or not root.requires_grad  # a formula of constants has no gradients
    if not forward_only:
        _trace(args, root)
    graph = draw(root, show_grad=not forward_only, precision=args.precision, lang=args.lang,
                 decimal=args.decimal, rankdir=args.rankdir, color_by=args.color_by, title=args.title,
                 max_nodes=args.max_nodes)
    if args.output is None:
        sys.stdout.write(graph.source)
        return 0
    suffix = args.output.suffix.lower().lstrip(".")
    if suffix not in DRAW_FORMATS:
        raise UsageError("format_suffix", path=str(args.output), formats=", ".join("." + f for f in DRAW_FORMATS))
    data: str | bytes = graph.source if suffix in ("dot", "gv") else graph.pipe(format=suffix)
    _written(args, write_atomic(args.output, data))
    return 0


def _steps(args: argparse.Namespace) -> int:
    _, _, root = _build(args)
    steps = _trace(args, root)
    render = {"text": steps.to_text, "markdown": steps.to_markdown, "latex": steps.to_latex,
              "html": steps.to_html}[args.format]
    text = render(lang=args.lang, decimal=args.decimal, precision=args.precision)
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
    print(report.to_text(lang=args.lang, decimal=args.decimal, precision=args.precision, fmt=args.format))
    return 0 if report.passed else 1


def _player(args: argparse.Namespace) -> int:
    from ..player import player

    _, _, root = _build(args)
    steps = _trace(args, root)
    written = player(steps, args.output, lang=args.lang, precision=args.precision, decimal=args.decimal,
                     title=args.title, rankdir=args.rankdir, max_nodes=args.max_nodes)
    assert isinstance(written, Path)
    _written(args, written)
    return 0


def _slides(args: argparse.Namespace) -> int:
    from ..deck import slides

    _, _, root = _build(args)
    for path in slides(_trace(args, root), args.output, lang=args.lang, decimal=args.decimal,
                       precision=args.precision, title=args.title, rankdir=args.rankdir, max_nodes=args.max_nodes,
                       seconds=args.seconds):
        _written(args, path)
    return 0


def _check_answers(args: argparse.Namespace) -> int:
    from ..classroom.answers import grade_files

    summary = grade_files(args.files, args.key, rtol=args.rtol, atol=args.atol, lang=args.lang,
                          decimal=args.decimal, precision=args.precision)
    lang = args.lang or summary.lang  # without --lang: the summary's (the key's, else the files')
    for graded in summary:
        if graded.report is None:
            _error(args, graded.problem or graded.error, graded.lang or lang)  # in the file's own lang:
    if len(summary) == 1 and summary.files[0].report is not None:
        report = summary.files[0].report
        print(report.to_markdown() if args.format == "markdown" else report.to_text())
    elif len(summary) > 1:
        print(summary.to_markdown() if args.format == "markdown" else summary.to_text())
    if args.summary is not None:
        for path in summary.write(args.summary):
            _written(args, path, lang)
    return summary.exit_status


def _worksheet(args: argparse.Namespace) -> int:
    from ..classroom.worksheet import worksheet

    sheet = worksheet(args.kind, args.seed, activation=args.activation, output_activation=args.output_activation,
                      loss=args.loss, lang=args.lang, decimal=args.decimal, precision=args.precision)
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
    message = error if isinstance(error, str) else describe(error, lang, {graphviz.ExecutableNotFound: "dot_missing"})
    print(WORDS(lang)["error"].format(prog=f"pizarra {args.command}", message=message), file=sys.stderr)


_COMMANDS = {"draw": _draw, "steps": _steps, "check": _check, "player": _player, "slides": _slides,
             "check-answers": _check_answers, "worksheet": _worksheet}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pizarra`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    0 on success, 1 when ``check`` finds a gradient that disagrees, 2 for any error (bad command
    line, bad expression, a value outside an op's domain, a file that cannot be written, ...).
    Output into a pipe that closes early (``pizarra steps … | head -1``) ends quietly with 0.
    """
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    except BrokenPipeError:  # the reader has all it wanted; the interpreter's last flush must not complain
        _discard_stdout()
        return 0


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
        status = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        raise
    except (ValueError, ArithmeticError, AutogradError, OSError, graphviz.ExecutableNotFound,
            subprocess.CalledProcessError, RecursionError) as error:
        _error(args, error)
        return 2


def _discard_stdout() -> None:
    """Point the standard output's file descriptor at the null device (the recipe of Python's docs on SIGPIPE)."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no file descriptor (output captured in-process)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fileno)
    finally:
        os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
