"""Case (g) of ``bench/bench.py``: the playground's training and redraw rates (issue: ≥ 20 epochs/s, ≥ 5 redraws/s).

The playground of ``viz.playground`` on moons (200 points, two hidden layers of 4, tanh): epochs per
second of training alone (the batched engine through ``nn.train.fit``), redraws per second of the live
picture (every heat map, line and curve updated, then rendered to the PNG the app shows), and what
Play does (``CHUNK`` epochs, a redraw, again) in epochs and redraws per second.
"""

from __future__ import annotations

import time

__all__ = ["playground_rates"]


def _rate(fn: object, least: float) -> float:
    """Calls per second of ``fn`` (a callable), over at least ``least`` seconds."""
    assert callable(fn)
    fn()  # warm up
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < least:
        fn()
        calls += 1
    return calls / elapsed


def playground_rates(least: float = 1.0) -> dict[str, float]:
    """``{"epochs/s", "redraws/s", "play epochs/s", "play redraws/s"}`` for the moons playground."""
    import viz
    from viz.playground.controls import CHUNK, LIVE_DPI

    pg = viz.playground(data="moons", hidden=[4, 4], activation="tanh", lr=0.03, seed=0)
    epochs = _rate(lambda: pg.train(10, redraw=False), least) * 10

    def redraw() -> None:
        pg.redraw()
        pg.picture.png(LIVE_DPI, fast=True)

    redraws = _rate(redraw, least)

    def play() -> None:
        pg.train(CHUNK, redraw=False)
        redraw()

    plays = _rate(play, least)
    return {"epochs/s": epochs, "redraws/s": redraws, "play epochs/s": plays * CHUNK, "play redraws/s": plays}
