"""The command line: `python -m maillage summary`, checked against pandas and NetworkX reading the CSVs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import maillage
from maillage import cli
from helpers import EXAMPLE_DIR

DIRECTED = {"part_of": True, "located_in": True, "member_of": True, "represents": True, "in_programme": True,
            "cooperates_with": False, "co_participates": False, "supports": True, "funds": True, "animates": True,
            "participates_in": True, "speaks_at": True, "links_to": True}
CATEGORY = {"part_of": "nesting", "located_in": "affiliation", "member_of": "affiliation",
            "represents": "affiliation", "in_programme": "affiliation"}


def _n(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "maillage", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def expected_summary(nodes_csv: Path, edges_csv: Path):
    """The summary computed with pandas and NetworkX only."""
    nodes = pd.read_csv(nodes_csv, dtype=str, keep_default_na=False)
    edges = pd.read_csv(edges_csv, dtype=str, keep_default_na=False)
    kinds = nodes["kind"].replace("", "node").value_counts()
    relations = edges["relation"].value_counts()
    scales = nodes["scale"].value_counts()
    G = nx.Graph()
    G.add_nodes_from(nodes["key"])
    G.add_edges_from(zip(edges["source"], edges["target"]))
    sizes = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    return {
        "nodes": len(nodes),
        "edges": len(edges),
        "kinds": {k: int(n) for k, n in kinds.items()},
        "relations": {r: int(n) for r, n in relations.items()},
        "scales": {("" if s == "" else s): int(n) for s, n in scales.items()},
        "sizes": sizes,
    }


def test_installed_example_is_the_repository_example():
    nodes, edges = maillage.datasets.example_paths()
    assert nodes.read_bytes() == (EXAMPLE_DIR / "nodes.csv").read_bytes()
    assert edges.read_bytes() == (EXAMPLE_DIR / "edges.csv").read_bytes()


def test_example_dataset_loads():
    g = maillage.datasets.example()
    nodes = pd.read_csv(EXAMPLE_DIR / "nodes.csv", dtype=str)
    edges = pd.read_csv(EXAMPLE_DIR / "edges.csv", dtype=str)
    assert g.nodes == nodes["key"].tolist()
    assert g.number_of_edges() == len(edges)
    assert g.edges_frame()["relation"].tolist() == edges["relation"].tolist()


def test_summary_text_on_the_example(tmp_path):
    result = run("summary", str(EXAMPLE_DIR / "nodes.csv"), str(EXAMPLE_DIR / "edges.csv"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    want = expected_summary(EXAMPLE_DIR / "nodes.csv", EXAMPLE_DIR / "edges.csv")
    sizes = want["sizes"]
    assert (f"{_n(want['nodes'], 'node')}, {_n(want['edges'], 'edge')}, {_n(len(sizes), 'connected component')} "
            f"(largest: {sizes[0]} nodes; isolated nodes: {sizes.count(1)})") in out
    section = out.split("Nodes by kind", 1)[1].split("Edges by relation", 1)[0]
    got_kinds = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\s+(\S+)\s+(\d+)\s*$", section, re.M)}
    assert got_kinds == want["kinds"]
    section = out.split("Edges by relation", 1)[1].split("Nodes by scale", 1)[0]
    rows = re.findall(r"^\s+(\S+)\s+(\S+)\s+(directed|undirected)\s+(\d+)\s*$", section, re.M)
    assert {r: int(n) for r, _, _, n in rows} == want["relations"]
    for relation, category, direction, _ in rows:
        assert (direction == "directed") == DIRECTED[relation]
        assert category == CATEGORY.get(relation, "tie")
    counts = [int(n) for _, _, _, n in rows]
    assert counts == sorted(counts, reverse=True)
    section = out.split("Nodes by scale", 1)[1].split("Component sizes", 1)[0]
    scale_rows = re.findall(r"^\s+(\S+)\s+.*?\s(\d+)\s*$", section, re.M)
    got_scales = {("" if s == "-" else s): int(n) for s, n in scale_rows}
    assert got_scales == want["scales"]
    assert ", ".join(map(str, sizes)) in out.split("Component sizes", 1)[1]


def test_summary_json_on_the_example(tmp_path):
    result = run("summary", str(EXAMPLE_DIR / "nodes.csv"), str(EXAMPLE_DIR / "edges.csv"), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    want = expected_summary(EXAMPLE_DIR / "nodes.csv", EXAMPLE_DIR / "edges.csv")
    assert data["nodes"] == want["nodes"] and data["edges"] == want["edges"]
    assert {r["kind"]: r["nodes"] for r in data["kinds"]} == want["kinds"]
    assert {r["relation"]: r["edges"] for r in data["relations"]} == want["relations"]
    for r in data["relations"]:
        assert r["directed"] == DIRECTED[r["relation"]]
        assert r["category"] == CATEGORY.get(r["relation"], "tie")
    assert {(r["scale"] or ""): r["nodes"] for r in data["scales"]} == want["scales"]
    ladder = maillage.Graph.from_frames(None, None).scales
    listed = [r["scale"] for r in data["scales"] if r["scale"]]
    assert listed == sorted(listed, key=ladder.index)  # ladder order, lowest first
    assert data["components"]["sizes"] == want["sizes"]
    assert data["components"]["count"] == len(want["sizes"])
    assert data["components"]["largest"] == want["sizes"][0]
    assert data["components"]["isolated"] == want["sizes"].count(1)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path):
    nodes = _write(tmp_path / "nodes.csv",
                   "key,kind,label,scale,insee\n"
                   "commune:01001,territory,L'Abergement-Clémenciat,commune,01001\n"
                   "commune:2A004,territory,Ajaccio,commune,2A004\n"
                   "departement:01,territory,Ain,departement,\n"
                   "person:alice,person,Alice,,\n"
                   "person:bob,person,Bob,,\n"
                   "org:x,organisation,\"X, Y et Z\",national,\n"
                   "lonely,,,,\n")
    edges = _write(tmp_path / "edges.csv",
                   "source,target,relation,weight,start,end\n"
                   "commune:01001,departement:01,part_of,1,,\n"
                   "person:alice,person:bob,cooperates_with,2,2021,2024\n"
                   "person:alice,org:x,member_of,1,,\n"
                   "person:bob,org:x,member_of,1,2020-01-01,\n")
    return nodes, edges


def test_summary_on_a_pair(pair, tmp_path):
    nodes, edges = pair
    result = run("summary", str(nodes), str(edges), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["nodes"] == 7 and data["edges"] == 4
    assert {r["kind"]: r["nodes"] for r in data["kinds"]} == {"territory": 3, "person": 2, "organisation": 1,
                                                              "node": 1}
    assert {r["relation"]: r["edges"] for r in data["relations"]} == {"part_of": 1, "cooperates_with": 1,
                                                                      "member_of": 2}
    assert data["components"]["sizes"] == [3, 2, 1, 1]
    assert data["components"]["isolated"] == 2
    want = expected_summary(nodes, edges)
    assert {(r["scale"] or ""): r["nodes"] for r in data["scales"]} == want["scales"]
    text = run("summary", str(nodes), str(edges), cwd=tmp_path)
    assert text.returncode == 0
    assert "7 nodes, 4 edges, 4 connected components (largest: 3 nodes; isolated nodes: 2)" in text.stdout
    assert str(nodes) in text.stdout and str(edges) in text.stdout


def test_semicolon_separator_and_edges_alone(tmp_path, capsys):
    edges = _write(tmp_path / "liens.csv", "source;target;relation\na;b;funds\nb;c;funds\nx;y;cooperates_with\n")
    assert cli.main(["summary", str(edges), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nodes"] == 5 and data["edges"] == 3
    assert data["components"]["sizes"] == [3, 2]
    assert {r["kind"]: r["nodes"] for r in data["kinds"]} == {"node": 5}


def test_csv_reader_keeps_codes_as_text(pair):
    nodes, edges = pair
    g = maillage.read_csv(nodes, edges, progress=False)
    nf = g.nodes_frame()
    assert nf.loc["commune:01001", "insee"] == "01001"
    assert nf.loc["commune:2A004", "insee"] == "2A004"
    assert nf.loc["org:x", "label"] == "X, Y et Z"
    assert nf.loc["lonely", "kind"] == "node"
    ef = g.edges_frame()
    assert ef["weight"].tolist() == [1.0, 2.0, 1.0, 1.0]
    assert ef.loc[1, "end"] == pd.Timestamp("2024-12-31")


def test_csv_reader_keeps_leading_zero_columns_as_text(tmp_path):
    nodes = _write(tmp_path / "n.csv", "key,dep,population\na,01,100\nb,74,200\n")
    edges = _write(tmp_path / "e.csv", "source,target\na,b\n")
    nf = maillage.read_csv(nodes, edges, progress=False).nodes_frame()
    assert nf["dep"].tolist() == ["01", "74"]
    assert nf["population"].tolist() == [100, 200]


def _fails(args, capsys):
    code = cli.main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("maillage: error: ")
    return err


def test_missing_file(tmp_path, capsys):
    missing = tmp_path / "absent.csv"
    err = _fails(["summary", str(missing)], capsys)
    assert str(missing) in err


def test_empty_file(pair, tmp_path, capsys):
    nodes, _ = pair
    empty = _write(tmp_path / "vide.csv", "")
    err = _fails(["summary", str(nodes), str(empty)], capsys)
    assert f"{empty}:1:1:" in err


def test_malformed_csv(pair, tmp_path, capsys):
    nodes, _ = pair
    broken = _write(tmp_path / "casse.csv", 'source,target\na,"b\n')
    err = _fails(["summary", str(nodes), str(broken)], capsys)
    assert f"{broken}:2:3: unterminated quote" in err


def test_error_in_the_edges_file_names_it(pair, tmp_path, capsys):
    nodes, _ = pair
    edges = _write(tmp_path / "bad_edges.csv", "source,target,relation\nperson:alice,person:bob,aime\n")
    err = _fails(["summary", str(nodes), str(edges)], capsys)
    assert f"{edges}:2:25: " in err and "'aime'" in err
    assert str(nodes) not in err
    edges = _write(tmp_path / "bad_end.csv", "source,target\nperson:alice,nobody\n")
    err = _fails(["summary", str(nodes), str(edges)], capsys)
    assert f"{edges}:2:14: " in err and "unknown target key 'nobody'" in err


def test_error_in_the_nodes_file_names_it(pair, tmp_path, capsys):
    _, edges = pair
    nodes = _write(tmp_path / "bad_nodes.csv", "key,kind,scale\nperson:alice,person,ville\n")
    err = _fails(["summary", str(nodes), str(edges)], capsys)
    assert f"{nodes}:2:21: " in err and "unknown scale 'ville'" in err
    assert str(edges) not in err


def test_subprocess_exit_code_on_error(tmp_path):
    result = run("summary", str(tmp_path / "nope.csv"), cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.csv" in result.stderr
    assert result.stdout == ""


def test_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main([])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert maillage.__version__ in capsys.readouterr().out
