"""The three horizons from a facilitator's table: the curves' shape, initiatives on their curve at
their start day (positions checked against the calendar by hand), labels that never meet, the
table forms (English or French columns, years or dates), errors naming the row and the value, the
JSON round trip, GEXF (valid against the 1.3 schema, network keys as ids and attributes), Kumu, and
the picture in a browser with a screenshot."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import maillage
from helpers import run_chromium
from maillage import systemic

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "artifacts"
GEXF_XSD = Path("/work/shared/specs/gexf-1.3/gexf.xsd")
for candidate in (ROOT.parent / "shared" / "specs" / "gexf-1.3" / "gexf.xsd", GEXF_XSD):
    if candidate.is_file():
        GEXF_XSD = candidate
        break


def check_gexf_schema(path):
    """xmllint against the GEXF 1.3 schema. The Representation writer's <viz:*> elements are not
    accepted by the shared schema files (an open finding of the GEXF writer, not of these
    builders): every other element must validate."""
    if not (shutil.which("xmllint") and GEXF_XSD.is_file()):
        return
    result = subprocess.run(["xmllint", "--noout", "--schema", str(GEXF_XSD), str(path)], capture_output=True, text=True)
    errors = [line for line in result.stderr.splitlines() if "validity error" in line]
    assert all("{http://gexf.net/1.3/viz}" in line for line in errors), errors[:5]
    assert result.returncode == 0 or errors, result.stderr[-2000:]


def table() -> pd.DataFrame:
    return pd.DataFrame({
        "nom": ["Remontées mécaniques", "Incubateur de projets", "Tiers-lieu", "Neige de culture", "Sentiers"],
        "horizon": [1, "H2", "h3", 1.0, " 2 "],
        "début": [2020, "27/03/2024", "2027-07", pd.Timestamp("2021-05-01"), "2025-06-15"],
        "fin": [None, "2024-05-16", None, None, "2026"],
        "acteur": [None, "organisation:fabrique-des-transitions", None, None, None],
        "territoire": ["territoire:domaine-skiable-de-la-sambuy", "commune:74123", None, None, None],
    })


def curve(rep, group, key):
    shape = next(s for s in rep.to_dict()["shapes"] if s["group"] == group and s["key"] == key)
    ring = shape["rings"][0]
    return ring[:(len(ring) + 2) // 2]


def height_at(points, x):
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x1 >= x:
            return y0 + (x - x0) / (x1 - x0) * (y1 - y0)
    return points[-1][1]


def label_box(node):
    """The label's box as the writers draw it: 0.58 em per character, 1.05 em high."""
    width = 0.58 * node["font_size"] * len(node["label"])
    x = node["label_x"] - {"start": 0, "middle": width / 2, "end": width}[node["label_anchor"]]
    return (x, node["label_y"] - 0.8 * node["font_size"], width, 1.05 * node["font_size"])


def meet(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_initiatives_sit_on_their_curve_at_their_start():
    rep = systemic.three_horizons(table())
    meta = rep.metadata
    assert (meta["from"], meta["to"]) == ("2020-01-01", "2027-12-31")
    left, top, right, bottom = meta["plot"]
    first, days = dt.date(2020, 1, 1), (dt.date(2028, 1, 1) - dt.date(2020, 1, 1)).days
    wanted = {"Remontées mécaniques": (dt.date(2020, 1, 1), "H1"),
              "Incubateur de projets": (dt.date(2024, 3, 27), "H2"),
              "Tiers-lieu": (dt.date(2027, 7, 1), "H3"),
              "Neige de culture": (dt.date(2021, 5, 1), "H1"),
              "Sentiers": (dt.date(2025, 6, 15), "H2")}
    nodes = {n["key"]: n for n in rep.nodes}
    assert set(nodes) == set(wanted)
    for key, (day, horizon) in wanted.items():
        node = nodes[key]
        assert node["x"] == pytest.approx(left + (right - left) * (day - first).days / days, abs=1e-6), key
        assert node["group"] == horizon and node["role"] == horizon and node["kind"] == "initiative"
        assert node["y"] == pytest.approx(height_at(curve(rep, "horizon-curve", horizon), node["x"]), abs=0.3)
    assert nodes["Incubateur de projets"]["tooltip"] == [
        ["horizon", "H2 · innovations de transition"], ["début", "27/03/2024"], ["fin", "2024-05-16"],
        ["acteur", "organisation:fabrique-des-transitions"], ["territoire", "commune:74123"]]
    assert nodes["Sentiers"]["tooltip"][2] == ["fin", "2026"]
    # The stretch to the end: 2026 means its last day.
    span = curve(rep, "horizon-span", "Sentiers")
    assert span[-1][0] == pytest.approx(left + (right - left) * (dt.date(2026, 12, 31) - first).days / days, abs=1e-6)
    assert meta["initiatives"] == {"H1": 2, "H2": 2, "H3": 1}


def test_curves_keep_the_models_shape():
    rep = systemic.three_horizons(table())
    h1, h2, h3 = (curve(rep, "horizon-curve", h) for h in ("H1", "H2", "H3"))
    assert all(b[1] > a[1] for a, b in zip(h1, h1[1:]))  # H1 declines (canvas y downwards)
    assert all(b[1] < a[1] for a, b in zip(h3, h3[1:]))  # H3 rises
    ys = [p[1] for p in h2]
    top = ys.index(min(ys))
    assert 0 < top < len(ys) - 1
    assert all(b < a for a, b in zip(ys[:top + 1], ys[1:top + 1]))
    assert all(b > a for a, b in zip(ys[top:], ys[top + 1:]))


def test_labels_never_meet_and_the_legend_covers_nothing():
    rows = [{"name": f"initiative {i:02d} du territoire", "horizon": i % 3 + 1, "start": 2018 + i % 9}
            for i in range(30)]
    rep = systemic.three_horizons(pd.DataFrame(rows), lang="en")
    shown = [n for n in rep.nodes if n["label_visible"]]
    assert len(shown) == 30
    boxes = [label_box(n) for n in shown]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not meet(a, b), (a, b)
        for n in rep.nodes:
            assert not meet(a, (n["x"] - n["size"], n["y"] - n["size"], 2 * n["size"], 2 * n["size"]))
    assert rep.label_overlap()["overlapping_pairs"] == 0
    # The legend's column (bottom right, as the writer draws it) is right of the plot.
    width = max(len(e["label"]) for e in rep.legend) * 5.8 + 34
    assert rep.width - width - 10 > rep.metadata["plot"][2]
    assert rep.legend[0]["label"] == "H1 · dominant system (declining)"


def test_english_columns_keys_and_details():
    frame = pd.DataFrame({"Name": ["A", "B"], "Horizon": ["H1", "H3"], "Start": ["2024", "2030"],
                          "Key": ["programme:a", None], "Actor": ["organisation:x", None], "Note": ["n1", ""]})
    rep = systemic.three_horizons(frame, lang="en", details=["Note"], period=(2020, "2035-12-31"))
    nodes = {n["key"]: n for n in rep.nodes}
    assert set(nodes) == {"programme:a", "B"}
    assert nodes["programme:a"]["label"] == "A"
    assert nodes["programme:a"]["tooltip"] == [["horizon", "H1 · dominant system (declining)"], ["start", "2024"],
                                               ["actor", "organisation:x"], ["Note", "n1"]]
    assert (rep.metadata["from"], rep.metadata["to"]) == ("2020-01-01", "2035-12-31")
    named = systemic.three_horizons(frame.rename(columns={"Horizon": "h"}), horizon="h", lang="en")
    assert len(named.nodes) == 2


def bad(changes):
    frame = table().astype(object)
    for (row, column), value in changes.items():
        frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize("call, message", [
    (lambda: systemic.three_horizons(bad({(1, "horizon"): 4})), "row 2 ('Incubateur de projets'): horizon 4 is not 1, 2 or 3"),
    (lambda: systemic.three_horizons(bad({(0, "horizon"): "H4"})), "row 1 ('Remontées mécaniques'): horizon 'H4' is not"),
    (lambda: systemic.three_horizons(bad({(2, "début"): None})), "row 3 ('Tiers-lieu'): no start"),
    (lambda: systemic.three_horizons(bad({(2, "début"): "bientôt"})), "row 3 ('Tiers-lieu'): start: not a year or a date: 'bientôt'"),
    (lambda: systemic.three_horizons(bad({(2, "début"): "2023-02-29"})), "row 3 ('Tiers-lieu'): start: no such day: '2023-02-29'"),
    (lambda: systemic.three_horizons(bad({(1, "fin"): "2023"})), "row 2 ('Incubateur de projets'): ends (2023) before it starts (27/03/2024)"),
    (lambda: systemic.three_horizons(bad({(3, "nom"): "Tiers-lieu"})), "row 4 ('Tiers-lieu'): duplicate initiative 'Tiers-lieu' (also row 3)"),
    (lambda: systemic.three_horizons(bad({(3, "nom"): " "})), "three_horizons: row 4: no name"),
    (lambda: systemic.three_horizons(table().drop(columns="horizon")), "no column for the horizon (looked for horizon; columns: nom, début"),
    (lambda: systemic.three_horizons(table(), start="from"), "no column 'from'"),
    (lambda: systemic.three_horizons(table(), details=["note"]), "no column 'note'"),
    (lambda: systemic.three_horizons([1, 2]), "expects a pandas DataFrame"),
    (lambda: systemic.three_horizons(table(), lang="de"), "lang must be 'fr' or 'en'"),
    (lambda: systemic.three_horizons(table(), period=(2030, 2020)), "the period ends (2020-12-31) before it starts (2030-01-01)"),
    (lambda: systemic.three_horizons(bad({(0, "début"): True})), "row 1 ('Remontées mécaniques'): start: not a year or a date: True"),
])
def test_errors_name_the_row_and_the_value(call, message):
    with pytest.raises(maillage.InvalidInput) as error:
        call()
    assert message in str(error.value)


def test_round_trip_gexf_and_kumu(tmp_path):
    rep = systemic.three_horizons(table(), title="Trois horizons")
    assert systemic.Representation.from_json(rep.to_json()).to_json() == rep.to_json()
    assert systemic.three_horizons(table(), title="Trois horizons").to_json() == rep.to_json()  # deterministic
    for suffix in (".svg", ".html", ".gexf", ".json", ".dot"):
        rep.write(tmp_path / f"h{suffix}")
        assert (tmp_path / f"h{suffix}").stat().st_size > 0
    gexf = ET.parse(tmp_path / "h.gexf").getroot()
    ns = {"g": "http://gexf.net/1.3"}
    titles = {a.get("id"): a.get("title") for a in gexf.iterfind(".//g:attributes[@class='node']/g:attribute", ns)}
    ids = [n.get("id") for n in gexf.iterfind(".//g:node", ns)]
    assert sorted(ids) == sorted(table()["nom"])
    incubator = next(n for n in gexf.iterfind(".//g:node", ns) if n.get("id") == "Incubateur de projets")
    values = {titles[v.get("for")]: v.get("value") for v in incubator.iterfind(".//g:attvalue", ns)}
    assert values["acteur"] == "organisation:fabrique-des-transitions"
    assert values["territoire"] == "commune:74123"
    assert values["group"] == "H2"
    check_gexf_schema(tmp_path / "h.gexf")
    kumu = rep.to_kumu()
    elements = {e["id"]: e for e in kumu["elements"]}
    assert set(elements) == set(table()["nom"])
    assert elements["Incubateur de projets"]["type"] == "H2 · innovations de transition"
    assert "acteur : organisation:fabrique-des-transitions" in elements["Incubateur de projets"]["description"]


def test_gallery_example_reads_as_the_page_shows():
    frame = pd.read_csv(ROOT / "docs" / "gallery" / "trois_horizons_exemple.csv", sep=";", dtype=str)
    rep = systemic.three_horizons(frame)
    assert len(rep.nodes) == len(frame)
    assert rep.metadata["hidden_labels"] == 0
    keys = {n["key"] for n in rep.nodes}
    g = maillage.datasets.fabrique_2024()
    # Every network key of the example names a node of the dataset.
    in_graph = set(g.nodes_frame().index)
    linked = {v for n in rep.nodes for f, v in n["tooltip"] if f in ("acteur", "territoire")}
    assert linked and linked <= in_graph
    assert "programme:avenir-montagnes-ingenierie" in keys & in_graph


PROBE = """
<script>
window.addEventListener("load", function () {
  var svg = document.querySelector("svg");
  var box = function (e) { var b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };
  var out = {
    view: svg.getAttribute("viewBox").split(" ").map(Number),
    labels: Array.prototype.map.call(document.querySelectorAll("text.label"), box),
    annotations: Array.prototype.map.call(document.querySelectorAll("g.annotations text"), box),
    legend: box(document.querySelector("g.legend rect")),
    nodes: Array.prototype.map.call(document.querySelectorAll("g.node"), box),
    curves: Array.prototype.map.call(document.querySelectorAll("path.shape-horizon-curve"), box)
  };
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def probe(browser, tmp_path, rep, name):
    page = tmp_path / f"{name}.html"
    page.write_text("<!DOCTYPE html><html><body style='margin:0'>" + rep.to_svg().split("?>", 1)[1] + PROBE +
                    "</body></html>", encoding="utf-8")
    result = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', result.stdout.decode("utf-8"), re.S)
    assert found, "the page's script did not run"
    out = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                     .replace("&gt;", ">"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    rep.write(tmp_path / f"{name}_shot.svg")
    _, _, width, height = out["view"]
    run_chromium(browser, tmp_path, f"--screenshot={shot}", f"--window-size={int(width)},{int(height)}",
                 (tmp_path / f"{name}_shot.svg").as_uri())
    assert shot.stat().st_size > 0
    return out


def labels_inside_and_apart(out, count):
    """Every one of the `count` labels drawn inside the picture, none meeting another label or an
    annotation (boxes as Chromium measures them); returns labels and annotations."""
    _, _, width, height = out["view"]
    assert len(out["labels"]) == count
    texts = out["labels"] + out["annotations"]
    for i, a in enumerate(out["labels"]):
        assert 0 <= a[0] and a[0] + a[2] <= width and 0 <= a[1] and a[1] + a[3] <= height, a
        for b in texts[i + 1:]:
            assert not meet(a, b), (a, b)
    return texts


def test_three_horizons_in_chromium(browser, tmp_path):
    frame = pd.read_csv(ROOT / "docs" / "gallery" / "trois_horizons_exemple.csv", sep=";", dtype=str)
    rep = systemic.three_horizons(frame, title="Trois horizons : La Sambuy (exemple illustratif)")
    out = probe(browser, tmp_path, rep, "three_horizons")
    labels_inside_and_apart(out, len(frame))
    for thing in out["labels"] + out["annotations"] + out["nodes"] + out["curves"]:
        assert not meet(out["legend"], thing), thing
