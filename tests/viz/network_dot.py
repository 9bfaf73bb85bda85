"""Reading a network picture's DOT text in the tests: its edges, ports, nodes and what each label shows."""

from __future__ import annotations

import html
import re

_EDGE = re.compile(r"\s*(\w+)((?::\w+)*) -> (\w+)((?::\w+)*) \[(.*)\]$")


def _segments(source: str) -> list[tuple[str, str, str, str, str]]:
    """The visible edges of the DOT text as written: (tail, tail port, head, head port, attributes)."""
    found = []
    for line in source.splitlines():
        m = _EDGE.match(line)
        if m and "style=invis" not in m[5]:
            found.append((m[1], m[2], m[3], m[4], m[5]))
    return found


def _weights(source: str) -> dict[tuple[str, str], tuple[str, str]]:
    """A labelled weight's two pieces of edge, by (tail, neuron): the edge runs into its label, a cell of the
    neuron's labels node ``w_<neuron>`` (port ``w<k>``), and goes on from it to the neuron's port.  Returns
    the first piece's attributes, with the label's table added as ``weightlabel=<…>``, and the neuron's port."""
    pieces = _segments(source)
    found = {}
    for tail, _, head, port, attrs in pieces:
        if not head.startswith("w_"):
            continue
        k = port.split(":")[1]
        (onwards,) = [(h, hp) for t, tp, h, hp, _ in pieces if t == head and tp.split(":")[1] == k]
        cell = re.search(rf'<TD PORT="{k}"[^>]*><FONT[^>]*>(<TABLE.*?</TABLE>)</FONT></TD>', node(source, head))
        assert cell is not None
        found[tail, onwards[0]] = (f"{attrs} weightlabel=<{cell[1]}>", onwards[1])
    return found


def edges(source: str) -> dict[tuple[str, str], str]:
    """The visible edges, by (tail, head) node names (a port ``:i1:w`` on the head is left out); a labelled
    weight's edge, which runs through its label (:func:`_weights`), as one."""
    found = {(tail, head): attrs for tail, tp, head, _, attrs in _segments(source)
             if not tp and not head.startswith("w_")}
    found.update({key: attrs for key, (attrs, _) in _weights(source).items()})
    return found


def ports(source: str) -> dict[tuple[str, str], str]:
    """The port each visible edge ends at (``""`` when none), on the neuron for a labelled weight's edge."""
    found = {(tail, head): port for tail, tp, head, port, _ in _segments(source)
             if not tp and not head.startswith("w_")}
    found.update({key: port for key, (_, port) in _weights(source).items()})
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
    """The text of a weight's label on its edge, just before its neuron (None when it has none)."""
    m = re.search(r"weightlabel=<(<TABLE.*?</TABLE>)>", attrs)
    return None if m is None else visible(m[1])


def mid_label(attrs: str) -> bool:
    """Whether graphviz writes a label of its own on the edge (``label=``, ``headlabel=``, ``taillabel=``)."""
    return re.search(r"(?<![a-z])(?:head|tail)?label=", attrs) is not None
