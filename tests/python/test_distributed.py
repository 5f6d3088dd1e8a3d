"""maillage.distributed on a two-process LocalCluster: significance identical to the local run
(every column and the null distribution, for any number of blocks), betweenness (nodes and
edges, exact and sampled, weighted), closeness and harmonic equal to the local values within
1e-12 (and closeness to NetworkX), progress reported by blocks, cancellation cancelling the
futures, a worker killed mid-run (the one holding the View) without changing the result, a Python
statistic drawn on the cluster (and one that cannot be pickled refused), the bipartite projection
by blocks of rows (the local Graph, NetworkX's projections, Parquet partitions read back), and the
report (function and `maillage report --scheduler`) the same as the local one."""

from __future__ import annotations

import json
import os
import random
import signal
import time

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage

distributed = pytest.importorskip("distributed")
from maillage import distributed as md  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def random_graph(n, m, seed, directed=False):
    """A random graph of n nodes and about m ties with weights and a `group` attribute."""
    rng = random.Random(seed)
    G = nx.DiGraph() if directed else nx.Graph()
    for i in range(n):
        G.add_node(f"v{i}", group=f"g{i % 5}")
    while G.number_of_edges() < m:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            G.add_edge(f"v{u}", f"v{v}", weight=round(rng.uniform(0.5, 3), 2))
    return G


@pytest.fixture(scope="module")
def graph():
    G = random_graph(1500, 4000, 1)
    return G, maillage.from_networkx(G)


def close(a: pd.Series, b: pd.Series, tol=1e-12):
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=0, atol=tol)


@pytest.mark.parametrize("statistic", ["modularity", "transitivity"])
def test_significance_is_identical_to_the_local_run(client, graph, statistic):
    _, g = graph
    attribute = None if statistic == "transitivity" else "group"
    local, local_null = maillage.significance(g, statistic, attribute=attribute, samples=24, seed=5, swaps=2,
                                              return_null=True)
    for blocks in (None, 5):
        frame, null = md.significance(g, statistic, attribute=attribute, samples=24, seed=5, swaps=2,
                                      return_null=True, client=client, blocks=blocks)
        pd.testing.assert_frame_equal(frame, local)
        pd.testing.assert_frame_equal(null, local_null)
        assert frame.attrs == local.attrs


def test_significance_by_group_through_the_top_level_keyword(client, graph):
    _, g = graph
    local = maillage.significance(g, "modularity", attribute="group", model="configuration", samples=10, seed=2)
    remote = maillage.significance(g, "modularity", attribute="group", model="configuration", samples=10, seed=2,
                                   client=client)
    pd.testing.assert_frame_equal(remote, local)


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("k", [None, 300])
def test_betweenness_equals_the_local_values(client, graph, weight, k):
    _, g = graph
    local = maillage.betweenness_centrality(g, weight=weight, k=k, seed=3)
    remote = md.betweenness_centrality(g, weight=weight, k=k, seed=3, client=client, blocks=7)
    close(remote, local)
    assert remote.name == local.name
    if k is not None:
        assert remote.attrs["seed"] == 3
    # One block: the very same additions, bit for bit.
    one = md.betweenness_centrality(g, weight=weight, k=k, seed=3, client=client, blocks=1)
    pd.testing.assert_series_equal(one, local)


def test_edge_betweenness_and_endpoints_equal_the_local_values(client, graph):
    _, g = graph
    local = maillage.edge_betweenness_centrality(g, weight="weight", normalized=False)
    remote = maillage.edge_betweenness_centrality(g, weight="weight", normalized=False, client=client)
    pd.testing.assert_frame_equal(remote[["source", "target"]], local[["source", "target"]])
    np.testing.assert_allclose(remote["edge_betweenness_centrality"], local["edge_betweenness_centrality"],
                               rtol=1e-12, atol=1e-12)
    close(maillage.betweenness_centrality(g, endpoints=True, client=client),
          maillage.betweenness_centrality(g, endpoints=True))


def test_directed_closeness_and_harmonic_are_identical_and_match_networkx(client):
    G = random_graph(900, 2500, 4, directed=True)
    g = maillage.from_networkx(G)
    closeness = maillage.closeness_centrality(g, client=client)
    pd.testing.assert_series_equal(closeness, maillage.closeness_centrality(g))
    reference = nx.closeness_centrality(G)
    np.testing.assert_allclose(closeness.to_numpy(), [reference[k] for k in closeness.index], rtol=1e-12, atol=1e-12)
    for weight in (None, "weight"):
        remote = md.harmonic_centrality(g, weight=weight, weight_kind="distance", client=client, blocks=3)
        pd.testing.assert_series_equal(remote, maillage.harmonic_centrality(g, weight=weight, weight_kind="distance"))


def test_progress_is_reported_by_blocks(client, graph):
    _, g = graph
    calls = []
    md.betweenness_centrality(g, client=client, blocks=6, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[0] == ("betweenness", 0, 1500)
    assert calls[-1] == ("betweenness", 1500, 1500)
    assert len(calls) == 7
    assert [d for _, d, _ in calls] == sorted(d for _, d, _ in calls)


def test_cancelling_cancels_the_futures(client, graph):
    _, g = graph

    def stop(stage, done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(maillage.Cancelled):
        md.betweenness_centrality(g, weight="weight", client=client, blocks=40, progress=stop)
    # Nothing of the run stays queued or running on the cluster.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(client.processing().values()):
        time.sleep(0.1)
    assert not any(client.processing().values())
    # The cluster is still usable.
    close(maillage.harmonic_centrality(g, client=client), maillage.harmonic_centrality(g))


def two_live_workers(client):
    """The process ids of the cluster's two workers, once both answer (after a kill, the nanny's
    new worker may join before the scheduler has dropped the dead one)."""
    deadline = time.monotonic() + 90
    while True:
        try:
            client.wait_for_workers(2, timeout=30)
            pids = client.run(os.getpid)
            if len(pids) == 2:
                return pids
        except Exception:  # noqa: BLE001 - a worker still dying or starting: try again
            if time.monotonic() > deadline:
                raise
        assert time.monotonic() < deadline, "the cluster did not get back to two live workers"
        time.sleep(0.5)


def kill_the_view_holder(client, pids, killed):
    """Kills the worker holding the placed data (the View, the tie list), or else one of the two."""
    holders = sorted(w for w, keys in client.has_what().items()
                     if w in pids and any(str(key).startswith("_task_load") for key in keys))
    address = holders[-1] if holders else sorted(pids)[-1]
    killed.append(address)
    os.kill(pids[address], signal.SIGKILL)


def test_a_view_lost_with_its_only_worker_is_made_again(client, graph):
    """The View placed on one worker, that worker killed: a block needing the View still runs (on
    the other worker, where the View is made again from the bytes its task carries) and gives the
    local sums. Scattered data would be lost for good with its only worker."""
    _, g = graph
    view = g.view(weight="weight")
    pids = two_live_workers(client)
    remote = md._place(client, view)
    distributed.wait(remote)
    holders = client.who_has(remote)[remote.key]
    assert len(holders) == 1
    os.kill(pids[holders[0]], signal.SIGKILL)
    sources = np.arange(0, 60, dtype=np.uint32)
    block = client.submit(md._task_betweenness, remote, sources, False, False, 1, pure=False)
    expected = maillage._core.betweenness_sums(view._v, sources, False, False, 1, None)  # noqa: SLF001
    np.testing.assert_array_equal(block.result(timeout=120), expected)
    client.cancel([remote, block])
    two_live_workers(client)


def test_a_worker_killed_mid_run_changes_nothing(client, graph):
    """The worker holding the View is killed once the first block is back: the View is made again
    on the other worker from the bytes its task carries, the lost blocks are computed again, and the
    result is the local one."""
    _, g = graph
    local = maillage.betweenness_centrality(g, weight="weight")
    pids = two_live_workers(client)
    killed = []

    def kill_one(stage, done, total):
        # Once the first block is back and the others are queued or running.
        if done and not killed:
            kill_the_view_holder(client, pids, killed)

    remote = md.betweenness_centrality(g, weight="weight", client=client, blocks=40, progress=kill_one)
    assert killed
    close(remote, local)
    two_live_workers(client)  # the nanny restarts the lost worker for the next tests


def test_a_worker_killed_mid_run_of_the_null_model_changes_nothing(client, graph):
    _, g = graph
    local = maillage.significance(g, "modularity", attribute="group", samples=30, seed=9, swaps=2)
    pids = two_live_workers(client)
    killed = []

    def kill_one(stage, done, total):
        if done and not killed:
            kill_the_view_holder(client, pids, killed)

    remote = md.significance(g, "modularity", attribute="group", samples=30, seed=9, swaps=2, client=client,
                             blocks=15, progress=kill_one)
    assert killed
    pd.testing.assert_frame_equal(remote, local)
    two_live_workers(client)


# ---------------------------------------------------------------------------- a Python statistic
def test_a_python_statistic_runs_on_the_cluster_with_the_local_result(client, graph):
    _, g = graph
    statistic = lambda graph: maillage.transitivity(graph)  # noqa: E731 - pickled by value (cloudpickle)
    local, local_null = maillage.significance(g, statistic, samples=12, seed=4, swaps=1, return_null=True)
    remote, remote_null = md.significance(g, statistic, samples=12, seed=4, swaps=1, return_null=True,
                                          client=client, blocks=5)
    pd.testing.assert_frame_equal(remote, local)
    pd.testing.assert_frame_equal(remote_null, local_null)
    # The oracle: NetworkX's transitivity of the observed graph (simple, undirected).
    G = maillage.to_networkx(g)
    assert remote["observed"].iloc[0] == pytest.approx(nx.transitivity(nx.Graph(G)), abs=1e-12)
    assert remote_null.iloc[:, 0].nunique() > 1  # the draws differ


def test_a_python_statistic_of_permuted_labels_on_the_cluster(client, graph):
    _, g = graph

    def same_group_share(graph, labels):
        ef = graph.edges_frame()
        return float((labels[ef["source"]].to_numpy() == labels[ef["target"]].to_numpy()).mean())

    options = dict(model="permute_labels", attribute="group", samples=10, seed=3)
    local = maillage.significance(g, same_group_share, **options)
    remote = maillage.significance(g, same_group_share, client=client, **options)
    pd.testing.assert_frame_equal(remote, local)


def test_a_statistic_that_cannot_be_pickled_is_refused_by_name(client, graph):
    import threading

    _, g = graph
    lock = threading.Lock()

    def locked_density(graph):
        with lock:
            return graph.number_of_edges() / graph.number_of_nodes()

    with pytest.raises(maillage.InvalidInput, match="locked_density cannot be sent to the cluster's workers"):
        maillage.significance(g, locked_density, samples=2, client=client)


# ---------------------------------------------------------------------------- bipartite projection
def two_mode(seed, actors=300, events=120, p=0.03):
    """A random actors × events graph as NetworkX (actors 'a<i>', events 'e<j>') and maillage, with
    an attribute on the actors."""
    from networkx.algorithms import bipartite

    B = bipartite.random_graph(actors, events, p, seed=seed)
    B = nx.relabel_nodes(B, {v: (f"a{v}" if v < actors else f"e{v - actors}") for v in B})
    nodes = pd.DataFrame({"key": list(B), "kind": ["person" if k[0] == "a" else "event" for k in B],
                          "label": [k.upper() if k[0] == "a" else None for k in B]})
    edges = pd.DataFrame({"source": [u if u[0] == "a" else v for u, v in B.edges()],
                          "target": [v if u[0] == "a" else u for u, v in B.edges()],
                          "relation": "participates_in"})
    return B, maillage.Graph.from_frames(nodes, edges), [k for k in B if k[0] == "a"]


def same_graph(a: maillage.Graph, b: maillage.Graph):
    pd.testing.assert_frame_equal(a.nodes_frame(), b.nodes_frame())
    pd.testing.assert_frame_equal(a.edges_frame(), b.edges_frame())
    assert a.relations == b.relations
    assert a.metadata == b.metadata


@pytest.mark.parametrize("weighting", ["count", "newman", "jaccard", "overlap"])
def test_bipartite_projection_is_the_local_graph(client, weighting):
    B, g, actors = two_mode(1)
    local = maillage.bipartite_projection(g, kind="person", weighting=weighting)
    assert local.number_of_edges() > 500
    for blocks in (None, 1, 7):
        same_graph(md.bipartite_projection(g, kind="person", weighting=weighting, client=client, blocks=blocks), local)
    same_graph(maillage.bipartite_projection(g, kind="person", weighting=weighting, min_weight=0.2, client=client),
               maillage.bipartite_projection(g, kind="person", weighting=weighting, min_weight=0.2))


def test_bipartite_projection_matches_networkx_on_a_small_case(client):
    from networkx.algorithms import bipartite

    B, g, actors = two_mode(2, actors=30, events=12, p=0.15)
    remote = md.bipartite_projection(g, nodes=actors, client=client, blocks=4)
    expected = bipartite.weighted_projected_graph(B, actors)
    ef = remote.edges_frame()
    got = {frozenset((s, t)): w for s, t, w in zip(ef["source"], ef["target"], ef["weight"])}
    assert got == {frozenset((u, v)): d["weight"] for u, v, d in expected.edges(data=True)}
    assert list(remote.nodes) == actors
    newman = md.bipartite_projection(g, nodes=actors, weighting="newman", client=client, blocks=3).edges_frame()
    reference = bipartite.collaboration_weighted_projected_graph(B, actors)
    for s, t, w in zip(newman["source"], newman["target"], newman["weight"]):
        assert w == pytest.approx(reference[s][t]["weight"], abs=1e-12)
    assert len(newman) == reference.number_of_edges()


def test_bipartite_projection_written_as_parquet_partitions(client, tmp_path):
    pytest.importorskip("pyarrow")
    _, g, _ = two_mode(3)
    local = maillage.bipartite_projection(g, kind="person", weighting="jaccard")
    target = tmp_path / "projection.parquet"
    target.mkdir()
    (target / "old.txt").write_text("replaced whole")
    assert md.bipartite_projection(g, kind="person", weighting="jaccard", client=client, blocks=5,
                                   path=target) is None
    assert sorted(p.name for p in target.iterdir()) == ["edges.parquet", "nodes.parquet"]
    parts = sorted(p.name for p in (target / "edges.parquet").iterdir())
    assert parts == [f"part-{i:06d}.parquet" for i in range(5)]
    assert not [p for p in tmp_path.iterdir() if p.name != "projection.parquet"]  # no temporary left
    same_graph(maillage.read(target), local)
    # Each part holds its block of rows, in order.
    import pyarrow.parquet as pq

    sizes = [pq.read_metadata(target / "edges.parquet" / name).num_rows for name in parts]
    assert sum(sizes) == local.number_of_edges()


def test_bipartite_projection_errors_are_the_local_ones(client, tmp_path):
    _, g, _ = two_mode(4, actors=20, events=5)
    with pytest.raises(maillage.InvalidInput, match="weighting must be"):
        md.bipartite_projection(g, kind="person", weighting="cosine", client=client, path=tmp_path / "p.parquet")
    assert not (tmp_path / "p.parquet").exists()
    with pytest.raises(maillage.InvalidInput, match="min_weight"):
        md.bipartite_projection(g, kind="person", min_weight=-1, client=client)
    with pytest.raises(maillage.NotFound, match="nobody"):
        md.bipartite_projection(g, nodes=["a1", "nobody"], client=client)
    with pytest.raises(TypeError, match="maillage.Graph"):
        md.bipartite_projection(g.view(), client=client)


def without_timings(data):
    """The report's data without what changes from run to run (step timings, the date)."""
    if isinstance(data, dict):
        return {k: without_timings(v) for k, v in data.items() if k not in ("timings", "date")}
    if isinstance(data, list):
        return [without_timings(v) for v in data]
    return data


@pytest.fixture(scope="module")
def local_report():
    """The local report on the embedded dataset (seed 0, English), made once."""
    return without_timings(json.loads(maillage.report(lang="en").to_json()))


def test_report_on_the_cluster_is_the_local_report(client, local_report):
    remote = without_timings(json.loads(maillage.report(lang="en", client=client).to_json()))
    assert remote == local_report
    assert '"z"' in json.dumps(local_report)  # the null-model facts are there


def test_cli_report_with_a_scheduler(client, local_report, tmp_path):
    from maillage.cli import main

    address = client.scheduler_info()["address"]
    assert main(["report", "--scheduler", address, "--out", str(tmp_path / "remote"), "--lang", "en"]) == 0
    remote = json.loads((tmp_path / "remote" / "report.json").read_text(encoding="utf-8"))
    assert without_timings(remote) == local_report


def test_an_address_where_no_scheduler_answers_is_named():
    with pytest.raises(maillage.InvalidInput, match="no Dask scheduler answers at 'tcp://127.0.0.1:9'"):
        md.connect("tcp://127.0.0.1:9", timeout="1s")
