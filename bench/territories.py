"""The france-territories dataset and the territory resolver, side by side with what a user would
write without maillage (the official JSON through json + NetworkX, names through a Python dict).

Run from the repository root after `scripts/setup`:
    python3 bench/territories.py [--names 10000] [--repeat 5] [--source DIR]

Measures:
  - loading the dataset: maillage's C++ loader (gzip TSV → Graph, 38,992 nodes, 74,002 edges),
    uncached, against reading the official JSON files (json.load) and building a NetworkX DiGraph
    of the same part_of edges (needs --source, default ../shared/data/decoupage-administratif);
  - building the resolver's indexes (names, codes, départements);
  - resolving --names names (current commune names drawn at random, with seed 0, written in
    capitals or without accents for a third of them, and a département hint when the name is
    shared): maillage.territories.resolve over a pandas Series, one resolve() call per name, and a
    Python baseline (unicodedata normalisation + dict lookup, no ranking nor messages);
  - resolving 10,000 INSEE codes.
Targets (issue 4): loading under 1 s; 10,000 names under 1 s. Times are the best of --repeat
runs, in seconds; ratios are peer time / maillage time.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import unicodedata
from pathlib import Path

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


def python_normalize(name: str) -> str:
    text = name.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text).split()
    saint = {"st": "saint", "ste": "sainte"}
    return " ".join(saint.get(w, w) for w in words)


def strip_accents(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))


def main():
    import maillage
    from maillage import _core, territories

    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("--source", type=Path, default=root.parent / "shared" / "data" / "decoupage-administratif")
    args = parser.parse_args()

    path = str(maillage.datasets.france_territories_path())
    rows = []

    # ---- loading
    t_load, core = best(lambda: _core.load_france_territories(path), args.repeat)
    g = maillage.Graph(core)
    t_peer = None
    if (args.source / "communes.json").is_file():
        import networkx as nx

        edges = g.edges_frame()
        pairs = list(zip(edges["source"], edges["target"]))

        def peer_load():
            data = {}
            for name in ("communes", "epci", "ept", "departements", "regions"):
                with open(args.source / f"{name}.json", encoding="utf-8") as handle:
                    data[name] = json.load(handle)
            h = nx.DiGraph()
            h.add_edges_from(pairs)
            return h

        t_peer, _ = best(peer_load, args.repeat)
    rows.append(("load the hierarchy (38,992 nodes, 74,002 part_of edges)", t_load, t_peer, "json.load + NetworkX"))

    t_index, resolver = best(lambda: _core.TerritoryResolver(core), args.repeat)
    rows.append(("build the resolver's indexes", t_index, None, ""))

    # ---- names
    nodes = g.nodes_frame()
    current = nodes[nodes["type"] == "commune"]
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(current), args.names)
    labels = current["label"].to_numpy(dtype=object)[picks]
    deps = current["departement"].to_numpy(dtype=object)[picks]
    shared = current["label"].map(python_normalize).value_counts()
    normal = np.array([python_normalize(x) for x in labels], dtype=object)
    hint = np.array([d if shared[n] > 1 else None for n, d in zip(normal, deps)], dtype=object)
    style = rng.integers(0, 3, args.names)
    queries = [x.upper() if s == 1 else strip_accents(x) if s == 2 else x for x, s in zip(labels, style)]
    series, hints = pd.Series(queries), pd.Series(hint)

    territories.resolve(series.head(10), departement=hints.head(10))  # load and index once
    t_vec, out = best(lambda: territories.resolve(series, departement=hints, errors="coerce"), args.repeat)
    found = int(out["key"].notna().sum())

    def one_by_one():
        keys = []
        for q, d in zip(queries, hint):
            try:
                keys.append(territories.resolve(q, departement=d).key)
            except maillage.Error:
                keys.append(None)
        return keys

    t_loop, _ = best(one_by_one, max(1, args.repeat // 2))

    table = {}
    for key, label, dep in zip(current.index, current["label"], current["departement"]):
        table.setdefault(python_normalize(label), []).append((dep, key))

    def peer_names():
        keys = []
        for q, d in zip(queries, hint):
            matches = table.get(python_normalize(q), [])
            if d is not None:
                matches = [m for m in matches if m[0] == d]
            keys.append(matches[0][1] if len(matches) == 1 else None)
        return keys

    t_peer_names, peer_keys = best(peer_names, args.repeat)
    agree = sum(1 for a, b in zip(out["key"].tolist(), peer_keys) if a == b)
    rows.append((f"resolve {args.names:,} names (Series, département hints)", t_vec, t_peer_names,
                 "Python dict + unicodedata"))
    rows.append((f"resolve {args.names:,} names (one resolve() call each)", t_loop, t_peer_names,
                 "Python dict + unicodedata"))

    codes = pd.Series(current.index.str.slice(8).to_numpy(dtype=object)[picks])
    t_codes, _ = best(lambda: territories.resolve(codes), args.repeat)
    rows.append((f"resolve {args.names:,} INSEE codes (Series)", t_codes, None, ""))

    print(f"# france-territories; best of {args.repeat}; {platform.machine()}, Python {platform.python_version()}, "
          f"maillage {maillage.__version__}, pandas {pd.__version__}")
    print(f"# {found:,} of {args.names:,} names resolved (the others are ambiguous even with their département); "
          f"the dict baseline agrees on {agree:,}")
    print("| task | maillage (s) | peer (s) | peer | peer / maillage |")
    print("|---|---|---|---|---|")
    for task, tm, tp, peer in rows:
        ratio = f"{tp / tm:.2f}×" if tp else ""
        print(f"| {task} | {tm:.4g} | {'' if tp is None else f'{tp:.4g}'} | {peer} | {ratio} |")


if __name__ == "__main__":
    main()
