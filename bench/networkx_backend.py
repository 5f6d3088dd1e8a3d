"""NetworkX alone against NetworkX with the maillage backend, on the same calls, in one run.

Run from the repository root after `scripts/setup`:
    python3 bench/networkx_backend.py [--full] [--only betweenness,closeness,...]

Graphs: Zachary's karate club (34 nodes), Barabási–Albert 10^4 and 10^5 nodes (NetworkX's
generator, m = 3, seed 1), unweighted but for PageRank and Louvain (NetworkX's weight="weight",
absent: every edge 1).

For each call three times, wall clock, one run each (the median of 11 runs for calls under 0.2 s),
after one warm-up run of NetworkX and of the backend on a 4-node path (imports are not timed):
  - "NetworkX": `f(G)`;
  - "backend, uncached": `f(G, backend="maillage")` on a fresh copy of G: the conversion of the
    NetworkX graph into the backend's graph is included;
  - "backend, cached": the same call again: NetworkX reuses the converted graph it cached in
    `G.__networkx_cache__`, so this is the kernel and the translation of its result into a dict.
Ratios are NetworkX's time over the backend's. On 10^4 nodes NetworkX's betweenness, closeness
and harmonic centrality would take many minutes: their NetworkX times are extrapolated (marked
"~") from 200 sampled sources (betweenness `k=200`, harmonic `sources=`) or 200 nodes
(closeness, `u=` each), since all are sums of independent single-source searches; `--full` runs
them whole. They and Louvain are not run on 10^5 nodes.
Louvain runs NetworkX with seed=None, as the backend serves it.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
import warnings

import networkx as nx

warnings.filterwarnings("ignore", message=".*cache.*")  # NetworkX's note on cached conversions
nx.config.warnings_to_ignore.add("cache")

SAMPLE = 200


def timed(fn, setup=None):
    """Wall time of fn(setup()): one run, or the median of 11 when a run takes under 0.2 s (short
    calls are noisy); setup() is not timed."""
    times = []
    while True:
        argument = setup() if setup is not None else None
        start = time.perf_counter()
        fn(argument) if setup is not None else fn()
        times.append(time.perf_counter() - start)
        if times[0] >= 0.2 or len(times) == 11:
            return statistics.median(times)


def networkx_time(name, fn, G, full):
    """NetworkX's time of the whole call, extrapolated from SAMPLE sources where it would be long."""
    n = G.number_of_nodes()
    if n <= 2000 or full and n <= 10_000 or name not in ("betweenness", "closeness", "harmonic"):
        return timed(lambda: fn(G)), False
    nodes = random.Random(1).sample(list(G), SAMPLE)
    if name == "betweenness":
        t = timed(lambda: nx.betweenness_centrality(G, k=SAMPLE, seed=1))
    elif name == "harmonic":
        t = timed(lambda: nx.harmonic_centrality(G, sources=nodes))
    else:
        t = timed(lambda: [nx.closeness_centrality(G, u=u) for u in nodes])
    return t * n / SAMPLE, True


CALLS = {
    "betweenness": lambda G, **kw: nx.betweenness_centrality(G, **kw),
    "closeness": lambda G, **kw: nx.closeness_centrality(G, **kw),
    "harmonic": lambda G, **kw: nx.harmonic_centrality(G, **kw),
    "pagerank": lambda G, **kw: nx.pagerank(G, tol=1e-10, **kw),
    "core_number": lambda G, **kw: nx.core_number(G, **kw),
    "clustering": lambda G, **kw: nx.clustering(G, **kw),
    "connected_components": lambda G, **kw: list(nx.connected_components(G, **kw)),
    "louvain": lambda G, **kw: nx.community.louvain_communities(G, **kw),
}
# skipped on 10^5 nodes: hours in NetworkX for the first three; about ten minutes for its Louvain
SLOW_ON_LARGE = {"betweenness", "closeness", "harmonic", "louvain"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="run NetworkX's betweenness and closeness whole on 10^4 nodes")
    parser.add_argument("--only", default="", help="comma-separated calls to run")
    args = parser.parse_args()
    import maillage

    only = [c for c in args.only.split(",") if c] or list(CALLS)
    graphs = [
        ("karate", nx.karate_club_graph()),
        ("BA 10^4", nx.barabasi_albert_graph(10_000, 3, seed=1)),
        ("BA 10^5", nx.barabasi_albert_graph(100_000, 3, seed=1)),
    ]
    for _, G in graphs[:1]:
        for e in G.edges.values():
            e.pop("weight", None)  # karate's weights are counts of interactions, not distances
    print(f"maillage {maillage.__version__}, networkx {nx.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}")
    print(f"{'graph':9} {'call':21} {'NetworkX':>10} {'uncached':>10} {'cached':>10} {'ratio unc.':>10} {'ratio cached':>12}")
    for gname, G in graphs:
        for name in only:
            if gname == "BA 10^5" and name in SLOW_ON_LARGE:
                continue
            fn = CALLS[name]
            tiny = nx.path_graph(4)
            fn(tiny)  # imports (scipy for PageRank) are not timed
            fn(tiny.copy(), backend="maillage")
            t_nx, estimated = networkx_time(name, fn, G, args.full)
            H = G.copy()
            t_unc = timed(lambda fresh: fn(fresh, backend="maillage"), setup=G.copy)  # an empty conversion cache
            fn(H, backend="maillage")
            t_cached = timed(lambda: fn(H, backend="maillage"))
            mark = "~" if estimated else " "
            print(f"{gname:9} {name:21} {mark}{t_nx:9.3g} {t_unc:10.3g} {t_cached:10.3g} "
                  f"{mark}{t_nx / t_unc:9.3g} {mark}{t_nx / t_cached:11.3g}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
