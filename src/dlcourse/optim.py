"""Optimisers, learning-rate schedules and mini-batches (Courses 1-2).

Two ways to use an optimiser, with the same update formulas:

* **dicts** in the course's naming (``W1, b1, ...`` and ``dW1, db1, ...``), as in Courses 1-2::

      opt = Adam(learning_rate=0.01)
      parameters = opt.step(parameters, grads)      # a new dict; the input arrays are not modified

* **modules** (anything with ``.parameters()`` yielding objects with ``.data`` and ``.grad``, i.e.
  :mod:`dlcourse.nn` modules and :class:`dlcourse.autograd.Tensor` leaves)::

      opt = Adam(model.parameters(), learning_rate=0.01)
      opt.zero_grad(); loss.backward(); opt.step()  # updates each p.data from p.grad

The formulas are the course's (``t`` counts the steps taken, from 1)::

    SGD       theta -= lr * g
    Momentum  v = beta v + (1 - beta) g;                      theta -= lr * v
    RMSprop   s = beta s + (1 - beta) g**2;                   theta -= lr * g / (sqrt(s) + eps)
    Adam      v = beta1 v + (1 - beta1) g,  s = beta2 s + (1 - beta2) g**2,
              v_hat = v / (1 - beta1**t),   s_hat = s / (1 - beta2**t)
              theta -= lr * v_hat / (sqrt(s_hat) + eps)      (eps outside the root, after the bias correction)

``opt.learning_rate`` may be changed between steps (the schedules below compute it). Every
update keeps the parameter's dtype (a float32 model stays float32). State (``v``, ``s``) is
kept per parameter: by name in dict mode, by position in module mode, in ``opt.state``.

Course 1's :func:`sgd_update` and :func:`matching_grads` are unchanged.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_array, check_nonempty, check_positive_int, check_positive_number
from .functional.dropout import as_generator

__all__ = [
    "sgd_update", "matching_grads", "Optimizer", "SGD", "Momentum", "RMSprop", "Adam",
    "exponential_decay", "inverse_time_decay", "schedule_lr_decay", "random_mini_batches",
]


def matching_grads(parameters: dict, grads: dict) -> dict:
    """Return ``{name: grad}`` pairing each parameter ``p`` with ``grads['d' + p]``.

    Raises ``ValueError`` for a missing gradient or a gradient of the wrong shape.
    """
    paired = {}
    for name, value in parameters.items():
        key = "d" + name
        if key not in grads:
            raise ValueError(f"grads has no {key!r} for parameter {name!r} (grads keys: {sorted(grads)})")
        if np.shape(grads[key]) != np.shape(value):
            raise ValueError(f"{key} has shape {np.shape(grads[key])} but {name} has shape {np.shape(value)}")
        paired[name] = grads[key]
    return paired


def sgd_update(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """One step of gradient descent, theta <- theta - alpha * d theta. Returns a new dict."""
    lr = check_positive_number("learning_rate", learning_rate)
    paired = matching_grads(parameters, grads)
    return {name: value - lr * paired[name] for name, value in parameters.items()}


# --- optimisers ------------------------------------------------------------------------------------

def _beta(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


def _trainable(params) -> list:
    """The parameter objects of a module (``.parameters()``) or an iterable of ``.data``/``.grad`` objects."""
    if hasattr(params, "parameters") and callable(params.parameters):
        params = params.parameters()
    if isinstance(params, dict):
        raise TypeError("pass a parameter dict to opt.step(parameters, grads), not to the constructor; "
                        "the constructor takes model.parameters() (or nothing, for dicts)")
    out = list(params)
    for i, p in enumerate(out):
        if not (hasattr(p, "data") and hasattr(p, "grad")):
            raise TypeError(f"parameter {i} is a {type(p).__name__}, not a tensor with .data and .grad "
                            f"(for course-style dicts, construct the optimiser without parameters)")
    if not out:
        raise ValueError("the optimiser was given no parameters (an empty model?)")
    return out


class Optimizer:
    """Base class: subclasses define :meth:`update`, the formula for one parameter."""

    def __init__(self, params=None, learning_rate: float = 0.01):
        self.learning_rate = check_positive_number("learning_rate", learning_rate)
        self.params = None if params is None else _trainable(params)
        self.state: dict = {}
        self.t = 0

    def update(self, key, theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        """Return the updated ``theta`` (a new array) given its gradient ``g``; ``key`` names its state."""
        raise NotImplementedError

    def step(self, parameters: dict | None = None, grads: dict | None = None):
        """One update. Dict mode: ``step(parameters, grads)`` returns the new dict. Module mode: ``step()``."""
        lr = check_positive_number("learning_rate", self.learning_rate)
        self.learning_rate = lr
        if parameters is None:
            if self.params is None:
                raise ValueError("this optimiser holds no parameters: call opt.step(parameters, grads) with "
                                 "course-style dicts, or construct it with model.parameters()")
            self.t += 1
            for i, p in enumerate(self.params):
                if p.grad is not None:  # a parameter the loss does not depend on keeps its value
                    p.data = self.update(i, p.data, p.grad)
            return None
        if grads is None:
            raise ValueError("step(parameters, grads) needs the grads dict (dW1, db1, ...)")
        paired = matching_grads(parameters, grads)
        self.t += 1
        return {name: self.update(name, value, paired[name]) for name, value in parameters.items()}

    def zero_grad(self) -> None:
        """Forget the gradients of the held parameters (module mode)."""
        for p in self.params or ():
            p.grad = None

    def _zeros(self, slot: str, key, theta):
        state = self.state.setdefault(key, {})
        if slot not in state:
            state[slot] = np.zeros_like(theta)
        return state[slot]


class SGD(Optimizer):
    """Plain (mini-batch) gradient descent: theta -= lr * g."""

    def update(self, key, theta, g):
        return theta - self.learning_rate * g


class Momentum(Optimizer):
    """Gradient descent with momentum (the course's form, v = beta v + (1 - beta) g)."""

    def __init__(self, params=None, learning_rate: float = 0.01, beta: float = 0.9):
        super().__init__(params, learning_rate)
        self.beta = _beta("beta", beta)

    def update(self, key, theta, g):
        v = self._zeros("v", key, theta)
        v = self.beta * v + (1 - self.beta) * g
        self.state[key]["v"] = v
        return theta - self.learning_rate * v


class RMSprop(Optimizer):
    """RMSprop: s = beta s + (1 - beta) g**2, theta -= lr g / (sqrt(s) + eps)."""

    def __init__(self, params=None, learning_rate: float = 0.001, beta: float = 0.9, epsilon: float = 1e-8):
        super().__init__(params, learning_rate)
        self.beta = _beta("beta", beta)
        self.epsilon = check_positive_number("epsilon", epsilon)

    def update(self, key, theta, g):
        s = self._zeros("s", key, theta)
        s = self.beta * s + (1 - self.beta) * (g * g)
        self.state[key]["s"] = s
        return theta - self.learning_rate * g / (np.sqrt(s) + self.epsilon)


class Adam(Optimizer):
    """Adam with bias correction (the course's update_parameters_with_adam)."""

    def __init__(self, params=None, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8):
        super().__init__(params, learning_rate)
        self.beta1, self.beta2 = _beta("beta1", beta1), _beta("beta2", beta2)
        self.epsilon = check_positive_number("epsilon", epsilon)

    def update(self, key, theta, g):
        b1, b2, t = self.beta1, self.beta2, self.t
        v = b1 * self._zeros("v", key, theta) + (1 - b1) * g
        s = b2 * self._zeros("s", key, theta) + (1 - b2) * (g * g)
        self.state[key]["v"], self.state[key]["s"] = v, s
        v_hat = v / (1 - b1 ** t)
        s_hat = s / (1 - b2 ** t)
        return theta - self.learning_rate * v_hat / (np.sqrt(s_hat) + self.epsilon)


# --- learning-rate schedules ---------------------------------------------------------------------------

def _epoch(epoch_num) -> int:
    if isinstance(epoch_num, bool) or not isinstance(epoch_num, (int, np.integer)) or epoch_num < 0:
        raise ValueError(f"epoch_num must be an integer >= 0, got {epoch_num!r}")
    return int(epoch_num)


def _rate(decay_rate) -> float:
    if isinstance(decay_rate, bool) or not isinstance(decay_rate, (int, float, np.number)) \
            or not np.isfinite(decay_rate) or decay_rate < 0:
        raise ValueError(f"decay_rate must be a finite number >= 0, got {decay_rate!r}")
    return float(decay_rate)


def exponential_decay(learning_rate0: float, epoch_num: int, decay_rate: float) -> float:
    """lr = lr0 * decay_rate**epoch_num (the lecture's 0.95**epoch * lr0); 0 < decay_rate <= 1."""
    lr0, epoch, rate = check_positive_number("learning_rate0", learning_rate0), _epoch(epoch_num), _rate(decay_rate)
    if not 0 < rate <= 1:
        raise ValueError(f"decay_rate of an exponential decay must be in (0, 1], got {decay_rate!r}")
    return lr0 * rate ** epoch


def inverse_time_decay(learning_rate0: float, epoch_num: int, decay_rate: float) -> float:
    """lr = lr0 / (1 + decay_rate * epoch_num): the course's ``update_lr``."""
    lr0, epoch, rate = check_positive_number("learning_rate0", learning_rate0), _epoch(epoch_num), _rate(decay_rate)
    return lr0 / (1 + rate * epoch)


def schedule_lr_decay(learning_rate0: float, epoch_num: int, decay_rate: float, time_interval: int = 1000) -> float:
    """lr = lr0 / (1 + decay_rate * floor(epoch_num / time_interval)): decay every ``time_interval`` epochs."""
    lr0, epoch, rate = check_positive_number("learning_rate0", learning_rate0), _epoch(epoch_num), _rate(decay_rate)
    interval = check_positive_int("time_interval", time_interval)
    return lr0 / (1 + rate * (epoch // interval))


# --- mini-batches ------------------------------------------------------------------------------------

def random_mini_batches(X, Y, mini_batch_size: int = 64, seed=0) -> list:
    """Shuffle the examples (columns) of ``X`` (n_x, m) and ``Y`` (n_y, m) together and cut them into
    mini-batches of ``mini_batch_size`` columns; the last one holds the ``m % mini_batch_size`` left over.

    ``seed`` is an int or a ``np.random.Generator`` (numpy's global state is never used, so the
    shuffle differs from the original course's ``np.random.seed``/``permutation``). Returns a list of
    ``(mini_batch_X, mini_batch_Y)`` pairs; each example appears in exactly one of them. Dtypes are kept.
    """
    X = check_nonempty("X", as_array("X", X, ndim=2))
    Y = as_array("Y", Y, ndim=2)
    m = X.shape[1]
    if Y.shape[1] != m:
        hint = " (did you pass Y of shape (m, n_y)? use Y.T)" if Y.shape[0] == m else ""
        raise ValueError(f"X has {m} examples (columns) but Y has shape {Y.shape}: expected (n_y, m={m}){hint}")
    size = check_positive_int("mini_batch_size", mini_batch_size)
    permutation = as_generator(seed, "seed").permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    return [(shuffled_X[:, k:k + size], shuffled_Y[:, k:k + size]) for k in range(0, m, size)]
