"""Conversions between maillage graphs and NetworkX graphs."""

from __future__ import annotations

import datetime as _dt
import warnings
from typing import Any, Dict, List, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _convert as cv
from ._errors import InvalidInput
from ._graph import Graph, View

__all__ = ["from_networkx", "to_networkx"]

_SCALAR = (str, bool, int, float, np.generic, _dt.date, pd.Timestamp)


def _keepable(name: str, value: Any, owner: str) -> bool:
    if value is None or isinstance(value, _SCALAR):
        return True
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
        return True
    warnings.warn(
        f"from_networkx: attribute {name!r} of {owner} holds {type(value).__name__} values, which a "
        "maillage graph cannot store (bool, int, float, str, list of str, date); it is not kept",
        stacklevel=3,
    )
    return False


def _frame(rows: List[Dict[str, Any]], columns: List[str], skipped: set) -> pd.DataFrame:
    data: Dict[str, Any] = {}
    for c in columns:
        if c in skipped:
            continue
        values = np.empty(len(rows), dtype=object)
        for i, r in enumerate(rows):
            v = r.get(c)
            values[i] = v.item() if isinstance(v, np.generic) else (list(v) if isinstance(v, tuple) else v)
        data[c] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


_SCHEMA = "maillage"  # the G.graph entry where to_networkx records what NetworkX cannot hold


def _dtype_record(series: pd.Series) -> Any:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return {"categories": [str(c) for c in dtype.categories], "ordered": bool(dtype.ordered)}
    return str(dtype)


def _typed_series(values: List[Any], record: Any, name: str) -> pd.Series:
    """A column of NetworkX attribute values with the dtype to_networkx recorded."""
    if isinstance(record, Mapping):
        return pd.Series(pd.Categorical(values, categories=record["categories"], ordered=record["ordered"]), name=name)
    if record.startswith("datetime64"):
        days = pd.to_datetime(pd.Series([None if v is None else pd.Timestamp(v) for v in values], dtype=object))
        return days.astype(record).rename(name)
    if record == "object":
        out = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            out[i] = list(v) if isinstance(v, tuple) else v
        return pd.Series(out, dtype=object, name=name)
    if record in ("int64", "bool") and any(v is None for v in values):
        record = {"int64": "Int64", "bool": "boolean"}[record]  # rows added since: missing values
    try:
        return pd.Series(values, dtype=record, name=name)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"from_networkx: column {name!r}: values do not fit the recorded dtype {record} ({error})") from None


def _from_recorded(G: Any, schema: Mapping[str, Any], **kwargs: Any) -> Graph:
    """The exact inverse of to_networkx(Graph): columns, dtypes, edge order, registry, ladder."""
    # Attributes added in NetworkX since to_networkx are kept too, typed as from_frames types them.
    node_columns = list(schema["node_columns"])
    node_dtypes = dict(schema["node_dtypes"])
    for _, attrs in G.nodes(data=True):
        for name in attrs:
            if name not in node_dtypes and name != "key":
                node_columns.append(name)
                node_dtypes[name] = "object"
    keys: List[str] = []
    cells: Dict[str, List[Any]] = {c: [] for c in node_columns}
    for node, attrs in G.nodes(data=True):
        keys.append(str(node))
        for c in node_columns:
            cells[c].append(attrs.get(c))
    nodes = pd.DataFrame({"key": pd.Series(keys, dtype=schema.get("key_dtype", "object"))})
    for c in node_columns:
        nodes[c] = _typed_series(cells[c], node_dtypes[c], c)
    edge_columns = list(schema["edge_columns"])
    edge_dtypes = dict(schema["edge_dtypes"])
    for *_, attrs in (G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)):
        for name in attrs:
            if name not in edge_dtypes:
                edge_columns.append(name)
                edge_dtypes[name] = "object"
    rows = list(G.edges(keys=True, data=True)) if G.is_multigraph() else [(u, v, i, d) for i, (u, v, d) in enumerate(G.edges(data=True))]
    try:
        rows.sort(key=lambda r: r[2])
    except TypeError:
        pass  # keys that do not sort: NetworkX's order
    ecells: Dict[str, List[Any]] = {c: [] for c in edge_columns}
    for u, v, _, attrs in rows:
        for c in edge_columns:
            if c == "source":
                ecells[c].append(str(u))
            elif c == "target":
                ecells[c].append(str(v))
            else:
                ecells[c].append(attrs.get(c))
    edges = pd.DataFrame({c: _typed_series(ecells[c], edge_dtypes[c], c) for c in edge_columns})
    metadata = {k: v for k, v in G.graph.items() if k != _SCHEMA}
    kwargs.setdefault("metadata", metadata)
    kwargs.setdefault("scales", [tuple(s) for s in schema["scales"]])
    kwargs.setdefault("relations", {name: dict(spec) for name, spec in schema["relations"].items()})
    return Graph.from_frames(nodes, edges, **kwargs)


def from_networkx(G: Any, default_kind: str = "node", default_relation: Optional[str] = None, **kwargs: Any) -> Graph:
    """A maillage Graph from any NetworkX graph.

    Keys are ``str(node)`` (two nodes with the same text are an error naming both); a ``kind``
    node attribute and a ``relation`` edge attribute are used when present; ``default_relation=None``
    means ``cooperates_with`` for undirected graphs and ``links_to`` for directed ones, so a DiGraph
    stays directed. Every scalar attribute is kept (others are reported by a warning). Graph
    attributes become metadata where they can. Extra keyword arguments go to
    :meth:`Graph.from_frames` (``scales``, ``relations``, ``codes``…).

    A graph made by :func:`to_networkx` from a Graph carries, in ``G.graph["maillage"]``, the
    relation registry, the scale ladder, the column order and every column's pandas dtype: it
    comes back equal (same frames, dtypes, edge ids, registry, ladder and metadata).
    """
    schema = G.graph.get(_SCHEMA)
    if isinstance(schema, Mapping) and schema.get("version") == 1:
        return _from_recorded(G, schema, **kwargs)
    directed = G.is_directed()
    relation = default_relation or ("links_to" if directed else "cooperates_with")
    seen: Dict[str, Any] = {}
    node_rows: List[Dict[str, Any]] = []
    node_columns: List[str] = ["key", "kind"]
    skipped_nodes: set = set()
    for node, attrs in G.nodes(data=True):
        key = str(node)
        if key in seen:
            raise InvalidInput(f"from_networkx: nodes {seen[key]!r} and {node!r} have the same key {key!r}")
        seen[key] = node
        row = {"key": key, "kind": attrs.get("kind", default_kind)}
        for name, value in attrs.items():
            if name in ("key", "kind"):
                continue
            if name not in node_columns:
                node_columns.append(name)
            if name in skipped_nodes or not _keepable(name, value, f"node {key!r}"):
                skipped_nodes.add(name)
                continue
            row[name] = value
        node_rows.append(row)
    edge_rows: List[Dict[str, Any]] = []
    edge_columns: List[str] = ["source", "target", "relation"]
    skipped_edges: set = set()
    edges = G.edges(keys=False, data=True) if G.is_multigraph() else G.edges(data=True)
    for u, v, attrs in edges:
        row = {"source": str(u), "target": str(v), "relation": attrs.get("relation", relation)}
        for name, value in attrs.items():
            if name in ("source", "target", "relation"):
                continue
            if name not in edge_columns:
                edge_columns.append(name)
            if name in skipped_edges or not _keepable(name, value, f"edge {str(u)!r} → {str(v)!r}"):
                skipped_edges.add(name)
                continue
            row[name] = value
        edge_rows.append(row)
    nodes = _frame(node_rows, node_columns, skipped_nodes)
    edges_frame = _frame(edge_rows, edge_columns, skipped_edges)
    if "weight" in edges_frame.columns:
        try:
            edges_frame["weight"] = pd.to_numeric(edges_frame["weight"])
        except (TypeError, ValueError):
            pass  # not numbers: from_frames reports the column
    metadata = {}
    for name, value in G.graph.items():
        try:
            metadata[str(name)] = cv.normalize_metadata_value(str(name), value)
        except InvalidInput:
            warnings.warn(f"from_networkx: graph attribute {name!r} is not kept (unsupported value)", stacklevel=2)
    kwargs.setdefault("metadata", metadata)
    return Graph.from_frames(nodes, edges_frame, default_kind=default_kind, **kwargs)


def _row_attributes(frame: pd.DataFrame) -> List[Dict[str, Any]]:
    columns = list(frame.columns)
    out: List[Dict[str, Any]] = []
    arrays = [frame[c].to_numpy(dtype=object) for c in columns]
    for i in range(len(frame)):
        attrs: Dict[str, Any] = {}
        for c, values in zip(columns, arrays):
            v = values[i]
            if cv._is_missing(v) if not isinstance(v, list) else False:
                continue
            if isinstance(v, pd.Timestamp):
                v = v.date()
            elif isinstance(v, np.generic):
                v = v.item()
            attrs[c] = v
        out.append(attrs)
    return out


def to_networkx(g: Union[Graph, View]) -> Any:
    """A NetworkX graph of a maillage Graph or View.

    A View gives a ``Graph`` or ``DiGraph`` (its directedness) over its nodes in view order, with
    every node attribute and, on weighted views, a ``weight`` per edge. A Graph gives a
    ``MultiDiGraph`` keyed by edge id, with ``relation`` and every attribute on each edge (dates as
    ``datetime.date``; missing values omitted), the metadata in ``G.graph``, and in
    ``G.graph["maillage"]`` what :func:`from_networkx` needs to rebuild the graph exactly (registry,
    ladder, column order and dtypes).
    """
    import networkx as nx

    if isinstance(g, View):
        graph = g.graph
        H = nx.DiGraph() if g.directed else nx.Graph()
        nodes = graph.nodes_frame().loc[g.nodes]
        for key, attrs in zip(nodes.index, _row_attributes(nodes)):
            H.add_node(key, **attrs)
        frame = g.edges_frame()
        for s, t, w in zip(frame["source"], frame["target"], frame["weight"]):
            if g.weighted:
                H.add_edge(s, t, weight=float(w))
            else:
                H.add_edge(s, t)
        H.graph.update(graph.metadata)
        return H
    if isinstance(g, Graph):
        H = nx.MultiDiGraph()
        nodes = g.nodes_frame()
        for key, attrs in zip(nodes.index, _row_attributes(nodes)):
            H.add_node(key, **attrs)
        edges = g.edges_frame()
        for edge_id, attrs in zip(edges.index, _row_attributes(edges)):
            s = attrs.pop("source")
            t = attrs.pop("target")
            H.add_edge(s, t, key=int(edge_id), **attrs)
        H.graph.update(g.metadata)
        H.graph[_SCHEMA] = {
            "version": 1,
            "relations": g.relations,
            "scales": [list(item) for item in g.scale_labels.items()],
            "key_dtype": str(nodes.index.dtype),
            "node_columns": list(nodes.columns),
            "node_dtypes": {c: _dtype_record(nodes[c]) for c in nodes.columns},
            "edge_columns": list(edges.columns),
            "edge_dtypes": {c: _dtype_record(edges[c]) for c in edges.columns},
        }
        return H
    raise TypeError(f"expected a maillage.Graph or maillage.View, not {type(g).__name__}")
