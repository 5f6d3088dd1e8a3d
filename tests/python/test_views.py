"""Graph.view: selection, direction, symmetrisation, weights, time windows, node order, CSR."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import edge_set, frame, raises_naming

F = maillage.Graph.from_frames


@pytest.fixture
def g():
    """Persons a, b, c; territories d ⊂ e; an isolated organisation f.

    edge  ends    relation         weight  w2  interval
    0     a → b   funds            2.0     10  2020
    1     b → a   funds            3.0     20  2021-03-01 .. 2022
    2     a – b   cooperates_with  1.0     30  -
    3     c → a   supports         4.0     40  2023 ..
    4     a → c   funds            5.0     50  .. 2019-06-30
    5     b → c   supports         6.0     60  -
    6     a – b   cooperates_with  0.5     70  -
    7     d → e   part_of          1.0     80  -
    """
    nodes = frame(
        key=["a", "b", "c", "d", "e", "f"],
        kind=["person", "person", "person", "territory", "territory", "organisation"],
        scale=["commune", "region", None, "commune", "departement", "national"],
        family=["elu", "agent", None, None, None, "allie"],
        n=[1, 2, 3, 4, 5, 6],
        active=[True, False, True, True, False, True],
    )
    edges = frame(
        source=["a", "b", "a", "c", "a", "b", "a", "d"],
        target=["b", "a", "b", "a", "c", "c", "b", "e"],
        relation=["funds", "funds", "cooperates_with", "supports", "funds", "supports", "cooperates_with", "part_of"],
        weight=[2.0, 3.0, 1.0, 4.0, 5.0, 6.0, 0.5, 1.0],
        w2=[10, 20, 30, 40, 50, 60, 70, 80],
        start=pd.Series([2020, "2021-03-01", None, 2023, None, None, None, None], dtype=object),
        end=pd.Series([2020, "2022", None, None, "2019-06-30", None, None, None], dtype=object),
        label=["x"] * 8,
    )
    return F(nodes, edges, progress=False)


def weights(view):
    """{(s, t) or frozenset: weight} of a view's edges."""
    ef = view.edges_frame()
    out = {}
    for s, t, w in zip(ef["source"], ef["target"], ef["weight"]):
        out[(s, t) if view.directed else frozenset((s, t))] = w
    return out


def members(view):
    """The graph edges in a view (an undirected edge sits in both arcs of a directed view)."""
    return sorted({m for ms in view.edges_frame()["members"] for m in ms})


def P(a, b):
    return frozenset((a, b))


# ---------------------------------------------------------------- defaults and direction

def test_default_view(g):
    v = g.view()
    assert not v.directed  # cooperates_with is undirected
    assert not v.weighted
    assert v.nodes == ["a", "b", "c", "d", "e", "f"]
    assert v.number_of_nodes() == len(v) == 6
    assert edge_set(v) == {P("a", "b"), P("a", "c"), P("b", "c"), P("d", "e")}
    assert v.number_of_edges() == 4
    assert set(weights(v).values()) == {1.0}
    assert members(v) == list(range(8))
    assert v.neighbors("a") == ["b", "c"]
    assert v.neighbors("f") == []
    assert v.graph is g
    assert "a" in v and "zz" not in v and 1 not in v


def test_directed_iff_every_included_relation_with_edges_is_directed(g):
    assert g.view(relations=["funds", "supports"]).directed
    assert g.view(relations="nesting").directed
    # co_participates has no edge: it does not decide
    assert g.view(relations=["funds", "co_participates"]).directed
    assert not g.view(relations=["funds", "cooperates_with"]).directed
    assert not g.view(relations="tie").directed
    # no relation with edges at all: undirected
    assert not g.view(relations="affiliation").directed
    assert not F(None, None).view().directed


def test_directed_override(g):
    v = g.view(directed=True)
    assert v.directed
    # undirected edges become two arcs
    assert edge_set(v) == {("a", "b"), ("b", "a"), ("c", "a"), ("a", "c"), ("b", "c"), ("d", "e")}
    assert v.neighbors("b") == ["a", "c"] and v.successors("b") == ["a", "c"]
    assert v.predecessors("c") == ["a", "b"]
    assert v.predecessors("a") == ["b", "c"]
    ef = v.edges_frame()
    arcs = {(s, t): sorted(m) for s, t, m in zip(ef["source"], ef["target"], ef["members"])}
    assert arcs[("a", "b")] == [0, 2, 6] and arcs[("b", "a")] == [1, 2, 6]
    u = g.view(relations=["funds"], directed=False)
    assert not u.directed and edge_set(u) == {P("a", "b"), P("a", "c")}


# ---------------------------------------------------------------- node selection

def test_kinds(g):
    v = g.view(kinds="person")
    assert v.nodes == ["a", "b", "c"]
    assert edge_set(v) == {P("a", "b"), P("a", "c"), P("b", "c")}
    v = g.view(kinds=["territory", "organisation"])
    # direction is decided by the edges the view keeps: here only part_of, directed
    assert v.nodes == ["d", "e", "f"] and v.directed and edge_set(v) == {("d", "e")}
    assert not g.view(kinds=["territory", "organisation"], directed=False).directed
    with raises_naming(maillage.InvalidInput, "'nope'"):  # a typo, not an empty view
        g.view(kinds=["person", "nope"])


def test_relations_by_name_and_category(g):
    v = g.view(relations="funds")
    assert edge_set(v) == {("a", "b"), ("b", "a"), ("a", "c")}
    assert members(v) == [0, 1, 4]
    v = g.view(relations=["supports", "part_of"])
    assert members(v) == [3, 5, 7]
    v = g.view(relations="tie")
    assert members(v) == [0, 1, 2, 3, 4, 5, 6]
    v = g.view(relations=["nesting", "cooperates_with"])
    assert members(v) == [2, 6, 7]
    assert v.number_of_nodes() == 6  # relations do not remove nodes
    with raises_naming(maillage.InvalidInput, "'likes'"):
        g.view(relations="likes")


def test_nodes(g):
    v = g.view(nodes=["c", "a"])
    assert v.nodes == ["a", "c"]  # natural (graph) order
    # the kept edges (c → a supports, a → c funds) are all directed: a directed view
    assert v.directed and edge_set(v) == {("a", "c"), ("c", "a")}
    assert edge_set(g.view(nodes=["c", "a"], directed=False)) == {P("a", "c")}
    v = g.view(nodes="b")
    assert v.nodes == ["b"] and v.number_of_edges() == 0
    with raises_naming(maillage.NotFound, "'zz'") as info:
        g.view(nodes=["a", "zz"])
    assert isinstance(info.value, KeyError) and not str(info.value).startswith('"')
    with raises_naming(maillage.InvalidInput, "nodes"):
        g.view(nodes=["a", 3])


def test_neighbors_of_a_key_not_in_the_view(g):
    v = g.view(kinds="person")
    with raises_naming(maillage.NotFound, "'d'"):
        v.neighbors("d")
    with raises_naming(maillage.NotFound, "'zz'"):
        v.neighbors("zz")
    with pytest.raises(KeyError):
        v.predecessors("zz")


@pytest.mark.parametrize(
    "where, expected",
    [
        ({"family": "elu"}, ["a"]),
        ({"family": ["elu", "agent"]}, ["a", "b"]),
        ({"family": {"allie"}}, ["f"]),
        ({"family": None}, ["c", "d", "e"]),
        ({"family": ("missing",)}, ["c", "d", "e"]),
        ({"family": ("present",)}, ["a", "b", "f"]),
        ({"family": ("!=", "elu")}, ["b", "c", "d", "e", "f"]),  # missing values pass !=
        ({"family": ("not in", ["elu", "allie"])}, ["b", "c", "d", "e"]),
        ({"family": ("in", ("elu", "allie"))}, ["a", "f"]),
        ({"family": ("==", "agent")}, ["b"]),
        ({"n": 3}, ["c"]),
        ({"n": np.int64(3)}, ["c"]),
        ({"n": 3.0}, ["c"]),
        ({"n": ("<", 3)}, ["a", "b"]),
        ({"n": ("<=", 3)}, ["a", "b", "c"]),
        ({"n": (">", 4.5)}, ["e", "f"]),
        ({"n": (">=", 5)}, ["e", "f"]),
        ({"active": True}, ["a", "c", "d", "f"]),
        ({"scale": "commune"}, ["a", "d"]),
        ({"scale": (">=", "departement")}, ["b", "e", "f"]),
        ({"scale": ("<", "departement")}, ["a", "d"]),
        ({"scale": (">", "region")}, ["f"]),
        ({"scale": ("<=", "quartier")}, []),
        ({"scale": None}, ["c"]),
        ({"kind": "territory"}, ["d", "e"]),
        ({"key": ["a", "f"]}, ["a", "f"]),
        ({"key": (">", "c")}, ["d", "e", "f"]),
        ({"kind": "person", "n": (">", 1)}, ["b", "c"]),  # all conditions hold
        ({"kind": "person", "family": None}, ["c"]),
    ],
)
def test_where_dict(g, where, expected):
    assert g.view(where=where).nodes == expected


def test_where_matches_pandas_filters(g):
    nf = g.nodes_frame()
    scale_rank = nf["scale"].cat.codes
    departement = list(nf["scale"].dtype.categories).index("departement")
    cases = [
        ({"scale": (">=", "departement")}, (scale_rank >= departement) & nf["scale"].notna()),
        ({"n": ("<", 4)}, nf["n"] < 4),
        ({"family": None}, nf["family"].isna()),
        ({"family": ("!=", "agent")}, nf["family"] != "agent"),
        ({"active": False, "kind": "territory"}, (~nf["active"]) & (nf["kind"] == "territory")),
    ]
    for where, mask in cases:
        assert g.view(where=where).nodes == list(nf.index[mask]), where


def test_where_boolean_series_and_callable(g):
    mask = pd.Series([True, False, True], index=["c", "b", "a"])
    assert g.view(where=mask).nodes == ["a", "c"]
    nullable = pd.Series([True, pd.NA, False], index=["a", "b", "c"], dtype="boolean")
    assert g.view(where=nullable).nodes == ["a"]
    assert g.view(where=lambda nf: nf["n"] % 2 == 0).nodes == ["b", "d", "f"]
    assert g.view(where=lambda nf: nf["kind"] == "person", nodes=["b", "c", "d"]).nodes == ["b", "c"]
    with raises_naming(maillage.NotFound, "'zz'"):
        g.view(where=pd.Series([True], index=["zz"]))
    with raises_naming(maillage.InvalidInput, "boolean"):
        g.view(where=pd.Series([1], index=["a"]))


def test_where_errors(g):
    with raises_naming(maillage.InvalidInput, "'zz'", "family"):
        g.view(where={"zz": 1})
    with raises_naming(maillage.InvalidInput, "'ville'"):
        g.view(where={"scale": (">=", "ville")})
    with raises_naming(maillage.InvalidInput, "family"):
        g.view(where={"family": ("<", 3)})
    with raises_naming(maillage.InvalidInput, "in"):
        g.view(where={"family": ("in", "elu")})
    with raises_naming(maillage.InvalidInput):
        g.view(where=42)


def test_where_on_unordered_categorical_refuses_order():
    g = F(frame(key=["a", "b"], c=pd.Categorical(["x", "y"])), None)
    assert g.view(where={"c": "y"}).nodes == ["b"]
    with raises_naming(maillage.InvalidInput, "'c'"):
        g.view(where={"c": (">", "x")})


def test_where_on_dates_and_lists():
    nodes = frame(key=["a", "b", "c"], since=pd.to_datetime(["2020-01-01", "2022-06-01", None]),
                  tags=pd.Series([["x"], ["x", "y"], None], dtype=object))
    g = F(nodes, None)
    assert g.view(where={"since": (">=", dt.date(2021, 1, 1))}).nodes == ["b"]
    assert g.view(where={"since": ("<", pd.Timestamp("2021-01-01"))}).nodes == ["a"]
    assert g.view(where={"since": None}).nodes == ["c"]
    assert g.view(where={"tags": ("==", ["x", "y"])}).nodes == ["b"]


# ---------------------------------------------------------------- symmetrisation and weights

# Hand computation (see the fixture): per pair, directed arcs per direction, undirected parallels.
#   a-b: a→b 2, b→a 3, undirected 1 + 0.5;  a-c: a→c 5, c→a 4;  b-c: b→c 6 only.
STRENGTH = {
    "sum": {P("a", "b"): 2 + 3 + 1.5, P("a", "c"): 5 + 4, P("b", "c"): 6},
    "max": {P("a", "b"): 3 + 1.5, P("a", "c"): 5, P("b", "c"): 6},
    "both": {P("a", "b"): 2 + 1.5, P("a", "c"): 4},  # b-c is not reciprocated
}
# w2 as distances: a→b 10, b→a 20, undirected 30 and 70; a→c 50, c→a 40; b→c 60.
# Parallels take the minimum; "max" keeps the stronger (shorter), "both" the weaker (longer).
DISTANCE = {
    "sum": {P("a", "b"): 10, P("a", "c"): 40, P("b", "c"): 60},
    "max": {P("a", "b"): 10, P("a", "c"): 40, P("b", "c"): 60},
    "both": {P("a", "b"): 20, P("a", "c"): 50},
}


@pytest.mark.parametrize("symmetrize", ["sum", "max", "both"])
def test_symmetrize_strength(g, symmetrize):
    v = g.view(relations="tie", weight="weight", symmetrize=symmetrize)
    assert not v.directed and v.weighted and v.weight_kind == "strength"
    assert weights(v) == pytest.approx(STRENGTH[symmetrize])
    assert v.number_of_edges() == len(STRENGTH[symmetrize])


@pytest.mark.parametrize("symmetrize", ["sum", "max", "both"])
def test_symmetrize_distance(g, symmetrize):
    v = g.view(relations="tie", weight="w2", weight_kind="distance", symmetrize=symmetrize)
    assert v.weight_kind == "distance"
    assert weights(v) == pytest.approx(DISTANCE[symmetrize])


def test_symmetrize_members(g):
    v = g.view(relations="tie", symmetrize="both")
    ef = v.edges_frame()
    by_pair = {P(s, t): sorted(m) for s, t, m in zip(ef["source"], ef["target"], ef["members"])}
    assert by_pair == {P("a", "b"): [0, 1, 2, 6], P("a", "c"): [3, 4]}
    v = g.view(relations="tie", symmetrize="sum")
    ef = v.edges_frame()
    assert {P(s, t): sorted(m) for s, t, m in zip(ef["source"], ef["target"], ef["members"])} == {
        P("a", "b"): [0, 1, 2, 6], P("a", "c"): [3, 4], P("b", "c"): [5]}


def test_symmetrize_only_reciprocated_directed_relations():
    """With `both`, an undirected edge alone keeps its pair; a one-way arc alone does not."""
    edges = frame(source=["a", "a"], target=["b", "c"], relation=["cooperates_with", "funds"])
    v = F(None, edges).view(symmetrize="both")
    assert edge_set(v) == {P("a", "b")}


def test_directed_weighted_view(g):
    v = g.view(relations="tie", weight="weight", directed=True)
    assert weights(v) == pytest.approx({
        ("a", "b"): 2 + 1 + 0.5, ("b", "a"): 3 + 1 + 0.5, ("a", "c"): 5, ("c", "a"): 4, ("b", "c"): 6})
    v = g.view(relations="tie", weight="w2", weight_kind="distance", directed=True)
    assert weights(v) == pytest.approx({("a", "b"): 10, ("b", "a"): 20, ("a", "c"): 50, ("c", "a"): 40,
                                        ("b", "c"): 60})


def test_custom_integer_weight(g):
    v = g.view(relations="funds", weight="w2")
    assert weights(v) == {("a", "b"): 10.0, ("b", "a"): 20.0, ("a", "c"): 50.0}
    assert v.edges_frame()["weight"].dtype == np.float64


def test_unweighted_view_has_unit_weights(g):
    v = g.view(relations="tie")
    assert set(v.edges_frame()["weight"]) == {1.0}
    indptr, indices, w = v.csr()
    assert set(w.tolist()) == {1.0}


def test_weight_errors(g):
    with raises_naming(maillage.InvalidInput, "'nope'"):
        g.view(weight="nope")
    with raises_naming(maillage.InvalidInput, "'label'"):
        g.view(weight="label")
    with raises_naming(maillage.InvalidInput, "weight_kind"):
        g.view(weight="weight", weight_kind="length")
    with raises_naming(maillage.InvalidInput, "symmetrize"):
        g.view(symmetrize="mean")


def test_weight_attribute_missing_or_negative_on_a_kept_edge():
    edges = frame(source=["a", "b"], target=["b", "c"], cost=pd.array([1, None], dtype="Int64"),
                  gain=[1.0, -2.0])
    g = F(None, edges)
    with raises_naming(maillage.InvalidInput, "edge 1", "'b' → 'c'", "cost"):
        g.view(weight="cost")
    with raises_naming(maillage.InvalidInput, "edge 1", "gain", "-2"):
        g.view(weight="gain")
    # the bad edge is outside the view: fine
    assert weights(g.view(weight="cost", nodes=["a", "b"])) == {P("a", "b"): 1.0}


def test_as_view_weight_rule(g):
    from maillage._graph import as_view

    v = g.view(weight="weight")
    assert as_view(v) is v and as_view(v, "weight") is v
    with raises_naming(maillage.InvalidInput, "'w2'", "'weight'"):
        as_view(v, "w2")
    with raises_naming(maillage.InvalidInput, "'w2'", "no weight"):
        as_view(g.view(), "w2")
    assert as_view(g, "w2").weighted
    with pytest.raises(TypeError):
        as_view(nx.Graph())


# ---------------------------------------------------------------- time windows

def kept(view):
    return members(view)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (None, None, [0, 1, 2, 3, 4, 5, 6, 7]),
        (2021, 2021, [1, 2, 5, 6, 7]),
        ("2021", "2021", [1, 2, 5, 6, 7]),
        (dt.date(2021, 1, 1), dt.date(2021, 12, 31), [1, 2, 5, 6, 7]),
        (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"), [1, 2, 5, 6, 7]),
        ("2020-12-31", "2021-01-01", [0, 2, 5, 6, 7]),  # closed bounds touch edge 0's end
        ("2021-01-01", "2021-02-28", [2, 5, 6, 7]),  # between edges 0 and 1
        (None, "2019-06-30", [2, 4, 5, 6, 7]),
        (None, 2019, [2, 4, 5, 6, 7]),  # a year as end = 31 December
        (None, "2019-06-29", [2, 4, 5, 6, 7]),
        ("2019-07-01", None, [0, 1, 2, 3, 5, 6, 7]),  # edge 4 ended the day before
        ("2030", None, [2, 3, 5, 6, 7]),  # edge 3 has no end
        (2022, "2022-12-31", [1, 2, 5, 6, 7]),
        (np.int64(2023), None, [2, 3, 5, 6, 7]),
    ],
)
def test_time_window(g, start, end, expected):
    assert kept(g.view(start=start, end=end, directed=True)) == expected


def test_time_window_errors(g):
    with raises_naming(maillage.InvalidInput, "'hier'"):
        g.view(start="hier")
    with raises_naming(maillage.InvalidInput, "end"):
        g.view(end=pd.Timestamp("2024-01-01 12:00"))
    with raises_naming(maillage.InvalidInput, "start"):
        g.view(start=2.5)


# ---------------------------------------------------------------- node order

@pytest.fixture
def star():
    """Natural order n0..n7; n5 is a hub; {n4, n6} is a second component."""
    nodes = frame(key=[f"n{i}" for i in range(8)])
    edges = frame(source=["n0", "n5", "n5", "n5", "n2", "n4"], target=["n5", "n1", "n2", "n3", "n7", "n6"])
    return F(nodes, edges)


def test_order_same_nodes_and_edges(star):
    natural = star.view()
    for order in ("bfs", "degree"):
        v = star.view(order=order)
        assert sorted(v.nodes) == sorted(natural.nodes)
        assert edge_set(v) == edge_set(natural)
        for key in natural.nodes:
            assert sorted(v.neighbors(key)) == sorted(natural.neighbors(key))
    assert star.view(order="degree").nodes != natural.nodes
    assert star.view(order="bfs").nodes != natural.nodes


def test_degree_order(star):
    v = star.view(order="degree")
    G = nx.Graph(list(edge_set(star.view())))
    G.add_nodes_from(star.nodes)
    natural = star.nodes
    expected = sorted(natural, key=lambda k: (-G.degree(k), natural.index(k)))
    assert v.nodes == expected
    assert v.nodes[0] == "n5"


def test_bfs_order_is_breadth_first(star):
    v = star.view(order="bfs")
    G = nx.Graph(list(edge_set(star.view())))
    G.add_nodes_from(star.nodes)
    natural = star.nodes
    order = v.nodes
    position = 0
    while position < len(order):
        root = order[position]
        component = nx.node_connected_component(G, root)
        block = order[position:position + len(component)]
        assert set(block) == component  # components are contiguous
        assert root == min(component, key=natural.index)  # rooted at the lowest natural index
        distance = nx.single_source_shortest_path_length(G, root)
        levels = [distance[k] for k in block]
        assert levels == sorted(levels)  # breadth first
        position += len(component)
    assert order[:2] == ["n0", "n5"]


def test_order_directed_and_weighted_keep_weights(g):
    natural = g.view(relations="tie", weight="weight", directed=True)
    for order in ("bfs", "degree"):
        v = g.view(relations="tie", weight="weight", directed=True, order=order)
        assert weights(v) == weights(natural)
        assert sorted(members(v)) == sorted(members(natural))


def test_bad_order(g):
    with raises_naming(maillage.InvalidInput, "'random'"):
        g.view(order="random")


# ---------------------------------------------------------------- CSR and SciPy

def _assert_scipy_matches_networkx(view):
    A = view.to_scipy()
    H = maillage.to_networkx(view)
    assert list(H.nodes) == view.nodes
    B = nx.to_scipy_sparse_array(H, nodelist=view.nodes, weight="weight")
    assert A.shape == B.shape == (view.number_of_nodes(), view.number_of_nodes())
    np.testing.assert_allclose(A.toarray(), B.toarray())


@pytest.mark.parametrize(
    "options",
    [{}, {"directed": True}, {"relations": "tie", "weight": "weight"},
     {"relations": "tie", "weight": "w2", "weight_kind": "distance", "symmetrize": "both"},
     {"order": "degree", "weight": "weight"}, {"order": "bfs", "directed": True, "weight": "w2"},
     {"kinds": "person", "relations": "funds", "weight": "weight"}],
)
def test_to_scipy_equals_networkx(g, options):
    _assert_scipy_matches_networkx(g.view(**options))


def test_csr_arrays(g):
    v = g.view(relations="tie", weight="weight")
    indptr, indices, w = v.csr()
    n = v.number_of_nodes()
    assert len(indptr) == n + 1 and indptr[0] == 0 and indptr[-1] == len(indices) == len(w)
    for i, key in enumerate(v.nodes):
        row = [v.nodes[j] for j in indices[indptr[i]:indptr[i + 1]]]
        assert row == v.neighbors(key)
        assert list(indices[indptr[i]:indptr[i + 1]]) == sorted(indices[indptr[i]:indptr[i + 1]])
    # undirected: symmetric
    A = v.to_scipy().toarray()
    np.testing.assert_allclose(A, A.T)


def test_self_loop_in_views():
    edges = frame(source=["a", "a", "a"], target=["a", "b", "a"], weight=[2.0, 1.0, 3.0])
    g = F(None, edges)
    v = g.view(weight="weight")
    assert v.number_of_edges() == 2
    assert weights(v) == {frozenset(["a"]): 5.0, P("a", "b"): 1.0}
    assert v.neighbors("a") == ["a", "b"]
    _assert_scipy_matches_networkx(v)
    d = g.view(weight="weight", directed=True)
    assert weights(d) == {("a", "a"): 5.0, ("a", "b"): 1.0, ("b", "a"): 1.0}


def test_view_edges_frame_columns(g):
    ef = g.view(weight="weight").edges_frame()
    assert list(ef.columns) == ["source", "target", "weight", "members"]
    assert ef.index.name == "edge" and list(ef.index) == list(range(len(ef)))
    assert all(isinstance(m, list) for m in ef["members"])
    # members partition the graph's edges in an unfiltered view
    assert sorted(m for ms in ef["members"] for m in ms) == list(range(g.number_of_edges()))
    # undirected view edges are listed with source before target in view order
    position = {k: i for i, k in enumerate(g.view().nodes)}
    assert all(position[s] <= position[t] for s, t in zip(ef["source"], ef["target"]))


def test_view_repr(g):
    assert repr(g.view()) == "<maillage.View undirected: 6 nodes, 4 edges>"
    assert repr(g.view(relations="funds", weight="w2", weight_kind="distance")) == \
        "<maillage.View directed, weighted (distance): 6 nodes, 3 edges>"


def test_views_are_independent_of_each_other(g):
    v1 = g.view(kinds="person")
    v2 = g.view(weight="weight", directed=True)
    assert v1.nodes == ["a", "b", "c"]
    assert v2.number_of_nodes() == 6
    assert weights(v1) == {P("a", "b"): 1.0, P("a", "c"): 1.0, P("b", "c"): 1.0}


def test_where_list_with_none_matches_missing(g):
    # family: a=elu, b=agent, c/d/e missing, f=allie
    assert g.view(where={"family": ["elu", None]}).nodes == ["a", "c", "d", "e"]
    assert g.view(where={"family": ("not in", ["elu", None])}).nodes == ["b", "f"]
    assert g.view(where={"family": ["elu"]}).nodes == ["a"]

