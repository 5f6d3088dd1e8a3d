"""Statistical models at scale: the ERGM sampler's rate (tie toggles proposed per second) and the
time to fit a gwesp model, on a sparse random network of --nodes nodes (mean degree --degree, with
planted triangles), plus a QAP regression's permutations per second.

Run from the repository root after `scripts/setup`:
    python3 bench/models.py [--nodes 10000] [--degree 4] [--samples 1024] [--seed 0] [--fit]

Rows:
  - ergm simulate, `edges + gwesp(0.5)` at θ = (MPLE): proposals per second on one and on two
    threads (4 chains; `samples × interval` proposals each run);
  - ergm fit (with --fit): wall time of the full MPLE + MCMC MLE of `edges + gwesp(0.5)`;
  - QAP logistic regression, two predictors, semi-partialling, on a 200-node matrix: permutations
    per second.
R's ergm is not installed on the reference machine, so no peer row is timed here: for the same
model and size, ergm's MCMC reports its own rate in `ergm(..., verbose=TRUE)`; compare by hand.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np

import maillage
from maillage import models


def network(n: int, degree: float, seed: int) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(n, int(n * degree / 4), seed=seed)
    # close about as many triangles as there are nodes / 4
    for _ in range(n // 4):
        a = int(rng.integers(n))
        nbrs = list(G[a])
        if len(nbrs) >= 2:
            b, c = rng.choice(nbrs, 2, replace=False)
            G.add_edge(int(b), int(c))
    return G


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nodes", type=int, default=10000)
    p.add_argument("--degree", type=float, default=4)
    p.add_argument("--samples", type=int, default=1024)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fit", action="store_true", help="also time a full MCMC MLE fit")
    a = p.parse_args()
    G = network(a.nodes, a.degree, a.seed)
    edges = list(G.edges())
    print(f"network: {a.nodes} nodes, {len(edges)} ties")
    model = models.ErgmModel.from_edges(a.nodes, edges, "edges + gwesp(0.5)")
    t = time.perf_counter()
    mple = models.ergm(model, "edges + gwesp(0.5)", method="mple")
    print(f"MPLE: {time.perf_counter() - t:.2f} s, θ = {mple.coefficients.round(3).to_dict()}")
    interval = 1024
    for threads in (1, 2):
        t = time.perf_counter()
        sims = mple.simulate(a.samples, seed=a.seed, threads=threads, interval=interval, burnin=interval)
        wall = time.perf_counter() - t
        proposals = a.samples * interval + 4 * interval
        print(f"simulate, threads={threads}: {proposals / wall:,.0f} proposals/s "
              f"(acceptance {sims.attrs['acceptance']:.3f})")
    if a.fit:
        t = time.perf_counter()
        fit = models.ergm(model, "edges + gwesp(0.5)", seed=a.seed)
        print(f"fit edges + gwesp(0.5): {time.perf_counter() - t:.1f} s, θ = {fit.coefficients.round(3).to_dict()}, "
              f"converged {fit.converged}")
    rng = np.random.default_rng(a.seed)
    n = 200
    x1, x2 = rng.normal(size=(n, n)), rng.normal(size=(n, n))
    y = (0.3 * x1 + rng.normal(size=(n, n)) > 1).astype(float)
    for threads in (1, 2):
        t = time.perf_counter()
        models.qap_regression(y, [x1, x2], family="logistic", permutations=100, seed=1, threads=threads)
        wall = time.perf_counter() - t
        print(f"QAP logistic, 200 nodes, threads={threads}: {3 * 100 / wall:,.1f} refits/s")


if __name__ == "__main__":
    main()
