"""Burt's structural holes against NetworkX (constraint, effective size; its per-node reference
path) on random graphs — undirected and directed, weighted and unweighted, with isolated nodes
and zero-weight ties — efficiency and hierarchy from NetworkX's local constraints by the
formulas, and the ego-network model against NetworkX on each ego graph."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

import maillage


def random_graph(n, m, directed, weighted, seed, zero_weights=False):
    rng = random.Random(seed)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(f"v{i}" for i in range(n))  # some stay isolated
    while G.number_of_edges() < m:
        u, v = rng.randrange(n - 3), rng.randrange(n - 3)
        if u == v:
            continue
        w = 0.0 if zero_weights and rng.random() < 0.1 else round(rng.uniform(0.5, 5.0), 3)
        G.add_edge(f"v{u}", f"v{v}", weight=w if weighted else 1.0)
    return G


def view_of(G, weighted):
    g = maillage.from_networkx(G)
    return g.view(weight="weight" if weighted else None)


CASES = [
    (False, False, False),
    (False, True, False),
    (True, False, False),
    (True, True, False),
    (False, True, True),
    (True, True, True),
]


def nx_constraint(G, u, weight, table):
    """NetworkX's constraint, by its own local constraints where NetworkX itself gives NaN to a
    directed-graph node without out-arcs (it tests successors only; the formula sums over every
    contact, as igraph does)."""
    if len(G[u]) == 0:
        return sum(nx.local_constraint(G, u, v, weight=weight) for v in set(nx.all_neighbors(G, u)) - {u})
    return table[u]


def nx_effective_size(G, u, weight, table):
    """NetworkX's effective size, by its formula and its normalised mutual weights for the same
    directed-graph nodes (see nx_constraint)."""
    if len(G[u]) == 0:
        from networkx.algorithms.structuralholes import normalized_mutual_weight as nmw

        contacts = set(nx.all_neighbors(G, u)) - {u}
        return sum(
            1 - sum(nmw(G, u, w, weight=weight) * nmw(G, v, w, norm=max, weight=weight) for w in contacts - {v})
            for v in contacts
        )
    return table[u]


def nx_hierarchy(G, u, weight):
    contacts = set(nx.all_neighbors(G, u)) - {u}
    n = len(contacts)
    if n == 0:
        return math.nan
    if n == 1:
        return 1.0
    local = [nx.local_constraint(G, u, v, weight=weight) for v in contacts]
    mean = sum(local) / n
    return sum((c / mean) * math.log(c / mean) for c in local if c > 0) / (n * math.log(n))


@pytest.mark.parametrize("directed, weighted, zero_weights", CASES)
@pytest.mark.parametrize("seed", [1, 2])
def test_whole_network_model_equals_networkx(directed, weighted, zero_weights, seed):
    G = random_graph(40, 110, directed, weighted, seed, zero_weights)
    w = "weight" if weighted else None
    holes = maillage.structural_holes(view_of(G, weighted))
    nodes = list(G)
    constraint = nx.constraint(G, nodes=nodes, weight=w)
    effective = nx.effective_size(G, nodes=nodes, weight=w)
    for u in nodes:
        contacts = set(nx.all_neighbors(G, u)) - {u}
        strength = sum(G[u][v]["weight"] if G.has_edge(u, v) else 0 for v in contacts) + sum(
            G[v][u]["weight"] if G.has_edge(v, u) else 0 for v in contacts
        )
        row = holes.loc[u]
        if not contacts or (weighted and strength == 0):
            assert math.isnan(row["constraint"]) and math.isnan(row["effective_size"]), u
            assert math.isnan(row["efficiency"]) and math.isnan(row["hierarchy"]), u
            continue
        expected_c = nx_constraint(G, u, w, constraint)
        expected_es = nx_effective_size(G, u, w, effective)
        assert row["constraint"] == pytest.approx(expected_c, rel=1e-12, abs=1e-14), u
        assert row["effective_size"] == pytest.approx(expected_es, rel=1e-12, abs=1e-12), u
        assert row["efficiency"] == pytest.approx(expected_es / len(contacts), rel=1e-12, abs=1e-12), u
        assert row["hierarchy"] == pytest.approx(nx_hierarchy(G, u, w), rel=1e-10, abs=1e-12), u


@pytest.mark.parametrize("directed", [False, True])
def test_ego_network_model_is_networkx_on_each_ego_graph(directed):
    G = random_graph(30, 90, directed, True, 5)
    mine = maillage.structural_holes(view_of(G, True), weight="weight", model="ego")
    for u in G:
        E = nx.ego_graph(G, u, undirected=True)
        if E.number_of_nodes() == 1:
            assert math.isnan(mine.loc[u, "constraint"])
            continue
        c = nx_constraint(E, u, "weight", nx.constraint(E, nodes=[u], weight="weight"))
        es = nx_effective_size(E, u, "weight", nx.effective_size(E, nodes=[u], weight="weight"))
        assert mine.loc[u, "constraint"] == pytest.approx(c, rel=1e-12)
        assert mine.loc[u, "effective_size"] == pytest.approx(es, rel=1e-12)


def test_single_measures_match_the_frame_and_threads_do_not_matter():
    G = random_graph(300, 1500, False, True, 9)
    v = view_of(G, True)
    frame = maillage.structural_holes(v, threads=1)
    for name, fn in [
        ("constraint", maillage.constraint),
        ("effective_size", maillage.effective_size),
        ("efficiency", maillage.efficiency),
        ("hierarchy", maillage.hierarchy),
    ]:
        series = fn(v, threads=2)
        assert series.name == name
        np.testing.assert_array_equal(series.to_numpy(), frame[name].to_numpy())


def test_bad_model_is_named():
    G = random_graph(10, 12, False, False, 1)
    with pytest.raises(maillage.InvalidInput, match="'hub'"):
        maillage.constraint(view_of(G, False), model="hub")


def test_fabrique_brokers_have_low_constraint():
    """On the alliance, the association's own node spans many otherwise unconnected contacts: its
    constraint is among the lowest and its effective size the largest."""
    g = maillage.datasets.fabrique_2024()
    holes = maillage.structural_holes(g.view(relations="tie"))
    known = holes.dropna()
    top = known["effective_size"].idxmax()
    assert known.loc[top, "constraint"] <= known["constraint"].quantile(0.05)
