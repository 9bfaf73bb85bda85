"""nn.arrays: the one validator of matrices, vectors and datasets — its results and its messages."""

from __future__ import annotations

import doctest
import sys
from typing import Any

import numpy as np
import pytest

import nn
from nn import arrays
from nn.arrays import as_matrix, as_samples, as_vector, describe
from nn.words import NNError


def nested(depth: int) -> list[Any]:
    """``[[[…]]]`` ``depth`` lists deep, built without recursion."""
    top: list[Any] = []
    inner = top
    for _ in range(depth - 1):
        inner.append([])
        inner = inner[0]
    return top


class MyError(ValueError):
    pass


def test_matrices_from_lists_tuples_and_arrays() -> None:
    for x in ([[1, 2.5], [3, 4]], ((1, 2.5), (3, 4)), [np.array([1, 2.5]), (3, 4)],
              np.array([[1, 2.5], [3, 4]]), np.array([[1, 2.5], [3, 4]], dtype=np.float32),
              [[np.int8(1), 2.5], [3, 4]]):
        M = as_matrix(x, "W")
        assert M.dtype == float and M.shape == (2, 2)
        np.testing.assert_array_equal(M, [[1, 2.5], [3, 4]])
    assert as_matrix([[1, 2]], "W", rows=1, cols=2).shape == (1, 2)
    source = np.zeros((2, 2))
    as_matrix(source, "W")[0, 0] = 5.0
    assert source[0, 0] == 0.0  # a copy, never the caller's array


def test_vectors_from_lists_tuples_and_arrays() -> None:
    for x in ([1, 2.5], (1, 2.5), np.array([1, 2.5]), [np.float64(1), np.int64(2) + 0.5]):
        v = as_vector(x, "b")
        assert v.dtype == float
        np.testing.assert_array_equal(v, [1, 2.5])
    source = np.zeros(3)
    as_vector(source, "b", length=3)[0] = 5.0
    assert source[0] == 0.0


@pytest.mark.parametrize(("x", "kwargs", "message"), [
    ([[1, True]], {}, r"W1 row 1, column 2 must be a real number, got True \(bool\)"),
    ([[1, 2], [3, "0.5"]], {}, r"W1 row 2, column 2 must be a real number, got '0.5' \(str\)"),
    ([[None]], {}, r"W1 row 1, column 1 must be a real number, got None \(NoneType\)"),
    ([[1, float("nan")]], {}, "W1 row 1, column 2 must be finite, got nan"),
    (np.array([[1.0], [np.inf]]), {}, "W1 row 2, column 1 must be finite, got inf"),
    (np.array([[True, False]]), {}, r"W1 row 1, column 1 must be a real number, got True \(bool\)"),
    ([[10 ** 400]], {}, "W1 row 1, column 1 must be finite, got an integer too large for a float"),
    ([[1, [0.5]]], {}, "W1 row 1, column 2 must be a number, got a list of 1"),
    ([[1, 2], [3]], {}, r"W1 must be rectangular \(every row the same length\): row 1 has length 2, row 2 has "
                        "length 1"),
    ([[1], []], {}, "row 1 has length 1, row 2 has length 0"),
    ("abc", {}, "W1 must be a k×n matrix: a list of rows, each a list of numbers; got 'abc'"),
    ({"a": 1}, {}, "W1 must be a k×n matrix: a list of rows, each a list of numbers; got a dict of 1"),
    ([1, 2], {}, "W1 must be a k×n matrix: a list of rows, each a list of numbers; row 1 is 1"),
    (3.0, {"cols": 2}, "W1 must be a k×2 matrix: .* got 3.0"),
    (np.zeros((2, 2, 2)), {}, r"W1 must be a k×n matrix \(2-D\), got an array of shape \(2, 2, 2\)"),
    (np.zeros(3), {"rows": 1}, r"W1 must be a 1×n matrix \(2-D\), got an array of shape \(3,\)"),
    ([], {}, "W1: expected shape k×n, got 0×0"),
    ([[]], {}, "W1: expected shape k×n, got 1×0"),
    ([[1, 2]], {"rows": 3, "cols": 2}, "W1: expected shape 3×2, got 1×2"),
    (np.zeros((2, 3)), {"rows": 3, "cols": 2}, "W1: expected shape 3×2, got 2×3"),
    ([[1, 2]], {"cols": 3}, "W1: expected shape k×3, got 1×2"),
    ([[1], [2]], {"rows": 1}, "W1: expected shape 1×n, got 2×1"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_matrix_errors_name_what_and_where(x: Any, kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        as_matrix(x, "W1", **kwargs)  # type: ignore[arg-type]
    assert type(info.value) is NNError  # a ValueError that also writes itself in Spanish
    assert info.value.message("es").startswith("W1") and "got" not in info.value.message("es")
    with pytest.raises(MyError, match=message):
        as_matrix(x, "W1", error=MyError, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("x", "kwargs", "message"), [
    ([0.1, False], {}, r"b1 entry 2 must be a real number, got False \(bool\)"),
    ([np.bool_(True)], {}, r"b1 entry 1 must be a real number, got np.True_ \(bool\)"),
    (["1"], {}, r"b1 entry 1 must be a real number, got '1' \(str\)"),
    ([1, float("-inf")], {}, "b1 entry 2 must be finite, got -inf"),
    ([[1]], {}, "b1 entry 1 must be a number, got a list of 1"),
    ([1, {"x": 1}], {}, "b1 entry 2 must be a number, got a dict of 1"),
    (0.5, {}, "b1 must be a list of numbers, got 0.5"),
    ("0.5", {}, "b1 must be a list of numbers, got '0.5'"),
    ({"0": 1.0}, {}, "b1 must be a list of numbers, got a dict of 1"),
    (np.zeros((3, 1)), {}, r"b1 must be a list of numbers \(1-D\), got an array of shape \(3, 1\)"),
    ([], {}, r"b1: expected shape \(n,\), got \(0,\)"),
    ([1, 2], {"length": 3}, r"b1: expected shape \(3,\), got \(2,\)"),
    (np.zeros(4), {"length": 3}, r"b1: expected shape \(3,\), got \(4,\)"),
])
def test_vector_errors_name_what_and_where(x: Any, kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        as_vector(x, "b1", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(MyError, match=message):
        as_vector(x, "b1", error=MyError, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("depth", [3, 1_000, 100_000])
def test_deep_nesting_is_a_short_error_not_a_recursion_error(depth: int) -> None:
    deep = nested(depth)
    limit = sys.getrecursionlimit()
    cases = [(lambda: as_matrix(deep, "W"), "W row 1, column 1 must be a number, got a list of [01]"),
             (lambda: as_matrix([[1.0, deep]], "W"), "W row 1, column 2 must be a number, got a list of [01]"),
             (lambda: as_matrix([deep], "W"), "W row 1, column 1 must be a number, got a list of [01]"),
             (lambda: as_vector(deep, "b"), "b entry 1 must be a number, got a list of [01]"),
             (lambda: as_vector([0.0, deep], "b"), "b entry 2 must be a number, got a list of [01]"),
             (lambda: as_samples(deep, 2, "fit"),
              "fit: X must be a table of numbers|fit: X must hold numbers only|fit: empty dataset")]
    for call, message in cases:
        with pytest.raises(ValueError, match=message) as info:
            call()
        assert len(str(info.value)) < 300 and "\n" not in str(info.value)
    assert sys.getrecursionlimit() == limit


def test_samples() -> None:
    np.testing.assert_array_equal(as_samples([[1, 2], [3, 4]], 2, "fit"), [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(as_samples([1, 2, 3], 1, "fit"), [[1.0], [2.0], [3.0]])  # N samples of 1 input
    np.testing.assert_array_equal(as_samples(np.array([1, 2]), 2, "fit"), [[1.0, 2.0]])    # one sample
    with pytest.raises(ValueError, match=r"fit: expects samples as rows of 2 number\(s\), so X must have shape "
                                         r"\(N, 2\); got \(3, 3\)"):
        as_samples(np.zeros((3, 3)), 2, "fit")
    with pytest.raises(ValueError, match="fit: empty dataset"):
        as_samples([], 2, "fit")
    with pytest.raises(ValueError, match="fit: X row 2, column 1 must be finite, got nan"):
        as_samples([[0.0, 1.0], [float("nan"), 1.0]], 2, "fit")
    for bad in ([[1, "2"]], [[True, False]], [[1.0, None]]):
        with pytest.raises(ValueError, match=r"fit: X must hold numbers only \(not strings, bools or None\)"):
            as_samples(bad, 2, "fit")
    with pytest.raises(ValueError, match="fit: X must be a table of numbers"):
        as_samples([[1, 2], [3]], 2, "fit")
    with pytest.raises(MyError):
        as_samples([[1, 2]], 3, "fit", error=MyError)


def test_describe_is_one_short_line() -> None:
    assert describe([1, 2, 3]) == "a list of 3" and describe((1,)) == "a tuple of 1" and describe({}) == "a dict of 0"
    assert describe(np.zeros((2, 3))) == "an array of shape (2, 3)"
    assert describe(nested(100_000)) == "a list of 1"
    assert describe("x" * 100) == "'" + "x" * 36 + "..." and len(describe("x" * 100)) == 40
    assert describe(0.5) == "0.5"


def test_exported_and_examples_hold() -> None:
    assert nn.arrays is arrays and "arrays" in nn.__all__
    assert doctest.testmod(arrays).failed == 0
