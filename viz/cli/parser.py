"""The ``pizarra`` command line as argparse reads it: every subcommand, its options and their help.

:func:`build_parser` makes the parser, in the class's language (its usage errors are written by
:class:`~viz.cli.messages.Parser`); ``pizarra network``'s options are :mod:`viz.cli.network`'s.
:func:`version` is what ``pizarra --version`` says.  The commands themselves are :mod:`viz.cli.commands`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from autograd.text import LANGS

from ..classroom.formula import FUNCTIONS
from ..classroom.kinds import ACTIVATION_CHOICES, KINDS, LOSS_CHOICES, OUTPUT_CHOICES
from ..draw import RANKDIRS
from .messages import Parser
from .network import add_network_command

__all__ = ["DRAW_FORMATS", "PICTURE_FORMATS", "SLIDE", "STEP_FORMATS", "build_parser", "version"]

#: Output formats of ``pizarra draw``, chosen by the output file's suffix.
DRAW_FORMATS = ("svg", "png", "pdf", "dot", "gv")
#: The formats of :data:`DRAW_FORMATS` that are pictures: ``draw`` fits them to a slide by default.
PICTURE_FORMATS = ("svg", "png", "pdf")
#: The frame a picture is fitted to unless ``--fit`` says otherwise: a 16:9 slide.
SLIDE = "16:9"
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
  pizarra draw "z = w*x + b; L = 0.5*(relu(z) - y)**2" w=4 x=1 b=7 y=5 --step 3 -o paso3.png
  pizarra worksheet --kind two-layer --seed 17 --lang es -o hojas/
  pizarra check-answers hojas/respuestas_red_17.yaml --lang es
  pizarra network --kind two-layer --seed 17 --sample --grads --lang es -o red_17.png
  pizarra network red.json --sample 1.8 -3.4 5 --grads -o red.png   (red.json: MLP.save)

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
                    "its backward pass, check its gradients, or write a stepping player page; draw a network "
                    "layer by layer; make exercise sheets and grade their answers.",
        epilog=_EPILOG.format(functions=", ".join(FUNCTIONS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pizarra {version()}",
                        help="show pizarra's version and exit")
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
    p.add_argument("--fit", type=common.frame, default=None, metavar="W:H",
                   help="shape the drawing for a frame of this aspect ratio, e.g. 16:9 or 4:3: compact, narrow "
                        "nodes left to right, padded to the frame; none keeps graphviz's own shape "
                        f"(default: {SLIDE} for a picture ({', '.join('.' + f for f in PICTURE_FORMATS)}), "
                        "none for DOT)")
    p.add_argument("--step", type=common.whole, default=None, metavar="N",
                   help="draw the graph right after step N of the backward pass (1 is the first +=, as numbered "
                        "by pizarra steps): that moment's gradients, the nodes not reached yet dashed, the step's "
                        "chain rule underneath")

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
    add_network_command(sub, common, DRAW_FORMATS)
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


def version() -> str:
    """pizarra's version: the installed distribution's (``importlib.metadata``); run from a source tree that is
    not installed, its ``pyproject.toml``'s (read with ``tomllib``, Python 3.11+); else ``"unknown"``."""
    from importlib import metadata

    try:
        return metadata.version("pizarra")
    except metadata.PackageNotFoundError:
        pass
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            with (Path(__file__).resolve().parents[2] / "pyproject.toml").open("rb") as f:
                return str(tomllib.load(f)["project"]["version"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return "unknown"
