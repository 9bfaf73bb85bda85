"""``viz.network`` drawn by graphviz: measured on the SVG, where each value and label lands, and how big it is.

* every value of a sample is drawn inside its own node (its SVG group);
* each weight's label sits on its own edge, at the head end, nearest its own neuron, and overlaps no other
  label and no node;
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
    """A rendered picture: its size in points, each node's box and texts, each edge's path and label box."""

    width: float
    height: float
    nodes: dict[str, tuple[Box, list[str]]]
    edges: dict[str, tuple[list[Point], Box | None, list[str]]]
    fonts: list[float]


def render(graph: object) -> Drawing:
    svg = graph.pipe(format="svg", encoding="utf-8")  # type: ignore[attr-defined]
    root = ET.fromstring(svg)
    nodes, edges = {}, {}
    for g in root.iter(f"{SVG}g"):
        gid, kind = g.get("id", ""), g.get("class")
        texts = [t.text or "" for t in g.iter(f"{SVG}text")]
        if kind == "node":
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
        elif kind == "edge" and gid.startswith("e_"):
            path = next(el for el in g if el.tag == f"{SVG}path").get("d", "")
            white = [el for el in g if el.tag == f"{SVG}polygon" and el.get("fill") == "white"]
            edges[gid] = (_bezier(path), _box(_points(white[0].get("points", ""))) if white else None, texts)
    fonts = [float(t.get("font-size", "14")) for t in root.iter(f"{SVG}text")]
    return Drawing(*_numbers(root.get("width", "") + " " + root.get("height", "")), nodes, edges, fonts)


def course_net() -> MLP:
    return MLP.from_weights([[[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]], [[-0.4, 0.2, -0.5]]],
                            [[0.1, 0.5, 0.8], [0.7]], ["sigmoid", "sigmoid"])


def test_each_value_is_drawn_inside_its_own_node() -> None:
    drawing = render(viz.network(course_net(), x=[1.8, -3.4], y=5, lang="es"))
    texts = {name: texts for name, (_, texts) in drawing.nodes.items()}
    assert texts["x1"] == ["x₁ = 1,8", "∂J/∂x₁ = 0,04877"] and texts["x2"] == ["x₂ = −3,4", "∂J/∂x₂ = −0,01387"]
    assert texts["l1_n1"] == ["σ", "b = 0,1", "z = 1,98", "a = 0,8787", "∂J/∂b = 0,04763", "∂J/∂z = 0,04763",
                              "∂J/∂a = 0,4468"]
    assert texts["l2_n1"] == ["σ", "b = 0,7", "z = 0,09037", "a = 0,5226", "∂J/∂b = −1,117", "∂J/∂z = −1,117",
                              "∂J/∂a = −4,477"]
    assert texts["y1"] == ["ŷ₁ = 0,5226"] and texts["loss"] == ["J = ½(ŷ − y)² = 10,02", "y = 5"]
    assert drawing.edges["e_x2_l1_n2"][2] == ["−0,9", "∂ 0,0337"]   # the edge's own group holds its label


def xor_net() -> MLP:
    net = MLP(2, [4, 1], activation="tanh", init="xavier", seed=0)
    losses.mse(net([0.5, 1.0]), 1.0).backward()
    return net


PICTURES: dict[str, Callable[[], object]] = {
    "course sample": lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, lang="es"),
    "course sample, names": lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, parameter_names=True),
    "course, weights": lambda: viz.network(course_net()),
    "xor 2-4-1, gradients": lambda: viz.network(xor_net(), show_grads=True, lang="es", precision=2),
    "1-8-1 across, names": lambda: viz.network(MLP(1, [8, 1], seed=0), parameter_names=True),
}


@pytest.mark.parametrize("picture", PICTURES, ids=list(PICTURES))
def test_each_label_sits_at_the_head_of_its_own_edge(picture: str) -> None:
    drawing = render(PICTURES[picture]())
    labelled = {eid: (path, box) for eid, (path, box, _) in drawing.edges.items() if box is not None}
    weights = [eid for eid in drawing.edges if not eid.endswith(("_y1", "_loss"))]
    assert weights and sorted(labelled) == sorted(weights)
    neurons = {name: box for name, (box, _) in drawing.nodes.items() if name != "legend"}
    for eid, (path, box) in labelled.items():
        head = re.fullmatch(r"e_(x\d+|l\d+_n\d+)_(l\d+_n\d+)", eid)
        assert head is not None
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        on_edge = min(math.dist(centre, p) for p in path)
        assert on_edge <= 8.0, f"{eid}: its label is {on_edge:.1f} pt off its own edge"
        assert math.dist(centre, path[-1]) < math.dist(centre, path[0]), f"{eid}: its label is not at the head end"
        nearest = min(neurons, key=lambda name: _distance(centre, neurons[name]))
        assert nearest == head[2], f"{eid}: its label is nearest {nearest}"
        assert not any(_overlap(box, other) for other in neurons.values()), f"{eid}: its label covers a node"
        others = [o for oid, (_, o) in labelled.items() if oid != eid]
        assert not any(_overlap(box, other) for other in others), f"{eid}: its label covers another label"


def _fits_a_projector(drawing: Drawing) -> float:
    """The smallest font, in pixels, once the drawing is scaled to fit 1920×1080."""
    scale = min(1920 / drawing.width, 1080 / drawing.height)
    return min(drawing.fonts) * scale


@pytest.mark.parametrize("picture", [
    lambda: viz.network(MLP(2, [16, 16, 1], seed=0), lang="es"),
    lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, lang="es"),
    lambda: viz.network(course_net(), x=[1.8, -3.4], y=5, lang="es", parameter_names=True),
], ids=["MLP(2, [16, 16, 1])", "course sample", "course sample, names"])
def test_a_picture_fits_a_slide(picture: Callable[[], object]) -> None:
    drawing = render(picture())
    assert 4 / 3 <= drawing.width / drawing.height <= 2.0, (drawing.width, drawing.height)
    assert _fits_a_projector(drawing) >= 16.0, (drawing.width, drawing.height, min(drawing.fonts))


def test_the_big_network_is_one_page_without_edge_labels() -> None:
    net = MLP(2, [16, 16, 1], seed=0)
    drawing = render(viz.network(net, lang="es"))
    assert all(box is None and texts == [] for _, box, texts in drawing.edges.values())
    assert len(drawing.edges) == 2 * 16 + 16 * 16 + 16 + 1
    # the layers are rows: inputs above layer 1 above layer 2 above the output
    rows = [drawing.nodes[name][0][1] for name in ("x1", "l1_n1", "l2_n1", "l3_n1")]
    assert rows == sorted(rows)
    # before issue 10 this picture was 1375×12589 px with its weight labels
    assert drawing.width <= 1440 and drawing.height <= 810
    forced = render(viz.network(nn.MLP(2, [16, 16, 1], seed=0), edge_labels=True))
    assert forced.width * forced.height > 2 * drawing.width * drawing.height
