"""maillage as a NetworkX backend: every served function against NetworkX itself (the oracle),
on graphs whose nodes are ints, strings and tuples; conversion caching; fallback."""

from __future__ import annotations

import math
import random

import pytest

nx = pytest.importorskip("networkx")
pytest.importorskip("scipy")

import maillage  # noqa: E402
from maillage.backend import BackendInterface, MaillageGraph  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # NetworkX's cache notes

if "maillage" not in nx.utils.backends.backends:
    pytest.skip("the networkx.backends entry point 'maillage' is not installed", allow_module_level=True)


def _weighted(G, seed):
    rng = random.Random(seed)
    for u, v, d in G.edges(data=True):
        d["weight"] = rng.choice([0.5, 1.0, 2.0, 3.0, 7.0])
        d["cost"] = rng.randint(1, 9)
    return G


def graphs():
    """(name, graph) pairs: ints (karate), strings, tuples, directed, disconnected."""
    karate = _weighted(nx.karate_club_graph(), 1)
    strings = _weighted(nx.relabel_nodes(nx.gnp_random_graph(40, 0.12, seed=3), lambda i: f"n{i}"), 2)
    grid = _weighted(nx.grid_2d_graph(5, 6), 3)  # tuple nodes
    directed = _weighted(nx.gnp_random_graph(45, 0.08, seed=4, directed=True), 4)
    parts = _weighted(nx.disjoint_union(nx.cycle_graph(7), nx.path_graph(5)), 5)
    return [("karate", karate), ("strings", strings), ("grid", grid), ("directed", directed), ("parts", parts)]


GRAPHS = graphs()
IDS = [name for name, _ in GRAPHS]


def close(a, b, tol=1e-9):
    if isinstance(a, dict):
        assert set(a) == set(b)
        for key in a:
            assert type(key) is type(next(k for k in b if k == key))
            close(a[key], b[key], tol)
        return
    assert isinstance(a, (int, float)) and not hasattr(a, "dtype"), type(a)
    if math.isnan(b):
        assert math.isnan(a)
    else:
        assert a == pytest.approx(b, rel=tol, abs=tol)


def run(function, G, *args, **kwargs):
    """(NetworkX's result, the backend's result) of one call."""
    return function(G, *args, **kwargs), function(G, *args, backend="maillage", **kwargs)


@pytest.mark.parametrize("name,G", GRAPHS, ids=IDS)
@pytest.mark.parametrize(
    "function,kwargs",
    [
        (nx.betweenness_centrality, {}),
        (nx.betweenness_centrality, {"weight": "weight"}),
        (nx.betweenness_centrality, {"normalized": False, "endpoints": True}),
        (nx.closeness_centrality, {}),
        (nx.closeness_centrality, {"distance": "weight", "wf_improved": False}),
        (nx.harmonic_centrality, {}),
        (nx.harmonic_centrality, {"distance": "cost"}),
        (nx.degree_centrality, {}),
        (nx.pagerank, {}),
        (nx.pagerank, {"alpha": 0.7, "weight": None}),
        (nx.katz_centrality, {"alpha": 0.05}),
        (nx.katz_centrality, {"alpha": 0.02, "weight": "weight", "normalized": False}),
        (nx.clustering, {}),
        (nx.clustering, {"weight": "weight"}),
        (nx.average_clustering, {}),
    ],
)
def test_node_measures_match_networkx(name, G, function, kwargs):
    expected, got = run(function, G, **kwargs)
    close(got, expected, 1e-9)


@pytest.mark.parametrize("name,G", [g for g in GRAPHS if g[0] != "parts"], ids=[i for i in IDS if i != "parts"])
def test_eigenvector_matches_networkx(name, G):
    expected, got = run(nx.eigenvector_centrality, G, max_iter=1000, tol=1e-10)
    close(got, expected, 1e-6)


@pytest.mark.parametrize("name,G", GRAPHS, ids=IDS)
def test_structure_and_components_match_networkx(name, G):
    close(*reversed(run(nx.core_number, G)))
    if G.is_directed():
        for f in (nx.strongly_connected_components,):
            expected, got = run(f, G)
            assert sorted(map(sorted, got)) == sorted(map(sorted, expected))
        assert run(nx.number_strongly_connected_components, G)[1] == nx.number_strongly_connected_components(G)
        close(*reversed(run(nx.in_degree_centrality, G)))
        close(*reversed(run(nx.out_degree_centrality, G)))
    else:
        expected, got = run(nx.connected_components, G)
        assert [sorted(c, key=str) for c in got] == [sorted(c, key=str) for c in expected]
        assert run(nx.number_connected_components, G)[1] == nx.number_connected_components(G)
        close(*reversed(run(nx.transitivity, G)))


@pytest.mark.parametrize("name,G", GRAPHS, ids=IDS)
def test_edge_betweenness_matches_networkx(name, G):
    for kwargs in ({}, {"weight": "weight", "normalized": False}):
        expected, got = run(nx.edge_betweenness_centrality, G, **kwargs)
        assert set(got) == set(expected)
        for edge in expected:
            assert got[edge] == pytest.approx(expected[edge], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name,G", GRAPHS, ids=IDS)
def test_shortest_path_lengths_match_networkx(name, G):
    source = next(iter(G))
    expected, got = run(nx.single_source_shortest_path_length, G, source)
    assert got == expected and all(type(d) is int for d in got.values())
    expected, got = run(nx.single_source_shortest_path_length, G, source, cutoff=2)
    assert got == expected
    expected, got = run(nx.single_source_dijkstra_path_length, G, source, weight="cost")
    close(got, expected, 1e-12)
    expected, got = run(nx.all_pairs_shortest_path_length, G)
    assert dict(got) == dict(expected)
    expected, got = run(nx.all_pairs_dijkstra_path_length, G, weight="weight", cutoff=4)
    expected, got = dict(expected), dict(got)
    assert set(got) == set(expected)
    for u in expected:
        close(got[u], expected[u], 1e-12)


@pytest.mark.parametrize("name,G", [g for g in GRAPHS if not g[1].is_directed()], ids=[i for i, g in GRAPHS if not g.is_directed()])
def test_modularity_and_louvain(name, G):
    communities = nx.community.louvain_communities(G, seed=7)
    for kwargs in ({}, {"weight": None, "resolution": 0.5}):
        expected, got = run(nx.community.modularity, G, communities, **kwargs)
        close(got, expected, 1e-12)
    found = nx.community.louvain_communities(G, backend="maillage")
    assert sorted(u for block in found for u in block) == sorted(G, key=lambda u: list(G).index(u)) or (
        sorted(map(str, (u for block in found for u in block))) == sorted(map(str, G))
    )
    assert sum(len(b) for b in found) == len(G)
    # Louvain's partition is a local optimum: within 0.05 of NetworkX's own on these graphs
    assert nx.community.modularity(G, found) >= nx.community.modularity(G, communities) - 0.05


def test_results_keep_the_node_objects():
    G = nx.Graph([(1, (2, "b")), ((2, "b"), "c"), ("c", 1.5)])
    got = nx.betweenness_centrality(G, backend="maillage")
    assert list(got) == list(G)
    assert all(isinstance(x, float) and type(x) is float for x in got.values())


def test_pagerank_personalization_and_dangling():
    G = nx.gnp_random_graph(30, 0.1, seed=9, directed=True)
    p = {u: (u % 3) + 1 for u in G}
    d = {u: 1.0 for u in list(G)[:5]}
    close(*reversed(run(nx.pagerank, G, personalization=p, dangling=d)), 1e-9)


def test_conversion_is_cached_on_the_graph(monkeypatch):
    G = _weighted(nx.barabasi_albert_graph(200, 3, seed=1), 6)
    count = {"n": 0}
    original = MaillageGraph.__init__

    def counting(self, *args, **kwargs):
        count["n"] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(MaillageGraph, "__init__", counting)
    nx.pagerank(G, backend="maillage")
    nx.pagerank(G, backend="maillage")
    nx.pagerank(G, alpha=0.9, backend="maillage")
    assert count["n"] == 1  # converted once for weight="weight"
    nx.betweenness_centrality(G, backend="maillage")
    assert count["n"] == 1  # NetworkX reuses a conversion holding more attributes than needed
    nx.closeness_centrality(G, distance="cost", backend="maillage")
    assert count["n"] == 2  # another attribute: converted once more
    G.add_edge(0, 199)  # NetworkX clears the cache on a change
    nx.betweenness_centrality(G, backend="maillage")
    assert count["n"] == 3


def test_automatic_dispatch_with_backend_priority(monkeypatch):
    G = nx.karate_club_graph()
    calls = []
    original = BackendInterface.closeness_centrality

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(BackendInterface, "closeness_centrality", staticmethod(spy))
    expected = nx.closeness_centrality(G)
    assert not calls
    with nx.config(backend_priority=["maillage"]):
        got = nx.closeness_centrality(G)
        # a call the backend does not serve (one node u) runs NetworkX's own code
        assert nx.closeness_centrality(G, u=0) == pytest.approx(expected[0])
    assert calls
    close(got, expected)


def test_calls_not_served_say_why_and_fall_back():
    G = nx.karate_club_graph()
    for call, reason in [
        (lambda: nx.pagerank(G, nstart={u: 1 for u in G}, backend="maillage"), "nstart"),
        (lambda: nx.betweenness_centrality(G, k=5, seed=1, backend="maillage"), "seed"),
        (lambda: nx.betweenness_centrality(nx.MultiGraph(G), backend="maillage"), "multigraph"),
    ]:
        with pytest.raises(NotImplementedError) as info:
            call()
        assert reason in str(info.value.__cause__)  # NetworkX wraps the backend's reason
    with nx.config(backend_priority=["maillage"]):
        assert nx.betweenness_centrality(G, k=5, seed=1) == nx.betweenness_centrality(G, k=5, seed=1, backend="networkx")


def test_sampled_betweenness_with_fresh_seed():
    G = nx.karate_club_graph()
    exact = nx.betweenness_centrality(G)
    assert nx.betweenness_centrality(G, k=len(G), seed=3, backend="maillage") == pytest.approx(exact)
    runs = [nx.betweenness_centrality(G, k=20, backend="maillage") for _ in range(30)]
    mean = {u: sum(r[u] for r in runs) / len(runs) for u in G}
    # unbiased: the average of 30 samples is near the exact value for the central nodes
    for u in (0, 33):
        assert mean[u] == pytest.approx(exact[u], rel=0.25)


def test_backend_info_lists_the_served_functions():
    info = nx.utils.backends.backend_info["maillage"]
    assert info["backend_name"] == "maillage"
    for name in info["functions"]:
        assert callable(getattr(BackendInterface, name)), name
        assert name in nx.utils.backends._registered_algorithms, name
    served = {n for n in dir(BackendInterface) if n in nx.utils.backends._registered_algorithms}
    assert served == set(info["functions"])


@pytest.mark.parametrize("name,G", [g for g in GRAPHS if not g[1].is_directed()], ids=[i for i, g in GRAPHS if not g.is_directed()])
def test_triangles_and_structural_holes_match_networkx(name, G):
    expected, got = run(nx.triangles, G)
    assert got == expected and all(type(t) is int for t in got.values())
    close(*reversed(run(nx.constraint, G)), 1e-12)
    close(*reversed(run(nx.constraint, G, weight="weight")), 1e-12)
    close(*reversed(run(nx.effective_size, G)), 1e-12)
    some = list(G)[:5]
    close(*reversed(run(nx.effective_size, G, nodes=some, weight="weight")), 1e-12)


@pytest.mark.parametrize("name,G", GRAPHS, ids=IDS)
def test_assortativity_matches_networkx(name, G):
    rng = random.Random(8)
    for u in G:
        G.nodes[u]["colour"] = rng.choice("rgb")
        G.nodes[u]["size"] = rng.randint(1, 5)
    close(*reversed(run(nx.attribute_assortativity_coefficient, G, "colour")), 1e-12)
    close(*reversed(run(nx.numeric_assortativity_coefficient, G, "size")), 1e-12)
    close(*reversed(run(nx.degree_assortativity_coefficient, G)), 1e-12)
    close(*reversed(run(nx.degree_pearson_correlation_coefficient, G, weight="weight")), 1e-12)
    if G.is_directed():
        close(*reversed(run(nx.degree_assortativity_coefficient, G, x="in", y="in")), 1e-12)


@pytest.mark.parametrize("name,G", GRAPHS, ids=IDS)
def test_ego_graph_is_networkx_subgraph(name, G):
    n = list(G)[3]
    for kwargs in ({}, {"radius": 2, "center": False}, {"radius": 2, "undirected": True}, {"radius": 3.5, "distance": "cost"}):
        expected, got = run(nx.ego_graph, G, n, **kwargs)
        assert nx.utils.graphs_equal(got, expected), kwargs
        assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))


def test_linear_time_calls_dispatch_only_onto_a_cached_conversion(monkeypatch):
    G = nx.gnp_random_graph(300, 0.02, seed=15)
    calls = []
    original = BackendInterface.connected_components

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(BackendInterface, "connected_components", staticmethod(spy))
    expected = sorted(map(sorted, nx.connected_components(G)))
    with nx.config(backend_priority=["maillage"]):
        assert sorted(map(sorted, nx.connected_components(G))) == expected
        assert not calls  # NetworkX's own: quicker than converting G for it
        nx.pagerank(G)  # converts G (and NetworkX caches the conversion)
        assert sorted(map(sorted, nx.connected_components(G))) == expected
        assert calls  # now on the cached conversion
    assert nx.connected_components is not None
    calls.clear()
    list(nx.connected_components(nx.path_graph(5), backend="maillage"))
    assert calls  # an explicit backend= is always honoured


def test_bipartite_projections_match_networkx():
    B = nx.bipartite.random_graph(30, 45, 0.12, seed=16)
    for u in B:
        B.nodes[u]["label"] = f"node {u}"
    B.graph["name"] = "two-mode"
    top = [u for u, d in B.nodes(data=True) if d["bipartite"] == 0]
    bp = nx.bipartite
    for f, kwargs in [
        (bp.projected_graph, {}),
        (bp.weighted_projected_graph, {}),
        (bp.weighted_projected_graph, {"ratio": True}),
        (bp.collaboration_weighted_projected_graph, {}),
        (bp.overlap_weighted_projected_graph, {}),
        (bp.overlap_weighted_projected_graph, {"jaccard": False}),
    ]:
        expected, got = f(B, top, **kwargs), f(B, top, backend="maillage", **kwargs)
        assert got.graph == expected.graph and dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
        assert {frozenset(e) for e in got.edges()} == {frozenset(e) for e in expected.edges()}
        for u, v, d in expected.edges(data=True):
            if "weight" in d:
                assert got[u][v]["weight"] == pytest.approx(d["weight"], rel=1e-12)
                assert type(got[u][v]["weight"]) is type(d["weight"])
    # not bipartite for these nodes: NetworkX's own projection
    with pytest.raises(NotImplementedError):
        bp.projected_graph(B, top + [list(B)[-1]], backend="maillage")


def test_asynchronous_label_propagation():
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(5))
    G.add_edge(0, 6)
    expected = {frozenset(c) for c in nx.community.asyn_lpa_communities(G)}  # the two cliques
    got = nx.community.asyn_lpa_communities(G, backend="maillage")
    assert {frozenset(c) for c in got} == expected == {frozenset(range(6)), frozenset(range(6, 11))}
    K = nx.karate_club_graph()
    found = list(nx.community.asyn_lpa_communities(K, weight="weight", backend="maillage"))
    assert sorted(u for c in found for u in c) == sorted(K)
    # every node holds a label among its neighbours' heaviest (NetworkX's stopping rule)
    label = {u: i for i, c in enumerate(found) for u in c}
    for u in K:
        totals = {}
        for v in K[u]:
            totals[label[v]] = totals.get(label[v], 0) + K[u][v]["weight"]
        assert totals[label[u]] == max(totals.values())


def test_cancelled_calls_are_not_rerun_by_networkx(monkeypatch):
    import maillage.backend as backend

    def cancel_at_once(stage, done, total):
        raise maillage.Cancelled("stopped")

    monkeypatch.setattr(backend, "_bar", lambda: cancel_at_once)
    G = nx.barabasi_albert_graph(3000, 3, seed=2)
    with nx.config(backend_priority=["maillage"]), pytest.raises(maillage.Cancelled):
        nx.betweenness_centrality(G)


def test_edgeless_directed_graph_stays_directed():
    G = nx.DiGraph()
    G.add_nodes_from(range(4))
    close(nx.pagerank(G, backend="maillage"), nx.pagerank(G))
    close(nx.in_degree_centrality(G, backend="maillage"), nx.in_degree_centrality(G))
    assert sorted(map(sorted, nx.strongly_connected_components(G, backend="maillage"))) == [[0], [1], [2], [3]]
