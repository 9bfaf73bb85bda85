"""The safe expression parser: the whitelist, the error messages, and fuzzing with hypothesis."""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, AutogradError, Value, topological_order, trace_backward
from autograd import functional as F
from autograd.names import SHORT_NAME, node_names
from viz.classroom.formula import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    Formula,
    FormulaError,
    display_name,
    normalize_name,
    parse,
)

NEURON = "tanh(x1*w1 + x2*w2 + b)"
NEURON_VALUES = {"x1": 2.0, "w1": -3.0, "x2": 0.0, "w2": 1.0, "b": 6.8813735870195432}


# --- building graphs ---------------------------------------------------------------------------------

def test_neuron_matches_the_hand_built_graph() -> None:
    out = parse(NEURON, NEURON_VALUES)
    v = {k: Value(x, label=k) for k, x in NEURON_VALUES.items()}
    expected = (v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]).tanh()
    assert out.data == expected.data
    assert out.op is OPS["tanh"]
    out.backward()
    leaves = {n.label: n for n in topological_order(out) if n.is_leaf}
    assert set(leaves) == set(NEURON_VALUES)
    assert leaves["w1"].grad == pytest.approx(1.0, abs=1e-3)   # x1·(1 − tanh²) = 2·0.5
    assert leaves["x2"].grad == pytest.approx(0.5, abs=1e-6)   # w2·0.5


def test_seed_relu_neuron_loss_and_gradients() -> None:
    # ../shared/seeds/004: z = (4, 2, −5)·(1, 0, 2) + 7 = 1, ŷ = ReLU(1) = 1, L = ½(1 − 5)² = 8.
    values = {"w1": 4, "w2": 2, "w3": -5, "x1": 1, "x2": 0, "x3": 2, "b": 7, "y": 5}
    loss = parse("0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2", values)
    assert loss.data == 8.0
    loss.backward()
    g = {n.label: n.grad for n in topological_order(loss) if n.is_leaf}
    assert g["b"] == -4.0                                   # db = dz = −4
    assert (g["w1"], g["w2"], g["w3"]) == (-4.0, 0.0, -8.0)  # dW = dz·xᵀ
    assert (g["x1"], g["x2"], g["x3"]) == (-16.0, -8.0, 20.0)  # dx = wᵀ·dz
    assert g["y"] == 4.0


def test_a_variable_is_one_shared_labelled_leaf() -> None:
    out = parse("x*x + x", {"x": 3})
    product = out.parents[0]
    assert product.parents[0] is product.parents[1] is out.parents[1]
    assert product.parents[0].label == "x" and product.parents[0].requires_grad
    out.backward()
    assert product.parents[0].grad == 7.0


@pytest.mark.parametrize(("text", "expected"), [
    ("-x**2", -9.0), ("2**x**2", 512.0), ("x - 1 - 1", 1.0), ("x / 3 * 2", 2.0), ("+x", 3.0),
    ("-(-x)", 3.0), ("(x + 1) * 2", 8.0), ("1e-3 * x", 0.003), ("10 / 4 + x", 5.5),
])
def test_precedence_and_associativity(text: str, expected: float) -> None:
    assert parse(text, {"x": 3}).data == pytest.approx(expected)


def test_negative_literal_is_a_constant_not_a_negation_node() -> None:
    out = parse("-3 * x", {"x": 2})
    constant = out.parents[0]
    assert constant.is_leaf and constant.data == -3.0 and not constant.requires_grad


def test_every_function_of_the_op_table_can_be_called() -> None:
    operators = {"add", "sub", "mul", "div", "pow", "neg"}
    for name, op in OPS.items():
        if name in operators:
            continue
        assert name in FUNCTIONS
        text = f"{name}([x, y], [y, x])" if name == "dot" else f"{name}(x)" if not op.variadic else f"{name}([x, y])"
        expression = Formula(text)
        out = expression.build({n: {"x": 0.5, "y": 2.0}[n] for n in expression.variables})
        assert out.op is op, name


def test_sequence_functions() -> None:
    values = {"a": 1.0, "b": 2.0, "c": 3.0}
    leaves = {k: Value(x) for k, x in values.items()}
    abc = list(leaves.values())
    assert parse("sum([a, b, c])", values).data == F.sum(abc).data == 6.0
    assert parse("sum(a, b, c)", values).data == 6.0
    assert parse("mean((a, b, c))", values).data == F.mean(abc).data
    assert parse("logsumexp([a, b, c])", values).data == F.logsumexp(abc).data
    assert parse("dot([a, b], [c, 2])", values).data == 7.0
    assert parse("leaky_relu(a - 2)", {"a": 1}).data == pytest.approx(-0.01)
    assert parse("leaky_relu(a - 2, 0.5)", {"a": 1}).data == -0.5


def test_expression_object_lists_variables_and_rebuilds() -> None:
    e = Formula("  tanh(x*w + b) + w  ")
    assert e.text == "tanh(x*w + b) + w"
    assert e.variables == ("x", "w", "b")
    a = e.build({"x": 1, "w": 2, "b": 0})
    b = e.build({"x": 1, "w": 3, "b": 0})
    assert a.data == pytest.approx(math.tanh(2) + 2) and b.data == pytest.approx(math.tanh(3) + 3)
    env = {"x": Value(1.0), "w": Value(2.0), "b": Value(0.0)}
    assert e.evaluate(env).data == a.data


def test_constant_expression_builds_a_constant() -> None:
    out = parse("2 * 3", {})
    assert out.data == 6.0 and not out.requires_grad


# --- errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "needle", "column"), [
    ("x.__class__", "attribute access", 1),
    ("x + y[0]", "subscripts", 5),
    ("open('f')", "unknown function 'open'", 1),
    ("__import__('os')", "unknown function '__import__'", 1),
    ("(lambda: 1)()", "not allowed: lambda", 2),
    ("(x + 1)(2)", "only these functions can be called", 2),
    ("x.real(2)", "attribute access", 1),
    ("x + 'a'", "strings", 5),
    ("[i for i in x]", "comprehensions", 1),
    ("x if x else 1", "conditional", 1),
    ("x < 1", "comparisons", 1),
    ("(y := 2)", "assignment expressions", 2),
    ("exp(*x)", "starred", 5),
    ("exp(x=1)", "keyword arguments", 5),
    ("x ^ 2", "for a power write **", 3),
    ("x // 2", "operator //", 3),
    ("~x", "operator ~", 1),
    ("not x", "operator not", 1),
    ("True + x", "True/False", 1),
    ("2j * x", "complex", 1),
    ("1e999 * x", "infinite", 1),
    ("x + __dict__", "names starting with '__'", 5),
    ("exp + 1", "exp is a function", 1),
    ("exp(x, 2)", "exp takes 1 argument", 1),
    ("leaky_relu()", "leaky_relu takes 1 or 2", 1),
    ("dot([x], [x, x])", "same length", 1),
    ("dot(x, x)", "dot takes 2 list", 1),
    ("sum([])", "empty list", 5),
    ("[x, 1]", "lists are only allowed", 1),
    ("x +", "not a valid expression", 4),   # the text ends too early: the caret is past its end
    ("x y", "not a valid expression", 3),
    ("{x}", "sets", 1),
])
def test_rejections_point_at_the_offending_part(text: str, needle: str, column: int) -> None:
    with pytest.raises(FormulaError) as info:
        Formula(text)
    assert needle in str(info.value)
    assert info.value.column == column
    lines = str(info.value).splitlines()
    assert lines[1].strip() == text.strip()              # the source ...
    assert lines[2].index("^") - 2 == column - 1         # ... and a caret under the offending part


def test_caret_counts_characters_not_bytes() -> None:
    with pytest.raises(FormulaError) as info:
        Formula("ñandú + é.real")
    assert info.value.column == 9
    assert str(info.value).splitlines()[2] == "  " + " " * 8 + "^" * 6


def test_unknown_variables_are_named_with_the_known_ones() -> None:
    with pytest.raises(FormulaError) as info:
        parse("x*w + bias + c", {"x": 1, "w": 2})
    message = str(info.value)
    assert "unknown variable(s) bias, c" in message and "given: x, w" in message
    assert info.value.column == 7


@pytest.mark.parametrize(("text", "guess"), [
    ("tahn(x)", "tanh"), ("sigmod(x)", "sigmoid"), ("Relu(x)", "relu"), ("ln(x)", "log"), ("sqr(x)", "sqrt"),
    ("logsumexpp([x, x])", "logsumexp"),
])
def test_unknown_functions_get_a_suggestion(text: str, guess: str) -> None:
    with pytest.raises(FormulaError) as info:
        Formula(text)
    assert f"did you mean {guess}?" in str(info.value)
    assert info.value.column == 1


def test_an_unknown_function_far_from_every_name_hints_at_a_product() -> None:
    with pytest.raises(FormulaError, match=r"unknown function 'w'; to multiply, write w\*\(\.\.\.\)"):
        Formula("w(x + 1)")


def test_unknown_variables_get_a_suggestion_from_the_given_names() -> None:
    with pytest.raises(FormulaError, match=r"unknown variable\(s\) weight; given: x, wieght; did you mean wieght\?"):
        parse("x*weight", {"x": 1, "wieght": 2})
    with pytest.raises(FormulaError) as info:
        parse("x*w + w", {"x": 1, "q": 2})
    assert "did you mean" not in str(info.value) and info.value.column == 3   # the first use, not the nearest


def test_unused_variables_are_an_error() -> None:
    with pytest.raises(FormulaError, match=r"given but not used .*: wl \(the expression uses: x, w1\)"):
        parse("x*w1", {"x": 1, "w1": 2, "wl": 3})


@pytest.mark.parametrize(("text", "number", "column"), [
    ("0,5*x", "0,5", 1), ("2*x + 0,25", "0,25", 7), ("tanh(1,5*x)", "1,5", 6), ("leaky_relu(x,0,1)", "0,1", 14),
    ("sum([0,5, x])", "0,5", 6), ("dot([1,2], [x, x])", "1,2", 6), ("x*2,5e-3", "2,5e-3", 3),
])
def test_a_decimal_comma_is_explained(text: str, number: str, column: int) -> None:
    with pytest.raises(FormulaError) as info:
        Formula(text)
    reason = info.value.reason
    whole, decimals = number.split(",")
    assert reason.startswith(f"{number}: a decimal comma? In a formula write {whole}.{decimals} ")
    assert "NAME=VALUE with --lang es" in reason and "tuples are only allowed" not in reason
    assert info.value.column == column
    assert str(info.value).splitlines()[2] == "  " + " " * (column - 1) + "^" * len(number)


@pytest.mark.parametrize("text", ["leaky_relu(x1,0.1)", "sum(x, 1, 2)", "dot([1, 2], [x, x])", "sum((1.5, x))",
                                  "leaky_relu(x, 0)"])
def test_a_comma_between_arguments_is_still_a_comma(text: str) -> None:
    Formula(text)


@pytest.mark.parametrize(("formula", "given", "name"), [
    ("µ*2", "µ", "μ"),          # micro sign, given as typed; Python reads it as Greek mu
    ("μ*2", "µ", "μ"),
    ("µ*2", "μ", "μ"),
    ("ｘ*2", "ｘ", "x"),         # full-width letters
    ("x*2", "ｘ", "x"),
    ("ｘ*2", "x", "x"),
    ("ﬁ*2", "fi", "fi"),        # a ligature
])
def test_names_are_compared_in_nfkc_form(formula: str, given: str, name: str) -> None:
    expression = Formula(formula)
    assert expression.variables == (name,)
    out = expression.build({given: 1.5})
    assert out.data == 3.0
    leaf = out.parents[0]
    assert leaf.label == name and normalize_name(given) == name
    assert expression.evaluate({given: Value(2.0)}).data == 4.0


def test_two_spellings_of_one_name_are_given_twice() -> None:
    with pytest.raises(FormulaError, match=r"'μ' is given twice \('µ' and 'μ' are the same name"):
        parse("µ*2", {"µ": 1, "μ": 2})


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, True, "1", None, 10 ** 400])
def test_variable_values_must_be_finite_real_numbers(bad: object) -> None:
    with pytest.raises(FormulaError, match="variable x"):
        parse("x + 1", {"x": bad})  # type: ignore[dict-item]


@pytest.mark.parametrize(("text", "values", "needle", "column"), [
    ("2**10**10", {}, "pow: the result overflows", 1),
    ("x + 10**400", {"x": 1}, "pow: the result overflows", 5),
    ("x + exp(x*1000)", {"x": 1}, "exp: the result overflows", 5),
    ("1 + log(x - 1)", {"x": 1}, "log needs a > 0", 5),
    ("x / (x - x)", {"x": 1}, "div needs b ≠ 0", 1),
    ("(-x) ** 0.5", {"x": 1}, "pow needs", 1),
])
def test_engine_errors_point_at_the_operation(text: str, values: dict[str, float], needle: str, column: int) -> None:
    with pytest.raises(FormulaError, match=needle) as info:
        parse(text, values)
    assert info.value.column == column
    assert isinstance(info.value.__cause__, AutogradError)


def test_huge_integer_literal() -> None:
    with pytest.raises(FormulaError, match="too large"):
        parse("x * 1" + "0" * 400, {"x": 1})


def test_resource_limits() -> None:
    with pytest.raises(FormulaError, match="too long"):
        Formula("x+" * (MAX_LENGTH // 2) + "x")
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula("-" * (MAX_DEPTH + 1) + "x")
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula("exp(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    Formula("-" * (MAX_DEPTH - 1) + "x")   # just inside the limit is fine
    Formula("exp(" * (MAX_DEPTH - 2) + "x" + ")" * (MAX_DEPTH - 2))


TOO_DEEP = f"the expression is nested too deeply (more than {MAX_DEPTH} levels)"


@pytest.mark.parametrize("text", [
    "-" * (MAX_LENGTH - 1) + "x",                          # Python parses it; the depth check refuses it
    "(" * 300 + "x" + ")" * 300,                           # Python's parser refuses it (too many parentheses)
    "x - (" * 150 + "x" + ")" * 150,                       # genuine nesting: each bracket is a level
    "tanh(" * 250 + "x" + ")" * 250,
    "x * (x + " * 120 + "x" + ")" * 120,
])
def test_pathological_nesting_gets_the_clear_message(text: str) -> None:
    assert len(text) <= MAX_LENGTH
    with pytest.raises(FormulaError) as info:
        Formula(text)
    assert str(info.value).splitlines()[0].endswith(TOO_DEEP)
    assert not isinstance(info.value.__cause__ or info.value.__context__, (RecursionError, MemoryError))


def flat(op: str, terms: int, term: str = "x") -> str:
    return op.join([term] * terms)


@pytest.mark.parametrize("terms", [120, 1000, MAX_LENGTH // 2])
@pytest.mark.parametrize("op", ["+", "-", "*"])
def test_long_flat_chains_parse_build_and_differentiate(op: str, terms: int) -> None:
    text = flat(op, terms)
    assert len(text) <= MAX_LENGTH
    out = parse(text, {"x": 1.0})
    assert out.data == {"+": terms, "-": 2 - terms, "*": 1.0}[op]
    out.backward()
    (x,) = [v for v in topological_order(out) if v.label == "x"]
    assert x.grad == {"+": terms, "-": 2 - terms, "*": terms}[op]


def test_long_hand_written_formulas_up_to_the_length_limit() -> None:
    # what a teacher types: a long sum of products, a long alternating sum, a tower of powers
    terms = [f"w{i}*x{i}" for i in range(1, 200)]
    text = " + ".join(terms)
    while len(text) > MAX_LENGTH:
        terms.pop()
        text = " + ".join(terms)
    values = {f"{p}{i}": 1.0 for i in range(1, len(terms) + 1) for p in "wx"}
    assert parse(text, values).data == len(terms)
    assert parse(flat(" - ", 200, "(x - 1)"), {"x": 2.0}).data == pytest.approx(-198.0)
    assert parse(flat("/", 999, "x"), {"x": 1.0}).data == 1.0
    assert parse(flat("**", 666, "x"), {"x": 1.0}).data == 1.0
    assert parse("1 + " + flat(" + ", 190, "tanh(x)"), {"x": 0.0}).data == 1.0
    assert parse("sum(" + flat(",", 998, "x") + ")", {"x": 1.0}).data == 998.0


def test_flat_sums_through_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from viz.cli import main
    assert main(["steps", flat("+", 120), "x=1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 + 2 * 119 + 1   # header, rule, a += into each operand of the 119 additions, where u₁ = …
    assert out[-1].startswith("where u₁ = x + x + x + x; u₂ = u₁ + x + x + x;")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_expression(text: str) -> None:
    with pytest.raises(FormulaError, match="empty"):
        Formula(text)


def test_not_a_string() -> None:
    with pytest.raises(FormulaError, match="must be a string"):
        Formula(42)  # type: ignore[arg-type]


def test_error_is_a_value_error() -> None:
    assert issubclass(FormulaError, ValueError)


def test_long_lines_are_shown_around_the_offending_part() -> None:
    text = " + ".join(["x"] * 30) + " + y.z + " + " + ".join(["x"] * 30)
    with pytest.raises(FormulaError) as info:
        Formula(text)
    _, snippet, caret = str(info.value).splitlines()
    assert snippet.startswith("  …") and snippet.endswith("…") and len(snippet) < 100
    assert snippet[caret.index("^"):caret.index("^") + 3] == "y.z"


def test_multiline_expression_names_the_line() -> None:
    with pytest.raises(FormulaError) as info:
        Formula("(x +\n  y.z)")
    assert str(info.value).startswith("line 2, column 3: not allowed: attribute access")


# --- fuzzing -----------------------------------------------------------------------------------------

# A small expression language of our own: each tree knows its text and builds its reference graph
# directly from Value operations (never through the parser, never eval).

NAMES = ("a", "b", "x1", "w_2")
BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "+": lambda p, q: p + q, "-": lambda p, q: p - q, "*": lambda p, q: p * q,
    "/": lambda p, q: p / q, "**": lambda p, q: p ** q,
}
UNARY_FUNCTIONS = [n for n in FUNCTIONS if n in OPS and not OPS[n].variadic]
LIST_FUNCTIONS = {"sum": F.sum, "mean": F.mean, "logsumexp": F.logsumexp}


@dataclass(frozen=True, repr=False)
class Tree:
    text: str
    build: Callable[[dict[str, Value]], Value]
    names: frozenset[str]
    constant: float | None = None   # a number literal (the parser reads ``-3`` as the number −3)

    def __repr__(self) -> str:
        return f"Tree({self.text!r})"


def _const(x: float) -> Value:
    return Value(x, requires_grad=False)


numbers = st.one_of(
    st.integers(-20, 20).map(float),
    st.floats(-10, 10, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)),
)


def _variable(name: str) -> Tree:
    return Tree(name, lambda env: env[name], frozenset([name]))


def _number(x: float) -> Tree:
    return Tree(f"({x!r})", lambda env: _const(x), frozenset(), x)


def _number_negated(p: Tree) -> Tree:
    assert p.constant is not None
    x = -p.constant
    return Tree(f"(-{p.text})", lambda env: _const(x), p.names, x)


leaves = st.one_of(st.sampled_from(NAMES).map(_variable), numbers.map(_number))


def _extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    def binary(op: str, p: Tree, q: Tree) -> Tree:
        return Tree(f"({p.text} {op} {q.text})", lambda env: BINARY[op](p.build(env), q.build(env)),
                    p.names | q.names)

    def unary(name: str, p: Tree) -> Tree:
        if name == "-" and p.constant is not None:
            return _number_negated(p)
        if name == "-":
            return Tree(f"(-{p.text})", lambda env: -p.build(env), p.names)
        return Tree(f"{name}({p.text})", lambda env: getattr(p.build(env), name)(), p.names)

    def listed(name: str, items: list[Tree]) -> Tree:
        return Tree(f"{name}([{', '.join(t.text for t in items)}])",
                    lambda env: LIST_FUNCTIONS[name]([t.build(env) for t in items]),
                    frozenset().union(*(t.names for t in items)))

    def dotted(pairs: list[tuple[Tree, Tree]]) -> Tree:
        xs, ws = [p for p, _ in pairs], [q for _, q in pairs]
        text = f"dot([{', '.join(t.text for t in xs)}], [{', '.join(t.text for t in ws)}])"
        return Tree(text, lambda env: F.dot([t.build(env) for t in xs], [t.build(env) for t in ws]),
                    frozenset().union(*(t.names for t in xs + ws)))

    return st.one_of(
        st.builds(binary, st.sampled_from(sorted(BINARY)), children, children),
        st.builds(unary, st.sampled_from(["-", *UNARY_FUNCTIONS]), children),
        st.builds(listed, st.sampled_from(sorted(LIST_FUNCTIONS)), st.lists(children, min_size=1, max_size=3)),
        st.builds(dotted, st.lists(st.tuples(children, children), min_size=1, max_size=2)),
    )


trees = st.recursive(leaves, _extend, max_leaves=8)
variable_values = st.fixed_dictionaries(
    {n: st.floats(-3, 3, allow_nan=False, allow_infinity=False) for n in NAMES})


def _shape(v: Value) -> list[tuple[str, str, float]]:
    """Every node as a tree walk (op, leaf label, data), so shared constants do not matter; the parser's
    labels of intermediate nodes are checked on their own (:func:`_check_intermediate_labels`)."""
    shape, stack = [], [v]
    while stack:
        n = stack.pop()
        shape.append((n.op.name if n.op else "leaf", n.label if n.is_leaf else "", n.data))
        stack.extend(n.parents)
    return shape


def _check_intermediate_labels(out: Value, values: dict[str, float]) -> None:
    """An unnamed formula labels only its variables: every other node is named by ``node_names``, in the class's
    notation (no ASCII ``*``, no ``n9``), each name short or a ``u₁`` whose expression is written once."""
    names = node_names(out)
    for node in topological_order(out, only_requiring_grad=False):
        if not node.is_leaf:
            assert node.label == ""
    for name in names.values():
        assert "*" not in name and not re.fullmatch(r"n\d+", name)
        assert len(name) <= SHORT_NAME or name in names.definitions


@settings(max_examples=300)
@given(trees, variable_values)
def test_fuzz_whitelisted_expressions_build_the_same_graph(tree: Tree, values: dict[str, float]) -> None:
    used = {n: x for n, x in values.items() if n in tree.names}
    env = {n: Value(x, label=n) for n, x in used.items()}
    try:
        expected = tree.build(env)
    except AutogradError:
        with pytest.raises(FormulaError):
            parse(tree.text, used)
        return
    out = parse(tree.text, used)
    assert out.data == expected.data or (math.isnan(out.data) and math.isnan(expected.data))
    if expected.op is not None:   # same ops, same labels, same numbers, in the same order
        assert _shape(out) == _shape(expected)
        _check_intermediate_labels(out, used)


FORBIDDEN_SNIPPETS = [
    "a.real", "a.__class__", "(a).__class__.__mro__", "a[0]", "a[1:2]", "open('x')", "__import__('os')",
    "eval('1')", "exec('1')", "getattr(a, 'b')", "(lambda: 1)()", "lambda: a", "'text'", "b'bytes'",
    "f'{a}'", "[i for i in a]", "{i: 1 for i in a}", "(i for i in a)", "a if a else b", "a < b",
    "a and b", "not a", "(c := 1)", "exp(*a)", "exp(a=1)", "exp(**a)", "{1, 2}", "{'a': 1}", "None", "...",
    "True", "1j", "a @ b", "a % b", "a // b", "a << 1", "a | b", "a & b", "a ^ b", "~a", "[a, b]", "(a, b)",
    "__builtins__", "_pizarra_canary()", "a()", "exp()()", "sum.__call__(a)", "print(a)",
]
identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(lambda n: n not in FUNCTIONS)
forbidden = st.one_of(
    st.sampled_from(FORBIDDEN_SNIPPETS),
    identifiers.map(lambda n: f"{n}(a)"),                # a call to anything but the op table
    identifiers.map(lambda n: f"a.{n}"),                 # any attribute
    identifiers.map(lambda n: f"__{n}__"),               # any dunder name
    st.sampled_from(FUNCTIONS).map(lambda n: f"{n}.__globals__"),
)


@pytest.fixture(scope="module")
def canary() -> Iterator[list[str]]:
    hits: list[str] = []
    builtins._pizarra_canary = lambda: hits.append("executed")  # type: ignore[attr-defined]
    yield hits
    del builtins._pizarra_canary  # type: ignore[attr-defined]


@settings(max_examples=300)
@given(trees, forbidden, st.booleans())
def test_fuzz_off_whitelist_snippets_are_always_rejected(canary: list[str], tree: Tree, bad: str, left: bool) -> None:
    text = f"{bad} + {tree.text}" if left else f"{tree.text} * ({bad})"
    start = 0 if left else len(tree.text) + 4
    with pytest.raises(FormulaError) as info:
        parse(text, dict.fromkeys(tree.names | {"a", "b"}, 1.0))
    column = info.value.column
    assert column is not None and start < column <= start + len(bad)   # it points into the snippet
    assert canary == []


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet="ab()+-*/.,e0123456789[]_ x=:'\"\\\n\t!<>@%^&|~")))
def test_fuzz_arbitrary_text_only_raises_expression_error(text: str) -> None:
    try:
        expression = Formula(text)
    except FormulaError:
        return
    for values in ({}, dict.fromkeys(expression.variables, 0.5)):
        try:
            result = expression.build(values)
        except FormulaError:
            continue
        assert isinstance(result, Value) and math.isfinite(result.data)


# --- names: assignments separated by ; or new lines ---------------------------------------------------

SEED004 = {"w1": 4, "w2": 2, "w3": -5, "x1": 1, "x2": 0, "x3": 2, "b": 7, "y": 5}
NAMED = "z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2"


def _by_label(root: Value) -> dict[str, Value]:
    return {n.label: n for n in topological_order(root, only_requiring_grad=False) if n.label}


def test_named_formula_labels_its_nodes_and_gives_the_same_numbers() -> None:
    formula = Formula(NAMED)
    assert formula.variables == ("w1", "x1", "w2", "x2", "w3", "x3", "b", "y")
    assert formula.names == ("z", "yhat", "L") and formula.result_name == "L"
    loss = formula.build(SEED004)
    plain = parse("0.5*(relu(w1*x1 + w2*x2 + w3*x3 + b) - y)**2", SEED004)
    assert loss.label == "L" and loss.data == plain.data == 8.0
    nodes = _by_label(loss)
    assert "yhat" not in nodes                 # the class writes it ŷ: its node's label
    nodes["yhat"] = nodes["ŷ"]
    assert nodes["z"].data == 1.0 and nodes["yhat"].op is OPS["relu"] and nodes["yhat"].parents == (nodes["z"],)
    loss.backward()
    plain.backward()
    assert nodes["z"].grad == -4.0 and nodes["yhat"].grad == -4.0
    assert {k: nodes[k].grad for k in SEED004} == {n.label: n.grad for n in topological_order(plain) if n.is_leaf}


def test_new_lines_semicolons_and_comments_are_the_same_formula() -> None:
    text = ("# seed 004, the ReLU neuron\nz = w1*x1 + w2*x2 + w3*x3 + b   # W·x + b\nyhat = relu(z);\n"
            "L = 0.5*(yhat - y)**2\n")
    a, b = Formula(text).build(SEED004), Formula(NAMED).build(SEED004)
    assert a.data == b.data and sorted(_by_label(a)) == sorted(_by_label(b))


def test_a_named_value_is_reused_as_one_node() -> None:
    loss = parse("z = w*x; L = z*z + z", {"w": 2, "x": 3})
    z = _by_label(loss)["z"]
    assert loss.data == 42.0
    loss.backward()
    assert z.grad == 13.0                   # ∂(z² + z)/∂z = 2z + 1: the += of a node used three times


def test_a_bare_last_line_is_an_unnamed_result_and_a_named_number_is_a_labelled_constant() -> None:
    out = parse("c = 2; z = c*x; z + 1", {"x": 3})
    assert out.label == "" and out.data == 7.0 and Formula("c = 2; z = c*x; z + 1").result_name == ""
    c = _by_label(out)["c"]
    assert c.data == 2.0 and c.is_leaf and not c.requires_grad


@pytest.mark.parametrize(("text", "needle", "column", "line"), [
    ("L = z*2; z = x*3", "z is used before it is assigned (on line 1)", 5, 1),
    ("z = z*2", "z is used before it is assigned", 5, 1),
    ("z = x*2\nz = z*3\nz", "z is assigned twice (first on line 1)", 1, 2),
    ("relu = x*2; relu", "relu is a function of the formula language", 1, 1),
    ("__x = x*2; __x", "names starting with '__' are not allowed", 1, 1),
    ("z = x*2\ny = 3*x\nL = z + 1", "y is assigned but never used", 1, 2),
    ("z = x*2; x*3; z", "this line's result is never used", 10, 1),
    ("a = x; a*2", "a = x only gives x a second name", 1, 1),
    ("z = x*2; a = +z; a", "a = z only gives z a second name", 10, 1),
    ("z = x; z += 1", "only gives x a second name", 1, 1),
    ("z = 2*x; z += 1", "+= is not allowed: write z = z + …", 10, 1),
    ("a = b = x", "one name per assignment", 5, 1),
    ("a, b = x, x", "one name per assignment", 1, 1),
    ("x.y = 1", "only a name can be assigned", 1, 1),
    ("x[0] = 1", "only a name can be assigned", 1, 1),
    ("import os", "not allowed: import; a formula is assignments NAME = expression", 1, 1),
    ("z = x\nif z: z", "only gives x a second name", 1, 1),
    ("z = 2*x\nif z: z", "not allowed: if", 1, 2),
    ("x: float = 1", "not allowed: annotations", 1, 1),
    ("z = 2*x\nz = 3*x; L = z + 1", "z is assigned twice (first on line 1)", 1, 2),
])
def test_bad_names_point_at_the_offending_part(text: str, needle: str, column: int, line: int) -> None:
    with pytest.raises(FormulaError) as info:
        Formula(text)
    assert needle in str(info.value) and info.value.column == column and info.value.line == line
    lines = str(info.value).splitlines()
    assert lines[1].strip() == text.split("\n")[line - 1].strip()
    assert lines[2].index("^") - 2 == column - 1


def test_a_value_given_for_a_name_is_refused() -> None:
    with pytest.raises(FormulaError, match=r"z is computed by the formula \(z = … on line 1\), so it takes no value"):
        parse("z = w*x; L = z + 1", {"w": 1, "x": 2, "z": 3})


def test_names_and_variables_in_every_error_language() -> None:
    with pytest.raises(FormulaError) as info:
        Formula("z = w*x\nL = 0.5*(relu(z) - y)**2 + q.r")
    english, spanish = str(info.value), info.value.message("es")
    assert english.startswith("line 2, column 28: not allowed: attribute access")
    assert spanish.startswith("línea 2, columna 28: no se permite: acceso a atributos")
    assert english.splitlines()[1:] == spanish.splitlines()[1:]      # the same line, the same caret
    assert info.value.reason_in("es") in spanish and info.value.reason in english


# --- unnamed intermediate nodes: named by node_names, in the class's notation ----------------------------

def test_unnamed_sub_expressions_are_named_in_the_class_notation() -> None:
    loss = parse("0.5*(relu(w*x + b) - y)**2", {"w": 4, "x": 1, "b": 7, "y": 5})
    assert {n.label for n in topological_order(loss) if not n.is_leaf} == {""}   # the parser labels no step
    names = trace_backward(loss).names
    assert set(names.values()) == {"L", "w", "x", "b", "y", "w·x", "w·x + b", "u₁", "u₁ − y", "(u₁ − y)²",
                                   "0.5", "2"}
    assert names.definitions == {"u₁": "ReLU(w·x + b)"}               # 13 characters: too long to be a name


@pytest.mark.parametrize(("text", "name"), [
    ("exp(a*bb + cc) * 2", "a·bb + cc"),                   # 9 characters
    ("exp(aaaa*bb + cc) * 2", "aaaa·bb + cc"),             # 12: still short
    ("exp(a  *  bb) * 2", "a·bb"),                         # the source's spaces do not matter
    ("exp(a*(\n  bb + cc)) * 2", "a·(bb + cc)"),            # over two lines, parentheses as needed
    ("(a - b)**2 + c", "(a − b)²"),
    ("a - (b - c) + c", "a − (b − c)"),
    ("-(a*b) + c", "−(a·b)"),
    ("a * -b + c", "a·(−b)"),
    ("sqrt(a + b) + c", "√(a + b)"),
    ("a / (b*c) + c", "a / (b·c)"),
    ("(a**b)**c + a", "(a^b)^c"),
])
def test_names_of_unnamed_steps_are_class_notation(text: str, name: str) -> None:
    out = parse(text, {n: 1.5 for n in Formula(text).variables})
    assert name in node_names(out).values()


def test_a_long_unnamed_step_is_a_u_name_defined_once() -> None:
    out = parse("exp(aaaaa*bb + cc) * 2", {"aaaaa": 1.0, "bb": 1.0, "cc": 1.0})     # 13 characters
    names = node_names(out)
    assert "aaaaa·bb" in names.values() and names.definitions == {"u₁": "aaaaa·bb + cc"}
    assert "exp(u₁)" in names.values() and names.where() == "where u₁ = aaaaa·bb + cc"
    assert names.where(notation="es") == "donde u₁ = aaaaa·bb + cc"


def test_assigned_names_label_their_nodes_as_the_class_writes_them() -> None:
    assert display_name("yhat") == display_name("y_hat") == "ŷ" and display_name("z") == "z"
    out = parse("z = w*x; y_hat = relu(z); L = (y_hat - y)**2", {"w": 1, "x": 2, "y": 1})
    assert {n.label for n in topological_order(out)} >= {"z", "ŷ", "L"}
    out = parse("z = w*x; L = +z*2 + (z)", {"w": 2, "x": 3})
    assert _by_label(out)["z"].data == 6.0 and {n.label for n in topological_order(out)} == {"w", "x", "z", "L", ""}


# --- keyword arguments: the ones the function's Value method takes --------------------------------------

def test_keyword_arguments_are_the_value_methods_own() -> None:
    from viz.classroom.formula_vocabulary import KEYWORDS

    assert KEYWORDS["leaky_relu"] == ("slope",) and KEYWORDS["exp"] == ()
    assert parse("leaky_relu(x, slope=0.5)", {"x": -2}).data == parse("leaky_relu(x, 0.5)", {"x": -2}).data == -1.0
    out = parse("leaky_relu(x, slope=s*2)", {"x": -2, "s": 0.25})     # an argument's value is a formula too
    out.backward()
    assert out.data == -1.0 and {n.label: n.grad for n in topological_order(out) if n.is_leaf} == {"x": 0.5, "s": -4.0}
    with pytest.raises(FormulaError) as info:
        Formula("leaky_relu(x, alpha=0.5)")
    assert "leaky_relu has no argument 'alpha'; its keyword arguments are slope" in str(info.value)
    assert info.value.column == 15 and "leaky_relu no tiene el argumento 'alpha'" in info.value.message("es")
    for text in ("exp(x=1)", "exp(**x)", "sum([x], start=1)"):
        with pytest.raises(FormulaError, match="keyword arguments are not allowed"):
            Formula(text)
    with pytest.raises(FormulaError, match="nested too deeply"):
        Formula("leaky_relu(x, slope=" + "exp(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH + ")")


def test_relu_takes_the_courses_convention_at_zero() -> None:
    """relu(z, at_zero=1) is ReLU′(0) = 1 (seed 004's convention); the default is 0, as in PyTorch."""
    from autograd import trace_backward
    from viz.classroom.formula_vocabulary import KEYWORDS

    assert KEYWORDS["relu"] == ("at_zero",)
    for text, expected in (("relu(z)", 0.0), ("relu(z, at_zero=1)", 1.0), ("relu(z, at_zero=0.5)", 0.5)):
        out = parse(f"z = w*x + b; L = {text}", {"w": 2.0, "x": 1.0, "b": -2.0})   # z = 0: the kink
        out.backward()
        assert {n.label: n.grad for n in topological_order(out) if n.is_leaf}["b"] == expected, text
    shown = trace_backward(parse("z = w*x + b; L = relu(z, at_zero=1)", {"w": 2.0, "x": 1.0, "b": -2.0}))
    assert "1 si a ≥ 0; 0 si no" in shown.to_text(notation="es")
    with pytest.raises(FormulaError):
        parse("relu(z, at_zero=2)", {"z": 0.0})   # outside [0, 1]: not a slope of ReLU at 0


def test_a_comprehension_with_a_list_of_numbers_is_told_as_a_comprehension_not_a_decimal_comma() -> None:
    """``[1, 2]`` holds ``1, 2``, which a student may mean as ``1,2``: inside a comprehension the first thing
    to say is that comprehensions are not part of the language (issue 17)."""
    for lang, word in (("en", "comprehensions"), ("es", "comprensiones")):
        with pytest.raises(FormulaError) as caught:
            Formula("sum([x for x in [1, 2]])")
        text = caught.value.message(lang)
        assert word in text and "coma" not in text and "comma" not in text
