"""``gradcheck``: compare backprop's gradients with central finite differences.

For each input ``xᵢ`` the numeric derivative is ``(f(…, xᵢ + ε, …) − f(…, xᵢ − ε, …)) / 2ε``, whose
error is O(ε²); the check passes when ``|analytic − numeric| ≤ atol + rtol·|numeric|`` (the rule of
``numpy.isclose`` and ``torch.autograd.gradcheck``).  The defaults are tight enough to catch a
derivative off by a factor of 2 or by a sign.

Where the numeric derivative cannot be trusted the report says why, in a note under the table: a
probe ``x ± eps`` left an op's domain (``sqrt`` at ``x = 1e-12``), or the point sits on, or the
probes straddle, an op's kink (``relu`` at 0).  The notes read the op table's ``domain``, ``kinks``
and ``convention`` (in the report's language), so they know every op, and which ReLU′(0) a node takes.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .backprop import topological_order
from .errors import AutogradError, DomainError
from .ops import Op
from .text import WORDS, Notation, NotationLike, as_notation, render_table
from .value import Number, Value

__all__ = ["GradcheckEntry", "GradcheckError", "GradcheckNote", "GradcheckReport", "gradcheck"]


class GradcheckError(AutogradError, AssertionError):
    """Raised by ``gradcheck(..., raise_on_failure=True)`` when a gradient disagrees; carries the report."""

    def __init__(self, report: GradcheckReport) -> None:
        super().__init__(str(report))
        self.report = report


@dataclass(frozen=True)
class GradcheckNote:
    """Why the numeric derivative of one input cannot be trusted at this point.

    ``kind`` is one of

    * ``"domain"``: the probe ``x + sign·eps``, at ``at``, is outside ``op``'s domain (its operands
      there are ``operands``; ``op`` is None when the function failed some other way there);
    * ``"kink"``: ``op``'s first operand is exactly its kink ``at``, where the engine takes ``local``
      as the derivative;
    * ``"straddle"``: the probes put ``op``'s first operand on both sides of its kink ``at``, from
      ``operands[0]`` to ``operands[1]``.
    """

    kind: Literal["domain", "kink", "straddle"]
    op: Op | None
    at: float
    sign: int = 0
    operands: tuple[float, ...] = ()
    local: float = 0.0

    def to_text(self, label: str, *, notation: NotationLike = None, **old: object) -> str:
        """The note as a sentence, for the input called ``label`` (numbers written as ``notation`` says)."""
        return self._sentence(label, as_notation(notation, old, where="GradcheckNote.to_text"))

    def _sentence(self, label: str, notation: Notation) -> str:
        w, num = notation.words(WORDS), notation.number
        op = self.op
        if self.kind == "domain":
            probe = f"{label} {'+' if self.sign > 0 else '−'} eps"
            if op is None:
                return w["gc_note_undefined"].format(probe=probe, value=num(self.at), x=label)
            n = len(self.operands)
            operands = ", ".join(f"{op.param_name(i, n)} = {num(v)}" for i, v in enumerate(self.operands))
            domain = op.domain_text(lang=notation.lang)
            return w["gc_note_domain"].format(probe=probe, value=num(self.at), op=op.name, operands=operands,
                                              domain=f" ({domain})" if domain else "", x=label)
        assert op is not None
        param = op.param_name(0, 1)
        if self.kind == "kink":  # the op's own words for its convention (ReLU′(0) = 1), else the number
            takes = op.convention_text(lang=notation.lang) or num(self.local)
            return w["gc_note_kink"].format(op=op.name, param=param, kink=num(self.at), local=takes)
        low, high = self.operands
        return w["gc_note_straddle"].format(x=label, op=op.name, param=param, kink=num(self.at), low=num(low),
                                            high=num(high))


@dataclass(frozen=True)
class GradcheckEntry:
    """The check of one input: its analytic and numeric derivative and whether they agree.

    ``numeric`` is NaN when a probe left the function's domain; ``notes`` say why the numeric
    derivative cannot be trusted there (see :class:`GradcheckNote`).
    """

    label: str
    value: float
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    passed: bool
    notes: tuple[GradcheckNote, ...] = ()


@dataclass(frozen=True)
class GradcheckReport:
    """What :func:`gradcheck` found, one :class:`GradcheckEntry` per input.

    ``inputs`` are the leaf Values the function was evaluated on and ``output`` its result, with the
    analytic gradients filled in, so a diagram can show where the two disagree.
    """

    entries: tuple[GradcheckEntry, ...]
    eps: float
    atol: float
    rtol: float
    inputs: tuple[Value, ...] = field(repr=False)
    output: Value = field(repr=False)

    @property
    def passed(self) -> bool:
        """True when every input's gradient agrees."""
        return all(e.passed for e in self.entries)

    def __bool__(self) -> bool:
        return self.passed

    def failures(self) -> list[GradcheckEntry]:
        """The entries that disagree."""
        return [e for e in self.entries if not e.passed]

    def to_text(self, *, notation: NotationLike = None, fmt: str = "text", **old: object) -> str:
        """The report as a table (``fmt``: ``"text"``, ``"markdown"``, ``"latex"`` or ``"html"``).

        In English, or in Spanish with ``notation="es"`` (a decimal comma; ``Notation("es", decimal=".")``
        keeps the point).  Under the table, one line per note (a probe outside the domain, a kink), then the
        verdict.
        """
        nota = as_notation(notation, old, where="GradcheckReport.to_text")
        w, num = nota.words(WORDS), nota.number
        headers = [w["input"], w["analytic"], w["numeric"], w["abs_error"], w["rel_error"], w["result"]]
        rows = [[e.label, num(e.analytic), num(e.numeric), num(e.abs_error), num(e.rel_error),
                 w["ok"] if e.passed else w["fail"]] for e in self.entries]
        n, k = len(self.entries), len(self.failures())
        title = w["gradcheck_title"].format(eps=num(self.eps), atol=num(self.atol), rtol=num(self.rtol))
        if n == 1:
            summary = w["one_pass"] if k == 0 else w["one_fail"]
        else:
            summary = w["all_pass"].format(n=n) if k == 0 else w["some_fail"].format(k=k, n=n)
        return "\n".join([title, render_table(headers, rows, fmt), *self._notes_text(nota), summary])

    def _notes_text(self, notation: Notation) -> list[str]:
        """One line per distinct note, after the inputs it is about: ``x, w: relu is not …``."""
        about: dict[str, list[str]] = {}
        for e in self.entries:
            for note in e.notes:
                about.setdefault(note._sentence(e.label, notation), []).append(e.label)
        return [f"{', '.join(labels)}: {text}" for text, labels in about.items()]

    def __str__(self) -> str:
        return self.to_text()


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[Value | Number],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_on_failure: bool = False,
) -> GradcheckReport:
    """Check ``f``'s gradients at ``inputs`` against central differences.

    Args:
        f: takes one Value per input and returns a Value, e.g. ``lambda x, w: (x * w).tanh()``.
        inputs: the point to check at (numbers, or Values whose data and label are used).
        eps: the finite-difference step.
        atol, rtol: pass when ``|analytic − numeric| ≤ atol + rtol·|numeric|``.
        raise_on_failure: raise :class:`GradcheckError` (an AssertionError) instead of returning a
            failing report; handy in tests.

    Returns:
        A :class:`GradcheckReport`; ``print(report)`` shows the table, ``bool(report)`` whether it passed.
    """
    if not (eps > 0 and atol >= 0 and rtol >= 0):
        raise ValueError(f"gradcheck: need eps > 0, atol ≥ 0, rtol ≥ 0; got eps={eps}, atol={atol}, rtol={rtol}")
    names = _input_names(f, inputs)
    point = [float(x.data) if isinstance(x, Value) else float(x) for x in inputs]
    leaves = tuple(Value(x, label=name) for x, name in zip(point, names))
    output = _call(f, leaves)
    if output.requires_grad:  # else f is constant in its inputs: every analytic gradient stays 0
        output.backward()

    center = topological_order(output, only_requiring_grad=False)
    entries = []
    for i, leaf in enumerate(leaves):
        numeric, notes = _central_difference(f, point, i, eps, center)
        analytic = leaf.grad
        abs_error = abs(analytic - numeric)
        rel_error = abs_error / max(abs(numeric), 1e-300) if abs_error else 0.0
        passed = abs_error <= atol + rtol * abs(numeric)
        entries.append(GradcheckEntry(names[i], point[i], analytic, numeric, abs_error, rel_error, passed, notes))
    report = GradcheckReport(tuple(entries), eps, atol, rtol, leaves, output)
    if raise_on_failure and not report.passed:
        raise GradcheckError(report)
    return report


def _call(f: Callable[..., Value], args: Sequence[Value]) -> Value:
    out = f(*args)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: the function must return a Value, got {out!r} ({type(out).__name__})")
    return out


def _central_difference(f: Callable[..., Value], point: list[float], i: int, eps: float,
                        center: list[Value]) -> tuple[float, tuple[GradcheckNote, ...]]:
    """The numeric derivative for input ``i`` (NaN when a probe leaves the domain), and its notes.

    ``center`` is the topological order of the graph at ``point``, to find the kinks near it.
    """
    probes: dict[int, Value] = {}
    refused: GradcheckNote | None = None
    for sign in (1, -1):
        x = point[i] + sign * eps
        args = [Value(v) for v in point]
        args[i] = Value(x)
        try:
            probes[sign] = _call(f, args)  # not under no_grad: f may itself differentiate (higher order)
        except (ArithmeticError, ValueError) as error:
            refusal = _domain_error(error)
            if refusal is None:
                raise
            if refused is None:  # the first probe that failed is the one to tell about
                refused = GradcheckNote("domain", refusal.op, x, sign, refusal.operands)
    kinks = _kink_notes(center, list(probes.values()))
    if refused is not None:
        return math.nan, (refused, *kinks)
    numeric = (probes[1].data - probes[-1].data) / (2.0 * eps)
    if not math.isfinite(numeric):
        raise ArithmeticError(f"gradcheck: the numeric derivative for input {i} is not finite")
    return numeric, kinks


def _domain_error(error: BaseException) -> DomainError | None:
    """The DomainError behind ``error`` (itself, or what it was raised from), if any."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, DomainError):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def _kink_notes(center: list[Value], probes: list[Value]) -> tuple[GradcheckNote, ...]:
    """Notes for the kinks of ``center``'s ops that the point sits on or the probes straddle.

    The probe graphs are lined up with ``center`` node by node when they have the same ops in the
    same order; then a kink counts only if its operand moves with this input, and a kink between
    the probes counts too.  Otherwise only an operand exactly at a kink is noted.
    """
    kinked = [k for k, node in enumerate(center) if node.op is not None and node.op.kinks]
    if not kinked:
        return ()
    orders = [topological_order(p, only_requiring_grad=False) for p in probes]
    lined_up = bool(orders) and all(
        len(order) == len(center) and all(a.op is b.op for a, b in zip(order, center)) for order in orders)
    notes: list[GradcheckNote] = []
    for k in kinked:
        node = center[k]
        op = node.op
        assert op is not None
        a = node.parents[0].data
        moved = [order[k].parents[0].data for order in orders] if lined_up else []
        if lined_up and all(m == a for m in moved):
            continue  # this input does not move the operand: the kink does not affect its derivative
        low, high = min([a, *moved]), max([a, *moved])
        for kink in op.kinks:
            if a == kink:
                local = float(op.local_derivative(0, [p.data for p in node.parents], node.data))
                notes.append(GradcheckNote("kink", op, kink, local=local))
            elif low <= kink <= high:
                notes.append(GradcheckNote("straddle", op, kink, operands=(low, high)))
    return tuple(dict.fromkeys(notes))


def _input_names(f: Callable[..., Value], inputs: Sequence[Value | Number]) -> list[str]:
    """Labels of Value inputs, else ``f``'s parameter names, else ``x1, x2, …``."""
    try:
        params = [p.name for p in inspect.signature(f).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    names = []
    for i, x in enumerate(inputs):
        if isinstance(x, Value) and x.label:
            names.append(x.label)
        elif i < len(params) and len(params) == len(inputs):
            names.append(params[i])
        else:
            names.append(f"x{i + 1}")
    return names
