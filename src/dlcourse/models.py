"""Course 1 models, built only from the :mod:`dlcourse.functional` kernels.

* Logistic regression as a one-neuron network (week 2).
* Fully connected networks of any depth (weeks 3 and 4): the shallow "planar" network is
  ``L_layer_model(X, Y, [n_x, n_h, 1], hidden_activation="tanh", init="random")``.

Data layout: ``X`` is ``(n_x, m)``, labels ``Y`` are ``(1, m)`` of 0/1.
Function names follow the course (``L_model_forward`` ...) so the chapters read alike.

Every public function checks its arguments at entry and names the culprit: ``X`` must be a finite
``(n_x, m)`` array with ``m > 0`` (a transposed ``X`` is reported as such, not as a wrong ``w`` or
``Y``), each ``parameters['Wl']`` must fit the layer before it, and ``L_model_backward`` refuses
caches that do not come from one forward pass of the network it is asked to differentiate
(see :class:`LayerCache`). The training loops check once, before the first iteration.

dtypes: the models compute in the floating dtype of ``X`` (float32 stays float32; integer and
bool data become float64), including ``w``, ``b`` and the gradients of logistic regression.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_float, check_labels, check_nonempty, check_positive_int, check_positive_number, check_shape
from .functional import (
    binary_cross_entropy,
    binary_cross_entropy_backward,
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
    sigmoid,
)
from .init import _check_dims, initialize_parameters
from .metrics import accuracy
from .optim import sgd_update

__all__ = [
    "initialize_with_zeros", "propagate", "optimize", "predict_logistic", "logistic_regression_model",
    "num_layers", "LayerCache", "L_model_forward", "L_model_backward", "compute_cost", "update_parameters",
    "predict", "predict_proba", "L_layer_model",
]


# --- argument checks shared by the models ------------------------------------------------------
# (model-level: they know what X, Y, w and parameters mean, so they can name the likely cause)

def _check_finite(name: str, x: np.ndarray, cause: str) -> None:
    if not np.isfinite(x).all():
        bad = ~np.isfinite(x)
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        kinds = " and ".join(k for k, f in (("NaN", np.isnan), ("inf", np.isinf)) if f(x).any())
        raise ValueError(f"{name} holds {kinds} ({int(bad.sum())} of {x.size} entries, the first at index "
                         f"{first}): {cause}")


_X_CAUSE = "clean the data first (missing values? a division by zero during scaling?)"


def _check_X(X, n_x: int | None = None, m: int | None = None, name: str = "X", wanted_by: str = "") -> np.ndarray:
    """``X`` as a float array of shape (n_x, m): finite, with at least one example.

    When the shape is wrong but ``X.T`` would fit, the message says so (the commonest cause).
    """
    X = as_float(name, X)
    if X.ndim == 1:
        raise ValueError(f"{name} has shape {X.shape} but must be 2-D (n_x, m), one column per example; "
                         f"a single example is {name}.reshape(-1, 1)")
    if X.ndim != 2:
        raise ValueError(f"{name} has shape {X.shape} but must be 2-D (n_x, m); flatten images first with "
                         f"{name}.reshape({name}.shape[0], -1).T")
    rows, cols = X.shape
    by = f" ({wanted_by})" if wanted_by else ""
    fits = (n_x is None or rows == n_x) and (m is None or cols == m)
    if not fits and (n_x is None or cols == n_x) and (m is None or rows == m):
        want = f"(n_x={'any' if n_x is None else n_x}, m={'any' if m is None else m})"
        raise ValueError(f"{name} has shape {X.shape}, i.e. (m, n_x)? did you transpose {name}? "
                         f"Expected {want}{by}: one column per example")
    if n_x is not None and rows != n_x:
        raise ValueError(f"{name} has shape {X.shape}: {rows} features, but expected n_x = {n_x}{by}")
    # a wrong m (with the right n_x) is reported by the label check, which names Y
    check_nonempty(name, X)
    _check_finite(name, X, _X_CAUSE)
    return X


def _check_Y(Y, m: int, name: str = "Y") -> np.ndarray:
    """0/1 labels of shape (1, m), with a hint for the usual wrong layouts."""
    shape = np.shape(Y)
    if shape == (m,) and m != 1:
        raise ValueError(f"{name} has shape {shape} but expected (1, m={m}): make it a row with {name}.reshape(1, -1)")
    if shape == (m, 1) and m != 1:
        raise ValueError(f"{name} has shape {shape} but expected (1, m={m}): did you transpose {name}?")
    return check_labels(name, Y, (1, "m"), {"m": m})


def _bias(b, dtype):
    """``b`` (a number or a size-1 array) as a (1, 1) array of ``dtype``, and the form to give it back in."""
    if isinstance(b, np.ndarray):
        if b.size != 1 or b.ndim > 2:
            raise ValueError(f"b must be a number or a (1, 1) array, got an array of shape {b.shape}")
        form = b.shape
    elif isinstance(b, (int, float, np.number)) and not isinstance(b, (bool, np.bool_)):
        form = None
    else:
        raise TypeError(f"b must be a number or a (1, 1) array, got {type(b).__name__}")
    value = as_float("b", b)
    _check_finite("b", value, "training diverged (lower learning_rate) or b was never set")
    return np.full((1, 1), value.item(), dtype=dtype), form


def _bias_out(value, form, dtype):
    """Give ``value`` (a number) back in the form ``b`` came in: a float, or an array of shape ``form``.

    A float64 number comes back as a Python ``float`` (as before); a float32 one as ``np.float32``.
    """
    if form is None:
        return float(value) if dtype == np.float64 else dtype.type(value)
    return np.full(form, value, dtype=dtype)


def _check_w(w, n_x_hint=None) -> np.ndarray:
    w = as_float("w", w)
    if w.ndim == 1:
        raise ValueError(f"w has shape {w.shape} but must be a column (n_x, 1): use w.reshape(-1, 1)")
    if w.ndim != 2 or w.shape[1] != 1:
        hint = ": did you transpose w?" if w.ndim == 2 and w.shape[0] == 1 else ""
        raise ValueError(f"w has shape {w.shape} but must be a column (n_x, 1){hint}")
    _check_finite("w", w, "training diverged (lower learning_rate) or w was never set")
    return w


def _logistic_inputs(w, b, X, Y=None):
    """Checked (w, b as (1, 1), form of b, X, Y as float or None, dtype) for logistic regression."""
    w = _check_w(w)
    X = _check_X(X, n_x=w.shape[0], m=None if Y is None else _row_length(Y), wanted_by=f"w has shape {w.shape}")
    dtype = np.result_type(w, X)
    b, form = _bias(b, dtype)
    if Y is not None:
        Y = _check_Y(Y, X.shape[1]).astype(dtype, copy=False)
    return w, b, form, X, Y, dtype


# --- logistic regression -----------------------------------------------------------------------

def initialize_with_zeros(dim: int):
    """w of shape (dim, 1) and b = 0.0."""
    dim = check_positive_int("dim", dim)
    return np.zeros((dim, 1)), 0.0


def _propagate(w, b, X, Y):
    """Unchecked core of :func:`propagate` (``b`` a (1, 1) array; every array of one dtype)."""
    Z, lin_cache = linear_forward(X, w.T, b)
    A = sigmoid(Z)
    cost = binary_cross_entropy(A, Y)
    # dL/dZ = A - Y for sigmoid + BCE; the gradient with respect to the data X is not needed
    _, dW, db = linear_backward(A - Y, lin_cache, compute_dA_prev=False)
    return dW.T, db[0, 0], cost


def propagate(w, b, X, Y):
    """Cost and gradients of logistic regression.

    A = sigmoid(w^T X + b), J = binary cross-entropy, dw = (1/m) X (A - Y)^T, db = mean(A - Y).
    Returns ``(grads, cost)`` with ``grads = {"dw": (n_x, 1), "db": ...}``. ``b`` may be a number
    or a (1, 1) array; ``db`` comes back in the same form (a ``float`` for a number in float64).
    The gradients have the dtype of ``w`` and ``X`` (float32 stays float32).
    """
    w, b, form, X, Y, dtype = _logistic_inputs(w, b, X, Y)
    dw, db, cost = _propagate(w, b, X, Y)
    return {"dw": dw, "db": _bias_out(db, form, dtype)}, cost


def optimize(w, b, X, Y, num_iterations: int = 100, learning_rate: float = 0.009, print_cost: bool = False,
             record_every: int = 100):
    """Batch gradient descent on ``propagate``; returns ``(params, grads, costs)``.

    ``costs`` holds the cost every ``record_every`` iterations (starting at iteration 0).
    Training runs in the floating dtype of ``X``: ``w`` is converted to it (float32 data trains
    a float32 ``w`` and ``b``); ``b`` comes back in the form it was given (number or array).
    """
    num_iterations = check_positive_int("num_iterations", num_iterations)
    learning_rate = check_positive_number("learning_rate", learning_rate)
    record_every = check_positive_int("record_every", record_every)
    X = as_float("X", X)
    w = np.array(_check_w(w), dtype=X.dtype, copy=True)  # train in the dtype of X (no silent upcast)
    w, b, form, X, Y, dtype = _logistic_inputs(w, b, X, Y)
    b_value = b[0, 0] if dtype != np.float64 else float(b[0, 0])
    costs = []
    dw = db = None
    for i in range(num_iterations):
        dw, db, cost = _propagate(w, b, X, Y)
        if not np.isfinite(cost):
            raise ValueError(f"the cost became {cost} at iteration {i}: training diverged; lower learning_rate "
                             f"(now {learning_rate})")
        w = w - learning_rate * dw
        b_value = b_value - learning_rate * (db if dtype != np.float64 else float(db))
        b = np.full((1, 1), b_value, dtype=dtype)
        if i % record_every == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i:5d}: {cost:.6f}")
    return ({"w": w, "b": _bias_out(b_value, form, dtype)},
            {"dw": dw, "db": _bias_out(db, form, dtype)}, costs)


def predict_logistic(w, b, X, threshold: float = 0.5):
    """0/1 predictions (1, m): 1 where sigmoid(w^T X + b) > threshold."""
    threshold = _check_threshold(threshold)
    w, b, _, X, _, _ = _logistic_inputs(w, b, X)
    Z, _ = linear_forward(X, w.T, b)
    return (sigmoid(Z) > threshold).astype(int)


def logistic_regression_model(X_train, Y_train, X_test, Y_test, num_iterations: int = 2000,
                              learning_rate: float = 0.5, print_cost: bool = False) -> dict:
    """Train logistic regression from zeros; returns a dict of costs, parameters and accuracies.

    Both splits are checked before training: ``X_test`` must have the features of ``X_train``.
    ``w`` and ``b`` have the dtype of ``X_train``.
    """
    X_train = _check_X(X_train, name="X_train", m=_row_length(Y_train))
    _check_Y(Y_train, X_train.shape[1], "Y_train")
    X_test = _check_X(X_test, n_x=X_train.shape[0], m=_row_length(Y_test), name="X_test",
                      wanted_by=f"X_train has shape {X_train.shape}")
    _check_Y(Y_test, X_test.shape[1], "Y_test")
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    pred_train = predict_logistic(w, b, X_train)
    pred_test = predict_logistic(w, b, X_test)
    return {
        "costs": costs, "w": w, "b": b,
        "Y_prediction_train": pred_train, "Y_prediction_test": pred_test,
        "train_accuracy": accuracy(pred_train, Y_train), "test_accuracy": accuracy(pred_test, Y_test),
        "learning_rate": learning_rate, "num_iterations": num_iterations,
    }


def _row_length(Y):
    """m of a (1, m) label row, else None (the label check itself reports a bad Y)."""
    return np.shape(Y)[1] if np.ndim(Y) == 2 and np.shape(Y)[0] == 1 else None


def _check_threshold(threshold) -> float:
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, (int, float, np.number)) \
            or not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be a probability in [0, 1], got {threshold!r}")
    return float(threshold)


# --- L-layer networks --------------------------------------------------------------------------

def num_layers(parameters: dict) -> int:
    """Number of layers L of a network stored as ``W1, b1, ..., WL, bL``."""
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict {{'W1': ..., 'b1': ..., ...}}, got {type(parameters).__name__}")
    L = len(parameters) // 2
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    if L == 0 or set(parameters) != expected:
        raise ValueError(f"parameters must hold W1, b1, ..., WL, bL; got keys {sorted(parameters)}")
    return L


class LayerCache(tuple):
    """One layer's cache ``(linear_cache, activation_cache)``, labelled with where it came from.

    It *is* the tuple of :func:`~dlcourse.functional.linear_activation_forward` (index it, unpack
    it, pass it to ``linear_activation_backward`` as the chapters do); the labels ``layer``,
    ``num_layers`` and ``activation`` let :func:`L_model_backward` refuse caches that do not belong
    together: a sliced or reordered list, or a forward pass with other activations. A plain tuple
    (a cache a learner built) carries no labels and is only checked for its structure.
    """

    def __new__(cls, cache, layer: int | None = None, num_layers: int | None = None, activation: str | None = None):
        self = super().__new__(cls, cache)
        self.layer, self.num_layers, self.activation = layer, num_layers, activation
        return self

    def __reduce__(self):  # keep the labels through pickle / copy.deepcopy
        return (LayerCache, (tuple(self), self.layer, self.num_layers, self.activation))


def _check_parameters(parameters: dict, n_x: int, X_shape=None) -> int:
    """Check every ``Wl``/``bl`` against the layer before it; return L. Names the layer at fault."""
    L = num_layers(parameters)
    n_prev = n_x
    for l in range(1, L + 1):
        W = as_float(f"parameters['W{l}']", parameters[f"W{l}"])
        b = as_float(f"parameters['b{l}']", parameters[f"b{l}"])
        if W.ndim != 2:
            raise ValueError(f"parameters['W{l}'] has shape {W.shape} but must be 2-D (n{l}, n{l - 1})")
        n_l = b.shape[0] if b.ndim >= 1 and b.shape[0] > 0 else W.shape[0]
        prev = "n_x" if l == 1 else f"n{l - 1}"
        if W.shape != (n_l, n_prev):
            if l == 1 and X_shape is not None and W.shape[1] == X_shape[1] != X_shape[0]:
                raise ValueError(f"X has shape {X_shape}, i.e. (m, n_x)? did you transpose X? parameters['W1'] "
                                 f"has shape {W.shape}, so X must be (n_x={W.shape[1]}, m)")
            hint = f": did you transpose W{l}?" if W.shape == (n_prev, n_l) else ""
            source = f"X has {n_x} features" if l == 1 else f"layer {l - 1} has {n_prev} units"
            raise ValueError(f"parameters['W{l}'] has shape {W.shape}, expected (n{l}, {prev}) = ({n_l}, {n_prev}) "
                             f"({source}, b{l} has {n_l} rows){hint}")
        if b.shape != (n_l, 1):
            hint = f": make it a column with b{l}.reshape(-1, 1)" if b.shape == (n_l,) else ""
            raise ValueError(f"parameters['b{l}'] has shape {b.shape}, expected (n{l}, 1) = ({n_l}, 1){hint}")
        for name, value in ((f"W{l}", W), (f"b{l}", b)):
            _check_finite(f"parameters['{name}']", value,
                          "training diverged (lower the learning rate) or the parameters were never set")
        n_prev = n_l
    return L


def _forward(X, parameters, L, hidden_activation, output_activation):
    """Unchecked core of :func:`L_model_forward`: the caches are labelled :class:`LayerCache`s."""
    A = X
    caches = []
    for l in range(1, L + 1):
        activation = hidden_activation if l < L else output_activation
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(LayerCache(cache, l, L, activation))
    return A, caches


def L_model_forward(X, parameters, hidden_activation: str = "relu", output_activation: str = "sigmoid"):
    """[LINEAR -> hidden]*(L-1) -> LINEAR -> output. Returns ``(AL, caches)``, one cache per layer.

    ``caches[l - 1]`` is layer ``l``'s ``(linear_cache, activation_cache)``, as a :class:`LayerCache`
    that also records ``layer``, ``num_layers`` and ``activation``.
    """
    L = num_layers(parameters)
    X = as_float("X", X)
    if X.ndim == 2:
        _check_parameters(parameters, X.shape[0], X.shape)
    X = _check_X(X, name="X")
    return _forward(X, parameters, L, hidden_activation, output_activation)


def compute_cost(AL, Y) -> float:
    """Binary cross-entropy cost of the output layer (AL and Y of shape (1, m), m > 0)."""
    AL = check_shape("AL", as_float("AL", AL), (1, None))
    check_nonempty("AL", AL)
    _check_AL(AL)
    Y = _check_Y(Y, AL.shape[1])
    return binary_cross_entropy(AL, Y)


def _check_AL(AL) -> None:
    if np.isnan(AL).any():
        raise ValueError("AL holds NaN: the forward pass produced it (check X and the parameters for NaN/inf; "
                         "if this happens during training, it diverged: lower the learning rate)")


def _check_caches(caches, hidden_activation: str, output_activation: str) -> int:
    """Check that ``caches`` is one forward pass's list of layer caches, in layer order; return L."""
    if not isinstance(caches, (list, tuple)):
        raise TypeError(f"caches must be the list of layer caches L_model_forward returns, got "
                        f"{type(caches).__name__}")
    if isinstance(caches, tuple) and len(caches) == 2 and isinstance(caches[0], tuple) and len(caches[0]) == 3:
        raise ValueError("caches is a single layer's cache ((A_prev, W, b), activation_cache); pass the list of "
                         "all the layer caches L_model_forward returned")
    L = len(caches)
    if L == 0:
        raise ValueError("caches is empty: pass the list of layer caches returned by L_model_forward "
                         "(one per layer, layer 1 first)")
    for i, cache in enumerate(caches):
        if not (isinstance(cache, (tuple, list)) and len(cache) == 2 and isinstance(cache[0], (tuple, list))
                and len(cache[0]) == 3):
            raise ValueError(f"caches[{i}] is not a layer cache ((A_prev, W, b), activation_cache) as "
                             f"linear_activation_forward returns it")
        if getattr(cache, "layer", None) is None:
            continue  # a learner's plain tuple: only its structure and its shapes can be checked
        if cache.layer != i + 1 or cache.num_layers != L:
            cause = ("caches was sliced: pass the whole list" if cache.num_layers != L
                     else "caches is out of order: keep layer 1 first")
            raise ValueError(f"caches[{i}] is the cache of layer {cache.layer} of a {cache.num_layers}-layer "
                             f"forward pass, but caches holds {L} caches and position {i} is layer {i + 1}: {cause}")
        wanted = hidden_activation if i + 1 < L else output_activation
        if cache.activation != wanted:
            arg = "hidden_activation" if i + 1 < L else "output_activation"
            raise ValueError(f"caches[{i}] (layer {i + 1}) comes from a {cache.activation!r} forward pass, but "
                             f"L_model_backward was called with {arg}={wanted!r}: pass the activations that "
                             f"L_model_forward used")
    for i in range(1, L):  # the layers must chain: layer i+1 reads what layer i produced
        n_out, n_in = np.shape(caches[i - 1][0][1])[0], np.shape(caches[i][0][1])[1]
        if n_out != n_in:
            raise ValueError(f"caches[{i}] (layer {i + 1}) has W of shape {np.shape(caches[i][0][1])} but layer "
                             f"{i} outputs {n_out} units: the caches are not one forward pass in layer order")
    return L


def L_model_backward(AL, Y, caches, hidden_activation: str = "relu", output_activation: str = "sigmoid",
                     input_grad: bool = True):
    """Gradients of the binary cross-entropy cost: ``{"dA0", "dW1", "db1", ..., "dWL", "dbL"}``.

    ``grads["dA{l-1}"]`` is the (per-example) gradient flowing into layer ``l``'s input.
    ``input_grad=False`` skips ``dA0``, the gradient with respect to the data, which training
    never uses (and which is the largest product of the pass for image inputs).

    ``caches`` is the list :func:`L_model_forward` returned; it is refused when it is empty, sliced,
    reordered, or comes from a forward pass with other activations (a plain list of course-style
    caches is accepted and checked for its structure and shapes).
    """
    L = _check_caches(caches, hidden_activation, output_activation)
    A_prev, W_L = caches[0][0][0], caches[-1][0][1]
    m = np.shape(A_prev)[1]
    AL = check_shape("AL", as_float("AL", AL), (np.shape(W_L)[0], m))
    check_nonempty("AL", AL)
    _check_AL(AL)
    Y = _check_Y(Y, m).astype(AL.dtype, copy=False)
    grads = {}
    dA = binary_cross_entropy_backward(AL, Y)
    for l in range(L, 0, -1):
        activation = hidden_activation if l < L else output_activation
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], activation, compute_dA_prev=(l > 1 or input_grad))
        if dA is not None:
            grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """Gradient-descent step on every ``W``/``b`` (extra entries in ``grads``, like dA, are ignored).

    Refuses NaN/inf in a parameter or its gradient, naming it (training has diverged).
    """
    if not isinstance(parameters, dict) or not isinstance(grads, dict):
        raise TypeError(f"parameters and grads must be dicts, got {type(parameters).__name__} and "
                        f"{type(grads).__name__}")
    learning_rate = check_positive_number("learning_rate", learning_rate)
    for name in parameters:
        _check_finite(f"parameters[{name!r}]", as_float(f"parameters[{name!r}]", parameters[name]),
                      "training diverged (lower the learning rate) or the parameters were never set")
        key = "d" + name
        if key in grads:
            _check_finite(f"grads[{key!r}]", as_float(f"grads[{key!r}]", grads[key]),
                          "the backward pass overflowed: training diverged, lower the learning rate")
    return sgd_update(parameters, grads, learning_rate)


def predict_proba(X, parameters, hidden_activation: str = "relu"):
    """P(y = 1 | x) for each column of ``X``: the network's output AL, shape (1, m)."""
    AL, _ = L_model_forward(X, parameters, hidden_activation, "sigmoid")
    return AL


def predict(X, parameters, hidden_activation: str = "relu", threshold: float = 0.5):
    """0/1 predictions (1, m) of a sigmoid-output network."""
    threshold = _check_threshold(threshold)
    return (predict_proba(X, parameters, hidden_activation) > threshold).astype(int)


def L_layer_model(X, Y, layer_dims, learning_rate: float = 0.0075, num_iterations: int = 3000,
                  hidden_activation: str = "relu", init: str = "xavier", seed: int = 1, scale: float = 0.01,
                  print_cost: bool = False, record_every: int = 100, parameters: dict | None = None):
    """Train a sigmoid-output binary classifier with batch gradient descent.

    ``layer_dims = [n_x, n^[1], ..., 1]``. Returns ``(parameters, costs)`` where ``costs`` holds
    the cost every ``record_every`` iterations. Pass ``parameters`` to continue training.
    Every argument is checked once, before the first iteration; training stops with an error
    if the output becomes NaN (divergence). A float32 ``X`` trains float32 parameters.
    """
    layer_dims = _check_dims(layer_dims)
    X = _check_X(X, n_x=layer_dims[0], m=_row_length(Y), wanted_by=f"layer_dims[0] = {layer_dims[0]}")
    n_x, m = X.shape
    Y = _check_Y(Y, m)
    if layer_dims[-1] != 1:
        raise ValueError(f"a binary classifier needs layer_dims[-1] == 1, got {layer_dims[-1]}")
    num_iterations = check_positive_int("num_iterations", num_iterations)
    learning_rate = check_positive_number("learning_rate", learning_rate)
    record_every = check_positive_int("record_every", record_every)
    if parameters is None:
        parameters = initialize_parameters(layer_dims, method=init, seed=seed, scale=scale)
        if X.dtype != np.float64:
            parameters = {k: v.astype(X.dtype) for k, v in parameters.items()}
    L = _check_parameters(parameters, n_x, X.shape)
    dims = [n_x] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
    if dims != layer_dims:
        raise ValueError(f"parameters describe layers {dims} but layer_dims is {layer_dims}")
    costs = []
    for i in range(num_iterations):
        AL, caches = _forward(X, parameters, L, hidden_activation, "sigmoid")
        if np.isnan(AL).any():
            raise ValueError(f"the network's output became NaN at iteration {i}: training diverged; lower "
                             f"learning_rate (now {learning_rate})")
        if i % record_every == 0 or i == num_iterations - 1:
            cost = compute_cost(AL, Y)
            if i % record_every == 0:
                costs.append(cost)
            if print_cost and (i % record_every == 0 or i == num_iterations - 1):
                print(f"Cost after iteration {i:5d}: {cost:.6f}")
        grads = L_model_backward(AL, Y, caches, hidden_activation, input_grad=False)
        parameters = sgd_update(parameters, grads, learning_rate)
    return parameters, costs
