"""``viz.network`` drawn by graphviz: measured on the SVG, where each value and label lands, and how big it is.

* every value of a sample is drawn inside its own node (its SVG group);
* each weight's label sits on its own edge, at the head end, nearest its own neuron, and overlaps no other
  label and no node; no other edge and no layer's border passes through it (no label on a crossing);
* a picture fits a 1920×1080 projector with its smallest text at least 16 px tall (font size), and its
  aspect ratio is between 4:3 and 2:1: the course's network with all its values and ``MLP(2, [16, 16, 1])``.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import pytest

import nn
import viz
from autograd.text import Notation
from nn import MLP, losses

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]
Point = tuple[float, float]

pytestmark = pytest.mark.dot


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _points(text: str) -> list[Point]:
    v = _numbers(text)
    return list(zip(v[0::2], v[1::2]))


def _box(points: list[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _bezier(d: str) -> list[Point]:
    """Points along an SVG path ``M p0 C p1 p2 p3 …`` (graphviz's edges)."""
    p = _points(d)
    out = []
    for k in range(0, len(p) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = p[k:k + 4]
        for t in (i / 40 for i in range(41)):
            u = 1 - t
            out.append((u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3))
    return out


def _overlap(a: Box, b: Box) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _distance(p: Point, b: Box) -> float:
    return math.hypot(max(b[0] - p[0], 0.0, p[0] - b[2]), max(b[1] - p[1], 0.0, p[1] - b[3]))


@dataclass
class Drawing:
    """A rendered picture: its size in points, each node's box and texts, each edge's path (a weight's edge
    is two: ``e_<from>_<to>`` into its label and ``e_<from>_<to>_head`` on to the neuron), each weight's
    label (by its edge's id: its box and texts) and each layer's border (points along it)."""

    width: float
    height: float
    nodes: dict[str, tuple[Box, list[str]]]
    edges: dict[str, tuple[list[Point], Box | None, list[str]]]
    fonts: list[float]
    labels: dict[str, tuple[Box, list[str]]]
    borders: dict[str, list[Point]]
    captions: dict[str, Box]


def _source(nid: str, k: int) -> str:
    """The node whose edge into neuron ``nid`` (``l2_n1``) is its ``k``-th input (0-based)."""
    layer = int(nid[1:nid.index("_")])
    return f"x{k + 1}" if layer == 1 else f"l{layer - 1}_n{k + 1}"


def render(graph: object) -> Drawing:
    svg = graph.pipe(format="svg", encoding="utf-8")  # type: ignore[attr-defined]
    root = ET.fromstring(svg)
    nodes, edges, labels, borders, captions = {}, {}, {}, {}, {}
    for g in root.iter(f"{SVG}g"):
        gid, kind = g.get("id", ""), g.get("class")
        texts = [t.text or "" for t in g.iter(f"{SVG}text")]
        if kind == "node" and gid.startswith("w_"):
            # one neuron's weight labels: a white box each, in the order of its inputs, then its texts
            nid, k = gid[2:], -1
            for el in g:
                if el.tag == f"{SVG}polygon" and el.get("fill") == "white":
                    k += 1
                    labels[f"e_{_source(nid, k)}_{nid}"] = (_box(_points(el.get("points", ""))), [])
                elif el.tag == f"{SVG}text" and k >= 0:
                    labels[f"e_{_source(nid, k)}_{nid}"][1].append((el.text or "").replace("\u2212", "-"))
        elif kind == "cluster":
            borders[gid] = [p for el in g if el.tag == f"{SVG}path" for p in _bezier(el.get("d", ""))]
            for el in g.iter(f"{SVG}text"):   # the layer's caption: about as wide as Helvetica writes it
                x, y, size = (float(el.get(k, "0")) for k in ("x", "y", "font-size"))
                width = 0.55 * size * len(el.text or "")
                left = x - width / 2 if el.get("text-anchor") == "middle" else x
                captions[gid] = (left, y - 0.8 * size, left + width, y + 0.2 * size)
        elif kind == "node":
            points: list[Point] = []
            for el in g:
                if el.tag == f"{SVG}polygon":
                    points += _points(el.get("points", ""))
                elif el.tag == f"{SVG}path":
                    points += _points(el.get("d", ""))
                elif el.tag == f"{SVG}ellipse":
                    cx, cy, rx, ry = (float(el.get(k, "0")) for k in ("cx", "cy", "rx", "ry"))
                    points += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
            nodes[gid] = (_box(points), texts)
            if gid.endswith("_caption"):    # a layer's caption, when the layers are rows
                captions[gid] = nodes[gid][0]
        elif kind == "edge" and gid.startswith("e_"):
            path = next(el for el in g if el.tag == f"{SVG}path").get("d", "")
            white = [el for el in g if el.tag == f"{SVG}polygon" and el.get("fill") == "white"]
            edges[gid] = (_bezier(path), _box(_points(white[0].get("points", ""))) if white else None, texts)
    fonts = [float(t.get("font-size", "14")) for t in root.iter(f"{SVG}text")]
    return Drawing(*_numbers(root.get("width", "") + " " + root.get("height", "")), nodes, edges, fonts, labels,
                   borders, captions)


def course_net() -> MLP:
    return MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                            [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"])


def test_each_value_is_drawn_inside_its_own_node() -> None:
    drawing = render(viz.network(course_net(), x=[1.8, -3.4], y=5, notation="es"))
    texts = {name: texts for name, (_, texts) in drawing.nodes.items()}
    assert texts["x1"] == ["x₁ = 1,8", "∂J/∂x₁ = 0,04877"] and texts["x2"] == ["x₂ = −3,4", "∂J/∂x₂ = −0,01387"]
    assert texts["l1_n1"] == ["σ", "b = 0,1", "z = 1,98", "a = 0,8787", "∂J/∂b = 0,04763", "∂J/∂z = 0,04763",
                              "∂J/∂a = 0,4468"]
    assert texts["l2_n1"] == ["σ", "b = 0,7", "z = 0,09037", "a = 0,5226", "∂J/∂b = −1,117", "∂J/∂z = −1,117",
                              "∂J/∂a = −4,477"]
    assert texts["y1"] == ["ŷ₁ = 0,5226"] and texts["loss"] == ["J = ½(ŷ − y)² = 10,02", "y = 5"]
    assert drawing.labels["e_x2_l1_n2"][1] == ["-0,9", "∂ 0,0337"]   # the label of the edge from x₂


def xor_net() -> MLP:
    net = MLP(2, [4, 1], activation="tanh", init="xavier", seed=0)
    losses.mse(net([0.5, 1.0]), 1.0).backward()
    return net


PICTURES: dict[str, Callable[[], object]] = {
    "course sample": lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, notation="es"),
    "course sample, names": lambda: viz.network(course_net(), x=[1.8, -3.4], y=5,
                                                show=viz.NetworkShow(parameter_names=True)),
    "course, weights": lambda: viz.network(course_net()),
    "xor 2-4-1, gradients": lambda: viz.network(xor_net(), show=viz.NetworkShow(grads=True),
                                                notation=Notation("es", precision=2)),
    "1-8-1 across, names": lambda: viz.network(MLP(1, [8, 1], seed=0), show=viz.NetworkShow(parameter_names=True)),
    # before issue 16 a label sat on the crossing of two edges in these, and layer borders ran behind labels
    "course, gradients": lambda: viz.network(course_net(), show=viz.NetworkShow(grads=True), notation="es"),
    "2-4-1, gradients": lambda: viz.network(MLP(2, [4, 1], seed=3), show=viz.NetworkShow(grads=True)),
    "2-3-3-1, gradients": lambda: viz.network(MLP(2, [3, 3, 1], seed=2), show=viz.NetworkShow(grads=True),
                                              notation="es"),
    "3-4-2, gradients": lambda: viz.network(MLP(3, [4, 2], seed=2), show=viz.NetworkShow(grads=True)),
    "2-6-1 across, gradients": lambda: viz.network(MLP(2, [6, 1], seed=0), show=viz.NetworkShow(grads=True),
                                                   layout=viz.NetworkLayout(rankdir="TB")),
}


@pytest.mark.parametrize("picture", PICTURES, ids=list(PICTURES))
def test_each_label_sits_at_the_head_of_its_own_edge(picture: str) -> None:
    drawing = render(PICTURES[picture]())
    weights = [eid for eid in drawing.edges if re.fullmatch(r"e_(x\d+|l\d+_n\d+)_(l\d+_n\d+)", eid)]
    assert weights and sorted(drawing.labels) == sorted(weights)
    neurons = {name: box for name, (box, _) in drawing.nodes.items() if name != "legend"}
    # each layer's neurons in order, the first on top (or on the left, when the layers are rows)
    (ax, ay, _, _), (bx, by, _, _) = drawing.nodes["x1"][0], drawing.nodes["l1_n1"][0]
    across = 0 if abs(by - ay) > abs(bx - ax) else 1
    for layer in {name.split("_")[0] for name in neurons if re.fullmatch(r"l\d+_n\d+", name)} | {"x"}:
        names = sorted((n for n in neurons if re.fullmatch(rf"{layer}_?n?\d+", n) and not n.startswith("w_")),
                       key=lambda n: int(re.findall(r"\d+", n)[-1]))
        starts = [neurons[n][across] for n in names]
        assert starts == sorted(starts), f"{layer}: its nodes are out of order: {names}"
    for eid, (box, texts) in drawing.labels.items():
        head = re.fullmatch(r"e_(x\d+|l\d+_n\d+)_(l\d+_n\d+)", eid)
        assert head is not None and texts
        into, onwards = drawing.edges[eid][0], drawing.edges[f"{eid}_head"][0]
        # the edge ends at its label, and goes on from it to its own neuron
        assert _distance(into[-1], box) <= 2.0 and _distance(onwards[0], box) <= 2.0, f"{eid}: not through its label"
        assert _distance(onwards[-1], neurons[head[2]]) <= 8.0, f"{eid}: does not go on to {head[2]}"
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        nearest = min(neurons, key=lambda name: _distance(centre, neurons[name]))
        assert nearest == head[2], f"{eid}: its label is nearest {nearest}"
        assert not any(_overlap(box, other) for other in neurons.values()), f"{eid}: its label covers a node"
        others = [o for oid, (o, _) in drawing.labels.items() if oid != eid]
        assert not any(_overlap(box, other) for other in others), f"{eid}: its label covers another label"
        # no label on a crossing: no other edge, and no layer's border, runs through it
        inner = (box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1)
        for oid, (path, _, _) in drawing.edges.items():
            assert not any(_distance(p, inner) == 0.0 for p in path), f"{eid}: {oid} runs through its label"
        for cid, border in drawing.borders.items():
            assert not any(_distance(p, inner) == 0.0 for p in border), f"{eid}: {cid}'s border runs behind it"
    for cid, caption in drawing.captions.items():   # nor through a layer's caption
        for eid, (path, _, _) in drawing.edges.items():
            assert not any(_distance(p, caption) == 0.0 for p in path), f"{eid} runs through {cid}'s caption"


def _fits_a_projector(drawing: Drawing) -> float:
    """The smallest font, in pixels, once the drawing is scaled to fit 1920×1080."""
    scale = min(1920 / drawing.width, 1080 / drawing.height)
    return min(drawing.fonts) * scale


@pytest.mark.parametrize("picture", [
    lambda: viz.network(MLP(2, [16, 16, 1], seed=0), notation="es"),
    lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, notation="es"),
    lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, show=viz.NetworkShow(parameter_names=True), notation="es"),
], ids=["MLP(2, [16, 16, 1])", "course sample", "course sample, names"])
def test_a_picture_fits_a_slide(picture: Callable[[], object]) -> None:
    drawing = render(picture())
    assert 4 / 3 <= drawing.width / drawing.height <= 2.0, (drawing.width, drawing.height)
    assert _fits_a_projector(drawing) >= 16.0, (drawing.width, drawing.height, min(drawing.fonts))


def test_the_big_network_is_one_page_without_edge_labels() -> None:
    net = MLP(2, [16, 16, 1], seed=0)
    drawing = render(viz.network(net, notation="es"))
    assert not drawing.labels and all(box is None and texts == [] for _, box, texts in drawing.edges.values())
    assert len(drawing.edges) == 2 * 16 + 16 * 16 + 16 + 1
    # the layers are rows: inputs above layer 1 above layer 2 above the output
    rows = [drawing.nodes[name][0][1] for name in ("x1", "l1_n1", "l2_n1", "l3_n1")]
    assert rows == sorted(rows)
    # before issue 10 this picture was 1375×12589 px with its weight labels
    assert drawing.width <= 1440 and drawing.height <= 810
    forced = render(viz.network(nn.MLP(2, [16, 16, 1], seed=0), show=viz.NetworkShow(edge_labels=True)))
    assert forced.width * forced.height > 2 * drawing.width * drawing.height
