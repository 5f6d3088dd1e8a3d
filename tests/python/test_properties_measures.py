"""Property tests of the measures: random graphs of every kind (directed or not, weighted or not,
parallel edges, self-loops, isolated nodes), built through maillage and, from the same edge list,
through NetworkX (the oracle), and compared measure by measure; plus invariants with a closed form.

The NetworkX graph is the *view* the contract describes (docs/api-contract.md "Views",
docs/measures.md): simple, parallel edges combined (strengths add; an unweighted view gives each
edge weight 1), path measures reading distances 1/w on strength views. Self-loops are kept where
the contract follows NetworkX and removed from the oracle where the contract says "ignored".

Budget: every test has a fixed ``max_examples`` and no deadline; in CI (``CI`` set) the ``ci``
profile of conftest.py derandomizes them so a failure reproduces.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import maillage

hypothesis = pytest.importorskip("hypothesis")
nx = pytest.importorskip("networkx")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = 25
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TIE = "cooperates_with"  # built-in undirected tie
ARC = "points_to"  # registered as a directed tie


class Case:
    """One random graph: keys, an edge list (with repeats and self-loops), direction, weights."""

    def __init__(self, n, edges, directed, weights):
        self.keys = [f"n{i}" for i in range(n)]
        self.edges = edges  # list of (i, j)
        self.directed = directed
        self.weights = weights  # list of floats, or None

    def __repr__(self):
        return f"Case(n={len(self.keys)}, edges={self.edges}, directed={self.directed}, weights={self.weights})"

    def graph(self) -> maillage.Graph:
        nodes = pd.DataFrame({"key": self.keys, "group": [f"g{i % 3}" for i in range(len(self.keys))],
                              "size": [float((7 * i) % 5) for i in range(len(self.keys))]})
        edges = pd.DataFrame({"source": [self.keys[i] for i, _ in self.edges],
                              "target": [self.keys[j] for _, j in self.edges],
                              "relation": [ARC if self.directed else TIE] * len(self.edges)})
        if self.weights is not None:
            edges["weight"] = self.weights
        relations = {ARC: {"directed": True, "category": "tie"}} if self.directed else None
        return maillage.Graph.from_frames(nodes, edges, relations=relations, progress=False)

    def view(self, weighted=False):
        return self.graph().view(weight="weight" if weighted else None)

    def oracle(self, weighted=False, self_loops=True):
        """The view as NetworkX sees it: simple, strengths added (1 per pair when unweighted),
        ``dist`` = 1/strength for the path measures."""
        H = nx.DiGraph() if self.directed else nx.Graph()
        H.add_nodes_from(self.keys)
        for k, (i, j) in enumerate(self.edges):
            if i == j and not self_loops:
                continue
            u, v = self.keys[i], self.keys[j]
            w = self.weights[k] if weighted else 1.0
            if H.has_edge(u, v):
                if weighted:
                    H[u][v]["weight"] += w
            else:
                H.add_edge(u, v, weight=w)
        for _, _, d in H.edges(data=True):
            d["dist"] = 1.0 / d["weight"]
        for i, key in enumerate(self.keys):
            H.nodes[key]["group"] = f"g{i % 3}"
            H.nodes[key]["size"] = float((7 * i) % 5)
        return H


@st.composite
def cases(draw, directed=None, weighted=None, min_nodes=1, max_nodes=9):
    n = draw(st.integers(min_nodes, max_nodes))
    m = draw(st.integers(0, 3 * n))
    ends = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(ends, min_size=m, max_size=m))
    # parallel edges and self-loops on purpose, so every kind of multigraph is drawn
    if edges and draw(st.booleans()):
        edges.append(edges[0])
    if draw(st.booleans()):
        v = draw(st.integers(0, n - 1))
        edges.append((v, v))
    is_directed = draw(st.booleans()) if directed is None else directed
    is_weighted = draw(st.booleans()) if weighted is None else weighted
    # weights are multiples of 1/4 so sums are exact and equal path lengths tie exactly
    weights = [draw(st.integers(1, 12)) / 4 for _ in edges] if is_weighted else None
    return Case(n, edges, is_directed, weights)


def series_close(ours: pd.Series, theirs: dict, *, rel=1e-9, abs_=1e-12):
    assert sorted(ours.index) == sorted(theirs), (list(ours.index), sorted(theirs))
    for key, value in theirs.items():
        got = float(ours[key])
        if math.isnan(value):
            assert math.isnan(got), (key, got, value)
        else:
            assert got == pytest.approx(value, rel=rel, abs=abs_), (key, got, value)


# ------------------------------------------------------------------------------------- degrees

@SETTINGS
@given(cases())
def test_degree_and_strength_match_networkx(case):
    g = case.graph()
    H = case.oracle(weighted=case.weights is not None)
    directions = [("total", H.degree)]
    if case.directed:
        directions += [("in", H.in_degree), ("out", H.out_degree)]
    for direction, nx_degree in directions:
        ours = maillage.degree(g, direction=direction)
        assert ours.dtype == np.int64
        assert dict(ours) == dict(nx_degree())
        if case.weights is not None:
            series_close(maillage.strength(g, direction=direction, weight="weight"), dict(nx_degree(weight="weight")))
    centrality = {"total": nx.degree_centrality, "in": nx.in_degree_centrality, "out": nx.out_degree_centrality}
    for direction, _ in directions:
        series_close(maillage.degree_centrality(g, direction=direction), centrality[direction](H))


@SETTINGS
@given(cases())
def test_degree_sum_is_twice_the_edges(case):
    view = case.view()
    total = int(maillage.degree(view).sum())
    m = view.number_of_edges()  # pairs; a self-loop counts once here and twice in a degree
    if case.directed:
        assert int(maillage.degree(view, direction="in").sum()) == m
        assert int(maillage.degree(view, direction="out").sum()) == m
        assert total == 2 * m
    else:
        assert total == 2 * m
    assert m == case.oracle().number_of_edges()


# ------------------------------------------------------------------------------ path measures

@SETTINGS
@given(cases(), st.booleans(), st.booleans())
def test_betweenness_matches_networkx(case, normalized, endpoints):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    ours = maillage.betweenness_centrality(case.view(weighted), normalized=normalized, endpoints=endpoints)
    theirs = nx.betweenness_centrality(H, normalized=normalized, endpoints=endpoints,
                                       weight="dist" if weighted else None)
    series_close(ours, theirs)


@SETTINGS
@given(cases(), st.booleans())
def test_edge_betweenness_matches_networkx(case, normalized):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    ours = maillage.edge_betweenness_centrality(case.view(weighted), normalized=normalized)
    theirs = nx.edge_betweenness_centrality(H, normalized=normalized, weight="dist" if weighted else None)
    assert len(ours) == H.number_of_edges()
    for row in ours.itertuples():
        pair = (row.source, row.target)
        if pair not in theirs:
            pair = (row.target, row.source)
        assert row.edge_betweenness_centrality == pytest.approx(theirs[pair], rel=1e-9, abs=1e-12), pair


@SETTINGS
@given(cases(), st.booleans())
def test_closeness_and_harmonic_match_networkx(case, wf_improved):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    distance = "dist" if weighted else None
    view = case.view(weighted)
    series_close(maillage.closeness_centrality(view, wf_improved=wf_improved),
                 nx.closeness_centrality(H, distance=distance, wf_improved=wf_improved))
    series_close(maillage.harmonic_centrality(view), nx.harmonic_centrality(H, distance=distance))


@SETTINGS
@given(cases())
def test_shortest_path_lengths_match_networkx(case):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    view = case.view(weighted)
    ours = maillage.shortest_path_lengths(view)
    theirs = dict(nx.all_pairs_dijkstra_path_length(H, weight="dist" if weighted else (lambda u, v, d: 1)))
    expected = np.array([[theirs[s].get(t, math.inf) for t in ours.columns] for s in ours.index])
    np.testing.assert_allclose(ours.to_numpy(), expected, rtol=1e-12)
    s = case.keys[-1]
    single = maillage.shortest_path_lengths(view, s)
    np.testing.assert_array_equal(single.to_numpy(), ours.loc[s].to_numpy())


@SETTINGS
@given(cases(weighted=False))
def test_betweenness_sums_to_the_pair_distances(case):
    """Unweighted, without endpoints and unnormalised: Σ_v B(v) = Σ over ordered reachable pairs
    (s, t), s ≠ t, of d(s, t) − 1 (each shortest path has d − 1 inner nodes), halved on undirected
    views (each pair counted once); Σ_e EB(e) = Σ d(s, t), halved likewise."""
    view = case.view()
    d = maillage.shortest_path_lengths(view).to_numpy()
    reachable = np.isfinite(d) & ~np.eye(len(d), dtype=bool)
    inner = float((d[reachable] - 1).sum())
    hops = float(d[reachable].sum())
    if not case.directed:
        inner, hops = inner / 2, hops / 2
    assert float(maillage.betweenness_centrality(view, normalized=False).sum()) == pytest.approx(inner, abs=1e-9)
    eb = maillage.edge_betweenness_centrality(view, normalized=False)
    assert float(eb["edge_betweenness_centrality"].sum()) == pytest.approx(hops, abs=1e-9)


# ------------------------------------------------------------------------------------ spectral

def _power_oracle(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except nx.PowerIterationFailedConvergence:
        return None


@SETTINGS
@given(cases(), st.sampled_from([0.5, 0.85, 0.95]))
def test_pagerank_matches_networkx(case, alpha):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    ours = maillage.pagerank(case.view(weighted), alpha=alpha, tol=1e-12, max_iter=10000)
    theirs = nx.pagerank(H, alpha=alpha, weight="weight" if weighted else None, tol=1e-13, max_iter=10000)
    series_close(ours, theirs, rel=1e-6, abs_=1e-9)
    assert float(ours.sum()) == pytest.approx(1.0, abs=1e-9)


@SETTINGS
@given(cases(min_nodes=2))
def test_eigenvector_matches_networkx_on_connected_graphs(case):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    connected = nx.is_strongly_connected(H) if case.directed else nx.is_connected(H)
    assume(connected and H.number_of_edges() > 0)
    theirs = _power_oracle(nx.eigenvector_centrality, H, weight="weight" if weighted else None,
                           tol=1e-12, max_iter=100000)
    assume(theirs is not None)
    try:
        ours = maillage.eigenvector_centrality(case.view(weighted), tol=1e-12, max_iter=100000)
    except maillage.Error:
        # a periodic directed graph (a cycle) has no dominant eigenvalue: NetworkX's shift by the
        # identity converges, a plain power iteration may not; only that case may fail here
        assert case.directed
        return
    series_close(ours, theirs, rel=1e-5, abs_=1e-7)


@SETTINGS
@given(cases(), st.sampled_from([0.25, 0.5, 0.9]), st.booleans())
def test_katz_matches_networkx(case, share, normalized):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    A = nx.to_numpy_array(H, nodelist=case.keys, weight="weight" if weighted else None)
    radius = max(abs(np.linalg.eigvals(A))) if len(A) else 0.0
    alpha = share / radius if radius > 1e-9 else 0.1
    theirs = _power_oracle(nx.katz_centrality, H, alpha=alpha, beta=1.0, weight="weight" if weighted else None,
                           tol=1e-13, max_iter=100000, normalized=normalized)
    assume(theirs is not None)
    ours = maillage.katz_centrality(case.view(weighted), alpha=alpha, beta=1.0, tol=1e-13, max_iter=100000,
                                    normalized=normalized)
    series_close(ours, theirs, rel=1e-6, abs_=1e-9)


# ----------------------------------------------------------------------------------- structure

@SETTINGS
@given(cases())
def test_clustering_matches_networkx(case):
    weighted = case.weights is not None
    # self-loops are left out of triangles and degrees (as NetworkX does), but a self-loop's
    # weight counts in the largest weight that normalises weighted clustering, as in NetworkX
    H = case.oracle(weighted=weighted)
    ours = maillage.clustering(case.view(weighted), weight="weight" if weighted else None)
    series_close(ours, nx.clustering(H, weight="weight" if weighted else None), rel=1e-9, abs_=1e-12)
    if not case.view().directed:  # a view keeping no edge is undirected
        assert maillage.transitivity(case.view()) == pytest.approx(nx.transitivity(case.oracle(self_loops=False)))
    else:
        with pytest.raises(maillage.InvalidInput):
            maillage.transitivity(case.view())


@SETTINGS
@given(cases())
def test_core_number_matches_networkx(case):
    ours = maillage.core_number(case.view())
    assert ours.dtype == np.int64
    assert dict(ours) == nx.core_number(case.oracle(self_loops=False))  # NetworkX refuses self-loops


def _components_ok(ours: pd.Series, theirs):
    blocks = sorted((sorted(c) for c in theirs), key=lambda c: (-len(c), c[0]))
    expected = {key: label for label, block in enumerate(blocks) for key in block}
    assert dict(ours) == expected  # same blocks, numbered by decreasing size then smallest key


@SETTINGS
@given(cases())
def test_components_match_networkx(case):
    H = case.oracle()
    view = case.view()
    if case.directed:
        _components_ok(maillage.connected_components(view), nx.weakly_connected_components(H))
        _components_ok(maillage.strongly_connected_components(view), nx.strongly_connected_components(H))
    else:
        _components_ok(maillage.connected_components(view), nx.connected_components(H))
        _components_ok(maillage.strongly_connected_components(view), nx.connected_components(H))


# ------------------------------------------------------------------------- mixing and holes

def _nx_float(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                return float(fn(*args, **kwargs))
            except (ZeroDivisionError, ValueError):
                return math.nan


@SETTINGS
@given(cases())
def test_assortativity_matches_networkx(case):
    weighted = case.weights is not None
    view = case.view(weighted)
    H = case.oracle(weighted=weighted)
    w = "weight" if weighted else None
    assume(H.number_of_edges() > 0)  # undefined without edges (NaN here; NetworkX may say 0)
    theirs = _nx_float(nx.attribute_assortativity_coefficient, H, "group")
    ours = maillage.attribute_assortativity(case.view(), "group")
    if not math.isnan(theirs):
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)
    theirs = _nx_float(nx.numeric_assortativity_coefficient, H, "size")
    ours = maillage.numeric_assortativity(case.view(), "size")
    if not math.isnan(theirs):
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)
    pairs = [("out", "in"), ("in", "out"), ("out", "out"), ("in", "in")] if case.directed else [("out", "in")]
    for x, y in pairs:
        theirs = _nx_float(nx.degree_assortativity_coefficient, H, x=x, y=y, weight=w)
        ours = maillage.degree_assortativity(view, x=x, y=y, weight=w)
        if not math.isnan(theirs):
            assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), (x, y)


@SETTINGS
@given(cases(directed=False))
def test_constraint_and_effective_size_match_networkx(case):
    """Undirected views (on directed ones NetworkX tests successors only, a documented
    deviation); self-loops ignored, as the contract says."""
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted, self_loops=False)
    w = "weight" if weighted else None
    holes = maillage.structural_holes(case.view(weighted), weight=w)
    # nodes= selects NetworkX's reference loop: its vectorised path for all nodes (NetworkX 3.6)
    # gives other weighted effective sizes than its own definition (a weighted triangle 0.25,
    # 0.25, 0.5: 1.333 against 1.167 for the nodes of the heavy tie)
    series_close(holes["constraint"], nx.constraint(H, nodes=list(H), weight=w))
    series_close(holes["effective_size"], nx.effective_size(H, nodes=list(H), weight=w))


# -------------------------------------------------------------------------------- communities

@SETTINGS
@given(cases(), st.data())
def test_modularity_of_a_partition_matches_networkx(case, data):
    weighted = case.weights is not None
    H = case.oracle(weighted=weighted)
    labels = data.draw(st.lists(st.integers(0, 3), min_size=len(case.keys), max_size=len(case.keys)))
    resolution = data.draw(st.sampled_from([0.5, 1.0, 2.0]))
    partition = dict(zip(case.keys, labels))
    blocks = [{k for k, c in partition.items() if c == label} for label in sorted(set(labels))]
    ours = maillage.modularity(case.view(weighted), partition, resolution=resolution)
    if H.number_of_edges() == 0:
        assume(False)  # NetworkX divides by m = 0
    theirs = nx.community.modularity(H, blocks, weight="weight" if weighted else None, resolution=resolution)
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)
    if resolution == 1.0:
        assert -0.5 - 1e-12 <= ours <= 1.0 + 1e-12


@SETTINGS
@given(cases(directed=False, min_nodes=2))
def test_detected_communities_have_bounded_modularity(case):
    """Louvain's and Leiden's partitions: their modularity (computed by NetworkX from the labels)
    lies in [-1/2, 1] and is at least that of the all-in-one partition (0)."""
    view = case.view()
    H = case.oracle()
    assume(H.number_of_edges() > 0)
    for detect in (maillage.louvain_communities, maillage.leiden_communities):
        labels = detect(view, seed=1)
        blocks = [set(labels.index[labels == c]) for c in sorted(set(labels))]
        q = nx.community.modularity(H, blocks)
        assert -0.5 - 1e-12 <= q <= 1.0 + 1e-12
        assert q >= -1e-12
        assert maillage.modularity(view, labels) == pytest.approx(q, rel=1e-9, abs=1e-12)


@st.composite
def two_mode(draw):
    actors = [f"a{i}" for i in range(draw(st.integers(1, 6)))]
    events = [f"e{i}" for i in range(draw(st.integers(1, 5)))]
    pairs = draw(st.lists(st.tuples(st.sampled_from(actors), st.sampled_from(events)), max_size=20))
    return actors, events, pairs


@SETTINGS
@given(two_mode(), st.sampled_from(["count", "newman", "jaccard", "overlap"]))
def test_bipartite_projection_matches_networkx(data, weighting):
    actors, events, pairs = data
    nodes = pd.DataFrame({"key": actors + events, "kind": ["actor"] * len(actors) + ["event"] * len(events)})
    edges = pd.DataFrame({"source": [a for a, _ in pairs], "target": [e for _, e in pairs],
                          "relation": ["participates_in"] * len(pairs)})
    g = maillage.Graph.from_frames(nodes, edges, progress=False)
    projected = maillage.bipartite_projection(g, kind="actor", weighting=weighting)
    B = nx.Graph()
    B.add_nodes_from(actors, bipartite=0)
    B.add_nodes_from(events, bipartite=1)
    B.add_edges_from(set(pairs))  # a repeated participation is one membership
    if weighting == "count":
        P = nx.bipartite.weighted_projected_graph(B, actors)
    elif weighting == "newman":
        P = nx.bipartite.collaboration_weighted_projected_graph(B, actors)
    else:
        P = nx.bipartite.overlap_weighted_projected_graph(B, actors, jaccard=weighting == "jaccard")
    assert sorted(projected.nodes) == sorted(actors)
    ef = projected.edges_frame()
    ours = {frozenset((s, t)): w for s, t, w in zip(ef["source"], ef["target"], ef["weight"])}
    theirs = {frozenset((u, v)): d["weight"] for u, v, d in P.edges(data=True)}
    assert ours.keys() == theirs.keys()
    for pair, w in theirs.items():
        assert ours[pair] == pytest.approx(w, rel=1e-12), pair
    shared = dict(zip(map(frozenset, zip(ef["source"], ef["target"])), ef["shared"]))
    for u, v in itertools.combinations(actors, 2):
        common = len(set(B[u]) & set(B[v]))
        assert shared.get(frozenset((u, v)), 0) == common
