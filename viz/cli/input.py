"""What the ``pizarra`` command is given, read: the ``NAME=VALUE`` pairs and a formula file (``-f FILE``).

Mistakes are :class:`~viz.cli.messages.UsageError` (written in the class's language).
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from pathlib import Path

from autograd.files import FileTooLargeError, NotAFileError, read_bounded
from autograd.text import NumberError, parse_number

from ..classroom.formula import FUNCTIONS, MAX_LENGTH, normalize_name
from .messages import CommandError, UsageError

__all__ = ["MAX_FILE_BYTES", "parse_assignments", "read_formula_file"]

#: Largest formula file read, in bytes: :data:`~viz.classroom.formula.MAX_LENGTH` characters of up to 4 bytes.
MAX_FILE_BYTES = 4 * MAX_LENGTH


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
            raise UsageError("expected_assignment", item=item)
        if not name.isidentifier() or keyword.iskeyword(name):
            raise UsageError("bad_name", item=item, name=name)
        typed, name = name, normalize_name(name)
        if name in FUNCTIONS:
            raise UsageError("function_name", item=item, name=name)
        if name in values:
            if spelled[name] != typed:
                raise UsageError("given_twice_spelled", name=name, first=spelled[name], second=typed)
            raise UsageError("given_twice", name=name)
        spelled[name] = typed
        try:
            values[name] = parse_number(text, decimal, what=f"{item!r}: the value of {name}")
        except NumberError as error:  # the words say what is wrong: its format, or a number no float holds
            hint = "bad_value_comma" if "," in text and error.problem == "format" else "bad_value_nohint"
            raise UsageError(f"bad_value_{error.problem}", reason=str(error), item=item, name=name, text=text,
                             hint=CommandError(hint)) from None
    return values


def read_formula_file(path: Path) -> str:
    """A formula file's text: UTF-8 (a byte-order mark is fine), at most :data:`MAX_FILE_BYTES` bytes.

    UsageError for a file too large, not a regular file (a device, a FIFO: refused before reading) or not UTF-8;
    OSError (naming the file) when it cannot be read.
    """
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except FileTooLargeError as error:
        raise UsageError("file_too_big", path=str(path), size=error.size, most=MAX_LENGTH) from None
    except NotAFileError:
        raise UsageError("not_regular_file", path=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError("not_utf8", path=str(path), at=error.start + 1) from None
