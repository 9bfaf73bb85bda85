"""``make docs``: the pictures in ``docs/`` that the README shows, written by the code that makes them.

Each entry of :data:`WRITERS` writes its files into a folder and returns their paths; :func:`write_docs`
runs them all.  A test runs them again into a temporary folder and compares the result with ``docs/``,
so a change to a picture that forgets to regenerate ``docs/`` fails.

    .venv/bin/python -m viz.docs docs       # what `make docs` runs
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from .player import screenshot as player_screenshot

__all__ = ["WRITERS", "main", "write_docs"]


def _neuron(folder: Path) -> list[Path]:
    from .demo import demo_trace_and_diagram

    return demo_trace_and_diagram(folder)


def _neuron_step(folder: Path) -> list[Path]:
    from .demo import demo_step_diagram

    return demo_step_diagram(folder)


def _network(folder: Path) -> list[Path]:
    from .network.docs import write_network_docs

    return write_network_docs(folder)


def _playground(folder: Path) -> list[Path]:
    """``playground.png``: the playground after 150 epochs of Adam on the circles, in Spanish, a sample and a
    neuron of the second layer selected (what clicking does), at 1920 × 1080."""
    from .playground import playground

    pg = playground(data="circles", hidden=[4, 4, 2], optimizer="Adam", lr=0.03, seed=0, notation="es")
    pg.train(150, redraw=False)
    pg.select(sample=7, neuron=(2, 3))
    path = folder / "playground.png"
    pg.snapshot(path)
    return [path]


#: Every writer of docs/, in the order the README shows their pictures.
WRITERS: list[Callable[[Path], list[Path]]] = [_neuron, _neuron_step, _network, player_screenshot.docs_pictures,
                                               _playground]


def write_docs(folder: str | os.PathLike[str] = "docs") -> list[Path]:
    """Write every picture of ``docs/`` into ``folder``; returns the paths written."""
    out = Path(folder)
    return [path for writer in WRITERS for path in writer(out)]


def main(argv: list[str] | None = None) -> int:
    """Write the docs pictures into ``argv[0]`` (default ``docs``) and list them."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_docs(args[0] if args else "docs"):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
