"""A student's answers to a generated sheet, graded with no file: what the browser page does with the answers
typed into it, and the same report ``pizarra check-answers`` gives for the file they make.

    >>> from viz.classroom.worksheet import worksheet
    >>> sheet = worksheet("neuron", 17, notation="es")
    >>> report = check_sheet_answers(sheet, {"J": sheet.solution().value("J")})
    >>> [check.name for check in report.right], len(report.wrong) == len(sheet.answer_names()) - 1  # blank
    (['J'], True)

:meth:`~viz.classroom.worksheet.Worksheet.answers_text` writes the file (to download);
:func:`check_sheet_answers` grades its content (:meth:`~viz.classroom.worksheet.Worksheet.answers_data`)
through :func:`~viz.classroom.loading.parse_answers` and :meth:`~viz.classroom.answerfile.AnswerFile.check`,
as the CLI does after reading the file, without PyYAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from autograd.text import NotationLike, as_notation

from .grading import AnswerReport
from .loading import parse_answers
from .worksheet import Worksheet

__all__ = ["check_sheet_answers"]


def check_sheet_answers(sheet: Worksheet, answers: Mapping[str, Any], *, notation: NotationLike = None,
                        **old: object) -> AnswerReport:
    """Grade a student's ``answers`` to ``sheet`` as ``pizarra check-answers`` grades the answers file
    :meth:`~viz.classroom.worksheet.Worksheet.answers_text` writes for them.

    ``answers`` are as :meth:`~viz.classroom.worksheet.Worksheet.answers_data` takes them (name → number,
    numeric string or nested lists; ``None`` or left out: blank).  The report is in ``notation`` (a
    :class:`~autograd.text.Notation` or a language code), else in the sheet's own notation.  A name that is no
    quantity of the exercise, or a value that is no number, is a ValueError naming the answer.
    """
    file = parse_answers(sheet.answers_data(answers), f"{sheet.filenames()['answers']}.yaml")
    nota = as_notation(notation, old, where="check_sheet_answers", default=sheet.notation)
    return file.check(notation=nota)
