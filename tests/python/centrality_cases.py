"""Random graphs for the centrality, path and structure cross-checks against NetworkX.

Families: G(n, p), Barabási–Albert and planted partition, directed or not, with isolated nodes,
self-loops and parallel edges as asked, node insertion order shuffled. `oracle()` gives the simple
NetworkX graph a maillage view stands for (parallel edges combined as the view combines them).
"""

from __future__ import annotations

from typing import Optional

import networkx as nx
import numpy as np

import maillage

FAMILIES = ("gnp", "ba", "pp")


def base(family: str, seed: int, directed: bool) -> nx.Graph:
    rng = np.random.default_rng(seed)
    if family == "gnp":
        n = int(rng.integers(25, 50))
        return nx.gnp_random_graph(n, 3.0 / n, seed=seed, directed=directed)
    if family == "ba":
        G = nx.barabasi_albert_graph(int(rng.integers(30, 55)), 2, seed=seed)
        if not directed:
            return G
        D = nx.DiGraph()
        D.add_nodes_from(G)
        for u, v in G.edges:
            r = rng.random()
            if r < 0.45:
                D.add_edge(u, v)
            elif r < 0.9:
                D.add_edge(v, u)
            else:
                D.add_edge(u, v)
                D.add_edge(v, u)
        return D
    if family == "pp":
        return nx.planted_partition_graph(4, 9, 0.35, 0.02, seed=seed, directed=directed)
    raise ValueError(family)


def make(
    family: str,
    seed: int,
    directed: bool,
    *,
    isolated: int = 2,
    loops: int = 2,
    multi: bool = False,
    weights: Optional[str] = None,
) -> nx.Graph:
    """A NetworkX (multi)graph with integer node labels inserted in shuffled order.

    ``weights``: None, ``"int"`` (1..9: exact sums when read as distances) or ``"pow2"`` (1, 2, 4,
    8: exact reciprocals when read as strengths)."""
    rng = np.random.default_rng(1000 + seed)
    G = base(family, seed, directed)
    n0 = G.number_of_nodes()
    nodes = list(G.nodes) + list(range(n0, n0 + isolated))
    cls = {(False, False): nx.Graph, (True, False): nx.DiGraph, (False, True): nx.MultiGraph, (True, True): nx.MultiDiGraph}
    H = cls[(directed, multi)]()
    H.add_nodes_from(int(x) for x in rng.permutation(nodes))

    def weight():
        if weights == "int":
            return {"weight": float(rng.integers(1, 10))}
        if weights == "pow2":
            return {"weight": float(2 ** int(rng.integers(0, 4)))}
        return {}

    for u, v in G.edges:
        H.add_edge(u, v, **weight())
        if multi and rng.random() < 0.15:
            H.add_edge(u, v, **weight())
    for u in rng.choice(n0, size=min(loops, n0), replace=False):
        H.add_edge(int(u), int(u), **weight())
    return H


def oracle(G: nx.Graph, combine: str = "sum") -> nx.Graph:
    """The simple graph a view stands for: parallel edges combined by ``combine`` ("sum" for
    strengths, "min" for distances; unweighted graphs get no weight)."""
    S = nx.DiGraph() if G.is_directed() else nx.Graph()
    S.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if "weight" not in d:
            S.add_edge(u, v)
            continue
        w = d["weight"]
        if S.has_edge(u, v):
            old = S[u][v]["weight"]
            S[u][v]["weight"] = old + w if combine == "sum" else min(old, w)
        else:
            S.add_edge(u, v, weight=w)
    return S


def to_maillage(G: nx.Graph) -> maillage.Graph:
    return maillage.from_networkx(G)


def by_key(d: dict) -> dict:
    return {str(k): v for k, v in d.items()}


def assert_close(series, expected: dict, tol: float = 1e-9) -> None:
    expected = by_key(expected)
    assert set(series.index) == set(expected), "node sets differ"
    worst = max((abs(float(series[k]) - float(v)) for k, v in expected.items()), default=0.0)
    assert worst <= tol, f"largest difference {worst:.3g} > {tol:g}"
