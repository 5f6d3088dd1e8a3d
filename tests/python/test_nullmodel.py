"""Null models and significance: rewired and configuration-model graphs keep every degree per
relation (and rewiring keeps simple tie sets simple, edges their attributes, the hierarchy its
nesting); the null distribution of every built-in statistic equals NetworkX (or the inter-scale
module) computed on the very draws `rewire` / `configuration_model` return; p-values and z from
the definitions; results identical for any thread count; errors name what is wrong."""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import raises_naming


def random_graph(n, m, seed, directed=False, groups=3, relations=None):
    """A simple random graph with a `group` node attribute (some nodes without one)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    for i in range(n):
        attrs = {} if i % 7 == 6 else {"group": f"g{i % groups}"}
        G.add_node(f"v{i}", **attrs)
    seen = set()
    rels = relations or ["links_to" if directed else "cooperates_with"]
    while len(seen) < m:
        u, v, r = rng.randrange(n), rng.randrange(n), rng.choice(rels)
        if u == v:
            continue
        key = (r, u, v) if directed else (r, min(u, v), max(u, v))
        if key in seen:
            continue
        seen.add(key)
        G.add_edge(f"v{u}", f"v{v}", relation=r, weight=round(rng.uniform(0.5, 3), 2))
    return G


def degrees(g, directed):
    """(relation, node, side) → count over the graph's edges."""
    ef = g.edges_frame()
    c = Counter()
    for s, t, r in zip(ef["source"], ef["target"], ef["relation"]):
        c[(r, s, "out" if directed else "any")] += 1
        c[(r, t, "in" if directed else "any")] += 1
    return c


def nx_graph(g, directed):
    """The graph's ties as a NetworkX (Di)Graph with the `group` attribute."""
    G = nx.DiGraph() if directed else nx.Graph()
    nf = g.nodes_frame()
    for key, group in zip(nf.index, nf["group"]):
        G.add_node(key, group=group if isinstance(group, str) else None)
    ef = g.edges_frame()
    G.add_edges_from(zip(ef["source"], ef["target"]))
    return G


@pytest.mark.parametrize("directed", [False, True])
def test_rewire_keeps_degrees_per_relation_and_simplicity(directed):
    rels = ["supports", "funds"] if directed else None
    G = random_graph(60, 240, 1, directed, relations=rels)
    g = maillage.from_networkx(G)
    h = maillage.rewire(g, seed=3, sample=5)
    assert degrees(h, directed) == degrees(g, directed)
    ef = h.edges_frame()
    pairs = [(r, s, t) if directed else (r, min(s, t), max(s, t)) for s, t, r in zip(ef["source"], ef["target"], ef["relation"])]
    assert len(set(pairs)) == len(pairs)  # no parallel ties
    assert (ef["source"] != ef["target"]).all()  # no self-loops
    moved = (ef["source"].to_numpy() != g.edges_frame()["source"].to_numpy()) | (
        ef["target"].to_numpy() != g.edges_frame()["target"].to_numpy()
    )
    assert moved.mean() > 0.6
    # Weights travel with their edge; nodes unchanged.
    np.testing.assert_array_equal(ef["weight"].to_numpy(), g.edges_frame()["weight"].to_numpy())
    pd.testing.assert_frame_equal(h.nodes_frame(), g.nodes_frame())
    # Reproducible, and another sample differs.
    pd.testing.assert_frame_equal(maillage.rewire(g, seed=3, sample=5).edges_frame(), ef)
    assert not maillage.rewire(g, seed=3, sample=6).edges_frame().equals(ef)


def test_rewire_across_relations_keeps_total_degrees_only():
    G = random_graph(40, 200, 2, True, relations=["supports", "funds"])
    g = maillage.from_networkx(G)
    h = maillage.rewire(g, within_relation=False, seed=1)
    total = lambda c: Counter({(n, side): v for (r, n, side), v in c.items()})  # noqa: E731
    merged_g, merged_h = Counter(), Counter()
    for (r, n, side), v in degrees(g, True).items():
        merged_g[(n, side)] += v
    for (r, n, side), v in degrees(h, True).items():
        merged_h[(n, side)] += v
    assert merged_g == merged_h
    assert degrees(h, True) != degrees(g, True)
    assert total(degrees(g, True))  # non-empty


def test_configuration_model_keeps_degrees_exactly():
    G = random_graph(30, 120, 4)
    g = maillage.from_networkx(G)
    h = maillage.configuration_model(g, seed=2, sample=1)
    assert degrees(h, False) == degrees(g, False)
    assert not h.edges_frame()[["source", "target"]].equals(g.edges_frame()[["source", "target"]])


def test_rewire_keeps_hierarchy_affiliations_and_edge_attributes():
    g = maillage.datasets.fabrique_2024()
    h = maillage.rewire(g, seed=0)
    ef_g, ef_h = g.edges_frame(), h.edges_frame()
    ties = ef_g["relation"].map(lambda r: g.relations[r]["category"] == "tie").to_numpy()
    # Affiliations and part_of are untouched; ties keep relation and context.
    pd.testing.assert_frame_equal(ef_h[~ties], ef_g[~ties])
    pd.testing.assert_series_equal(ef_h["relation"], ef_g["relation"])
    pd.testing.assert_series_equal(ef_h["context"], ef_g["context"])
    assert (ef_h[ties]["source"] != ef_g[ties]["source"]).any() or (ef_h[ties]["target"] != ef_g[ties]["target"]).any()
    with raises_naming(maillage.InvalidInput, "part_of", "hierarchy"):
        maillage.rewire(g, relations="part_of")


def nx_ei(G):
    e = i = 0
    for u, v in G.edges():
        gu, gv = G.nodes[u]["group"], G.nodes[v]["group"]
        if u == v or gu is None or gv is None:
            continue
        if gu == gv:
            i += 1
        else:
            e += 1
    return (e - i) / (e + i)


def nx_assortativity(G):
    H = G.subgraph([n for n, d in G.nodes(data=True) if d["group"] is not None])
    return nx.attribute_assortativity_coefficient(H, "group")


def nx_modularity(G):
    groups = {}
    for n, d in G.nodes(data=True):
        groups.setdefault(d["group"] if d["group"] is not None else ("alone", n), set()).add(n)
    return nx.community.modularity(G, list(groups.values()))


def nx_vertical(G):
    v = h = 0
    for a, b in G.edges():
        ga, gb = G.nodes[a]["group"], G.nodes[b]["group"]
        if ga is None or gb is None:
            continue
        if ga != gb:
            v += 1
        else:
            h += 1
    return v / (v + h)


ORACLES = {
    "transitivity": lambda G: nx.transitivity(G.to_undirected()),
    "ei_index": nx_ei,
    "assortativity": nx_assortativity,
    "modularity": nx_modularity,
    "vertical_share": nx_vertical,
}


# Configuration draws have parallel ties, which NetworkX's simple graphs would merge: they are
# checked on the vertical share, counted tie by tie.
CASES = [(st, "rewire", d) for st in sorted(ORACLES) for d in (False, True)] + [
    ("vertical_share", "configuration", d) for d in (False, True)
]


@pytest.mark.parametrize("statistic,model,directed", CASES)
def test_null_distribution_equals_networkx_on_the_draws(statistic, model, directed):
    G = random_graph(50, 160, 7, directed)
    g = maillage.from_networkx(G)
    attribute = None if statistic == "transitivity" else "group"
    frame, null = maillage.significance(g, statistic, model=model, samples=12, seed=9, attribute=attribute, return_null=True)
    oracle = ORACLES[statistic]
    assert frame["observed"].iloc[0] == pytest.approx(oracle(nx_graph(g, directed)), abs=1e-12)
    draw = maillage.rewire if model == "rewire" else maillage.configuration_model
    for s in range(12):
        h = draw(g, seed=9, sample=s)
        if model == "configuration":  # a multigraph: count its ties one by one
            ef = h.edges_frame()
            groups = g.nodes_frame()["group"]
            known = ef["source"].map(groups).notna() & ef["target"].map(groups).notna()
            vertical = (ef["source"].map(groups) != ef["target"].map(groups)) & known
            expected = vertical.sum() / known.sum()
        else:
            expected = oracle(nx_graph(h, directed))
        assert null.iloc[s, 0] == pytest.approx(expected, abs=1e-12), s


def test_summary_follows_the_definitions():
    G = random_graph(60, 200, 11)
    g = maillage.from_networkx(G)
    frame, null = maillage.significance(g, "assortativity", samples=200, seed=1, attribute="group", return_null=True)
    x = null.iloc[:, 0].to_numpy()
    obs = frame["observed"].iloc[0]
    mean, std = x.mean(), x.std(ddof=1)
    row = frame.iloc[0]
    assert row["mean"] == pytest.approx(mean)
    assert row["std"] == pytest.approx(std)
    assert row["z"] == pytest.approx((obs - mean) / std)
    assert row["p"] == pytest.approx((1 + np.sum(np.abs(x - mean) >= abs(obs - mean) - 1e-9)) / 201)
    assert row["p_greater"] == pytest.approx((1 + np.sum(x >= obs - 1e-9)) / 201)
    assert row["p_less"] == pytest.approx((1 + np.sum(x <= obs + 1e-9)) / 201)
    assert row["samples"] == 200
    assert frame.attrs["accepted_swaps"] > 0.5 * frame.attrs["attempted_swaps"]
    # A strongly assortative graph: two cliques of groups a and b joined by one tie.
    H = nx.Graph()
    H.add_nodes_from([(f"a{i}", {"group": "a"}) for i in range(8)] + [(f"b{i}", {"group": "b"}) for i in range(8)])
    H.add_edges_from((f"a{i}", f"a{j}") for i in range(8) for j in range(i + 1, 8) if (i + j) % 3)
    H.add_edges_from((f"b{i}", f"b{j}") for i in range(8) for j in range(i + 1, 8) if (i + j) % 3)
    H.add_edges_from([("a0", "b0"), ("a1", "b1"), ("a2", "b3")])
    r = maillage.significance(maillage.from_networkx(H), "ei_index", model="permute_labels", samples=300, attribute="group")
    assert r["observed"].iloc[0] < r["mean"].iloc[0]
    assert r["p_less"].iloc[0] == pytest.approx(1 / 301)
    assert r["z"].iloc[0] < -3


def test_identical_for_any_thread_count():
    G = random_graph(300, 1500, 12)
    g = maillage.from_networkx(G)
    for statistic in ("vertical_share", "transitivity", "modularity"):
        attribute = None if statistic == "transitivity" else "group"
        a, na = maillage.significance(g, statistic, samples=30, seed=4, attribute=attribute, threads=1, return_null=True)
        b, nb = maillage.significance(g, statistic, samples=30, seed=4, attribute=attribute, threads=2, return_null=True)
        pd.testing.assert_frame_equal(na, nb)
        pd.testing.assert_frame_equal(a, b)


def test_permuted_labels_match_a_python_statistic_on_the_same_draws():
    G = random_graph(40, 120, 13)
    g = maillage.from_networkx(G)
    builtin = maillage.significance(g, "ei_index", model="permute_labels", samples=25, seed=2, attribute="group", return_null=True)[1]
    sizes = []

    def ei(graph, labels):
        sizes.append(labels.value_counts().to_dict())
        H = nx_graph(graph, False)
        for key, value in labels.items():
            H.nodes[key]["group"] = value if isinstance(value, str) else None
        return nx_ei(H)

    frame, null = maillage.significance(g, ei, model="permute_labels", samples=25, seed=2, attribute="group", return_null=True)
    np.testing.assert_allclose(null.iloc[:, 0].to_numpy(), builtin.iloc[:, 0].to_numpy(), atol=1e-12)
    assert frame.index[0] == "ei"
    assert all(s == sizes[0] for s in sizes)  # group sizes kept


def test_python_callables_see_the_rewired_graphs():
    G = random_graph(40, 100, 14)
    g = maillage.from_networkx(G)

    def two(graph):
        H = nx_graph(graph, False)
        return pd.Series({"transitivity": nx.transitivity(H), "vertical": nx_vertical(H)})

    frame, null = maillage.significance(g, two, samples=8, seed=5, return_null=True)
    assert list(frame.index) == ["transitivity", "vertical"]
    built = maillage.significance(g, "transitivity", samples=8, seed=5, return_null=True)[1]
    np.testing.assert_allclose(null["transitivity"].to_numpy(), built.iloc[:, 0].to_numpy(), atol=1e-12)
    with raises_naming(maillage.InvalidInput, "sample 0"):
        calls = []

        def unstable(graph):
            calls.append(1)
            return [1.0] if len(calls) == 1 else [1.0, 2.0]

        maillage.significance(g, unstable, samples=3)


def test_vertical_share_by_programme_on_the_alliance():
    g = maillage.datasets.fabrique_2024()
    observed = maillage.interscale.vertical_share(g, by="programme", counts=True)
    frame = maillage.significance(g, "vertical_share", by="programme", samples=20, seed=0)
    reached = observed[["vertical", "horizontal", "unknown"]].sum(axis=1) > 0
    pd.testing.assert_series_equal(frame["observed"], observed["vertical_share"][reached], check_names=False)
    total = maillage.significance(g, "vertical_share", samples=20, seed=0)
    assert total["observed"].iloc[0] == pytest.approx(float(maillage.interscale.vertical_share(g)))
    by_node = maillage.significance(g, "vertical_share", by="kind", samples=5, seed=0)
    expected = maillage.interscale.vertical_share(g, by="kind", counts=True)
    reached = expected[["vertical", "horizontal", "unknown"]].sum(axis=1) > 0
    pd.testing.assert_series_equal(by_node["observed"], expected["vertical_share"][reached], check_names=False)
    by_relation = maillage.significance(g, "vertical_share", by="relation", samples=5, seed=0)
    assert "part_of" not in by_relation.index and "supports" in by_relation.index


def test_directed_relations_keep_their_direction_in_a_mixed_tie_set():
    g = maillage.datasets.fabrique_2024()
    h = maillage.rewire(g, seed=1)
    for rel in ("supports", "funds", "animates"):
        a = g.edges_frame().query("relation == @rel")
        b = h.edges_frame().query("relation == @rel")
        assert Counter(a["source"]) == Counter(b["source"]) and Counter(a["target"]) == Counter(b["target"])
        assert not a[["source", "target"]].equals(b[["source", "target"]])


def test_progress_and_cancellation():
    G = random_graph(400, 3000, 15)
    g = maillage.from_networkx(G)
    seen = []
    maillage.significance(g, "transitivity", samples=200, progress=lambda s, d, t: seen.append((s, d, t)))
    assert seen[-1] == ("null model", 200, 200)

    def stop(stage, done, total):
        if done > 5:
            raise maillage.Cancelled("enough")

    with pytest.raises(maillage.Cancelled):
        maillage.significance(g, "transitivity", samples=200, progress=stop)


def test_errors_name_what_is_wrong():
    g = maillage.from_networkx(random_graph(20, 40, 16))
    with raises_naming(maillage.InvalidInput, "statistic", "'density'"):
        maillage.significance(g, "density")
    with raises_naming(maillage.InvalidInput, "model", "'shuffle'"):
        maillage.significance(g, "transitivity", model="shuffle")
    with raises_naming(maillage.InvalidInput, "ei_index needs attribute="):
        maillage.significance(g, "ei_index")
    with raises_naming(maillage.InvalidInput, "no node attribute 'colour'"):
        maillage.significance(g, "ei_index", attribute="colour")
    with raises_naming(maillage.InvalidInput, "swaps", "-1"):
        maillage.significance(g, "transitivity", swaps=-1)
    with raises_naming(maillage.InvalidInput, "samples"):
        maillage.significance(g, "transitivity", samples=-3)
    with raises_naming(maillage.InvalidInput, "transitivity does not depend on labels"):
        maillage.significance(g, "transitivity", model="permute_labels")
    with raises_naming(maillage.InvalidInput, "by= groups the vertical share only"):
        maillage.significance(g, "modularity", attribute="group", by="group")
    zero = maillage.significance(g, "transitivity", samples=0)
    assert zero["samples"].iloc[0] == 0 and np.isnan(zero["p"].iloc[0])
