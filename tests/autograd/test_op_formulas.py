"""Every derivative's formula text says what its function computes, for every op of the table.

The op table writes each local derivative twice, side by side: as text for a class (``σ(a)·(1 − σ(a))``)
and as code (``out * (1.0 - out)``).  Here each text is evaluated at random points inside the op's
domain and away from its kinks, through the project's own formula parser (never ``eval``), after a
small fixed table turns display symbols into the parser's syntax, and compared with the function.
The Spanish forms (``1 si a > 0; 0 si no``) are evaluated the same way, and so is the ReLU of each
convention at 0 (:func:`autograd.ops.relu_op`), at random points and exactly at its kink.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, ops
from autograd.ops import Derivative, Op
from autograd.testing import op_inputs
from viz.classroom.formula import Formula

#: Display symbols and the parser's spelling of them, applied in order.
DISPLAY_TO_PARSER: tuple[tuple[str, str], ...] = (
    (r"sign\(a\)", "(a/abs(a))"),  # sign(a) = a/|a| away from 0, the kink of abs
    (r"ln ([a-z]\w*)", r"log(\1)"),  # ln a
    (r"ln\(", "log("),
    (r"σ\(", "sigmoid("),
    (r"√([a-z]\w*)", r"sqrt(\1)"),  # √a
    (r"(\d)([a-z(])", r"\1*\2"),  # 2√a: a number times what follows it
    (r"·", "*"),
    (r"−", "-"),
    (r"²", "**2"),
    (r"\^", "**"),
)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
#: Every op the formulas are checked for: the table, and ReLU with other conventions at 0.
EVERY_OP: dict[str, Op] = {**OPS, **{op.name: op for op in (ops.relu_op(1.0), ops.relu_op(0.5))}}
#: A piecewise formula's branches: ``1 if a > 0 else 0`` and ``1 si a > 0; 0 si no``, with any number of
#: conditions (``1 if a > 0 else 0.5 if a = 0 else 0``; ``1 si a > 0; 0,5 si a = 0; 0 si no``).
_BRANCHES = {"en": (" else ", " if ", None), "es": ("; ", " si ", "no")}
_CONDITION = re.compile(r"([a-z]) (>|≥|=) (0)")
_COMPARE = {">": operator.gt, "≥": operator.ge, "=": operator.eq}


def branch(rhs: str, values: dict[str, float], lang: str) -> str:
    """The branch of a piecewise right-hand side that ``values`` pick (the text itself if it has one)."""
    between, condition_mark, otherwise = _BRANCHES[lang]
    if condition_mark not in rhs:
        return rhs
    *conditional, last = rhs.split(between)
    for part in conditional:
        value, condition = part.split(condition_mark)
        found = _CONDITION.fullmatch(condition)
        assert found, f"{rhs!r}: cannot read the condition {condition!r}"
        name, compare, bound = found.groups()
        if _COMPARE[compare](values[name], float(bound)):
            return value
    if otherwise is None:
        return last
    value, condition = last.split(condition_mark)
    assert condition == otherwise, f"{rhs!r}: the last branch must end with {condition_mark.strip()} {otherwise}"
    return value


def parser_text(display: str) -> str:
    """A formula's right-hand side as the formula parser writes it (``x₂`` becomes ``x2``)."""
    text = display.translate(_SUBSCRIPTS)
    for pattern, replacement in DISPLAY_TO_PARSER:
        text = re.sub(pattern, replacement, text)
    leftover = sorted({ch for ch in text if not ch.isascii()})
    assert not leftover, (f"{display!r}: no parser spelling for {leftover}; add it to DISPLAY_TO_PARSER, "
                          "or write the formula in symbols the table knows")
    return text


def variables(op: Op, args: Sequence[float]) -> dict[str, float]:
    """The parents' values by the names the formulas use: ``a``, ``b``, or ``x1..xm``, ``w1..wm``."""
    if not op.variadic:
        return dict(zip(op.params, args))
    m = len(args) // len(op.params)
    return {f"{p}{j + 1}": args[g * m + j] for g, p in enumerate(op.params) for j in range(m)}


def formula_value(op: Op, i: int, args: Sequence[float], lang: str = "en") -> float:
    """The right-hand side of ``op.formula(i, n, lang=lang)`` evaluated at ``args`` by the formula parser."""
    values = variables(op, args)
    rhs = branch(op.formula(i, len(args), lang=lang).split(" = ", 1)[1], values, lang)
    if lang == "es":
        rhs = re.sub(r"(\d),(\d)", r"\1.\2", rhs)  # 0,5: the decimal comma
    text = parser_text(rhs)
    if op.variadic:  # a whole group as an argument, as in logsumexp(x): every parent of the group
        for name in op.params:
            group = ", ".join(v for v in values if re.fullmatch(rf"{name}\d+", v))
            text = text.replace(f"({name})", f"({group})")
    formula = Formula(text)
    return formula.build({name: values[name] for name in formula.variables}).data


def assert_formulas_match(op: Op, args: Sequence[float], lang: str = "en") -> None:
    out = op.forward(list(args)) if op.variadic else op.forward(*args)
    for i in range(len(args)):
        expected = float(op.local_derivative(i, list(args), out))
        written = formula_value(op, i, args, lang)
        assert math.isclose(written, expected, rel_tol=1e-9, abs_tol=1e-12), (
            f"{op.formula(i, len(args), lang=lang)} gives {written!r} at {variables(op, args)}, "
            f"but the derivative function gives {expected!r}")


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", sorted(EVERY_OP))
@settings(max_examples=40)
@given(data=st.data())
def test_every_formula_text_matches_its_derivative(name: str, lang: str, data: st.DataObject) -> None:
    op = EVERY_OP[name]
    assert_formulas_match(op, data.draw(op_inputs(op)), lang)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("name", "args"), [
    ("relu", [0.0]), ("relu(at_zero=1)", [0.0]), ("relu(at_zero=0.5)", [0.0]), ("leaky_relu", [0.0, 0.1]),
])
def test_a_piecewise_formula_says_its_value_at_the_kink(name: str, args: list[float], lang: str) -> None:
    """At exactly 0 the derivative is a convention, and the text must state the one the function takes."""
    assert_formulas_match(EVERY_OP[name], args, lang)


def test_each_relu_formula_states_its_convention() -> None:
    assert [ops.relu_op(c).formula(0) for c in (0.0, 1.0, 0.5)] == [
        "∂(ReLU(a))/∂a = 1 if a > 0 else 0", "∂(ReLU(a))/∂a = 1 if a ≥ 0 else 0",
        "∂(ReLU(a))/∂a = 1 if a > 0 else 0.5 if a = 0 else 0"]
    assert [ops.relu_op(c).formula(0, lang="es") for c in (0.0, 1.0, 0.5)] == [
        "∂(ReLU(a))/∂a = 1 si a > 0; 0 si no", "∂(ReLU(a))/∂a = 1 si a ≥ 0; 0 si no",
        "∂(ReLU(a))/∂a = 1 si a > 0; 0,5 si a = 0; 0 si no"]
    # edited to say the other convention, the check at the kink fails
    with pytest.raises(AssertionError, match=r"but the derivative function gives 1\.0"):
        assert_formulas_match(_rewritten(ops.relu_op(1.0), 0, "1 if a > 0 else 0"), [0.0])
    with pytest.raises(AssertionError, match=r"but the derivative function gives 0\.0"):
        assert_formulas_match(_rewritten(ops.RELU, 0, "1 if a > 0 else 0", "1 si a ≥ 0; 0 si no"), [0.0], "es")


_ENGLISH = re.compile(r"\b(if|else|and|or|with|for|an|integer|its|derivative)\b")


@pytest.mark.parametrize("name", sorted(EVERY_OP))
def test_every_text_with_english_words_has_a_spanish_form_without_them(name: str) -> None:
    op = EVERY_OP[name]
    n = 2 * len(op.params)
    texts = [(op.formula(i, n), op.formula(i, n, lang="es")) for i in range(n if op.variadic else len(op.params))]
    texts += [(op.domain_text() or "", op.domain_text(lang="es") or ""),
              (op.convention_text() or "", op.convention_text(lang="es") or "")]
    for en, es in texts:
        assert not _ENGLISH.search(es), f"{op.name}: {es!r} is English"
        if not _ENGLISH.search(en):
            assert es == en.replace(".", ","), f"{op.name}: {es!r} should read as {en!r}"


def _rewritten(op: Op, group: int, formula: str, formula_es: str | None = None) -> Op:
    derivatives = list(op.derivatives)
    derivatives[group] = Derivative(formula, derivatives[group].fn, formula_es)
    return dataclasses.replace(op, derivatives=tuple(derivatives))


@pytest.mark.parametrize(("op", "group", "wrong", "args"), [
    (ops.SUB, 1, "1", [0.7, 1.3]),                            # a lost sign
    (ops.MUL, 0, "a", [0.7, 1.3]),                            # the wrong parent
    (ops.DIV, 1, "a/b²", [0.7, 1.3]),                         # a lost minus
    (ops.POW, 0, "a^(b−1)", [0.7, 1.3]),                      # a lost factor
    (ops.POW, 1, "a^b·ln b", [0.7, 1.3]),
    (ops.TANH, 0, "1 − tanh(a)", [0.7]),                      # a lost square
    (ops.SIGMOID, 0, "σ(a)·(1 + σ(a))", [0.7]),
    (ops.SQRT, 0, "1/√a", [0.7]),
    (ops.COS, 0, "sin(a)", [0.7]),
    (ops.ABS, 0, "sign(a)", [-0.7]),                          # right: the control case below
    (ops.RELU, 0, "1 if a > 0 else 1", [-0.7]),
    (ops.relu_op(1.0), 0, "0 if a ≥ 0 else 0", [0.7]),
    (ops.LEAKY_RELU, 0, "1 if a > 0 else a", [-0.7, 0.1]),
    (ops.DOT, 1, "wᵢ", [0.7, 1.3, -0.4, 2.0]),
    (ops.LOGSUMEXP, 0, "exp(xᵢ)", [0.7, 1.3]),
    (ops.SUM, 0, "0", [0.7, 1.3]),
])
def test_a_formula_edited_wrong_fails(op: Op, group: int, wrong: str, args: list[float]) -> None:
    edited = _rewritten(op, group, wrong)
    if wrong == op.derivatives[group].formula:  # the control: the table's own formula passes
        assert_formulas_match(edited, args)
        return
    with pytest.raises(AssertionError, match="but the derivative function gives"):
        assert_formulas_match(edited, args)


def test_a_symbol_the_table_does_not_know_is_named() -> None:
    with pytest.raises(AssertionError, match=r"no parser spelling for \['∛'\]"):
        assert_formulas_match(_rewritten(ops.SQRT, 0, "∛a"), [0.7])


@pytest.mark.parametrize(("rhs", "a", "lang", "picked"), [
    ("1 si a > 0; s si no", 0.5, "es", "1"), ("1 si a > 0; s si no", -0.5, "es", "s"),
    ("1 si a > 0; 0,5 si a = 0; 0 si no", 0.0, "es", "0,5"), ("1 if a ≥ 0 else 0", 0.0, "en", "1"),
    ("1 if a > 0 else 0.5 if a = 0 else 0", -1.0, "en", "0"),
])
def test_the_branch_a_piecewise_formula_picks(rhs: str, a: float, lang: str, picked: str) -> None:
    assert branch(rhs, {"a": a}, lang) == picked


def test_a_spanish_piecewise_formula_must_end_with_si_no() -> None:
    with pytest.raises(AssertionError, match="must end with si no"):
        branch("1 si a > 0; 0 si a < 0", {"a": -1.0}, "es")


def test_the_display_table_reads_the_symbols_of_the_op_table() -> None:
    assert parser_text("b·a^(b−1)") == "b*a**(b-1)"
    assert parser_text("a^b·ln a") == "a**b*log(a)"
    assert parser_text("1/(2√a)") == "1/(2*sqrt(a))"
    assert parser_text("σ(a)·(1 − σ(a))") == "sigmoid(a)*(1 - sigmoid(a))"
    assert parser_text("1 − tanh(a)²") == "1 - tanh(a)**2"
    assert parser_text("exp(x₂ − logsumexp(x))") == "exp(x2 - logsumexp(x))"
