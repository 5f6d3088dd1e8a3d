"""Property tests of the readers and writers: random graphs (directed and undirected relations
mixed, parallel edges, self-loops, isolated nodes, weights, typed attributes) written and read
back through every format, compared with what docs/interchange.md says each format keeps.

Lossless (frames, dtypes, registry, metadata equal): the data package (folder and zip), Parquet
(when pyarrow is installed), NetworkX and igraph. GraphML: lossless but for the pandas-only
distinctions the docs list. GEXF: nodes, edges, typed attributes (no metadata; a custom relation
reads back as a tie). CSV pair: values and inferred types.

The frames-only round trip (``Graph.from_frames(g.nodes_frame(), g.edges_frame())``) is tested in
test_roundtrip.py; this file covers the files and the converters.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import maillage

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
RELATIONS = {"advises": {"directed": True, "category": "tie"}}

# Printable text (XML cannot hold control characters), no surrogates, never empty (an empty
# string is a missing value in CSV).
_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF, blacklist_categories=("Cs", "Cc")),
                min_size=1, max_size=6).filter(lambda s: s.strip() == s and s != "")
# Values that stay text when a CSV reader infers types (a letter first).
_word = st.from_regex(r"[a-zé][a-z0-9é ]{0,5}[a-z]", fullmatch=True)


@st.composite
def graphs(draw, rich=True):
    n = draw(st.integers(1, 7))
    keys = draw(st.lists(_text if rich else _word, min_size=n, max_size=n, unique=True))
    nodes = pd.DataFrame({"key": keys, "kind": draw(st.lists(st.sampled_from(["actor", "place"]), min_size=n,
                                                                  max_size=n))})
    nodes["count"] = pd.Series(draw(st.lists(st.integers(-2**53, 2**53), min_size=n, max_size=n)), dtype=np.int64)
    nodes["share"] = pd.Series(draw(st.lists(st.floats(-1e12, 1e12, allow_nan=False).map(lambda x: x + 0.5),
                                             min_size=n, max_size=n)), dtype=np.float64)
    nodes["public"] = pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    nodes["name"] = pd.Series(draw(st.lists(_word, min_size=n, max_size=n)), dtype=object)
    m = draw(st.integers(0, 10))
    ends = st.lists(st.sampled_from(keys), min_size=m, max_size=m)
    sources, targets = draw(ends), draw(ends)
    if m and draw(st.booleans()):  # a parallel edge and a self-loop
        sources += [sources[0], sources[0]]
        targets += [targets[0], sources[0]]
        m += 2
    edges = pd.DataFrame({"source": sources, "target": targets,
                          "relation": draw(st.lists(st.sampled_from(["cooperates_with", "advises", "funds"]),
                                                    min_size=m, max_size=m))})
    if draw(st.booleans()):
        edges["weight"] = pd.Series(draw(st.lists(st.integers(0, 400).map(lambda x: x / 8), min_size=m,
                                                  max_size=m)), dtype=np.float64)
    edges["note"] = pd.Series(draw(st.lists(_word, min_size=m, max_size=m)), dtype=object)
    if rich:
        nodes["tags"] = pd.Series(draw(st.lists(st.lists(_word, min_size=1, max_size=3), min_size=n, max_size=n)),
                                  dtype=object)
        cats = ["commune", "epci", "region"]
        nodes["level"] = pd.Categorical(draw(st.lists(st.sampled_from(cats), min_size=n, max_size=n)),
                                        categories=cats, ordered=True)
        days = draw(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), min_size=n, max_size=n))
        nodes["since"] = pd.Series(pd.to_datetime(days)).astype("datetime64[s]")
    metadata = {"title": draw(_word), "year": draw(st.integers(1900, 2100))}
    return maillage.Graph.from_frames(nodes, edges, relations=RELATIONS, metadata=metadata, progress=False)


def _same(g: maillage.Graph, h: maillage.Graph, *, dtypes=True, metadata=True, registry=True):
    pd.testing.assert_frame_equal(h.nodes_frame(), g.nodes_frame(), check_dtype=dtypes, check_exact=True)
    pd.testing.assert_frame_equal(h.edges_frame(), g.edges_frame(), check_dtype=dtypes, check_exact=True)
    if metadata:
        assert h.metadata == g.metadata
    if registry:
        assert h.relations == g.relations


@SETTINGS
@given(graphs())
def test_package_folder_and_zip_round_trip(tmp_path_factory, g):
    folder = tmp_path_factory.mktemp("package")
    g.write(str(folder / "graph"))
    _same(g, maillage.read(str(folder / "graph")))
    g.write(str(folder / "graph.zip"))
    _same(g, maillage.read(str(folder / "graph.zip")))


@SETTINGS
@given(graphs())
def test_parquet_round_trip(tmp_path_factory, g):
    pytest.importorskip("pyarrow")
    path = tmp_path_factory.mktemp("parquet") / "graph.parquet"
    g.write(str(path))
    _same(g, maillage.read(str(path)))


@SETTINGS
@given(graphs())
def test_networkx_and_igraph_round_trip(g):
    pytest.importorskip("networkx")
    G = maillage.to_networkx(g)
    assert G.number_of_nodes() == g.number_of_nodes() and G.number_of_edges() == g.number_of_edges()
    _same(g, maillage.from_networkx(G))
    pytest.importorskip("igraph")
    I = maillage.to_igraph(g)
    assert I.vcount() == g.number_of_nodes() and I.ecount() == g.number_of_edges()
    _same(g, maillage.from_igraph(I))


@SETTINGS
@given(graphs())
def test_graphml_round_trip(tmp_path_factory, g):
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    g.write(str(path))
    h = maillage.read(str(path))
    # pandas-only distinctions are the documented losses: the datetime64 unit
    nf, hf = g.nodes_frame(), h.nodes_frame()
    assert list(hf.columns) == list(nf.columns)
    assert hf["since"].dt.strftime("%Y-%m-%d").tolist() == nf["since"].dt.strftime("%Y-%m-%d").tolist()
    # and `str` against `object` text columns
    pd.testing.assert_frame_equal(hf.drop(columns=["since", "name"]), nf.drop(columns=["since", "name"]),
                                  check_exact=True)
    assert hf["name"].tolist() == nf["name"].tolist()
    ef, gf = h.edges_frame(), g.edges_frame()
    pd.testing.assert_frame_equal(ef.drop(columns="note"), gf.drop(columns="note"), check_exact=True)
    assert ef["note"].tolist() == gf["note"].tolist()
    assert h.metadata == g.metadata
    assert h.relations == g.relations


def _topology(g: maillage.Graph):
    ef = g.edges_frame()
    weights = ef["weight"].tolist() if "weight" in ef.columns else [None] * len(ef)
    return sorted(zip(ef["source"], ef["target"], ef["relation"], weights, ef["note"]), key=repr)


@SETTINGS
@given(graphs())
def test_gexf_round_trip(tmp_path_factory, g):
    path = tmp_path_factory.mktemp("gexf") / "graph.gexf"
    g.write(str(path))
    h = maillage.read(str(path))
    nf, hf = g.nodes_frame(), h.nodes_frame()
    assert list(hf.index) == list(nf.index)
    assert hf["kind"].tolist() == nf["kind"].tolist()
    for column in ("count", "share", "public", "name"):
        pd.testing.assert_series_equal(hf[column], nf[column], check_exact=True, check_dtype=column != "name")
    assert hf["tags"].tolist() == nf["tags"].tolist()
    # documented losses: categories and dates come back as text
    assert hf["level"].astype(object).tolist() == nf["level"].astype(str).tolist()
    assert hf["since"].tolist() == nf["since"].dt.strftime("%Y-%m-%d").tolist()
    assert _topology(h) == _topology(g)
    for name, spec in g.relations.items():
        if name in set(g.edges_frame()["relation"]):
            assert h.relations[name]["directed"] == spec["directed"]


@SETTINGS
@given(graphs(rich=False))
def test_csv_round_trip(tmp_path_factory, g):
    folder = tmp_path_factory.mktemp("csv")
    nodes, edges = str(folder / "nodes.csv"), str(folder / "edges.csv")
    maillage.write_csv(g, nodes, edges)
    h = maillage.read_csv(nodes, edges, relations=RELATIONS)
    nf, hf = g.nodes_frame(), h.nodes_frame()
    assert list(hf.index) == list(nf.index)
    for column in ("kind", "count", "share", "public", "name"):
        pd.testing.assert_series_equal(hf[column], nf[column], check_exact=True, check_dtype=column != "name")
    assert _topology(h) == _topology(g)
    assert h.relations == g.relations
