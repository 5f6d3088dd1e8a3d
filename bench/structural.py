"""Times the structural analysis kernels (docs/structural.md, "Performance"):

    python3 bench/structural.py

- MICMAC of 200 variables (random 0–3 matrix, 30 % filled), Godet's stopping rule (max_power 20),
  and with a fixed power of 20;
- loops of a 60-variable causal loop diagram with at most 3 links per variable (a directed ring
  plus 30 chords, each variable touching one chord), against networkx.simple_cycles;
- loops of 60 variables with 3 outgoing links each, bounded at 8 links.

Best of 5 wall-clock runs, seeded inputs."""

from __future__ import annotations

import time

import networkx as nx
import numpy as np

from maillage import _core, systemic


def best(f, repeat=5):
    times = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    rng = np.random.default_rng(2024)
    n = 200
    m = rng.integers(1, 4, size=(n, n)) * (rng.random((n, n)) < 0.3)
    np.fill_diagonal(m, 0)
    names = [f"V{i:03d}" for i in range(n)]
    t, r = best(lambda: systemic.micmac(m, names=names))
    print(f"MICMAC 200 variables, stopping rule: {t * 1000:.1f} ms (power {r.power}, converged {r.converged}; "
          f"actual and potential analyses)")
    t, r = best(lambda: systemic.micmac(m, names=names, power=20))
    print(f"MICMAC 200 variables, power 20: {t * 1000:.1f} ms (max influence {r.indirect['influence'].max():.3g})")

    # Ring 0 → 1 → … → 59 → 0 plus 30 chords between distinct variables: ≤ 3 links each.
    v = 60
    order = rng.permutation(v)
    while any(int(order[k + 1]) == (int(order[k]) + 1) % v for k in range(0, v, 2)):  # no chord parallel to the ring
        order = rng.permutation(v)
    links = [(f"x{i}", f"x{(i + 1) % v}", "+-"[int(rng.integers(0, 2))]) for i in range(v)]
    for k in range(0, v, 2):
        a, b = int(order[k]), int(order[k + 1])
        links.append((f"x{a}", f"x{b}", "+-"[int(rng.integers(0, 2))]))
    cld = systemic.causal_loop_diagram([f"x{i}" for i in range(v)], links)
    degree = {}
    for s, t_, _ in links:
        degree[s] = degree.get(s, 0) + 1
        degree[t_] = degree.get(t_, 0) + 1
    assert max(degree.values()) <= 3
    t, loops = best(lambda: cld.loops())
    G = nx.DiGraph([(s, t_) for s, t_, _ in links])
    tn, count = best(lambda: sum(1 for _ in nx.simple_cycles(G)), repeat=3)
    assert count == len(loops)
    src, dst, sign = cld._ends()
    tc, _ = best(lambda: _core.structural_loops(v, src, dst, sign, 0, 10**7, None))
    print(f"Loops, 60 variables, ≤ 3 links each ({len(links)} links): {t * 1000:.2f} ms for {len(loops)} loops, "
          f"of which the C++ search {tc * 1000:.2f} ms (networkx.simple_cycles {tn * 1000:.2f} ms)")

    out3 = [(f"y{i}", f"y{j}", "+") for i in range(v) for j in rng.choice([x for x in range(v) if x != i], 3,
                                                                          replace=False)]
    dense = systemic.causal_loop_diagram([f"y{i}" for i in range(v)], out3)
    t, loops = best(lambda: dense.loops(max_length=8, max_count=10_000_000), repeat=3)
    G = nx.DiGraph([(s, t_) for s, t_, _ in out3])
    tn, count = best(lambda: sum(1 for _ in nx.simple_cycles(G, length_bound=8)), repeat=1)
    assert count == len(loops)
    print(f"Loops, 60 variables, 3 outgoing links each, max_length 8: {t * 1000:.1f} ms for {len(loops)} loops "
          f"(networkx.simple_cycles {tn * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
