"""nn.summary (shapes, parameters, multiply-adds without computing) and ResNet's blocks (nn.resnet)."""
import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import nn
from dlcourse.autograd import Tensor

from test_nn_conv import TOL, distinct, model_gradcheck, one_hot


def vgg16():
    layers, c = [], 3
    for n, reps in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(reps):
            layers += [nn.Conv2d(c, n, 3, padding="same", init="zeros"), nn.ReLU()]
            c = n
        layers.append(nn.MaxPool2d(2))
    layers += [nn.Flatten(), nn.Linear(7 * 7 * 512, 4096, init="zeros"), nn.ReLU(),
               nn.Linear(4096, 4096, init="zeros"), nn.ReLU(), nn.Linear(4096, 1000, init="zeros")]
    return nn.Sequential(*layers)


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5, init="zeros"), nn.Tanh(), nn.AvgPool2d(2),
                         nn.Conv2d(6, 16, 5, init="zeros"), nn.Tanh(), nn.AvgPool2d(2), nn.Flatten(),
                         nn.Linear(400, 120, init="zeros"), nn.Tanh(), nn.Linear(120, 84, init="zeros"), nn.Tanh(),
                         nn.Linear(84, 10, init="zeros"))


def test_vgg16_counts_by_hand():
    s = nn.summary(vgg16(), (224, 224, 3))
    assert s.params == 138_357_544 and s.buffers == 0  # Simonyan & Zisserman's VGG-16 (Keras' count)
    convs = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256), (256, 256), (256, 256), (256, 512),
             (512, 512), (512, 512), (512, 512), (512, 512), (512, 512)]
    sizes = [224] * 2 + [112] * 2 + [56] * 3 + [28] * 3 + [14] * 3
    macs = sum(n * n * c_out * 9 * c_in for (c_in, c_out), n in zip(convs, sizes))
    macs += 25088 * 4096 + 4096 * 4096 + 4096 * 1000
    assert s.macs == macs == 15_470_264_320
    assert s.output_shape == (1000,)
    assert s.rows[0] == {"name": "0", "type": "Conv2d", "output_shape": (224, 224, 64), "params": 1792,
                         "macs": 224 * 224 * 64 * 27}
    assert [r["output_shape"] for r in s.rows if r["type"] == "MaxPool2d"] == [(112, 112, 64), (56, 56, 128),
                                                                           (28, 28, 256), (14, 14, 512), (7, 7, 512)]


def test_lenet5_and_text():
    s = nn.summary(lenet5(), (32, 32, 1))
    hand = (5 * 5 * 1 + 1) * 6 + (5 * 5 * 6 + 1) * 16 + 401 * 120 + 121 * 84 + 85 * 10
    assert s.params == hand == 61_706
    assert s.macs == 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10
    assert [r["output_shape"] for r in s.rows[:6]] == [(28, 28, 6), (28, 28, 6), (14, 14, 6), (10, 10, 16),
                                                       (10, 10, 16), (5, 5, 16)]
    text = str(s)
    assert "total: 61,706 parameters" in text and "Linear" in text and text == repr(s)


def test_summary_of_a_dense_model_and_a_custom_module():
    class Inception(nn.Module):  # parallel branches, concatenated on the channel axis
        def __init__(self):
            super().__init__()
            self.a = nn.Conv2d(4, 2, 1, rng=0)
            self.b = nn.Sequential(nn.Conv2d(4, 3, 1, rng=1), nn.ReLU(), nn.Conv2d(3, 5, 3, padding="same", rng=2))
            self.c = nn.Sequential(nn.MaxPool2d(3, 1, padding="same"), nn.Conv2d(4, 1, 1, rng=3))

        def forward(self, x):
            return ag.concat([self.a(x), self.b(x), self.c(x)], axis=-1)

    model = nn.Sequential(Inception(), nn.BatchNorm2d(8), nn.GlobalAvgPool2d(), nn.Linear(8, 3, rng=4))
    s = nn.summary(model, (6, 6, 4))
    assert s.output_shape == (3,)
    assert s.params == sum(p.data.size for p in model.parameters()) == 10 + 15 + 140 + 5 + 16 + 27
    assert s.buffers == 16
    assert [r["name"] for r in s.rows][:3] == ["0.a", "0.b.0", "0.b.1"]
    assert s.macs == 36 * (2 * 4 + 3 * 4 + 5 * 27 + 1 * 4) + 24
    X = np.random.default_rng(0).standard_normal((2, 6, 6, 4))
    assert model(X).shape == (3, 2)  # the modules work again afterwards
    mlp = nn.Sequential(nn.Linear(5, 4, rng=0), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1, rng=1))
    dense = nn.summary(mlp, (5,))
    assert (dense.params, dense.buffers, dense.macs, dense.output_shape) == (24 + 8 + 5, 8, 24, (1,))


def test_summary_refuses_what_the_model_would_refuse():
    with pytest.raises(ValueError, match="expects 3 channels"):
        nn.summary(nn.Sequential(nn.Conv2d(3, 4, 3, rng=0)), (8, 8, 1))
    with pytest.raises(ValueError, match="does not tile"):
        nn.summary(nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, rng=0)), (8, 8, 1))
    with pytest.raises(ValueError, match="in_features=10"):
        nn.summary(nn.Sequential(nn.Flatten(), nn.Linear(10, 2, rng=0)), (3, 3, 1))
    with pytest.raises(ValueError, match="one example's shape"):
        nn.summary(nn.Linear(3, 2, rng=0), (2, 3))
    with pytest.raises(TypeError):
        nn.summary(lambda x: x, (3,))


def test_resnet50_has_the_original_parameter_count():
    s = nn.summary(nn.resnet50(6, init="zeros"), (64, 64, 3))
    assert (s.params, s.buffers) == (23_546_886, 53_120)  # Keras: Total params 23,600,006 (53,120 non-trainable)
    assert s.output_shape == (6,)


@pytest.mark.parametrize("block", ["identity", "convolutional"])
def test_resnet_blocks_shapes_and_gradients(rng, block):
    g = np.random.default_rng(3)
    if block == "identity":
        model = nn.identity_block(3, (2, 3, 4), rng=g)
        X, out_shape = distinct(rng, (3, 4, 4, 4)), (3, 4, 4, 4)
    else:
        model = nn.convolutional_block(3, 3, (2, 3, 4), s=2, rng=g)
        X, out_shape = distinct(rng, (3, 4, 6, 3)), (3, 2, 3, 4)
    out = model(X)
    assert out.shape == out_shape and np.all(out.data >= 0)  # the ReLU comes last
    head = nn.Sequential(model, nn.Flatten(), nn.Linear(int(np.prod(out_shape[1:])), 2, rng=g))
    errors = model_gradcheck(head, X, one_hot([0, 1, 1], 2))
    # a convolution's bias right before batch norm has a zero gradient (the batch mean removes it):
    # relative differences of rounding noise, so those are left out
    assert max(v for k, v in errors.items() if not (k.startswith("0.") and k.endswith(".b"))) < TOL
    # the block is ReLU(main(x) + shortcut(x)), with the stride on the first 1x1 convolution
    res = model[0]
    skip = X if block == "identity" else res.shortcut(X).data
    np.testing.assert_allclose(out.data, np.maximum(res.branch(X).data + skip, 0), rtol=1e-12)
    if block == "convolutional":
        assert res.branch[0].stride == 2 and res.branch[3].stride == 1 and res.shortcut[0].stride == 2


def test_strided_1x1_same_convolution_gradcheck(rng):
    """A 1x1 window with stride 2 on an even size ends before the last row (cropped, as Keras ignores it)."""
    g = np.random.default_rng(5)
    model = nn.Sequential(nn.Conv2d(2, 3, 1, stride=2, padding="same", rng=g), nn.Tanh(),
                          nn.MaxPool2d(1, 2, padding="same"), nn.Flatten(), nn.Linear(3, 2, rng=g))
    X = distinct(rng, (3, 4, 3, 2))
    assert model(Tensor(X)).shape == (2, 3)  # 4 x 3 -> 2 x 2 -> 1 x 1 (ceil(n / 2) twice)
    assert max(model_gradcheck(model, X, one_hot([0, 1, 1], 2)).values()) < TOL
