"""The shared grader machinery: right answers pass, wrong ones fail with a useful message, and hostile or
clumsy learner functions (hanging, printing, changing their inputs, returning junk, replaying a recorded
table, not implemented yet) are caught by every exercise."""
import copy
import importlib
import pickle
import signal
import threading
import time

import numpy as np
import pytest

from dlcourse.graders import GraderError, compare, run_cases
from dlcourse.graders import _core

MODULES = [importlib.import_module(f"dlcourse.graders.{name}") for name in (
    "c1_introduction", "c1_python_numpy", "c1_logistic_regression", "c1_shallow_network", "c1_step_by_step",
    "c1_deep_application", "c2_regularization")]
EXERCISES = [(m, ex) for m in MODULES for ex in m.chapter.exercises.values()]
IDS = [f"{m.__name__.split('.')[-1]}.{ex.name}" for m, ex in EXERCISES]


@pytest.fixture(autouse=True)
def fresh_session():
    """Each test starts with no failed attempts recorded (the hint level depends on them)."""
    for m in MODULES:
        m.chapter.failures.clear()
    yield


def _check(module, ex):
    return getattr(module, f"check_{ex.name}")


def test_there_are_40_exercises_each_exported():
    assert len(EXERCISES) == 40
    for module, ex in EXERCISES:
        assert f"check_{ex.name}" in module.__all__ and callable(_check(module, ex))


# --- compare -------------------------------------------------------------------------------------------------

def test_compare_accepts_equal_structures():
    compare("ex", "case", {"a": np.ones(3), "b": (1.0, 2)}, {"a": np.ones(3), "b": (1.0, 2)})


@pytest.mark.parametrize("got,expected,needle", [
    (np.ones((2, 3)), np.ones((3, 2)), "wrong shape"),
    (np.ones(3), np.array([1.0, 1.0, 1.1]), "wrong values"),
    ([1.0], np.ones(1), "numpy array"),
    ({"a": 1.0}, {"a": 1.0, "b": 2.0}, "missing keys"),
    (1.5, 1.0, "got 1.5"),
    ("x", 1.0, "expected a number"),
    (None, 1.0, "forget the return statement"),
    (np.array(["a", "b"]), np.ones(2), "array of numbers"),
    (np.array([None, None]), np.ones(2), "array of numbers"),
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


def _toy(time_limit=_core.DEFAULT_TIME_LIMIT, **spec):
    chapter = _core.Chapter("toy")
    spec.setdefault("concept", "double every entry.")
    spec.setdefault("formula", "return 2 * x")
    spec.setdefault("solution", "def double(x):\n    return 2 * x")

    @chapter.exercise("double", lambda x: 2 * x, time_limit=time_limit,
                      fresh=lambda rng: ("random x", (rng.standard_normal(4),), {}), **spec)
    def check_double():
        return [("x = [0, 1, 2]", (np.arange(3.0),), {})]
    return chapter, check_double


# --- time limit ------------------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM time limits need POSIX")
@pytest.mark.parametrize("body", ["sleep", "loop", "loop that catches Exception"])
def test_a_hanging_function_is_stopped_with_a_clear_message(body):
    def hangs(x):
        if body == "sleep":
            time.sleep(30)
        while True:
            try:
                pass
            except Exception:  # noqa: BLE001 -- a learner's catch-all must not swallow the time limit
                pass

    _, check = _toy(time_limit=0.2)
    start = time.perf_counter()
    with pytest.raises(GraderError, match=r"did not return within 0.2 s"):
        check(hangs)
    assert time.perf_counter() - start < 5
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # the timer is cleared afterwards


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM time limits need POSIX")
def test_time_limit_scale_applies_to_the_real_graders(monkeypatch):
    from dlcourse.graders import c1_python_numpy as grader

    monkeypatch.setenv("DLCOURSE_GRADER_TIME_SCALE", "0.02")  # 10 s -> 0.2 s
    with pytest.raises(GraderError, match="did not return within 0.2 s"):
        grader.check_sigmoid(lambda x: time.sleep(30))


def test_outside_the_main_thread_the_check_runs_without_a_limit(capsys):
    _, check = _toy(time_limit=0.01)
    errors = []

    def run():
        try:
            check(lambda x: (time.sleep(0.05), 2 * x)[1])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert not errors and "[pass] double" in capsys.readouterr().out


# --- printed output, not implemented, rendering ------------------------------------------------------------

def test_a_print_flood_is_truncated(capsys):
    from dlcourse.graders import c1_introduction, c1_python_numpy

    def noisy_neuron(size, w, b):
        for i in range(20000):
            print(f"debug line {i}")
        return np.maximum(0, w * size + b)

    c1_introduction.check_price_neuron(noisy_neuron)
    out = capsys.readouterr().out
    assert len(out) < 2000, len(out)
    assert "your function printed 100000 lines while being checked; the first 5:" in out
    assert "debug line 4" in out and "debug line 5" not in out and "[pass] price_neuron" in out
    with pytest.raises(GraderError):
        c1_python_numpy.check_sigmoid(lambda x: print("x" * 10 ** 6))
    assert len(capsys.readouterr().out) < 2000


def test_a_few_printed_lines_are_shown_whole(capsys):
    _, check = _toy()
    check(lambda x: (print("shape", x.shape), 2 * x)[1])
    out = capsys.readouterr().out
    assert "(your function printed 2 lines while being checked:)\n  shape (3,)\n  shape (4,)\n[pass]" in out


@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_not_implemented_gives_one_line_without_hint(module, ex):
    def exercise_stub(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError

    exercise_stub.__name__ = ex.name
    with pytest.raises(GraderError) as err:
        _check(module, ex)(exercise_stub)
    expected = (f"{ex.name}: not implemented yet \N{EM DASH} fill in the code between ### BEGIN SOLUTION and "
                f"### END SOLUTION")
    assert str(err.value) == expected
    assert err.value._render_traceback_() == [expected]
    assert isinstance(err.value, AssertionError)  # still an exception: the notebook cell fails
    assert module.chapter.failures == {}  # not an attempt: the next failure still starts at hint level 1


def test_not_implemented_in_a_helper_names_the_helper():
    def linear_forward(A, W, b):
        raise NotImplementedError

    def L_model_forward(X, parameters):
        return linear_forward(X, parameters["W1"], parameters["b1"])

    from dlcourse.graders import c1_step_by_step as grader
    with pytest.raises(GraderError, match="^L_model_forward calls linear_forward, which is not implemented yet"):
        grader.check_L_model_forward(L_model_forward)


def test_grader_error_renders_as_its_message_in_ipython():
    from dlcourse.graders import c1_python_numpy as grader
    with pytest.raises(GraderError) as err:
        grader.check_sigmoid(lambda x: 1 / (1 + np.exp(x)))
    lines = err.value._render_traceback_()
    assert lines == str(err.value).splitlines()
    assert lines[0].startswith("sigmoid, ") and any(line.startswith("Likely cause: the sign") for line in lines)
    assert not any("Traceback" in line or "File " in line for line in lines)


def test_an_exception_names_the_learners_line():
    _, check = _toy()

    def double(x):
        y = x.reshape(2, 2)  # fails on the (3,) case
        return 2 * y
    with pytest.raises(GraderError, match=r"raised ValueError: .*\(in double, line \d+: y = x.reshape\(2, 2\)"):
        check(double)


# --- in-place damage ---------------------------------------------------------------------------------------

def _first_float_array(obj, path=()):
    if isinstance(obj, np.ndarray) and obj.dtype.kind == "f" and obj.size:
        return obj
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, (list, tuple)) else ()
    for _, v in items:
        found = _first_float_array(v)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_every_exercise_rejects_in_place_damage_to_its_inputs(module, ex):
    """The reference's right answer, followed by damage to one float array of the inputs (nested in a dict,
    list or tuple or not), must fail with the in-place message."""
    if all(_first_float_array((args, kwargs)) is None for _, args, kwargs in ex.cases()):
        pytest.skip("no array among the inputs (sizes, seeds, numbers)")

    def damaging(*args, **kwargs):
        result = copy.deepcopy(ex.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
        target = _first_float_array((args, kwargs))
        if target is not None:
            target[...] = target + 1.0
        return result

    with pytest.raises(GraderError, match="modified its input .* in place"):
        _check(module, ex)(damaging)


def test_in_place_damage_inside_nested_containers_is_found():
    chapter = _core.Chapter("toy")

    @chapter.exercise("total", lambda d: float(sum(np.sum(a) for a in d["arrays"])), concept="add everything.")
    def check_total():
        return [("nested", ({"arrays": [np.ones(2), (np.zeros(3),)][:1] + [np.zeros(3)]},), {})]

    def sneaky(d):
        total = float(sum(np.sum(a) for a in d["arrays"]))
        d["arrays"][1][0] = 5.0
        return total
    with pytest.raises(GraderError, match=r"modified its input d\['arrays'\]\[1\] in place"):
        check_total(sneaky)


# --- wrong types ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("junk", ["a string", None, [], 3, {"W1": "x"}], ids=["str", "None", "list", "int", "dict"])
@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_every_exercise_reports_a_wrong_type_as_a_grader_error(module, ex, junk):
    with pytest.raises(GraderError) as err:
        _check(module, ex)(lambda *args, **kwargs: copy.deepcopy(junk))
    first = str(err.value).splitlines()[0]
    assert any(word in first for word in ("expected", "return", "must be", "should", "got")), first


# --- a table recorded from one run cannot pass the next --------------------------------------------------

@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_a_replayed_answer_table_fails(module, ex, capsys):
    table = {}

    def key(args, kwargs):
        return pickle.dumps((args, sorted(kwargs.items())))

    def recorder(*args, **kwargs):
        table[key(args, kwargs)] = out = ex.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        return copy.deepcopy(out)

    def replay(*args, **kwargs):
        return copy.deepcopy(table.get(key(args, kwargs)))

    check = _check(module, ex)
    check(recorder)
    first = capsys.readouterr().out
    assert first.startswith(f"[pass] {ex.name}: all ") and "seed" not in first  # the pass line is deterministic
    with pytest.raises(GraderError, match=r"\(random case, seed \d+\)") as err:
        check(replay)
    seed = int(str(err.value).split("seed=")[1].split(")")[0])
    with pytest.raises(GraderError, match=rf"seed {seed}\)"):  # the learner can replay that case
        check(replay, seed=seed)


# --- progressive hints ----------------------------------------------------------------------------------------

def test_hints_escalate_and_the_solution_needs_an_explicit_request(capsys):
    chapter, check = _toy()
    wrong = lambda x: 3 * x  # noqa: E731
    with pytest.raises(GraderError) as first:
        check(wrong)
    text = str(first.value)
    assert "Hint: double every entry." in text and "Formula" not in text and "def double" not in text
    assert 'grader.hint("double") for the formula' in text and 'grader.show_solution("double")' in text
    with pytest.raises(GraderError) as second:
        check(wrong)
    text = str(second.value)
    assert "Formula: return 2 * x" in text and "def double" not in text
    chapter.hint("double", level=1)
    assert capsys.readouterr().out == "Hint: double every entry.\n"
    chapter.hint("double")
    assert "Formula: return 2 * x" in capsys.readouterr().out
    chapter.show_solution("double")
    assert "Solution:\ndef double(x):\n    return 2 * x" in capsys.readouterr().out
    with pytest.raises(GraderError, match="no exercise 'triple'"):
        chapter.hint("triple")


@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_every_worked_solution_passes_its_own_grader(module, ex, capsys):
    assert callable(ex.solution) and ex.solution.__name__ == ex.name
    _check(module, ex)(ex.solution)
    assert capsys.readouterr().out.startswith(f"[pass] {ex.name}: all ")


@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_every_exercise_has_three_hint_levels(module, ex, capsys):
    module.hint(ex.name, level=1)
    concept = capsys.readouterr().out
    module.hint(ex.name)
    formula = capsys.readouterr().out
    module.show_solution(ex.name)
    solution = capsys.readouterr().out
    assert concept.startswith("Hint: ") and "Formula: " in formula and "Solution:\ndef " in solution
    assert len(concept) < len(formula) < len(solution)


@pytest.mark.parametrize("module,ex", EXERCISES, ids=IDS)
def test_a_deleted_body_does_not_get_the_solution(module, ex):
    """A function whose body is gone (returns None) gets the concept, never the formula or the solution."""
    with pytest.raises(GraderError) as err:
        _check(module, ex)(lambda *args, **kwargs: None)
    text = str(err.value)
    assert "Hint: " in text and "Formula: " not in text and "Solution:" not in text
