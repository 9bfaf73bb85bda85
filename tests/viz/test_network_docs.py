"""docs/red_2_3_1.*: the course's 2-3-1 network with every forward and backward value, as ``make docs`` writes it."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from viz.network.docs import PROJECTOR, course_picture, sample_title, write_network_docs

ROOT = Path(__file__).resolve().parents[2]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.dot
def test_docs_hold_the_current_network_picture(tmp_path: Path) -> None:
    """docs/ holds what `make docs` writes; a change to the network picture must regenerate it."""
    written = write_network_docs(tmp_path)
    assert [p.name for p in written] == ["red_2_3_1.dot", "red_2_3_1.svg", "red_2_3_1.png"]
    for name in ("red_2_3_1.dot",):
        assert (tmp_path / name).read_text(encoding="utf-8") == (ROOT / "docs" / name).read_text(encoding="utf-8")
    for path in ((ROOT / "docs" / "red_2_3_1.png"), tmp_path / "red_2_3_1.png"):
        width, height = _png_size(path.read_bytes())
        # it fills a projector: one side exact, the other within it
        assert (abs(width - PROJECTOR[0]) <= 1 and height <= PROJECTOR[1] + 1) or (
            abs(height - PROJECTOR[1]) <= 1 and width <= PROJECTOR[0] + 1), (width, height)
    svg = (ROOT / "docs" / "red_2_3_1.svg").read_text(encoding="utf-8")
    assert "J = ½(ŷ − y)² = 10,02" in svg and "∂J/∂x₁ = 0,04877" in svg and "capa 1 (sigmoide)" in svg


def test_the_course_picture_is_spanish_with_every_value() -> None:
    source = course_picture().source.replace("\u2212", "-").replace("(ŷ - y)", "(ŷ − y)")
    assert "La red 2-3-1: x = (1,8; -3,4), y = 5, J = ½(ŷ − y)²" in source
    for text in ("x₁ = 1,8", "∂J/∂x₂ = -0,01387", "z = 0,09037", "a = 0,5226", "∂J/∂b = -1,117", "ŷ₁ = 0,5226"):
        assert text in source
    english = course_picture(notation="en").source.replace("\u2212", "-")
    assert "The 2-3-1 network: x = (1.8, -3.4), y = 5" in english and "layer 1 (sigmoid)" in english


def test_the_title_comes_from_the_arguments() -> None:
    """A hand-given network has no seed: the default title says what is drawn (sizes, sample), and a
    caller's title replaces it."""
    for lang in ("es", "en"):
        source = course_picture(notation=lang).source
        assert "semilla" not in source and "seed" not in source
    assert sample_title([3, 5, 2], [0.5, -1, 2], 1, notation="en").replace("\u2212", "-") == (
        "The 3-5-2 network: x = (0.5, -1, 2), y = 1, J = ½(ŷ - y)²")
    source = course_picture(title="Clase 4: la red de la pizarra").source
    assert "Clase 4: la red de la pizarra" in source and "La red 2-3-1" not in source
