"""Safe parsing of formulas like ``tanh(x1*w1 + x2*w2 + b)`` into a graph of Values.

The text is parsed with :mod:`ast` and checked against a strict whitelist, then walked node by
node to build Values; it is never ``eval``-ed, ``exec``-ed or compiled to code.  Allowed:

* numbers (``2``, ``0.5``, ``1e-3``; finite ints and floats only) and variable names;
* ``+ - * / **``, unary ``-`` and ``+``, parentheses; a minus may be the minus sign ``−`` (U+2212) too,
  as the tables print it (``w*x − 4``);
* calls, by bare name, to the op table's functions (``exp``, ``log``, ``tanh``, ``relu``,
  ``leaky_relu(x, 0.1)``, ...), with the keyword arguments their Value methods take
  (``leaky_relu(x, slope=0.1)``), and to ``sum``, ``mean``, ``logsumexp`` (a list or several
  arguments) and ``dot([x1, x2], [w1, w2])``;
* names: assignments ``NAME = expression`` separated by ``;`` or new lines, the last one the
  result (``z = w*x + b; yhat = relu(z); L = 0.5*(yhat - y)**2``); see
  :mod:`viz.classroom.formula_statements` for their rules.  ``#`` starts a comment.

Everything else (attribute access, subscripts, other calls, keywords, lambdas, strings,
comparisons, ``:=``, ``+=``, any other statement, ...) raises :class:`FormulaError`, whose message
shows the offending part with a caret (and, for a misspelt function or variable, the name it
probably meant), in English or in Spanish (:meth:`FormulaError.message`).  So do too-long text
(:data:`MAX_LENGTH`), too deep nesting (:data:`MAX_DEPTH`, counted as
:mod:`viz.classroom.formula_tree` says), a decimal comma (``0,5``: the formula needs ``0.5``),
non-finite numbers, and a result the engine cannot compute (``2**10**10`` overflows, ``log(0)``):
evaluation is float arithmetic, so it never hangs.  The tree is walked without recursion.

**Names of the nodes.**  Every variable becomes one leaf Value labelled with its name, shared by all
its uses, so diagrams and step tables show ``w1``, ``x1`` and the ``+=`` of a variable used twice.
An assigned name labels its node (a number assigned to a name is a labelled constant), as the class
writes it (:func:`display_name`: ``yhat`` is ``ŷ``).  Every other node is left unlabelled, for
:func:`autograd.names.node_names` to name as it names any graph: by its expression in the class's
notation when short (``w·x``, ``w·x + b``, ``(ŷ − y)²``), the result ``L``, a longer node ``u₁``.

A variable that is used but not given, or given but not used, is an error naming it (an unused value
is almost always a typo in a name).  Names are compared in Unicode NFKC form, the form Python's parser
gives the formula's names: a value given for ``µ`` (micro sign) or ``ｘ`` (full width) reaches ``μ``
and ``x``.

    >>> from viz.classroom.formula import parse
    >>> loss = parse("0.5*(relu(w*x + b) - y)**2", {"w": 4, "x": 1, "b": 7, "y": 5})
    >>> loss.data          # ReLU(4·1 + 7) = 11, ½·(11 − 5)² = 18
    18.0
    >>> loss = parse("z = w*x + b; L = 0.5*(relu(z) - y)**2", {"w": 4, "x": 1, "b": 7, "y": 5})
    >>> loss.label, loss.parents[1].parents[0].parents[0].parents[0].label
    ('L', 'z')
"""

from __future__ import annotations

import ast
import math
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from autograd.errors import AutogradError, DomainError
from autograd.text import MINUS
from autograd.value import Value, apply, finite_float

from ..errors import VizError
from .formula_errors import FormulaError
from .formula_statements import Statement, read_statements, resolve_names
from .formula_tree import decimal_comma, deepest, operands, postorder, source_columns
from .formula_vocabulary import (
    ALIASES,
    ARITY,
    BINARY,
    FUNCTIONS,
    KEYWORDS,
    NEG,
    OPERATOR_TEXT,
    SCALAR,
    SEQUENCE,
    close_match,
)
from .formula_words import domain, engine, forbidden, syntax
from .formula_words import operands as written_operands

__all__ = ["FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "Formula", "FormulaError", "display_name", "normalize_name",
           "parse"]

#: Longest accepted formula text, in characters.  (It also bounds the number of parts: each
#: number, name, operation or call takes at least one character.)
MAX_LENGTH = 2000
#: Deepest nesting of operations and calls; a chain of one operator (``a + b + c + …``) is one level.
MAX_DEPTH = 100

_SEQUENCES = ", ".join(SEQUENCE)


#: Assigned names a class writes otherwise: the label their node gets.
DISPLAY_NAMES = {"yhat": "ŷ", "y_hat": "ŷ"}


def display_name(name: str) -> str:
    """How the class writes an assigned name: ``yhat`` and ``y_hat`` are ``ŷ``; any other name as it is.

    >>> display_name("yhat"), display_name("z")
    ('ŷ', 'z')
    """
    return DISPLAY_NAMES.get(name, name)


class Formula:
    """A checked formula, ready to be built into Values for any values of its variables.

    >>> e = Formula("tanh(x*w + b)")
    >>> e.variables
    ('x', 'w', 'b')
    >>> round(e.build({"x": 2, "w": -3, "b": 6.8813735870195432}).data, 4)
    0.7071
    >>> Formula("z = w*x + b\\nyhat = relu(z)").names
    ('z', 'yhat')

    Attributes:
        text: the formula as given (without surrounding whitespace).
        variables: the variable names (the names used but never assigned), in order of first
            appearance (in NFKC form, as Python reads them).
        names: the assigned names, in order; the last one names the result when the last line is an
            assignment (:attr:`result_name`).
    """

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise FormulaError("not_a_string", {"type": type(text).__name__})
        self.text = text.strip()
        self._source = self.text.replace(MINUS, "-")  # what Python parses: − is a minus, one character for one
        if not self.text:
            raise FormulaError("empty")
        if len(self.text) > MAX_LENGTH:
            raise FormulaError("too_long", {"n": len(self.text), "most": MAX_LENGTH})
        self._statements: list[Statement] = read_statements(self._parse(), self._error)
        if not self._statements:  # only comments
            raise FormulaError("empty")
        for statement in self._statements:
            too_deep = deepest(statement.value, MAX_DEPTH)
            if too_deep is not None:
                raise self._error("too_deep", {"most": MAX_DEPTH}, too_deep)
        self._check_decimal_comma()
        uses = [self._check(statement.value) for statement in self._statements]
        self.variables, self._assigned = resolve_names(self._statements, uses, self._error)
        self.names: tuple[str, ...] = tuple(self._assigned)
        self._orders = [postorder(statement.value) for statement in self._statements]

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    @property
    def result_name(self) -> str:
        """The name of the result (the last assignment's), or ``""`` when the last line is a bare expression."""
        return self._statements[-1].name

    # --- building -----------------------------------------------------------------------------------

    def build(self, values: Mapping[str, float]) -> Value:
        """The formula's graph for these variable values; each variable is a leaf labelled by name.

        Raises FormulaError for a missing, unused or non-finite variable, a value given for an assigned
        name, and a result the engine cannot compute (pointing at the operation that failed).
        """
        values = _normalized(values)
        self._check_names(values)
        leaves = {}
        for name in self.variables:
            leaves[name] = Value(_number(values[name], name), label=name)
        return self.evaluate(leaves)

    def evaluate(self, env: Mapping[str, Value]) -> Value:
        """The formula's graph over the given leaf Values (one per variable, by name).

        Handy to re-evaluate at other points, e.g. for :func:`autograd.gradcheck`.
        """
        env = _normalized(env)
        self._check_names(env)
        scope: dict[str, Value | float] = dict(env)
        result: Value | float = 0.0
        for statement, order in zip(self._statements, self._orders):
            result = self._eval(statement, order, scope)
            if statement.name:
                if not isinstance(result, Value):  # a named number: a labelled constant
                    result = Value(result, label=statement.name, requires_grad=False)
                result.label = display_name(statement.name)
                scope[statement.name] = result
        return result if isinstance(result, Value) else Value(result, requires_grad=False)

    # --- checking -----------------------------------------------------------------------------------

    def _parse(self) -> ast.Module:
        try:
            return ast.parse(self._source, mode="exec")
        except SyntaxError as error:
            if "nested" in error.msg or "too complex" in error.msg:  # e.g. "too many nested parentheses"
                raise FormulaError("too_deep", {"most": MAX_DEPTH}) from None
            line = error.lineno or 1
            offset, end_offset = error.offset or 0, error.end_offset or 0
            if offset < 1:  # the text ended too early: point just past its end
                start, end = len(self.text.split("\n")[line - 1]), None
            else:
                start, end = offset - 1, (end_offset - 1 if end_offset > offset else None)
            raise FormulaError("syntax", {"problem": syntax(error.msg)}, self.text, line, start, end) from None
        except (RecursionError, MemoryError):  # Python's own parser gave up on the nesting
            raise FormulaError("too_deep", {"most": MAX_DEPTH}) from None
        except ValueError as error:
            raise FormulaError("syntax", {"problem": syntax(str(error))}) from None

    def _check_decimal_comma(self) -> None:
        """``0,5`` is a tuple to Python; to a Spanish-speaking class it is a half.  Say so."""
        found = decimal_comma(self._source)
        if found is not None:
            whole, decimals, number, (line, start), end = found
            raise FormulaError("decimal_comma", {"number": number, "point": f"{whole}.{decimals}",
                                                 "pair": f"{whole}, {decimals}"}, self.text, line, start, end)

    def _check(self, tree: ast.expr) -> list[ast.Name]:
        """Reject anything off the whitelist; the variable names it reads, in order."""
        names: list[ast.Name] = []
        stack: list[tuple[ast.AST, bool]] = [(tree, False)]
        while stack:
            node, in_sequence = stack.pop()
            stack.extend(reversed(self._check_node(node, names, in_sequence)))
        return names

    def _check_node(self, node: ast.AST, names: list[ast.Name], in_sequence: bool = False
                    ) -> list[tuple[ast.AST, bool]]:
        """Check one node; its operands to check next, each with whether it sits in a list of operands."""
        if isinstance(node, ast.Constant):
            self._constant(node)
        elif isinstance(node, ast.Name):
            if node.id in SCALAR or node.id in SEQUENCE:
                raise self._error("is_function", {"name": node.id}, node)
            if node.id.startswith("__"):
                raise self._error("dunder", {"name": node.id}, node)
            names.append(node)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in BINARY:
                symbol = OPERATOR_TEXT.get(type(node.op), type(node.op).__name__)
                key = "operator_power" if symbol == "^" else "operator"
                raise self._operator_error(key, {"symbol": symbol}, node, symbol)
            return [(node.left, False), (node.right, False)]
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                symbol = OPERATOR_TEXT.get(type(node.op), type(node.op).__name__)
                raise self._error("operator", {"symbol": symbol}, node)
            return [(node.operand, False)]
        elif isinstance(node, ast.Call):
            return self._check_call(node, names)
        elif isinstance(node, (ast.List, ast.Tuple)) and in_sequence:
            if not node.elts:
                raise self._error("empty_list", {}, node)
            return [(item, False) for item in node.elts]
        elif isinstance(node, (ast.List, ast.Tuple)):
            key = "lists_only" if isinstance(node, ast.List) else "tuples_only"
            raise self._error(key, {"functions": _SEQUENCES}, node)
        else:
            raise self._error("not_allowed", {"what": forbidden(type(node).__name__),
                                              "functions": ", ".join(FUNCTIONS)}, node)
        return []

    def _check_call(self, node: ast.Call, names: list[ast.Name]) -> list[tuple[ast.AST, bool]]:
        func = node.func
        functions = ", ".join(FUNCTIONS)
        if not isinstance(func, ast.Name):
            self._check_node(func, names)  # e.g. attribute access: say so, at the attribute
            raise self._error("call_by_name", {"functions": functions}, func)
        name = func.id
        if name not in SCALAR and name not in SEQUENCE:
            guess = ALIASES.get(name.lower()) or close_match(name.lower(), FUNCTIONS)
            key = "unknown_function" if guess else "unknown_function_product"
            raise self._error(key, {"name": name, "guess": guess, "functions": functions}, func)
        allowed = KEYWORDS.get(name, ())
        for keyword in node.keywords:
            if keyword.arg is None or not allowed:  # **kwargs, or a function that takes no keywords
                raise self._error("keywords", {"name": name}, keyword)
            if keyword.arg not in allowed:
                raise self._error("unknown_keyword", {"name": name, "keyword": keyword.arg,
                                                      "keywords": ", ".join(allowed)}, keyword)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self._error("starred", {"name": name}, arg)
        fewest, most = ARITY[name]
        args = node.args
        if name in SEQUENCE:
            lists = [a for a in args if isinstance(a, (ast.List, ast.Tuple))]
            if most == 1 and args and not lists:  # sum(a, b, c) means sum([a, b, c])
                return [(arg, False) for arg in args]
            if len(args) != most or len(lists) != most:
                raise self._error("lists_shape", {"name": name, "most": most, "shape": ", ".join(["[...]"] * most)},
                                  node)
            if most == 2 and len(lists[0].elts) != len(lists[1].elts):
                raise self._error("same_length", {"name": name}, node)
            return [(arg, True) for arg in args]
        if not fewest <= len(args) <= most:
            count = str(most) if fewest == most else f"{fewest} or {most}"
            raise self._error("arity", {"name": name, "count": count, "n": len(args)}, node)
        return [(arg, False) for arg in [*args, *(keyword.value for keyword in node.keywords)]]

    def _constant(self, node: ast.Constant) -> float:
        value = node.value
        if type(value) not in (int, float):
            raise self._error("constant_kind", {"what": forbidden(type(value).__name__)}, node)
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise self._error("too_large", {}, node) from None
        if not math.isfinite(number):
            raise self._error("infinite", {}, node)
        return number

    def _check_names(self, values: Mapping[str, Any]) -> None:
        missing = [n for n in self.variables if n not in values]
        if missing:
            known = ", ".join(map(str, values)) if values else "—"
            guess = close_match(missing[0], [n for n in values if isinstance(n, str) and n not in self.variables])
            key = "unknown_variables_guess" if guess else "unknown_variables"
            raise self._error(key, {"names": ", ".join(missing), "given": known, "guess": guess},
                              self._first_use(missing[0]))
        for name in values:
            if name in self._assigned:
                statement = self._assigned[name]
                raise self._error("given_but_named", {"name": name, "line": statement.line}, statement.target)
        unused = [n for n in values if n not in self.variables]
        if unused:
            used = ", ".join(self.variables) if self.variables else "—"
            raise FormulaError("unused_variables", {"text": self.text, "names": ", ".join(map(str, unused)),
                                                    "used": used})

    def _first_use(self, name: str) -> ast.AST | None:
        uses = [node for statement in self._statements for node in ast.walk(statement.value)
                if isinstance(node, ast.Name) and node.id == name]
        return min(uses, key=lambda node: (node.lineno, node.col_offset), default=None)

    # --- evaluation ---------------------------------------------------------------------------------

    def _eval(self, statement: Statement, order: list[ast.expr], scope: Mapping[str, Value | float]) -> Value | float:
        """Every node after its operands (the post-order computed once), so any depth is fine."""
        results: dict[int, Any] = {}
        for node in order:
            inputs = [results.pop(id(child)) for child in operands(node)]
            results[id(node)] = self._eval_node(node, inputs, scope)
        value: Value | float = results[id(statement.value)]
        return value

    def _eval_node(self, node: ast.expr, inputs: list[Any], scope: Mapping[str, Value | float]) -> Any:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return scope[node.id]
        if isinstance(node, (ast.List, ast.Tuple)):
            return inputs  # the items of a list argument of sum, mean, logsumexp or dot
        if isinstance(node, ast.UnaryOp):
            (operand,) = inputs
            if isinstance(node.op, ast.UAdd):
                return operand
            if not isinstance(operand, Value):  # -3 is the number -3, not a node negating 3
                return -operand
            return self._apply(node, lambda: apply(NEG, [operand]))
        if isinstance(node, ast.BinOp):
            op = BINARY[type(node.op)]
            return self._apply(node, lambda: apply(op, inputs))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            name = node.func.id
            if name in SCALAR:
                n = len(node.args)
                named = {keyword.arg: value for keyword, value in zip(node.keywords, inputs[n:]) if keyword.arg}
                first = inputs[0] if isinstance(inputs[0], Value) else Value(inputs[0], requires_grad=False)
                return self._apply(node, lambda: SCALAR[name](first, *inputs[1:n], **named))
            if not all(isinstance(a, (ast.List, ast.Tuple)) for a in node.args):
                inputs = [inputs]  # sum(a, b, c) is sum([a, b, c])
            return self._apply(node, lambda: SEQUENCE[name](*inputs))
        raise self._error("not_allowed", {"what": forbidden(type(node).__name__),
                                          "functions": ", ".join(FUNCTIONS)}, node)  # unreachable after _check

    def _apply(self, node: ast.AST, compute: Callable[[], Value]) -> Value:
        try:
            return compute()
        except DomainError as error:
            op = error.op
            if op is None or not op.domain:
                raise self._error("engine", {"reason": str(error)}, node) from error
            names = [op.param_name(i, len(error.operands)) for i in range(len(error.operands))]
            raise self._error("domain", {"op": op.name, "domain": domain(op.domain),
                                         "operands": written_operands(names, error.operands)}, node) from error
        except (AutogradError, ArithmeticError, ValueError, TypeError) as error:
            raise self._error("engine", {"reason": engine(str(error))}, node) from error

    # --- positions ----------------------------------------------------------------------------------

    def _error(self, key: str, fields: Mapping[str, Any], node: ast.AST | None) -> FormulaError:
        line, offset = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if line is None or offset is None:
            return FormulaError(key, fields, self.text)
        start = source_columns(self._source, line, offset)
        end_line, end_offset = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
        end = source_columns(self._source, line, end_offset) if end_line == line and end_offset is not None else None
        return FormulaError(key, fields, self.text, line, start, end)

    def _operator_error(self, key: str, fields: Mapping[str, Any], node: ast.BinOp, symbol: str) -> FormulaError:
        """Point at the operator itself, found between the two operands."""
        error = self._error(key, fields, node)
        left, right = node.left, node.right
        if left.end_lineno == right.lineno == node.lineno and left.end_col_offset is not None:
            line = self._source.split("\n")[node.lineno - 1]
            lo = source_columns(self._source, node.lineno, left.end_col_offset)
            hi = source_columns(self._source, node.lineno, right.col_offset)
            at = line.find(symbol, lo, hi)
            if at >= 0:
                return error.at(self.text, node.lineno, at, at + len(symbol))
        return error


def normalize_name(name: str) -> str:
    """A variable name as Python's parser reads it in a formula (NFKC): ``µ`` → ``μ``, ``ｘ`` → ``x``."""
    return unicodedata.normalize("NFKC", name)


_T = TypeVar("_T")


def _normalized(values: Mapping[str, _T]) -> dict[str, _T]:
    """``values`` with every name in NFKC form; FormulaError if two names become one."""
    if not isinstance(values, Mapping):
        raise FormulaError("not_a_mapping", {"type": type(values).__name__})
    out: dict[str, _T] = {}
    spelled: dict[str, str] = {}
    for key, value in values.items():
        name = normalize_name(key) if isinstance(key, str) else key
        if name in out:
            raise FormulaError("given_twice", {"name": name, "first": spelled[name], "second": key})
        out[name], spelled[name] = value, key
    return out


def _number(value: Any, name: str) -> float:
    try:
        return finite_float(value, f"variable {name}", VizError, VizError)
    except ValueError as error:
        raise FormulaError("engine", {"reason": str(error)}) from None


def parse(text: str, variables: Mapping[str, float]) -> Value:
    """Build the graph of ``text`` with the given variable values (see the module docstring).

    >>> out = parse("tanh(x1*w1 + x2*w2 + b)", {"x1": 2, "w1": -3, "x2": 0, "w2": 1, "b": 6.8813735870195432})
    >>> round(out.data, 4)
    0.7071
    """
    return Formula(text).build(variables)
