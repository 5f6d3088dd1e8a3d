"""The process-wide worker budget: concurrent calls from Python threads share it, results do not
depend on it, and bad budgets are refused."""

from __future__ import annotations

import threading

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import _core


@pytest.fixture()
def graph():
    nxg = nx.gnm_random_graph(3000, 12000, seed=4)
    edges = pd.DataFrame({"source": [str(u) for u, _ in nxg.edges], "target": [str(v) for _, v in nxg.edges]})
    nodes = pd.DataFrame({"key": [str(v) for v in nxg.nodes]})
    return maillage.Graph.from_frames(nodes, edges, progress=False), nxg


@pytest.fixture()
def budget():
    yield
    maillage.set_worker_budget(None)


def test_default_budget_is_the_hardware_threads(budget):
    import os

    assert maillage.worker_budget() == max(1, os.cpu_count() or 1)
    maillage.set_worker_budget(3)
    assert maillage.worker_budget() == 3
    maillage.set_worker_budget(None)
    assert maillage.worker_budget() == max(1, os.cpu_count() or 1)


@pytest.mark.parametrize("bad", [0, -1, 2.5, "4", True])
def test_bad_budgets_are_refused(bad, budget):
    with pytest.raises(maillage.InvalidInput, match="budget"):
        maillage.set_worker_budget(bad)


def test_threads_share_the_budget_and_get_the_same_results(graph, budget):
    g, nxg = graph
    expected = pd.Series(nx.pagerank(nxg, tol=1e-10))
    serial_b = maillage.betweenness_centrality(g, threads=1, k=300, seed=1)
    serial_p = maillage.pagerank(g, tol=1e-10, threads=1)
    maillage.set_worker_budget(3)
    _core._reset_worker_usage()
    results = [None] * 8

    def call(i):
        results[i] = (
            maillage.betweenness_centrality(g, threads=None if i % 2 else 4, k=300, seed=1),
            maillage.pagerank(g, tol=1e-10, threads=None),
        )

    callers = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for t in callers:
        t.start()
    for t in callers:
        t.join()
    for b, p in results:
        assert np.array_equal(b.to_numpy(), serial_b.to_numpy())
        assert np.array_equal(p.to_numpy(), serial_p.to_numpy())
    # Independent oracle for the values themselves.
    np.testing.assert_allclose(serial_p.loc[[str(k) for k in expected.index]].to_numpy(), expected.to_numpy(),
                               rtol=1e-6, atol=1e-9)
    usage = _core._worker_usage()
    assert usage["in_use"] == 0
    assert usage["peak_at_grant"] <= 3  # no helper started while the budget was used up
    assert usage["helpers_granted"] > 0
