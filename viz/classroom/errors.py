"""The two errors of answers files: one that cannot be read or graded, and one whose exercise was changed."""

from __future__ import annotations

__all__ = ["AnswerFileError", "ExerciseChangedError"]


class AnswerFileError(ValueError):
    """An answer file that cannot be read, is malformed, or cannot be graded; the message names the file and entry."""


class ExerciseChangedError(AnswerFileError):
    """An answers file whose exercise is not the one it is graded against; ``field`` names what differs
    (``"network: weights W1[2,1]"``, ``"target y"``, ``"tolerance: atol"``, ...)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
