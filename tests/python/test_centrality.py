"""Centralities against NetworkX on random graphs of several families (G(n, p), Barabási–Albert,
planted partition), weighted and not, directed and not, with isolated nodes, self-loops and
parallel edges; plus the Python conventions (weights, results, seeds, threads, progress)."""

from __future__ import annotations

import random
import threading
import time

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from centrality_cases import FAMILIES, assert_close, by_key, make, oracle, to_maillage
from helpers import raises_naming
from maillage import _core

SEEDS = (1, 2, 3)
SHAPES = [(f, s, d) for f in FAMILIES for s in SEEDS for d in (False, True)]


# ---------------------------------------------------------------------------- degrees


@pytest.mark.parametrize("family, seed, directed", SHAPES)
def test_degree_strength_and_degree_centrality(family, seed, directed):
    G = make(family, seed, directed, multi=True, weights="int")
    g = to_maillage(G)
    S = oracle(G, "sum")
    assert_close(maillage.degree(g), dict(S.degree()), 0)
    assert maillage.degree(g).dtype == np.int64
    assert_close(maillage.strength(g, weight="weight"), dict(S.degree(weight="weight")), 1e-12)
    assert_close(maillage.degree_centrality(g), nx.degree_centrality(S), 1e-15)
    if directed:
        assert_close(maillage.degree(g, direction="in"), dict(S.in_degree()), 0)
        assert_close(maillage.degree(g, direction="out"), dict(S.out_degree()), 0)
        assert_close(maillage.strength(g, direction="in", weight="weight"), dict(S.in_degree(weight="weight")), 1e-12)
        assert_close(maillage.degree_centrality(g, direction="in"), nx.in_degree_centrality(S), 1e-15)
        assert_close(maillage.degree_centrality(g, direction="out"), nx.out_degree_centrality(S), 1e-15)
    # strength on a distance view is Σ 1/w
    v = g.view(weight="weight", weight_kind="distance")
    D = oracle(G, "min")
    for u, x, d in D.edges(data=True):
        d["inv"] = 1.0 / d["weight"]
    assert_close(maillage.strength(v), dict(D.degree(weight="inv")), 1e-12)


def test_degree_direction_is_checked():
    g = to_maillage(make("gnp", 1, True))
    with raises_naming(maillage.InvalidInput, "'sideways'"):
        maillage.degree(g, direction="sideways")


# ---------------------------------------------------------------------------- betweenness


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("normalized, endpoints", [(True, False), (False, False), (True, True), (False, True)])
def test_betweenness_unweighted(family, seed, directed, normalized, endpoints):
    G = make(family, seed, directed, multi=True)
    g = to_maillage(G)
    expected = nx.betweenness_centrality(oracle(G), normalized=normalized, endpoints=endpoints)
    assert_close(maillage.betweenness_centrality(g, normalized=normalized, endpoints=endpoints), expected)


@pytest.mark.parametrize("family, seed, directed", SHAPES)
def test_betweenness_weighted_distances(family, seed, directed):
    G = make(family, seed, directed, multi=True, weights="int")
    v = to_maillage(G).view(weight="weight", weight_kind="distance")
    S = oracle(G, "min")
    assert_close(maillage.betweenness_centrality(v), nx.betweenness_centrality(S, weight="weight"))
    assert_close(
        maillage.betweenness_centrality(v, normalized=False, endpoints=True),
        nx.betweenness_centrality(S, weight="weight", normalized=False, endpoints=True),
    )


@pytest.mark.parametrize("family, seed, directed", SHAPES[::2])
def test_betweenness_weighted_strengths_are_inverted(family, seed, directed):
    G = make(family, seed, directed, weights="pow2")
    g = to_maillage(G)
    S = oracle(G, "sum")
    for _, _, d in S.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    assert_close(maillage.betweenness_centrality(g, weight="weight"), nx.betweenness_centrality(S, weight="distance"))
    assert_close(maillage.closeness_centrality(g, weight="weight"), nx.closeness_centrality(S, distance="distance"))


class _Fixed(random.Random):
    """A random.Random whose sample() returns given nodes: NetworkX's scaling on our sample."""

    def __init__(self, nodes):
        super().__init__(0)
        self.nodes = nodes

    def sample(self, population, k):  # noqa: D102
        assert k == len(self.nodes)
        return list(self.nodes)


@pytest.mark.parametrize("family, seed, directed", SHAPES[::2])
@pytest.mark.parametrize("normalized, endpoints", [(True, False), (False, False), (True, True)])
def test_sampled_betweenness_scales_as_networkx(family, seed, directed, normalized, endpoints):
    G = make(family, seed, directed)
    g = to_maillage(G)
    v = g.view()
    k = max(2, v.number_of_nodes() // 3)
    values, sources = _core.betweenness_centrality(v._v, normalized, endpoints, k, 7, 0, None)
    assert len(sources) == k and len(set(sources.tolist())) == k
    chosen = [int(v.nodes[i]) for i in sources]
    expected = nx.betweenness_centrality(
        oracle(G), k=k, normalized=normalized, endpoints=endpoints, seed=_Fixed(chosen)
    )
    ours = maillage.betweenness_centrality(g, k=k, seed=7, normalized=normalized, endpoints=endpoints)
    np.testing.assert_array_equal(ours.to_numpy(), values)
    assert_close(ours, expected)
    edge = maillage.edge_betweenness_centrality(g, k=k, seed=7, normalized=normalized)
    expected_edges = nx.edge_betweenness_centrality(oracle(G), k=k, normalized=normalized, seed=_Fixed(chosen))
    _check_edges(edge, expected_edges, directed)


def test_sampled_betweenness_is_seeded_and_k_is_checked():
    g = to_maillage(make("ba", 4, False))
    a = maillage.betweenness_centrality(g, k=10, seed=3)
    pd.testing.assert_series_equal(a, maillage.betweenness_centrality(g, k=10, seed=3))
    assert not a.equals(maillage.betweenness_centrality(g, k=10, seed=4))
    n = g.number_of_nodes()
    pd.testing.assert_series_equal(
        maillage.betweenness_centrality(g, k=n), maillage.betweenness_centrality(g), rtol=1e-12, atol=1e-15
    )
    with raises_naming(maillage.InvalidInput, "k=0"):
        maillage.betweenness_centrality(g, k=0)
    with raises_naming(maillage.InvalidInput, f"k={n + 1}"):
        maillage.betweenness_centrality(g, k=n + 1)
    with raises_naming(maillage.InvalidInput, "seed"):
        maillage.betweenness_centrality(g, k=3, seed=-1)
    with raises_naming(maillage.InvalidInput, "k must be"):
        maillage.betweenness_centrality(g, k=2.5)


def _check_edges(frame, expected, directed, tol=1e-9):
    assert list(frame.columns) == ["source", "target", "edge_betweenness_centrality"]
    assert frame.index.name == "edge"
    got = {}
    for s, t, x in zip(frame["source"], frame["target"], frame["edge_betweenness_centrality"]):
        key = (s, t) if directed else frozenset((s, t))
        got[key] = x
    want = {}
    for (u, v), x in expected.items():
        key = (str(u), str(v)) if directed else frozenset((str(u), str(v)))
        want[key] = x
    assert set(got) == set(want)
    worst = max((abs(got[e] - want[e]) for e in want), default=0.0)
    assert worst <= tol, worst


@pytest.mark.parametrize("family, seed, directed", SHAPES)
def test_edge_betweenness(family, seed, directed):
    G = make(family, seed, directed, multi=True, weights="int")
    g = to_maillage(G)
    _check_edges(maillage.edge_betweenness_centrality(g), nx.edge_betweenness_centrality(oracle(G)), directed)
    _check_edges(
        maillage.edge_betweenness_centrality(g, normalized=False),
        nx.edge_betweenness_centrality(oracle(G), normalized=False),
        directed,
    )
    v = g.view(weight="weight", weight_kind="distance")
    _check_edges(
        maillage.edge_betweenness_centrality(v), nx.edge_betweenness_centrality(oracle(G, "min"), weight="weight"), directed
    )
    frame = maillage.edge_betweenness_centrality(v)
    ef = v.edges_frame()
    assert frame.index.equals(ef.index)
    assert (frame["source"] == ef["source"]).all() and (frame["target"] == ef["target"]).all()


# ---------------------------------------------------------------------------- closeness, harmonic


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_closeness_and_harmonic(family, seed, directed, weighted):
    G = make(family, seed, directed, multi=True, weights="int" if weighted else None)
    g = to_maillage(G)
    if weighted:
        v, S, dist = g.view(weight="weight", weight_kind="distance"), oracle(G, "min"), "weight"
    else:
        v, S, dist = g.view(), oracle(G), None
    assert_close(maillage.closeness_centrality(v), nx.closeness_centrality(S, distance=dist))
    assert_close(
        maillage.closeness_centrality(v, wf_improved=False), nx.closeness_centrality(S, distance=dist, wf_improved=False)
    )
    assert_close(maillage.harmonic_centrality(v), nx.harmonic_centrality(S, distance=dist))


def test_closeness_on_more_than_one_batch_of_sources():
    # 64 searches run at once: graphs above 64 nodes use several batches.
    G = nx.gnp_random_graph(300, 0.012, seed=5, directed=True)
    g = to_maillage(G)
    assert_close(maillage.closeness_centrality(g), nx.closeness_centrality(G))
    assert_close(maillage.harmonic_centrality(g), nx.harmonic_centrality(G))


# ---------------------------------------------------------------------------- spectral


def _connected(G):
    """The largest (strongly) connected part, self-loops and parallel edges kept."""
    parts = nx.strongly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    return G.subgraph(max(parts, key=len)).copy()


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_eigenvector_on_connected_graphs(family, seed, directed, weighted):
    G = _connected(make(family, seed, directed, multi=True, weights="int" if weighted else None))
    if G.number_of_nodes() < 3:
        pytest.skip("no sizeable connected part")
    g = to_maillage(G)
    S = oracle(G, "sum")
    w = "weight" if weighted else None
    ours = maillage.eigenvector_centrality(g, weight=w, tol=1e-13, max_iter=100000)
    assert_close(ours, nx.eigenvector_centrality(S, weight=w, tol=1e-13, max_iter=100000))
    exact = nx.eigenvector_centrality_numpy(S, weight=w)
    assert_close(ours, exact, 1e-6)  # the iteration stops at Σ|Δx| < n·tol, not at the exact vector


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_pagerank(family, seed, directed, weighted):
    G = make(family, seed, directed, multi=True, weights="int" if weighted else None)
    g = to_maillage(G)
    S = oracle(G, "sum")
    w = "weight" if weighted else None
    assert_close(maillage.pagerank(g, weight=w, tol=1e-13, max_iter=1000), nx.pagerank(S, weight=w, tol=1e-13, max_iter=1000))
    assert_close(
        maillage.pagerank(g, alpha=0.6, weight=w, tol=1e-13, max_iter=1000),
        nx.pagerank(S, alpha=0.6, weight=w, tol=1e-13, max_iter=1000),
    )
    # An exact solve of the same chain (NetworkX's Google matrix) as an independent oracle.
    nodes = list(S)
    A = nx.to_numpy_array(S, nodelist=nodes, weight=w)
    out = A.sum(axis=1)
    n = len(nodes)
    P = np.where(out[:, None] > 0, A / np.where(out > 0, out, 1)[:, None], 1.0 / n)
    M = 0.85 * P.T + (0.15 / n) * np.ones((n, n))
    vals, vecs = np.linalg.eig(M)
    x = np.real(vecs[:, np.argmax(np.real(vals))])
    x /= x.sum()
    assert_close(maillage.pagerank(g, weight=w, tol=1e-14, max_iter=1000), dict(zip(nodes, x)), 1e-9)


@pytest.mark.parametrize("family, seed, directed", SHAPES[::3])
def test_pagerank_personalization_and_dangling(family, seed, directed):
    G = make(family, seed, directed, multi=True, weights="int")
    g = to_maillage(G)
    S = oracle(G, "sum")
    rng = np.random.default_rng(seed)
    nodes = list(S)
    pers = {u: float(rng.random()) for u in nodes[: len(nodes) // 2]}
    dang = {u: float(rng.random()) for u in nodes[len(nodes) // 3 :]}
    expected = nx.pagerank(S, personalization=pers, dangling=dang, weight="weight", tol=1e-13, max_iter=1000)
    ours = maillage.pagerank(
        g, personalization=by_key(pers), dangling=pd.Series(by_key(dang)), weight="weight", tol=1e-13, max_iter=1000
    )
    assert_close(ours, expected)
    with raises_naming(maillage.NotFound, "'nope'"):
        maillage.pagerank(g, personalization={"nope": 1.0})
    with raises_naming(maillage.InvalidInput, "every value is zero"):
        maillage.pagerank(g, personalization={str(nodes[0]): 0.0})


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_katz(family, seed, directed, weighted):
    G = make(family, seed, directed, multi=True, weights="int" if weighted else None)
    g = to_maillage(G)
    S = oracle(G, "sum")
    w = "weight" if weighted else None
    A = nx.to_numpy_array(S, weight=w)
    alpha = 0.5 / max(1.0, float(np.max(np.abs(np.linalg.eigvals(A)))))
    ours = maillage.katz_centrality(g, alpha=alpha, weight=w, tol=1e-14)
    assert_close(ours, nx.katz_centrality(S, alpha=alpha, weight=w, tol=1e-14, max_iter=10000))
    assert_close(ours, nx.katz_centrality_numpy(S, alpha=alpha, weight=w), 1e-9)
    beta = {u: 1.0 + (i % 3) for i, u in enumerate(S)}
    raw = maillage.katz_centrality(g, alpha=alpha, beta=by_key(beta), weight=w, tol=1e-14, normalized=False)
    assert_close(raw, nx.katz_centrality(S, alpha=alpha, beta=beta, weight=w, tol=1e-14, normalized=False))


def test_katz_beta_must_cover_every_node_and_non_convergence_is_an_error():
    G = nx.path_graph(4)
    g = to_maillage(G)
    with raises_naming(maillage.InvalidInput, "no value for node"):
        maillage.katz_centrality(g, beta={"0": 1.0})
    with raises_naming(maillage.Error, "no convergence"):
        maillage.katz_centrality(g, alpha=2.0)
    with raises_naming(maillage.Error, "no convergence within 1 iterations"):
        maillage.eigenvector_centrality(to_maillage(nx.star_graph(5)), max_iter=1)


# ---------------------------------------------------------------------------- conventions


def test_results_are_series_named_after_the_measure_in_view_order():
    G = make("pp", 2, False, weights="int")
    g = to_maillage(G)
    v = g.view(order="degree", weight="weight")
    for fn, name in [
        (maillage.degree, "degree"),
        (maillage.strength, "strength"),
        (maillage.degree_centrality, "degree_centrality"),
        (maillage.betweenness_centrality, "betweenness_centrality"),
        (maillage.closeness_centrality, "closeness_centrality"),
        (maillage.harmonic_centrality, "harmonic_centrality"),
        (maillage.pagerank, "pagerank"),
        (maillage.katz_centrality, "katz_centrality"),
    ]:
        if fn is maillage.katz_centrality:
            s = fn(v, alpha=0.01)
        else:
            s = fn(v)
        assert isinstance(s, pd.Series)
        assert s.name == name
        assert s.index.name == "key"
        assert list(s.index) == v.nodes


def test_fast_series_equal_the_plain_constructor():
    from maillage import _algorithms

    g = to_maillage(make("ba", 1, False))
    v = g.view()
    for fn in (maillage.degree, maillage.pagerank, maillage.core_number):
        got = fn(v)
        values = got.to_numpy().copy()
        want = _algorithms._plain_series(values, v.key_index(), got.name)
        pd.testing.assert_series_equal(got, want, check_exact=True)
    got[got.index[0]] = 99  # results own their data: writing to one leaves the next call alone
    assert maillage.core_number(v).iloc[0] != 99


def test_weight_on_a_view_must_match():
    g = to_maillage(make("gnp", 3, False, weights="int"))
    v = g.view()
    with raises_naming(maillage.InvalidInput, "weight='weight'"):
        maillage.betweenness_centrality(v, weight="weight")
    w = g.view(weight="weight")
    pd.testing.assert_series_equal(maillage.pagerank(w, weight="weight"), maillage.pagerank(g, weight="weight"))


def test_threads_give_identical_results_and_are_checked():
    G = nx.barabasi_albert_graph(3000, 3, seed=1)
    for u, v, d in G.edges(data=True):
        d["weight"] = float((u * 31 + v * 17) % 7 + 1)
    g = to_maillage(G)
    for w in (None, "weight"):
        v = g.view(weight=w)
        for fn, kw in [
            (maillage.betweenness_centrality, {"k": 200}),
            (maillage.closeness_centrality, {}),
            (maillage.harmonic_centrality, {}),
            (maillage.pagerank, {"tol": 1e-12}),
            (maillage.eigenvector_centrality, {"tol": 1e-10, "max_iter": 1000}),
            (maillage.katz_centrality, {"alpha": 0.01, "tol": 1e-12}),
            (maillage.clustering, {}),
            (maillage.core_number, {}),
        ]:
            one = fn(v, threads=1, **kw).to_numpy()
            for t in (2, 3):
                np.testing.assert_array_equal(fn(v, threads=t, **kw).to_numpy(), one, err_msg=fn.__name__)
        e1 = maillage.edge_betweenness_centrality(v, k=100, threads=1)
        pd.testing.assert_frame_equal(maillage.edge_betweenness_centrality(v, k=100, threads=2), e1, check_exact=True)
    for bad in (0, -1, 1.5, True):
        with raises_naming(maillage.InvalidInput, "threads"):
            maillage.pagerank(g, threads=bad)


def test_progress_and_cancel():
    g = to_maillage(nx.barabasi_albert_graph(3000, 3, seed=2))
    calls = []
    maillage.betweenness_centrality(g, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls and calls[-1] == ("betweenness", 3000, 3000)
    assert [c[1] for c in calls] == sorted(c[1] for c in calls)

    def stop(stage, done, total):
        if done > 0:
            raise maillage.Cancelled("enough")

    with pytest.raises(maillage.Cancelled):
        maillage.betweenness_centrality(g, progress=stop)
    big = to_maillage(nx.barabasi_albert_graph(10000, 3, seed=2))
    seen = []
    maillage.closeness_centrality(big, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[-1] == ("closeness", 157, 157)  # batches of 64 sources
    with pytest.raises(maillage.Cancelled):
        maillage.closeness_centrality(big, progress=stop)
    # Small calls report nothing (each report takes the GIL), and finish.
    quiet = []
    maillage.closeness_centrality(g, progress=lambda *a: quiet.append(a))
    assert quiet == []


def test_the_gil_is_released():
    g = to_maillage(nx.barabasi_albert_graph(4000, 4, seed=3))
    v = g.view()
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    try:
        start = time.perf_counter()
        maillage.betweenness_centrality(v, threads=1)
        end = time.perf_counter()
    finally:
        done.set()
        t.join()
    during = [x for x in ticks if start < x < end]
    assert end - start > 0.05
    assert len(during) >= 5, "the other thread could not run during the call"


def test_empty_and_single_node_graphs():
    empty = maillage.Graph.from_frames(pd.DataFrame({"key": pd.Series([], dtype=object)}), None, progress=False)
    for fn in (
        maillage.betweenness_centrality,
        maillage.closeness_centrality,
        maillage.harmonic_centrality,
        maillage.pagerank,
        maillage.eigenvector_centrality,
        maillage.katz_centrality,
        maillage.degree,
    ):
        assert len(fn(empty)) == 0
    one = maillage.Graph.from_frames(pd.DataFrame({"key": ["solo"]}), None, progress=False)
    assert maillage.betweenness_centrality(one)["solo"] == 0.0
    assert maillage.closeness_centrality(one)["solo"] == 0.0
    assert maillage.pagerank(one)["solo"] == pytest.approx(1.0)
    assert maillage.degree_centrality(one)["solo"] == 1.0
