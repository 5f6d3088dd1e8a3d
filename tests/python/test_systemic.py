"""Systemic representations: builders on fabrique-2024, every writer parsed by a real parser,
GEXF validated against the GEXF 1.3 schema, DOT read by Graphviz, determinism, JSON round trip,
label overlaps."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import systemic

SVG = "{http://www.w3.org/2000/svg}"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
# The GEXF 1.3 schema (CC BY 4.0) is not vendored: $MAILLAGE_GEXF_SCHEMA_DIR, else the shared
# specs folder beside the checkout (../shared/specs/gexf-1.3), else /work/shared/specs/gexf-1.3.
SPECS = next(
    (p for p in (
        Path(os.environ["MAILLAGE_GEXF_SCHEMA_DIR"]) if os.environ.get("MAILLAGE_GEXF_SCHEMA_DIR") else None,
        Path(__file__).resolve().parents[3] / "shared" / "specs" / "gexf-1.3",
        Path("/work/shared/specs/gexf-1.3"),
    ) if p is not None and (p / "gexf.xsd").is_file()),
    Path(__file__).resolve().parents[3] / "shared" / "specs" / "gexf-1.3",
)
COHORT = "programme:cohorte-occitanie"

#: Bound on the label overlap metric of the gallery maps (Σ pairwise label intersections / Σ label areas).
OVERLAP_BOUND = 0.01


@pytest.fixture(scope="module")
def g():
    return maillage.datasets.fabrique_2024()


@pytest.fixture(scope="module")
def cohort(g):
    return systemic.actor_map(g, focus=COHORT)


@pytest.fixture(scope="module")
def gallery(g):
    return {
        "actor": systemic.actor_map(g, focus=COHORT),
        "interscale": systemic.interscale_map(g, focus="programme:cohortes-regionales"),
        "ego": systemic.ego_map(g, "organisation:fabrique-des-transitions"),
        "programme": systemic.programme_map(g, "programme:faverges-seythenex"),
    }


def test_actor_map_of_a_cohort(g, cohort):
    keys = [n["key"] for n in cohort.nodes]
    assert COHORT in keys
    # radius 1: every node is the cohort or tied to it (any relation but part_of), oracle NetworkX
    nxg = nx.Graph()
    edges = g.edges_frame()
    edges = edges[edges["relation"] != "part_of"]
    nxg.add_edges_from(zip(edges["source"], edges["target"]))
    kinds = g.nodes_frame()["kind"]
    expected = {COHORT} | {k for k in nxg.neighbors(COHORT)
                           if kinds[k] in ("person", "organisation", "territory", "programme")}
    assert set(keys) == expected
    # sizes follow betweenness on the map's own graph
    betweenness = nx.betweenness_centrality(nx.Graph([(e["source"], e["target"]) for e in cohort.edges]))
    top = max(betweenness, key=betweenness.get)
    assert max(cohort.nodes, key=lambda n: n["size"])["key"] == top
    assert all(e["relation"] != "part_of" for e in cohort.edges)
    families = {n["group"] for n in cohort.nodes}
    assert families <= {grp["id"] for grp in cohort.groups}
    assert cohort.title == "Carte des acteur·ices — Cohorte Occitanie"


def test_json_round_trip_is_lossless(gallery):
    for rep in gallery.values():
        text = rep.to_json()
        back = systemic.Representation.from_json(text)
        assert back == rep
        assert back.to_json() == text
        assert back.to_dict() == json.loads(text)
    # edits survive the round trip, including non-ASCII and odd floats
    rep = gallery["actor"].copy()
    rep.nodes[0]["label"] = "Élu·e « test »\n2"
    rep.nodes[0]["x"] = 0.1 + 0.2
    rep.metadata["liste"] = [1, 2.5, None, "é"]
    back = systemic.Representation.from_json(rep.to_json())
    assert back.nodes[0]["label"] == "Élu·e « test »\n2"
    assert back.nodes[0]["x"] == 0.1 + 0.2
    assert back.metadata["liste"] == [1, 2.5, None, "é"]


def test_from_json_refuses_unknown_fields_and_types():
    with pytest.raises(maillage.InvalidInput, match="unknown field 'colr'"):
        systemic.Representation.from_json('{"nodes":[{"key":"a","colr":"#000"}]}')
    with pytest.raises(maillage.InvalidInput, match="json:1:"):
        systemic.Representation.from_json("{")
    with pytest.raises(maillage.InvalidInput, match="is not a node"):
        systemic.Representation({"edges": [{"source": "a", "target": "b"}]}).to_svg()


def _utf8_clean(message: str) -> bool:
    """The message is whole Unicode text: no lone surrogate (a byte smuggled through) and no
    replacement character (a byte lost)."""
    message.encode("utf-8")  # raises on a lone surrogate
    return "\ufffd" not in message


@pytest.mark.parametrize("text,pattern", [
    ("é", r"^json:1:1: syntax error while parsing value - invalid literal; last read: 'é'$"),
    ("[1, ü]", r"^json:1:5: .*last read: '1, ü'"),
    ('{"a": 😀}', r"^json:1:7: .*'\"a\": 😀'"),
    ('{"é":1,}', r"^json:1:8: syntax error while parsing object key"),        # columns in characters
    ('{"a":1,\n  "a":2}', r"^json:2:3: duplicate key 'a'$"),
    ('{"nodes":[{"key":"a","colr":"#000"}]}', r"^nodes\[0\]: unknown field 'colr'$"),
    ('{"width":"wide"}', r"^representation\.width: expected a number, got a string$"),
    ("[1,\n -1e999]", r"^json:2:2: number out of range$"),
    ("{} {}", r"^json:1:4: .*expected end of input"),
    ("[" * 600, r"nesting too deep"),
    ("\ud800", r"^json:1:1: lone surrogate U\+D800"),
    ('{"title": "a\udc80b"}', r"^json:1:13: lone surrogate U\+DC80"),
])
def test_from_json_errors_are_located(text, pattern):
    with pytest.raises(maillage.InvalidInput, match=pattern) as info:
        systemic.Representation.from_json(text)
    assert _utf8_clean(str(info.value))


@pytest.mark.parametrize("data,pattern", [
    (b'{"title": "caf\xe9"}', r"^json:1:15: invalid UTF-8 \(byte 0xE9\)$"),   # Latin-1, not UTF-8
    (b'{"title": "x"}\n\xff', r"^json:2:1: invalid UTF-8 \(byte 0xFF\)$"),
    (b'{"title": "\xc3("}', r"^json:1:12: invalid UTF-8 \(byte 0xC3\)$"),
    ('{"title": "É"}'.encode("utf-8") + b"\x80", r"^json:1:15: invalid UTF-8 \(byte 0x80\)$"),
])
def test_from_json_names_invalid_utf8(data, pattern):
    with pytest.raises(maillage.InvalidInput, match=pattern) as info:
        systemic.Representation.from_json(data)
    assert _utf8_clean(str(info.value))


def test_from_json_reads_files_and_names_them(tmp_path):
    rep = systemic.Representation({"title": "Carte « test »", "nodes": [{"key": "a"}, {"key": "b"}],
                                   "edges": [{"source": "a", "target": "b"}]})
    good = tmp_path / "carte.json"
    good.write_text(rep.to_json(), encoding="utf-8")
    back = systemic.Representation.from_json(good)
    assert back == rep and back.title == "Carte « test »"
    assert systemic.Representation.from_json(rep.to_json().encode("utf-8")) == rep
    cases = [
        (b'{"title": 1,\n"title": 2}', r"carte-1\.json:2:1: duplicate key 'title'$"),
        (b'{"nodes": [{"key": "a"}, {"key": "b", "colr": "#000"}]}', r"carte-2\.json: nodes\[1\]: unknown field 'colr'$"),
        (b'{"title": "\xff"}', r"carte-3\.json:1:12: invalid UTF-8 \(byte 0xFF\)$"),
        (b'{"edges": [{"source": "a", "target": "b"}]}', r"carte-4\.json: edge source 'a' is not a node$"),
        (b'{"title": "x"', r"carte-5\.json:1:14: .*unexpected end of input"),
    ]
    for i, (data, pattern) in enumerate(cases, 1):
        path = tmp_path / f"carte-{i}.json"
        path.write_bytes(data)
        with pytest.raises(maillage.InvalidInput, match=pattern):
            systemic.Representation.from_json(path)
    with pytest.raises(maillage.NotFound, match=r"absente\.json: no such file"):
        systemic.Representation.from_json(tmp_path / "absente.json")
    with pytest.raises(maillage.InvalidInput, match=r"a folder, not a file"):
        systemic.Representation.from_json(tmp_path)
    with pytest.raises(maillage.InvalidInput, match=r"from_json expects JSON text .* not int"):
        systemic.Representation.from_json(12)


def test_same_inputs_same_bytes(g):
    for build in (
        lambda s: systemic.actor_map(g, focus=COHORT, seed=s),
        lambda s: systemic.interscale_map(g, focus="programme:cohortes-regionales", seed=s),
        lambda s: systemic.ego_map(g, "organisation:fabrique-des-transitions", seed=s),
        lambda s: systemic.programme_map(g, "programme:faverges-seythenex", seed=s),
    ):
        a, b = build(3), build(3)
        for writer in ("to_json", "to_svg", "to_html", "to_gexf", "to_dot"):
            assert getattr(a, writer)() == getattr(b, writer)(), writer
        assert json.dumps(a.to_kumu()) == json.dumps(b.to_kumu())
    assert systemic.actor_map(g, focus=COHORT, seed=1).to_json() != systemic.actor_map(g, focus=COHORT, seed=2).to_json()


def test_svg_parses_and_holds_every_node(gallery):
    for rep in gallery.values():
        root = ET.fromstring(rep.to_svg().encode("utf-8"))
        assert root.tag == SVG + "svg"
        nodes = root.findall(f".//{SVG}g[@class='node']")
        assert [n.get("data-key") for n in nodes] == [n["key"] for n in rep.nodes]
        assert len(root.findall(f".//{SVG}line")) >= len(rep.edges)
        assert root.find(f"{SVG}title").text == rep.title
        texts = "".join(root.itertext())
        assert rep.title in texts
        for entry in rep.legend:
            assert entry["label"] in texts
        # no external reference
        assert not re.search(r'(href|src)="(?!#)', rep.to_svg())


def test_svg_labels_do_not_overlap(gallery):
    for name, rep in gallery.items():
        stats = rep.label_overlap()
        assert stats["overlap_ratio"] <= OVERLAP_BOUND, name
        assert stats["overlapping_pairs"] == 0, name
        assert stats["labels"] >= 0.8 * len(rep.nodes), (name, stats)


def test_place_labels_without_hiding_reports_overlaps(g):
    rep = systemic.actor_map(g)  # 289 nodes on one page: crowded
    shown = rep.place_labels(hide_overlapping=False)
    assert shown.label_overlap()["hidden"] == 0
    assert shown.label_overlap()["overlapping_pairs"] > 0
    assert rep.label_overlap()["overlapping_pairs"] == 0


def _strip_viz(path: Path, out: Path) -> None:
    ET.register_namespace("", "http://gexf.net/1.3")
    tree = ET.parse(path)
    for parent in tree.iter():
        for child in list(parent):
            if child.tag.startswith(VIZ):
                parent.remove(child)
    tree.write(out, encoding="utf-8", xml_declaration=True)


def test_gexf_is_valid_gexf_1_3(gallery, tmp_path):
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint (Debian libxml2-utils) is not installed")
    if not (SPECS / "gexf.xsd").is_file():
        pytest.skip(f"the GEXF 1.3 schema is not at {SPECS} (set MAILLAGE_GEXF_SCHEMA_DIR)")
    for name, rep in gallery.items():
        path = tmp_path / f"{name}.gexf"
        rep.write(path)
        root = ET.parse(path).getroot()
        nodes = root.findall(f".//{GEXF}node")
        assert [n.get("id") for n in nodes] == [n["key"] for n in rep.nodes]
        assert len(root.findall(f".//{GEXF}edge")) == len(rep.edges)
        # viz elements, checked here (the published schema declares them in the wrong namespace)
        for node, data in zip(nodes, rep.nodes):
            pos = node.find(VIZ + "position")
            assert float(pos.get("x")) == pytest.approx(data["x"], abs=0.01)
            assert float(pos.get("y")) == pytest.approx(rep.height - data["y"], abs=0.01)
            colour = node.find(VIZ + "color")
            assert "#%02X%02X%02X" % tuple(int(colour.get(c)) for c in "rgb") == data["colour"].upper()
            assert float(node.find(VIZ + "size").get("value")) == pytest.approx(data["size"], abs=1e-4)
            assert node.find(VIZ + "shape").get("value") in ("disc", "square", "triangle", "diamond")
        stripped = tmp_path / f"{name}.structure.gexf"
        _strip_viz(path, stripped)
        result = subprocess.run(["xmllint", "--noout", "--schema", str(SPECS / "gexf.xsd"), str(stripped)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_dot_is_read_by_graphviz(gallery):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (Debian graphviz) is not installed")
    for name, rep in gallery.items():
        result = subprocess.run(["dot", "-Tsvg"], input=rep.to_dot().encode("utf-8"), capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
        root = ET.fromstring(result.stdout)
        titles = [t.text for t in root.iter(SVG + "title")]
        for node in rep.nodes:
            assert node["key"] in titles, (name, node["key"])


def test_dot_ranks_scale_bands_and_keeps_positions(gallery):
    """Graphviz itself checks the DOT: laid out by ``dot`` (positions=False), the nodes of one
    scale share a rank and the ranks run top-down as the picture's bands do; with the picture's
    positions, ``neato -n2`` draws every node where the picture has it."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (Debian graphviz) is not installed")
    rep = gallery["interscale"]
    nodes = {n["key"]: n for n in rep.nodes}

    def centres(command, text):
        result = subprocess.run(command, input=text.encode("utf-8"), capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
        out = {}
        for group in ET.fromstring(result.stdout).iter(SVG + "g"):
            if group.get("class") != "node":
                continue
            key = group.find(SVG + "title").text
            mark = next(e for e in group.iter() if e.tag in (SVG + "ellipse", SVG + "polygon"))
            if mark.tag == SVG + "ellipse":
                out[key] = (float(mark.get("cx")), float(mark.get("cy")))
            else:
                pts = [tuple(map(float, p.split(","))) for p in mark.get("points").split()]
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                out[key] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)  # the node's box centre
        return out

    free = rep.to_dot(positions=False)
    assert "pos=" not in free
    laid = centres(["dot", "-Tsvg"], free)
    scales = {}
    for key, (x, y) in laid.items():
        if nodes[key]["scale"]:
            scales.setdefault(nodes[key]["scale"], set()).add(round(y, 1))
    assert len(scales) >= 3
    # One rank per scale (centres within 2 pt: a triangle's box is not centred on its node).
    assert all(max(ys) - min(ys) < 2 for ys in scales.values()), scales
    mean_y = {s: sum(n["y"] for n in rep.nodes if n["scale"] == s) / sum(n["scale"] == s for n in rep.nodes)
              for s in scales}
    picture_order = sorted(scales, key=mean_y.get)
    assert sorted(scales, key=lambda s: min(scales[s])) == picture_order  # top-down as on the picture
    pinned = centres(["neato", "-n2", "-Tsvg"], rep.to_dot())
    ref = next(iter(pinned))  # Graphviz translates the drawing: compare offsets from one node
    for key, (x, y) in pinned.items():  # and its SVG has y downwards, as the picture has
        assert x - pinned[ref][0] == pytest.approx((nodes[key]["x"] - nodes[ref]["x"]) * 0.75, abs=0.6)
        assert y - pinned[ref][1] == pytest.approx((nodes[key]["y"] - nodes[ref]["y"]) * 0.75, abs=0.6)


def test_kumu_blueprint(cohort):
    kumu = json.loads(json.dumps(cohort.to_kumu()))
    assert set(kumu) == {"elements", "connections", "fields"}
    ids = [e["id"] for e in kumu["elements"]]
    assert ids == [n["key"] for n in cohort.nodes]
    labels = {grp["id"]: grp["label"] for grp in cohort.groups}
    assert [e["type"] for e in kumu["elements"]] == [labels[n["group"]] for n in cohort.nodes]
    conn_ids = [c["id"] for c in kumu["connections"]]
    assert len(set(ids) | set(conn_ids)) == len(ids) + len(conn_ids)  # unique across both
    for c, e in zip(kumu["connections"], cohort.edges):
        assert (c["from"], c["to"], c["type"]) == (e["source"], e["target"], e["relation"])
        assert c["direction"] == ("directed" if e["directed"] else "undirected")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_html_is_self_contained(cohort):
    html = cohort.to_html()
    parser = _Collector()
    parser.feed(html)
    tags = parser.tags
    assert any(t == "input" and a.get("id") == "search" for t, a in tags)
    toggles = [a["data-group"] for t, a in tags if t == "input" and a.get("class") == "group-toggle"]
    assert toggles == [grp["id"] for grp in cohort.groups]
    nodes = [a["data-key"] for t, a in tags if t == "g" and a.get("class") == "node"]
    assert nodes == [n["key"] for n in cohort.nodes]
    assert not any(t in ("script", "link", "img") and (a.get("src") or a.get("href")) for t, a in tags)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert parser.scripts and "addEventListener" in parser.scripts[0]


def test_jupyter_reprs(cohort):
    assert cohort._repr_svg_() == cohort.to_svg()
    assert cohort._repr_html_().startswith("<svg")


def test_write_picks_the_format_from_the_suffix(cohort, tmp_path):
    for suffix in (".svg", ".html", ".gexf", ".dot", ".json"):
        path = cohort.write(tmp_path / f"map{suffix}")
        assert path.read_text(encoding="utf-8")
    kumu = cohort.write(tmp_path / "map.json", format="kumu")
    assert set(json.loads(kumu.read_text(encoding="utf-8"))) == {"elements", "connections", "fields"}
    with pytest.raises(maillage.InvalidInput, match="format"):
        cohort.write(tmp_path / "map.png")


def test_interscale_map_classifies_ties(g, gallery):
    """The map's classes are those of maillage.interscale.classify_edges (the oracle: resolved
    actor scales, ties only); other relations are affiliations; missing vertical links are the
    module's pairs with both ends on the map."""
    from maillage import interscale

    rep = gallery["interscale"]
    scale = g.nodes_frame()["scale"]
    classes = interscale.classify_edges(g)
    vertical_of = {}
    for row in classes.itertuples():
        vertical_of[(row.source, row.target, row.relation)] = row.vertical
        vertical_of[(row.target, row.source, row.relation)] = row.vertical
    counts = {"vertical": 0, "horizontal": 0, "unscaled": 0, "affiliations": 0, "missing": 0}
    on_map = {n["key"] for n in rep.nodes}
    for e in rep.edges:
        if e["kind"] == "missing":
            counts["missing"] += 1
            continue
        if e["relation"] == "part_of":
            assert e["kind"] == "guide"
            continue
        key = (e["source"], e["target"], e["relation"])
        if key not in vertical_of:
            expected, bucket = "affiliation", "affiliations"
        elif vertical_of[key] is pd.NA:
            expected = bucket = "unscaled"
        else:
            expected = bucket = "vertical" if vertical_of[key] else "horizontal"
        assert e["kind"] == expected, e
        counts[bucket] += 1
    for k, v in counts.items():
        assert rep.metadata[k] == v
    assert counts["vertical"] > 0 and counts["horizontal"] > 0
    missing = interscale.missing_vertical_links(g)
    expected_pairs = {(t, c) for t, c in zip(missing["territory"], missing["container"]) if t in on_map and c in on_map}
    assert {(e["source"], e["target"]) for e in rep.edges if e["kind"] == "missing"} == expected_pairs
    grand_est = maillage.systemic.interscale_map(g, focus="programme:cohorte-grand-est")
    dashed = {(e["source"], e["target"]) for e in grand_est.edges if e["kind"] == "missing"}
    assert ("petr:thur-doller", "territoire:collectivite-europeenne-d-alsace") in dashed
    assert all(e["style"] == "dashed" for e in grand_est.edges if e["kind"] == "missing")
    ladder = g.scales
    y = {n["key"]: n["y"] for n in rep.nodes}
    for e in rep.edges:
        if e["kind"] in ("vertical", "guide"):
            if pd.isna(scale[e["source"]]) or pd.isna(scale[e["target"]]):
                continue  # an actor with a resolved scale sits in the band of nodes without one
            ra, rb = ladder.index(scale[e["source"]]), ladder.index(scale[e["target"]])
            if ra != rb:
                assert (y[e["source"]] < y[e["target"]]) == (ra > rb)
    assert rep.bands


def test_ego_and_programme_maps(g, gallery):
    ego = gallery["ego"]
    centre = next(n for n in ego.nodes if n["key"] == "organisation:fabrique-des-transitions")
    radii = {round(np.hypot(n["x"] - centre["x"], n["y"] - centre["y"]), 1) for n in ego.nodes if n is not centre}
    assert len(radii) == 1  # one ring at radius 1
    prog = gallery["programme"]
    assert "programme:faverges-seythenex" in [n["key"] for n in prog.nodes]
    with pytest.raises(maillage.NotFound):
        systemic.ego_map(g, "nobody")
    with pytest.raises(maillage.InvalidInput, match="not a programme"):
        systemic.programme_map(g, "pays:FR")
    with pytest.raises(maillage.InvalidInput, match="size_by"):
        systemic.actor_map(g, size_by="colour")
    with pytest.raises(maillage.InvalidInput, match="seed"):
        systemic.actor_map(g, seed=-1)
    with pytest.raises(maillage.InvalidInput, match="Graph"):
        systemic.actor_map(g.view())


@pytest.mark.parametrize("layout", ["force", "kamada_kawai", "concentric", "sectors"])
def test_actor_map_layouts(g, layout):
    rep = systemic.actor_map(g, focus=COHORT, layout=layout)
    assert rep.metadata["options"]["layout"] == layout
    for n in rep.nodes:
        assert 0 <= n["x"] <= rep.width and 0 <= n["y"] <= rep.height
    assert rep.label_overlap()["overlapping_pairs"] == 0


def test_layout_of_a_graph_against_networkx_quality():
    nxg = nx.grid_2d_graph(6, 6)
    nxg = nx.convert_node_labels_to_integers(nxg)
    graph = maillage.from_networkx(nxg)
    pos = systemic.layout(graph, seed=1)
    assert list(pos.index) == [str(k) for k in nxg.nodes] or len(pos) == 36
    dist = dict(nx.all_pairs_shortest_path_length(nxg))
    keys = list(pos.index)
    xy = pos.to_numpy()
    hops, euclid = [], []
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            hops.append(dist[int(a)][int(keys[j])])
            euclid.append(np.hypot(*(xy[i] - xy[j])))
    ours = np.corrcoef(hops, euclid)[0, 1]
    reference = nx.spring_layout(nxg, seed=1)
    ref = np.corrcoef(hops, [np.hypot(*(reference[int(a)] - reference[int(b)]))
                              for i, a in enumerate(keys) for b in keys[i + 1:]])[0, 1]
    assert ours > 0.9
    assert ours >= ref - 0.05
    again = systemic.layout(graph, seed=1)
    assert again.equals(pos)
    kk = systemic.layout(graph, "kamada_kawai")
    assert kk.shape == (36, 2)


def test_charts_are_representations_too(tmp_path):
    # A 2 × 2 heat map with axes and annotations, as a mixing matrix would be drawn.
    cells = [(0, 0, 0.9), (0, 1, 0.1), (1, 0, 0.2), (1, 1, 0.8)]
    rep = systemic.Representation({
        "title": "Mélange des échelles",
        "rects": [{"x": 100 + 60 * j, "y": 100 + 60 * i, "width": 60, "height": 60, "fill": "#C0392B",
                   "opacity": v, "label": f"{v:.1f}"} for i, j, v in cells],
        "axes": [{"x1": 100, "y1": 230, "x2": 230, "y2": 230, "label": "cible",
                  "ticks": [[0.25, "commune"], [0.75, "région"]]}],
        "annotations": [{"x": 90, "y": 130, "text": "commune", "anchor": "end"}],
        "bands": [{"orientation": "vertical", "from": 100, "to": 160, "label": "", "colour": "#f0f0f0"}],
    })
    root = ET.fromstring(rep.to_svg().encode("utf-8"))
    rects = root.findall(f".//{SVG}g[@class='rects']/{SVG}rect")
    assert [r.find(SVG + "title").text for r in rects] == ["0.9", "0.1", "0.2", "0.8"]
    assert "région" in "".join(root.itertext())
    assert systemic.Representation.from_json(rep.to_json()) == rep
    if shutil.which("xmllint") and (SPECS / "gexf.xsd").is_file():
        path = tmp_path / "empty.gexf"
        rep.write(path)
        result = subprocess.run(["xmllint", "--noout", "--schema", str(SPECS / "gexf.xsd"), str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
