"""Graph building, views and node order, side by side with NetworkX and igraph.

Run from the repository root after `scripts/setup`:
    python3 bench/views.py [--nodes 50000] [--edges 500000] [--repeat 3] [--markdown]

Measures, on a planted-partition graph whose node labels are shuffled (so natural order has no
locality):
  - building a graph from a pandas edge table: maillage.Graph.from_frames vs
    networkx.from_pandas_edgelist vs igraph.Graph.DataFrame;
  - building a View in natural, BFS and degree order;
  - connected components on each (maillage vs NetworkX vs igraph);
  - 20 neighbour-sum sweeps over the CSR (the access pattern of PageRank-like kernels) in each
    order, to see what locality renumbering buys;
  - the per-call overhead of connected components on a 50-node graph.
Times are the best of --repeat runs, in seconds; ratios are peer time / maillage time.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import pandas as pd


def best(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def planted_partition(n, m, groups, p_in, seed):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, n)
    members = [np.flatnonzero(group == g) for g in range(groups)]
    inside = rng.random(m) < p_in
    src = rng.integers(0, n, m)
    dst = np.empty(m, dtype=np.int64)
    for i in range(m):
        if inside[i]:
            pool = members[group[src[i]]]
            dst[i] = pool[rng.integers(0, len(pool))]
        else:
            dst[i] = rng.integers(0, n)
    labels = rng.permutation(n)  # shuffled keys: natural order has no locality
    keys = np.array([f"n{labels[i]}" for i in range(n)], dtype=object)
    return pd.DataFrame({"source": keys[src], "target": keys[dst], "weight": rng.random(m) + 0.5})


def main():
    import igraph as ig
    import networkx as nx

    import maillage

    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    edges = planted_partition(args.nodes, args.edges, groups=50, p_in=0.9, seed=1)
    rows = []

    t_m, g = best(lambda: maillage.Graph.from_frames(None, edges, progress=False), args.repeat)
    t_nx, G = best(lambda: nx.from_pandas_edgelist(edges, "source", "target", ["weight"]), args.repeat)
    t_ig, H = best(lambda: ig.Graph.DataFrame(edges, directed=False, use_vids=False), args.repeat)
    rows.append(("build from a pandas edge table", t_m, t_nx, t_ig))

    views = {}
    for order in ("natural", "bfs", "degree"):
        t, views[order] = best(lambda o=order: g.view(order=o), args.repeat)
        rows.append((f"view, {order} order", t, None, None))

    for order in ("natural", "bfs", "degree"):
        v = views[order]
        t, _ = best(lambda: maillage.connected_components(v), args.repeat)
        t_nx_cc = t_ig_cc = None
        if order == "natural":
            t_nx_cc, _ = best(lambda: list(nx.connected_components(G)), args.repeat)
            t_ig_cc, _ = best(lambda: H.connected_components(), args.repeat)
        rows.append((f"connected components, {order} order", t, t_nx_cc, t_ig_cc))

    for order in ("natural", "bfs", "degree"):
        v = views[order]
        t, _ = best(lambda: maillage._core._neighbor_sum_sweeps(v._v, 20), args.repeat)
        rows.append((f"20 neighbour-sum sweeps, {order} order", t, None, None))

    small = nx.gnm_random_graph(50, 120, seed=3)
    gs = maillage.from_networkx(small)
    vs = gs.view()
    hs = ig.Graph.from_networkx(small)
    reps = 2000
    t_small, _ = best(lambda: [maillage.connected_components(vs) for _ in range(reps)], args.repeat)
    t_small_nx, _ = best(lambda: [list(nx.connected_components(small)) for _ in range(reps)], args.repeat)
    t_small_ig, _ = best(lambda: [hs.connected_components() for _ in range(reps)], args.repeat)
    rows.append(("components on 50 nodes (one call)", t_small / reps, t_small_nx / reps, t_small_ig / reps))

    print(f"# {args.nodes} nodes, {args.edges} edges (planted partition, shuffled keys); "
          f"best of {args.repeat}; {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"maillage {maillage.__version__}, networkx {nx.__version__}, igraph {ig.__version__}")
    print("| task | maillage (s) | NetworkX (s) | igraph (s) | NetworkX / maillage | igraph / maillage |")
    print("|---|---|---|---|---|---|")
    for task, tm, tn, ti in rows:
        def fmt(x):
            return "" if x is None else f"{x:.4g}"
        def ratio(x):
            return "" if x is None else f"{x / tm:.2f}×"
        print(f"| {task} | {fmt(tm)} | {fmt(tn)} | {fmt(ti)} | {ratio(tn)} | {ratio(ti)} |")


if __name__ == "__main__":
    main()
