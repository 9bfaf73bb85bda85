"""``make demo`` prints the worked example and writes the class material it announces."""

from __future__ import annotations

from pathlib import Path

import pytest

from nn import MLP, data, train
from viz import demo

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.dot
def test_demo_prints_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "∂o/∂w1 =  1.0000" in out and "all 5 gradients agree" in out
    for name in ("neurona_relu.svg", "neurona_relu_pasos.md", "player_relu.html"):
        path = tmp_path / name
        assert path.exists() and str(path) in out
    table = (tmp_path / "neurona_relu_pasos.md").read_text(encoding="utf-8")
    assert "| paso |" in table and "= -5 | 20 |" in table.replace(" ", " ")
    assert (tmp_path / "neurona_relu.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    # micrograd's demo trains to 100% and leaves its plots and the model behind
    assert "training accuracy 100%" in out
    for name in ("moons_boundary.png", "moons_loss.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG)
    X, y = data.moons(100, noise=0.1, seed=0)
    assert train.accuracy(MLP.load(tmp_path / "moons_model.json"), X, y) == 1.0
