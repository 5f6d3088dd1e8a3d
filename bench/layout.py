"""Force-directed layout: maillage's Barnes–Hut layout against igraph and NetworkX, and the cost of
the systemic builders and writers on the fabrique-2024 dataset.

Run from the repository root after `scripts/setup`:
    python3 bench/layout.py [--repeat 3] [--quick]

Graphs: G(n, m) random graphs (igraph's Erdős–Rényi generator, seed 1) of 500 / 2,000 and
5,000 nodes / 20,000 edges, the same edges for every library.
  - maillage: `maillage.systemic.layout(g, "force")` (Fruchterman–Reingold forces, Barnes–Hut
    repulsion with θ = 1.2, 300 iterations, one thread);
  - igraph: `layout_fruchterman_reingold()` (500 iterations; its grid approximation above 1,000
    nodes);
  - NetworkX: `spring_layout()` (50 iterations, NumPy; only up to 2,000 nodes: above, it takes
    minutes).
Quality: Pearson correlation between Euclidean distances and hop distances over the pairs reached
from 100 sampled sources (1 = distances proportional to hops); higher is better.
Times are wall-clock medians of --repeat runs, in seconds, in this process.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

import maillage
from maillage import systemic


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def quality(h: ig.Graph, xy: np.ndarray, sources: int = 100, seed: int = 1) -> float:
    rng = np.random.default_rng(seed)
    picks = rng.choice(h.vcount(), size=min(sources, h.vcount()), replace=False)
    hops, euclid = [], []
    dist = np.array(h.distances(source=[int(s) for s in picks]), dtype=float)
    for row, s in zip(dist, picks):
        ok = np.isfinite(row) & (row > 0)
        hops.append(row[ok])
        euclid.append(np.hypot(*(xy[ok] - xy[s]).T))
    return float(np.corrcoef(np.concatenate(hops), np.concatenate(euclid))[0, 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="the 500-node graph only")
    args = parser.parse_args()
    sizes = [(500, 2000)] if args.quick else [(500, 2000), (2000, 8000), (5000, 20000)]
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"maillage {maillage.__version__}, igraph {ig.__version__}, NetworkX {nx.__version__}")
    rows = []
    for n, m in sizes:
        random.seed(1)  # igraph draws from Python's random module
        h = ig.Graph.Erdos_Renyi(n=n, m=m)
        frame = pd.DataFrame(h.get_edgelist(), columns=["source", "target"]).astype(str)
        g = maillage.Graph.from_frames(pd.DataFrame({"key": [str(i) for i in range(n)]}), frame)
        t, pos = timed(lambda: systemic.layout(g, seed=0), args.repeat)
        xy = pos.loc[[str(i) for i in range(n)]].to_numpy()
        rows.append(("maillage", n, m, t, quality(h, xy)))
        t, lay = timed(lambda: h.layout_fruchterman_reingold(), args.repeat)
        rows.append(("igraph", n, m, t, quality(h, np.array(lay.coords))))
        if n <= 2000:
            nxg = nx.Graph()
            nxg.add_nodes_from(range(n))
            nxg.add_edges_from(h.get_edgelist())
            t, spring = timed(lambda: nx.spring_layout(nxg, seed=1), 1)
            rows.append(("NetworkX", n, m, t, quality(h, np.array([spring[i] for i in range(n)]))))
    print("\n| library | nodes | edges | time (s) | quality |\n|---|---:|---:|---:|---:|")
    for lib, n, m, t, q in rows:
        print(f"| {lib} | {n:,} | {m:,} | {t:.3f} | {q:.3f} |")

    fab = maillage.datasets.fabrique_2024()
    calls = {
        "actor_map(g, focus='programme:cohorte-occitanie')": lambda: systemic.actor_map(fab, focus="programme:cohorte-occitanie"),
        "actor_map(g)  (289 nodes)": lambda: systemic.actor_map(fab),
        "interscale_map(g, focus='programme:cohortes-regionales')": lambda: systemic.interscale_map(fab, focus="programme:cohortes-regionales"),
        "ego_map(g, 'organisation:fabrique-des-transitions')": lambda: systemic.ego_map(fab, "organisation:fabrique-des-transitions"),
    }
    print("\n| call | time (ms) | to_svg (ms) | to_html (ms) | to_gexf (ms) | label overlap ratio | hidden labels |\n"
          "|---|---:|---:|---:|---:|---:|---:|")
    for name, fn in calls.items():
        t, rep = timed(fn, args.repeat)
        ts = [timed(getattr(rep, w), args.repeat)[0] for w in ("to_svg", "to_html", "to_gexf")]
        stats = rep.label_overlap()
        print(f"| `{name}` | {t * 1e3:.1f} | " + " | ".join(f"{x * 1e3:.1f}" for x in ts)
              + f" | {stats['overlap_ratio']:.4f} | {stats['hidden']} / {stats['hidden'] + stats['labels']} |")


if __name__ == "__main__":
    main()
