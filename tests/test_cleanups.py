"""Cleanup (a): the mixed-precision checks live once, in dlcourse._validate (re-exported from
functional/layers.py and functional/_images.py, where they were), with the same messages and results."""
import numpy as np
import pytest

from dlcourse import _validate
from dlcourse.functional import _images, layers


def test_precision_checks_live_once_with_their_messages():
    assert layers.check_same_dtype is _validate.check_same_dtype
    assert _images.as_dtype is _validate.as_dtype and _images.compute_dtype is _validate.compute_dtype
    a32, a64 = np.ones(2, np.float32), np.ones(2)
    with pytest.raises(TypeError, match=r"^Z is float32 but gamma is float64: one layer computes in one dtype "
                                        r"\(cast the data with .astype\(Z.dtype\), or build the model in float64\)$"):
        _validate.check_same_dtype(Z=a32, gamma=a64)
    with pytest.raises(TypeError, match=r"^W is float64 but A_prev is float32: a kernel computes in one precision, "
                                        r"cast one of them \(e.g. W.astype\(np.float32\)\)$"):
        _validate.as_dtype("W", a64, np.dtype(np.float32), "A_prev")
    assert _validate.as_dtype("x", np.arange(3), np.dtype(np.float32), "y").dtype == np.float32
    assert _validate.as_dtype("x", a64, np.dtype(np.float64), "y") is a64  # a float64 array passes untouched
    assert _validate.check_same_dtype(a=a64, b=a64) == np.float64
    assert _validate.compute_dtype(np.arange(3), a32) == np.float32
    assert _validate.compute_dtype(np.arange(3)) == np.float64
    assert _validate.compute_dtype(np.ones(2, np.float16)) == np.float32
