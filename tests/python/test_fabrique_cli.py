"""`maillage summary` with no files runs on the fabrique-2024 dataset; its counts and components
are checked against the CSV files read with the csv module and a union-find written here."""

from __future__ import annotations

import collections
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import maillage

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "fabrique-2024"


def run(*args, cwd):
    env = dict(os.environ, MAILLAGE_FABRIQUE_2024_DIR=str(DATA))
    return subprocess.run([sys.executable, "-m", "maillage", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def expected():
    with open(DATA / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(DATA / "edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    parent = {row["key"]: row["key"] for row in nodes}

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for e in edges:
        a, b = find(e["source"]), find(e["target"])
        if a != b:
            parent[a] = b
    sizes = sorted(collections.Counter(find(row["key"]) for row in nodes).values(), reverse=True)
    return {
        "nodes": len(nodes),
        "edges": len(edges),
        "kinds": dict(collections.Counter(row["kind"] for row in nodes)),
        "relations": dict(collections.Counter(e["relation"] for e in edges)),
        "scales": {s: n for s, n in collections.Counter(row["scale"] for row in nodes).items()},
        "sizes": sizes,
    }


def test_summary_without_files_is_the_fabrique_dataset(tmp_path):
    result = run("summary", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    want = expected()
    assert data["nodes"] == want["nodes"] and data["edges"] == want["edges"]
    assert {r["kind"]: r["nodes"] for r in data["kinds"]} == want["kinds"]
    assert {r["relation"]: r["edges"] for r in data["relations"]} == want["relations"]
    produces = [r for r in data["relations"] if r["relation"] == "produces"]
    assert produces == [{"relation": "produces", "category": "tie", "directed": True, "edges": want["relations"]["produces"]}]
    assert {(r["scale"] or ""): r["nodes"] for r in data["scales"]} == want["scales"]
    assert data["components"]["sizes"] == want["sizes"]
    assert data["metadata"]["alliance_organisations"] == "465"


def test_summary_text_names_the_dataset(tmp_path):
    result = run("summary", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "summary of the fabrique-2024 dataset" in first
    want = expected()
    assert f"{want['nodes']} nodes, {want['edges']} edges" in result.stdout


def test_summary_reports_cooperation_across_scales(tmp_path):
    """The summary's inter-scale counts are the per-tie classification's (classify_edges) and the
    missing-link table's, counted here independently of the aggregate the command uses."""
    from maillage import interscale

    result = run("summary", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)["interscale"]
    g = maillage.datasets.fabrique_2024()
    classes = interscale.classify_edges(g)["vertical"]
    vertical, horizontal = int((classes == True).sum()), int((classes == False).sum())  # noqa: E712
    assert got["vertical"] == vertical and got["horizontal"] == horizontal
    assert got["unknown"] == int(classes.isna().sum()) and got["ties"] == len(classes)
    assert got["vertical_share"] == pytest.approx(vertical / (vertical + horizontal), rel=1e-12)
    missing = interscale.missing_vertical_links(g)
    assert got["missing_vertical_links"] == len(missing) > 0
    assert got["territories_missing_links"] == missing["territory"].nunique()
    text = run("summary", cwd=tmp_path).stdout
    assert "Cooperation across scales" in text
    assert f"{100 * got['vertical_share']:.1f} %" in text


def test_summary_tests_the_vertical_share_and_names_brokers(tmp_path):
    """The summary's null model is maillage.significance's (200 rewirings, seed 0), and its brokers
    have the most liaison roles in maillage.brokerage over the ties by resolved scale."""
    result = run("summary", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)["interscale"]
    g = maillage.datasets.fabrique_2024()
    r = maillage.significance(g, "vertical_share", samples=200, seed=0).iloc[0]
    null = got["vertical_share_rewired"]
    assert null["samples"] == 200
    assert null["mean"] == pytest.approx(r["mean"]) and null["z"] == pytest.approx(r["z"])
    assert null["p"] == pytest.approx(r["p"])
    roles = maillage.brokerage(g.view(relations="tie", directed=False), "scale", missing="drop", actor_scale="unique")
    best = roles["liaison"].max()
    assert got["brokers"][0]["liaison"] == best
    assert roles.loc[got["brokers"][0]["key"], "total"] == got["brokers"][0]["total"]
    assert [b["liaison"] for b in got["brokers"]] == sorted((b["liaison"] for b in got["brokers"]), reverse=True)
    text = run("summary", cwd=tmp_path).stdout
    assert "against chance" in text and "Brokers between scales" in text
    assert got["brokers"][0]["label"] in text
