"""Benchmark the browser page (viz/web): cold load, a step, a redraw, and the site's size.

Run with ``make bench`` (after the engine's tables) or ``python bench/web.py [--runs N] [--site FOLDER]``.
It builds the site (``python -m viz.web.build``) into a temporary folder unless ``--site`` names a built
one, serves it on 127.0.0.1 and opens it in headless Chromium, each run with a fresh profile (nothing
cached).  The issue's targets: first drawn graph ≤ 5 s after the page is asked for, a step ≤ 50 ms, a new
formula to a redrawn graph ≤ 300 ms, the site ≤ 25 MB.

* **load**: from the navigation's start to the first graph on screen (Pyodide's start, the project's
  wheels unpacked and imported, Graphviz ready, the course's neuron drawn); also when Pyodide alone was
  ready and when the imports were done;
* **step**: one step of the player (``pizarraPlayer``'s ``show``: states, caption, row, scroll), each
  of the neuron's steps, median and worst;
* **redraw**: a new formula typed and submitted, to its graph drawn and painted (several formulas).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viz.player.screenshot import open_browser, set_viewport
from viz.web.build import build_site
from viz.web.serve import serve

NEURON = ("z = w1*x1 + w2*x2 + w3*x3 + b; yhat = relu(z); L = 0.5*(yhat - y)**2",
          "w1=4 w2=2 w3=-5 x1=1 x2=0 x3=2 b=7 y=5")
#: What the redraw is timed on: a student's next formulas.
FORMULAS = [("tanh(w*x + b)", "w=0.5 x=2 b=-1"), ("z = w*x + b; L = 0.5*(relu(z) - y)**2", "w=4 x=1 b=7 y=5"),
            ("L = -(y*log(p) + (1 - y)*log(1 - p)); p = sigmoid(w*x)", "w=1.5 x=2 y=1"),
            NEURON]
TARGETS = {"load": 5.0, "step": 0.050, "redraw": 0.300}


def measure(site: Path, runs: int = 3, size: tuple[int, int] = (1920, 1080)) -> dict[str, Any]:
    """Serve ``site`` and time ``runs`` cold loads, every step and a redraw per formula of :data:`FORMULAS`."""
    loads: list[dict[str, float]] = []
    steps: list[float] = []
    redraws: list[float] = []
    with serve(site) as served:
        fragment = "#" + urlencode({"f": NEURON[0], "v": NEURON[1], "lang": "es"}, quote_via=quote)
        for run in range(runs):
            with open_browser(*size) as driver:
                set_viewport(driver, *size)
                driver.get(served.url + "index.html" + fragment)
                times = _wait_ready(driver)
                loads.append({key: times[key] / 1e3 for key in ("start", "pyodide", "imported", "first")})
                if run == 0:
                    steps = [t / 1e3 for t in driver.execute_script("""
                        var p = pizarraPage.player, n = pizarraPage.steps, out = [];
                        for (var i = 0; i < n; i++) {
                          var t = performance.now(); p.show(i); out.push(performance.now() - t);
                        }
                        return out;""")]
                    for text, values in FORMULAS:
                        redraws.append(driver.execute_async_script("""
                            var done = arguments[arguments.length - 1];
                            document.getElementById('formula').value = arguments[0];
                            document.getElementById('values').value = arguments[1];
                            var t = performance.now();
                            document.getElementById('draw').click();
                            requestAnimationFrame(function () {
                              setTimeout(function () { done(performance.now() - t); });
                            });
                            """, text, values) / 1e3)
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"loads": loads, "steps": steps, "redraws": redraws,
            "size": sum(p.stat().st_size for p in files),
            "pyodide_size": sum(p.stat().st_size for p in files if p.relative_to(site).parts[0] == "pyodide")}


def _wait_ready(driver: Any, timeout: float = 120.0) -> dict[str, float]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = driver.execute_script("return window.pizarraPage && [pizarraPage.ready, pizarraPage.error, "
                                      "pizarraPage.times]")
        if state and state[1]:
            raise RuntimeError(f"the page failed: {state[1]}")
        if state and state[0]:
            return dict(state[2])
        time.sleep(0.05)
    raise RuntimeError("the page did not get ready in time")


def report(figures: dict[str, Any]) -> str:
    """The figures as a table, each beside its target."""
    loads = figures["loads"]
    first = [x["first"] for x in loads]
    lines = [f"{'browser page':<44}{'measured':>22}  target",
             f"{'load: first graph drawn (cold, best/median)':<44}"
             f"{min(first):>9.2f} s / {statistics.median(first):.2f} s  ≤ {TARGETS['load']:.0f} s",
             f"{'  page read / Pyodide started / imports done':<44}"
             f"{statistics.median(x['start'] for x in loads):>5.2f} s / "
             f"{statistics.median(x['pyodide'] for x in loads):.2f} s / "
             f"{statistics.median(x['imported'] for x in loads):.2f} s",
             f"{'step (median / worst of every step)':<44}"
             f"{statistics.median(figures['steps']) * 1e3:>8.1f} ms / {max(figures['steps']) * 1e3:.1f} ms"
             f"  ≤ {TARGETS['step'] * 1e3:.0f} ms",
             f"{'new formula to redrawn graph (median/worst)':<44}"
             f"{statistics.median(figures['redraws']) * 1e3:>8.0f} ms / {max(figures['redraws']) * 1e3:.0f} ms"
             f"  ≤ {TARGETS['redraw'] * 1e3:.0f} ms",
             f"{'site size (of which Pyodide)':<44}"
             f"{figures['size'] / 1e6:>8.1f} MB / {figures['pyodide_size'] / 1e6:.1f} MB  ≤ 25 MB"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="cold loads to time (default: %(default)s)")
    parser.add_argument("--site", type=Path, help="a site already built (default: build one now)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or build_site(Path(scratch) / "site", npm_dir=Path(scratch) / "npm", quiet=True)
        print(report(measure(site, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
