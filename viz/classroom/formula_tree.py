"""Walking a formula's ``ast`` tree without recursion: each node's operands, the order they are computed in,
how deep the nesting is, and where a decimal comma (``0,5``) hides in the text.

Nesting counts what a reader sees as nesting: a chain of one operator (``a + b - c + …``, ``a * b / c``,
``a ** b ** c``) is one level however long; each call, each other operator and each unary minus adds a level.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

__all__ = ["decimal_comma", "deepest", "operands", "postorder", "source_columns"]

# A chain of one of these operators is one level of nesting: a + b - c + d, a * b / c.
_CHAINS = (frozenset({ast.Add, ast.Sub}), frozenset({ast.Mult, ast.Div}))
_DECIMALS = re.compile(r"\d+(?:[eE][-+]?\d+)?")  # the digits after a decimal comma (0,5 or 2,5e-3)


def _same_level(parent: ast.AST, child: ast.AST) -> bool:
    """True when ``child`` continues ``parent``'s chain: the left operand of a + b + c, the right one of a ** b ** c."""
    if not (isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp)):
        return False
    if isinstance(parent.op, ast.Pow):
        return child is parent.right and isinstance(child.op, ast.Pow)
    return child is parent.left and any(type(parent.op) in c and type(child.op) in c for c in _CHAINS)


def deepest(tree: ast.AST, most: int) -> ast.AST | None:
    """The first node nested more than ``most`` levels deep in ``tree``, or None."""
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > most:
            return node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.keyword):  # f(x, slope=…): the value nests like an argument
                child = child.value
            if isinstance(child, ast.expr):
                stack.append((child, depth if _same_level(node, child) else depth + 1))
    return None


def operands(node: ast.AST) -> list[ast.expr]:
    """The sub-expressions a node of the whitelist is computed from, in order."""
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):  # positional arguments, then keyword arguments' values
        return [*node.args, *(keyword.value for keyword in node.keywords)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return list(node.elts)
    return []


def postorder(tree: ast.expr) -> list[ast.expr]:
    """The nodes of ``tree``, each after its operands (left to right), found without recursion."""
    order: list[ast.expr] = []
    stack: list[tuple[ast.expr, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(operands(node)))
    return order


def decimal_comma(text: str) -> tuple[str, str, str, tuple[int, int], int | None] | None:
    """``0,5`` is a tuple to Python; to a Spanish-speaking class it is a half.  Where the first one is:
    ``(integer part, decimals, the number as written, (line, start column), end column or None)``."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):  # cannot happen after ast.parse; nothing to point at
        return None
    for a, comma, b in zip(tokens, tokens[1:], tokens[2:]):
        if (a.type == b.type == tokenize.NUMBER and comma.string == "," and a.end == comma.start
                and comma.end == b.start and a.string.isdigit() and _DECIMALS.fullmatch(b.string)):
            return a.string, b.string, f"{a.string},{b.string}", a.start, b.end[1] if b.end[0] == a.start[0] else None
    return None


def source_columns(text: str, line: int, byte_offset: int) -> int:
    """ast counts columns in UTF-8 bytes; a caret needs characters."""
    row = text.split("\n")[line - 1]
    return len(row.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))
