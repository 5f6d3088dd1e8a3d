"""Writes a synthetic weighted edge list as CSV, the shape researchers bring: `source,target,weight`.

    python3 bench/gen_edges.py OUT.csv [--edges 1000000] [--nodes 100000] [--seed 1] [--sep ,]

Node keys are `n<number>` in shuffled order; endpoints are drawn with a skewed (Zipf-like)
popularity, so degrees are uneven as in cooperation data; weights have up to three decimals. With
`--ncol FILE` the same edges are also written in igraph's NCOL format (`source target weight`).
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse

import numpy as np


def edges(n_edges: int, n_nodes: int, seed: int):
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, n_nodes + 1) ** 0.8
    popularity /= popularity.sum()
    labels = rng.permutation(n_nodes)
    src = labels[rng.choice(n_nodes, size=n_edges, p=popularity)]
    dst = labels[rng.integers(0, n_nodes, size=n_edges)]
    weight = np.round(rng.random(n_edges) * 10 + 0.001, 3)
    return src, dst, weight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sep", default=",")
    parser.add_argument("--ncol", help="also write the edges in NCOL format to this file")
    args = parser.parse_args()
    src, dst, weight = edges(args.edges, args.nodes, args.seed)
    keys = np.char.add("n", np.arange(args.nodes).astype(str))
    s, t = keys[src], keys[dst]
    w = np.char.mod("%.3f", weight)
    sep = args.sep
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(f"source{sep}target{sep}weight\n")
        out.write("\n".join(np.char.add(np.char.add(np.char.add(np.char.add(s, sep), t), sep), w).tolist()))
        out.write("\n")
    if args.ncol:
        with open(args.ncol, "w", encoding="utf-8", newline="") as out:
            out.write("\n".join(np.char.add(np.char.add(np.char.add(np.char.add(s, " "), t), " "), w).tolist()))
            out.write("\n")


if __name__ == "__main__":
    main()
