"""Graders for Course 2, "Hyperparameter tuning and batch normalization".

Four exercises: a sampler of hyperparameters on a logarithmic scale, and batch normalization of a dense
layer (layout ``(features, m)``) in training mode (forward and backward) and at inference with running
averages. The batch-norm references are :mod:`dlcourse.functional.batchnorm`'s kernels; the learner's
forward returns its cache as the plain tuple ``(Z_hat, gamma, mu, var, eps)`` that the learner's backward
reads, so the grader converts between that tuple and the kernel's opaque cache. The shared machinery and
the hint levels are described in :mod:`dlcourse.graders._core`.
"""
from __future__ import annotations

import numpy as np

from ..functional import batchnorm_backward as _kernel_backward, batchnorm_forward as _kernel_forward
from ..functional._cache import Cache, open_cache
from .solutions import c2_batchnorm as _solutions
from ._core import Chapter

__all__ = ["check_sample_log_uniform", "check_batchnorm_forward", "check_batchnorm_backward",
           "check_batchnorm_inference", "hint", "show_solution"]

chapter = Chapter(__name__)
hint, show_solution = chapter.hint, chapter.show_solution
_rng = np.random.default_rng
EPS = 1e-5


# --- Exercise 1: sample_log_uniform -------------------------------------------------------------------

def _ref_sample(low, high, size, seed=0):
    r = _rng(seed).uniform(np.log10(low), np.log10(high), size)
    return 10.0 ** r


def _sample_mistake(kind):
    def sample(low, high, size, seed=0):
        rng = _rng(seed)
        if kind == "linear":
            return rng.uniform(low, high, size)
        if kind == "no log":
            return 10.0 ** rng.uniform(low, high, size)
        if kind == "ln":
            return 10.0 ** rng.uniform(np.log(low), np.log(high), size)
        if kind == "swapped":
            return 10.0 ** rng.uniform(np.log10(high), np.log10(low), size)
        if kind == "legacy":
            return 10.0 ** np.random.RandomState(seed).uniform(np.log10(low), np.log10(high), size)
        if kind == "sorted":
            return np.sort(_ref_sample(low, high, size, seed))
        raise ValueError(kind)
    return sample


@chapter.exercise(
    "sample_log_uniform", _ref_sample, returns="samples",
    fresh=lambda rng: ("random range, size and seed",
                       (float(10.0 ** rng.uniform(-8, -2)), float(10.0 ** rng.uniform(-1, 2)),
                        int(rng.integers(1, 40))), {"seed": int(rng.integers(0, 10 ** 6))}),
    concept="a hyperparameter whose good values span several orders of magnitude (a learning rate, 1 - beta) "
            "should be sampled so that every decade gets the same share of the trials: draw the exponent "
            "uniformly, between the exponents of the two bounds, and raise the base to it. Use the generator "
            "np.random.default_rng(seed) and draw all the samples with one call.",
    mistakes=[
        (_sample_mistake("linear"),
         "these are uniform between low and high, so almost all of them fall in the top decade; draw the "
         "exponent r uniformly between log10(low) and log10(high) and return 10 ** r."),
        (_sample_mistake("no log"),
         "low and high are the values, not their exponents: draw r between np.log10(low) and np.log10(high)."),
        (_sample_mistake("ln"),
         "np.log is the natural logarithm; with 10 ** r the exponents must be base 10: np.log10(low), "
         "np.log10(high) (or use np.exp with np.log)."),
        (_sample_mistake("swapped"),
         "the first argument of rng.uniform is the lower bound: rng.uniform(np.log10(low), np.log10(high), size)."),
        (_sample_mistake("legacy"),
         "draw from rng = np.random.default_rng(seed); the legacy np.random.seed / np.random.uniform (or "
         "RandomState) produce other numbers from the same seed."),
        (_sample_mistake("sorted"), "return the samples in the order they were drawn, without sorting them."),
    ],
    formula="rng = np.random.default_rng(seed); r = rng.uniform(np.log10(low), np.log10(high), size); "
            "return 10 ** r.",
    solution=_solutions.sample_log_uniform)
def check_sample_log_uniform():
    """``sample_log_uniform(low, high, size, seed=0) -> array (size,)``: 10**r, r uniform in [log10 low, log10 high]."""
    return [
        ("learning rates in [1e-4, 1], size 10", (1e-4, 1.0, 10), {"seed": 0}),
        ("1 - beta in [1e-3, 1e-1] (beta in [0.9, 0.999]), size 5", (1e-3, 1e-1, 5), {"seed": 3}),
        ("one sample", (1e-3, 10.0, 1), {"seed": 7}),
        ("the default seed", (0.01, 100.0, 4), {}),
        ("twelve decades, size 20", (1e-10, 100.0, 20), {"seed": 11}),
    ]


# --- Exercise 2: batchnorm_forward (training mode) -------------------------------------------------------

def _ref_forward(Z, gamma, beta, eps=EPS):
    out, cache = _kernel_forward(Z, gamma, beta, train=True, eps=eps)
    v = open_cache(cache, "batchnorm")
    return out, (v["Z_hat"], v["gamma"], v["mean"], v["var"], eps)


def _forward_mistake(ddof=0, axis=1, eps_inside=True, use_eps=True, affine="right", cache_std=False):
    def forward(Z, gamma, beta, eps=EPS):
        mu = np.mean(Z, axis=axis, keepdims=True)
        var = np.var(Z, axis=axis, keepdims=True, ddof=ddof)
        e = eps if use_eps else 0.0
        Z_hat = (Z - mu) / (np.sqrt(var + e) if eps_inside else np.sqrt(var) + e)
        out = {"right": gamma * Z_hat + beta, "none": Z_hat, "swapped": beta * Z_hat + gamma}[affine]
        return out, (Z_hat, gamma, mu, np.sqrt(var) if cache_std else var, eps)
    return forward


def _bn_inputs(rng, n, m, scale=2.0, shift=1.0):
    Z = rng.standard_normal((n, m)) * scale + shift
    return Z, 1.0 + 0.5 * rng.standard_normal((n, 1)), 0.5 * rng.standard_normal((n, 1))


def _forward_cases():
    rng = _rng(5)
    Z_const, g_const, b_const = _bn_inputs(rng, 3, 6)
    Z_const[1] = 4.0  # a feature with the same value on every example: variance 0
    Z_small, g_small, b_small = _bn_inputs(rng, 4, 8, scale=0.01)
    return [
        ("4 features, m = 6", _bn_inputs(rng, 4, 6), {}),
        ("one feature, m = 5", _bn_inputs(rng, 1, 5), {}),
        ("the smallest batch, m = 2", _bn_inputs(rng, 3, 2), {}),
        ("a constant feature (variance 0)", (Z_const, g_const, b_const), {}),
        ("small variances (1e-4), where eps matters", (Z_small, g_small, b_small), {}),
        ("eps = 1e-3 passed by keyword, 5 features, m = 7", _bn_inputs(rng, 5, 7), {"eps": 1e-3}),
        ("gamma = 1, beta = 0, values far from 0, m = 10",
         (rng.standard_normal((3, 10)) + 100.0, np.ones((3, 1)), np.zeros((3, 1))), {}),
    ]


@chapter.exercise(
    "batchnorm_forward", _ref_forward, returns=("out", "cache"),
    fresh=lambda rng: ("6 features, m = 9", _bn_inputs(rng, 6, 9), {}),
    concept="during training each feature (row) is normalized with the mean and the variance of that feature "
            "over the examples of the mini-batch (the columns), to mean 0 and variance 1 (eps keeps the division "
            "safe), then scaled by gamma and shifted by beta, which the network learns. Return the output and the "
            "cache tuple (Z_hat, gamma, mu, var, eps) that the backward pass needs.",
    mistakes=[
        (_forward_mistake(ddof=1),
         "the course (and batch norm) uses the biased variance, divided by m: np.mean((Z - mu) ** 2, axis=1, "
         "keepdims=True), i.e. np.var(..., ddof=0), not ddof=1."),
        (_forward_mistake(axis=0),
         "normalize each feature (a row) over the examples (the columns): the statistics are means over axis=1."),
        (_forward_mistake(eps_inside=False), "eps goes inside the square root: (Z - mu) / np.sqrt(var + eps)."),
        (_forward_mistake(use_eps=False),
         "add eps to the variance before the square root: np.sqrt(var + eps) (a constant feature has var = 0)."),
        (_forward_mistake(affine="none"), "after normalizing, scale and shift: out = gamma * Z_hat + beta."),
        (_forward_mistake(affine="swapped"), "gamma scales and beta shifts: out = gamma * Z_hat + beta."),
        (_forward_mistake(cache_std=True),
         "the cache holds the variance var (the mean of the squared deviations), not its square root."),
    ],
    formula="mu = np.mean(Z, axis=1, keepdims=True); var = np.mean((Z - mu) ** 2, axis=1, keepdims=True); "
            "Z_hat = (Z - mu) / np.sqrt(var + eps); out = gamma * Z_hat + beta; "
            "return out, (Z_hat, gamma, mu, var, eps).",
    solution=_solutions.batchnorm_forward)
def check_batchnorm_forward():
    """``batchnorm_forward(Z, gamma, beta, eps=1e-5) -> (out, (Z_hat, gamma, mu, var, eps))``, Z (features, m)."""
    return _forward_cases()


# --- Exercise 3: batchnorm_backward ---------------------------------------------------------------------

def _kernel_cache(cache):
    """The kernel's opaque cache rebuilt from the learner-layout tuple ``(Z_hat, gamma, mu, var, eps)``."""
    Z_hat, gamma, mu, var, eps = cache
    return Cache("batchnorm", Z_hat=Z_hat, inv_std=1.0 / np.sqrt(var + eps), gamma=gamma, train=True,
                 mean=mu, var=var)


def _ref_backward(dout, cache):
    return _kernel_backward(dout, _kernel_cache(cache))


def _backward_mistake(divide=True, mean_path=True, var_path=True, use_gamma=True, swap=False, axis=1,
                      use_eps=True):
    def backward(dout, cache):
        Z_hat, gamma, mu, var, eps = cache
        m = dout.shape[1]
        dbeta = np.sum(dout, axis=axis, keepdims=True)
        dgamma = np.sum(dout * Z_hat, axis=axis, keepdims=True)
        inv_std = 1.0 / np.sqrt(var + (eps if use_eps else 0.0))
        g = gamma if use_gamma else 1.0
        if not mean_path and not var_path:
            dZ = g * inv_std * dout
        else:
            dZ = g * inv_std / (m if divide else 1) * (m * dout - (dbeta if mean_path else 0)
                                                       - (Z_hat * dgamma if var_path else 0))
        return (dZ, dbeta, dgamma) if swap else (dZ, dgamma, dbeta)
    return backward


def _backward_case(rng, name, Z, gamma, beta, eps=EPS):
    _, cache = _ref_forward(Z, gamma, beta, eps)
    return name, (rng.standard_normal(Z.shape), cache), {}


def _backward_cases():
    rng = _rng(50)
    return [_backward_case(rng, name, *args, **kwargs) for name, args, kwargs in _forward_cases()]


@chapter.exercise(
    "batchnorm_backward", _ref_backward, returns=("dZ", "dgamma", "dbeta"),
    fresh=lambda rng: _backward_case(rng, "6 features, m = 9", *_bn_inputs(rng, 6, 9)),
    concept="dbeta and dgamma sum the upstream gradient (times Z_hat for gamma) over the examples. For dZ, "
            "remember that in training mode mu and var are computed from the batch itself: changing one example "
            "moves the mean and the variance of its feature, hence every Z_hat of that feature. The chain rule "
            "through the three paths (direct, through mu, through var) gives a compact formula with the sums "
            "dbeta and dgamma in it. The backward is the plain chain rule: no extra average over the examples.",
    mistakes=[
        (_backward_mistake(divide=False),
         "the factor in front is gamma / (m * sqrt(var + eps)): the 1/m comes from mu and var being means."),
        (_backward_mistake(mean_path=False, var_path=False),
         "mu and var depend on Z too: dZ = gamma / (m sqrt(var + eps)) * (m dout - dbeta - Z_hat dgamma), not "
         "just gamma * dout / sqrt(var + eps) (that is the inference-mode gradient)."),
        (_backward_mistake(var_path=False),
         "the path through the variance is missing: subtract Z_hat * dgamma as well."),
        (_backward_mistake(mean_path=False),
         "the path through the mean is missing: subtract dbeta (the sum of dout over the examples) as well."),
        (_backward_mistake(use_gamma=False), "multiply by gamma: out = gamma * Z_hat + beta, so dZ_hat = gamma * dout."),
        (_backward_mistake(swap=True), "return (dZ, dgamma, dbeta) in that order."),
        (_backward_mistake(use_eps=False), "use the same sqrt(var + eps) as the forward pass, eps included."),
    ],
    formula="m = dout.shape[1]; dbeta = np.sum(dout, axis=1, keepdims=True); dgamma = np.sum(dout * Z_hat, axis=1, "
            "keepdims=True); dZ = gamma / (m * np.sqrt(var + eps)) * (m * dout - dbeta - Z_hat * dgamma).",
    solution=_solutions.batchnorm_backward)
def check_batchnorm_backward():
    """``batchnorm_backward(dout, cache) -> (dZ, dgamma, dbeta)`` for the cache of ``batchnorm_forward``."""
    return _backward_cases()


# --- Exercise 4: batchnorm_inference ---------------------------------------------------------------------

def _ref_inference(Z, gamma, beta, running_mean, running_var, eps=EPS):
    out, _ = _kernel_forward(Z, gamma, beta, train=False, running_mean=running_mean, running_var=running_var,
                             eps=eps)
    return out


def _inference_mistake(kind):
    def inference(Z, gamma, beta, running_mean, running_var, eps=EPS):
        mean, var = running_mean, running_var
        if kind == "batch":
            mean, var = np.mean(Z, axis=1, keepdims=True), np.var(Z, axis=1, keepdims=True)
        if kind == "swapped":
            mean, var = running_var, running_mean
        if kind == "no sqrt":
            Z_hat = (Z - mean) / (var + eps)
        elif kind == "no eps":
            Z_hat = (Z - mean) / np.sqrt(var)
        else:
            Z_hat = (Z - mean) / np.sqrt(var + eps)
        return Z_hat if kind == "no affine" else gamma * Z_hat + beta
    return inference


def _inference_inputs(rng, n, m):
    Z, gamma, beta = _bn_inputs(rng, n, m)
    return Z, gamma, beta, rng.standard_normal((n, 1)), rng.uniform(0.5, 3.0, (n, 1))


def _inference_cases():
    rng = _rng(70)
    Z, gamma, beta, mean, _ = _inference_inputs(rng, 3, 4)
    return [
        ("one example (m = 1)", _inference_inputs(rng, 4, 1), {}),
        ("4 features, m = 6", _inference_inputs(rng, 4, 6), {}),
        ("one feature, m = 3", _inference_inputs(rng, 1, 3), {}),
        ("small running variances (1e-4), where eps matters", (Z, gamma, beta, mean, np.full((3, 1), 1e-4)), {}),
        ("eps = 1e-3 passed by keyword", _inference_inputs(rng, 2, 5), {"eps": 1e-3}),
    ]


@chapter.exercise(
    "batchnorm_inference", _ref_inference, returns="out",
    fresh=lambda rng: ("5 features, m = 4", _inference_inputs(rng, 5, 4), {}),
    concept="at test time there may be a single example, whose own mean and variance say nothing; so each "
            "feature is normalized with the running averages of the means and variances collected during "
            "training, then scaled by gamma and shifted by beta, the same way as in training.",
    mistakes=[
        (_inference_mistake("batch"),
         "at inference use the running averages running_mean and running_var, not the mean and variance of the "
         "examples in Z (with one example they would turn every input into beta)."),
        (_inference_mistake("swapped"), "subtract running_mean and divide by the square root of running_var + eps."),
        (_inference_mistake("no sqrt"),
         "divide by the standard deviation np.sqrt(running_var + eps), not by the variance."),
        (_inference_mistake("no eps"), "add eps inside the square root, as in training: np.sqrt(running_var + eps)."),
        (_inference_mistake("no affine"), "scale and shift the normalized values: gamma * Z_hat + beta."),
    ],
    formula="Z_hat = (Z - running_mean) / np.sqrt(running_var + eps); return gamma * Z_hat + beta.",
    solution=_solutions.batchnorm_inference)
def check_batchnorm_inference():
    """``batchnorm_inference(Z, gamma, beta, running_mean, running_var, eps=1e-5) -> out`` (features, m)."""
    return _inference_cases()
