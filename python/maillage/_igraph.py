"""Conversions between maillage graphs and python-igraph graphs, keeping every attribute."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Mapping, Optional

import numpy as np
import pandas as pd

from . import _convert as cv
from ._errors import InvalidInput
from ._graph import Graph
from ._networkx import _SCHEMA, _dtype_record, _typed_series

__all__ = ["to_igraph", "from_igraph"]


def _plain_values(series: pd.Series) -> List[Any]:
    out: List[Any] = []
    for v in series.to_numpy(dtype=object):
        if isinstance(v, list):
            out.append(list(v))
        elif cv._is_missing(v):
            out.append(None)
        elif isinstance(v, pd.Timestamp):
            out.append(v.date())
        elif isinstance(v, np.datetime64):
            out.append(pd.Timestamp(v).date())
        elif isinstance(v, np.generic):
            out.append(v.item())
        else:
            out.append(v)
    return out


def to_igraph(g: Graph) -> Any:
    """An igraph Graph of a maillage Graph: vertices in node order with ``name`` (the key),
    ``kind`` and every node attribute (a node column called ``name`` becomes ``name_``, igraph's
    ``name`` being the key); edges in edge-id order with ``relation``, ``weight`` (when
    given) and every edge attribute (missing values are None, dates ``datetime.date``). The graph
    is directed unless every relation in use is undirected (undirected edges of a directed graph
    keep their relation, whose directedness is recorded); ``g["maillage"]`` holds the registry,
    ladder, column order and dtypes, and the metadata are graph attributes, so
    :func:`from_igraph` gives the graph back equal. O(n + m) per attribute."""
    import igraph

    if not isinstance(g, Graph):
        raise TypeError(f"expected a maillage.Graph, not {type(g).__name__}")
    nodes = g.nodes_frame()
    edges = g.edges_frame()
    relations = g.relations
    used = set(edges["relation"].tolist())
    directed = any(relations[r]["directed"] for r in used) if used else False
    index = {key: i for i, key in enumerate(nodes.index)}
    pairs = [(index[s], index[t]) for s, t in zip(edges["source"], edges["target"])]
    G = igraph.Graph(n=len(nodes), edges=pairs, directed=directed)
    # igraph identifies vertices by their ``name``: it holds the key, and a node column called
    # ``name`` (the fabrique dataset's label) moves to ``name_`` (``name__`` … when taken), the
    # move being recorded in the schema so that from_igraph puts it back.
    G.vs["name"] = list(nodes.index)
    node_attributes = _vertex_attribute_names(list(nodes.columns))
    for column in nodes.columns:
        G.vs[node_attributes[column]] = _plain_values(nodes[column])
    for column in edges.columns:
        if column in ("source", "target"):
            continue
        G.es[column] = _plain_values(edges[column])
    # An undirected igraph graph may store an edge with its ends swapped: the edges whose source
    # is not igraph's first end are recorded, so that from_igraph gives the frames back in order.
    swapped = [i for i, (s, _) in enumerate(G.get_edgelist()) if s != pairs[i][0]]
    hidden = {}
    for name, value in g.metadata.items():
        if name == _SCHEMA:  # the schema's own attribute: the entry travels inside the schema
            hidden[name] = value
        else:
            G[name] = value
    G[_SCHEMA] = {
        "version": 1,
        "node_attributes": node_attributes,
        "swapped_edges": swapped,
        "hidden_metadata": hidden,
        "relations": relations,
        "scales": [list(item) for item in g.scale_labels.items()],
        "key_dtype": str(nodes.index.dtype),
        "node_columns": list(nodes.columns),
        "node_dtypes": {c: _dtype_record(nodes[c]) for c in nodes.columns},
        "edge_columns": list(edges.columns),
        "edge_dtypes": {c: _dtype_record(edges[c]) for c in edges.columns},
    }
    return G


def from_igraph(G: Any, default_kind: str = "node", default_relation: Optional[str] = None, **kwargs: Any) -> Graph:
    """A maillage Graph from an igraph Graph.

    Keys are the ``name`` vertex attribute when present (else the vertex index as text); a
    ``kind`` vertex attribute and a ``relation`` edge attribute are used when present (else
    ``default_relation``, or ``cooperates_with`` for undirected graphs and ``links_to`` for
    directed ones); every other attribute becomes a column (None is a missing value); graph
    attributes become metadata. A graph made by :func:`to_igraph` comes back equal (registry,
    ladder, column order, dtypes). Extra keyword arguments go to :meth:`Graph.from_frames`.
    O(n + m) per attribute.
    """
    names = G.vs.attributes()
    keys = [str(v) for v in G.vs["name"]] if "name" in names else [str(i) for i in range(G.vcount())]
    if len(set(keys)) != len(keys):
        seen: Dict[str, int] = {}
        for i, key in enumerate(keys):
            if key in seen:
                raise InvalidInput(f"from_igraph: vertices {seen[key]} and {i} have the same name {key!r}")
            seen[key] = i
    ends = G.get_edgelist()
    sources = [keys[s] for s, _ in ends]
    targets = [keys[t] for _, t in ends]
    schema = G[_SCHEMA] if _SCHEMA in G.attributes() else None
    metadata = {name: G[name] for name in G.attributes() if name != _SCHEMA}
    if isinstance(schema, Mapping) and schema.get("version") == 1:
        metadata.update(schema.get("hidden_metadata", {}))
        # Graphs written before the schema recorded moved attributes: every column under its name.
        moved = schema.get("node_attributes", {})
        for i in schema.get("swapped_edges", []):
            sources[i], targets[i] = targets[i], sources[i]
        nodes = pd.DataFrame({"key": pd.Series(keys, dtype=schema.get("key_dtype", "object"))})
        for c in schema["node_columns"]:
            nodes[c] = _typed_series(list(G.vs[moved.get(c, c)]), schema["node_dtypes"][c], c)
        columns: Dict[str, pd.Series] = {}
        for c in schema["edge_columns"]:
            values = sources if c == "source" else targets if c == "target" else list(G.es[c])
            columns[c] = _typed_series(values, schema["edge_dtypes"][c], c)
        kwargs.setdefault("metadata", metadata)
        kwargs.setdefault("scales", [tuple(s) for s in schema["scales"]])
        kwargs.setdefault("relations", {name: dict(spec) for name, spec in schema["relations"].items()})
        return Graph.from_frames(nodes, pd.DataFrame(columns), **kwargs)
    node_data: Dict[str, Any] = {"key": keys}
    node_data["kind"] = [default_kind if k is None else k for k in G.vs["kind"]] if "kind" in names else [default_kind] * len(keys)
    for name in names:
        if name in ("name", "kind"):
            continue
        node_data[name] = _column(list(G.vs[name]))
    relation = default_relation or ("links_to" if G.is_directed() else "cooperates_with")
    edge_data: Dict[str, Any] = {"source": sources, "target": targets}
    edge_names = G.es.attributes()
    edge_data["relation"] = [relation if r is None else r for r in G.es["relation"]] if "relation" in edge_names else [relation] * len(sources)
    for name in edge_names:
        if name in ("source", "target", "relation"):
            continue
        edge_data[name] = _column(list(G.es[name]))
    kwargs.setdefault("metadata", {k: cv.normalize_metadata_value(k, v) for k, v in metadata.items()})
    return Graph.from_frames(pd.DataFrame(node_data), pd.DataFrame(edge_data), default_kind=default_kind, **kwargs)


def _vertex_attribute_names(columns: List[str]) -> Dict[str, str]:
    """The igraph vertex attribute of each node column: the column's own name, but for one called
    ``name`` (igraph's vertex identity, which holds the key), which takes the first of ``name_``,
    ``name__``, … that no other column uses."""
    taken = set(columns)
    out: Dict[str, str] = {}
    for column in columns:
        if column == "name":
            moved = "name_"
            while moved in taken:
                moved += "_"
            taken.add(moved)
            out[column] = moved
        else:
            out[column] = column
    return out


def _column(values: List[Any]) -> pd.Series:
    """An object column (from_frames types it as the contract says: ints with None → Int64, …)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        if isinstance(v, float) and v != v:
            v = None
        out[i] = list(v) if isinstance(v, tuple) else v
    series = pd.Series(out, dtype=object)
    present = [v for v in out if v is not None]
    if present and all(isinstance(v, float) for v in present):
        return pd.Series([np.nan if v is None else v for v in out], dtype=np.float64)
    if present and all(isinstance(v, (_dt.date, pd.Timestamp)) for v in present):
        return pd.to_datetime(series)
    return series
