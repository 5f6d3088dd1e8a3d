"""maillage.distributed: the measured points of the capacity model in docs/distributed.md.

Run from the repository root after `scripts/setup` (the `test` extra brings dask and distributed):
    python3 bench/distributed.py [--quick] [--ties 1000000] [--k 1024] [--samples 100] [--null-ties 100000]

It measures, on this machine, with a two-worker LocalCluster (processes, one thread each) beside
the local two-thread run:
  1. the per-source cost of betweenness (one thread, unweighted, `betweenness_sums` over a fixed
     block of sources; processor time, so that other processes on the machine do not count) on
     synthetic graphs of growing size: seconds per source and nanoseconds per arc;
  2. the bytes of a View as it travels (View.to_bytes, and a protocol-5 pickle: in-band bytes plus
     out-of-band buffers) against the View's own arrays;
  3. the placement of a View on every worker as maillage.distributed places it (one task carrying
     the View's bytes, then one task per worker needing it, so that it reaches each worker):
     seconds and bytes per second; and the overhead of one task (submit and gather of a task
     doing nothing);
  4. sampled betweenness (k sources) on a --ties-tie graph and `--samples` null-model samples on a
     --null-ties-tie graph: the local two-thread run against the two-worker cluster, and the
     cluster's overhead as a fraction of the local time.
Synthetic graphs: `bench/gen_edges.py`'s skewed endpoints (10 ties per node on average).
Times are wall-clock medians of --repeat runs in seconds. The machine is shared: run it on a quiet
machine to read absolute times; the ratios hold better.
"""

from __future__ import annotations

import argparse
import os
import pickle
import platform
import statistics
import sys
import time

import numpy as np
import pandas as pd

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
from gen_edges import edges as synthetic_edges  # noqa: E402

# This script is named distributed.py: its folder must not shadow the `distributed` package.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import maillage  # noqa: E402
from maillage import _core  # noqa: E402


def graph(ties: int, seed: int = 1) -> maillage.Graph:
    nodes = max(10, ties // 10)
    src, dst, weight = synthetic_edges(ties, nodes, seed)
    keep = src != dst
    keys = np.array([f"n{i}" for i in range(nodes)], dtype=object)
    frame = pd.DataFrame({"source": keys[src[keep]], "target": keys[dst[keep]], "weight": weight[keep]})
    return maillage.Graph.from_frames(pd.DataFrame({"key": keys}), frame, progress=False)


def timed(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_timed(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return statistics.median(times)


def view_bytes(view: maillage.View) -> dict:
    indptr, indices, weights = view.csr()
    own = indptr.nbytes + indices.nbytes * 2 + weights.nbytes  # offsets, targets, edge ids, weights
    if view.directed:
        own *= 2
    else:
        own += indptr.nbytes  # edge starts
    own += 4 * view.number_of_edges()  # members
    raw = len(view.to_bytes())
    buffers = []
    data = pickle.dumps(view, protocol=5, buffer_callback=buffers.append)
    out_of_band = sum(memoryview(b).nbytes for b in buffers)
    return dict(arrays=own, serialised=raw, pickle_in_band=len(data), pickle_buffers=len(buffers),
                pickle_out_of_band=out_of_band)


def _nodes_of(view: maillage.View) -> int:
    return view.number_of_nodes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small graphs only (a smoke run)")
    parser.add_argument("--ties", type=int, default=1_000_000, help="ties of the sampled-betweenness graph")
    parser.add_argument("--k", type=int, default=1024, help="sampled sources")
    parser.add_argument("--samples", type=int, default=100, help="null-model samples")
    parser.add_argument("--null-ties", type=int, default=100_000, help="ties of the null-model graph")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.ties, args.k, args.samples, args.null_ties, args.repeat = 20_000, 64, 8, 5_000, 1
    from importlib.metadata import version

    import distributed

    from maillage import distributed as md

    print(f"# maillage {maillage.__version__}, dask.distributed {version('distributed')}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")

    # 1. per-source cost
    print("\n## 1. betweenness: cost per source (one thread, unweighted, processor time)")
    print("| ties | nodes | arcs | s per source | ns per arc |")
    print("|---:|---:|---:|---:|---:|")
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    per_arc = []
    for ties in sizes:
        v = graph(ties).view()
        arcs = int(v.csr()[0][-1])
        sources = _core.betweenness_sources(v._v, min(64, v.number_of_nodes()), 7)
        # Processor time of one thread: other processes on a shared machine do not count.
        t = cpu_timed(lambda: _core.betweenness_sums(v._v, sources, False, False, 1, None), args.repeat) / len(sources)
        per_arc.append(t / (arcs + v.number_of_nodes()) * 1e9)
        print(f"| {ties:,} | {v.number_of_nodes():,} | {arcs:,} | {t:.4g} | {per_arc[-1]:.2f} |")

    # 2. bytes of a view
    print("\n## 2. a View as it travels (bytes)")
    print("| ties | view arrays | View.to_bytes | ratio | pickle 5 in band | out-of-band buffers | out of band |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for ties in sizes:
        v = graph(ties).view(weight="weight")
        b = view_bytes(v)
        print(f"| {ties:,} | {b['arrays']:,} | {b['serialised']:,} | {b['serialised'] / b['arrays']:.3f} | "
              f"{b['pickle_in_band']:,} | {b['pickle_buffers']} | {b['pickle_out_of_band']:,} |")

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    client = distributed.Client(cluster)
    try:
        # 3. scatter and task overheads
        print("\n## 3. overheads on a two-worker LocalCluster")
        print("| ties | serialised bytes | placed on 2 workers (s) | MB/s per worker |")
        print("|---:|---:|---:|---:|")
        workers = sorted(client.scheduler_info()["workers"])
        for ties in sizes:
            v = graph(ties).view(weight="weight")
            size = len(v.to_bytes())

            def place():
                f = md._place(client, v)  # noqa: SLF001 - the placement the analyses use
                client.gather([client.submit(_nodes_of, f, workers=[w], allow_other_workers=False, pure=False)
                               for w in workers])
                client.cancel([f])

            t = timed(place, args.repeat)
            print(f"| {ties:,} | {size:,} | {t:.3f} | {size / t / 1e6:.0f} |")
        tasks = 200
        t = timed(lambda: client.gather([client.submit(int, i, pure=False) for i in range(tasks)]), args.repeat)
        print(f"\ntask overhead (submit + gather, {tasks} trivial tasks): {t / tasks * 1e3:.2f} ms per task")

        # 4. end to end
        print("\n## 4. end to end: local two threads against the two-worker cluster")
        print("| run | local (s) | cluster (s) | overhead |")
        print("|---|---:|---:|---:|")
        g = graph(args.ties)
        v = g.view()
        local = timed(lambda: maillage.betweenness_centrality(v, k=args.k, seed=1, threads=2), args.repeat)
        remote = timed(lambda: maillage.betweenness_centrality(v, k=args.k, seed=1, client=client), args.repeat)
        print(f"| betweenness, k = {args.k}, {args.ties:,} ties | {local:.3f} | {remote:.3f} | "
              f"{(remote - local) / local:+.1%} |")
        g = graph(args.null_ties, seed=2)
        local = timed(lambda: maillage.significance(g, "transitivity", samples=args.samples, seed=1, threads=2),
                      args.repeat)
        remote = timed(lambda: maillage.significance(g, "transitivity", samples=args.samples, seed=1, client=client),
                       args.repeat)
        print(f"| null model, {args.samples} samples, {args.null_ties:,} ties | {local:.3f} | {remote:.3f} | "
              f"{(remote - local) / local:+.1%} |")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
