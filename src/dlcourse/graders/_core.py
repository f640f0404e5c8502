"""Shared machinery of the exercise graders: a chapter's grader only *declares* its exercises.

Declaring an exercise
---------------------
A chapter module creates one :class:`Chapter` and decorates, for each exercise, a function
that returns the fixed cases ``[(name, args, kwargs), ...]``::

    chapter = Chapter(__name__)
    hint, show_solution = chapter.hint, chapter.show_solution

    @chapter.exercise("sigmoid", reference=_sigmoid, fresh=lambda rng: ("x of shape (3, 4)", (rng.normal(size=(3, 4)),), {}),
                      concept="...", formula="...", solution="def sigmoid(x): ...",
                      mistakes=[(wrong_function, "what that mistake is")])
    def check_sigmoid():
        return [("x = 0", (0.0,), {}), ...]

The decorated name becomes ``check_sigmoid(fn, *, seed=None)``, the notebook-facing API.

What a check does (the same for every exercise)
-----------------------------------------------
For each fixed case, then for one case drawn fresh on every call (``fresh(rng)``, seeded from
``os.urandom`` -- so a table of answers recorded from an earlier run cannot pass -- and named
``"... (random case, seed N)"`` in a failure; ``check_x(fn, seed=N)`` replays it):

1. the reference runs on a deep copy of the inputs, the learner's function on another one;
2. the learner's call runs under a time limit (``time_limit`` seconds per call, 10 s unless the
   exercise says otherwise, scaled by the environment variable ``DLCOURSE_GRADER_TIME_SCALE``),
   enforced with ``SIGALRM`` in the main thread on POSIX (a Jupyter kernel); elsewhere the call
   runs without a limit;
3. whatever the function prints is captured: after the check the first few lines are shown, with
   a note of how many more there were (a print loop cannot flood the notebook);
4. an exception becomes a :class:`GraderError` naming it and the line of the learner's code that
   raised it; ``NotImplementedError`` (the learner edition's empty bodies) becomes the one-line
   ``"<exercise>: not implemented yet -- fill in the code between ..."``, without any hint;
5. the answer is checked: the exercise's ``rules`` (functions returning a sentence about what is
   wrong, or ``None``) first, then :func:`compare` against the reference (type, shape, values);
   every wrong type (a string, ``None``, a list for an array) is reported as a GraderError that
   says what was expected;
6. every input -- arrays nested in dicts, lists and tuples included -- is compared with a
   pristine copy: a function that changes its arguments in place fails, even with the right answer.

Progressive hints
-----------------
A failure message states the case and what is wrong, then escalates with the learner's attempts
(counted per exercise for the session):

* level 1, every failure: the *likely cause* -- the first entry of the exercise's ``mistakes`` table
  (``(wrong_function, sentence)``) that reproduces the learner's answer where the reference
  differs -- and the ``concept`` (what to think about, no code);
* level 2, from the second failed attempt at the same exercise on: the ``formula`` as well;
* level 3, only on explicit request: ``grader.show_solution("<exercise>")`` (or
  ``grader.hint("<exercise>", level=3)``) prints the full ``solution``: the source of a worked,
  learner-style function kept in :mod:`dlcourse.graders.solutions` (the tests run every one of
  them through its own grader).

``grader.hint("<exercise>")`` prints levels 1-2 at any time. A not-yet-implemented body gets no
hint at all. :class:`GraderError` renders in IPython as its message lines only
(``_render_traceback_``): the cell still fails, but the learner reads the verdict, not a traceback.
"""
from __future__ import annotations

import copy
import functools
import inspect
import io
import os
import signal
import threading
import traceback
from contextlib import redirect_stdout
from typing import Any, Callable, Iterable, Sequence

import numpy as np

__all__ = ["GraderError", "Chapter", "Exercise", "compare", "matches", "run_cases", "passed", "binary_labels",
           "cross_entropy_cost_mistakes", "check_signature", "NOT_IMPLEMENTED"]

NOT_IMPLEMENTED = "not implemented yet \N{EM DASH} fill in the code between ### BEGIN SOLUTION and ### END SOLUTION"
DEFAULT_TIME_LIMIT = 10.0  # seconds per call of the learner's function; the references take milliseconds
SHOWN_PRINT_LINES = 5  # lines of the learner's own printed output shown after a check


class GraderError(AssertionError):
    """An exercise answer is wrong; the message says which case failed and gives a hint."""

    def _render_traceback_(self):  # IPython shows these lines instead of a traceback
        return str(self).splitlines() or [type(self).__name__]


def passed(exercise: str, n_cases: int) -> None:
    print(f"[pass] {exercise}: all {n_cases} checks passed.")


def _describe(value) -> str:
    if value is None:
        return "None (did you forget the return statement?)"
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, dict):
        keys = list(value)
        return f"a dict with keys {keys[:8]}" + (" ..." if len(keys) > 8 else "")
    if isinstance(value, (tuple, list)):
        kinds = ", ".join(type(v).__name__ if not isinstance(v, np.ndarray) else f"array {v.shape}" for v in value[:6])
        return f"a {type(value).__name__} of {len(value)} values ({kinds}{', ...' if len(value) > 6 else ''})"
    text = f"{type(value).__name__} {value!r}"
    return text if len(text) <= 120 else text[:120] + " ..."


# --- comparing answers -----------------------------------------------------------------------------------

def _numeric(a: np.ndarray) -> bool:
    return a.dtype.kind in "biuf"


def _problem(got, expected, rtol: float, atol: float, where: str = "") -> str | None:
    """What is wrong with ``got`` compared with ``expected`` (one sentence), or ``None`` if it matches."""
    at = f"{where}: " if where else ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{at}expected a dict with keys {sorted(expected)}, got {_describe(got)}."
        missing = sorted(set(expected) - set(got), key=str)
        if missing:
            return f"{at}the returned dict is missing keys {missing}."
        for key in expected:
            p = _problem(got[key], expected[key], rtol, atol, f"{where}[{key!r}]")
            if p:
                return p
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{at}expected a sequence of {len(expected)} values, got {_describe(got)}."
        for i, (g, e) in enumerate(zip(got, expected)):
            p = _problem(g, e, rtol, atol, f"{where}[item {i}]")
            if p:
                return p
        return None
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"{at}expected a numpy array of shape {expected.shape}, got {_describe(got)}."
        if got.shape != expected.shape:
            return f"{at}wrong shape {got.shape}, expected {expected.shape}."
        if not _numeric(got):
            return f"{at}expected an array of numbers, got an array of dtype {got.dtype}."
        with np.errstate(all="ignore"):
            close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
        if not np.all(close):
            bad = tuple(int(i) for i in np.argwhere(~close)[0]) if got.ndim else ()
            return (f"{at}wrong values; e.g. at index {bad} got {got[bad]!r}, expected {expected[bad]!r}."
                    if got.ndim else f"{at}got {got!r}, expected {expected!r}.")
        return None
    if isinstance(expected, (bool, np.bool_, str)) or expected is None:
        try:
            same = bool(got == expected) and type(got) is not np.ndarray
        except Exception:  # noqa: BLE001 -- an object whose == misbehaves is simply not equal
            same = False
        return None if same else f"{at}got {_describe(got)}, expected {expected!r}."
    if isinstance(expected, (int, float, np.number)):
        if isinstance(got, np.ndarray) and got.size == 1 and _numeric(got):
            got = got.item()
        if not isinstance(got, (int, float, np.number)) or isinstance(got, (bool, np.bool_)):
            return f"{at}expected a number, got {_describe(got)}."
        with np.errstate(all="ignore"):
            if np.isnan(expected) and np.isnan(got):
                return None
            if not np.isclose(got, expected, rtol=rtol, atol=atol):
                return f"{at}got {got!r}, expected {expected!r}."
        return None
    raise TypeError(f"compare() cannot compare values of type {type(expected).__name__}")


def compare(exercise: str, case: str, got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-8,
            hint: str = "") -> None:
    """Raise :class:`GraderError` unless ``got`` matches ``expected`` (arrays, numbers, dicts, sequences)."""
    p = _problem(got, expected, rtol, atol)
    if p:
        raise GraderError(f"{exercise}, {case}: {p}" + (f"\nHint: {hint}" if hint else ""))


def matches(got, expected, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    """True when ``got`` equals ``expected`` for :func:`compare`, dicts with exactly the same keys."""
    def exact_keys(g, e):
        if isinstance(e, dict):
            return isinstance(g, dict) and set(g) == set(e) and all(exact_keys(g[k], e[k]) for k in e)
        if isinstance(e, (tuple, list)) and isinstance(g, (tuple, list)) and len(g) == len(e):
            return all(exact_keys(a, b) for a, b in zip(g, e))
        return True
    try:
        return _problem(got, expected, rtol, atol) is None and exact_keys(got, expected)
    except (TypeError, ValueError):
        return False


def _changed(before, after, where: str) -> str | None:
    """The path of the first entry of ``after`` that differs from the pristine ``before``."""
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape or after.dtype != before.dtype:
            return where
        try:
            same = np.array_equal(after, before, equal_nan=_numeric(before) and before.dtype.kind == "f")
        except TypeError:
            same = np.array_equal(after, before)
        return None if same else where
    if isinstance(before, dict):
        if not isinstance(after, dict) or set(after) != set(before):
            return where
        for k in before:
            p = _changed(before[k], after[k], f"{where}[{k!r}]")
            if p:
                return p
        return None
    if isinstance(before, (list, tuple)):
        if type(after) is not type(before) or len(after) != len(before):
            return where
        for i, (b, a) in enumerate(zip(before, after)):
            p = _changed(b, a, f"{where}[{i}]")
            if p:
                return p
    return None


# --- calling the learner's function -------------------------------------------------------------------------

class _OutOfTime(BaseException):
    """Raised in the learner's code by the alarm; a BaseException so ``except Exception`` cannot swallow it."""


class _Printed(io.TextIOBase):
    """A stdout stand-in that keeps the first lines the learner printed and counts the rest."""

    def __init__(self, keep_chars: int = 4000):
        self.head, self.n_chars, self.n_lines, self._keep = [], 0, 0, keep_chars

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        if self.n_chars < self._keep:
            self.head.append(s[: self._keep - self.n_chars])
        self.n_chars += len(s)
        self.n_lines += s.count("\n")
        return len(s)

    def report(self) -> None:
        if not self.n_chars:
            return
        lines = "".join(self.head).splitlines()[:SHOWN_PRINT_LINES]
        n = max(self.n_lines, len(lines))
        print(f"(your function printed {n} line{'s' * (n != 1)} while being checked"
              + (f"; the first {len(lines)}:" if n > len(lines) else ":") + ")")
        for line in lines:
            print("  " + (line if len(line) <= 200 else line[:200] + " ..."))


def _time_limit_scale() -> float:
    try:
        return max(float(os.environ.get("DLCOURSE_GRADER_TIME_SCALE", "1")), 1e-3)
    except ValueError:
        return 1.0


def _call_with_limit(fn, args, kwargs, seconds: float):
    """``fn(*args, **kwargs)``, interrupted after ``seconds`` where SIGALRM is available in this thread."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)  # never fight an alarm someone else set
    if not usable:
        return fn(*args, **kwargs)

    def on_alarm(signum, frame):
        raise _OutOfTime()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _learner_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    """The frames of the traceback outside numpy and dlcourse: the learner's calls, outermost first."""
    frames = traceback.extract_tb(exc.__traceback__)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return [f for f in frames if not os.path.abspath(f.filename).startswith(here)
            and f"{os.sep}numpy{os.sep}" not in f.filename]


# --- exercises -------------------------------------------------------------------------------------------------

class Exercise:
    """One exercise: a reference, cases, the rules and known mistakes of its answers, and its hints."""

    def __init__(self, chapter: "Chapter", name: str, reference: Callable, cases: Callable[[], list], *,
                 concept: str, formula: str = "", solution: Callable | str = "", fresh: Callable | None = None,
                 mistakes: Sequence = (), rules: Sequence[Callable] = (), prepare: Callable | None = None,
                 before: Callable | None = None, rtol: float = 1e-6, atol: float = 1e-8,
                 time_limit: float = DEFAULT_TIME_LIMIT, returns: str | tuple = ""):
        self.chapter, self.name, self.reference, self.cases = chapter, name, reference, cases
        self.concept, self.formula, self.solution = concept, formula, solution
        self.fresh, self.mistakes, self.rules, self.prepare, self.before = fresh, mistakes, rules, prepare, before
        self.rtol, self.atol, self.time_limit = rtol, atol, time_limit
        # what the answer is called in messages ("returned parameters"); a tuple names the values of a tuple answer
        self.returns = returns

    # hints -------------------------------------------------------------------------------------------------
    def hint_text(self, level: int) -> str:
        parts = [f"Hint: {self.concept}"]
        if level >= 2 and self.formula:
            parts.append(f"Formula: {self.formula}")
        if level >= 3:
            solution = self.solution or self.reference
            parts.append("Solution:\n" + (solution if isinstance(solution, str) else _source(solution)))
        return "\n".join(parts)

    def _fail(self, case: str | None, problem: str, cause: str | None = None, seed: int | None = None):
        fails = self.chapter.failures
        fails[self.name] = fails.get(self.name, 0) + 1
        level = 1 if fails[self.name] == 1 else 2
        lines = [f"{self.name}, {case}: {problem}" if case else f"{self.name}: {problem}"]
        if cause:
            lines.append(f"Likely cause: {cause}")
        lines.append(self.hint_text(level))
        more = (f'grader.hint("{self.name}") for the formula, ' if level < 2 and self.formula else "")
        lines.append(f"More help: {more}grader.show_solution(\"{self.name}\") for the full solution.")
        if seed is not None:
            lines.append(f"To replay this random case: grader.check_{self.name}(your_function, seed={seed}).")
        raise GraderError("\n".join(lines))

    # running -------------------------------------------------------------------------------------------------
    def _call(self, fn, case: str, args, kwargs, printed: _Printed, original: tuple = None):
        limit = self.time_limit * _time_limit_scale()
        try:
            with redirect_stdout(printed):
                return _call_with_limit(fn, args, kwargs, limit)
        except _OutOfTime:
            raise GraderError(
                f"{self.name}, {case}: your function did not return within {limit:g} s (the reference needs a "
                f"small fraction of that). Look for a loop that never ends (a while loop whose condition never "
                f"changes), a sleep, or a Python loop over examples or pixels that numpy could do at once."
            ) from None
        except NotImplementedError as exc:
            frames = _learner_frames(exc)
            if len(frames) > 1 and frames[-1].name != frames[0].name:  # raised by a helper the function calls
                raise GraderError(f"{self.name} calls {frames[-1].name}, which is {NOT_IMPLEMENTED}") from None
            raise GraderError(f"{self.name}: {NOT_IMPLEMENTED}") from None
        except Exception as exc:  # the learner's code raised: a failed check, with the line that raised
            frames = _learner_frames(exc)
            frame = frames[-1] if frames else None
            where = (f" (in {frame.name}, line {frame.lineno}: {frame.line})" if frame is not None and frame.line
                     else "")
            self._fail(case, f"your function raised {type(exc).__name__}: {exc}{where}",
                       self._diagnose_exception(exc, *(original or (args, kwargs))))

    def _diagnose_exception(self, exc: Exception, args, kwargs) -> str | None:
        """The first known mistake that raises the same exception, with the same message, on this case."""
        for wrong_fn, text in self.mistakes:
            try:
                with np.errstate(all="ignore"), redirect_stdout(io.StringIO()):
                    wrong_fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception as other:  # noqa: BLE001 -- the point is to compare exceptions
                if type(other) is type(exc) and str(other) == str(exc):
                    return text(*args, **kwargs) if callable(text) else text

    def _diagnose(self, got, expected, args, kwargs) -> str | None:
        for wrong_fn, text in self.mistakes:  # text: a sentence, or a function of the case's inputs
            try:
                with np.errstate(all="ignore"), redirect_stdout(io.StringIO()):
                    wrong = wrong_fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
                if self.prepare:
                    wrong = self.prepare(wrong)
            except Exception:  # noqa: BLE001 -- a mistake that cannot run on this case says nothing
                continue
            if not matches(wrong, expected, self.rtol, self.atol) and matches(got, wrong, self.rtol, self.atol):
                return text(*args, **kwargs) if callable(text) else text
        return None

    def _structure(self, got) -> str | None:
        """For an exercise returning several values (``returns`` a tuple of names): the right number of them."""
        if isinstance(self.returns, tuple) and (not isinstance(got, (tuple, list)) or len(got) != len(self.returns)):
            what = "the pair" if len(self.returns) == 2 else f"the {len(self.returns)} values"
            return f"return {what} ({', '.join(self.returns)}), got {_describe(got)}."
        return None

    def _compare(self, got, expected) -> str | None:
        if isinstance(self.returns, tuple):
            for name, g, e in zip(self.returns, got, expected):
                p = _problem(g, e, self.rtol, self.atol, name)
                if p:
                    return p
            return None
        return _problem(got, expected, self.rtol, self.atol, self.returns)

    def _names(self, n_args: int, kwargs: dict) -> list[str]:
        try:
            names = [p for p in inspect.signature(self.reference).parameters]
        except (TypeError, ValueError):
            names = []
        return [names[i] if i < len(names) else f"argument {i + 1}" for i in range(n_args)]

    def _run_case(self, fn, name: str, args, kwargs, printed: _Printed, seed: int | None):
        with redirect_stdout(io.StringIO()):
            expected = self.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        pristine = copy.deepcopy((tuple(args), dict(kwargs)))
        mine_args, mine_kwargs = copy.deepcopy(tuple(args)), copy.deepcopy(dict(kwargs))
        got = self._call(fn, name, mine_args, mine_kwargs, printed, (args, kwargs))
        if self.prepare:
            got = self.prepare(got)
        problem = self._structure(got)
        for rule in () if problem else self.rules:
            try:
                problem = rule(got, expected, args, kwargs)
            except Exception:  # noqa: BLE001 -- a rule that cannot look at this answer leaves it to compare
                problem = None
            if problem:
                break
        if not problem:
            problem = self._compare(got, expected)
        if problem:
            self._fail(name, problem, self._diagnose(got, expected, args, kwargs), seed)
        names = self._names(len(args), kwargs)
        for label, b, a in [*zip(names, pristine[0], mine_args), *((k, pristine[1][k], mine_kwargs.get(k))
                                                                    for k in pristine[1])]:
            where = _changed(b, a, label)
            if where:
                self._fail(name, f"your function modified its input {where} in place. The caller's arrays must "
                                 f"stay untouched: compute new arrays (W = W - learning_rate * dW, or a copy of the "
                                 f"dict first) instead of changing the old ones (W -= ..., x[...] = ..., or "
                                 f"assigning into the caller's dict).")

    def check(self, fn, *, seed: int | None = None) -> None:
        if not callable(fn):
            raise GraderError(f"{self.name}: expected a function, got {_describe(fn)}. Pass the function itself, "
                              f"without calling it: grader.check_{self.name}({self.name}).")
        if self.before:
            problem = self.before(fn)
            if problem:
                self._fail(None, problem)
        cases = [(name, args, kwargs, None) for name, args, kwargs in self.cases()]
        if self.fresh is not None:
            seed = int.from_bytes(os.urandom(4), "big") % 10 ** 9 if seed is None else int(seed)
            name, args, kwargs = self.fresh(np.random.default_rng(seed))
            cases.append((f"{name} (random case, seed {seed})", args, kwargs, seed))
        printed = _Printed()
        try:
            for name, args, kwargs, case_seed in cases:
                self._run_case(fn, name, args, kwargs, printed, case_seed)
        finally:
            printed.report()
        passed(self.name, len(cases))


def _source(fn) -> str:
    try:
        return inspect.getsource(fn).rstrip()
    except (OSError, TypeError):
        return f"(see {getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', fn)})"


class Chapter:
    """The exercises of one chapter's grader module, with its ``hint`` and ``show_solution`` functions."""

    def __init__(self, module: str):
        self.module, self.exercises, self.failures = module, {}, {}

    def exercise(self, name: str, reference: Callable, **spec):
        """Decorator: the decorated function returns the fixed cases; it becomes ``check_<name>(fn, seed=None)``."""
        def register(cases_fn):
            ex = Exercise(self, name, reference, cases_fn, **spec)
            self.exercises[name] = ex

            @functools.wraps(cases_fn)
            def check(fn, *, seed: int | None = None) -> None:
                ex.check(fn, seed=seed)
            check.exercise = ex
            return check
        return register

    def _get(self, name: str) -> Exercise:
        if name not in self.exercises:
            raise GraderError(f"no exercise {name!r} in this chapter; the exercises are {sorted(self.exercises)}.")
        return self.exercises[name]

    def hint(self, exercise: str, level: int = 2) -> None:
        """Print the hints of ``exercise``: level 1 the concept, 2 (default) with the formula, 3 the solution."""
        print(self._get(exercise).hint_text(int(level)))

    def show_solution(self, exercise: str) -> None:
        """Print the full solution of ``exercise`` (try the hints first)."""
        self.hint(exercise, level=3)


def run_cases(exercise: str, learner_fn: Callable, reference_fn: Callable, cases: Iterable[tuple[str, Sequence, dict]],
              hint: str = "", rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """Check ``learner_fn`` against ``reference_fn`` on fixed ``(name, args, kwargs)`` cases (no fresh case)."""
    cases = list(cases)
    Exercise(Chapter("adhoc"), exercise, reference_fn, lambda: cases, concept=hint or "compare with the text.",
             rtol=rtol, atol=atol).check(learner_fn)


# --- helpers shared by several chapters ---------------------------------------------------------------------

def binary_labels(rng: np.random.Generator, m: int) -> np.ndarray:
    """Random 0/1 labels of shape (1, m) holding both classes whenever m > 1 (the first two are 1, 0)."""
    Y = (rng.uniform(size=(1, m)) > 0.5).astype(int)
    Y[0, 0] = 1
    if m > 1:
        Y[0, 1] = 0
    return Y


def check_signature(defaults: dict, usage: str) -> Callable:
    """A ``before`` check: the learner's function has these keyword arguments with these defaults."""
    def before(fn) -> str | None:
        try:
            params = inspect.signature(fn).parameters
        except (TypeError, ValueError):  # builtins, some C callables: nothing to inspect
            return None
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
            return None
        for name, default in defaults.items():
            if name not in params:
                return f"the function has no argument {name!r}; the signature must be {usage}."
            got = params[name].default
            if got is inspect.Parameter.empty:
                return f"argument {name!r} needs the default value {default!r}; the signature is {usage}."
            if got is not default and got != default:
                return f"argument {name!r} should default to {default!r}, got {got!r}."
        return None
    return before


def cost_list(value):
    """Normalise a returned list of costs: an array of costs is accepted as a list."""
    if isinstance(value, np.ndarray) and _numeric(value):
        return [float(c) for c in np.ravel(value)]
    if isinstance(value, (list, tuple)):
        return [float(np.asarray(c).item()) if isinstance(c, np.ndarray) and c.size == 1 else c for c in value]
    return value


def cross_entropy_cost_mistakes(name: str = "A") -> list:
    """Typical mistakes in a binary cross-entropy ``compute_cost(A, Y)``, for an exercise's ``mistakes``.

    ``name`` is what the chapter calls the output activations (``A2``, ``AL``), used in the hints.
    """
    from ..functional.losses import EPS

    def losses(A, Y):
        A = np.clip(A, EPS, 1 - EPS)
        return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))

    return [
        (lambda A, Y: float(np.sum(losses(A, Y))), "divide the sum by m = Y.shape[1]: the cost is a mean."),
        (lambda A, Y: -float(np.mean(losses(A, Y))), "mind the sign: J = -(1/m) sum[y log a + (1 - y) log(1 - a)]."),
        (lambda A, Y: float(np.mean(-Y * np.log(np.clip(A, EPS, 1)))),
         "include the (1 - y) log(1 - a) term for the y = 0 examples."),
        (lambda A, Y: float("nan"),
         f"a saturated sigmoid returns exactly 1.0 or 0.0 and 0 * log(0) is nan. Clip {name} first: "
         f"{name} = np.clip({name}, 1e-15, 1 - 1e-15)."),
    ]


COST_CONCEPT = ("the cost is the average over the m examples of the cross-entropy loss, one number; a loss "
                "is small when the predicted probability of the true label is close to 1.")
