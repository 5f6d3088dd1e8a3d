"""Cross-checks against NetworkX on random graphs, and the NetworkX conversions."""

from __future__ import annotations

import datetime as dt
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import raises_naming

SEEDS = range(12)


def random_nx(seed: int, directed: bool, multi: bool, weighted: bool = False):
    """A random graph with isolated nodes, self-loops and (for multigraphs) parallel edges."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    m = int(rng.integers(0, 3 * n))
    cls = {(False, False): nx.Graph, (True, False): nx.DiGraph,
           (False, True): nx.MultiGraph, (True, True): nx.MultiDiGraph}[(directed, multi)]
    G = cls()
    G.add_nodes_from(int(x) for x in rng.permutation(n))  # insertion order is not sorted
    for _ in range(m):
        u, v = (int(x) for x in rng.integers(0, n, size=2))
        if rng.random() < 0.05:
            v = u  # self-loop
        attrs = {"weight": float(rng.integers(1, 10))} if weighted else {}
        G.add_edge(u, v, **attrs)
        if multi and rng.random() < 0.2:
            G.add_edge(u, v, **attrs)  # a parallel edge
    return G


def simple(G):
    """G with parallel edges collapsed (NetworkX's own conversion)."""
    return nx.DiGraph(G) if G.is_directed() else nx.Graph(G)


CASES = [(seed, directed, multi) for seed in SEEDS for directed in (False, True) for multi in (False, True)]


@pytest.mark.parametrize("seed, directed, multi", CASES)
def test_view_matches_networkx(seed, directed, multi):
    G = random_nx(seed, directed, multi)
    g = maillage.from_networkx(G)
    assert g.number_of_nodes() == G.number_of_nodes()
    assert g.number_of_edges() == G.number_of_edges()  # parallel edges are kept in the graph
    assert g.nodes == [str(x) for x in G.nodes]
    v = g.view()
    assert v.directed == directed
    assert v.number_of_nodes() == G.number_of_nodes()
    assert v.number_of_edges() == simple(G).number_of_edges()  # ...and collapse in the view
    for node in G.nodes:
        key = str(node)
        if directed:
            assert set(v.neighbors(key)) == {str(x) for x in G.successors(node)}
            assert set(v.predecessors(key)) == {str(x) for x in G.predecessors(node)}
        else:
            assert set(v.neighbors(key)) == {str(x) for x in G.neighbors(node)}
        assert len(v.neighbors(key)) == len(set(v.neighbors(key)))


@pytest.mark.parametrize("seed, directed, multi", CASES[::3])
def test_weighted_adjacency_matches_networkx(seed, directed, multi):
    G = random_nx(seed, directed, multi, weighted=True)
    v = maillage.from_networkx(G).view(weight="weight")
    nodelist = [int(k) for k in v.nodes]
    # NetworkX sums the weights of parallel edges: strengths add up
    expected = nx.to_scipy_sparse_array(G, nodelist=nodelist, weight="weight").toarray()
    np.testing.assert_allclose(v.to_scipy().toarray(), expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_distance_parallel_edges_take_the_minimum(seed):
    G = random_nx(seed, directed=False, multi=True, weighted=True)
    v = maillage.from_networkx(G).view(weight="weight", weight_kind="distance")
    shortest = {}
    for u, w, d in G.edges(data=True):
        pair = frozenset((str(u), str(w)))
        shortest[pair] = min(shortest.get(pair, np.inf), d["weight"])
    ef = v.edges_frame()
    got = {frozenset((s, t)): w for s, t, w in zip(ef["source"], ef["target"], ef["weight"])}
    assert got == shortest


@pytest.mark.parametrize("seed, directed, multi", CASES)
def test_connected_components_match_networkx(seed, directed, multi):
    G = random_nx(seed, directed, multi)
    g = maillage.from_networkx(G)
    labels = maillage.connected_components(g)
    assert labels.name == "component"
    assert labels.index.name == "key"
    assert list(labels.index) == g.view().nodes
    assert labels.dtype == np.int64
    parts = nx.weakly_connected_components(G) if directed else nx.connected_components(G)
    expected = {frozenset(str(x) for x in part) for part in parts}
    got = {frozenset(keys) for _, keys in labels.groupby(labels).groups.items()}
    assert got == expected
    # numbering: 0, 1, … by decreasing size, ties by the smallest key
    k = len(expected)
    assert sorted(labels.unique()) == list(range(k))
    members = {c: sorted(labels.index[labels == c]) for c in range(k)}
    ranking = sorted(members.values(), key=lambda keys: (-len(keys), keys[0]))
    assert [members[c] for c in range(k)] == ranking


def test_components_on_views_and_ties():
    G = nx.Graph([("b", "c"), ("x", "y"), ("a", "z")])
    G.add_nodes_from(["q", "p"])
    labels = maillage.connected_components(maillage.from_networkx(G))
    # three pairs: ordered by smallest key a < b < x; then singletons p < q
    assert labels.to_dict() == {"b": 1, "c": 1, "x": 2, "y": 2, "a": 0, "z": 0, "q": 4, "p": 3}
    # on a View: its own nodes and order
    v = maillage.from_networkx(G).view(nodes=["y", "x", "p"], order="degree")
    labels = maillage.connected_components(v)
    assert list(labels.index) == v.nodes
    assert labels.to_dict() == {"x": 0, "y": 0, "p": 1}


def test_components_directed_are_weak():
    G = nx.DiGraph([("a", "b"), ("c", "b")])
    labels = maillage.connected_components(maillage.from_networkx(G))
    assert set(labels) == {0}


def test_components_empty_graph():
    labels = maillage.connected_components(maillage.Graph.from_frames(None, None))
    assert len(labels) == 0 and labels.name == "component"


# ---------------------------------------------------------------- from_networkx

def test_keys_are_str_of_nodes():
    G = nx.Graph()
    G.add_edge(1, (2, 3))
    G.add_edge("x", 2.5)
    g = maillage.from_networkx(G)
    assert g.nodes == ["1", "(2, 3)", "x", "2.5"]
    assert g.view().neighbors("(2, 3)") == ["1"]


def test_duplicate_str_keys_name_both_nodes():
    G = nx.Graph()
    G.add_node(1)
    G.add_node("1")
    with raises_naming(maillage.InvalidInput, "1", "'1'", "same key"):
        maillage.from_networkx(G)


def test_kind_and_relation_attributes_are_used():
    G = nx.DiGraph()
    G.add_node("alice", kind="person")
    G.add_node("commune:74010", kind="territory")
    G.add_node("epci:200066793", kind="territory")
    G.add_node("thing")
    G.add_edge("alice", "commune:74010", relation="located_in")
    G.add_edge("commune:74010", "epci:200066793", relation="part_of")
    G.add_edge("alice", "thing")
    g = maillage.from_networkx(G, default_kind="resource")
    assert g.nodes_frame()["kind"].to_dict() == {
        "alice": "person", "commune:74010": "territory", "epci:200066793": "territory", "thing": "resource"}
    ef = g.edges_frame()
    assert {(s, t): r for s, t, r in zip(ef["source"], ef["target"], ef["relation"])} == {
        ("alice", "commune:74010"): "located_in", ("commune:74010", "epci:200066793"): "part_of",
        ("alice", "thing"): "links_to"}
    assert g.parents("commune:74010") == ["epci:200066793"]


def test_digraph_gives_links_to_and_directed_view():
    g = maillage.from_networkx(nx.DiGraph([(1, 2), (2, 3)]))
    assert set(g.edges_frame()["relation"]) == {"links_to"}
    v = g.view()
    assert v.directed and v.neighbors("2") == ["3"] and v.predecessors("2") == ["1"]


def test_graph_gives_cooperates_with_and_undirected_view():
    g = maillage.from_networkx(nx.Graph([(1, 2), (2, 3)]))
    assert set(g.edges_frame()["relation"]) == {"cooperates_with"}
    v = g.view()
    assert not v.directed and v.neighbors("2") == ["1", "3"]


def test_default_relation_and_custom_relations():
    G = nx.DiGraph([("a", "b")])
    G.add_edge("b", "c", relation="mentors")
    g = maillage.from_networkx(G, default_relation="supports",
                               relations={"mentors": {"directed": True, "category": "tie"}})
    assert g.edges_frame()["relation"].tolist() == ["supports", "mentors"]
    with raises_naming(maillage.InvalidInput, "'mentors'"):
        maillage.from_networkx(G)


def test_scalar_attributes_kept():
    G = nx.Graph(title="alliance", year=2024, when=dt.date(2024, 5, 1))
    G.add_node("a", label="Annecy", population=130000, share=0.5, active=True, np_int=np.int32(3),
               since=dt.date(2020, 1, 1), tags=["x", "y"], pair=("u", "v"), scale="commune")
    G.add_node("b", label="Vimy", population=4500, active=False)
    G.add_edge("a", "b", weight=2, note="n", start=2020, end="2021", context="programme:p")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = maillage.from_networkx(G)
    nf = g.nodes_frame()
    assert nf.loc["a", "label"] == "Annecy" and nf.loc["b", "label"] == "Vimy"
    assert nf["population"].tolist() == [130000, 4500]
    assert nf.loc["a", "share"] == 0.5 and pd.isna(nf.loc["b", "share"])
    assert nf["active"].tolist() == [True, False]
    assert nf.loc["a", "np_int"] == 3
    assert nf.loc["a", "since"] == pd.Timestamp("2020-01-01")
    assert nf.loc["a", "tags"] == ["x", "y"] and nf.loc["a", "pair"] == ["u", "v"]
    assert nf.loc["a", "scale"] == "commune" and isinstance(nf["scale"].dtype, pd.CategoricalDtype)
    ef = g.edges_frame()
    assert ef.loc[0, "weight"] == 2.0 and ef["weight"].dtype == np.float64
    assert ef.loc[0, "note"] == "n" and ef.loc[0, "context"] == "programme:p"
    assert ef.loc[0, "start"] == pd.Timestamp("2020-01-01") and ef.loc[0, "end"] == pd.Timestamp("2021-12-31")
    assert g.metadata == {"title": "alliance", "year": 2024, "when": dt.date(2024, 5, 1)}


def test_non_scalar_attributes_warn_and_are_dropped():
    G = nx.Graph(config={"a": 1})
    G.add_node("a", shape={"x": 1}, label="A")
    G.add_node("b", shape={"x": 2})
    G.add_edge("a", "b", payload=object(), note="kept")
    with pytest.warns(UserWarning) as record:
        g = maillage.from_networkx(G)
    messages = [str(w.message) for w in record]
    assert any("'shape'" in m and "node 'a'" in m for m in messages)
    assert any("'payload'" in m for m in messages)
    assert any("'config'" in m for m in messages)
    assert "shape" not in g.nodes_frame().columns
    assert "payload" not in g.edges_frame().columns
    assert g.nodes_frame().loc["a", "label"] == "A"
    assert g.edges_frame().loc[0, "note"] == "kept"
    assert "config" not in g.metadata


def test_non_numeric_weight_is_invalid_input():
    with raises_naming(maillage.InvalidInput, "weight"):
        maillage.from_networkx(nx.Graph([(1, 2, {"weight": "heavy"})]))


def test_multigraph_parallel_edges_kept_in_graph_combined_in_view():
    M = nx.MultiGraph()
    M.add_edge("a", "b", weight=1.0)
    M.add_edge("a", "b", weight=2.5)
    M.add_edge("b", "b", weight=1.0)
    M.add_edge("b", "b", weight=1.0)
    g = maillage.from_networkx(M)
    assert g.number_of_edges() == 4
    v = g.view(weight="weight")
    assert v.number_of_edges() == 2
    ef = v.edges_frame()
    assert {frozenset((s, t)): w for s, t, w in zip(ef["source"], ef["target"], ef["weight"])} == {
        frozenset("ab"): 3.5, frozenset("b"): 2.0}


# ---------------------------------------------------------------- to_networkx

@pytest.fixture
def typed():
    nodes = pd.DataFrame({
        "key": ["alice", "annecy", "epci", "prog", "lonely"],
        "kind": ["person", "territory", "territory", "programme", "person"],
        "label": ["Alice", "Annecy", "Grand Annecy", None, None],
        "scale": [None, "commune", "epci", None, None],
        "since": pd.to_datetime(["2020-01-01", None, None, None, None]),
    })
    edges = pd.DataFrame({
        "source": ["alice", "alice", "annecy", "alice", "alice"],
        "target": ["annecy", "prog", "epci", "annecy", "prog"],
        "relation": ["located_in", "mentors", "part_of", "located_in", "cooperates_with"],
        "weight": [1.0, 2.0, 1.0, 0.5, 4.0],
        "start": [None, "2021-01-01", None, None, None],
    })
    return maillage.Graph.from_frames(nodes, edges, relations={"mentors": {"directed": True, "category": "tie"}},
                                      metadata={"title": "test"})


def test_to_networkx_graph_is_a_multidigraph(typed):
    H = maillage.to_networkx(typed)
    assert isinstance(H, nx.MultiDiGraph)
    assert list(H.nodes) == typed.nodes
    assert H.number_of_edges() == typed.number_of_edges() == 5
    assert sorted(k for _, _, k in H.edges(keys=True)) == [0, 1, 2, 3, 4]
    assert H.edges["alice", "prog", 1]["relation"] == "mentors"
    assert H.edges["alice", "prog", 1]["start"] == dt.date(2021, 1, 1)
    assert type(H.edges["alice", "prog", 1]["start"]) is dt.date
    assert "start" not in H.edges["alice", "annecy", 0]  # missing values omitted
    assert H.edges["alice", "annecy", 3]["weight"] == 0.5
    assert H.nodes["alice"] == {"kind": "person", "label": "Alice", "since": dt.date(2020, 1, 1)}
    assert H.nodes["annecy"]["scale"] == "commune"
    assert H.graph["title"] == "test"
    relations = [d["relation"] for _, _, d in H.edges(data=True)]
    assert sorted(relations) == sorted(typed.edges_frame()["relation"])


@pytest.mark.parametrize("order", ["natural", "degree", "bfs"])
def test_to_networkx_view(typed, order):
    v = typed.view(order=order, weight="weight")
    H = maillage.to_networkx(v)
    assert isinstance(H, nx.Graph) and not H.is_directed()
    assert list(H.nodes) == v.nodes
    assert H.number_of_edges() == v.number_of_edges()
    assert H["alice"]["annecy"]["weight"] == 1.5  # strengths of parallel edges add up
    assert H["alice"]["prog"]["weight"] == 6.0
    assert H.nodes["lonely"] == {"kind": "person"}
    d = maillage.to_networkx(typed.view(relations=["located_in", "mentors"], order=order))
    assert isinstance(d, nx.DiGraph) and d.is_directed()
    assert set(d.edges) == {("alice", "annecy"), ("alice", "prog")}
    assert all("weight" not in data for _, _, data in d.edges(data=True))  # unweighted view


def test_to_networkx_rejects_other_types():
    with pytest.raises(TypeError):
        maillage.to_networkx(nx.Graph())


def test_round_trip_through_networkx(typed):
    H = maillage.to_networkx(typed)
    g = maillage.from_networkx(H, relations={"mentors": {"directed": True, "category": "tie"}})
    assert g.nodes == typed.nodes
    assert g.nodes_frame()["kind"].tolist() == typed.nodes_frame()["kind"].tolist()
    assert g.number_of_edges() == typed.number_of_edges()
    # NetworkX lists edges by source node: compare the edges as a multiset
    columns = ["source", "target", "relation", "weight"]

    def rows(graph):
        return sorted(map(tuple, graph.edges_frame()[columns].itertuples(index=False)))

    assert rows(g) == rows(typed)
    assert g.nodes_frame()["scale"].tolist()[1:3] == ["commune", "epci"]
    assert g.metadata == typed.metadata
    assert g.view().number_of_edges() == typed.view().number_of_edges()


@pytest.mark.parametrize("seed, directed, multi", CASES[::4])
def test_round_trip_random(seed, directed, multi):
    G = random_nx(seed, directed, multi, weighted=True)
    g = maillage.from_networkx(G)
    h = maillage.from_networkx(maillage.to_networkx(g))
    assert h.nodes == g.nodes
    pd.testing.assert_frame_equal(h.edges_frame(), g.edges_frame())
    back = maillage.to_networkx(g.view(weight="weight"))
    assert back.is_directed() == directed
    expected = nx.relabel_nodes(_collapse(G), str)
    assert list(back.nodes) == list(expected.nodes)
    assert set(back.edges) == set(expected.edges) if directed else \
        {frozenset(e) for e in back.edges} == {frozenset(e) for e in expected.edges}
    for u, w, d in expected.edges(data=True):
        assert back[u][w]["weight"] == d["weight"]


def _collapse(G):
    """G as a simple graph with summed weights (NetworkX's oracle for a strength view)."""
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 1.0)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H
