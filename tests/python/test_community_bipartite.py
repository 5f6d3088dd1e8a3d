"""bipartite_projection against NetworkX's bipartite projections (multigraph counts, Newman's
collaboration weights, Jaccard and overlap) on random two-mode graphs; attributes kept, the
threshold, the default projected side, and errors."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from networkx.algorithms import bipartite

import maillage
from helpers import raises_naming


def two_mode(seed, actors=40, events=15, p=0.15):
    """A random actors × events graph as NetworkX (actors 'a<i>', events 'e<j>') and maillage."""
    B = bipartite.random_graph(actors, events, p, seed=seed)
    name = {v: (f"a{v}" if v < actors else f"e{v - actors}") for v in B}
    B = nx.relabel_nodes(B, name)
    nodes = pd.DataFrame(
        {
            "key": list(B),
            "kind": ["person" if k.startswith("a") else "event" for k in B],
            "scale": ["commune" if k.startswith("a") else None for k in B],
            "family": ["elu" if k.startswith("a") and int(k[1:]) % 2 else ("agent" if k.startswith("a") else None) for k in B],
        }
    )
    edges = pd.DataFrame({"source": [u if u.startswith("a") else v for u, v in B.edges()],
                          "target": [v if u.startswith("a") else u for u, v in B.edges()],
                          "relation": "participates_in"})
    g = maillage.Graph.from_frames(nodes, edges)
    return B, g, [k for k in B if k.startswith("a")]


def weights_of(p: maillage.Graph) -> dict:
    ef = p.edges_frame()
    assert set(ef["relation"]) <= {"co_participates"}
    return {frozenset((s, t)): w for s, t, w in zip(ef["source"], ef["target"], ef["weight"])}


@pytest.mark.parametrize("seed", range(5))
def test_counts_equal_networkx_multigraph_projection(seed):
    B, g, actors = two_mode(seed)
    expected_graph = bipartite.projected_graph(B, actors, multigraph=True)
    expected = {frozenset((u, v)): expected_graph.number_of_edges(u, v) for u, v in set(map(tuple, map(sorted, expected_graph.edges())))}
    p = maillage.bipartite_projection(g, kind="person")
    assert weights_of(p) == pytest.approx(expected)
    assert sorted(p.nodes) == sorted(actors)  # isolated actors kept
    shared = {frozenset((s, t)): c for s, t, c in zip(*(p.edges_frame()[c] for c in ("source", "target", "shared")))}
    assert shared == expected


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    "weighting, project",
    [
        ("newman", lambda B, nodes: bipartite.collaboration_weighted_projected_graph(B, nodes)),
        ("jaccard", lambda B, nodes: bipartite.overlap_weighted_projected_graph(B, nodes, jaccard=True)),
        ("overlap", lambda B, nodes: bipartite.overlap_weighted_projected_graph(B, nodes, jaccard=False)),
    ],
)
def test_weightings_equal_networkx(seed, weighting, project):
    B, g, actors = two_mode(seed)
    expected = {frozenset((u, v)): d["weight"] for u, v, d in project(B, actors).edges(data=True)}
    expected = {k: w for k, w in expected.items() if w > 0}  # NetworkX keeps Newman's zero-weight pairs? (never: n_k ≥ 2)
    p = maillage.bipartite_projection(g, kind="person", weighting=weighting)
    assert weights_of(p) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_projection_onto_events_and_threshold_and_threads(seed):
    B, g, actors = two_mode(seed)
    events = [k for k in B if k.startswith("e")]
    expected = {frozenset((u, v)): d["weight"] for u, v, d in bipartite.weighted_projected_graph(B, events).edges(data=True)}
    p = maillage.bipartite_projection(g, kind="event")
    assert weights_of(p) == pytest.approx(expected)
    kept = maillage.bipartite_projection(g, kind="event", min_weight=2, threads=1)
    assert weights_of(kept) == pytest.approx({k: w for k, w in expected.items() if w >= 2})
    many = maillage.bipartite_projection(g, kind="event", min_weight=2, threads=4)
    pd.testing.assert_frame_equal(kept.edges_frame(), many.edges_frame())


def test_attributes_kept_and_kernels_run_on_the_projection():
    B, g, actors = two_mode(1)
    p = maillage.bipartite_projection(g)  # default: the sources of participates_in
    assert sorted(p.nodes) == sorted(k for k in actors if B.degree(k) > 0)
    nf, gf = p.nodes_frame(), g.nodes_frame()
    for column in ("kind", "scale", "family"):
        assert list(nf[column]) == list(gf.loc[nf.index, column])
    labels = maillage.louvain_communities(p, weight="weight")
    assert len(labels) == p.number_of_nodes()
    view = p.view(weight="weight")
    assert not view.directed


def test_duplicate_participation_counts_once_and_nodes_order():
    nodes = pd.DataFrame({"key": ["x", "y", "z", "e1", "e2"], "kind": ["person"] * 3 + ["event"] * 2})
    edges = pd.DataFrame(
        {
            "source": ["x", "x", "y", "z", "y", "x"],
            "target": ["e1", "e1", "e1", "e1", "e2", "e2"],
            "relation": "participates_in",
        }
    )
    g = maillage.Graph.from_frames(nodes, edges)
    p = maillage.bipartite_projection(g, nodes=["z", "y", "x"], weighting="newman")
    assert p.nodes == ["z", "y", "x"]
    # e1 has 3 members (x twice counts once): 1/2 per pair; e2 has x, y: 1.
    assert weights_of(p) == pytest.approx({frozenset("xy"): 1.5, frozenset("xz"): 0.5, frozenset("yz"): 0.5})


def test_errors():
    _, g, _ = two_mode(0)
    with raises_naming(maillage.InvalidInput, "weighting", "'cosine'"):
        maillage.bipartite_projection(g, kind="person", weighting="cosine")
    with raises_naming(maillage.InvalidInput, "'robot'"):
        maillage.bipartite_projection(g, kind="robot")
    with raises_naming(maillage.NotFound, "'nobody'"):
        maillage.bipartite_projection(g, nodes=["a1", "nobody"])
    with raises_naming(maillage.InvalidInput, "not both"):
        maillage.bipartite_projection(g, nodes=["a1"], kind="person")
    with raises_naming(maillage.InvalidInput, "'attends'"):
        maillage.bipartite_projection(g, kind="person", relations="attends")
    with raises_naming(maillage.InvalidInput, "undirected", "'cooperates_with'"):
        maillage.bipartite_projection(g, relations="cooperates_with")
    with raises_naming(maillage.InvalidInput, "min_weight"):
        maillage.bipartite_projection(g, kind="person", min_weight=-1)
