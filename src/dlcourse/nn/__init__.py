"""Neural-network modules on the :mod:`dlcourse.autograd` tape (from Course 2's last chapter on).

Dense modules use the course's layout, ``(features, m)``: examples are columns. See
:mod:`dlcourse.nn.layers` for the table of modules, shapes and parameters, and
:mod:`dlcourse.nn.module` for :class:`Module` (parameters, train/eval, state_dict, save/load to h5).
"""
from .layers import *  # noqa: F401,F403
from .layers import __all__ as _layers
from .module import Module, Parameter

__all__ = ["Module", "Parameter", *_layers]
