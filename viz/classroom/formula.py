"""Safe parsing of formulas like ``tanh(x1*w1 + x2*w2 + b)`` into a graph of Values.

The text is parsed with :mod:`ast` and checked against a strict whitelist, then walked node by
node to build Values; it is never ``eval``-ed, ``exec``-ed or compiled to code.  Allowed:

* numbers (``2``, ``0.5``, ``1e-3``; finite ints and floats only) and variable names;
* ``+ - * / **``, unary ``-`` and ``+``, parentheses;
* calls, by bare name, to the op table's functions (``exp``, ``log``, ``tanh``, ``relu``,
  ``leaky_relu(x, 0.1)``, ...) and to ``sum``, ``mean``, ``logsumexp`` (a list or several
  arguments) and ``dot([x1, x2], [w1, w2])``.

Everything else (attribute access, subscripts, other calls, keywords, lambdas, strings,
comparisons, ``:=``, ...) raises :class:`FormulaError`, whose message shows the offending part
with a caret (and, for a misspelt function or variable, the name it probably meant).  So do
too-long text (:data:`MAX_LENGTH`), too deep nesting (:data:`MAX_DEPTH`), a decimal comma
(``0,5``: the formula needs ``0.5``), non-finite numbers, and a result the engine cannot compute
(``2**10**10`` overflows, ``log(0)``): evaluation is float arithmetic, so it never hangs.

Nesting counts what a reader sees as nesting: a chain of one operator (``a + b - c + …``,
``a * b / c``, ``a ** b ** c``) is one level however long, so any flat sum up to the length limit
is fine; each call, each other operator and each unary minus adds a level.  The tree is walked
without recursion.

Every variable becomes one leaf Value labelled with its name, shared by all its uses, so diagrams
and step tables show ``w1``, ``x1`` and the ``+=`` of a variable used twice.  A variable that is
used but not given, or given but not used, is an error naming it (an unused value is almost
always a typo in a name).  Names are compared in Unicode NFKC form, the form Python's parser gives
the formula's names: a value given for ``µ`` (micro sign) or ``ｘ`` (full width) reaches ``μ`` and ``x``.

    >>> from viz.classroom.formula import parse
    >>> loss = parse("0.5*(relu(w*x + b) - y)**2", {"w": 4, "x": 1, "b": 7, "y": 5})
    >>> loss.data          # ReLU(4·1 + 7) = 11, ½·(11 − 5)² = 18
    18.0

What a formula may use is :mod:`viz.classroom.formula_vocabulary` (read from the op table); the
error and its caret are :mod:`viz.classroom.formula_errors`.
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from autograd.errors import AutogradError
from autograd.value import Value, apply, finite_float

from .formula_errors import FormulaError
from .formula_vocabulary import (
    ALIASES,
    ALLOWED,
    ARITY,
    BINARY,
    FORBIDDEN,
    FUNCTIONS,
    NEG,
    OPERATOR_TEXT,
    SCALAR,
    SEQUENCE,
    close_match,
)

__all__ = ["FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "Formula", "FormulaError", "normalize_name", "parse"]

#: Longest accepted expression text, in characters.  (It also bounds the number of parts: each
#: number, name, operation or call takes at least one character.)
MAX_LENGTH = 2000
#: Deepest nesting of operations and calls; a chain of one operator (``a + b + c + …``) is one level.
MAX_DEPTH = 100

class Formula:
    """A checked expression, ready to be built into Values for any values of its variables.

    >>> e = Formula("tanh(x*w + b)")
    >>> e.variables
    ('x', 'w', 'b')
    >>> round(e.build({"x": 2, "w": -3, "b": 6.8813735870195432}).data, 4)
    0.7071

    Attributes:
        text: the expression as given (without surrounding whitespace).
        variables: the variable names, in order of first appearance (in NFKC form, as Python reads them).
    """

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise FormulaError(f"an expression must be a string, got {type(text).__name__}")
        self.text = text.strip()
        if not self.text:
            raise FormulaError("the expression is empty")
        if len(self.text) > MAX_LENGTH:
            raise FormulaError(f"the expression is too long: {len(self.text)} characters (at most {MAX_LENGTH})")
        self._tree = self._parse()
        self._check_depth()
        self._check_decimal_comma()
        self.variables: tuple[str, ...] = self._check()
        self._order = _postorder(self._tree)

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    # --- building -----------------------------------------------------------------------------------

    def build(self, values: Mapping[str, float]) -> Value:
        """The expression's graph for these variable values; each variable is a leaf labelled by name.

        Raises FormulaError for a missing, unused or non-finite variable, and for a result the
        engine cannot compute (pointing at the operation that failed).
        """
        values = _normalized(values)
        self._check_names(values)
        leaves = {}
        for name in self.variables:
            leaves[name] = Value(_number(values[name], name), label=name)
        return self.evaluate(leaves)

    def evaluate(self, env: Mapping[str, Value]) -> Value:
        """The expression's graph over the given leaf Values (one per variable, by name).

        Handy to re-evaluate at other points, e.g. for :func:`autograd.gradcheck`.
        """
        env = _normalized(env)
        self._check_names(env)
        result = self._eval(env)
        return result if isinstance(result, Value) else Value(result, requires_grad=False)

    # --- checking -----------------------------------------------------------------------------------

    def _parse(self) -> ast.expr:
        try:
            tree = ast.parse(self.text, mode="eval")
        except SyntaxError as error:
            if "nested" in error.msg or "too complex" in error.msg:  # e.g. "too many nested parentheses"
                raise FormulaError(_TOO_DEEP) from None
            reason = f"not a valid expression ({error.msg})"
            line = error.lineno or 1
            offset, end_offset = error.offset or 0, error.end_offset or 0
            if offset < 1:  # the text ended too early: point just past its end
                start, end = len(self.text.split("\n")[line - 1]), None
            else:
                start, end = offset - 1, (end_offset - 1 if end_offset > offset else None)
            raise FormulaError(reason, self.text, line, start, end) from None
        except (RecursionError, MemoryError):  # Python's own parser gave up on the nesting
            raise FormulaError(_TOO_DEEP) from None
        except ValueError as error:
            raise FormulaError(f"not a valid expression ({error})") from None
        return tree.body

    def _check_depth(self) -> None:
        stack: list[tuple[ast.AST, int]] = [(self._tree, 1)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise self._error(_TOO_DEEP, node)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    stack.append((child, depth if _same_level(node, child) else depth + 1))

    def _check_decimal_comma(self) -> None:
        """``0,5`` is a tuple to Python; to a Spanish-speaking class it is a half.  Say so."""
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(self.text).readline))
        except (tokenize.TokenError, SyntaxError):  # cannot happen after ast.parse; nothing to point at
            return
        for a, comma, b in zip(tokens, tokens[1:], tokens[2:]):
            if (a.type == b.type == tokenize.NUMBER and comma.string == "," and a.end == comma.start
                    and comma.end == b.start and a.string.isdigit() and _DECIMALS.fullmatch(b.string)):
                number = f"{a.string},{b.string}"
                raise FormulaError(
                    f"{number}: a decimal comma? In a formula write {a.string}.{b.string} (or {a.string}, {b.string} "
                    f"for two numbers); a value with a decimal comma can be given as NAME=VALUE with --lang es, "
                    f"e.g. a={number}", self.text, a.start[0], a.start[1], b.end[1] if b.end[0] == a.start[0] else None)

    def _check(self) -> tuple[str, ...]:
        """Reject anything off the whitelist; the variable names in order of appearance."""
        names: dict[str, None] = {}
        stack: list[tuple[ast.AST, bool]] = [(self._tree, False)]
        while stack:
            node, in_sequence = stack.pop()
            stack.extend(reversed(self._check_node(node, names, in_sequence)))
        return tuple(names)

    def _check_node(self, node: ast.AST, names: dict[str, None], in_sequence: bool = False
                    ) -> list[tuple[ast.AST, bool]]:
        """Check one node; its operands to check next, each with whether it sits in a list of operands."""
        if isinstance(node, ast.Constant):
            self._constant(node)
        elif isinstance(node, ast.Name):
            if node.id in SCALAR or node.id in SEQUENCE:
                raise self._error(f"{node.id} is a function: call it, e.g. {node.id}(x)", node)
            if node.id.startswith("__"):
                raise self._error(f"names starting with '__' are not allowed: {node.id}", node)
            names.setdefault(node.id)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in BINARY:
                symbol = OPERATOR_TEXT.get(type(node.op), type(node.op).__name__)
                hint = " (for a power write **)" if symbol == "^" else ""
                raise self._operator_error(f"the operator {symbol} is not allowed{hint}", node, symbol)
            return [(node.left, False), (node.right, False)]
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                symbol = OPERATOR_TEXT.get(type(node.op), type(node.op).__name__)
                raise self._error(f"the operator {symbol} is not allowed", node)
            return [(node.operand, False)]
        elif isinstance(node, ast.Call):
            return self._check_call(node, names)
        elif isinstance(node, (ast.List, ast.Tuple)) and in_sequence:
            if not node.elts:
                raise self._error("an empty list has nothing to compute with", node)
            return [(item, False) for item in node.elts]
        elif isinstance(node, (ast.List, ast.Tuple)):
            what = "lists" if isinstance(node, ast.List) else "tuples"
            raise self._error(f"{what} are only allowed as arguments of {', '.join(SEQUENCE)}", node)
        else:
            what = FORBIDDEN.get(type(node), type(node).__name__)
            raise self._error(f"not allowed: {what}; {ALLOWED}", node)
        return []

    def _check_call(self, node: ast.Call, names: dict[str, None]) -> list[tuple[ast.AST, bool]]:
        func = node.func
        if not isinstance(func, ast.Name):
            self._check_node(func, names)  # e.g. attribute access: say so, at the attribute
            raise self._error(f"only these functions can be called, by name: {', '.join(FUNCTIONS)}", func)
        name = func.id
        if name not in SCALAR and name not in SEQUENCE:
            guess = ALIASES.get(name.lower()) or close_match(name.lower(), FUNCTIONS)
            hint = f"did you mean {guess}? " if guess else f"to multiply, write {name}*(...); "
            raise self._error(f"unknown function {name!r}; {hint}the functions are {', '.join(FUNCTIONS)}", func)
        if node.keywords:
            raise self._error(f"{name}: keyword arguments are not allowed", node.keywords[0])
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self._error(f"{name}: starred arguments (`*`) are not allowed", arg)
        fewest, most = ARITY[name]
        args = node.args
        if name in SEQUENCE:
            lists = [a for a in args if isinstance(a, (ast.List, ast.Tuple))]
            if most == 1 and args and not lists:  # sum(a, b, c) means sum([a, b, c])
                return [(arg, False) for arg in args]
            if len(args) != most or len(lists) != most:
                shape = ", ".join(["[...]"] * most)
                raise self._error(f"{name} takes {most} list(s) of operands: {name}({shape})", node)
            if most == 2 and len(lists[0].elts) != len(lists[1].elts):
                raise self._error(f"{name} needs two lists of the same length", node)
            return [(arg, True) for arg in args]
        if not fewest <= len(args) <= most:
            count = str(most) if fewest == most else f"{fewest} or {most}"
            raise self._error(f"{name} takes {count} argument(s), got {len(args)}", node)
        return [(arg, False) for arg in args]

    def _constant(self, node: ast.Constant) -> float:
        value = node.value
        if type(value) not in (int, float):
            what = {str: "strings", bytes: "bytes", complex: "complex numbers", bool: "True/False"}.get(
                type(value), repr(value))
            raise self._error(f"not allowed: {what} (only real numbers)", node)
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise self._error("the number is too large for a float", node) from None
        if not math.isfinite(number):
            raise self._error("the number is too large for a float (it would be infinite)", node)
        return number

    def _check_names(self, values: Mapping[str, Any]) -> None:
        missing = [n for n in self.variables if n not in values]
        if missing:
            known = ", ".join(map(str, values)) if values else "none"
            guess = close_match(missing[0], [n for n in values if isinstance(n, str) and n not in self.variables])
            hint = f"; did you mean {guess}?" if guess else ""
            node = self._first_use(missing[0])
            raise self._error(f"unknown variable(s) {', '.join(missing)}; given: {known}{hint}", node)
        unused = [n for n in values if n not in self.variables]
        if unused:
            used = ", ".join(self.variables) if self.variables else "none"
            raise FormulaError(f"variable(s) given but not used in {self.text!r}: {', '.join(map(str, unused))}"
                                  f" (the expression uses: {used})")

    def _first_use(self, name: str) -> ast.AST | None:
        uses = [node for node in ast.walk(self._tree) if isinstance(node, ast.Name) and node.id == name]
        return min(uses, key=lambda node: (node.lineno, node.col_offset), default=None)

    # --- evaluation ---------------------------------------------------------------------------------

    def _eval(self, env: Mapping[str, Value]) -> Value | float:
        """Every node after its operands (the post-order computed once), so any depth is fine."""
        results: dict[int, Any] = {}
        for node in self._order:
            operands = [results.pop(id(child)) for child in _operands(node)]
            results[id(node)] = self._eval_node(node, operands, env)
        result: Value | float = results[id(self._tree)]
        return result

    def _eval_node(self, node: ast.expr, operands: list[Any], env: Mapping[str, Value]) -> Any:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, (ast.List, ast.Tuple)):
            return operands  # the items of a list argument of sum, mean, logsumexp or dot
        if isinstance(node, ast.UnaryOp):
            (operand,) = operands
            if isinstance(node.op, ast.UAdd):
                return operand
            if not isinstance(operand, Value):  # -3 is the number -3, not a node negating 3
                return -operand
            return self._apply(node, lambda: apply(NEG, [operand]))
        if isinstance(node, ast.BinOp):
            op = BINARY[type(node.op)]
            return self._apply(node, lambda: apply(op, operands))
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)
            name = node.func.id
            if name in SCALAR:
                first = operands[0] if isinstance(operands[0], Value) else Value(operands[0], requires_grad=False)
                return self._apply(node, lambda: SCALAR[name](first, *operands[1:]))
            if not all(isinstance(a, (ast.List, ast.Tuple)) for a in node.args):
                operands = [operands]  # sum(a, b, c) is sum([a, b, c])
            return self._apply(node, lambda: SEQUENCE[name](*operands))
        raise self._error(f"not allowed: {type(node).__name__}", node)  # unreachable after _check

    def _apply(self, node: ast.AST, compute: Callable[[], Value]) -> Value:
        try:
            return compute()
        except (AutogradError, ArithmeticError, ValueError, TypeError) as error:
            raise self._error(str(error), node) from error

    # --- positions ----------------------------------------------------------------------------------

    def _error(self, reason: str, node: ast.AST | None) -> FormulaError:
        line, offset = getattr(node, "lineno", None), getattr(node, "col_offset", None)
        if line is None or offset is None:
            return FormulaError(reason, self.text)
        start = self._column(line, offset)
        end_line, end_offset = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
        end = self._column(line, end_offset) if end_line == line and end_offset is not None else None
        return FormulaError(reason, self.text, line, start, end)

    def _operator_error(self, reason: str, node: ast.BinOp, symbol: str) -> FormulaError:
        """Point at the operator itself, found between the two operands."""
        error = self._error(reason, node)
        left, right = node.left, node.right
        if left.end_lineno == right.lineno == node.lineno and left.end_col_offset is not None:
            line = self.text.split("\n")[node.lineno - 1]
            lo = self._column(node.lineno, left.end_col_offset)
            hi = self._column(node.lineno, right.col_offset)
            at = line.find(symbol, lo, hi)
            if at >= 0:
                return FormulaError(reason, self.text, node.lineno, at, at + len(symbol))
        return error

    def _column(self, line: int, byte_offset: int) -> int:
        """ast counts columns in UTF-8 bytes; the caret needs characters."""
        text = self.text.split("\n")[line - 1]
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


_TOO_DEEP = f"the expression is nested too deeply (more than {MAX_DEPTH} levels)"
_DECIMALS = re.compile(r"\d+(?:[eE][-+]?\d+)?")  # the digits after a decimal comma (0,5 or 2,5e-3)
# A chain of one of these operators is one level of nesting: a + b - c + d, a * b / c.
_CHAINS = (frozenset({ast.Add, ast.Sub}), frozenset({ast.Mult, ast.Div}))
def _same_level(parent: ast.AST, child: ast.AST) -> bool:
    """True when ``child`` continues ``parent``'s chain: the left operand of a + b + c, the right one of a ** b ** c."""
    if not (isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp)):
        return False
    if isinstance(parent.op, ast.Pow):
        return child is parent.right and isinstance(child.op, ast.Pow)
    return child is parent.left and any(type(parent.op) in c and type(child.op) in c for c in _CHAINS)


def _operands(node: ast.AST) -> list[ast.expr]:
    """The sub-expressions a node of the whitelist is computed from, in order."""
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    if isinstance(node, (ast.List, ast.Tuple)):
        return list(node.elts)
    return []


def _postorder(tree: ast.expr) -> list[ast.expr]:
    """The nodes of ``tree``, each after its operands (left to right), found without recursion."""
    order: list[ast.expr] = []
    stack: list[tuple[ast.expr, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_operands(node)))
    return order


def normalize_name(name: str) -> str:
    """A variable name as Python's parser reads it in a formula (NFKC): ``µ`` → ``μ``, ``ｘ`` → ``x``."""
    return unicodedata.normalize("NFKC", name)


_T = TypeVar("_T")


def _normalized(values: Mapping[str, _T]) -> dict[str, _T]:
    """``values`` with every name in NFKC form; FormulaError if two names become one."""
    if not isinstance(values, Mapping):
        raise FormulaError(f"the variables must be a mapping name → value, got {type(values).__name__}")
    out: dict[str, _T] = {}
    spelled: dict[str, str] = {}
    for key, value in values.items():
        name = normalize_name(key) if isinstance(key, str) else key
        if name in out:
            raise FormulaError(f"variable {name!r} is given twice ({spelled[name]!r} and {key!r} are the same "
                                  "name to Python)")
        out[name], spelled[name] = value, key
    return out


def _number(value: Any, name: str) -> float:
    return finite_float(value, f"variable {name}", FormulaError, FormulaError)


def parse(text: str, variables: Mapping[str, float]) -> Value:
    """Build the graph of ``text`` with the given variable values (see the module docstring).

    >>> out = parse("tanh(x1*w1 + x2*w2 + b)", {"x1": 2, "w1": -3, "x2": 0, "w2": 1, "b": 6.8813735870195432})
    >>> round(out.data, 4)
    0.7071
    """
    return Formula(text).build(variables)
