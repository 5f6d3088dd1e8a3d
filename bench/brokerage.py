"""Brokerage roles: time against the work, n + m + Σ_a outdeg(a)² (every arc a → b makes the
kernel scan a's out-row once).

Run from the repository root after installing the package:
    python3 bench/brokerage.py [--repeat 3] [--threads 1] [--samples 20] [--markdown]

Graphs (seeded): directed uniform random graphs (G(n, m)) of growing size and density, directed
graphs with Zipf-like source popularity (uneven out-degrees, the shape of cooperation data;
bench/gen_edges.py's generator), and undirected preferential-attachment graphs (each new node ties
to 5 earlier ends of ties: heavy-tailed degrees, where Σ deg² grows faster than m). Groups: 5
random groups. For each graph: the best time of --repeat runs (the least disturbed by other load)
on --threads threads of the kernel alone (group codes computed once) and of the whole
maillage.brokerage call; the kernel's time per Σ outdeg² and per n + m + Σ outdeg², in
nanoseconds; and a least-squares fit of the kernel time to a·(n + m) + b·Σ outdeg² over all
graphs (`fit / time` near 1 is the linear behaviour; the constants grow once the node arrays
leave the caches). The permutation test is timed on the smallest graph with --samples samples
(its cost is samples × one count). Takes well under two minutes.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import maillage  # noqa: E402
from gen_edges import edges as zipf_edges  # noqa: E402
from maillage._brokerage import _groups  # noqa: E402


def frames(src: np.ndarray, dst: np.ndarray, n: int, relation: str, seed: int):
    keys = np.char.add("n", np.arange(n).astype(str))
    rng = np.random.default_rng(seed)
    nodes = pd.DataFrame({"key": keys, "group": rng.integers(0, 5, n).astype(str)})
    keep = src != dst
    edges = pd.DataFrame({"source": keys[src[keep]], "target": keys[dst[keep]], "relation": relation})
    return maillage.Graph.from_frames(nodes, edges, merge_parallel=True)


def uniform(n: int, m: int, seed: int):
    rng = np.random.default_rng(seed)
    return frames(rng.integers(0, n, m), rng.integers(0, n, m), n, "supports", seed)


def zipf(n: int, m: int, seed: int):
    src, dst, _ = zipf_edges(m, n, seed)
    return frames(src, dst, n, "supports", seed)


def preferential(n: int, per_node: int, seed: int):
    rng = np.random.default_rng(seed)
    ends = list(range(per_node))
    src, dst = [], []
    for v in range(per_node, n):
        picks = set()
        while len(picks) < per_node:
            picks.add(ends[rng.integers(0, len(ends))])
        for u in picks:
            src.append(v)
            dst.append(u)
            ends.extend((u, v))
    return frames(np.array(src), np.array(dst), n, "cooperates_with", seed)


def work_of(view: maillage.View):
    """(n + m, Σ_a outdeg(a)²) over the view's arcs without self-loops (an undirected tie is two
    arcs): the kernel visits every arc a constant number of times and, for each arc a → b, the
    out-row of a once."""
    s, t = maillage._core.view_edge_ends(view._v)  # noqa: SLF001
    s, t = np.asarray(s, dtype=np.int64), np.asarray(t, dtype=np.int64)
    keep = s != t
    s, t = s[keep], t[keep]
    if not view.directed:
        s, t = np.concatenate([s, t]), np.concatenate([t, s])
    out = np.bincount(s, minlength=view.number_of_nodes()).astype(np.float64)
    return float(view.number_of_nodes() + len(s)), float(np.sum(out * out))


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    cases = [
        ("uniform", "n=10^4, m=5·10^4", lambda: uniform(10_000, 50_000, 1)),
        ("uniform", "n=10^4, m=2·10^5", lambda: uniform(10_000, 200_000, 1)),
        ("uniform", "n=10^4, m=8·10^5", lambda: uniform(10_000, 800_000, 1)),
        ("uniform", "n=10^5, m=5·10^5", lambda: uniform(100_000, 500_000, 2)),
        ("uniform", "n=10^5, m=2·10^6", lambda: uniform(100_000, 2_000_000, 2)),
        ("zipf", "n=10^4, m=10^5", lambda: zipf(10_000, 100_000, 5)),
        ("zipf", "n=10^5, m=10^6", lambda: zipf(100_000, 1_000_000, 6)),
        ("preferential", "n=10^4, 5 ties/node", lambda: preferential(10_000, 5, 7)),
        ("preferential", "n=5·10^4, 5 ties/node", lambda: preferential(50_000, 5, 8)),
    ]
    rows = []
    for shape, size, make in cases:
        g = make()
        view = g.view()
        linear, square = work_of(view)
        _, codes, _ = _groups(view, "group", "error", None, "brokerage")
        kernel = timed(lambda: maillage._core.brokerage(view._v, codes, False, args.threads, None), args.repeat)  # noqa: SLF001
        call = timed(lambda: maillage.brokerage(view, "group", threads=args.threads, progress=False), args.repeat)
        rows.append(
            {
                "shape": shape,
                "size": size,
                "n + m": linear,
                "Σ outdeg²": square,
                "kernel s": kernel,
                "call s": call,
                "ns / Σ outdeg²": kernel / square * 1e9,
                "ns / (n + m + Σ outdeg²)": kernel / (linear + square) * 1e9,
            }
        )
        print({k: (f"{v:.4g}" if isinstance(v, float) else v) for k, v in rows[-1].items()}, file=sys.stderr, flush=True)
    table = pd.DataFrame(rows)
    # Least squares: kernel time = a (n + m) + b Σ outdeg², relative errors (each row weighted by
    # 1/time), and how far each row sits from the fit.
    x = table[["n + m", "Σ outdeg²"]].to_numpy() / table[["kernel s"]].to_numpy()
    (a, b), *_ = np.linalg.lstsq(x, np.ones(len(table)), rcond=None)
    table["fit / time"] = (a * table["n + m"] + b * table["Σ outdeg²"]) / table["kernel s"]
    shown = table.copy()
    for column in ("n + m", "Σ outdeg²"):
        shown[column] = shown[column].map(lambda v: f"{v:.3g}")
    for column in ("kernel s", "call s"):
        shown[column] = shown[column].map(lambda v: f"{v:.4f}")
    for column in ("ns / Σ outdeg²", "ns / (n + m + Σ outdeg²)", "fit / time"):
        shown[column] = shown[column].map(lambda v: f"{v:.2f}")
    print(f"# brokerage, {args.threads} thread(s), best of {args.repeat}; {platform.machine()}")
    print("# kernel: maillage._core.brokerage on precomputed group codes; call: maillage.brokerage (groups, frame)")
    print(shown.to_markdown(index=False) if args.markdown else shown.to_string(index=False))
    print(f"\nfit: kernel time = {a * 1e9:.2f} ns · (n + m) + {b * 1e9:.2f} ns · Σ outdeg²")

    g = uniform(10_000, 50_000, 1)
    view = g.view()
    one = timed(lambda: maillage.brokerage(view, "group", threads=1, progress=False), args.repeat)
    perm = timed(
        lambda: maillage.brokerage_permutation_test(view, "group", samples=args.samples, threads=args.threads, progress=False),
        1,
    )
    print(
        f"permutation test, uniform n=10^4 m=5·10^4: {args.samples} samples in {perm:.3f} s "
        f"({perm / args.samples * 1e3:.2f} ms per sample; one brokerage call {one * 1e3:.2f} ms)"
    )


if __name__ == "__main__":
    main()
