"""Communities: Louvain and Leiden against NetworkX and igraph (karate club, planted partitions,
weighted, directed), modularity of given partitions against NetworkX, CPM against igraph's
Leiden, NMI/ARI against contingency-table formulas computed here, determinism (for any thread
count on graphs large enough to move by colour classes), errors."""

from __future__ import annotations

import math
import random

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import raises_naming

KARATE_OPTIMUM = 0.4197896120973044  # Brandes et al. 2008, exact (unweighted)


def unweighted_karate():
    G = nx.karate_club_graph()
    for _, _, d in G.edges(data=True):
        d.pop("weight", None)
    return G


def nx_partition(labels: pd.Series, convert=int):
    return [{convert(k) for k in labels.index[labels == c]} for c in range(int(labels.max()) + 1)]


def planted(seed, l=6, k=20, p_in=0.3, p_out=0.02):
    """NetworkX's planted-partition graph, its blocks moved from the graph attributes to G.blocks."""
    G = nx.planted_partition_graph(l, k, p_in, p_out, seed=seed)
    G.blocks = G.graph.pop("partition")
    return G


def best_reference(G, weight=None):
    """The best modularity NetworkX's Louvain (seeds 0–9) and igraph's multilevel and Leiden reach."""
    best = max(nx.community.modularity(G, nx.community.louvain_communities(G, weight=weight, seed=s), weight=weight) for s in range(10))
    H = ig.Graph.from_networkx(G)
    w = "weight" if weight else None
    for s in range(5):
        random.seed(s)
        best = max(best, H.community_multilevel(weights=w).modularity)
        leiden = H.community_leiden(objective_function="modularity", weights=w, n_iterations=-1)
        best = max(best, H.modularity(leiden.membership, weights=w))
    return best


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_karate_club_reaches_the_optimum_and_never_exceeds_it(method):
    G = unweighted_karate()
    g = maillage.from_networkx(G)
    f = maillage.louvain_communities if method == "louvain" else maillage.leiden_communities
    values = []
    for seed in range(5):
        labels = f(g, seed=seed)
        q = nx.community.modularity(G, nx_partition(labels), weight=None)
        assert labels.attrs["modularity"] == pytest.approx(q, abs=1e-12)
        assert q <= KARATE_OPTIMUM + 1e-12
        values.append(q)
    reference = best_reference(G)
    assert max(values) >= 0.99 * reference
    assert reference <= KARATE_OPTIMUM + 1e-12


@pytest.mark.parametrize("method", ["louvain", "leiden"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_partitions_within_one_percent_of_networkx_and_igraph(method, seed):
    G = planted(seed)
    g = maillage.from_networkx(G)
    f = maillage.louvain_communities if method == "louvain" else maillage.leiden_communities
    best = max(nx.community.modularity(G, nx_partition(f(g, seed=s)), weight=None) for s in range(5))
    assert best >= 0.99 * best_reference(G)
    # The planted blocks are found: NMI with the truth close to 1.
    truth = pd.Series({str(v): b for b, block in enumerate(G.blocks) for v in block})
    assert maillage.normalized_mutual_info(f(g, seed=0), truth) > 0.9


def test_weighted_karate_matches_networkx():
    G = nx.karate_club_graph()
    g = maillage.from_networkx(G)
    for f in (maillage.louvain_communities, maillage.leiden_communities):
        best = max(nx.community.modularity(G, nx_partition(f(g, weight="weight", seed=s))) for s in range(5))
        assert best >= 0.99 * best_reference(G, weight="weight")


@pytest.mark.parametrize("method", ["louvain", "leiden"])
@pytest.mark.parametrize("graph_seed", [4, 5])
def test_directed_modularity_against_networkx(method, graph_seed):
    # A planted partition with each edge given a random direction (and some reciprocated).
    rng = random.Random(graph_seed)
    U = planted(graph_seed, l=5, k=24, p_in=0.25, p_out=0.03)
    G = nx.DiGraph()
    G.add_nodes_from(U)
    for u, v in U.edges():
        G.add_edge(*((u, v) if rng.random() < 0.5 else (v, u)))
        if rng.random() < 0.2:
            G.add_edge(v, u)
    g = maillage.from_networkx(G)
    assert g.view().directed
    f = maillage.louvain_communities if method == "louvain" else maillage.leiden_communities
    runs = [f(g, seed=s) for s in range(5)]
    for labels in runs:
        assert labels.attrs["modularity"] == pytest.approx(nx.community.modularity(G, nx_partition(labels)), abs=1e-12)
    ours = max(labels.attrs["modularity"] for labels in runs)
    theirs = max(nx.community.modularity(G, nx.community.louvain_communities(G, seed=s)) for s in range(5))
    assert ours >= 0.99 * theirs


@pytest.mark.parametrize("seed", range(4))
def test_leiden_cpm_against_igraph(seed):
    G = planted(seed, l=5, k=15, p_in=0.5, p_out=0.05)
    g = maillage.from_networkx(G)
    gamma = 0.1

    def cpm(parts):  # Σ_c [e_c − γ n_c (n_c − 1) / 2], computed from the edge list
        where = {v: i for i, p in enumerate(parts) for v in p}
        inside = sum(1 for u, v in G.edges() if where[u] == where[v])
        return inside - gamma * sum(len(p) * (len(p) - 1) / 2 for p in parts)

    labels = maillage.leiden_communities(g, objective="cpm", resolution=gamma, seed=seed)
    ours = cpm(nx_partition(labels))
    assert labels.attrs["quality"] == pytest.approx(ours)
    H = ig.Graph.from_networkx(G)
    names = H.vs["_nx_name"]
    random.seed(seed)
    theirs = max(
        cpm([{names[i] for i in c} for c in H.community_leiden(objective_function="CPM", resolution=gamma, n_iterations=-1)])
        for _ in range(3)
    )
    assert ours >= 0.99 * theirs


# Levels of at least this many arcs (two per undirected edge) move by colour classes.
COLOUR_ARCS = 65536


def best_igraph(G):
    """The best modularity igraph's multilevel and Leiden (until stable) reach over seeds 0–4."""
    H = ig.Graph.from_networkx(G)
    best = -1.0
    for s in range(5):
        random.seed(s)
        best = max(best, H.community_multilevel().modularity)
        best = max(best, H.modularity(H.community_leiden(objective_function="modularity", n_iterations=-1).membership))
    return best


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_large_planted_partition_moved_by_colours_within_one_percent_of_igraph(method):
    G = planted(8, l=10, k=200, p_in=0.3, p_out=0.005)
    g = maillage.from_networkx(G)
    assert 2 * g.view().number_of_edges() >= COLOUR_ARCS
    f = maillage.louvain_communities if method == "louvain" else maillage.leiden_communities
    runs = [f(g, seed=s) for s in range(5)]
    for labels in runs[:2]:
        assert labels.attrs["modularity"] == pytest.approx(nx.community.modularity(G, nx_partition(labels)), abs=1e-12)
    assert max(labels.attrs["modularity"] for labels in runs) >= 0.99 * best_igraph(G)
    truth = pd.Series({str(v): b for b, block in enumerate(G.blocks) for v in block})
    assert maillage.normalized_mutual_info(runs[0], truth) > 0.95


@pytest.mark.parametrize("directed", [False, True])
def test_labels_do_not_depend_on_the_thread_count(directed):
    G = nx.gnm_random_graph(20_000, 50_000, seed=9, directed=directed)
    g = maillage.from_networkx(G)
    assert g.view().directed == directed and 2 * g.view().number_of_edges() >= COLOUR_ARCS
    calls = [
        lambda t: maillage.louvain_communities(g, seed=2, threads=t),
        lambda t: maillage.leiden_communities(g, seed=2, max_iterations=2, threads=t),
        lambda t: maillage.leiden_communities(g, objective="cpm", resolution=1e-4, seed=2, max_iterations=2, threads=t),
    ]
    for call in calls:
        one = call(1)
        assert one.nunique() > 1
        for threads in (2, 3, None):
            other = call(threads)
            assert other.equals(one)
            assert other.attrs == one.attrs
    # Leiden's communities stay connected on the colour path.
    labels = calls[1](None)
    U = G.to_undirected() if directed else G
    for c in range(int(labels.max()) + 1):
        assert nx.is_connected(U.subgraph([int(k) for k in labels.index[labels == c]]))


@pytest.mark.parametrize("seed", range(5))
def test_leiden_communities_are_connected(seed):
    G = nx.gnm_random_graph(300, 700, seed=seed)
    g = maillage.from_networkx(G)
    labels = maillage.leiden_communities(g, seed=seed)
    for c in range(int(labels.max()) + 1):
        members = [int(k) for k in labels.index[labels == c]]
        assert nx.is_connected(G.subgraph(members))


def test_labels_numbered_by_size_then_smallest_key_and_deterministic():
    G = planted(7, l=4, k=10, p_in=0.6, p_out=0.01)
    g = maillage.from_networkx(G)
    for f in (maillage.louvain_communities, maillage.leiden_communities, maillage.label_propagation_communities):
        a, b = f(g, seed=3), f(g, seed=3)
        pd.testing.assert_series_equal(a, b)
        assert a.name == "community" and a.index.name == "key"
        sizes = a.value_counts().sort_index()
        assert list(sizes) == sorted(sizes, reverse=True)
        firsts = [min(a.index[a == c]) for c in sizes.index]
        for c in range(len(sizes) - 1):
            if sizes.iloc[c] == sizes.iloc[c + 1]:
                assert firsts[c] < firsts[c + 1]


def test_label_propagation_every_node_holds_a_heaviest_neighbour_label():
    G = planted(2, l=5, k=12, p_in=0.5, p_out=0.02)
    g = maillage.from_networkx(G)
    labels = maillage.label_propagation_communities(g, seed=1)
    for v in G:
        if G.degree(v) == 0:
            continue
        counts = pd.Series([labels[str(u)] for u in G[v]]).value_counts()
        assert counts.get(labels[str(v)], 0) == counts.max()


# ---------------------------------------------------------------- modularity of given partitions
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_modularity_equals_networkx(seed, directed, weighted):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(40, 0.12, seed=seed, directed=directed)
    G.add_edge(3, 3)  # a self-loop
    G.add_nodes_from([100, 101])  # isolated nodes
    if weighted:
        for _, _, d in G.edges(data=True):
            d["weight"] = rng.choice([0.5, 1.0, 2.0, 3.5])
    g = maillage.from_networkx(G)
    w = "weight" if weighted else None
    labels = {str(v): rng.randrange(5) for v in G}
    parts = [{v for v in G if labels[str(v)] == c} for c in range(5)]
    parts = [p for p in parts if p]
    for gamma in (1.0, 0.5, 2.0):
        expected = nx.community.modularity(G, parts, weight=w, resolution=gamma)
        assert maillage.modularity(g, labels, weight=w, resolution=gamma) == pytest.approx(expected, abs=1e-12)
        assert maillage.modularity(g, pd.Series(labels), weight=w, resolution=gamma) == pytest.approx(expected, abs=1e-12)
        assert maillage.modularity(g, [{str(v) for v in p} for p in parts], weight=w, resolution=gamma) == pytest.approx(expected, abs=1e-12)


def test_modularity_missing_labels_and_unknown_keys():
    g = maillage.from_networkx(nx.path_graph(4))
    with raises_naming(maillage.InvalidInput, "'3'", "missing='singleton'"):
        maillage.modularity(g, {"0": "a", "1": "a", "2": "b"})
    G = nx.path_graph(4)
    expected = nx.community.modularity(G, [{0, 1}, {2}, {3}])
    assert maillage.modularity(g, {"0": "a", "1": "a", "2": "b"}, missing="singleton") == pytest.approx(expected)
    assert maillage.modularity(g, pd.Series({"0": "a", "1": "a", "2": "b", "3": None}), missing="singleton") == pytest.approx(expected)
    with raises_naming(maillage.NotFound, "'9'"):
        maillage.modularity(g, {"0": 0, "1": 0, "2": 1, "3": 1, "9": 1})
    with raises_naming(maillage.InvalidInput, "'1'", "twice"):
        maillage.modularity(g, [{"0", "1"}, {"1", "2", "3"}])
    with raises_naming(maillage.InvalidInput, "resolution"):
        maillage.louvain_communities(g, resolution=-1)
    with raises_naming(maillage.InvalidInput, "objective"):
        maillage.leiden_communities(g, objective="surprise")
    for bad in (-0.1, math.inf, True, "0"):
        with raises_naming(maillage.InvalidInput, "tolerance"):
            maillage.leiden_communities(g, tolerance=bad)


@pytest.mark.parametrize("seed", range(3))
def test_leiden_tolerance_zero_runs_on_from_the_same_runs(seed):
    # Weak structure (random graph): runs keep improving a little; the default stops when a run
    # gains less than 1 %, tolerance=0 repeats the same first runs and keeps going.
    G = nx.gnm_random_graph(2000, 6000, seed=seed)
    g = maillage.from_networkx(G)
    quick = maillage.leiden_communities(g, seed=seed)
    full = maillage.leiden_communities(g, seed=seed, tolerance=0)
    assert full.attrs["modularity"] >= quick.attrs["modularity"] - 1e-12
    assert full.attrs["levels"] >= quick.attrs["levels"]


def test_empty_and_edgeless_views():
    g = maillage.from_networkx(nx.empty_graph(5))
    labels = maillage.louvain_communities(g)
    assert list(labels) == [0, 1, 2, 3, 4]
    assert maillage.modularity(g, labels) == 0.0
    assert list(maillage.leiden_communities(g)) == [0, 1, 2, 3, 4]
    assert list(maillage.label_propagation_communities(g)) == [0, 1, 2, 3, 4]


# ---------------------------------------------------------------- NMI and ARI
def contingency(a, b):
    ua, ia = np.unique(np.asarray(a, dtype=str), return_inverse=True)
    ub, ib = np.unique(np.asarray(b, dtype=str), return_inverse=True)
    table = np.zeros((len(ua), len(ub)))
    np.add.at(table, (ia, ib), 1)
    return table


def nmi_oracle(a, b):
    t = contingency(a, b)
    n = t.sum()
    pa, pb, p = t.sum(1) / n, t.sum(0) / n, t / n
    if t.shape == (1, 1):
        return 1.0
    ha = -sum(x * math.log(x) for x in pa if x > 0)
    hb = -sum(x * math.log(x) for x in pb if x > 0)
    mi = sum(p[i, j] * math.log(p[i, j] / (pa[i] * pb[j])) for i in range(t.shape[0]) for j in range(t.shape[1]) if p[i, j] > 0)
    return mi / ((ha + hb) / 2) if ha + hb > 0 else 1.0


def ari_oracle(a, b):
    t = contingency(a, b)
    comb = lambda x: x * (x - 1) / 2  # noqa: E731
    index = comb(t).sum()
    sa, sb = comb(t.sum(1)).sum(), comb(t.sum(0)).sum()
    expected = sa * sb / comb(t.sum())
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


@pytest.mark.parametrize("seed", range(6))
def test_nmi_and_ari_against_contingency_formulas(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 300))
    a = rng.integers(0, int(rng.integers(1, 8)), n)
    b = np.where(rng.random(n) < 0.6, a, rng.integers(0, int(rng.integers(1, 10)), n))
    keys = [f"k{i}" for i in range(n)]
    sa = pd.Series([f"region-{x}" for x in a], index=keys)
    sb = pd.Series(b, index=keys).sample(frac=1.0, random_state=seed)  # aligned on the index
    assert maillage.normalized_mutual_info(sa, sb) == pytest.approx(nmi_oracle(a, b), abs=1e-12)
    assert maillage.adjusted_rand_index(sa, sb) == pytest.approx(ari_oracle(a, b), abs=1e-12)


def test_nmi_ari_special_cases_and_errors():
    assert maillage.normalized_mutual_info([1, 1, 1], ["x", "x", "x"]) == 1.0
    assert maillage.adjusted_rand_index([1, 2, 3], ["x", "y", "z"]) == 1.0
    assert maillage.normalized_mutual_info([1, 1, 2, 2], [1, 2, 1, 2]) == pytest.approx(0.0, abs=1e-12)
    with raises_naming(maillage.InvalidInput, "different sizes"):
        maillage.adjusted_rand_index([1, 2], [1, 2, 3])
    with raises_naming(maillage.InvalidInput, "different nodes"):
        maillage.normalized_mutual_info(pd.Series({"a": 1, "b": 2}), pd.Series({"a": 1, "c": 2}))


@pytest.mark.parametrize(
    "detect, prefix",
    [
        (lambda v, p: maillage.louvain_communities(v, progress=p), "louvain run "),
        (lambda v, p: maillage.leiden_communities(v, progress=p), "leiden run "),
        (lambda v, p: maillage.label_propagation_communities(v, progress=p), "label propagation sweep "),
    ],
)
@pytest.mark.parametrize("large", [False, True])
def test_detectors_report_progress_and_can_be_cancelled(detect, prefix, large):
    # The large graph's first levels move by colour classes on several threads.
    G = nx.gnm_random_graph(20_000, 40_000, seed=3) if large else nx.planted_partition_graph(20, 50, 0.3, 0.01, seed=3)
    view = maillage.from_networkx(G).view()
    calls = []

    def record(stage, done, total):
        calls.append((stage, done, total))

    plain = detect(view, None)
    with_progress = detect(view, record)
    assert with_progress.equals(plain)  # reporting does not change the result
    assert calls and all(stage.startswith(prefix) for stage, _, _ in calls)
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    for stage in stages:  # each stage counts up to its total and ends there
        dones = [d for s, d, _ in calls if s == stage]
        totals = {t for s, _, t in calls if s == stage}
        assert len(totals) == 1 and dones == sorted(dones) and dones[-1] == totals.pop()
    assert calls[0][2] == view.number_of_nodes()  # the first level or sweep visits every node

    def cancel(stage, done, total):
        if done > 0:
            raise maillage.Cancelled("stopped")

    with pytest.raises(maillage.Cancelled, match="stopped"):
        detect(view, cancel)


def test_louvain_runs_again_from_its_partition_and_beats_one_run_and_igraph():
    """Later runs start from the last partition at the level of the nodes: never a lower modularity
    than one run (each seed), and above igraph's Louvain (one run, its own random order) on a
    Barabási–Albert graph, median over seeds; `max_iterations=1` is one run."""
    ig = pytest.importorskip("igraph")
    import random
    import statistics

    random.seed(7)  # igraph's Python generator
    H = ig.Graph.Barabasi(3000, 5)
    edges = pd.DataFrame(H.get_edgelist(), columns=["source", "target"]).astype(str)
    view = maillage.Graph.from_frames(None, edges, create_missing_nodes=True).view()
    ours, single = [], []
    for seed in range(5):
        runs = maillage.louvain_communities(view, seed=seed)
        one = maillage.louvain_communities(view, seed=seed, max_iterations=1)
        assert runs.attrs["modularity"] >= one.attrs["modularity"] - 1e-12
        assert runs.attrs["levels"] >= one.attrs["levels"]
        # The reported modularity is the partition's, by an independent computation.
        G = nx.Graph(H.get_edgelist())
        parts = [set(int(k) for k in runs.index[runs == c]) for c in sorted(runs.unique())]
        assert runs.attrs["modularity"] == pytest.approx(nx.community.modularity(G, parts), abs=1e-12)
        ours.append(runs.attrs["modularity"])
        single.append(one.attrs["modularity"])
    theirs = [H.community_multilevel().modularity for _ in range(5)]
    assert statistics.median(ours) > statistics.median(single)
    assert statistics.median(ours) >= statistics.median(theirs)
    with pytest.raises(maillage.InvalidInput, match="max_iterations"):
        maillage.louvain_communities(view, max_iterations=0)
    with pytest.raises(maillage.InvalidInput, match="tolerance"):
        maillage.louvain_communities(view, tolerance=-1.0)
