"""Inter-scale analysis at national scale: the official French hierarchy (france_territories())
with a synthetic cooperation layer of --ties ties drawn by a gravity-like model.

Run from the repository root after `scripts/setup`:
    python3 bench/interscale.py [--ties 1000000] [--repeat 3] [--seed 0] [--networkx]

The generator (`gravity_ties`, usable on its own): the actors are the current communes, EPCI,
départements and régions with a population. A tie's source is drawn with probability ∝
population^0.5; the level at which the tie "meets" is drawn among the source's EPCI (45 %),
département (30 %), région (15 %) and the country (10 %) — hierarchy distance decays as in a gravity
model —, and the target is drawn ∝ population^0.5 among the actors inside that container (at any
level: a commune may tie to its EPCI, its département, a neighbouring commune). Sources at or
above the meeting level meet at their own container. Deterministic for a seed.

Measures (best of --repeat runs, wall time, and process CPU time to show one core is used):
  - building the graph (38,992 territories, 74,002 part_of edges and the ties) with
    Graph.from_frames — set-up, not part of the target;
  - the C++ kernels alone: resolving actor scales and territories, selecting the ties, classifying
    them (vertical, distance, direction, nesting), the scale mixing matrix;
  - the Python functions: interscale.classify_edges (the whole DataFrame), mixing_matrix,
    vertical_share (overall and by node), scale_span; the same through a View (view build apart);
  - E-I index, nominal and numeric assortativity of `scale` on the tie view;
  - missing_vertical_links over every territory with a tie (one bounded BFS each);
  - baselines: pandas (scales merged on the ends, vertical flag, distance and crosstab; no
    nesting) and, with --networkx, NetworkX's attribute and numeric assortativity;
  - per-call time on the fabrique-2024 dataset (952 edges), for the overhead of small calls.
Target (issue 8): classification + mixing under 1 s of single-core time per 10^6 ties.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd


def best(fn, repeat):
    """(best wall time, CPU time of that run, result)."""
    runs = []
    result = None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    wall, cpu = min(runs)
    return wall, cpu, result


def gravity_ties(france, m: int, seed: int = 0, alpha: float = 0.5, levels=(0.45, 0.30, 0.15, 0.10)):
    """`m` ties (source keys, target keys) among the official territories, drawn by the gravity-like
    model described in the module's docstring."""
    rng = np.random.default_rng(seed)
    nf = france.nodes_frame()
    ef = france.edges_frame()
    actors = nf[nf["type"].isin(["commune", "epci", "departement", "region"]) & (nf["population"].fillna(0) > 0)]
    keys = actors.index.to_numpy(dtype=object)
    n = len(keys)
    position = pd.Series(np.arange(n), index=actors.index)
    weight = actors["population"].to_numpy(dtype=np.float64) ** alpha
    kind = actors["type"].to_numpy(dtype=object)
    # Container of every actor at each meeting level (an index into `keys`, −1 for the country);
    # an actor at or above a level is its own container there.
    part_of = ef[ef.relation == "part_of"]
    epci_of = part_of[part_of.target.str.startswith("epci:")].drop_duplicates("source").set_index("source")["target"]
    containers = []
    dep = ("departement:" + actors["departement"].astype(object)).where(actors["departement"].notna())
    reg = ("region:" + actors["region"].astype(object)).where(actors["region"].notna())
    own = pd.Series(actors.index, index=actors.index)
    epci = epci_of.reindex(actors.index).where(kind == "commune", own)
    epci = epci.where(~np.isin(kind, ["departement", "region"]), dep.where(kind == "departement", reg))
    dep = dep.where(~np.isin(kind, ["departement"]), own).where(kind != "region", reg)
    reg = reg.where(kind != "region", own)
    for level in (epci, dep, reg):
        codes = position.reindex(level.to_numpy()).to_numpy()
        containers.append(np.where(np.isnan(codes), -1, np.nan_to_num(codes, nan=-1)).astype(np.int64))
    containers.append(np.full(n, -1, dtype=np.int64))  # the country: everyone
    # Members of each container (with the container itself), as cumulative weights in member order.
    cum_source = np.cumsum(weight)
    sources = np.searchsorted(cum_source, rng.random(m) * cum_source[-1], side="right")
    meet = rng.choice(len(levels), size=m, p=np.asarray(levels) / np.sum(levels))
    targets = np.empty(m, dtype=np.int64)
    for li, container in enumerate(containers):
        chosen = np.flatnonzero(meet == li)
        if not len(chosen):
            continue
        c = container[sources[chosen]]
        # Members of container x: actors whose container at this level is x (x itself included).
        order = np.argsort(container, kind="stable")
        sorted_container = container[order]
        cum = np.concatenate([[0.0], np.cumsum(weight[order])])
        lo = np.searchsorted(sorted_container, c, side="left")
        hi = np.searchsorted(sorted_container, c, side="right")
        # An actor without a container at this level (overseas collectivities…): the whole country.
        lo = np.where(c < 0, 0, lo)
        hi = np.where(c < 0, n, hi)
        if li == len(containers) - 1:
            lo, hi = np.zeros_like(lo), np.full_like(hi, n)
            order, cum = np.arange(n), np.concatenate([[0.0], np.cumsum(weight)])
        u = cum[lo] + rng.random(len(chosen)) * (cum[hi] - cum[lo])
        pick = np.clip(np.searchsorted(cum, u, side="right") - 1, lo, hi - 1)
        targets[chosen] = order[pick]
    # Self-ties (an actor drawn as its own partner) are redrawn at the national level.
    same = np.flatnonzero(targets == sources)
    while len(same):
        targets[same] = np.searchsorted(cum_source, rng.random(len(same)) * cum_source[-1], side="right")
        same = same[targets[same] == sources[same]]
    return keys[sources], keys[targets]


def main():
    import maillage
    from maillage import _core
    from maillage import interscale as isc

    parser = argparse.ArgumentParser()
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--networkx", action="store_true", help="also time NetworkX's assortativity (slow)")
    args = parser.parse_args()
    per = 1e6 / args.ties

    print(f"# maillage {maillage.__version__}, Python {platform.python_version()}, pandas {pd.__version__}, "
          f"numpy {np.__version__}, {os.cpu_count()} CPUs ({platform.processor() or platform.machine()})")
    france = maillage.datasets.france_territories()
    t0 = time.perf_counter()
    s, t = gravity_ties(france, args.ties, args.seed)
    print(f"generate {args.ties:,} gravity ties: {time.perf_counter() - t0:.2f} s")
    nodes = france.nodes_frame().reset_index()
    edges = pd.concat(
        [france.edges_frame()[["source", "target", "relation"]],
         pd.DataFrame({"source": s, "target": t, "relation": "cooperates_with"})],
        ignore_index=True,
    )
    wall, cpu, g = best(lambda: maillage.Graph.from_frames(nodes, edges, progress=False), 1)
    print(f"Graph.from_frames ({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges): {wall:.2f} s")

    rows = []

    def measure(name, fn, repeat=args.repeat, small=False):
        wall, cpu, result = best(fn, repeat)
        rows.append((name, wall, cpu))
        if small:
            print(f"{name:<62} {wall * 1e3:8.3f} ms (CPU {cpu * 1e3:6.3f} ms)")
        else:
            print(f"{name:<62} {wall:8.3f} s  (CPU {cpu:6.3f} s)  per 10^6 ties {wall * per:7.3f} s")
        return result

    print("\n## C++ kernels (through the bindings, no pandas)")
    res = measure("resolve actor scales and territories", lambda: _core.ScaleResolver(g._g, "unique", ["represents", "located_in"], None))
    ties = measure("select the ties (relation category tie)", lambda: _core.select_ties_graph(g._g, None))
    measure("classify (vertical, distance, direction, nesting)", lambda: _core.classify_edges(res, ties))
    codes = res.scales().astype(np.int32)
    measure("scale mixing matrix", lambda: _core.tie_mixing(g._g, ties, codes, len(g.scales), None))

    def kernels():
        r = _core.ScaleResolver(g._g, "unique", ["represents", "located_in"], None)
        x = _core.select_ties_graph(g._g, None)
        _core.classify_edges(r, x)
        _core.tie_mixing(g._g, x, r.scales().astype(np.int32), len(g.scales), None)

    measure("resolve + select + classify + mixing", kernels)

    print("\n## Python functions (pandas results)")
    table = measure("interscale.classify_edges (DataFrame of every tie)", lambda: isc.classify_edges(g))
    mixing = measure("interscale.mixing_matrix", lambda: isc.mixing_matrix(g))
    measure("classify_edges + mixing_matrix", lambda: (isc.classify_edges(g), isc.mixing_matrix(g)))
    share = measure("interscale.vertical_share", lambda: isc.vertical_share(g))
    measure("interscale.vertical_share(by='node')", lambda: isc.vertical_share(g, by="node"))
    measure("interscale.scale_span", lambda: isc.scale_span(g))
    view = measure("g.view(relations='tie') (set-up of the view path)", lambda: g.view(relations="tie"), 1)
    measure("interscale.classify_edges(view)", lambda: isc.classify_edges(view))
    measure("maillage.ei_index(view, 'scale')", lambda: maillage.ei_index(view, "scale"))
    measure("maillage.attribute_assortativity(view, 'scale')", lambda: maillage.attribute_assortativity(view, "scale"))
    measure("maillage.numeric_assortativity(view, 'scale')", lambda: maillage.numeric_assortativity(view, "scale"))
    missing = measure("interscale.missing_vertical_links (every territory, 2 hops)", lambda: isc.missing_vertical_links(g, view=view), 1)

    print("\n## Baselines")

    def pandas_way():
        scale = france.nodes_frame()["scale"]
        ties_frame = edges[edges.relation == "cooperates_with"]
        a = scale.reindex(ties_frame.source.to_numpy()).cat.codes.to_numpy()
        b = scale.reindex(ties_frame.target.to_numpy()).cat.codes.to_numpy()
        vertical = a != b
        distance = np.abs(a.astype(np.int64) - b)
        cross = pd.crosstab(a, b)
        return vertical.mean(), distance, cross + cross.T.values

    measure("pandas: scales on the ends, vertical, distance, crosstab", pandas_way)
    if args.networkx:
        import networkx as nx

        wall, cpu, G = best(lambda: nx.from_pandas_edgelist(pd.DataFrame({"source": s, "target": t})), 1)
        print(f"{'NetworkX graph from the ties (set-up)':<62} {wall:8.3f} s")
        ranks = france.nodes_frame()["scale"].cat.codes
        nx.set_node_attributes(G, {k: int(ranks[k]) for k in G.nodes}, "scale")
        nx_attr = measure("networkx.attribute_assortativity_coefficient", lambda: nx.attribute_assortativity_coefficient(G, "scale"), 1)
        nx_num = measure("networkx.numeric_assortativity_coefficient", lambda: nx.numeric_assortativity_coefficient(G, "scale"), 1)
        ours_attr = maillage.attribute_assortativity(view, "scale")
        ours_num = maillage.numeric_assortativity(view, "scale")
        print(f"  (same values: attribute {nx_attr:.6f} vs {ours_attr:.6f}, numeric {nx_num:.6f} vs {ours_num:.6f};"
              " the view merges parallel ties as nx.Graph does)")

    print("\n## Small calls: fabrique-2024 (564 nodes, 952 edges)")
    fab = maillage.datasets.fabrique_2024()
    small = max(args.repeat, 20)
    measure("fabrique: interscale.classify_edges", lambda: isc.classify_edges(fab), small, small=True)
    measure("fabrique: interscale.vertical_share", lambda: isc.vertical_share(fab), small, small=True)
    measure("fabrique: interscale.mixing_matrix", lambda: isc.mixing_matrix(fab), small, small=True)
    measure("fabrique: maillage.ei_index(g, 'scale')", lambda: maillage.ei_index(fab, "scale"), small, small=True)

    print("\n## What the synthetic layer looks like")
    print(f"ties: {len(table):,}; vertical share {float(share):.3f} (unknown {share.unknown}); "
          f"nesting: {table.nesting.value_counts().to_dict()}")
    print(f"scale distance: { {int(k): int(v) for k, v in table.scale_distance.value_counts().sort_index().items()} }")
    print("mixing (rows = source scale, counts, both orientations):")
    print(mixing.to_string())
    print(f"missing vertical links: {missing.attrs}")


if __name__ == "__main__":
    main()
