"""Shared by the Atheris targets of the Python readers (run by scripts/fuzz; docs/hardening.md).

Each target reads the fuzzer's bytes as a file (or a text) through a public reader; the contract
(docs/api-contract.md "Errors") allows a result or a maillage.Error (InvalidInput, NotFound) only.
Any other exception propagates, and Atheris stops with its input saved as a crash.

KNOWN_OPEN lists exceptions found by these targets whose fixes belong to another part of issue 22
(item 4: every reader's errors named with their location); they are tolerated here, by type and
by the function that raised them, until that fix lands, and are listed in docs/hardening.md. Remove
an entry once its fix is merged, so the target guards it from then on.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from typing import Callable, Dict, Tuple

# (exception type name, function that raised it) → the finding it stands for. Empty: the reader
# errors it listed (UnicodeDecodeError and JSONDecodeError from CausalLoopDiagram.from_csv and
# from_kumu) are now InvalidInput naming the file and location.
KNOWN_OPEN: Dict[Tuple[str, str], str] = {}


def known_open(error: BaseException) -> bool:
    """Whether ``error`` is a known open finding: its type and the innermost maillage function
    on its traceback are listed in KNOWN_OPEN."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f"{os.sep}maillage{os.sep}" in f.filename]
    return bool(frames) and (type(error).__name__, frames[-1].name) in KNOWN_OPEN


def scratch_file(suffix: str) -> str:
    """A path in a private folder, rewritten by each input (no file accumulates)."""
    folder = tempfile.mkdtemp(prefix="maillage-atheris-")
    return os.path.join(folder, "input" + suffix)


def run(test: Callable[[bytes], None]) -> None:
    import atheris

    def one_input(data: bytes) -> None:
        import maillage

        try:
            test(data)
        except maillage.Error:
            pass
        except Exception as error:  # noqa: BLE001  (anything else is a finding)
            if not known_open(error):
                raise

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


