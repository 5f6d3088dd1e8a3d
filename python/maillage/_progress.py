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

    def __init__(self, stream=None, delay: float = 0.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay  # seconds before the first line is drawn
        self.last = 0.0
        self.started = time.monotonic()
        self.drawn = False
        self.ended = None  # (stage, total) of the last line ended

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < self.delay:
            return  # a quick call draws nothing
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


#: Seconds a call runs before ``progress=None`` shows its bar: quicker calls show nothing.
DELAY = 2.0


class _TqdmBar:
    """A ``tqdm.auto`` bar per stage (a widget in Jupyter, text on a terminal), shown only once
    the call has run ``DELAY`` seconds (tqdm's own ``delay``), closed at the end of each stage."""

    def __init__(self, tqdm_class) -> None:
        self.tqdm = tqdm_class
        self.started = time.monotonic()
        self.bar = None
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None or stage != self.stage or self.bar.total != total:
            self.close()
            if done >= total:
                return  # a stage that is over (or empty) before it needs a bar
            delay = max(0.0, DELAY - (time.monotonic() - self.started))
            self.bar = self.tqdm(total=total, desc=stage, delay=delay, leave=False, dynamic_ncols=True)
            self.stage = stage
        if done > self.bar.n:
            self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __del__(self) -> None:  # a cancelled call leaves its bar open
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass


def _in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (where stderr is not a terminal but a widget shows)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - an IPython without a shell
        return False
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def _automatic() -> Optional[Callable[[str, int, int], object]]:
    """``progress=None``: in Jupyter or on a terminal, a bar that appears once the call has run
    ``DELAY`` seconds — ``tqdm.auto``'s when tqdm is installed (an optional dependency), else the
    text bar; elsewhere (a pipe, a log file) nothing."""
    notebook = _in_notebook()
    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not (notebook or terminal):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _Bar(delay=DELAY) if terminal else None
    return _TqdmBar(tqdm)


def resolve_progress(progress: ProgressArg) -> Optional[Callable[[str, int, int], object]]:
    """The callable handed to the core for a ``progress=`` argument.

    ``None``: in Jupyter or when stderr is a terminal, a bar shown once the call has run about
    2 s (``tqdm.auto``'s when tqdm is installed: a widget in notebooks), else nothing; ``True``: a
    text bar on stderr at once; ``False``: no bar; a callable: called as
    ``progress(stage, done, total)`` (raise :class:`maillage.Cancelled` in it to stop the call).
    Ctrl-C interrupts the call in every case, raising ``maillage.Cancelled``.
    """
    if progress is None:
        return _automatic()
    if progress is True:
        return _Bar()
    if progress is False:
        return None
    if callable(progress):
        return progress
    raise TypeError(f"progress must be None, True, False or a callable, not {progress!r}")
