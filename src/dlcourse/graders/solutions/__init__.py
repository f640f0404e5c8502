"""Worked solutions of the exercises, one module per chapter (``grader.show_solution`` prints them)."""
