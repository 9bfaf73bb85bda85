"""``make demo`` prints the worked example, writes the class material, and ends saying what it wrote
and what to try next."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from PIL import Image

from nn import MLP, data, train
from viz import cli, demo

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.dot
def test_demo_prints_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "∂o/∂w1 =  1\n" in out and "∂o/∂x1 = −1.5\n" in out and "all 5 gradients agree" in out
    for name in ("neurona_relu.svg", "neurona_relu_pasos.md", "player_relu.html", "neurona_relu_pasos.pdf",
                 "neurona_relu_pasos.gif"):
        path = tmp_path / name
        assert path.exists() and str(path) in out
    table = (tmp_path / "neurona_relu_pasos.md").read_text(encoding="utf-8")
    assert "| paso |" in table and "= −5 | 20 |" in table.replace(" ", " ")
    assert (tmp_path / "neurona_relu.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    # the neuron's slides: the title page, its 16 steps and the gradients, in Spanish
    assert (tmp_path / "neurona_relu_pasos.pdf").read_bytes().startswith(b"%PDF")
    with Image.open(tmp_path / "neurona_relu_pasos.gif") as gif:
        assert gif.n_frames == 16 + 2 and gif.size == (1920, 1080)
    # micrograd's demo trains to 100% and leaves its plots and the model behind
    assert "training accuracy 100%" in out
    for name in ("moons_boundary.png", "moons_loss.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG)
    X, y = data.moons(100, noise=0.1, seed=0)
    assert train.accuracy(MLP.load(tmp_path / "moons_model.json"), X, y) == 1.0


@pytest.mark.dot
def test_demo_ends_with_every_file_it_wrote_and_what_to_try(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main([str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    ending = out[out.index("\nWritten:\n"):]
    listed = {Path(line.split()[0]) for line in ending.splitlines()[2:] if line.startswith(f"  {tmp_path}")}
    assert listed == set((tmp_path / "out").iterdir()) and len(listed) == 9
    next_lines = ending[ending.index("Next, try:"):].splitlines()
    assert next_lines[-2].split() == ["make", "notebooks", "the", "class", "notebooks,", "in", "JupyterLab"]
    assert next_lines[-1].startswith("  make test ")
    # the first command to try works as printed
    command = shlex.split(next_lines[1])
    assert command[0] == demo.pizarra_command() and command[1] == "steps"
    assert cli.main(command[1:]) == 0
    table = capsys.readouterr().out
    assert table.startswith("paso ") and "contribución" in table     # the Spanish step table


def test_pizarra_command_is_the_venvs_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After `make demo`, pizarra is not on the PATH: the demo names .venv/bin/pizarra."""
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.chdir(tmp_path)
    assert demo.pizarra_command() == "pizarra"               # no script there: whatever is on the PATH
    (bin_dir / "pizarra").touch()
    assert demo.pizarra_command() == str(Path(".venv", "bin", "pizarra"))
    monkeypatch.chdir(bin_dir)
    assert demo.pizarra_command() == "./pizarra"             # never the bare name of another pizarra
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert demo.pizarra_command() == str(bin_dir / "pizarra")
