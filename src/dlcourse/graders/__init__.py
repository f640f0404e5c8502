"""Graders for the chapters' exercises: one module per chapter, declared on :mod:`dlcourse.graders._core`.

Each ``check_<exercise>(fn, seed=None)`` calls the learner's function on fixed inputs (edge cases
included) and on one drawn fresh on every call, under a time limit, compares it with the
:mod:`dlcourse` reference, checks that no input was changed in place, and either prints
``[pass] <exercise>: all N checks passed.`` or raises :class:`GraderError` naming the case, the
likely mistake and a hint. ``hint("<exercise>")`` prints the concept and the formula,
``show_solution("<exercise>")`` a worked solution.
"""
from ._core import GraderError, compare, passed, run_cases

__all__ = ["GraderError", "compare", "run_cases", "passed"]
