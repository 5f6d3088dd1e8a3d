"""Core numbers, clustering, transitivity and components against NetworkX on random graphs of
several families, with isolated nodes, self-loops and parallel edges."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from centrality_cases import FAMILIES, assert_close, make, oracle, to_maillage
from helpers import raises_naming

SEEDS = (1, 2, 3, 4)
SHAPES = [(f, s, d) for f in FAMILIES for s in SEEDS for d in (False, True)]


@pytest.mark.parametrize("family, seed, directed", SHAPES)
def test_core_number(family, seed, directed):
    G = make(family, seed, directed, multi=True)
    S = oracle(G)
    S.remove_edges_from(list(nx.selfloop_edges(S)))  # NetworkX refuses self-loops; maillage ignores them
    ours = maillage.core_number(to_maillage(G))
    assert ours.dtype == np.int64 and ours.name == "core_number"
    assert_close(ours, nx.core_number(S), 0)


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_clustering(family, seed, directed, weighted):
    G = make(family, seed, directed, multi=True, weights="int" if weighted else None)
    S = oracle(G, "sum")
    w = "weight" if weighted else None
    assert_close(maillage.clustering(to_maillage(G), weight=w), nx.clustering(S, weight=w), 1e-12)


@pytest.mark.parametrize("family, seed", [(f, s) for f in FAMILIES for s in SEEDS])
def test_transitivity(family, seed):
    G = make(family, seed, False, multi=True)
    ours = maillage.transitivity(to_maillage(G))
    assert isinstance(ours, float)
    assert ours == nx.transitivity(oracle(G))  # exact integer counts on both sides


def test_transitivity_refuses_directed_views():
    g = to_maillage(make("gnp", 1, True))
    with raises_naming(maillage.InvalidInput, "undirected"):
        maillage.transitivity(g)
    assert maillage.transitivity(g.view(directed=False)) == nx.transitivity(nx.Graph(oracle(make("gnp", 1, True))))


def _check_numbering(series: pd.Series, parts) -> None:
    """Labels give the same partition as `parts`, numbered by decreasing size then smallest key."""
    parts = [sorted(str(x) for x in p) for p in parts]
    parts.sort(key=lambda p: (-len(p), p[0]))
    for label, members in enumerate(parts):
        assert set(series[series == label].index) == set(members)
    assert series.max() + 1 == len(parts)


@pytest.mark.parametrize("family, seed, directed", SHAPES)
def test_components_and_strong_components(family, seed, directed):
    G = make(family, seed, directed, multi=True)
    g = to_maillage(G)
    scc = maillage.strongly_connected_components(g)
    assert scc.name == "component" and scc.dtype == np.int64
    if directed:
        _check_numbering(scc, nx.strongly_connected_components(G))
        _check_numbering(maillage.connected_components(g), nx.weakly_connected_components(G))
    else:
        _check_numbering(scc, nx.connected_components(G))
        pd.testing.assert_series_equal(scc, maillage.connected_components(g))


def test_clustering_of_a_large_graph_matches_networkx():
    # Above the parallel threshold: triangle counting on the degree-ordered orientation.
    G = nx.powerlaw_cluster_graph(3000, 4, 0.3, seed=2)
    g = to_maillage(G)
    assert_close(maillage.clustering(g, threads=2), nx.clustering(G), 1e-12)
    assert maillage.transitivity(g) == nx.transitivity(G)


def test_core_number_of_a_large_graph_matches_networkx():
    # Above the parallel threshold: level-synchronous peeling on two threads.
    G = nx.powerlaw_cluster_graph(20000, 6, 0.2, seed=4)
    g = to_maillage(G)
    expected = nx.core_number(G)
    assert_close(maillage.core_number(g, threads=2), expected, 0)
    assert_close(maillage.core_number(g, threads=1), expected, 0)
