"""disparity_backbone: p-values against the closed form (1 − w/s)^(k − 1) computed here from the
edge list (undirected, directed), the kept flag, and the backbone View."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import raises_naming


def closed_form(w, s, k):
    return 1.0 if k <= 1 else (1 - w / s) ** (k - 1)


@pytest.mark.parametrize("seed", range(4))
def test_undirected_p_values_equal_the_formula(seed):
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(60, 200, seed=seed)
    for u, v, d in G.edges(data=True):
        d["weight"] = float(rng.choice([0.5, 1, 2, 8, 30]))
    g = maillage.from_networkx(G)
    edges, backbone = maillage.disparity_backbone(g, alpha=0.1)
    s = dict(G.degree(weight="weight"))
    k = dict(G.degree())
    for row in edges.itertuples():
        u, v = int(row.source), int(row.target)
        w = G[u][v]["weight"]
        assert row.weight == w
        assert row.p_source == pytest.approx(closed_form(w, s[u], k[u]), rel=1e-12)
        assert row.p_target == pytest.approx(closed_form(w, s[v], k[v]), rel=1e-12)
        assert row.p_value == min(row.p_source, row.p_target)
        assert row.kept == (row.p_value < 0.1)
    assert backbone.number_of_nodes() == G.number_of_nodes()
    assert backbone.number_of_edges() == int(edges["kept"].sum())
    kept = {frozenset((a, b)) for a, b in zip(edges["source"][edges["kept"]], edges["target"][edges["kept"]])}
    assert {frozenset((a, b)) for a, b in zip(backbone.edges_frame()["source"], backbone.edges_frame()["target"])} == kept
    assert backbone.weighted


def test_directed_p_values_use_out_and_in_strengths():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 5), ("a", "c", 1), ("a", "d", 1), ("c", "b", 1), ("d", "b", 2), ("b", "a", 1)])
    g = maillage.from_networkx(G)
    edges, backbone = maillage.disparity_backbone(g, alpha=0.3)
    assert backbone.directed
    out_s, in_s = dict(G.out_degree(weight="weight")), dict(G.in_degree(weight="weight"))
    out_k, in_k = dict(G.out_degree()), dict(G.in_degree())
    for row in edges.itertuples():
        w = G[row.source][row.target]["weight"]
        assert row.p_source == pytest.approx(closed_form(w, out_s[row.source], out_k[row.source]))
        assert row.p_target == pytest.approx(closed_form(w, in_s[row.target], in_k[row.target]))
    ab = edges[(edges["source"] == "a") & (edges["target"] == "b")].iloc[0]
    assert ab["p_source"] == pytest.approx((1 - 5 / 7) ** 2)


def test_hand_case_and_errors():
    nodes = pd.DataFrame({"key": ["hub", "x", "y", "z"], "kind": "organisation"})
    edges = pd.DataFrame({"source": ["hub", "hub", "hub"], "target": ["x", "y", "z"], "weight": [10.0, 1.0, 1.0]})
    g = maillage.Graph.from_frames(nodes, edges)
    frame, backbone = maillage.disparity_backbone(g, alpha=0.05)
    # hub: s = 12, k = 3 → p(hub–x) = (1 − 10/12)² = 1/36 < 0.05; leaves have k = 1 → 1.
    assert frame.loc[frame["target"] == "x", "p_value"].iloc[0] == pytest.approx(1 / 36)
    assert list(frame["kept"]) == [True, False, False]
    assert set(backbone.nodes) == {"hub", "x", "y", "z"}
    assert backbone.graph.nodes_frame()["kind"].eq("organisation").all()
    with raises_naming(maillage.InvalidInput, "alpha"):
        maillage.disparity_backbone(g, alpha=1.5)
