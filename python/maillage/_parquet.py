"""Parquet: a graph as two Apache Parquet tables (the optional ``parquet`` extra, through pyarrow).

``g.write("graph.parquet")`` writes a folder ``graph.parquet/`` holding ``nodes.parquet`` and
``edges.parquet``; the registry, ladder and metadata ride in the edge file's key-value metadata
(key ``maillage``), and pyarrow's pandas metadata keeps every dtype. Columnar and compressed:
the format for node and edge tables of millions of rows.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Dict

from . import _atomic
from ._errors import InvalidInput, NotFound
from ._graph import Graph
from ._progress import ProgressArg

__all__ = ["read_parquet", "write_parquet"]

_KEY = b"maillage"


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("Parquet files need pyarrow: pip install 'maillage[parquet]'") from None
    return pq


def _metadata_record(value: Any) -> Dict[str, Any]:
    if isinstance(value, _dt.date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return {"type": "double", "value": repr(value)}
    return {"type": "value", "value": value}


def _metadata_value(record: Dict[str, Any]) -> Any:
    if record["type"] == "date":
        return _dt.date.fromisoformat(record["value"])
    if record["type"] == "double":
        return float(record["value"])
    return record["value"]


def _record(graph: Graph, nodes: Any, edges: Any) -> Dict[str, Any]:
    """The ``maillage`` record of the edge file: the registry, ladder and metadata of ``graph``, and
    the dtypes to restore of the ``nodes`` and ``edges`` frames."""
    return {
        "version": 1,
        "relations": graph.relations,
        "scales": [list(item) for item in graph.scale_labels.items()],
        "metadata": {name: _metadata_record(value) for name, value in graph.metadata.items()},
        # Parquet has no second-resolution timestamps: the units to restore.
        "units": {
            "nodes": {c: str(t) for c, t in nodes.dtypes.items() if str(t).startswith("datetime64")},
            "edges": {c: str(t) for c, t in edges.dtypes.items() if str(t).startswith("datetime64")},
        },
        # pyarrow reads text columns back as pandas' own string dtype (pandas 3): the object ones to restore.
        "objects": {
            "nodes": [c for c, t in nodes.dtypes.items() if t == object],
            "edges": [c for c, t in edges.dtypes.items() if t == object],
        },
    }


def _edge_table(edges: Any, record: Dict[str, Any], preserve_index: bool = True) -> Any:
    import pyarrow as pa

    table = pa.Table.from_pandas(edges, preserve_index=preserve_index)
    return table.replace_schema_metadata({**(table.schema.metadata or {}), _KEY: json.dumps(record).encode("utf-8")})


def write_parquet(graph: Graph, path: str) -> None:
    """Writes ``graph`` as ``path/nodes.parquet`` and ``path/edges.parquet`` (replacing the folder
    whole: written beside it under a temporary name, then renamed). O(n + m)."""
    pq = _pyarrow()
    import pyarrow as pa

    target = Path(path)
    node_frame, edge_frame = graph.nodes_frame(), graph.edges_frame()
    nodes = pa.Table.from_pandas(node_frame, preserve_index=True)
    edges = _edge_table(edge_frame, _record(graph, node_frame, edge_frame))
    with _atomic.folder(target) as temporary:
        pq.write_table(nodes, temporary / "nodes.parquet")
        pq.write_table(edges, temporary / "edges.parquet")


def _lists(frame: Any) -> Any:
    """pyarrow gives list cells as numpy arrays: back to Python lists, as the frames hold them."""
    import numpy as np

    for column in frame.columns:
        series = frame[column]
        if series.dtype != object:
            continue
        values = series.to_numpy(dtype=object)
        if any(isinstance(v, np.ndarray) for v in values):
            out = np.empty(len(values), dtype=object)
            for i, v in enumerate(values):
                out[i] = [str(x) for x in v] if isinstance(v, np.ndarray) else v
            frame[column] = out
    return frame


def read_parquet(path: str, *, progress: ProgressArg = None) -> Graph:
    """Reads a graph written by :func:`write_parquet` (a folder holding ``nodes.parquet`` and
    ``edges.parquet``; ``edges.parquet`` may be a folder of partitions ``part-*.parquet``, read in
    name order, as ``maillage.distributed.bipartite_projection(..., path=)`` writes), or an edge table alone (one ``.parquet`` file with ``source`` and
    ``target`` columns). O(n + m)."""
    pq = _pyarrow()
    import pyarrow as pa

    p = Path(path)
    if p.is_dir():
        nodes_path, edges_path = p / "nodes.parquet", p / "edges.parquet"
        if not edges_path.exists():
            raise NotFound(f"{path}: no edges.parquet in this folder")
    elif p.is_file():
        nodes_path, edges_path = None, p
    else:
        raise NotFound(f"{path}: no such file or folder")

    def load(file: Path) -> Any:
        try:
            return pq.read_table(file)
        except (pa.ArrowInvalid, OSError) as error:
            raise InvalidInput(f"{file}: not a readable Parquet file ({error})") from None

    if edges_path.is_dir():
        # Partitions (maillage.distributed.bipartite_projection(..., path=)): part-*.parquet in name
        # order; names starting with "." or "_" (temporary files) are not parts.
        parts = sorted(f for f in edges_path.iterdir() if f.suffix == ".parquet" and not f.name.startswith((".", "_")))
        if not parts:
            raise InvalidInput(f"{edges_path}: a folder of edge partitions without any .parquet file")
        tables = [load(part) for part in parts]
        try:
            edges_table = pa.concat_tables(tables)
        except pa.ArrowInvalid as error:
            raise InvalidInput(f"{edges_path}: the partitions do not have the same columns ({error})") from None
    else:
        edges_table = load(edges_path)
    raw = (edges_table.schema.metadata or {}).get(_KEY)
    record: Dict[str, Any] = {}
    if raw is not None:
        try:
            record = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidInput(f"{edges_path}: the 'maillage' metadata is not JSON ({error})") from None
    edges = _lists(edges_table.to_pandas())
    nodes = None
    if nodes_path is not None and nodes_path.is_file():
        nodes = _lists(load(nodes_path).to_pandas())
    units = record.get("units", {})
    for frame, which in ((nodes, "nodes"), (edges, "edges")):
        if frame is None:
            continue
        for column, unit in units.get(which, {}).items():
            if column in frame.columns:
                frame[column] = frame[column].astype(unit)
        for column in record.get("objects", {}).get(which, []):
            if column in frame.columns and frame[column].dtype != object:
                frame[column] = frame[column].astype(object)
    kwargs: Dict[str, Any] = {}
    if record:
        kwargs["relations"] = record.get("relations", {})
        kwargs["scales"] = [tuple(s) for s in record.get("scales", [])] or None
        kwargs["metadata"] = {k: _metadata_value(v) for k, v in record.get("metadata", {}).items()}
    if "edge" in edges.columns or edges.index.name == "edge":
        edges = edges.reset_index(drop=True)
    return Graph.from_frames(nodes, edges, progress=progress, **kwargs)
