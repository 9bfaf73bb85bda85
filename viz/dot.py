"""Text inside DOT: every user-visible string goes through :func:`html_text` into an HTML-like label.

An HTML-like label (``label=<…>``) is parsed by graphviz as XML, so once ``<``, ``>``, ``&`` and
quotes are escaped, no label text (braces, ``|``, newlines, any unicode) can reach the DOT grammar
or the record syntax.  Graphviz still expands ``\\N`` (the node's name), ``\\G`` and friends inside
HTML labels, so a backslash is doubled: every label renders as exactly the characters it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["cell", "column_table", "html_text", "label", "row_table"]


def html_text(text: str) -> str:
    """``text`` escaped for an HTML-like label: it renders literally, newlines as line breaks.

    Characters XML cannot hold (control characters other than newline and tab, lone surrogates)
    are shown as their ``\\xNN`` / ``\\uNNNN`` escape instead of breaking the drawing.
    """
    out = []
    for ch in str(text):
        code = ord(ch)
        if ch == "\n":
            out.append("<BR/>")
        elif ch == "\\":
            out.append("\\\\")  # graphviz expands \N, \G, … even in HTML labels; \\ is one backslash
        elif ch == "\t":
            out.append(" ")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            out.append(f"\\\\x{code:02x}")  # shown as the text \xNN
        elif 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"\\\\u{code:04x}")
        elif ch in "[]":
            out.append(f"&#{code};")  # graphviz 2.43's HTML-label lexer chokes on a cell holding only ']'
        else:
            out.append(html.escape(ch, quote=True))
    return "".join(out)


def label(inner: str) -> str:
    """Wrap already-escaped HTML-like markup as a DOT HTML label (``<…>``)."""
    return f"<{inner}>"


def cell(text: str, *, bold: bool = False, italic: bool = False, color: str | None = None,
         bgcolor: str | None = None, align: str | None = None) -> str:
    """One ``<TD>`` holding ``text`` (escaped here), with optional font style and colours."""
    inner = html_text(text) or " "
    if bold:
        inner = f"<B>{inner}</B>"
    if italic:
        inner = f"<I>{inner}</I>"
    if color:
        inner = f'<FONT COLOR="{color}">{inner}</FONT>'
    attrs = (f' BGCOLOR="{bgcolor}"' if bgcolor else "") + (f' ALIGN="{align}"' if align else "")
    return f"<TD{attrs}>{inner}</TD>"


def row_table(cells: Sequence[str], *, separators: bool = True) -> str:
    """A borderless one-row table of ``cells`` (``<TD>`` markup), separated by vertical rules."""
    joiner = "<VR/>" if separators else ""
    return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4"><TR>'
            + joiner.join(cells) + "</TR></TABLE>")


def column_table(cells: Sequence[str], *, bgcolor: str | None = None, rules: bool = False) -> str:
    """A borderless table of ``cells`` (``<TD>`` markup), one above the other, on ``bgcolor`` if given.

    With ``rules`` a line separates the rows and they get a little more room: a narrow node, for diagrams
    laid out left to right.  Without, a compact label (a network's weights at an edge's head).
    """
    background = f' BGCOLOR="{bgcolor}"' if bgcolor else ""
    padding = 2 if rules else 1
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{padding}"{background}>'
            + ("<HR/>" if rules else "").join(f"<TR>{c}</TR>" for c in cells) + "</TABLE>")
