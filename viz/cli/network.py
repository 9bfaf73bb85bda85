"""``pizarra network``: the layer picture of an MLP (:func:`viz.network`), from a model file or a sheet's exercise.

    pizarra network red.json -o red.svg                          # a model written by MLP.save
    pizarra network red.json --sample 1.8 -3.4 5 --grads -o red.png
    pizarra network --kind two-layer --seed 17 --sample --grads --lang es -o red_17.png

The network comes from a model file (``nn.MLP.load``'s JSON) or from the exercise of ``pizarra worksheet``
with the same ``--kind``, ``--seed`` (and ``--activation``, ``--output-activation``, ``--loss``).
``--sample`` gives one sample: the input's numbers, then, for ``J`` and the gradients, the target's; given
with no numbers it is the exercise's own input and target.  The picture is :func:`viz.network`'s: this
module only reads what the command line says (:func:`network_picture`); ``pizarra``'s commands write it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.text import LANGS, Notation, parse_number

from ..choices import NETWORK_FITS
from ..classroom.kinds import ACTIVATION_CHOICES, KINDS, LOSS_CHOICES, OUTPUT_CHOICES
from .help_words import HELP
from .messages import Parser, UsageError

__all__ = ["add_network_command", "network_picture"]

if TYPE_CHECKING:
    import graphviz

#: The options that choose a sheet's exercise only (``--loss`` also chooses a model file's loss).
_SHEET_OPTIONS = ("activation", "output_activation")


def add_network_command(sub: Any, common: Parser, formats: tuple[str, ...]) -> None:
    """The sub-command ``network`` and its options; its pictures are written in ``formats``."""
    h = HELP(common.lang)
    p = sub.add_parser("network", lang=common.lang, help=h["network"],
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description=h["network_description"], epilog=h["network_epilog"])
    p.add_argument("model", nargs="?", type=Path, default=None, metavar="MODEL", help=h["model"])
    p.add_argument("--kind", choices=KINDS, default=None, help=h["network_kind"])
    p.add_argument("--seed", type=int, default=None, metavar="SEED", help=h["network_seed"])
    p.add_argument("--activation", choices=ACTIVATION_CHOICES, default=None, help=h["network_activation"])
    p.add_argument("--output-activation", choices=OUTPUT_CHOICES, default=None,
                   help=h["network_output_activation"])
    p.add_argument("--loss", choices=LOSS_CHOICES, default=None, help=h["network_loss"])
    p.add_argument("--sample", nargs="*", default=None, metavar="X", help=h["sample"])
    p.add_argument("--grads", action="store_true", help=h["grads"])
    p.add_argument("--lang", choices=LANGS, default="en", help=h["network_lang"])
    p.add_argument("--decimal", choices=(".", ","), default=None, help=h["network_decimal"])
    p.add_argument("--precision", type=common.whole, default=4, metavar="DIGITS", help=h["precision"])
    p.add_argument("-o", "--output", type=Path, metavar="OUTPUT",
                   help=h["draw_output"].format(formats=", ".join(formats)))
    fits = tuple(NETWORK_FITS)
    p.add_argument("--fit", choices=(*fits, "none"), default=fits[0], help=h["network_fit"].format(fit=fits[0]))
    p.add_argument("--rankdir", choices=("LR", "TB"), default=None, help=h["network_rankdir"])
    p.add_argument("--title", default=None, metavar="TITLE", help=h["title"])


def network_picture(args: argparse.Namespace) -> graphviz.Digraph:
    """The picture ``pizarra network`` asks for: :func:`viz.network` of the model or exercise and sample."""
    from ..network import NetworkLayout, NetworkShow, network

    model, x, y, loss = _network(args)
    if args.sample is not None and args.sample:
        x, y = _sample(args.sample, args.decimal, model.nin, model.sizes[-1])
    elif args.sample is None and not args.grads:
        x, y = None, None                                  # the network alone: its weights and biases
    if args.grads and y is None:
        raise UsageError("grads_need_target")
    return network(model, x=x, y=y, loss=loss, show=NetworkShow(grads=args.grads),
                   layout=NetworkLayout(rankdir=args.rankdir, fit=None if args.fit == "none" else args.fit),
                   notation=Notation(args.lang, args.decimal, args.precision), title=args.title)


def _network(args: argparse.Namespace) -> tuple[Any, Any, Any, str]:
    """The network, the exercise's own sample (input and target; None for a model file) and the loss."""
    from nn import MLP

    chosen = [f"--{name.replace('_', '-')}" for name in _SHEET_OPTIONS if getattr(args, name) is not None]
    if args.model is not None:
        if args.kind is not None or args.seed is not None:
            raise UsageError("network_two_sources")
        if chosen:
            raise UsageError("sheet_options", options=", ".join(chosen))
        if args.sample == []:
            raise UsageError("sample_own")
        return MLP.load(args.model), None, None, args.loss or "mse"
    if args.kind is None:
        if args.seed is not None:
            raise UsageError("seed_without_kind")
        raise UsageError("network_no_source")
    from ..classroom.worksheet import worksheet

    exercise = worksheet(args.kind, args.seed or 0, activation=args.activation,
                         output_activation=args.output_activation, loss=args.loss).exercise
    return exercise.model(), exercise.x.tolist(), exercise.target, exercise.loss


def _sample(items: list[str], decimal: str, nin: int, nout: int) -> tuple[list[float], list[float] | None]:
    """``--sample``'s numbers as the input and, when there are ``nout`` more, the target."""
    numbers = []
    for item in items:
        try:
            numbers.append(parse_number(item, decimal))
        except ValueError:
            raise UsageError("bad_sample", text=item) from None
    if len(numbers) not in (nin, nin + nout):
        raise UsageError("sample_size", nin=nin, nout=nout, count=len(numbers))
    return numbers[:nin], (numbers[nin:] or None)
