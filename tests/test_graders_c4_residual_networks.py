"""The Course 4 residual-networks graders accept correct blocks and reject plausible bugs.

The generic guarantees (not implemented, wrong types, a replayed answer table, three hint levels, the
worked solutions) are covered for every chapter by ``tests/test_graders_core.py``.
"""

import numpy as np
import pytest

from dlcourse import autograd as ag
from dlcourse import nn
from _grading import grading
from dlcourse.graders import GraderError
from dlcourse.graders import c4_residual_networks as grader

EXERCISES = list(grader.chapter.exercises.values())
NAMES = [ex.name for ex in EXERCISES]


_check, _passes = grading(grader)


# --- learner-style answers, written independently of the grader, with switches for the bugs ----------------

class Block(nn.Module):
    """A block written as a Module of one's own (not Sequential/Residual): shortcut registered first."""

    def __init__(self, in_channels, f, filters, s, rng, projection, relu_before=False, bn_shortcut=True,
                 stride_middle=False, bias=True):
        super().__init__()
        F1, F2, F3 = filters
        if projection:  # the convolutional block projects even when the shape stays (s = 1, F3 channels in)
            layers = [nn.Conv2d(in_channels, F3, 1, stride=s, padding="same", bias=bias, rng=rng)]
            self.shortcut = nn.Sequential(*layers, *([nn.BatchNorm2d(F3)] if bn_shortcut else []))
        s1, s2 = (1, s) if stride_middle else (s, 1)
        self.conv1 = nn.Conv2d(in_channels, F1, 1, stride=s1, padding="same", bias=bias, rng=rng)
        self.bn1 = nn.BatchNorm2d(F1)
        self.conv2 = nn.Conv2d(F1, F2, f, stride=s2, padding="same", bias=bias, rng=rng)
        self.bn2 = nn.BatchNorm2d(F2)
        self.conv3 = nn.Conv2d(F2, F3, 1, bias=bias, rng=rng)
        self.bn3 = nn.BatchNorm2d(F3)
        self.relu_before = relu_before

    def forward(self, x):
        a = ag.relu(self.bn1(self.conv1(x)))
        a = ag.relu(self.bn2(self.conv2(a)))
        a = self.bn3(self.conv3(a))
        skip = self.shortcut(x) if "shortcut" in self._modules else x
        return ag.relu(a) + skip if self.relu_before else ag.relu(a + skip)


def make_identity(**switches):
    return lambda f, filters, rng: Block(filters[2], f, filters, 1, rng, False, **switches)


def make_convolutional(**switches):
    return lambda in_channels, f, filters, s, rng: Block(in_channels, f, filters, s, rng, True, **switches)


@pytest.mark.parametrize("seed", [None, 5, 17])
def test_blocks_of_ones_own_pass(capsys, seed):
    for name, fn in (("identity_block", make_identity()), ("convolutional_block", make_convolutional())):
        _check(name)(fn, seed=seed)
        assert f"[pass] {name}: all " in capsys.readouterr().out


def test_the_package_blocks_pass(capsys):
    _passes("identity_block", nn.identity_block, capsys)  # the package's blocks (with their init keyword)
    _passes("convolutional_block", lambda c, f, filters, s, rng: nn.convolutional_block(c, f, filters, s, rng), capsys)


@pytest.mark.parametrize("name,fn,needle", [
    ("identity_block", make_identity(relu_before=True), "the ReLU comes after the addition"),
    ("convolutional_block", make_convolutional(relu_before=True), "the ReLU comes after the addition"),
    ("convolutional_block", make_convolutional(bn_shortcut=False), "followed by batch norm"),
    ("convolutional_block", make_convolutional(stride_middle=True), "v1.5"),
    ("identity_block", make_identity(bias=False), r"block\['parameters'\]: got \d+, expected(.|\n)*keep the "
                                                   r"convolutions' bias"),
])
def test_own_blocks_with_bugs_are_rejected(name, fn, needle):
    with pytest.raises(GraderError, match=needle):
        _check(name)(fn)


def test_a_wrong_input_shape_is_reported_as_the_learners_error():
    with pytest.raises(GraderError, match=r"applying your block to images of shape \(3, 6, 8, 4\) raised ValueError"):
        grader.check_identity_block(lambda f, filters, rng: nn.Sequential(nn.Conv2d(3, 4, 1, rng=rng)))
    with pytest.raises(GraderError, match="must return the block as a Module"):
        grader.check_convolutional_block(lambda *args: np.zeros((3, 3, 4, 4)))


def test_fixed_weights_do_not_depend_on_registration_order():
    """The grader gives a parameter its value from its kind and shape, so two modules that compute the same
    function with their parameters registered in another order agree."""
    x = np.random.default_rng(0).standard_normal((3, 6, 8, 3))
    grader._case["x"] = x
    a = grader._evaluate(make_convolutional()(3, 3, (2, 3, 4), 2, 0))
    b = grader._evaluate(nn.convolutional_block(3, 3, (2, 3, 4), 2, rng=1))
    assert a["output shape"] == b["output shape"] == (3, 3, 4, 4) and a["parameters"] == b["parameters"] == 123
    for key in ("output (evaluation mode)", "output (training mode)"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-12)
    assert not np.allclose(a["output (evaluation mode)"], a["output (training mode)"])  # both modes are checked


# --- every entry of every mistakes table fails with its own sentence -------------------------------------------

MISTAKES = [(ex.name, i) for ex in EXERCISES for i in range(len(ex.mistakes))]


@pytest.mark.parametrize("name,i", MISTAKES, ids=[f"{n}-{i}" for n, i in MISTAKES])
def test_every_mistake_fails_with_its_sentence(name, i):
    wrong, sentence = grader.chapter.exercises[name].mistakes[i]
    with pytest.raises(GraderError) as err:
        _check(name)(wrong)
    assert f"Likely cause: {sentence}" in str(err.value)


def test_checks_are_fast():
    import time

    start = time.perf_counter()
    for ex in EXERCISES:
        _check(ex.name)(ex.solution)
    assert time.perf_counter() - start < 10.0
