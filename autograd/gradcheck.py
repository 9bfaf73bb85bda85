"""``gradcheck``: compare backprop's gradients with central finite differences.

For each input ``xᵢ`` the numeric derivative is ``(f(…, xᵢ + ε, …) − f(…, xᵢ − ε, …)) / 2ε``, whose
error is O(ε²); the check passes when ``|analytic − numeric| ≤ atol + rtol·|numeric|`` (the rule of
``numpy.isclose`` and ``torch.autograd.gradcheck``).  The defaults are tight enough to catch a
derivative off by a factor of 2 or by a sign.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .errors import AutogradError
from .text import format_number, render_table, words
from .value import Number, Value

__all__ = ["GradcheckEntry", "GradcheckError", "GradcheckReport", "gradcheck"]


class GradcheckError(AutogradError, AssertionError):
    """Raised by ``gradcheck(..., raise_on_failure=True)`` when a gradient disagrees; carries the report."""

    def __init__(self, report: GradcheckReport) -> None:
        super().__init__(str(report))
        self.report = report


@dataclass(frozen=True)
class GradcheckEntry:
    """The check of one input: its analytic and numeric derivative and whether they agree."""

    label: str
    value: float
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    passed: bool


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

    def to_text(self, lang: str = "en", precision: int = 6, decimal: str = ".", fmt: str = "text") -> str:
        """The report as a table, in English or Spanish (``lang="es", decimal=","``)."""
        w = words(lang)
        def num(x: float) -> str:
            return format_number(x, precision, decimal)
        headers = [w["input"], w["analytic"], w["numeric"], w["abs_error"], w["rel_error"], w["result"]]
        rows = [[e.label, num(e.analytic), num(e.numeric), num(e.abs_error), num(e.rel_error),
                 w["ok"] if e.passed else w["fail"]] for e in self.entries]
        n, k = len(self.entries), len(self.failures())
        title = w["gradcheck_title"].format(eps=num(self.eps), atol=num(self.atol), rtol=num(self.rtol))
        if n == 1:
            summary = w["one_pass"] if k == 0 else w["one_fail"]
        else:
            summary = w["all_pass"].format(n=n) if k == 0 else w["some_fail"].format(k=k, n=n)
        return "\n".join([title, render_table(headers, rows, fmt), summary])

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

    entries = []
    for i, leaf in enumerate(leaves):
        numeric = _central_difference(f, point, i, eps)
        analytic = leaf.grad
        abs_error = abs(analytic - numeric)
        rel_error = abs_error / max(abs(numeric), 1e-300) if abs_error else 0.0
        passed = abs_error <= atol + rtol * abs(numeric)
        entries.append(GradcheckEntry(names[i], point[i], analytic, numeric, abs_error, rel_error, passed))
    report = GradcheckReport(tuple(entries), eps, atol, rtol, leaves, output)
    if raise_on_failure and not report.passed:
        raise GradcheckError(report)
    return report


def _call(f: Callable[..., Value], args: Sequence[Value]) -> Value:
    out = f(*args)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: the function must return a Value, got {out!r} ({type(out).__name__})")
    return out


def _central_difference(f: Callable[..., Value], point: list[float], i: int, eps: float) -> float:
    def at(x: float) -> float:
        args = [Value(v) for v in point]
        args[i] = Value(x)
        return _call(f, args).data  # not under no_grad: f may itself differentiate (higher order)
    numeric = (at(point[i] + eps) - at(point[i] - eps)) / (2.0 * eps)
    if not math.isfinite(numeric):
        raise ArithmeticError(f"gradcheck: the numeric derivative for input {i} is not finite")
    return numeric


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
