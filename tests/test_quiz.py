"""The weekly quizzes: every question is well formed, and every numeric answer is recomputed here."""
from __future__ import annotations

import math
import re
from importlib import resources

import numpy as np
import pytest

from dlcourse import init, nn, optim, quiz
from dlcourse.functional import activations, batchnorm, conv, dense, dropout, losses, pool, regularization

#: Every quiz file in the package (so a new one is tested without editing this list) ...
NAMES = sorted(f.name[:-5] for f in resources.files("dlcourse.quizzes").iterdir()
               if re.fullmatch(r"course\d_week\d\.json", f.name))
#: Course 3's weekly quizzes are its two case studies (longer, one scenario per decision):
#: tests/test_quiz_course3.py holds them to their own rules.
CASE_STUDIES = sorted(f.name[:-5] for f in resources.files("dlcourse.quizzes").iterdir()
                      if f.name.endswith(".json") and f.name[:-5] not in NAMES)
#: ... and the ones that must be there: one per week of each course written so far.
EXPECTED = ([f"course1_week{w}" for w in range(1, 5)] + [f"course2_week{w}" for w in range(1, 4)]
            + [f"course4_week{w}" for w in range(1, 3)] + ["course5_week2"])


def test_every_quiz_file_is_a_weekly_quiz_or_a_course3_case_study():
    assert CASE_STUDIES == ["course3_birds", "course3_driving"], CASE_STUDIES


def _ints(arg: str) -> list[int]:
    return [int(v) for v in arg.split(",")]


def _floats(arg: str) -> list[float]:
    return [float(v) for v in arg.split(",")]


def _ewa(beta: float, values: list[float]) -> float:
    """v_t after the values, v_0 = 0: the momentum optimiser's average of the gradients it is given."""
    opt, params = optim.Momentum(learning_rate=1.0, beta=beta), {"W": np.zeros((1, 1))}
    for v in values:
        params = opt.step(params, {"dW": np.full((1, 1), v)})
    return float(opt.state["W"]["v"][0, 0])


def _conv_side(n: int, f: int, pad: int, stride: int, n_C_prev: int = 1, n_C: int = 1) -> tuple[int, int]:
    """(side of the output, multiplications) of an f x f convolution of an n x n x n_C_prev input into
    n_C channels, run with conv.conv_forward on zeros. The kernel refuses a stride that does not tile
    the padded input; the course's floor((n + 2p - f) / s) + 1 drops the rows the last window cannot
    reach, so those rows are cropped here first (what the kernel's error message suggests)."""
    padded = conv.zero_pad(np.zeros((1, n, n, n_C_prev)), pad)
    keep = padded.shape[1] - (padded.shape[1] - f) % stride
    Z, _ = conv.conv_forward(padded[:, :keep, :keep, :], np.zeros((f, f, n_C_prev, n_C)), np.zeros((1, 1, 1, n_C)),
                             {"stride": stride, "pad": 0})
    assert Z.shape[1] == Z.shape[2]
    return Z.shape[1], Z.size * f * f * n_C_prev  # one multiplication per filter entry per output number


def _conv_chain_mults(arg: str) -> int:
    """Multiplications of stride-1 'same' convolutions applied in turn: "n,C;f1,C1;f2,C2;..." """
    first, *layers = arg.split(";")
    n, c = _ints(first)
    total = 0
    for layer in layers:
        f, c_out = _ints(layer)
        side, mults = _conv_side(n, f, (f - 1) // 2, 1, c, c_out)
        assert side == n
        total, c = total + mults, c_out
    return total


def _separable_mults(n: int, c: int, f: int, c_out: int) -> int:
    """A depthwise-separable 'same' convolution: one f x f filter per input channel (c single-channel
    convolutions), then a 1x1 convolution from c to c_out channels."""
    depthwise = sum(_conv_side(n, f, (f - 1) // 2, 1)[1] for _ in range(c))
    return depthwise + _conv_chain_mults(f"{n},{c};1,{c_out}")


def recompute(key: str) -> float:
    """The answer of a numeric question, computed from its 'verify' key with dlcourse or numpy."""
    kind, arg = key.split(":")
    if kind == "dense_params":
        params = init.initialize_parameters(_ints(arg))
        return sum(p.size for p in params.values())
    if kind == "weights":
        n_in, n_out = _ints(arg)
        return init.initialize_parameters([n_in, n_out])["W1"].size
    if kind == "layers":
        return len(init.initialize_parameters(_ints(arg))) // 2
    if kind == "flatten":
        return np.zeros((7, *_ints(arg))).reshape(7, -1).T.shape[0]
    if kind == "sigmoid_derivative":
        return float(activations.sigmoid_derivative(np.array([float(arg)]))[0])
    if kind == "tanh_derivative":
        return float(activations.tanh_derivative(np.array([float(arg)]))[0])
    if kind == "dz":
        a, y = (float(v) for v in arg.split(","))
        z = math.log(a / (1 - a))  # the z with sigmoid(z) = a; dL/dz by a central difference
        loss = lambda z: -(y * math.log(activations.sigmoid(np.array(z))) + (1 - y) * math.log(1 - activations.sigmoid(np.array(z))))
        return (loss(z + 1e-6) - loss(z - 1e-6)) / 2e-6
    if kind == "cost":
        a, y = (np.array([float(v) for v in part.split(",")]) for part in arg.split(";"))
        return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
    # --- Course 2 ---
    if kind == "weight_decay":  # the factor one gradient step with the L2 term multiplies W by
        alpha, lambd, m = _floats(arg)
        W = np.ones((1, 1))
        return float((W - alpha * regularization.l2_grad(W, lambd, int(m)))[0, 0])
    if kind == "dropout_kept":  # the value of a kept unit after inverted dropout
        a, keep_prob = _floats(arg)
        out, _ = dropout.dropout_forward(np.full((1, 1000), a), keep_prob, rng=0)
        kept = np.unique(out[out != 0])
        assert kept.size == 1
        return float(kept[0])
    if kind == "normalize":  # entry i of a feature normalized with its own mean and variance
        values, i = arg.split(";")
        x = np.array([_floats(values)])
        out, _ = batchnorm.batchnorm_forward(x, np.ones((1, 1)), np.zeros((1, 1)), eps=1e-12)
        return float(out[0, int(i)])
    if kind == "deep_linear":  # x = 1 through L one-unit linear layers of weight w
        w, L = arg.split(",")
        a = np.ones((1, 1))
        for _ in range(int(L)):
            a, _ = dense.linear_forward(a, np.full((1, 1), float(w)), np.zeros((1, 1)))
        return float(a[0, 0])
    if kind == "init_std":  # the scale an initialiser multiplies its standard normal draws by
        method, n_prev = arg.split(",")
        W = init.initialize_parameters([int(n_prev), 3], method, seed=0)["W1"]
        ratio = W / np.random.default_rng(0).standard_normal(W.shape)
        assert np.allclose(ratio, ratio[0, 0])
        return float(ratio[0, 0])
    if kind == "steps_per_epoch":
        m, size = _ints(arg)
        return len(optim.random_mini_batches(np.zeros((1, m)), np.zeros((1, m)), size, seed=0))
    if kind == "last_mini_batch":
        m, size = _ints(arg)
        return optim.random_mini_batches(np.zeros((1, m)), np.zeros((1, m)), size, seed=0)[-1][0].shape[1]
    if kind == "ewa_window":  # the age k at which a value's weight beta^k has fallen to 1/e
        return -1 / math.log(float(arg))
    if kind == "ewa_corrected":
        beta, values = arg.split(";")
        values = _floats(values)
        return _ewa(float(beta), values) / (1 - float(beta) ** len(values))
    if kind == "adam_step":  # theta after Adam's first step (default betas and epsilon)
        theta, g, lr = _floats(arg)
        new = optim.Adam(learning_rate=lr).step({"W": np.full((1, 1), theta)}, {"dW": np.full((1, 1), g)})
        return float(new["W"][0, 0])
    if kind == "inverse_time_decay":
        lr0, epoch, rate = _floats(arg)
        return optim.inverse_time_decay(lr0, int(epoch), rate)
    if kind == "exponential_decay":
        lr0, epoch, rate = _floats(arg)
        return optim.exponential_decay(lr0, int(epoch), rate)
    if kind == "beta_exponent":  # r with beta = 1 - 10^r
        return math.log10(1 - float(arg))
    if kind == "bn_layer_params":  # W of a dense layer without b, plus its batch norm's gamma and beta
        n_in, n_out = _ints(arg)
        return nn.Linear(n_in, n_out, rng=0).W.data.size + sum(p.data.size for p in nn.BatchNorm1d(n_out).parameters())
    if kind == "bn_running_mean":  # after mini-batches with these means, running mean starting at 0
        momentum, means = arg.split(";")
        mean, var = np.zeros((1, 1)), np.ones((1, 1))
        for mu in _floats(means):
            _, cache = batchnorm.batchnorm_forward(np.array([[mu - 1.0, mu + 1.0]]), np.ones((1, 1)), np.zeros((1, 1)))
            mean, var = batchnorm.batchnorm_running_update(mean, var, cache, momentum=float(momentum))
        return float(mean[0, 0])
    if kind == "softmax":
        z, i = arg.split(";")
        return float(activations.softmax(np.array([_floats(z)]).T)[int(i), 0])
    if kind == "cross_entropy":  # loss of one example: probabilities; index of the true class
        a, c = arg.split(";")
        a = np.array([_floats(a)]).T
        return losses.categorical_cross_entropy(a, np.eye(a.shape[0])[:, [int(c)]])
    # --- Course 4 ---
    if kind == "conv_out":  # side of the output of an n x n input: n,f,pad,stride
        return _conv_side(*_ints(arg))[0]
    if kind == "same_pad":  # the pad p that keeps an n x n input n x n with an f x f filter, stride 1
        n, f = _ints(arg)
        return next(p for p in range(f) if _conv_side(n, f, p, 1)[0] == n)
    if kind == "pool_out":  # side of the output of max pooling an n x n input: n,f,stride
        n, f, stride = _ints(arg)
        A, _ = pool.pool_forward(np.zeros((1, n, n, 1)), {"f": f, "stride": stride})
        return A.shape[1]
    if kind == "conv_params":  # parameters (W and b) of a Conv2d: C_prev,C,f
        c_prev, c, f = _ints(arg)
        return sum(p.data.size for p in nn.Conv2d(c_prev, c, f, rng=0).parameters())
    if kind == "linear_params":  # parameters of a dense layer: n_in,n_out
        return sum(p.data.size for p in nn.Linear(*_ints(arg), rng=0).parameters())
    if kind == "edge_response":  # the output column at a dark|bright boundary of an n x n picture
        n, dark, bright = _ints(arg)  # left half dark, right half bright; the vertical-edge filter
        X = np.full((1, n, n, 1), float(dark))
        X[:, :, n // 2:, :] = bright
        edge = np.array([[1.0, 0.0, -1.0]] * 3).reshape(3, 3, 1, 1)
        Z, _ = conv.conv_forward(X, edge, np.zeros((1, 1, 1, 1)), {"stride": 1, "pad": 0})
        at_edge = np.unique(Z[Z != 0])
        assert at_edge.size == 1  # zero away from the edge, one value wherever a window straddles it
        return float(at_edge[0])
    if kind == "conv_mults":  # multiplications of stride-1 'same' convolutions: "n,C;f1,C1;..."
        return _conv_chain_mults(arg)
    if kind == "separable_ratio":  # cost of a depthwise-separable over a normal 'same' conv: n,C,f,C_out
        n, c, f, c_out = _ints(arg)
        return _separable_mults(n, c, f, c_out) / _conv_chain_mults(f"{n},{c};{f},{c_out}")
    if kind == "residual_relu":  # a[l+2] = ReLU(z[l+2] + a[l]) for a[l] = a, z[l+2] = z: a,z
        a, z = _floats(arg)
        branch = nn.Linear(1, 1, init="zeros")
        branch.b.data[...] = z  # W = 0: the branch outputs z whatever its input
        block = nn.Sequential(nn.Residual(branch), nn.ReLU())
        return float(block(np.array([[a]])).data[0, 0])
    # --- Course 5 ---
    if kind == "embedding_params":  # an embedding matrix of V words in d dimensions: V,d
        from dlcourse.wordvec import init_embeddings
        V, d = _ints(arg)
        return init_embeddings(V, d, seed=0).size
    if kind == "cosine":  # cosine similarity of two vectors: "u1,u2;v1,v2"
        from dlcourse.wordvec import cosine_similarity
        u, v = (np.array(_floats(part)) for part in arg.split(";"))
        return float(cosine_similarity(u, v))
    if kind == "neg_sampling_rows":  # rows of theta one negative-sampling step touches for k negatives
        from dlcourse.wordvec import skipgram_ns_forward
        k = int(arg)
        E, theta = np.ones((20, 3)), np.ones((20, 3))
        _, cache = skipgram_ns_forward(E, theta, np.array([0]), np.array([1]), np.arange(2, 2 + k)[None, :])
        return len(np.unique(cache["context_rows"]))
    raise KeyError(key)


def test_every_course_has_its_weekly_quizzes():
    assert set(EXPECTED) <= set(NAMES), sorted(set(EXPECTED) - set(NAMES))


@pytest.mark.parametrize("name", NAMES)
def test_quiz_is_valid_and_mixes_question_kinds(name):
    q = quiz.load(name)
    assert 8 <= len(q["questions"]) <= 12
    assert {x["kind"] for x in q["questions"]} == {"single", "multiple", "numeric"}


@pytest.mark.parametrize("name", NAMES)
def test_every_numeric_answer_is_recomputed(name):
    for x in quiz.load(name)["questions"]:
        if x["kind"] == "numeric":
            assert "verify" in x, x["question"]
            assert abs(recompute(x["verify"]) - x["answer"]) <= max(x["tolerance"], 1e-6), x["question"]


@pytest.mark.parametrize("name", NAMES)
def test_numeric_tolerances_reject_rough_answers(name):
    """A tolerance is at most 2% of the answer, so that a rough guess is not accepted as right."""
    for x in quiz.load(name)["questions"]:
        if x["kind"] == "numeric":
            assert 0 <= x["tolerance"] <= 0.02 * abs(x["answer"]), x["question"]


def test_verify_keys_recompute_known_values():
    """The Course 2 recomputations reproduce values worked out by hand (so a broken one cannot pass)."""
    assert recompute("weight_decay:0.1,10,50") == pytest.approx(0.98)
    assert recompute("dropout_kept:1.0,0.5") == pytest.approx(2.0)
    assert recompute("normalize:0,2;1") == pytest.approx(1.0)
    assert recompute("deep_linear:2,10") == pytest.approx(1024)
    assert recompute("init_std:xavier,100") == pytest.approx(0.1)
    assert recompute("init_std:he,8") == pytest.approx(0.5)
    assert (recompute("steps_per_epoch:10,4"), recompute("last_mini_batch:10,4")) == (3, 2)
    assert (recompute("steps_per_epoch:8,4"), recompute("last_mini_batch:8,4")) == (2, 4)
    assert recompute("ewa_window:0.9") == pytest.approx(9.49, abs=0.01)
    assert recompute("ewa_corrected:0.5;4") == pytest.approx(4.0)
    assert recompute("ewa_corrected:0.5;4,8") == pytest.approx((0.25 * 4 + 0.5 * 8) / 0.75)
    assert recompute("adam_step:0,-0.001,0.1") == pytest.approx(0.1, rel=1e-4)
    assert recompute("inverse_time_decay:1,4,0.5") == pytest.approx(1 / 3)
    assert recompute("exponential_decay:2,2,0.5") == pytest.approx(0.5)
    assert recompute("beta_exponent:0.99") == pytest.approx(-2)
    assert recompute("bn_layer_params:3,2") == 6 + 4
    assert recompute("bn_running_mean:0.5;2,4") == pytest.approx(2.5)
    assert recompute("softmax:0,0,0,0;2") == pytest.approx(0.25)
    assert recompute("cross_entropy:0.5,0.25,0.25;2") == pytest.approx(math.log(4))
    with pytest.raises(KeyError):
        recompute("no_such_kind:1")


def test_course4_verify_keys_recompute_known_values():
    """The Course 4 recomputations reproduce values worked out by hand (so a broken one cannot pass)."""
    assert recompute("conv_out:6,3,0,1") == 4
    assert recompute("conv_out:5,3,1,1") == 5
    assert recompute("conv_out:7,3,0,2") == 3
    assert recompute("conv_out:8,3,0,2") == 3  # floor(5 / 2) + 1: the last column is never reached
    assert recompute("conv_out:4,2,1,3") == 2  # padded to 6: windows at 0 and 3
    assert recompute("same_pad:9,3") == 1 and recompute("same_pad:9,5") == 2
    assert recompute("pool_out:4,2,2") == 2 and recompute("pool_out:5,3,1") == 3
    assert recompute("conv_params:2,4,3") == (3 * 3 * 2 + 1) * 4
    assert recompute("conv_params:1,1,1") == 2
    assert recompute("linear_params:3,2") == 3 * 2 + 2
    assert recompute("edge_response:4,0,1") == -3  # (dark - bright) in each of the 3 rows
    assert recompute("edge_response:6,2,0") == 6
    assert recompute("conv_mults:2,1;1,1") == 4  # 2 x 2 outputs, one multiplication each
    assert recompute("conv_mults:3,2;3,1") == 3 * 3 * 9 * 2
    assert recompute("conv_mults:2,4;1,2;1,3") == 4 * 2 * 4 + 4 * 3 * 2
    # 2 channels, 3x3 filters, 2 outputs: depthwise 4 * 9 * 2, pointwise 4 * 2 * 2; normal 4 * 2 * 9 * 2
    assert recompute("separable_ratio:2,2,3,2") == pytest.approx((72 + 16) / 144)
    assert recompute("separable_ratio:5,8,3,16") == pytest.approx(1 / 16 + 1 / 9)
    assert recompute("residual_relu:2,-0.5") == pytest.approx(1.5)
    assert recompute("residual_relu:1,-3") == 0.0
    assert recompute("residual_relu:0.7,0") == pytest.approx(0.7)  # W = b = 0: the block is the identity


def test_broadcasting_answers_of_week2_hold():
    with pytest.raises(ValueError):
        np.ones((4, 3)) * np.ones((3, 1))
    assert (np.ones((2, 3)) + np.ones((2, 1))).shape == (2, 3)


@pytest.mark.parametrize("bad, match", [
    ({"kind": "single", "question": "q", "options": ["a", "b"], "correct": [0]}, "explanation"),
    ({"kind": "single", "question": "q", "options": ["a", "b"], "correct": [0, 1], "explanation": "e"}, "exactly one"),
    ({"kind": "multiple", "question": "q", "options": ["a", "b"], "correct": [2], "explanation": "e"}, "indices"),
    ({"kind": "numeric", "question": "q", "explanation": "e"}, "number"),
    ({"kind": "essay", "question": "q", "explanation": "e"}, "kind"),
])
def test_validate_names_the_broken_question(bad, match):
    with pytest.raises(ValueError, match=match):
        quiz.validate({"title": "t", "questions": [bad]}, "demo")


def test_html_is_self_contained_and_deterministic():
    html = quiz.to_html(quiz.load("course1_week2"), "course1_week2")
    assert html == quiz.to_html(quiz.load("course1_week2"), "course1_week2")
    assert "http" not in html and " src=" not in html and "@import" not in html
    assert html.count('class="dlq-question"') == 9 and html.count("dlq-feedback") >= 9


def test_options_are_shuffled_but_the_right_ones_stay_right():
    """On the page the right answer is not always first, and data-correct points at the right texts."""
    import html as html_lib
    import re
    first = []
    for name in NAMES:
        q = quiz.load(name)
        page = quiz.to_html(q, name)
        blocks = page.split('<div class="dlq-question"')[1:]
        for block, question in zip(blocks, q["questions"]):
            if question["kind"] == "numeric":
                continue
            shown = [html_lib.unescape(t) for t in re.findall(r'value="\d+"> (.*?)</label>', block)]
            correct = [int(c) for c in re.search(r'data-correct="([\d,]+)"', block).group(1).split(",")]
            assert sorted(shown) == sorted(question["options"])
            assert sorted(shown[c] for c in correct) == sorted(question["options"][c] for c in question["correct"])
            if question["kind"] == "single":
                first.append(correct[0] == 0)
    assert first and sum(first) < len(first) / 2, "the right answer is still mostly the first option"
