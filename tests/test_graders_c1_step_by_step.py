"""The Course 1 step-by-step graders accept correct answers and reject plausible bugs."""
import numpy as np
import pytest

from dlcourse import functional as F
from dlcourse import init, models
from dlcourse.functional import relu_backward, relu_forward, sigmoid_backward, sigmoid_forward
from dlcourse.graders import GraderError
from dlcourse.graders import c1_step_by_step as grader


# --- learner-style solutions (as in the chapter), with switches for the bugs -------------------------

def make_init2(scale=0.01, transpose=False, w2_first=False, legacy=False, fixed_seed=None, flat_bias=False):
    def initialize_parameters(n_x, n_h, n_y, seed=1):
        s = seed if fixed_seed is None else fixed_seed
        rng = np.random.default_rng(s)
        if legacy:
            np.random.seed(s)
            draw = lambda shape: np.random.randn(*shape)  # noqa: E731
        elif transpose:
            draw = lambda shape: rng.standard_normal(shape[::-1]).T  # noqa: E731
        else:
            draw = rng.standard_normal
        if w2_first:
            W2 = draw((n_y, n_h)) * scale
            W1 = draw((n_h, n_x)) * scale
        else:
            W1 = draw((n_h, n_x)) * scale
            W2 = draw((n_y, n_h)) * scale
        b1, b2 = np.zeros((n_h, 1)), np.zeros((n_y, 1))
        if flat_bias:
            b1, b2 = b1.ravel(), b2.ravel()
        return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return initialize_parameters


def make_init_deep(scale=0.01, rng_per_layer=False, stop=0, random_bias=False, transpose=False):
    def initialize_parameters_deep(layer_dims, seed=1):
        rng = np.random.default_rng(seed)
        parameters = {}
        for l in range(1, len(layer_dims) - stop):
            if rng_per_layer:
                rng = np.random.default_rng(seed)
            shape = (layer_dims[l], layer_dims[l - 1])
            W = rng.standard_normal(shape[::-1]).T if transpose else rng.standard_normal(shape)
            parameters[f"W{l}"] = W * scale
            parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * scale if random_bias \
                else np.zeros((layer_dims[l], 1))
        return parameters
    return initialize_parameters_deep


def make_linear_forward(bias=True, cache_order=("A", "W", "b"), elementwise=False):
    def linear_forward(A_prev, W, b):
        Z = (W * A_prev if elementwise else W @ A_prev) + (b if bias else 0)
        parts = {"A": A_prev, "W": W, "b": b}
        return Z, tuple(parts[k] for k in cache_order)
    return linear_forward


def make_lin_act_forward(swap=False, sigmoid_cache="A", relu_cache="Z", cache_order="lin_first"):
    def linear_activation_forward(A_prev, W, b, activation):
        Z, linear_cache = make_linear_forward()(A_prev, W, b)
        if swap:
            activation = {"sigmoid": "relu", "relu": "sigmoid"}[activation]
        if activation == "sigmoid":
            A, _ = sigmoid_forward(Z)
            activation_cache = A if sigmoid_cache == "A" else Z
        else:
            A, _ = relu_forward(Z)
            activation_cache = Z if relu_cache == "Z" else A
        if cache_order == "lin_first":
            return A, (linear_cache, activation_cache)
        return A, (activation_cache, linear_cache)
    return linear_activation_forward


def make_L_forward(hidden="relu", output="sigmoid", skip_last=False, reverse=False):
    def L_model_forward(X, parameters):
        caches = []
        A = X
        L = len(parameters) // 2
        for l in range(1, L):
            A, cache = F.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], hidden)
            caches.append(cache)
        if not skip_last:
            A, cache = F.linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], output)
            caches.append(cache)
        return A, caches[::-1] if reverse else caches
    return L_model_forward


def make_cost(clip=True, divide=True, sign=1.0, second_term=True, squeeze=True):
    def compute_cost(AL, Y):
        m = Y.shape[1]
        if clip:
            AL = np.clip(AL, 1e-15, 1 - 1e-15)
        with np.errstate(divide="ignore", invalid="ignore"):
            logprobs = Y * np.log(AL) + ((1 - Y) * np.log(1 - AL) if second_term else 0)
        cost = -sign * np.sum(logprobs, axis=1, keepdims=True) / (m if divide else 1)
        return np.squeeze(cost) if squeeze else cost
    return compute_cost


def make_linear_backward(divide=True, keepdims=True, db_axis=1, dW_T=False, dA_noT=False):
    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1] if divide else 1
        dW = (A_prev @ dZ.T if dW_T else dZ @ A_prev.T) / m
        db = np.sum(dZ, axis=db_axis, keepdims=keepdims) / m
        dA_prev = W @ dZ if dA_noT else W.T @ dZ
        return dA_prev, dW, db
    return linear_backward


def make_lin_act_backward(swap=False, skip_act=False, lin_backward=None):
    lb = lin_backward or make_linear_backward()

    def linear_activation_backward(dA, cache, activation):
        linear_cache, activation_cache = cache
        if swap:
            activation = {"sigmoid": "relu", "relu": "sigmoid"}[activation]
        if skip_act:
            dZ = dA
        elif activation == "relu":
            dZ = relu_backward(dA, activation_cache)
        else:
            dZ = sigmoid_backward(dA, activation_cache)
        return lb(dZ, linear_cache)
    return linear_activation_backward


def make_L_backward(sign=1.0, shift=0, hidden="relu", output="sigmoid", dZ_direct=False):
    def L_model_backward(AL, Y, caches):
        grads = {}
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dAL = -sign * (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        current = caches[L - 1]
        if dZ_direct:  # dZ^[L] = AL - Y, then the linear part: the same gradient
            dA_prev, dW, db = make_linear_backward()(AL - Y, current[0])
        else:
            dA_prev, dW, db = make_lin_act_backward()(dAL, current, output)
        grads[f"dA{L - 1 + shift}"], grads[f"dW{L}"], grads[f"db{L}"] = dA_prev, dW, db
        for l in reversed(range(L - 1)):
            dA_prev, dW, db = make_lin_act_backward()(grads[f"dA{l + 1 + shift}"], caches[l], hidden)
            grads[f"dA{l + shift}"], grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = dA_prev, dW, db
        return grads
    return L_model_backward


def make_update(sign=1.0, fixed_lr=None, skip_bias=False, skip_last=False, in_place=False):
    def update_parameters(params, grads, learning_rate):
        parameters = params if in_place else {k: v.copy() for k, v in params.items()}
        lr = learning_rate if fixed_lr is None else fixed_lr
        L = len(parameters) // 2
        for l in range(L - 1 if skip_last else L):
            parameters[f"W{l + 1}"] = parameters[f"W{l + 1}"] - sign * lr * grads[f"dW{l + 1}"]
            if not skip_bias:
                parameters[f"b{l + 1}"] = parameters[f"b{l + 1}"] - sign * lr * grads[f"db{l + 1}"]
        return parameters
    return update_parameters


# --- the reference and the learner-style solutions pass ------------------------------------------------

REFERENCE = [
    (grader.check_initialize_parameters, lambda n_x, n_h, n_y, seed=1: init.random_normal([n_x, n_h, n_y], seed, 0.01)),
    (grader.check_initialize_parameters_deep, lambda dims, seed=1: init.random_normal(dims, seed=seed, scale=0.01)),
    (grader.check_linear_forward, F.linear_forward),
    (grader.check_linear_activation_forward, F.linear_activation_forward),
    (grader.check_L_model_forward, models.L_model_forward),
    (grader.check_compute_cost, models.compute_cost),
    (grader.check_linear_backward, F.linear_backward),
    (grader.check_linear_activation_backward, F.linear_activation_backward),
    (grader.check_L_model_backward, models.L_model_backward),
    (grader.check_update_parameters, models.update_parameters),
]

LEARNER = [
    (grader.check_initialize_parameters, make_init2()),
    (grader.check_initialize_parameters_deep, make_init_deep()),
    (grader.check_linear_forward, make_linear_forward()),
    (grader.check_linear_activation_forward, make_lin_act_forward()),
    (grader.check_L_model_forward, make_L_forward()),
    (grader.check_compute_cost, make_cost()),
    (grader.check_linear_backward, make_linear_backward()),
    (grader.check_linear_activation_backward, make_lin_act_backward()),
    (grader.check_L_model_backward, make_L_backward()),
    (grader.check_L_model_backward, make_L_backward(dZ_direct=True)),
    (grader.check_update_parameters, make_update()),
]


@pytest.mark.parametrize("check, fn", REFERENCE + LEARNER)
def test_correct_answers_pass(check, fn, capsys):
    check(fn)
    assert "[pass]" in capsys.readouterr().out


# --- plausible bugs fail, with the expected hint ------------------------------------------------------

BUGGY = [
    (grader.check_initialize_parameters, make_init2(scale=1.0), "0.01"),
    (grader.check_initialize_parameters, make_init2(transpose=True), "transposed shape"),
    (grader.check_initialize_parameters, make_init2(w2_first=True), "layer order"),
    (grader.check_initialize_parameters, make_init2(legacy=True), "default_rng"),
    (grader.check_initialize_parameters, make_init2(fixed_seed=1), "seed argument"),
    (grader.check_initialize_parameters, make_init2(flat_bias=True), "column vectors"),
    (grader.check_initialize_parameters_deep, make_init_deep(rng_per_layer=True), "ONE generator"),
    (grader.check_initialize_parameters_deep, make_init_deep(stop=1), "last layer is missing"),
    (grader.check_initialize_parameters_deep, make_init_deep(random_bias=True), "biases start at zero"),
    (grader.check_initialize_parameters_deep, make_init_deep(scale=1.0), "0.01"),
    (grader.check_initialize_parameters_deep, make_init_deep(transpose=True), "transposed shape"),
    (grader.check_linear_forward, make_linear_forward(bias=False), "add the bias"),
    (grader.check_linear_forward, make_linear_forward(cache_order=("W", "A", "b")), "(A_prev, W, b)"),
    (grader.check_linear_forward, make_linear_forward(elementwise=True), None),
    (grader.check_linear_activation_forward, make_lin_act_forward(swap=True), "swapped"),
    (grader.check_linear_activation_forward, make_lin_act_forward(sigmoid_cache="Z"), "for the sigmoid it is A"),
    (grader.check_linear_activation_forward, make_lin_act_forward(relu_cache="A"), "for ReLU it is Z"),
    (grader.check_linear_activation_forward, make_lin_act_forward(cache_order="act_first"),
     "(linear_cache, activation_cache)"),
    (grader.check_L_model_forward, make_L_forward(hidden="sigmoid", output="relu"), "wrong order"),
    (grader.check_L_model_forward, make_L_forward(hidden="sigmoid"), "hidden layers use ReLU"),
    (grader.check_L_model_forward, make_L_forward(output="relu"), "output layer L uses the sigmoid"),
    (grader.check_L_model_forward, make_L_forward(skip_last=True), "only the hidden layers"),
    (grader.check_L_model_forward, make_L_forward(reverse=True), "caches[0] is layer 1"),
    (grader.check_compute_cost, make_cost(divide=False), "divide the sum by m"),
    (grader.check_compute_cost, make_cost(sign=-1.0), "mind the sign"),
    (grader.check_compute_cost, make_cost(second_term=False), "(1 - y) log(1 - a)"),
    (grader.check_compute_cost, make_cost(clip=False), "Clip AL first"),
    (grader.check_linear_backward, make_linear_backward(divide=False), "average over the examples"),
    (grader.check_linear_backward, make_linear_backward(keepdims=False), "keepdims=True"),
    (grader.check_linear_backward, make_linear_backward(db_axis=0), "axis=1"),
    (grader.check_linear_backward, make_linear_backward(dW_T=True), "dW = dZ @ A_prev.T"),
    (grader.check_linear_backward, make_linear_backward(dA_noT=True), "dA_prev = W.T @ dZ"),
    (grader.check_linear_activation_backward, make_lin_act_backward(swap=True), "swapped"),
    (grader.check_linear_activation_backward, make_lin_act_backward(skip_act=True), "through the activation"),
    (grader.check_linear_activation_backward,
     make_lin_act_backward(lin_backward=make_linear_backward(divide=False)), None),
    (grader.check_L_model_backward, make_L_backward(sign=-1.0), "minus sign"),
    (grader.check_L_model_backward, make_L_backward(shift=1), "wrong dA index"),
    (grader.check_L_model_backward, make_L_backward(hidden="sigmoid", output="relu"), "wrong order"),
    (grader.check_L_model_backward, make_L_backward(hidden="sigmoid"), "hidden layers are 'relu'"),
    (grader.check_update_parameters, make_update(sign=-1.0), "subtracts"),
    (grader.check_update_parameters, make_update(fixed_lr=0.0075), "learning_rate argument"),
    (grader.check_update_parameters, make_update(skip_bias=True), "biases too"),
    (grader.check_update_parameters, make_update(skip_last=True), "every layer"),
    (grader.check_update_parameters, make_update(in_place=True), "modified its input parameters['W1'] in place"),
]


@pytest.mark.parametrize("check, fn, hint", BUGGY)
def test_buggy_answers_fail_with_a_hint(check, fn, hint):
    with pytest.raises(GraderError) as err:
        check(fn)
    if hint is not None:
        assert hint in str(err.value)


def test_not_a_function():
    with pytest.raises(GraderError, match="expected a function"):
        grader.check_linear_forward(None)


def test_learner_exception_is_reported():
    def broken(A_prev, W, b):
        raise ValueError("boom")

    with pytest.raises(GraderError, match="raised ValueError: boom"):
        grader.check_linear_forward(broken)


def test_every_check_is_exported():
    assert sorted(grader.__all__) == sorted(name for name in dir(grader) if name.startswith("check_")) + [
        "hint", "show_solution"]


def test_update_parameters_with_minus_equals_fails():
    """The chapter asks for new arrays: W -= ... changes the caller's parameters and must not pass."""
    def update_parameters(parameters, grads, learning_rate):
        for l in range(1, len(parameters) // 2 + 1):
            parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
        return parameters

    with pytest.raises(GraderError, match="in place"):
        grader.check_update_parameters(update_parameters)
