"""Interchange without loss: the native data package, GEXF, GraphML and NetworkX round trips, and
files written by NetworkX, igraph and Gephi read as those libraries read them."""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import cli

ROOT = Path(__file__).resolve().parents[2]
FABRIQUE = ROOT / "data" / "fabrique-2024"
GEPHI = ROOT / "tests" / "data" / "gephi"
# The GEXF 1.3 schema is not vendored (see test_systemic.py): $MAILLAGE_GEXF_SCHEMA_DIR, else the
# shared specs folder beside the checkout, else /work/shared/specs/gexf-1.3.
GEXF_XSD = next(
    (p / "gexf.xsd" for p in (
        Path(os.environ["MAILLAGE_GEXF_SCHEMA_DIR"]) if os.environ.get("MAILLAGE_GEXF_SCHEMA_DIR") else None,
        ROOT.parent / "shared" / "specs" / "gexf-1.3",
        Path("/work/shared/specs/gexf-1.3"),
    ) if p is not None and (p / "gexf.xsd").is_file()),
    Path("/work/shared/specs/gexf-1.3/gexf.xsd"),
)


def assert_same_graph(g: maillage.Graph, h: maillage.Graph, *, metadata: bool = True, column_order: bool = True) -> None:
    gn, hn = g.nodes_frame(), h.nodes_frame()
    ge, he = g.edges_frame(), h.edges_frame()
    if not column_order:
        assert set(gn.columns) == set(hn.columns)
        assert set(ge.columns) == set(he.columns)
        hn, he = hn[list(gn.columns)], he[list(ge.columns)]
    pd.testing.assert_frame_equal(gn, hn, check_exact=True)
    pd.testing.assert_frame_equal(ge, he, check_exact=True)
    assert g.relations == h.relations
    assert g.scales == h.scales and g.scale_labels == h.scale_labels
    if metadata:
        assert g.metadata == h.metadata


@pytest.fixture(scope="module")
def fabrique() -> maillage.Graph:
    return maillage.datasets.fabrique_2024()


@pytest.fixture
def typed() -> maillage.Graph:
    """Every dtype of the contract, missing values, a custom relation and ladder, metadata."""
    nodes = pd.DataFrame({
        "key": ["v:a", "v:b", "v:c"],
        "kind": ["territory", "person", "resource"],
        "label": ["Faverges-Seythenex", "Zoé « 4 Fantastiques »", None],
        "n": pd.array([1, None, 3], dtype="Int64"),
        "m": np.array([4, 5, 6], dtype=np.int64),
        "x": [0.1, np.nan, 1e-300],
        "ok": pd.array([True, None, False], dtype="boolean"),
        "flag": np.array([True, False, True]),
        "day": pd.to_datetime(["2024-02-29", None, "1999-12-31"]).astype("datetime64[s]"),
        "tags": pd.Series([["a", "b c"], None, ["seul"]], dtype=object),
        "niveau": pd.Categorical(["bas", None, "haut"], categories=["haut", "bas", "jamais"], ordered=True),
        "code": ["01001", "2A004", None],
        "text": pd.Series(["x", None, "z"], dtype="string"),
        "scale": ["vallee", None, None],
    })
    edges = pd.DataFrame({
        "source": ["v:b", "v:b", "v:b"],
        "target": ["v:c", "v:c", "v:a"],
        "relation": ["produces", "produces", "cooperates_with"],
        "weight": [2.5, np.nan, 1.0],
        "start": pd.to_datetime(["2024-01-01", None, None]),
        "end": pd.to_datetime([None, None, "2024-12-31"]),
        "note": pd.array([3, None, None], dtype="Int64"),
    })
    return maillage.Graph.from_frames(
        nodes, edges, scales=[("village", "Village"), ("vallee", "Vallée"), ("pays", "Pays")],
        relations={"produces": {"directed": True, "category": "tie"}},
        metadata={"title": "Essai", "count": 465, "ratio": 0.25, "flag": True, "names": ["x", "y"],
                  "when": dt.date(2024, 12, 31)},
    )


# --------------------------------------------------------------------------- the data package

def test_fabrique_is_a_package_read_whole(fabrique):
    assert (FABRIQUE / "datapackage.json").is_file()
    g = maillage.read(FABRIQUE)
    assert_same_graph(fabrique, g)
    assert maillage.read(FABRIQUE / "datapackage.json").number_of_nodes() == 564
    assert g.relations["produces"] == {"directed": True, "category": "tie"}
    assert g.metadata["alliance_organisations"] == 465


def test_shipped_csvs_read_with_read_csv_and_the_cli(fabrique, capsys):
    # The tables of a package read by read_csv: the descriptor beside them registers `produces`.
    g = maillage.read_csv(FABRIQUE / "nodes.csv", FABRIQUE / "edges.csv")
    assert_same_graph(fabrique, g)
    for args in (["summary", str(FABRIQUE)], ["summary", str(FABRIQUE / "nodes.csv"), str(FABRIQUE / "edges.csv")]):
        assert cli.main(args) == 0
        out = capsys.readouterr().out
        assert "564 nodes" in out and "952 edges" in out and "produces" in out


@pytest.mark.parametrize("where", ["folder", "datapackage.json", "archive.zip"])
def test_package_round_trip_keeps_every_dtype(typed, tmp_path, where):
    path = tmp_path / where
    typed.write(path)
    back = maillage.read(path)
    assert_same_graph(typed, back)
    frame = back.nodes_frame()
    assert str(frame["n"].dtype) == "Int64" and str(frame["ok"].dtype) == "boolean"
    assert str(frame["day"].dtype) == "datetime64[s]"
    assert list(frame["niveau"].cat.categories) == ["haut", "bas", "jamais"] and frame["niveau"].cat.ordered
    assert frame.loc["v:a", "code"] == "01001"


def test_package_files_and_zip_are_byte_stable(typed, tmp_path):
    typed.write(tmp_path / "a.zip")
    maillage.read(tmp_path / "a.zip").write(tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert sorted(archive.namelist()) == ["datapackage.json", "edges.csv", "nodes.csv"]


def test_fabrique_round_trips_through_a_package(fabrique, tmp_path):
    fabrique.write(tmp_path / "copie")
    assert_same_graph(fabrique, maillage.read(tmp_path / "copie"))


def test_add_your_territory_and_rerun(tmp_path, monkeypatch):
    """The README example, line for line: a local government adds itself and re-runs."""
    monkeypatch.chdir(ROOT)
    f = maillage.read("data/fabrique-2024")
    me = pd.DataFrame({"source": ["commune:63113"], "target": ["organisation:fabrique-des-transitions"], "relation": ["cooperates_with"]})
    g = maillage.Graph.from_frames(f.nodes_frame(), pd.concat([f.edges_frame(), me]), relations=f.relations, metadata=f.metadata, create_missing_nodes=True, default_kind="territory", resolve_territories=True)
    share = maillage.interscale.vertical_share(g)
    assert "commune:63113" in g and g.nodes_frame().loc["commune:63113", "kind"] == "territory"
    assert "epci:246300701" in g.ancestors("commune:63113")  # Clermont Auvergne Métropole
    assert g.ancestors("commune:63113")[-1] == "pays:FR"
    assert share is not None
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'g = maillage.Graph.from_frames(f.nodes_frame(), pd.concat([f.edges_frame(), me])' in readme
    g.write(tmp_path / "mine")
    assert maillage.read(tmp_path / "mine").number_of_nodes() == g.number_of_nodes()


def test_territory_keys_are_matched_first(fabrique):
    """region:03 (Guyane) carries insee '03', also département 03's code: its key decides."""
    g = maillage.Graph.from_frames(fabrique.nodes_frame(), fabrique.edges_frame(), relations=fabrique.relations,
                                   resolve_territories=True)
    frame = g.nodes_frame()
    assert frame.loc["region:03", "official_key"] == "region:03"
    official = frame["official_key"].dropna()
    keyed = official[official.index.str.match(r"^(commune|epci|ept|departement|region):")]
    assert (keyed.index == keyed.to_numpy()).all()


# --------------------------------------------------------------------------- NetworkX

def test_networkx_round_trip_is_exact(fabrique, typed):
    for g in (fabrique, typed):
        H = maillage.to_networkx(g)
        assert H.graph["maillage"]["relations"] == g.relations
        assert_same_graph(g, maillage.from_networkx(H))


# --------------------------------------------------------------------------- GEXF

def _xmllint(path: Path) -> None:
    if shutil.which("xmllint") is None or not GEXF_XSD.is_file():
        pytest.skip("xmllint or the GEXF schema is not available")
    result = subprocess.run(["xmllint", "--noout", "--schema", str(GEXF_XSD), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_gexf_round_trip_of_fabrique(fabrique, tmp_path):
    path = tmp_path / "fabrique.gexf"
    fabrique.write(path)
    _xmllint(path)
    back = maillage.read(path)
    # Documented loss: GEXF holds no graph-level data, so the metadata is not kept.
    assert back.metadata == {}
    assert_same_graph(fabrique, back, metadata=False, column_order=False)


def test_gexf_round_trip_names_its_losses(typed, tmp_path):
    path = tmp_path / "typed.gexf"
    typed.write(path)
    _xmllint(path)
    # Loss: the ladder. Scale ids are written, and read on the French ladder: a custom ladder's
    # ids are refused, by name.
    with pytest.raises(maillage.InvalidInput, match=r"typed\.gexf: node 'v:a': unknown scale 'vallee'"):
        maillage.read(path)
    typed = maillage.Graph.from_frames(typed.nodes_frame().drop(columns="scale"), typed.edges_frame(),
                                       relations=typed.relations, metadata=typed.metadata)
    typed.write(path)
    back = maillage.read(path, format="gexf")
    a, b = typed.nodes_frame(), back.nodes_frame()
    # Losses: categories → text, a date column other than start/end → text "YYYY-MM-DD", nullable
    # dtypes without missing values come back plain, the custom ladder is not written (scale ids
    # stay), metadata is not written.
    assert b.loc["v:c", "niveau"] == "haut" and b.loc["v:a", "day"] == "2024-02-29"
    assert b["tags"].tolist() == a["tags"].tolist()
    assert b["n"].tolist()[0] == 1 and pd.isna(b["n"].tolist()[1])
    assert b["code"].tolist()[:2] == ["01001", "2A004"]
    # (the datetime64 unit is one of the pandas-only distinctions GEXF does not keep)
    columns = ["source", "target", "relation", "weight", "start", "end"]
    ours, theirs = typed.edges_frame()[columns], back.edges_frame()[columns]
    for c in ("start", "end"):
        ours[c], theirs[c] = ours[c].astype("datetime64[ns]"), theirs[c].astype("datetime64[ns]")
    pd.testing.assert_frame_equal(ours, theirs)
    assert back.relations["produces"]["directed"] is True


def _compare_with_networkx_gexf(path: Path) -> None:
    H = nx.read_gexf(path)
    g = maillage.read(path)
    assert sorted(g.nodes) == sorted(str(n) for n in H.nodes)
    frame = g.nodes_frame()
    for node, data in H.nodes(data=True):
        for name, value in data.items():
            if name == "viz":
                for part, inner in value.items():
                    if part == "position":
                        for axis in ("x", "y"):
                            assert frame.loc[node, f"viz_{axis}"] == pytest.approx(inner[axis])
                    elif part == "size":
                        assert frame.loc[node, "viz_size"] == pytest.approx(inner)
                    elif part == "color":
                        assert frame.loc[node, "viz_color"] == "#{:02x}{:02x}{:02x}".format(inner["r"], inner["g"], inner["b"])
                continue
            column = {"label": "label"}.get(name, name)
            ours = frame.loc[node, column]
            if isinstance(value, float):
                assert ours == pytest.approx(value)
            else:
                assert ours == value, (node, name)
    edges = g.edges_frame()
    ours = sorted(zip(edges["source"], edges["target"]))
    theirs = sorted((str(u), str(v)) for u, v in H.edges())
    if not H.is_directed():
        ours = sorted(tuple(sorted(p)) for p in ours)
        theirs = sorted(tuple(sorted(p)) for p in theirs)
    assert ours == theirs
    if "weight" in edges:
        weights = sorted(w for w in edges["weight"].fillna(1.0))
        assert weights == pytest.approx(sorted(d.get("weight", 1.0) for _, _, d in H.edges(data=True)))


@pytest.mark.parametrize("name", ["basic.gexf", "data.gexf", "zeroweight.gexf"])
def test_gephi_gexf_samples_read_as_networkx_reads_them(name):
    _compare_with_networkx_gexf(GEPHI / name)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_gephi_gexf_1_3_sample_read_as_elementtree_reads_it():
    """Les Misérables in GEXF 1.3 (which NetworkX does not read): the oracle is the XML itself."""
    import xml.etree.ElementTree as ET

    path = GEPHI / "Les-Miserables.gexf"
    root = ET.parse(path).getroot()
    g = maillage.read(path)
    frame = g.nodes_frame()
    titles = {a.get("id"): (a.get("title"), a.get("type")) for a in root.iter() if _local(a.tag) == "attribute"}
    nodes = [e for e in root.iter() if _local(e.tag) == "node"]
    edges = [e for e in root.iter() if _local(e.tag) == "edge"]
    assert g.number_of_nodes() == len(nodes) == 77 and g.number_of_edges() == len(edges)
    for node in nodes:
        key = node.get("id")
        assert frame.loc[key, "label"] == node.get("label")
        for child in node:
            name = _local(child.tag)
            if name == "position":
                assert frame.loc[key, "viz_x"] == float(child.get("x")) and frame.loc[key, "viz_y"] == float(child.get("y"))
            elif name == "size":
                assert frame.loc[key, "viz_size"] == float(child.get("value"))
            elif name == "color":
                assert frame.loc[key, "viz_color"] == "#{:02x}{:02x}{:02x}".format(*(int(child.get(c)) for c in "rgb"))
            elif name == "attvalues":
                for value in child:
                    title, kind = titles[value.get("for")]
                    expected = int(value.get("value")) if kind == "integer" else value.get("value")
                    assert frame.loc[key, title] == expected
    weights = sorted(float(e.get("weight", "-1")) for e in edges)
    assert sorted(g.edges_frame()["weight"].fillna(-1)) == weights


def test_networkx_written_gexf_reads_the_same(tmp_path):
    G = nx.gnm_random_graph(30, 60, seed=3, directed=True)
    rng = np.random.default_rng(3)
    for v in G.nodes:
        G.nodes[v]["score"] = float(rng.random())
        G.nodes[v]["rank"] = int(v) * 7
        G.nodes[v]["group"] = "ab"[v % 2]
        G.nodes[v]["flag"] = bool(v % 3)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.integers(1, 5))
    path = tmp_path / "nx.gexf"
    nx.write_gexf(G, path)
    _compare_with_networkx_gexf(path)
    g = maillage.read(path)
    assert str(g.nodes_frame()["rank"].dtype) == "int64" and str(g.nodes_frame()["flag"].dtype) == "bool"


def test_dynamic_gexf_keeps_intervals():
    g = maillage.read(GEPHI / "dynamicedgeweight.gexf")
    assert g.number_of_nodes() == 2 and g.number_of_edges() >= 1


# --------------------------------------------------------------------------- GraphML

def test_graphml_round_trip_of_fabrique(fabrique, tmp_path):
    path = tmp_path / "fabrique.graphml"
    fabrique.write(path)
    assert_same_graph(fabrique, maillage.read(path))


def test_graphml_round_trip_names_its_losses(typed, tmp_path):
    path = tmp_path / "typed.graphml"
    typed.write(path)
    back = maillage.read(path)
    a, b = typed.nodes_frame(), back.nodes_frame()
    # Categories keep their order (maillage.categories on the key). Loss: the pandas-only
    # distinctions (nullable dtypes without missing values, datetime unit, "string" dtype) come
    # back as the defaults.
    assert list(b["niveau"].cat.categories) == ["haut", "bas", "jamais"] and b["niveau"].cat.ordered
    assert str(b["m"].dtype) == "int64" and str(b["n"].dtype) == "Int64"
    for column in ("label", "x", "code", "tags"):
        assert b[column].tolist() == pytest.approx(a[column].tolist(), nan_ok=True) if column == "x" else \
            b[column].tolist() == a[column].tolist()
    assert back.relations == typed.relations and back.scales == typed.scales and back.metadata == typed.metadata


def _compare_with_networkx_graphml(path: Path) -> None:
    H = nx.read_graphml(path)
    g = maillage.read(path)
    assert sorted(g.nodes) == sorted(str(n) for n in H.nodes)
    frame = g.nodes_frame()
    for node, data in H.nodes(data=True):
        for name, value in data.items():
            assert frame.loc[node, name] == (pytest.approx(value) if isinstance(value, float) else value)
    ours = sorted(zip(g.edges_frame()["source"], g.edges_frame()["target"]))
    theirs = sorted((str(u), str(v)) for u, v in H.edges())
    if not H.is_directed():
        ours = sorted(tuple(sorted(p)) for p in ours)
        theirs = sorted(tuple(sorted(p)) for p in theirs)
    assert ours == theirs


def test_graphml_keys_inside_the_graph():
    """cdata.graphml declares its keys inside <graph>, one id for nodes and edges, values in CDATA
    (NetworkX and igraph refuse or skip them); the oracle is the XML itself."""
    import xml.etree.ElementTree as ET

    path = GEPHI / "cdata.graphml"
    root = ET.parse(path).getroot()
    g = maillage.read(path)
    nodes = [e for e in root.iter() if _local(e.tag) == "node"]
    edges = [e for e in root.iter() if _local(e.tag) == "edge"]
    assert g.nodes == [n.get("id") for n in nodes]
    assert g.nodes_frame()["label"].tolist() == [n.find("{*}data").text for n in nodes] == ["foo", "bar"]
    assert g.edges_frame()["label"].tolist() == [e.find("{*}data").text for e in edges] == ["foobar"]


@pytest.mark.parametrize("name", ["football.graphml", "withdesc.graphml"])
def test_gephi_graphml_samples_read_as_networkx_reads_them(name):
    _compare_with_networkx_graphml(GEPHI / name)
    if name == "football.graphml":
        g = maillage.read(GEPHI / name)
        assert g.metadata["dl"] == pytest.approx(1850.2102335828238)


def test_networkx_and_igraph_written_graphml_read_the_same(tmp_path):
    igraph = pytest.importorskip("igraph")
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight=2.0, label="x")
    G.add_edge("a", "b", weight=3.0, label="y")
    G.add_edge("b", "c", weight=1.0, label="z")
    G.nodes["a"]["population"] = 12
    G.nodes["b"]["population"] = 7
    G.nodes["c"]["population"] = 3
    G.nodes["a"]["name_fr"] = "Annecy"
    path = tmp_path / "nx.graphml"
    nx.write_graphml(G, path)
    _compare_with_networkx_graphml(path)
    g = maillage.read(path)
    assert g.number_of_edges() == 3
    assert sorted(g.edges_frame()["weight"]) == [1.0, 2.0, 3.0]
    # igraph's own writer (names in a `name` key, node ids n0, n1, …).
    ig = igraph.Graph(directed=False)
    ig.add_vertices(4)
    ig.vs["name"] = ["w", "x", "y", "z"]
    ig.vs["size"] = [1.5, 2.5, 3.5, 4.5]
    ig.add_edges([(0, 1), (1, 2), (2, 3), (0, 1)])
    ig.es["weight"] = [1.0, 2.0, 3.0, 4.0]
    path = tmp_path / "ig.graphml"
    ig.write_graphml(str(path))
    g = maillage.read(path)
    back = igraph.Graph.Read_GraphML(str(path))
    assert g.number_of_nodes() == back.vcount() and g.number_of_edges() == back.ecount()
    frame = g.nodes_frame()
    assert frame["name"].tolist() == back.vs["name"] and frame["size"].tolist() == back.vs["size"]
    assert g.edges_frame()["weight"].tolist() == back.es["weight"]
    assert g.relations["cooperates_with"]["directed"] is False


# --------------------------------------------------------------------------- entry point and errors

def test_read_chooses_the_format_and_names_what_it_cannot(tmp_path, typed):
    with pytest.raises(maillage.NotFound, match="absent.gexf"):
        maillage.read(tmp_path / "absent.gexf")
    (tmp_path / "x.bin").write_bytes(b"\0")
    with pytest.raises(maillage.InvalidInput, match="cannot tell the format"):
        maillage.read(tmp_path / "x.bin")
    with pytest.raises(maillage.InvalidInput, match="unknown format 'dot'"):
        maillage.read(tmp_path / "x.bin", format="dot")


MALFORMED = [
    ("truncated.gexf", '<?xml version="1.0"?>\n<gexf version="1.3">\n<graph>\n<nodes>', r"truncated\.gexf:4:7: malformed XML: Start-end tags mismatch"),
    ("dup.gexf", '<gexf version="1.3"><graph><nodes><node id="a"/><node id="a"/></nodes><edges/></graph></gexf>',
     r"dup\.gexf:1:49: gexf/graph/nodes/node\[2\]: duplicate node id 'a' \(first at .*dup\.gexf:1:35\)"),
    ("endpoint.graphml", '<graphml><graph edgedefault="directed"><node id="a"/><edge source="a" target="b"/></graph></graphml>',
     r"endpoint\.graphml:1:54: graphml/graph/edge: target 'b' is not a node id"),
    ("type.graphml", '<graphml><key id="k" for="node" attr.name="n" attr.type="int"/><graph edgedefault="directed">'
     '<node id="a"><data key="k">douze</data></node></graph></graphml>', r"type\.graphml:1:.*key 'n': 'douze' is not an integer"),
]


@pytest.mark.parametrize("name,text,pattern", MALFORMED)
def test_malformed_files_give_located_errors(tmp_path, name, text, pattern):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(maillage.InvalidInput, match=pattern):
        maillage.read(path)


def test_malformed_package_and_zip(tmp_path, typed):
    typed.write(tmp_path / "p")
    (tmp_path / "p" / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(maillage.InvalidInput, match=r"datapackage\.json:1:16: invalid JSON"):
        maillage.read(tmp_path / "p")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(maillage.InvalidInput, match=r"broken\.zip: not a zip file"):
        maillage.read(tmp_path / "broken.zip")
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(maillage.InvalidInput, match=r"empty\.zip: a zipped data package holds one datapackage\.json"):
        maillage.read(tmp_path / "empty.zip")


# --------------------------------------------------------------------------- igraph

def test_igraph_round_trip_is_exact(fabrique, typed):
    pytest.importorskip("igraph")
    for g in (fabrique, typed):
        G = maillage.to_igraph(g)
        assert G.vcount() == g.number_of_nodes() and G.ecount() == g.number_of_edges()
        assert G.vs["name"] == g.nodes
        assert_same_graph(g, maillage.from_igraph(G))


def test_igraph_keeps_keys_beside_a_name_column_and_every_metadata_entry():
    pytest.importorskip("igraph")
    nodes = pd.DataFrame({"key": ["0", "1", "2"], "kind": ["actor"] * 3, "name": ["aa", "bb", "cc"],
                          "name_": [1, 2, 3]})
    edges = pd.DataFrame({"source": ["0", "1"], "target": ["1", "2"], "relation": ["cooperates_with"] * 2})
    g = maillage.Graph.from_frames(nodes, edges, metadata={"maillage": "shadowed", "title": "t"})
    G = maillage.to_igraph(g)
    # igraph's vertex identity is the key; the column called "name" is under the first free name.
    assert G.vs["name"] == ["0", "1", "2"]
    assert G.vs["name__"] == ["aa", "bb", "cc"] and G.vs["name_"] == [1, 2, 3]
    assert G.vs.find(name="1").index == 1 and G["title"] == "t"
    back = maillage.from_igraph(G)
    assert back.nodes == ["0", "1", "2"]
    assert_same_graph(g, back)
    # An undirected edge from a later node to an earlier one keeps its direction of writing.
    h = maillage.Graph.from_frames(nodes, pd.DataFrame({"source": ["2"], "target": ["0"], "relation": ["cooperates_with"]}))
    assert maillage.from_igraph(maillage.to_igraph(h)).edges_frame()[["source", "target"]].values.tolist() == [["2", "0"]]


def test_from_a_plain_igraph_graph():
    igraph = pytest.importorskip("igraph")
    G = igraph.Graph.Famous("Zachary")
    G.vs["name"] = [f"v{i}" for i in range(G.vcount())]
    G.vs["club"] = ["a" if i % 2 else "b" for i in range(G.vcount())]
    G.es["weight"] = [float(i % 3 + 1) for i in range(G.ecount())]
    g = maillage.from_igraph(G)
    assert g.number_of_nodes() == 34 and g.number_of_edges() == 78
    assert g.relations["cooperates_with"]["directed"] is False
    frame = g.edges_frame()
    assert frame["weight"].tolist() == G.es["weight"]
    assert g.nodes_frame()["club"].tolist() == G.vs["club"]
    # Degrees agree with igraph's (an independent oracle of the edges kept).
    assert maillage.degree(g).tolist() == G.degree()


# --------------------------------------------------------------------------- Parquet

def test_parquet_round_trip_is_exact(fabrique, typed, tmp_path):
    pytest.importorskip("pyarrow")
    for name, g in (("fabrique", fabrique), ("typed", typed)):
        path = tmp_path / f"{name}.parquet"
        g.write(path)
        assert (path / "nodes.parquet").is_file() and (path / "edges.parquet").is_file()
        assert_same_graph(g, maillage.read(path))
    # Written again over itself: replaced whole.
    typed.write(tmp_path / "typed.parquet")
    assert_same_graph(typed, maillage.read(tmp_path / "typed.parquet"))


def test_parquet_edge_table_alone_and_errors(tmp_path):
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, 2.5]})
    frame.to_parquet(tmp_path / "edges.parquet")
    g = maillage.read(tmp_path / "edges.parquet")
    assert g.nodes == ["a", "b", "c"] and g.edges_frame()["weight"].tolist() == [1.0, 2.5]
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 broken")
    with pytest.raises(maillage.InvalidInput, match=r"bad\.parquet: not a readable Parquet file"):
        maillage.read(tmp_path / "bad.parquet")


def test_arrow_backed_text_crosses_as_buffers_with_the_same_graph():
    """Text columns backed by Arrow (pandas' default ``str`` with pyarrow, what Parquet reads give)
    cross into the core as buffers; the graph equals the one built from the same values held as
    Python strings (slices, several chunks, missing values, non-ASCII and empty text included)."""
    pytest.importorskip("pyarrow")
    from maillage import _convert as cv

    nodes = pd.DataFrame({"key": ["a", "é", "c", "d", "e"], "kind": ["person", "organisation"] * 2 + ["person"],
                          "label": ["A", None, "", "Dé 😀", "E"], "n": [1, 2, 3, 4, 5]})
    edges = pd.DataFrame({"source": ["a", "é", "c", "d", "e", "a"], "target": ["é", "c", "a", "a", "d", "e"],
                          "relation": ["cooperates_with"] * 5 + ["funds"], "note": ["x", None, "ü", "", None, "long " * 50]})

    def as_text(frame: pd.DataFrame, storage: str) -> pd.DataFrame:
        dtype = pd.StringDtype(storage, na_value=np.nan)
        return frame.astype({c: dtype for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])})

    for take in (slice(None), slice(1, None)):
        e_py, e_arrow = as_text(edges, "python").iloc[take], as_text(edges, "pyarrow").iloc[take]
        if take == slice(None):  # two chunks
            e_arrow = pd.concat([e_arrow.iloc[:2], e_arrow.iloc[2:]])
            assert e_arrow["source"].array.__arrow_array__().num_chunks == 2
        n_py, n_arrow = as_text(nodes, "python"), as_text(nodes, "pyarrow")
        assert cv.packed_strings(e_arrow["note"]) is not None and cv.packed_strings(e_py["note"]) is None
        assert cv.packed_strings(e_arrow["note"]).valid is not None  # missing values kept as such
        ours = maillage.Graph.from_frames(n_arrow, e_arrow)
        reference = maillage.Graph.from_frames(n_py, e_py)
        assert_same_graph(reference, ours)
        assert ours.edges_frame()["note"].tolist()[-1] == "long " * 50
    # Endpoints that are not nodes, named by several edges: created once each, in first-seen order.
    loose = pd.DataFrame({"source": ["a", "x", "y", "x"], "target": ["x", "y", "a", "é"], "relation": ["cooperates_with"] * 4})
    ours = maillage.Graph.from_frames(as_text(nodes, "pyarrow"), as_text(loose, "pyarrow"), create_missing_nodes=True)
    reference = maillage.Graph.from_frames(as_text(nodes, "python"), as_text(loose, "python"), create_missing_nodes=True)
    assert_same_graph(reference, ours)
    assert list(ours.nodes_frame().index[-2:]) == ["x", "y"] and ours.number_of_nodes() == 7
    with pytest.raises(maillage.InvalidInput, match=r"edges 'target': missing value at row 1"):
        maillage._core.build_graph(
            [], [], [], cv.packed_strings(as_text(loose, "pyarrow")["source"]),
            cv.packed_strings(pd.Series(["a", None, "b", "c"], dtype=pd.StringDtype("pyarrow", na_value=np.nan))),
            [], [], [], None, {}, False, True, "node", None)
    packed = cv.packed_strings(pd.Series(["ab", "c"], dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    assert [packed[0], packed[1], len(packed)] == ["ab", "c", 2]
    bad = cv.Packed(np.array([0, 5, 2], dtype=np.int64), np.frombuffer(b"abc", dtype=np.uint8), None)
    with pytest.raises(maillage.InvalidInput, match="bad offsets at row 0"):
        maillage._core.build_graph(bad, [], [], [], [], [], [], [], None, {}, False, False, "node", None)


# --------------------------------------------------------------------------- Kumu

def test_kumu_export_of_a_map_reads_back(fabrique, tmp_path):
    picture = maillage.systemic.actor_map(fabrique)
    blueprint = picture.to_kumu()
    path = tmp_path / "carte.kumu"
    picture.write(path)
    g = maillage.read(path)
    assert g.number_of_nodes() == len(blueprint["elements"])
    assert g.number_of_edges() == len(blueprint["connections"])
    frame = g.nodes_frame()
    for element in blueprint["elements"]:
        assert frame.loc[element["id"], "label"] == element["label"]
        assert g.nodes_frame().loc[element["id"], "kind"] == (element.get("Kind") or "node")
    edges = g.edges_frame()
    assert sorted(zip(edges["source"], edges["target"], edges["relation"])) == sorted(
        (c["from"], c["to"], c["type"]) for c in blueprint["connections"])


def test_kumu_blueprint_with_nested_attributes(tmp_path):
    blueprint = {
        "elements": [
            {"_id": "elem-1", "attributes": {"label": "Mairie", "element type": "Organisation", "tags": ["élu·es"], "budget": 1.5}},
            {"_id": "elem-2", "attributes": {"label": "Agence", "element type": "Organisation"}},
            {"_id": "elem-3", "attributes": {"label": "Agence"}},
        ],
        "connections": [
            {"_id": "c1", "from": "elem-1", "to": "elem-2", "attributes": {"connection type": "finance", "direction": "directed"}},
            {"_id": "c2", "from": "elem-2", "to": "elem-1", "attributes": {"direction": "mutual", "strength": 3}},
        ],
    }
    path = tmp_path / "blueprint.json"
    path.write_text(json_dumps(blueprint), encoding="utf-8")
    g = maillage.read(path)
    assert g.nodes == ["elem-1", "elem-2", "elem-3"]
    frame = g.nodes_frame()
    assert frame.loc["elem-1", "tags"] == ["élu·es"] and frame.loc["elem-1", "budget"] == 1.5
    assert frame.loc["elem-1", "element type"] == "Organisation"
    assert g.relations["finance"] == {"directed": True, "category": "tie"}
    assert g.edges_frame()["relation"].tolist() == ["finance", "cooperates_with"]
    # A label shared by two elements cannot name an endpoint.
    blueprint["connections"].append({"from": "Agence", "to": "elem-1"})
    path.write_text(json_dumps(blueprint), encoding="utf-8")
    with pytest.raises(maillage.InvalidInput, match=r"connections\[2\]\.from: 'Agence' is the label of several elements"):
        maillage.read(path)
    path.write_text('{"elements": [\n  {"id": "a",}\n]}', encoding="utf-8")
    with pytest.raises(maillage.InvalidInput, match=r"blueprint\.json:2:14: invalid JSON"):
        maillage.read(path)


def json_dumps(data):
    import json

    return json.dumps(data, ensure_ascii=False)


def test_representation_gexf_types_its_measures(fabrique):
    """Tooltip fields of a map are typed attributes in its GEXF: numbers as long or double."""
    import xml.etree.ElementTree as ET

    picture = maillage.systemic.actor_map(fabrique)
    root = ET.fromstring(picture.to_gexf())
    declared = {a.get("id"): (a.get("title"), a.get("type")) for a in root.iter() if _local(a.tag) == "attribute"
                and a.get("id", "").startswith("f")}
    values: dict = {}
    for value in root.iter():
        if _local(value.tag) == "attvalue" and value.get("for") in declared:
            values.setdefault(value.get("for"), []).append(value.get("value"))

    def kind(texts):  # an independent classification of the values written
        def is_int(t):
            try:
                int(t)
            except ValueError:
                return False
            return not (len(t.lstrip("-")) > 1 and t.lstrip("-")[0] == "0")

        def is_float(t):
            try:
                return math.isfinite(float(t)) and not (len(t.lstrip("-")) > 1 and t.lstrip("-")[0] == "0" and t.lstrip("-")[1].isdigit())
            except ValueError:
                return False

        if all(t in ("true", "false") for t in texts):
            return "boolean"
        if all(is_int(t) for t in texts):
            return "long"
        if all(is_float(t) for t in texts):
            return "double"
        return "string"

    assert declared
    for field, (title, type_) in declared.items():
        if field in values:
            assert type_ == kind(values[field]), title
    assert any(type_ in ("long", "double") for _, type_ in declared.values())


# --------------------------------------------------------------------------- the official territories

@pytest.fixture(scope="module")
def territories() -> maillage.Graph:
    return maillage.datasets.france_territories()


@pytest.mark.parametrize("where", ["pkg", "t.zip", "t.graphml", "t.parquet", "t.gexf"])
def test_official_territories_round_trip(territories, tmp_path, where):
    if where.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    path = tmp_path / where
    territories.write(path)
    back = maillage.read(path)
    if where.endswith(".gexf"):
        # Documented losses: GEXF holds no metadata, and categories come back as text.
        assert back.metadata == {}
        ours, theirs = territories.nodes_frame(), back.nodes_frame()[list(territories.nodes_frame().columns)]
        categorical = [c for c in ours.columns if str(ours[c].dtype) == "category" and c != "scale"]
        assert "type" in categorical and all(str(theirs[c].dtype) != "category" for c in categorical)
        pd.testing.assert_frame_equal(ours.astype({c: theirs[c].dtype for c in categorical}), theirs)
        pd.testing.assert_frame_equal(territories.edges_frame(), back.edges_frame()[list(territories.edges_frame().columns)])
    else:
        assert_same_graph(territories, back)


def test_official_territories_through_networkx_and_igraph(territories):
    assert_same_graph(territories, maillage.from_networkx(maillage.to_networkx(territories)))
    pytest.importorskip("igraph")
    assert_same_graph(territories, maillage.from_igraph(maillage.to_igraph(territories)))


def test_networkx_edits_are_kept(typed):
    """Nodes, edges and attributes added in NetworkX come back, beside the recorded columns."""
    H = maillage.to_networkx(typed)
    H.add_node("v:d", kind="person", label="Nouvelle", mandat=2026)
    H.add_edge("v:d", "v:a", key=99, relation="cooperates_with", confiance=0.5)
    g = maillage.from_networkx(H)
    frame = g.nodes_frame()
    assert frame.loc["v:d", "label"] == "Nouvelle" and frame.loc["v:d", "mandat"] == 2026
    assert pd.isna(frame.loc["v:a", "mandat"]) and str(frame["n"].dtype) == "Int64"
    edges = g.edges_frame()
    assert edges["confiance"].tolist()[-1] == 0.5 and edges["source"].tolist()[-1] == "v:d"
