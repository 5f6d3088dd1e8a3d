"""Communities and two-mode projections, side by side with NetworkX, igraph and NetworKit.

Run from the repository root after `scripts/setup` and `pip install networkit` (the `bench` extra):
    python3 bench/communities.py [--nodes 50000] [--edges 500000] [--actors 100000] [--events 10000]
                                 [--per-actor 3] [--repeat 3] [--threads 2] [--networkx-limit 200000]
                                 [--markdown] [--leiden] [--seeds 10]

Measures (times are the median of --repeat runs, in seconds; ratios are peer time / maillage
time, above 1: maillage is faster; each method's modularity is printed next to its time so speed
is not bought with quality):
  - the per-call overhead on the karate club (34 nodes): Louvain (maillage, NetworkX, igraph's
    multilevel, NetworKit's PLM) and Leiden (maillage, igraph, NetworKit's ParallelLeiden);
  - Louvain and Leiden on Barabási–Albert graphs of 10^4 and 10^5 nodes (m = 5, igraph's
    generator, seed 1) and on the planted-partition graph of bench/views.py (shuffled keys);
    NetworkX runs only when the graph has at most --networkx-limit edges, igraph's Leiden to
    convergence (n_iterations=-1) at most --igraph-converge-limit; Leiden is also timed with two
    runs (maillage's max_iterations=2, igraph's default n_iterations=2). NetworKit gets
    --threads threads (maillage's detectors are sequential: a Louvain pass is inherently
    ordered, and parallel variants trade modularity for speed);
  - the bipartite projection of a two-mode graph of --actors actors × --events events (each actor
    in --per-actor events, popularity ∝ rank^-0.5), count and Newman weights: maillage vs scipy's
    sparse B·Bᵀ (the algebraic peer) at full size, and vs NetworkX's weighted and collaboration
    projections on a tenth of it (NetworkX needs minutes at full size); igraph's
    bipartite_projection (count weights as `weight` multiplicities) at full size.

With --seeds N, only Louvain and Leiden of every library (maillage, igraph's multilevel and Leiden,
NetworKit's PLM with and without refinement and ParallelLeiden, NetworkX's Louvain where it fits)
on the same three graphs, once per seed 0 … N−1: median wall time, and median and range of the
modularity, computed by igraph for every library.

With --leiden, only Louvain and Leiden on the two Barabási–Albert graphs and the planted partition:
maillage's wall time on --threads threads and its processor time on one (medians of --repeat
runs), for Leiden's default, max_iterations 1–3 and tolerance=0 (runs repeated while the quality
improves at all, at most 10), with modularity and aggregation levels; igraph's Leiden
(n_iterations=2) in processor time; NetworKit's PLM and ParallelLeiden on --threads threads, wall
and processor time.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from views import planted_partition  # noqa: E402


def two_mode(actors, events, per_actor, seed):
    """Actors × events: each actor attends `per_actor` events (with repeats collapsed), events
    drawn with popularity ∝ rank^-0.5 so sizes are uneven as in real programmes."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, events + 1) ** 0.5
    popularity /= popularity.sum()
    src = np.repeat(np.arange(actors), per_actor)
    dst = rng.choice(events, size=len(src), p=popularity)
    frame = pd.DataFrame({"a": src, "e": dst}).drop_duplicates()
    return frame


def two_mode_graph(frame, actors, events):
    import maillage

    akeys = np.array([f"a{i}" for i in range(actors)], dtype=object)
    ekeys = np.array([f"e{j}" for j in range(events)], dtype=object)
    nodes = pd.DataFrame(
        {"key": np.concatenate([akeys, ekeys]), "kind": ["person"] * actors + ["event"] * events}
    )
    edges = pd.DataFrame({"source": akeys[frame["a"].to_numpy()], "target": ekeys[frame["e"].to_numpy()],
                          "relation": "participates_in"})
    return maillage.Graph.from_frames(nodes, edges, progress=False)


def median(fn, repeat, clock=time.perf_counter):
    """Median time of `repeat` runs on `clock` (wall-clock by default; time.process_time for
    processor time; after none: the first run counts) and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = clock()
        result = fn()
        times.append(clock() - t0)
    return statistics.median(times), result


def leiden_only(a):
    """Louvain and Leiden on Barabási–Albert graphs of 10^4 and 10^5 nodes and the planted partition:
    maillage (Leiden by max_iterations and tolerance), igraph's Leiden (n_iterations=2),
    NetworKit's PLM and ParallelLeiden."""
    import igraph as ig
    import networkit as nk

    import maillage

    nk.setNumberOfThreads(a.threads)
    nk.engineering.setSeed(0, True)
    print(f"# {platform.platform()}, Python {platform.python_version()}, maillage {maillage.__version__}, "
          f"igraph {ig.__version__}, NetworKit {nk.__version__} ({a.threads} threads); medians of {a.repeat}")
    for name_of_graph, frame in benchmark_graphs(a):
        v = maillage.Graph.from_frames(None, frame, create_missing_nodes=True, progress=False).view()
        H, N = peer_graphs(frame)
        what = f"{name_of_graph} ({v.number_of_nodes()} nodes, {v.number_of_edges()} edges)"

        def ours(f, label, **kwargs):
            wall, lab = median(lambda: f(v, threads=a.threads, **kwargs), a.repeat)
            cpu, _ = median(lambda: f(v, threads=1, **kwargs), a.repeat, time.process_time)
            print(f"{what}: maillage {label} wall {wall:.4f} s ({a.threads} threads), processor {cpu:.4f} s "
                  f"(1 thread), Q {lab.attrs['modularity']:.4f}, {lab.attrs['levels']} levels")

        ours(maillage.louvain_communities, "Louvain")
        for name, kwargs in [("default", {}), ("max_iterations=1", {"max_iterations": 1}),
                             ("max_iterations=2", {"max_iterations": 2}), ("max_iterations=3", {"max_iterations": 3}),
                             ("tolerance=0", {"tolerance": 0})]:
            ours(maillage.leiden_communities, f"Leiden {name}", **kwargs)
        random.seed(0)
        t, part = median(lambda: H.community_leiden(objective_function="modularity", n_iterations=2), a.repeat,
                         time.process_time)
        print(f"{what}: igraph Leiden n_iterations=2 {t:.4f} s, Q {H.modularity(part.membership):.4f}")
        for label, run in [("PLM", lambda: nk.community.PLM(N, refine=False).run().getPartition()),
                           ("ParallelLeiden", lambda: nk.community.ParallelLeiden(N).run().getPartition())]:
            wall, cpu = [], []
            for _ in range(a.repeat):
                w0, c0 = time.perf_counter(), time.process_time()
                part = run()
                wall.append(time.perf_counter() - w0)
                cpu.append(time.process_time() - c0)
            q = nk.community.Modularity().getQuality(part, N)
            print(f"{what}: NetworKit {label} wall {statistics.median(wall):.4f} s, processor "
                  f"{statistics.median(cpu):.4f} s, Q {q:.4f}")


def quality_over_seeds(a):
    """Louvain and Leiden of every library on the Barabási–Albert graphs of 10^4 and 10^5 nodes
    and the planted partition, once per seed 0 … --seeds−1 (igraph: as many runs of its own,
    unseeded, generator): the median wall time, and the median and range of the modularity,
    computed for every library by igraph's ``modularity`` on the same simple graph (one yardstick). maillage and NetworKit get --threads threads; NetworkX runs on
    graphs of at most --networkx-limit edges."""
    import igraph as ig
    import networkit as nk
    import networkx as nx

    import maillage

    nk.setNumberOfThreads(a.threads)
    print(f"# {platform.platform()}, Python {platform.python_version()}, maillage {maillage.__version__}, "
          f"igraph {ig.__version__}, NetworKit {nk.__version__} ({a.threads} threads), NetworkX {nx.__version__}; "
          f"seeds 0–{a.seeds - 1}")
    rows = []
    for name_of_graph, frame in benchmark_graphs(a):
        v = maillage.Graph.from_frames(None, frame, create_missing_nodes=True, progress=False).view()
        H, N = peer_graphs(frame)
        names = H.vs["name"]
        G = nx.from_pandas_edgelist(frame, "source", "target") if H.ecount() <= a.networkx_limit else None
        index = {key: i for i, key in enumerate(names)}

        def ours(f, **kwargs):
            def run(seed):
                labels = f(v, seed=seed, threads=a.threads, **kwargs)
                return labels.reindex(names).to_numpy()
            return run

        def igraph_run(method, **kwargs):
            # igraph's own C generator: its default, Python's `random` module, costs a call into
            # Python per number drawn (igraph's Louvain on BA 10^5 then takes minutes). The C
            # generator cannot be seeded from Python: igraph's runs are 10 draws, not seeds 0 … 9.
            def run(seed):
                ig.set_random_number_generator(None)
                return getattr(H, method)(**kwargs).membership
            return run

        def networkit_run(make):
            def run(seed):
                nk.engineering.setSeed(seed, True)
                return make().run().getPartition().getVector()
            return run

        def networkx_run(seed):
            out = np.empty(H.vcount(), dtype=np.int64)
            for c, members in enumerate(nx.community.louvain_communities(G, seed=seed)):
                for key in members:
                    out[index[key]] = c
            return out

        methods = [("Louvain", "maillage", ours(maillage.louvain_communities))]
        if H.ecount() <= a.igraph_multilevel_limit:  # about 45 s a run on BA 10^5
            methods.append(("Louvain", "igraph multilevel", igraph_run("community_multilevel")))
        methods += [("Louvain", "NetworKit PLM", networkit_run(lambda: nk.community.PLM(N, refine=False))),
                    ("Louvain", "NetworKit PLM refine", networkit_run(lambda: nk.community.PLM(N, refine=True))),
                    ("Leiden", "maillage", ours(maillage.leiden_communities)),
                    ("Leiden", "igraph n_iterations=2",
                     igraph_run("community_leiden", objective_function="modularity", n_iterations=2)),
                    ("Leiden", "NetworKit ParallelLeiden", networkit_run(lambda: nk.community.ParallelLeiden(N)))]
        if G is not None:
            methods.append(("Louvain", "NetworkX", networkx_run))
        for family, library, run in methods:
            times, qs = [], []
            for seed in range(a.seeds):
                t0 = time.perf_counter()
                membership = run(seed)
                times.append(time.perf_counter() - t0)
                qs.append(H.modularity(list(membership)))
            row = (name_of_graph, family, library, statistics.median(times), statistics.median(qs), min(qs), max(qs))
            rows.append(row)
            print(f"{row[0]:<22} {row[1]:<8} {row[2]:<26} {row[3]:8.4f} s  Q median {row[4]:.4f} "
                  f"[{row[5]:.4f}, {row[6]:.4f}]", flush=True)
    if a.markdown:
        print("\n| graph | method | library | median time (s) | median Q | Q range |\n|---|---|---|---:|---:|---|")
        for g, family, library, t, q, lo, hi in rows:
            print(f"| {g} | {family} | {library} | {t:.3f} | {q:.4f} | {lo:.4f}–{hi:.4f} |")


def benchmark_graphs(a):
    """The one-mode graphs of every mode: Barabási–Albert graphs of 10^4 and 10^5 nodes (m = 5) and
    the planted partition of --nodes nodes and --edges edges, as edge frames of keys."""
    return [("Barabási–Albert 10^4", barabasi_albert(10_000)), ("Barabási–Albert 10^5", barabasi_albert(100_000)),
            ("planted partition", planted_partition(a.nodes, a.edges, max(2, a.nodes // 500), 0.8, seed=1))]


def peer_graphs(frame):
    """The same graph for the peers: igraph's, simple and with vertices named by key, and
    NetworKit's, with igraph's vertex ids."""
    import igraph as ig

    H = ig.Graph.DataFrame(frame[["source", "target"]], directed=False, use_vids=False)
    H.simplify()
    return H, networkit_graph(H)


def networkit_graph(H):
    """NetworKit's simple graph of an igraph graph, with the same vertex ids."""
    import networkit as nk

    e = np.array(H.get_edgelist(), dtype=np.uint64)
    N = nk.GraphFromCoo((np.ones(len(e)), (e[:, 0], e[:, 1])), n=H.vcount())
    N.removeMultiEdges()
    N.removeSelfLoops()
    return N


def barabasi_albert(n, m=5):
    import igraph as ig

    random.seed(1)
    ig.set_random_number_generator(random)
    H = ig.Graph.Barabasi(n, m)
    H.simplify()
    e = np.array(H.get_edgelist(), dtype=np.int64)
    keys = np.array([f"n{i}" for i in range(n)], dtype=object)
    return pd.DataFrame({"source": keys[e[:, 0]], "target": keys[e[:, 1]]})


def main():
    import igraph as ig
    import networkit as nk
    import networkx as nx
    from networkx.algorithms import bipartite
    from scipy import sparse

    import maillage

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nodes", type=int, default=50_000)
    p.add_argument("--edges", type=int, default=500_000)
    p.add_argument("--actors", type=int, default=100_000)
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--per-actor", type=int, default=3)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--networkx-limit", type=int, default=200_000)
    p.add_argument("--igraph-converge-limit", type=int, default=200_000,
                   help="edges above which igraph's Leiden is not run to convergence (n_iterations=-1)")
    p.add_argument("--markdown", action="store_true")
    p.add_argument("--leiden", action="store_true", help="only Leiden on the Barabási–Albert graphs, processor time")
    p.add_argument("--igraph-multilevel-limit", type=int, default=200_000,
                   help="with --seeds: edges above which igraph's multilevel (Louvain) is not run")
    p.add_argument("--seeds", type=int, default=0,
                   help="only Louvain and Leiden of every library, once per seed: time and modularity's spread")
    a = p.parse_args()
    if a.leiden:
        leiden_only(a)
        return
    if a.seeds:
        quality_over_seeds(a)
        return

    lines = []
    nk.setNumberOfThreads(a.threads)
    nk.engineering.setSeed(0, True)
    best = median

    def nk_quality(N, partition):
        return nk.community.Modularity().getQuality(partition, N)

    def report(what, t_ours, peers, quality=None):
        q = "" if quality is None else "  Q: " + ", ".join(f"{k} {v:.4f}" for k, v in quality.items())
        ratios = ", ".join(f"{name} {t:.4g} s (×{t / t_ours:.1f})" for name, t in peers.items())
        lines.append((what, t_ours, ratios, q))
        print(f"{what:<48} maillage {t_ours:.4g} s | {ratios}{q}", flush=True)

    print(f"# {platform.platform()}, Python {platform.python_version()}, maillage {maillage.__version__}, "
          f"NetworkX {nx.__version__}, igraph {ig.__version__}, NetworKit {nk.__version__}, {a.threads} threads")

    def one_mode(name, frame):
        g = maillage.Graph.from_frames(None, frame, create_missing_nodes=True, progress=False)
        v = g.view()
        H, N = peer_graphs(frame)
        what = f"{name} ({v.number_of_nodes()} nodes, {v.number_of_edges()} edges)"
        t_l, lab = best(lambda: maillage.louvain_communities(v), a.repeat)
        peers, quality = {}, {"maillage": lab.attrs["modularity"]}
        t_ig, igp = best(lambda: H.community_multilevel(), a.repeat)
        peers["igraph"] = t_ig
        quality["igraph"] = igp.modularity
        t_nk, nkp = best(lambda: nk.community.PLM(N, refine=False).run().getPartition(), a.repeat)
        peers["NetworKit PLM"] = t_nk
        quality["NetworKit PLM"] = nk_quality(N, nkp)
        if v.number_of_edges() <= a.networkx_limit:
            G = nx.from_pandas_edgelist(frame, "source", "target")
            G.remove_edges_from(nx.selfloop_edges(G))
            t_nx, nxp = best(lambda: nx.community.louvain_communities(G, seed=0), 1)
            peers["NetworkX"] = t_nx
            quality["NetworkX"] = nx.community.modularity(G, nxp)
        report("Louvain, " + what, t_l, peers, quality)
        # Leiden to convergence: maillage's default (whole runs repeated while the quality improves,
        # at most 10) against igraph's n_iterations=-1 (skipped above --igraph-converge-limit edges:
        # minutes there) and NetworKit's ParallelLeiden (its default, 3 iterations).
        t_e, lab = best(lambda: maillage.leiden_communities(v), a.repeat)
        peers, quality = {}, {"maillage": lab.attrs["modularity"]}
        random.seed(0)
        if v.number_of_edges() <= a.igraph_converge_limit:
            t_ige, igl = best(lambda: H.community_leiden(objective_function="modularity", n_iterations=-1), a.repeat)
            peers["igraph (n_iterations=-1)"] = t_ige
            quality["igraph"] = H.modularity(igl.membership)
        t_nke, nkl = best(lambda: nk.community.ParallelLeiden(N).run().getPartition(), a.repeat)
        peers["NetworKit ParallelLeiden"] = t_nke
        quality["NetworKit"] = nk_quality(N, nkl)
        report("Leiden, " + what, t_e, peers, quality)
        # Two runs: maillage's max_iterations=2 against igraph's default n_iterations=2.
        t_e2, lab2 = best(lambda: maillage.leiden_communities(v, max_iterations=2), a.repeat)
        random.seed(0)
        t_ig2, ig2 = best(lambda: H.community_leiden(objective_function="modularity", n_iterations=2), a.repeat)
        report("Leiden, 2 runs, " + what, t_e2, {"igraph (n_iterations=2)": t_ig2, "NetworKit ParallelLeiden": t_nke},
               {"maillage": lab2.attrs["modularity"], "igraph": H.modularity(ig2.membership),
                "NetworKit": quality["NetworKit"]})

    # ---- per-call overhead: karate club
    K = nx.karate_club_graph()
    for _, _, d in K.edges(data=True):
        d.pop("weight", None)
    gk = maillage.from_networkx(K)
    vk = gk.view()
    hk = ig.Graph.from_networkx(K)
    reps = max(a.repeat, 20)
    t_l, lab = best(lambda: maillage.louvain_communities(vk), reps)
    t_nx, nxp = best(lambda: nx.community.louvain_communities(K, seed=0), reps)
    t_ig, igp = best(lambda: hk.community_multilevel(), reps)
    nkk = networkit_graph(hk)
    t_nk, nkp = best(lambda: nk.community.PLM(nkk, refine=False).run().getPartition(), reps)
    report("Louvain, karate club (34 nodes)", t_l, {"NetworkX": t_nx, "igraph": t_ig, "NetworKit PLM": t_nk},
           {"maillage": lab.attrs["modularity"], "NetworkX": nx.community.modularity(K, nxp), "igraph": igp.modularity,
            "NetworKit": nk_quality(nkk, nkp)})
    t_e, lab = best(lambda: maillage.leiden_communities(vk), reps)
    t_ige, igl = best(lambda: hk.community_leiden(objective_function="modularity", n_iterations=-1), reps)
    t_nke, nkl = best(lambda: nk.community.ParallelLeiden(nkk).run().getPartition(), reps)
    report("Leiden, karate club", t_e, {"igraph": t_ige, "NetworKit ParallelLeiden": t_nke},
           {"maillage": lab.attrs["modularity"], "igraph": hk.modularity(igl.membership), "NetworKit": nk_quality(nkk, nkl)})

    # ---- one-mode benchmark graphs
    for name, frame in benchmark_graphs(a):
        one_mode(name, frame)

    # ---- two-mode projection
    inc = two_mode(a.actors, a.events, a.per_actor, seed=2)
    tm = two_mode_graph(inc, a.actors, a.events)
    B = sparse.csr_matrix((np.ones(len(inc)), (inc["a"].to_numpy(), inc["e"].to_numpy())), shape=(a.actors, a.events))
    what = f"projection {a.actors} actors × {a.events} events ({len(inc)} ties)"
    t_p, proj = best(lambda: maillage.bipartite_projection(tm, kind="person"), a.repeat)

    def scipy_count():
        C = (B @ B.T).tocsr()
        return sparse.triu(C, k=1).tocsr()

    t_s, C = best(scipy_count, a.repeat)
    assert C.nnz == proj.number_of_edges(), (C.nnz, proj.number_of_edges())
    G2 = ig.Graph(n=a.actors + a.events, edges=list(zip(inc["a"].tolist(), (inc["e"] + a.actors).tolist())))
    types = [False] * a.actors + [True] * a.events
    t_ig, P = best(lambda: G2.bipartite_projection(types=types, multiplicity=True, which=0), 1)
    assert P.ecount() == proj.number_of_edges(), (P.ecount(), proj.number_of_edges())
    report("count, " + what, t_p, {"igraph bipartite_projection (multiplicity)": t_ig, "scipy B·Bᵀ (triangle)": t_s})
    print(f"    {proj.number_of_edges()} ties")
    t_p2, _ = best(lambda: maillage.bipartite_projection(tm, kind="person", weighting="newman"), a.repeat)

    def scipy_newman():
        sizes = np.asarray(B.sum(axis=0)).ravel()
        scale = np.where(sizes > 1, 1.0 / np.maximum(sizes - 1, 1), 0.0)
        return sparse.triu((B @ sparse.diags(scale) @ B.T).tocsr(), k=1)

    t_s2, _ = best(scipy_newman, a.repeat)
    report("newman, " + what, t_p2, {"scipy B·D·Bᵀ": t_s2})
    t_p3, kept = best(lambda: maillage.bipartite_projection(tm, kind="person", min_weight=2), a.repeat)
    report("count ≥ 2 (threshold inside), " + what, t_p3, {"scipy B·Bᵀ then filter": t_s})
    print(f"    {kept.number_of_edges()} ties kept")

    # NetworkX on a tenth
    sa, se = a.actors // 10, a.events // 10
    small = two_mode(sa, se, a.per_actor, seed=3)
    tms = two_mode_graph(small, sa, se)
    X = nx.Graph()
    X.add_nodes_from((f"a{i}" for i in range(sa)), bipartite=0)
    X.add_nodes_from((f"e{j}" for j in range(se)), bipartite=1)
    X.add_edges_from(zip((f"a{i}" for i in small["a"]), (f"e{j}" for j in small["e"])))
    actors = [f"a{i}" for i in range(sa)]
    what = f"projection {sa} × {se} ({len(small)} ties)"
    t_p, _ = best(lambda: maillage.bipartite_projection(tms, kind="person"), a.repeat)
    t_nx, _ = best(lambda: bipartite.weighted_projected_graph(X, actors), 1)
    report("count, " + what, t_p, {"NetworkX weighted_projected_graph": t_nx})
    t_p, _ = best(lambda: maillage.bipartite_projection(tms, kind="person", weighting="newman"), a.repeat)
    t_nx, _ = best(lambda: bipartite.collaboration_weighted_projected_graph(X, actors), 1)
    report("newman, " + what, t_p, {"NetworkX collaboration": t_nx})

    if a.markdown:
        print("\n| measure | maillage (s) | peers (s, ratio peer/maillage) | modularity |")
        print("|---|---|---|---|")
        for what, t, ratios, q in lines:
            print(f"| {what} | {t:.4g} | {ratios} | {q.replace('  Q: ', '')} |")


if __name__ == "__main__":
    main()
