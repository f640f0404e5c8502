#!/usr/bin/env python
"""Time the kernels and models the chapters rely on (speed lives here, not in the tests).

    python scripts/benchmark.py            # kernels and models
    python scripts/benchmark.py --notebooks  # also execute every chapter and report its run time
    python scripts/benchmark.py --kernels-only  # activations and losses vs bare numpy (ratio table)

Reports the median of several repeats, in milliseconds, on shapes the chapters actually use
(the cat images are 12288 features x 209 examples).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import timeit
from pathlib import Path

import numpy as np

from dlcourse import functional as F
from dlcourse import init, models

ROOT = Path(__file__).resolve().parents[1]


def bench(label: str, fn, repeat: int = 7, number: int | None = None) -> None:
    timer = timeit.Timer(fn)
    if number is None:
        number, _ = timer.autorange()
    times = np.array(timer.repeat(repeat=repeat, number=number)) / number
    print(f"{label:<58} {np.median(times) * 1e3:10.3f} ms  (min {times.min() * 1e3:.3f})")


def _median_pair(kernel, plain, repeat: int) -> tuple[float, float]:
    """Median seconds of ``kernel`` and of ``plain``, their repeats interleaved so load hits both alike."""
    kernel(), plain()  # warm up (first-touch page faults, caches)
    tk, tp = [], []
    for _ in range(repeat):
        tk.append(timeit.timeit(kernel, number=1))
        tp.append(timeit.timeit(plain, number=1))
    return float(np.median(tk)), float(np.median(tp))


def kernel_vs_numpy(shape=(512, 4096), repeat: int = 9, limit: float = 2.0) -> bool:
    """Each activation (forward, backward) and loss against the bare numpy expression of its math.

    Prints time(kernel) / time(plain numpy) per dtype, with PASS when the ratio is below ``limit``.
    Binary losses take one row, so they run on (1, 512 * 4096): the same number of elements.
    Returns True when every ratio passes.
    """
    rng = np.random.default_rng(0)
    C, m = shape
    print(f"\nkernel / plain numpy expression, {C} x {m} (binary losses: 1 x {C * m}), median of {repeat}")
    print(f"{'kernel':<40} {'float64':>9} {'float32':>9}  {'':4}")
    rows: dict[str, list[float]] = {}
    for dtype in (np.float64, np.float32):
        Z = rng.standard_normal(shape).astype(dtype)
        dA = rng.standard_normal(shape).astype(dtype)
        S, T = F.sigmoid(Z), np.tanh(Z)
        P = F.softmax(Z)
        Yh = np.eye(C, dtype=dtype)[rng.integers(0, C, m)].T.copy()
        z1 = Z.reshape(1, -1)
        a1 = rng.uniform(0.01, 0.99, z1.shape).astype(dtype)
        y1 = (rng.random(z1.shape) > 0.5).astype(dtype)
        _, lcache = F.leaky_relu_forward(Z)
        _, scache = F.softmax_forward(Z)

        def plain_softmax(z):
            e = np.exp(z - z.max(axis=0, keepdims=True))
            return e / e.sum(axis=0, keepdims=True)

        def plain_softmax_ce(z, y):
            s = z - z.max(axis=0, keepdims=True)
            return -np.sum(y * (s - np.log(np.exp(s).sum(axis=0, keepdims=True)))) / z.shape[1]

        cases = [
            ("sigmoid", lambda: F.sigmoid(Z), lambda: 1 / (1 + np.exp(-Z))),
            ("sigmoid_backward", lambda: F.sigmoid_backward(dA, S), lambda: dA * S * (1 - S)),
            ("relu_forward", lambda: F.relu_forward(Z), lambda: np.maximum(Z, 0)),
            ("relu_backward", lambda: F.relu_backward(dA, Z), lambda: dA * (Z > 0)),
            ("tanh_forward", lambda: F.tanh_forward(Z), lambda: np.tanh(Z)),
            ("tanh_backward", lambda: F.tanh_backward(dA, T), lambda: dA * (1 - T ** 2)),
            ("leaky_relu_forward", lambda: F.leaky_relu_forward(Z), lambda: np.maximum(Z, 0.01 * Z)),
            ("leaky_relu_backward", lambda: F.leaky_relu_backward(dA, lcache),
             lambda: dA * (0.01 + 0.99 * (Z > 0).astype(Z.dtype))),
            ("softmax_forward", lambda: F.softmax_forward(Z), lambda: plain_softmax(Z)),
            ("softmax_backward", lambda: F.softmax_backward(dA, scache),
             lambda: P * (dA - np.sum(dA * P, axis=0, keepdims=True))),
            ("binary_cross_entropy", lambda: F.binary_cross_entropy(a1, y1),
             lambda: -np.mean(y1 * np.log(a1) + (1 - y1) * np.log(1 - a1))),
            ("binary_cross_entropy_backward", lambda: F.binary_cross_entropy_backward(a1, y1),
             lambda: -(y1 / a1 - (1 - y1) / (1 - a1))),
            ("sigmoid_cross_entropy_with_logits", lambda: F.sigmoid_cross_entropy_with_logits(z1, y1),
             lambda: np.mean(np.maximum(z1, 0) - z1 * y1 + np.log1p(np.exp(-np.abs(z1))))),
            ("sigmoid_cross_entropy_..._backward", lambda: F.sigmoid_cross_entropy_with_logits_backward(z1, y1),
             lambda: 1 / (1 + np.exp(-z1)) - y1),
            ("categorical_cross_entropy", lambda: F.categorical_cross_entropy(P, Yh),
             lambda: -np.sum(Yh * np.log(P)) / m),
            ("categorical_cross_entropy_backward", lambda: F.categorical_cross_entropy_backward(P, Yh),
             lambda: -Yh / P),
            ("softmax_cross_entropy", lambda: F.softmax_cross_entropy(Z, Yh), lambda: plain_softmax_ce(Z, Yh)),
            ("softmax_cross_entropy_backward", lambda: F.softmax_cross_entropy_backward(Z, Yh),
             lambda: plain_softmax(Z) - Yh),
        ]
        for name, kernel, plain in cases:
            tk, tp = _median_pair(kernel, plain, repeat)
            rows.setdefault(name, []).append(tk / tp)
    ok = True
    for name, ratios in rows.items():
        passed = max(ratios) < limit
        ok &= passed
        print(f"{name:<40} {ratios[0]:9.2f} {ratios[1]:9.2f}  {'PASS' if passed else 'FAIL'}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", action="store_true", help="also time every chapter notebook")
    parser.add_argument("--kernels-only", action="store_true",
                        help="only the kernel / plain-numpy ratio table (activations and losses)")
    args = parser.parse_args(argv)
    if args.kernels_only:
        return 0 if kernel_vs_numpy() else 1

    rng = np.random.default_rng(0)
    n_x, m = 12288, 209
    X = rng.random((n_x, m))
    Y = (rng.random((1, m)) > 0.6).astype(int)
    Z = rng.standard_normal((20, m))

    print(f"numpy {np.__version__}")
    print(f"{'kernel / model':<58} {'median':>13}")
    bench("sigmoid (20 x 209)", lambda: F.sigmoid(Z))
    bench("relu_forward + relu_backward (20 x 209)", lambda: F.relu_backward(Z, F.relu_forward(Z)[1]))
    W1 = rng.standard_normal((20, n_x)) / np.sqrt(n_x)
    b1 = np.zeros((20, 1))
    _, cache = F.linear_forward(X, W1, b1)
    bench("linear_forward 12288 -> 20, m = 209", lambda: F.linear_forward(X, W1, b1))
    bench("linear_backward 12288 <- 20, m = 209", lambda: F.linear_backward(Z, cache))
    bench("linear_backward, first layer (no dA_prev)", lambda: F.linear_backward(Z, cache, compute_dA_prev=False))
    dims = [n_x, 20, 7, 5, 1]
    params = init.xavier(dims, seed=1)

    def one_iteration():
        AL, caches = models.L_model_forward(X, params)
        grads = models.L_model_backward(AL, Y, caches, input_grad=False)
        models.update_parameters(params, grads, 0.0075)

    bench("one gradient-descent iteration, [12288, 20, 7, 5, 1]", one_iteration, repeat=5)
    bench("logistic regression propagate, m = 209", lambda: models.propagate(np.zeros((n_x, 1)), 0.0, X, Y))

    logistic_dtype_ratio(rng, n_x, m)
    kernel_vs_numpy()

    if args.notebooks:
        print()
        return subprocess.call([sys.executable, str(ROOT / "scripts" / "run_notebooks.py")])
    return 0


# --- logistic regression: float32 vs float64 training (section owned by the models helper) -------------

def logistic_dtype_ratio(rng, n_x: int, m: int, iterations: int = 50) -> None:
    """Time ``optimize`` on the cat-set shapes in float32 and float64, in the same run, and print the ratio.

    The model trains in the dtype of X; before it did, float32 was ~7.7x slower (w and b were float64,
    so X was upcast every iteration). Both runs alternate, so load on the machine hits them alike.
    """
    X64 = rng.random((n_x, m))
    Y = (rng.random((1, m)) > 0.6).astype(int)
    X32 = X64.astype(np.float32)
    w0, b0 = models.initialize_with_zeros(n_x)
    times = {np.float32: [], np.float64: []}
    for _ in range(5):
        for dtype, X in ((np.float32, X32), (np.float64, X64)):
            t = timeit.default_timer()
            models.optimize(w0, b0, X, Y, num_iterations=iterations, learning_rate=0.005)
            times[dtype].append(timeit.default_timer() - t)
    t32, t64 = (np.median(times[d]) / iterations * 1e3 for d in (np.float32, np.float64))
    print(f"{'logistic regression, one iteration, float32':<58} {t32:10.3f} ms")
    print(f"{'logistic regression, one iteration, float64':<58} {t64:10.3f} ms")
    print(f"{'logistic regression time ratio float32 / float64':<58} {t32 / t64:10.2f}")


if __name__ == "__main__":
    sys.exit(main())
