"""Graph and View: the Python face of the core's immutable multigraph and its CSR projections."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _convert as cv
from . import _core
from ._errors import InvalidInput, NotFound
from ._progress import ProgressArg, resolve_progress

__all__ = ["Graph", "View", "as_view"]

BUILTIN_RELATIONS = (
    "part_of", "located_in", "member_of", "represents", "in_programme", "cooperates_with",
    "co_participates", "supports", "funds", "animates", "participates_in", "speaks_at", "links_to",
)
_CODE_COLUMNS = ("code", "insee", "siren")
_NODE_SPECIAL = ("key", "kind")
_EDGE_SPECIAL = ("source", "target", "relation")
_OPS = ("==", "!=", "in", "not in", "<", "<=", ">", ">=", "missing", "present")


def _default_date_hint() -> int:
    unit = np.datetime_data(pd.Series(pd.to_datetime(["2024-01-01"])).dtype)[0]
    return cv._DATE_UNITS.index(unit) if unit in cv._DATE_UNITS else 0


def _interval_spec(name: str, series: pd.Series) -> cv.Spec:
    """`start`/`end` as a date column: datetimes as they are; text ("YYYY-MM-DD" or "YYYY"), int
    years and date objects parsed (a year in `end` means 31 December)."""
    dtype = series.dtype
    if dtype.kind == "M":
        return cv.column_spec(name, series)
    end = name == "end"
    if pd.api.types.is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        present = ~np.isnan(values)
        if (values[present] != np.round(values[present])).any():
            i = int(np.flatnonzero(present & (values != np.round(values)))[0])
            raise InvalidInput(f"{cv._where(name, series.index, i)}: {float(values[i])!r} is not a year")
    days = np.zeros(len(series), dtype=np.int32)
    valid = np.zeros(len(series), dtype=np.uint8)
    cache: Dict[Any, int] = {}
    for i, value in enumerate(series.to_numpy(dtype=object)):
        if cv._is_missing(value):
            continue
        if isinstance(value, float):
            value = int(value)
        try:
            hashable = value if not isinstance(value, np.datetime64) else pd.Timestamp(value)
            day = cache.get(hashable)
            if day is None:
                day = cv.to_days(value, what=f"{cv._where(name, series.index, i)}", end=end)
                cache[hashable] = day
        except TypeError:
            day = cv.to_days(value, what=f"{cv._where(name, series.index, i)}", end=end)
        days[i] = day
        valid[i] = 1
    return (name, "date", days, valid, [], False, _default_date_hint())


def _key_spec(name: str, series: pd.Series) -> cv.Spec:
    values = cv.keys_column(name, series, allow_missing=True)
    hint = cv._string_hint(series.dtype) if series.dtype != object else cv.H_DEFAULT
    if series.dtype == object and all(v is None or isinstance(v, str) for v in series.to_numpy(dtype=object)):
        hint = cv.H_OBJECT
    return (name, "string", values, None, [], False, hint)


def _unique_columns(frame: pd.DataFrame, what: str) -> None:
    """Refuses a frame with two columns of one name (hash-based: O(columns))."""
    duplicated = frame.columns[frame.columns.duplicated()]
    if len(duplicated):
        raise InvalidInput(f"{what}: duplicate column name {duplicated[0]!r}")


def _as_list(value: Union[None, str, Iterable[str]], what: str) -> Optional[List[str]]:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    out = list(value)
    for v in out:
        if not isinstance(v, str):
            raise InvalidInput(f"{what}: expected strings, not {v!r}")
    return out


class Graph:
    """An immutable, typed, attributed, time-stamped multigraph (see ``docs/api-contract.md``).

    Build one with :meth:`Graph.from_frames`, :func:`maillage.from_networkx` or the readers; analyse
    it through :meth:`view`. Copies share data; a Graph is safe to read from many threads.
    """

    __slots__ = ("_g",)

    def __init__(self, core: Optional[_core.Graph] = None) -> None:
        self._g = core if core is not None else _core.Graph()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_frames(
        cls,
        nodes: Optional[pd.DataFrame],
        edges: Optional[pd.DataFrame],
        scales: Optional[Sequence[Any]] = None,
        relations: Optional[Mapping[str, Mapping[str, Any]]] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        *,
        default_kind: str = "node",
        default_relation: Optional[str] = None,
        codes: Optional[Sequence[str]] = None,
        merge_parallel: bool = False,
        create_missing_nodes: bool = False,
        resolve_territories: bool = False,
        progress: ProgressArg = None,
    ) -> "Graph":
        """Builds a graph from a node table and an edge table.

        ``nodes``: a ``key`` column (or an index named ``key``), optional ``kind`` (missing →
        ``default_kind``), ``label``, ``scale`` (a ladder id) and any other columns. ``None``
        creates the nodes from the edges' endpoints with ``default_kind``.
        ``edges``: ``source``, ``target``, optional ``relation`` (absent → ``default_relation``,
        itself ``"cooperates_with"`` when None), ``weight``, ``start``, ``end``, ``context``,
        ``provenance`` and any other columns. ``None`` means no edges.
        ``scales``: the ladder, lowest first (ids, or ``(id, label)`` pairs); default French.
        ``relations``: ``{"name": {"directed": bool, "category": "tie"|"affiliation"}}`` to register.
        ``codes``: more columns to keep as strings whole (``code``, ``insee``, ``siren`` always are).
        ``merge_parallel``: merge parallel edges (weights add; see the C++ BuildOptions).
        ``resolve_territories``: place the ``territory`` nodes in the official French hierarchy
        (:func:`maillage.territories.attach`: official containers and part_of edges added).
        O((n + m) log(n + m)). Raises :class:`maillage.InvalidInput` naming the row, key or value at fault.
        """
        code_columns = set(_CODE_COLUMNS) | set(codes or ())
        # ---- registry and ladder
        registry: List[Tuple[str, bool, str]] = []
        for name, spec in (relations or {}).items():
            if not isinstance(name, str) or not isinstance(spec, Mapping):
                raise InvalidInput(f"relations: expected {{name: {{'directed': bool, 'category': str}}}}, got {name!r}: {spec!r}")
            unknown = set(spec) - {"directed", "category"}
            if unknown:
                raise InvalidInput(f"relation {name!r}: unknown fields {sorted(unknown)} (use 'directed', 'category')")
            registry.append((name, bool(spec.get("directed", False)), str(spec.get("category", "tie"))))
        ladder = None
        if scales is not None:
            ladder = []
            for item in scales:
                if isinstance(item, str):
                    ladder.append((item, item))
                elif isinstance(item, Mapping):
                    ladder.append((str(item["id"]), str(item.get("label", item["id"]))))
                else:
                    sid, label = item
                    ladder.append((str(sid), str(label)))
        meta = {str(k): cv.normalize_metadata_value(str(k), v) for k, v in (metadata or {}).items()}

        # ---- nodes
        if nodes is None:
            keys: Any = []
            kinds: Any = []
            node_specs: List[cv.Spec] = []
            create_missing_nodes = True
        else:
            if not isinstance(nodes, pd.DataFrame):
                raise InvalidInput(f"nodes must be a pandas DataFrame or None, not {type(nodes).__name__}")
            frame = nodes
            _unique_columns(frame, "nodes")
            if "key" not in frame.columns:
                if frame.index.name == "key":
                    frame = frame.reset_index()
                else:
                    raise InvalidInput("nodes: no 'key' column (nor an index named 'key')")
            keys = cv.keys_column("key", frame["key"], packed_ok=True)
            packed_kinds = cv.packed_strings(frame["kind"]) if "kind" in frame.columns else None
            if packed_kinds is not None and packed_kinds.valid is None:
                kinds = packed_kinds
            elif "kind" in frame.columns:
                kinds = [
                    default_kind if cv._is_missing(v) else v
                    for v in frame["kind"].to_numpy(dtype=object)
                ]
                for i, v in enumerate(kinds):
                    if not isinstance(v, str):
                        raise InvalidInput(f"{cv._where('kind', frame.index, i)}: kind must be a string, not {v!r}")
            else:
                kinds = [default_kind] * len(keys)
            node_specs = []
            for name, series in cv.iter_columns(frame, _NODE_SPECIAL):
                node_specs.append(_key_spec(name, series) if name in code_columns else cv.column_spec(name, series))

        # ---- edges
        if edges is None:
            sources: Any = []
            targets: Any = []
            rels: Any = []
            edge_specs: List[cv.Spec] = []
        else:
            if not isinstance(edges, pd.DataFrame):
                raise InvalidInput(f"edges must be a pandas DataFrame or None, not {type(edges).__name__}")
            _unique_columns(edges, "edges")
            for required in ("source", "target"):
                if required not in edges.columns:
                    raise InvalidInput(f"edges: no {required!r} column")
            sources = cv.keys_column("source", edges["source"], packed_ok=True)
            targets = cv.keys_column("target", edges["target"], packed_ok=True)
            fallback = default_relation or "cooperates_with"
            packed_relations = cv.packed_strings(edges["relation"]) if "relation" in edges.columns else None
            if packed_relations is not None and packed_relations.valid is None:
                rels = packed_relations
            elif "relation" in edges.columns and not edges["relation"].isna().any() and (
                isinstance(edges["relation"].dtype, pd.StringDtype)
                or pd.api.types.infer_dtype(edges["relation"], skipna=False) == "string"
            ):
                rels = edges["relation"].tolist()
            elif "relation" in edges.columns:
                rels = []
                for i, v in enumerate(edges["relation"].to_numpy(dtype=object)):
                    if cv._is_missing(v):
                        if default_relation is None:
                            raise InvalidInput(
                                f"{cv._where('relation', edges.index, i)}: missing relation "
                                f"(edge {sources[i]!r} → {targets[i]!r}; pass default_relation= to fill blanks)"
                            )
                        v = default_relation
                    if not isinstance(v, str):
                        raise InvalidInput(f"{cv._where('relation', edges.index, i)}: relation must be a string, not {v!r}")
                    rels.append(v)
            else:
                rels = [fallback] * len(sources)
            edge_specs = []
            for name, series in cv.iter_columns(edges, _EDGE_SPECIAL):
                if name in ("start", "end"):
                    edge_specs.append(_interval_spec(name, series))
                elif name == "context" or name in code_columns:
                    edge_specs.append(_key_spec(name, series))
                else:
                    edge_specs.append(cv.column_spec(name, series))

        try:
            core = _core.build_graph(
                keys, kinds, node_specs, sources, targets, rels, edge_specs, registry, ladder, meta,
                bool(merge_parallel), bool(create_missing_nodes), default_kind, resolve_progress(progress),
            )
        except (TypeError, RuntimeError, UnicodeError, InvalidInput):
            # Text that is not valid Unicode (a lone surrogate, as undecodable bytes read with
            # "surrogateescape" give) cannot become UTF-8: find and name it (only on failure).
            cv.raise_invalid_text([("nodes", nodes), ("edges", edges)], {"metadata": meta, "relations": relations})
            raise
        if resolve_territories:
            from .territories import attach

            return attach(cls(core))
        return cls(core)

    # ------------------------------------------------------------------ sizes and lookups
    def number_of_nodes(self) -> int:
        """Number of nodes. O(1)."""
        return self._g.number_of_nodes()

    def number_of_edges(self) -> int:
        """Number of edges (parallel edges counted). O(1)."""
        return self._g.number_of_edges()

    def __len__(self) -> int:
        return self._g.number_of_nodes()

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._g.find(key) is not None

    def has_node(self, key: str) -> bool:
        return key in self

    @property
    def nodes(self) -> List[str]:
        """Node keys in node-id order."""
        return self._g.keys()

    @property
    def metadata(self) -> Dict[str, Any]:
        """Graph-level metadata (a copy: the graph is immutable)."""
        return self._g.metadata()

    @property
    def relations(self) -> Dict[str, Dict[str, Any]]:
        """The relation registry: ``{name: {"directed": bool, "category": str}}``."""
        return {name: {"directed": d, "category": c} for name, d, c in self._g.relations()}

    @property
    def scales(self) -> List[str]:
        """The scale ladder's ids, lowest first."""
        return [sid for sid, _ in self._g.scales()]

    @property
    def scale_labels(self) -> Dict[str, str]:
        """Display label of each scale id."""
        return dict(self._g.scales())

    # ------------------------------------------------------------------ nesting
    def parents(self, key: str) -> List[str]:
        """Direct containers (part_of targets) of a node."""
        return self._g.parents(key)

    def children(self, key: str) -> List[str]:
        """Direct parts of a node."""
        return self._g.children(key)

    def ancestors(self, key: str) -> List[str]:
        """Every container of a node, transitively, nearest first."""
        return self._g.ancestors(key)

    def contains(self, container: str, part: str) -> bool:
        """Whether ``container`` contains ``part`` through part_of edges (not itself)."""
        return self._g.contains(container, part)

    def lowest_common_containers(self, a: str, b: str) -> List[str]:
        """The lowest nodes containing (or being) both a and b."""
        return self._g.lowest_common_containers(a, b)

    def depth(self, key: str) -> int:
        """Length of the longest part_of chain from the node up to a root."""
        return self._g.depth(key)

    # ------------------------------------------------------------------ frames
    def nodes_frame(self) -> pd.DataFrame:
        """Nodes as a DataFrame indexed by ``key``: ``kind``, then every attribute in input order.
        ``scale`` is an ordered categorical over the ladder. O(n · attributes)."""
        keys = pd.Index(self._g.keys(), name="key", dtype=cv._default_string_dtype())
        kind_names = np.array(self._g.kinds(), dtype=object)
        codes = self._g.kind_codes()
        kinds = kind_names[codes] if len(codes) else np.array([], dtype=object)
        columns: Dict[str, pd.Series] = {
            "kind": pd.Series(kinds, index=keys, name="kind", dtype=cv._default_string_dtype())
        }
        for spec in self._g.node_columns():
            columns[spec[0]] = cv.series_from_spec(spec, keys)
        return pd.DataFrame(columns, index=keys)

    def edges_frame(self) -> pd.DataFrame:
        """Edges as a DataFrame indexed by the stable edge id ``edge``: ``source``, ``target``,
        ``relation``, ``weight`` (when weights were given), then every attribute in input order."""
        sources, targets, relation_ids, weights = self._g.edge_arrays()
        m = len(sources)
        index = pd.RangeIndex(m, name="edge")
        keys = np.array(self._g.keys(), dtype=object)
        names = np.array([r[0] for r in self._g.relations()], dtype=object)
        sdtype = cv._default_string_dtype()
        columns: Dict[str, pd.Series] = {
            "source": pd.Series(keys[sources] if m else [], index=index, dtype=sdtype),
            "target": pd.Series(keys[targets] if m else [], index=index, dtype=sdtype),
            "relation": pd.Series(names[relation_ids] if m else [], index=index, dtype=sdtype),
        }
        if self._g.has_weight_column():
            given = self._g.weight_given().astype(bool)
            columns["weight"] = pd.Series(np.where(given, weights, np.nan), index=index, dtype=np.float64)
        for spec in self._g.edge_columns():
            columns[spec[0]] = cv.series_from_spec(spec, index)
        return pd.DataFrame(columns, index=index)

    # ------------------------------------------------------------------ views
    def view(
        self,
        kinds: Union[None, str, Iterable[str]] = None,
        relations: Union[None, str, Iterable[str]] = None,
        nodes: Union[None, str, Iterable[str]] = None,
        where: Any = None,
        directed: Optional[bool] = None,
        symmetrize: str = "sum",
        weight: Optional[str] = None,
        weight_kind: str = "strength",
        start: Any = None,
        end: Any = None,
        order: str = "natural",
        *,
        undated: str = "keep",
    ) -> "View":
        """A homogeneous projection of the graph, materialised as an immutable CSR.

        ``kinds``: node kinds to keep; ``relations``: relation names or categories (``"tie"``,
        ``"affiliation"``, ``"nesting"``); ``nodes``: keys to keep; ``where``: a dict of conditions on
        node attributes (``{"scale": "commune"}``, ``{"family": ["elu", "agent"]}``,
        ``{"scale": (">=", "departement")}``, ``{"label": None}`` for missing), a boolean Series
        indexed by key, or a callable taking ``nodes_frame()`` and returning one; ``directed``: None =
        directed iff every included relation with edges is directed; ``symmetrize``: how directed
        relations fold into an undirected view (``"sum"``, ``"max"``, ``"both"`` = reciprocated only);
        ``weight``: an edge attribute (e.g. ``"weight"``); ``weight_kind``: ``"strength"`` or
        ``"distance"``; ``start``/``end``: a closed time window (dates, ``"YYYY-MM-DD"``, ``"YYYY"``
        or int years; a reversed window is an error); ``undated``: with a window, edges with
        neither start nor end are kept (``"keep"``, the default: they hold at every date) or left
        out (``"drop"``); ``order``: ``"natural"``, ``"bfs"`` or ``"degree"`` node numbering.
        O(n + m log m).
        """
        if directed is not None and not isinstance(directed, (bool, np.bool_)):
            raise InvalidInput(f"directed must be True, False or None, not {directed!r}")
        for name, value in (("symmetrize", symmetrize), ("weight_kind", weight_kind), ("order", order),
                            ("undated", undated)):
            if not isinstance(value, str):
                raise InvalidInput(f"{name} must be a string, not {value!r}")
        if weight is not None and not isinstance(weight, str):
            raise InvalidInput(f"weight must be an edge attribute's name or None, not {weight!r}")
        node_list = _as_list(nodes, "nodes")
        kind_list = _as_list(kinds, "kinds")
        relation_list = _as_list(relations, "relations")
        # An empty selection selects nothing, as nodes=[] does: kinds=[] keeps no node,
        # relations=[] keeps the nodes and no edge (docs/api-contract.md, "Views").
        if kind_list == []:
            node_list, kind_list = [], None
        conditions: List[Tuple[str, str, List[Any]]] = []
        if where is not None:
            if callable(where) and not isinstance(where, (pd.Series, Mapping)):
                where = where(self.nodes_frame())
            if isinstance(where, pd.Series):
                if where.dtype != bool and not isinstance(where.dtype, pd.BooleanDtype):
                    raise InvalidInput(f"where: a Series must be boolean, not {where.dtype}")
                unknown = [k for k in where.index if k not in self]
                if unknown:
                    raise NotFound(f"where: unknown node key {unknown[0]!r}")
                chosen = [k for k, ok in where.items() if ok is True or (ok is not pd.NA and bool(ok))]
                node_list = chosen if node_list is None else [k for k in node_list if k in set(chosen)]
            elif isinstance(where, Mapping):
                for attribute, condition in where.items():
                    conditions.append(self._condition(str(attribute), condition))
            else:
                raise InvalidInput(f"where: expected a dict, a boolean Series or a callable, not {type(where).__name__}")
        start_days = None if start is None else cv.to_days(start, what="start")
        end_days = None if end is None else cv.to_days(end, what="end", end=True)
        core = self._g.view(
            kind_list, relation_list, node_list, conditions, None if directed is None else bool(directed),
            symmetrize, weight, weight_kind, start_days, end_days, order, undated,
        )
        return View(core, self)

    @staticmethod
    def _condition(attribute: str, condition: Any) -> Tuple[str, str, List[Any]]:
        if isinstance(condition, tuple) and not (len(condition) in (1, 2) and condition[0] in _OPS):
            # A tuple is (operator, value) or (operator,): never a value compared for equality.
            head = condition[0] if condition else None
            if isinstance(head, str) and len(condition) in (1, 2):
                raise InvalidInput(f"where {attribute!r}: unknown operator {head!r} "
                                   f"(operators: {', '.join(repr(o) for o in _OPS)})")
            raise InvalidInput(f"where {attribute!r}: expected (operator, value), a value, a list or None, "
                               f"not the tuple {condition!r}")
        if isinstance(condition, tuple):
            op = condition[0]
            if op in ("missing", "present"):
                return (attribute, op, [])
            if len(condition) != 2:
                raise InvalidInput(f"where {attribute!r}: {op!r} needs a value")
            value = condition[1]
            if op in ("in", "not in"):
                if isinstance(value, str) or not isinstance(value, Iterable):
                    raise InvalidInput(f"where {attribute!r}: {op!r} needs a list of values")
                return (attribute, op, [_plain(v) for v in value])
            return (attribute, op, [_plain(value)])
        if condition is None:
            return (attribute, "missing", [])
        if isinstance(condition, (list, set, frozenset)):
            return (attribute, "in", [_plain(v) for v in condition])
        return (attribute, "==", [_plain(condition)])

    # ------------------------------------------------------------------ files
    def write(self, path: Any, format: Optional[str] = None, **options: Any) -> None:
        """Writes the graph to ``path`` in the format its name tells, or ``format=``: a folder or
        ``datapackage.json`` (the native, lossless data package), ``.zip``, ``.gexf``,
        ``.graphml``, ``.parquet`` (see :func:`maillage.write` and ``docs/interchange.md``).
        ``maillage.read(path)`` reads it back. Atomic."""
        from ._io import write

        write(self, path, format, **options)

    # ------------------------------------------------------------------ protocol
    def __reduce__(self):
        custom = {
            name: spec for name, spec in self.relations.items() if name not in BUILTIN_RELATIONS
        }
        ladder = list(self._g.scales())
        return (_rebuild, (self.nodes_frame(), self.edges_frame(), ladder, custom, self.metadata))

    def __repr__(self) -> str:
        return f"<maillage.Graph with {self.number_of_nodes()} nodes and {self.number_of_edges()} edges>"


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _rebuild(nodes, edges, ladder, relations, metadata) -> Graph:
    return Graph.from_frames(nodes, edges, scales=ladder, relations=relations, metadata=metadata, progress=False)


class View:
    """An immutable CSR projection of a :class:`Graph`, made by :meth:`Graph.view`. Nodes are in
    view order (see ``nodes``); parallel edges are combined (strengths add, distances take the
    minimum)."""

    __slots__ = ("_v", "_graph", "_index")

    def __init__(self, core: _core.View, graph: Graph) -> None:
        self._v = core
        self._graph = graph
        self._index: Optional[pd.Index] = None

    def key_index(self) -> pd.Index:
        """The keys in view order as a pandas Index named ``key`` (built once per view): the index
        of every node result on this view."""
        if self._index is None:
            self._index = pd.Index(self._v.keys(), name="key", dtype=cv._default_string_dtype())
        return self._index

    @property
    def graph(self) -> Graph:
        return self._graph

    def number_of_nodes(self) -> int:
        return self._v.number_of_nodes()

    def number_of_edges(self) -> int:
        """Edges after combining parallel ones: unordered pairs when undirected, arcs when directed."""
        return self._v.number_of_edges()

    def __len__(self) -> int:
        return self._v.number_of_nodes()

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._v.contains_key(key)

    @property
    def directed(self) -> bool:
        return self._v.directed()

    @property
    def weighted(self) -> bool:
        return self._v.weighted()

    @property
    def weight_kind(self) -> str:
        return self._v.weight_kind()

    @property
    def nodes(self) -> List[str]:
        """Keys in view order (the order of every node result on this view)."""
        return self._v.keys()

    def neighbors(self, key: str) -> List[str]:
        """Neighbours of a node (successors on a directed view), ascending view order.
        Raises :class:`maillage.NotFound` when the key is unknown or not in the view."""
        return self._v.neighbors(key)

    def successors(self, key: str) -> List[str]:
        return self._v.neighbors(key)

    def predecessors(self, key: str) -> List[str]:
        return self._v.predecessors(key)

    def edges_frame(self) -> pd.DataFrame:
        """View edges: ``source``, ``target`` (keys), ``weight``, and ``members`` (the graph edge ids
        combined into each), indexed by view edge id ``edge``."""
        s, t, w, offsets, members = self._v.edge_arrays()
        keys = np.array(self._v.keys(), dtype=object)
        index = pd.RangeIndex(len(s), name="edge")
        member_lists = [members[offsets[i]:offsets[i + 1]].tolist() for i in range(len(s))]
        sdtype = cv._default_string_dtype()
        return pd.DataFrame(
            {
                "source": pd.Series(keys[s] if len(s) else [], index=index, dtype=sdtype),
                "target": pd.Series(keys[t] if len(t) else [], index=index, dtype=sdtype),
                "weight": pd.Series(w, index=index, dtype=np.float64),
                "members": pd.Series(member_lists, index=index, dtype=object),
            },
            index=index,
        )

    def csr(self) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The out-arc CSR arrays ``(indptr, indices, weights)`` in view order (copies)."""
        return self._v.csr()

    def to_scipy(self):
        """The adjacency matrix as a ``scipy.sparse.csr_matrix`` (view order)."""
        from scipy import sparse

        indptr, indices, weights = self._v.csr()
        n = self.number_of_nodes()
        return sparse.csr_matrix((weights, indices.astype(np.int64), indptr.astype(np.int64)), shape=(n, n))

    # ------------------------------------------------------------------ bytes and pickling
    def to_bytes(self) -> bytes:
        """The view as bytes (C++ ``View::serialize``: a versioned header with CRC-32 checksums,
        then the CSR arrays, keys and kinds). :meth:`View.from_bytes` reads them back. O(n + m)."""
        return _core.view_serialize(self._v)

    @staticmethod
    def from_bytes(buffer: Any) -> "View":
        """A View from :meth:`to_bytes`'s bytes (any buffer). It comes with a Graph of its own
        holding only the view's nodes (keys and kinds, no attributes or edges): kernels and results
        work as on the original view. A truncated, corrupt or foreign buffer raises
        :class:`maillage.InvalidInput` naming the fault, before any array is read."""
        return _view_from_core(_core.view_deserialize(buffer))

    def __reduce_ex__(self, protocol: int):
        # Protocol 5: the header in band, every array section as a PickleBuffer over the view's own
        # memory, so that a transport with a buffer_callback (Dask's) sends them without a copy.
        header, sections = _core.view_serialize_parts(self._v)
        for section in sections:
            section.flags.writeable = False
        if protocol >= 5:
            import pickle

            parts = [pickle.PickleBuffer(section) for section in sections]
        else:
            parts = [section.tobytes() for section in sections]
        return (_view_from_parts, (header, parts))

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        w = f", weighted ({self.weight_kind})" if self.weighted else ""
        return f"<maillage.View {kind}{w}: {self.number_of_nodes()} nodes, {self.number_of_edges()} edges>"


def _view_from_core(core: _core.View) -> View:
    return View(core, Graph(core.graph()))


def _view_from_parts(header: bytes, sections: List[Any]) -> View:
    return _view_from_core(_core.view_deserialize_parts(header, [memoryview(s) for s in sections]))


def as_view(g: Union[Graph, View], weight: Optional[str] = None) -> View:
    """The View a kernel runs on: ``g`` itself, or ``g.view(weight=weight)`` for a Graph. A
    ``weight`` on a View carrying another weight is an error (DESIGN §4 "Weights")."""
    if isinstance(g, View):
        current = g._v.weight_name()  # noqa: SLF001
        if weight is not None and weight != current:
            have = f"weight={current!r}" if current is not None else "no weight"
            raise InvalidInput(f"weight={weight!r} given with a View made with {have}: make the view with weight={weight!r}")
        return g
    if isinstance(g, Graph):
        return g.view(weight=weight)
    raise TypeError(f"expected a maillage.Graph or maillage.View, not {type(g).__name__}")
