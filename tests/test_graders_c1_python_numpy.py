"""The chapter 1.2 graders accept the course's answers and reject plausible mistakes."""
import math

import numpy as np
import pytest

from dlcourse.graders import GraderError
from dlcourse.graders import c1_python_numpy as grader


# --- the course's answers ----------------------------------------------------------------------

def basic_sigmoid(x):
    return 1 / (1 + math.exp(-x))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1 - s)


def image2vector(image):
    return image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)


def normalize_rows(x):
    return x / np.linalg.norm(x, ord=2, axis=1, keepdims=True)


def softmax(x):
    x_exp = np.exp(x)
    return x_exp / np.sum(x_exp, axis=1, keepdims=True)


def softmax_stable(x):
    x_exp = np.exp(x - x.max(axis=1, keepdims=True))
    return x_exp / x_exp.sum(axis=1, keepdims=True)


def L1(yhat, y):
    return np.sum(np.abs(y - yhat))


def L2(yhat, y):
    return np.sum((y - yhat) ** 2)


def test_course_answers_pass(capsys):
    grader.check_basic_sigmoid(basic_sigmoid)
    grader.check_sigmoid(sigmoid)
    grader.check_sigmoid_derivative(sigmoid_derivative)
    grader.check_image2vector(image2vector)
    grader.check_normalize_rows(normalize_rows)
    grader.check_softmax(softmax)
    grader.check_softmax(softmax_stable)
    grader.check_L1(L1)
    grader.check_L2(L2)
    out = capsys.readouterr().out
    assert out.count("[pass]") == 9


def test_alternative_correct_answers_pass(capsys):
    grader.check_basic_sigmoid(lambda x: math.exp(x) / (1 + math.exp(x)))
    grader.check_basic_sigmoid(lambda x: np.exp(-np.logaddexp(0, -x)))   # a numpy scalar is fine too
    grader.check_image2vector(lambda image: image.reshape(-1, 1))
    grader.check_normalize_rows(lambda x: x / np.sqrt(np.sum(x * x, axis=1))[:, None])
    grader.check_L2(lambda yhat, y: np.dot((y - yhat).ravel(), (y - yhat).ravel()))
    assert capsys.readouterr().out.count("[pass]") == 5


COURSE = r"the course's example, shape \(5,\): got"


@pytest.mark.parametrize("check,buggy,needle", [
    # basic_sigmoid
    ("check_basic_sigmoid", lambda x: 1 / (1 + math.exp(x)), "x = 3: got"),
    ("check_basic_sigmoid", lambda x: 1 / (1 - math.exp(-x)), "x = 3: got"),
    # sigmoid
    ("check_sigmoid", basic_sigmoid, "raised TypeError"),                      # math.exp on an array
    ("check_sigmoid", lambda x: 1 / (1 + np.exp(x)), "wrong values"),
    ("check_sigmoid", lambda x: sigmoid(x).ravel(), "wrong shape"),
    ("check_sigmoid", lambda x: np.array([1 / (1 + math.exp(-v)) for v in x]), "raised TypeError"),
    # sigmoid_derivative
    ("check_sigmoid_derivative", lambda x: x * (1 - x), "wrong values"),       # forgot to apply sigmoid
    ("check_sigmoid_derivative", sigmoid, "wrong values"),
    ("check_sigmoid_derivative", lambda x: sigmoid(x) * (1 + sigmoid(x)), "wrong values"),
    # image2vector
    ("check_image2vector", lambda image: image.reshape(1, -1), "wrong shape"),     # a row
    ("check_image2vector", lambda image: image.reshape(-1), "wrong shape"),        # rank 1
    ("check_image2vector", lambda image: image.T.reshape(-1, 1), "wrong values"),  # transposed order
    ("check_image2vector", lambda image: image.reshape(image.shape[0] * image.shape[1], image.shape[2]),
     "wrong shape"),
    # normalize_rows
    ("check_normalize_rows", lambda x: x / np.linalg.norm(x, axis=0, keepdims=True), "wrong values"),
    ("check_normalize_rows", lambda x: x / np.linalg.norm(x, axis=1), "raised ValueError"),
    ("check_normalize_rows", lambda x: x / np.sum(x ** 2, axis=1, keepdims=True), "wrong values"),
    ("check_normalize_rows", lambda x: x / np.linalg.norm(x), "wrong values"),
    # softmax
    ("check_softmax", lambda x: np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True), "wrong values"),
    ("check_softmax", lambda x: np.exp(x) / np.sum(np.exp(x)), "wrong values"),
    ("check_softmax", lambda x: np.exp(x) / np.sum(np.exp(x), axis=1), "raised ValueError"),
    ("check_softmax", lambda x: x / np.sum(x, axis=1, keepdims=True), "wrong values"),
    # L1 / L2
    ("check_L1", lambda yhat, y: np.sum(y - yhat), COURSE),
    ("check_L1", lambda yhat, y: np.mean(np.abs(y - yhat)), COURSE),
    ("check_L1", lambda yhat, y: np.abs(y - yhat), "expected a number"),
    ("check_L2", lambda yhat, y: np.dot(y - yhat, y - yhat), "raised ValueError"),  # (1, m) rows
    ("check_L2", lambda yhat, y: np.sqrt(np.sum((y - yhat) ** 2)), COURSE),
    ("check_L2", lambda yhat, y: np.sum(np.abs(y - yhat)), COURSE),
    ("check_L2", lambda yhat, y: np.mean((y - yhat) ** 2), COURSE),
])
def test_graders_reject(check, buggy, needle):
    with pytest.raises(GraderError, match=needle):
        getattr(grader, check)(buggy)


def test_normalize_rows_missing_keepdims_is_caught_on_square_input():
    # without keepdims the (n,) norms broadcast along the last axis: on a square input no error
    # is raised, the answer is just wrong, so that case must be graded and reported
    def no_keepdims(x):
        if x.shape[0] != x.shape[1]:
            return normalize_rows(x)
        return x / np.linalg.norm(x, axis=1)

    with pytest.raises(GraderError, match=r"square x of shape \(3, 3\): wrong values"):
        grader.check_normalize_rows(no_keepdims)


def test_failure_messages_carry_the_hint(capsys):
    with pytest.raises(GraderError, match="Hint: .*math.exp takes one number"):
        grader.check_sigmoid(basic_sigmoid)
    with pytest.raises(GraderError, match="Likely cause: keep the dimension: np.sum\\(..., axis=1, keepdims=True\\)"):
        grader.check_softmax(lambda x: np.exp(x) / np.sum(np.exp(x), axis=1))
    grader.hint("sigmoid")
    assert "np.exp(-x)" in capsys.readouterr().out


def test_reference_image2vector_rejects_non_images():
    with pytest.raises(ValueError, match="must be 3-D"):
        grader._image2vector(np.zeros((4, 4)))
