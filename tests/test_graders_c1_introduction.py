"""The chapter 1.1 graders accept the reference answers and reject plausible mistakes."""
import numpy as np
import pytest

from dlcourse.graders import GraderError
from dlcourse.graders import c1_introduction as grader


def price_neuron(size, w, b):
    return np.maximum(0, w * size + b)


def price_network(X, parameters):
    A1 = np.maximum(0, parameters["W1"] @ X + parameters["b1"])
    return np.maximum(0, parameters["W2"] @ A1 + parameters["b2"])


def test_references_pass(capsys):
    grader.check_price_neuron(price_neuron)
    grader.check_price_network(price_network)
    out = capsys.readouterr().out
    assert "[pass] price_neuron" in out and "[pass] price_network" in out


@pytest.mark.parametrize("buggy,needle", [
    (lambda size, w, b: w * size + b, "wrong values"),                       # no ReLU: negative prices
    (lambda size, w, b: np.maximum(0, w * size), "wrong values"),           # bias forgotten
    (lambda size, w, b: np.maximum(0, w * size + b).ravel(), "wrong shape"),  # rank-1 result
    (lambda size, w, b: max(0, w * size + b), "raised ValueError"),         # Python max on an array
])
def test_price_neuron_rejects(buggy, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_price_neuron(buggy)


def _no_hidden_relu(X, p):
    return np.maximum(0, p["W2"] @ (p["W1"] @ X + p["b1"]) + p["b2"])


def _no_output_relu(X, p):
    return p["W2"] @ np.maximum(0, p["W1"] @ X + p["b1"]) + p["b2"]


def _sigmoid_output(X, p):
    return 1 / (1 + np.exp(-(p["W2"] @ np.maximum(0, p["W1"] @ X + p["b1"]) + p["b2"])))


def _transposed(X, p):
    return np.maximum(0, p["W2"] @ np.maximum(0, (X.T @ p["W1"].T).T + p["b1"].T) + p["b2"])


def _elementwise(X, p):
    A1 = np.maximum(0, np.sum(p["W1"] * X.mean(axis=1), axis=1, keepdims=True) + p["b1"])
    return np.maximum(0, p["W2"] @ A1 + p["b2"])


@pytest.mark.parametrize("buggy,needle", [
    (_no_hidden_relu, "wrong values"),
    (_no_output_relu, "wrong values"),
    (_sigmoid_output, "wrong values"),
    (_transposed, "raised ValueError"),
    (_elementwise, "wrong shape"),
])
def test_price_network_rejects(buggy, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_price_network(buggy)
