"""pytest settings for the notebooks (collected by nbval)."""
import os

# Under pytest-xdist (addopts: -n auto) several notebooks run at once, each in its own kernel, which
# inherits this environment: one BLAS thread per kernel keeps them from fighting over the cores (on a
# 2-core machine, 2 kernels x 2 threads each are several times slower). An explicit setting wins, so
# scripts/check_portability.py still chooses its own thread count.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
