"""Ctrl-C stops every long kernel within a second on a graph of 10⁵ nodes, whatever the thread
count: a child process runs one kernel, the test sends it SIGINT once the kernel runs, and the child
must end with ``maillage.Cancelled`` (the DESIGN §4 contract), raised within 1 s."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

N_NODES = 100_000
N_EDGES = 300_000

# Each kernel with arguments that keep it busy far longer than the test waits (the child reports it
# finished otherwise, and the test fails saying so). `started` is a progress callable that tells
# the test when the kernel's loop has begun (its first report), so the signal lands inside it.
KERNELS = {
    "betweenness": "maillage.betweenness_centrality(g, threads=THREADS, progress=started)",
    "edge_betweenness": "maillage.edge_betweenness_centrality(g, threads=THREADS, progress=started)",
    "closeness": "maillage.closeness_centrality(g, threads=THREADS, progress=started)",
    "harmonic": "maillage.harmonic_centrality(g, threads=THREADS, progress=started)",
    "pagerank": "maillage.pagerank(g, alpha=0.999, tol=1e-300, max_iter=10**7, threads=THREADS, progress=started)",
    "eigenvector": "maillage.eigenvector_centrality(g, tol=1e-300, max_iter=10**7, threads=THREADS, progress=started)",
    "katz": "maillage.katz_centrality(g, alpha=0.142, tol=1e-300, max_iter=10**7, threads=THREADS, progress=started)",
    "significance": "maillage.significance(g, 'transitivity', samples=10**6, threads=THREADS, progress=started)",
    "significance_configuration": (
        "maillage.significance(g, 'transitivity', model='configuration', samples=10**6, threads=THREADS, progress=started)"
    ),
    "brokerage_permutations": (
        "maillage.brokerage_permutation_test(g, 'group', samples=10**6, threads=THREADS, progress=started)"
    ),
    "layout": "maillage.systemic.layout(g, iterations=10**6, threads=THREADS, progress=started)",
    # ERGM: the pseudo-likelihood of the 10⁵ nodes (5·10⁹ dyads), and an MCMC fit of a ring of 1000
    # nodes (each tied to its 3 next) with 10⁶ draws per iteration, whose stochastic approximation
    # and chains follow a short pseudo-likelihood.
    "ergm_mple": "maillage.models.ergm(g, 'edges + gwesp(0.5)', method='mple', threads=THREADS, progress=started)",
    "ergm_mcmc": (
        "ring = maillage.models.ErgmModel.from_edges(1000, [(i, (i + d) % 1000) for i in range(1000) for d in (1, 2, 3)],"
        " 'edges + gwesp(0.5)'); "
        "maillage.models.ergm(ring, 'edges + gwesp(0.5)', samples=10**6, threads=THREADS, progress=started)"
    ),
    # QAP: 10⁶ permutations of 1500 × 1500 matrices (2·10⁶ cells each), and a logistic regression
    # refitted on 5·10⁵ cells per permutation.
    "qap_correlation": (
        "m = np.random.default_rng(1).random((1500, 1500)); "
        "maillage.models.qap_correlation(m, m.T, permutations=10**6, threads=THREADS, progress=started)"
    ),
    "qap_logistic": (
        "rng = np.random.default_rng(1); y = (rng.random((700, 700)) < 0.3).astype(float); "
        "maillage.models.qap_regression(y, {'x': rng.random((700, 700))}, family='logistic', permutations=10**6, "
        "threads=THREADS, progress=started)"
    ),
    # MICMAC: powers of a 1500 × 1500 cyclic permutation (no overflow), each product taking seconds.
    "micmac": (
        "m = np.roll(np.eye(1500, dtype=int), 1, axis=1); "
        "maillage.systemic.micmac(m, power=1000, progress=started)"
    ),
}

CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np, pandas as pd
    import maillage
    import maillage.models, maillage.systemic
    ends = np.load(sys.argv[1])
    keys = np.char.add("n", np.arange(ends.max() + 1).astype(str))
    g = maillage.Graph.from_frames(
        pd.DataFrame({"key": keys, "group": np.arange(len(keys)) % 4}),
        pd.DataFrame({"source": keys[ends[0]], "target": keys[ends[1]]}),
        progress=False,
    )
    THREADS = int(sys.argv[2]) or None
    print("ready", flush=True)
    said = []
    def started(stage, done, total):  # the kernel's first report: it runs in C++ now
        if not said:
            said.append(stage)
            print("running", flush=True)
    start = time.monotonic()
    try:
        CALL
    except maillage.Cancelled:  # when the kernel stopped, on the test's clock (CLOCK_MONOTONIC)
        print(f"cancelled at {time.monotonic():.6f}", flush=True)
        raise
    print(f"finished in {time.monotonic() - start:.1f} s", flush=True)
    """
)


@pytest.fixture(scope="module")
def edges_file(tmp_path_factory):
    """A graph of 10⁵ nodes and 3·10⁵ ties (every node has one), saved once for all children: two
    random halves joined by 10 ties, so the power iterations converge very slowly (the second
    eigenvalue is close to the first) and keep running until interrupted."""
    rng = np.random.default_rng(22)
    half = N_NODES // 2
    source = np.concatenate([np.arange(N_NODES), rng.integers(0, N_NODES, N_EDGES - N_NODES)])
    target = rng.integers(0, half, N_EDGES) + np.where(source >= half, half, 0)  # within the half
    target[:10] = rng.integers(0, N_NODES, 10)  # a few ties across
    keep = source != target
    path = tmp_path_factory.mktemp("cancel") / "ends.npy"
    np.save(path, np.stack([source[keep], target[keep]]))
    return path


# Every kernel on every core (threads=None); the main ones on one thread as well.
CASES = [(kernel, 0) for kernel in sorted(KERNELS)] + [
    (kernel, 1) for kernel in ("betweenness", "pagerank", "significance", "layout", "ergm_mcmc", "qap_logistic")
]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize("kernel,threads", CASES)
def test_ctrl_c_stops_the_kernel_within_a_second(edges_file, kernel, threads):
    script = CHILD.replace("CALL", KERNELS[kernel])
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(edges_file), str(threads)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        assert child.stdout.readline().strip() == "running", child.stderr.read()
        time.sleep(0.2)  # well inside the kernel's loop
        assert child.poll() is None, f"{kernel} ended before SIGINT: {child.stdout.read()} {child.stderr.read()}"
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{kernel} (threads={threads}) still runs 10 s after SIGINT")
        latency = time.monotonic() - sent
        out, err = child.stdout.read(), child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert "finished" not in out, f"{kernel} finished before the signal: {out}"
    assert child.returncode != 0
    last = err.strip().splitlines()[-1] if err.strip() else ""
    assert last.startswith("maillage._errors.Cancelled: interrupted (Ctrl-C)"), err[-2000:]
    # The kernel's latency is until Cancelled reaches Python; the child's exit after it (freeing the
    # graph, unloading pandas and the extension: close to a second on a loaded machine) is not.
    stopped = [float(line.split()[-1]) for line in out.splitlines() if line.startswith("cancelled at ")]
    assert stopped, out
    assert stopped[0] - sent < 1.0, f"{kernel} (threads={threads}) took {stopped[0] - sent:.2f} s to stop"
    assert latency < 5.0, f"{kernel} (threads={threads}): the child took {latency:.2f} s to exit after SIGINT"
