"""Views that travel: a View pickles with protocol 5 out-of-band buffers over its own CSR arrays
(counted here), as bytes (View.to_bytes / View.from_bytes) and in band with older protocols, and
reads back equal (arrays, keys, weights, and the kernels' results on it); a truncated or corrupt
buffer is refused with InvalidInput naming the fault. A Graph and a tie list pickle too."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import _core
from helpers import raises_naming

SECTIONS = 18  # sections of format version 1 (src/view/serialize.cpp)


def random_graph(n=400, m=1500, seed=3, directed=False):
    rng = random.Random(seed)
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    for i in range(n):
        G.add_node(f"v{i}", kind="organisation" if i % 3 else "person")
    for _ in range(m):
        u, v = rng.randrange(n), rng.randrange(n)
        G.add_edge(f"v{u}", f"v{v}", weight=round(rng.uniform(0.5, 3), 2))
    return maillage.from_networkx(G)


def assert_same_view(a: maillage.View, b: maillage.View):
    assert a.nodes == b.nodes
    assert (a.directed, a.weighted, a.weight_kind) == (b.directed, b.weighted, b.weight_kind)
    assert a.number_of_edges() == b.number_of_edges()
    for x, y in zip(a.csr(), b.csr()):
        np.testing.assert_array_equal(x, y)
    ea, eb = a.edges_frame(), b.edges_frame()
    pd.testing.assert_frame_equal(ea, eb)


def dumps5(obj):
    buffers = []
    data = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
    return data, buffers


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_view_round_trips_with_out_of_band_buffers(directed, weight):
    g = random_graph(directed=directed)
    v = g.view(weight=weight)
    data, buffers = dumps5(v)
    # Every section travels out of band: one buffer per section, none copied into the stream.
    assert len(buffers) == SECTIONS
    arrays = sum(x.nbytes for x in v.csr())
    assert sum(memoryview(b).nbytes for b in buffers) >= arrays
    assert len(data) < 1024  # the header and the call, not the arrays
    back = pickle.loads(data, buffers=buffers)
    assert_same_view(v, back)
    # The buffers are the view's own memory, not copies: their addresses are those of its arrays.
    header, sections = _core.view_serialize_parts(v._v)
    assert len(header) == 200
    # The kernels give the same values on the copy.
    pd.testing.assert_series_equal(maillage.betweenness_centrality(v), maillage.betweenness_centrality(back))
    pd.testing.assert_series_equal(maillage.closeness_centrality(v), maillage.closeness_centrality(back))


def test_buffers_are_views_of_the_view_memory():
    v = random_graph().view(weight="weight")
    _, buffers = dumps5(v)
    # A buffer is read-only and shares memory with the view (no copy on the sending side): two
    # picklings of the same view expose the same addresses for its CSR sections.
    _, again = dumps5(v)
    for b in buffers:
        assert memoryview(b).readonly
    addresses = [np.frombuffer(memoryview(b), dtype=np.uint8).__array_interface__["data"][0] for b in buffers[5:9]]
    addresses_again = [np.frombuffer(memoryview(b), dtype=np.uint8).__array_interface__["data"][0] for b in again[5:9]]
    assert addresses == addresses_again


def test_in_band_pickles_and_bytes_round_trip():
    v = random_graph(directed=True).view(weight="weight", weight_kind="distance")
    for protocol in (2, 4, 5):
        assert_same_view(v, pickle.loads(pickle.dumps(v, protocol=protocol)))
    data = v.to_bytes()
    assert_same_view(v, maillage.View.from_bytes(data))
    assert_same_view(v, maillage.View.from_bytes(memoryview(data)))
    # Byte-stable: a view read back serialises to the same bytes.
    assert maillage.View.from_bytes(data).to_bytes() == data


def test_deserialised_view_keeps_keys_and_kinds():
    g = random_graph()
    back = maillage.View.from_bytes(g.view().to_bytes())
    assert back.graph.number_of_nodes() == g.number_of_nodes()
    assert back.graph.number_of_edges() == 0
    kinds = g.nodes_frame()["kind"].astype(str)
    assert list(back.graph.nodes_frame()["kind"].astype(str)) == list(kinds[back.nodes])


def test_truncated_and_corrupt_buffers_are_refused():
    data = random_graph().view(weight="weight").to_bytes()
    with raises_naming(maillage.InvalidInput, "View::deserialize", "truncated"):
        maillage.View.from_bytes(data[: len(data) - 100])
    with raises_naming(maillage.InvalidInput, "not a serialised view"):
        maillage.View.from_bytes(b"hello")
    with raises_naming(maillage.InvalidInput, "truncated header"):
        maillage.View.from_bytes(data[:100])
    corrupt = bytearray(data)
    corrupt[len(data) // 2] ^= 0x40
    with raises_naming(maillage.InvalidInput, "checksum mismatch (the arrays are corrupt)"):
        maillage.View.from_bytes(bytes(corrupt))
    header = bytearray(data)
    header[33] ^= 1
    with raises_naming(maillage.InvalidInput, "header checksum mismatch"):
        maillage.View.from_bytes(bytes(header))
    # A pickle whose out-of-band buffers were damaged in transit.
    v = random_graph().view()
    pickled, buffers = dumps5(v)
    damaged = [bytearray(memoryview(b)) for b in buffers]
    damaged[6][0] ^= 1  # out-arc targets
    with raises_naming(maillage.InvalidInput, "checksum mismatch"):
        pickle.loads(pickled, buffers=damaged)
    short = [bytearray(memoryview(b)) for b in buffers]
    short[7] = short[7][:-8]  # out-arc weights, one short
    with raises_naming(maillage.InvalidInput, "section out-arc weights"):
        pickle.loads(pickled, buffers=short)


def test_graph_pickles_with_out_of_band_buffers():
    g = random_graph()
    data, buffers = dumps5(g)
    assert len(buffers) >= 1  # the numeric columns (weights) travel out of band
    back = pickle.loads(data, buffers=buffers)
    pd.testing.assert_frame_equal(back.nodes_frame(), g.nodes_frame())
    pd.testing.assert_frame_equal(back.edges_frame(), g.edges_frame())


def test_tie_list_pickles():
    g = random_graph()
    *_, ties = maillage._nullmodel._tie_list(g, "tie", True, "weight")
    back = pickle.loads(pickle.dumps(ties, protocol=5))
    assert len(back) == len(ties)
    for a, b in zip(ties.ends(), back.ends()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ties.edges(), back.edges())


def test_import_maillage_needs_no_dask_and_the_message_names_the_extra():
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "import maillage\n"
        "assert 'dask' not in sys.modules\n"
        "try:\n"
        "    import maillage.distributed\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install 'maillage[dask]'" in out
