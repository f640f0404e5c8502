"""Recurrent kernels (Course 5, week 1): the basic RNN and the LSTM, one step and a whole sequence.

Layouts follow the course: an input sequence ``x`` is ``(n_x, m, T_x)``, the hidden states ``a`` are
``(n_a, m, T_x)``, one time step ``xt`` is ``(n_x, m)``. Parameters are passed as the course's dict:

* RNN: ``Wax`` (n_a, n_x), ``Waa`` (n_a, n_a), ``Wya`` (n_y, n_a), ``ba`` (n_a, 1), ``by`` (n_y, 1);
  ``a<t> = tanh(Wax x<t> + Waa a<t-1> + ba)``, ``y<t> = softmax(Wya a<t> + by)``.
* LSTM: ``Wf, Wi, Wc, Wo`` (n_a, n_a + n_x) acting on the concatenation ``[a<t-1>; x<t>]``,
  ``bf, bi, bc, bo`` (n_a, 1), ``Wy`` (n_y, n_a), ``by`` (n_y, 1).

The forwards return what the course's functions return (``a_next, yt_pred, cache`` for a cell,
``a, y_pred, cache`` for the RNN, ``a, y, c, cache`` for the LSTM); the backwards take the
gradients with respect to the hidden states (``da`` for every step, as the course's
``rnn_backward`` / ``lstm_backward`` do) and return a dict of gradients named as in the course
(``dx``, ``da0``, ``dWax``, ...). As in the course, the prediction ``y`` is not differentiated here:
``da`` is the whole gradient reaching each hidden state (the caller adds what flows back through
the output layer, e.g. with :func:`~dlcourse.functional.layers.affine_backward`).
Backwards are the plain chain rule (no 1/m).

The full-sequence forwards also run without the output layer: leave ``Wya``/``Wy`` and ``by`` out of
``parameters`` (both) and the prediction comes back as ``None`` (what the autograd ops and the
``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` modules do: their output layer is a separate module).

Fast by construction: the full-sequence forwards compute the input projections of all time steps
in one matrix product, the LSTM's four gates are one ``(4 n_a, n_a + n_x)`` matrix (fused
internally from the course's separate names), the predictions of all steps are one product after
the loop, and the backwards collect the pre-activation gradients of every step and form the weight
gradients and ``dx`` with one product each; the only Python loop is the one over time.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_array, as_dtype, as_float, check_positive_number, compute_dtype
from ._cache import Cache, open_cache
from .activations import sigmoid, softmax

__all__ = [
    "rnn_cell_forward", "rnn_cell_backward", "rnn_forward", "rnn_backward",
    "lstm_cell_forward", "lstm_cell_backward", "lstm_forward", "lstm_backward",
    "gru_forward", "gru_backward", "clip_gradients",
    "sequence_softmax_cross_entropy_loss_forward", "sequence_softmax_cross_entropy_loss_backward",
]

_RNN_PARAMS = ("Wax", "Waa", "Wya", "ba", "by")
_LSTM_GATES = ("f", "i", "c", "o")
_LSTM_PARAMS = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by")
_GRU_GATES = ("u", "r", "c")
_GRU_PARAMS = ("Wu", "bu", "Wr", "br", "Wc", "bc", "Wy", "by")


# --- argument checking ----------------------------------------------------------------------------

def _shape_error(name, x, expected: str, hint: str = "") -> ValueError:
    return ValueError(f"{name} has shape {np.shape(x)} but expected {expected}{hint}")


def _params(parameters, names, dtype, optional=()):
    """The arrays ``names`` of ``parameters`` in ``dtype``; the ``optional`` ones (the output layer of a
    full-sequence forward) may be left out together, and then come back as ``None``."""
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict with the keys {', '.join(names)}, "
                        f"got {type(parameters).__name__}")
    skip = optional if optional and not any(k in parameters for k in optional) else ()
    missing = [k for k in names if k not in parameters and k not in skip]
    if missing:
        raise KeyError(f"parameters lacks {', '.join(missing)} (expected the keys {', '.join(names)})")
    return {k: None if k in skip else as_dtype(k, parameters[k], dtype, "the first floating-point argument")
            for k in names}


def _dtype(*arrays):
    return compute_dtype(*arrays)


def _check_2d(name, x, shape: tuple, labels: str, hint: str = "") -> None:
    if x.ndim != 2 or x.shape != shape:
        raise _shape_error(name, x, f"({labels}) = {shape}", hint)


def _check_rnn_params(p):
    Waa = p["Waa"]
    if Waa.ndim != 2 or Waa.shape[0] != Waa.shape[1]:
        raise _shape_error("Waa", Waa, "(n_a, n_a): a square matrix")
    n_a = Waa.shape[0]
    Wax = p["Wax"]
    if Wax.ndim != 2 or Wax.shape[0] != n_a:
        raise _shape_error("Wax", Wax, f"(n_a={n_a}, n_x)")
    _check_2d("ba", p["ba"], (n_a, 1), "n_a, 1")
    _check_output(p, "Wya", n_a)
    return n_a, Wax.shape[1]


def _check_output(p, name, n_a):
    """The output layer ``name`` (n_y, n_a) and ``by`` (n_y, 1), unless both were left out."""
    W = p[name]
    if W is None:
        return
    if W.ndim != 2 or W.shape[1] != n_a:
        raise _shape_error(name, W, f"(n_y, n_a={n_a})")
    _check_2d("by", p["by"], (W.shape[0], 1), "n_y, 1")


def _check_lstm_params(p):
    Wf = p["Wf"]
    if Wf.ndim != 2 or Wf.shape[1] <= Wf.shape[0]:
        raise _shape_error("Wf", Wf, "(n_a, n_a + n_x): it acts on the concatenation [a_prev; xt]")
    n_a, n_ax = Wf.shape
    for g in _LSTM_GATES:
        _check_2d(f"W{g}", p[f"W{g}"], (n_a, n_ax), "n_a, n_a + n_x")
        _check_2d(f"b{g}", p[f"b{g}"], (n_a, 1), "n_a, 1")
    _check_output(p, "Wy", n_a)
    return n_a, n_ax - n_a


def _check_step(name, xt, n_x, dtype):
    xt = as_dtype(name, xt, dtype, "the model")
    if xt.ndim != 2 or xt.shape[0] != n_x:
        hint = f" (did you transpose {name}? examples are columns: {name} is (n_x, m))" \
            if xt.ndim == 2 and xt.shape[1] == n_x else ""
        raise _shape_error(name, xt, f"(n_x={n_x}, m)", hint)
    if xt.shape[1] == 0:
        raise ValueError(f"{name} has shape {xt.shape}: m (the number of examples) is 0")
    return xt


def _check_sequence(x, n_x, dtype):
    x = as_dtype("x", x, dtype, "the model")
    if x.ndim != 3 or x.shape[0] != n_x:
        hint = ""
        if x.ndim == 3 and x.shape[2] == n_x:
            hint = " (did you pass (m, T_x, n_x)? sequences are (n_x, m, T_x) in the course's layout)"
        elif x.ndim == 2:
            hint = " (one time step? the full-sequence kernels take x of shape (n_x, m, T_x))"
        raise _shape_error("x", x, f"(n_x={n_x}, m, T_x)", hint)
    if x.shape[1] == 0:
        raise ValueError(f"x has shape {x.shape}: m (the number of examples) is 0")
    if x.shape[2] == 0:
        raise ValueError(f"x has shape {x.shape}: T_x (the number of time steps) is 0")
    return x


def _check_state(name, a, n_a, m, dtype):
    a = as_dtype(name, a, dtype, "the model")
    if a.shape != (n_a, m):
        hint = f" (did you transpose {name}?)" if a.shape == (m, n_a) else ""
        raise _shape_error(name, a, f"(n_a={n_a}, m={m})", hint)
    return a


def _check_grad(name, d, shape, dtype, labels):
    d = as_dtype(name, d, dtype, "the layer's output")  # integers converted, another precision refused
    if d.shape != shape:
        raise ValueError(f"{name} has shape {d.shape} but the forward's output had shape ({labels}) = {shape} "
                         f"(cache of another layer?)")
    return d


def _softmax_steps(W, a, b):
    """softmax(W a<t> + b) for every step at once: a (n_a, m, T) -> (n_y, m, T); None without W and b."""
    if W is None:
        return None
    n_a, m, T = a.shape
    z = W @ a.reshape(n_a, m * T)
    z += b
    return softmax(z, axis=0).reshape(W.shape[0], m, T)


# --- basic RNN ------------------------------------------------------------------------------------

def rnn_cell_forward(xt, a_prev, parameters):
    """One RNN step: ``a_next = tanh(Wax xt + Waa a_prev + ba)``, ``yt_pred = softmax(Wya a_next + by)``.

    xt (n_x, m), a_prev (n_a, m) -> a_next (n_a, m), yt_pred (n_y, m). Returns ``(a_next, yt_pred, cache)``.
    """
    dtype = _dtype(*(parameters.get(k) for k in _RNN_PARAMS if isinstance(parameters, dict)), xt, a_prev)
    p = _params(parameters, _RNN_PARAMS, dtype)
    n_a, n_x = _check_rnn_params(p)
    xt = _check_step("xt", xt, n_x, dtype)
    a_prev = _check_state("a_prev", a_prev, n_a, xt.shape[1], dtype)
    z = p["Wax"] @ xt
    z += p["Waa"] @ a_prev
    z += p["ba"]
    a_next = np.tanh(z, out=z)
    yt_pred = softmax(p["Wya"] @ a_next + p["by"], axis=0)
    return a_next, yt_pred, Cache("rnn_cell", a_next=a_next, a_prev=a_prev, xt=xt, Wax=p["Wax"], Waa=p["Waa"])


def rnn_cell_backward(da_next, cache):
    """Backward of :func:`rnn_cell_forward` given ``da_next`` = dL/da_next (n_a, m).

    Returns ``{"dxt", "da_prev", "dWax", "dWaa", "dba"}``.
    """
    v = open_cache(cache, "rnn_cell")
    a_next = v["a_next"]
    da_next = _check_grad("da_next", da_next, a_next.shape, a_next.dtype, "n_a, m")
    dz = (1 - a_next * a_next) * da_next
    return {"dxt": v["Wax"].T @ dz, "da_prev": v["Waa"].T @ dz, "dWax": dz @ v["xt"].T,
            "dWaa": dz @ v["a_prev"].T, "dba": np.sum(dz, axis=1, keepdims=True)}


def rnn_forward(x, a0, parameters):
    """The RNN over a whole sequence: x (n_x, m, T_x), a0 (n_a, m).

    Returns ``(a, y_pred, cache)`` with a (n_a, m, T_x) and y_pred (n_y, m, T_x).
    """
    dtype = _dtype(*(parameters.get(k) for k in _RNN_PARAMS if isinstance(parameters, dict)), x, a0)
    p = _params(parameters, _RNN_PARAMS, dtype, optional=("Wya", "by"))
    n_a, n_x = _check_rnn_params(p)
    x = _check_sequence(x, n_x, dtype)
    _, m, T = x.shape
    a0 = _check_state("a0", a0, n_a, m, dtype)
    # input projections of all steps in one product, stored time-major so each step is contiguous
    xproj = p["Wax"] @ x.transpose(0, 2, 1).reshape(n_x, T * m)
    xproj = np.ascontiguousarray(xproj.reshape(n_a, T, m).transpose(1, 0, 2) + p["ba"])  # (T, n_a, m)
    a_t = np.empty((T, n_a, m), dtype=dtype)
    a_prev, Waa = a0, p["Waa"]
    for t in range(T):
        z = Waa @ a_prev
        z += xproj[t]
        a_prev = np.tanh(z, out=a_t[t])
    a = np.ascontiguousarray(a_t.transpose(1, 2, 0))
    y_pred = _softmax_steps(p["Wya"], a, p["by"])
    return a, y_pred, Cache("rnn", a_t=a_t, a0=a0, x=x, Wax=p["Wax"], Waa=Waa)


def rnn_backward(da, cache):
    """Backward of :func:`rnn_forward` given ``da`` (n_a, m, T_x), dL/da<t> for every step.

    Returns ``{"dx", "da0", "dWax", "dWaa", "dba"}`` (dx has x's shape (n_x, m, T_x)).
    """
    v = open_cache(cache, "rnn")
    a_t, a0, x, Wax, Waa = v["a_t"], v["a0"], v["x"], v["Wax"], v["Waa"]
    T, n_a, m = a_t.shape
    n_x = x.shape[0]
    da = _check_grad("da", da, (n_a, m, T), a_t.dtype, "n_a, m, T_x")
    dz = np.empty_like(a_t)  # (T, n_a, m)
    carry = np.zeros((n_a, m), dtype=a_t.dtype)
    for t in range(T - 1, -1, -1):
        g = da[:, :, t] + carry
        g *= 1 - a_t[t] * a_t[t]
        dz[t] = g
        carry = Waa.T @ g
    a_prev = np.concatenate([a0[None], a_t[:-1]])  # (T, n_a, m)
    dz_flat = dz.transpose(1, 0, 2).reshape(n_a, T * m)
    x_flat = x.transpose(0, 2, 1).reshape(n_x, T * m)
    dx = (Wax.T @ dz_flat).reshape(n_x, T, m).transpose(0, 2, 1)
    return {"dx": np.ascontiguousarray(dx), "da0": carry,
            "dWax": dz_flat @ x_flat.T,
            "dWaa": dz_flat @ a_prev.transpose(1, 0, 2).reshape(n_a, T * m).T,
            "dba": dz_flat.sum(axis=1, keepdims=True)}


# --- LSTM -----------------------------------------------------------------------------------------

def _fused(p, n_a):
    """The four gates' weights as one (4 n_a, n_a + n_x) matrix and one (4 n_a, 1) bias (order f, i, c, o)."""
    W = np.concatenate([p[f"W{g}"] for g in _LSTM_GATES])
    b = np.concatenate([p[f"b{g}"] for g in _LSTM_GATES])
    return W, b


def _gates(z, n_a):
    """Pre-activations (4 n_a, m) -> ft, it, cct, ot, computed in place in z."""
    z[:2 * n_a] = sigmoid(z[:2 * n_a])
    np.tanh(z[2 * n_a:3 * n_a], out=z[2 * n_a:3 * n_a])
    z[3 * n_a:] = sigmoid(z[3 * n_a:])
    return z


def _lstm_step_grads(da_next, dc_next, gates, c_prev, tanh_c, n_a):
    """d(pre-activations) (4 n_a, m) and dc_prev of one LSTM step."""
    ft, it, cct, ot = gates[:n_a], gates[n_a:2 * n_a], gates[2 * n_a:3 * n_a], gates[3 * n_a:]
    dc = dc_next + da_next * ot * (1 - tanh_c * tanh_c)
    dg = np.empty_like(gates)
    dg[:n_a] = dc * c_prev * ft * (1 - ft)
    dg[n_a:2 * n_a] = dc * cct * it * (1 - it)
    dg[2 * n_a:3 * n_a] = dc * it * (1 - cct * cct)
    dg[3 * n_a:] = da_next * tanh_c * ot * (1 - ot)
    return dg, dc * ft


def _split_grads(dW, db, n_a, out):
    for k, g in enumerate(_LSTM_GATES):
        out[f"dW{g}"] = dW[k * n_a:(k + 1) * n_a]
        out[f"db{g}"] = db[k * n_a:(k + 1) * n_a]
    return out


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One LSTM step on ``concat = [a_prev; xt]``:

    ``ft = sigmoid(Wf concat + bf)``, ``it = sigmoid(Wi concat + bi)``, ``cct = tanh(Wc concat + bc)``,
    ``c_next = ft * c_prev + it * cct``, ``ot = sigmoid(Wo concat + bo)``, ``a_next = ot * tanh(c_next)``,
    ``yt_pred = softmax(Wy a_next + by)``. xt (n_x, m), a_prev and c_prev (n_a, m).
    Returns ``(a_next, c_next, yt_pred, cache)``.
    """
    dtype = _dtype(*(parameters.get(k) for k in _LSTM_PARAMS if isinstance(parameters, dict)), xt, a_prev)
    p = _params(parameters, _LSTM_PARAMS, dtype)
    n_a, n_x = _check_lstm_params(p)
    xt = _check_step("xt", xt, n_x, dtype)
    m = xt.shape[1]
    a_prev = _check_state("a_prev", a_prev, n_a, m, dtype)
    c_prev = _check_state("c_prev", c_prev, n_a, m, dtype)
    W, b = _fused(p, n_a)
    concat = np.concatenate([a_prev, xt])
    gates = _gates(W @ concat + b, n_a)
    c_next = gates[:n_a] * c_prev + gates[n_a:2 * n_a] * gates[2 * n_a:3 * n_a]
    tanh_c = np.tanh(c_next)
    a_next = gates[3 * n_a:] * tanh_c
    yt_pred = softmax(p["Wy"] @ a_next + p["by"], axis=0)
    cache = Cache("lstm_cell", gates=gates, c_prev=c_prev, tanh_c=tanh_c, concat=concat, W=W, n_a=n_a)
    return a_next, c_next, yt_pred, cache


def lstm_cell_backward(da_next, dc_next, cache):
    """Backward of :func:`lstm_cell_forward` given dL/da_next and dL/dc_next (n_a, m).

    Returns ``{"dxt", "da_prev", "dc_prev", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"}``.
    """
    v = open_cache(cache, "lstm_cell")
    n_a, tanh_c = v["n_a"], v["tanh_c"]
    da_next = _check_grad("da_next", da_next, tanh_c.shape, tanh_c.dtype, "n_a, m")
    dc_next = _check_grad("dc_next", dc_next, tanh_c.shape, tanh_c.dtype, "n_a, m")
    dg, dc_prev = _lstm_step_grads(da_next, dc_next, v["gates"], v["c_prev"], tanh_c, n_a)
    dconcat = v["W"].T @ dg
    out = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc_prev}
    return _split_grads(dg @ v["concat"].T, dg.sum(axis=1, keepdims=True), n_a, out)


def lstm_forward(x, a0, parameters, c0=None):
    """The LSTM over a whole sequence: x (n_x, m, T_x), a0 (n_a, m); the memory starts at ``c0``
    (zeros by default, as in the course).

    Returns ``(a, y, c, cache)`` with a and c (n_a, m, T_x), y (n_y, m, T_x).
    """
    dtype = _dtype(*(parameters.get(k) for k in _LSTM_PARAMS if isinstance(parameters, dict)), x, a0)
    p = _params(parameters, _LSTM_PARAMS, dtype, optional=("Wy", "by"))
    n_a, n_x = _check_lstm_params(p)
    x = _check_sequence(x, n_x, dtype)
    _, m, T = x.shape
    a0 = _check_state("a0", a0, n_a, m, dtype)
    c0 = np.zeros((n_a, m), dtype=dtype) if c0 is None else _check_state("c0", c0, n_a, m, dtype)
    W, b = _fused(p, n_a)
    Wa, Wx = W[:, :n_a], W[:, n_a:]
    # The loop's arrays are time-major, (T, rows, m): one step is one contiguous block, which numpy's
    # elementwise operations run through fastest. Nothing is allocated inside the loop.
    x_tm = np.ascontiguousarray(x.transpose(2, 0, 1))  # (T, n_x, m)
    gates = np.empty((T, 4 * n_a, m), dtype=dtype)  # pre-activations, then the gates, made in place
    np.matmul(Wx, x_tm, out=gates)  # the input projections of all steps in one call, before the loop
    gates += b
    a_ext = np.empty((T + 1, n_a, m), dtype=dtype)  # a<0>, a<1>, ..., a<T>
    c_ext = np.empty((T + 1, n_a, m), dtype=dtype)
    tanh_c = np.empty((T, n_a, m), dtype=dtype)
    a_ext[0], c_ext[0] = a0, c0
    rec = np.empty((4 * n_a, m), dtype=dtype)  # the recurrent product of one step
    work = _SigmoidBuffers((2 * n_a, m), dtype)
    prod = np.empty((n_a, m), dtype=dtype)
    for t in range(T):
        z = gates[t]
        np.matmul(Wa, a_ext[t], out=rec)  # one product per step for the recurrence (4 gates fused)
        z += rec
        work.sigmoid(z[:2 * n_a])
        np.tanh(z[2 * n_a:3 * n_a], out=z[2 * n_a:3 * n_a])
        work.sigmoid(z[3 * n_a:])
        c_next = c_ext[t + 1]
        np.multiply(z[:n_a], c_ext[t], out=c_next)
        np.multiply(z[n_a:2 * n_a], z[2 * n_a:3 * n_a], out=prod)
        c_next += prod
        np.tanh(c_next, out=tanh_c[t])
        np.multiply(z[3 * n_a:], tanh_c[t], out=a_ext[t + 1])
    a = np.ascontiguousarray(a_ext[1:].transpose(1, 2, 0))
    c = np.ascontiguousarray(c_ext[1:].transpose(1, 2, 0))
    y = _softmax_steps(p["Wy"], a, p["by"])
    x_flat = x_tm.transpose(1, 0, 2).reshape(n_x, T * m)  # columns ordered (t, example), for dW
    cache = Cache("lstm", gates=gates, a_ext=a_ext, c_ext=c_ext, tanh_c=tanh_c, x_flat=x_flat, W=W, n_a=n_a)
    return a, y, c, cache


def lstm_backward(da, cache, dc=None):
    """Backward of :func:`lstm_forward` given ``da`` (n_a, m, T_x), dL/da<t> for every step.

    As in the course the memory cells get gradient only through the recurrence, unless ``dc``
    (n_a, m, T_x), dL/dc<t> from elsewhere (e.g. a decoder started from the last memory), is given.

    Returns ``{"dx", "da0", "dc0", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"}``.
    """
    v = open_cache(cache, "lstm")
    gates, a_ext, c_ext, tanh_c, W, n_a = v["gates"], v["a_ext"], v["c_ext"], v["tanh_c"], v["W"], v["n_a"]
    x_flat = v["x_flat"]
    T, _, m = tanh_c.shape
    n_x = x_flat.shape[0]
    dtype = tanh_c.dtype
    da = _check_grad("da", da, (n_a, m, T), dtype, "n_a, m, T_x")
    da = np.ascontiguousarray(da.transpose(2, 0, 1))  # time-major (T, n_a, m)
    if dc is not None:
        dc = _check_grad("dc", dc, (n_a, m, T), dtype, "n_a, m, T_x")
        dc = np.ascontiguousarray(dc.transpose(2, 0, 1))
    WaT, Wx = W[:, :n_a].T, W[:, n_a:]
    dg_all = np.empty((T, 4 * n_a, m), dtype=dtype)  # d(pre-activations) of every step
    da_carry = np.zeros((n_a, m), dtype=dtype)
    dc_carry = np.zeros((n_a, m), dtype=dtype)
    da_next = np.empty((n_a, m), dtype=dtype)
    dc_t = np.empty((n_a, m), dtype=dtype)
    tmp = np.empty((n_a, m), dtype=dtype)
    for t in range(T - 1, -1, -1):
        if dc is not None:
            dc_carry += dc[t]
        z, th, c_prev, dg = gates[t], tanh_c[t], c_ext[t], dg_all[t]
        ft, it, cct, ot = z[:n_a], z[n_a:2 * n_a], z[2 * n_a:3 * n_a], z[3 * n_a:]
        df, di, dcc, do = dg[:n_a], dg[n_a:2 * n_a], dg[2 * n_a:3 * n_a], dg[3 * n_a:]
        np.add(da[t], da_carry, out=da_next)
        # dc<t> = dc_next + da_next * ot * (1 - tanh(c<t>)^2)
        np.multiply(da_next, ot, out=dc_t)
        np.multiply(th, th, out=tmp)
        np.subtract(1, tmp, out=tmp)
        dc_t *= tmp
        dc_t += dc_carry
        # the gates' pre-activations: sigmoid' = s (1 - s), tanh' = 1 - t^2
        np.multiply(dc_t, c_prev, out=df)
        df *= ft
        np.subtract(1, ft, out=tmp)
        df *= tmp
        np.multiply(dc_t, cct, out=di)
        di *= it
        np.subtract(1, it, out=tmp)
        di *= tmp
        np.multiply(dc_t, it, out=dcc)
        np.multiply(cct, cct, out=tmp)
        np.subtract(1, tmp, out=tmp)
        dcc *= tmp
        np.multiply(da_next, th, out=do)
        do *= ot
        np.subtract(1, ot, out=tmp)
        do *= tmp
        np.multiply(dc_t, ft, out=dc_carry)
        np.matmul(WaT, dg, out=da_carry)  # one product per step for the recurrence
    # the weight gradients and dx: one product each over all the steps' columns
    dg_flat = np.ascontiguousarray(dg_all.transpose(1, 0, 2)).reshape(4 * n_a, T * m)
    concat = np.empty((n_a + n_x, T, m), dtype=dtype)  # [a<t-1>; x<t>] of every step, columns (t, example)
    concat[:n_a] = a_ext[:T].transpose(1, 0, 2)
    concat[n_a:] = x_flat.reshape(n_x, T, m)
    dW = dg_flat @ concat.reshape(n_a + n_x, T * m).T
    dx = (Wx.T @ dg_flat).reshape(n_x, T, m).transpose(0, 2, 1)
    out = {"dx": np.ascontiguousarray(dx), "da0": da_carry, "dc0": dc_carry}
    return _split_grads(dW, dg_flat.sum(axis=1, keepdims=True), n_a, out)


class _SigmoidBuffers:
    """:func:`~dlcourse.functional.activations.sigmoid` computed in place, in preallocated buffers (the
    same operations in the same order, so the same bits): the loop over time allocates nothing."""

    def __init__(self, shape, dtype):
        self.e = np.empty(shape, dtype=dtype)
        self.d = np.empty(shape, dtype=dtype)
        self.pos = np.empty(shape, dtype=bool)

    def sigmoid(self, z):
        n = z.shape[0]
        e, d, pos = self.e[:n], self.d[:n], self.pos[:n]
        np.abs(z, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)
        np.add(e, 1, out=d)
        np.greater_equal(z, 0, out=pos)
        np.maximum(e, pos, out=e)
        np.divide(e, d, out=z)
        return z


# --- GRU ------------------------------------------------------------------------------------------

def _check_gru_params(p):
    Wu = p["Wu"]
    if Wu.ndim != 2 or Wu.shape[1] <= Wu.shape[0]:
        raise _shape_error("Wu", Wu, "(n_a, n_a + n_x): it acts on the concatenation [c_prev; xt]")
    n_a, n_ax = Wu.shape
    for g in _GRU_GATES:
        _check_2d(f"W{g}", p[f"W{g}"], (n_a, n_ax), "n_a, n_a + n_x")
        _check_2d(f"b{g}", p[f"b{g}"], (n_a, 1), "n_a, 1")
    _check_output(p, "Wy", n_a)
    return n_a, n_ax - n_a


def gru_forward(x, a0, parameters):
    """The lecture's GRU over a whole sequence (memory cell ``c<t> = a<t>``), on ``[c<t-1>; x<t>]``:

    ``gu = sigmoid(Wu [c<t-1>; x<t>] + bu)`` (update gate), ``gr = sigmoid(Wr [c<t-1>; x<t>] + br)``
    (relevance gate), ``cc = tanh(Wc [gr * c<t-1>; x<t>] + bc)``, ``c<t> = gu * cc + (1 - gu) * c<t-1>``,
    ``y<t> = softmax(Wy c<t> + by)``. Parameters ``Wu, Wr, Wc`` (n_a, n_a + n_x), ``bu, br, bc`` (n_a, 1),
    ``Wy`` (n_y, n_a), ``by`` (n_y, 1); x (n_x, m, T_x), a0 (n_a, m).
    Returns ``(a, y_pred, cache)`` with a (n_a, m, T_x), y_pred (n_y, m, T_x).
    """
    dtype = _dtype(*(parameters.get(k) for k in _GRU_PARAMS if isinstance(parameters, dict)), x, a0)
    p = _params(parameters, _GRU_PARAMS, dtype, optional=("Wy", "by"))
    n_a, n_x = _check_gru_params(p)
    x = _check_sequence(x, n_x, dtype)
    _, m, T = x.shape
    a0 = _check_state("a0", a0, n_a, m, dtype)
    W = np.concatenate([p[f"W{g}"] for g in _GRU_GATES])  # (3 n_a, n_a + n_x), order u, r, c
    b = np.concatenate([p[f"b{g}"] for g in _GRU_GATES])
    W_ur, W_c, Wx = W[:2 * n_a, :n_a], W[2 * n_a:, :n_a], W[:, n_a:]
    gates = (Wx @ x.transpose(0, 2, 1).reshape(n_x, T * m)).reshape(3 * n_a, T, m).transpose(1, 0, 2) + b
    gates = np.ascontiguousarray(gates)  # (T, 3 n_a, m), time-major
    a_t = np.empty((T, n_a, m), dtype=dtype)
    ra_t = np.empty((T, n_a, m), dtype=dtype)  # gr * c<t-1>, the input of Wc's recurrent part
    a_prev = a0
    for t in range(T):
        z = gates[t]
        z[:2 * n_a] += W_ur @ a_prev
        z[:2 * n_a] = sigmoid(z[:2 * n_a])
        np.multiply(z[n_a:2 * n_a], a_prev, out=ra_t[t])
        z[2 * n_a:] += W_c @ ra_t[t]
        np.tanh(z[2 * n_a:], out=z[2 * n_a:])
        u, cc = z[:n_a], z[2 * n_a:]
        a_prev = np.add(a_prev, u * (cc - a_prev), out=a_t[t])
    a = np.ascontiguousarray(a_t.transpose(1, 2, 0))
    y = _softmax_steps(p["Wy"], a, p["by"])
    return a, y, Cache("gru", gates=gates, a_t=a_t, ra_t=ra_t, a0=a0, x=x, W=W, n_a=n_a)


def gru_backward(da, cache):
    """Backward of :func:`gru_forward` given ``da`` (n_a, m, T_x), dL/da<t> for every step.

    Returns ``{"dx", "da0", "dWu", "dbu", "dWr", "dbr", "dWc", "dbc"}``.
    """
    v = open_cache(cache, "gru")
    gates, a_t, ra_t, W, n_a, x = v["gates"], v["a_t"], v["ra_t"], v["W"], v["n_a"], v["x"]
    T, _, m = a_t.shape
    n_x = x.shape[0]
    da = _check_grad("da", da, (n_a, m, T), a_t.dtype, "n_a, m, T_x")
    W_ur, W_c, Wx = W[:2 * n_a, :n_a], W[2 * n_a:, :n_a], W[:, n_a:]
    dz_t = np.empty_like(gates)  # (T, 3 n_a, m): d(pre-activations) of u, r, c
    carry = np.zeros((n_a, m), dtype=a_t.dtype)
    for t in range(T - 1, -1, -1):
        a_prev = a_t[t - 1] if t > 0 else v["a0"]
        u, r, cc = gates[t][:n_a], gates[t][n_a:2 * n_a], gates[t][2 * n_a:]
        g = da[:, :, t] + carry
        dz = dz_t[t]
        dz[:n_a] = g * (cc - a_prev) * u * (1 - u)
        dz[2 * n_a:] = g * u * (1 - cc * cc)
        dra = W_c.T @ dz[2 * n_a:]
        dz[n_a:2 * n_a] = dra * a_prev * r * (1 - r)
        carry = g * (1 - u) + dra * r + W_ur.T @ dz[:2 * n_a]
    dz_flat = dz_t.transpose(1, 0, 2).reshape(3 * n_a, T * m)
    a_prev = np.concatenate([v["a0"][None], a_t[:-1]]).transpose(1, 0, 2).reshape(n_a, T * m)
    ra = ra_t.transpose(1, 0, 2).reshape(n_a, T * m)
    x_flat = x.transpose(0, 2, 1).reshape(n_x, T * m)
    dWx = dz_flat @ x_flat.T
    dW_a = np.concatenate([dz_flat[:2 * n_a] @ a_prev.T, dz_flat[2 * n_a:] @ ra.T])
    dW = np.concatenate([dW_a, dWx], axis=1)
    db = dz_flat.sum(axis=1, keepdims=True)
    dx = (Wx.T @ dz_flat).reshape(n_x, T, m).transpose(0, 2, 1)
    out = {"dx": np.ascontiguousarray(dx), "da0": carry}
    for k, g in enumerate(_GRU_GATES):
        out[f"dW{g}"] = dW[k * n_a:(k + 1) * n_a]
        out[f"db{g}"] = db[k * n_a:(k + 1) * n_a]
    return out


# --- gradient clipping ----------------------------------------------------------------------------

def clip_gradients(grads, max_value):
    """The course's elementwise clip: every entry of every gradient into ``[-max_value, max_value]``.

    ``grads`` is a dict of arrays (``{"dWaa": ..., "dWax": ..., ...}``); returns a **new** dict of new
    arrays (the inputs are not modified), each in its own dtype.
    """
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict of gradient arrays, got {type(grads).__name__}")
    max_value = check_positive_number("max_value", max_value)
    out = {}
    for k, g in grads.items():
        g = as_float(str(k), g)
        out[k] = np.clip(g, -max_value, max_value).astype(g.dtype, copy=False)
    return out


# --- softmax cross-entropy over time, with a mask -------------------------------------------------

def _check_mask(mask, m, T, dtype):
    if mask is None:
        return np.ones((m, T), dtype=dtype), m * T
    mask = as_array("mask", mask)
    if mask.shape != (m, T):
        hint = " (did you transpose mask?)" if mask.shape == (T, m) else ""
        raise ValueError(f"mask has shape {mask.shape} but expected (m, T_x) = {(m, T)}: 1 for a real step, "
                         f"0 for padding{hint}")
    mask = mask.astype(dtype)
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError("mask must hold 0 (padding, ignored) and 1 (a real step), or booleans")
    n = int(np.count_nonzero(mask))
    if n == 0:
        raise ValueError("mask selects no step: the mean over the unmasked steps is undefined")
    return mask, n


def sequence_softmax_cross_entropy_loss_forward(Z, Y, mask=None):
    """Mean cross-entropy of softmax over the classes of logits Z (C, m, T_x), one prediction per step.

    ``Y`` is either integer class indices (m, T_x) or one-hot (or soft) labels (C, m, T_x); ``mask``
    (m, T_x), 1 for a real step and 0 for padding (default: every step counts), may be boolean. With
    ``N`` the number of unmasked steps, ``J = -(1/N) sum_{i,t} mask_it log softmax(Z[:, i, t])[y_it]``:
    the mean over the real steps of all examples, as Keras' masked ``sparse_categorical_crossentropy``.
    Labels at masked steps are ignored (they may hold anything, e.g. -1). Returns ``(J, cache)``;
    ``J`` is a numpy scalar of Z's dtype.
    """
    Z = as_float("Z", Z)
    if Z.ndim != 3:
        hint = " (one step? the per-step loss is softmax_cross_entropy_loss_forward)" if Z.ndim == 2 else ""
        raise ValueError(f"Z has shape {Z.shape} but expected the logits of every step (C, m, T_x){hint}")
    C, m, T = Z.shape
    if m == 0 or T == 0 or C == 0:
        raise ValueError(f"Z has shape {Z.shape}: C, m (the number of examples) and T_x must be positive")
    mask, n = _check_mask(mask, m, T, Z.dtype)
    Y = as_array("Y", Y)
    if Y.ndim == 2:
        if Y.dtype.kind not in "iu":
            raise TypeError(f"Y of shape (m, T_x) must hold integer class indices, got dtype {Y.dtype} "
                            f"(one-hot labels are (C, m, T_x))")
        if Y.shape != (m, T):
            raise ValueError(f"Y has shape {Y.shape} but expected class indices (m, T_x) = {(m, T)}")
        real = mask != 0
        if np.any(real & ((Y < 0) | (Y >= C))):
            bad = Y[real & ((Y < 0) | (Y >= C))]
            raise ValueError(f"Y must hold class indices in [0, C) = [0, {C}) at the unmasked steps, found "
                             f"{int(bad.min())}..{int(bad.max())}")
        Y = (Y * real).astype(np.intp)  # masked steps read class 0; their term is multiplied by 0
        onehot = False
    else:
        if Y.shape != Z.shape:
            raise ValueError(f"Y has shape {Y.shape} but expected class indices (m, T_x) = {(m, T)} or "
                             f"one-hot labels (C, m, T_x) = {Z.shape}")
        Y = as_float("Y", Y).astype(Z.dtype, copy=False)
        onehot = True
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z contains NaN/inf (check the input data / learning rate)")
    shifted = Z - Z.max(axis=0, keepdims=True)
    lse = np.log(np.sum(np.exp(shifted), axis=0))  # (m, T)
    if onehot:
        nll = lse * Y.sum(axis=0) - np.sum(shifted * Y, axis=0)
    else:
        nll = lse - np.take_along_axis(shifted, Y[None], axis=0)[0]
    nll *= mask
    J = Z.dtype.type(np.sum(nll) / n)
    return J, Cache("sequence_softmax_cross_entropy_loss", Z=Z, Y=Y, onehot=onehot, mask=mask, n=n)


def sequence_softmax_cross_entropy_loss_backward(dJ, cache):
    """dJ/dZ = dJ * mask * (softmax(Z) - Y) / N, shape (C, m, T_x): padding steps get no gradient."""
    v = open_cache(cache, "sequence_softmax_cross_entropy_loss")
    Z, Y = v["Z"], v["Y"]
    dJ = as_float("dJ", dJ)
    if dJ.size != 1:
        raise ValueError(f"dJ must be a scalar (the upstream gradient of the cost), got shape {dJ.shape}")
    dZ = softmax(Z, axis=0)
    if v["onehot"]:
        dZ -= Y
    else:
        picked = np.take_along_axis(dZ, Y[None], axis=0)
        np.put_along_axis(dZ, Y[None], picked - 1, axis=0)  # one class per (i, t): no repeated index
    dZ *= v["mask"] * Z.dtype.type(dJ.item() / v["n"])
    return dZ
