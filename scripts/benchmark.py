#!/usr/bin/env python
"""Time the kernels and models the chapters rely on (speed lives here, not in the tests).

    python scripts/benchmark.py            # kernels and models
    python scripts/benchmark.py --notebooks  # also execute every chapter and report its run time
    python scripts/benchmark.py --kernels-only  # activations and losses vs bare numpy (ratio table)
    python scripts/benchmark.py --rnn-only      # LSTM fwd+bwd (share of the GEMM peak), RNN, GRU, embedding
    python scripts/benchmark.py --autograd-only # autograd/nn training step vs the same kernels called by hand
                                                # (an MLP step, and a small CNN's forward + backward)

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


def _conv_benchmark():
    """scripts/benchmark_conv.py (conv fwd+bwd against the GEMM peak, max pool against a copy), as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("benchmark_conv", ROOT / "scripts" / "benchmark_conv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rnn_benchmark():
    """scripts/benchmark_rnn.py (LSTM fwd+bwd against the GEMM peak, RNN, GRU, tape overhead, embedding), as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("benchmark_rnn", ROOT / "scripts" / "benchmark_rnn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", action="store_true", help="also time every chapter notebook")
    parser.add_argument("--kernels-only", action="store_true",
                        help="only the kernel / plain-numpy ratio table (activations and losses)")
    parser.add_argument("--autograd-only", action="store_true",
                        help="only the autograd overhead table (tape step / direct kernel step)")
    parser.add_argument("--conv-only", action="store_true",
                        help="only the convolution and pooling table (share of the same-run GEMM peak, ratio to a copy)")
    parser.add_argument("--rnn-only", action="store_true",
                        help="only the recurrent table (LSTM fwd+bwd share of the same-run GEMM peak, RNN, GRU, "
                             "tape overhead, embedding backward)")
    args = parser.parse_args(argv)
    if args.rnn_only:
        _rnn_benchmark().main()
        return 0
    if args.conv_only:
        _conv_benchmark().main()
        return 0
    if args.autograd_only:
        ok = bench_autograd()
        return 0 if bench_autograd_cnn() and ok else 1
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
    bench_autograd()
    bench_autograd_cnn()
    _conv_benchmark().conv_section()
    print()
    _rnn_benchmark().rnn_section()

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


# --- autograd / nn overhead per training step (section owned by the autograd helper) -------------------

def bench_autograd(repeat: int = 41, limit: float = 1.3) -> bool:
    """One SGD step of an MLP on the 300-point moons set, through the tape vs the kernels by hand.

    Both paths run the same kernels (affine, relu, mean sigmoid cross-entropy, their backwards) and
    the same update ``theta - lr * g``; the tape path is ``nn.Sequential`` + ``ag.sigmoid_cross_entropy``
    + ``backward()`` + ``optim.SGD``. The repeats alternate, so load on the machine hits both alike.
    Prints time(tape) / time(kernels) per network and dtype; PASS below ``limit``. Returns True if all pass.

    The tape's ``affine`` checks its operands with a few tuple comparisons and then runs the kernel's
    arithmetic without the kernel's own argument checks (which the hand-written step pays), so the
    ratio is the tape's bookkeeping minus those checks. The last column, tape / bare numpy (the same
    formulas, no checks, no caches), shows the whole cost of the package's layers.
    """
    from dlcourse import autograd as ag
    from dlcourse import nn, optim
    from dlcourse.data import make_moons_dataset

    X64, Y = make_moons_dataset(300)
    print(f"\nautograd overhead: one SGD step on moons (2 x 300), tape / kernels by hand, median of {repeat}")
    print(f"{'network':<24} {'dtype':<8} {'kernels':>10} {'tape':>10} {'ratio':>7} {'':14} {'bare':>9} "
          f"{'tape/bare':>9}")
    ok = True
    for dims in ([2, 20, 10, 1], [2, 64, 64, 1]):
        for dtype in (np.float64, np.float32):
            X = X64.astype(dtype)
            rng = np.random.default_rng(0)
            layers = []
            for i in range(1, len(dims)):
                layers.append(nn.Linear(dims[i - 1], dims[i], rng=rng, dtype=dtype))
                if i < len(dims) - 1:
                    layers.append(nn.ReLU())
            model = nn.Sequential(*layers)
            opt = optim.SGD(model, learning_rate=0.01)
            params = [p.data.copy() for p in model.parameters()]  # W1, b1, W2, b2, ...

            def tape_step():
                opt.zero_grad()
                ag.sigmoid_cross_entropy(model(X), Y).backward()
                opt.step()

            def kernel_step():
                A, caches = X, []
                for l in range(0, len(params), 2):
                    Z, c = F.affine_forward(A, params[l], params[l + 1])
                    if l + 2 < len(params):
                        A, r = F.relu_forward(Z)
                    else:
                        r = None
                    caches.append((c, r))
                _, loss_cache = F.sigmoid_cross_entropy_loss_forward(Z, Y)
                dZ = F.sigmoid_cross_entropy_loss_backward(1.0, loss_cache)
                grads = [None] * len(params)
                for l in range(len(caches) - 1, -1, -1):
                    c, r = caches[l]
                    if r is not None:
                        dZ = F.relu_backward(dA, r)
                    dA, grads[2 * l], grads[2 * l + 1] = F.affine_backward(dZ, c, compute_dA_prev=l > 0)
                for i, g in enumerate(grads):
                    params[i] = params[i] - 0.01 * g

            bare = [p.copy() for p in params]
            Yf = Y.astype(dtype)

            def bare_step():
                A, saved = X, []
                for l in range(0, len(bare), 2):
                    Z = bare[l] @ A + bare[l + 1]
                    saved.append((A, Z))
                    if l + 2 < len(bare):
                        A = np.maximum(Z, 0)
                np.sum(np.maximum(Z, 0) - Z * Yf + np.log1p(np.exp(-np.abs(Z)))) / Z.shape[1]
                dZ = (1 / (1 + np.exp(-Z)) - Yf) / Z.shape[1]
                for l in range(len(saved) - 1, -1, -1):
                    A, Z = saved[l]
                    if l < len(saved) - 1:
                        dZ = dA * (Z > 0)
                    W = bare[2 * l]
                    dW, db = dZ @ A.T, np.sum(dZ, axis=1, keepdims=True)
                    if l > 0:
                        dA = W.T @ dZ
                    bare[2 * l], bare[2 * l + 1] = W - 0.01 * dW, bare[2 * l + 1] - 0.01 * db

            t_kernel, t_tape = _median_pair(kernel_step, tape_step, repeat)
            t_bare, t_tape2 = _median_pair(bare_step, tape_step, repeat)
            ratio = t_tape / t_kernel
            ok &= ratio < limit
            label = str(dims).replace(" ", "")
            print(f"{label:<24} {np.dtype(dtype).name:<8} {t_kernel * 1e3:8.3f}ms {t_tape * 1e3:8.3f}ms "
                  f"{ratio:7.2f}  {'PASS' if ratio < limit else 'FAIL'} (< {limit}) {t_bare * 1e3:7.3f}ms "
                  f"{t_tape2 / t_bare:9.2f}")
    return ok


def bench_autograd_cnn(repeat: int = 61, limit: float = 1.3) -> bool:
    """Forward + backward of a small CNN on (32, 16, 16, 3) images, through the tape vs the kernels by hand.

    conv 3x3 (8) - batch norm - relu - max pool 2 - conv 3x3 (16) - relu - max pool 2 - flatten -
    linear (6) - mean softmax cross-entropy. The tape path is ``nn.Sequential`` of ``nn.Conv2d``,
    ``nn.BatchNorm2d``, ... + ``backward()``; the kernel path calls ``conv_forward``,
    ``spatial_batchnorm_forward``, ``relu_forward``, ``pool_forward``, ``flatten_forward`` / ``to_columns``,
    ``affine_forward``, ``softmax_cross_entropy_loss_forward`` and their backwards, in the same run,
    repeats interleaved. Prints time(tape) / time(kernels) per dtype; PASS below ``limit``.
    """
    from dlcourse import autograd as ag
    from dlcourse import nn

    m, C = 32, 6
    rng = np.random.default_rng(0)
    X64 = rng.standard_normal((m, 16, 16, 3))
    Y = np.eye(C)[rng.integers(0, C, m)].T
    print(f"\nautograd overhead: small CNN forward + backward, ({m}, 16, 16, 3) images, tape / kernels by hand, "
          f"median of {repeat}")
    print(f"{'network':<40} {'dtype':<8} {'kernels':>10} {'tape':>10} {'ratio':>7}")
    ok = True
    for dtype in (np.float64, np.float32):
        X = X64.astype(dtype)
        Yd = Y.astype(dtype)
        g = np.random.default_rng(1)
        model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, rng=g, dtype=dtype), nn.BatchNorm2d(8, dtype=dtype),
                              nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1, rng=g, dtype=dtype), nn.ReLU(),
                              nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 4 * 4, C, rng=g, dtype=dtype))
        W1, b1 = model[0].W.data, model[0].b.data
        gamma, beta = model[1].gamma.data, model[1].beta.data
        W2, b2 = model[4].W.data, model[4].b.data
        W3, b3 = model[8].W.data, model[8].b.data
        bn_param = {"mode": "train", "running_mean": model[1].running_mean.copy(),
                    "running_var": model[1].running_var.copy()}
        same, pool = {"stride": 1, "pad": 1}, {"f": 2, "stride": 2}

        def tape_step():
            model.zero_grad()
            ag.softmax_cross_entropy(model(X), Yd).backward()

        def kernel_step():
            Z1, c1 = F.conv_forward(X, W1, b1, same)
            N1, c2 = F.spatial_batchnorm_forward(Z1, gamma, beta, bn_param)
            A1, c3 = F.relu_forward(N1)
            P1, c4 = F.pool_forward(A1, pool)
            Z2, c5 = F.conv_forward(P1, W2, b2, same)
            A2, c6 = F.relu_forward(Z2)
            P2, c7 = F.pool_forward(A2, pool)
            rows, c8 = F.flatten_forward(P2)
            Z3, c9 = F.affine_forward(F.to_columns(rows), W3, b3)
            _, c10 = F.softmax_cross_entropy_loss_forward(Z3, Yd)
            dZ3 = F.softmax_cross_entropy_loss_backward(1.0, c10)
            dflat, dW3, db3 = F.affine_backward(dZ3, c9)
            dP2 = F.flatten_backward(F.to_rows(dflat), c8)
            dZ2 = F.relu_backward(F.pool_backward(dP2, c7), c6)
            dP1, dW2, db2 = F.conv_backward(dZ2, c5)
            dN1 = F.relu_backward(F.pool_backward(dP1, c4), c3)
            dZ1, dgamma, dbeta = F.spatial_batchnorm_backward(dN1, c2)
            _, dW1, db1 = F.conv_backward(dZ1, c1, compute_dA_prev=False)
            return dW1, db1, dgamma, dbeta, dW2, db2, dW3, db3

        tape_step()
        for p, expected in zip(model.parameters(), kernel_step()):  # the two paths compute the same thing
            np.testing.assert_allclose(p.grad, expected, rtol=1e-4 if dtype == np.float32 else 1e-10, atol=1e-6)
        t_kernel, t_tape = _median_pair(kernel_step, tape_step, repeat)
        ratio = t_tape / t_kernel
        ok &= ratio < limit
        print(f"{'conv-bn-relu-pool-conv-relu-pool-linear':<40} {np.dtype(dtype).name:<8} {t_kernel * 1e3:8.3f}ms "
              f"{t_tape * 1e3:8.3f}ms {ratio:7.2f}  {'PASS' if ratio < limit else 'FAIL'} (< {limit})")
    return ok


if __name__ == "__main__":
    sys.exit(main())
