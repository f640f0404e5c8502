"""The Course 2 optimization graders accept correct answers and reject plausible bugs."""
import math

import numpy as np
import pytest

from dlcourse import optim
from dlcourse.graders import GraderError
from dlcourse.graders import c2_optimization as grader
from dlcourse.graders.solutions import c2_optimization as solutions


def _passes(check, fn, capsys, name):
    check(fn)
    assert f"[pass] {name}" in capsys.readouterr().out


# --- learner-style solutions with switches for the bugs -------------------------------------------------------

def make_gd(sign=1.0, skip_bias=False, skip_last=False, fixed_lr=None, in_place=False):
    def update_parameters_with_gd(parameters, grads, learning_rate):
        lr = learning_rate if fixed_lr is None else fixed_lr
        L = len(parameters) // 2
        out = parameters if in_place else dict(parameters)
        for l in range(1, L if skip_last else L + 1):
            out[f"W{l}"] = parameters[f"W{l}"] - sign * lr * grads[f"dW{l}"]
            if not skip_bias:
                out[f"b{l}"] = parameters[f"b{l}"] - sign * lr * grads[f"db{l}"]
        return out
    return update_parameters_with_gd


def make_batches(two_perms=False, drop_last=False, overlap_last=False, shuffle=True, legacy=False, fixed_seed=None,
                 with_replacement=False, size_default=64, as_lists=False):
    def random_mini_batches(X, Y, mini_batch_size=size_default, seed=0):
        m = X.shape[1]
        s = seed if fixed_seed is None else fixed_seed
        if legacy:
            np.random.seed(s)
            perm = np.random.permutation(m)
        else:
            rng = np.random.default_rng(s)
            perm = rng.choice(m, m) if with_replacement else rng.permutation(m) if shuffle else np.arange(m)
        sX, sY = X[:, perm], Y[:, rng.permutation(m) if two_perms else perm]
        n = m // mini_batch_size
        out = [(sX[:, k * mini_batch_size:(k + 1) * mini_batch_size], sY[:, k * mini_batch_size:(k + 1) * mini_batch_size])
               for k in range(n)]
        if m % mini_batch_size and not drop_last:
            start = m - mini_batch_size if overlap_last and n else n * mini_batch_size
            out.append((sX[:, start:], sY[:, start:]))
        return [list(b) for b in out] if as_lists else out
    return random_mini_batches


def make_init_velocity(param_keys=False, skip_bias=False, off_by_one=False):
    def initialize_velocity(parameters):
        L = len(parameters) // 2
        v = {}
        for l in (range(L) if off_by_one else range(1, L + 1)):
            if f"W{l}" not in parameters:
                continue
            v[f"W{l}" if param_keys else f"dW{l}"] = np.zeros(parameters[f"W{l}"].shape)
            if not skip_bias:
                v[f"b{l}" if param_keys else f"db{l}"] = np.zeros(parameters[f"b{l}"].shape)
        return v
    return initialize_velocity


def make_momentum(swap=False, no_damping=False, use_grad=False, old_v=False, in_place_v=False, skip_bias=False,
                  return_old_v=False):
    def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
        new_p = {}
        new_v = v if in_place_v else {}
        for name in parameters:
            key = "d" + name
            if skip_bias and name.startswith("b"):
                new_p[name], new_v[key] = parameters[name], v[key]
                continue
            old = v[key]
            if swap:
                new_v[key] = (1 - beta) * old + beta * grads[key]
            elif no_damping:
                new_v[key] = beta * old + grads[key]
            else:
                new_v[key] = beta * old + (1 - beta) * grads[key]
            step = grads[key] if use_grad else old if old_v else new_v[key]
            new_p[name] = parameters[name] - learning_rate * step
        return new_p, (v if return_old_v else new_v)
    return update_parameters_with_momentum


def make_init_adam(param_keys=False, single=False):
    def initialize_adam(parameters):
        v = make_init_velocity(param_keys=param_keys)(parameters)
        s = make_init_velocity(param_keys=param_keys)(parameters)
        return v if single else (v, s)
    return initialize_adam


def make_adam(correct=True, t_shift=0, complement_power=False, eps_inside=False, no_sqrt=False, swap_v=False,
              swap_s=False, abs_not_square=False, s_of_grad=False, store_corrected=False, defaults=(0.01, 0.9, 0.999, 1e-8)):
    lr0, b10, b20, eps0 = defaults

    def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=lr0, beta1=b10, beta2=b20,
                                    epsilon=eps0):
        L = len(parameters) // 2
        P, V, S = {}, {}, {}
        tt = t + t_shift
        for l in range(1, L + 1):
            for p in "Wb":
                k, g = f"d{p}{l}", grads[f"d{p}{l}"]
                V[k] = (1 - beta1) * v[k] + beta1 * g if swap_v else beta1 * v[k] + (1 - beta1) * g
                g2 = g if s_of_grad else np.abs(g) if abs_not_square else np.square(g)
                S[k] = (1 - beta2) * s[k] + beta2 * g2 if swap_s else beta2 * s[k] + (1 - beta2) * g2
                if not correct:
                    vc, sc = V[k], S[k]
                elif complement_power:
                    vc, sc = V[k] / (1 - beta1) ** tt, S[k] / (1 - beta2) ** tt
                else:
                    vc, sc = V[k] / (1 - beta1 ** tt), S[k] / (1 - beta2 ** tt)
                with np.errstate(all="ignore"):
                    denom = sc + epsilon if no_sqrt else np.sqrt(sc + epsilon) if eps_inside else np.sqrt(sc) + epsilon
                    P[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * vc / denom
                if store_corrected:
                    V[k], S[k] = vc, sc
        return P, V, S
    return update_parameters_with_adam


# --- update_parameters_with_gd -----------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_gd(), solutions.update_parameters_with_gd, optim.sgd_update],
                         ids=["learner-style", "solution", "dlcourse"])
def test_gd_accepts_correct(fn, capsys):
    _passes(grader.check_update_parameters_with_gd, fn, capsys, "update_parameters_with_gd")


@pytest.mark.parametrize("bug,needle", [
    (dict(sign=-1.0), "subtracts"),
    (dict(skip_bias=True), "update the biases too"),
    (dict(skip_last=True), "update every layer"),
    (dict(fixed_lr=0.01), "use the learning_rate argument"),
    (dict(in_place=True), "modified its input"),
])
def test_gd_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_update_parameters_with_gd(make_gd(**bug))


# --- random_mini_batches --------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_batches(), make_batches(as_lists=True), solutions.random_mini_batches,
                                optim.random_mini_batches], ids=["learner-style", "lists", "solution", "dlcourse"])
def test_mini_batches_accept_correct(fn, capsys):
    _passes(grader.check_random_mini_batches, fn, capsys, "random_mini_batches")


@pytest.mark.parametrize("bug,needle", [
    (dict(two_perms=True), "SAME permutation"),
    (dict(drop_last=True), "keep the last, smaller mini-batch"),
    (dict(overlap_last=True), "repeats examples"),
    (dict(shuffle=False), "shuffle the examples first"),
    (dict(with_replacement=True), "draws with replacement"),
    (dict(legacy=True), "new generator API"),
    (dict(fixed_seed=0), "use the seed argument"),
    (dict(size_default=32), "should default to 64"),
])
def test_mini_batches_reject_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_random_mini_batches(make_batches(**bug))


def test_mini_batches_reject_a_flat_answer():
    with pytest.raises(GraderError, match="list of \\(mini_batch_X, mini_batch_Y\\) pairs"):
        grader.check_random_mini_batches(lambda X, Y, mini_batch_size=64, seed=0: [X, Y])


def test_mini_batches_reject_in_place_shuffle():
    def shuffles_in_place(X, Y, mini_batch_size=64, seed=0):
        perm = np.random.default_rng(seed).permutation(X.shape[1])
        X[:] = X[:, perm]
        Y[:] = Y[:, perm]
        return [(X[:, k:k + mini_batch_size].copy(), Y[:, k:k + mini_batch_size].copy())
                for k in range(0, X.shape[1], mini_batch_size)]

    with pytest.raises(GraderError, match="modified its input"):
        grader.check_random_mini_batches(shuffles_in_place)


# --- initialize_velocity / initialize_adam ---------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_init_velocity(), solutions.initialize_velocity], ids=["learner-style", "solution"])
def test_velocity_accepts_correct(fn, capsys):
    _passes(grader.check_initialize_velocity, fn, capsys, "initialize_velocity")


@pytest.mark.parametrize("bug,needle", [
    (dict(param_keys=True), "name the entries like the gradients"),
    (dict(skip_bias=True), "the biases need a velocity too"),
    (dict(off_by_one=True), "initialise every layer"),
])
def test_velocity_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_initialize_velocity(make_init_velocity(**bug))


def test_velocity_rejects_ones_and_non_dicts():
    with pytest.raises(GraderError, match="start at zero"):
        grader.check_initialize_velocity(lambda parameters: {"d" + k: np.ones_like(v) for k, v in parameters.items()})
    with pytest.raises(GraderError, match="return a dict"):
        grader.check_initialize_velocity(lambda parameters: [np.zeros_like(v) for v in parameters.values()])


@pytest.mark.parametrize("fn", [make_init_adam(), solutions.initialize_adam], ids=["learner-style", "solution"])
def test_init_adam_accepts_correct(fn, capsys):
    _passes(grader.check_initialize_adam, fn, capsys, "initialize_adam")


@pytest.mark.parametrize("bug,needle", [
    (dict(param_keys=True), "name the entries like the gradients"),
    (dict(single=True), "return the pair \\(v, s\\)"),
])
def test_init_adam_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_initialize_adam(make_init_adam(**bug))


# --- update_parameters_with_momentum ----------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_momentum(), solutions.update_parameters_with_momentum],
                         ids=["learner-style", "solution"])
def test_momentum_accepts_correct(fn, capsys):
    _passes(grader.check_update_parameters_with_momentum, fn, capsys, "update_parameters_with_momentum")


@pytest.mark.parametrize("bug,needle", [
    (dict(swap=True), "you swapped them"),
    (dict(no_damping=True), "averaged form"),
    (dict(use_grad=True), "step along the velocity"),
    (dict(old_v=True), "step with the NEW velocity"),
    (dict(return_old_v=True), "return the updated velocity"),
    (dict(skip_bias=True), "update the biases too"),
    (dict(in_place_v=True), "modified its input v"),
])
def test_momentum_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_update_parameters_with_momentum(make_momentum(**bug))


def test_momentum_requires_the_pair():
    with pytest.raises(GraderError, match="return the pair \\(parameters, v\\)"):
        grader.check_update_parameters_with_momentum(lambda p, g, v, beta, lr: make_momentum()(p, g, v, beta, lr)[0])


# --- update_parameters_with_adam ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [make_adam(), solutions.update_parameters_with_adam], ids=["learner-style", "solution"])
def test_adam_accepts_correct(fn, capsys):
    _passes(grader.check_update_parameters_with_adam, fn, capsys, "update_parameters_with_adam")


@pytest.mark.parametrize("bug,needle", [
    (dict(correct=False), "apply the bias correction"),
    (dict(t_shift=-1), "t counts the steps from 1"),
    (dict(t_shift=1), "not t \\+ 1"),
    (dict(complement_power=True), "not by \\(1 - beta1\\)\\*\\*t"),
    (dict(eps_inside=True), "epsilon goes after the square root"),
    (dict(no_sqrt=True), "square ROOT"),
    (dict(swap_v=True), "swapped\nbeta1|swapped beta1"),
    (dict(swap_s=True), "swapped beta2"),
    (dict(abs_not_square=True), "wrong values"),
    (dict(s_of_grad=True), "SQUARED gradients"),
    (dict(store_corrected=True), "keep the uncorrected averages"),
    (dict(defaults=(0.001, 0.9, 0.999, 1e-8)), "'learning_rate' should default to 0.01"),
    (dict(defaults=(0.01, 0.9, 0.99, 1e-8)), "'beta2' should default to 0.999"),
])
def test_adam_rejects_bugs(bug, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_update_parameters_with_adam(make_adam(**bug))


def test_adam_names_beta_confusion():
    def beta1_for_s(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        return make_adam()(parameters, grads, v, s, t, learning_rate, beta1, beta1, epsilon)

    with pytest.raises(GraderError, match="s uses beta2"):
        grader.check_update_parameters_with_adam(beta1_for_s)


def test_adam_bias_correction_matters_on_the_first_step():
    """The t=1 case alone separates the correct update from the uncorrected one by a factor of about 3."""
    name, args, kwargs = grader.check_update_parameters_with_adam.exercise.cases()[0]
    good = make_adam()(*args, **kwargs)[0]
    bad = make_adam(correct=False)(*args, **kwargs)[0]
    ratio = np.abs(bad["W1"] - args[0]["W1"]) / np.abs(good["W1"] - args[0]["W1"])
    assert np.allclose(ratio, 0.1 / np.sqrt(0.001), rtol=1e-3)


# --- update_lr / schedule_lr_decay -------------------------------------------------------------------------------

@pytest.mark.parametrize("fn", [solutions.update_lr, optim.inverse_time_decay,
                                lambda learning_rate0, epoch_num, decay_rate: np.float32(learning_rate0)
                                / (1 + decay_rate * epoch_num)], ids=["solution", "dlcourse", "float32"])
def test_update_lr_accepts_correct(fn, capsys):
    _passes(grader.check_update_lr, fn, capsys, "update_lr")


@pytest.mark.parametrize("fn,needle", [
    (lambda lr0, e, d: lr0 * d ** e, "is the exponential decay"),
    (lambda lr0, e, d: lr0 / (d * e), "with the 1, epoch 0 keeps"),
    (lambda lr0, e, d: lr0 / (1 + d) * e, "mind the parentheses"),
    (lambda lr0, e, d: lr0 * (1 + d * e), "the rate must shrink"),
    (lambda lr0, e, d: lr0 / (1 + d) ** e, "not an exponent"),
    (lambda lr0, e, d: str(lr0 / (1 + d * e)), "expected a number"),
])
def test_update_lr_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_update_lr(fn)


@pytest.mark.parametrize("fn", [solutions.schedule_lr_decay, optim.schedule_lr_decay,
                                lambda learning_rate0, epoch_num, decay_rate, time_interval=1000:
                                learning_rate0 / (1 + decay_rate * (epoch_num // time_interval))],
                         ids=["solution", "dlcourse", "integer division"])
def test_schedule_accepts_correct(fn, capsys):
    _passes(grader.check_schedule_lr_decay, fn, capsys, "schedule_lr_decay")


def _schedule(steps, default=1000):
    def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=default):
        return learning_rate0 / (1 + decay_rate * steps(epoch_num, time_interval))
    return schedule_lr_decay


@pytest.mark.parametrize("fn,needle", [
    (_schedule(lambda e, k: e), "not every epoch"),
    (_schedule(lambda e, k: e / k), "round the number of intervals down"),
    (_schedule(lambda e, k: math.ceil(e / k)), "not up"),
    (_schedule(lambda e, k: round(e / k)), "not to the nearest integer"),
    (_schedule(lambda e, k: e // 1000), "not a fixed 1000"),
    (_schedule(lambda e, k: e // k, default=100), "should default to 1000"),
    (lambda learning_rate0, epoch_num, decay_rate, time_interval=1000:
     learning_rate0 * decay_rate ** (epoch_num // time_interval), "not a power of decay_rate"),
])
def test_schedule_rejects_bugs(fn, needle):
    with pytest.raises(GraderError, match=needle):
        grader.check_schedule_lr_decay(fn)


# --- general ------------------------------------------------------------------------------------------------------

CHECKS = [name for name in grader.__all__ if name.startswith("check_")]


@pytest.mark.parametrize("check", [getattr(grader, name) for name in CHECKS], ids=CHECKS)
def test_every_check_rejects_non_functions(check):
    with pytest.raises(GraderError, match="expected a function"):
        check(42)


def test_every_solution_passes_its_grader(capsys):
    for name in CHECKS:
        exercise = name[len("check_"):]
        getattr(grader, name)(getattr(solutions, exercise))
        assert f"[pass] {exercise}" in capsys.readouterr().out


def test_references_are_the_library_optimisers():
    """Two Adam steps through the grader's reference equal two steps of dlcourse.optim.Adam."""
    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    g1 = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    g2 = {"d" + k: rng.standard_normal(v.shape) for k, v in params.items()}
    opt = optim.Adam(learning_rate=0.01)
    expected = opt.step(opt.step(params, g1), g2)
    v, s = solutions.initialize_adam(params)
    p, v, s = grader._ref_adam(params, g1, v, s, 1)
    p, v, s = grader._ref_adam(p, g2, v, s, 2)
    for k in params:
        np.testing.assert_allclose(p[k], expected[k], rtol=1e-14)
