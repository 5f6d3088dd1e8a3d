"""Ctrl-C stops every long kernel within a second on a graph of 10⁵ nodes, whatever the thread
count: a child process runs one kernel, the test sends it SIGINT once the kernel runs, and the child
must end with ``maillage.Cancelled`` (the DESIGN §4 contract) within 1 s."""

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
# finished otherwise, and the test fails saying so).
KERNELS = {
    "betweenness": "maillage.betweenness_centrality(g, threads=THREADS)",
    "edge_betweenness": "maillage.edge_betweenness_centrality(g, threads=THREADS)",
    "closeness": "maillage.closeness_centrality(g, threads=THREADS)",
    "harmonic": "maillage.harmonic_centrality(g, threads=THREADS)",
    "pagerank": "maillage.pagerank(g, tol=1e-300, max_iter=10**7, threads=THREADS)",
    "eigenvector": "maillage.eigenvector_centrality(g, tol=1e-300, max_iter=10**7, threads=THREADS)",
    "katz": "maillage.katz_centrality(g, alpha=1e-3, tol=1e-300, max_iter=10**7, threads=THREADS)",
    "significance": "maillage.significance(g, 'transitivity', samples=10**6, threads=THREADS)",
    "significance_configuration": (
        "maillage.significance(g, 'transitivity', model='configuration', samples=10**6, threads=THREADS)"
    ),
    "structural_holes": "maillage.structural_holes(g, threads=THREADS)",
    "layout": "maillage.systemic.layout(g, iterations=10**6, threads=THREADS)",
}

CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np, pandas as pd
    import maillage
    ends = np.load(sys.argv[1])
    keys = np.char.add("n", np.arange(ends.max() + 1).astype(str))
    g = maillage.Graph.from_frames(
        pd.DataFrame({"key": keys}),
        pd.DataFrame({"source": keys[ends[0]], "target": keys[ends[1]]}),
        progress=False,
    )
    THREADS = int(sys.argv[2])
    print("ready", flush=True)
    started = time.monotonic()
    CALL
    print(f"finished in {time.monotonic() - started:.1f} s", flush=True)
    """
)


@pytest.fixture(scope="module")
def edges_file(tmp_path_factory):
    """A random graph of 10⁵ nodes and 3·10⁵ ties (every node has one), saved once for all children."""
    rng = np.random.default_rng(22)
    source = np.concatenate([np.arange(N_NODES), rng.integers(0, N_NODES, N_EDGES - N_NODES)])
    target = rng.integers(0, N_NODES, N_EDGES)
    keep = source != target
    path = tmp_path_factory.mktemp("cancel") / "ends.npy"
    np.save(path, np.stack([source[keep], target[keep]]))
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize("threads", [1, 0])
@pytest.mark.parametrize("kernel", sorted(KERNELS))
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
        time.sleep(0.4)  # the kernel is running by now
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
    assert latency < 1.0, f"{kernel} (threads={threads}) took {latency:.2f} s to stop"
