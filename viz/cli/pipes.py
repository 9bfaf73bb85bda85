"""Output that a closed pipe cannot lose: ``pizarra check-answers … --summary notas.csv | head -2``.

When the reader of the command's output goes away early (``head -2`` has its two lines), the next write
fails with ``EPIPE`` (Python ignores ``SIGPIPE``, so it is a :class:`BrokenPipeError`).  Left alone, that
error stops the command halfway: a file not yet written is never written, and the exit status no longer
says how the command went.  :func:`guarded_output` wraps the standard output and error for the length of
a command: the first write into a closed pipe points that stream at the null device and every later
write is dropped there, quietly, so the command runs to its end, writes its files and returns the
status it would have had (0, 1 or 2).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, TextIO, cast

__all__ = ["guarded_output"]


class _Guarded:
    """A text stream that turns a closed pipe into a quiet sink (the rest of its methods are the stream's)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.closed_pipe = False

    def write(self, text: str) -> int:
        if not self.closed_pipe:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._close()
        return len(text)

    def flush(self) -> None:
        if not self.closed_pipe:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._close()

    def _close(self) -> None:
        self.closed_pipe = True
        _discard(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _discard(stream: IO[str]) -> None:
    """Point ``stream``'s file descriptor at the null device (the recipe of Python's docs on SIGPIPE), so that
    what it still holds, flushed later (at the latest by the interpreter on exit), goes nowhere, quietly."""
    try:
        fileno = stream.fileno()
    except (AttributeError, OSError, ValueError):  # no file descriptor (output captured in-process)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fileno)
    finally:
        os.close(devnull)


@contextmanager
def guarded_output() -> Iterator[None]:
    """Run the block with ``sys.stdout`` and ``sys.stderr`` guarded against a closed pipe (see the module);
    both are flushed, still guarded, before they are given back."""
    streams = sys.stdout, sys.stderr
    guards = _Guarded(streams[0]), _Guarded(streams[1])
    sys.stdout, sys.stderr = cast(TextIO, guards[0]), cast(TextIO, guards[1])
    try:
        yield
    finally:
        for guard in guards:
            guard.flush()
        sys.stdout, sys.stderr = streams
