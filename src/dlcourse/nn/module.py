"""The Module base class: parameters, buffers, sub-modules, train/eval, state dicts, h5 files.

A :class:`Module` is a piece of a network with learnable :class:`Parameter` tensors (leaves of the
:mod:`dlcourse.autograd` tape), optional *buffers* (arrays saved with the model but not learned,
such as batch norm's running averages) and sub-modules. Assigning an attribute registers it::

    class TwoLayer(Module):
        def __init__(self, rng):
            super().__init__()
            self.hidden = Linear(2, 8, rng=rng)   # a sub-module: its parameters are ours too
            self.out = Linear(8, 1, rng=rng)

        def forward(self, x):                     # x: Tensor of shape (features, m)
            return self.out(relu(self.hidden(x)))

Calling a module (``model(X)``) runs ``forward``; a numpy input is wrapped in a :class:`Tensor` first
(the data, no gradient), except for a module whose ``takes_indices`` is true (``Embedding``, or a
``Sequential`` that starts with one), which gets integer word indices as they are. Layout: dense
modules take and return ``(features, m)``, the course's layout.

Parameter names join the attribute names with dots, in registration order (``hidden.W``, ``out.b``;
in a :class:`~dlcourse.nn.Sequential`, ``0.W``, ``2.b``): they are the keys of :meth:`state_dict`
and of the datasets in the h5 file written by :meth:`save`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..autograd import Tensor

__all__ = ["Parameter", "Module"]

FILE_FORMAT = "dlcourse.nn state_dict v1"


class Parameter(Tensor):
    """A Tensor a module learns (``requires_grad`` is always true)."""

    __slots__ = ()

    def __init__(self, data, name: str | None = None):
        super().__init__(data, requires_grad=True, name=name)

    def __repr__(self) -> str:
        return f"Parameter(shape={self.shape}, dtype={self.dtype})"


class Module:
    """Base class of every layer and model; subclasses define ``forward``."""

    def __init__(self):
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)

    # --- registration ----------------------------------------------------------------------------
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"{type(self).__name__}.__init__ must call super().__init__() before "
                                 f"assigning attributes (assigning {name!r})")
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry and not (registry is self._buffers and isinstance(value, np.ndarray)):
                del registry[name]
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        elif name in self._buffers:
            self._buffers[name] = value
        object.__setattr__(self, name, value)

    def register_buffer(self, name: str, array: np.ndarray) -> None:
        """Keep ``array`` with the model (saved and loaded, converted by :meth:`astype`) without learning it."""
        if not isinstance(array, np.ndarray):
            raise TypeError(f"buffer {name!r} must be a numpy array, got {type(array).__name__}")
        self._buffers[name] = array
        object.__setattr__(self, name, array)

    # --- traversal ----------------------------------------------------------------------------------
    def named_modules(self, prefix: str = ""):
        """``(name, module)`` for this module ("") and every sub-module, depth first."""
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            yield name, module
            children = [(f"{name}.{k}" if name else k, m) for k, m in module._modules.items()]
            stack.extend(reversed(children))

    def children(self):
        return list(self._modules.values())

    def named_parameters(self):
        """``(dotted name, Parameter)`` pairs; a parameter shared by two modules is listed once."""
        seen = set()
        for prefix, module in self.named_modules():
            for k, p in module._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield (f"{prefix}.{k}" if prefix else k), p

    def parameters(self) -> list:
        """The list of Parameters (what an optimiser takes)."""
        return [p for _, p in self.named_parameters()]

    def named_buffers(self):
        for prefix, module in self.named_modules():
            for k, b in module._buffers.items():
                yield (f"{prefix}.{k}" if prefix else k), b

    # --- modes and gradients ----------------------------------------------------------------------------
    def train(self, mode: bool = True) -> "Module":
        """Training mode (dropout drops, batch norm uses batch statistics) for this module and its sub-modules."""
        for _, module in self.named_modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> "Module":
        """Evaluation mode: ``train(False)``."""
        return self.train(False)

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = None

    def astype(self, dtype) -> "Module":
        """Convert every parameter and buffer to ``dtype`` (float32 or float64), in place; returns self."""
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"a model computes in float32 or float64, got {dtype}")
        for p in self.parameters():
            p.data, p.grad = p.data.astype(dtype), None
        for _, module in self.named_modules():
            for k, b in list(module._buffers.items()):
                module._buffers[k] = b.astype(dtype)
                object.__setattr__(module, k, module._buffers[k])
        return self

    # --- calling --------------------------------------------------------------------------------------------
    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    #: True for a module whose input is integer indices (``Embedding``), not data: it is then passed as is.
    takes_indices = False

    def __call__(self, x, *args, **kwargs):
        if not isinstance(x, Tensor) and not self.takes_indices:
            x = Tensor(x, name="input")
        return self.forward(x, *args, **kwargs)

    # --- state ------------------------------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """``{dotted name: array copy}`` of every parameter and buffer."""
        state = {k: p.data.copy() for k, p in self.named_parameters()}
        state.update({k: b.copy() for k, b in self.named_buffers()})
        return state

    def load_state_dict(self, state: dict, strict: bool = True) -> None:
        """Copy ``state``'s arrays into the parameters and buffers of the same names.

        Shapes must match exactly (``ValueError`` naming the entry and both shapes); values are
        converted to the model's dtype. With ``strict`` (the default) missing or unexpected names
        are an error too. Nothing is changed unless every check passes.
        """
        targets = dict(self.named_parameters())
        buffers = dict(self.named_buffers())
        targets.update(buffers)
        missing = [k for k in targets if k not in state]
        unexpected = [k for k in state if k not in targets]
        if strict and (missing or unexpected):
            raise KeyError(f"state does not match the model: missing {missing}, unexpected {unexpected} "
                           f"(a different architecture, or a file saved from another model?)")
        for k, target in targets.items():
            if k in state:
                shape = np.shape(state[k])
                want = target.shape
                if shape != want:
                    raise ValueError(f"{k} has shape {shape} in the state but {want} in the model "
                                     f"(a layer of another size, or a transposed weight?)")
                value = np.asarray(state[k])
                if value.dtype.kind not in "biuf":
                    raise TypeError(f"{k} holds dtype {value.dtype}, not numbers")
        for k, target in targets.items():
            if k not in state:
                continue
            if k in buffers:
                target[...] = np.asarray(state[k])
            else:
                target.data, target.grad = np.array(state[k], dtype=target.dtype), None

    def save(self, path) -> Path:
        """Write :meth:`state_dict` to an h5 file (one dataset per entry); returns the path."""
        import h5py

        path = Path(path)
        with h5py.File(path, "w") as f:
            f.attrs["format"] = FILE_FORMAT
            f.attrs["model"] = type(self).__name__
            for k, value in self.state_dict().items():
                f.create_dataset(k, data=value)
        return path

    def load(self, path, strict: bool = True) -> "Module":
        """Load weights written by :meth:`save` (shapes checked, see :meth:`load_state_dict`); returns self."""
        import h5py

        path = Path(path)
        with h5py.File(path, "r") as f:
            if f.attrs.get("format") != FILE_FORMAT:
                raise ValueError(f"{path} is not a file written by Module.save (format attribute "
                                 f"{f.attrs.get('format')!r}, expected {FILE_FORMAT!r})")
            state = {k: f[k][()] for k in f.keys()}
        try:
            self.load_state_dict(state, strict=strict)
        except (KeyError, ValueError) as exc:
            raise type(exc)(f"loading {path}: {exc.args[0]}") from None
        return self

    # --- printing -------------------------------------------------------------------------------------------------
    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        lines = [f"  ({k}): " + repr(m).replace("\n", "\n  ") for k, m in self._modules.items()]
        head = f"{type(self).__name__}({self.extra_repr()}"
        return head + ("\n" + "\n".join(lines) + "\n)" if lines else ")")
