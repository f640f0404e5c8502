#!/usr/bin/env python
"""Speed of the conv and pool kernels, as ratios measured in the same run.

    OPENBLAS_NUM_THREADS=1 python scripts/benchmark_conv.py
    OPENBLAS_NUM_THREADS=2 python scripts/benchmark_conv.py

* conv 3x3 pad 1, m=32, 64x64, 16 -> 32 channels, float32, forward + backward: GFLOP/s
  (3 GEMMs of 2*m*n_H*n_W*f*f*C_prev*C_out FLOPs) and share of this machine's float32 GEMM peak
  (a 2048^3 matmul, best of several, same thread count);
* max-pool 2x2 stride 2, m=32, 64x64x32, float32, forward + backward, relative to a copy of the input,
  with its byte budget, the cost of single passes and its tracemalloc peak (see pool_section);
* memory: tracemalloc peak of one conv forward + backward;
* the course's naive loops on a tiny case, for the speed-up.
Times are best-of-N (the machine may be shared: ratios, not absolute times, are the claim).
"""
from __future__ import annotations

import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from dlcourse import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_conv import naive_conv  # noqa: E402  (the course's loops, the tests' reference)


def best(fn, repeat=7):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def conv_section(repeat=7):
    rng = np.random.default_rng(0)
    n = 2048
    X = rng.standard_normal((n, n), dtype=np.float32)
    Y = rng.standard_normal((n, n), dtype=np.float32)
    out = np.empty_like(X)
    peak = 2 * n ** 3 / best(lambda: np.matmul(X, Y, out=out), repeat=5) / 1e9

    m, H, Wd, C_prev, C_out, f = 32, 64, 64, 16, 32, 3
    A = rng.standard_normal((m, H, Wd, C_prev), dtype=np.float32)
    W = (rng.standard_normal((f, f, C_prev, C_out), dtype=np.float32) * 0.1)
    b = np.zeros((1, 1, 1, C_out), np.float32)
    hp = {"stride": 1, "pad": 1}
    Z, cache = F.conv_forward(A, W, b, hp)
    dZ = rng.standard_normal(Z.shape, dtype=np.float32)
    flops = 2 * m * H * Wd * f * f * C_prev * C_out
    t_f = best(lambda: F.conv_forward(A, W, b, hp), repeat)
    t_b = best(lambda: F.conv_backward(dZ, cache), repeat)
    t_fb = best(lambda: F.conv_backward(dZ, F.conv_forward(A, W, b, hp)[1]), repeat)
    gf = 3 * flops / t_fb / 1e9
    print(f"float32 GEMM peak (2048^3 matmul)          {peak:7.1f} GFLOP/s")
    print(f"conv fwd                                   {flops / t_f / 1e9:7.1f} GFLOP/s  {flops / t_f / 1e9 / peak:6.1%} of peak")
    print(f"conv bwd (dW + dA_prev)                    {2 * flops / t_b / 1e9:7.1f} GFLOP/s  {2 * flops / t_b / 1e9 / peak:6.1%} of peak")
    print(f"conv fwd + bwd                             {gf:7.1f} GFLOP/s  {gf / peak:6.1%} of peak")

    tracemalloc.start()
    Z2, c2 = F.conv_forward(A, W, b, hp)
    F.conv_backward(dZ, c2)
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del Z2, c2
    print(f"conv fwd+bwd tracemalloc peak              {peak_bytes / A.nbytes:7.2f} x the input ({peak_bytes / 2**20:.0f} MiB;"
          f" im2col of the whole batch would be {9 * A.nbytes / 2**20:.0f} MiB)")

    pool_section(rng, repeat)

    a = rng.standard_normal((2, 8, 8, 3))
    w = rng.standard_normal((3, 3, 3, 8))
    bb = np.zeros((1, 1, 1, 8))
    t_naive = best(lambda: naive_conv(a, w, bb, 1, 1), 3)
    t_fast = best(lambda: F.conv_forward(a, w, bb, hp), repeat)
    print(f"naive loops / conv_forward, 2x8x8x3 -> 8    {t_naive / t_fast:7.0f} x")


def interleaved(fns, repeat=9):
    """Best time of each of ``fns`` (a dict), their repeats interleaved so load on a shared machine hits all alike."""
    for fn in fns.values():
        fn()
    times = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: min(v) for k, v in times.items()}


def pool_section(rng, repeat=9):
    """Max pool 2x2 stride 2 on (32, 64, 64, 32) float32 after a ReLU (many ties), against copies of the input.

    Byte budget (X is the 16 MiB input, out/dout are a quarter of it): a copy reads X and writes X,
    2 X of traffic. The forward must read X and write out (1.25 X); the backward must read X, out
    and dout and write dX (2.5 X): fwd + bwd move at least 3.75 X, i.e. 1.9 copies. Twice a copy is
    therefore about the memory-traffic floor of any implementation; numpy adds one pass per ufunc.
    The per-pass rows show what each ingredient costs (the forward is 1 copy + 3 np.maximum of strided
    quarter views; the backward per window offset: ==, &, ^ on cache-resident booleans and one masked
    multiply into the strided quarter of dX). Both baselines are listed: np.copyto into a preallocated
    array, and X.copy(), which pays for a fresh allocation's page faults as the kernels' outputs do.

    Measured (session 3, 2 shared cores, OPENBLAS_NUM_THREADS=1): fwd 1.4 copies (was 1.7 before the
    forward took the max over whole contiguous rows first), bwd 3.3, fwd + bwd 4.7-5.2 copies. Why not
    2: numpy writes dX one strided quarter per offset, and each such masked multiply costs about 0.6 of
    a full copy (inner loops of only n_C numbers), so the four writes alone are ~2.5 copies before any
    reading. Writing dX by whole contiguous rows instead (np.repeat of dout and out along the width,
    boolean first-maximum logic on the repeated masks) was tried and was slower (~4 copies for the
    backward): the boolean steps then run on strided quarter views. Reaching 2x needs one fused pass
    (a compiled kernel), which this numpy-only package does not have.
    """
    m = 32
    P = np.maximum(rng.standard_normal((m, 64, 64, 32), dtype=np.float32), 0)  # after a ReLU: many ties
    buf = np.empty_like(P)
    php = {"f": 2, "stride": 2}
    out, pc = F.pool_forward(P, php)
    dout = rng.standard_normal(out.shape, dtype=np.float32)
    q = np.empty_like(out)
    hit = np.empty(out.shape, bool)
    t = interleaved({
        "copyto": lambda: np.copyto(buf, P),
        "copy": lambda: P.copy(),
        "fwd": lambda: F.pool_forward(P, php),
        "bwd": lambda: F.pool_backward(dout, pc),
        "fwd+bwd": lambda: F.pool_backward(dout, F.pool_forward(P, php)[1]),
        "maximum of two strided quarters": lambda: np.maximum(P[:, ::2, ::2], P[:, 1::2, 1::2], out=q),
        "== of a strided quarter and out": lambda: np.equal(P[:, 1::2, 1::2], out, out=hit),
        "dout * mask into a strided quarter": lambda: np.multiply(dout, hit, out=buf[:, 1::2, 1::2]),
    }, repeat)
    c, cc = t["copyto"], t["copy"]
    print(f"array copy of the input (np.copyto, 16 MiB)  {c * 1e3:7.2f} ms   (X.copy() with allocation: {cc / c:.2f} copies)")
    for key, label in (("fwd", "max-pool fwd"), ("bwd", "max-pool bwd"), ("fwd+bwd", "max-pool fwd + bwd")):
        print(f"{label + ' / copy of the input':<43}{t[key] / c:7.2f} x   ({t[key] / cc:.2f} x X.copy())")
    print(f"{'  byte floor of fwd + bwd (3.75 X / 2 X)':<43}{3.75 / 2:7.2f} x")
    for key in ("maximum of two strided quarters", "== of a strided quarter and out", "dout * mask into a strided quarter"):
        print(f"{'  one pass: ' + key:<43}{t[key] / c:7.2f} x")
    tracemalloc.start()
    o2, c2 = F.pool_forward(P, php)
    d2 = F.pool_backward(dout, c2)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del o2, c2, d2
    print(f"{'max-pool fwd+bwd tracemalloc peak':<43}{peak / P.nbytes:7.2f} x the input "
          f"(out + dX = 1.25 x; the rest is the backward's block buffers)")


def main():
    print(f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    conv_section()


if __name__ == "__main__":
    main()
