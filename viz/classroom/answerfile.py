"""An answers file, parsed (:class:`AnswerFile`), and graded against what it belongs to: the sheet it was
written for, a teacher's key, or (said aloud in the report) the exercise written in the file itself.

Against a sheet or a key the file may not change the exercise: :class:`ExerciseChangedError` names the
first field that differs.  Reading files is :mod:`viz.classroom.loading`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd.text import Notation, NotationLike, as_notation

from .errors import AnswerFileError, ExerciseChangedError
from .exercises import Exercise, differs, exercise_difference
from .grading import DEFAULT_ATOL, DEFAULT_RTOL, AnswerReport, check_answers, claim_parts, read_claim
from .words import WORDS, with_fields

if TYPE_CHECKING:
    from .worksheet import Worksheet

__all__ = ["AnswerFile", "Reference"]

Label = tuple[str, dict[str, Any]]  # a word of WORDS and its fields: ("answers_ref_key", {"key": "k.yaml"})


@dataclass(frozen=True)
class Reference:
    """What a file is graded against: an exercise, the answers asked for (in order), the tolerances.

    Attributes:
        exercise: the exercise.
        names: the answers asked for, as the sheet or the key writes them.
        tolerances: canonical name → the key's own ``(rtol, atol)`` for that answer.
        rtol, atol: the tolerance of every other answer.
        basis: the report's line saying what the file was graded against.
        label: how messages name it (``sheet two-layer 17``, ``key clave.yaml``).
    """

    exercise: Exercise
    names: tuple[str, ...]
    tolerances: dict[str, tuple[float, float]]
    rtol: float
    atol: float
    basis: Label
    label: Label


@dataclass(frozen=True)
class AnswerFile:
    """A parsed answer file: the exercise, the claims, the file's tolerance, and the sheet it comes from.

    Attributes:
        source: the file's name, for messages.
        exercise: the exercise the file writes out (``network``… or ``expression``…), or None when it
            gives only answers (graded against its sheet or a key).
        answers: name → claim, as written.
        rtol, atol: the file's ``tolerance`` (the defaults when it has none).
        kind, seed: the sheet of :func:`viz.classroom.worksheet.worksheet` the file was written for, if any.
        lang: the file's ``lang:`` (the report's language unless another is asked for), if any.
        sheet: that sheet, rebuilt from kind, seed and ``options`` (:attr:`~viz.classroom.worksheet.Worksheet.options`).
        given_tolerance: whether the file gives a ``tolerance`` of its own.
    """

    source: str
    exercise: Exercise | None
    answers: dict[str, Any]
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    kind: str | None = None
    seed: int | None = None
    lang: str | None = None
    sheet: Worksheet | None = None
    given_tolerance: bool = False

    def stated_exercise(self) -> Exercise | None:
        """The exercise this file stands for: the numbers it writes out, else the one its kind and seed draw."""
        if self.exercise is not None:
            return self.exercise
        return self.sheet.exercise if self.sheet is not None else None

    def check(self, key: AnswerFile | None = None, *, rtol: float | None = None, atol: float | None = None,
              notation: NotationLike = None, **old: object) -> AnswerReport:
        """Grade the answers against the exercise they belong to:

        * with a ``key`` (another :class:`AnswerFile`, see :func:`~viz.classroom.loading.load_key`): the
          key's exercise, its list of answers and its tolerance; the file's own exercise, if it writes
          one, must be the key's;
        * else, for a file written by :func:`viz.classroom.worksheet.worksheet` (``kind`` and ``seed``): the
          sheet rebuilt from its seed, its list of answers and the default tolerance;
        * else (a hand-made exercise): the exercise written in the file itself, and the report says so.

        Against a sheet or a key, an answer without a line in the file is graded as blank, a name that
        is not asked is not graded, and the file may not change the exercise, the tolerance or give an
        answer its own tolerance: :class:`~viz.classroom.errors.ExerciseChangedError` names the field.
        ``rtol``/``atol`` override the tolerance; ``notation`` (a :class:`~autograd.text.Notation` or a language
        code) defaults to the file's ``lang:`` (else English), with that language's mark.
        """
        notation = as_notation(notation, old, where="AnswerFile.check", default=Notation(self.lang or "en"))
        reference = self._reference(key, notation)
        if reference is None:
            if self.exercise is None:
                raise AnswerFileError(key="no_exercise", source=self.source)
            report = check_answers(self.exercise, self.answers, rtol=self.rtol if rtol is None else rtol,
                                   atol=self.atol if atol is None else atol, notation=notation)
            report.basis = ("answers_basis_own", {})
            return report
        solution = reference.exercise.solve()
        mine: dict[str, str] = {}
        not_asked = []
        for name in self.answers:
            try:
                canonical = solution.resolve(name).name
            except ValueError:
                not_asked.append(name)
                continue
            if canonical in mine:
                raise AnswerFileError(key="same_answer", source=self.source, where=f"answers: {name}",
                                      other=mine[canonical])
            mine[canonical] = name
        asked = {solution.resolve(name).name: name for name in reference.names}
        claims: dict[str, Any] = {}
        for canonical, name in asked.items():
            claim = self.answers[mine[canonical]] if canonical in mine else None
            claim_rtol, claim_atol = reference.tolerances.get(canonical, (None, None))
            claims[name] = claim if claim_rtol is None else {"value": claim, "rtol": claim_rtol, "atol": claim_atol}
        report = check_answers(solution, claims, rtol=reference.rtol if rtol is None else rtol,
                               atol=reference.atol if atol is None else atol, notation=notation)
        report.basis = reference.basis
        report.missing = tuple(name for canonical, name in asked.items() if canonical not in mine)
        report.not_asked = tuple(not_asked + [name for canonical, name in mine.items() if canonical not in asked])
        return report

    def _reference(self, key: AnswerFile | None, notation: Notation) -> Reference | None:
        """What to grade against (None: the file's own exercise), after refusing a changed exercise."""
        if self.sheet is not None and self.exercise is not None:
            _same_exercise(self.source, self.exercise, self.sheet.exercise, self._sheet_label(), notation)
        if key is not None:
            reference = key.as_key(notation)
        elif self.sheet is not None:
            reference = Reference(self.sheet.exercise, tuple(self.sheet.answer_names()), {}, DEFAULT_RTOL,
                                  DEFAULT_ATOL, ("answers_basis_sheet", self._sheet_fields()), self._sheet_label())
        else:
            return None
        mine = self.stated_exercise()
        if mine is not None and key is not None:
            _same_exercise(self.source, mine, reference.exercise, reference.label, notation)
        if self.given_tolerance:
            for field, found, expected in (("rtol", self.rtol, reference.rtol), ("atol", self.atol, reference.atol)):
                if differs(found, expected):
                    raise _changed(self.source, f"tolerance: {field}", found, expected, reference.label, notation)
        for name, claim in self.answers.items():
            if isinstance(claim, Mapping):
                w = notation.words(WORDS)
                raise ExerciseChangedError(w["answers_own_tolerance"].format(
                    source=self.source, name=name, reference=with_fields(w, *reference.label)),
                    f"answers: {name}")
        return reference

    def _sheet_fields(self) -> dict[str, Any]:
        return {"kind": self.kind, "seed": self.seed}

    def _sheet_label(self) -> Label:
        return ("answers_ref_sheet", self._sheet_fields())

    def as_key(self, notation: Notation) -> Reference:
        """This file as a key: its exercise, the answers it asks for, its tolerances.  The numbers it fills
        in must agree with the engine: AnswerFileError (worded in ``notation``) names the first that does not."""
        exercise = self.stated_exercise()
        if exercise is None:
            raise AnswerFileError(key="key_exercise", source=self.source)
        if self.sheet is not None and self.exercise is not None:
            _same_exercise(self.source, self.exercise, self.sheet.exercise, self._sheet_label(), notation)
        try:
            solution = exercise.solve()
            tolerances, filled = {}, {}
            for name, claim in self.answers.items():
                value, claim_rtol, claim_atol = claim_parts(name, claim, self.rtol, self.atol)
                canonical = solution.resolve(name).name
                if isinstance(claim, Mapping):
                    tolerances[canonical] = (claim_rtol, claim_atol)
                if not all(math.isnan(x) for x in read_claim(value, name).numbers):
                    filled[name] = claim
            report = check_answers(solution, filled, rtol=self.rtol, atol=self.atol) if filled else None
        except ValueError as error:
            raise AnswerFileError(key="detail", source=self.source, where="answers", detail=error) from None
        for check in report or ():
            for entry in check.entries:
                if not entry.ok and not entry.blank:
                    raise AnswerFileError(notation.words(WORDS)["answers_key_wrong"].format(
                        source=self.source, name=entry.name, found=notation.number(entry.claimed, 12),
                        expected=notation.number(entry.correct, 6)))
            if check.problem:
                raise AnswerFileError(key="detail", source=self.source, where=f"answers: {check.name}",
                                      detail=check.problem)
        return Reference(exercise, tuple(self.answers), tolerances, self.rtol, self.atol,
                         ("answers_basis_key", {"key": self.source}), ("answers_ref_key", {"key": self.source}))


def _changed(source: str, field: str, found: Any, expected: Any, label: Label,
             notation: Notation) -> ExerciseChangedError:
    w = notation.words(WORDS)

    def text(value: Any) -> str:
        if value is None:
            return w["answers_absent"]
        return notation.number(value, 12) if isinstance(value, float) else str(value)

    reference = with_fields(w, *label)
    return ExerciseChangedError(w["answers_changed"].format(source=source, field=field, found=text(found),
                                                            expected=text(expected), reference=reference), field)


def _same_exercise(source: str, found: Exercise, expected: Exercise, label: Label, notation: Notation) -> None:
    """ExerciseChangedError naming the first field where ``found`` is not ``expected``."""
    difference = exercise_difference(found, expected)
    if difference is not None:
        raise _changed(source, *difference, label, notation)
