#!/usr/bin/env python
"""Speed of the recurrent and embedding kernels, as ratios measured in the same run.

    OPENBLAS_NUM_THREADS=1 python scripts/benchmark_rnn.py
    OPENBLAS_NUM_THREADS=2 python scripts/benchmark_rnn.py
    python scripts/benchmark.py --rnn-only        # the same

* LSTM over a whole sequence, T=50, m=64, n_x=32, n_a=128, float32, ``lstm_forward`` + ``lstm_backward``:
  GFLOP/s and share of this machine's float32 GEMM peak (a 2048^3 matmul, best of several, same
  thread count). FLOPs counted: the matrix products only, 2 * 4 n_a (n_a + n_x) m T for the forward
  and twice that for the backward (dW, and dx with the recurrent da); the elementwise gate work is not
  counted (it is what keeps the share below 100 %). Also printed: the same products alone, without
  the gates (the ceiling for this loop structure), RNN and GRU at the same sizes, and the autograd
  tape's overhead (``nn.LSTM`` forward + backward / the kernels called by hand).
* embedding backward (a scatter-add) against the ``np.add.at`` it replaces.
Times are best-of-N (the machine may be shared: ratios, not absolute times, are the claim).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

from dlcourse import autograd as ag
from dlcourse import functional as F
from dlcourse import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark_conv import best as _best  # noqa: E402

T, M, N_X, N_A = 50, 64, 32, 128


def best(fn, repeat=9):
    """The fastest of ``repeat`` timed runs after one warm-up (benchmark_conv's timer)."""
    return _best(fn, repeat)


def gemm_peak(dtype=np.float32) -> float:
    rng = np.random.default_rng(0)
    n = 2048
    X = rng.standard_normal((n, n)).astype(dtype)
    Y = rng.standard_normal((n, n)).astype(dtype)
    out = np.empty_like(X)
    return 2 * n ** 3 / best(lambda: np.matmul(X, Y, out=out), repeat=5) / 1e9


def _lstm_case(rng, dtype=np.float32):
    p = {}
    for g in "fico":
        p[f"W{g}"] = (rng.standard_normal((N_A, N_A + N_X)) / np.sqrt(N_A)).astype(dtype)
        p[f"b{g}"] = np.zeros((N_A, 1), dtype)
    x = rng.standard_normal((N_X, M, T)).astype(dtype)
    a0 = np.zeros((N_A, M), dtype)
    da = rng.standard_normal((N_A, M, T)).astype(dtype)
    return p, x, a0, da


def _products_only(p, x, dtype=np.float32):
    """The LSTM's matrix products with the kernels' shapes, and nothing else."""
    W = np.concatenate([p[f"W{g}"] for g in "fico"])
    Wa, Wx = W[:, :N_A], W[:, N_A:]
    x_tm = np.ascontiguousarray(x.transpose(2, 0, 1))
    gates = np.empty((T, 4 * N_A, M), dtype)
    rec = np.empty((4 * N_A, M), dtype)
    a = np.zeros((N_A, M), dtype)
    concat = np.zeros((N_A + N_X, T * M), dtype)
    dg = np.ones((4 * N_A, T * M), dtype)

    def run():
        np.matmul(Wx, x_tm, out=gates)
        for _ in range(T):
            np.matmul(Wa, a, out=rec)
        for t in range(T):
            np.matmul(Wa.T, gates[t], out=a)
        dg @ concat.T
        Wx.T @ dg
    return run


def rnn_section(repeat=9) -> dict:
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    rng = np.random.default_rng(0)
    peak = gemm_peak()
    p, x, a0, da = _lstm_case(rng)
    flops_f = 2 * 4 * N_A * (N_A + N_X) * M * T
    t_f = best(lambda: F.lstm_forward(x, a0, p), repeat)
    cache = F.lstm_forward(x, a0, p)[-1]
    t_b = best(lambda: F.lstm_backward(da, cache), repeat)
    t_fb = best(lambda: F.lstm_backward(da, F.lstm_forward(x, a0, p)[-1]), repeat)
    t_g = best(_products_only(p, x), repeat)
    gf = 3 * flops_f / t_fb / 1e9

    # RNN and GRU at the same sizes (their own FLOP counts: 1 and 3 gate blocks)
    pr = {"Wax": p["Wf"][:, N_A:].copy(), "Waa": p["Wf"][:, :N_A].copy(), "ba": p["bf"]}
    t_rnn = best(lambda: F.rnn_backward(da, F.rnn_forward(x, a0, pr)[-1]), repeat)
    pg = {"Wu": p["Wf"], "bu": p["bf"], "Wr": p["Wi"], "br": p["bi"], "Wc": p["Wc"], "bc": p["bc"]}
    t_gru = best(lambda: F.gru_backward(da, F.gru_forward(x, a0, pg)[-1]), repeat)

    # the tape: nn.LSTM forward + backward against the kernels called by hand
    lstm = nn.LSTM(N_X, N_A, rng=0, dtype=np.float32)
    xt = ag.Tensor(x)

    def tape():
        lstm.zero_grad()
        lstm(xt).backward(da)
    t_tape = best(tape, repeat)
    params = {k: q.data for k, q in lstm.named_parameters()}
    t_kern = best(lambda: F.lstm_backward(da, F.lstm_forward(x, a0, params)[-1]), repeat)

    # embedding backward: sorted reduceat vs np.add.at
    V, n_e = 10000, 50
    E = rng.standard_normal((n_e, V)).astype(np.float32)
    idx = rng.integers(0, V, (256, 40))
    out, ecache = F.embedding_forward(idx, E)
    dout = rng.standard_normal(out.shape).astype(np.float32)

    def add_at():
        dE = np.zeros((V, n_e), np.float32)
        np.add.at(dE, idx.ravel(), dout.reshape(n_e, -1).T)
        return dE.T
    t_emb = best(lambda: F.embedding_backward(dout, ecache), repeat)
    t_addat = best(add_at, 3)

    print(f"OPENBLAS_NUM_THREADS={threads}; T={T}, m={M}, n_x={N_X}, n_a={N_A}, float32; best of {repeat}")
    print(f"float32 GEMM peak (2048^3 matmul)          {peak:7.1f} GFLOP/s")
    print(f"lstm_forward                               {flops_f / t_f / 1e9:7.1f} GFLOP/s  "
          f"{flops_f / t_f / 1e9 / peak:6.1%} of peak  ({t_f * 1e3:.1f} ms)")
    print(f"lstm_backward                              {2 * flops_f / t_b / 1e9:7.1f} GFLOP/s  "
          f"{2 * flops_f / t_b / 1e9 / peak:6.1%} of peak  ({t_b * 1e3:.1f} ms)")
    print(f"lstm fwd + bwd                             {gf:7.1f} GFLOP/s  {gf / peak:6.1%} of peak  "
          f"({t_fb * 1e3:.1f} ms; target >= 35 %)")
    print(f"  the same products alone (no gates)       {3 * flops_f / t_g / 1e9:7.1f} GFLOP/s  "
          f"{3 * flops_f / t_g / 1e9 / peak:6.1%} of peak  (the ceiling of this loop structure)")
    print(f"rnn fwd + bwd                              {3 * flops_f / 4 / t_rnn / 1e9:7.1f} GFLOP/s  "
          f"{3 * flops_f / 4 / t_rnn / 1e9 / peak:6.1%} of peak")
    print(f"gru fwd + bwd                              {3 * flops_f * 3 / 4 / t_gru / 1e9:7.1f} GFLOP/s  "
          f"{3 * flops_f * 3 / 4 / t_gru / 1e9 / peak:6.1%} of peak")
    print(f"nn.LSTM on the tape / kernels by hand      {t_tape / t_kern:7.2f} x")
    print(f"embedding_backward (V=10000, n_e=50, m=256, T=40) vs np.add.at: {t_addat / t_emb:5.1f} x faster "
          f"({t_emb * 1e3:.2f} ms vs {t_addat * 1e3:.1f} ms)")
    return {"peak": peak, "lstm_share": gf / peak, "tape_ratio": t_tape / t_kern}


def main():
    rnn_section()


if __name__ == "__main__":
    main()
