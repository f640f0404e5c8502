"""How robust is the regularization chapter's ordering (none < L2 < dropout on the test set)?

Trains the chapter's three models (``[2, 20, 3, 1]``, learning rate 0.3, 10,000 iterations, init seed 3,
dropout seed 1; no regularization, L2 with lambda = 0.7, dropout with keep_prob = 0.86) on the
goalkeeper fields generated with ``dlcourse.data.make_goalkeeper_dataset(seed=s)`` for several seeds
(the chapter's field is seed 7), prints the test accuracies, and flags runs whose test accuracy changes
when the initial weights are nudged by a relative 1e-12 (chaotic runs).

    .venv/bin/python scripts/goalkeeper_robustness.py            # seeds 0-9, about 2 minutes on one core
    .venv/bin/python scripts/goalkeeper_robustness.py --seeds 6 --init-seeds 3 4 5 6 7

The training loop is the chapter's ``model`` with the learner-style exercise answers of
``dlcourse.graders.solutions.c2_regularization`` and the kernels' forward pass.
"""
from __future__ import annotations

import argparse

import numpy as np

from dlcourse import init
from dlcourse.data import make_goalkeeper_dataset
from dlcourse.graders.c2_regularization import backward_propagation, forward_propagation
from dlcourse.graders.solutions.c2_regularization import (backward_propagation_with_dropout,
                                                          backward_propagation_with_regularization,
                                                          forward_propagation_with_dropout)
from dlcourse.metrics import accuracy
from dlcourse.optim import sgd_update

MODELS = {"none": {}, "L2 0.7": {"lambd": 0.7}, "dropout 0.86": {"keep_prob": 0.86}}


def train(X, Y, lambd=0.0, keep_prob=1.0, seed=3, dropout_seed=1, num_iterations=10_000, learning_rate=0.3,
          nudge=0.0):
    parameters = {k: v * (1 + nudge) for k, v in init.xavier([X.shape[0], 20, 3, 1], seed=seed).items()}
    rng = np.random.default_rng(dropout_seed)
    for _ in range(num_iterations):
        if keep_prob < 1:
            _, cache = forward_propagation_with_dropout(X, parameters, keep_prob, rng)
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        else:
            _, cache = forward_propagation(X, parameters)
            grads = (backward_propagation_with_regularization(X, Y, cache, lambd) if lambd > 0
                     else backward_propagation(X, Y, cache))
        parameters = sgd_update(parameters, grads, learning_rate)
    return parameters


def test_accuracy(parameters, X, Y):
    return accuracy((forward_propagation(X, parameters)[0] > 0.5).astype(int), Y)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(10)), help="data set seeds")
    parser.add_argument("--init-seeds", type=int, nargs="+", default=[3], help="initialization seeds "
                        "(the dropout seed is 1 for init seed 3, as in the chapter, else the init seed)")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--learning-rate", type=float, default=0.3)
    args = parser.parse_args(argv)
    rows = []
    print(f"{'data':>4} {'init':>4}   " + "   ".join(f"{name:>14}" for name in MODELS) + "   ordered")
    for s in args.seeds:
        X, Y, Xt, Yt = make_goalkeeper_dataset(seed=s)
        for i in args.init_seeds:
            accs, flags = [], []
            for kwargs in MODELS.values():
                kw = dict(kwargs, seed=i, dropout_seed=1 if i == 3 else i, num_iterations=args.iterations,
                          learning_rate=args.learning_rate)
                a = test_accuracy(train(X, Y, **kw), Xt, Yt)
                b = test_accuracy(train(X, Y, nudge=1e-12, **kw), Xt, Yt)
                accs.append(a)
                flags.append("" if a == b else " (chaotic)")
            rows.append(accs)
            ordered = accs[0] < accs[1] < accs[2]
            print(f"{s:>4} {i:>4}   " + "   ".join(f"{100 * a:5.1f}%{f:>9}" for a, f in zip(accs, flags))
                  + f"   {'yes' if ordered else 'no'}", flush=True)
    r = 100 * np.array(rows)
    print("mean  " + "   ".join(f"{v:14.2f}" for v in r.mean(axis=0))
          + f"   none < L2: {int(np.sum(r[:, 0] < r[:, 1]))}/{len(r)}, L2 < dropout: {int(np.sum(r[:, 1] < r[:, 2]))}/"
          f"{len(r)}, none < dropout: {int(np.sum(r[:, 0] < r[:, 2]))}/{len(r)}, all three: "
          f"{int(np.sum((r[:, 0] < r[:, 1]) & (r[:, 1] < r[:, 2])))}/{len(r)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
