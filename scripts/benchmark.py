#!/usr/bin/env python
"""Time the kernels and models the chapters rely on (speed lives here, not in the tests).

    python scripts/benchmark.py            # kernels and models
    python scripts/benchmark.py --notebooks  # also execute every chapter and report its run time

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", action="store_true", help="also time every chapter notebook")
    args = parser.parse_args(argv)

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
