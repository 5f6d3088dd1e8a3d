#!/usr/bin/env python3
"""Generates data/france-territories/territories.tsv.gz from Etalab's decoupage-administratif.

Reads the official JSON files (communes.json, epci.json, ept.json, departements.json,
regions.json of the npm package @etalab/decoupage-administratif, MIT licence) and writes one
gzip-compressed, tab-separated file with a row per territory and the keys of its containers, so
that the C++ core (and a C++-only build) can load the French hierarchy without Python or JSON.

Usage (from the repository root):

    python3 scripts/build_france_territories.py [SOURCE_DIR] [--out data/france-territories]

SOURCE_DIR defaults to $MAILLAGE_DECOUPAGE_DIR, else ../shared/data/decoupage-administratif.
The output is deterministic (fixed row order, gzip without a timestamp), so regenerating from the
same JSON gives the same bytes. The format is described in data/france-territories/README.md.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import os
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Optional

FORMAT_VERSION = "1"
SOURCE_PACKAGE = "@etalab/decoupage-administratif"
COLUMNS = ["key", "type", "label", "insee", "siren", "nature", "population", "zone", "departement",
           "region", "part_of"]
# Key prefix of each row type (DESIGN §4 territory keys).
COMMUNE_TYPES = {
    "commune-actuelle": "commune",
    "commune-deleguee": "commune-deleguee",
    "commune-associee": "commune-associee",
    "arrondissement-municipal": "arrondissement",
}
MGP_SIREN = "200054781"  # Métropole du Grand Paris: the EPCI every EPT lies in


def default_source() -> Path:
    env = os.environ.get("MAILLAGE_DECOUPAGE_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "data" / "decoupage-administratif"


def load(source: Path, name: str) -> list:
    with open(source / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def source_version(source: Path) -> str:
    """The package version named in the source folder's README (e.g. "6.0.0"), if any."""
    readme = source / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        marker = "version "
        at = text.find(marker)
        if at >= 0:
            word = text[at + len(marker):].split()[0].strip(".,;()")
            if word[:1].isdigit():
                return word
    return "unknown"


def check_text(value: str, what: str) -> str:
    if any(c in value for c in "\t\r\n"):
        raise SystemExit(f"error: {what}: {value!r} holds a tab or a line break")
    return value


def build_rows(source: Path) -> List[Dict[str, str]]:
    communes = load(source, "communes")
    epcis = load(source, "epci")
    epts = load(source, "ept")
    departements = load(source, "departements")
    regions = load(source, "regions")

    current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    dep_region = {d["code"]: d["region"] for d in departements}
    dep_zone = {d["code"]: d["zone"] for d in departements}

    # Population of groupings: the sum of their current communes' municipal population
    # (communes.json), so that every level adds up; None when no member has one.
    def total(codes: Iterable[str]) -> Optional[int]:
        values = [current[c]["population"] for c in codes if "population" in current[c]]
        return sum(values) if values else None

    communes_of_dep: Dict[str, List[str]] = collections.defaultdict(list)
    communes_of_region: Dict[str, List[str]] = collections.defaultdict(list)
    for code, c in current.items():
        communes_of_dep[c["departement"]].append(code)
        communes_of_region[c["region"]].append(code)

    def container_of(codes: List[str]) -> Dict[str, str]:
        """The département and région a set of communes lies in, when it lies in a single one."""
        deps = {current[c]["departement"] for c in codes}
        regs = {current[c]["region"] for c in codes}
        return {
            "departement": next(iter(deps)) if len(deps) == 1 else "",
            "region": next(iter(regs)) if len(regs) == 1 else "",
        }

    def grouping_parent(codes: List[str]) -> str:
        """part_of target of an EPCI or EPT: its département if all its communes lie in one, else
        its région if all lie in one, else the nation."""
        where = container_of(codes)
        if where["departement"]:
            return f"departement:{where['departement']}"
        if where["region"]:
            return f"region:{where['region']}"
        return "pays:FR"

    rows: List[Dict[str, str]] = []

    def add(**fields: object) -> None:
        row = {name: "" if fields.get(name) is None else str(fields.get(name)) for name in COLUMNS}
        for name, value in row.items():
            check_text(value, f"{row['key']} {name}")
        rows.append(row)

    add(key="pays:FR", type="pays", label="France", population=total(current), part_of="")
    for r in sorted(regions, key=lambda r: r["code"]):
        add(key=f"region:{r['code']}", type="region", label=r["nom"], insee=r["code"],
            population=total(communes_of_region[r["code"]]), zone=r["zone"], region=r["code"],
            part_of="pays:FR")
    for d in sorted(departements, key=lambda d: d["code"]):
        add(key=f"departement:{d['code']}", type="departement", label=d["nom"], insee=d["code"],
            population=total(communes_of_dep[d["code"]]), zone=d["zone"], departement=d["code"],
            region=d["region"], part_of=f"region:{d['region']}")

    epci_of: Dict[str, str] = {}
    for e in sorted(epcis, key=lambda e: e["code"]):
        members = [m["code"] for m in e["membres"]]
        for code in members:
            if code not in current:
                raise SystemExit(f"error: EPCI {e['code']}: member {code} is not a current commune")
            if code in epci_of:
                raise SystemExit(f"error: commune {code} is in EPCI {epci_of[code]} and {e['code']}")
            epci_of[code] = e["code"]
        zones = {current[c]["zone"] for c in members}
        add(key=f"epci:{e['code']}", type="epci", label=e["nom"], siren=e["code"], nature=e["type"],
            population=total(members), zone=zones.pop() if len(zones) == 1 else "",
            part_of=grouping_parent(members), **container_of(members))

    ept_of: Dict[str, str] = {}
    for t in sorted(epts, key=lambda t: t["code"]):
        members = [m["code"] for m in t["membres"]]
        for code in members:
            if code not in current:
                raise SystemExit(f"error: EPT {t['code']}: member {code} is not a current commune")
            if epci_of.get(code) != MGP_SIREN:
                raise SystemExit(f"error: EPT {t['code']}: member {code} is not in the Métropole du Grand Paris")
            ept_of[code] = t["code"]
        add(key=f"ept:{t['code']}", type="ept", label=t["nom"], siren=t["code"], nature="EPT",
            population=total(members), zone="metro",
            part_of=" ".join([f"epci:{MGP_SIREN}", grouping_parent(members)]), **container_of(members))

    def commune_sort(c: dict) -> tuple:
        order = ["commune-actuelle", "arrondissement-municipal", "commune-deleguee", "commune-associee"]
        return (order.index(c["type"]), c["code"])

    for c in sorted(communes, key=commune_sort):
        prefix = COMMUNE_TYPES[c["type"]]
        code = c["code"]
        if dep_region[c["departement"]] != c["region"]:
            raise SystemExit(f"error: commune {code}: région {c['region']} is not its département's")
        if c["type"] == "commune-actuelle":
            parents = []
            if code in epci_of:
                parents.append(f"epci:{epci_of[code]}")
            if code in ept_of:
                parents.append(f"ept:{ept_of[code]}")
            parents.append(f"departement:{c['departement']}")
        elif c["type"] == "arrondissement-municipal":
            parents = [f"commune:{c['commune']}"]
        else:
            if c["chefLieu"] not in current:
                raise SystemExit(f"error: {code}: chef-lieu {c['chefLieu']} is not a current commune")
            parents = [f"commune:{c['chefLieu']}"]
        add(key=f"{prefix}:{code}", type=prefix, label=c["nom"], insee=code, siren=c.get("siren"),
            population=c.get("population"), zone=c["zone"] or dep_zone[c["departement"]],
            departement=c["departement"], region=c["region"], part_of=" ".join(parents))

    keys = [r["key"] for r in rows]
    if len(set(keys)) != len(keys):
        raise SystemExit("error: duplicate keys")
    known = set(keys)
    for r in rows:
        for parent in r["part_of"].split():
            if parent not in known:
                raise SystemExit(f"error: {r['key']}: container {parent} is not a territory")
    return rows


def write(rows: List[Dict[str, str]], out: Path, version: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    meta = [
        ("name", "france-territories"),
        ("format", FORMAT_VERSION),
        ("source", f"{SOURCE_PACKAGE} {version} (Etalab; INSEE Code officiel géographique, DGCL)"),
        ("licence", "MIT (Etalab); see data/france-territories/README.md"),
        ("url", "https://github.com/etalab/decoupage-administratif"),
    ]
    for name, value in meta:
        text.write(f"# {name}\t{value}\n")
    text.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        text.write("\t".join(r[c] for c in COLUMNS) + "\n")
    path = out / "territories.tsv.gz"
    data = text.getvalue().encode("utf-8")
    with open(path, "wb") as raw:
        # mtime=0 and no file name: the same input gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(data)
    return path


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=None,
                        help="folder holding communes.json, epci.json, ept.json, departements.json, regions.json")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "france-territories")
    args = parser.parse_args(argv)
    source = args.source or default_source()
    if not (source / "communes.json").is_file():
        print(f"error: no communes.json in {source} (pass the folder, or set MAILLAGE_DECOUPAGE_DIR)", file=sys.stderr)
        return 1
    rows = build_rows(source)
    path = write(rows, args.out, source_version(source))
    counts = collections.Counter(r["type"] for r in rows)
    edges = sum(len(r["part_of"].split()) for r in rows)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB): {len(rows)} territories, {edges} part_of edges")
    for name, n in counts.most_common():
        print(f"  {name}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
