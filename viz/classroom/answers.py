"""The answer checker: a student's numbers against the engine's, entry by entry — its documentation and
its public names, which live in one module per job:

* :mod:`~viz.classroom.names`: how an answer is named (``dJ/dW1[2,1]``), and the table that finds its nodes;
* :mod:`~viz.classroom.solution`: the right answers read from the engine (:class:`Solution`) and the
  chain rule behind a gradient (:class:`Chain`);
* :mod:`~viz.classroom.exercises`: :class:`NetworkExercise`, :class:`FormulaExercise`, :func:`solve`;
* :mod:`~viz.classroom.grading`: :func:`check_answers` and the :class:`AnswerReport`;
* :mod:`~viz.classroom.slips`: the usual slips, computed on changed graphs (:mod:`~viz.classroom.changed_graphs`);
* :mod:`~viz.classroom.answerfile`, :mod:`~viz.classroom.loading`, :mod:`~viz.classroom.errors`: answers
  files (:class:`AnswerFile`, :func:`load_answers`, :func:`load_key`, :class:`AnswerFileError`);
* :mod:`~viz.classroom.summary`: many files at once (:func:`grade_files`).

    >>> from viz.classroom.answers import NetworkExercise, check_answers
    >>> ex = NetworkExercise([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
    ...                      [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"], x=[1.8, -3.4], target=5)
    >>> report = check_answers(ex, {"y_hat": 0.522, "J": 10.02, "dJ/db2": -1.115, "dJ/db1": [0.21, 0.14, 0.20]})
    >>> [(c.name, c.ok) for c in report.checks]
    [('y_hat', True), ('J', True), ('dJ/db2', True), ('dJ/db1', False)]

The names it checks, the claims and tolerances it accepts, the answers-file format and what a file is
graded against are in ``docs/answers.md``.
"""

from __future__ import annotations

from .answerfile import AnswerFile
from .errors import AnswerFileError, ExerciseChangedError
from .exercises import EXERCISE_TOL, Exercise, FormulaExercise, NetworkExercise, solve
from .grading import DEFAULT_ATOL, DEFAULT_RTOL, AnswerCheck, AnswerEntry, AnswerReport, check_answers
from .loading import MAX_DEPTH, MAX_ITEMS, load_answers, load_key, parse_answers
from .names import normalize_name
from .sheet_answers import check_sheet_answers
from .slips import Slip
from .solution import MAX_PATHS, Chain, ChainPath, Solution
from .summary import GradedFile, GradeSummary, grade_files

__all__ = [
    "DEFAULT_ATOL", "DEFAULT_RTOL", "EXERCISE_TOL", "MAX_DEPTH", "MAX_ITEMS", "MAX_PATHS", "AnswerCheck",
    "AnswerEntry", "AnswerFile", "AnswerFileError", "AnswerReport", "Chain", "ChainPath", "Exercise",
    "ExerciseChangedError", "FormulaExercise", "GradeSummary", "GradedFile", "NetworkExercise", "Slip", "Solution",
    "check_answers", "check_sheet_answers", "grade_files", "load_answers", "load_key", "normalize_name",
    "parse_answers", "solve",
]
