"""Graders for Course 1, "Python and numpy for deep learning".

Eight warm-up exercises: ``basic_sigmoid`` (with :mod:`math`), ``sigmoid`` and
``sigmoid_derivative`` (with numpy), ``image2vector``, ``normalize_rows``, a row-wise
``softmax``, and the ``L1`` and ``L2`` losses.

The sigmoid and softmax exercises are compared against the library kernels
:func:`dlcourse.functional.sigmoid`, :func:`~dlcourse.functional.sigmoid_derivative` and
:func:`~dlcourse.functional.softmax` (called with ``axis=1``: the exercise normalises each
*row*, while the library's default ``axis=0`` normalises each column of a ``(classes, m)``
array). ``image2vector``, ``normalize_rows``, ``L1`` and ``L2`` are one-liners with no kernel
in :mod:`dlcourse`, so this module keeps small reference implementations of its own
(``_image2vector``, ``_normalize_rows``, ``_l1``, ``_l2`` below), used only for grading.

Test inputs stay in the range where the textbook formulas ``1 / (1 + exp(-x))`` and
``exp(x) / sum(exp(x))`` do not overflow, so the course's answers pass as well as the
numerically safer ones.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..functional import sigmoid as _sigmoid
from ..functional import sigmoid_derivative as _sigmoid_derivative
from ..functional import softmax as _softmax
from ._core import run_cases

__all__ = [
    "check_basic_sigmoid", "check_sigmoid", "check_sigmoid_derivative", "check_image2vector",
    "check_normalize_rows", "check_softmax", "check_L1", "check_L2",
]


# --- reference implementations for the exercises that have no dlcourse kernel ------------------

def _image2vector(image: np.ndarray) -> np.ndarray:
    """Reference: an image of shape (length, height, depth) as a column vector (length*height*depth, 1)."""
    if image.ndim != 3:
        raise ValueError(f"image must be 3-D (length, height, depth), got shape {image.shape}")
    return image.reshape(-1, 1)


def _normalize_rows(x: np.ndarray) -> np.ndarray:
    """Reference: each row of a 2-D ``x`` divided by its Euclidean (L2) norm."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _l1(yhat: np.ndarray, y: np.ndarray) -> float:
    """Reference L1 loss: sum of |y - yhat| over every entry."""
    return float(np.sum(np.abs(y - yhat)))


def _l2(yhat: np.ndarray, y: np.ndarray) -> float:
    """Reference L2 loss: sum of (y - yhat)^2 over every entry."""
    return float(np.sum((y - yhat) ** 2))


def _rng_cases(seed: int, shapes, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    return [scale * rng.standard_normal(shape) for shape in shapes]


# --- checks --------------------------------------------------------------------------------------

def check_basic_sigmoid(basic_sigmoid: Callable) -> None:
    """Check ``basic_sigmoid(x)`` = 1 / (1 + exp(-x)) for a single real number ``x``."""
    cases = [(f"x = {x!r}", (x,), {}) for x in (3, 0, -2.5, 0.001, 10.0, -7)]
    run_cases("basic_sigmoid", basic_sigmoid, lambda x: float(_sigmoid(x)), cases,
              hint="sigmoid(x) = 1 / (1 + math.exp(-x)); check the sign inside exp. "
                   "sigmoid(0) must be 0.5 and sigmoid(3) about 0.952574.")


def check_sigmoid(sigmoid: Callable) -> None:
    """Check the numpy ``sigmoid(x)``: elementwise, any shape, returns an array of ``x``'s shape."""
    a, b = _rng_cases(0, [(3, 4), (2, 3, 2)], scale=4.0)
    cases = [
        ("x = np.array([1, 2, 3]) (integers)", (np.array([1, 2, 3]),), {}),
        ("x = np.array([-20.0, -1.0, 0.0, 1.0, 20.0])", (np.array([-20.0, -1.0, 0.0, 1.0, 20.0]),), {}),
        ("x of shape (3, 4)", (a,), {}),
        ("x of shape (2, 3, 2)", (b,), {}),
        ("x of shape (1, 1)", (np.array([[0.5]]),), {}),
    ]
    run_cases("sigmoid", sigmoid, _sigmoid, cases,
              hint="use np.exp, which works elementwise on whole arrays (math.exp only takes one number): "
                   "s = 1 / (1 + np.exp(-x)). Do not loop, and return an array of the same shape as x.")


def check_sigmoid_derivative(sigmoid_derivative: Callable) -> None:
    """Check ``sigmoid_derivative(x)`` = s * (1 - s) with s = sigmoid(x), elementwise."""
    a, = _rng_cases(1, [(4, 3)], scale=3.0)
    cases = [
        ("x = np.array([1, 2, 3])", (np.array([1, 2, 3]),), {}),
        ("x = np.array([-5.0, 0.0, 0.5, 5.0])", (np.array([-5.0, 0.0, 0.5, 5.0]),), {}),
        ("x of shape (4, 3)", (a,), {}),
        ("x of shape (2, 1)", (np.array([[-1.5], [2.5]]),), {}),
    ]
    run_cases("sigmoid_derivative", sigmoid_derivative, _sigmoid_derivative, cases,
              hint="first compute s = sigmoid(x), then return s * (1 - s). The formula applies to the "
                   "sigmoid's output s, not to x itself; at x = 0 the derivative is 0.25, its maximum.")


def check_image2vector(image2vector: Callable) -> None:
    """Check ``image2vector(image)``: (length, height, depth) -> column vector (length*height*depth, 1)."""
    course = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
                       [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
                       [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]]])
    rng = np.random.default_rng(2)
    cases = [
        ("the course's 3 x 3 x 2 image", (course,), {}),
        ("image of shape (4, 5, 3)", (rng.random((4, 5, 3)),), {}),
        ("image of shape (2, 6, 1)", (rng.random((2, 6, 1)),), {}),
        ("image of shape (1, 1, 3)", (rng.random((1, 1, 3)),), {}),
        ("uint8 image of shape (8, 8, 3)", (rng.integers(0, 256, (8, 8, 3), dtype=np.uint8),), {}),
    ]
    run_cases("image2vector", image2vector, _image2vector, cases,
              hint="return image.reshape(length * height * depth, 1) using the sizes in image.shape "
                   "(or image.reshape(-1, 1)): a column vector of shape (n, 1), not a rank-1 array of "
                   "shape (n,) nor a row of shape (1, n). Reshape, don't transpose, to keep numpy's element order.")


def check_normalize_rows(normalize_rows: Callable) -> None:
    """Check ``normalize_rows(x)``: each row of the 2-D ``x`` divided by its L2 norm."""
    a, b, c = _rng_cases(3, [(5, 4), (3, 3), (4, 1)])
    cases = [
        ("x = [[0, 3, 4], [1, 6, 4]] (the course's example)", (np.array([[0, 3, 4], [1, 6, 4]]),), {}),
        ("x of shape (5, 4)", (a,), {}),
        ("square x of shape (3, 3)", (b,), {}),
        ("x of shape (1, 3)", (np.array([[2.0, -1.0, 2.0]]),), {}),
        ("x of shape (4, 1) (each row a single number)", (c,), {}),
    ]
    run_cases("normalize_rows", normalize_rows, _normalize_rows, cases,
              hint="x_norm = np.linalg.norm(x, axis=1, keepdims=True) has shape (n, 1), one norm per row; "
                   "then return x / x_norm (broadcasting divides each row by its own norm). Without "
                   "keepdims=True the norms have shape (n,) and a square x is silently divided column by column.")


def check_softmax(softmax: Callable) -> None:
    """Check the row-wise ``softmax(x)`` for ``x`` of shape (m, n): each row sums to 1."""
    a, b = _rng_cases(4, [(3, 5), (4, 4)], scale=3.0)
    cases = [
        ("x = [[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]] (the course's example)",
         (np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]),), {}),
        ("x of shape (3, 5)", (a,), {}),
        ("square x of shape (4, 4)", (b,), {}),
        ("x of shape (1, 4)", (np.array([[1.0, 2.0, 3.0, 4.0]]),), {}),
        ("x of shape (3, 1) (one entry per row)", (np.array([[-2.0], [0.0], [5.0]]),), {}),
        ("x with entries up to 50", (np.array([[50.0, 49.0, 0.0], [-50.0, 0.0, 50.0]]),), {}),
    ]
    run_cases("softmax", softmax, lambda x: _softmax(x, axis=1), cases,
              hint="x_exp = np.exp(x); x_sum = np.sum(x_exp, axis=1, keepdims=True) has shape (m, 1); "
                   "return x_exp / x_sum. Sum along axis=1 (each row), keep the dimension so the division "
                   "broadcasts row by row, and don't sum over the whole array.")


def _check_loss(exercise: str, fn: Callable, reference: Callable, hint: str) -> None:
    rng = np.random.default_rng(5)
    y10 = (rng.random(10) > 0.5).astype(float)
    y_row = (rng.random((1, 8)) > 0.5).astype(float)
    cases = [
        ("the course's example, shape (5,)", (np.array([.9, 0.2, 0.1, .4, .9]), np.array([1, 0, 0, 1, 1])), {}),
        ("vectors of shape (10,)", (rng.random(10), y10), {}),
        ("perfect predictions (the loss is 0)", (y10.copy(), y10), {}),
        ("predictions worse than the labels, with negative differences",
         (np.array([1.5, -0.5, 2.0]), np.array([1.0, 0.0, 1.0])), {}),
        ("a row of shape (1, 8), the book's (1, m) layout", (rng.random((1, 8)), y_row), {}),
    ]
    run_cases(exercise, fn, reference, cases, hint=hint)


def check_L1(L1: Callable) -> None:
    """Check ``L1(yhat, y)`` = sum_i |y_i - yhat_i|; ``yhat`` and ``y`` share a shape, (m,) or (1, m)."""
    _check_loss("L1", L1, _l1, hint="L1 = np.sum(np.abs(y - yhat)): take the absolute value before summing, "
                                   "and sum (not average) over every entry.")


def check_L2(L2: Callable) -> None:
    """Check ``L2(yhat, y)`` = sum_i (y_i - yhat_i)^2; ``yhat`` and ``y`` share a shape, (m,) or (1, m)."""
    _check_loss("L2", L2, _l2,
                hint="L2 = np.sum((y - yhat) ** 2): square, then sum over every entry (no square root, no mean). "
                     "np.dot(d, d) only gives that number for a rank-1 d of shape (m,); for d of shape (1, m) use "
                     "np.sum(d ** 2) or np.dot(d.ravel(), d.ravel()).")
