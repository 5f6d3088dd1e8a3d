"""Reading a CSV edge list with a very wide header: maillage.read_csv against pandas.read_csv on
the same file, in one run. The header's duplicate-name check and the attribute table's name
lookup are hash-based, so the time grows linearly with the number of columns (it used to grow
with its square: 64k columns 5 s, 256k 64 s).

Run from the repository root after `scripts/setup`:

    python3 bench/wide_header.py [--columns 16000,32000,64000,128000] [--repeat 3]

Each file is `source,target,c0,c1,…` and one row `a,b,0,1,…` (128 000 columns are just under the
1 MiB header limit). Best wall-clock time of --repeat runs after a warm-up; the ratio is pandas'
time over maillage's (> 1: maillage is faster).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

import maillage


def best(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--columns", default="16000,32000,64000,128000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'columns':>8} {'maillage s':>11} {'pandas s':>9} {'ratio':>6} {'µs/column':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(c) for c in args.columns.split(",")):
            path = Path(folder) / f"wide{count}.csv"
            names = ["source", "target"] + [f"c{i}" for i in range(count)]
            path.write_text(",".join(names) + "\n" + ",".join(["a", "b"] + [str(i) for i in range(count)]) + "\n")
            ours = best(lambda: maillage.read_csv(None, path), args.repeat)
            theirs = best(lambda: pd.read_csv(path), args.repeat)
            print(f"{count:>8} {ours:>11.3f} {theirs:>9.3f} {theirs / ours:>6.2f} {1e6 * ours / count:>10.2f}")


if __name__ == "__main__":
    main()
