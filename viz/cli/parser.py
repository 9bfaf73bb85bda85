"""The ``pizarra`` command line as argparse reads it: every subcommand, its options.

:func:`build_parser` makes the parser, in the class's language: its help texts are
:data:`~viz.cli.help_words.HELP`'s, its usage line and usage errors :class:`~viz.cli.messages.Parser`'s;
``pizarra network``'s options are :mod:`viz.cli.network`'s.
:func:`version` is what ``pizarra --version`` says.  The commands themselves are :mod:`viz.cli.commands`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from autograd.text import LANGS

from ..choices import RANKDIRS
from ..classroom.formula import FUNCTIONS
from ..classroom.kinds import ACTIVATION_CHOICES, KINDS, LOSS_CHOICES, OUTPUT_CHOICES
from .help_words import HELP
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

# --- the parser -----------------------------------------------------------------------------------

def build_parser(lang: str = "en") -> Parser:
    """The ``pizarra`` argument parser (subcommands draw, steps, check, player, slides, check-answers, worksheet,
    network); its help and its usage errors are written in ``lang`` (every help text is :data:`HELP`'s)."""
    h = HELP(lang)
    common = Parser(add_help=False, lang=lang)
    common.add_argument("expression", nargs="?", metavar="FORMULA", help=h["formula"])
    common.add_argument("values", nargs="*", metavar="NAME=VALUE", help=h["values"])
    common.add_argument("-f", "--file", type=Path, default=None, metavar="FILE", help=h["file"])
    common.add_argument("--lang", choices=LANGS, default="en", help=h["lang"])
    common.add_argument("--decimal", choices=(".", ","), default=None, help=h["decimal"])
    common.add_argument("--precision", type=common.whole, default=4, metavar="DIGITS", help=h["precision"])
    common.add_argument("--label", default="", metavar="NAME", help=h["label"])

    parser = Parser(prog="pizarra", lang=lang, description=h["description"],
                    epilog=h["epilog"].format(functions=", ".join(FUNCTIONS)),
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version, help=h["version"])
    sub = parser.add_subparsers(dest="command", metavar=parser.metavar("COMMAND"), required=True,
                                parser_class=Parser)

    def command(name: str, key: str) -> Parser:
        p: Parser = sub.add_parser(name, parents=[common], lang=lang, help=h[key], description=h[f"{key}_description"])
        return p

    def max_nodes(p: Parser, most: int) -> None:
        p.add_argument("--max-nodes", type=common.whole, default=most, metavar="N",
                       help=h["max_nodes"].format(most=most))

    p = command("draw", "draw")
    p.add_argument("-o", "--output", type=Path, metavar="OUTPUT",
                   help=h["draw_output"].format(formats=", ".join(DRAW_FORMATS)))
    p.add_argument("--forward-only", action="store_true", help=h["forward_only"])
    p.add_argument("--color-by", choices=("none", "grad"), default="none", help=h["color_by"])
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help=h["rankdir"])
    p.add_argument("--title", default=None, metavar="TITLE", help=h["title"])
    max_nodes(p, 300)
    p.add_argument("--fit", type=common.frame, default=None, metavar="W:H", help=h["fit"].format(
        slide=SLIDE, pictures=", ".join("." + f for f in PICTURE_FORMATS)))
    p.add_argument("--step", type=common.whole, default=None, metavar="N", help=h["step"])

    p = command("steps", "steps")
    p.add_argument("--format", choices=STEP_FORMATS, default="text", help=h["table_format"])
    p.add_argument("-o", "--output", type=Path, metavar="OUTPUT", help=h["steps_output"])

    p = command("check", "check")
    p.add_argument("--eps", type=common.nonnegative, default=1e-6, metavar="EPS", help=h["eps"])
    p.add_argument("--atol", type=common.nonnegative, default=1e-5, metavar="ATOL", help=h["atol"])
    p.add_argument("--rtol", type=common.nonnegative, default=1e-3, metavar="RTOL", help=h["rtol"])
    p.add_argument("--format", choices=("text", "markdown"), default="text", help=h["table_format"])

    p = command("player", "player")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT", help=h["player_output"])
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help=h["rankdir"])
    p.add_argument("--title", default=None, metavar="TITLE", help=h["player_title"])
    max_nodes(p, 300)

    p = command("slides", "slides")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT", help=h["slides_output"])
    p.add_argument("--title", default=None, metavar="TITLE", help=h["slides_title"])
    p.add_argument("--rankdir", choices=RANKDIRS, default=None, help=h["slides_rankdir"])
    p.add_argument("--seconds", type=common.nonnegative, default=3.0, metavar="SECONDS", help=h["seconds"])
    max_nodes(p, 100)
    _add_exercise_commands(sub, common, lang)
    add_network_command(sub, common, DRAW_FORMATS)
    for name, subparser in sub.choices.items():  # each subcommand writes its usage errors in the same language
        subparser.lang = lang
        parser.commands[name] = subparser
    return parser


def _add_exercise_commands(sub: Any, common: Parser, lang: str) -> None:
    """The sub-commands ``check-answers`` and ``worksheet`` (they take a file or a seed, not a formula)."""
    h = HELP(lang)

    def language(p: argparse.ArgumentParser, lang: str | None = "en", lang_help: str = "lang",
                 decimal_help: str = "decimal") -> None:
        p.add_argument("--lang", choices=LANGS, default=lang, help=h[lang_help])
        p.add_argument("--decimal", choices=(".", ","), default=None, help=h[decimal_help])
        p.add_argument("--precision", type=common.whole, default=4, metavar="DIGITS", help=h["precision"])

    p = sub.add_parser("check-answers", lang=lang, help=h["check_answers"],
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description=h["check_answers_description"], epilog=h["check_answers_epilog"])
    p.add_argument("files", type=Path, nargs="+", metavar="FILE", help=h["answers_files"])
    p.add_argument("--key", type=Path, default=None, metavar="KEY", help=h["key"])
    p.add_argument("--summary", type=Path, default=None, metavar="PATH", help=h["summary"])
    language(p, None, "report_lang", "report_decimal")
    p.add_argument("--format", choices=("text", "markdown"), default="text", help=h["report_format"])
    p.add_argument("--rtol", type=common.nonnegative, default=None, metavar="RTOL", help=h["answers_rtol"])
    p.add_argument("--atol", type=common.nonnegative, default=None, metavar="ATOL", help=h["answers_atol"])

    p = sub.add_parser("worksheet", lang=lang, help=h["worksheet"], description=h["worksheet_description"])
    p.add_argument("--kind", choices=KINDS, default="two-layer", help=h["kind"])
    p.add_argument("--seed", type=int, default=0, metavar="SEED", help=h["seed"])
    language(p, lang_help="sheet_lang")
    p.add_argument("--activation", choices=ACTIVATION_CHOICES, default=None, help=h["activation"])
    p.add_argument("--output-activation", choices=OUTPUT_CHOICES, default=None, help=h["output_activation"])
    p.add_argument("--loss", choices=LOSS_CHOICES, default=None, help=h["loss"])
    p.add_argument("-o", "--output", type=Path, default=None, metavar="DIR", help=h["sheet_output"])


class _Version(argparse.Action):
    """``--version``: prints ``pizarra`` and its version (:func:`version`), and exits."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        sys.stdout.write(f"pizarra {version()}\n")
        parser.exit()


def version() -> str:
    """pizarra's version: ``autograd.__version__``, the one place it is written (the wheel's metadata is read
    from it when the package is built), so a source tree and an installed wheel say the same."""
    from autograd import __version__

    return __version__
