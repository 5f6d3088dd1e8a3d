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
    options = dict(sep=sep, keep_default_na=False, na_values=[""], encoding="utf-8-sig",
                   quoting=csv.QUOTE_MINIMAL)
    try:
        # A column holding a value with a leading zero ("01001") is a code: kept as text whole.
        raw = pd.read_csv(path, dtype=str, **options)
        for name in raw.columns:
            if name not in text and raw[name].str.match(r"[+-]?0[0-9]").any():
                text[name] = str
        return pd.read_csv(path, dtype=text, **options)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(f"{path}: {error}") from None


def read_frames_csv(nodes_path: Optional[str], edges_path: str, *, codes: Sequence[str] = (),
                    **kwargs: Any) -> Graph:
    """A Graph from a node CSV (or None: nodes from the edges' endpoints) and an edge CSV."""
    nodes = None if nodes_path is None else _read(nodes_path, codes)
    edges = _read(edges_path, codes)
    if nodes is not None:
        # The nodes alone first, so that an error is reported against the file holding it.
        alone = {k: v for k, v in kwargs.items() if k in ("scales", "relations", "metadata", "default_kind")}
        try:
            Graph.from_frames(nodes, None, codes=codes, progress=False, **alone)
        except InvalidInput as error:
            raise InvalidInput(f"{nodes_path}: {error}") from None
    try:
        return Graph.from_frames(nodes, edges, codes=codes, **kwargs)
    except InvalidInput as error:
        raise InvalidInput(f"{edges_path}: {error}") from None
