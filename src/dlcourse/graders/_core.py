"""Shared machinery for the exercise graders."""
from __future__ import annotations

import contextlib
import io
from typing import Any, Callable, Iterable, Sequence

import numpy as np


class GraderError(AssertionError):
    """An exercise answer is wrong; the message says which case failed and gives a hint."""


def passed(exercise: str, n_cases: int) -> None:
    print(f"[pass] {exercise}: all {n_cases} checks passed.")


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}, dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:200]


def compare(exercise: str, case: str, got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-8,
            hint: str = "") -> None:
    """Raise :class:`GraderError` unless ``got`` matches ``expected``.

    Arrays must match in shape and values; dicts and tuples are compared entry by entry;
    numbers within tolerance.
    """
    where = f"{exercise}, {case}"
    tail = f"\nHint: {hint}" if hint else ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            raise GraderError(f"{where}: expected a dict, got {_describe(got)}.{tail}")
        missing = set(expected) - set(got)
        if missing:
            raise GraderError(f"{where}: the returned dict is missing keys {sorted(missing)}.{tail}")
        for key in expected:
            compare(exercise, f"{case} [{key!r}]", got[key], expected[key], rtol, atol, hint)
        return
    if isinstance(expected, (tuple, list)) and not isinstance(expected, np.ndarray):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise GraderError(f"{where}: expected a sequence of {len(expected)} values, got {_describe(got)}.{tail}")
        for i, (g, e) in enumerate(zip(got, expected)):
            compare(exercise, f"{case} [item {i}]", g, e, rtol, atol, hint)
        return
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            raise GraderError(f"{where}: expected a numpy array of shape {expected.shape}, got {_describe(got)}.{tail}")
        if got.shape != expected.shape:
            raise GraderError(f"{where}: wrong shape {got.shape}, expected {expected.shape}.{tail}")
        if not np.allclose(got, expected, rtol=rtol, atol=atol):
            bad = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
            raise GraderError(
                f"{where}: wrong values; e.g. at index {tuple(int(i) for i in bad)} got {got[bad]!r}, "
                f"expected {expected[bad]!r}.{tail}")
        return
    if isinstance(expected, (bool, np.bool_)) or isinstance(expected, str) or expected is None:
        if got != expected:
            raise GraderError(f"{where}: got {_describe(got)}, expected {expected!r}.{tail}")
        return
    if isinstance(expected, (int, float, np.number)):
        if isinstance(got, np.ndarray) and got.size == 1:
            got = got.item()
        if not isinstance(got, (int, float, np.number)) or isinstance(got, bool):
            raise GraderError(f"{where}: expected a number, got {_describe(got)}.{tail}")
        if not np.isclose(got, expected, rtol=rtol, atol=atol):
            raise GraderError(f"{where}: got {got!r}, expected {expected!r}.{tail}")
        return
    raise TypeError(f"compare() cannot compare values of type {type(expected).__name__}")


def run_cases(exercise: str, learner_fn: Callable, reference_fn: Callable, cases: Iterable[tuple[str, Sequence, dict]],
              hint: str = "", rtol: float = 1e-6, atol: float = 1e-8, copy_inputs: bool = True) -> None:
    """Run ``learner_fn`` and ``reference_fn`` on each ``(name, args, kwargs)`` case and compare.

    Inputs are copied for each call, so a learner function that modifies its arguments in
    place cannot corrupt the reference answer (and is caught if the outputs differ).
    Prints a pass message when every case matches.
    """
    if not callable(learner_fn):
        raise GraderError(f"{exercise}: expected a function, got {_describe(learner_fn)}")
    n = 0
    for name, args, kwargs in cases:
        expected = reference_fn(*_copy(args), **_copy(kwargs))
        try:
            got = learner_fn(*(_copy(args) if copy_inputs else args), **_copy(kwargs))
        except GraderError:
            raise
        except Exception as exc:  # the learner's code raised: report it as a failed check
            raise GraderError(f"{exercise}, {name}: your function raised {type(exc).__name__}: {exc}"
                              + (f"\nHint: {hint}" if hint else "")) from exc
        compare(exercise, name, got, expected, rtol, atol, hint)
        n += 1
    passed(exercise, n)


def _copy(obj):
    if isinstance(obj, np.ndarray):
        return obj.copy()
    if isinstance(obj, dict):
        return {k: _copy(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_copy(v) for v in obj)
    return obj


def binary_labels(rng: np.random.Generator, m: int) -> np.ndarray:
    """Random 0/1 labels of shape (1, m) holding both classes whenever m > 1 (the first two are 1, 0)."""
    Y = (rng.uniform(size=(1, m)) > 0.5).astype(int)
    Y[0, 0] = 1
    if m > 1:
        Y[0, 1] = 0
    return Y


def require_callable(exercise: str, fn) -> None:
    if not callable(fn):
        raise GraderError(f"{exercise}: expected a function, got {_describe(fn)}")


def quiet_call(fn: Callable, args: Sequence, kwargs: dict):
    """Call ``fn`` on copies of the inputs with its printed output discarded (printing is not graded)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*_copy(args), **_copy(kwargs))


def matches(got, expected, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    """True when :func:`compare` would accept ``got`` (dicts must also have exactly the same keys)."""
    if isinstance(expected, float) and np.isnan(expected):  # a mistake that produces nan
        return isinstance(got, (float, np.floating, np.ndarray)) and bool(np.all(np.isnan(got)))
    if isinstance(expected, dict) and isinstance(got, dict) and set(got) != set(expected):
        return False  # a mistake that drops (or adds) entries must match exactly
    try:
        with np.errstate(all="ignore"):
            compare("", "", got, expected, rtol, atol)
    except (GraderError, TypeError, ValueError):
        return False
    return True


def diagnose(fn: Callable, reference: Callable, cases, mistakes, rtol: float = 1e-6, atol: float = 1e-8):
    """The hint of the first known mistake that reproduces the learner's answer on a failing case.

    ``mistakes`` is a sequence of ``(wrong_function, hint)``; a mistake counts only where it
    differs from the reference and agrees with the learner. Returns ``None`` if none explains it.
    """
    for _, args, kwargs in cases:
        expected = reference(*_copy(args), **_copy(kwargs))
        try:
            got = quiet_call(fn, args, kwargs)
        except Exception:  # noqa: BLE001 -- an exception is reported by run_cases itself
            return None
        if matches(got, expected, rtol, atol):
            continue
        for mistake, hint in mistakes:
            try:
                with np.errstate(all="ignore"):
                    wrong = mistake(*_copy(args), **_copy(kwargs))
            except Exception:  # noqa: BLE001 -- a mistake that cannot run on this case says nothing
                continue
            if not matches(wrong, expected, rtol, atol) and matches(got, wrong, rtol, atol):
                return hint
    return None


def check_with_diagnosis(exercise: str, fn: Callable, reference: Callable, cases: Sequence, hint: str,
                         mistakes: Sequence = (), rtol: float = 1e-6, atol: float = 1e-8) -> None:
    """:func:`run_cases`, and on a failure add the likely cause found by :func:`diagnose`."""
    require_callable(exercise, fn)
    try:
        run_cases(exercise, lambda *a, **k: quiet_call(fn, a, k), reference, cases, hint=hint, rtol=rtol, atol=atol)
    except GraderError as err:
        cause = diagnose(fn, reference, cases, mistakes, rtol, atol)
        if cause:
            raise GraderError(f"{err}\nLikely cause: {cause}") from None
        raise


def cross_entropy_cost_mistakes(name: str = "A") -> list:
    """Typical mistakes in a binary cross-entropy ``compute_cost(A, Y)``, for :func:`diagnose`.

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
