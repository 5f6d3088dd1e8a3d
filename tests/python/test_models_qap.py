"""QAP correlation and regression: closed forms (Pearson, least squares and logistic fits by
statsmodels), the exact permutation distribution of a small case, R's sna when installed, seeds
and threads, errors."""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import maillage
from maillage import models


def _random(n, seed, directed=True):
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=(n, n))
    x2 = rng.normal(size=(n, n))
    y = 0.15 * x1 - 0.05 * x2 + rng.normal(size=(n, n))
    if not directed:
        x1, x2, y = (np.triu(m, 1) + np.triu(m, 1).T for m in (x1, x2, y))
    for m in (x1, x2, y):
        np.fill_diagonal(m, 0)
    return y, x1, x2


def _cells(m, directed=True):
    n = m.shape[0]
    mask = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), 1)
    return m[mask]


@pytest.mark.parametrize("directed", [True, False])
def test_correlation_is_pearson_of_the_cells(directed):
    y, x1, _ = _random(12, 1, directed)
    r = models.qap_correlation(y, x1, permutations=50, seed=3)
    expected = np.corrcoef(_cells(y, directed), _cells(x1, directed))[0, 1]
    assert r.loc["correlation", "estimate"] == pytest.approx(expected, abs=1e-12)
    assert r.loc["correlation", "permutations"] == 50
    assert len(r.attrs["null"]) == 50


def test_correlation_p_values_match_the_exact_permutation_distribution():
    # 5 nodes: all 120 permutations enumerated give the exact one-sided p-values.
    y, x, _ = _random(5, 7)
    yc = _cells(y)
    exact = []
    for p in itertools.permutations(range(5)):
        xp = x[np.ix_(p, p)]
        exact.append(np.corrcoef(yc, _cells(xp))[0, 1])
    exact = np.array(exact)
    observed = np.corrcoef(yc, _cells(x))[0, 1]
    p_greater = np.mean(exact >= observed - 1e-12)
    p_less = np.mean(exact <= observed + 1e-12)
    R = 4000
    r = models.qap_correlation(y, x, permutations=R, seed=11)
    for ours, truth in ((r.loc["correlation", "p_greater"], p_greater), (r.loc["correlation", "p_less"], p_less)):
        assert abs(ours - truth) < 4 * math.sqrt(truth * (1 - truth) / R) + 2 / R
    null = r.attrs["null"]
    assert abs(null.mean() - exact.mean()) < 4 * exact.std() / math.sqrt(R)


@pytest.mark.parametrize("directed", [True, False])
def test_linear_regression_equals_ols_on_the_cells(directed):
    y, x1, x2 = _random(10, 2, directed)
    r = models.qap_regression(y, {"x1": x1, "x2": x2}, permutations=20, seed=1)
    X = sm.add_constant(np.column_stack([_cells(x1, directed), _cells(x2, directed)]))
    ols = sm.OLS(_cells(y, directed), X).fit()
    np.testing.assert_allclose(r["coefficient"].to_numpy(), ols.params, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r["std_error"].to_numpy(), ols.bse, rtol=1e-9)
    np.testing.assert_allclose(r["statistic"].to_numpy(), ols.tvalues, rtol=1e-9)
    assert r.attrs["r_squared"] == pytest.approx(ols.rsquared, rel=1e-9)
    assert list(r.index) == ["intercept", "x1", "x2"]


def test_logistic_regression_equals_statsmodels_logit():
    rng = np.random.default_rng(5)
    n = 15
    x1 = rng.normal(size=(n, n))
    x2 = (rng.random((n, n)) < 0.5).astype(float)
    p = 1 / (1 + np.exp(-(-1 + 0.8 * x1 + 0.5 * x2)))
    y = (rng.random((n, n)) < p).astype(float)
    r = models.qap_regression(y, [x1, x2], family="logistic", permutations=20, seed=1)
    X = sm.add_constant(np.column_stack([_cells(x1), _cells(x2)]))
    logit = sm.Logit(_cells(y), X).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(r["coefficient"].to_numpy(), logit.params, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(r["std_error"].to_numpy(), logit.bse, rtol=1e-6)
    assert r.attrs["r_squared"] == pytest.approx(logit.prsquared, rel=1e-7)


def test_semi_partialling_detects_a_real_effect_and_not_a_null_one():
    y, x1, x2 = _random(30, 9)
    r = models.qap_regression(y, {"x1": x1, "x2": x2}, permutations=300, seed=2)
    # x1's t is about 0.15 * sqrt(870) ≈ 4.4: far in the tail; the intercept is 0 in truth.
    assert r.loc["x1", "p_greater"] < 0.01 and r.loc["x1", "p_abs"] < 0.01
    assert r.loc["x1", "null_q975"] < r.loc["x1", "statistic"]
    assert abs(r.loc["x1", "null_mean"]) < 0.5 and 0.5 < r.loc["x1", "null_std"] < 2


def test_results_do_not_depend_on_threads_and_follow_the_seed():
    y, x1, x2 = _random(14, 4)
    a = models.qap_regression(y, [x1, x2], permutations=200, seed=7, threads=1)
    b = models.qap_regression(y, [x1, x2], permutations=200, seed=7, threads=2)
    c = models.qap_regression(y, [x1, x2], permutations=200, seed=8, threads=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a["null_mean"].equals(c["null_mean"])
    ca = models.qap_correlation(y, x1, permutations=3000, seed=1, threads=1)
    cb = models.qap_correlation(y, x1, permutations=3000, seed=1, threads=2)
    np.testing.assert_array_equal(ca.attrs["null"], cb.attrs["null"])


def test_permute_y_null():
    y, x1, x2 = _random(12, 3)
    r = models.qap_regression(y, [x1, x2], null="permute_y", permutations=100, seed=1)
    assert r["p_greater"].between(0, 1).all()
    assert r.loc["x1", "p_abs"] <= 1


def test_views_and_attribute_matrices():
    G = nx.karate_club_graph()
    g = maillage.from_networkx(G)
    v = g.view()
    same_club = models.attribute_matrix(v, "club")
    r = models.qap_regression(v, {"same_club": same_club}, family="logistic", permutations=100, seed=0)
    keys = v.nodes
    A = nx.to_numpy_array(G, nodelist=[int(k) for k in keys], weight=None)
    S = np.array([[float(G.nodes[int(a)]["club"] == G.nodes[int(b)]["club"]) for b in keys] for a in keys])
    X = sm.add_constant(_cells(S, False))
    logit = sm.Logit(_cells(A, False), X).fit(disp=0, tol=1e-12)
    np.testing.assert_allclose(r["coefficient"].to_numpy(), logit.params, rtol=1e-7)
    assert r.attrs["cells"] == 34 * 33 // 2
    assert r.loc["same_club", "p_greater"] < 0.05  # ties stay within the clubs


def test_errors_name_the_fault():
    y, x1, _ = _random(6, 1)
    x1[2, 3] = np.nan
    with pytest.raises(maillage.InvalidInput, match="row 2, column 3"):
        models.qap_correlation(y, x1)
    keys = list("abcdef")
    frame = pd.DataFrame(np.where(np.isnan(x1), np.inf, x1), index=keys, columns=keys)
    with pytest.raises(maillage.InvalidInput, match=r"\('c', 'd'\)"):
        models.qap_correlation(pd.DataFrame(y, index=keys, columns=keys), frame)
    with pytest.raises(maillage.InvalidInput, match="square"):
        models.qap_correlation(y, np.zeros((6, 5)))
    with pytest.raises(maillage.InvalidInput, match="family"):
        models.qap_regression(y, [y], family="poisson")
    with pytest.raises(maillage.InvalidInput, match=r"y in \{0, 1\}"):
        models.qap_regression(y, [np.ones((6, 6))], family="logistic")
    with pytest.raises(maillage.InvalidInput, match="collinear"):
        models.qap_regression(y, [np.ones((6, 6))])
    with pytest.raises(maillage.InvalidInput, match="permutations"):
        models.qap_correlation(y, y, permutations=0)


_R_SCRIPT = r"""
suppressPackageStartupMessages(library(sna))
options(digits = 15)
args <- commandArgs(TRUE)
rd <- function(f) unname(as.matrix(read.csv(file.path(args[1], f), header = FALSE)))
y <- rd("y.csv"); x1 <- rd("x1.csv"); x2 <- rd("x2.csv"); yb <- rd("yb.csv")
R <- as.integer(args[2])
set.seed(1)
q <- qaptest(list(y, x1), gcor, g1 = 1, g2 = 2, reps = R)
cat("cor", q$testval, q$pgreq, q$pleeq, "\n")
f <- netlm(y, list(x1, x2), reps = R, nullhyp = "qapspp")
cat("lm_coef", f$coefficients, "\n")
cat("lm_pgreq", f$pgreq, "\n")
cat("lm_pleeq", f$pleeq, "\n")
cat("lm_pabs", f$pgreqabs, "\n")
g <- netlogit(yb, list(x1, x2), reps = R, nullhyp = "qapspp")
cat("logit_coef", g$coefficients, "\n")
cat("logit_pgreq", g$pgreq, "\n")
cat("logit_pabs", g$pgreqabs, "\n")
"""


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed (apt install r-cran-sna)")
def test_against_r_sna(tmp_path):
    check = subprocess.run(["Rscript", "-e", "library(sna)"], capture_output=True, text=True)
    if check.returncode != 0:
        pytest.skip("R's sna package is not installed (apt install r-cran-sna)")
    rng = np.random.default_rng(21)
    n = 16
    x1 = rng.normal(size=(n, n))
    x2 = rng.normal(size=(n, n))
    y = 0.08 * x1 + 0.04 * x2 + rng.normal(size=(n, n))
    yb = (y > 0.3).astype(float)
    for m in (x1, x2, y, yb):
        np.fill_diagonal(m, 0)
    for name, m in (("y", y), ("x1", x1), ("x2", x2), ("yb", yb)):
        np.savetxt(tmp_path / f"{name}.csv", m, delimiter=",")
    (tmp_path / "qap.R").write_text(_R_SCRIPT)
    R = 1000
    out = subprocess.run(["Rscript", str(tmp_path / "qap.R"), str(tmp_path), str(R)], capture_output=True, text=True,
                         check=True).stdout
    rows = {line.split()[0]: np.array(line.split()[1:], dtype=float) for line in out.strip().splitlines()}

    def close(ours, theirs):
        # Both are estimates from R permutations: allow 4 standard errors of their difference.
        for a, b in zip(np.atleast_1d(ours), np.atleast_1d(theirs)):
            p = (a + b) / 2
            assert abs(a - b) <= 4 * math.sqrt(max(p * (1 - p), 1 / R) * 2 / R) + 2 / R, (a, b)

    c = models.qap_correlation(y, x1, permutations=R, seed=5, directed=True)
    assert c.loc["correlation", "estimate"] == pytest.approx(rows["cor"][0], abs=1e-9)
    close(c.loc["correlation", "p_greater"], rows["cor"][1])
    close(c.loc["correlation", "p_less"], rows["cor"][2])
    lm = models.qap_regression(y, [x1, x2], permutations=R, seed=5, directed=True)
    np.testing.assert_allclose(lm["coefficient"].to_numpy(), rows["lm_coef"], rtol=1e-6)
    close(lm["p_greater"].to_numpy(), rows["lm_pgreq"])
    close(lm["p_less"].to_numpy(), rows["lm_pleeq"])
    close(lm["p_abs"].to_numpy(), rows["lm_pabs"])
    lg = models.qap_regression(yb, [x1, x2], family="logistic", permutations=R, seed=5, directed=True)
    np.testing.assert_allclose(lg["coefficient"].to_numpy(), rows["logit_coef"], rtol=1e-5)
    close(lg["p_greater"].to_numpy(), rows["logit_pgreq"])
    close(lg["p_abs"].to_numpy(), rows["logit_pabs"])
