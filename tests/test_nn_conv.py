"""Image ops on the tape and image modules: gradchecks (float64), float32, layouts, BatchNorm2d modes,
residual blocks, save/load, fit/evaluate (history, determinism) and a tiny CNN that has to learn."""
import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import functional as F
from dlcourse import init, nn, optim
from dlcourse.autograd import Tensor, no_grad
from dlcourse.gradcheck import check_gradients

TOL = 1e-7


def gradcheck(fn, *arrays, seed=0):
    """Max relative difference between the tape's gradients of sum(G * fn(...)) and central differences."""
    leaves = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves)
    G = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(G)

    def f():
        with no_grad():
            return float(np.sum(G * fn(*leaves).data))
    errs = check_gradients(f, {str(i): t.data for i, t in enumerate(leaves)},
                           {str(i): t.grad for i, t in enumerate(leaves)})
    return max(errs.values())


def distinct(rng, shape):
    """Values with no ties (max pooling is differentiable there) and none near 0 (ReLU's kink)."""
    return rng.permutation(np.arange(1, np.prod(shape) + 1, dtype=float)).reshape(shape) / np.prod(shape) - 0.5 \
        + 0.3 / np.prod(shape)


def one_hot(labels, C):
    return np.eye(C)[labels].T


def model_gradcheck(model, X, Y, loss=ag.softmax_cross_entropy):
    """{parameter name: relative difference} between the tape's gradients and central differences."""
    model.zero_grad()
    loss(model(X), Y).backward()
    named = dict(model.named_parameters())

    def f():
        with no_grad():
            return float(loss(model(X), Y).data)
    return check_gradients(f, {k: p.data for k, p in named.items()}, {k: p.grad for k, p in named.items()})


# --- ops ---------------------------------------------------------------------------------------------------

OPS = {
    "conv2d": (lambda x, W, b: ag.conv2d(x, W, b, stride=1, pad=1), [(2, 5, 4, 3), (3, 3, 3, 2), (1, 1, 1, 2)]),
    "conv2d_stride2": (lambda x, W, b: ag.conv2d(x, W, b, stride=2, pad=1), [(2, 5, 7, 2), (3, 3, 2, 3), (1, 1, 1, 3)]),
    "conv2d_no_bias": (lambda x, W: ag.conv2d(x, W, None, stride=1, pad=0), [(2, 4, 4, 2), (2, 2, 2, 3)]),
    "max_pool2d": (lambda x: ag.max_pool2d(x, 2), [(2, 4, 6, 3)]),
    "max_pool2d_overlap": (lambda x: ag.max_pool2d(x, 3, stride=1), [(2, 5, 5, 2)]),
    "avg_pool2d": (lambda x: ag.avg_pool2d(x, 2), [(2, 4, 6, 3)]),
    "avg_pool2d_overlap": (lambda x: ag.avg_pool2d(x, 3, stride=2), [(2, 5, 7, 2)]),
    "batchnorm2d": (lambda x, g, b: ag.batchnorm2d(x, g, b), [(3, 3, 4, 2), (1, 1, 1, 2), (1, 1, 1, 2)]),
    "flatten": (lambda x: ag.flatten(x), [(3, 2, 4, 2)]),
    "pad2d": (lambda x: ag.pad2d(x, 1, 2, 0, 1) * 1.5, [(2, 3, 4, 2)]),
    "pad2d_then_max_pool": (lambda x: ag.max_pool2d(ag.pad2d(x, 0, 1, 1, 0, value=-np.inf), 2), [(2, 3, 5, 2)]),
    "global_avg_pool": (lambda x: ag.global_avg_pool(x), [(3, 2, 4, 5)]),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_image_op_gradcheck(rng, name):
    fn, shapes = OPS[name]
    arrays = [distinct(rng, s) * 4 for s in shapes]
    if name == "batchnorm2d":
        arrays[1] = arrays[1] + 1.0  # gamma away from 0
    assert gradcheck(fn, *arrays) < TOL


def test_batchnorm2d_inference_op_gradcheck_and_running_stats(rng):
    rm, rv = rng.standard_normal((1, 1, 1, 3)), rng.random((1, 1, 1, 3)) + 0.5
    fn = lambda x, g, b: ag.batchnorm2d(x, g, b, train=False, running_mean=rm, running_var=rv)  # noqa: E731
    assert gradcheck(fn, rng.standard_normal((2, 3, 3, 3)), rng.standard_normal((1, 1, 1, 3)),
                     rng.standard_normal((1, 1, 1, 3))) < TOL
    X = rng.standard_normal((4, 3, 2, 3)) * 2 + 1
    mean0, var0 = rm.copy(), rv.copy()
    ag.batchnorm2d(Tensor(X), Tensor(np.ones((1, 1, 1, 3))), Tensor(np.zeros((1, 1, 1, 3))), running_mean=rm,
                   running_var=rv, momentum=0.8)
    np.testing.assert_allclose(rm, 0.8 * mean0 + 0.2 * X.mean(axis=(0, 1, 2), keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(rv, 0.8 * var0 + 0.2 * X.var(axis=(0, 1, 2), keepdims=True), rtol=1e-12)
    with pytest.raises(ValueError, match="running_mean and running_var"):
        ag.batchnorm2d(Tensor(X), Tensor(np.ones((1, 1, 1, 3))), Tensor(np.zeros((1, 1, 1, 3))), train=False)


def test_ops_are_the_kernels(rng):
    """The tape's image ops return the kernels' numbers and gradients, bit for bit."""
    X, W, b = rng.standard_normal((2, 6, 6, 3)), rng.standard_normal((3, 3, 3, 4)), rng.standard_normal((1, 1, 1, 4))
    Z, cache = F.conv_forward(X, W, b, {"stride": 1, "pad": 1})
    A, pcache = F.pool_forward(Z, {"f": 2, "stride": 2}, mode="max")
    rows, fcache = F.flatten_forward(A)
    G = rng.standard_normal((rows.shape[1], 2))
    dA = F.flatten_backward(F.to_rows(G), fcache)
    dX, dW, db = F.conv_backward(F.pool_backward(dA, pcache), cache)
    x, Wt, bt = (Tensor(a, requires_grad=True) for a in (X, W, b))
    out = ag.flatten(ag.max_pool2d(ag.conv2d(x, Wt, bt, stride=1, pad=1), 2))
    np.testing.assert_array_equal(out.data, rows.T)
    out.backward(G)
    for t, expected in ((x, dX), (Wt, dW), (bt, db)):
        np.testing.assert_array_equal(t.grad, expected)
    # a first layer (the input needs no gradient) skips dA_prev, and the weights' gradient is the same
    Wt.zero_grad()
    data = Tensor(X)
    ones = np.ones_like(Z)
    ag.conv2d(data, Wt, bt, stride=1, pad=1).backward(ones)
    assert data.grad is None
    np.testing.assert_array_equal(Wt.grad, F.conv_backward(ones, cache, compute_dA_prev=False)[1])


def test_flatten_and_global_pool_give_dense_columns(rng):
    X = rng.standard_normal((3, 2, 4, 5))
    flat = ag.flatten(Tensor(X))
    assert flat.shape == (40, 3)
    np.testing.assert_array_equal(flat.data[:, 1], X[1].ravel())  # example i is column i
    pooled = ag.global_avg_pool(Tensor(X))
    assert pooled.shape == (5, 3)
    np.testing.assert_allclose(pooled.data[:, 2], X[2].mean(axis=(0, 1)), rtol=1e-14)


def test_float32_image_graph_stays_float32(rng):
    f32 = np.float32
    g = np.random.default_rng(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1, rng=g, dtype=f32), nn.BatchNorm2d(4, dtype=f32), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Conv2d(4, 4, 3, padding="same", bias=False, rng=g, dtype=f32),
                          nn.AvgPool2d(2), nn.Dropout(0.8, rng=g), nn.Flatten(),
                          nn.Linear(4 * 2 * 2, 3, rng=g, dtype=f32))
    X = rng.standard_normal((5, 8, 8, 3)).astype(f32)
    J = ag.softmax_cross_entropy(model(X), one_hot([0, 1, 2, 0, 1], 3))
    assert J.dtype == f32
    J.backward()
    for k, p in model.named_parameters():
        assert p.data.dtype == f32 and p.grad.dtype == f32, k
    for k, b in model.named_buffers():
        assert b.dtype == f32, k
    gap = ag.global_avg_pool(Tensor(X, requires_grad=True))
    assert gap.dtype == f32
    x = Tensor(X, requires_grad=True)  # the padded paths ("same" with -inf, the averages of real entries)
    same = nn.Sequential(nn.ZeroPad2d(1), nn.Conv2d(3, 2, 2, stride=2, padding="same", rng=g, dtype=f32),
                         nn.MaxPool2d(2, 2, padding="same"), nn.AvgPool2d(3, 2, padding="same"))(x)
    assert same.shape == (5, 2, 2, 2) and same.dtype == f32  # 8 -> 10 -> 5 -> 3 -> 2
    same.sum().backward()
    assert x.grad.dtype == f32
    with pytest.raises(TypeError, match="float32"):
        model(X.astype(np.float64))


# --- modules ---------------------------------------------------------------------------------------------------

def test_conv2d_init_follows_dlcourse_init():
    conv = nn.Conv2d(3, 5, 3, rng=7)
    W1 = init.he([27, 5], seed=7)["W1"]
    np.testing.assert_array_equal(conv.W.data, W1.T.reshape(3, 3, 3, 5))
    assert conv.b.shape == (1, 1, 1, 5) and not np.any(conv.b.data)
    # the fan-in is one window, f*f*C_in numbers: the He scale sqrt(2 / 27)
    big = nn.Conv2d(16, 64, 3, rng=0).W.data
    assert abs(big.std() / np.sqrt(2 / 144) - 1) < 0.05
    np.testing.assert_array_equal(nn.Conv2d(3, 5, 3, init="xavier", rng=7).W.data,
                                  init.xavier([27, 5], seed=7)["W1"].T.reshape(3, 3, 3, 5))
    g1, g2 = np.random.default_rng(3), np.random.default_rng(3)
    a, b = nn.Conv2d(2, 2, 3, rng=g1), nn.Conv2d(2, 2, 3, rng=g1)
    assert not np.array_equal(a.W.data, b.W.data)  # one Generator, two different layers
    np.testing.assert_array_equal(nn.Conv2d(2, 2, 3, rng=g2).W.data, a.W.data)
    assert nn.Conv2d(2, 2, 3, bias=False, rng=0).b is None
    assert [k for k, _ in nn.Conv2d(2, 2, 3, bias=False, rng=0).named_parameters()] == ["W"]
    assert nn.Conv2d(2, 2, 5, padding="valid", rng=0).padding == 0
    with pytest.raises(ValueError, match="needs rng"):
        nn.Conv2d(2, 2, 3)
    with pytest.raises(ValueError, match="padding"):
        nn.Conv2d(2, 2, 3, padding=-1, rng=0)
    with pytest.raises(ValueError, match="padding must be 'valid' or 'same'"):
        nn.MaxPool2d(2, padding=1)
    assert nn.Conv2d(3, 5, 3, rng=0).W.data.flags.c_contiguous  # as a loaded weight is: the same BLAS path


def test_module_shapes(rng):
    X = rng.standard_normal((2, 8, 6, 3))
    assert nn.Conv2d(3, 4, 3, rng=0)(X).shape == (2, 6, 4, 4)
    assert nn.Conv2d(3, 4, 3, stride=2, padding=1, rng=0)(rng.standard_normal((2, 7, 5, 3))).shape == (2, 4, 3, 4)
    assert nn.Conv2d(3, 4, 3, padding="same", rng=0)(X).shape == (2, 8, 6, 4)
    assert nn.MaxPool2d(2)(X).shape == (2, 4, 3, 3)
    assert nn.AvgPool2d(3, stride=1)(X).shape == (2, 6, 4, 3)
    assert nn.BatchNorm2d(3)(X).shape == X.shape
    assert nn.Flatten()(X).shape == (8 * 6 * 3, 2)
    padded = nn.ZeroPad2d(((1, 2), (0, 3)))(X).data
    assert padded.shape == (2, 11, 9, 3) and np.array_equal(padded[:, 1:9, 0:6], X)
    padded[:, 1:9, 0:6] = 0
    assert not np.any(padded)  # zeros everywhere else
    assert nn.ZeroPad2d(3)(X).shape == (2, 14, 12, 3)
    with pytest.raises(ValueError, match="padding"):
        nn.ZeroPad2d((1, 2))
    assert nn.GlobalAvgPool2d()(X).shape == (3, 2)
    assert "Conv2d(3 -> 4, kernel_size=3, stride=2, padding=1" in repr(nn.Conv2d(3, 4, 3, stride=2, padding=1, rng=0))


def keras_same(n, f, s):
    """TensorFlow's rule for padding="same": ceil(n / s) outputs, the extra padding row after."""
    out = -(-n // s)
    total = max((out - 1) * s + f - n, 0)
    return total // 2, total - total // 2


@pytest.mark.parametrize("shape,f,stride", [((2, 7, 7, 3), 3, 1), ((2, 6, 6, 3), 4, 1), ((2, 8, 6, 2), 3, 2),
                                             ((1, 7, 5, 2), 2, 2), ((2, 64, 64, 3), 7, 2), ((2, 8, 6, 3), 1, 2),
                                             ((1, 9, 8, 2), 1, 3)])
def test_same_padding_follows_keras(rng, shape, f, stride):
    """Keras' "same": ceil(n / s) outputs; zeros for conv, -inf for max pool, real entries only for average pool."""
    X = rng.standard_normal(shape)
    (t, b), (l, r) = keras_same(shape[1], f, stride), keras_same(shape[2], f, stride)
    n_H, n_W = -(-shape[1] // stride), -(-shape[2] // stride)
    conv = nn.Conv2d(shape[3], 4, f, stride=stride, padding="same", rng=0)
    Z = conv(X).data
    assert Z.shape == (shape[0], n_H, n_W, 4)
    # a window smaller than the stride (1x1, stride 2) ends before the last rows: Keras ignores them
    used = X[:, :(n_H - 1) * stride + f, :(n_W - 1) * stride + f]
    ref, _ = F.conv_forward(np.pad(used, ((0, 0), (t, b), (l, r), (0, 0))), conv.W.data, conv.b.data,
                            {"stride": stride, "pad": 0})
    np.testing.assert_allclose(Z, ref, rtol=1e-12, atol=1e-12)
    if shape[1] > 8:
        return
    for pool, reduce in ((nn.MaxPool2d(f, stride, padding="same"), np.max),
                         (nn.AvgPool2d(f, stride, padding="same"), np.mean)):
        out = pool(X).data
        assert out.shape == (shape[0], n_H, n_W, shape[3])
        for h in range(n_H):
            for w in range(n_W):  # the window over the real entries it covers
                rows = slice(max(h * stride - t, 0), min(h * stride - t + f, shape[1]))
                cols = slice(max(w * stride - l, 0), min(w * stride - l + f, shape[2]))
                np.testing.assert_allclose(out[:, h, w], reduce(X[:, rows, cols], axis=(1, 2)), rtol=1e-12)


def test_same_padding_gradcheck(rng):
    g = np.random.default_rng(4)
    model = nn.Sequential(nn.ZeroPad2d(((0, 1), (1, 0))), nn.Conv2d(2, 3, 4, padding="same", rng=g), nn.Tanh(),
                          nn.MaxPool2d(3, 2, padding="same"),
                          nn.Conv2d(3, 3, 3, stride=2, padding="same", rng=g), nn.AvgPool2d(2, 2, padding="same"),
                          nn.Flatten(), nn.Linear(3, 2, rng=g))
    X, Y = distinct(rng, (3, 5, 5, 2)) * 6, one_hot([0, 1, 1], 2)
    assert model(X).shape == (2, 3)  # 5 -> 6 -> 6 -> 3 -> 2 -> 1
    assert max(model_gradcheck(model, X, Y).values()) < TOL


def test_wrong_layouts_raise_errors_naming_the_module(rng):
    conv = nn.Conv2d(3, 8, 3, rng=0)
    X = rng.standard_normal((4, 10, 10, 3))
    with pytest.raises(ValueError, match=r"Conv2d\(3 -> 8.*channels-first \(m, C, H, W\).*transpose\(0, 2, 3, 1\)"):
        conv(X.transpose(0, 3, 1, 2))
    with pytest.raises(ValueError, match=r"Conv2d\(3 -> 8.*expects 3 channels.*\(5 channels\)"):
        conv(rng.standard_normal((4, 10, 10, 5)))
    with pytest.raises(ValueError, match=r"BatchNorm2d\(8.*expects 8 channels"):
        nn.BatchNorm2d(8)(X)
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3.*channels-first"):
        nn.BatchNorm2d(3)(X.transpose(0, 3, 1, 2))
    with pytest.raises(ValueError, match=r"MaxPool2d.*a single image"):
        nn.MaxPool2d(2)(X[0])
    with pytest.raises(ValueError, match=r"Flatten.*dense \(features, m\)"):
        nn.Flatten()(rng.standard_normal((12, 4)))
    with pytest.raises(ValueError, match=r"GlobalAvgPool2d.*\(m, n_H, n_W, n_C\)"):
        nn.GlobalAvgPool2d()(rng.standard_normal((12, 4)))
    # a Flatten forgotten before Linear, and a Linear of the wrong size after it
    model = nn.Sequential(conv, nn.ReLU(), nn.Linear(8 * 8 * 8, 2, rng=0))
    with pytest.raises(ValueError, match="in_features=512"):
        model(X)
    with pytest.raises(ValueError, match="in_features=100"):
        nn.Sequential(conv, nn.Flatten(), nn.Linear(100, 2, rng=0))(X)
    with pytest.raises(ValueError, match=r"MaxPool2d\(kernel_size=3.*does not tile.*padding='same'"):
        nn.MaxPool2d(3)(X)
    with pytest.raises(ValueError, match=r"Conv2d\(3 -> 2, kernel_size=11.*larger than"):
        nn.Conv2d(3, 2, 11, rng=0)(X)
    with pytest.raises(TypeError, match=r"Conv2d\(3 -> 8.*float32"):
        conv(X.astype(np.float32))


def test_batchnorm2d_train_and_eval(rng):
    X = rng.standard_normal((6, 4, 5, 3)) * np.array([1.0, 2.0, 0.5]) + np.array([0.0, 3.0, -1.0])
    bn = nn.BatchNorm2d(3, momentum=0.9)
    assert [k for k, _ in bn.named_parameters()] == ["gamma", "beta"]
    assert [k for k, _ in bn.named_buffers()] == ["running_mean", "running_var"]
    out = bn(X).data
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-12)  # batch statistics in training
    np.testing.assert_allclose(out.var(axis=(0, 1, 2)), 1, rtol=1e-4)
    mean, var = X.mean(axis=(0, 1, 2), keepdims=True), X.var(axis=(0, 1, 2), keepdims=True)
    np.testing.assert_allclose(bn.running_mean, 0.1 * mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, 0.9 + 0.1 * var, rtol=1e-12)
    bn.eval()
    running = bn.running_mean.copy(), bn.running_var.copy()
    out_eval = bn(X[:1]).data  # one example is fine with the running averages
    np.testing.assert_allclose(out_eval, (X[:1] - running[0]) / np.sqrt(running[1] + 1e-5), rtol=1e-12)
    np.testing.assert_array_equal(bn.running_mean, running[0])  # evaluation does not update the averages
    np.testing.assert_array_equal(bn.running_var, running[1])
    # in evaluation mode the statistics are constants: the gradient is gamma / sqrt(running_var + eps)
    x = Tensor(X, requires_grad=True)
    bn(x).sum().backward()
    np.testing.assert_allclose(x.grad, np.broadcast_to(1 / np.sqrt(running[1] + 1e-5), X.shape), rtol=1e-12)
    with pytest.raises(ValueError, match="momentum"):
        nn.BatchNorm2d(3, momentum=1.0)


def test_small_cnn_gradcheck_end_to_end(rng):
    """conv-bn-relu-pool-conv-relu-avgpool-flatten-linear, every parameter against central differences."""
    g = np.random.default_rng(1)
    model = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1, rng=g), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(3, 4, 3, stride=1, padding="same", rng=g), nn.Tanh(), nn.AvgPool2d(2),
                          nn.Flatten(), nn.Linear(4 * 2 * 2, 3, rng=g))
    X, Y = rng.standard_normal((4, 8, 8, 2)), one_hot([0, 2, 1, 2], 3)
    model[1].gamma.data = rng.standard_normal((1, 1, 1, 3)) + 1.5
    model[1].beta.data = rng.standard_normal((1, 1, 1, 3)) * 0.3
    errs = model_gradcheck(model, X, Y)
    # 0.b feeds batch norm, which removes the batch mean of each channel: J does not depend on it
    assert np.max(np.abs(model[0].b.grad)) < 1e-12
    del errs["0.b"]
    assert max(errs.values()) < TOL, errs


def test_cnn_with_global_pool_and_binary_loss_gradcheck(rng):
    g = np.random.default_rng(2)
    model = nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1, rng=g), nn.LeakyReLU(0.1),
                          nn.GlobalAvgPool2d(), nn.Linear(4, 1, rng=g))
    X, Y = rng.standard_normal((5, 7, 7, 3)), (rng.random((1, 5)) > 0.5).astype(float)
    assert max(model_gradcheck(model, X, Y, ag.sigmoid_cross_entropy).values()) < TOL


def resnet_block(C_in, C_out, stride, g):
    """ResNet's convolutional block (projection shortcut) or, with C_in == C_out and stride 1, its identity block."""
    branch = nn.Sequential(nn.Conv2d(C_in, C_out, 3, stride=stride, padding=1, bias=False, rng=g),
                           nn.BatchNorm2d(C_out), nn.ReLU(),
                           nn.Conv2d(C_out, C_out, 3, padding=1, bias=False, rng=g), nn.BatchNorm2d(C_out))
    shortcut = None
    if stride != 1 or C_in != C_out:
        shortcut = nn.Sequential(nn.Conv2d(C_in, C_out, 1, stride=stride, bias=False, rng=g), nn.BatchNorm2d(C_out))
    return nn.Sequential(nn.Residual(branch, shortcut), nn.ReLU())


def test_residual_blocks_gradcheck(rng):
    g = np.random.default_rng(3)
    model = nn.Sequential(resnet_block(2, 2, 1, g), resnet_block(2, 4, 2, g), nn.GlobalAvgPool2d(),
                          nn.Linear(4, 3, rng=g))
    names = [k for k, _ in model.named_parameters()]
    assert "1.0.shortcut.0.W" in names and "0.0.branch.0.W" in names and not any("0.0.shortcut" in k for k in names)
    for _, module in model.named_modules():  # gamma and beta away from their initial 1 and 0
        if isinstance(module, nn.BatchNorm2d):
            module.gamma.data = rng.standard_normal(module.gamma.shape) * 0.3 + 1.2
            module.beta.data = rng.standard_normal(module.beta.shape) * 0.3
    X, Y = rng.standard_normal((3, 7, 7, 2)), one_hot([0, 1, 2], 3)
    assert model(X).shape == (3, 3)
    assert max(model_gradcheck(model, X, Y).values()) < TOL
    # the input gradient flows through both paths of an identity block
    x = Tensor(X, requires_grad=True)
    block = model[0][0]
    out = block(x)
    np.testing.assert_allclose(out.data, block.branch(Tensor(X)).data + X, rtol=1e-14)
    with pytest.raises(ValueError, match="shortcut"):
        nn.Residual(nn.Conv2d(2, 4, 3, padding=1, rng=0))(X)


def test_save_load_round_trip_with_buffers(rng, tmp_path):
    def build(seed):
        g = np.random.default_rng(seed)
        return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1, rng=g), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                             resnet_block(4, 6, 2, g), nn.Flatten(), nn.Linear(6 * 3 * 3, 2, rng=g))
    model = build(0)
    X = rng.standard_normal((5, 10, 10, 3))  # odd sizes after the pool: the stride-2 block tiles 5 -> 3
    model(X)  # moves the running averages away from 0 and 1
    state = model.state_dict()
    assert "1.running_mean" in state and "4.0.shortcut.1.running_var" in state
    path = model.save(tmp_path / "cnn.h5")
    other = build(1).load(path)
    for k, v in other.state_dict().items():
        np.testing.assert_array_equal(v, state[k], err_msg=k)
    model.eval(), other.eval()
    np.testing.assert_array_equal(model(X).data, other(X).data)
    wider = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1, rng=0), nn.BatchNorm2d(5), nn.ReLU(), nn.MaxPool2d(2),
                          resnet_block(5, 6, 2, np.random.default_rng(0)), nn.Flatten(), nn.Linear(54, 2, rng=0))
    with pytest.raises(ValueError, match=r"0.W has shape \(3, 3, 3, 4\) in the state but \(3, 3, 3, 5\)"):
        wider.load(path)
    f32 = build(2).astype(np.float32).load(path)  # loading converts to the model's dtype
    assert all(v.dtype == np.float32 for v in f32.state_dict().values())


# --- fit / evaluate ------------------------------------------------------------------------------------------------

def bars(n, seed, size=8):
    """A toy image task: a bright bar, horizontal (label 1) or vertical (label 0), at a random place, in noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 0.3, (n, size, size, 1))
    Y = rng.integers(0, 2, n)
    for i in range(n):
        k, start = rng.integers(0, size), rng.integers(0, size - 4)
        if Y[i]:
            X[i, k, start:start + 4, 0] += 1.0
        else:
            X[i, start:start + 4, k, 0] += 1.0
    return X, Y.reshape(1, -1).astype(float)


def tiny_cnn(seed, dtype=np.float64):
    g = np.random.default_rng(seed)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1, rng=g, dtype=dtype), nn.BatchNorm2d(4, dtype=dtype),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 4 * 4, 1, rng=g, dtype=dtype))


def test_tiny_cnn_learns_bars():
    """Horizontal or vertical bar anywhere in the picture: a 3x3 filter sees the orientation wherever the bar is."""
    X, Y = bars(400, seed=0)
    X_val, Y_val = bars(200, seed=1)
    model = tiny_cnn(0)
    before = nn.evaluate(model, X_val, Y_val)
    history = nn.fit(model, "sigmoid_cross_entropy", optim.Adam(model, learning_rate=0.02), X, Y, epochs=8,
                     batch_size=32, seed=0, X_val=X_val, Y_val=Y_val, progress=False)
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 8 for v in history.values())
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_accuracy"][-1] > 0.9  # chance is 0.5; about 0.94 after 8 epochs
    after = nn.evaluate(model, X_val, Y_val)
    assert after == {"loss": history["val_loss"][-1], "accuracy": history["val_accuracy"][-1]}
    assert after["loss"] < before["loss"]
    assert model.training  # fit and evaluate restore the mode


def test_fit_is_deterministic_given_a_seed_and_the_seed_matters():
    X, Y = bars(96, seed=2)
    runs = []
    for seed in (5, 5, 6):
        model = tiny_cnn(0)
        h = nn.fit(model, "sigmoid_cross_entropy", optim.SGD(model, learning_rate=0.05), X, Y, epochs=2,
                   batch_size=16, seed=seed, progress=False)
        runs.append((h, model.state_dict()))
    assert runs[0][0] == runs[1][0]
    for k, v in runs[0][1].items():
        np.testing.assert_array_equal(v, runs[1][1][k], err_msg=k)
    assert runs[0][0]["loss"] != runs[2][0]["loss"]  # another shuffle, another history
    # a Generator works as the seed too, and equals the int seed it was made from
    model = tiny_cnn(0)
    h = nn.fit(model, "sigmoid_cross_entropy", optim.SGD(model, learning_rate=0.05), X, Y, epochs=2,
               batch_size=16, seed=np.random.default_rng(5), progress=False)
    assert h == runs[0][0]


def test_fit_trains_a_dense_model_with_the_dense_layout():
    from dlcourse.data import make_moons_dataset
    X, Y = make_moons_dataset(300)
    g = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(2, 16, rng=g), nn.ReLU(), nn.Linear(16, 2, rng=g))
    Y2 = np.vstack([1 - Y, Y])  # one-hot columns (2, m)
    history = nn.fit(model, "softmax_cross_entropy", optim.Adam(model, learning_rate=0.02), X, Y2, epochs=20,
                     batch_size=64, seed=0, progress=False)
    assert history["accuracy"][-1] > 0.9 and set(history) == {"loss", "accuracy"}
    assert nn.evaluate(model, X, Y2)["accuracy"] > 0.9
    assert nn.predict(model, X, batch_size=50).shape == (2, 300)
    np.testing.assert_allclose(nn.predict(model, X, batch_size=50), nn.predict(model, X), rtol=1e-13)


def test_mini_batches_match_random_mini_batches_and_cover_every_example(rng):
    X, Y = rng.standard_normal((3, 10)), rng.standard_normal((1, 10))
    for (a, b), (c, d) in zip(nn.mini_batches(X, Y, 4, 7), optim.random_mini_batches(X, Y, 4, seed=7)):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    images, labels = rng.standard_normal((10, 2, 2, 1)), np.arange(10.0).reshape(1, -1)
    images[:, 0, 0, 0] = labels[0]
    batches = nn.mini_batches(images, labels, 4, 7)
    assert [bx.shape[0] for bx, _ in batches] == [4, 4, 2]
    seen = np.concatenate([by[0] for _, by in batches])
    assert sorted(seen) == list(range(10))
    for bx, by in batches:  # images and labels stay paired
        np.testing.assert_array_equal(bx[:, 0, 0, 0], by[0])


def test_fit_custom_loss_and_float32():
    X, Y = bars(64, seed=3)
    X = X.astype(np.float32)
    model = tiny_cnn(1, dtype=np.float32)
    W = model[5].W
    h = nn.fit(model, lambda Z, Y: ag.sigmoid_cross_entropy(Z, Y) + ag.l2_penalty([W], 0.1, 64),
               optim.Adam(model, learning_rate=0.01), X, Y, epochs=2, batch_size=16, seed=0, X_val=X, Y_val=Y,
               progress=False)
    assert set(h) == {"loss", "val_loss"}  # no accuracy for a custom loss
    assert all(p.dtype == np.float32 for p in model.state_dict().values())


def test_fit_and_evaluate_errors(rng):
    X, Y = bars(20, seed=4)
    model = tiny_cnn(0)
    opt = optim.SGD(model, learning_rate=0.1)
    with pytest.raises(ValueError, match="needs seed"):
        nn.fit(model, "sigmoid_cross_entropy", opt, X, Y, epochs=1)
    with pytest.raises(ValueError, match=r"use Y.T"):
        nn.fit(model, "sigmoid_cross_entropy", opt, X, Y.T, epochs=1, seed=0)
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        nn.evaluate(model, X, Y[0])
    with pytest.raises(ValueError, match="unknown loss"):
        nn.fit(model, "mse", opt, X, Y, epochs=1, seed=0)
    with pytest.raises(ValueError, match="both X_val and Y_val"):
        nn.fit(model, "sigmoid_cross_entropy", opt, X, Y, epochs=1, seed=0, X_val=X)
    with pytest.raises(ValueError, match="channels-first"):
        nn.fit(model, "sigmoid_cross_entropy", opt, X.transpose(0, 3, 1, 2), Y, epochs=1, seed=0, progress=False)
