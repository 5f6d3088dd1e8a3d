"""Reading graphs from CSV files and writing them back, through the C++ reader and writer.

See ``docs/api-contract.md`` ("CSV files") for the format, the column types and the errors.
"""

from __future__ import annotations

import os
from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

from . import _convert as cv
from . import _core
from ._errors import InvalidInput
from ._graph import Graph
from ._progress import ProgressArg, resolve_progress

__all__ = ["read_csv", "write_csv"]

PathArg = Union[str, "os.PathLike[str]"]

_TYPE_ALIASES = {int: "int64", float: "double", bool: "bool", str: "string"}


def _path(value: Any, what: str) -> str:
    try:
        return os.fspath(value)
    except TypeError:
        raise InvalidInput(f"{what} must be a path, not {value!r}") from None


def _dtype_name(column: str, dtype: Any) -> str:
    if dtype in _TYPE_ALIASES:
        return _TYPE_ALIASES[dtype]
    if isinstance(dtype, str):
        return {"Int64": "int64", "float64": "double", "boolean": "bool", "str": "string",
                "object": "string", "categorical": "category"}.get(dtype, dtype)
    raise InvalidInput(f"dtypes: column {column!r}: expected a type name such as 'int64', not {dtype!r}")


def _registry(relations: Optional[Mapping[str, Mapping[str, Any]]]) -> List[Tuple[str, bool, str]]:
    out: List[Tuple[str, bool, str]] = []
    for name, spec in (relations or {}).items():
        if not isinstance(name, str) or not isinstance(spec, Mapping):
            raise InvalidInput(f"relations: expected {{name: {{'directed': bool, 'category': str}}}}, got {name!r}: {spec!r}")
        unknown = set(spec) - {"directed", "category"}
        if unknown:
            raise InvalidInput(f"relation {name!r}: unknown fields {sorted(unknown)} (use 'directed', 'category')")
        out.append((name, bool(spec.get("directed", False)), str(spec.get("category", "tie"))))
    return out


def _ladder(scales: Optional[Sequence[Any]]) -> Optional[List[Tuple[str, str]]]:
    if scales is None:
        return None
    out = []
    for item in scales:
        if isinstance(item, str):
            out.append((item, item))
        elif isinstance(item, Mapping):
            out.append((str(item["id"]), str(item.get("label", item["id"]))))
        else:
            sid, label = item
            out.append((str(sid), str(label)))
    return out


def read_csv(
    nodes_path: Optional[PathArg],
    edges_path: PathArg,
    sep: Optional[str] = None,
    dtypes: Optional[Mapping[str, Any]] = None,
    codes: Optional[Sequence[str]] = None,
    relations: Optional[Mapping[str, Mapping[str, Any]]] = None,
    create_missing_nodes: bool = False,
    default_kind: str = "node",
    default_relation: Optional[str] = None,
    *,
    scales: Optional[Sequence[Any]] = None,
    metadata: Optional[Mapping[str, Any]] = None,
    merge_parallel: bool = False,
    list_sep: str = "|",
    resolve_territories: bool = False,
    progress: ProgressArg = None,
) -> Graph:
    """Reads a graph from a node CSV file and an edge CSV file with the C++ reader.

    ``nodes_path``: a file with a ``key`` column (unique, non-empty), optional ``kind`` (empty →
    ``default_kind``), ``label``, ``scale`` (a ladder id) and any other columns; ``None`` reads the
    edge list alone, its nodes created from the endpoints. ``edges_path``: ``source``, ``target``,
    optional ``relation`` (empty cells → ``default_relation``, else an error; no column →
    ``default_relation`` or ``"cooperates_with"``), ``weight`` (a number ≥ 0; empty → 1, returned
    missing), ``start``, ``end`` (``YYYY-MM-DD`` or a year; a year in ``end`` means 31 December),
    ``context``, ``provenance`` and any other columns.

    Files are UTF-8 (a byte-order mark is skipped), RFC 4180 quoted, separated by ``sep`` (``","``
    or ``";"``; ``None`` detects it from each file's header line). Empty cells are missing values.
    Column types are inferred — bool (true/false), int64, double (a decimal comma is read in ``;``
    files), date (ISO days), else string — except for key and code columns (``key``, ``source``,
    ``target``, ``context``, ``code``, ``insee``, ``siren`` and those in ``codes``), which stay text
    whole, as does any value with a leading zero or a letter among digits (``"01001"``,
    ``"2A004"``). ``dtypes={"col": "int64"|"double"|"bool"|"string"|"date"|"category"|"list"}``
    overrides inference (``list`` cells are split on ``list_sep``).

    ``relations`` registers relations as in :meth:`Graph.from_frames`; ``create_missing_nodes``
    creates edge endpoints missing from the node file (with ``default_kind``);
    ``resolve_territories`` places the ``territory`` nodes in the official French hierarchy, as
    :meth:`Graph.from_frames` does (see :func:`maillage.territories.attach`; a ``departement``
    column, the resolver's hint, is then read as codes).
    Errors are :class:`maillage.InvalidInput` whose message starts ``<file>:<line>:<column>: ``
    (the header is line 1) and names the value at fault. The GIL is released while reading;
    ``progress`` as elsewhere (a bar on a terminal by default). O(file sizes + (n + m) log(n + m)).
    """
    nodes = None if nodes_path is None else _path(nodes_path, "nodes_path")
    edges = _path(edges_path, "edges_path")
    types = {str(k): _dtype_name(str(k), v) for k, v in (dtypes or {}).items()}
    if codes is not None and isinstance(codes, str):
        codes = [codes]
    meta = {str(k): cv.normalize_metadata_value(str(k), v) for k, v in (metadata or {}).items()}
    code_columns = [str(c) for c in (codes or ())]
    if resolve_territories and "departement" not in types:
        code_columns.append("departement")  # a hint of the resolver: "63" is a code, like "2A"
    core = _core.read_csv(
        nodes, edges, sep, types, code_columns, _registry(relations), _ladder(scales), meta,
        bool(create_missing_nodes), default_kind, default_relation, bool(merge_parallel), list_sep,
        resolve_progress(progress),
    )
    if resolve_territories:
        from .territories import attach

        return attach(Graph(core))
    return Graph(core)


def write_csv(graph: Graph, nodes_path: PathArg, edges_path: PathArg, sep: str = ",", list_sep: str = "|") -> None:
    """Writes ``graph`` as a node CSV (``key``, ``kind``, attributes) and an edge CSV (``source``,
    ``target``, ``relation``, ``weight`` when given, attributes) that :func:`read_csv` reads back
    to the same values and types (pass it the same ``dtypes`` for category columns and for text
    that looks like numbers). UTF-8, LF line ends, quotes only where needed, missing values as
    empty cells, dates as ``YYYY-MM-DD``, lists joined by ``list_sep``. O(n + m)."""
    if not isinstance(graph, Graph):
        raise TypeError(f"expected a maillage.Graph, not {type(graph).__name__}")
    _core.write_csv(graph._g, _path(nodes_path, "nodes_path"), _path(edges_path, "edges_path"), sep, list_sep)  # noqa: SLF001
