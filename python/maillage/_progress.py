"""Progress bars and cancellation for long calls (DESIGN §4 "Progress")."""

from __future__ import annotations

import sys
import time
from typing import Callable, Optional, Union

from ._errors import Cancelled

ProgressArg = Union[None, bool, Callable[[str, int, int], object]]

__all__ = ["ProgressArg", "resolve_progress", "Cancelled"]


class _Bar:
    """A one-line text bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream=None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.last = 0.0
        self.started = time.monotonic()
        self.drawn = False
        self.ended = None  # (stage, total) of the last line ended

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = done >= total  # an empty stage (total 0) is finished at once
        if finished and self.ended == (stage, total):
            return  # already drawn and ended (the core reports the end of a stage more than once)
        if not finished and now - self.last < 0.1:
            return
        self.last = now
        fraction = done / total if total else 1.0
        width = 30
        filled = int(round(width * fraction))
        line = f"\r{stage:>12} [{'#' * filled}{'.' * (width - filled)}] {fraction:6.1%} {now - self.started:6.1f}s"
        self.stream.write(line)
        if finished:
            self.stream.write("\n")
            self.ended = (stage, total)
        self.stream.flush()
        self.drawn = True


def resolve_progress(progress: ProgressArg) -> Optional[Callable[[str, int, int], object]]:
    """The callable handed to the core for a ``progress=`` argument.

    ``None``: a bar when stderr is a terminal, else nothing; ``True``: a bar; ``False``: no bar;
    a callable: called as ``progress(stage, done, total)`` (raise :class:`maillage.Cancelled` in it
    to stop the call). Ctrl-C interrupts the call in every case, raising ``maillage.Cancelled``.
    """
    if progress is None:
        try:
            return _Bar() if sys.stderr is not None and sys.stderr.isatty() else None
        except (AttributeError, ValueError):
            return None
    if progress is True:
        return _Bar()
    if progress is False:
        return None
    if callable(progress):
        return progress
    raise TypeError(f"progress must be None, True, False or a callable, not {progress!r}")
