"""Neural-network modules on the :mod:`dlcourse.autograd` tape (from Course 2's last chapter on).

Dense modules use the course's layout, ``(features, m)``: examples are columns. Image modules
(:mod:`dlcourse.nn.conv`) use ``(m, n_H, n_W, n_C)``; ``Flatten`` and ``GlobalAvgPool2d`` turn images
into dense columns. See :mod:`dlcourse.nn.layers` and :mod:`dlcourse.nn.conv` for the tables of
modules, shapes and parameters, :mod:`dlcourse.nn.module` for :class:`Module` (parameters,
train/eval, state_dict, save/load to h5) and :mod:`dlcourse.nn.training` for :func:`fit` and
:func:`evaluate` (mini-batch training with a history for learning curves); :func:`summary` lists a
model's layers with their output shapes, parameters and multiply-adds, and :mod:`dlcourse.nn.resnet`
builds ResNet's blocks. Sequence modules (:mod:`dlcourse.nn.recurrent`: ``RNN``, ``LSTM``, ``GRU``,
``Embedding``, ``TimeDistributed``) use the course's ``(n_x, m, T_x)``; ``Embedding`` takes integer word
indices ``(m, T_x)``.
"""
from .layers import *  # noqa: F401,F403
from .layers import __all__ as _layers
from .conv import *  # noqa: F401,F403
from .conv import __all__ as _conv
from .recurrent import *  # noqa: F401,F403
from .recurrent import __all__ as _recurrent
from .module import Module, Parameter
from .training import *  # noqa: F401,F403
from .training import __all__ as _training
from .summary import Summary, summary
from .resnet import convolutional_block, identity_block, resnet50, small_resnet

__all__ = ["Module", "Parameter", *_layers, *_conv, *_recurrent, *_training, "summary", "Summary", "identity_block", "convolutional_block",
           "resnet50", "small_resnet"]
