"""The Course 1 deep-application graders accept correct training loops and reject plausible bugs."""
import numpy as np
import pytest

from dlcourse import init
from dlcourse.functional import binary_cross_entropy_backward, linear_activation_backward, linear_activation_forward
from dlcourse.graders import GraderError
from dlcourse.graders import c1_deep_application as grader
from dlcourse.models import L_layer_model as reference_L_layer_model
from dlcourse.models import L_model_backward, L_model_forward, compute_cost, update_parameters


# --- learner-style solutions, with switches for the bugs we want the graders to catch ---------------

def make_two_layer(init_fn=lambda dims, seed: init.xavier(dims, seed=seed), fixed_lr=None, record=lambda i: i % 100 == 0,
                   update=True, cost_after_update=False, hidden="relu", n_iter_offset=0, ascent=False):
    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
        lr = fixed_lr if fixed_lr is not None else learning_rate
        params = init_fn(list(layers_dims), seed)
        costs = []
        for i in range(num_iterations + n_iter_offset):
            A1, cache1 = linear_activation_forward(X, params["W1"], params["b1"], hidden)
            A2, cache2 = linear_activation_forward(A1, params["W2"], params["b2"], "sigmoid")
            cost = compute_cost(A2, Y)
            dA2 = binary_cross_entropy_backward(A2, Y)
            dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
            _, dW1, db1 = linear_activation_backward(dA1, cache1, hidden, compute_dA_prev=False)
            grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
            if update:
                step = -lr if ascent else lr
                params = {k: v - step * grads["d" + k] for k, v in params.items()}
            if cost_after_update:
                A2, _ = L_model_forward(X, params)
                cost = compute_cost(A2, Y)
            if record(i):
                costs.append(cost)
        return params, costs
    return two_layer_model


def make_L_layer(init_fn=lambda dims, seed: init.xavier(dims, seed=seed), fixed_lr=None, record=lambda i: i % 100 == 0,
                 update=True, hidden="relu", as_array=False):
    def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
        lr = fixed_lr if fixed_lr is not None else learning_rate
        params = init_fn(list(layers_dims), seed)
        costs = []
        for i in range(num_iterations):
            AL, caches = L_model_forward(X, params, hidden_activation=hidden)
            cost = compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches, hidden_activation=hidden)
            if update:
                params = update_parameters(params, grads, lr)
            if record(i):
                costs.append(cost)
                if print_cost:
                    print(f"Cost after iteration {i}: {cost:.6f}")
        return params, (np.array(costs) if as_array else costs)
    return L_layer_model


def reference(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
    return reference_L_layer_model(X, Y, list(layers_dims), learning_rate, num_iterations, init="xavier", seed=seed,
                                   print_cost=print_cost)


# --- two_layer_model -----------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [reference, make_two_layer()], ids=["reference", "learner-style"])
def test_two_layer_model_accepts_correct(fn, capsys):
    grader.check_two_layer_model(fn)
    out = capsys.readouterr().out
    assert "[pass] two_layer_model" in out
    assert "Cost after" not in out  # the learner's prints are swallowed


@pytest.mark.parametrize("bug,needle", [
    (dict(init_fn=lambda dims, seed: init.he(dims, seed=seed)), "cost at iteration 0"),
    (dict(init_fn=lambda dims, seed: init.random_normal(dims, seed=seed)), "cost at iteration 0"),
    (dict(init_fn=lambda dims, seed: init.xavier(dims, seed=1)), "seed=3"),
    (dict(fixed_lr=0.0075), "parameters"),
    (dict(record=lambda i: True), "should record"),
    (dict(record=lambda i: i % 100 == 99), "should record"),
    (dict(record=lambda i: i % 10 == 0), "should record"),
    (dict(update=False), "never updated"),
    (dict(ascent=True), "parameters"),
    (dict(cost_after_update=True), "cost at iteration 0"),
    (dict(hidden="tanh"), "cost at iteration 0"),
    (dict(n_iter_offset=-1), "should record 1 costs, got 0"),
])
def test_two_layer_model_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_two_layer_model(make_two_layer(**bug))


def test_two_layer_model_rejects_bad_return_types():
    with pytest.raises(GraderError, match="return the pair \\(parameters, costs\\)"):
        grader.check_two_layer_model(lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                                     print_cost=False, seed=1: reference(X, Y, layers_dims, learning_rate,
                                                                         num_iterations, seed=seed)[0])
    with pytest.raises(GraderError, match="no argument 'learning_rate'"):
        grader.check_two_layer_model(lambda X, Y, dims: reference(X, Y, dims))
    with pytest.raises(GraderError, match="'num_iterations' should default to 3000"):
        grader.check_two_layer_model(lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=2500,
                                     print_cost=False, seed=1: reference(X, Y, layers_dims, learning_rate,
                                                                        num_iterations, seed=seed))
    with pytest.raises(GraderError, match="'seed' needs the default value 1"):
        grader.check_two_layer_model(lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                                     print_cost=False, *, seed: reference(X, Y, layers_dims, learning_rate,
                                                                          num_iterations, seed=seed))
    with pytest.raises(GraderError, match="raised ZeroDivisionError"):
        grader.check_two_layer_model(lambda X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                                     print_cost=False, seed=1: 1 / 0)
    with pytest.raises(GraderError, match="expected a function"):
        grader.check_two_layer_model(None)


def test_two_layer_model_rejects_in_place_modification_of_X():
    def sneaky(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
        kw = dict(learning_rate=learning_rate, num_iterations=num_iterations, seed=seed)
        out = reference(X, Y, layers_dims, **kw)
        X *= 2
        return out

    with pytest.raises(GraderError, match="modified its input"):
        grader.check_two_layer_model(sneaky)


# --- L_layer_model -------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [reference, make_L_layer(), make_L_layer(as_array=True)],
                         ids=["reference", "learner-style", "costs-as-array"])
def test_L_layer_model_accepts_correct(fn, capsys):
    grader.check_L_layer_model(fn)
    assert "[pass] L_layer_model" in capsys.readouterr().out


@pytest.mark.parametrize("bug,needle", [
    (dict(init_fn=lambda dims, seed: init.he(dims, seed=seed)), "cost at iteration 0"),
    (dict(init_fn=lambda dims, seed: init.xavier(dims, seed=0)), "cost at iteration 0"),
    (dict(init_fn=lambda dims, seed: init.xavier(dims, seed=1)), "seed=5"),
    (dict(fixed_lr=0.0075), "parameters"),
    (dict(fixed_lr=0.01), "parameters"),
    (dict(record=lambda i: i % 100 == 1), "should record|cost at iteration 0"),
    (dict(record=lambda i: i % 1000 == 0), "should record"),
    (dict(update=False), "never updated"),
    (dict(hidden="sigmoid"), "cost at iteration 0"),
])
def test_L_layer_model_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_L_layer_model(make_L_layer(**bug))


def test_L_layer_model_rejects_two_layer_only_solution():
    """A loop hard-wired to two layers fails on the deeper networks."""
    with pytest.raises(GraderError):
        grader.check_L_layer_model(make_two_layer())


def test_L_layer_model_rejects_off_by_one_layer_loop():
    def skips_last_hidden_relu(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
        params = init.xavier(list(layers_dims), seed=seed)
        L = len(layers_dims) - 1
        costs = []
        for i in range(num_iterations):
            A, caches = X, []
            for l in range(1, L + 1):
                act = "relu" if l < L - 1 else "sigmoid"  # bug: layer L-1 gets a sigmoid
                A, cache = linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"], act)
                caches.append((cache, act))
            cost = compute_cost(A, Y)
            dA = binary_cross_entropy_backward(A, Y)
            grads = {}
            for l in range(L, 0, -1):
                cache, act = caches[l - 1]
                dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, cache, act)
            params = update_parameters(params, grads, learning_rate)
            if i % 100 == 0:
                costs.append(cost)
        return params, costs

    with pytest.raises(GraderError, match="cost at iteration 0"):
        grader.check_L_layer_model(skips_last_hidden_relu)


def test_cost_recorded_after_the_update_is_named_as_such():
    """Recording the cost after the update changes the first recorded cost; the hint is about when the cost
    is recorded, not about the initialisation."""
    with pytest.raises(GraderError) as err:
        grader.check_two_layer_model(make_two_layer(cost_after_update=True))
    cause = str(err.value).split("Likely cause: ")[1].splitlines()[0]
    assert "before that iteration's update" in cause and "xavier" not in cause


def test_wrong_activation_in_the_backward_step_is_named_as_such():
    """Forward with ReLU, backward with 'sigmoid': the cost at iteration 0 is right and the parameters wrong;
    the hint names the backward activation, not the learning rate."""
    def backward_sigmoid(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, seed=1):
        params, costs = init.xavier(list(layers_dims), seed=seed), []
        for i in range(num_iterations):
            AL, caches = L_model_forward(X, params)
            cost = compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches, hidden_activation="sigmoid")  # bug: forward used relu
            params = update_parameters(params, grads, learning_rate)
            if i % 100 == 0:
                costs.append(cost)
        return params, costs

    for check in (grader.check_two_layer_model, grader.check_L_layer_model):
        with pytest.raises(GraderError) as err:
            check(backward_sigmoid)
        cause = str(err.value).split("Likely cause: ")[1].splitlines()[0]
        assert "backward pass must use the activations of the forward pass" in cause
        assert "learning_rate" not in cause


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    grader.check_two_layer_model(reference)
    grader.check_L_layer_model(reference)
    assert time.perf_counter() - start < 10.0  # about 1 s; generous for loaded CI machines
