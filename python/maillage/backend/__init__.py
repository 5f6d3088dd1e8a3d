"""maillage as a NetworkX backend (the ``networkx.backends`` entry point ``maillage``).

``nx.betweenness_centrality(G, backend="maillage")`` converts ``G`` into a :class:`MaillageGraph`
(nodes numbered in ``G``'s order, the requested edge attribute as a column), which NetworkX keeps
in ``G.__networkx_cache__`` so later calls on an unchanged ``G`` reuse it, then runs the C++
kernel and returns NetworkX's result type keyed by ``G``'s own node objects.

Each function has NetworkX's signature and semantics: weights on path measures are distances,
weights elsewhere are strengths, the defaults are NetworkX's (``weight="weight"`` where NetworkX
has it). A call the backend cannot answer exactly as NetworkX would (a multigraph where NetworkX's
multigraph rules differ, a user start vector, an explicit seed naming NetworkX's own random
stream, an input NetworkX reports as an error…) raises NotImplementedError, which makes NetworkX
run it itself when it falls back (``nx.config.fallback_to_nx`` or automatic dispatch) and
otherwise tells the user why.
"""

from __future__ import annotations

import numbers
import random
from typing import Any, Dict, Iterable, List, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._errors import Cancelled, Error
from .._graph import Graph

__all__ = ["BackendInterface", "MaillageGraph", "backend_interface"]


class MaillageGraph:
    """A NetworkX graph converted for maillage: the node objects in ``G``'s order, a maillage
    Graph over keys ``"0"``, ``"1"``… with one edge per NetworkX edge (parallel ones kept) and a
    column per converted edge attribute, and the Views the kernels run on, each made once."""

    __networkx_backend__ = "maillage"

    def __init__(self, G: Any, edge_attrs: Optional[Dict[str, Any]], node_attrs: Optional[Dict[str, Any]] = None) -> None:
        self.nx_graph = G  # for convert_to_nx and for results that are subgraphs of G
        self.node_list: List[Any] = list(G)
        self._positions: Optional[Dict[Any, int]] = None
        self.directed: bool = G.is_directed()
        self.multigraph: bool = G.is_multigraph()
        self.graph = G.graph
        self.__networkx_cache__: Dict[str, Any] = {}
        positions = self.positions
        # node attributes the call names (NetworkX's default for a node without one: None)
        self.node_values: Dict[str, List[Any]] = {
            name: [G.nodes[u].get(name, default) for u in self.node_list] for name, default in (node_attrs or {}).items()
        }
        attrs = list(edge_attrs or {})
        self.columns = {name: f"a{i}" for i, name in enumerate(attrs)}
        defaults = {name: (edge_attrs or {})[name] for name in attrs}
        # The edges from the adjacency dicts: each undirected edge once (from its endpoint of
        # lower position, a self-loop once), each parallel edge of a multigraph once. Plain loops
        # over G._adj are several times quicker than G.edges(data=True) on large graphs.
        sources: List[int] = []
        targets: List[int] = []
        values: Dict[str, List[Any]] = {name: [] for name in attrs}
        columns = [(values[name].append, name, defaults[name]) for name in attrs]
        undirected = not self.directed
        add_source, add_target = sources.append, targets.append
        for u, neighbours in G._adj.items():  # noqa: SLF001
            i = positions[u]
            for v, data in neighbours.items():
                j = positions[v]
                if undirected and j < i:
                    continue
                for d in (data.values() if self.multigraph else (data,)):
                    add_source(i)
                    add_target(j)
                    for append, name, default in columns:
                        append(d.get(name, default))
        source_array = np.asarray(sources, dtype=np.int64)
        target_array = np.asarray(targets, dtype=np.int64)
        self.self_loops = int(np.count_nonzero(source_array == target_array))
        self.number_of_edges = len(sources)
        key_of = np.array([str(i) for i in range(len(self.node_list))], dtype=object)
        frame: Dict[str, Any] = {
            "source": key_of[source_array].tolist() if len(sources) else [],
            "target": key_of[target_array].tolist() if len(targets) else [],
            "relation": "links_to" if self.directed else "cooperates_with",
        }
        self.bad_weights: Dict[str, bool] = {}
        for name in attrs:
            column = values[name]
            try:
                array = np.asarray(column)
            except (TypeError, ValueError):  # ragged or odd values
                array = np.asarray([], dtype=object)
            ok = array.dtype.kind in "iuf" and len(array) == len(column)
            array = array.astype(np.float64) if ok else np.ones(len(column))
            # Negative, zero, infinite or missing weights: NetworkX has rules of its own for them
            # (errors, zero-length paths), so such calls are left to it.
            self.bad_weights[name] = not ok or not bool(np.all(np.isfinite(array) & (array > 0)))
            frame[self.columns[name]] = array
        edges_frame = pd.DataFrame(frame, columns=["source", "target", "relation", *self.columns.values()])
        nodes_frame = pd.DataFrame({"key": key_of.tolist()})
        self.mgraph = Graph.from_frames(nodes_frame, edges_frame, progress=False)
        self._views: Dict[Any, Any] = {}

    # NetworkX's graph protocol, as far as its dispatch machinery reads it
    def is_directed(self) -> bool:
        return self.directed

    def is_multigraph(self) -> bool:
        return self.multigraph

    def __len__(self) -> int:
        return len(self.node_list)

    def __iter__(self):
        return iter(self.node_list)

    def __contains__(self, node: Any) -> bool:
        try:
            return node in self.positions
        except TypeError:
            return False

    @property
    def positions(self) -> Dict[Any, int]:
        if self._positions is None:
            self._positions = {u: i for i, u in enumerate(self.node_list)}
        return self._positions

    def view(self, weight: Optional[str] = None, kind: str = "strength"):
        """The core View for an edge attribute read as ``kind`` (made once, then cached)."""
        if weight is not None:
            if weight not in self.columns:
                raise NotImplementedError(f"edge attribute {weight!r} was not converted")
            if self.bad_weights[weight]:
                raise NotImplementedError(
                    f"edge attribute {weight!r} has values that are not positive finite numbers"
                )
        key = (weight, kind if weight is not None else None)
        view = self._views.get(key)
        if view is None:
            column = None if weight is None else self.columns[weight]
            view = self.mgraph.view(weight=column, weight_kind=kind, directed=self.directed)._v  # noqa: SLF001
            if view.number_of_nodes() != len(self.node_list):
                raise NotImplementedError("the view lost nodes")  # defensive: never expected
            self._views[key] = view
        return view

    def to_dict(self, values: np.ndarray, cast=float) -> Dict[Any, Any]:
        return {u: cast(x) for u, x in zip(self.node_list, values.tolist())}

    def __repr__(self) -> str:
        return f"<maillage.backend.MaillageGraph of {len(self.node_list)} nodes, {self.number_of_edges} edges>"


def _refuse(reason: str):
    raise NotImplementedError(f"maillage backend: {reason}; NetworkX runs this call")


def _simple(G: MaillageGraph, name: str) -> None:
    if G.multigraph:
        _refuse(f"{name} on a multigraph follows NetworkX's multigraph rules")


def _no_self_loops(G: MaillageGraph, name: str) -> None:
    if G.self_loops:
        _refuse(f"{name} on a graph with self-loops")


def _global_stream(seed: Any) -> bool:
    """Whether NetworkX's ``seed`` argument is ``seed=None``: its ``py_random_state`` decorator,
    which runs before dispatch, turns None into the global ``random`` instance (an int into a new
    ``random.Random``, whose stream the result then depends on)."""
    return seed is None or seed is random._inst  # noqa: SLF001


def _bar():
    """maillage's ``progress=None``: in Jupyter or on a terminal, a bar for calls longer than
    about 2 s (tqdm.auto's when installed); nothing otherwise. Ctrl-C interrupts the kernel."""
    from .._progress import resolve_progress

    return resolve_progress(None)


def _fresh_seed() -> int:
    """A 64-bit seed for the kernel, drawn from Python's global stream as NetworkX's seed=None
    draws from it (so ``random.seed(...)`` makes a backend call reproducible too)."""
    return random.getrandbits(64)


def _call(kernel, *args):
    """Runs a core kernel; a maillage error becomes NotImplementedError so that NetworkX, which
    has its own rule (and exception type) for that input, answers instead."""
    try:
        return kernel(*args)
    except Cancelled:
        raise  # Ctrl-C: the user stops the call, NetworkX must not run it instead
    except Error as error:
        _refuse(f"{kernel.__name__}: {error}")


def _sample_k(G: MaillageGraph, k: Any, seed: Any) -> Optional[int]:
    """The number of sources to sample for betweenness (None = every node, exact)."""
    n = len(G)
    if k is None:
        return None
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 0 < k <= n:
        _refuse(f"k={k!r}")
    if k == n:
        return None  # NetworkX's sample is then every node: the exact values
    if not _global_stream(seed):
        _refuse("an explicit seed names NetworkX's own sample of sources")
    return int(k)


# Functions that read the NetworkX graph itself for what they return (a subgraph of G), so that
# NetworkX's request to preserve every attribute is met without converting them.
_KEEPS_NX_GRAPH = {
    "ego_graph", "projected_graph", "weighted_projected_graph", "collaboration_weighted_projected_graph",
    "overlap_weighted_projected_graph",
}

# Calls that take linear time in NetworkX too: not worth a conversion of their own.
_LINEAR_TIME = {
    "connected_components", "number_connected_components", "strongly_connected_components",
    "number_strongly_connected_components", "core_number", "degree_centrality", "in_degree_centrality",
    "out_degree_centrality", "single_source_shortest_path_length", "single_source_dijkstra_path_length",
    "ego_graph", "attribute_assortativity_coefficient", "numeric_assortativity_coefficient",
    "degree_assortativity_coefficient", "degree_pearson_correlation_coefficient", "modularity",
}

# NetworkX tests of undocumented behaviour (test name → reason; and its module's name ending).
_KNOWN_DIFFERENCES = {
    "test_condensation_mapping_and_members": (
        "strongly_connected_components yields the components in an order NetworkX does not "
        "document (its Tarjan completion order); the backend yields them by first node, and this "
        "test of condensation expects the largest component first"
    ),
}
_KNOWN_DIFFERENCES_MODULE = {"test_condensation_mapping_and_members": "test_strongly_connected"}


class BackendInterface:
    """The object NetworkX loads from the ``networkx.backends`` entry point."""

    # ------------------------------------------------------------------ conversions
    @staticmethod
    def convert_from_nx(
        G,
        edge_attrs=None,
        node_attrs=None,
        preserve_edge_attrs=False,
        preserve_node_attrs=False,
        preserve_graph_attrs=False,
        preserve_all_attrs=False,
        name=None,
        graph_name=None,
    ):
        if isinstance(G, MaillageGraph):
            return G
        if (preserve_edge_attrs or preserve_all_attrs) and name not in _KEEPS_NX_GRAPH:
            _refuse(f"{name} needs every edge attribute")
        return MaillageGraph(G, edge_attrs, node_attrs)

    @staticmethod
    def convert_to_nx(obj, *, name=None):
        if isinstance(obj, MaillageGraph):
            return obj.nx_graph
        return obj

    @staticmethod
    def on_start_tests(items):
        """Marks, when NetworkX's own test suite runs with this backend, the tests that check a
        behaviour NetworkX does not document and the backend does not reproduce (each with its
        reason); a call the backend cannot answer exactly otherwise falls back to NetworkX."""
        import pytest

        for item in items:
            reason = _KNOWN_DIFFERENCES.get(item.name)
            if reason is not None and item.module.__name__.endswith(_KNOWN_DIFFERENCES_MODULE[item.name]):
                item.add_marker(pytest.mark.xfail(reason=reason, strict=True))

    @staticmethod
    def should_run(name, args, kwargs):
        """NetworkX asks this before dispatching automatically (not for ``backend="maillage"``):
        a linear-time call on a graph not converted yet is quicker in NetworkX than the
        conversion, so it runs there, unless a conversion is already cached on the graph."""
        if name not in _LINEAR_TIME:
            return True
        G = args[0] if args else kwargs.get("G")
        if isinstance(G, MaillageGraph):
            return True
        cache = getattr(G, "__networkx_cache__", None)
        if cache and cache.get("backends", {}).get("maillage"):
            return True
        return "a linear-time call on a graph not converted yet: NetworkX's own is quicker than the conversion"

    # ------------------------------------------------------------------ centrality
    @staticmethod
    def betweenness_centrality(G, k=None, normalized=True, weight=None, endpoints=False, seed=None):
        _simple(G, "betweenness_centrality")
        sample = _sample_k(G, k, seed)
        view = G.view(weight, "distance")
        values, _sources = _call(
            _core.betweenness_centrality, view, bool(normalized), bool(endpoints), sample,
            _fresh_seed() if sample is not None else 0, 0, _bar(),
        )
        return G.to_dict(values)

    @staticmethod
    def edge_betweenness_centrality(G, k=None, normalized=True, weight=None, seed=None):
        _simple(G, "edge_betweenness_centrality")
        sample = _sample_k(G, k, seed)
        view = G.view(weight, "distance")
        values = _call(
            _core.edge_betweenness_centrality, view, bool(normalized), sample,
            _fresh_seed() if sample is not None else 0, 0, _bar(),
        )
        s, t = _core.view_edge_ends(view)
        by_pair: Dict[Any, float] = {}
        for i, j, x in zip(s.tolist(), t.tolist(), values.tolist()):
            by_pair[(i, j)] = x
        positions = G.positions
        out: Dict[Any, float] = {}
        for u, v in G.nx_graph.edges():
            i, j = positions[u], positions[v]
            x = by_pair.get((i, j))
            if x is None and not G.directed:
                x = by_pair.get((j, i))
            out[(u, v)] = float(x) if x is not None else 0.0
        return out

    @staticmethod
    def closeness_centrality(G, u=None, distance=None, wf_improved=True):
        if u is not None:
            _refuse("closeness of one node u")
        _simple(G, "closeness_centrality")
        view = G.view(distance, "distance")
        return G.to_dict(_call(_core.closeness_centrality, view, bool(wf_improved), 0, _bar()))

    @staticmethod
    def harmonic_centrality(G, nbunch=None, distance=None, sources=None):
        if nbunch is not None or sources is not None:
            _refuse("harmonic centrality with nbunch or sources")
        _simple(G, "harmonic_centrality")
        view = G.view(distance, "distance")
        return G.to_dict(_call(_core.harmonic_centrality, view, 0, _bar()))

    @staticmethod
    def degree_centrality(G):
        return _degree_centrality(G, "total")

    @staticmethod
    def in_degree_centrality(G):
        if not G.directed:
            _refuse("in_degree_centrality is for directed graphs")
        return _degree_centrality(G, "in")

    @staticmethod
    def out_degree_centrality(G):
        if not G.directed:
            _refuse("out_degree_centrality is for directed graphs")
        return _degree_centrality(G, "out")

    @staticmethod
    def eigenvector_centrality(G, max_iter=100, tol=1e-06, nstart=None, weight=None):
        if nstart is not None:
            _refuse("a start vector nstart")
        _simple(G, "eigenvector_centrality")
        if len(G) == 0:
            _refuse("an empty graph")
        view = G.view(weight, "strength")
        values, _iterations = _call(_core.eigenvector_centrality, view, float(tol), int(max_iter), 0)
        return G.to_dict(values)

    @staticmethod
    def pagerank(G, alpha=0.85, personalization=None, max_iter=100, tol=1e-06, nstart=None, weight="weight", dangling=None):
        if nstart is not None:
            _refuse("a start vector nstart")
        _simple(G, "pagerank")
        if len(G) == 0:
            return {}
        view = G.view(weight, "strength")
        p = None if personalization is None else _per_node_vector(G, personalization, "personalization")
        d = None if dangling is None else _per_node_vector(G, dangling, "dangling")
        values, _iterations = _call(_core.pagerank, view, float(alpha), p, d, float(tol), int(max_iter), 0)
        return G.to_dict(values)

    @staticmethod
    def katz_centrality(G, alpha=0.1, beta=1.0, max_iter=1000, tol=1e-06, nstart=None, normalized=True, weight=None):
        if nstart is not None:
            _refuse("a start vector nstart")
        _simple(G, "katz_centrality")
        if len(G) == 0:
            return {}
        view = G.view(weight, "strength")
        if isinstance(beta, dict):
            if set(beta) != set(G.node_list):
                _refuse("beta does not give every node a value")
            per_node = _per_node_vector(G, beta, "beta", normalise=False)
            scalar = 0.0
        elif isinstance(beta, numbers.Real) and not isinstance(beta, bool):
            per_node, scalar = None, float(beta)
        else:
            _refuse(f"beta={beta!r}")
        values, _iterations = _call(
            _core.katz_centrality, view, float(alpha), scalar, per_node, float(tol), int(max_iter), bool(normalized), 0
        )
        return G.to_dict(values)

    # ------------------------------------------------------------------ structure
    @staticmethod
    def core_number(G):
        _simple(G, "core_number")
        _no_self_loops(G, "core_number")
        return G.to_dict(_call(_core.core_number, G.view(), 0), int)

    @staticmethod
    def clustering(G, nodes=None, weight=None):
        _simple(G, "clustering")
        values = G.to_dict(_call(_core.clustering, G.view(weight, "strength"), 0))
        if nodes is None:
            return values
        if nodes in G:
            return values[nodes]
        return {u: values[u] for u in _nbunch(G, nodes)}

    @staticmethod
    def average_clustering(G, nodes=None, weight=None, count_zeros=True):
        _simple(G, "average_clustering")
        values = BackendInterface.clustering(G, nodes, weight)
        chosen = list(values.values()) if isinstance(values, dict) else [values]
        if not count_zeros:
            chosen = [c for c in chosen if abs(c) > 0]
        if not chosen:
            _refuse("no node to average")
        return sum(chosen) / len(chosen)

    @staticmethod
    def transitivity(G):
        if G.directed:
            _refuse("transitivity is for undirected graphs")
        _simple(G, "transitivity")
        return float(_call(_core.transitivity, G.view(), 0))

    # ------------------------------------------------------------------ components
    @staticmethod
    def connected_components(G):
        if G.directed:
            _refuse("connected_components is for undirected graphs")
        return _components(G, _core.connected_components)

    @staticmethod
    def number_connected_components(G):
        if G.directed:
            _refuse("number_connected_components is for undirected graphs")
        return len(_call(_core.connected_components, G.view())[1])

    @staticmethod
    def strongly_connected_components(G):
        if not G.directed:
            _refuse("strongly_connected_components is for directed graphs")
        return _components(G, _core.strongly_connected_components)

    @staticmethod
    def number_strongly_connected_components(G):
        if not G.directed:
            _refuse("number_strongly_connected_components is for directed graphs")
        return len(_call(_core.strongly_connected_components, G.view())[1])

    # ------------------------------------------------------------------ shortest paths
    @staticmethod
    def single_source_shortest_path_length(G, source, cutoff=None):
        return _lengths_from(G, source, None, cutoff, int)

    @staticmethod
    def all_pairs_shortest_path_length(G, cutoff=None):
        return _all_pairs(G, None, cutoff, int)

    @staticmethod
    def single_source_dijkstra_path_length(G, source, cutoff=None, weight="weight"):
        return _lengths_from(G, source, _weight_name(weight), cutoff, float)

    @staticmethod
    def all_pairs_dijkstra_path_length(G, cutoff=None, weight="weight"):
        return _all_pairs(G, _weight_name(weight), cutoff, float)

    # ------------------------------------------------------------------ communities
    @staticmethod
    def louvain_communities(G, weight="weight", resolution=1, threshold=1e-07, max_level=None, seed=None):
        if not _global_stream(seed):
            _refuse("an explicit seed names NetworkX's own random node order")
        if threshold != 1e-07 or max_level is not None:
            _refuse("a threshold or max_level other than NetworkX's defaults")
        _simple(G, "louvain_communities")
        _no_self_loops(G, "louvain_communities")
        if len(G) == 0 or G.number_of_edges == 0:
            _refuse("a graph without edges")
        view = G.view(weight, "strength")
        labels, _sizes, _q, _quality, _levels = _call(
            # One multilevel run, as NetworkX's own Louvain makes.
            _core.louvain_communities, view, float(resolution), _fresh_seed(), 0, _bar(), 1, 0.0
        )
        groups: Dict[int, set] = {}
        for u, label in zip(G.node_list, labels.tolist()):
            groups.setdefault(label, set()).add(u)
        return [groups[c] for c in sorted(groups)]


    @staticmethod
    def asyn_lpa_communities(G, weight=None, seed=None):
        if not _global_stream(seed):
            _refuse("an explicit seed names NetworkX's own random node order")
        if G.directed:
            _refuse("asynchronous label propagation on a directed graph (NetworkX follows successors)")
        _simple(G, "asyn_lpa_communities")
        _no_self_loops(G, "asyn_lpa_communities")
        view = G.view(weight, "strength")
        # NetworkX's loop has no cap: the kernel's is set far above any graph's need
        labels, _sizes, _q, _quality, _sweeps = _call(
            _core.label_propagation_communities, view, _fresh_seed(), 1_000_000, _bar()
        )
        groups: Dict[int, set] = {}
        for u, label in zip(G.node_list, labels.tolist()):
            groups.setdefault(label, set()).add(u)
        return iter(list(groups.values()))  # in order of first node, as NetworkX's groups()
    @staticmethod
    def modularity(G, communities, weight="weight", resolution=1):
        _simple(G, "modularity")
        _no_self_loops(G, "modularity")
        if G.number_of_edges == 0:
            _refuse("a graph without edges")
        communities = list(communities)
        positions = G.positions
        labels = np.full(len(G), -1, dtype=np.int64)
        for c, block in enumerate(communities):
            for u in block:
                i = positions.get(u) if _hashable(u) else None
                if i is None or labels[i] >= 0:
                    _refuse("the communities are not a partition of the nodes")
                labels[i] = c
        if (labels < 0).any():
            _refuse("the communities are not a partition of the nodes")
        view = G.view(weight, "strength")
        return float(_call(_core.modularity, view, labels, float(resolution)))


    @staticmethod
    def triangles(G, nodes=None):
        if G.directed:
            _refuse("triangles is for undirected graphs")
        _simple(G, "triangles")
        view = G.view()
        c = _call(_core.clustering, view, 0)
        d = _degree_without_loops(view)
        counts = np.rint(c * d * (d - 1) / 2).astype(np.int64)
        values = G.to_dict(counts, int)
        if nodes is None:
            return values
        if nodes in G:
            return values[nodes]
        return {u: values[u] for u in _nbunch(G, nodes)}

    # ------------------------------------------------------------------ structural holes
    @staticmethod
    def constraint(G, nodes=None, weight=None):
        return _holes_measure(G, nodes, weight, 0, "constraint")

    @staticmethod
    def effective_size(G, nodes=None, weight=None):
        return _holes_measure(G, nodes, weight, 1, "effective_size")

    # ------------------------------------------------------------------ assortativity
    @staticmethod
    def attribute_assortativity_coefficient(G, attribute, nodes=None):
        if nodes is not None:
            _refuse("a subset of nodes")
        _simple(G, "attribute_assortativity_coefficient")
        if G.number_of_edges == 0:
            _refuse("a graph without edges")
        values = G.node_values.get(attribute)
        if values is None:
            _refuse(f"node attribute {attribute!r} was not converted")
        try:
            codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
        except TypeError:
            _refuse("attribute values that cannot be compared")
        _matrix, _unknown, _strength, r = _call(
            _core.mixing_counts, G.view(), codes.astype(np.int64), len(uniques)
        )
        return float(r)

    @staticmethod
    def numeric_assortativity_coefficient(G, attribute, nodes=None):
        if nodes is not None:
            _refuse("a subset of nodes")
        _simple(G, "numeric_assortativity_coefficient")
        if G.number_of_edges == 0:
            _refuse("a graph without edges")
        values = G.node_values.get(attribute)
        if values is None or not all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in values):
            _refuse(f"node attribute {attribute!r} is not a number at every node")
        x = np.asarray(values, dtype=np.float64)
        return _pearson_arcs(G, x, x)

    @staticmethod
    def degree_assortativity_coefficient(G, x="out", y="in", weight=None, nodes=None):
        return _degree_correlation(G, x, y, weight, nodes)

    @staticmethod
    def degree_pearson_correlation_coefficient(G, x="out", y="in", weight=None, nodes=None):
        return _degree_correlation(G, x, y, weight, nodes)

    # ------------------------------------------------------------------ ego graph
    @staticmethod
    def ego_graph(G, n, radius=1, center=True, undirected=False, distance=None):
        if not _hashable(n) or n not in G.positions:
            _refuse("the centre is not in the graph")
        key = str(G.positions[n])
        if distance is None:
            if isinstance(radius, bool) or not isinstance(radius, numbers.Integral) or radius < 0:
                _refuse(f"radius={radius!r}")
            view = G.view()
            ego = _call(_core.ego_view, view, key, int(radius), True, bool(undirected))
            chosen = [G.node_list[int(k)] for k in ego.keys()]
        else:
            if undirected and G.directed:
                _refuse("undirected=True with distance=")
            # NetworkX preserves every attribute for ego_graph rather than naming `distance`:
            # the distances are converted here (missing ones are 1, as in NetworkX's Dijkstra).
            source = G if distance in G.columns else MaillageGraph(G.nx_graph, {distance: 1})
            row = _call(_core.shortest_path_lengths, source.view(distance, "distance"), key)
            chosen = [G.node_list[i] for i in np.flatnonzero(row <= radius).tolist()]
        H = G.nx_graph.subgraph(chosen).copy()
        if not center:
            H.remove_node(n)
        return H

    # ------------------------------------------------------------------ bipartite projections
    @staticmethod
    def projected_graph(B, nodes, multigraph=False):
        if multigraph:
            _refuse("multigraph=True")
        return _projection(B, nodes, "count", None)

    @staticmethod
    def weighted_projected_graph(B, nodes, ratio=False):
        return _projection(B, nodes, "count", "ratio" if ratio else "count")

    @staticmethod
    def collaboration_weighted_projected_graph(B, nodes):
        return _projection(B, nodes, "newman", "as is")

    @staticmethod
    def overlap_weighted_projected_graph(B, nodes, jaccard=True):
        return _projection(B, nodes, "jaccard" if jaccard else "overlap", "as is")

def _hashable(u: Any) -> bool:
    try:
        hash(u)
    except TypeError:
        return False
    return True


def _weight_name(weight: Any) -> Optional[str]:
    if callable(weight):
        _refuse("a weight function")
    return weight


def _degree_centrality(G: MaillageGraph, direction: str) -> Dict[Any, float]:
    _simple(G, "degree_centrality")
    n = len(G)
    if n <= 1:
        return {u: 1.0 for u in G.node_list}
    return G.to_dict(_call(_core.degree_centrality, G.view(), direction))


def _per_node_vector(G: MaillageGraph, values: Any, name: str, normalise: bool = True) -> np.ndarray:
    if not isinstance(values, dict):
        _refuse(f"{name} is not a dict")
    positions = G.positions
    out = np.zeros(len(G), dtype=np.float64)
    for u, x in values.items():
        i = positions.get(u)
        if i is None:
            _refuse(f"{name} names a node outside the graph")
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            _refuse(f"{name} has a value that is not a number")
        out[i] = float(x)
    if normalise and not out.sum() > 0:
        _refuse(f"{name} does not sum to a positive number")
    return out


def _nbunch(G: MaillageGraph, nodes: Iterable[Any]) -> List[Any]:
    positions = G.positions
    try:
        return [u for u in nodes if u in positions]
    except TypeError:
        _refuse("nodes is neither a node nor an iterable of nodes")


def _components(G: MaillageGraph, kernel):
    labels, sizes = _call(kernel, G.view())
    blocks: List[set] = [set() for _ in range(len(sizes))]
    first: List[int] = [-1] * len(sizes)
    for i, (u, label) in enumerate(zip(G.node_list, labels.tolist())):
        blocks[label].add(u)
        if first[label] < 0:
            first[label] = i
    order = sorted(range(len(blocks)), key=first.__getitem__)  # NetworkX's: by first node
    return (blocks[c] for c in order)


def _lengths_from(G: MaillageGraph, source: Any, weight: Optional[str], cutoff: Any, cast):
    if not _hashable(source) or source not in G.positions:
        _refuse("the source is not in the graph")
    view = G.view(weight, "distance")
    row = _call(_core.shortest_path_lengths, view, str(G.positions[source]))
    return _row_dict(G, row, cutoff, cast)


def _row_dict(G: MaillageGraph, row: np.ndarray, cutoff: Any, cast) -> Dict[Any, Any]:
    reach = np.isfinite(row)
    if cutoff is not None:
        reach &= row <= cutoff
    chosen = np.flatnonzero(reach)
    order = chosen[np.argsort(row[chosen], kind="stable")]  # nearest first, as NetworkX's search
    nodes = G.node_list
    return {nodes[i]: cast(d) for i, d in zip(order.tolist(), row[order].tolist())}


def _all_pairs(G: MaillageGraph, weight: Optional[str], cutoff: Any, cast):
    from .._paths import ALL_PAIRS_MAX_NODES

    if len(G) > ALL_PAIRS_MAX_NODES:
        _refuse(f"all pairs above {ALL_PAIRS_MAX_NODES} nodes")
    view = G.view(weight, "distance")
    matrix = _call(_core.all_pairs_shortest_path_lengths, view, 0, _bar())
    return ((u, _row_dict(G, matrix[i], cutoff, cast)) for i, u in enumerate(G.node_list))


def _degree_without_loops(view) -> np.ndarray:
    indptr, indices, _w = view.csr()
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr.astype(np.int64)))
    loops = np.bincount(rows[rows == indices.astype(np.int64)], minlength=len(indptr) - 1)
    return (np.diff(indptr.astype(np.int64)) - loops).astype(np.float64)


def _holes_measure(G: MaillageGraph, nodes: Any, weight: Optional[str], column: int, name: str):
    if G.directed:
        _refuse(f"{name} on a directed graph (NetworkX reads successors only)")
    _simple(G, name)
    _no_self_loops(G, name)
    if weight is not None and column == 1 and nodes is None:
        # NetworkX's weighted effective size differs from Burt's where a node has no neighbour
        # (it still divides by the weights): left to it.
        _refuse("weighted effective size of every node")
    arrays = _call(_core.structural_holes, G.view(weight, "strength"), "whole", 0, _bar())
    values = G.to_dict(np.asarray(arrays[column]))
    if nodes is None:
        return values
    return {u: values[u] for u in nodes}


def _pearson_arcs(G: MaillageGraph, x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of x at arc sources with y at arc targets over every arc of the
    unweighted view (an undirected edge both ways, a self-loop once), as NetworkX's mixing matrix
    of pairs gives it."""
    indptr, indices, _w = G.view().csr()
    sources = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr.astype(np.int64)))
    xs, yt = x[sources], y[indices.astype(np.int64)]
    if len(xs) == 0:
        _refuse("a graph without edges")
    dx, dy = xs - xs.mean(), yt - yt.mean()
    denominator = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    if not denominator > 0:
        _refuse("no variance at one end")
    return float((dx * dy).sum() / denominator)


def _degree_correlation(G: MaillageGraph, x: str, y: str, weight: Optional[str], nodes: Any) -> float:
    if nodes is not None:
        _refuse("a subset of nodes")
    _simple(G, "degree assortativity")
    if x not in ("in", "out") or y not in ("in", "out"):
        _refuse(f"x={x!r}, y={y!r}")
    view = G.view(weight, "strength")
    if G.directed:
        dx = _call(_core.strength, view, x)
        dy = _call(_core.strength, view, y)
    else:
        dx = dy = _call(_core.strength, view, "total")
    return _pearson_arcs(G, np.asarray(dx, dtype=np.float64), np.asarray(dy, dtype=np.float64))

def _projection(B: MaillageGraph, nodes: Any, weighting: str, weight: Optional[str]):
    """A one-mode projection as NetworkX's bipartite projections build it: the nodes of ``nodes``
    with B's attributes and graph attributes, an edge per pair sharing a neighbour, weighted as
    asked (None: no weight). Shared neighbours are counted by maillage's projection kernel."""
    if B.directed or B.multigraph:
        _refuse("a projection of a directed graph or a multigraph")
    try:
        chosen = list(dict.fromkeys(nodes))
    except TypeError:
        _refuse("nodes is not an iterable of nodes")
    positions = B.positions
    if not all(_hashable(u) and u in positions for u in chosen):
        _refuse("nodes names a node outside the graph")
    side = np.zeros(len(B), dtype=bool)
    side[[positions[u] for u in chosen]] = True
    G = B.nx_graph
    sources: List[str] = []
    targets: List[str] = []
    for u, v in G.edges():
        i, j = positions[u], positions[v]
        if side[i] == side[j]:
            _refuse("an edge inside one side (the graph is not bipartite for these nodes)")
        if not side[i]:
            i, j = j, i
        sources.append(str(i))
        targets.append(str(j))
    graph = Graph.from_frames(
        pd.DataFrame({"key": [str(i) for i in range(len(B))]}),
        pd.DataFrame({"source": sources, "target": targets, "relation": "participates_in"}),
        progress=False,
    )
    from .._community import bipartite_projection

    projected = bipartite_projection(graph, nodes=[str(positions[u]) for u in chosen], weighting=weighting)
    frame = projected.edges_frame()
    H = type(G)()
    H.graph.update(G.graph)
    H.add_nodes_from((u, G.nodes[u]) for u in chosen)
    node_list = B.node_list
    ends = zip(frame["source"].astype(int).tolist(), frame["target"].astype(int).tolist())
    if weight is None:
        H.add_edges_from((node_list[i], node_list[j]) for i, j in ends)
    else:
        values = frame["weight"].astype(float).tolist()
        if weight in ("count", "ratio"):
            values = [int(round(x)) for x in values]  # NetworkX's counts are ints
        if weight == "ratio":
            top = float(len(B) - len(chosen))
            if top == 0 and values:
                _refuse("ratio=True without nodes on the other side")
            values = [x / top for x in values]  # NetworkX's division, to the last bit
        H.add_edges_from((node_list[i], node_list[j], {"weight": x}) for (i, j), x in zip(ends, values))
    return H

backend_interface = BackendInterface()
