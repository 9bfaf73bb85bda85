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

**What is checked.**  ``target`` is a graph root (a :class:`~autograd.Value`, the loss), a
:class:`NetworkExercise` (the course's matrices, an input, a target and a loss name) or a
:class:`FormulaExercise` (a formula and the values of its variables).  The checker builds the graph,
runs :func:`~autograd.trace_backward` once, and reads every correct number from the graph.

**Names** (spaces are ignored; ``∂`` may stand for ``d``, ``ŷ`` for ``y_hat``, ``z^(1)`` for ``z1``):

* forward values of a network, course notation (layers counted from 1): ``x`` (the input), ``W1``
  (the ``k×n`` weight matrix), ``b1``, ``z1`` (the pre-activations ``W1·x + b1``), ``y1`` or ``a1``
  (the layer's outputs), ``y_hat`` (the network's output), ``J`` (the loss; also ``L`` or ``loss``).
  A one-layer network also answers to ``W``, ``b`` and ``z``.
* one entry: ``W1[2,1]`` (row 2, column 1, 1-based), ``b1[3]``, ``z1[1]``.
* gradients of the loss: ``dJ/dW1`` (a whole matrix, same shape as ``W1``), ``dJ/dW1[2,1]``,
  ``dJ/db2``, ``dJ/dz1``, ``dJ/dy1``, ``dJ/dx``; ``dL/d…``, ``d/dNAME`` and ``grad:NAME`` mean the same.
* any other graph: every labelled node by its label (``x``, ``w``, ``z``), ``d/dx`` or ``grad:x`` for
  its gradient; labels ``w1, w2, w3`` (or ``w[1], w[2], w[3]``) also form the vector ``w``, and the
  parameters of a network built with ``nn`` form its matrices by their labels (``W1[2,1]`` is an
  entry of ``W1``, see :mod:`nn.labels`).

An unknown name raises a ValueError listing every name that can be checked.

**Claims** are numbers, nested lists or numpy arrays, strings such as ``"0,522"`` (decimal comma) or
``None`` (not answered: a whole vector or matrix, or one entry of it).  A claim may carry its own
tolerance: ``{"value": 0.52, "atol": 0.01}``.  A vector may be given as a row or as a column; a matrix
must have the right shape.

**Tolerance.**  An entry is right when ``|claimed − correct| ≤ atol + rtol·|correct|``.  The default
``rtol = 0.01`` and ``atol = 0.002`` accept answers rounded to three decimals by hand (intermediate
values rounded too), and reject a wrong sign or factor.

**Reports** are written in a :class:`~autograd.text.Notation`: ``check_answers(…, notation="es")`` writes
``0,522`` (Spanish implies the decimal comma unless the Notation's ``decimal`` says otherwise), and
``report.to_text(notation=…)`` rewrites it in another.  Markdown reports escape names (``x_1`` stays ``x_1``).

**Explanations.**  For every wrong (not blank) gradient entry the report shows where the right value comes
from: each path in the graph from the loss down to that node, one row per chain-rule step with
the upstream gradient ``∂J/∂node`` and the local derivative (formula from the op table and value),
the product along the path, and the sum over the paths.  All of it is read from the trace.

**Slips.**  For a wrong gradient the report also says which usual slip the numbers match, if one does: the
sign flipped, the ½ of ``½(ŷ − y)²`` dropped, a matrix transposed, ``σ′`` taken twice or taken of ``a``,
``z`` used where ``∂J/∂a`` belongs, the diagonal-only softmax Jacobian.  Each is computed by the engine
on a changed copy of the graph (:mod:`viz.classroom.slips`), and :attr:`AnswerCheck.slips` lists those
that fit, best first.

Answer files (YAML or JSON) are read by :func:`load_answers`; ``pizarra check-answers FILE`` prints
the report.  The format::

    network:                      # or  expression: "0.5*(relu(w*x + b) - y)**2"
      weights: [[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]]
      biases: [[0.1, 0.5, 0.8], [0.7]]      #  with  variables: {w: 4, x: 1, b: 7, y: 5}
      activations: [sigmoid, sigmoid]
    input: [1.8, -3.4]
    target: 5
    loss: mse                     # ½(ŷ − y)²; any name of nn.losses.LOSSES
    answers:
      y_hat: 0.522
      dJ/dW2: [[-0.980, -1.062, -1.001]]
      dJ/db2: {value: -1.115, atol: 0.01}
    tolerance: {rtol: 0.01, atol: 0.002}   # optional

**What a file is graded against** (:meth:`AnswerFile.check`, ``pizarra check-answers``):

* a file written by :func:`viz.classroom.worksheet.worksheet` also carries ``kind``, ``seed``, ``lang`` (and the
  ``options`` the sheet was drawn with): it is graded against that sheet, rebuilt from the seed;
* a hand-made exercise is graded against a teacher's **key** (:func:`load_key`, ``--key clave.yaml``):
  an answers file of the same shape, with the exercise (written out, or the ``kind`` and ``seed`` of
  a sheet) and the answers to grade, each left ``null`` (the engine computes it) or filled in (then
  it must agree with the engine); the key's ``tolerance`` and per-answer tolerances apply;
* without a key, a hand-made file is graded against the exercise written in it, and the report says so.

Against a sheet or a key, a file whose network, input, target, loss or tolerance differ (beyond
:data:`EXERCISE_TOL`) is refused with :class:`ExerciseChangedError` naming the field; an answer with no
line in the file is graded as blank; a name not asked is not graded.  :func:`grade_files` grades many
files into a :class:`GradeSummary` (a row per file; text, Markdown or CSV).  Any malformed file
(wrong types, nesting deeper than :data:`MAX_DEPTH`, an unknown kind, a bad seed) is an
:class:`AnswerFileError` naming the entry.  :func:`check_sheet_answers` grades a student's answers to a
sheet given as a mapping, as the CLI grades the file :meth:`~viz.classroom.worksheet.Worksheet.answers_text`
writes for them (no file, no PyYAML: the browser page).
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
