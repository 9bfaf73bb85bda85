"""Reading a network picture's DOT text in the tests: its edges, ports, nodes and what each label shows."""

from __future__ import annotations

import html
import re


def edges(source: str) -> dict[tuple[str, str], str]:
    """The visible edges, by (tail, head) node names (a port ``:i1:w`` on the head is left out)."""
    found = {}
    for line in source.splitlines():
        m = re.match(r"\s*(\w+) -> (\w+)((?::\w+)*) \[(.*)\]$", line)
        if m and "style=invis" not in m[4]:
            found[m[1], m[2]] = m[4]
    return found


def ports(source: str) -> dict[tuple[str, str], str]:
    """The port each visible edge ends at (``""`` when none)."""
    found = {}
    for line in source.splitlines():
        m = re.match(r"\s*(\w+) -> (\w+)((?::\w+)*) \[(.*)\]$", line)
        if m and "style=invis" not in m[4]:
            found[m[1], m[2]] = m[3]
    return found


def node(source: str, name: str) -> str:
    (line,) = [ln.strip() for ln in source.splitlines() if ln.strip().startswith(f"{name} [")]
    return line


def shown(source: str, name: str) -> str:
    """The text node ``name`` shows."""
    m = re.search(r"\[label=<(.*)> id=", node(source, name))
    assert m is not None
    return visible(m[1])


def visible(markup: str) -> str:
    """The text a label shows: its lines (``<BR/>`` and table rows) joined by newlines, tags dropped."""
    text = re.sub(r"<BR[^>]*/>|</TR>", "\n", markup)
    return "\n".join(line for line in html.unescape(re.sub(r"<[^>]*>", "", text)).splitlines() if line.strip())


def head_text(attrs: str) -> str | None:
    """The text at an edge's head (None when it has no head label)."""
    m = re.search(r"headlabel=<(<TABLE.*?</TABLE>)>", attrs)
    return None if m is None else visible(m[1])


def mid_label(attrs: str) -> bool:
    """Whether the edge has a label in its middle (``label=``, not ``headlabel=``)."""
    return re.search(r"(?<![a-z])label=", attrs) is not None
