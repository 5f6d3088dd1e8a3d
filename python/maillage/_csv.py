"""Reading a node table and an edge table from CSV files into a Graph, through pandas.

Keys, endpoints, contexts and code columns stay text whole; empty cells are missing values;
``,`` or ``;`` separators are detected from the header line.
"""

from __future__ import annotations

import csv
import os
from typing import Any, Optional, Sequence

import pandas as pd

from ._errors import InvalidInput
from ._graph import Graph

__all__ = ["read_frames_csv"]

_TEXT_COLUMNS = ("key", "kind", "label", "source", "target", "relation", "context", "provenance",
                 "code", "insee", "siren")


def _separator(path: str) -> str:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
    if not header.strip():
        raise InvalidInput(f"{path}:1:1: empty file (expected a header line)")
    return ";" if header.count(";") > header.count(",") else ","


def _read(path: str, codes: Sequence[str]) -> pd.DataFrame:
    if not os.path.exists(path):
        raise InvalidInput(f"{path}: no such file")
    sep = _separator(path)
    text = {name: str for name in (*_TEXT_COLUMNS, *codes)}
    try:
        return pd.read_csv(path, sep=sep, dtype=text, keep_default_na=False, na_values=[""],
                           encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(f"{path}: {error}") from None


def read_frames_csv(nodes_path: Optional[str], edges_path: str, *, codes: Sequence[str] = (),
                    **kwargs: Any) -> Graph:
    """A Graph from a node CSV (or None: nodes from the edges' endpoints) and an edge CSV."""
    nodes = None if nodes_path is None else _read(nodes_path, codes)
    edges = _read(edges_path, codes)
    try:
        return Graph.from_frames(nodes, edges, codes=codes, **kwargs)
    except InvalidInput as error:
        raise InvalidInput(f"{nodes_path or edges_path}: {error}") from None
