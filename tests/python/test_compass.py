"""The compass (« boussole », radar chart) builder: geometry checked against its closed form
(vertex at angle -π/2 + 2πj/n, distance (score - min) / (max - min) of the spoke), the table
forms a facilitator fills, blank scores, errors naming the fault, and the picture in a browser
(labels inside the canvas, none over another, the legend over nothing)."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import maillage
from helpers import run_chromium
from maillage import systemic

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "artifacts"

# The five dimensions of « Mise en récits » (La Fabrique des transitions, 2024).
DIMENSIONS = ["Mettre en trajectoire", "Communiquer sincèrement", "Faire émerger les récits alternatifs",
              "Raconter la coopération", "Évaluer la valeur créée"]


def scores() -> pd.DataFrame:
    return pd.DataFrame([[3, 4, 2, 5, 1], [4, 2.5, 3, 3, 4], [1, 1, 5, 2, 3]],
                        index=["Beauvaisis 2022", "Beauvaisis 2024", "Haut-Chablais"], columns=DIMENSIONS)


def spokes(rep):
    return [s for s in rep.to_dict()["shapes"] if s["group"] == "compass-spoke"]


def test_vertices_follow_the_closed_form():
    table = scores()
    rep = systemic.compass(table, minimum=0, maximum=5)
    spoke = spokes(rep)
    assert len(spoke) == len(DIMENSIONS)
    (cx, cy), _ = spoke[0]["rings"][0]
    assert all(tuple(s["rings"][0][0]) == (cx, cy) for s in spoke)
    radius = math.dist((cx, cy), spoke[0]["rings"][0][1])
    n = len(DIMENSIONS)
    for j, s in enumerate(spoke):  # clockwise from the top, equal angles, equal lengths
        x, y = s["rings"][0][1]
        a = -math.pi / 2 + 2 * math.pi * j / n
        assert x == pytest.approx(cx + radius * math.cos(a), abs=1e-9)
        assert y == pytest.approx(cy + radius * math.sin(a), abs=1e-9)
    nodes = {node["key"]: node for node in rep.nodes}
    assert len(nodes) == table.size
    for who, row in table.iterrows():
        for j, d in enumerate(DIMENSIONS):
            node = nodes[f"{who}/{d}"]
            a = -math.pi / 2 + 2 * math.pi * j / n
            t = row[d] / 5
            assert node["x"] == pytest.approx(cx + radius * t * math.cos(a), abs=1e-9)
            assert node["y"] == pytest.approx(cy + radius * t * math.sin(a), abs=1e-9)
            assert node["tooltip"] == [[d, f"{row[d]:.3g}"]]
            assert node["label"] == who and node["group"] == who
    lines = [s for s in rep.to_dict()["shapes"] if s["group"] == "compass-series"]
    assert [s["key"] for s in lines] == list(table.index)
    assert [e["label"] for e in rep.legend] == list(table.index)
    assert len({e["colour"] for e in rep.legend}) == 3


def test_default_scale_is_round_and_rings_are_on_round_values():
    rep = systemic.compass(scores() * 17)  # largest 85
    meta = rep.to_dict()["metadata"]
    assert meta["minimum"] == 0 and meta["maximum"] == 100
    rings = [s for s in rep.to_dict()["shapes"] if s["group"] == "compass-ring"]
    spoke = spokes(rep)
    (cx, cy), (tx, ty) = spoke[0]["rings"][0]
    radius = math.dist((cx, cy), (tx, ty))
    # Each ring passes through its value on every spoke: 20, 40, 60, 80, 100.
    fractions = sorted(round(math.dist((cx, cy), ring["rings"][0][0]) / radius, 9) for ring in rings)
    assert fractions == [0.2, 0.4, 0.6, 0.8, 1.0]
    texts = [a["text"] for a in rep.to_dict()["annotations"]]
    for value in ("20", "40", "60", "80", "100"):
        assert value in texts
    assert systemic.compass(scores() * 17, rings=4).to_dict()["shapes"].count  # explicit ring count accepted
    assert len([s for s in systemic.compass(scores(), rings=4, maximum=8).to_dict()["shapes"]
                if s["group"] == "compass-ring"]) == 4


def test_long_table_series_and_wide_table_give_the_same_picture():
    wide = scores()
    long = wide.rename_axis("territoire").reset_index().melt(id_vars="territoire", var_name="dimension",
                                                              value_name="note")
    a = systemic.compass(wide, title="Boussole")
    b = systemic.compass(long, series="territoire", dimension="dimension", score="note", title="Boussole")
    assert a.to_json() == b.to_json()
    one = systemic.compass(wide.loc["Haut-Chablais"])
    assert [e["label"] for e in one.legend] == ["Haut-Chablais"] and len(one.nodes) == 5
    indexed = systemic.compass(wide.rename_axis("t").reset_index(), series="t")
    assert indexed.to_json() == systemic.compass(wide).to_json()


def test_spreadsheet_cells_blank_and_decimal_comma():
    table = scores().astype(object)
    table.loc["Haut-Chablais", "Raconter la coopération"] = ""
    table.loc["Beauvaisis 2024", "Communiquer sincèrement"] = "2,5"
    rep = systemic.compass(table, missing_label="non renseigné", decimal_mark=",")
    keys = {n["key"] for n in rep.nodes}
    assert "Haut-Chablais/Raconter la coopération" not in keys and len(keys) == 14
    assert rep.notes == ["Haut-Chablais : non renseigné (Raconter la coopération)"]
    node = next(n for n in rep.nodes if n["key"] == "Beauvaisis 2024/Communiquer sincèrement")
    assert node["tooltip"] == [["Communiquer sincèrement", "2,5"]]
    line = next(s for s in rep.to_dict()["shapes"] if s["group"] == "compass-series" and s["key"] == "Haut-Chablais")
    assert len(line["rings"][0]) == 4  # the polygon joins the neighbours of the blank score


@pytest.mark.parametrize("call, message", [
    (lambda: systemic.compass(scores()[DIMENSIONS[:2]]), "at least 3 dimensions"),
    (lambda: systemic.compass(scores(), maximum=4), "'Beauvaisis 2022', dimension 'Raconter la coopération': score 5 outside [0, 4]"),
    (lambda: systemic.compass(scores(), minimum=2), "score 1 outside [2"),
    (lambda: systemic.compass(scores(), minimum=5, maximum=5), "maximum (5) must be above the minimum (5)"),
    (lambda: systemic.compass(pd.concat([scores(), scores().iloc[:1]])), "duplicate series key 'Beauvaisis 2022'"),
    (lambda: systemic.compass(scores().replace(5, float("inf"))), "infinite score"),
    (lambda: systemic.compass(scores().astype(object).replace(2, "deux")), "not a score: 'deux'"),
    (lambda: systemic.compass(scores(), rings=50), "rings must be between 0"),
    (lambda: systemic.compass([1, 2, 3]), "expects a pandas DataFrame or Series"),
    (lambda: systemic.compass(scores().reset_index(), dimension="x"), "needs series="),
    (lambda: systemic.compass(pd.DataFrame({"t": ["a", "a"], "d": ["x", "x"], "score": [1, 2]}), series="t",
                              dimension="d"), "row 2: 'a' is scored twice on 'x'"),
])
def test_errors_name_the_fault(call, message):
    with pytest.raises(maillage.InvalidInput) as error:
        call()
    assert message in str(error.value)


def test_round_trips_and_writes_every_format(tmp_path):
    rep = systemic.compass(scores(), title="Boussole de la mise en récits")
    again = systemic.Representation.from_json(rep.to_json())
    assert again.to_json() == rep.to_json()
    for suffix in (".svg", ".html", ".gexf", ".json", ".dot"):
        rep.write(tmp_path / f"compass{suffix}")
        assert (tmp_path / f"compass{suffix}").stat().st_size > 0
    svg = ET.parse(tmp_path / "compass.svg").getroot()
    assert svg.tag.endswith("svg")


PROBE = """
<script>
window.addEventListener("load", function () {
  var svg = document.querySelector("svg");
  var box = function (e) { var b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };
  var out = {
    view: svg.getAttribute("viewBox").split(" ").map(Number),
    texts: Array.prototype.map.call(document.querySelectorAll("g.annotations text"),
                                    function (t) { return {text: t.textContent, box: box(t)}; }),
    legend: box(document.querySelector("g.legend rect")),
    shapes: Array.prototype.map.call(document.querySelectorAll("path.shape"), box),
    nodes: Array.prototype.map.call(document.querySelectorAll("g.node"), box)
  };
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def overlap(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_compass_in_chromium(browser, tmp_path):
    table = scores()
    rep = systemic.compass(table, title="Boussole de la mise en récits", maximum=5)
    page = tmp_path / "compass.html"
    page.write_text("<!DOCTYPE html><html><body style='margin:0'>" + rep.to_svg().split("?>", 1)[1] + PROBE +
                    "</body></html>", encoding="utf-8")
    result = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', result.stdout.decode("utf-8"), re.S)
    assert found, "the page's script did not run"
    out = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                     .replace("&gt;", ">"))
    _, _, width, height = out["view"]
    # Every label whole, on one line or two (cut at a space), none shortened.
    texts = out["texts"]
    labels, whole = [], []
    for i, t in enumerate(texts):
        if t["text"] in DIMENSIONS:
            labels.append(t)
            whole.append(t["text"])
        elif i + 1 < len(texts) and f'{t["text"]} {texts[i + 1]["text"]}' in DIMENSIONS:
            labels += [t, texts[i + 1]]
            whole.append(f'{t["text"]} {texts[i + 1]["text"]}')
    assert sorted(whole) == sorted(DIMENSIONS)
    for t in out["texts"]:
        x, y, w, h = t["box"]
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height, t
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not overlap(a["box"], b["box"]), (a, b)
    for thing in out["shapes"] + out["nodes"] + [t["box"] for t in out["texts"]]:
        assert not overlap(out["legend"], thing), thing
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "compass.png"
    rep.write(tmp_path / "compass_shot.svg")
    run_chromium(browser, tmp_path, f"--screenshot={shot}", f"--window-size={int(width)},{int(height)}",
                 (tmp_path / "compass_shot.svg").as_uri())
    assert shot.stat().st_size > 0
