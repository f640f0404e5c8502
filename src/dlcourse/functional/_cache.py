"""The opaque cache a forward kernel hands to its backward.

A backward pass given the wrong cache (another layer's, or another kernel's) would
otherwise compute garbage of a plausible shape. Each forward therefore wraps what its
backward needs in a :class:`Cache` tagged with the kernel's name, and the backward opens
it with :func:`open_cache`, which refuses anything else with a message saying what went wrong.
"""
from __future__ import annotations

__all__ = ["Cache", "open_cache"]


class Cache:
    """What ``<kernel>_forward`` saved for ``<kernel>_backward`` (treat it as opaque)."""

    __slots__ = ("kernel", "values")

    def __init__(self, kernel: str, **values):
        self.kernel = kernel
        self.values = values

    def __repr__(self) -> str:
        return f"<cache of {self.kernel}_forward>"


def open_cache(cache, kernel: str) -> dict:
    """Return the values saved by ``<kernel>_forward``, or raise ``TypeError``."""
    if not isinstance(cache, Cache):
        raise TypeError(
            f"{kernel}_backward expects the cache returned by {kernel}_forward, "
            f"got {type(cache).__name__}"
        )
    if cache.kernel != kernel:
        raise TypeError(
            f"{kernel}_backward was given the cache of {cache.kernel}_forward: pass the cache "
            f"that {kernel}_forward returned for this layer (caches of different layers got mixed up?)"
        )
    return cache.values
