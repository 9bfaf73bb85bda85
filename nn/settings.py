"""The one check of the settings a person passes to ``nn`` (and to the playground): type, range, no bool as a number.

Each kind of setting is a :class:`Rule` saying what it accepts, in words the error repeats::

    >>> check("fit", "epochs", 0, POSITIVE_INT)
    Traceback (most recent call last):
    ...
    nn.settings.SettingError: fit: epochs must be a positive int (1, 2, …), got 0

``True`` is never a number here (Python takes it for 1), a float with no fraction is not an int, and NaN or
±inf is no number either.  The tests generate their cases from these rules.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.errors import PizarraError

__all__ = [
    "BATCH_SIZE", "BOOL", "FRACTION", "LEARNING_RATE", "NON_NEGATIVE_INT", "NON_NEGATIVE_NUMBER", "POSITIVE_INT",
    "POSITIVE_NUMBER", "Rule", "SettingError", "UNIT_INTERVAL", "check", "check_sizes", "choice",
]


class SettingError(PizarraError, ValueError):
    """A setting of the wrong type or out of range; ``where`` and ``setting`` name it."""

    def __init__(self, where: str, setting: str, accepts: str, value: Any) -> None:
        super().__init__(f"{where}: {setting} must be {accepts}, got {_shown(value)}")
        self.where, self.setting, self.accepts, self.value = where, setting, accepts, value


@dataclass(frozen=True)
class Rule:
    """What a setting accepts: ``accepts`` says it in words, ``ok`` decides."""

    accepts: str
    ok: Callable[[Any], bool]


def _is_int(x: Any) -> bool:
    return type(x) is not bool and isinstance(x, numbers.Integral)


def _is_number(x: Any) -> bool:
    return type(x) is not bool and isinstance(x, numbers.Real) and math.isfinite(x)


POSITIVE_INT = Rule("a positive int (1, 2, …)", lambda x: _is_int(x) and x >= 1)
NON_NEGATIVE_INT = Rule("an int ≥ 0", lambda x: _is_int(x) and x >= 0)
POSITIVE_NUMBER = Rule("a number > 0", lambda x: _is_number(x) and x > 0)
NON_NEGATIVE_NUMBER = Rule("a number ≥ 0", lambda x: _is_number(x) and x >= 0)
#: strictly between 0 and 1 (a test set's share)
FRACTION = Rule("a number between 0 and 1 (both excluded)", lambda x: _is_number(x) and 0 < x < 1)
#: None, or a positive int: a mini-batch's size (None for the full batch)
BATCH_SIZE = Rule("None (the full batch) or a positive int", lambda x: x is None or POSITIVE_INT.ok(x))
#: A learning rate: a number > 0, or a schedule (a function of the step)
LEARNING_RATE = Rule("a number > 0 or a schedule", lambda x: callable(x) or POSITIVE_NUMBER.ok(x))
#: True or False (not 0 or 1)
BOOL = Rule("True or False", lambda x: isinstance(x, bool))
#: from 0 (included) to 1 (excluded): a momentum, Adam's betas
UNIT_INTERVAL = Rule("a number from 0 to 1 (1 excluded)", lambda x: _is_number(x) and 0 <= x < 1)


def choice(options: Sequence[str]) -> Rule:
    """One of ``options`` (strings)."""
    return Rule(f"one of {', '.join(map(repr, options))}", lambda x: isinstance(x, str) and x in options)


def check(where: str, setting: str, value: Any, rule: Rule) -> Any:
    """``value`` if ``rule`` accepts it (ints and floats as Python's own), else :class:`SettingError`."""
    if not rule.ok(value):
        raise SettingError(where, setting, rule.accepts, value)
    if _is_int(value):
        return int(value)
    return float(value) if _is_number(value) else value


def check_sizes(where: str, setting: str, value: Any, *, empty: bool = False) -> list[int]:
    """A list of layer sizes, each a positive int (``[16, 16, 1]``); ``empty`` allows ``[]`` (no hidden layer)."""
    accepts = ("a list of layer sizes, each a positive int, e.g. [16, 16, 1]"
               + (" (or [] for none)" if empty else ", with at least one layer"))
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise SettingError(where, setting, accepts, value)
    sizes = list(value)
    if (not sizes and not empty) or not all(POSITIVE_INT.ok(n) for n in sizes):
        raise SettingError(where, setting, accepts, value)
    return [int(n) for n in sizes]


def _shown(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "…"
    return text if type(value) in (int, float) else f"{text} ({type(value).__name__})"
