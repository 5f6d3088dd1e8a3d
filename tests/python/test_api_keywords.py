"""The native API without traps: optional parameters keyword-only, the k= hint, seed=None,
weight_kind= for NetworkX's distance semantics, two-attribute numeric assortativity."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import raises_naming

nx = pytest.importorskip("networkx")

# Functions and how many leading parameters stay positional (the graph, then a partition,
# attribute, statistic or focus).
POSITIONAL = {
    "degree": 1, "strength": 1, "degree_centrality": 1, "betweenness_centrality": 1,
    "edge_betweenness_centrality": 1, "closeness_centrality": 1, "harmonic_centrality": 1,
    "eigenvector_centrality": 1, "pagerank": 1, "katz_centrality": 1, "louvain_communities": 1,
    "leiden_communities": 1, "label_propagation_communities": 1, "modularity": 2,
    "bipartite_projection": 1, "disparity_backbone": 1, "clustering": 1, "core_number": 1,
    "transitivity": 1, "shortest_path_lengths": 2, "ego_view": 2, "structural_holes": 1,
    "constraint": 1, "effective_size": 1, "efficiency": 1, "hierarchy": 1, "ei_index": 2,
    "ei_index_expected": 2, "attribute_assortativity": 2, "numeric_assortativity": 2, "brokerage": 2,
    "brokerage_totals": 2, "brokerage_permutation_test": 2, "significance": 2, "rewire": 1,
    "configuration_model": 1, "connected_components": 1, "strongly_connected_components": 1,
    "normalized_mutual_info": 2, "adjusted_rand_index": 2, "degree_assortativity": 1,
}


@pytest.mark.parametrize("name", sorted(POSITIONAL))
def test_optional_parameters_are_keyword_only(name):
    parameters = list(inspect.signature(getattr(maillage, name)).parameters.values())
    positional = [p for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert len(positional) == POSITIONAL[name], [p.name for p in positional]
    for p in parameters[len(positional):]:
        assert p.kind is inspect.Parameter.KEYWORD_ONLY, p.name
    # the positional ones are required, but for shortest_path_lengths' source (a focus)
    for p in positional[1:]:
        assert p.default is inspect.Parameter.empty or (name, p.name) == ("shortest_path_lengths", "source")


def test_the_networkx_positional_k_is_a_type_error_naming_k():
    g = maillage.Graph.from_frames(None, pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}))
    for f in (maillage.betweenness_centrality, maillage.edge_betweenness_centrality):
        with raises_naming(TypeError, "k=", "keyword-only"):
            f(g, 10)
    with pytest.raises(TypeError):
        maillage.pagerank(g, 0.9)


def _karate():
    G = nx.karate_club_graph()
    for u, v, d in G.edges(data=True):
        d["weight"] = float(d["weight"])
    return G, maillage.from_networkx(G)


def test_seed_none_draws_and_reports_the_seed():
    _, g = _karate()
    a = maillage.betweenness_centrality(g, k=10, seed=None)
    b = maillage.betweenness_centrality(g, k=10, seed=None)
    assert a.attrs["seed"] != b.attrs["seed"]  # 64-bit draws: equal with probability 2**-64
    again = maillage.betweenness_centrality(g, k=10, seed=a.attrs["seed"])
    pd.testing.assert_series_equal(again, a)
    assert maillage.betweenness_centrality(g, k=10).attrs["seed"] == 0  # the default stays 0
    labels = maillage.louvain_communities(g, seed=None)
    pd.testing.assert_series_equal(maillage.louvain_communities(g, seed=labels.attrs["seed"]), labels)
    with raises_naming(maillage.InvalidInput, "seed", "None"):
        maillage.rewire(g, seed=None)


def test_weight_kind_distance_is_networkx_semantics():
    G, g = _karate()
    got = maillage.betweenness_centrality(g, weight="weight", weight_kind="distance")
    expected = nx.betweenness_centrality(G, weight="weight")
    assert np.allclose([got[str(u)] for u in G], [expected[u] for u in G], rtol=1e-10, atol=1e-12)
    got = maillage.closeness_centrality(g, weight="weight", weight_kind="distance")
    expected = nx.closeness_centrality(G, distance="weight")
    assert np.allclose([got[str(u)] for u in G], [expected[u] for u in G], rtol=1e-10)
    got = maillage.shortest_path_lengths(g, "0", weight="weight", weight_kind="distance")
    expected = nx.single_source_dijkstra_path_length(G, 0, weight="weight")
    assert np.allclose([got[str(u)] for u in G], [expected[u] for u in G])
    # the default reads weights as strengths: a path's length is Σ 1/w
    inverse = G.copy()
    for u, v, d in inverse.edges(data=True):
        d["inv"] = 1.0 / d["weight"]
    got = maillage.harmonic_centrality(g, weight="weight")
    expected = nx.harmonic_centrality(inverse, distance="inv")
    assert np.allclose([got[str(u)] for u in G], [expected[u] for u in G], rtol=1e-10)
    with raises_naming(maillage.InvalidInput, "weight_kind", "'length'"):
        maillage.closeness_centrality(g, weight="weight", weight_kind="length")
    with raises_naming(maillage.InvalidInput, "weight_kind='distance'"):
        maillage.closeness_centrality(g.view(weight="weight"), weight_kind="distance")


def test_numeric_assortativity_source_and_target_attributes():
    G = nx.gnp_random_graph(60, 0.07, seed=11, directed=True)
    g = maillage.from_networkx(G)
    v = g.view()
    out_degree = maillage.degree(v, direction="out")
    in_degree = maillage.degree(v, direction="in")
    got = maillage.numeric_assortativity(v, out_degree, target=in_degree)
    assert got == pytest.approx(nx.degree_assortativity_coefficient(G), abs=1e-12)  # x="out", y="in"
    got = maillage.numeric_assortativity(v, in_degree, target=out_degree)
    assert got == pytest.approx(nx.degree_assortativity_coefficient(G, x="in", y="out"), abs=1e-12)
    # one attribute at both ends is the single-attribute coefficient
    U = nx.gnp_random_graph(50, 0.1, seed=12)
    u = maillage.from_networkx(U).view()
    d = maillage.degree(u)
    assert maillage.numeric_assortativity(u, d, target=d) == pytest.approx(
        nx.degree_assortativity_coefficient(U), abs=1e-12
    )
    # a node without a value leaves its arcs out and is counted
    partial = in_degree.astype(float)
    partial.iloc[0] = np.nan
    r = maillage.numeric_assortativity(v, out_degree, target=partial)
    lost = G.in_degree(0)
    assert r.unknown == lost


def test_degree_assortativity_matches_networkx():
    D = nx.gnp_random_graph(70, 0.06, seed=13, directed=True)
    D.add_edge(3, 3)
    U = nx.gnp_random_graph(60, 0.08, seed=14)
    U.add_edge(5, 5)
    for G in (D, U):
        for u, v, d in G.edges(data=True):
            d["weight"] = float((u * 7 + v) % 5 + 1)
        g = maillage.from_networkx(G)
        assert maillage.degree_assortativity(g) == pytest.approx(nx.degree_assortativity_coefficient(G), abs=1e-12)
        assert maillage.degree_assortativity(g, weight="weight") == pytest.approx(
            nx.degree_assortativity_coefficient(G, weight="weight"), abs=1e-12
        )
        for x in ("in", "out"):
            for y in ("in", "out"):
                assert maillage.degree_assortativity(g, x=x, y=y) == pytest.approx(
                    nx.degree_assortativity_coefficient(G, x=x, y=y), abs=1e-12
                )
    with raises_naming(maillage.InvalidInput, "'sideways'"):
        maillage.degree_assortativity(g, x="sideways")


def test_every_weight_docstring_states_its_semantics():
    seen = 0
    for name in maillage.__all__:
        f = getattr(maillage, name)
        if not callable(f) or inspect.isclass(f):
            continue
        try:
            parameters = inspect.signature(f).parameters
        except (TypeError, ValueError):
            continue
        if "weight" in parameters:
            seen += 1
            doc = f.__doc__ or ""
            assert "strength" in doc and ("distance" in doc or "1/w" in doc), name
    assert seen >= 20
