"""The actor map from interviews: the Sambuy-like example (about forty actors, 29 interviewees)
shows all four families of the "4 Fantastiques" with no label overlap, betweenness checked against
NetworkX, the table of who cites whom, the table forms, errors naming the row and the value, the
JSON round trip, GEXF (valid against the 1.3 schema), Kumu and the picture in a browser."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import maillage
from maillage import systemic
from test_three_horizons import check_gexf_schema, label_box, meet, probe

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "docs" / "gallery"


def sambuy():
    actors = pd.read_csv(GALLERY / "sambuy_acteurs.csv", sep=";", dtype=str)
    mentions = pd.read_csv(GALLERY / "sambuy_entretiens.csv", sep=";")
    return mentions, actors


def test_the_example_tables_are_what_the_script_writes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("sambuy_exemple", GALLERY / "sambuy_exemple.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    actors, mentions = module.texts()
    assert (GALLERY / "sambuy_acteurs.csv").read_text(encoding="utf-8") == actors
    assert (GALLERY / "sambuy_entretiens.csv").read_text(encoding="utf-8") == mentions


def test_sambuy_like_example_shows_the_four_families_without_overlap():
    mentions, actors = sambuy()
    assert 38 <= len(actors) <= 42
    assert mentions["interviewé"].nunique() == 29
    rep = systemic.actor_map_from_interviews(mentions, actors, title="Cartographie des acteurs")
    groups = {n["group"] for n in rep.nodes}
    assert {"elus", "agents", "etat", "socio_economique"} <= groups
    assert rep.metadata["interviewees"] == 29 and rep.metadata["actors"] == len(actors)
    shown = [n for n in rep.nodes if n["label_visible"]]
    assert len(shown) == len(actors)
    boxes = [label_box(n) for n in shown]
    legend_w = max(len(e["label"]) for e in rep.legend) * 5.8 + 34
    legend_h = 10 + 16 * len(rep.legend)
    legend = (rep.width - legend_w - 10, rep.height - legend_h - 10, legend_w, legend_h)
    for i, a in enumerate(boxes):
        assert not meet(a, legend)
        assert 0 <= a[0] and a[0] + a[2] <= rep.width and 0 <= a[1] and a[1] + a[3] <= rep.height
        for b in boxes[i + 1:]:
            assert not meet(a, b)
        for n in rep.nodes:
            assert not meet(a, (n["x"] - n["size"], n["y"] - n["size"], 2 * n["size"], 2 * n["size"]))
    assert rep.label_overlap()["overlapping_pairs"] == 0


def test_citations_and_betweenness_against_networkx():
    nx = pytest.importorskip("networkx")
    mentions, actors = sambuy()
    rep = systemic.actor_map_from_interviews(mentions, actors, most_cited=3, brokers=4)
    table = systemic.citation_table(rep)
    G = nx.Graph()
    G.add_nodes_from(actors["clé"])
    G.add_edges_from(zip(mentions["interviewé"], mentions["cité"]))
    expected = nx.betweenness_centrality(G, normalized=False)
    for key, row in table.iterrows():
        assert row["betweenness"] == pytest.approx(expected[key], abs=1e-9), key
    cited_by = mentions.groupby("cité")["interviewé"].apply(lambda s: sorted(set(s)))
    strength = mentions.groupby("cité")["intensité"].sum()
    for key, row in table.iterrows():
        assert sorted(row["cited_by"]) == cited_by.get(key, [])
        assert row["cited"] == len(cited_by.get(key, []))
        assert row["strength"] == pytest.approx(strength.get(key, 0))
    assert list(table["cited"]) == sorted(table["cited"], reverse=True)  # most cited first
    assert table["most_cited"].sum() == 3 and table["broker"].sum() == 4
    top = sorted(expected, key=lambda k: (-expected[k], k))[:4]
    assert set(table.index[table["broker"]]) == set(top)
    diamonds = {n["key"] for n in rep.nodes if n["shape"] == "diamond"}
    assert diamonds == set(top)
    edges = {(e["source"], e["target"]): e["weight"] for e in rep.edges}
    pairs = mentions.groupby(["interviewé", "cité"])["intensité"].sum()
    assert edges == pytest.approx({k: float(v) for k, v in pairs.items()})


@pytest.mark.parametrize("change, message", [
    (("mentions", 3, "cité", "inconnu"), "mentions: row 4: cited 'inconnu' is not among the actors"),
    (("mentions", 0, "interviewé", None), "mentions: row 1: no interviewee"),
    (("mentions", 5, "intensité", "-1"), "mentions: row 6: strength '-1' must be > 0"),
    (("mentions", 5, "intensité", "fort"), "mentions: row 6: strength: not a number: 'fort'"),
    (("actors", 2, "clé", "elu:maire"), "actors: row 3: duplicate actor 'elu:maire' (also row 1)"),
])
def test_errors_name_the_row_and_the_value(change, message):
    mentions, actors = sambuy()
    which, row, column, value = change
    frame = (mentions if which == "mentions" else actors).astype(object)
    frame.loc[row, column] = value
    if which == "mentions":
        mentions = frame
    else:
        actors = frame
    with pytest.raises(maillage.InvalidInput) as error:
        systemic.actor_map_from_interviews(mentions, actors)
    assert message in str(error.value)


def test_self_citation_and_missing_columns():
    actors = pd.DataFrame({"key": ["a", "b"], "family": ["élus", "agents"]})
    with pytest.raises(maillage.InvalidInput, match="row 1: 'a' cites themself"):
        systemic.actor_map_from_interviews(pd.DataFrame({"interviewee": ["a"], "cited": ["a"]}), actors)
    with pytest.raises(maillage.InvalidInput, match="no column for the cited"):
        systemic.actor_map_from_interviews(pd.DataFrame({"interviewee": ["a"]}), actors)
    rep = systemic.actor_map_from_interviews(pd.DataFrame({"interviewee": ["a"], "cited": ["b"]}), actors, lang="en")
    assert rep.legend[0]["label"] == "elected officials (1)"
    with pytest.raises(maillage.InvalidInput, match="citation_table expects"):
        systemic.citation_table(systemic.three_horizons(pd.DataFrame({"name": ["x"], "horizon": [1], "start": [2024]})))


def test_round_trip_gexf_and_kumu(tmp_path):
    mentions, actors = sambuy()
    rep = systemic.actor_map_from_interviews(mentions, actors)
    assert systemic.Representation.from_json(rep.to_json()).to_json() == rep.to_json()
    rep.write(tmp_path / "map.gexf")
    rep.write(tmp_path / "map.html")
    check_gexf_schema(tmp_path / "map.gexf")
    kumu = rep.to_kumu()
    assert len(kumu["elements"]) == len(actors) and len(kumu["connections"]) == len(rep.edges)
    assert {e["type"] for e in kumu["elements"]} >= {"élu·es", "agent·es", "État territorial",
                                                    "acteur·ices socio-économiques"}


def test_actor_map_from_interviews_in_chromium(browser, tmp_path):
    mentions, actors = sambuy()
    rep = systemic.actor_map_from_interviews(mentions, actors, title="Cartographie des acteurs (exemple illustratif)")
    out = probe(browser, tmp_path, rep, "interviews_sambuy")
    _, _, width, height = out["view"]
    assert len(out["labels"]) == len(actors)
    for i, a in enumerate(out["labels"]):
        assert 0 <= a[0] and a[0] + a[2] <= width and 0 <= a[1] and a[1] + a[3] <= height, a
        for b in out["labels"][i + 1:]:
            assert not meet(a, b), (a, b)
    for thing in out["labels"] + out["nodes"]:
        assert not meet(out["legend"], thing), thing
