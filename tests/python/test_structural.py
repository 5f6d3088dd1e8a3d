"""Structural analysis: MICMAC and MACTOR against NumPy computations written here from the
documented formulas (docs/api-contract.md, "Structural analysis"), published examples, and
feedback loops against networkx.simple_cycles."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import systemic

TOL = 1e-9


# ------------------------------------------------------------------------------ oracles (NumPy)
def ranks(values, tol=TOL):
    """rank_i = 1 + #{j : v_j − v_i > tol · max(|v_i|, |v_j|)}."""
    v = np.asarray(values, dtype=float)
    diff = v[None, :] - v[:, None]
    scale = np.maximum(np.abs(v)[None, :], np.abs(v)[:, None])
    return 1 + (diff > tol * scale).sum(axis=1)


def micmac_oracle(m, power=None, max_power=20):
    """(k, converged, M^k) by Godet's rule: the first k ≥ 2 whose rankings equal those of k − 1."""
    m = np.asarray(m, dtype=float)
    p = m.copy()
    prev = (ranks(p.sum(1)), ranks(p.sum(0)))
    target = power or max_power
    if target == 1:
        return 1, False, p
    for k in range(2, target + 1):
        p = p @ m
        cur = (ranks(p.sum(1)), ranks(p.sum(0)))
        stable = (cur[0] == prev[0]).all() and (cur[1] == prev[1]).all()
        if (power is None and stable) or k == target:
            return k, bool(stable), p
        prev = cur
    raise AssertionError


def classes_oracle(inf_share, dep_share, cut="mean", band=0.25):
    ci = np.mean(inf_share) if cut == "mean" else np.median(inf_share)
    cd = np.mean(dep_share) if cut == "mean" else np.median(dep_share)
    out = []
    for x, y in zip(inf_share, dep_share):
        if abs(x - ci) <= band * ci and abs(y - cd) <= band * cd:
            out.append("regulating")
        elif x > ci:
            out.append("relay" if y > cd else "influential")
        else:
            out.append("dependent" if y > cd else "autonomous")
    return out


def random_matrix(rng, n, density=0.3, potential=0.0):
    m = rng.integers(1, 4, size=(n, n)) * (rng.random((n, n)) < density)
    np.fill_diagonal(m, 0)
    cells = m.astype(object)
    if potential:
        p = (rng.random((n, n)) < potential) & (m == 0)
        np.fill_diagonal(p, False)
        cells[p] = "P"
        return cells, m.astype(float), p.astype(float)
    return cells, m.astype(float), np.zeros((n, n))


# ------------------------------------------------------------------------------------- MICMAC
@pytest.mark.parametrize("seed,n,density", [(0, 6, 0.4), (1, 12, 0.3), (2, 30, 0.15), (3, 40, 0.5), (4, 9, 0.2)])
def test_micmac_equals_numpy(seed, n, density):
    rng = np.random.default_rng(seed)
    cells, m, p = random_matrix(rng, n, density, potential=0.1)
    names = [f"V{i:02d}" for i in range(n)]
    frame = pd.DataFrame(cells, index=names, columns=names)
    r = systemic.micmac(frame, p_value=2)
    for level, matrix in (("", m), ("potential_", m + 2 * p)):
        direct = getattr(r, level + "direct")
        indirect = getattr(r, level + "indirect")
        assert list(direct.index) == names
        np.testing.assert_array_equal(direct["influence"], matrix.sum(1))
        np.testing.assert_array_equal(direct["dependence"], matrix.sum(0))
        np.testing.assert_array_equal(direct["influence_rank"], ranks(matrix.sum(1)))
        k, stable, mk = micmac_oracle(matrix)
        assert (r.potential_power if level else r.power) == k
        assert (r.potential_converged if level else r.converged) == stable
        np.testing.assert_allclose(indirect["influence"], mk.sum(1), rtol=1e-12)
        np.testing.assert_allclose(indirect["dependence"], mk.sum(0), rtol=1e-12)
        np.testing.assert_array_equal(indirect["influence_rank"], ranks(mk.sum(1)))
        np.testing.assert_array_equal(indirect["dependence_rank"], ranks(mk.sum(0)))
        total = mk.sum()
        if total > 0:
            np.testing.assert_allclose(indirect["influence_share"], mk.sum(1) / total, rtol=1e-12)
        assert list(r.classification[level + "indirect"]) == classes_oracle(
            indirect["influence_share"].to_numpy(), indirect["dependence_share"].to_numpy())
        assert list(r.classification[level + "direct"]) == classes_oracle(
            matrix.sum(1) / matrix.sum(), matrix.sum(0) / matrix.sum())
    # A fixed power gives exactly the sums of M^k.
    for k in (1, 2, 5):
        fixed = systemic.micmac(m, names=names, power=k)
        mk = np.linalg.matrix_power(m, k)
        np.testing.assert_allclose(fixed.indirect["influence"], mk.sum(1), rtol=1e-12)
        np.testing.assert_allclose(fixed.indirect_matrix.to_numpy(), mk, rtol=1e-12)
        assert fixed.power == k


def test_micmac_median_cut():
    rng = np.random.default_rng(7)
    _cells, m, _p = random_matrix(rng, 15, 0.3)
    r = systemic.micmac(m, cut="median", regulating_band=0.1)
    s = r.indirect
    assert list(r.classification["indirect"]) == classes_oracle(
        s["influence_share"].to_numpy(), s["dependence_share"].to_numpy(), "median", 0.1)


def test_micmac_catumba_published_example():
    # J. Catumba's MICMAC for NetworkX (https://github.com/networkx/networkx/pull/870, unmerged),
    # networkx/algorithms/link_analysis/tests/test_micmac.py: a binary 10-node digraph, M^4,
    # influence and dependence shares. Published values (node order 0…9):
    #   influences  0, .25, .1875, .1875, .1875, 0, .1875, 0, 0, 0
    #   dependences .125, .0625, .0625, .1875, 0, .3125, 0, 0, 0, .25
    edges = [(0, 5), (1, 0), (3, 0), (1, 2), (1, 9), (3, 1), (2, 9), (2, 3), (3, 5), (4, 3), (6, 3), (6, 5),
             (6, 7), (6, 8), (7, 9)]
    m = np.zeros((10, 10), dtype=int)
    for a, b in edges:
        m[a, b] = 1
    r = systemic.micmac(m, power=4)
    assert r.indirect["influence_share"].round(4).tolist() == [0, .25, .1875, .1875, .1875, 0, .1875, 0, 0, 0]
    assert r.indirect["dependence_share"].round(4).tolist() == [.125, .0625, .0625, .1875, 0, .3125, 0, 0, 0, .25]
    # Its only cycle, 1 → 2 → 3 → 1, has length 3: the matrix is periodic and Godet's rankings
    # never settle (they cycle with period 3).
    free = systemic.micmac(m)
    assert not free.converged and free.power == 20


def test_micmac_periodic_matrix_is_not_claimed_stable():
    # A weighted 3-cycle A→B (2), B→C (1), C→A (3): M³ = 6·I, the influence rankings of M, M², M³
    # are (2, 3, 1), (3, 2, 1), (1, 1, 1) and repeat with period 3.
    m = [[0, 2, 0], [0, 0, 1], [3, 0, 0]]
    r = systemic.micmac(m, names=["A", "B", "C"], max_power=50)
    assert not r.converged and r.power == 50
    assert r.indirect["influence"].tolist() == [2 * 6.0**16, 3 * 6.0**16, 6 * 6.0**16]  # M^50 = 6^16·M²
    # Unweighted, every sum is equal at every power: all tied, a (trivially) stable ranking.
    tied = systemic.micmac([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    assert tied.converged and tied.power == 2 and tied.indirect["influence_rank"].tolist() == [1, 1, 1]


def test_micmac_200_variables_in_double_precision():
    rng = np.random.default_rng(11)
    m = rng.integers(0, 4, size=(200, 200)).astype(float)
    np.fill_diagonal(m, 0)
    r = systemic.micmac(m, power=20)
    mk = np.linalg.matrix_power(m, 20)
    assert np.isfinite(r.indirect["influence"]).all()
    assert r.indirect["influence"].max() > 1e40  # far beyond int64
    np.testing.assert_allclose(r.indirect["influence"], mk.sum(1), rtol=1e-9)


def test_micmac_potential_matrix_and_p_cells_agree():
    names = ["A", "B", "C"]
    with_p = pd.DataFrame([[0, 3, "P"], [1, 0, 0], ["p", 2, 0]], index=names, columns=names)
    actual = pd.DataFrame([[0, 3, 0], [1, 0, 0], [0, 2, 0]], index=names, columns=names)
    mask = pd.DataFrame([[0, 0, 1], [0, 0, 0], [1, 0, 0]], index=names, columns=names)
    a = systemic.micmac(with_p)
    b = systemic.micmac(actual, potential=mask)
    pd.testing.assert_frame_equal(a.potential_indirect, b.potential_indirect)
    assert a.direct["influence"].tolist() == [3, 1, 2]
    assert a.potential_direct["influence"].tolist() == [6, 1, 5]
    # Columns are aligned on the index by name.
    shuffled = with_p[["C", "A", "B"]]
    pd.testing.assert_frame_equal(systemic.micmac(shuffled).indirect, a.indirect)


def test_micmac_errors_name_the_cell():
    names = ["A", "B"]
    with pytest.raises(maillage.InvalidInput, match=r"row 'A', column 'B': 'x' is not an influence"):
        systemic.micmac(pd.DataFrame([[0, "x"], [0, 0]], index=names, columns=names))
    with pytest.raises(maillage.InvalidInput, match=r"row 'B', column 'A': 4 is not an influence"):
        systemic.micmac([[0, 1], [4, 0]], names=names)
    with pytest.raises(maillage.InvalidInput, match=r"row 'A', column 'A'.*diagonal"):
        systemic.micmac([[1, 1], [0, 0]], names=names)
    with pytest.raises(maillage.InvalidInput, match="square"):
        systemic.micmac([[0, 1, 0], [0, 0, 1]])
    with pytest.raises(maillage.InvalidInput, match="cut"):
        systemic.micmac([[0, 1], [1, 0]], cut="n/2")
    with pytest.raises(maillage.InvalidInput, match="power"):
        systemic.micmac([[0, 1], [1, 0]], power=0)
    with pytest.raises(maillage.InvalidInput, match="missing value"):
        systemic.micmac([[0, None], [1, 0]])


def test_micmac_reports_progress_and_can_be_cancelled():
    seen = []
    systemic.micmac([[0, 1, 2], [1, 0, 0], [3, 1, 0]], power=4, progress=lambda s, d, t: seen.append((s, d, t)))
    assert seen[:4] == [("micmac", 1, 4), ("micmac", 2, 4), ("micmac", 3, 4), ("micmac", 4, 4)]
    assert ("micmac potential", 4, 4) in seen

    def stop(stage, done, total):
        if done == 2:
            raise maillage.Cancelled("stop")

    with pytest.raises(maillage.Cancelled):
        systemic.micmac([[0, 1], [1, 0]], progress=stop)


def test_micmac_displacement_and_pictures():
    rng = np.random.default_rng(3)
    _cells, m, _p = random_matrix(rng, 10, 0.35)
    r = systemic.micmac(m, names=[f"v{i}" for i in range(10)])
    d = r.displacement
    assert (d["influence_shift"] == r.direct["influence_rank"] - r.indirect["influence_rank"]).all()
    plane = r.plane()
    assert {n["key"] for n in plane.nodes} == set(r.names)
    assert {n["group"] for n in plane.nodes} == set(r.classification["indirect"])
    root = ET.fromstring(plane.to_svg().encode("utf-8"))
    assert root.tag.endswith("svg")
    graph = r.influence_graph(threshold=2)
    assert len(graph.edges) == int((m >= 2).sum())
    assert all(e["directed"] for e in graph.edges)
    ind = r.influence_graph(threshold=0.5, level="indirect")
    mk = r.indirect_matrix.to_numpy()
    assert len(ind.edges) == int(((mk / mk.max() >= 0.5) & ~np.eye(10, dtype=bool)).sum())
    assert systemic.Representation.from_json(plane.to_json()) == plane


# ------------------------------------------------------------------------------------- MACTOR
def mactor_oracle(mid, mao, balance="godet"):
    mid = np.asarray(mid, dtype=float)
    mao = np.asarray(mao, dtype=float)
    n = len(mid)
    two = np.minimum(mid[:, :, None], mid[None, :, :]).sum(axis=1)  # Σ_k min(MID_ik, MID_kj)
    midi = mid + two
    mmidi = np.maximum(mid, np.minimum(mid[:, :, None], mid[None, :, :]).max(axis=1))
    np.fill_diagonal(mmidi, 0)
    diag = np.diag(midi)
    inf = midi.sum(1) - diag
    dep = midi.sum(0) - diag
    if balance == "full":
        i2, d2 = inf + diag, dep + diag
        r = ((i2 - diag) / i2.sum()) * i2 / (i2 + d2)
    elif balance == "double_retroaction":
        r = ((inf - diag) / inf.sum()) * inf / (inf + dep)
    else:
        r = (inf / inf.sum()) * inf / (inf + dep)
    rstar = n * r / r.sum()
    mao3 = rstar[:, None] * mao
    out = {"midi": midi, "mmidi": mmidi, "influence": inf, "dependence": dep, "r": r, "r_star": rstar, "mao3": mao3}
    for v, x in ((1, np.sign(mao)), (2, mao), (3, mao3)):
        prod = x[:, None, :] * x[None, :, :]
        half = (np.abs(x)[:, None, :] + np.abs(x)[None, :, :]) / 2
        caa = np.where(prod > 0, half, 0).sum(axis=2)
        daa = np.where(prod < 0, half, 0).sum(axis=2)
        np.fill_diagonal(caa, 0)
        np.fill_diagonal(daa, 0)
        num = np.abs(np.abs(caa) - np.abs(daa)).sum(axis=1)
        den = (np.abs(caa) + np.abs(daa)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            eq = np.where(den > 0, 1 - num / den, np.nan)
        out[f"caa{v}"], out[f"daa{v}"], out[f"eq{v}"] = caa, daa, eq
    return out


@pytest.mark.parametrize("balance", ["godet", "double_retroaction", "full"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mactor_equals_numpy(seed, balance):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 12)), int(rng.integers(1, 8))
    mid = rng.integers(0, 5, size=(n, n))
    np.fill_diagonal(mid, 0)
    mao = rng.integers(-4, 5, size=(n, m))
    actors = [f"a{i}" for i in range(n)]
    objectives = [f"o{k}" for k in range(m)]
    r = systemic.mactor(mid, mao, actors, objectives, balance=balance)
    o = mactor_oracle(mid, mao, balance)
    np.testing.assert_array_equal(r.midi.to_numpy(), o["midi"])
    np.testing.assert_array_equal(r.mmidi.to_numpy(), o["mmidi"])
    np.testing.assert_array_equal(r.influence["influence"], o["influence"])
    np.testing.assert_array_equal(r.influence["dependence"], o["dependence"])
    np.testing.assert_allclose(r.r, o["r"], rtol=1e-12)
    np.testing.assert_allclose(r.r_star, o["r_star"], rtol=1e-12)
    assert r.r_star.mean() == pytest.approx(1)
    np.testing.assert_allclose(r.mao3.to_numpy(), o["mao3"], rtol=1e-12)
    for v in (1, 2, 3):
        np.testing.assert_allclose(r.caa(v).to_numpy(), o[f"caa{v}"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(r.daa(v).to_numpy(), o[f"daa{v}"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(r.ambivalence[f"eq{v}"], o[f"eq{v}"], rtol=1e-12, atol=1e-12)
    m3 = o["mao3"]
    np.testing.assert_allclose(r.mobilisation["support"], np.where(m3 > 0, m3, 0).sum(0), rtol=1e-12)
    np.testing.assert_allclose(r.mobilisation["opposition"], np.where(m3 < 0, m3, 0).sum(0), rtol=1e-12)
    np.testing.assert_allclose(r.actor_mobilisation, np.abs(m3).sum(1), rtol=1e-12)


def test_mactor_paris_airport_inputs():
    # The input matrices of the example bundled with LIPSOR's MACTOR software ("aéroport de Paris":
    # 6 actors, 5 objectives), as carried by llosimura/tio (mactor/test.rb). No output tables of
    # that example are published; the values below are worked by hand from the formulas.
    actors = ["Constructeurs", "Cies régulières", "Cies charter", "État", "Aéroport de Paris", "Riverains"]
    objectives = ["Caractéristiques avions", "Marché", "Droits", "Vols organisés", "Normes bruit"]
    mid = pd.DataFrame([[0, 1, 1, 3, 0, 2], [2, 0, 3, 2, 1, 1], [1, 2, 0, 1, 1, 0], [2, 3, 3, 0, 3, 2],
                        [0, 2, 3, 1, 0, 2], [0, 1, 1, 3, 2, 0]], index=actors, columns=actors)
    mao = pd.DataFrame([[2, 3, 0, 0, 1], [-2, 0, 3, -1, -3], [-1, 0, -3, 3, -2], [0, 3, 2, 0, 1],
                        [-1, 0, -2, 2, -2], [0, 0, 0, 0, 3]], index=actors, columns=objectives)
    r = systemic.mactor(mid, mao)
    # MIDI(Constructeurs → Cies régulières) = 1 + Σ_k min(MID_1k, MID_k2)
    #   = 1 + min(0,1) + min(1,0) + min(1,2) + min(3,3) + min(0,2) + min(2,1) = 1 + 0+0+1+3+0+1 = 6.
    assert r.midi.at["Constructeurs", "Cies régulières"] == 6
    # Retroaction of the État: Σ_k min(MID_4k, MID_k4) = min(2,3)+min(3,2)+min(3,1)+0+min(3,1)+min(2,3)
    #   = 2 + 2 + 1 + 0 + 1 + 2 = 8.
    assert r.influence.at["État", "retroaction"] == 8
    # 1CAA(Cies régulières, État): shared signs on Droits (+, +) and Normes… no: (−3, +1) diverge;
    # Droits (3, 2) converge → 1CAA = 1, 1DAA = 1 (Normes bruit).
    assert r.caa(1).at["Cies régulières", "État"] == 1
    assert r.daa(1).at["Cies régulières", "État"] == 1
    o = mactor_oracle(mid.to_numpy(), mao.to_numpy())
    np.testing.assert_allclose(r.r_star, o["r_star"], rtol=1e-12)
    # The État dominates the balance of power, the Riverains association is the weakest.
    assert r.r_star.idxmax() == "État"
    assert r.r_star.idxmin() in ("Riverains", "Cies charter")
    for picture in (r.plane(), r.convergence_graph(2), r.divergence_graph(3, threshold=1)):
        ET.fromstring(picture.to_svg().encode("utf-8"))


def test_mactor_errors_name_the_cell():
    names = ["A", "B"]
    with pytest.raises(maillage.InvalidInput, match=r"MID row 'A', column 'B': 5 is not an influence"):
        systemic.mactor([[0, 5], [1, 0]], [[1], [1]], names, ["o"])
    with pytest.raises(maillage.InvalidInput, match=r"MAO row 'B', column 'o': 'big' is not a position"):
        systemic.mactor([[0, 1], [1, 0]], [[1], ["big"]], names, ["o"])
    with pytest.raises(maillage.InvalidInput, match=r"MAO row 'A', column 'o': -5"):
        systemic.mactor([[0, 1], [1, 0]], [[-5], [1]], names, ["o"])
    with pytest.raises(maillage.InvalidInput, match="balance"):
        systemic.mactor([[0, 1], [1, 0]], [[1], [1]], names, ["o"], balance="lipsor")
    with pytest.raises(maillage.NotFound, match="no row for actor 'B'"):
        systemic.mactor(pd.DataFrame([[0, 1], [1, 0]], index=names, columns=names),
                        pd.DataFrame([[1], [1]], index=["A", "C"], columns=["o"]))
    r = systemic.mactor([[0, 1], [1, 0]], [[1], [1]], names, ["o"])
    with pytest.raises(maillage.InvalidInput, match="order"):
        r.caa(4)


# -------------------------------------------------------------------------------------- loops
def canonical(cycle, order):
    k = min(range(len(cycle)), key=lambda i: order[cycle[i]])
    return tuple(cycle[k:] + cycle[:k])


@pytest.mark.parametrize("seed", range(8))
def test_loops_equal_networkx_simple_cycles(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 14))
    p = float(rng.uniform(0.1, 0.35))
    G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    for v in range(0, n, 4):
        if rng.random() < 0.5:
            G.add_edge(v, v)
    names = [f"x{i}" for i in range(n)]
    links = [(names[u], names[v], "+-?"[int(rng.integers(0, 3))]) for u, v in G.edges]
    sign = {(s, t): g for s, t, g in links}
    cld = systemic.causal_loop_diagram(names, links)
    order = {v: i for i, v in enumerate(names)}
    for bound in (None, 2, 4):
        table = cld.loops(max_length=bound)
        expected = {canonical([names[v] for v in c], order) for c in nx.simple_cycles(G, length_bound=bound)}
        got = list(table["variables"])
        assert len(got) == len(set(got))
        assert set(got) == expected
        for variables, polarity, length in zip(table["variables"], table["polarity"], table["length"]):
            assert length == len(variables)
            assert order[variables[0]] == min(order[v] for v in variables)
            signs = [sign[(a, variables[(i + 1) % length])] for i, a in enumerate(variables)]
            want = "?" if "?" in signs else ("B" if signs.count("-") % 2 else "R")
            assert polarity == want


def test_loops_of_the_networkx_documentation_example():
    # The example of networkx.simple_cycles' documentation (NetworkX 3.x reference, "simple_cycles"):
    # edges (0,0), (0,1), (0,2), (1,2), (2,0), (2,1), (2,2) → cycles [0], [0, 1, 2], [0, 2], [1, 2], [2].
    edges = [(0, 0), (0, 1), (0, 2), (1, 2), (2, 0), (2, 1), (2, 2)]
    cld = systemic.causal_loop_diagram(["0", "1", "2"], [(str(a), str(b), "+") for a, b in edges])
    got = sorted(list(map(int, v)) for v in cld.loops()["variables"])
    assert got == [[0], [0, 1, 2], [0, 2], [1, 2], [2]]


@pytest.mark.parametrize("seed", range(4))
def test_parallel_links_multiply_loops(seed):
    # With parallel links, every node cycle of the simple digraph counts once per choice of link
    # on each of its steps: Σ over networkx's cycles of the product of the multiplicities.
    rng = np.random.default_rng(100 + seed)
    n = 9
    G = nx.gnp_random_graph(n, 0.3, seed=seed, directed=True)
    links = []
    multiplicity = {}
    for u, v in G.edges:
        k = int(rng.integers(1, 4))
        multiplicity[(u, v)] = k
        links += [(str(u), str(v), "+-"[int(rng.integers(0, 2))]) for _ in range(k)]
    cld = systemic.causal_loop_diagram([str(i) for i in range(n)], links)
    expected = sum(math.prod(multiplicity[(c[i], c[(i + 1) % len(c)])] for i in range(len(c)))
                   for c in nx.simple_cycles(G))
    table = cld.loops(max_count=10**6)
    assert len(table) == expected
    assert len(set(table["links"])) == expected
    for ids, variables in zip(table["links"], table["variables"]):
        assert [cld.links.at[e, "source"] for e in ids] == list(variables)


def test_loop_polarity_by_hand():
    # Population → births (+), births → population (+): R. Population → deaths (+), deaths →
    # population (−): B. Tourism → crowding (+) → attractiveness (−) → tourism (+): B.
    cld = systemic.causal_loop_diagram(
        ["population", "births", "deaths", "tourism", "crowding", "attractiveness"],
        [("population", "births", "+"), ("births", "population", "+"), ("population", "deaths", "+"),
         ("deaths", "population", "-"), ("tourism", "crowding", "+"), ("crowding", "attractiveness", "-"),
         ("attractiveness", "tourism", "+")])
    table = cld.loops()
    got = {tuple(v): p for v, p in zip(table["variables"], table["polarity"])}
    assert got == {("population", "births"): "R", ("population", "deaths"): "B",
                   ("tourism", "crowding", "attractiveness"): "B"}
    # Two negatives make a reinforcing loop; an unknown sign an undetermined one.
    two = systemic.causal_loop_diagram(None, [("a", "b", "-"), ("b", "a", "-"), ("b", "c", "?"), ("c", "b", "+")])
    t = two.loops()
    assert dict(zip(t["variables"], t["polarity"])) == {("a", "b"): "R", ("b", "c"): "?"}
    per = cld.loops_per_variable()
    assert per.at["population", "loops"] == 2 and per.at["population", "rank"] == 1
    assert per.at["births", "reinforcing"] == 1 and per.at["deaths", "balancing"] == 1
    assert per.at["births", "rank"] == 2  # five variables in one loop each share rank 2


def test_parallel_links_and_self_links_are_loops():
    cld = systemic.causal_loop_diagram(["a", "b"], [("a", "b", "+"), ("b", "a", "+"), ("b", "a", "-"), ("b", "b", "-")])
    t = cld.loops()
    assert sorted(zip(t["length"], t["polarity"])) == [(1, "B"), (2, "B"), (2, "R")]
    assert cld.links_in_loops().tolist() == [2, 1, 1, 1]


def test_loop_count_guard_and_errors():
    n = 8
    names = [f"v{i}" for i in range(n)]
    complete = [(a, b, "+") for a in names for b in names if a != b]
    cld = systemic.causal_loop_diagram(names, complete)
    with pytest.raises(maillage.InvalidInput, match="more than max_count = 1000"):
        cld.loops(max_count=1000)
    # Σ_k C(8,k)(k−1)! elementary circuits of the complete digraph.
    assert len(cld.loops()) == sum(math.comb(n, k) * math.factorial(k - 1) for k in range(2, n + 1))
    with pytest.raises(maillage.NotFound, match=r"link 1: unknown variable 'z'"):
        systemic.causal_loop_diagram(["a", "b"], [("a", "b", "+"), ("b", "z", "+")])
    with pytest.raises(maillage.InvalidInput, match=r"link 0 \(a → b\): sign 'plus'"):
        systemic.causal_loop_diagram(["a", "b"], [("a", "b", "plus")])
    with pytest.raises(maillage.InvalidInput, match="max_length"):
        cld.loops(max_length=0)
    calls = []

    def stop(stage, done, total):
        calls.append(stage)
        if done >= 2:
            raise maillage.Cancelled("stop")

    with pytest.raises(maillage.Cancelled):
        cld.loops(progress=stop)
    assert calls and calls[0] == "loops"


def test_cld_from_csv_and_kumu(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("source,target,sign,delay\nneige,fréquentation,+,false\nfréquentation,recettes,+,\n"
                    "recettes,neige,+,true\n", encoding="utf-8")
    cld = systemic.CausalLoopDiagram.from_csv(path)
    assert cld.variables == ["neige", "fréquentation", "recettes"]
    t = cld.loops()
    assert t.at[0, "variables"] == ("neige", "fréquentation", "recettes") and t.at[0, "delays"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,sign\na,b,+\nb,a,x\n", encoding="utf-8")
    with pytest.raises(maillage.InvalidInput, match=r"bad.csv:3:3: sign 'x'"):
        systemic.CausalLoopDiagram.from_csv(bad)
    blueprint = {"elements": [{"_id": "e1", "label": "Neige"}, {"_id": "e2", "label": "Fréquentation"}],
                 "connections": [{"from": "e1", "to": "e2", "attributes": {"type": "+"}},
                                 {"from": "e2", "to": "e1", "attributes": {"sign": "negative", "delay": True}}]}
    k = systemic.CausalLoopDiagram.from_kumu(blueprint)
    assert k.variables == ["Neige", "Fréquentation"]
    assert k.links["sign"].tolist() == ["+", "-"] and k.links["delay"].tolist() == [False, True]
    assert k.loops()["polarity"].tolist() == ["B"]
    (tmp_path / "kumu.json").write_text(json.dumps(blueprint), encoding="utf-8")
    assert systemic.CausalLoopDiagram.from_kumu(tmp_path / "kumu.json").variables == k.variables
    with pytest.raises(maillage.NotFound, match="unknown element 'e9'"):
        systemic.CausalLoopDiagram.from_kumu({"elements": [{"_id": "e1", "label": "a"}],
                                              "connections": [{"from": "e1", "to": "e9"}]})
    # A Representation written as Kumu reads back as a diagram with the same links.
    rep = k.representation()
    back = systemic.CausalLoopDiagram.from_kumu(rep.to_kumu())
    assert back.variables == k.variables and len(back.links) == 2


def test_cld_representation_highlights_loops():
    cld = systemic.causal_loop_diagram(None, [("a", "b", "+"), ("b", "a", "-"), ("b", "c", "+"), ("c", "d", "+")])
    rep = cld.representation()
    kinds = [e["kind"] for e in rep.edges]
    assert kinds == ["loop", "loop", "link", "link"]
    assert rep.metadata["balancing"] == 1 and rep.metadata["loops"] == 1
    none = cld.representation(highlight=None)
    assert {e["kind"] for e in none.edges} == {"link"}
    with pytest.raises(maillage.NotFound):
        cld.representation(highlight=[3])
    root = ET.fromstring(rep.to_svg().encode("utf-8"))
    assert root.tag.endswith("svg")


def test_bridges_from_the_fabrique_graph():
    g = maillage.datasets.fabrique_2024()
    mid = systemic.mid_from_graph(g, "programme:faverges-seythenex")
    assert mid.shape[0] == mid.shape[1] and mid.shape[0] >= 2
    assert (np.diag(mid.to_numpy()) == 0).all() and mid.to_numpy().max() <= 4
    nodes = g.nodes_frame()
    assert set(nodes.loc[list(mid.index), "kind"]) <= {"person", "organisation", "territory"}
    assert "commune:74123" in mid.index  # Faverges-Seythenex takes part in its programme
    assert mid.at["organisation:anct", "organisation:fabrique-des-transitions"] == 1  # the ANCT funds the Fabrique
    cld = systemic.causal_loop_diagram_from_graph(g, "programme:faverges-seythenex")
    assert cld.variables == list(mid.index)
    assert set(cld.links["sign"]) <= {"?"}
    # Each ordered pair with a MID entry is a link of the diagram.
    pairs = set(zip(cld.links["source"], cld.links["target"]))
    m = mid.to_numpy()
    assert pairs == {(a, b) for i, a in enumerate(mid.index) for j, b in enumerate(mid.index) if m[i, j] > 0}
    with pytest.raises(maillage.NotFound):
        systemic.mid_from_graph(g, "programme:nowhere")
