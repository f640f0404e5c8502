"""The grader machinery must accept right answers and reject wrong ones with a useful message."""
import numpy as np
import pytest

from dlcourse.graders import GraderError, compare, run_cases


def test_compare_accepts_equal_structures(capsys):
    compare("ex", "case", {"a": np.ones(3), "b": (1.0, 2)}, {"a": np.ones(3), "b": (1.0, 2)})


@pytest.mark.parametrize("got,expected,needle", [
    (np.ones((2, 3)), np.ones((3, 2)), "wrong shape"),
    (np.ones(3), np.array([1.0, 1.0, 1.1]), "wrong values"),
    ([1.0], np.ones(1), "numpy array"),
    ({"a": 1.0}, {"a": 1.0, "b": 2.0}, "missing keys"),
    (1.5, 1.0, "got 1.5"),
    ("x", 1.0, "expected a number"),
    ((1.0,), (1.0, 2.0), "sequence of 2"),
])
def test_compare_rejects(got, expected, needle):
    with pytest.raises(GraderError, match=needle):
        compare("ex", "case", got, expected, hint="look again")


def test_run_cases_reports_pass_and_failure(capsys):
    cases = [("small", (np.arange(3.0),), {}), ("negative", (-np.arange(3.0),), {})]
    run_cases("double", lambda x: 2 * x, lambda x: x + x, cases)
    assert "[pass] double: all 2 checks passed." in capsys.readouterr().out
    with pytest.raises(GraderError, match="negative"):
        run_cases("double", lambda x: 2 * np.abs(x), lambda x: x + x, cases)
    with pytest.raises(GraderError, match="raised ZeroDivisionError"):
        run_cases("double", lambda x: 1 / 0, lambda x: x + x, cases)


def test_run_cases_protects_reference_from_in_place_edits():
    def sneaky(x):
        x *= 0
        return x

    with pytest.raises(GraderError):
        run_cases("copy", sneaky, lambda x: x, [("c", (np.ones(2),), {})])
