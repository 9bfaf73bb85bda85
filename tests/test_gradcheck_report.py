"""gradcheck's report, its tolerances, and the shared number formatting."""

from __future__ import annotations

import math

import pytest

from autograd import Value, gradcheck
from autograd.gradcheck import GradcheckError
from autograd.text import format_number, parse_number, render_table


def test_report_passes_and_prints_a_table() -> None:
    report = gradcheck(lambda x, w, b: (x * w + b).tanh(), [2.0, -3.0, 6.88])
    assert report.passed and bool(report)
    assert [e.label for e in report.entries] == ["x", "w", "b"]
    text = str(report)
    assert text.splitlines()[0].startswith("gradcheck: analytic vs central differences (eps=1e-06")
    assert "all 3 gradients agree" in text
    d = 1 - math.tanh(0.88) ** 2
    assert report.entries[1].analytic == pytest.approx(2 * d, rel=1e-12)
    assert report.entries[1].numeric == pytest.approx(2 * d, rel=1e-8)


def test_report_in_spanish_with_decimal_comma() -> None:
    text = gradcheck(lambda a, b: (a * b).sigmoid(), [0.3, -1.2]).to_text(lang="es", decimal=",")
    assert "analítico vs diferencias centradas" in text and "rtol=0,001" in text
    assert "-0,2" in text  # ∂σ(ab)/∂a = σ'·b ≈ -0.2…
    assert "los 2 gradientes coinciden" in text
    md = gradcheck(lambda a: a * 2, [1.0]).to_text(fmt="markdown")
    assert "| input | analytic |" in md


def test_labels_come_from_values_then_parameter_names() -> None:
    report = gradcheck(lambda *xs: xs[0] * xs[1], [Value(1.0, label="p"), 2.0])
    assert [e.label for e in report.entries] == ["p", "x2"]


def test_failure_is_reported_and_raised() -> None:
    class Wrong:  # a "custom op" whose backward lies: detach the second factor
        def __call__(self, a: Value, b: Value) -> Value:
            return a * b.detach()

    report = gradcheck(Wrong(), [1.5, 2.0])
    assert not report.passed and [e.label for e in report.failures()] == ["b"]
    assert "1 of 2 gradients disagree" in str(report) and "FAIL" in str(report)
    with pytest.raises(GradcheckError) as info:
        gradcheck(Wrong(), [1.5, 2.0], raise_on_failure=True)
    assert info.value.report.failures()[0].numeric == pytest.approx(1.5)


def test_gradcheck_arguments_are_validated() -> None:
    with pytest.raises(ValueError, match="eps > 0"):
        gradcheck(lambda x: x, [1.0], eps=0.0)
    with pytest.raises(TypeError, match="must return a Value"):
        gradcheck(lambda x: 1.0, [1.0])  # type: ignore[arg-type, return-value]


def test_constant_function_has_zero_gradients() -> None:
    assert gradcheck(lambda x: x.detach() * 2, [1.0]).entries[0].analytic == 0.0


@pytest.mark.parametrize(
    ("x", "kwargs", "text"),
    [
        (0.8789, {}, "0.8789"), (0.87891234, {"precision": 3, "decimal": ","}, "0,879"),
        (-4.0, {}, "-4"), (0.0, {}, "0"), (-0.0, {}, "0"), (1e-9, {}, "1e-09"), (12345678.0, {}, "1.235e+07"),
        (-1e-9, {"decimal": ","}, "-1e-09"), (math.inf, {}, "inf"),
    ],
)
def test_format_number(x: float, kwargs: dict[str, object], text: str) -> None:
    assert format_number(x, **kwargs) == text  # type: ignore[arg-type]


def test_format_number_and_table_errors() -> None:
    with pytest.raises(ValueError, match="decimal"):
        format_number(1.0, decimal=";")
    with pytest.raises(ValueError, match="table format"):
        render_table(["a"], [["1"]], fmt="csv")
    assert render_table(["a|b"], [["x\ny"]], fmt="markdown").splitlines()[2] == "| x y |"


@pytest.mark.parametrize(("text", "decimal", "value"), [
    ("0,879", ",", 0.879), ("0.879", ",", 0.879), ("−4", ",", -4.0), (" 6,88 ", ",", 6.88), ("1e-3", ".", 1e-3),
])
def test_parse_number_reads_what_format_number_writes(text: str, decimal: str, value: float) -> None:
    assert parse_number(text, decimal) == value
    assert parse_number(format_number(value, 6, ","), ",") == value


@pytest.mark.parametrize(("text", "decimal", "message"), [
    ("abc", ",", "must be a number"), ("6,88", ".", "use a decimal point"), ("1,2,3", ",", "must be a number"),
    ("inf", ",", "must be finite"), ("nan", ".", "must be finite"),
])
def test_parse_number_errors(text: str, decimal: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_number(text, decimal, what="w1")


def test_markdown_cells_are_text() -> None:
    """`**` (the power op) and `y_hat` must not turn into emphasis; $…$ maths is left alone."""
    md = render_table(["op", "name"], [["**", "y_hat"], ["`x`", "$W_1$"]], fmt="markdown").splitlines()
    assert md[2] == r"| \*\* | y\_hat |"
    assert md[3] == r"| \`x\` | $W_1$ |"


def test_one_input_summary_is_singular() -> None:
    assert str(gradcheck(lambda x: x * 2, [1.0])).splitlines()[-1] == "the gradient agrees"
    text = gradcheck(lambda x: x * 2, [1.0]).to_text(lang="es")
    assert text.splitlines()[-1] == "el gradiente coincide"
