"""Time of `maillage report` on fabrique-2024 and on a synthetic alliance, step by step.

    python3 bench/report.py                     # fabrique-2024 (fr and en), then 10^5 actors / 10^6 ties
    python3 bench/report.py --actors 20000 --ties 200000   # a smaller synthetic alliance

The synthetic alliance: 200 programmes (cohorts of 20 to 400 official territories drawn from the
embedded communes and EPCI, with their Région), 10^5 organisations and people with scales and
families, and ties drawn at random: actors taking part in programmes, supporting territories in a
programme's context, funding programmes, cooperating with each other. Seeded: the same graph on
every run. The report's own step timings come from report.json (``metadata.timings``). No peer
library makes such a report, so the figures are absolute times, not ratios.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import maillage


def synthetic(actors: int, ties: int, seed: int = 0) -> maillage.Graph:
    rng = np.random.default_rng(seed)
    official = maillage.datasets.france_territories().nodes_frame()
    communes = official.index[(official["type"] == "commune") & (official["zone"] == "metro")]
    epci = official.index[official["type"] == "epci"]
    pool = np.concatenate([rng.choice(communes, 30_000, replace=False), epci.to_numpy()])
    n_prog = 200
    programmes = [f"programme:p{i}" for i in range(n_prog)]
    actor_keys = [f"organisation:a{i}" if i % 3 else f"person:a{i}" for i in range(actors)]
    scales = np.array(["commune", "epci", "departement", "region", "national"])
    families = np.array(["allie", "elu", "agent", "etat", "socio_economique", "financeur", "media", "recherche"])
    territory_keys = list(dict.fromkeys(pool))
    nodes = pd.DataFrame({
        "key": programmes + actor_keys + territory_keys,
        "kind": ["programme"] * n_prog + [k.split(":")[0] for k in actor_keys] + ["territory"] * len(territory_keys),
        "label": [f"Programme {i}" for i in range(n_prog)] + [f"Acteur {i}" for i in range(actors)]
        + list(official.loc[territory_keys, "label"]),
        "scale": [None] * n_prog + list(rng.choice(scales, actors)) + list(official.loc[territory_keys, "scale"].astype(str)),
        "family": [None] * n_prog + list(rng.choice(families, actors)) + [None] * len(territory_keys),
    })
    src, dst, rel, ctx = [], [], [], []
    # Cohorts: territories taking part in programmes.
    for p in programmes:
        size = int(rng.integers(20, 400))
        for t in rng.choice(len(territory_keys), size, replace=False):
            src.append(territory_keys[t]); dst.append(p); rel.append("participates_in"); ctx.append(None)
    remaining = ties - len(src)
    kinds = rng.choice(4, remaining, p=[0.25, 0.35, 0.05, 0.35])
    a = rng.integers(0, actors, remaining)
    b = rng.integers(0, actors, remaining)
    p = rng.integers(0, n_prog, remaining)
    t = rng.integers(0, len(territory_keys), remaining)
    for k, ai, bi, pi, ti in zip(kinds, a, b, p, t):
        if k == 0:
            src.append(actor_keys[ai]); dst.append(programmes[pi]); rel.append("participates_in"); ctx.append(None)
        elif k == 1:
            src.append(actor_keys[ai]); dst.append(territory_keys[ti]); rel.append("supports"); ctx.append(programmes[pi])
        elif k == 2:
            src.append(actor_keys[ai]); dst.append(programmes[pi]); rel.append("funds"); ctx.append(programmes[pi])
        else:
            src.append(actor_keys[ai]); dst.append(actor_keys[bi if bi != ai else (ai + 1) % actors])
            rel.append("cooperates_with"); ctx.append(programmes[pi])
    edges = pd.DataFrame({"source": src, "target": dst, "relation": rel, "context": ctx})
    g = maillage.Graph.from_frames(nodes, edges, resolve_territories=False)
    return g


def run(g: maillage.Graph, lang: str, label: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        r = maillage.report(g, Path(d) / "r", lang=lang)
        total = time.perf_counter() - t0
        timings = r.data["metadata"]["timings"]
        cut = r.data["metadata"]["cutbacks"]
    steps = ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
    print(f"{label} ({lang}): {total:.2f} s — {steps}")
    for line in cut:
        print(f"    cut back: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=1_000_000)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    g = maillage.datasets.fabrique_2024()
    maillage.report(g, None, lang="fr")  # first call: imports, official territories loaded
    run(g, "fr", "fabrique-2024")
    run(g, "en", "fabrique-2024")
    if args.skip_synthetic:
        return
    t0 = time.perf_counter()
    s = synthetic(args.actors, args.ties)
    print(f"synthetic alliance: {s.number_of_nodes()} nodes, {s.number_of_edges()} edges, built in "
          f"{time.perf_counter() - t0:.1f} s")
    run(s, "fr", f"synthetic {args.actors} actors / {args.ties} ties")
    print(json.dumps({"actors": args.actors, "ties": args.ties}))


if __name__ == "__main__":
    main()
