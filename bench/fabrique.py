"""Loading the fabrique-2024 dataset, side by side with peers reading the same files.

    python3 bench/fabrique.py --repeat 20

- maillage: `maillage.datasets.fabrique_2024()` (the C++ CSV reader: typed columns, lists, dates,
  the relation registry, part_of checks) and `maillage.read_csv` on the same pair;
- pandas: `pd.read_csv` of the node and edge files (text only, no graph);
- NetworkX: pandas reading + `nx.from_pandas_edgelist` (a MultiDiGraph with every edge attribute)
  + the node attributes;
- igraph: pandas reading + `igraph.Graph.DataFrame` (directed, with the vertex table).
The dataset is small (hundreds of nodes): this measures per-call overhead, the alliance's scale.
"""

from __future__ import annotations

import argparse
import platform
import time

import pandas as pd

import maillage


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    nodes_path, edges_path, _ = maillage.datasets.fabrique_2024_paths()
    g = maillage.datasets.fabrique_2024()

    def pandas_read():
        return (pd.read_csv(nodes_path, dtype=str, keep_default_na=False),
                pd.read_csv(edges_path, dtype=str, keep_default_na=False))

    rows = [("maillage.datasets.fabrique_2024()", best(maillage.datasets.fabrique_2024, args.repeat)),
            ("maillage.read_csv(nodes, edges)",
             best(lambda: maillage.read_csv(nodes_path, edges_path, dtypes={"aliases": "list", "figures": "list"},
                                            relations={"produces": {"directed": True, "category": "tie"}}),
                  args.repeat)),
            ("pandas.read_csv of both files (no graph)", best(pandas_read, args.repeat))]
    try:
        import networkx as nx

        def networkx_load():
            nodes, edges = pandas_read()
            graph = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=True, create_using=nx.MultiDiGraph)
            graph.add_nodes_from((row["key"], row) for row in nodes.to_dict("records"))
            return graph

        rows.append(("NetworkX (pandas + from_pandas_edgelist)", best(networkx_load, args.repeat)))
    except ImportError:
        nx = None
    try:
        import igraph

        def igraph_load():
            nodes, edges = pandas_read()
            return igraph.Graph.DataFrame(edges, directed=True, vertices=nodes, use_vids=False)

        rows.append(("igraph (pandas + Graph.DataFrame)", best(igraph_load, args.repeat)))
    except ImportError:
        igraph = None

    reference = rows[0][1]
    print(f"# fabrique-2024: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; best of {args.repeat}; "
          f"{platform.machine()}, Python {platform.python_version()}, maillage {maillage.__version__}, "
          f"pandas {pd.__version__}" + (f", networkx {nx.__version__}" if nx else "")
          + (f", igraph {igraph.__version__}" if igraph else ""))
    print("| task | time (ms) | time / fabrique_2024() |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1e3:.2f} | {seconds / reference:.2f}× |")


if __name__ == "__main__":
    main()
