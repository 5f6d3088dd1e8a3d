"""ERGM estimation: dyad-independent models equal statsmodels' logistic regression on the dyads;
dyad-dependent fits satisfy the MLE's moment condition (simulated mean statistics equal the
observed ones within two Monte Carlo standard errors) and land near statnet's published
Florentine estimate; seeds, threads, degeneracy, goodness of fit against NetworkX."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import maillage
from maillage import models


def florentine():
    G = nx.florentine_families_graph()
    G.add_node("Pucci")  # isolated in Padgett's data, dropped by NetworkX's copy
    return G


def karate():
    G = nx.karate_club_graph()
    for u, v in G.edges:
        G[u][v].pop("weight", None)
    return G


def directed_network():
    # A random directed network with planted reciprocity (40 % of arcs returned).
    rng = np.random.default_rng(3)
    D = nx.gnp_random_graph(30, 0.08, seed=5, directed=True)
    for u, v in list(D.edges):
        if rng.random() < 0.4:
            D.add_edge(v, u)
    return D


def _view(G):
    return maillage.from_networkx(G).view()


def _batch_se(frame, chains=4):
    """Monte Carlo standard error of the mean of each column by batch means (≈ √L batches of
    √L draws per chain), draws stored chain after chain."""
    S = len(frame)
    per = [S // chains + (c < S % chains) for c in range(chains)]
    means, start = [], 0
    for L in per:
        x = frame.iloc[start:start + L].to_numpy()
        start += L
        b = int(np.sqrt(L))
        means += [x[i * b:(i + 1) * b].mean(axis=0) for i in range(L // b)]
    means = np.array(means)
    return means.std(axis=0, ddof=1) / np.sqrt(len(means))


def _dyad_design(G, directed, attrs):
    """The dyad-level design of edges + nodematch(c) + nodefactor(c) + nodecov(x) + absdiff(x),
    from the definitions (not from the library's change statistics)."""
    nodes = list(G)
    c, x = attrs["c"], attrs["x"]
    levels = sorted(set(c.values()))
    rows, y = [], []
    pairs = itertools.permutations(nodes, 2) if directed else itertools.combinations(nodes, 2)
    for i, j in pairs:
        rows.append([1.0, float(c[i] == c[j]), *[float(c[i] == lv) + float(c[j] == lv) for lv in levels[1:]],
                     x[i] + x[j], abs(x[i] - x[j])])
        y.append(float(G.has_edge(i, j)))
    return np.array(rows), np.array(y)


@pytest.mark.parametrize("directed", [False, True])
def test_dyad_independent_models_equal_logistic_regression(directed):
    G = directed_network() if directed else karate()
    rng = np.random.default_rng(8)
    attrs = {"c": {v: "abc"[int(rng.integers(0, 3))] for v in G}, "x": {v: float(rng.normal()) for v in G}}
    nx.set_node_attributes(G, attrs["c"], "c")
    nx.set_node_attributes(G, attrs["x"], "x")
    fit = models.ergm(_view(G), "edges + nodematch('c') + nodefactor('c') + nodecov('x') + absdiff('x')")
    X, y = _dyad_design(G, directed, attrs)
    logit = sm.Logit(y, X).fit(disp=0, tol=1e-12, maxiter=200)
    assert fit.method == "mple" and fit.dyad_independent
    np.testing.assert_allclose(fit.coefficients.to_numpy(), logit.params, atol=1e-6)
    np.testing.assert_allclose(fit.table["std_error"].to_numpy(), logit.bse, atol=1e-6)
    assert fit.log_pseudolikelihood == pytest.approx(logit.llf, abs=1e-6)


def test_edgecov_and_multilevel_terms_are_logistic_regression_too():
    G = karate()
    rng = np.random.default_rng(2)
    scale = {v: int(rng.integers(0, 4)) for v in G}
    nx.set_node_attributes(G, scale, "level")
    nodes = list(G)
    cov = rng.normal(size=(34, 34))
    keys = [str(v) for v in nodes]
    fit = models.ergm(_view(G), "edges + across('level') + adjacent('level') + edgecov('w')",
                      covariates={"w": pd.DataFrame(cov, index=keys, columns=keys)})
    rows, y = [], []
    for a, b in itertools.combinations(range(34), 2):
        i, j = nodes[a], nodes[b]
        rows.append([1.0, float(scale[i] != scale[j]), float(abs(scale[i] - scale[j]) == 1), cov[a, b]])
        y.append(float(G.has_edge(i, j)))
    logit = sm.Logit(np.array(y), np.array(rows)).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(fit.coefficients.to_numpy(), logit.params, atol=1e-6)


def test_florentine_edges_triangle_near_statnet():
    fit = models.ergm(_view(florentine()), "edges + triangle", seed=1)
    assert fit.method == "mcmc" and fit.converged
    # statnet's ergm tutorial: edges −1.675 (0.35), triangle 0.158 (0.58).
    assert fit.coefficients["edges"] == pytest.approx(-1.675, abs=0.12)
    assert fit.coefficients["triangle"] == pytest.approx(0.158, abs=0.12)
    assert 0.25 < fit.table.loc["edges", "std_error"] < 0.5
    assert 0.4 < fit.table.loc["triangle", "std_error"] < 0.8
    assert (fit.diagnostics["t_ratio"].abs() < 0.1).all()


@pytest.mark.parametrize(
    "name, formula",
    [
        ("florentine", "edges + triangle"),
        ("karate", "edges + gwesp(0.5)"),
        ("karate", "edges + gwesp(0.5) + gwdegree(0.8)"),
        ("directed", "edges + mutual + gwesp(0.5)"),
    ],
)
def test_moment_condition_at_the_estimate(name, formula):
    G = {"florentine": florentine, "karate": karate, "directed": directed_network}[name]()
    fit = models.ergm(_view(G), formula, seed=1, final_samples=65536)
    sims = fit.simulate(10000, seed=99)
    se = _batch_se(sims)
    observed = fit.model.statistics().to_numpy()
    z = (sims.mean().to_numpy() - observed) / se
    assert (np.abs(z) < 2).all(), dict(zip(fit.model.names, z))


def test_fits_do_not_depend_on_threads():
    v = _view(florentine())
    a = models.ergm(v, "edges + triangle", seed=4, threads=1, samples=1024, final_samples=4096)
    b = models.ergm(v, "edges + triangle", seed=4, threads=2, samples=1024, final_samples=4096)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.diagnostics, b.diagnostics)
    c = models.ergm(v, "edges + triangle", seed=5, threads=2, samples=1024, final_samples=4096)
    assert not a.table.equals(c.table)
    s1 = a.simulate(500, seed=2, threads=1)
    s2 = a.simulate(500, seed=2, threads=2)
    pd.testing.assert_frame_equal(s1, s2)


def test_degenerate_model_stops_with_a_clear_message():
    with pytest.raises(maillage.InvalidInput, match="degenerate.*nearly complete.*use gwesp"):
        models.ergm(_view(karate()), "edges + kstar(2) + triangle", seed=1)


def test_nonexistent_mle_is_reported():
    star = nx.star_graph(6)  # no triangle: the triangle coefficient's MLE is −∞
    with pytest.raises(maillage.InvalidInput, match="does not exist|same value"):
        models.ergm(_view(star), "edges + triangle", seed=1)


def test_gof_observed_distributions_match_networkx():
    G = florentine()
    v = _view(G)
    fit = models.ergm(v, "edges + triangle", seed=1, samples=1024, final_samples=4096)
    gof = fit.gof(samples=60, seed=3)
    degree = gof.loc["degree"]
    hist = nx.degree_histogram(G)
    for d, count in enumerate(hist):
        assert degree.loc[d, "observed"] == count
    assert degree["mean"].sum() == pytest.approx(16)  # every simulated network has 16 nodes
    esp = gof.loc["esp"]
    for k, count in pd.Series([len(list(nx.common_neighbors(G, a, b))) for a, b in G.edges]).value_counts().items():
        assert esp.loc[k, "observed"] == count
    assert esp["mean"].sum() == pytest.approx(fit.simulate(60, seed=3)["edges"].mean())
    dist = gof.loc["distance"]
    lengths = dict(nx.all_pairs_shortest_path_length(G))
    nodes = list(G)
    counts = {}
    for a, b in itertools.combinations(nodes, 2):
        d = lengths[a].get(b, -1)
        counts[d] = counts.get(d, 0) + 1
    for d, count in counts.items():
        assert dist.loc[d, "observed"] == count
    assert dist["mean"].sum() == pytest.approx(16 * 15 / 2)
    assert gof["p_value"].between(0, 1).all()
    assert (gof["min"] <= gof["mean"]).all() and (gof["mean"] <= gof["max"]).all()


def test_two_mode_fit_davis_southern_women():
    B = nx.davis_southern_women_graph()
    g = maillage.from_networkx(B)
    v = g.view()
    fit = models.ergm(v, "edges + gwb1degree(0.5) + gwb2degree(0.5)", modes="bipartite", seed=1,
                      final_samples=65536)
    assert fit.model.statistics()["edges"] == B.number_of_edges()
    sims = fit.simulate(10000, seed=7)
    z = (sims.mean().to_numpy() - fit.model.statistics().to_numpy()) / _batch_se(sims)
    assert (np.abs(z) < 2).all(), z
    # Simulated networks stay two-mode: b1star counts would change otherwise; edges ≤ 18 · 14.
    assert sims["edges"].max() <= 18 * 14


def test_result_table_and_errors():
    v = _view(florentine())
    fit = models.ergm(v, "edges", seed=0)
    assert list(fit.table.columns) == ["coefficient", "std_error", "mc_std_error", "z", "p_value", "mple",
                                       "mple_std_error"]
    # edges only: the MLE is the log-odds of the density, 20 ties among 120 dyads.
    assert fit.coefficients["edges"] == pytest.approx(np.log(20 / 100), abs=1e-9)
    with pytest.raises(maillage.InvalidInput, match="method"):
        models.ergm(v, "edges", method="bayes")
    with pytest.raises(maillage.InvalidInput, match="unknown term 'edge'"):
        models.ergm(v, "edge")
    with pytest.raises(maillage.InvalidInput, match="has no value of 'c'"):
        G = florentine()
        nx.set_node_attributes(G, {"Medici": "x"}, "c")
        models.ergm(_view(G), "edges + nodematch('c')")


def test_gof_representation(tmp_path):
    fit = models.ergm(_view(florentine()), "edges + triangle", seed=1, samples=1024, final_samples=4096)
    gof = fit.gof(samples=40, seed=2)
    rep = models.gof_representation(gof, "Florentine marriages")
    data = rep.to_dict() if hasattr(rep, "to_dict") else rep._data
    assert data["title"] == "Florentine marriages"
    assert len(data["rects"]) == 3 * len(gof)  # range, mean and observed per row
    assert len(data["axes"]) == 6
    observed = [r for r in data["rects"] if r["fill"] == "#d62728"]
    # The observed squares follow the table: degree rows first, in order, with their values.
    first = gof.loc["degree"].iloc[0]
    assert observed[0]["label"].startswith(f"degree 0: observed {first['observed']:g}")
    starred = sum(1 for a in data["annotations"] if a["text"] == "*")
    assert starred == int((gof["p_value"] < 0.05).sum())
    path = rep.write(tmp_path / "gof.svg")
    assert path.read_text().count("<rect") >= len(data["rects"])
    with pytest.raises(maillage.InvalidInput, match="ErgmResult.gof"):
        models.gof_representation(gof.reset_index())


def test_nesting_matrix_and_cross_level_closure_covariate():
    g = maillage.datasets.fabrique_2024()
    v = g.view(kinds=["territory"], relations=["tie", "nesting"], directed=False)
    m = models.nesting_matrix(v)
    keys = list(v.nodes)
    assert (m.to_numpy() == m.to_numpy().T).all()
    # Oracle: Graph.contains along the part_of hierarchy, pair by pair on a sample.
    rng = np.random.default_rng(0)
    for _ in range(300):
        a, b = (keys[int(k)] for k in rng.choice(len(keys), 2, replace=False))
        nested = g.contains(a, b) or g.contains(b, a)
        assert m.loc[a, b] == float(nested), (a, b)
    assert m.to_numpy().sum() > 0
    fit = models.ergm(v, "edges + edgecov('nested')", covariates={"nested": m})
    n = len(keys)
    rows, y = [], []
    adj = models.adjacency_matrix(v).to_numpy() > 0
    for i, j in itertools.combinations(range(n), 2):
        rows.append([1.0, m.iat[i, j]])
        y.append(float(adj[i, j]))
    logit = sm.Logit(np.array(y), np.array(rows)).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(fit.coefficients.to_numpy(), logit.params, atol=1e-6)
