"""The two loops (Berkana Institute) from a facilitator's table: the two curves' shape, items on
their loop by role in the model's order, the roles read in English or French, errors naming the row
and the value (and listing the vocabulary), the JSON round trip, GEXF, Kumu, and the picture in a
browser with a screenshot."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import maillage
from maillage import systemic
from test_three_horizons import check_gexf_schema, curve, height_at, label_box, labels_inside_and_apart, meet, probe

ROOT = Path(__file__).resolve().parents[2]


def table() -> pd.DataFrame:
    return pd.DataFrame({
        "nom": ["Fin du téléski", "Saisonniers", "Réemploi", "Collectif", "Incubateur", "Ateliers", "Voyage",
                "Article"],
        "boucle": ["ancien", "Ancien", "old", "nouveau", "new", "Nouveau", None, "nouvelle"],
        "rôle": ["accompagner la fin", "Hospicing", "composter", "nommer", "Relier", "nourishing", "Éclairer",
                 "illuminating"],
    })


def test_items_on_their_loop_in_the_models_order():
    rep = systemic.two_loops(table())
    old, new = curve(rep, "loop-curve", "old"), curve(rep, "loop-curve", "new")
    nodes = {n["key"]: n for n in rep.nodes}
    assert len(nodes) == 8
    for n in rep.nodes:
        assert n["y"] == pytest.approx(height_at(old if n["group"] == "old" else new, n["x"]), abs=0.5)
    roles = {k: n["role"] for k, n in nodes.items()}
    assert roles == {"Fin du téléski": "hospicing", "Saisonniers": "hospicing", "Réemploi": "composting",
                     "Collectif": "naming", "Incubateur": "connecting", "Ateliers": "nourishing",
                     "Voyage": "illuminating", "Article": "illuminating"}
    top = min(old, key=lambda p: p[1])
    assert nodes["Fin du téléski"]["x"] > top[0]  # hospicing: on the dominant system's decline
    assert nodes["Fin du téléski"]["x"] < nodes["Saisonniers"]["x"] < nodes["Réemploi"]["x"]  # table order, then composting
    xs = [nodes[k]["x"] for k in ("Collectif", "Incubateur", "Ateliers", "Voyage", "Article")]
    assert xs == sorted(xs)
    assert nodes["Collectif"]["tooltip"] == [["boucle", "système émergent (nouveau)"], ["rôle", "nommer"]]
    # The old loop rises then falls; the new one rises all along and crosses it.
    ys = [p[1] for p in old]
    peak = ys.index(min(ys))
    assert all(b < a for a, b in zip(ys[:peak + 1], ys[1:peak + 1]))
    assert all(b > a for a, b in zip(ys[peak:], ys[peak + 1:]))
    assert all(b[1] < a[1] for a, b in zip(new, new[1:]))
    below = [p[1] > height_at(old, p[0]) for p in new if p[0] <= old[-1][0]]
    assert below[0] and not below[-1]
    boxes = [label_box(n) for n in rep.nodes if n["label_visible"]]
    assert len(boxes) == 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not meet(a, b)
    english = systemic.two_loops(table(), lang="en")
    assert [e["label"] for e in english.legend] == ["dominant system (old)", "emerging system (new)"]
    assert {a["text"] for a in english.to_dict()["annotations"]} >= {"hospicing", "composting", "naming",
                                                                     "connecting", "nourishing", "illuminating"}


@pytest.mark.parametrize("change, message", [
    ({(2, "rôle"): "recycler"}, "two_loops: row 3 ('Réemploi'): role 'recycler' is not a role of the two loops: "
                                "hospicing/accompagner la fin, composting/composter (old system); naming/nommer, "
                                "connecting/relier, nourishing/nourrir, illuminating/éclairer (new system)"),
    ({(3, "boucle"): "ancien"}, "row 4 ('Collectif'): role 'nommer' (naming/nommer) belongs to the new system's loop, "
                                "not to the old one"),
    ({(0, "boucle"): "futur"}, "row 1 ('Fin du téléski'): loop 'futur' is not old/new (ancien/nouveau)"),
    ({(1, "rôle"): None}, "row 2 ('Saisonniers'): no role"),
    ({(4, "nom"): "Collectif"}, "row 5 ('Collectif'): duplicate item 'Collectif' (also row 4)"),
])
def test_errors_name_the_row_and_the_value(change, message):
    frame = table().astype(object)
    for (row, column), value in change.items():
        frame.loc[row, column] = value
    with pytest.raises(maillage.InvalidInput) as error:
        systemic.two_loops(frame)
    assert message in str(error.value)


def test_missing_columns_and_options():
    with pytest.raises(maillage.InvalidInput, match="no column for the role"):
        systemic.two_loops(table().drop(columns="rôle"))
    with pytest.raises(maillage.InvalidInput, match="lang must be"):
        systemic.two_loops(table(), lang="it")
    with pytest.raises(maillage.InvalidInput, match="expects a pandas DataFrame"):
        systemic.two_loops({"nom": ["a"]})
    loopless = systemic.two_loops(table().drop(columns="boucle"))  # the loop follows from the role
    assert {n["key"]: n["group"] for n in loopless.nodes}["Réemploi"] == "old"


def test_round_trip_gexf_and_kumu(tmp_path):
    rep = systemic.two_loops(table(), title="Deux boucles")
    assert systemic.Representation.from_json(rep.to_json()).to_json() == rep.to_json()
    rep.write(tmp_path / "loops.gexf")
    rep.write(tmp_path / "loops.html")
    root = ET.parse(tmp_path / "loops.gexf").getroot()
    ids = [n.get("id") for n in root.iterfind(".//{http://gexf.net/1.3}node")]
    assert sorted(ids) == sorted(table()["nom"])
    check_gexf_schema(tmp_path / "loops.gexf")
    kumu = rep.to_kumu()
    assert {e["id"]: e["Role"] for e in kumu["elements"]}["Voyage"] == "illuminating"
    assert {e["id"]: e["type"] for e in kumu["elements"]}["Réemploi"] == "système dominant (ancien)"


def test_two_loops_in_chromium(browser, tmp_path):
    frame = pd.read_csv(ROOT / "docs" / "gallery" / "deux_boucles_exemple.csv", sep=";", dtype=str)
    rep = systemic.two_loops(frame, title="Deux boucles : La Sambuy (exemple illustratif)")
    out = probe(browser, tmp_path, rep, "two_loops")
    texts = labels_inside_and_apart(out, len(frame))
    for thing in texts + out["nodes"]:
        assert not meet(out["legend"], thing), thing
