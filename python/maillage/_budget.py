"""The process-wide worker budget shared by every parallel kernel (docs/performance.md)."""

from __future__ import annotations

import numbers

from . import _core
from ._errors import InvalidInput

__all__ = ["worker_budget", "set_worker_budget"]


def worker_budget() -> int:
    """The most threads maillage's parallel kernels run at once in this process, counting each
    calling thread (default: the machine's hardware threads). Concurrent or nested calls lease
    their helper threads from it: a call with ``threads=None`` takes what is free (at least its
    own thread), ``threads=k`` at most k. Results never depend on the number of threads granted."""
    return int(_core.worker_budget())


def set_worker_budget(budget) -> None:
    """Sets the worker budget (a positive int), or restores the default (the hardware threads)
    with ``None``. Calls already running keep their threads."""
    if budget is None:
        _core.set_worker_budget(0)
        return
    if isinstance(budget, bool) or not isinstance(budget, numbers.Integral) or budget < 1:
        raise InvalidInput(f"budget must be None (the hardware threads) or a positive integer, not {budget!r}")
    _core.set_worker_budget(int(budget))
