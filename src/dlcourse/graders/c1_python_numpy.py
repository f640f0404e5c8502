"""Graders for Course 1, "Python and numpy for deep learning".

Eight warm-up exercises: ``basic_sigmoid`` (with :mod:`math`), ``sigmoid`` and
``sigmoid_derivative`` (with numpy), ``image2vector``, ``normalize_rows``, a row-wise
``softmax``, and the ``L1`` and ``L2`` losses.

The sigmoid and softmax exercises are compared against the library kernels
:func:`dlcourse.functional.sigmoid`, :func:`~dlcourse.functional.sigmoid_derivative` and
:func:`~dlcourse.functional.softmax` (called with ``axis=1``: the exercise normalises each
*row*, while the library's default ``axis=0`` normalises each column of a ``(classes, m)``
array). ``image2vector``, ``normalize_rows``, ``L1`` and ``L2`` are one-liners with no kernel
in :mod:`dlcourse`, so this module keeps small reference implementations of its own.

Test inputs stay in the range where the textbook formulas ``1 / (1 + exp(-x))`` and
``exp(x) / sum(exp(x))`` do not overflow, so the course's answers pass as well as the
numerically safer ones.
"""
from __future__ import annotations

import numpy as np

from ..functional import sigmoid as _sigmoid
from ..functional import sigmoid_derivative as _sigmoid_derivative
from ..functional import softmax as _softmax
from .solutions import c1_python_numpy as _solutions
from ._core import Chapter

__all__ = [
    "check_basic_sigmoid", "check_sigmoid", "check_sigmoid_derivative", "check_image2vector",
    "check_normalize_rows", "check_softmax", "check_L1", "check_L2", "hint", "show_solution",
]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution


def _image2vector(image: np.ndarray) -> np.ndarray:
    """Reference: an image of shape (length, height, depth) as a column vector (length*height*depth, 1)."""
    if image.ndim != 3:
        raise ValueError(f"image must be 3-D (length, height, depth), got shape {image.shape}")
    return image.reshape(-1, 1)


def _normalize_rows(x: np.ndarray) -> np.ndarray:
    """Reference: each row of a 2-D ``x`` divided by its Euclidean (L2) norm."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _l1(yhat: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum(np.abs(y - yhat)))


def _l2(yhat: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum((y - yhat) ** 2))


_SIGMOID_CONCEPT = ("the sigmoid squashes any real number into (0, 1): it is 1/2 at 0, close to 1 for large "
                    "positive inputs and close to 0 for large negative ones. Check the sign inside the exponential.")


@chapter.exercise(
    "basic_sigmoid", lambda x: float(_sigmoid(x)),
    fresh=lambda rng: ("a random x", (float(rng.uniform(-8, 8)),), {}),
    concept=_SIGMOID_CONCEPT + " This version takes one Python number and uses the math module.",
    formula="sigmoid(x) = 1 / (1 + math.exp(-x)); sigmoid(0) = 0.5, sigmoid(3) is about 0.952574.",
    solution=_solutions.basic_sigmoid,
    mistakes=[(lambda x: 1 / (1 + np.exp(x)), "the sign in the exponential: exp(-x), not exp(x).")])
def check_basic_sigmoid():
    """Check ``basic_sigmoid(x)`` = 1 / (1 + exp(-x)) for a single real number ``x``."""
    return [(f"x = {x!r}", (x,), {}) for x in (3, 0, -2.5, 0.001, 10.0)]


@chapter.exercise(
    "sigmoid", _sigmoid,
    fresh=lambda rng: ("x of shape (3, 4)", (4.0 * rng.standard_normal((3, 4)),), {}),
    concept=_SIGMOID_CONCEPT + " numpy's functions work elementwise on whole arrays (math.exp takes one number), "
            "so no loop is needed, and the result has the shape of x.",
    formula="s = 1 / (1 + np.exp(-x)).",
    solution=_solutions.sigmoid,
    mistakes=[(lambda x: 1 / (1 + np.exp(x)), "the sign in the exponential: np.exp(-x), not np.exp(x).")])
def check_sigmoid():
    """Check the numpy ``sigmoid(x)``: elementwise, any shape, returns an array of ``x``'s shape."""
    b = 4.0 * np.random.default_rng(0).standard_normal((2, 3, 2))
    return [
        ("x = np.array([1, 2, 3]) (integers)", (np.array([1, 2, 3]),), {}),
        ("x = np.array([-20.0, -1.0, 0.0, 1.0, 20.0])", (np.array([-20.0, -1.0, 0.0, 1.0, 20.0]),), {}),
        ("x of shape (2, 3, 2)", (b,), {}),
        ("x of shape (1, 1)", (np.array([[0.5]]),), {}),
    ]


@chapter.exercise(
    "sigmoid_derivative", _sigmoid_derivative,
    fresh=lambda rng: ("x of shape (4, 3)", (3.0 * rng.standard_normal((4, 3)),), {}),
    concept="the sigmoid's derivative is written with the sigmoid's own output s = sigmoid(x), not with x; "
            "it is largest (0.25) at x = 0 and vanishes for large |x|.",
    formula="s = sigmoid(x); ds = s * (1 - s).",
    solution=_solutions.sigmoid_derivative,
    mistakes=[(lambda x: x * (1 - x), "apply s * (1 - s) to s = sigmoid(x), not to x itself."),
              (lambda x: _sigmoid(x), "return the derivative s * (1 - s), not the sigmoid s.")])
def check_sigmoid_derivative():
    """Check ``sigmoid_derivative(x)`` = s * (1 - s) with s = sigmoid(x), elementwise."""
    return [
        ("x = np.array([1, 2, 3])", (np.array([1, 2, 3]),), {}),
        ("x = np.array([-5.0, 0.0, 0.5, 5.0])", (np.array([-5.0, 0.0, 0.5, 5.0]),), {}),
        ("x of shape (2, 1)", (np.array([[-1.5], [2.5]]),), {}),
    ]


@chapter.exercise(
    "image2vector", _image2vector,
    fresh=lambda rng: ("image of shape (4, 5, 3)", (rng.random((4, 5, 3)),), {}),
    concept="a reshape keeps every value in numpy's order and only changes the shape; the answer is a column "
            "vector, shape (n, 1) with n = length * height * depth (not a rank-1 (n,) array nor a row (1, n)).",
    formula="image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1), or image.reshape(-1, 1).",
    solution=_solutions.image2vector,
    mistakes=[(lambda im: im.reshape(-1), "return a column of shape (n, 1), not a rank-1 array of shape (n,)."),
              (lambda im: im.reshape(1, -1), "return a column of shape (n, 1), not a row of shape (1, n)."),
              (lambda im: im.T.reshape(-1, 1), "reshape, don't transpose: the values must stay in numpy's order.")])
def check_image2vector():
    """Check ``image2vector(image)``: (length, height, depth) -> column vector (length*height*depth, 1)."""
    course = np.array([[[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
                       [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
                       [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]]])
    rng = np.random.default_rng(2)
    return [
        ("the course's 3 x 3 x 2 image", (course,), {}),
        ("image of shape (2, 6, 1)", (rng.random((2, 6, 1)),), {}),
        ("image of shape (1, 1, 3)", (rng.random((1, 1, 3)),), {}),
        ("uint8 image of shape (8, 8, 3)", (rng.integers(0, 256, (8, 8, 3), dtype=np.uint8),), {}),
    ]


@chapter.exercise(
    "normalize_rows", _normalize_rows,
    fresh=lambda rng: ("x of shape (5, 4)", (rng.standard_normal((5, 4)),), {}),
    concept="each row is divided by its own Euclidean length, so every row of the result has length 1. The "
            "norms must keep a column shape (n, 1) for the division to broadcast row by row.",
    formula="x_norm = np.linalg.norm(x, axis=1, keepdims=True); return x / x_norm.",
    solution=_solutions.normalize_rows,
    mistakes=[(lambda x: x / np.linalg.norm(x, axis=1), "keep the dimension: np.linalg.norm(x, axis=1, keepdims=True); "
               "without it the norms have shape (n,) and a square x is divided column by column."),
              (lambda x: x / np.linalg.norm(x, axis=0, keepdims=True), "normalise the rows: axis=1, not axis=0."),
              (lambda x: x / np.linalg.norm(x), "divide each row by its own norm, not by the norm of the whole array.")])
def check_normalize_rows():
    """Check ``normalize_rows(x)``: each row of the 2-D ``x`` divided by its L2 norm."""
    rng = np.random.default_rng(3)
    return [
        ("x = [[0, 3, 4], [1, 6, 4]] (the course's example)", (np.array([[0, 3, 4], [1, 6, 4]]),), {}),
        ("square x of shape (3, 3)", (rng.standard_normal((3, 3)),), {}),
        ("x of shape (1, 3)", (np.array([[2.0, -1.0, 2.0]]),), {}),
        ("x of shape (4, 1) (each row a single number)", (rng.standard_normal((4, 1)),), {}),
    ]


@chapter.exercise(
    "softmax", lambda x: _softmax(x, axis=1),
    fresh=lambda rng: ("x of shape (3, 5)", (3.0 * rng.standard_normal((3, 5)),), {}),
    concept="softmax turns each row into probabilities: exponentiate, then divide by the sum of that row only, "
            "so every row of the result sums to 1. The row sums need a column shape (m, 1) to broadcast.",
    formula="x_exp = np.exp(x); x_sum = np.sum(x_exp, axis=1, keepdims=True); return x_exp / x_sum.",
    solution=_solutions.softmax,
    mistakes=[(lambda x: np.exp(x) / np.sum(np.exp(x)), "sum each row (axis=1), not the whole array."),
              (lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True), "sum along axis=1 (rows), not axis=0."),
              (lambda x: np.exp(x) / np.sum(np.exp(x), axis=1), "keep the dimension: np.sum(..., axis=1, keepdims=True).")])
def check_softmax():
    """Check the row-wise ``softmax(x)`` for ``x`` of shape (m, n): each row sums to 1."""
    rng = np.random.default_rng(4)
    return [
        ("x = [[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]] (the course's example)",
         (np.array([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]),), {}),
        ("square x of shape (4, 4)", (3.0 * rng.standard_normal((4, 4)),), {}),
        ("x of shape (1, 4)", (np.array([[1.0, 2.0, 3.0, 4.0]]),), {}),
        ("x of shape (3, 1) (one entry per row)", (np.array([[-2.0], [0.0], [5.0]]),), {}),
        ("x with entries up to 50", (np.array([[50.0, 49.0, 0.0], [-50.0, 0.0, 50.0]]),), {}),
    ]


def _loss_cases():
    rng = np.random.default_rng(5)
    y10 = (rng.random(10) > 0.5).astype(float)
    return [
        ("the course's example, shape (5,)", (np.array([.9, 0.2, 0.1, .4, .9]), np.array([1, 0, 0, 1, 1])), {}),
        ("perfect predictions (the loss is 0)", (y10.copy(), y10), {}),
        ("predictions worse than the labels, with negative differences",
         (np.array([1.5, -0.5, 2.0]), np.array([1.0, 0.0, 1.0])), {}),
        ("a row of shape (1, 8), the book's (1, m) layout",
         (rng.random((1, 8)), (rng.random((1, 8)) > 0.5).astype(float)), {}),
    ]


def _loss_fresh(rng):
    return "vectors of shape (10,)", (rng.random(10), (rng.random(10) > 0.5).astype(float)), {}


@chapter.exercise(
    "L1", _l1, fresh=_loss_fresh,
    concept="the L1 loss adds up the absolute differences between predictions and labels over every entry "
            "(a sum, not a mean): one number, 0 for perfect predictions.",
    formula="L1 = np.sum(np.abs(y - yhat)).",
    solution=_solutions.L1,
    mistakes=[(lambda yhat, y: float(np.sum(y - yhat)), "take the absolute value before summing: np.abs(y - yhat)."),
              (lambda yhat, y: float(np.mean(np.abs(y - yhat))), "sum the absolute differences; do not average them.")])
def check_L1():
    """Check ``L1(yhat, y)`` = sum_i |y_i - yhat_i|; ``yhat`` and ``y`` share a shape, (m,) or (1, m)."""
    return _loss_cases()


@chapter.exercise(
    "L2", _l2, fresh=_loss_fresh,
    concept="the L2 loss adds up the squared differences over every entry: one number, no square root and no "
            "mean. np.dot(d, d) gives that number only for a rank-1 d of shape (m,).",
    formula="L2 = np.sum((y - yhat) ** 2) (or np.dot(d.ravel(), d.ravel()) with d = y - yhat).",
    solution=_solutions.L2,
    mistakes=[(lambda yhat, y: float(np.sqrt(np.sum((y - yhat) ** 2))), "no square root: L2 is the plain sum of squares."),
              (lambda yhat, y: float(np.mean((y - yhat) ** 2)), "sum the squares; do not average them."),
              (lambda yhat, y: np.dot(y - yhat, (y - yhat).T), "for d of shape (1, m), np.dot(d, d.T) is a (1, 1) "
               "array; use np.sum(d ** 2) for a plain number.")])
def check_L2():
    """Check ``L2(yhat, y)`` = sum_i (y_i - yhat_i)^2; ``yhat`` and ``y`` share a shape, (m,) or (1, m)."""
    return _loss_cases()
