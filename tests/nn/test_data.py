"""Toy datasets: shapes, labels, geometry, determinism, the split and bad arguments."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from nn import data

GENERATORS: list[tuple[str, Callable[..., tuple[np.ndarray, np.ndarray]], int, set[int]]] = [
    ("moons", data.moons, 2, {0, 1}),
    ("circles", data.circles, 2, {0, 1}),
    ("xor", data.xor, 2, {0, 1}),
    ("spiral", data.spiral, 2, {0, 1, 2}),
    ("blobs", data.blobs, 2, {0, 1, 2}),
]


@pytest.mark.parametrize("case", GENERATORS, ids=[g[0] for g in GENERATORS])
def test_classification_sets(case: tuple[str, Callable[..., tuple[np.ndarray, np.ndarray]], int, set[int]]) -> None:
    _, make, dim, classes = case
    X, y = make(99, seed=3)
    assert X.shape == (99, dim) and X.dtype == np.float64
    assert y.shape == (99,) and y.dtype.kind == "i"
    assert set(y.tolist()) == classes
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    X2, y2 = make(99, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(99, seed=4)
    assert not np.array_equal(X, X3)
    with pytest.raises(ValueError, match="at least 2 samples"):
        make(0)
    with pytest.raises(TypeError, match="int"):
        make(10.5)


def test_moons_geometry_without_noise() -> None:
    X, y = data.moons(40, noise=0.0, seed=0)
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(top[:, 0], top[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(bottom[:, 0] - 1.0, bottom[:, 1] - 0.5), 1.0)
    assert (top[:, 1] >= -1e-12).all() and (bottom[:, 1] <= 0.5 + 1e-12).all()


def test_circles_and_xor_geometry() -> None:
    X, y = data.circles(60, noise=0.0, factor=0.3, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    X, y = data.xor(200, seed=1)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    with pytest.raises(ValueError, match="factor"):
        data.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="noise"):
        data.moons(10, noise=-1)


def test_blobs_centers_and_regression() -> None:
    X, y = data.blobs(300, centers=[[5.0, 5.0], [-5.0, -5.0]], std=0.1, seed=0)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [5, 5], atol=0.05)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [-5, -5], atol=0.05)
    X, t = data.regression_1d(50, noise=0.0, seed=2)
    assert X.shape == (50, 1) and t.shape == (50,)
    np.testing.assert_allclose(t, np.sin(X[:, 0]))
    with pytest.raises(ValueError, match="classes"):
        data.spiral(10, classes=1)


def test_train_test_split() -> None:
    X, y = data.moons(100, seed=0)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_size=0.2, seed=1)
    assert X_tr.shape == (80, 2) and X_te.shape == (20, 2) and len(y_tr) == 80 and len(y_te) == 20
    rows = {tuple(r) for r in np.vstack([X_tr, X_te]).tolist()}
    assert rows == {tuple(r) for r in X.tolist()}
    again = data.train_test_split(X, y, test_size=0.2, seed=1)
    np.testing.assert_array_equal(again[1], X_te)
    with pytest.raises(ValueError, match="empty dataset"):
        data.train_test_split(np.zeros((0, 2)), np.zeros(0))
    with pytest.raises(ValueError, match="100 rows but y has 3"):
        data.train_test_split(X, [1, 2, 3])
    with pytest.raises(ValueError, match="fraction"):
        data.train_test_split(X, y, test_size=1.5)


def test_digits_are_scikit_learns_8x8_images() -> None:
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype.kind == "i"
    assert set(y.tolist()) == set(range(10))
    assert X.min() == 0.0 and X.max() == 1.0
    raw, y2 = data.digits(scale=False)
    np.testing.assert_array_equal(raw / 16.0, X)
    np.testing.assert_array_equal(y, y2)
    assert set(np.unique(raw).tolist()) <= set(range(17))


def test_digits_without_scikit_learn_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def no_sklearn(name: str, package: str | None = None) -> object:
        if name.startswith("sklearn"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_sklearn)
    with pytest.raises(ImportError, match=r"pip install 'pizarra\[digits\]'") as caught:
        data.digits()
    assert "make test" in str(caught.value) and "scikit-learn" in str(caught.value)
