"""Grading: a student's claimed numbers against the engine's, entry by entry (:func:`check_answers`),
and the report a class reads (:class:`AnswerReport`, text or Markdown).

An entry is right when ``|claimed − correct| ≤ atol + rtol·|correct|``; see :mod:`viz.classroom.answers`
for the names, the claims and the tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from autograd.text import Notation, NotationLike, as_notation, markdown_escape, parse_number, render_table
from autograd.value import Value, finite_float
from nn.arrays import _is_array

from ..errors import VizError
from .errors import ClaimError
from .exercises import Exercise, solve
from .names import entry_suffix, nested, shape_text
from .slips import Slip, graph_slips, matching_slips, slip_values, transposed_slip
from .solution import MAX_PATHS, Chain, Solution
from .words import WORDS, with_fields

__all__ = ["DEFAULT_ATOL", "DEFAULT_RTOL", "AnswerCheck", "AnswerEntry", "AnswerReport", "Claim", "check_answers",
           "claim_parts", "read_claim", "read_number", "tolerance"]

#: Default relative tolerance of :func:`check_answers`.
DEFAULT_RTOL = 1e-2
#: Default absolute tolerance: two units in the third decimal, for answers rounded by hand.
DEFAULT_ATOL = 2e-3


# --- reading a claim ------------------------------------------------------------------------------

def read_number(value: Any, where: str) -> float:
    """A finite float from a number or a numeric string (``"0,5"``, ``"−1"``); ValueError naming ``where``."""
    try:
        if isinstance(value, str):
            return parse_number(value, ",")
        return finite_float(value, where, VizError, VizError)
    except ValueError:
        raise ClaimError("number", where, value=value) from None


class Claim(NamedTuple):
    """A claimed answer as :func:`read_claim` reads it: its numbers row by row (NaN for a blank) and its shape."""

    numbers: list[float]
    shape: tuple[int, ...]

    def nested(self) -> Any:
        """The numbers as written: a float for one number, else nested lists (a row per list)."""
        return nested(self.numbers, self.shape)


def read_claim(value: Any, where: str, blanks: bool = True) -> Claim:
    """A claimed answer's numbers and shape: a number, a numeric string, a numpy array or nested lists (a
    row per list) of those; ``None`` is a blank (NaN) when ``blanks``.  Read level by level, never
    recursively; a ValueError names ``where`` and the entry (``where[2][1]``)."""
    if _is_array(value):
        value = value.tolist()
    level: list[tuple[Any, tuple[int, ...]]] = [(value, ())]
    dims: list[int] = []

    def at(path: tuple[int, ...]) -> str:
        return where + "".join(f"[{i}]" for i in path)

    while any(isinstance(item, (list, tuple)) for item, _ in level):
        if not all(isinstance(item, (list, tuple)) for item, _ in level) or len({len(i) for i, _ in level}) > 1:
            raise ClaimError("rows", where)
        if not level[0][0]:
            raise ClaimError("empty", at(level[0][1]))
        dims.append(len(level[0][0]))
        level = [(child, (*path, i)) for item, path in level for i, child in enumerate(item, start=1)]
    numbers = [math.nan if item is None and blanks else read_number(item, at(path)) for item, path in level]
    return Claim(numbers, tuple(dims))


def tolerance(value: Any, where: str) -> float:
    """A tolerance: a number ≥ 0."""
    number = read_number(value, where)
    if number < 0:
        raise ClaimError("negative", where, value=value)
    return number


def claim_parts(name: str, claim: Any, rtol: float, atol: float) -> tuple[Any, float, float]:
    """``(value, rtol, atol)`` of a claim: a bare value, or ``{"value": …, "rtol": …, "atol": …}``."""
    if isinstance(claim, Mapping):
        extra = set(claim) - {"value", "rtol", "atol"}
        if "value" not in claim or extra:
            raise VizError(f"answer {name!r}: a mapping needs 'value' and may have 'rtol' and 'atol' "
                           f"(got keys {sorted(map(str, claim))})")
        rtol = tolerance(claim.get("rtol", rtol), f"answer {name!r}: rtol")
        atol = tolerance(claim.get("atol", atol), f"answer {name!r}: atol")
        claim = claim["value"]
    return claim, rtol, atol


def _fits(claimed: tuple[int, ...], shape: tuple[int, ...]) -> bool:
    """Whether a claim of shape ``claimed`` can stand for ``shape``, read row by row: the same shape, or the same
    shape but for axes of length 1 (a vector may be a row or a column)."""
    return claimed == shape or (math.prod(claimed) == math.prod(shape)
                                and [n for n in claimed if n != 1] == [n for n in shape if n != 1])


def _transposed(claimed: Claim, right: Sequence[float], shape: tuple[int, ...], rtol: float, atol: float) -> bool:
    """Whether a ``k×n`` answer claimed as an ``n×k`` matrix is the right one transposed, entry by entry
    within the tolerance (a blank never is)."""
    rows, cols = shape
    return all(abs(claimed.numbers[j * rows + i] - right[i * cols + j]) <= atol + rtol * abs(right[i * cols + j])
               for i in range(rows) for j in range(cols))


# --- checking -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerEntry:
    """One number of one answer: claimed vs correct (``claimed`` is NaN when left blank)."""

    name: str
    claimed: float
    correct: float
    abs_error: float
    rel_error: float
    rtol: float
    atol: float
    ok: bool
    node: Value

    @property
    def tolerance(self) -> float:
        """``atol + rtol·|correct|``."""
        return self.atol + self.rtol * abs(self.correct)

    @property
    def blank(self) -> bool:
        """True when this entry was not answered."""
        return math.isnan(self.claimed)


@dataclass(frozen=True)
class AnswerCheck:
    """One answer (a number, vector or matrix), entry by entry; ``problem`` says why it could not be compared
    (in English; the report writes it in its language from ``claimed_shape``).  ``slips`` are the usual
    slips that explain the wrong entries, best first (:mod:`viz.classroom.slips`)."""

    name: str
    gradient: bool
    shape: tuple[int, ...]
    entries: tuple[AnswerEntry, ...]
    chains: tuple[Chain, ...] = ()
    problem: str = ""
    claimed_shape: tuple[int, ...] | None = None
    slips: tuple[Slip, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every entry is right."""
        return not self.problem and all(e.ok for e in self.entries)

    @property
    def wrong(self) -> list[AnswerEntry]:
        """The wrong (or blank) entries."""
        return [e for e in self.entries if not e.ok]


def check_answers(target: Value | Exercise | Solution, claims: Mapping[str, Any], *, rtol: float = DEFAULT_RTOL,
                  atol: float = DEFAULT_ATOL, notation: NotationLike = None, max_paths: int = MAX_PATHS,
                  **old: object) -> AnswerReport:
    """Compare ``claims`` (name → number/list/array) with the engine's values; see :mod:`viz.classroom.answers`.

    A graph root's gradients are reset and recomputed by one backward pass.  ``notation`` is the report's
    (a :class:`~autograd.text.Notation` or a language code: ``notation="es"`` writes ``0,5``).  Raises
    ValueError for an unknown name or a claim that is not a number or an array of numbers.
    """
    notation = as_notation(notation, old, where="check_answers")
    rtol, atol = tolerance(rtol, "rtol"), tolerance(atol, "atol")
    if not isinstance(claims, Mapping) or not claims:
        raise VizError(f"check_answers: claims must be a non-empty mapping name → number, got {claims!r}")
    solution = solve(target)
    checks = []
    slips = _Slips(solution)
    for name, claim in claims.items():
        value, c_rtol, c_atol = claim_parts(name, claim, rtol, atol)
        _, nodes, shape, is_grad = solution.resolve(name)
        # a bare null leaves the whole answer blank, whatever its shape
        blank = Claim([math.nan] * math.prod(shape), shape)
        claimed = blank if value is None else read_claim(value, f"answer {name!r}")
        if not _fits(claimed.shape, shape):
            flipped = len(shape) == 2 and claimed.shape == shape[::-1]
            hint = " (transposed?)" if flipped else ""
            right = [v.grad if is_grad else v.data for v in nodes]
            transposed = flipped and _transposed(claimed, right, shape, c_rtol, c_atol)
            checks.append(AnswerCheck(name, is_grad, shape, (), problem=f"expected shape {shape_text(shape)}, "
                                      f"got {shape_text(claimed.shape)}{hint}", claimed_shape=claimed.shape,
                                      slips=(Slip("transposed", None, {}),) if transposed else ()))
            continue
        entries = []
        for flat, (c, node) in enumerate(zip(claimed.numbers, nodes)):
            correct = node.grad if is_grad else node.data
            err = abs(c - correct)
            rel = err / abs(correct) if correct else (0.0 if err == 0 else math.inf)
            ok = bool(err <= c_atol + c_rtol * abs(correct))  # False for a blank (NaN)
            entries.append(AnswerEntry(f"{name}{entry_suffix(shape, flat)}", c, correct, err, rel, c_rtol,
                                       c_atol, ok, node))
        chains = tuple(solution.explain(e.node, e.name, max_paths) for e in entries
                       if is_grad and not e.ok and not e.blank)
        wrong = [(e.node, e.claimed, e.correct, e.rtol, e.atol) for e in entries if not e.ok and not e.blank]
        found = slips.matching(nodes, shape, wrong) if is_grad and wrong else ()
        checks.append(AnswerCheck(name, is_grad, shape, tuple(entries), chains, slips=found))
    return AnswerReport(checks, rtol, atol, solution, notation=notation)


class _Slips:
    """The usual slips of one exercise, computed the first time a wrong gradient needs them."""

    def __init__(self, solution: Solution) -> None:
        self.solution = solution
        self._slips: list[Slip] | None = None

    def matching(self, nodes: Sequence[Value], shape: tuple[int, ...],
                 wrong: Sequence[tuple[Value, float, float, float, float]]) -> tuple[Slip, ...]:
        if self._slips is None:
            self._slips = graph_slips(self.solution)
        transposed = transposed_slip(nodes, shape)
        return tuple(matching_slips([*self._slips, *([transposed] if transposed else [])], wrong))


class AnswerReport:
    """The result of :func:`check_answers`: one :class:`AnswerCheck` per answer, and renderings for a class.

    ``notation`` (a :class:`~autograd.text.Notation` or a language code) is the report's :attr:`notation`,
    used by :meth:`to_text` and :meth:`to_markdown` unless they are given another.
    """

    def __init__(self, checks: Sequence[AnswerCheck], rtol: float, atol: float, solution: Solution, *,
                 notation: NotationLike = None, **old: object) -> None:
        self.checks = list(checks)
        self.rtol, self.atol = rtol, atol
        self.solution = solution
        self.notation = as_notation(notation, old, where="AnswerReport")
        #: What the answers were graded against, as a word of :data:`viz.classroom.words.WORDS` and its
        #: fields (set when a file is graded: the seeded sheet, a key, or the file's own exercise).
        self.basis: tuple[str, dict[str, Any]] | None = None
        #: Answers the sheet or key asks for that the file has no line for (graded as blank).
        self.missing: tuple[str, ...] = ()
        #: Names in the file that the sheet or key does not ask for (not graded).
        self.not_asked: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every answer is right."""
        return all(c.ok for c in self.checks)

    @property
    def right(self) -> list[AnswerCheck]:
        """The answers that are right."""
        return [c for c in self.checks if c.ok]

    @property
    def wrong(self) -> list[AnswerCheck]:
        """The answers with a wrong or blank entry, or the wrong shape."""
        return [c for c in self.checks if not c.ok]

    def entry_counts(self) -> tuple[int, int]:
        """``(right, total)`` entries, counted by the shape each answer should have (the sheet's or key's): an
        answer of the wrong shape counts all its entries wrong, so the total is the same for every file."""
        right = sum(e.ok for c in self.checks for e in c.entries)
        return right, sum(math.prod(c.shape) if c.problem else len(c.entries) for c in self.checks)

    def wrong_names(self, *, notation: NotationLike = None, **old: object) -> list[str]:
        """The wrong or blank entries by name: a whole answer when all of it is wrong (``dJ/dW1``,
        ``dJ/db1 (blank)``), else its wrong entries (``dJ/dW1[2,1]``), in ``notation``'s language (default: the
        report's)."""
        w = as_notation(notation, old, where="AnswerReport.wrong_names", default=self.notation).words(WORDS)
        names = []
        for c in self.wrong:
            if c.problem:
                names.append(f"{c.name} ({w['summary_shape']})")
            elif all(e.blank for e in c.entries):
                names.append(f"{c.name} {w['answers_blank']}")
            elif len(c.entries) > 1 and len(c.wrong) == len(c.entries):
                names.append(c.name)
            else:
                names += [e.name + (f" {w['answers_blank']}" if e.blank else "") for e in c.wrong]
        return names

    def __getitem__(self, name: str) -> AnswerCheck:
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(f"no answer called {name!r} in this report; answers: {', '.join(c.name for c in self.checks)}")

    def __iter__(self) -> Iterator[AnswerCheck]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __repr__(self) -> str:
        return f"AnswerReport({len(self.right)} of {len(self.checks)} right)"

    def _render(self, fmt: str, notation: Notation) -> str:
        w = notation.words(WORDS)
        num = notation.number
        md = fmt == "markdown"
        text: Callable[[str], str] = markdown_escape if md else str  # names and paths come from the user
        right_entries, entries = self.entry_counts()
        title = w["answers_title"].format(right=len(self.right), total=len(self.checks),
                                          right_entries=right_entries, entries=entries)
        rule = w["answers_rule"].format(rtol=num(self.rtol, 6), atol=num(self.atol, 6))
        basis = [] if self.basis is None else [
            with_fields(w, self.basis[0], {k: text(str(v)) for k, v in self.basis[1].items()})]
        headers = [w["answers_answer"], w["answers_claimed"], w["answers_correct"], w["abs_error"],
                   w["rel_error"], w["answers_tolerance"], w["result"]]
        rows = []
        # the size of the report's numbers: float noise next to it is written 0
        scale = max((abs(e.correct) for c in self.checks for e in c.entries), default=0.0)
        for c in self.checks:
            if c.problem:
                rows.append([c.name, "", "", "", "", "", w["answers_wrong"]])
            for e in c.entries:
                result = w["answers_right"] if e.ok else w["answers_wrong"]
                claimed = w["answers_blank"] if e.blank else num(e.claimed, max(notation.precision, 6))
                errors = ["", ""] if e.blank else [num(x) for x in _shown_errors(e, scale)]
                rows.append([e.name, claimed, num(_without_noise(e.correct, scale)), *errors, num(e.tolerance),
                             result])
        out = [f"## {title}" if md else title, *basis, rule, render_table(headers, rows, fmt)]
        notes = []
        if self.missing:
            notes.append(w["answers_missing"].format(names=text(", ".join(self.missing))))
        if self.not_asked:
            notes.append(w["answers_not_asked"].format(names=text(", ".join(self.not_asked))))
        for c in self.wrong:
            if c.problem:  # said once: the right matrix transposed, or else the shapes
                notes.append(w["answers_slip_shape"].format(name=text(c.name)) if c.slips else
                             f"{text(c.name)}: {w['answers_shape'].format(problem=text(_shape_problem(c, w)))}")
                continue
            if len(c.entries) > 1:
                where = ", ".join(e.name[len(c.name):] for e in c.wrong)
                notes.append(w["answers_wrong_entries"].format(name=text(c.name), k=len(c.wrong), n=len(c.entries),
                                                               entries=text(where)))
            answered = [e.node for e in c.wrong if not e.blank]
            if c.slips:  # the slip that fits best; c.slips lists every one that fits
                notes.append(w["answers_slip"].format(name=text(c.name), slip=c.slips[0].describe(notation.lang),
                                                      values=slip_values(c.slips[0], answered, notation)))
        if notes:
            out.append("\n".join(("- " if md else "  ") + n for n in notes))
        chains = [chain for c in self.checks for chain in c.chains]
        if chains:
            out.append(f"### {w['answers_chains']}" if md else w["answers_chains"])
            out += [chain.render(fmt, notation=notation) for chain in chains]
        if self.passed:
            out.append(w["answers_all_right"].format(n=len(self.checks)))
        return "\n\n".join(out)

    def to_text(self, *, notation: NotationLike = None, **old: object) -> str:
        """The report as aligned plain text, in the report's notation unless another is given
        (``notation="es"`` writes ``0,5``)."""
        return self._render("text", as_notation(notation, old, where="AnswerReport.to_text", default=self.notation))

    def to_markdown(self, *, notation: NotationLike = None, **old: object) -> str:
        """The report as Markdown (tables and headings; names are escaped, so ``x_1`` stays ``x_1``), in the
        report's notation unless another is given."""
        return self._render("markdown", as_notation(notation, old, where="AnswerReport.to_markdown",
                                                    default=self.notation))

    def __str__(self) -> str:
        return self.to_text()


#: Below this fraction of the numbers around it (the report's largest), a value or a difference is float
#: noise: a report writes it as 0.
NOISE = 1e-12


def _without_noise(x: float, scale: float) -> float:
    """``x``, or 0 when it is float noise next to ``scale`` (``5.55e-17`` among numbers near 1)."""
    return 0.0 if abs(x) <= NOISE * scale else x


def _shown_errors(entry: AnswerEntry, scale: float) -> tuple[float, float]:
    """An entry's absolute and relative errors as a report shows them: both 0 when the claim and the correct
    value differ only by float noise (``0.1 + 0.2`` against ``0.3``; a correct value that is noise itself),
    never ``1,11e-16``."""
    if entry.abs_error <= NOISE * max(abs(entry.claimed), abs(entry.correct), scale):
        return 0.0, 0.0
    return entry.abs_error, entry.rel_error


def _shape_problem(check: AnswerCheck, w: Mapping[str, str]) -> str:
    """Why an answer could not be compared, in the report's words: ``expected shape 3×2, got 2×3``."""
    if check.claimed_shape is None:
        return check.problem
    def shape(s: tuple[int, ...]) -> str:
        return "×".join(map(str, s)) if s else w["answers_one_number"]
    hint = w["answers_transposed_hint"] if len(check.shape) == 2 and check.claimed_shape == check.shape[::-1] else ""
    return w["answers_expected_shape"].format(expected=shape(check.shape), got=shape(check.claimed_shape), hint=hint)
