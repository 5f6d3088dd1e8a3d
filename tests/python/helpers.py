"""Helpers shared by the maillage Python tests (imported by the test modules)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import maillage

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = REPO / "examples" / "data"


@contextlib.contextmanager
def raises_naming(exc_type, *needles):
    """Like pytest.raises, and also checks that str(error) contains every needle."""
    with pytest.raises(exc_type) as info:
        yield info
    message = str(info.value)
    for needle in needles:
        assert needle in message, f"{needle!r} not in message {message!r}"


def frame(**columns) -> pd.DataFrame:
    """A DataFrame from keyword columns (kept in order)."""
    return pd.DataFrame(columns)


def obj(values) -> pd.Series:
    """An object-dtype Series (pandas 3 would infer `str` for text otherwise)."""
    return pd.Series(values, dtype=object)


def edge_set(view: maillage.View):
    """View edges as a set of (source, target) pairs; unordered pairs as frozensets when undirected."""
    ef = view.edges_frame()
    pairs = zip(ef["source"], ef["target"])
    if view.directed:
        return {(s, t) for s, t in pairs}
    return {frozenset((s, t)) for s, t in pairs}


def territories(keys, scales=None) -> pd.DataFrame:
    data = {"key": list(keys), "kind": ["territory"] * len(keys)}
    if scales is not None:
        data["scale"] = list(scales)
    return pd.DataFrame(data)


def docs_script(name: str):
    """The module of the script docs/<name>.py (the scripts that regenerate the pages' outputs)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "docs" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def doc_examples():
    """docs/doc_examples.py: runs a page's examples and compares their outputs (see its docstring)."""
    return docs_script("doc_examples")


def run_page(page: Path):
    """Runs the examples of a documentation page: (the examples whose printed output differs,
    word for word, from the page's; their scope)."""
    docs = doc_examples()
    text = page.read_text(encoding="utf-8")
    assert docs.examples(text), f"{page}: no example with its output"
    printed, scope = docs.run(text, str(page))
    return docs.stale_outputs(text, printed), scope


def chromium():
    """Debian's chromium (headless browser of the HTML picture tests), or None."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(browser, tmp_path, *args):
    """Runs headless chromium with a fresh profile in tmp_path (e.g. --dump-dom URL, --screenshot=F URL)."""
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900", "--virtual-time-budget=3000", *args]
    return subprocess.run(cmd, capture_output=True, timeout=120)
