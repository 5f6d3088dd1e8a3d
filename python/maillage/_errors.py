"""maillage's exception types (DESIGN §4): every error maillage raises is a ``maillage.Error``."""

from __future__ import annotations

__all__ = ["Error", "InvalidInput", "NotFound", "Cancelled"]


class Error(Exception):
    """Base of every exception maillage raises."""


class InvalidInput(Error, ValueError):
    """Input that cannot be accepted; the message names the key, relation or value at fault
    (and, for files, starts with ``<file>:<line>:<column>: ``)."""


class NotFound(Error, KeyError):
    """A key, attribute or other name looked up and not found. ``str()`` is the plain message."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class Cancelled(Error):
    """A long call interrupted by Ctrl-C or by its progress callback."""
