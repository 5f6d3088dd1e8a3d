"""docs/fabrique_2024_questions.py runs, and its answers agree with plain-Python counts over the
shipped CSV files (the oracle walks part_of edges itself, without maillage)."""

from __future__ import annotations

import collections
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

import maillage
from helpers import docs_script

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "fabrique-2024"
SCRIPT = REPO / "docs" / "fabrique_2024_questions.py"


@pytest.fixture(scope="module")
def questions():
    return docs_script("fabrique_2024_questions")


@pytest.fixture(scope="module")
def graph():
    saved = os.environ.get("MAILLAGE_FABRIQUE_2024_DIR")
    os.environ["MAILLAGE_FABRIQUE_2024_DIR"] = str(DATA)
    try:
        return maillage.datasets.fabrique_2024()
    finally:
        if saved is None:
            del os.environ["MAILLAGE_FABRIQUE_2024_DIR"]
        else:
            os.environ["MAILLAGE_FABRIQUE_2024_DIR"] = saved


@pytest.fixture(scope="module")
def tables():
    with open(DATA / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = {row["key"]: row for row in csv.DictReader(handle)}
    with open(DATA / "edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    return nodes, edges


def test_allies_in_several_programmes_match_the_edges(questions, graph, tables):
    nodes, edges = tables
    programmes = collections.defaultdict(set)
    for e in edges:
        if e["relation"] == "supports" and nodes[e["target"]]["kind"] == "territory":
            ally = nodes[e["source"]]["organisation"] or e["source"]
            programmes[ally].add(e["context"])
    expected = {ally for ally, p in programmes.items() if len(p) > 1}
    got = questions.allies_in_several_programmes(graph)
    assert set(got.index) == expected
    assert expected  # the answer is not empty: Terre de confiance works in two programmes
    for ally in expected:
        assert got.at[ally, "n_programmes"] == len(programmes[ally])


def test_regions_by_programmes_match_a_walk_up_part_of(questions, graph, tables):
    nodes, edges = tables
    parents = collections.defaultdict(set)
    for e in edges:
        if e["relation"] == "part_of":
            parents[e["source"]].add(e["target"])

    def regions(key):
        seen, todo = {key}, [key]
        while todo:
            for p in parents[todo.pop()]:
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return {k for k in seen if k.startswith("region:")}

    per_region = collections.defaultdict(set)
    for e in edges:
        if (e["relation"] == "participates_in" and nodes[e["source"]]["kind"] == "territory"
                and nodes[e["target"]]["kind"] == "programme"):
            for r in regions(e["source"]):
                per_region[r].add(e["target"])
    got = questions.regions_by_programmes(graph)
    assert dict(got["n_programmes"]) == {r: len(p) for r, p in per_region.items()}
    assert got["n_programmes"].is_monotonic_decreasing


def test_scale_table_counts_every_support_of_a_territory(questions, graph, tables):
    nodes, edges = tables
    expected = sum(1 for e in edges if e["relation"] == "supports" and nodes[e["target"]]["kind"] == "territory")
    assert int(questions.scale_of_support(graph).to_numpy().sum()) == expected


def test_the_script_runs(tmp_path):
    env = dict(os.environ, MAILLAGE_FABRIQUE_2024_DIR=str(DATA))
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1. Allies supporting territories in more than one programme" in result.stdout
    assert "Terre de confiance" in result.stdout


def test_the_data_card_counts_are_the_datas(tables):
    nodes, edges = tables
    text = (REPO / "docs" / "datasets.md").read_text(encoding="utf-8")
    card = text[text.index("## fabrique-2024"):]
    card = card[:card.index("\n## ", 5)] if "\n## " in card[5:] else card
    import re

    total = re.search(r"\*\*(\d+) nodes, (\d+) edges\*\*", card)
    assert (int(total.group(1)), int(total.group(2))) == (len(nodes), len(edges))
    kind_names = {"territory", "organisation", "person", "programme", "event", "resource"}
    relations = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `(\w+)` \| (\d+) \|", card, re.M)
                 if m.group(1) not in kind_names}
    assert relations == dict(collections.Counter(e["relation"] for e in edges))
    kinds = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `(\w+)` \| (\d+) \| [a-z]", card, re.M)
             if m.group(1) in kind_names}
    assert kinds == dict(collections.Counter(row["kind"] for row in nodes.values()))
