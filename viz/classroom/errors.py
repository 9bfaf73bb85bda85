"""The two errors of answers files: one that cannot be read or graded, and one whose exercise was changed.

Both name the file and the entry.  Raised with a ``key`` of :data:`viz.classroom.words.WORDS` (``file_…``) and
its fields, an :class:`AnswerFileError` writes itself in either language (:meth:`AnswerFileError.message`);
``str(error)`` is English, or the text it was raised with.
"""

from __future__ import annotations

from typing import Any

from autograd.errors import PizarraError

from .words import WORDS

__all__ = ["AnswerFileError", "ClaimError", "ExerciseChangedError"]


class AnswerFileError(PizarraError, ValueError):
    """An answer file that cannot be read, is malformed, or cannot be graded; the message names the file and entry.

    ``AnswerFileError(text)`` keeps ``text`` as it is (already in the report's language);
    ``AnswerFileError(key=…, source=…, where=…, **fields)`` is written ``source: where: problem`` in any language,
    the problem being ``WORDS[lang]["file_" + key]`` formatted with the fields (a field with a
    ``message(lang)`` method, such as a FormulaError, is written in the same language).
    """

    def __init__(self, text: str = "", *, key: str = "", source: str = "", where: str = "", **fields: Any) -> None:
        self.key, self.source, self.where, self.fields = key, source, where, fields
        self._text = text
        #: The language of the file at fault (its ``lang:``), when it says one: the error is written in it
        #: unless another is asked for (set by :func:`~viz.classroom.loading.load_answers`).
        self.lang: str | None = None
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (the text it was raised with, when it has no key)."""
        if not self.key:
            return self._text
        fields = {k: v.message(lang) if callable(getattr(v, "message", None)) else v for k, v in self.fields.items()}
        problem = WORDS(lang)[f"file_{self.key}"].format(**fields)
        return ": ".join(part for part in (self.source, self.where, problem) if part)


class ExerciseChangedError(AnswerFileError):
    """An answers file whose exercise is not the one it is graded against; ``field`` names what differs
    (``"network: weights W1[2,1]"``, ``"target y"``, ``"tolerance: atol"``, ...)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class ClaimError(PizarraError, ValueError):
    """A number of an answers file (a claim, a tolerance, a weight) that cannot be read: ``where: problem``, the
    problem being ``WORDS[lang]["claim_" + key]`` with the fields, in any language (:meth:`message`)."""

    def __init__(self, key: str, where: str, **fields: Any) -> None:
        self.key, self.where, self.fields = key, where, fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        fields = {k: v.message(lang) if callable(getattr(v, "message", None)) else v for k, v in self.fields.items()}
        problem = WORDS(lang)[f"claim_{self.key}"].format(**fields)
        return f"{self.where}: {problem}" if self.where else problem
