"""Pure numpy forward/backward kernels: ``out, cache = f_forward(...)``, ``grads = f_backward(dout, cache)``.

This is the layer the "step by step" chapters teach; everything else in ``dlcourse``
(the models, later the autograd tape and the nn modules) calls these kernels.
"""
from .activations import *  # noqa: F401,F403
from .activations import __all__ as _act
from .dense import *  # noqa: F401,F403
from .dense import __all__ as _dense
from .losses import *  # noqa: F401,F403
from .losses import __all__ as _losses

__all__ = [*_act, *_dense, *_losses]
from .conv import *  # noqa: F401,F403,E402
from .conv import __all__ as _conv  # noqa: E402
from .pool import *  # noqa: F401,F403,E402
from .pool import __all__ as _pool  # noqa: E402
from .spatial import *  # noqa: F401,F403,E402
from .spatial import __all__ as _spatial  # noqa: E402

__all__ += [*_conv, *_pool, *_spatial]
from .layers import *  # noqa: F401,F403,E402
from .layers import __all__ as _layers  # noqa: E402
from .dropout import *  # noqa: F401,F403,E402
from .dropout import __all__ as _dropout  # noqa: E402
from .batchnorm import *  # noqa: F401,F403,E402
from .batchnorm import __all__ as _batchnorm  # noqa: E402
from .regularization import *  # noqa: F401,F403,E402
from .regularization import __all__ as _regularization  # noqa: E402

__all__ += [*_layers, *_dropout, *_batchnorm, *_regularization]
from .rnn import *  # noqa: F401,F403,E402
from .rnn import __all__ as _rnn  # noqa: E402

__all__ += [*_rnn]
from .embedding import *  # noqa: F401,F403,E402
from .embedding import __all__ as _embedding  # noqa: E402

__all__ += [*_embedding]
