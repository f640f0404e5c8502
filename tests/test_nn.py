"""nn modules: registration, train/eval, gradchecked models (float64), residual blocks, save/load, float32 training."""
import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import init, nn, optim
from dlcourse.autograd import Tensor, no_grad
from dlcourse.data import make_moons_dataset
from dlcourse.gradcheck import check_gradients

TOL = 1e-7


def mlp(rng, dims=(2, 20, 10, 1), dtype=np.float64, act=nn.ReLU):
    layers = []
    for i in range(1, len(dims)):
        layers.append(nn.Linear(dims[i - 1], dims[i], rng=rng, dtype=dtype))
        if i < len(dims) - 1:
            layers.append(act())
    return nn.Sequential(*layers)


def model_gradcheck(model, X, Y, before_forward=lambda: None):
    """Max relative difference between the tape's parameter gradients and central differences."""
    model.zero_grad()
    before_forward()
    ag.sigmoid_cross_entropy(model(X), Y).backward()
    named = dict(model.named_parameters())

    def f():
        before_forward()
        with no_grad():
            return float(ag.sigmoid_cross_entropy(model(X), Y).data)
    errs = check_gradients(f, {k: p.data for k, p in named.items()}, {k: p.grad for k, p in named.items()})
    return errs


def test_registration_names_and_repr(rng):
    model = nn.Sequential(nn.Linear(2, 4, rng=rng), nn.ReLU(), nn.BatchNorm1d(4), nn.Linear(4, 1, rng=rng))
    assert [k for k, _ in model.named_parameters()] == ["0.W", "0.b", "2.gamma", "2.beta", "3.W", "3.b"]
    assert [k for k, _ in model.named_buffers()] == ["2.running_mean", "2.running_var"]
    assert len(model.parameters()) == 6 and len(model) == 4 and isinstance(model[1], nn.ReLU)
    assert model[0].W.shape == (4, 2) and model[0].b.shape == (4, 1)
    assert "Linear(2 -> 4" in repr(model)
    shared = nn.Linear(3, 3, rng=0)
    assert len(nn.Sequential(shared, nn.Tanh(), shared).parameters()) == 2  # a shared layer counts once


def test_linear_init_is_dlcourse_init(rng):
    np.testing.assert_array_equal(nn.Linear(5, 3, init="xavier", rng=7).W.data, init.xavier([5, 3], seed=7)["W1"])
    a, b = nn.Linear(5, 3, rng=np.random.default_rng(0)), nn.Linear(5, 3, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a.W.data, b.W.data)
    gen = np.random.default_rng(0)
    first, second = nn.Linear(5, 3, rng=gen), nn.Linear(5, 3, rng=gen)
    assert not np.array_equal(first.W.data, second.W.data)  # one Generator, two different layers
    assert nn.Linear(5, 3, rng=0, dtype=np.float32).W.dtype == np.float32
    with pytest.raises(ValueError, match="needs rng"):
        nn.Linear(5, 3)


def test_module_errors(rng):
    lin = nn.Linear(2, 3, rng=0)
    with pytest.raises(ValueError, match="transpose"):
        lin(np.ones((7, 2)))
    with pytest.raises(ValueError, match="in_features=2"):
        lin(np.ones((3, 7)))
    with pytest.raises(TypeError, match="ReLU instead of ReLU"):
        nn.Sequential(nn.Linear(2, 3, rng=0), nn.ReLU)
    with pytest.raises(ValueError, match="keep_prob"):
        nn.Dropout(0.0, rng=0)
    with pytest.raises(TypeError, match="float32"):
        lin(np.ones((2, 4), np.float32))

    class Forgot(nn.Module):
        def __init__(self):
            self.lin = nn.Linear(2, 2, rng=0)
    with pytest.raises(AttributeError, match="super"):
        Forgot()


def test_mlp_gradcheck_with_batchnorm_dropout_and_residual(rng):
    X, Y = rng.standard_normal((3, 12)), (rng.random((1, 12)) > 0.5).astype(float)
    drop = nn.Dropout(0.7, rng=0)
    block = nn.Residual(nn.Sequential(nn.Linear(6, 6, rng=rng, init="xavier"), nn.Tanh()))
    model = nn.Sequential(nn.Linear(3, 6, rng=rng, init="xavier"), nn.BatchNorm1d(6), nn.Tanh(), block, drop,
                          nn.Linear(6, 1, rng=rng), nn.Sigmoid(), nn.Linear(1, 1, rng=rng))

    def same_mask():
        drop.rng = np.random.default_rng(0)
    errs = model_gradcheck(model, X, Y, same_mask)
    # 0.b feeds batch norm, which removes the batch mean: the cost does not depend on it (gradient 0)
    assert np.max(np.abs(model[0].b.grad)) < 1e-12
    del errs["0.b"]
    assert max(errs.values()) < TOL, errs


def test_residual_adds_the_branches_and_gradients_flow_through_both(rng):
    branch = nn.Sequential(nn.Linear(4, 4, rng=rng, init="xavier"), nn.Tanh())
    block = nn.Residual(branch)
    x = Tensor(rng.standard_normal((4, 5)), requires_grad=True)
    out = block(x)
    np.testing.assert_allclose(out.data, branch(x).data + x.data, rtol=1e-15)
    out.sum().backward()
    W = branch[0].W.data
    A = np.tanh(W @ x.data + branch[0].b.data)
    np.testing.assert_allclose(x.grad, 1 + W.T @ (1 - A ** 2), rtol=1e-12)  # identity path + branch path
    projected = nn.Residual(nn.Sequential(nn.Linear(4, 3, rng=rng), nn.ReLU()), shortcut=nn.Linear(4, 3, rng=rng))
    assert projected(x).shape == (3, 5) and len(projected.parameters()) == 4
    with pytest.raises(ValueError, match="shortcut"):
        nn.Residual(nn.Linear(4, 3, rng=rng))(x)
    X, Y = rng.standard_normal((4, 6)), (rng.random((1, 6)) > 0.5).astype(float)
    model = nn.Sequential(block, nn.Linear(4, 1, rng=rng))
    assert max(model_gradcheck(model, X, Y).values()) < TOL


def test_train_eval_modes(rng):
    X = rng.standard_normal((5, 50))
    drop, bn = nn.Dropout(0.5, rng=1), nn.BatchNorm1d(5)
    model = nn.Sequential(bn, drop)
    out_train = model(X).data
    assert np.mean(out_train == 0) > 0.3
    np.testing.assert_allclose(bn.running_mean, 0.1 * X.mean(axis=1, keepdims=True), rtol=1e-12)
    model.eval()
    assert not drop.training and not bn.training
    running = bn.running_mean.copy()
    out_eval = model(X).data
    np.testing.assert_allclose(out_eval, (X - bn.running_mean) / np.sqrt(bn.running_var + 1e-5), rtol=1e-12)
    np.testing.assert_array_equal(bn.running_mean, running)  # evaluation does not update the averages
    assert model.train() is model and drop.training


def test_state_dict_save_and_load_round_trip(rng, tmp_path):
    model = nn.Sequential(nn.Linear(2, 5, rng=1), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 1, rng=2))
    model(rng.standard_normal((2, 8)))  # moves the running averages away from their initial values
    path = model.save(tmp_path / "weights.h5")
    other = nn.Sequential(nn.Linear(2, 5, rng=3), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 1, rng=4))
    other.load(path)
    for (k, a), b in zip(model.state_dict().items(), other.state_dict().values()):
        np.testing.assert_array_equal(a, b, err_msg=k)
    X = rng.standard_normal((2, 4))
    model.eval(), other.eval()
    np.testing.assert_array_equal(model(X).data, other(X).data)
    state = model.state_dict()
    state["0.W"][...] = 0  # a copy: the model is not changed through it
    assert np.any(model[0].W.data != 0)


def test_load_refuses_a_mismatching_file(rng, tmp_path):
    path = nn.Sequential(nn.Linear(2, 5, rng=1), nn.ReLU(), nn.Linear(5, 1, rng=2)).save(tmp_path / "a.h5")
    wider = nn.Sequential(nn.Linear(2, 6, rng=1), nn.ReLU(), nn.Linear(6, 1, rng=2))
    before = wider.state_dict()
    with pytest.raises(ValueError, match=r"0.W has shape \(5, 2\) in the state but \(6, 2\) in the model"):
        wider.load(path)
    for k, v in wider.state_dict().items():  # nothing was half-loaded
        np.testing.assert_array_equal(v, before[k])
    with pytest.raises(KeyError, match="missing"):
        nn.Sequential(nn.Linear(2, 5, rng=1), nn.BatchNorm1d(5), nn.Linear(5, 1, rng=2)).load(path)
    import h5py
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f["x"] = np.ones(3)
    with pytest.raises(ValueError, match="not a file written by Module.save"):
        wider.load(tmp_path / "other.h5")


def test_float32_model_trains_in_float32_on_moons():
    X, Y = make_moons_dataset(300)
    X = X.astype(np.float32)
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(2, 20, rng=rng, dtype=np.float32), nn.BatchNorm1d(20, dtype=np.float32),
                          nn.ReLU(), nn.Dropout(0.9, rng=rng), nn.Linear(20, 10, rng=rng, dtype=np.float32),
                          nn.ReLU(), nn.Linear(10, 1, rng=rng, dtype=np.float32))
    opt = optim.Adam(model, learning_rate=0.01)
    costs = []
    for epoch in range(30):
        for bx, by in optim.random_mini_batches(X, Y, 64, seed=epoch):
            opt.zero_grad()
            J = ag.sigmoid_cross_entropy(model(bx), by) + ag.l2_penalty([model[0].W, model[4].W], 0.01, 300)
            J.backward()
            opt.step()
            assert J.dtype == np.float32
        costs.append(float(J.data))
    for k, p in model.named_parameters():
        assert p.data.dtype == np.float32 and p.grad.dtype == np.float32, k
    for k, b in model.named_buffers():
        assert b.dtype == np.float32, k
    assert all(s["v"].dtype == np.float32 for s in opt.state.values())
    model.eval()
    with no_grad():
        accuracy = np.mean((model(X).data > 0) == Y)
    assert accuracy > 0.9  # a moons net reaches about 0.95 after 30 epochs; 0.5 is chance


def test_astype_converts_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(2, 3, rng=0), nn.BatchNorm1d(3)).astype(np.float32)
    assert all(v.dtype == np.float32 for v in model.state_dict().values())
    assert model(np.ones((2, 4), np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match="float32 or float64"):
        model.astype(np.int32)


def test_custom_module_with_two_branches(rng):
    """A user-written Module whose forward combines branches (what Course 4's ResNets and Course 5 need)."""
    class TwoTower(nn.Module):
        def __init__(self, rng):
            super().__init__()
            self.left = nn.Linear(3, 4, rng=rng)
            self.right = nn.Sequential(nn.Linear(3, 4, rng=rng), nn.Tanh())
            self.head = nn.Linear(8, 1, rng=rng)

        def forward(self, x):
            return self.head(ag.concat([ag.relu(self.left(x)), self.right(x)], axis=0))

    model = TwoTower(rng)
    assert [k for k, _ in model.named_parameters()] == ["left.W", "left.b", "right.0.W", "right.0.b", "head.W", "head.b"]
    X, Y = rng.standard_normal((3, 7)), (rng.random((1, 7)) > 0.5).astype(float)
    assert max(model_gradcheck(model, X, Y).values()) < TOL
