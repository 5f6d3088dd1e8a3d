"""Load times of each interchange format: maillage's readers against NetworkX's and igraph's
readers of the same files, in one run.

Run from the repository root after `scripts/setup`:

    python3 bench/formats.py [--nodes 20000] [--edges 100000] [--repeat 3]
    python3 bench/formats.py --nodes 1000000 --edges 1000000 --formats csv,parquet   # the Parquet target

A graph of --nodes nodes and --edges edges is made (seeded): node columns kind, label, an int, a
double, a date; edge columns relation, weight, an int, a text. It is written once per format by
maillage (data package folder, zip, GEXF, GraphML, Parquet folder, and the bare CSV pair), then
each file is loaded by
  - maillage.read(path)                      (every format; read_csv for the CSV pair)
  - networkx.read_gexf / read_graphml        (GEXF, GraphML)
  - igraph.Graph.Read_GraphML                (GraphML)
  - pandas.read_csv / read_parquet           (CSV, Parquet: the tables alone, no graph built)
  - igraph.Graph.DataFrame, networkx.from_pandas_edgelist of pandas.read_parquet
                                             (Parquet: the peers' graphs built from the same files;
                                             NetworkX's with --networkx-tables)
Each load runs --repeat times in this process after one warm-up; the median wall-clock time is
reported, with its ratio to maillage's time on the same file (> 1: maillage is faster). The last
line gives the Parquet and package loads against the bare CSV pair's (the issue-19 target: Parquet
at least 3x faster than CSV at 10^6 edges).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import maillage


def make_graph(n: int, m: int, seed: int = 0) -> maillage.Graph:
    rng = np.random.default_rng(seed)
    keys = np.array([f"n{i}" for i in range(n)], dtype=object)
    days = pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D")
    nodes = pd.DataFrame({
        "key": keys,
        "kind": rng.choice(["person", "organisation", "territory"], n),
        "label": [f"Acteur {i}" for i in range(n)],
        "population": rng.integers(0, 100000, n),
        "score": rng.random(n),
        "since": days,
    })
    s = rng.integers(0, n, m)
    t = (s + 1 + rng.integers(0, n - 1, m)) % n
    edges = pd.DataFrame({
        "source": keys[s], "target": keys[t],
        "relation": "cooperates_with",
        "weight": rng.integers(1, 10, m).astype(float),
        "count": rng.integers(0, 50, m),
        "note": rng.choice(["a", "b", "c"], m),
    })
    return maillage.Graph.from_frames(nodes, edges, progress=False)


def median_time(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=20000)
    parser.add_argument("--edges", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="csv,package,zip,gexf,graphml,parquet")
    parser.add_argument("--networkx-tables", action="store_true",
                        help="also time networkx.from_pandas_edgelist on the Parquet tables (slow at 10^6 edges)")
    args = parser.parse_args()
    formats = args.formats.split(",")
    import networkx as nx

    try:
        import igraph
    except ImportError:
        igraph = None
    g = make_graph(args.nodes, args.edges)
    print(f"# {args.nodes:,} nodes, {args.edges:,} edges; Python {platform.python_version()}, maillage "
          f"{maillage.__version__}, NetworkX {nx.__version__}, igraph {igraph.__version__ if igraph else '-'}, "
          f"pandas {pd.__version__}; {dt.date.today()}")
    print()
    print("| format | file size | maillage.read | peer | peer time | peer / maillage |")
    print("|---|---:|---:|---|---:|---:|")
    ours_by_format = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for fmt in formats:
            if fmt == "csv":
                nodes, edges = root / "nodes.csv", root / "edges.csv"
                maillage.write_csv(g, nodes, edges)
                size = nodes.stat().st_size + edges.stat().st_size
                ours = median_time(lambda: maillage.read_csv(nodes, edges, progress=False), args.repeat)
                peers = [("pandas.read_csv (tables only)", lambda: (pd.read_csv(nodes), pd.read_csv(edges)))]
            else:
                path = root / {"package": "pkg", "zip": "g.zip", "gexf": "g.gexf", "graphml": "g.graphml",
                               "parquet": "g.parquet"}[fmt]
                g.write(path)
                size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
                ours = median_time(lambda: maillage.read(path, progress=False), args.repeat)
                peers = []
                if fmt == "gexf":
                    peers.append(("networkx.read_gexf", lambda: nx.read_gexf(path)))
                if fmt == "graphml":
                    peers.append(("networkx.read_graphml", lambda: nx.read_graphml(path)))
                    if igraph is not None:
                        peers.append(("igraph.Graph.Read_GraphML", lambda: igraph.Graph.Read_GraphML(str(path))))
                if fmt == "parquet":
                    peers.append(("pandas.read_parquet (tables only)",
                                  lambda: (pd.read_parquet(path / "nodes.parquet"), pd.read_parquet(path / "edges.parquet"))))
                    if igraph is not None:
                        peers.append(("igraph.Graph.DataFrame of read_parquet",
                                      lambda: igraph.Graph.DataFrame(pd.read_parquet(path / "edges.parquet").reset_index(drop=True),
                                                                     directed=False, use_vids=False,
                                                                     vertices=pd.read_parquet(path / "nodes.parquet").reset_index())))
                    if args.networkx_tables:
                        peers.append(("networkx.from_pandas_edgelist of read_parquet",
                                      lambda: nx.from_pandas_edgelist(pd.read_parquet(path / "edges.parquet"),
                                                                      edge_attr=True, create_using=nx.MultiGraph)))
            ours_by_format[fmt] = ours
            if not peers:
                print(f"| {fmt} | {size / 1e6:.1f} MB | {ours:.3f} s | — | — | — |")
            for name, fn in peers:
                theirs = median_time(fn, args.repeat)
                print(f"| {fmt} | {size / 1e6:.1f} MB | {ours:.3f} s | {name} | {theirs:.3f} s | {theirs / ours:.1f} |")
    if "csv" in ours_by_format:
        print()
        print("; ".join(f"{fmt} loads {ours_by_format['csv'] / t:.1f}x faster than the CSV pair"
                        for fmt, t in ours_by_format.items() if fmt != "csv"))


if __name__ == "__main__":
    main()
