"""dlcourse: from-scratch numpy reference implementations for the dlcourse book.

Layers (see the book's "How to use this book" page):

* :mod:`dlcourse.functional` - forward/backward kernels (what the step-by-step chapters teach)
* :mod:`dlcourse.init`, :mod:`dlcourse.optim`, :mod:`dlcourse.gradcheck`, :mod:`dlcourse.metrics`
* :mod:`dlcourse.models` - Course 1 models (logistic regression, L-layer networks)
* :mod:`dlcourse.autograd` - a small reverse-mode tape over the kernels; :mod:`dlcourse.nn` - modules on it
* :mod:`dlcourse.data` - checksummed h5 loaders and deterministic dataset generators
* :mod:`dlcourse.plot` - figures shared by the chapters
* :mod:`dlcourse.graders` - exercise checks, one module per chapter
"""
from . import functional, gradcheck, init, metrics, models, optim
from . import autograd, nn  # noqa: E402  (after functional and optim, which they use)

__version__ = "0.1.0"
__all__ = ["autograd", "nn", "functional", "gradcheck", "init", "metrics", "models", "optim", "__version__"]
