"""Centralities, paths and structure: maillage against NetworkX, igraph and NetworKit, in one run.

Run from the repository root after `scripts/setup` and `pip install networkit` (the `bench` extra):
    python3 bench/centrality.py [--repeat 3] [--quick] [--only betweenness,pagerank,...]

Graphs (the same edges for every library):
  - Barabási–Albert, 10^4 and 10^5 nodes, m = 5 (igraph's generator, seed 1);
  - a planted partition of 5·10^4 nodes, 5·10^5 edges, 50 groups, 90 % of edges inside a group,
    node labels shuffled (no memory locality in the natural order);
  - Barabási–Albert, 10^6 nodes, 5·10^6 edges, for the linear-time measures (no NetworkX);
  - a 50-node G(n, m) graph with 120 edges, timed per call from Python.
Every call returns its per-node result to Python (a pandas Series for maillage, a list for igraph,
`.scores()` for NetworKit, a dict for NetworkX). Every library gets the same thread count (--threads, default 2: maillage's threads=,
networkit.setNumberOfThreads; igraph and NetworkX are single-threaded).

Times are wall-clock medians of --repeat runs, in seconds (the 50-node table: processor time). Where a full run of a peer would take hours, the
time is extrapolated from a fixed random sample of sources (marked "~"): the measure is a sum of
independent single-source searches, so its cost is proportional to the number of sources.
  - NetworkX: betweenness with k sampled sources; closeness/harmonic of sampled nodes.
  - igraph: betweenness(sources=S), closeness/harmonic(vertices=S) — the same kernels on fewer
    sources — on the graphs of 5·10^4 nodes and more.
  - NetworKit: EstimateBetweenness(k) (sampled sources, parallel) for sampled betweenness; on the
    graphs of 5·10^4 nodes and more, closeness/harmonic from its BFS per sampled source divided by
    the thread count.
Sampled betweenness (k = --k sources) is timed for every library on the graphs of 5·10^4 nodes
and more; on 10^4 nodes betweenness is exact.

Iterative measures run to comparable accuracy (maillage and NetworkX: Σ|Δx| < n·tol with
tol = 1e-12; igraph: PRPACK / ARPACK; NetworKit: tol = 1e-12); the largest deviation of each from
a tight reference (maillage with tol = 1e-15) is printed under each table.

Columns: each library's time; "maillage / best peer" = maillage's time over the fastest of igraph
and NetworKit (below 1: maillage is faster; the target is ≤ 1.5); "NetworkX / maillage" (target
≥ 50 on the 10^5 graphs).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

LIBS = ("maillage", "networkx", "igraph", "networkit")


def median_time(
    fn: Callable[[], object],
    repeat: int,
    clock: Callable[[], float] = time.perf_counter,
    setup: Optional[Callable[[], object]] = None,
) -> float:
    """Median of `repeat` timed runs after one warm-up run; a first run longer than a second
    counts as one of the runs (no separate warm-up for slow calls). `setup` runs untimed before
    each run."""
    if setup:
        setup()
    t0 = clock()
    fn()
    first = clock() - t0
    times = [first] if first > 1.0 else []
    while len(times) < repeat:
        if setup:
            setup()
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


# ------------------------------------------------------------------------------------- graphs


class Bundle:
    """The same undirected simple graph in every library (nodes 0..n-1; maillage keys "0".."n-1")."""

    def __init__(self, name: str, n: int, src: np.ndarray, dst: np.ndarray, with_networkx: bool):
        import igraph as ig
        import networkit as nk

        import maillage

        self.name, self.n, self.m = name, n, len(src)
        keys = np.array([str(i) for i in range(n)], dtype=object)
        edges = pd.DataFrame({"source": keys[src], "target": keys[dst]})
        self.graph = maillage.Graph.from_frames(pd.DataFrame({"key": keys}), edges, progress=False)
        self.view = self.graph.view()
        self.ig = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=False)
        self.nk = nk.GraphFromCoo((np.ones(len(src)), (src.astype(np.uint64), dst.astype(np.uint64))), n=n)
        self.nk.removeMultiEdges()
        self.nk.indexEdges()
        self.nx = None
        if with_networkx:
            import networkx as nx

            self.nx = nx.Graph()
            self.nx.add_nodes_from(range(n))
            self.nx.add_edges_from(zip(src.tolist(), dst.tolist()))
        rng = np.random.default_rng(7)
        self.order = rng.permutation(n)  # fixed sample orders of the nodes

    def sample(self, k: int) -> List[int]:
        return sorted(int(x) for x in self.order[:k])


def barabasi_albert(n: int, m: int = 5) -> Tuple[int, np.ndarray, np.ndarray]:
    import igraph as ig
    import random

    random.seed(1)
    H = ig.Graph.Barabasi(n, m)
    e = np.array(H.get_edgelist(), dtype=np.int64)
    return n, e[:, 0], e[:, 1]


def planted_partition(n: int, m: int, groups: int, p_in: float, seed: int) -> Tuple[int, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, n)
    members = [np.flatnonzero(group == g) for g in range(groups)]
    src = rng.integers(0, n, m)
    inside = rng.random(m) < p_in
    dst = rng.integers(0, n, m)
    for g in range(groups):
        pick = inside & (group[src] == g)
        dst[pick] = members[g][rng.integers(0, len(members[g]), int(pick.sum()))]
    labels = rng.permutation(n)  # shuffled labels: the natural order has no locality
    src, dst = labels[src], labels[dst]
    keep = src != dst
    pairs = np.unique(np.sort(np.column_stack([src[keep], dst[keep]]), axis=1), axis=0)
    return n, pairs[:, 0], pairs[:, 1]


# ------------------------------------------------------------------------------------- measures


def runners(b: Bundle, measure: str, args) -> Dict[str, Optional[tuple]]:
    """measure → {library: (callable, factor[, setup])}: the library's time is factor × the
    callable's; `setup` runs untimed before each run."""
    import igraph as ig  # noqa: F401
    import networkit as nk
    import networkx as nx

    import maillage

    v, H, N, G, n = b.view, b.ig, b.nk, b.nx, b.n
    t = args.threads
    large = n >= 50_000
    out: Dict[str, Optional[tuple]] = {}
    if measure == "degree":
        out["maillage"] = (lambda: maillage.degree(v), 1.0)
        out["igraph"] = (lambda: H.degree(), 1.0)
        out["networkit"] = (lambda: nk.centrality.DegreeCentrality(N).run().scores(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: dict(G.degree()), 1.0)
    elif measure == "betweenness":
        if large:
            k = args.k
            S = b.sample(k)
            out["maillage"] = (lambda: maillage.betweenness_centrality(v, k=k, threads=t), 1.0)
            out["igraph"] = (lambda: H.betweenness(sources=S), 1.0)
            out["networkit"] = (lambda: nk.centrality.EstimateBetweenness(N, k, True, t > 1).run().scores(), 1.0)
            if G is not None:
                kx = 4
                out["networkx"] = (lambda: nx.betweenness_centrality(G, k=kx, seed=1), k / kx)
        else:
            out["maillage"] = (lambda: maillage.betweenness_centrality(v, threads=t), 1.0)
            out["igraph"] = (lambda: H.betweenness(), 1.0)
            out["networkit"] = (lambda: nk.centrality.Betweenness(N, normalized=True).run().scores(), 1.0)
            if G is not None:
                kx = 10
                out["networkx"] = (lambda: nx.betweenness_centrality(G, k=kx, seed=1), n / kx)
    elif measure in ("closeness", "harmonic"):
        close = measure == "closeness"
        if close:
            out["maillage"] = (lambda: maillage.closeness_centrality(v, threads=t), 1.0)
        else:
            out["maillage"] = (lambda: maillage.harmonic_centrality(v, threads=t), 1.0)
        if large:
            S = b.sample(1000)
            if close:
                out["igraph"] = (lambda: H.closeness(vertices=S), n / len(S))
            else:
                out["igraph"] = (lambda: H.harmonic_centrality(vertices=S), n / len(S))
            T = b.sample(200)

            def nk_bfs():
                for s in T:
                    nk.distance.BFS(N, s, False).run()

            out["networkit"] = (nk_bfs, n / len(T) / t)
        else:
            if close:
                out["igraph"] = (lambda: H.closeness(), 1.0)
                out["networkit"] = (
                    lambda: nk.centrality.Closeness(N, True, nk.centrality.ClosenessVariant.Generalized).run().scores(),
                    1.0,
                )
            else:
                out["igraph"] = (lambda: H.harmonic_centrality(), 1.0)
                out["networkit"] = (lambda: nk.centrality.HarmonicCloseness(N, True).run().scores(), 1.0)
        if G is not None:
            X = b.sample(5)
            if close:
                out["networkx"] = (lambda: [nx.closeness_centrality(G, u=x) for x in X], n / len(X))
            else:
                out["networkx"] = (lambda: nx.harmonic_centrality(G, nbunch=X), n / len(X))
    elif measure == "pagerank":
        out["maillage"] = (lambda: maillage.pagerank(v, tol=1e-12, max_iter=1000, threads=t), 1.0)
        out["igraph"] = (lambda: H.pagerank(), 1.0)
        out["networkit"] = (
            lambda: nk.centrality.PageRank(N, 0.85, 1e-12, False, nk.centrality.SinkHandling.DistributeSinks).run().scores(),
            1.0,
        )
        if G is not None:
            out["networkx"] = (lambda: nx.pagerank(G, tol=1e-12, max_iter=1000, weight=None), 1.0)
    elif measure == "eigenvector":
        out["maillage"] = (lambda: maillage.eigenvector_centrality(v, tol=1e-12, max_iter=10000, threads=t), 1.0)
        out["igraph"] = (lambda: H.eigenvector_centrality(), 1.0)
        out["networkit"] = (lambda: nk.centrality.EigenvectorCentrality(N, 1e-12).run().scores(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: nx.eigenvector_centrality(G, tol=1e-12, max_iter=10000), 1.0)
    elif measure == "katz":
        alpha = 1.0 / (max(H.degree()) + 1)
        out["maillage"] = (lambda: maillage.katz_centrality(v, alpha=alpha, tol=1e-12, threads=t), 1.0)
        out["igraph"] = None
        out["networkit"] = (lambda: nk.centrality.KatzCentrality(N, alpha, 1.0, 1e-12).run().scores(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: nx.katz_centrality(G, alpha=alpha, tol=1e-12, max_iter=10000), 1.0)
    elif measure == "core_number":
        out["maillage"] = (lambda: maillage.core_number(v, threads=t), 1.0)
        out["igraph"] = (lambda: H.coreness(), 1.0)
        out["networkit"] = (lambda: nk.centrality.CoreDecomposition(N).run().scores(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: nx.core_number(G), 1.0)
    elif measure == "clustering":
        out["maillage"] = (lambda: maillage.clustering(v, threads=t), 1.0)
        out["igraph"] = (lambda: H.transitivity_local_undirected(mode="zero"), 1.0)
        out["networkit"] = (lambda: nk.centrality.LocalClusteringCoefficient(N, True).run().scores(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: nx.clustering(G), 1.0)
    elif measure == "transitivity":
        out["maillage"] = (lambda: maillage.transitivity(v, threads=t), 1.0)
        out["igraph"] = (lambda: H.transitivity_undirected(), 1.0)
        out["networkit"] = (lambda: nk.globals.ClusteringCoefficient.exactGlobal(N), 1.0)
        if G is not None:
            out["networkx"] = (lambda: nx.transitivity(G), 1.0)
    elif measure == "components":
        out["maillage"] = (lambda: maillage.connected_components(v), 1.0)
        # igraph caches connectivity in the graph: a repeated call would return the cached
        # answer, so an edit (an edge added and removed, untimed) clears the cache before each run.
        def clear_cache():
            H.add_edge(0, 1)
            H.delete_edges([H.ecount() - 1])

        out["igraph"] = (lambda: H.connected_components(), 1.0, clear_cache)
        out["networkit"] = (lambda: nk.components.ConnectedComponents(N).run().getPartition().getVector(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: list(nx.connected_components(G)), 1.0)
    elif measure == "shortest_paths":  # one source, every distance
        src = b.sample(1)[0]
        key = str(src)
        out["maillage"] = (lambda: maillage.shortest_path_lengths(v, key), 1.0)
        out["igraph"] = (lambda: H.distances(source=src), 1.0)
        out["networkit"] = (lambda: nk.distance.BFS(N, src, False).run().getDistances(), 1.0)
        if G is not None:
            out["networkx"] = (lambda: nx.single_source_shortest_path_length(G, src), 1.0)
    else:
        raise ValueError(measure)
    return out


PATH_MEASURES = ["betweenness", "closeness", "harmonic"]
LINEAR_MEASURES = ["degree", "pagerank", "eigenvector", "katz", "core_number", "components", "shortest_paths"]
OTHER_MEASURES = ["clustering", "transitivity"]


def fmt(x: Optional[float], approx: bool = False) -> str:
    if x is None:
        return ""
    return ("~" if approx else "") + f"{x:.3g}"


def table(b: Bundle, measures: List[str], args) -> List[str]:
    lines = [
        f"### {b.name}: {b.n:,} nodes, {b.m:,} edges",
        "",
        "| measure | maillage (s) | NetworkX (s) | igraph (s) | NetworKit (s) | maillage / best peer | NetworkX / maillage |",
        "|---|---|---|---|---|---|---|",
    ]
    for measure in measures:
        if args.only and measure not in args.only:
            continue
        times: Dict[str, Tuple[float, bool]] = {}
        for lib, entry in runners(b, measure, args).items():
            if entry is None:
                continue
            fn, factor, *setup = entry
            times[lib] = (median_time(fn, args.repeat, setup=setup[0] if setup else None) * factor, factor != 1.0)
            print(f"  {b.name} {measure} {lib}: {times[lib][0]:.4g} s{' (extrapolated)' if factor != 1 else ''}",
                  file=sys.stderr, flush=True)
        tm = times["maillage"][0]
        peers = [times[lib][0] for lib in ("igraph", "networkit") if lib in times]
        best = min(peers) if peers else None
        nx_ratio = times["networkx"][0] / tm if "networkx" in times else None
        lines.append(
            f"| {measure} | {fmt(tm)} | {fmt(*times['networkx']) if 'networkx' in times else ''} | "
            f"{fmt(*times['igraph']) if 'igraph' in times else ''} | "
            f"{fmt(*times['networkit']) if 'networkit' in times else ''} | "
            f"{'' if best is None else f'{tm / best:.2f}'} | {'' if nx_ratio is None else f'{nx_ratio:.0f}'} |"
        )
    return lines


def accuracy(b: Bundle, args) -> List[str]:
    """Largest deviation of each library's iterative results from a tight reference."""
    import networkit as nk

    import maillage

    if args.only and not {"pagerank", "eigenvector", "katz"} & set(args.only):
        return []
    v, H, N = b.view, b.ig, b.nk
    order = np.array([int(k) for k in v.nodes])
    ref_pr = np.empty(b.n)
    ref_pr[order] = maillage.pagerank(v, tol=1e-15, max_iter=10000).to_numpy()
    ref_ev = np.empty(b.n)
    ref_ev[order] = maillage.eigenvector_centrality(v, tol=1e-15, max_iter=100000).to_numpy()
    alpha = 1.0 / (max(H.degree()) + 1)
    ref_k = np.empty(b.n)
    ref_k[order] = maillage.katz_centrality(v, alpha=alpha, tol=1e-15, max_iter=100000).to_numpy()

    def unit(x):
        x = np.asarray(x, dtype=float)
        return x / np.linalg.norm(x)

    def ours(fn):
        out = np.empty(b.n)
        out[order] = fn().to_numpy()
        return out

    rows = {
        "pagerank": {
            "maillage": ours(lambda: maillage.pagerank(v, tol=1e-12, max_iter=1000)) - ref_pr,
            "igraph": np.array(H.pagerank()) - ref_pr,
            "networkit": np.array(
                nk.centrality.PageRank(N, 0.85, 1e-12, False, nk.centrality.SinkHandling.DistributeSinks).run().scores()
            ) - ref_pr,
        },
        "eigenvector": {
            "maillage": ours(lambda: maillage.eigenvector_centrality(v, tol=1e-12, max_iter=10000)) - ref_ev,
            "igraph": unit(H.eigenvector_centrality()) - ref_ev,
            "networkit": unit(nk.centrality.EigenvectorCentrality(N, 1e-12).run().scores()) - ref_ev,
        },
        "katz": {
            "maillage": ours(lambda: maillage.katz_centrality(v, alpha=alpha, tol=1e-12)) - ref_k,
            "networkit": unit(nk.centrality.KatzCentrality(N, alpha, 1.0, 1e-12).run().scores()) - ref_k,
        },
    }
    parts = []
    for measure, libs in rows.items():
        parts.append(measure + ": " + ", ".join(f"{lib} {np.max(np.abs(d)):.1e}" for lib, d in libs.items()))
    return ["", f"Largest deviation from the reference (tol = 1e-15): {'; '.join(parts)}."]


def bgl(b: Bundle, args) -> List[str]:
    """Boost.Graph's Brandes (the kernel's test oracle) against maillage's, both single-threaded."""
    import maillage
    from maillage import _core

    if args.only and "betweenness" not in args.only:
        return []
    # Processor time: both run on one thread, so other processes on a shared machine do not count.
    t_bgl = median_time(lambda: _core._bgl_betweenness(b.view._v), args.repeat, clock=time.process_time)
    t_own = median_time(lambda: maillage.betweenness_centrality(b.view, threads=1), args.repeat,
                        clock=time.process_time)
    return [
        "",
        f"Exact betweenness on one thread (processor time): Boost.Graph's brandes_betweenness_centrality on the "
        f"view's CSR {t_bgl:.3g} s, maillage's kernel {t_own:.3g} s (Boost.Graph / maillage = {t_bgl / t_own:.2f}).",
    ]


def small(args) -> List[str]:
    """Per-call time on a 50-node graph."""
    import igraph as ig
    import networkit as nk
    import networkx as nx

    import maillage

    G = nx.gnm_random_graph(50, 120, seed=3)
    g = maillage.from_networkx(G)
    v = g.view()
    H = ig.Graph.from_networkx(G)
    N = nk.nxadapter.nx2nk(G)
    N.indexEdges()
    calls = {
        "betweenness": (lambda: maillage.betweenness_centrality(v), lambda: nx.betweenness_centrality(G),
                        lambda: H.betweenness(), lambda: nk.centrality.Betweenness(N).run().scores()),
        "closeness": (lambda: maillage.closeness_centrality(v), lambda: nx.closeness_centrality(G),
                      lambda: H.closeness(), lambda: nk.centrality.Closeness(N, True, nk.centrality.ClosenessVariant.Generalized).run().scores()),
        "harmonic": (lambda: maillage.harmonic_centrality(v), lambda: nx.harmonic_centrality(G),
                     lambda: H.harmonic_centrality(), lambda: nk.centrality.HarmonicCloseness(N, True).run().scores()),
        "pagerank": (lambda: maillage.pagerank(v), lambda: nx.pagerank(G), lambda: H.pagerank(),
                     lambda: nk.centrality.PageRank(N, 0.85, 1e-8, False, nk.centrality.SinkHandling.DistributeSinks).run().scores()),
        "eigenvector": (lambda: maillage.eigenvector_centrality(v), lambda: nx.eigenvector_centrality(G),
                        lambda: H.eigenvector_centrality(), lambda: nk.centrality.EigenvectorCentrality(N).run().scores()),
        "degree": (lambda: maillage.degree(v), lambda: dict(G.degree()), lambda: H.degree(),
                   lambda: nk.centrality.DegreeCentrality(N).run().scores()),
        "core_number": (lambda: maillage.core_number(v), lambda: nx.core_number(G), lambda: H.coreness(),
                        lambda: nk.centrality.CoreDecomposition(N).run().scores()),
        "clustering": (lambda: maillage.clustering(v), lambda: nx.clustering(G),
                       lambda: H.transitivity_local_undirected(mode="zero"),
                       lambda: nk.centrality.LocalClusteringCoefficient(N).run().scores()),
    }
    lines = [
        "### 50 nodes, 120 edges: processor time per call from Python (µs)",
        "",
        "Processor time (`time.process_time`) of 2,000 calls in a row, median of the runs: single-threaded",
        "calls, measured so that other processes on a shared machine do not count.",
        "",
        "| measure | maillage | NetworkX | igraph | NetworKit | target: 2 × igraph + 20 | maillage / igraph |",
        "|---|---|---|---|---|---|---|",
    ]
    reps = args.small_calls
    for measure, fns in calls.items():
        if args.only and measure not in args.only:
            continue
        us = []
        for fn in fns:
            us.append(median_time(lambda: [fn() for _ in range(reps)], max(3, args.repeat), time.process_time) / reps * 1e6)
        lines.append(
            f"| {measure} | {us[0]:.1f} | {us[1]:.1f} | {us[2]:.1f} | {us[3]:.1f} | {2 * us[2] + 20:.1f} | {us[0] / us[2]:.2f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--k", type=int, default=256, help="sampled sources for betweenness on large graphs")
    parser.add_argument("--quick", action="store_true", help="small graphs, to check the script")
    parser.add_argument("--only", type=lambda s: s.split(","), default=None, help="comma-separated measures")
    parser.add_argument("--graphs", type=lambda s: s.split(","), default=["ba4", "ba5", "pp", "big", "small"])
    parser.add_argument("--small-calls", type=int, default=2000)
    args = parser.parse_args()

    import igraph as ig
    import networkit as nk
    import networkx as nx

    import maillage

    nk.setNumberOfThreads(args.threads)
    scale = 10 if args.quick else 1
    out = [
        f"Command: `python3 {' '.join(sys.argv)}`",
        "",
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, threads {args.threads}, "
        f"median of {args.repeat}; maillage {maillage.__version__}, networkx {nx.__version__}, "
        f"igraph {ig.__version__}, networkit {nk.__version__}; ~ = extrapolated from sampled sources.",
        "",
    ]
    everything = PATH_MEASURES + LINEAR_MEASURES + OTHER_MEASURES
    for name in args.graphs:
        if name == "small":
            out += small(args) + [""]
            continue
        if name == "ba4":
            b = Bundle("Barabási–Albert 10^4", *barabasi_albert(10_000 // scale), with_networkx=True)
            measures = everything
        elif name == "ba5":
            b = Bundle("Barabási–Albert 10^5", *barabasi_albert(100_000 // scale), with_networkx=True)
            measures = everything
        elif name == "pp":
            b = Bundle("Planted partition, shuffled labels", *planted_partition(50_000 // scale, 500_000 // scale, 50, 0.9, 1),
                       with_networkx=True)
            measures = everything
        elif name == "big":
            b = Bundle("Barabási–Albert 10^6 (linear-time measures)", *barabasi_albert(1_000_000 // scale),
                       with_networkx=False)
            measures = LINEAR_MEASURES
        else:
            raise SystemExit(f"unknown graph {name!r}")
        print(f"{b.name}: {b.n} nodes, {b.m} edges", file=sys.stderr, flush=True)
        out += table(b, measures, args)
        if name == "ba4":
            out += bgl(b, args)
        if name != "big":
            out += accuracy(b, args)
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
