"""What many test files share, written once: the course's two worked examples, a browser, the command.

* :func:`neuron`: the course's seed-004 ReLU neuron, built from scalars; :func:`diamond`, a leaf reached twice;
* :data:`W1` … :data:`Y`, :func:`sigma` and :func:`numpy_backprop`: the seed-000 exercise, and its forward
  and backward pass done independently of the engine, with numpy and the course's matrix formulas;
* :func:`browser_fixture`: a module's headless Chromium, opened once;
* :func:`run_cli`: the ``pizarra`` command, run in the test's process;
* :func:`every_module`: every module of the three packages, imported.
"""

from __future__ import annotations

import importlib
import pkgutil
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograd import Value, functional
from viz.cli import main

__all__ = ["B1", "B2", "W1", "W2", "X", "Y", "browser_fixture", "diamond", "every_module", "neuron", "numpy_backprop",
           "run_cli", "sigma"]


# --- seed 004: the ReLU neuron ---------------------------------------------------------------------------------

def neuron(*, b: float = 7.0, at_zero: float = 0.0, use_dot: bool = False) -> tuple[Value, dict[str, Value]]:
    """Seed 004: ŷ = ReLU(w·x + b) with w = (4, 2, −5), b = 7, x = (1, 0, 2); L = ½(ŷ − 5)².

    Returns ``(L, {label: Value})``.  Only the leaves, ``z``, ``ŷ`` and ``L`` are labelled: the products and
    the partial sums are named by their expressions (:func:`viz.demo.relu_neuron` labels every node, as a
    teacher writes them on the board).  ``b=6`` puts z at exactly 0, where ReLU′ is ``at_zero``; with
    ``use_dot`` the weighted sum is one :func:`autograd.functional.dot` node.
    """
    xs = [Value(v, label=f"x{i + 1}") for i, v in enumerate((1.0, 0.0, 2.0))]
    ws = [Value(v, label=f"w{i + 1}") for i, v in enumerate((4.0, 2.0, -5.0))]
    bias = Value(b, label="b")
    z = functional.dot(xs, ws) + bias if use_dot else ws[0] * xs[0] + ws[1] * xs[1] + ws[2] * xs[2] + bias
    z.label = "z"
    y_hat = z.relu(at_zero=at_zero)
    y_hat.label = "ŷ"
    loss = 0.5 * (y_hat - 5.0) ** 2
    loss.label = "L"
    return loss, {v.label: v for v in (*xs, *ws, bias, z, y_hat, loss)}


def diamond() -> tuple[Value, Value]:
    """``(a, L)``: a = 2 reaches L = b·c twice, through b = 3a and c = a + 1, so ∂L/∂a = 6 + 9 = 15 in two ``+=``."""
    a = Value(2.0, label="a")
    b = a * 3.0
    b.label = "b"
    c = a + 1.0
    c.label = "c"
    loss = b * c
    loss.label = "L"
    return a, loss


# --- seed 000: the 2-3-1 sigmoid network -----------------------------------------------------------------------

# The exercise, as a worksheet holds it: x = (1.8, −3.4), y = 5, J = ½(ŷ − y)², sigmoid in both layers.
W1 = [[0.1, -0.5], [-0.3, -0.9], [0.8, 0.02]]
B1 = [0.1, 0.5, 0.8]
W2 = [[-0.4, 0.2, -0.5]]
B2 = [0.7]
X = [1.8, -3.4]
Y = 5.0


def sigma(z: np.ndarray) -> np.ndarray:
    """The logistic sigmoid, elementwise."""
    return 1.0 / (1.0 + np.exp(-z))


def numpy_backprop() -> dict[str, np.ndarray]:
    """Seed 000's forward and backward pass with numpy, a sample as a column, and the course's formulas
    (σ′ = σ(1 − σ)), not with the engine.  Keys are the worksheet's names (``dJ/dW1``), plus the deltas
    ``dJ/dz1``, ``dJ/dz2`` and ``sigma'(z1)``."""
    x, w1, b1, w2, b2 = (np.array(a) for a in (X, W1, B1, W2, B2))
    z1 = w1 @ x + b1
    y1 = sigma(z1)
    z2 = w2 @ y1 + b2
    y_hat = sigma(z2)
    dz2 = (y_hat - Y) * y_hat * (1 - y_hat)          # dJ/dŷ ⊙ σ'(z2)
    dy1 = w2.T @ dz2                                 # dJ/dy1 = W2ᵀ·dz2
    dz1 = dy1 * y1 * (1 - y1)                        # dJ/dy1 ⊙ σ'(z1)  (not z1!)
    return {"z1": z1, "y1": y1, "z2": z2, "y_hat": y_hat, "J": 0.5 * (y_hat - Y) ** 2,
            "dJ/dz2": dz2, "dJ/dW2": np.outer(dz2, y1), "dJ/db2": dz2, "dJ/dy1": dy1,
            "dJ/dz1": dz1, "dJ/dW1": np.outer(dz1, x), "dJ/db1": dz1, "sigma'(z1)": y1 * (1 - y1)}


# --- a browser -------------------------------------------------------------------------------------------------

def browser_fixture(width: int = 1920, height: int = 1080, *, blocked: tuple[str, ...] = (),
                    log_requests: bool = False) -> Callable[[], Iterator[Any]]:
    """A module-scoped fixture ``browser``: one headless Chromium for the module's tests, quit after them.

    A test module says ``browser = browser_fixture(…)``.  ``blocked`` are URL patterns the browser refuses
    (``"https://*"``: no CDN, no internet); ``log_requests`` keeps every request in ``get_log("performance")``.
    """
    @pytest.fixture(scope="module", name="browser")
    def browser() -> Iterator[Any]:
        from viz.player.screenshot import open_browser

        with open_browser(width, height, log_requests=log_requests) as driver:
            if blocked:
                driver.execute_cdp_cmd("Network.enable", {})
                driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(blocked)})
            yield driver

    return browser


# --- the pizarra command ---------------------------------------------------------------------------------------

def run_cli(capsys: pytest.CaptureFixture[str], *argv: str, folder: Path | None = None) -> tuple[int, str, str]:
    """Run ``pizarra argv`` in this process: its exit status, stdout and stderr.  ``folder`` (a test's
    ``tmp_path``, which pytest names in English) is written ``CARPETA`` in both."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    if folder is not None:
        out, err = out.replace(str(folder), "CARPETA"), err.replace(str(folder), "CARPETA")
    return code, out, err


# --- the packages ----------------------------------------------------------------------------------------------

def every_module() -> Iterator[types.ModuleType]:
    """Every module of ``autograd``, ``nn`` and ``viz`` (``__main__`` modules left out), imported, in a fixed order."""
    for package in ("autograd", "nn", "viz"):
        root = importlib.import_module(package)
        yield root
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not module.name.endswith("__main__"):
                yield importlib.import_module(module.name)
