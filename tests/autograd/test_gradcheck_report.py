"""gradcheck's report, its tolerances, and the shared number formatting."""

from __future__ import annotations

import math

import pytest

from autograd import DomainError, Value, gradcheck, ops
from autograd.gradcheck import GradcheckError
from autograd.text import Notation, format_number, parse_number, render_table
from autograd.value import apply
from viz.cli import main


def test_report_passes_and_prints_a_table() -> None:
    report = gradcheck(lambda x, w, b: (x * w + b).tanh(), [2.0, -3.0, 6.88])
    assert report.passed and bool(report)
    assert [e.label for e in report.entries] == ["x", "w", "b"]
    text = str(report)
    assert text.splitlines()[0].startswith("gradcheck: analytic vs central differences (eps=1e−06")
    assert "all 3 gradients agree" in text
    d = 1 - math.tanh(0.88) ** 2
    assert report.entries[1].analytic == pytest.approx(2 * d, rel=1e-12)
    assert report.entries[1].numeric == pytest.approx(2 * d, rel=1e-8)


def test_report_in_spanish_with_decimal_comma() -> None:
    text = gradcheck(lambda a, b: (a * b).sigmoid(), [0.3, -1.2]).to_text(notation=Notation("es", decimal=","))
    assert "analítico vs diferencias centradas" in text and "rtol=0,001" in text
    assert "−0,2" in text  # ∂σ(ab)/∂a = σ'·b ≈ -0.2…
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
        (-4.0, {}, "−4"), (0.0, {}, "0"), (-0.0, {}, "0"), (1e-9, {}, "1e−09"), (12345678.0, {}, "1.235e+07"),
        (-1e-9, {"decimal": ","}, "−1e−09"), (math.inf, {}, "inf"), (-math.inf, {}, "−inf"),
        (-0.000012, {"precision": 2, "decimal": ","}, "−1,2e−05"),
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
    ("0,879", ",", 0.879), ("0.879", ",", 0.879), ("−4", ",", -4.0), ("-4", ",", -4.0), (" 6,88 ", ",", 6.88),
    ("1e-3", ".", 1e-3), ("−1,2e−05", ",", -1.2e-05), ("−1.2e−05", ".", -1.2e-05),
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
    text = gradcheck(lambda x: x * 2, [1.0]).to_text(notation="es")
    assert text.splitlines()[-1] == "el gradiente coincide"


# --- notes: a probe outside the domain, a point on a kink ----------------------------------------

def test_a_probe_outside_the_domain_is_named_as_a_probe() -> None:
    report = gradcheck(lambda x: x.sqrt(), [1e-12])
    (entry,) = report.entries
    assert not report.passed and math.isnan(entry.numeric)
    (note,) = entry.notes
    assert (note.kind, note.op, note.sign) == ("domain", ops.SQRT, -1)
    assert note.at == pytest.approx(1e-12 - 1e-6) and note.operands == pytest.approx((1e-12 - 1e-6,))
    text = report.to_text(notation=Notation(precision=3))
    assert ("x: at x − eps = −1e−06, sqrt gets a = −1e−06, outside its domain (a ≥ 0 (and a > 0 for its "
            "derivative)): that point is a probe of the central difference, not your x; move x away from the "
            "edge of the domain, or pass a smaller eps") in text
    es = report.to_text(notation=Notation("es", decimal=",", precision=3))
    assert ("x: en x − eps = −1e−06, sqrt recibe a = −1e−06, fuera de su dominio (a ≥ 0 (y a > 0 para su "
            "derivada))") in es
    assert "ese punto es una prueba de la diferencia centrada, no el x dado; alejar x del borde del dominio" in es
    assert text.splitlines()[-1] == "the gradient disagrees"


def test_a_probe_outside_the_domain_of_an_inner_op_names_that_op() -> None:
    """The probe x + eps of log(1 − x) at x = 1 − 1e-9 gives log the operand 1 − x − eps < 0."""
    report = gradcheck(lambda x, y: (1.0 - x).log() * y, [1.0 - 1e-9, 2.0])
    x, y = report.entries
    assert [(n.kind, n.op, n.sign) for n in x.notes] == [("domain", ops.LOG, 1)]
    assert x.notes[0].operands[0] == pytest.approx(-1e-6, rel=1e-2)
    assert y.passed and y.notes == ()
    assert ("x: at x + eps = 1, log gets a = −1e−06, outside its domain (a > 0)"
            in report.to_text(notation=Notation(precision=2)))


def test_a_domain_error_without_an_op_still_says_it_was_a_probe() -> None:
    def f(x: Value) -> Value:
        if x.data <= 0.0:
            raise DomainError("f is defined for x > 0 only")
        return x * x

    (entry,) = gradcheck(f, [1e-9]).entries
    assert entry.notes[0].op is None
    assert entry.notes[0].to_text("x", notation=Notation(precision=3)) == (
        "at x − eps = −9.99e−07 the function is undefined: that point is a probe of the central difference, "
        "not your x; move x away from the edge of its domain, or pass a smaller eps")
    assert "la función no está definida" in entry.notes[0].to_text("x", notation="es")


def test_other_errors_at_a_probe_are_raised() -> None:
    def f(x: Value) -> Value:
        if x.data != 1.0:
            raise ValueError("only at 1")
        return x

    with pytest.raises(ValueError, match="only at 1"):
        gradcheck(f, [1.0])


def test_a_point_on_a_kink_says_the_derivative_is_a_convention() -> None:
    report = gradcheck(lambda x: x.relu(), [0.0])
    (entry,) = report.entries
    assert not entry.passed and [(n.kind, n.op, n.at, n.local) for n in entry.notes] == [("kink", ops.RELU, 0.0, 0.0)]
    assert ("x: relu is not differentiable at a = 0, exactly where it is evaluated here: its derivative there is "
            "a convention (pizarra takes ReLU′(0) = 0), while the central difference averages the slopes on both "
            "sides") in str(report)
    assert ("x: relu no es derivable en a = 0, justo donde se evalúa aquí: su derivada ahí es una convención "
            "(pizarra toma ReLU′(0) = 0)") in report.to_text(notation="es")
    # the convention is read from the op table: leaky ReLU's slope (an op with no convention text: the number)
    leaky = gradcheck(lambda x: x.leaky_relu(0.1), [0.0]).entries[0]
    assert "pizarra takes 0.1" in leaky.notes[0].to_text("x")


@pytest.mark.parametrize(("at_zero", "name", "en", "es"), [
    (1.0, "relu(at_zero=1)", "ReLU′(0) = 1", "ReLU′(0) = 1"),
    (0.5, "relu(at_zero=0.5)", "ReLU′(0) = 0.5", "ReLU′(0) = 0,5"),
])
def test_a_kink_note_names_the_relu_convention_the_node_uses(at_zero: float, name: str, en: str, es: str) -> None:
    report = gradcheck(lambda x: x.relu(at_zero=at_zero) * 3.0, [0.0])
    (entry,) = report.entries
    assert entry.analytic == 3.0 * at_zero  # backward took the node's own convention
    (note,) = entry.notes
    assert (note.kind, note.op, note.local) == ("kink", ops.relu_op(at_zero), at_zero)
    assert f"x: {name} is not differentiable at a = 0" in str(report)
    assert f"(pizarra takes {en})" in str(report)
    assert f"(pizarra toma {es})" in report.to_text(notation="es")
    # away from the kink the two conventions agree, and so do the checks
    assert gradcheck(lambda x: x.relu(at_zero=at_zero), [0.3]).passed


def test_spanish_notes_quote_the_domain_in_spanish_and_errors_stay_english() -> None:
    report = gradcheck(lambda x: (x - 1.0) ** 0.5, [1.0 + 1e-9])
    es = report.to_text(notation="es")
    assert "fuera de su dominio (a > 0, o a = 0 con b ≥ 0, o a < 0 con b entero)" in es
    assert "outside its domain (a > 0, or a = 0 with b ≥ 0, or a < 0 with an integer b)" in str(report)
    with pytest.raises(DomainError, match="pow needs a > 0, or a = 0 with b ≥ 0, or a < 0 with an integer b"):
        Value(-1.0) ** 0.5


def test_probes_on_both_sides_of_a_kink() -> None:
    report = gradcheck(lambda x: x.relu(), [1e-7])
    (note,) = report.entries[0].notes
    assert note.kind == "straddle" and note.operands == pytest.approx((1e-7 - 1e-6, 1e-7 + 1e-6))
    assert ("x: the probes x ± eps put relu's operand a on both sides of its kink at 0 (a from −9e−07 to 1.1e−06): "
            "the central difference mixes the two slopes; move x away from the kink") in str(report)
    es = report.to_text(notation=Notation("es", decimal=","))
    assert ("las pruebas x ± eps ponen el operando a de relu a ambos lados de su quiebre en 0 "
            "(a de −9e−07 a 1,1e−06)") in es
    assert gradcheck(lambda x: x.relu(), [1e-3]).entries[0].notes == ()  # far enough: no note


def test_a_kink_is_noted_only_for_the_inputs_that_move_it() -> None:
    report = gradcheck(lambda x, y: x.relu() * y + y.abs(), [0.0, 3.0])
    x, y = report.entries
    assert [n.op for n in x.notes] == [ops.RELU] and y.notes == ()
    assert [line[:7] for line in str(report).splitlines() if "differentiable" in line] == ["x: relu"]
    # one note about two inputs is printed once, for both
    both = gradcheck(lambda x, w: apply(ops.ABS, [x + w]), [0.0, 0.0])
    assert [line.split(":")[0] for line in str(both).splitlines() if "differentiable" in line] == ["x, w"]


def test_a_kink_is_noted_when_the_probes_build_another_graph() -> None:
    def f(x: Value) -> Value:  # a graph whose shape depends on the data: the probes cannot be lined up
        return x.relu() if x.data >= 0.0 else x.relu() * 1.0

    assert [n.kind for n in gradcheck(f, [0.0]).entries[0].notes] == ["kink"]


def test_the_notes_reach_the_failure_and_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(GradcheckError, match="outside its domain"):
        gradcheck(lambda x: x.log(), [1e-9], raise_on_failure=True)
    assert main(["check", "sqrt(x)", "x=1e-12"]) == 1
    out = capsys.readouterr().out
    assert "x: at x − eps = −1e−06, sqrt gets a = −1e−06, outside its domain" in out
    assert main(["check", "relu(x)", "x=0", "--lang", "es"]) == 1
    out = capsys.readouterr().out
    assert "x: relu no es derivable en a = 0" in out and out.splitlines()[-1] == "el gradiente no coincide"
