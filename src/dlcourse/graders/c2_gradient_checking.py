"""Graders for Course 2, "Gradient checking".

The chapter checks a backward pass numerically: in one dimension for ``J(theta) = theta * x``, then for
a 3-layer network whose parameters are flattened into one vector. The references use
:mod:`dlcourse.gradcheck` (``numerical_gradient``, ``gradient_difference``, ``dictionary_to_vector``).

A relative difference below ~1e-7 is a property of rounding errors, not of the code: its digits change
with the order of the additions (and the learner's order need not be the reference's). So an answer
is compared *as a verdict* there: every difference below :data:`AGREE` counts as "the gradients agree",
and only differences above it, which truncation errors or wrong gradients determine to many digits, are
compared as numbers. The cases are built so that no reference difference is near :data:`AGREE`.

The cases pass the functions to check as keyword arguments (``forward=``, ``backward=``), so that a
gradient check is tested on wrong gradients, on a cubic cost whose truncation error shows, and on a
quadratic cost with cross terms (where a perturbation that is not undone changes the answer).
"""
from __future__ import annotations

import functools
import inspect

import numpy as np

from ..gradcheck import dictionary_to_vector, gradient_difference, numerical_gradient, vector_to_dictionary
from ..init import he
from ..models import L_model_backward, L_model_forward, compute_cost
from .solutions import c2_gradient_checking as _solutions
from ._core import Chapter, binary_labels

__all__ = ["check_forward_propagation", "check_backward_propagation", "check_gradient_check",
           "check_gradient_check_n", "hint", "show_solution", "AGREE"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng

#: Differences below this are compared as "the gradients agree", not digit by digit.
AGREE = 1e-6


def _floor(d):
    """A real difference in [0, AGREE) becomes AGREE; anything else (negative, arrays, None) is left alone."""
    if isinstance(d, np.ndarray) and d.size == 1 and d.dtype.kind == "f":
        d = d.item()
    if isinstance(d, (float, np.floating)) and 0 <= d < AGREE:
        return AGREE
    return d


def _agreement(got, expected, args, kwargs):
    """A rule: say plainly when the learner's verdict (agree / disagree) is the opposite of the reference's."""
    if not isinstance(got, (float, np.floating, int)) or isinstance(got, bool):
        return None
    if got == AGREE and expected != AGREE:
        return (f"your difference is below {AGREE:g}, so it says the gradients agree, but they do not here: the "
                f"reference difference is {expected:.4g}.")
    if expected == AGREE and got != AGREE and got >= 0:
        return (f"these gradients agree (the reference difference is below {AGREE:g}), but your function "
                f"returned {got:.4g}.")
    return None


def _signature(names, usage):
    """A ``before`` check: the function takes the keyword arguments the cases pass, and epsilon defaults to 1e-7."""
    def before(fn):
        try:
            params = inspect.signature(fn).parameters
        except (TypeError, ValueError):
            return None
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
            return None
        for name in names:
            if name not in params:
                return (f"the function has no argument {name!r}; the signature must be {usage} (the grader passes "
                        f"the functions to check as keyword arguments).")
        eps = params["epsilon"].default
        if eps is inspect.Parameter.empty or eps != 1e-7:
            return f"argument 'epsilon' should default to 1e-7 (the course's step); the signature is {usage}."
        return None
    return before


DIFFERENCE_CONCEPT = (
    "a gradient check moves the parameter a small step both ways, measures how much the cost changes per unit "
    "of parameter (the two-sided difference), and compares that slope with the gradient the backward pass "
    "claims. The comparison is relative: the distance between the two gradients divided by the sum of their "
    "sizes, so that it does not depend on the scale of the cost.")
_COPY_CONCEPT = (
    " Perturb one entry at a time, on a fresh copy of the parameter vector, and evaluate the cost at each of "
    "the two perturbed points.")

# --- Exercise 1: forward_propagation (1-D) ------------------------------------------------------------------


def _ref_forward(x, theta):
    return theta * x


def _ref_backward(x, theta):
    return x


_ONE_D = [
    ("x = 2, theta = 4 (the course's example)", (2, 4), {}),
    ("x = -3, theta = 0.5", (-3.0, 0.5), {}),
    ("x = 0, theta = 7", (0.0, 7.0), {}),
    ("x = 1.5, theta = -2 (numpy numbers)", (np.float64(1.5), np.float64(-2.0)), {}),
]


@chapter.exercise(
    "forward_propagation", _ref_forward,
    fresh=lambda rng: ("random x and theta", (float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5))), {}),
    concept="the toy model is linear: its cost J is the parameter theta times the input x. Return that number.",
    mistakes=[
        (lambda x, theta: theta + x, "J is the product theta * x, not the sum."),
        (lambda x, theta: x, "x is the derivative dJ/dtheta (the backward pass); forward propagation returns J "
                             "itself, theta * x."),
        (lambda x, theta: theta, "J = theta * x: multiply by the input x."),
    ],
    formula="J = theta * x",
    solution=_solutions.forward_propagation)
def check_forward_propagation():
    """``forward_propagation(x, theta) -> J = theta * x``."""
    return _ONE_D


# --- Exercise 2: backward_propagation (1-D) -----------------------------------------------------------------

@chapter.exercise(
    "backward_propagation", _ref_backward,
    fresh=lambda rng: ("random x and theta", (float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5))), {}),
    concept="the derivative of the cost with respect to the parameter: how fast J = theta * x changes when "
            "theta changes, for a fixed input x.",
    mistakes=[
        (lambda x, theta: theta, "the derivative of theta * x with respect to theta is x, not theta (that would "
                                 "be the derivative with respect to x)."),
        (lambda x, theta: theta * x, "theta * x is J itself; backward propagation returns dJ/dtheta."),
        (lambda x, theta: 1.0, "dJ/dtheta of theta * x is x, not 1."),
    ],
    formula="dtheta = x",
    solution=_solutions.backward_propagation)
def check_backward_propagation():
    """``backward_propagation(x, theta) -> dtheta = x``."""
    return _ONE_D


# --- Exercise 3: gradient_check (1-D) -----------------------------------------------------------------------

def _cubic(x, theta):
    return theta ** 3 * x


def _cubic_grad(x, theta):
    return 3 * theta ** 2 * x


def _scaled_cubic_grad(x, theta, k=1.0):
    return k * 3 * theta ** 2 * x


def _twice_x(x, theta):
    return 2 * x


def _theta(x, theta):
    return theta


def _difference_1d(grad, approx, denominator="norms"):
    numerator = np.linalg.norm(grad - approx)
    if denominator == "norms":
        return numerator / (np.linalg.norm(grad) + np.linalg.norm(approx))
    if denominator == "plain":
        return numerator / (grad + approx)
    return numerator


def _ref_gradient_check(x, theta, epsilon=1e-7, print_msg=False, forward=_ref_forward, backward=_ref_backward):
    approx = (forward(x, theta + epsilon) - forward(x, theta - epsilon)) / (2 * epsilon)
    return _floor(gradient_difference(np.atleast_1d(backward(x, theta)), np.atleast_1d(approx)))


def _gc_mistake(kind):
    def gradient_check(x, theta, epsilon=1e-7, print_msg=False, forward=_ref_forward, backward=_ref_backward):
        if kind == "globals":
            forward, backward = _ref_forward, _ref_backward
        eps = 1e-7 if kind == "fixed_eps" else epsilon
        plus, minus = forward(x, theta + eps), forward(x, theta - eps)
        if kind == "one_sided":
            approx = (plus - forward(x, theta)) / eps
        elif kind == "over_eps":
            approx = (plus - minus) / eps
        else:
            approx = (plus - minus) / (2 * eps)
        denominator = {"plain_denominator": "plain", "absolute": "none"}.get(kind, "norms")
        return _difference_1d(backward(x, theta), approx, denominator)
    return gradient_check


_ONE_D_MISTAKES = {  # this order: where a backward is passed in, dividing by epsilon can look right too
    "fixed_eps": "use the epsilon argument for the step, not a fixed 1e-7.",
    "globals": "use the forward and backward arguments (they default to your functions): the check is asked to "
               "test the functions it is given.",
    "over_eps": "J_plus - J_minus is the change over a distance of 2 * epsilon (from theta - epsilon to theta + "
                "epsilon): divide by 2 * epsilon, not by epsilon.",
    "one_sided": "use the two-sided difference (J(theta + epsilon) - J(theta - epsilon)) / (2 epsilon); the "
                 "one-sided (J(theta + epsilon) - J(theta)) / epsilon has an error proportional to epsilon, which "
                 "shows here.",
    "plain_denominator": "the denominator is np.linalg.norm(grad) + np.linalg.norm(gradapprox): without the "
                         "norms a negative gradient makes the difference negative.",
    "absolute": "divide the distance np.linalg.norm(grad - gradapprox) by np.linalg.norm(grad) + "
                "np.linalg.norm(gradapprox): the difference is relative, so that it does not depend on the "
                "scale of J.",
}


def _gc_fresh(rng):
    x, theta = float(rng.choice([-1, 1]) * rng.uniform(0.5, 3)), float(rng.uniform(0.5, 2))
    eps = float(rng.choice([1e-2, 3e-2]))
    k = float(rng.uniform(1.2, 3))
    return (f"J = theta^3 x with a backward {k:.2f} times too large, epsilon = {eps:g}", (x, theta),
            {"epsilon": eps, "forward": _cubic, "backward": functools.partial(_scaled_cubic_grad, k=k)})


@chapter.exercise(
    "gradient_check", _ref_gradient_check, fresh=_gc_fresh, prepare=_floor, rules=[_agreement],
    before=_signature(("epsilon", "print_msg", "forward", "backward"),
                      "gradient_check(x, theta, epsilon=1e-7, print_msg=False, forward=forward_propagation, "
                      "backward=backward_propagation)"),
    returns="difference",
    concept=DIFFERENCE_CONCEPT,
    mistakes=[(_gc_mistake(kind), text) for kind, text in _ONE_D_MISTAKES.items()],
    formula="theta_plus = theta + epsilon; theta_minus = theta - epsilon; gradapprox = (forward(x, theta_plus) - "
            "forward(x, theta_minus)) / (2 * epsilon); grad = backward(x, theta); difference = "
            "np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)).",
    solution=_solutions.gradient_check)
def check_gradient_check():
    """``gradient_check(x, theta, epsilon=1e-7, print_msg=False, forward=..., backward=...) -> difference``."""
    return [
        ("x = 2, theta = 4 (the course's example, your own forward and backward)", (2, 4), {}),
        ("x = -3, theta = 0.5, epsilon = 1e-3", (-3.0, 0.5), {"epsilon": 1e-3}),
        ("a backward that returns theta instead of x: x = 2, theta = 4", (2, 4), {"backward": _theta}),
        ("a backward that returns 2 x: x = -3, theta = 0.5", (-3.0, 0.5),
         {"backward": _twice_x, "forward": _ref_forward}),
        ("J = theta^3 x, a correct backward, epsilon = 1e-2 (the truncation error is about 1e-5)", (1.5, 1.0),
         {"epsilon": 1e-2, "forward": _cubic, "backward": _cubic_grad}),
    ]


# --- Exercise 4: gradient_check_n ---------------------------------------------------------------------------

def _net_forward(X, Y, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, with the cross-entropy cost."""
    AL, caches = L_model_forward(X, parameters, "relu")
    return compute_cost(AL, Y), caches


def _net_gradients(X, Y, parameters, bugs=()):
    """dlcourse's gradients, in the backward pass's order (dW3, db3, dA2, ...), ``bugs`` = ((key, factor), ...)."""
    AL, caches = L_model_forward(X, parameters, "relu")
    grads = L_model_backward(AL, Y, caches, "relu")
    for key, factor in bugs:
        grads[key] = grads[key] * factor
    return grads


def _quadratic_forward(X, Y, parameters):
    """Linear regression: J = 1/(2m) sum (W1 X + b1 - Y)^2, quadratic in the parameters, with cross terms."""
    R = parameters["W1"] @ X + parameters["b1"] - Y
    return float(np.sum(R * R) / (2 * X.shape[1])), R


def _quadratic_gradients(X, Y, parameters):
    R = parameters["W1"] @ X + parameters["b1"] - Y
    m = X.shape[1]
    return {"dW1": R @ X.T / m, "db1": np.sum(R, axis=1, keepdims=True) / m}


def _network(seed: int, dims=(4, 5, 3, 1), m: int = 3):
    rng = _rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = binary_labels(rng, m)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.standard_normal((dims[l], 1))
    return X, Y, parameters


def _vectors(parameters, gradients):
    values, layout = dictionary_to_vector(parameters)
    grad, _ = dictionary_to_vector(gradients, keys=["d" + k for k in parameters])
    return values, layout, grad


def _ref_gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=_net_forward):
    values, layout, grad = _vectors(parameters, gradients)
    approx = numerical_gradient(lambda: forward(X, Y, vector_to_dictionary(values, layout))[0], values, epsilon)
    return _floor(gradient_difference(grad, approx))


def _gcn_mistake(kind):
    def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=_net_forward):
        values, layout = dictionary_to_vector(parameters)
        if kind == "all_gradients":
            grad, _ = dictionary_to_vector(gradients)
        elif kind == "sorted_gradients":
            grad, _ = dictionary_to_vector(gradients, keys=sorted(k for k in gradients if k[1:] in parameters))
        else:
            grad, _ = dictionary_to_vector(gradients, keys=["d" + k for k in parameters])
        eps = 1e-7 if kind == "fixed_eps" else epsilon

        def J(vec):
            return forward(X, Y, vector_to_dictionary(vec, layout))[0]

        n = values.shape[0]
        approx = np.zeros((n, 1))
        for i in range(n):
            if kind == "alias":             # theta_plus = parameters_values (no copy), theta_minus likewise
                values[i] += eps
                plus = J(values)
                values[i] -= eps
                minus = J(values)
            elif kind == "no_restore":      # in place, never put back
                values[i] += eps
                plus = J(values)
                values[i] -= 2 * eps
                minus = J(values)
            elif kind == "all_at_once":
                plus, minus = J(values + eps), J(values - eps)
            else:
                tp, tm = np.copy(values), np.copy(values)
                tp[i] += eps
                tm[i] -= eps
                plus = J(tp)
                minus = J(values) if kind == "one_sided" else J(tm)
            if kind == "one_sided":
                approx[i] = (plus - minus) / eps
            elif kind == "over_eps":
                approx[i] = (plus - minus) / eps
            else:
                approx[i] = (plus - minus) / (2 * eps)
        numerator = np.linalg.norm(grad - approx)
        if kind == "plain_denominator":
            return numerator / (grad + approx)
        if kind == "norm_of_sum":
            return numerator / np.linalg.norm(grad + approx)
        if kind == "absolute":
            return numerator
        return numerator / (np.linalg.norm(grad) + np.linalg.norm(approx))
    return gradient_check_n


_N_D_MISTAKES = {
    "all_gradients": "build the gradient vector from the entries 'd' + name for each name of parameters, in that "
                     "order: dictionary_to_vector(gradients, keys=['d' + k for k in parameters]). The backward "
                     "pass's dict holds more entries (dA, dZ) in another order.",
    "sorted_gradients": "the gradient vector must list its blocks in the order of the parameter vector (W1, b1, "
                        "W2, ...): dictionary_to_vector(gradients, keys=['d' + k for k in parameters]).",
    "one_sided": _ONE_D_MISTAKES["one_sided"],
    "over_eps": _ONE_D_MISTAKES["over_eps"],
    "fixed_eps": _ONE_D_MISTAKES["fixed_eps"],
    "alias": "theta_plus = parameters_values does not copy: both names are the same array, so theta_minus undid "
             "the +epsilon instead of going to -epsilon. Use theta_plus = np.copy(parameters_values) (and the "
             "same for theta_minus).",
    "no_restore": "each entry must be put back after its two costs are computed: perturb a fresh copy "
                  "(np.copy(parameters_values)) for every entry, otherwise the later entries are checked at a "
                  "shifted point.",
    "all_at_once": "move one entry at a time: theta_plus[i] = theta_plus[i] + epsilon. Adding epsilon to the "
                   "whole vector measures the slope along the diagonal, the same number for every i.",
    "plain_denominator": "the denominator is np.linalg.norm(grad) + np.linalg.norm(gradapprox), a number; "
                         "grad + gradapprox is a vector.",
    "norm_of_sum": "the denominator is the sum of the two norms, np.linalg.norm(grad) + "
                   "np.linalg.norm(gradapprox), not the norm of the sum.",
    "absolute": _ONE_D_MISTAKES["absolute"],
}


def _gcn_fresh(rng):
    dims = (int(rng.integers(2, 6)), int(rng.integers(2, 6)), int(rng.integers(2, 5)), 1)
    X, Y, parameters = _network(int(rng.integers(0, 10 ** 6)), dims, m=int(rng.integers(3, 8)))
    correct = _net_gradients(X, Y, parameters)
    # a block that is not zero (dead ReLU units have zero gradients; db3 never is, since A3 != Y)
    key = str(rng.choice([k for k in ("dW1", "db1", "dW2", "db2", "dW3", "db3") if np.abs(correct[k]).max() > 1e-3]))
    factor = float(rng.uniform(1.5, 3))
    return (f"a network {dims}, {key} {factor:.2f} times too large",
            (parameters, _net_gradients(X, Y, parameters, [(key, factor)]), X, Y), {"forward": _net_forward})


def _gcn_cases():
    X, Y, p = _network(4)
    Xq, Yq = _rng(5).standard_normal((3, 6)), _rng(6).standard_normal((2, 6))
    q = {"W1": _rng(7).standard_normal((2, 3)), "b1": _rng(8).standard_normal((2, 1))}
    X5, Y5, p5 = _network(9, (3, 4, 2, 1), m=5)
    return [
        ("the course's network (4, 5, 3, 1), m = 3, the course's bugs (dW2 * 2, db1 * 4)",
         (p, _net_gradients(X, Y, p, [("dW2", 2.0), ("db1", 4.0)]), X, Y), {"forward": _net_forward}),
        ("the same network, correct gradients", (p, _net_gradients(X, Y, p), X, Y), {"forward": _net_forward}),
        ("the same network, only dW3 wrong (10% too large), epsilon = 1e-5",
         (p, _net_gradients(X, Y, p, [("dW3", 1.1)]), X, Y), {"forward": _net_forward, "epsilon": 1e-5}),
        ("a (3, 4, 2, 1) network, correct gradients, epsilon = 1e-2 (the truncation error shows)",
         (p5, _net_gradients(X5, Y5, p5), X5, Y5), {"forward": _net_forward, "epsilon": 1e-2}),
        ("linear regression (a quadratic cost with cross terms), correct gradients, epsilon = 0.1",
         (q, _quadratic_gradients(Xq, Yq, q), Xq, Yq), {"forward": _quadratic_forward, "epsilon": 0.1}),
    ]


@chapter.exercise(
    "gradient_check_n", _ref_gradient_check_n, fresh=_gcn_fresh, prepare=_floor, rules=[_agreement],
    before=_signature(("epsilon", "print_msg", "forward"),
                      "gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, "
                      "forward=forward_propagation_n)"),
    returns="difference",
    concept=DIFFERENCE_CONCEPT + _COPY_CONCEPT,
    mistakes=[(_gcn_mistake(kind), text) for kind, text in _N_D_MISTAKES.items()],
    formula="parameters_values, layout = dictionary_to_vector(parameters); grad, _ = "
            "dictionary_to_vector(gradients, keys=['d' + k for k in parameters]); for each i: theta_plus = "
            "np.copy(parameters_values); theta_plus[i] += epsilon; J_plus[i], _ = forward(X, Y, "
            "vector_to_dictionary(theta_plus, layout)); the same with theta_minus and -epsilon; gradapprox[i] = "
            "(J_plus[i] - J_minus[i]) / (2 * epsilon). Then difference = np.linalg.norm(grad - gradapprox) / "
            "(np.linalg.norm(grad) + np.linalg.norm(gradapprox)).",
    solution=_solutions.gradient_check_n)
def check_gradient_check_n():
    """``gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=...) -> difference``."""
    return _gcn_cases()
