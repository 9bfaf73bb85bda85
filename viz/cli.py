"""The ``pizarra`` command: diagrams, step tables, gradchecks and player pages from a formula.

    pizarra draw "tanh(x1*w1 + x2*w2 + b)" x1=2 w1=-3 x2=0 w2=1 b=6.8813735870195432 -o neuron.svg
    pizarra steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es --format markdown
    pizarra check "sigmoid(a*b)" a=0.3 b=-1.2
    pizarra player "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 -o steps.html

The formula is read by :mod:`viz.classroom.formula` (a whitelist over Python's ``ast``, never ``eval``).
Errors print one message on stderr and exit with status 2; ``check`` exits with 1 when a
gradient disagrees.  Files are written atomically.
"""

from __future__ import annotations

import argparse
import keyword
import math
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import graphviz

from autograd.errors import AutogradError
from autograd.files import write_atomic
from autograd.text import LANGS, Notation, parse_number
from autograd.trace import Trace, trace_backward
from autograd.value import Value

from .classroom.formula import FUNCTIONS, Formula, normalize_name
from .classroom.kinds import ACTIVATION_CHOICES, KINDS, LOSS_CHOICES, OUTPUT_CHOICES
from .draw import RANKDIRS, draw

__all__ = ["DRAW_FORMATS", "STEP_FORMATS", "UsageError", "main", "parse_assignments"]

#: Output formats of ``pizarra draw``, chosen by the output file's suffix.
DRAW_FORMATS = ("svg", "png", "pdf", "dot", "gv")
#: Formats of ``pizarra steps``.
STEP_FORMATS = ("text", "markdown", "latex", "html")

_EPILOG = """\
examples:
  pizarra draw "tanh(x1*w1 + x2*w2 + b)" x1=2 w1=-3 x2=0 w2=1 b=6.8813735870195432 -o neuron.svg
  pizarra steps "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 --lang es --format markdown
  pizarra check "sigmoid(a*b)" a=0.3 b=-1.2
  pizarra player "0.5*(relu(w*x + b) - y)**2" w=4 x=1 b=7 y=5 -o steps.html
  pizarra worksheet --kind two-layer --seed 17 --lang es -o hojas/
  pizarra check-answers hojas/respuestas_17.yaml --lang es

expressions: numbers, variables, + - * / ** (power), parentheses and the functions
  {functions}
  (sum, mean and logsumexp take a list [a, b, c]; dot takes two: dot([x1, x2], [w1, w2])).
  Quote the expression.  One that starts with '-' goes after '--':  pizarra steps -- "-x*y" x=1 y=2
values: NAME=VALUE for every variable, e.g. w1=-3 or b=6.88; with --lang es (or --decimal ,)
  a decimal comma is accepted too: b=6,88 (inside the expression itself, write 0.5).
"""


class UsageError(ValueError):
    """A command line that cannot be run (bad NAME=VALUE, unknown output format, ...)."""


def parse_assignments(items: Sequence[str], decimal: str = ".") -> dict[str, float]:
    """``["x=2", "w=-3"]`` as ``{"x": 2.0, "w": -3.0}``; UsageError naming the bad item otherwise.

    With ``decimal=","`` a decimal comma is accepted (``b=6,88``); ``−`` (U+2212) reads as a minus.
    Names are read as Python reads the formula's names (NFKC): ``µ=1`` gives ``μ``, ``ｘ=1`` gives ``x``.
    """
    values: dict[str, float] = {}
    spelled: dict[str, str] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            raise UsageError(f"expected NAME=VALUE, got {item!r} (quote the whole expression: "
                             "pizarra steps \"x * w\" x=1 w=2)")
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UsageError(f"{item!r}: {name!r} is not a valid variable name")
        typed, name = name, normalize_name(name)
        if name in FUNCTIONS:
            raise UsageError(f"{item!r}: {name!r} is a function name; pick another variable name")
        if name in values:
            same = f" ({spelled[name]!r} and {typed!r} are the same name)" if spelled[name] != typed else ""
            raise UsageError(f"variable {name!r} is given twice{same}")
        spelled[name] = typed
        try:
            values[name] = parse_number(text, decimal, what=f"{item!r}: the value of {name}")
        except ValueError as error:
            raise UsageError(str(error)) from None
    return values


# --- the parser -----------------------------------------------------------------------------------

def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number ≥ 0, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``pizarra`` argument parser (subcommands draw, steps, check, player)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("expression", help='the formula, quoted, e.g. "tanh(x*w + b)"')
    common.add_argument("values", nargs="*", metavar="NAME=VALUE", help="the value of each variable, e.g. w=-3")
    common.add_argument("--lang", choices=LANGS, default="en", help="language of tables and labels (default: en)")
    common.add_argument("--decimal", choices=(".", ","), default=None,
                        help="decimal mark (default: ',' with --lang es, '.' otherwise)")
    common.add_argument("--precision", type=_positive_int, default=4, metavar="DIGITS",
                        help="significant digits of the numbers (default: 4)")
    common.add_argument("--label", default="", metavar="NAME",
                        help="a name for the result, shown in the diagram and in the table's ∂NAME/∂node "
                             "(without it tables say ∂L/∂node)")

    parser = argparse.ArgumentParser(
        prog="pizarra",
        description="Backpropagation on the blackboard: draw a formula's computation graph, step through "
                    "its backward pass, check its gradients, or write a stepping player page.",
        epilog=_EPILOG.format(functions=", ".join(FUNCTIONS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

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
    p.add_argument("--max-nodes", type=_positive_int, default=300, metavar="N",
                   help="refuse to draw more values than this (default: 300)")

    p = sub.add_parser("steps", parents=[common], help="the backward pass as a table, one row per +=",
                       description="Run backward and print every chain-rule step "
                                   "(parent.grad += upstream · local) as a table.")
    p.add_argument("--format", choices=STEP_FORMATS, default="text", help="table format (default: text)")
    p.add_argument("-o", "--output", type=Path, help="write the table to this file instead of printing it")

    p = sub.add_parser("check", parents=[common], help="compare backprop with numeric gradients (gradcheck)",
                       description="Compare each variable's backprop gradient with central finite "
                                   "differences.  Exit status 1 if any disagrees.")
    p.add_argument("--eps", type=_positive_float, default=1e-6, help="finite-difference step (default: 1e-6)")
    p.add_argument("--atol", type=_positive_float, default=1e-5, help="absolute tolerance (default: 1e-5)")
    p.add_argument("--rtol", type=_positive_float, default=1e-3, help="relative tolerance (default: 1e-3)")
    p.add_argument("--format", choices=("text", "markdown"), default="text", help="table format (default: text)")

    p = sub.add_parser("player", parents=[common], help="write a self-contained HTML page stepping through backward",
                       description="Write one HTML page (no network needed) with the graph, previous/next "
                                   "buttons, a slider and each step's row of the table.")
    p.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="direction of the drawing (default: LR)")
    p.add_argument("--title", default=None, help="the page's heading")
    p.add_argument("--max-nodes", type=_positive_int, default=300, metavar="N",
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
    p.add_argument("--seconds", type=_positive_float, default=3.0, help="seconds per page of a GIF (default: 3)")
    p.add_argument("--max-nodes", type=_positive_int, default=100, metavar="N",
                   help="refuse to draw more values than this (default: 100)")

    _add_exercise_commands(sub)
    return parser


def _add_exercise_commands(sub: Any) -> None:
    """The sub-commands ``check-answers`` and ``worksheet`` (they take a file or a seed, not a formula)."""
    def language(p: argparse.ArgumentParser, lang: str | None = "en",
                 lang_help: str = "language of the output (default: en)",
                 decimal_help: str = "decimal mark (default: ',' with --lang es, '.' otherwise)") -> None:
        p.add_argument("--lang", choices=LANGS, default=lang, help=lang_help)
        p.add_argument("--decimal", choices=(".", ","), default=None, help=decimal_help)
        p.add_argument("--precision", type=_positive_int, default=4, metavar="DIGITS",
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
               "  pizarra check-answers hojas/respuestas_17.yaml\n"
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
    p.add_argument("--rtol", type=_positive_float, default=None,
                   help="relative tolerance (default: the key's, else the file's, or 0.01)")
    p.add_argument("--atol", type=_positive_float, default=None,
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
    values = parse_assignments(args.values, args.decimal)
    expression = Formula(args.expression)
    root = expression.build(values)
    if args.label:
        root.label = args.label
    return expression, values, root


def _trace(args: argparse.Namespace, root: Value) -> Trace:
    if not root.requires_grad:
        raise UsageError(f"{args.expression!r} has no variables: there is nothing to differentiate")
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
        raise UsageError(f"cannot tell the format of {str(args.output)!r} from its suffix; "
                         f"use one of: {', '.join('.' + f for f in DRAW_FORMATS)}")
    data: str | bytes = graph.source if suffix in ("dot", "gv") else graph.pipe(format=suffix)
    _written(write_atomic(args.output, data))
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
    _written(write_atomic(args.output, text + "\n"))
    return 0


def _check(args: argparse.Namespace) -> int:
    expression, values, _ = _build(args)
    names = list(values)
    if not names:
        raise UsageError(f"{args.expression!r} has no variables: there is nothing to check")

    def f(*leaves: Value) -> Value:
        return expression.evaluate(dict(zip(names, leaves)))

    from autograd.gradcheck import gradcheck

    report = gradcheck(f, [Value(values[n], label=n) for n in names], eps=args.eps, atol=args.atol, rtol=args.rtol)
    print(report.to_text(lang=args.lang, decimal=args.decimal, precision=args.precision, fmt=args.format))
    return 0 if report.passed else 1


def _player(args: argparse.Namespace) -> int:
    from .player import player

    _, _, root = _build(args)
    steps = _trace(args, root)
    written = player(steps, args.output, lang=args.lang, precision=args.precision, decimal=args.decimal,
                     title=args.title, rankdir=args.rankdir, max_nodes=args.max_nodes)
    assert isinstance(written, Path)
    _written(written)
    return 0


def _slides(args: argparse.Namespace) -> int:
    from .deck import slides

    _, _, root = _build(args)
    for path in slides(_trace(args, root), args.output, lang=args.lang, decimal=args.decimal,
                       precision=args.precision, title=args.title, rankdir=args.rankdir, max_nodes=args.max_nodes,
                       seconds=args.seconds):
        _written(path)
    return 0


def _check_answers(args: argparse.Namespace) -> int:
    from .classroom.answers import grade_files

    summary = grade_files(args.files, args.key, rtol=args.rtol, atol=args.atol, lang=args.lang,
                          decimal=args.decimal, precision=args.precision)
    for graded in summary:
        if graded.report is None:
            print(f"pizarra check-answers: error: {graded.error}", file=sys.stderr)
    if len(summary) == 1 and summary.files[0].report is not None:
        report = summary.files[0].report
        print(report.to_markdown() if args.format == "markdown" else report.to_text())
    elif len(summary) > 1:
        print(summary.to_markdown() if args.format == "markdown" else summary.to_text())
    if args.summary is not None:
        for path in summary.write(args.summary):
            _written(path)
    return summary.exit_status


def _worksheet(args: argparse.Namespace) -> int:
    from .classroom.worksheet import worksheet

    sheet = worksheet(args.kind, args.seed, activation=args.activation, output_activation=args.output_activation,
                      loss=args.loss, lang=args.lang, decimal=args.decimal, precision=args.precision)
    if args.output is None:
        sys.stdout.write(sheet.statement_markdown())
        return 0
    for path in sheet.write(args.output):
        _written(path)
    return 0


def _written(path: Path) -> None:
    print(f"wrote {path}", file=sys.stderr)


_COMMANDS = {"draw": _draw, "steps": _steps, "check": _check, "player": _player, "slides": _slides,
             "check-answers": _check_answers, "worksheet": _worksheet}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pizarra`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    0 on success, 1 when ``check`` finds a gradient that disagrees, 2 for any error (bad command
    line, bad expression, a value outside an op's domain, a file that cannot be written, ...).
    Output into a pipe that closes early (``pizarra steps … | head -1``) ends quietly with 0.
    """
    try:
        return _main(argv)
    except BrokenPipeError:  # the reader has all it wanted; the interpreter's last flush must not complain
        _discard_stdout()
        return 0


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help (0) or a usage error (2, already printed by argparse)
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
        print(f"pizarra {args.command}: error: {_message(error)}", file=sys.stderr)
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


def _message(error: BaseException) -> str:
    if isinstance(error, graphviz.ExecutableNotFound):
        return "graphviz's `dot` program is needed to render this format (install graphviz, or write .dot)"
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error}: {error.filename}"
    if isinstance(error, RecursionError):  # e.g. a file nested a thousand levels deep
        return f"the input is nested too deeply to read ({error})"
    return str(error)


if __name__ == "__main__":
    sys.exit(main())
