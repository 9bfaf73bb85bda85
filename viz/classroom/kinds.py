"""What an exercise sheet can be: its kinds and the choices a sheet is drawn from.

Plain tuples, importing nothing: the ``pizarra`` command lists them as choices of its options before
it knows which subcommand runs, so they must not load ``nn`` or ``yaml``
(:mod:`viz.classroom.worksheet` draws the sheets themselves).
"""

from __future__ import annotations

__all__ = ["ACTIVATION_CHOICES", "KINDS", "LOSS_CHOICES", "OPTIONS", "OUTPUT_CHOICES"]

#: The kinds of exercise :func:`viz.classroom.worksheet.worksheet` makes.
KINDS: tuple[str, ...] = ("neuron", "two-layer")
#: The activations a hidden layer (or the neuron) is drawn from.
ACTIVATION_CHOICES: tuple[str, ...] = ("sigmoid", "relu", "tanh")
#: The activations a two-layer sheet's output is drawn from.
OUTPUT_CHOICES: tuple[str, ...] = ("sigmoid", "linear")
#: The losses a sheet is drawn with: ``½(ŷ − y)²`` or binary cross-entropy (for a sigmoid output).
LOSS_CHOICES: tuple[str, ...] = ("mse", "bce")
#: The options of a sheet that, with its kind and seed, rebuild its exercise (an answers file records them).
OPTIONS: tuple[str, ...] = ("activation", "output_activation", "loss", "sizes")
