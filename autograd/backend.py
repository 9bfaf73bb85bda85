"""How arrays join the op table's helpers: the registry of array backends.

The op table's functions (:mod:`autograd.ops`) take three kinds of numbers:

* floats: the scalar engine's forward and ``backward()``, computed with :mod:`math`;
* Values: ``backward(create_graph=True)``, computed with their methods, so the result is a graph;
* arrays holding one number per row of a batch: :mod:`autograd.batch`, which replays a graph on many
  samples at once.

The engine knows no array library.  One joins by registering the array types it makes together with an
:class:`ArrayBackend`, the few functions the table needs; the helpers of :mod:`autograd.ops`
(``exp``, ``where``, ...) then hand it every number of those types.  ``import autograd.batch`` registers
numpy; ``import autograd`` registers nothing and loads only the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

__all__ = ["ArrayBackend", "array_backend", "register"]


class ArrayBackend(Protocol):
    """The functions the op table needs on arrays, each element by element unless it says otherwise.

    ``exp(x)``, ``log(x)``, ``log1p(x)``, ``sqrt(x)``, ``tanh(x)``, ``sin(x)``, ``cos(x)`` and ``power(a, b)``;
    ``where(condition, x, y)``, which chooses element by element like a conditional expression on each;
    ``fmax(x, y)``, the larger of the two where a NaN counts as missing (``fmax(NaN, 0) = 0``): ReLU without a
    branch per number, which costs ten times as much on data whose signs do not follow a pattern;
    ``greater(x, y)``, 1.0 where ``x > y`` and 0.0 elsewhere (NaN included), written as numbers in one pass: ReLU′;
    ``sum(xs)`` and ``max(xs)``, which reduce over the first axis, where the parents of a variadic op are.
    """

    exp: Callable[..., Any]
    log: Callable[..., Any]
    log1p: Callable[..., Any]
    sqrt: Callable[..., Any]
    tanh: Callable[..., Any]
    sin: Callable[..., Any]
    cos: Callable[..., Any]
    power: Callable[..., Any]
    where: Callable[..., Any]
    fmax: Callable[..., Any]
    greater: Callable[..., Any]
    sum: Callable[..., Any]
    max: Callable[..., Any]


_BACKENDS: dict[type, ArrayBackend] = {}


def register(types: Iterable[type], backend: ArrayBackend) -> None:
    """Hand every number whose type is one of ``types`` to ``backend`` (registering a type again replaces it)."""
    for kind in types:
        if not isinstance(kind, type):
            raise TypeError(f"register: expected array types, got {kind!r}")
        _BACKENDS[kind] = backend


def array_backend(x: Any) -> ArrayBackend | None:
    """The backend registered for ``x``'s type; None for anything else (a float, a Value)."""
    return _BACKENDS.get(type(x))
