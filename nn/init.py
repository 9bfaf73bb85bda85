"""Weight initializers: where a network's first numbers come from.

Each initializer fills the ``nout × nin`` weight matrix of one layer (course notation: row ``i`` is
neuron ``i``, column ``j`` is input ``j``), drawing from a :class:`random.Random`, so a ``seed`` makes
every network reproducible.  Biases always start at 0.

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

__all__ = ["INITIALIZERS", "Seed", "he", "initialize", "make_rng", "uniform", "uniform01", "xavier"]

#: A seed: an int, an existing :class:`random.Random` (to share one stream), or None for seed 0.
Seed = int | random.Random | None

Initializer = Callable[[int, int, random.Random], list[list[float]]]


def make_rng(seed: Seed) -> random.Random:
    """A :class:`random.Random` for ``seed``: the same object if one is given, else ``Random(seed or 0)``."""
    if isinstance(seed, random.Random):
        return seed
    if seed is None:
        return random.Random(0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int or a random.Random, got {seed!r} ({type(seed).__name__})")
    return random.Random(seed)


def uniform(nin: int, nout: int, rng: random.Random) -> list[list[float]]:
    """Weights from U(−1, 1), as micrograd draws them (row by row)."""
    return [[rng.uniform(-1.0, 1.0) for _ in range(nin)] for _ in range(nout)]


def uniform01(nin: int, nout: int, rng: random.Random) -> list[list[float]]:
    """Weights from U(0, 1), as some course notes do ("pesos iniciales aleatorios entre 0 y 1")."""
    return [[rng.random() for _ in range(nin)] for _ in range(nout)]


def xavier(nin: int, nout: int, rng: random.Random) -> list[list[float]]:
    """Xavier/Glorot uniform: U(−a, a) with ``a = √(6 / (nin + nout))``."""
    a = math.sqrt(6.0 / (nin + nout))
    return [[rng.uniform(-a, a) for _ in range(nin)] for _ in range(nout)]


def he(nin: int, nout: int, rng: random.Random) -> list[list[float]]:
    """He (Kaiming) normal: N(0, 2/nin), suited to ReLU layers."""
    sigma = math.sqrt(2.0 / nin)
    return [[rng.gauss(0.0, sigma) for _ in range(nin)] for _ in range(nout)]


#: Every initializer, by name (``glorot`` is another name for ``xavier``).
INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform, "uniform01": uniform01, "xavier": xavier, "glorot": xavier, "he": he,
}


def initialize(name: str, nin: int, nout: int, rng: random.Random) -> list[list[float]]:
    """The ``nout × nin`` weight matrix drawn by the initializer called ``name``."""
    try:
        init = INITIALIZERS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown initializer {name!r}; choose one of {', '.join(INITIALIZERS)}") from None
    if nin < 1 or nout < 1:
        raise ValueError(f"initializer {name}: a layer needs nin ≥ 1 and nout ≥ 1, got nin={nin}, nout={nout}")
    return init(nin, nout, rng)
