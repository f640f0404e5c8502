"""The Course 1 shallow-network graders accept correct answers and reject plausible bugs."""
import numpy as np
import pytest

from dlcourse import init
from dlcourse.functional import sigmoid
from dlcourse.graders import GraderError
from dlcourse.graders import c1_shallow_network as grader
from dlcourse.models import L_layer_model, L_model_backward, L_model_forward
from dlcourse.models import compute_cost as reference_cost
from dlcourse.models import predict as reference_predict
from dlcourse.models import update_parameters as reference_update


# --- learner-style solutions (as in the chapter), with switches for the bugs -------------------------

def layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def make_init(scale=0.01, transpose=False, w2_first=False, random_bias=False, fixed_seed=None, flat_bias=False):
    def initialize_parameters(n_x, n_h, n_y, seed=1):
        rng = np.random.default_rng(seed if fixed_seed is None else fixed_seed)
        draw = (lambda shape: rng.standard_normal(shape[::-1]).T) if transpose else rng.standard_normal
        if w2_first:
            W2 = draw((n_y, n_h)) * scale
            W1 = draw((n_h, n_x)) * scale
        else:
            W1 = draw((n_h, n_x)) * scale
            W2 = draw((n_y, n_h)) * scale
        b1 = rng.standard_normal((n_h, 1)) * scale if random_bias else np.zeros((n_h, 1))
        b2 = rng.standard_normal((n_y, 1)) * scale if random_bias else np.zeros((n_y, 1))
        if flat_bias:
            b1, b2 = b1.ravel(), b2.ravel()
        return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return initialize_parameters


def make_forward(hidden=np.tanh, output=sigmoid, use_b=True, transpose_w=False, drop_key=None):
    def forward_propagation(X, parameters):
        W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        if transpose_w:
            W1 = W1.T
        Z1 = W1 @ X + (b1 if use_b else 0)
        A1 = hidden(Z1)
        Z2 = W2 @ A1 + (b2 if use_b else 0)
        A2 = output(Z2)
        cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        if drop_key:
            del cache[drop_key]
        return A2, cache
    return forward_propagation


def make_cost(clip=True, divide=True, sign=1.0, second_term=True, as_array=False):
    def compute_cost(A2, Y):
        m = Y.shape[1]
        if clip:
            A2 = np.clip(A2, 1e-15, 1 - 1e-15)
        with np.errstate(divide="ignore", invalid="ignore"):
            logprobs = Y * np.log(A2) + ((1 - Y) * np.log(1 - A2) if second_term else 0)
        cost = -sign * np.sum(logprobs) / (m if divide else 1)
        return np.array([[cost]]) if as_array else float(cost)
    return compute_cost


def make_backward(g_prime=lambda A1: 1 - A1 ** 2, divide=True, db_axis=1, keepdims=True, swap=False):
    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1] if divide else 1
        W2, A1, A2 = parameters["W2"], cache["A1"], cache["A2"]
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=db_axis, keepdims=keepdims) / m
        dZ1 = (W2.T @ dZ2) * g_prime(A1)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=db_axis, keepdims=keepdims) / m
        if swap:
            dW1, dW2 = dW2, dW1
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return backward_propagation


def make_update(sign=1.0, fixed_lr=None, keys=("W1", "b1", "W2", "b2")):
    def update_parameters(parameters, grads, learning_rate=1.2):
        lr = learning_rate if fixed_lr is None else fixed_lr
        return {k: (v - sign * lr * grads["d" + k]) if k in keys else v for k, v in parameters.items()}
    return update_parameters


def make_nn_model(init_fn=make_init(), fixed_lr=None, fixed_seed=None, n_iter_offset=0, update=True,
                  hidden=np.tanh, g_prime=lambda A1: 1 - A1 ** 2):
    forward = make_forward(hidden=hidden)
    cost_fn = make_cost()
    backward = make_backward(g_prime=g_prime)

    def nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
        n_x, _, n_y = layer_sizes(X, Y)
        parameters = init_fn(n_x, n_h, n_y, seed if fixed_seed is None else fixed_seed)
        lr = learning_rate if fixed_lr is None else fixed_lr
        for i in range(num_iterations + n_iter_offset):
            A2, cache = forward(X, parameters)
            cost = cost_fn(A2, Y)
            grads = backward(parameters, cache, X, Y)
            if update:
                parameters = make_update()(parameters, grads, lr)
            if print_cost and i % 1000 == 0:
                print(f"Cost after iteration {i}: {cost:.6f}")
        return parameters
    return nn_model


def make_predict(threshold=0.5, strict=True, probabilities=False, flat=False, as_bool=False):
    forward = make_forward()

    def predict(parameters, X):
        A2, _ = forward(X, parameters)
        if probabilities:
            return A2
        out = (A2 > threshold) if strict else (A2 >= threshold)
        out = out if as_bool else out.astype(int)
        return out.ravel() if flat else out
    return predict


# --- reference implementations from dlcourse ------------------------------------------------------------

def ref_forward(X, parameters):
    A2, caches = L_model_forward(X, parameters, hidden_activation="tanh")
    (_, _, _), A1 = caches[0]
    Z1 = parameters["W1"] @ X + parameters["b1"]
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def ref_backward(parameters, cache, X, Y):
    _, caches = L_model_forward(X, parameters, hidden_activation="tanh")
    grads = L_model_backward(cache["A2"], Y, caches, hidden_activation="tanh")
    return {k: grads[k] for k in ("dW1", "db1", "dW2", "db2")}


def ref_nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
    params, _ = L_layer_model(X, Y, [X.shape[0], n_h, Y.shape[0]], hidden_activation="tanh", init="random",
                              learning_rate=learning_rate, num_iterations=num_iterations, seed=seed)
    return params


def ref_predict(parameters, X):
    return reference_predict(X, parameters, hidden_activation="tanh")


def _passes(check, fn, capsys, name):
    check(fn)
    assert f"[pass] {name}" in capsys.readouterr().out


# --- layer_sizes ---------------------------------------------------------------------------------------

def test_layer_sizes_accepts_correct(capsys):
    _passes(grader.check_layer_sizes, layer_sizes, capsys, "layer_sizes")
    _passes(grader.check_layer_sizes, lambda X, Y: [X.shape[0], 4, Y.shape[0]], capsys, "layer_sizes")


@pytest.mark.parametrize("fn,needle", [
    (lambda X, Y: (X.shape[1], 4, Y.shape[1]), "X.shape\\[1\\] is m"),
    (lambda X, Y: (X.shape[0], 4, Y.shape[1]), "n_y is Y.shape\\[0\\]"),
    (lambda X, Y: (X.shape[0], 5, Y.shape[0]), "wrong|got 5"),
    (lambda X, Y: (X.shape[0], 4), "sequence of 3"),
])
def test_layer_sizes_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_layer_sizes(fn)


# --- initialize_parameters ------------------------------------------------------------------------------

def test_initialize_parameters_accepts_correct(capsys):
    _passes(grader.check_initialize_parameters, make_init(), capsys, "initialize_parameters")
    _passes(grader.check_initialize_parameters,
            lambda n_x, n_h, n_y, seed=1: init.random_normal([n_x, n_h, n_y], seed=seed, scale=0.01),
            capsys, "initialize_parameters")


@pytest.mark.parametrize("bug,needle", [
    (dict(scale=1.0), "multiply the standard-normal draws by 0.01"),
    (dict(scale=0.1), "wrong values"),
    (dict(transpose=True), "transposed shape and transposing"),
    (dict(w2_first=True), "draw W1 first"),
    (dict(random_bias=True), "biases start at zero"),
    (dict(fixed_seed=1), "use the seed argument"),
    (dict(flat_bias=True), "column vectors"),
])
def test_initialize_parameters_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_initialize_parameters(make_init(**bug))


def test_initialize_parameters_rejects_legacy_global_rng():
    def legacy(n_x, n_h, n_y, seed=1):
        np.random.seed(seed)
        return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}

    with pytest.raises(GraderError, match="wrong values"):
        grader.check_initialize_parameters(legacy)


# --- forward_propagation --------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_forward(), ref_forward], ids=["learner-style", "dlcourse"])
def test_forward_propagation_accepts_correct(fn, capsys):
    _passes(grader.check_forward_propagation, fn, capsys, "forward_propagation")


@pytest.mark.parametrize("bug,needle", [
    (dict(hidden=sigmoid), "hidden layer uses tanh"),
    (dict(hidden=lambda z: np.maximum(z, 0)), "not ReLU"),
    (dict(use_b=False), "add the biases"),
    (dict(transpose_w=True), "raised ValueError|wrong shape|wrong values"),
    (dict(output=np.tanh), "wrong values"),
    (dict(drop_key="Z1"), "missing keys \\['Z1'\\]"),
])
def test_forward_propagation_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_forward_propagation(make_forward(**bug))


# --- compute_cost ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_cost(), make_cost(as_array=True), reference_cost],
                         ids=["learner-style", "(1, 1) array", "dlcourse"])
def test_compute_cost_accepts_correct(fn, capsys):
    _passes(grader.check_compute_cost, fn, capsys, "compute_cost")


@pytest.mark.parametrize("bug,needle", [
    (dict(divide=False), "divide the sum by m"),
    (dict(sign=-1.0), "mind the sign"),
    (dict(second_term=False), "include the \\(1 - y\\) log\\(1 - a\\) term"),
    (dict(clip=False), "Clip A2 first"),
])
def test_compute_cost_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_compute_cost(make_cost(**bug))


def test_compute_cost_rejects_wrong_axis():
    def per_example(A2, Y):
        A2 = np.clip(A2, 1e-15, 1 - 1e-15)
        return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2), axis=0)

    with pytest.raises(GraderError, match="expected a number"):
        grader.check_compute_cost(per_example)


# --- backward_propagation --------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_backward(), ref_backward], ids=["learner-style", "dlcourse"])
def test_backward_propagation_accepts_correct(fn, capsys):
    _passes(grader.check_backward_propagation, fn, capsys, "backward_propagation")


@pytest.mark.parametrize("bug,needle", [
    (dict(divide=False), "average over the examples"),
    (dict(g_prime=lambda A1: 1 - A1), "not 1 - A1"),
    (dict(g_prime=lambda A1: A1 * (1 - A1)), "derivative of the sigmoid"),
    (dict(g_prime=lambda A1: 1.0), "multiply elementwise by g'\\(Z1\\)"),
    (dict(g_prime=lambda A1: 1 - np.tanh(A1) ** 2), "do not apply tanh again"),
    (dict(db_axis=0), "wrong shape"),
    (dict(keepdims=False), "wrong shape"),
    (dict(swap=True), "wrong shape|wrong values"),
])
def test_backward_propagation_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_backward_propagation(make_backward(**bug))


# --- update_parameters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_update(), reference_update], ids=["learner-style", "dlcourse"])
def test_update_parameters_accepts_correct(fn, capsys):
    if fn is reference_update:
        def fn(parameters, grads, learning_rate=1.2):
            return reference_update(parameters, grads, learning_rate)
    _passes(grader.check_update_parameters, fn, capsys, "update_parameters")


@pytest.mark.parametrize("bug,needle", [
    (dict(sign=-1.0), "subtracts"),
    (dict(fixed_lr=1.2), "use the learning_rate argument"),
    (dict(keys=("W1", "W2")), "update the biases too"),
    (dict(keys=("W1", "b1")), "update every layer"),
])
def test_update_parameters_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_update_parameters(make_update(**bug))


# --- nn_model ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_nn_model(), ref_nn_model], ids=["learner-style", "dlcourse"])
def test_nn_model_accepts_correct(fn, capsys):
    _passes(grader.check_nn_model, fn, capsys, "nn_model")


@pytest.mark.parametrize("bug,needle", [
    (dict(fixed_lr=1.2), "learning_rate argument"),
    (dict(fixed_seed=1), "seed argument"),
    (dict(n_iter_offset=1), "exactly num_iterations"),
    (dict(update=False), "never updated"),
    (dict(init_fn=make_init(scale=1.0)), "returned parameters"),
    (dict(hidden=lambda z: np.maximum(z, 0), g_prime=lambda A1: (A1 > 0).astype(float)), "returned parameters"),
])
def test_nn_model_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_nn_model(make_nn_model(**bug))


def test_nn_model_checks_signature_and_return_type():
    good = make_nn_model()
    with pytest.raises(GraderError, match="no argument 'learning_rate'"):
        grader.check_nn_model(lambda X, Y, n_h, num_iterations=10000, print_cost=False, seed=1: good(X, Y, n_h))
    with pytest.raises(GraderError, match="'num_iterations' should default to 10000"):
        grader.check_nn_model(lambda X, Y, n_h, num_iterations=100, learning_rate=1.2, print_cost=False, seed=1:
                              good(X, Y, n_h, num_iterations, learning_rate, print_cost, seed))
    with pytest.raises(GraderError, match="return the parameters dict"):
        grader.check_nn_model(lambda X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1:
                              (good(X, Y, n_h, num_iterations, learning_rate, print_cost, seed), []))
    with pytest.raises(GraderError, match="expected a function"):
        grader.check_nn_model(None)


def test_nn_model_ignores_printed_progress(capsys):
    good = make_nn_model()
    grader.check_nn_model(lambda X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1:
                          good(X, Y, n_h, num_iterations, learning_rate, True, seed))
    out = capsys.readouterr().out
    assert "[pass] nn_model" in out
    # the learner's prints are captured: a few lines are shown, not the whole log
    assert out.count("Cost after") <= 5 and "your function printed" in out


# --- predict ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_predict(), make_predict(as_bool=True), ref_predict],
                         ids=["learner-style", "boolean", "dlcourse"])
def test_predict_accepts_correct(fn, capsys):
    _passes(grader.check_predict, fn, capsys, "predict")


@pytest.mark.parametrize("bug,needle", [
    (dict(strict=False), "strictly greater"),
    (dict(probabilities=True), "not probabilities"),
    (dict(flat=True), "keep the shape \\(1, m\\)"),
    (dict(threshold=0.6), "wrong values"),
])
def test_predict_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_predict(make_predict(**bug))


# --- general ----------------------------------------------------------------------------------------------

CHECKS = [name for name in grader.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("check", [getattr(grader, name) for name in CHECKS], ids=CHECKS)
def test_every_check_rejects_non_functions(check):
    with pytest.raises(GraderError, match="expected a function"):
        check(42)


def test_every_check_reports_exceptions():
    def boom(*args, **kwargs):
        raise ZeroDivisionError("boom")

    for name in CHECKS:
        if name == "check_nn_model":
            continue  # its signature check comes first; covered below
        with pytest.raises(GraderError, match="raised ZeroDivisionError"):
            getattr(grader, name)(boom)

    def nn_boom(X, Y, n_h, num_iterations=10000, learning_rate=1.2, print_cost=False, seed=1):
        raise ZeroDivisionError("boom")

    with pytest.raises(GraderError, match="raised ZeroDivisionError"):
        grader.check_nn_model(nn_boom)


def test_reference_kernels_agree_with_the_course_formulas():
    """The grader's backward reference (dZ2 = A2 - Y) equals dlcourse's L_model_backward."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 9))
    Y = (rng.uniform(size=(1, 9)) > 0.5).astype(int)
    params = init.random_normal([2, 4, 1], seed=2, scale=0.5)
    _, cache = ref_forward(X, params)
    expected = ref_backward(params, cache, X, Y)
    got = make_backward()(params, cache, X, Y)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-10, atol=1e-14)


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    grader.check_layer_sizes(layer_sizes)
    grader.check_initialize_parameters(make_init())
    grader.check_forward_propagation(make_forward())
    grader.check_compute_cost(make_cost())
    grader.check_backward_propagation(make_backward())
    grader.check_update_parameters(make_update())
    grader.check_nn_model(make_nn_model())
    grader.check_predict(make_predict())
    assert time.perf_counter() - start < 10.0  # well under a second on a quiet machine
