"""maillage.datasets.france_territories() against the official files it was generated from.

The oracle is Etalab's decoupage-administratif JSON (communes.json, epci.json, ept.json,
departements.json, regions.json), read here independently of maillage's generation script. The
folder is $MAILLAGE_DECOUPAGE_DIR, else ../shared/data/decoupage-administratif beside the
repository; the tests are skipped when it is absent.
"""

from __future__ import annotations

import collections
import json
import os
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import maillage
from maillage import territories

from helpers import REPO

SOURCE = Path(os.environ.get("MAILLAGE_DECOUPAGE_DIR", REPO.parent / "shared" / "data" / "decoupage-administratif"))
pytestmark = pytest.mark.skipif(
    not (SOURCE / "communes.json").is_file(), reason=f"official files not found in {SOURCE} (set MAILLAGE_DECOUPAGE_DIR)"
)
PREFIX = {
    "commune-actuelle": "commune",
    "commune-deleguee": "commune-deleguee",
    "commune-associee": "commune-associee",
    "arrondissement-municipal": "arrondissement",
}


def _load(name):
    with open(SOURCE / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def official():
    return {name: _load(name) for name in ("communes", "epci", "ept", "departements", "regions")}


@pytest.fixture(scope="module")
def graph():
    return maillage.datasets.france_territories()


@pytest.fixture(scope="module")
def nodes(graph):
    return graph.nodes_frame()


@pytest.fixture(scope="module")
def parents(graph):
    edges = graph.edges_frame()
    assert set(edges["relation"]) == {"part_of"}
    out = collections.defaultdict(set)
    for s, t in zip(edges["source"], edges["target"]):
        out[s].add(t)
    return out


def test_counts_by_type(official, nodes):
    expected = collections.Counter(PREFIX[c["type"]] for c in official["communes"])
    expected.update(
        epci=len(official["epci"]), ept=len(official["ept"]), departement=len(official["departements"]),
        region=len(official["regions"]), pays=1,
    )
    assert dict(nodes["type"].value_counts()) == dict(expected)
    assert expected["commune"] == 34969 and expected["commune-deleguee"] == 2105
    assert (nodes["kind"] == "territory").all()
    assert nodes.index.is_unique


def test_every_row_as_in_the_official_files(official, nodes):
    rows = {}
    for c in official["communes"]:
        rows[f"{PREFIX[c['type']]}:{c['code']}"] = (c["nom"], c["code"], c.get("siren"), c.get("population"), c["zone"],
                                                   c["departement"], c["region"])
    for e in official["epci"]:
        rows[f"epci:{e['code']}"] = (e["nom"], None, e["code"], None, None, None, None)
    for d in official["departements"]:
        rows[f"departement:{d['code']}"] = (d["nom"], d["code"], None, None, d["zone"], d["code"], d["region"])
    for r in official["regions"]:
        rows[f"region:{r['code']}"] = (r["nom"], r["code"], None, None, r["zone"], None, r["code"])
    for key, (label, insee, siren, population, zone, dep, reg) in rows.items():
        row = nodes.loc[key]
        assert row["label"] == label, key
        assert (None if pd.isna(row["insee"]) else row["insee"]) == insee, key
        assert (None if pd.isna(row["siren"]) else row["siren"]) == siren, key
        if population is not None:
            assert row["population"] == population, key
        if zone is not None:
            assert row["zone"] == zone, key
        if dep is not None:
            assert row["departement"] == dep, key
        if reg is not None:
            assert row["region"] == reg, key
    assert nodes.loc["epci:246200364", "nature"] == "CA"


def test_codes_stay_strings(nodes):
    for column in ("insee", "siren", "departement", "region"):
        values = nodes[column].dropna()
        assert all(isinstance(v, str) for v in values), column
    assert nodes.loc["commune:2A004", "insee"] == "2A004"
    assert nodes.loc["commune:01001", "insee"] == "01001"
    assert nodes.loc["commune:97305", "insee"] == "97305"
    assert nodes.loc["departement:987", "insee"] == "987"
    assert nodes.loc["commune:98711", "departement"] == "987"
    assert nodes.loc["commune:2A004", "departement"] == "2A"


def test_populations_add_up(official, nodes):
    current = [c for c in official["communes"] if c["type"] == "commune-actuelle"]
    by_dep = collections.defaultdict(list)
    for c in current:
        if "population" in c:
            by_dep[c["departement"]].append(c["population"])
    for d in official["departements"]:
        value = nodes.loc[f"departement:{d['code']}", "population"]
        if by_dep[d["code"]]:
            assert value == sum(by_dep[d["code"]]), d
        else:  # the uninhabited TAAF and Clipperton
            assert pd.isna(value) and d["code"] in ("984", "989"), d
    assert nodes.loc["pays:FR", "population"] == sum(c.get("population", 0) for c in current)
    for e in official["epci"]:
        members = {m["code"] for m in e["membres"]}
        expected = sum(c.get("population", 0) for c in current if c["code"] in members)
        assert nodes.loc[f"epci:{e['code']}", "population"] == expected


def test_part_of_edges_as_in_the_official_files(official, parents, graph):
    current = {c["code"]: c for c in official["communes"] if c["type"] == "commune-actuelle"}
    expected = collections.defaultdict(set)
    multi_dep = multi_region = 0
    for e in official["epci"]:
        deps = {current[m["code"]]["departement"] for m in e["membres"]}
        regs = {current[m["code"]]["region"] for m in e["membres"]}
        for m in e["membres"]:
            expected[f"commune:{m['code']}"].add(f"epci:{e['code']}")
        if len(deps) == 1:
            expected[f"epci:{e['code']}"].add(f"departement:{deps.pop()}")
        elif len(regs) == 1:
            multi_dep += 1
            expected[f"epci:{e['code']}"].add(f"region:{regs.pop()}")
        else:
            multi_dep += 1
            multi_region += 1
            expected[f"epci:{e['code']}"].add("pays:FR")
    assert multi_dep == 89 and multi_region == 26
    for t in official["ept"]:
        deps = {current[m["code"]]["departement"] for m in t["membres"]}
        regs = {current[m["code"]]["region"] for m in t["membres"]}
        for m in t["membres"]:
            expected[f"commune:{m['code']}"].add(f"ept:{t['code']}")
        expected[f"ept:{t['code']}"] |= {"epci:200054781",
                                         f"departement:{deps.pop()}" if len(deps) == 1 else f"region:{regs.pop()}"}
    for c in official["communes"]:
        key = f"{PREFIX[c['type']]}:{c['code']}"
        if c["type"] == "commune-actuelle":
            expected[key].add(f"departement:{c['departement']}")
        elif c["type"] == "arrondissement-municipal":
            expected[key].add(f"commune:{c['commune']}")
        else:
            expected[key].add(f"commune:{c['chefLieu']}")
    for d in official["departements"]:
        expected[f"departement:{d['code']}"].add(f"region:{d['region']}")
    for r in official["regions"]:
        expected[f"region:{r['code']}"].add("pays:FR")
    assert dict(parents) == dict(expected)
    assert graph.number_of_edges() == sum(len(v) for v in expected.values())


def test_every_current_commune_has_one_departement_and_one_region(official, graph, nodes):
    types = nodes["type"].to_dict()
    current = [c for c in official["communes"] if c["type"] == "commune-actuelle"]
    for c in current:
        up = graph.ancestors(f"commune:{c['code']}")
        deps = [a for a in up if types[a] == "departement"]
        regs = [a for a in up if types[a] == "region"]
        assert deps == [f"departement:{c['departement']}"], c["code"]
        assert regs == [f"region:{c['region']}"], c["code"]
        assert up[-1] == "pays:FR"


def test_every_commune_resolves_by_its_code_and_siren(official):
    current = [c for c in official["communes"] if c["type"] == "commune-actuelle"]
    codes = pd.Series([c["code"] for c in current])
    out = territories.resolve(codes)
    assert list(out["key"]) == [f"commune:{c['code']}" for c in current]
    assert (out["matched_by"] == "code").all()
    assert list(out["departement"]) == [f"departement:{c['departement']}" for c in current]
    with_siren = [c for c in current if "siren" in c]
    out = territories.resolve(pd.Series([c["siren"] for c in with_siren]))
    assert list(out["key"]) == [f"commune:{c['code']}" for c in with_siren]
    epci = _load("epci")
    out = territories.resolve([e["code"] for e in epci])
    assert list(out["key"]) == [f"epci:{e['code']}" for e in epci]


def _oracle_normalize(name: str) -> str:
    """Independent normalisation: NFD without combining marks, œ/æ/ß spelled out, lower case,
    every non-alphanumeric character a separator, st/ste read as saint/sainte."""
    text = name.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae").replace("ß", "ss")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text).split()
    saint = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
    return " ".join(saint.get(w, w) for w in words)


def test_normalisation_of_every_official_name(official):
    names = {c["nom"] for c in official["communes"]} | {e["nom"] for e in official["epci"]}
    names |= {d["nom"] for d in official["departements"]} | {r["nom"] for r in official["regions"]}
    for name in names:
        assert territories.normalize(name) == _oracle_normalize(name), name
    # Every name also resolves written in capitals without accents or hyphens.
    assert _oracle_normalize("L'Haÿ-les-Roses") == territories.normalize("L HAY LES ROSES")


def test_names_resolve_as_the_official_files_say(official):
    """Each current commune by its name alone: found when its normalised name is unique among the
    current communes and the other territories; ambiguous otherwise. With its département: found
    when unique among the territories lying in that département."""
    communes = official["communes"]
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    tier1 = collections.defaultdict(set)  # normalised name → keys (current communes and others)
    in_dep = collections.defaultdict(set)  # (normalised name, département) → keys
    members_deps = {}
    cur = {c["code"]: c for c in current}
    for c in communes:
        if c["type"] in ("commune-actuelle", "arrondissement-municipal"):
            key = f"{PREFIX[c['type']]}:{c['code']}"
            tier1[_oracle_normalize(c["nom"])].add(key)
            in_dep[_oracle_normalize(c["nom"]), c["departement"]].add(key)
    for e in official["epci"]:
        deps = {cur[m["code"]]["departement"] for m in e["membres"]}
        members_deps[e["code"]] = deps
        tier1[_oracle_normalize(e["nom"])].add(f"epci:{e['code']}")
        for d in deps:
            in_dep[_oracle_normalize(e["nom"]), d].add(f"epci:{e['code']}")
    for t in official["ept"]:
        deps = {cur[m["code"]]["departement"] for m in t["membres"]}
        tier1[_oracle_normalize(t["nom"])].add(f"ept:{t['code']}")
        for d in deps:
            in_dep[_oracle_normalize(t["nom"]), d].add(f"ept:{t['code']}")
    region_deps = collections.defaultdict(set)
    for d in official["departements"]:
        tier1[_oracle_normalize(d["nom"])].add(f"departement:{d['code']}")
        in_dep[_oracle_normalize(d["nom"]), d["code"]].add(f"departement:{d['code']}")
        region_deps[d["region"]].add(d["code"])
    for r in official["regions"]:
        tier1[_oracle_normalize(r["nom"])].add(f"region:{r['code']}")
        for d in region_deps[r["code"]]:
            in_dep[_oracle_normalize(r["nom"]), d].add(f"region:{r['code']}")

    names = pd.Series([c["nom"] for c in current])
    out = territories.resolve(names, errors="coerce")
    for c, key, error in zip(current, out["key"], out["error"]):
        expected = tier1[_oracle_normalize(c["nom"])]
        if len(expected) == 1:
            assert key == f"commune:{c['code']}", c
        else:
            assert pd.isna(key) and "matches" in error, c
            assert all(k in error for k in expected), c
    assert out["key"].notna().sum() > 25000

    deps = pd.Series([c["departement"] for c in current])
    out = territories.resolve(names, departement=deps, errors="coerce")
    for c, key in zip(current, out["key"]):
        expected = in_dep[_oracle_normalize(c["nom"]), c["departement"]]
        if len(expected) == 1:
            assert key == f"commune:{c['code']}", c
        else:
            assert pd.isna(key), c
    assert out["key"].notna().sum() > 34000


def test_delegated_and_associated_communes_resolve_when_nothing_else_matches(official):
    communes = official["communes"]
    tier1 = {_oracle_normalize(c["nom"]) for c in communes if c["type"] in ("commune-actuelle", "arrondissement-municipal")}
    tier1 |= {_oracle_normalize(e["nom"]) for e in official["epci"]}
    tier1 |= {_oracle_normalize(d["nom"]) for d in official["departements"]}
    tier1 |= {_oracle_normalize(r["nom"]) for r in official["regions"]}
    tier1 |= {_oracle_normalize(t["nom"]) for t in official["ept"]}
    secondary = collections.defaultdict(set)
    for c in communes:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            secondary[_oracle_normalize(c["nom"])].add(f"{PREFIX[c['type']]}:{c['code']}")
    alone = {name: keys for name, keys in secondary.items() if name not in tier1 and len(keys) == 1}
    assert len(alone) > 1000
    # EPCI aliases (name without legal form) never shadow a delegated commune: they come after it.
    out = territories.resolve(pd.Series(sorted(alone)), errors="coerce")
    for name, key in zip(sorted(alone), out["key"]):
        assert key == next(iter(alone[name])), name
    assert territories.resolve("Lomme").key == "commune-associee:59355"
    assert territories.resolve("Lomme").containers[0] == "commune:59350"


def test_the_committed_text_is_what_the_script_generates(tmp_path):
    import gzip
    import subprocess
    import sys

    script = REPO / "scripts" / "build_france_territories.py"
    subprocess.run([sys.executable, str(script), str(SOURCE), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    committed = REPO / "data" / "france-territories" / "territories.tsv.gz"
    # The text, not the gzip bytes: another zlib version may compress the same text differently.
    assert gzip.decompress((tmp_path / "territories.tsv.gz").read_bytes()) == gzip.decompress(committed.read_bytes())
