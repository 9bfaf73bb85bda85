"""Grad mode: whether operations record the computation graph (see :func:`no_grad`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["is_grad_enabled", "no_grad", "set_grad_enabled"]


# Read on every operation, so it is a one-element list (one global lookup) rather than a
# thread-local attribute.  Grad mode is therefore process-wide: switch it from one thread at a time.
_grad_enabled = [True]


def is_grad_enabled() -> bool:
    """Return True when new operations record their parents (the default)."""
    return _grad_enabled[0]


@contextmanager
def set_grad_enabled(enabled: bool) -> Iterator[None]:
    """Context manager that turns graph recording on or off, restoring the previous mode on exit."""
    previous = _grad_enabled[0]
    _grad_enabled[0] = bool(enabled)
    try:
        yield
    finally:
        _grad_enabled[0] = previous


def no_grad() -> contextlib.AbstractContextManager[None]:
    """Context manager in which operations record no graph (like ``torch.no_grad``).

    Results computed inside have no parents and ``requires_grad=False``: use it for evaluation,
    for optimizer updates, and anywhere a gradient is not wanted::

        with no_grad():
            accuracy = sum(model(x).data > 0 for x in X)
    """
    return set_grad_enabled(False)
