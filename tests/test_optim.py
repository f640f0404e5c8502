"""Optimisers against hand-computed formulas (two steps), schedules, mini-batches."""
import numpy as np
import pytest

from dlcourse import optim


class P:
    """A minimal parameter object (what nn modules hold): .data and .grad."""

    def __init__(self, data, grad=None):
        self.data, self.grad = data, grad


def two_steps(opt_factory, theta0, g1, g2):
    """Run two steps in dict mode and in module mode; both must give the same numbers."""
    opt = opt_factory(None)
    p1 = opt.step({"W1": theta0}, {"dW1": g1})
    p2 = opt.step(p1, {"dW1": g2})
    param = P(theta0.copy(), g1)
    mopt = opt_factory([param])
    mopt.step()
    after1 = param.data.copy()
    param.grad = g2
    mopt.step()
    np.testing.assert_array_equal(after1, p1["W1"])
    np.testing.assert_array_equal(param.data, p2["W1"])
    return p1["W1"], p2["W1"], opt


@pytest.fixture
def arrays(rng):
    return rng.standard_normal((3, 2)), rng.standard_normal((3, 2)), rng.standard_normal((3, 2))


def test_sgd(arrays):
    th, g1, g2 = arrays
    a, b, _ = two_steps(lambda p: optim.SGD(p, learning_rate=0.1), th, g1, g2)
    np.testing.assert_allclose(a, th - 0.1 * g1, rtol=1e-15)
    np.testing.assert_allclose(b, th - 0.1 * g1 - 0.1 * g2, rtol=1e-14)
    np.testing.assert_array_equal(a, optim.sgd_update({"W1": th}, {"dW1": g1}, 0.1)["W1"])


def test_momentum(arrays):
    th, g1, g2 = arrays
    a, b, opt = two_steps(lambda p: optim.Momentum(p, learning_rate=0.1, beta=0.9), th, g1, g2)
    v1 = 0.1 * g1
    v2 = 0.9 * v1 + 0.1 * g2
    np.testing.assert_allclose(a, th - 0.1 * v1, rtol=1e-14)
    np.testing.assert_allclose(b, th - 0.1 * v1 - 0.1 * v2, rtol=1e-14)
    np.testing.assert_allclose(opt.state["W1"]["v"], v2, rtol=1e-14)


def test_rmsprop(arrays):
    th, g1, g2 = arrays
    a, b, _ = two_steps(lambda p: optim.RMSprop(p, learning_rate=0.01, beta=0.9, epsilon=1e-8), th, g1, g2)
    s1 = 0.1 * g1 ** 2
    s2 = 0.9 * s1 + 0.1 * g2 ** 2
    np.testing.assert_allclose(a, th - 0.01 * g1 / (np.sqrt(s1) + 1e-8), rtol=1e-13)
    np.testing.assert_allclose(b, a - 0.01 * g2 / (np.sqrt(s2) + 1e-8), rtol=1e-13)


def test_adam_two_steps_and_bias_correction(arrays):
    th, g1, g2 = arrays
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    a, b, opt = two_steps(lambda p: optim.Adam(p, learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps), th, g1, g2)
    # step 1: the bias-corrected moments are g and g**2, so the step is lr * g / (|g| + eps), about lr * sign(g)
    np.testing.assert_allclose(a, th - lr * g1 / (np.abs(g1) + eps), rtol=1e-13)
    assert np.all(np.abs(np.abs(th - a) - lr) < 1e-7)
    v = b1 * (1 - b1) * g1 + (1 - b1) * g2
    s = b2 * (1 - b2) * g1 ** 2 + (1 - b2) * g2 ** 2
    v_hat, s_hat = v / (1 - b1 ** 2), s / (1 - b2 ** 2)
    np.testing.assert_allclose(b, a - lr * v_hat / (np.sqrt(s_hat) + eps), rtol=1e-13)
    assert opt.t == 2
    # without bias correction the first step would be lr * 0.1 g / (sqrt(0.001) |g|): about 3.16x larger
    uncorrected = lr * (1 - b1) * g1 / (np.sqrt((1 - b2) * g1 ** 2) + eps)
    assert not np.allclose(th - uncorrected, a)


def test_float32_parameters_stay_float32(arrays):
    th, g1, _ = (x.astype(np.float32) for x in arrays)
    for cls in (optim.SGD, optim.Momentum, optim.RMSprop, optim.Adam):
        opt = cls(learning_rate=0.01)
        out = opt.step(opt.step({"W1": th}, {"dW1": g1}), {"dW1": g1})
        assert out["W1"].dtype == np.float32, cls
        assert all(x.dtype == np.float32 for x in opt.state.get("W1", {}).values())


def test_dict_mode_keeps_inputs_and_checks_grads(arrays):
    th, g1, _ = arrays
    before = th.copy()
    opt = optim.Adam()
    opt.step({"W1": th}, {"dW1": g1})
    np.testing.assert_array_equal(th, before)
    with pytest.raises(ValueError, match="dW1"):
        opt.step({"W1": th}, {"db1": g1})
    with pytest.raises(ValueError, match="grads dict"):
        opt.step({"W1": th})
    with pytest.raises(ValueError, match="holds no parameters"):
        opt.step()


def test_module_mode_skips_params_without_grad_and_zero_grad(arrays):
    th, g1, _ = arrays
    used, unused = P(th.copy(), g1), P(th.copy(), None)
    opt = optim.SGD([used, unused], learning_rate=0.5)
    opt.step()
    np.testing.assert_array_equal(unused.data, th)
    np.testing.assert_allclose(used.data, th - 0.5 * g1)
    opt.zero_grad()
    assert used.grad is None


def test_bad_hyperparameters():
    with pytest.raises(ValueError, match="learning_rate"):
        optim.SGD(learning_rate=0)
    with pytest.raises(ValueError, match="beta1"):
        optim.Adam(beta1=1.0)
    with pytest.raises(ValueError, match="epsilon"):
        optim.RMSprop(epsilon=-1)
    with pytest.raises(TypeError, match="not to the constructor"):
        optim.SGD({"W1": np.ones(2)})
    with pytest.raises(TypeError, match="with .data and .grad"):
        optim.SGD([np.ones(2)])
    with pytest.raises(ValueError, match="no parameters"):
        optim.SGD([])


def test_schedules():
    assert optim.inverse_time_decay(0.5, 2, 1.0) == pytest.approx(0.5 / 3)
    assert optim.exponential_decay(0.2, 3, 0.95) == pytest.approx(0.2 * 0.95 ** 3)
    lrs = [optim.schedule_lr_decay(0.5, e, 0.3, time_interval=100) for e in (0, 99, 100, 250)]
    assert lrs == pytest.approx([0.5, 0.5, 0.5 / 1.3, 0.5 / 1.6])
    with pytest.raises(ValueError, match="epoch_num"):
        optim.inverse_time_decay(0.1, -1, 1.0)
    with pytest.raises(ValueError, match="time_interval"):
        optim.schedule_lr_decay(0.1, 3, 1.0, time_interval=0)
    with pytest.raises(ValueError, match="exponential decay"):
        optim.exponential_decay(0.1, 3, 1.5)


@pytest.mark.parametrize("m,size", [(148, 64), (128, 64), (5, 64), (1, 1)])
def test_random_mini_batches_partition(rng, m, size):
    X = np.arange(3 * m, dtype=np.float32).reshape(3, m)
    Y = np.arange(m).reshape(1, m)
    batches = optim.random_mini_batches(X, Y, size, seed=1)
    sizes = [bx.shape[1] for bx, _ in batches]
    assert sizes == [size] * (m // size) + ([m % size] if m % size else [])
    seen = np.concatenate([by.ravel() for _, by in batches])
    assert sorted(seen) == list(range(m))  # every example exactly once
    for bx, by in batches:  # X and Y columns stay paired, dtypes kept
        np.testing.assert_array_equal(bx, X[:, by[0]])
        assert bx.dtype == np.float32
    again = optim.random_mini_batches(X, Y, size, seed=np.random.default_rng(1))
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(batches, again))
    if m > 5:
        assert not np.array_equal(seen, np.arange(m))  # shuffled


def test_random_mini_batches_errors():
    X = np.zeros((2, 10))
    with pytest.raises(ValueError, match="use Y.T"):
        optim.random_mini_batches(X, np.zeros((10, 1)))
    with pytest.raises(ValueError, match="is 0"):
        optim.random_mini_batches(np.zeros((2, 0)), np.zeros((1, 0)))
    with pytest.raises(ValueError, match="mini_batch_size"):
        optim.random_mini_batches(X, np.zeros((1, 10)), 0)
    with pytest.raises(TypeError, match="Generator"):
        optim.random_mini_batches(X, np.zeros((1, 10)), seed=1.5)
