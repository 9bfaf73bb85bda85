"""The formula language's one error, :class:`FormulaError`: what is wrong, and where, with a caret under
the offending part of the formula — in English (``str(error)``) or in Spanish (``error.message("es")``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from autograd.errors import DomainError, PizarraError

from .formula_words import Localized, domain, operands
from .words import WORDS

__all__ = ["FormulaError", "engine_message"]


class FormulaError(PizarraError, ValueError):
    """An expression that cannot be parsed, is not allowed, or cannot be computed.

    The message names the problem and shows the expression with a caret under the offending part.
    ``column`` (1-based, or None when the whole text is at fault), ``line`` and ``reason`` (the English
    message without the caret) are kept as attributes; ``key`` and ``fields`` are the reason's entry in
    :data:`viz.classroom.words.WORDS`, so :meth:`message` can write it in another language.

    Args:
        key: the reason's key in the word table (``"unknown_function"``, ...).
        fields: the values its text is formatted with.
        text, line, start, end: the formula, and where the offending part is (0-based columns,
            ``end`` exclusive; ``start=None`` when the whole text is at fault).
    """

    def __init__(self, key: str, fields: Mapping[str, Any] | None = None, text: str = "", line: int = 1,
                 start: int | None = None, end: int | None = None) -> None:
        self.key = key
        self.fields = dict(fields or {})
        self.text = text
        self.line = line
        if start is not None:
            lines = text.split("\n")
            start = min(max(start, 0), len(lines[line - 1]) if 0 < line <= len(lines) else len(text))
        self._start, self._end = start, end
        self.column = None if start is None else start + 1
        super().__init__(self.message("en"))

    @property
    def reason(self) -> str:
        """What is wrong, in English, without the position and the caret."""
        return self.reason_in("en")

    def reason_in(self, lang: str) -> str:
        """What is wrong, in ``lang``, without the position and the caret."""
        fields = {k: v(lang) if isinstance(v, Localized) else v for k, v in self.fields.items()}
        return WORDS(lang)[self.key].format(**fields)

    def message(self, lang: str = "en") -> str:
        """The whole message in ``lang``: ``column 5: reason``, the formula's line and a caret under the part."""
        return _format_error(self.reason_in(lang), lang, self.text, self.line, self._start, self._end)

    def at(self, text: str, line: int, start: int | None, end: int | None = None) -> FormulaError:
        """The same reason, pointing at another place."""
        return FormulaError(self.key, self.fields, text, line, start, end)


def engine_message(error: BaseException, lang: str) -> str | None:
    """What the class reads for an engine error raised outside a formula's build (a local derivative undefined
    during backward, an op's domain), in ``lang``; None for any other error (written as it is)."""
    op = getattr(error, "op", None)
    if not isinstance(error, DomainError) or op is None or lang == "en":
        return None
    names = [op.param_name(i, len(error.operands)) for i in range(len(error.operands))]
    fields = {"op": op.name, "domain": domain(op.domain), "operands": operands(names, error.operands)}
    key = "backward_domain" if str(error).startswith("backward:") else "domain" if op.domain else None
    return FormulaError(key, fields).message(lang) if key else None


_CONTEXT = 40  # characters shown on each side of the offending part of a long line


def _format_error(reason: str, lang: str, text: str, line: int, start: int | None, end: int | None) -> str:
    if start is None or not text:
        return reason
    lines = text.split("\n")
    shown = lines[line - 1] if 0 < line <= len(lines) else text
    start = min(max(start, 0), len(shown))
    stop = start + 1 if end is None else min(max(end, start + 1), len(shown))
    w = WORDS(lang)
    where = (w["where_column"] if len(lines) == 1 else w["where_line"]).format(line=line, column=start + 1)
    left = max(0, start - _CONTEXT)  # a long line is shown around the offending part
    right = min(len(shown), max(stop, start + 1) + _CONTEXT)
    before, after = ("…" if left else ""), ("…" if right < len(shown) else "")
    snippet = before + shown[left:right] + after
    caret = " " * (len(before) + start - left) + "^" * max(min(stop, right) - start, 1)
    return f"{where}: {reason}\n  {snippet}\n  {caret}"
