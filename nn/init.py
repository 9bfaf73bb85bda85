"""Weight initializers: where a network's first numbers come from.

Each initializer fills the ``nout × nin`` weight matrix of one layer (course notation: row ``i`` is
neuron ``i``, column ``j`` is input ``j``), row by row, drawing from a source of random numbers
(:func:`make_rng`).  Biases always start at 0.

**Where the numbers come from** (as in micrograd and PyTorch): without a seed, from Python's global
generator, the :mod:`random` module itself, so ``random.seed(1337)`` before building a network fixes its
weights, and two networks built one after the other differ.  ``seed=`` (an int) gives the network its own
:class:`random.Random`: reproducible, and independent of the global generator.

========== =============================================== ==========================
name       distribution                                    used by
========== =============================================== ==========================
uniform    U(−1, 1)                                        micrograd
uniform01  U(0, 1)                                         some course notes
xavier     U(−a, a), a = √(6 / (nin + nout))  (= glorot)   tanh / sigmoid networks
he         N(0, σ²), σ = √(2 / nin)                        ReLU networks
========== =============================================== ==========================
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Protocol

from .words import NNError, NNTypeError

__all__ = ["INITIALIZERS", "RandomSource", "Seed", "he", "initialize", "make_rng", "uniform", "uniform01", "xavier"]

#: A seed: an int (a new :class:`random.Random` of its own), an existing :class:`random.Random` (to share one
#: stream), or None for Python's global generator (the :mod:`random` module, what ``random.seed`` sets).
Seed = int | random.Random | None


class RandomSource(Protocol):
    """What an initializer draws from: a :class:`random.Random`, or the :mod:`random` module itself."""

    def random(self) -> float: ...

    def uniform(self, a: float, b: float) -> float: ...

    def gauss(self, mu: float, sigma: float) -> float: ...


Initializer = Callable[[int, int, RandomSource], list[list[float]]]


def make_rng(seed: Seed) -> RandomSource:
    """Where the weights for ``seed`` come from: the :mod:`random` module (the global generator) for None,
    the same object for a :class:`random.Random`, else a new ``Random(seed)``."""
    if seed is None:
        return random
    if isinstance(seed, random.Random):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise NNTypeError(f"seed must be an int, a random.Random or None (the random module), "
                          f"got {seed!r} ({type(seed).__name__})")
    return random.Random(seed)


def uniform(nin: int, nout: int, rng: RandomSource) -> list[list[float]]:
    """Weights from U(−1, 1), as micrograd draws them (row by row)."""
    return [[rng.uniform(-1.0, 1.0) for _ in range(nin)] for _ in range(nout)]


def uniform01(nin: int, nout: int, rng: RandomSource) -> list[list[float]]:
    """Weights from U(0, 1), as some course notes do ("pesos iniciales aleatorios entre 0 y 1")."""
    return [[rng.random() for _ in range(nin)] for _ in range(nout)]


def xavier(nin: int, nout: int, rng: RandomSource) -> list[list[float]]:
    """Xavier/Glorot uniform: U(−a, a) with ``a = √(6 / (nin + nout))``."""
    a = math.sqrt(6.0 / (nin + nout))
    return [[rng.uniform(-a, a) for _ in range(nin)] for _ in range(nout)]


def he(nin: int, nout: int, rng: RandomSource) -> list[list[float]]:
    """He (Kaiming) normal: N(0, 2/nin), suited to ReLU layers."""
    sigma = math.sqrt(2.0 / nin)
    return [[rng.gauss(0.0, sigma) for _ in range(nin)] for _ in range(nout)]


#: Every initializer, by name (``glorot`` is another name for ``xavier``).
INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform, "uniform01": uniform01, "xavier": xavier, "glorot": xavier, "he": he,
}


def initialize(name: str, nin: int, nout: int, rng: RandomSource) -> list[list[float]]:
    """The ``nout × nin`` weight matrix drawn by the initializer called ``name``."""
    try:
        init = INITIALIZERS[name]
    except (KeyError, TypeError):
        raise NNError(f"unknown initializer {name!r}; choose one of {', '.join(INITIALIZERS)}") from None
    if nin < 1 or nout < 1:
        raise NNError(f"initializer {name}: a layer needs nin ≥ 1 and nout ≥ 1, got nin={nin}, nout={nout}")
    return init(nin, nout, rng)
