"""Loading a 1,000,000-edge CSV edge list: maillage against pandas + NetworkX and igraph.

Run from the repository root after `scripts/setup` (about two minutes):

    python3 bench/load.py [--edges 1000000] [--nodes 100000] [--repeat 3]

It writes the edge list with bench/gen_edges.py (`source,target,weight`, shuffled `n<number>` keys,
skewed degrees) into a temporary folder, then loads it, each run in a fresh Python process:
  (a) maillage.read_csv(None, path) into a Graph, plus its undirected weighted View
      (g.view(weight="weight"));
  (b) pandas.read_csv + networkx.from_pandas_edgelist(..., edge_attr="weight");
  (c) pandas.read_csv + igraph.Graph.DataFrame(..., directed=False, use_vids=False), igraph having
      no CSV reader of its own; and, for reference, (c') igraph.Graph.Read_Ncol on the same edges
      written in igraph's NCOL format (its native C reader).
Time: wall-clock of the load and CPU time of the process during it (steadier on a shared machine),
each the best of --repeat processes. Memory per edge: the resident set (RSS) after loading minus
the RSS before (libraries imported), divided by the edges, twice: as the load leaves the process
(gc.collect() only: what a user sees; maillage gives its freed loading buffers back itself), and
after malloc_trim(0) is called for every method alike (the live structures); peak: the process's
high-water mark (VmHWM) minus the RSS before, divided by the edges, and its ratio to the RSS left.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def _trim() -> None:
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def child(method: str, path: str) -> None:
    """Runs one load in this (fresh) process and prints a JSON line."""
    import pandas as pd  # noqa: F401  (every method pays for its imports before the baseline)

    if method == "maillage":
        import maillage
    elif method == "networkx":
        import networkx as nx
    else:
        import igraph as ig
    _trim()
    before = _status("VmRSS")
    t0 = time.perf_counter()
    c0 = time.process_time()
    if method == "maillage":
        g = maillage.read_csv(None, path, progress=False)
        v = g.view(weight="weight")
        kept = (g, v)
        nodes, edges = v.number_of_nodes(), g.number_of_edges()
    elif method == "networkx":
        df = pd.read_csv(path)
        G = nx.from_pandas_edgelist(df, "source", "target", edge_attr="weight")
        del df
        kept = G
        nodes = edges = None  # counted after the memory reading
    elif method == "igraph":
        df = pd.read_csv(path)
        H = ig.Graph.DataFrame(df, directed=False, use_vids=False)
        del df
        kept = H
        nodes, edges = H.vcount(), H.ecount()
    else:  # igraph-ncol
        H = ig.Graph.Read_Ncol(path, names=True, weights=True, directed=False)
        kept = H
        nodes, edges = H.vcount(), H.ecount()
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    import gc

    gc.collect()
    left = _status("VmRSS")
    _trim()
    after = _status("VmRSS")
    peak = _status("VmHWM")
    if method == "networkx":
        nodes, edges = kept.number_of_nodes(), kept.number_of_edges()
    print(json.dumps({"method": method, "seconds": elapsed, "cpu": cpu, "rss": after - before, "left": left - before, "peak": peak - before,
                      "nodes": nodes, "edges": edges}))


def run(method: str, path: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", method, path], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import igraph as ig
    import networkx as nx
    import pandas as pd

    import maillage

    with tempfile.TemporaryDirectory() as tmp:
        csv_path, ncol_path = os.path.join(tmp, "edges.csv"), os.path.join(tmp, "edges.ncol")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_edges.py"), csv_path, "--edges", str(args.edges),
                        "--nodes", str(args.nodes), "--ncol", ncol_path], check=True)
        size = os.path.getsize(csv_path)
        paths = {"maillage": csv_path, "networkx": csv_path, "igraph": csv_path, "igraph-ncol": ncol_path}
        results = {m: [] for m in paths}
        for _ in range(args.repeat):
            for method, path in paths.items():  # interleaved, so that machine noise hits all alike
                results[method].append(run(method, path))
    best = {m: min(r, key=lambda x: x["seconds"]) for m, r in results.items()}
    cpu = {m: min(x["cpu"] for x in r) for m, r in results.items()}
    rss = {m: sorted(x["rss"] for x in r)[len(r) // 2] for m, r in results.items()}
    left = {m: sorted(x["left"] for x in r)[len(r) // 2] for m, r in results.items()}
    peak = {m: sorted(x["peak"] for x in r)[len(r) // 2] for m, r in results.items()}
    m = best["maillage"]
    edges = m["edges"]
    print(f"# {args.edges} edges, {m['nodes']} nodes, {size / 1e6:.1f} MB CSV; best of {args.repeat} fresh processes "
          f"(memory: median); {platform.machine()}, Python {platform.python_version()}, maillage "
          f"{maillage.__version__}, pandas {pd.__version__}, networkx {nx.__version__}, igraph {ig.__version__}")
    print("| loader | time (s) | time / maillage | CPU time (s) | CPU / maillage | RSS growth as left (B/edge) "
          "| after malloc_trim (B/edge) | peak (B/edge) | peak / left |")
    print("|---|---|---|---|---|---|---|---|---|")
    names = {"maillage": "(a) maillage.read_csv + undirected weighted View",
             "networkx": "(b) pandas.read_csv + networkx.from_pandas_edgelist",
             "igraph": "(c) pandas.read_csv + igraph.Graph.DataFrame",
             "igraph-ncol": "(c') igraph.Graph.Read_Ncol (NCOL file, native reader)"}
    for method, name in names.items():
        b = best[method]
        print(f"| {name} | {b['seconds']:.3f} | {b['seconds'] / m['seconds']:.2f}× | {cpu[method]:.3f} | "
              f"{cpu[method] / cpu['maillage']:.2f}× | {left[method] / edges:.0f} | {rss[method] / edges:.0f} | "
              f"{peak[method] / edges:.0f} | {peak[method] / left[method]:.2f} |")
    for method in names:
        if best[method]["edges"] != edges and method != "networkx":
            print(f"note: {method} loaded {best[method]['edges']} edges")


if __name__ == "__main__":
    main()
