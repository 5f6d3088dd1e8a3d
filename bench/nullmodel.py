"""Null-model significance at scale: --samples degree-preserving rewirings of a --ties-tie graph,
the vertical share computed on each, on one and on two threads, beside igraph and NetworkX doing
the same work.

Run from the repository root after `scripts/setup`:
    python3 bench/nullmodel.py [--ties 100000] [--samples 1000] [--swaps 10] [--seed 0]

The graph: the official French hierarchy (france_territories()) with --ties cooperation ties drawn
by bench/interscale.py's gravity model, so the scales are real and about half the ties vertical.
Every sample starts from the observed ties and attempts swaps × ties double edge swaps.

Rows:
  - maillage.significance(g, "vertical_share", samples=S) with threads=1 and threads=2 (wall and
    process CPU time; the speed-up);
  - python-igraph: Graph.rewire(n=swaps × ties, simple graphs only) on a copy of the tie graph per
    sample, then the vertical share in NumPy from the edge list — timed on --peer-samples samples
    and scaled to S;
  - NetworkX: double_edge_swap on a copy per sample, then the vertical share — timed on one sample
    and scaled; NetworkX counts successful swaps, so it is asked for as many as maillage accepted
    per sample on average.
The check column compares the null means (they estimate the same quantity).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from interscale import gravity_ties  # noqa: E402


def timed(fn):
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def main() -> None:
    import maillage

    parser = argparse.ArgumentParser()
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--swaps", type=float, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--peer-samples", type=int, default=5)
    parser.add_argument("--no-networkx", action="store_true")
    args = parser.parse_args()

    print(f"# maillage {maillage.__version__}, Python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()})")
    france = maillage.datasets.france_territories()
    s, t = gravity_ties(france, args.ties, args.seed)
    nodes = france.nodes_frame().reset_index()
    # The simple tie set (rewiring keeps multiplicities it cannot create; peers want simple graphs).
    ties = pd.DataFrame({"source": s, "target": t})
    ties = ties[ties["source"] != ties["target"]]
    pair = np.where(ties["source"] < ties["target"], ties["source"] + "|" + ties["target"], ties["target"] + "|" + ties["source"])
    ties = ties[~pd.Series(pair).duplicated().to_numpy()]
    edges = pd.concat([france.edges_frame()[["source", "target", "relation"]], ties.assign(relation="cooperates_with")],
                      ignore_index=True)
    g = maillage.Graph.from_frames(nodes, edges, progress=False)
    m = len(ties)
    print(f"graph: {g.number_of_nodes():,} nodes, {m:,} simple ties; {args.samples} samples, "
          f"{args.swaps:g} attempted swaps per tie per sample")

    rows = []
    results = {}
    for threads in (1, 2):
        wall, cpu, r = timed(lambda: maillage.significance(g, "vertical_share", samples=args.samples, seed=args.seed,
                                                           swaps=args.swaps, threads=threads))
        results[threads] = (wall, cpu, r)
        rows.append((f"maillage, {threads} thread{'s' if threads > 1 else ''}", wall, cpu, r["mean"].iloc[0]))
    r = results[1][2]
    accepted = r.attrs["accepted_swaps"] / args.samples
    print(f"observed vertical share {r['observed'].iloc[0]:.4f}; null mean {r['mean'].iloc[0]:.4f} ± "
          f"{r['std'].iloc[0]:.4f}, z = {r['z'].iloc[0]:.1f}; accepted swaps per sample {accepted:,.0f} "
          f"of {r.attrs['attempted_swaps'] / args.samples:,.0f}")
    pd.testing.assert_frame_equal(results[1][2], results[2][2])  # identical on any thread count

    # Scales per node, for the peers' vertical share.
    res = maillage.interscale.actor_scales(g)
    scale_codes = res["scale"].cat.codes.to_numpy()
    keys = g.nodes_frame().index
    position = pd.Series(np.arange(len(keys)), index=keys)
    src = position[ties["source"]].to_numpy()
    tgt = position[ties["target"]].to_numpy()

    def share(a, b):
        sa, sb = scale_codes[a], scale_codes[b]
        known = (sa >= 0) & (sb >= 0)
        return np.count_nonzero((sa != sb) & known) / np.count_nonzero(known)

    try:
        import igraph as ig

        base = ig.Graph(n=len(keys), edges=list(zip(src.tolist(), tgt.tolist())))

        def igraph_sample():
            h = base.copy()
            try:
                h.rewire(n=int(args.swaps * m), allowed_edge_types="simple")
            except TypeError:  # python-igraph before 0.11
                h.rewire(n=int(args.swaps * m), mode="simple")
            el = np.array(h.get_edgelist())
            return share(el[:, 0], el[:, 1])

        k = args.peer_samples
        wall, cpu, values = timed(lambda: [igraph_sample() for _ in range(k)])
        rows.append((f"python-igraph {ig.__version__} (×{args.samples / k:g} from {k})", wall * args.samples / k,
                     cpu * args.samples / k, float(np.mean(values))))
    except ImportError:
        print("python-igraph not installed: skipped")

    if not args.no_networkx:
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(range(len(keys)))
        G.add_edges_from(zip(src.tolist(), tgt.tolist()))

        def nx_sample():
            H = G.copy()
            nx.double_edge_swap(H, nswap=int(accepted), max_tries=int(100 * args.swaps * m))
            el = np.array(H.edges())
            return share(el[:, 0], el[:, 1])

        wall, cpu, value = timed(nx_sample)
        rows.append((f"NetworkX {nx.__version__} (×{args.samples} from 1)", wall * args.samples, cpu * args.samples, value))

    print()
    print("| | wall (s) | CPU (s) | null mean | maillage 2 threads is × faster |")
    print("|---|---:|---:|---:|---:|")
    best = results[2][0]
    for name, wall, cpu, mean in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {mean:.4f} | {wall / best:.1f} |")
    print(f"\nspeed-up of 2 threads over 1: {results[1][0] / results[2][0]:.2f}")


if __name__ == "__main__":
    main()
