"""Runs NetworkX's own tests of the functions the maillage backend serves, with the backend.

NetworkX's test suite ships with NetworkX. Its conftest reads ``NETWORKX_TEST_BACKEND`` (every
dispatchable call in the tests goes to that backend, through a conversion of the test's graphs)
and ``NETWORKX_FALLBACK_TO_NX`` (a call the backend does not serve runs NetworkX instead). This
script runs the test modules listed in ``MODULES`` that way, counts passed, failed, skipped and
expected failures, and compares with ``passing.txt`` (the tests that passed when it was last
recorded):

    python tests/networkx_backend/run.py            # run, print counts, fail on a regression
    python tests/networkx_backend/run.py --record   # also rewrite passing.txt

It exits non-zero when a test listed in ``passing.txt`` fails (tests that are not collected, as
under another NetworkX version, are only counted as missing) or when fewer than 95 % of the tests
run pass. The counts are reported in
``docs/networkx-backend.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "passing.txt"

# NetworkX's test modules for the served functions (paths inside the networkx package).
MODULES = [
    "algorithms/centrality/tests/test_betweenness_centrality.py",
    "algorithms/centrality/tests/test_closeness_centrality.py",
    "algorithms/centrality/tests/test_harmonic_centrality.py",
    "algorithms/centrality/tests/test_degree_centrality.py",
    "algorithms/centrality/tests/test_eigenvector_centrality.py",
    "algorithms/centrality/tests/test_katz_centrality.py",
    "algorithms/link_analysis/tests/test_pagerank.py",
    "algorithms/tests/test_core.py",
    "algorithms/tests/test_cluster.py",
    "algorithms/components/tests/test_connected.py",
    "algorithms/components/tests/test_strongly_connected.py",
    "algorithms/shortest_paths/tests/test_unweighted.py",
    "algorithms/shortest_paths/tests/test_weighted.py",
    "algorithms/community/tests/test_louvain.py",
    "algorithms/community/tests/test_quality.py",
    "algorithms/community/tests/test_label_propagation.py",
    "algorithms/tests/test_structuralholes.py",
    "algorithms/assortativity/tests/test_correlation.py",
    "generators/tests/test_ego.py",
    "algorithms/bipartite/tests/test_project.py",
]


def run(junit: Path, calls: Path) -> int:
    import networkx

    root = Path(networkx.__file__).resolve().parent
    paths = [str(root / m) for m in MODULES if (root / m).exists()]
    python_path = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
    env = dict(
        os.environ, NETWORKX_TEST_BACKEND="maillage", NETWORKX_FALLBACK_TO_NX="True",
        MAILLAGE_NX_CALLS=str(calls), PYTHONPATH=python_path,
    )
    # importlib mode: pytest must not put site-packages first on sys.path (it would hide a
    # maillage installed elsewhere, e.g. in a virtual environment over the system's packages).
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "count_calls", f"--rootdir={root}",
        "--import-mode=importlib", f"--junitxml={junit}", "-o", "junit_family=xunit2", "-rfE",
        "-W", "ignore::DeprecationWarning", *paths,
    ]
    print("networkx", networkx.__version__, "at", root, flush=True)
    return subprocess.call(command, env=env, cwd=tempfile.gettempdir())


def outcomes(junit: Path) -> dict:
    """Test id → passed, failed, skipped or xfailed, from pytest's JUnit XML."""
    result = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        state = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                state = "failed"
            elif child.tag == "skipped":
                state = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
        result[name] = state
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="rewrite passing.txt with this run's passing tests")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        calls_file = Path(tmp) / "calls.json"
        code = run(junit, calls_file)
        if not junit.exists():
            print(f"pytest did not run (exit code {code})", file=sys.stderr)
            return 1
        got = outcomes(junit)
        calls = json.loads(calls_file.read_text()) if calls_file.exists() else {"served": {}, "fallback": {}}
    from _nx_maillage import FUNCTIONS

    print("calls of the served functions, run by maillage / run by NetworkX (refused or unserved arguments):")
    for name in sorted(FUNCTIONS):
        print(f"  {name:40} {calls['served'].get(name, 0):6} / {calls['fallback'].get(name, 0)}")
    print(f"  {'total':40} {sum(calls['served'].get(n, 0) for n in FUNCTIONS):6} / "
          f"{sum(calls['fallback'].get(n, 0) for n in FUNCTIONS)}")
    counts = {state: sum(1 for s in got.values() if s == state) for state in ("passed", "failed", "xfailed", "skipped")}
    total = len(got)
    ran = total - counts["skipped"]
    share = counts["passed"] / ran if ran else 0.0
    print(f"collected {total}: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + f"; {share:.1%} of those run pass")
    expected = set(BASELINE.read_text().split()) if BASELINE.exists() else set()
    regressions = sorted(t for t in expected if got.get(t) in ("failed", "xfailed"))
    missing = sorted(t for t in expected if t not in got)
    if missing:
        print(f"{len(missing)} recorded test(s) not collected here (another NetworkX version?)")
    if args.record:
        tmp_path = BASELINE.with_suffix(".tmp")
        tmp_path.write_text("".join(f"{t}\n" for t in sorted(t for t, s in got.items() if s == "passed")))
        tmp_path.replace(BASELINE)
        print(f"recorded {counts['passed']} passing tests in {BASELINE}")
    if regressions:
        print("previously passing tests that fail now:", *regressions, sep="\n  ", file=sys.stderr)
        return 1
    if share < 0.95:
        print(f"only {share:.1%} of NetworkX's tests pass with the backend (at least 95 % expected)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
