"""Datasets that ship with maillage."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Tuple

from .._csv import read_frames_csv
from .._errors import NotFound
from .._graph import Graph

__all__ = ["example", "example_paths"]


def example_paths() -> Tuple[Path, Path]:
    """Paths of the example node and edge CSV files (a small slice of the alliance, illustrative).

    Looked for in the installed package, then in the source tree's ``examples/data``.
    """
    here = Path(__file__).resolve().parent
    candidates = [here / "example", here.parents[2] / "examples" / "data"]
    override: Optional[str] = os.environ.get("MAILLAGE_EXAMPLE_DIR")
    if override:
        candidates.insert(0, Path(override))
    for folder in candidates:
        nodes, edges = folder / "nodes.csv", folder / "edges.csv"
        if nodes.is_file() and edges.is_file():
            return nodes, edges
    raise NotFound("example dataset not found; looked in: " + ", ".join(str(c) for c in candidates))


def example() -> Graph:
    """The example graph (``examples/data``): a small, illustrative slice of the alliance."""
    nodes, edges = example_paths()
    graph = read_frames_csv(str(nodes), str(edges), progress=False)
    return graph
