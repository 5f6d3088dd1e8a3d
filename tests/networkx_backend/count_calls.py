"""A pytest plugin for run.py: counts, per NetworkX function, the calls NetworkX's dispatcher sent
to the maillage backend and the calls it ran itself (not served by the backend, or refused by
it), from NetworkX's own debug log; writes them as JSON to $MAILLAGE_NX_CALLS at the end."""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter

served: Counter = Counter()
fallen: Counter = Counter()
_USING = re.compile(r"Using backend 'maillage' for call to '([^']+)'")
_FALLBACK = re.compile(r"(?:instead of 'maillage' backend for call to|'maillage' raised when calling) '([^']+)'")


class _Counter(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = _USING.search(message)
        if match:
            served[match.group(1)] += 1
            return
        match = _FALLBACK.search(message)
        if match:
            fallen[match.group(1)] += 1
            if match.group(1) in served and "raised when calling" in message:
                served[match.group(1)] -= 1  # counted as used before it refused


def pytest_configure(config):
    logger = logging.getLogger("networkx")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(_Counter(logging.DEBUG))


def pytest_unconfigure(config):
    path = os.environ.get("MAILLAGE_NX_CALLS")
    if path:
        with open(path, "w") as out:
            json.dump({"served": dict(served), "fallback": dict(fallen)}, out, indent=1, sort_keys=True)
