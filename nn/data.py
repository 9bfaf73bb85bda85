"""Toy datasets generated with numpy from a seed (no scikit-learn needed), a train/test split, and the
8×8 digits that scikit-learn ships (:func:`digits`, the optional ``digits`` extra).

Each generator returns ``(X, y)``: ``X`` a float array of shape ``(n, d)`` (samples as rows) and
``y`` an int array of class labels ``0..C−1`` (a float array for :func:`regression_1d`).  The same
``seed`` always gives the same arrays.  For the hinge loss, ``train.fit`` reads binary labels 0/1 as
−1/+1 (or map them yourself: ``2*y - 1``).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .words import NNError, NNTypeError

__all__ = ["blobs", "circles", "digits", "moons", "regression_1d", "spiral", "train_test_split", "xor"]


def _count(n: Any, name: str, minimum: int = 2) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise NNTypeError(f"{name}: the number of samples must be an int, got {n!r}")
    if n < minimum:
        raise NNError(f"{name}: needs at least {minimum} samples, got {n}")
    return int(n)


def _noise(noise: float, name: str) -> float:
    if not (isinstance(noise, (int, float)) and math.isfinite(noise) and noise >= 0):
        raise NNError(f"{name}: noise must be a finite number ≥ 0, got {noise!r}")
    return float(noise)


def _shuffled(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(y))
    return X[order], y[order]


def moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: class 0 on top, ``(cos t, sin t)``; class 1 below, ``(1 − cos t, ½ − sin t)``."""
    n, noise = _count(n, "moons"), _noise(noise, "moons")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0, t1 = np.linspace(0.0, math.pi, n0), np.linspace(0.0, math.pi, n - n0)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])])
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n - n0, dtype=int)])
    X = X + rng.normal(0.0, noise, X.shape)
    return _shuffled(X, y, rng)


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: class 0 outside (radius 1), class 1 inside (radius ``factor``)."""
    n, noise = _count(n, "circles"), _noise(noise, "circles")
    if not 0.0 < factor < 1.0:
        raise NNError(f"circles: factor must be in (0, 1), got {factor}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, 2 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * math.pi, n - n0, endpoint=False)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n - n0, dtype=int)])
    X = X + rng.normal(0.0, noise, X.shape)
    return _shuffled(X, y, rng)


def xor(n: int = 100, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points in the four quadrants of [−1, 1]² (about n/4 each); class 1 where the coordinates' signs differ.

    ``noise`` is Gaussian noise added after labelling, so with noise a few points cross the axes.
    """
    n, noise = _count(n, "xor"), _noise(noise, "xor")
    rng = np.random.default_rng(seed)
    quadrant = np.arange(n) % 4
    signs = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])[quadrant]
    X = signs * rng.uniform(0.0, 1.0, (n, 2))
    y = (quadrant % 2).astype(int)
    return _shuffled(X + rng.normal(0.0, noise, X.shape), y, rng)


def spiral(n: int = 150, classes: int = 3, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms (CS231n's dataset), ``n`` points in total, labels ``0..classes−1``."""
    n, noise = _count(n, "spiral"), _noise(noise, "spiral")
    if classes < 2 or n < classes:
        raise NNError(f"spiral: needs 2 ≤ classes ≤ n, got classes={classes}, n={n}")
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for k in range(classes):
        m = n // classes + (1 if k < n % classes else 0)
        r = np.linspace(0.0, 1.0, m)
        t = np.linspace(k * 4.0, (k + 1) * 4.0, m) + rng.normal(0.0, noise, m)
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(m, k, dtype=int))
    return _shuffled(np.vstack(parts), np.concatenate(labels), rng)


def blobs(n: int = 100, centers: int | Sequence[Sequence[float]] = 3, std: float = 0.5,
          seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs around ``centers`` (a count: evenly spaced on a circle of radius 3; or explicit points)."""
    n, std = _count(n, "blobs"), _noise(std, "blobs")
    if isinstance(centers, int):
        if centers < 1:
            raise NNError(f"blobs: needs at least 1 center, got {centers}")
        angles = 2 * math.pi * np.arange(centers) / centers
        C = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    else:
        C = np.asarray(centers, dtype=float)
        if C.ndim != 2 or len(C) == 0:
            raise NNError(f"blobs: centers must be a count or a list of points, got shape {C.shape}")
    rng = np.random.default_rng(seed)
    y = np.arange(n) % len(C)
    X = C[y] + rng.normal(0.0, std, (n, C.shape[1]))
    return _shuffled(X, y, rng)


def regression_1d(n: int = 50, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``y = sin(x) + noise`` for ``x`` uniform in [−3, 3]: X of shape ``(n, 1)``, y float of shape ``(n,)``."""
    n, noise = _count(n, "regression_1d"), _noise(noise, "regression_1d")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-3.0, 3.0, n))
    return x.reshape(-1, 1), np.sin(x) + rng.normal(0.0, noise, n)


def train_test_split(X: Any, y: Any, test_size: float = 0.25,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle and split into ``X_train, X_test, y_train, y_test``; ``test_size`` is a fraction in (0, 1)."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) == 0:
        raise NNError("train_test_split: empty dataset")
    if len(X) != len(y):
        raise NNError(f"train_test_split: X has {len(X)} rows but y has {len(y)} labels")
    if not 0.0 < test_size < 1.0:
        raise NNError(f"train_test_split: test_size must be a fraction in (0, 1), got {test_size}")
    n_test = round(len(X) * test_size)
    if n_test < 1 or n_test >= len(X):
        raise NNError(f"train_test_split: {len(X)} samples are too few to split with test_size={test_size}")
    order = np.random.default_rng(seed).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def digits(scale: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 handwritten 8×8 digits that scikit-learn ships (no download): X of shape ``(1797, 64)``, y of 0–9.

    Each row is one image read row by row (``X[k].reshape(8, 8)`` draws it); its pixels are ink levels
    0–16, divided by 16 into [0, 1] when ``scale`` (the default), so a network's inputs stay small.  Needs
    scikit-learn, the optional ``digits`` extra: ``pip install 'pizarra[digits]'`` (``make test`` installs it).
    """
    try:
        datasets = importlib.import_module("sklearn.datasets")
    except ImportError as error:
        raise ImportError("digits: needs scikit-learn, which ships the 8×8 digits; install it with "
                          "pip install 'pizarra[digits]' (`make test` installs it)") from error
    found = datasets.load_digits()
    X = np.asarray(found.data, dtype=np.float64)
    return (X / 16.0 if scale else X), np.asarray(found.target, dtype=int)
