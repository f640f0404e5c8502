"""Graders for the chapters' exercises: one module per chapter.

Each ``check_<exercise>(fn)`` calls the learner's function on several inputs (including
edge cases), compares against the :mod:`dlcourse` reference kernel, and either prints a
short pass message or raises :class:`GraderError` with a hint.
"""
from ._core import GraderError, compare, run_cases, passed

__all__ = ["GraderError", "compare", "run_cases", "passed"]
