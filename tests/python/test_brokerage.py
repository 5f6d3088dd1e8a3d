"""Gould–Fernandez brokerage: counts against a brute force over every ordered triple of random
directed and undirected graphs with random groups, z-scores against a numpy transcription of
sna's R formulas, hand-worked triads, the undirected invariants, unknown groups, and the
permutation test against a Python replay of its own relabellings (mean, std and p recomputed from
brute-force counts)."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import _core

ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]


# ------------------------------------------------------------------------------------ oracles
def brute_counts(G, group):
    """Role counts by enumerating all ordered triples (a, b, c) of distinct nodes: b brokers (a, c)
    when a → b, b → c and not a → c (an undirected graph has every tie both ways)."""
    arc = G.has_edge  # both ways on an undirected graph
    out = {b: dict.fromkeys(ROLES, 0) for b in G}
    for a, b, c in itertools.permutations(list(G), 3):
        if not (arc(a, b) and arc(b, c)) or arc(a, c):
            continue
        ga, gb, gc = group[a], group[b], group[c]
        if ga == gb == gc:
            role = "coordinator"
        elif ga == gc:
            role = "itinerant"
        elif ga == gb:
            role = "representative"
        elif gb == gc:
            role = "gatekeeper"
        else:
            role = "liaison"
        out[b][role] += 1
        out[b]["total"] += 1
    return out


def choose2(x):
    return x * (x - 1) / 2


def sna_moments(cl, N, m):
    """sna::brokerage's expectations and variances, transcribed from its R code (R/models.R)."""
    d = m / (N * (N - 1))
    clid = list(dict.fromkeys(cl))
    n = np.array([sum(1 for x in cl if x == c) for c in clid], dtype=float)
    q, c3, c4, c5 = d**2 * (1 - d), d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    ebr = np.zeros((len(clid), 6))
    vbr = np.zeros((len(clid), 6))
    for i in range(len(clid)):
        o = np.delete(n, i)
        ebr[i, 0] = q * (n[i] - 1) * (n[i] - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - q) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * c3
        ebr[i, 1] = q * np.sum(o * (o - 1))
        vbr[i, 1] = ebr[i, 1] * (1 - q) + 2 * np.sum(o * (o - 1) * (o - 2)) * c3
        ebr[i, 2] = q * (N - n[i]) * (n[i] - 1)
        vbr[i, 2] = ebr[i, 2] * (1 - q) + 2 * ((n[i] - 1) * choose2(N - n[i]) + (N - n[i]) * choose2(n[i] - 1)) * c3
        ebr[i, 3], vbr[i, 3] = ebr[i, 2], vbr[i, 2]
        ebr[i, 4] = q * (np.sum(np.outer(o, o)) - np.sum(o**2))
        vbr[i, 4] = ebr[i, 4] * (1 - q) + 4 * np.sum(o * choose2(N - o - n[i]) * c3)
        ebr[i, 5] = q * (N - 1) * (N - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * c3
    eg = np.zeros(6)
    vg = np.zeros(6)
    eg[0] = q * np.sum(n * (n - 1) * (n - 2))
    vg[0] = eg[0] * (1 - q) + np.sum(n * (n - 1) * (n - 2) * (((4 * n - 10) * c3) - (4 * (n - 3) * c4) + ((n - 3) * c5)))
    eg[1] = q * np.sum(n * (N - n) * (n - 1))
    x, y = np.meshgrid(n, n, indexing="ij")
    vg[1] = eg[1] * (1 - q) + (
        np.sum(x * y * (x - 1) * (((2 * x + 2 * y - 6) * c3) + ((N - x - 1) * c5)))
        - np.sum(n * n * (n - 1) * (((4 * n - 6) * c3) + ((N - n - 1) * c5)))
    )
    eg[2] = q * np.sum(n * (N - n) * (n - 1))
    vg[2] = eg[2] * (1 - q) + np.sum(n * (N - n) * (n - 1) * (((N - 3) * c3) + ((n - 2) * c5)))
    eg[3], vg[3] = eg[2], vg[2]
    eg[4] = q * (np.sum(x * y * (N - x - y)) - np.sum(n * n * (N - 2 * n)))
    vg[4] = eg[4] * (1 - q)
    k = len(n)
    for i in range(k):
        for j in range(k):
            for l in range(k):
                if i != j and j != l and i != l:
                    vg[4] += n[i] * n[j] * n[l] * (
                        (4 * (N - n[j]) - 2 * (n[i] + n[l] + 1)) * c3
                        - (4 * (N - n[l]) - 2 * (n[i] + n[j] + 1)) * c4
                        + (N - (n[i] + n[l] + 1)) * c5
                    )
    eg[5] = q * N * (N - 1) * (N - 2)
    vg[5] = eg[5] * (1 - q) + N * (N - 1) * (N - 2) * (((4 * N - 10) * c3) - (4 * (N - 3) * c4) + ((N - 3) * c5))
    return clid, ebr, vbr, eg, vg


def random_digraph(n, m, seed, directed=True, loops=False):
    rng = random.Random(seed)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(f"v{i}" for i in range(n))
    edges = 0
    while edges < m:
        u, v = rng.randrange(n), rng.randrange(n)
        if (u == v and not loops) or G.has_edge(f"v{u}", f"v{v}"):
            continue
        G.add_edge(f"v{u}", f"v{v}")
        edges += 1
    return G


def random_groups(G, k, seed):
    rng = random.Random(seed)
    return {u: f"g{rng.randrange(k)}" for u in G}


def z_of(x, e, v):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.float64(x - e) / np.sqrt(np.float64(v))


def assert_same(got, want, rel=1e-10):
    if math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(want, rel=rel, abs=1e-12)


# ------------------------------------------------------------------------------------ counts
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_and_z_equal_brute_force_and_sna_formulas(directed, seed):
    G = random_digraph(18, 40 if directed else 28, seed, directed, loops=seed == 3)
    group = random_groups(G, 3 + seed % 2, seed)
    g = maillage.from_networkx(G)
    result = maillage.brokerage(g.view(directed=directed), group)
    want = brute_counts(G, group)
    for u in G:
        for role in ROLES:
            assert result.loc[u, role] == want[u][role], (u, role)
    # z from sna's moments: N nodes, m arcs without self-loops, an undirected tie counting 2.
    N = G.number_of_nodes()
    m = sum(1 for a, b in G.edges() if a != b) * (1 if directed else 2)
    cl = [group[u] for u in G]
    clid, ebr, vbr, eg, vg = sna_moments(cl, N, m)
    for u in G:
        i = clid.index(group[u])
        for k, role in enumerate(ROLES):
            assert_same(result.loc[u, f"z_{role}"], z_of(want[u][role], ebr[i, k], vbr[i, k]))
    totals = maillage.brokerage_totals(g.view(directed=directed), group)
    assert list(totals.index) == ROLES and totals.index.name == "role"
    assert list(totals.columns) == ["observed", "expected", "std", "z"]
    for k, role in enumerate(ROLES):
        observed = sum(want[u][role] for u in G)
        assert totals.loc[role, "observed"] == observed
        assert_same(totals.loc[role, "expected"], eg[k])
        assert_same(totals.loc[role, "std"], math.sqrt(vg[k]))
        assert_same(totals.loc[role, "z"], z_of(observed, eg[k], vg[k]))
    for column in totals:
        for role in ROLES:
            assert_same(result.attrs["totals"][column][role], totals.loc[role, column])
    assert result.attrs["density"] == pytest.approx(m / (N * (N - 1)))
    assert result.attrs["nodes"] == N and result.attrs["arcs"] == m


def test_undirected_ties_count_both_ways():
    G = random_digraph(40, 90, 7, directed=False)
    group = random_groups(G, 4, 7)
    result = maillage.brokerage(maillage.from_networkx(G), group)
    assert (result["representative"] == result["gatekeeper"]).all()
    for role in ("coordinator", "itinerant", "liaison", "total"):
        assert (result[role] % 2 == 0).all(), role
    # The same graph as a digraph with both arcs of each tie gives the same counts.
    D = nx.DiGraph(G)
    same = maillage.brokerage(maillage.from_networkx(D), group)
    pd.testing.assert_frame_equal(result[ROLES], same[ROLES])


def test_hand_worked_triads():
    # a → b → c (no a → c) with b in a's group and c elsewhere: b is a representative once.
    # N = 3, m = 2, d = 1/3, q = d²(1 − d) = 2/27, d³(1 − d)³ = 8/729. Groups {a, b}: 2, {c}: 1.
    # b's group (n_i = 2): E[representative] = q (N − n_i)(n_i − 1) = 2/27,
    #   Var = E (1 − q) + 2 [(n_i − 1) C(N − n_i, 2) + (N − n_i) C(n_i − 1, 2)] d³(1 − d)³
    #       = (2/27)(25/27) + 2 [1·0 + 1·0] = 50/729, sd = sqrt(50)/27,
    #   z = (1 − 2/27) / (sqrt(50)/27) = 25/sqrt(50) = sqrt(12.5).
    # Coordinator for b: E = q (n_i − 1)(n_i − 2) = 0, Var = 0 → NaN (impossible with a pair).
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    result = maillage.brokerage(maillage.from_networkx(G), {"a": "x", "b": "x", "c": "y"})
    assert result.loc["b", ROLES].tolist() == [0, 0, 1, 0, 0, 1]
    assert result.loc["b", "z_representative"] == pytest.approx(math.sqrt(12.5), rel=1e-13)
    assert math.isnan(result.loc["b", "z_coordinator"])
    assert math.isnan(result.loc["b", "z_liaison"])  # two groups: no liaison
    # c → a does not block b; a → c does.
    open_back = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    closed = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    groups = {"a": 1, "b": 2, "c": 3}
    assert maillage.brokerage(maillage.from_networkx(open_back), groups).loc["b", "liaison"] == 1
    assert maillage.brokerage(maillage.from_networkx(closed), groups)["total"].sum() == 0


# ------------------------------------------------------------------------------------ groups
def test_attribute_by_name_series_dict_and_scale():
    G = random_digraph(25, 60, 4)
    group = random_groups(G, 3, 4)
    nx.set_node_attributes(G, group, "region")
    g = maillage.from_networkx(G)
    by_name = maillage.brokerage(g, "region")
    by_dict = maillage.brokerage(g, group)
    by_series = maillage.brokerage(g, pd.Series(group, name="region"))
    pd.testing.assert_frame_equal(by_name, by_dict)
    pd.testing.assert_frame_equal(by_name, by_series)
    assert by_name.index.name == "key"
    assert list(by_name.columns) == ROLES + [f"z_{r}" for r in ROLES]
    assert by_name.attrs["attribute"] == "region"
    assert sum(by_name.attrs["group_sizes"].values()) == 25
    # Scales: the own scale, or the scale resolved through located_in.
    frames = {
        "nodes": pd.DataFrame(
            {
                "key": ["commune:1", "region:1", "o1", "o2", "o3"],
                "kind": ["territory", "territory", "organisation", "organisation", "organisation"],
                "scale": ["commune", "region", "national", None, None],
            }
        ),
        "edges": pd.DataFrame(
            {
                "source": ["o1", "o2", "o3", "o2", "o3"],
                "target": ["o2", "o3", "o1", "commune:1", "region:1"],
                "relation": ["supports", "supports", "supports", "located_in", "located_in"],
            }
        ),
    }
    h = maillage.Graph.from_frames(frames["nodes"], frames["edges"])
    ties = h.view(relations="tie", kinds=["organisation"])
    with pytest.raises(maillage.InvalidInput, match="'o2'.*'scale'"):
        maillage.brokerage(ties, "scale")
    resolved = maillage.brokerage(ties, "scale", actor_scale="unique")
    # o1 (national) → o2 (commune) → o3 (region), no o1 → o3: o2 is a liaison.
    assert resolved.loc["o2", "liaison"] == 1
    assert resolved.attrs["group_sizes"] == {"commune": 1, "region": 1, "national": 1}


def test_unknown_groups_error_names_the_node_or_are_dropped():
    G = random_digraph(20, 50, 8)
    group = random_groups(G, 3, 8)
    del group["v7"]
    g = maillage.from_networkx(G)
    with pytest.raises(maillage.InvalidInput, match="'v7'"):
        maillage.brokerage(g, group)
    with pytest.raises(maillage.InvalidInput, match="'v7'"):
        maillage.brokerage_permutation_test(g, group, samples=5)
    with pytest.raises(maillage.InvalidInput, match="missing"):
        maillage.brokerage(g, group, missing="skip")
    dropped = maillage.brokerage(g, group, missing="drop")
    assert "v7" not in dropped.index and len(dropped) == 19
    assert dropped.attrs["dropped"] == ["v7"]
    # Dropped from the graph before counting: as sna on the remaining nodes.
    H = G.copy()
    H.remove_node("v7")
    without = maillage.brokerage(maillage.from_networkx(H), group)
    pd.testing.assert_frame_equal(dropped, without.loc[dropped.index])
    assert dropped.attrs["density"] == without.attrs["density"]
    assert dropped.attrs["totals"]["observed"] == without.attrs["totals"]["observed"]
    with pytest.raises(maillage.NotFound, match="'nobody'"):
        maillage.brokerage(g, {**group, "nobody": "g1"})


# ------------------------------------------------------------------------------------ permutations
def test_permutation_test_replays_its_relabellings():
    G = random_digraph(12, 30, 5)
    group = random_groups(G, 3, 5)
    group["v3"] = None
    g = maillage.from_networkx(G)
    samples, seed = 40, 17
    test = maillage.brokerage_permutation_test(g, group, samples=samples, seed=seed, missing="drop")
    assert test.index.names == ["key", "role"]
    assert list(test.columns) == ["observed", "expected", "mean", "std", "p"]
    assert test.index.get_level_values("role").categories.tolist() == ROLES
    assert test.attrs["samples"] == samples and test.attrs["seed"] == seed
    # Replay: the relabellings the kernel draws, counted by brute force on the graph without v3.
    view = g.view()
    keys = list(view.key_index())
    labels = sorted({v for v in group.values() if v is not None})
    codes = np.array([labels.index(group[k]) if group[k] is not None else -1 for k in keys], dtype=np.int32)
    H = G.copy()
    H.remove_node("v3")
    observed = brute_counts(H, group)
    draws = {u: {r: [] for r in ROLES} for u in H}
    for s in range(samples):
        perm = _core.brokerage_permuted_groups(codes, len(codes), seed, s)
        kept = perm[codes >= 0]
        assert sorted(kept) == sorted(codes[codes >= 0])  # group sizes kept
        assert perm[keys.index("v3")] == -1
        counts = brute_counts(H, {k: int(c) for k, c in zip(keys, perm) if c >= 0})
        for u in H:
            for r in ROLES:
                draws[u][r].append(counts[u][r])
    N = H.number_of_nodes()
    n = np.array([sum(1 for u in H if group[u] == lab) for lab in labels], dtype=float)
    D = N * (N - 1) * (N - 2)
    share = {
        "coordinator": np.sum(n * (n - 1) * (n - 2)) / D,
        "itinerant": np.sum(n * (n - 1) * (N - n)) / D,
        "representative": np.sum(n * (n - 1) * (N - n)) / D,
        "gatekeeper": np.sum(n * (n - 1) * (N - n)) / D,
    }
    share["liaison"] = 1 - share["coordinator"] - 3 * share["itinerant"]
    share["total"] = 1.0
    for u in H:
        for r in ROLES:
            row = test.loc[(u, r)]
            x = np.array(draws[u][r], dtype=float)
            obs = observed[u][r]
            expected = observed[u]["total"] * share[r]
            assert row["observed"] == obs
            assert row["expected"] == pytest.approx(expected, abs=1e-9)
            assert row["mean"] == pytest.approx(x.mean(), abs=1e-12)
            assert row["std"] == pytest.approx(x.std(ddof=1), abs=1e-9)
            extreme = np.sum(np.abs(x - expected) >= np.abs(obs - expected) - 1e-9)
            assert row["p"] == pytest.approx((1 + extreme) / (1 + samples)), (u, r)
    totals = test.attrs["totals"]
    for r in ROLES:
        x = np.array([sum(draws[u][r][s] for u in H) for s in range(samples)], dtype=float)
        assert totals["observed"][r] == sum(observed[u][r] for u in H)
        assert totals["mean"][r] == pytest.approx(x.mean())
        assert totals["std"][r] == pytest.approx(x.std(ddof=1), abs=1e-9)


def test_permutation_test_is_reproducible_for_any_thread_count():
    G = random_digraph(300, 1500, 6)
    group = random_groups(G, 4, 6)
    g = maillage.from_networkx(G)
    one = maillage.brokerage_permutation_test(g, group, samples=64, seed=9, threads=1)
    two = maillage.brokerage_permutation_test(g, group, samples=64, seed=9, threads=2)
    pd.testing.assert_frame_equal(one, two)
    assert str(one.attrs) == str(two.attrs)
    other = maillage.brokerage_permutation_test(g, group, samples=64, seed=10, threads=2)
    assert not one["mean"].equals(other["mean"])
    pd.testing.assert_frame_equal(
        one.xs("total", level="role")[["observed"]].rename(columns={"observed": "total"}),
        maillage.brokerage(g, group)[["total"]],
    )
    wide = one.unstack("role")
    assert wide.shape == (300, 5 * 6)


def test_permutation_progress_and_cancellation():
    G = random_digraph(60, 200, 3)
    group = random_groups(G, 3, 3)
    g = maillage.from_networkx(G)
    seen = []
    maillage.brokerage_permutation_test(g, group, samples=50, progress=lambda s, d, t: seen.append((s, d, t)))
    assert seen and seen[-1][1] == seen[-1][2] == 50

    def stop(stage, done, total):
        if done > 5:
            raise maillage.Cancelled("stop")

    with pytest.raises(maillage.Cancelled):
        maillage.brokerage_permutation_test(g, group, samples=1000, progress=stop, threads=2)
    with pytest.raises(maillage.InvalidInput, match="samples"):
        maillage.brokerage_permutation_test(g, group, samples=0)
    with pytest.raises(maillage.InvalidInput, match="seed"):
        maillage.brokerage_permutation_test(g, group, seed=-1)


def test_brokerage_is_identical_for_any_thread_count_and_concatenates():
    G = random_digraph(3000, 30000, 12)
    group = random_groups(G, 6, 12)
    g = maillage.from_networkx(G)
    one = maillage.brokerage(g, group, threads=1)
    two = maillage.brokerage(g, group, threads=2)
    pd.testing.assert_frame_equal(one, two)
    assert str(one.attrs) == str(two.attrs)
    both = pd.concat([one, two])  # plain-dict attrs: no frame comparison inside pandas
    assert len(both) == 6000
