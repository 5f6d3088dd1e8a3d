"""The geography: projections and the whole-France commune map, side by side with pyproj.

Run from the repository root after `scripts/setup` (pyproj comes with the `test` extra):
    python3 bench/geography.py [--repeat 5]

Measures:
  - projecting every position of the france-geography dataset (38,818 points, five systems):
    maillage's C++ projections (maillage.datasets.project) against pyproj's Transformer (PROJ);
  - loading the dataset (uncached, C++ loader);
  - the map of every commune of France (france_territories(), communes only, no tie filter):
    building the Representation (geo_map), writing its SVG, and the SVG's size.
Target (issue 18): the whole-France commune SVG under 5 MB, built and written under 2 s. Times
are the best of --repeat runs, in seconds; ratios are peer time / maillage time.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np


def best(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main():
    import maillage
    from maillage import _core, systemic
    from maillage.datasets import _geography

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"# bench/geography.py — Python {platform.python_version()}, maillage {maillage.__version__}")
    folder = maillage.datasets.france_geography_path()
    t_load, _ = best(lambda: _core.load_france_geography(str(folder)), args.repeat)
    print(f"load france-geography (C++): {t_load:.3f} s")

    geo = maillage.datasets.france_geography()
    pts = geo.points.dropna(subset=["lon"])
    groups = [(crs, rows["lon"].to_numpy(), rows["lat"].to_numpy()) for crs, rows in pts.groupby("crs")]

    def ours():
        return [maillage.datasets.project(crs, lon, lat) for crs, lon, lat in groups]

    t_ours, _ = best(ours, args.repeat)
    try:
        import pyproj

        transformers = {crs: pyproj.Transformer.from_crs(pyproj.CRS(crs).geodetic_crs, pyproj.CRS(crs), always_xy=True)
                        for crs, _, _ in groups}

        def peer():
            return [transformers[crs].transform(lon, lat) for crs, lon, lat in groups]

        t_peer, theirs = best(peer, args.repeat)
        mine = ours()
        gap = max(float(np.max(np.hypot(a[0] - b[0], a[1] - b[1]))) for a, b in zip(mine, theirs))
        print(f"project {len(pts):,} points: maillage {t_ours:.4f} s, pyproj {pyproj.__version__} {t_peer:.4f} s "
              f"(ratio {t_peer / t_ours:.2f}); largest gap {gap * 1000:.4f} mm")
    except ImportError:
        print(f"project {len(pts):,} points: maillage {t_ours:.4f} s (pyproj not installed)")

    g = maillage.datasets.france_territories()
    t_build, rep = best(lambda: systemic.geo_map(g, types=["commune"], tied_only=False, color_by="zone"), args.repeat)
    t_svg, svg = best(rep.to_svg, args.repeat)
    size = len(svg.encode("utf-8"))
    print(f"whole-France commune map: {rep.metadata['points']:,} points, {len(rep.metadata['unknown'])} unknown; "
          f"geo_map {t_build:.3f} s, to_svg {t_svg:.3f} s, total {t_build + t_svg:.3f} s; SVG {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
