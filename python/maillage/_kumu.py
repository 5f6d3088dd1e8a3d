"""Kumu: a Kumu blueprint (JSON: elements, connections and their fields) read as a Graph.

Kumu's own export nests fields in ``attributes`` and names elements by ``_id``; its import format
(and maillage's export, :func:`maillage.systemic` ``to_kumu``) puts fields beside ``id``/``label``.
Both are read.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from ._convert import read_text_file
from ._errors import InvalidInput
from ._graph import Graph
from ._progress import ProgressArg

__all__ = ["read_kumu"]

_DIRECTIONS = {"directed": True, "undirected": False, "mutual": False}


def _fields(item: Dict[str, Any]) -> Dict[str, Any]:
    fields = dict(item.get("attributes") or {}) if isinstance(item.get("attributes"), dict) else {}
    for name, value in item.items():
        if name != "attributes":
            fields.setdefault(name, value)
    return fields


def _cell(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise InvalidInput(f"{where}: a value Kumu fields hold (text, number, true/false or a list of text), not {value!r}")


def _column(values: List[Any]) -> pd.Series:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, float) or (isinstance(v, int) and not isinstance(v, bool)) for v in present) \
            and any(isinstance(v, float) for v in present):
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return pd.Series(out, dtype=object)


def read_kumu(path: str, *, progress: ProgressArg = None, default_kind: str = "node") -> Graph:
    """Reads a Kumu blueprint JSON file.

    Elements become nodes: the key is ``id`` (or Kumu's ``_id``, else the label); ``Kind`` (as
    maillage writes it) the kind, else ``default_kind``; ``label``, ``type``, ``description``,
    ``tags`` (a list) and every other field become columns (``x``, ``y`` and ``color`` included).
    Connections become edges between their ``from`` and ``to`` (an id, else a label); the relation
    is the connection's ``type``, registered as a directed or undirected tie after its
    ``direction`` (``directed``; ``undirected`` and ``mutual`` are undirected), else
    ``links_to``/``cooperates_with``; ``Weight`` (maillage's export) or ``weight`` is the weight;
    other fields become columns. Errors name the file and the element or connection at fault (JSON
    syntax errors: ``<file>:<line>:<column>``). O(size of the file).
    """
    text = read_text_file(path)  # a folder, a device or a FIFO is refused before it is opened
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise InvalidInput(f"{path}: (root): a Kumu blueprint is an object with an 'elements' array")
    connections = data.get("connections", [])
    if not isinstance(connections, list):
        raise InvalidInput(f"{path}: connections: expected an array")

    keys: List[str] = []
    kinds: List[str] = []
    rows: List[Dict[str, Any]] = []
    by_label: Dict[str, Optional[str]] = {}
    seen = set()
    for i, element in enumerate(data["elements"]):
        where = f"{path}: elements[{i}]"
        if not isinstance(element, dict):
            raise InvalidInput(f"{where}: expected an object")
        fields = _fields(element)
        key = fields.pop("id", None) or fields.pop("_id", None) or fields.get("label")
        fields.pop("_id", None)
        if not isinstance(key, str) or not key:
            raise InvalidInput(f"{where}: an element needs an id or a label")
        if key in seen:
            raise InvalidInput(f"{where}: duplicate element {key!r}")
        seen.add(key)
        kind = fields.pop("Kind", None) or default_kind
        if not isinstance(kind, str):
            raise InvalidInput(f"{where}.Kind: expected text, not {kind!r}")
        label = fields.get("label")
        if isinstance(label, str):
            by_label[label] = None if label in by_label else key  # None: ambiguous
        keys.append(key)
        kinds.append(kind)
        rows.append({name: _cell(value, f"{where}.{name}") for name, value in fields.items()})

    sources: List[str] = []
    targets: List[str] = []
    relations: List[str] = []
    edge_rows: List[Dict[str, Any]] = []
    registry: Dict[str, Dict[str, Any]] = {}
    directed_of: Dict[str, Tuple[bool, int]] = {}

    def endpoint(value: Any, where: str) -> str:
        if isinstance(value, str) and value in seen:
            return value
        if isinstance(value, str) and by_label.get(value):
            return by_label[value]  # type: ignore[return-value]
        if isinstance(value, str) and value in by_label:
            raise InvalidInput(f"{where}: {value!r} is the label of several elements; name it by its id")
        raise InvalidInput(f"{where}: {value!r} is not an element (by id or label)")

    for i, connection in enumerate(connections):
        where = f"{path}: connections[{i}]"
        if not isinstance(connection, dict):
            raise InvalidInput(f"{where}: expected an object")
        fields = _fields(connection)
        for name in ("id", "_id"):
            fields.pop(name, None)
        source = endpoint(fields.pop("from", None), f"{where}.from")
        target = endpoint(fields.pop("to", None), f"{where}.to")
        direction = fields.pop("direction", "directed") or "directed"
        if direction not in _DIRECTIONS:
            raise InvalidInput(f"{where}.direction: {direction!r} is not directed, undirected or mutual")
        directed = _DIRECTIONS[direction]
        relation = fields.pop("type", None) or fields.pop("connection type", None)
        if relation is None:
            relation = "links_to" if directed else "cooperates_with"
        if not isinstance(relation, str):
            raise InvalidInput(f"{where}.type: expected text, not {relation!r}")
        if relation in directed_of and directed_of[relation][0] != directed:
            raise InvalidInput(f"{where}: connection type {relation!r} is {direction} here but "
                               f"{'directed' if directed_of[relation][0] else 'undirected'} in connections[{directed_of[relation][1]}]")
        directed_of.setdefault(relation, (directed, i))
        if "Weight" in fields and "weight" not in fields:
            fields["weight"] = fields.pop("Weight")
        sources.append(source)
        targets.append(target)
        relations.append(relation)
        edge_rows.append({name: _cell(value, f"{where}.{name}") for name, value in fields.items()})

    builtin = Graph().relations
    for name, (directed, i) in directed_of.items():
        if name in builtin:
            if builtin[name]["directed"] != directed:
                raise InvalidInput(f"{path}: connections[{i}]: {name!r} is a built-in "
                                   f"{'directed' if builtin[name]['directed'] else 'undirected'} relation")
            continue
        registry[name] = {"directed": directed, "category": "tie"}

    node_columns: List[str] = []
    for row in rows:
        node_columns.extend(c for c in row if c not in node_columns)
    nodes = pd.DataFrame({"key": keys, "kind": kinds})
    for c in node_columns:
        nodes[c] = _column([row.get(c) for row in rows])
    edge_columns: List[str] = []
    for row in edge_rows:
        edge_columns.extend(c for c in row if c not in edge_columns)
    edges = pd.DataFrame({"source": sources, "target": targets, "relation": relations})
    for c in edge_columns:
        edges[c] = _column([row.get(c) for row in edge_rows])
    if "weight" in edges.columns:
        try:
            edges["weight"] = pd.to_numeric(edges["weight"])
        except (TypeError, ValueError):
            raise InvalidInput(f"{path}: connections: 'weight' values must be numbers") from None
    try:
        return Graph.from_frames(nodes, edges, relations=registry, default_kind=default_kind, progress=progress)
    except InvalidInput as error:
        raise InvalidInput(f"{path}: {error}") from None
