"""Shortest-path lengths and ego views against NetworkX."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from centrality_cases import FAMILIES, make, oracle, to_maillage
from helpers import raises_naming

SHAPES = [(f, s, d) for f in FAMILIES for s in (1, 2) for d in (False, True)]


def _expected_row(lengths: dict, nodes) -> np.ndarray:
    return np.array([float(lengths.get(int(k), math.inf)) for k in nodes])


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_shortest_path_lengths(family, seed, directed, weighted):
    G = make(family, seed, directed, multi=True, weights="int" if weighted else None)
    g = to_maillage(G)
    if weighted:
        v, S = g.view(weight="weight", weight_kind="distance"), oracle(G, "min")
        single = lambda s: nx.single_source_dijkstra_path_length(S, s, weight="weight")  # noqa: E731
    else:
        v, S = g.view(), oracle(G)
        single = lambda s: nx.single_source_shortest_path_length(S, s)  # noqa: E731
    nodes = v.nodes
    matrix = maillage.shortest_path_lengths(v)
    assert isinstance(matrix, pd.DataFrame)
    assert list(matrix.index) == nodes and list(matrix.columns) == nodes
    assert matrix.index.name == "source" and matrix.columns.name == "target"
    for key in nodes[::4]:
        expected = _expected_row(single(int(key)), nodes)
        row = maillage.shortest_path_lengths(v, key)
        assert row.name == "distance" and list(row.index) == nodes
        np.testing.assert_array_equal(row.to_numpy(), expected)  # integer sums: exact
        np.testing.assert_array_equal(matrix.loc[key].to_numpy(), expected)


def test_strength_weights_are_inverted_and_unknown_sources_named():
    G = make("ba", 3, False, weights="pow2")
    g = to_maillage(G)
    S = oracle(G)
    for _, _, d in S.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    row = maillage.shortest_path_lengths(g, "0", weight="weight")
    expected = nx.single_source_dijkstra_path_length(S, 0, weight="distance")
    np.testing.assert_array_equal(row.to_numpy(), _expected_row(expected, row.index))
    with raises_naming(maillage.NotFound, "'nope'"):
        maillage.shortest_path_lengths(g, "nope")


def test_all_pairs_limit():
    assert maillage._paths.ALL_PAIRS_MAX_NODES == 10_000
    keys = [f"n{i}" for i in range(10_001)]
    g = maillage.Graph.from_frames(pd.DataFrame({"key": keys}), None, progress=False)
    with raises_naming(maillage.InvalidInput, "10001 nodes", "10000"):
        maillage.shortest_path_lengths(g)


@pytest.mark.parametrize("family, seed, directed", SHAPES)
@pytest.mark.parametrize("radius", [0, 1, 2])
def test_ego_view(family, seed, directed, radius):
    G = make(family, seed, directed, multi=True)
    g = to_maillage(G)
    S = oracle(G)
    for node in list(S)[::7]:
        for undirected in (False, True):
            ego = maillage.ego_view(g, str(node), radius=radius, undirected=undirected)
            assert isinstance(ego, maillage.View)
            expected = nx.ego_graph(S, node, radius=radius, undirected=undirected)
            assert set(ego.nodes) == {str(x) for x in expected}
            assert ego.directed == directed
            assert ego.number_of_edges() == expected.number_of_edges()
        outer = maillage.ego_view(g, str(node), radius=radius, center=False)
        assert str(node) not in outer
    with raises_naming(maillage.NotFound, "'nope'"):
        maillage.ego_view(g, "nope")
    with raises_naming(maillage.InvalidInput, "radius"):
        maillage.ego_view(g, str(node), radius=-1)
