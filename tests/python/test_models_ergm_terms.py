"""ERGM terms: every statistic equals its definition computed by brute force (NetworkX and plain
Python), and every change statistic equals the difference of the statistic with and without the
tie, on random graphs (Hypothesis)."""

from __future__ import annotations

import decimal
import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import maillage
from maillage import models

DECAY = 0.7


def _f(k, decay=DECAY):
    return math.exp(decay) * (1 - (1 - math.exp(-decay)) ** k)


def _undirected_stats(G, attrs, cov, levels):
    """Statistics of the undirected one-mode formula below, by definition."""
    c, x = attrs["c"], attrs["x"]
    E = list(G.edges())
    deg = dict(G.degree())
    s = {}
    s["edges"] = len(E)
    s["nodematch.c"] = sum(c[i] == c[j] for i, j in E)
    for lv in levels:
        s[f"nodematch.c.{lv}"] = sum(c[i] == c[j] == lv for i, j in E)
    mix_pairs = [(a, b) for a in levels for b in levels if a <= b][1:]
    for a, b in mix_pairs:
        s[f"nodemix.c.{a}.{b}"] = sum(tuple(sorted((c[i], c[j]))) == (a, b) for i, j in E)
    for lv in levels[1:]:
        s[f"nodefactor.c.{lv}"] = sum((c[i] == lv) + (c[j] == lv) for i, j in E)
    s["nodecov.x"] = sum(x[i] + x[j] for i, j in E)
    s["absdiff.x"] = sum(abs(x[i] - x[j]) for i, j in E)
    s["adjacent.x"] = sum(abs(x[i] - x[j]) == 1 for i, j in E)
    s["across.c"] = sum(c[i] != c[j] for i, j in E)
    s["edgecov.w"] = sum(cov[min(i, j)][max(i, j)] for i, j in E)
    s["degree1"] = sum(d == 1 for d in deg.values())
    s["degree2"] = sum(d == 2 for d in deg.values())
    s[f"gwdegree.{DECAY}"] = sum(_f(d) for d in deg.values())
    s["kstar2"] = sum(math.comb(d, 2) for d in deg.values())
    s["kstar3"] = sum(math.comb(d, 3) for d in deg.values())
    s["triangle"] = sum(nx.triangles(G).values()) // 3
    s[f"gwesp.fixed.{DECAY}"] = sum(_f(len(list(nx.common_neighbors(G, i, j)))) for i, j in E)
    s[f"gwdsp.fixed.{DECAY}"] = sum(_f(len(list(nx.common_neighbors(G, i, j)))) for i, j in itertools.combinations(G, 2))
    s["crosstriangle.c"] = sum(
        1 for a, b, d in itertools.combinations(G, 3)
        if G.has_edge(a, b) and G.has_edge(b, d) and G.has_edge(a, d) and not (c[a] == c[b] == c[d]))
    return s


UNDIRECTED = (f"edges + nodematch('c') + nodematch('c', diff=True) + nodemix('c') + nodefactor('c') + nodecov('x')"
              f" + absdiff('x') + adjacent('x') + across('c') + edgecov('w') + degree(1, 2) + gwdegree({DECAY})"
              f" + kstar(2) + kstar(3) + triangle + gwesp({DECAY}) + gwdsp({DECAY}) + crosstriangle('c')")


def _directed_stats(G, attrs, cov, levels):
    c, x = attrs["c"], attrs["x"]
    E = list(G.edges())
    n = G.number_of_nodes()
    out = {v: set(G.successors(v)) for v in G}
    inn = {v: set(G.predecessors(v)) for v in G}
    s = {}
    s["edges"] = len(E)
    s["mutual"] = sum(1 for i, j in E if i < j and G.has_edge(j, i))
    s["nodematch.c"] = sum(c[i] == c[j] for i, j in E)
    mix_pairs = [(a, b) for a in levels for b in levels][1:]
    for a, b in mix_pairs:
        s[f"nodemix.c.{a}.{b}"] = sum((c[i], c[j]) == (a, b) for i, j in E)
    for lv in levels[1:]:
        s[f"nodefactor.c.{lv}"] = sum((c[i] == lv) + (c[j] == lv) for i, j in E)
    s["nodecov.x"] = sum(x[i] + x[j] for i, j in E)
    s["absdiff.x"] = sum(abs(x[i] - x[j]) for i, j in E)
    s["edgecov.w"] = sum(cov[i][j] for i, j in E)
    s["ostar2"] = sum(math.comb(len(out[v]), 2) for v in G)
    s["istar2"] = sum(math.comb(len(inn[v]), 2) for v in G)
    tt = sum(1 for a, b, d in itertools.permutations(range(n), 3) if G.has_edge(a, b) and G.has_edge(b, d) and G.has_edge(a, d))
    ct = sum(1 for a, b, d in itertools.permutations(range(n), 3) if G.has_edge(a, b) and G.has_edge(b, d) and G.has_edge(d, a)) // 3
    s["ttriple"] = tt
    s["ctriple"] = ct
    s["triangle"] = tt + ct
    s[f"gwodegree.{DECAY}"] = sum(_f(len(out[v])) for v in G)
    s[f"gwidegree.{DECAY}"] = sum(_f(len(inn[v])) for v in G)
    s[f"gwesp.fixed.{DECAY}"] = sum(_f(len(out[i] & inn[j])) for i, j in E)
    s[f"gwdsp.fixed.{DECAY}"] = sum(_f(len(out[i] & inn[j])) for i, j in itertools.permutations(range(n), 2))
    return s


DIRECTED = (f"edges + mutual + nodematch('c') + nodemix('c') + nodefactor('c') + nodecov('x') + absdiff('x')"
            f" + edgecov('w') + ostar(2) + istar(2) + ttriple + ctriple + triangle + gwodegree({DECAY})"
            f" + gwidegree({DECAY}) + gwesp({DECAY}) + gwdsp({DECAY})")


def _bipartite_stats(G, first, second):
    E = list(G.edges())
    s = {"edges": len(E)}
    s["b1star2"] = sum(math.comb(G.degree(v), 2) for v in first)
    s["b2star2"] = sum(math.comb(G.degree(v), 2) for v in second)
    s[f"gwb1degree.{DECAY}"] = sum(_f(G.degree(v)) for v in first)
    s[f"gwb2degree.{DECAY}"] = sum(_f(G.degree(v)) for v in second)
    s["cycle4"] = sum(math.comb(len(list(nx.common_neighbors(G, a, b))), 2) for a, b in itertools.combinations(first, 2))
    s[f"gwb1dsp.fixed.{DECAY}"] = sum(_f(len(list(nx.common_neighbors(G, a, b)))) for a, b in itertools.combinations(first, 2))
    s[f"gwb2dsp.fixed.{DECAY}"] = sum(_f(len(list(nx.common_neighbors(G, a, b)))) for a, b in itertools.combinations(second, 2))
    return s


BIPARTITE = (f"edges + b1star(2) + b2star(2) + gwb1degree({DECAY}) + gwb2degree({DECAY}) + cycle4 + gwb1dsp({DECAY})"
             f" + gwb2dsp({DECAY})")


def _graph(draw, directed):
    n = draw(st.integers(3, 8))
    p = draw(st.floats(0.1, 0.9))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for i, j in (itertools.permutations(range(n), 2) if directed else itertools.combinations(range(n), 2)):
        if rng.random() < p:
            G.add_edge(i, j)
    levels = ["a", "b", "c"]
    attrs = {"c": [levels[k] for k in rng.integers(0, 3, n)], "x": rng.integers(0, 4, n).astype(float).tolist()}
    cov = rng.normal(size=(n, n)).round(3)
    i, j = (int(v) for v in rng.choice(n, 2, replace=False))
    return G, attrs, cov, levels, i, j


@st.composite
def undirected_case(draw):
    return _graph(draw, False)


@st.composite
def directed_case(draw):
    return _graph(draw, True)


def _check(G, attrs, cov, levels, i, j, formula, brute, directed):
    n = G.number_of_nodes()
    used = sorted(set(attrs["c"]))
    model = models.ErgmModel.from_edges(n, list(G.edges()), formula, directed=directed, attributes=attrs,
                                        covariates={"w": cov})
    # Levels the model knows are the ones present; the brute force uses the same.
    observed = model.statistics()
    expected = brute(G, attrs, cov, used)
    for name in model.names:
        assert observed[name] == pytest.approx(expected[name], abs=1e-9), name
    H = G.copy()
    if H.has_edge(i, j):
        H.remove_edge(i, j)
    with_tie = H.copy()
    with_tie.add_edge(i, j)
    plus, minus = brute(with_tie, attrs, cov, used), brute(H, attrs, cov, used)
    change = model.change_statistics(i, j)
    for name in model.names:
        assert change[name] == pytest.approx(plus[name] - minus[name], abs=1e-9), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(undirected_case())
def test_undirected_change_statistics(case):
    G, attrs, cov, levels, i, j = case
    if len(set(attrs["c"])) < 2:
        return  # nodemix/nodefactor need two levels (an error, tested below)
    _check(G, attrs, cov, levels, i, j, UNDIRECTED, _undirected_stats, False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(directed_case())
def test_directed_change_statistics(case):
    G, attrs, cov, levels, i, j = case
    if len(set(attrs["c"])) < 2:
        return
    _check(G, attrs, cov, levels, i, j, DIRECTED, _directed_stats, True)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.integers(2, 5), st.floats(0.1, 0.9), st.integers(0, 2**31))
def test_bipartite_change_statistics(a, b, p, seed):
    rng = np.random.default_rng(seed)
    first, second = list(range(a)), list(range(a, a + b))
    G = nx.Graph()
    G.add_nodes_from(range(a + b))
    G.add_edges_from((u, v) for u in first for v in second if rng.random() < p)
    modes = [0] * a + [1] * b
    model = models.ErgmModel.from_edges(a + b, list(G.edges()), BIPARTITE, modes=modes)
    expected = _bipartite_stats(G, first, second)
    observed = model.statistics()
    for name in model.names:
        assert observed[name] == pytest.approx(expected[name], abs=1e-9), name
    u, v = int(rng.choice(first)), int(rng.choice(second))
    H = G.copy()
    if H.has_edge(u, v):
        H.remove_edge(u, v)
    W = H.copy()
    W.add_edge(u, v)
    plus, minus = _bipartite_stats(W, first, second), _bipartite_stats(H, first, second)
    for dyad in ((u, v), (v, u)):  # either orientation of an undirected dyad
        change = model.change_statistics(*dyad)
        for name in model.names:
            assert change[name] == pytest.approx(plus[name] - minus[name], abs=1e-9), name


def test_formula_errors_name_the_column_and_the_fault():
    make = lambda f, **kw: models.ErgmModel.from_edges(4, [(0, 1), (1, 2)], f, attributes={"c": list("aabb")}, **kw)
    with pytest.raises(maillage.InvalidInput, match=r"column 9: unknown term 'gwesq' \(known terms: edges"):
        make("edges + gwesq(0.5)")
    with pytest.raises(maillage.InvalidInput, match="column 19: unquoted word 'c'"):
        make("edges + nodematch(c)")
    with pytest.raises(maillage.InvalidInput, match="unknown node attribute 'region' \\(given: 'c'\\)"):
        make("edges + nodematch('region')")
    with pytest.raises(maillage.InvalidInput, match="gwesp: needs decay"):
        make("edges + gwesp")
    with pytest.raises(maillage.InvalidInput, match="expected '\\+' between terms"):
        make("edges triangle")
    with pytest.raises(maillage.InvalidInput, match="mutual: is defined for directed networks"):
        make("edges + mutual")
    with pytest.raises(maillage.InvalidInput, match="ttriple: is defined for directed"):
        make("ttriple")
    with pytest.raises(maillage.InvalidInput, match="kstar: is defined for undirected"):
        models.ErgmModel.from_edges(3, [(0, 1)], "kstar(2)", directed=True)
    with pytest.raises(maillage.InvalidInput, match="cycle4: is defined for two-mode"):
        make("cycle4")
    with pytest.raises(maillage.InvalidInput, match="unexpected argument 'foo'"):
        make("nodematch('c', foo=True)")
    with pytest.raises(maillage.InvalidInput, match="is neither numeric nor ordered"):
        make("absdiff('c')")
    with pytest.raises(maillage.InvalidInput, match="formula is empty"):
        make("  ")
    with pytest.raises(maillage.InvalidInput, match="repeats a statistic"):
        make("edges + edges")
    with pytest.raises(maillage.InvalidInput, match="self-loop"):
        models.ErgmModel.from_edges(3, [(1, 1)], "edges")
    with pytest.raises(maillage.InvalidInput, match="given twice"):
        models.ErgmModel.from_edges(3, [(0, 1), (1, 0)], "edges")
    with pytest.raises(maillage.InvalidInput, match="same mode"):
        models.ErgmModel.from_edges(3, [(0, 1)], "edges", modes=[0, 0, 1])


def _exact_weight(k: int, decay: float) -> float:
    """f(k) = e^α (1 − (1 − e^−α)^k) = Σ_{m=1..k} C(k, m) (−1)^(m+1) e^(−α(m−1)), in 60-digit
    decimal arithmetic (e^−α underflows to 0 for huge α, leaving the limit k)."""
    with decimal.localcontext() as context:
        context.prec = 60
        eps = decimal.Decimal(-decay).exp()
        total = decimal.Decimal(k)
        for m in range(2, k + 1):
            total += math.comb(k, m) * (-1) ** (m + 1) * eps ** (m - 1)
        return float(total)


def _geometric_stats(G, decay, directed):
    if directed:
        out = {v: set(G.successors(v)) for v in G}
        inn = {v: set(G.predecessors(v)) for v in G}
        sp = lambda a, b: len(out[a] & inn[b])  # noqa: E731
        pairs = itertools.permutations(G, 2)
        degrees = [len(out[v]) for v in G]
    else:
        sp = lambda a, b: len(list(nx.common_neighbors(G, a, b)))  # noqa: E731
        pairs = itertools.combinations(G, 2)
        degrees = [d for _, d in G.degree()]
    return [sum(_exact_weight(sp(i, j), decay) for i, j in G.edges()),
            sum(_exact_weight(sp(i, j), decay) for i, j in pairs),
            sum(_exact_weight(d, decay) for d in degrees)]


DECAYS = [0.0, 0.1, 1.0, 5.0, 30.0, 40.0, 50.0, 700.0, 709.5, 710.0, 745.0, 800.0, 1e6, 8.9e24]


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("decay", DECAYS)
def test_geometric_weights_are_exact_for_any_decay(decay, directed):
    # Above α ≈ 37 the statistic was 0 · ∞ or lost its new tie's term (1 − e^−α rounding to 1); a
    # huge decay (found by the formula fuzz target) gave a non-finite statistic. The weight tends
    # to k, so gwesp tends to Σ_ties sp (3 × triangles when undirected), gwdegree to Σ_v d_v.
    G = nx.gnp_random_graph(12, 0.45, seed=5, directed=directed)
    degree = "gwodegree" if directed else "gwdegree"
    formula = f"gwesp({decay!r}) + gwdsp({decay!r}) + {degree}({decay!r})"
    model = models.ErgmModel.from_edges(12, list(G.edges()), formula, directed=directed)
    observed = model.statistics().to_numpy()
    assert np.isfinite(observed).all()
    assert observed == pytest.approx(_geometric_stats(G, decay, directed), rel=1e-12)
    for i, j in [(0, 1), (3, 7), (11, 2)]:
        H = G.copy()
        if H.has_edge(i, j):
            H.remove_edge(i, j)
        W = H.copy()
        W.add_edge(i, j)
        expected = np.subtract(_geometric_stats(W, decay, directed), _geometric_stats(H, decay, directed))
        assert model.change_statistics(i, j).to_numpy() == pytest.approx(expected, rel=1e-9, abs=1e-9)
    if decay >= 800 and not directed:
        assert observed[0] == sum(nx.triangles(G).values())  # each triangle: 3 ties, one partner each
        assert observed[1] == sum(math.comb(d, 2) for _, d in G.degree())  # two-paths
        assert observed[2] == 2 * G.number_of_edges()


def test_a_huge_decay_is_the_limit_of_the_weights():
    # The fuzz target's input: edges + gwesp(8.9e24) on a triangle with a pendant tie.
    model = models.ErgmModel.from_edges(4, [(0, 1), (1, 2), (0, 2), (2, 3)],
                                        "edges + gwesp(8888888888888888888888888.3)")
    assert model.statistics().tolist() == [4.0, 3.0]
    assert model.change_statistics(1, 3).tolist() == [1.0, 3.0]  # f(1) for 1-3, 1-2 and 2-3 gain one each
