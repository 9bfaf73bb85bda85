"""The formula language's one error, :class:`FormulaError`: what is wrong, and where, with a caret under
the offending part of the formula."""

from __future__ import annotations

__all__ = ["FormulaError"]


class FormulaError(ValueError):
    """An expression that cannot be parsed, is not allowed, or cannot be computed.

    The message names the problem and shows the expression with a caret under the offending part.
    ``column`` (1-based, or None when the whole text is at fault) and ``reason`` (the message
    without the caret) are kept as attributes.
    """

    def __init__(self, reason: str, text: str = "", line: int = 1, start: int | None = None,
                 end: int | None = None) -> None:
        self.reason = reason
        self.text = text
        self.line = line
        if start is not None:
            lines = text.split("\n")
            start = min(max(start, 0), len(lines[line - 1]) if 0 < line <= len(lines) else len(text))
        self.column = None if start is None else start + 1
        super().__init__(_format_error(reason, text, line, start, end))


_CONTEXT = 40  # characters shown on each side of the offending part of a long line


def _format_error(reason: str, text: str, line: int, start: int | None, end: int | None) -> str:
    if start is None or not text:
        return reason
    lines = text.split("\n")
    shown = lines[line - 1] if 0 < line <= len(lines) else text
    start = min(max(start, 0), len(shown))
    stop = start + 1 if end is None else min(max(end, start + 1), len(shown))
    where = f"column {start + 1}" if len(lines) == 1 else f"line {line}, column {start + 1}"
    left = max(0, start - _CONTEXT)  # a long line is shown around the offending part
    right = min(len(shown), max(stop, start + 1) + _CONTEXT)
    before, after = ("…" if left else ""), ("…" if right < len(shown) else "")
    snippet = before + shown[left:right] + after
    caret = " " * (len(before) + start - left) + "^" * max(min(stop, right) - start, 1)
    return f"{where}: {reason}\n  {snippet}\n  {caret}"
