#!/usr/bin/env python3
"""Compiles the hand-curated fabrique-2024 sources into the dataset's node and edge tables.

Reads data/fabrique-2024/source/*.toml (one file per chapter of La Fabrique des transitions'
report "Bilan 2024", in the report's order) and writes, in data/fabrique-2024/:

- nodes.csv          one row per node: key, kind, label, type, family, scale, role, organisation, …
- edges.csv          one row per edge: source, target, relation, weight, start, end, context, …
- datapackage.json   the Frictionless Data Package descriptor that makes the folder maillage's
                     native format: every column's type, the relation registry (with `produces`),
                     the scale ladder and the graph metadata (the alliance's totals and the
                     figures the report gives)

Official French territories (commune:, commune-associee:, epci:, ept:, departement:, region:,
pays:FR) are named in the sources by key only: their label, scale, codes and containers come from
Etalab's decoupage-administratif JSON files, with the nesting rules of the france-territories
dataset (a commune is part_of its EPCI, its EPT and its département; an EPCI or EPT is part_of its
département when all its communes lie in it, else its région, else pays:FR; an EPT is also part_of
the Métropole du Grand Paris; départements are part_of their région, régions part_of pays:FR).
Every container of a named territory is added, up to pays:FR.

Usage (from the repository root; Python >= 3.11 for tomllib):

    python3 scripts/build_fabrique_2024.py [--official DIR] [--out DIR] [--check]

--official defaults to $MAILLAGE_DECOUPAGE_DIR, else ../shared/data/decoupage-administratif.
--check compares the would-be output with the committed files and exits 1 on a difference.
The output is deterministic: the same sources and official files give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tomllib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "data" / "fabrique-2024"
REPORT = "Bilan 2024"

KINDS = {"person", "organisation", "territory", "programme", "event", "resource"}
KIND_PREFIX = {"person": "person", "organisation": "organisation", "programme": "programme",
               "event": "event", "resource": "resource"}
TERRITORY_PREFIXES = {"commune", "commune-deleguee", "commune-associee", "arrondissement", "epci",
                      "ept", "departement", "region", "pays", "petr", "pnr", "scot", "territoire"}
OFFICIAL_PREFIXES = {"commune", "commune-deleguee", "commune-associee", "arrondissement", "epci",
                     "ept", "departement", "region"}
SCALES = ["quartier", "commune", "epci", "bassin", "departement", "region", "interregion",
          "national", "europe", "international"]
FAMILIES = {"elu", "agent", "etat", "socio_economique", "allie", "financeur", "media", "recherche"}
BUILTIN_RELATIONS = {
    "part_of": (True, "nesting"),
    "located_in": (True, "affiliation"), "member_of": (True, "affiliation"),
    "represents": (True, "affiliation"), "in_programme": (True, "affiliation"),
    "cooperates_with": (False, "tie"), "co_participates": (False, "tie"),
    "supports": (True, "tie"), "funds": (True, "tie"), "animates": (True, "tie"),
    "participates_in": (True, "tie"), "speaks_at": (True, "tie"), "links_to": (True, "tie"),
}
# Relations this dataset registers (name -> directed, category, why).
EXTRA_RELATIONS = {
    "produces": (True, "tie",
                 "an actor writes, makes or publishes a resource (newsletters, publications, press "
                 "articles, the website); no built-in relation means authorship"),
}
RELATIONS = {**BUILTIN_RELATIONS, **{k: v[:2] for k, v in EXTRA_RELATIONS.items()}}

NODE_COLUMNS = ["key", "kind", "label", "type", "family", "scale", "category", "role", "organisation",
                "start", "end", "when", "parent", "venue", "insee", "siren", "aliases", "figures",
                "detail", "page", "provenance"]
EDGE_COLUMNS = ["source", "target", "relation", "weight", "start", "end", "context", "role",
                "detail", "page", "provenance"]
NODE_FIELDS = {"key", "kind", "label", "type", "family", "scale", "category", "role", "organisation",
               "start", "end", "date", "when", "parent", "venue", "aliases", "figures", "detail",
               "part_of", "contains"}
EDGE_FIELDS = {"s", "r", "t", "context", "start", "end", "weight", "role", "detail"}
LIST_SEPARATOR = "|"  # the list separator of maillage::io::read_csv
OFFICIAL_PROVENANCE = ("Découpage administratif (Etalab, @etalab/decoupage-administratif {version}): "
                       "territoire officiel contenant un territoire du rapport")
OFFICIAL_EDGE_PROVENANCE = ("Découpage administratif (Etalab, @etalab/decoupage-administratif {version}): "
                            "emboîtement officiel")
MGP_SIREN = "200054781"


class SourceError(Exception):
    pass


# ----------------------------------------------------------------------------- official data
class Official:
    """The official French territories, read from Etalab's JSON files."""

    def __init__(self, folder: Path) -> None:
        def load(name: str) -> list:
            with open(folder / f"{name}.json", encoding="utf-8") as handle:
                return json.load(handle)

        self.version = "unknown"
        readme = folder / "README.md"
        if readme.is_file():
            found = re.search(r"version (\d[\d.]*\d)", readme.read_text(encoding="utf-8"))
            if found:
                self.version = found.group(1)
        communes = load("communes")
        self.current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
        self.other = {(c["type"], c["code"]): c for c in communes if c["type"] != "commune-actuelle"}
        self.epci = {e["code"]: e for e in load("epci")}
        self.ept = {e["code"]: e for e in load("ept")}
        self.departements = {d["code"]: d for d in load("departements")}
        self.regions = {r["code"]: r for r in load("regions")}
        self.epci_of: Dict[str, str] = {}
        for e in self.epci.values():
            for m in e["membres"]:
                self.epci_of[m["code"]] = e["code"]
        self.ept_of: Dict[str, str] = {}
        for e in self.ept.values():
            for m in e["membres"]:
                self.ept_of[m["code"]] = e["code"]

    def _grouping_parent(self, members: Iterable[str]) -> str:
        codes = list(members)
        deps = {self.current[c]["departement"] for c in codes}
        regs = {self.current[c]["region"] for c in codes}
        if len(deps) == 1:
            return f"departement:{deps.pop()}"
        if len(regs) == 1:
            return f"region:{regs.pop()}"
        return "pays:FR"

    def describe(self, key: str) -> Dict[str, Any]:
        """label, type, scale, insee, siren and parents of an official territory key."""
        prefix, _, code = key.partition(":")
        if prefix == "pays" and code == "FR":
            return {"label": "France", "type": "pays", "scale": "national", "parents": []}
        if prefix == "region" and code in self.regions:
            r = self.regions[code]
            return {"label": r["nom"], "type": "région", "scale": "region", "insee": code,
                    "parents": ["pays:FR"]}
        if prefix == "departement" and code in self.departements:
            d = self.departements[code]
            return {"label": d["nom"], "type": "département", "scale": "departement", "insee": code,
                    "parents": [f"region:{d['region']}"]}
        if prefix == "epci" and code in self.epci:
            e = self.epci[code]
            return {"label": e["nom"], "type": f"EPCI ({e['type']})", "scale": "epci", "siren": code,
                    "parents": [self._grouping_parent(m["code"] for m in e["membres"])]}
        if prefix == "ept" and code in self.ept:
            e = self.ept[code]
            return {"label": e["nom"], "type": "EPT", "scale": "epci", "siren": code,
                    "parents": [f"epci:{MGP_SIREN}", self._grouping_parent(m["code"] for m in e["membres"])]}
        if prefix == "commune" and code in self.current:
            c = self.current[code]
            parents = []
            if code in self.epci_of:
                parents.append(f"epci:{self.epci_of[code]}")
            if code in self.ept_of:
                parents.append(f"ept:{self.ept_of[code]}")
            parents.append(f"departement:{c['departement']}")
            return {"label": c["nom"], "type": "commune", "scale": "commune", "insee": code,
                    "siren": c.get("siren"), "parents": parents}
        other_types = {"commune-associee": ("commune-associee", "commune associée"),
                       "commune-deleguee": ("commune-deleguee", "commune déléguée"),
                       "arrondissement": ("arrondissement-municipal", "arrondissement municipal")}
        if prefix in other_types:
            official_type, label = other_types[prefix]
            c = self.other.get((official_type, code))
            if c is not None:
                parent = c.get("chefLieu") or c.get("commune")
                return {"label": c["nom"], "type": label, "scale": "commune", "insee": code,
                        "siren": c.get("siren"), "parents": [f"commune:{parent}"]}
        raise SourceError(f"{key}: not an official territory in the decoupage-administratif files")


def default_official() -> Path:
    env = os.environ.get("MAILLAGE_DECOUPAGE_DIR")
    if env:
        return Path(env)
    return ROOT.parent / "shared" / "data" / "decoupage-administratif"


# ----------------------------------------------------------------------------- helpers
def prefix_of(key: str) -> str:
    return key.split(":", 1)[0]


def kind_of(key: str) -> str:
    prefix = prefix_of(key)
    if prefix in TERRITORY_PREFIXES:
        return "territory"
    if prefix in KIND_PREFIX:
        return KIND_PREFIX[prefix]
    raise SourceError(f"{key}: unknown key prefix {prefix!r}")


def is_official(key: str) -> bool:
    return prefix_of(key) in OFFICIAL_PREFIXES or key == "pays:FR"


def month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_when(value: Any, where: str) -> Tuple[str, str]:
    """'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or [from, to] -> (ISO start day, ISO end day)."""
    if isinstance(value, list):
        if len(value) != 2:
            raise SourceError(f"{where}: date range must have two items, not {value!r}")
        return parse_when(value[0], where)[0], parse_when(value[1], where)[1]
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01", f"{text}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        y, m = int(text[:4]), int(text[5:])
        return f"{text}-01", month_end(y, m).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        date.fromisoformat(text)
        return text, text
    raise SourceError(f"{where}: unreadable date {value!r}")


def year_or_date(value: Any, where: str) -> str:
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        date.fromisoformat(text)
        return text
    raise SourceError(f"{where}: start/end must be a year or a day, not {value!r}")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        for item in value:
            if LIST_SEPARATOR in item or item != item.strip() or not item:
                raise SourceError(f"list item {item!r}: empty, padded or holding the list separator")
        return LIST_SEPARATOR.join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ----------------------------------------------------------------------------- compile
class Dataset:
    def __init__(self) -> None:
        self.nodes: Dict[str, Dict[str, Any]] = {}
        self.node_order: List[str] = []
        self.edges: List[Dict[str, Any]] = []
        self.metadata: Dict[str, Any] = {}
        self.territory_parents: Dict[str, List[str]] = {}
        self.extra_parents: Dict[str, List[str]] = {}
        self.sections: List[str] = []

    # -- reading
    def read_file(self, path: Path) -> None:
        with open(path, "rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as error:
                raise SourceError(f"{path.name}: {error}") from None
        chapter = data.get("chapter")
        if not chapter:
            raise SourceError(f"{path.name}: no chapter title")
        for name, value in data.get("metadata", {}).items():
            if name in self.metadata:
                raise SourceError(f"{path.name}: metadata {name!r} given twice")
            self.metadata[name] = value
        for i, section in enumerate(data.get("section", [])):
            where = f"{path.name} section {i + 1}"
            title = section.get("title")
            page = section.get("page", data.get("page"))
            if not title or not isinstance(page, int):
                raise SourceError(f"{where}: a section needs a title and a page")
            path_text = chapter if title == chapter else f"{chapter} › {title}"
            provenance = f"{REPORT} › {path_text} (p. {page})"
            self.sections.append(provenance)
            defaults = section.get("defaults", {})
            unknown = set(defaults) - EDGE_FIELDS
            if unknown:
                raise SourceError(f"{where}: unknown default fields {sorted(unknown)}")
            for node in section.get("nodes", []):
                self.add_node(node, provenance, page, f"{where} ({title})")
            for edge in section.get("edges", []):
                merged = {**defaults, **edge}
                self.add_edge(merged, provenance, page, f"{where} ({title})")

    def add_node(self, node: Dict[str, Any], provenance: str, page: int, where: str) -> None:
        unknown = set(node) - NODE_FIELDS
        if unknown:
            raise SourceError(f"{where}: node {node.get('key')!r}: unknown fields {sorted(unknown)}")
        key = node.get("key")
        if not key:
            raise SourceError(f"{where}: a node without key")
        if key in self.nodes:
            raise SourceError(f"{where}: node {key!r} defined twice (first in {self.nodes[key]['provenance']})")
        kind = kind_of(key)
        if node.get("kind", kind) != kind:
            raise SourceError(f"{where}: node {key!r}: kind {node['kind']!r} does not match its key")
        row: Dict[str, Any] = {"key": key, "kind": kind, "provenance": provenance, "page": page}
        for name in ("label", "type", "family", "scale", "category", "role", "organisation", "when",
                     "parent", "venue", "detail"):
            if name in node:
                row[name] = node[name]
        for name in ("aliases", "figures"):
            if name in node:
                if not isinstance(node[name], list) or not all(isinstance(v, str) for v in node[name]):
                    raise SourceError(f"{where}: node {key!r}: {name} must be a list of strings")
                row[name] = list(node[name])
        if "date" in node:
            row["start"], row["end"] = parse_when(node["date"], f"{where}: node {key!r}")
        for name in ("start", "end"):
            if name in node:
                if "date" in node:
                    raise SourceError(f"{where}: node {key!r}: give date or start/end, not both")
                first, last = parse_when(node[name], f"{where}: node {key!r}")
                row[name] = first if name == "start" else last
        if kind == "territory":
            if is_official(key):
                for name in ("label", "scale", "type", "part_of"):
                    if name in node:
                        raise SourceError(f"{where}: official territory {key!r}: {name} comes from the "
                                          "official files (give aliases only)")
            else:
                for name in ("label", "scale", "type", "part_of"):
                    if name not in node:
                        raise SourceError(f"{where}: territory {key!r} needs {name}")
                self.territory_parents[key] = list(node["part_of"])
                # official territories this one contains (the Collectivité européenne d'Alsace
                # contains the Bas-Rhin and the Haut-Rhin): extra part_of edges child -> this
                for child in node.get("contains", []):
                    self.extra_parents.setdefault(child, []).append(key)
        elif "part_of" in node or "contains" in node:
            raise SourceError(f"{where}: node {key!r}: part_of and contains are for territories")
        self.nodes[key] = row
        self.node_order.append(key)

    def add_edge(self, edge: Dict[str, Any], provenance: str, page: int, where: str) -> None:
        unknown = set(edge) - EDGE_FIELDS
        if unknown:
            raise SourceError(f"{where}: edge {edge}: unknown fields {sorted(unknown)}")
        for name in ("s", "r", "t"):
            if not edge.get(name):
                raise SourceError(f"{where}: edge {edge}: no {name!r}")
        if edge["r"] not in RELATIONS:
            raise SourceError(f"{where}: edge {edge['s']} → {edge['t']}: unregistered relation {edge['r']!r}")
        if edge["r"] == "part_of":
            raise SourceError(f"{where}: part_of edges come from part_of lists and official files")
        row: Dict[str, Any] = {"source": edge["s"], "target": edge["t"], "relation": edge["r"],
                               "provenance": provenance, "page": page, "where": where}
        if edge.get("context"):
            row["context"] = edge["context"]
        for name in ("start", "end"):
            if edge.get(name) not in (None, ""):
                row[name] = year_or_date(edge[name], f"{where}: edge {edge['s']} → {edge['t']}")
        for name in ("weight", "role", "detail"):
            if edge.get(name) not in (None, ""):
                row[name] = edge[name]
        self.edges.append(row)

    # -- territories
    def complete_territories(self, official: Optional[Official]) -> None:
        referenced = set(self.nodes)
        for e in self.edges:
            referenced.update((e["source"], e["target"]))
        for parents in self.territory_parents.values():
            referenced.update(parents)
        referenced.update(self.extra_parents)
        pending = sorted(k for k in referenced if kind_of(k) == "territory" and is_official(k))
        seen = set()
        while pending:
            key = pending.pop(0)
            if key in seen:
                continue
            seen.add(key)
            if official is None:
                raise SourceError("the official decoupage-administratif files are needed (--official DIR)")
            info = official.describe(key)
            row = self.nodes.get(key)
            if row is None:
                row = {"key": key, "kind": "territory",
                       "provenance": OFFICIAL_PROVENANCE.format(version=official.version)}
                self.nodes[key] = row
                self.node_order.append(key)
            row.update({"label": info["label"], "type": info["type"], "scale": info["scale"]})
            for name in ("insee", "siren"):
                if info.get(name):
                    row[name] = info[name]
            self.territory_parents[key] = info["parents"] + self.extra_parents.pop(key, [])
            pending.extend(p for p in info["parents"] if p not in seen)

    def parent_event_edges(self) -> None:
        """An event held within another (a workshop at a meeting) links_to it."""
        for key in self.node_order:
            row = self.nodes[key]
            if row["kind"] == "event" and row.get("parent"):
                self.edges.append({"source": key, "target": row["parent"], "relation": "links_to",
                                   "role": "partie de l'événement", "provenance": row["provenance"],
                                   "page": row.get("page"), "where": f"parent of {key}"})

    def date_event_edges(self) -> None:
        """Edges touching an event, given no interval, take the event's days."""
        for e in self.edges:
            if "start" in e or "end" in e:
                continue
            for end in ("source", "target"):
                node = self.nodes.get(e[end])
                if node is not None and node["kind"] == "event" and node.get("start"):
                    e["start"], e["end"] = node["start"], node["end"]
                    break

    def part_of_edges(self, official: Optional[Official]) -> List[Dict[str, Any]]:
        version = official.version if official else "unknown"
        rows = []
        for child in sorted(self.territory_parents):
            for parent in self.territory_parents[child]:
                node = self.nodes.get(child, {})
                from_official = is_official(child)
                rows.append({
                    "source": child, "target": parent, "relation": "part_of",
                    "provenance": (OFFICIAL_EDGE_PROVENANCE.format(version=version) if from_official
                                   else node.get("provenance", "")),
                    "page": None if from_official else node.get("page"),
                })
        return rows

    # -- checks
    def check(self) -> None:
        problems: List[str] = []
        for key, row in self.nodes.items():
            kind = row["kind"]
            if not row.get("label"):
                problems.append(f"{key}: no label")
            if row.get("scale") and row["scale"] not in SCALES:
                problems.append(f"{key}: unknown scale {row['scale']!r}")
            if row.get("family") and row["family"] not in FAMILIES:
                problems.append(f"{key}: unknown family {row['family']!r}")
            # a person takes the scale and family of their organisation or mandate: those the
            # report names with no organisation may lack them (listed in the data card)
            needs = kind in ("organisation", "territory", "programme") or (
                kind == "person" and row.get("organisation"))
            if needs and not row.get("scale"):
                problems.append(f"{key}: a {kind} needs a scale")
            if (kind == "organisation" or (kind == "person" and row.get("organisation"))) and not row.get("family"):
                problems.append(f"{key}: a {kind} needs a family")
            if kind == "programme" and not row.get("category"):
                problems.append(f"{key}: a programme needs a category")
            if kind == "event" and not row.get("start"):
                problems.append(f"{key}: an event needs a date")
            if row.get("organisation") and row["organisation"] not in self.nodes:
                problems.append(f"{key}: unknown organisation {row['organisation']!r}")
            if row.get("parent") and row["parent"] not in self.nodes:
                problems.append(f"{key}: unknown parent {row['parent']!r}")
            if row.get("venue") and row["venue"] not in self.nodes:
                problems.append(f"{key}: unknown venue {row['venue']!r}")
        seen = set()
        for e in self.edges:
            for end in ("source", "target"):
                if e[end] not in self.nodes:
                    problems.append(f"{e['where']}: edge {e['source']} → {e['target']}: unknown {end} {e[end]!r}")
            if e.get("context") and e["context"] not in self.nodes:
                problems.append(f"{e['where']}: edge {e['source']} → {e['target']}: unknown context {e['context']!r}")
            directed = RELATIONS[e["relation"]][0]
            ends = (e["source"], e["target"]) if directed else tuple(sorted((e["source"], e["target"])))
            ident = (ends, e["relation"], e.get("context"), e.get("role"))
            if ident in seen:
                problems.append(f"{e['where']}: duplicate edge {e['source']} {e['relation']} {e['target']} "
                                f"(context {e.get('context')})")
            seen.add(ident)
            if e["source"] == e["target"]:
                problems.append(f"{e['where']}: self-loop on {e['source']}")
            if "start" in e and "end" in e and str(e["start"])[:4] > str(e["end"])[:4]:
                problems.append(f"{e['where']}: edge {e['source']} → {e['target']}: start after end")
        for child, parents in self.territory_parents.items():
            for parent in parents:
                if parent not in self.nodes:
                    problems.append(f"{child}: container {parent!r} unknown")
                    continue
                cs, ps = self.nodes[child].get("scale"), self.nodes[parent].get("scale")
                if cs and ps and SCALES.index(cs) > SCALES.index(ps):
                    problems.append(f"{child} ({cs}) part_of {parent} ({ps}): child above parent")
        if problems:
            raise SourceError("\n".join(problems))

    # -- output
    def drop_label_aliases(self) -> None:
        """An alias equal to the label (an official name the report also uses) says nothing."""
        for row in self.nodes.values():
            if row.get("aliases"):
                kept = [a for a in row["aliases"] if a != row.get("label")]
                row["aliases"] = kept or None

    def ordered_nodes(self) -> List[Dict[str, Any]]:
        kind_rank = {k: i for i, k in enumerate(["organisation", "person", "programme", "event",
                                                 "resource", "territory"])}
        scale_rank = {s: i for i, s in enumerate(SCALES)}
        def sort_key(key: str) -> tuple:
            row = self.nodes[key]
            if row["kind"] == "territory":
                return (kind_rank["territory"], -scale_rank.get(row.get("scale"), -1), key)
            return (kind_rank[row["kind"]], self.node_order.index(key), key)
        return [self.nodes[k] for k in sorted(self.nodes, key=sort_key)]


def render_csv(rows: List[Dict[str, Any]], columns: List[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue()


SCALE_LABELS = {
    "quartier": "Quartier", "commune": "Commune", "epci": "Intercommunalité",
    "bassin": "Bassin (PETR, pays, PNR, SCoT)", "departement": "Département", "region": "Région",
    "interregion": "Interrégion, massif", "national": "National", "europe": "Européen",
    "international": "International",
}
# Table Schema types of the columns (a list is '|'-separated).
NODE_TYPES = {"start": "date", "end": "date", "aliases": "list", "figures": "list", "page": "integer"}
EDGE_TYPES = {"weight": "number", "start": "date", "end": "date", "page": "integer"}


def _fields(columns: List[str], types: Dict[str, str]) -> List[Dict[str, Any]]:
    out = []
    for name in columns:
        field: Dict[str, Any] = {"name": name, "type": types.get(name, "string")}
        if field["type"] == "list":
            field["delimiter"] = "|"
            field["itemType"] = "string"
        if name == "key":
            field["constraints"] = {"required": True, "unique": True}
        out.append(field)
    return out


def _resource(name: str, fields: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": fields, "missingValues": [""]}}


def render_package(dataset: Dataset, official: Optional[Official]) -> str:
    """datapackage.json: the tables' schemas, the registry, the ladder and the metadata."""
    nodes = _resource("nodes", _fields(NODE_COLUMNS, NODE_TYPES))
    nodes["schema"]["primaryKey"] = ["key"]
    edges = _resource("edges", _fields(EDGE_COLUMNS, EDGE_TYPES))
    edges["schema"]["foreignKeys"] = [
        {"fields": end, "reference": {"resource": "nodes", "fields": "key"}} for end in ("source", "target")]
    meta: Dict[str, Any] = dict(dataset.metadata)
    meta["dataset"] = "fabrique-2024"
    meta["relations_registered"] = sorted(EXTRA_RELATIONS)
    meta["official_territories_source"] = (
        f"@etalab/decoupage-administratif {official.version if official else 'unknown'} (MIT)")
    entries = []
    for name in sorted(meta):
        value = meta[name]
        if isinstance(value, bool) or not isinstance(value, (int, str, list)):
            raise SourceError(f"metadata {name!r}: only integers, strings and lists of strings")
        kind = "int64" if isinstance(value, int) else "list" if isinstance(value, list) else "string"
        entries.append({"name": name, "type": kind, "value": value})
    package = {
        "profile": "tabular-data-package",
        "name": "fabrique-2024",
        "title": "L'alliance de La Fabrique des transitions (Bilan 2024)",
        "description": ("Facts read from La Fabrique des transitions' report Bilan 2024 (whose text "
                        "states no licence) and short quotations, each with its section; see README.md."),
        "licenses": [{"name": "BSD-3-Clause", "title": "the curation, part of maillage"},
                     {"name": "MIT", "title": "official territory names, codes and nesting "
                                              "(@etalab/decoupage-administratif)"}],
        "resources": [nodes, edges],
        "maillage:relations": [{"name": name, "directed": d, "category": c} for name, (d, c) in RELATIONS.items()],
        "maillage:scales": [{"id": sid, "label": SCALE_LABELS[sid]} for sid in SCALES],
        "maillage:metadata": entries,
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def full_days(edges: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Edges with a bare year in start/end written as a day (1 January / 31 December), as the
    package's date type wants; the values read are the same."""
    out = []
    for edge in edges:
        edge = dict(edge)
        for name, suffix in (("start", "-01-01"), ("end", "-12-31")):
            value = edge.get(name)
            if value is not None and re.fullmatch(r"\d{4}", str(value)):
                edge[name] = f"{value}{suffix}"
        out.append(edge)
    return out


def render_metadata(dataset: Dataset, official: Optional[Official]) -> str:
    """metadata.csv: one row per metadata entry — name, type (int, string or list), value."""
    meta: Dict[str, Any] = dict(dataset.metadata)
    meta["dataset"] = "fabrique-2024"
    meta["relations_registered"] = sorted(EXTRA_RELATIONS)
    meta["official_territories_source"] = (
        f"@etalab/decoupage-administratif {official.version if official else 'unknown'} (MIT)")
    rows = []
    for name in sorted(meta):
        value = meta[name]
        if isinstance(value, bool) or not isinstance(value, (int, str, list)):
            raise SourceError(f"metadata {name!r}: only integers, strings and lists of strings")
        kind = "int" if isinstance(value, int) else "list" if isinstance(value, list) else "string"
        rows.append({"name": name, "type": kind, "value": value})
    return render_csv(rows, ["name", "type", "value"])


def build(source_dir: Path, official: Optional[Official]) -> Tuple[Dict[str, str], Dataset]:
    dataset = Dataset()
    files = sorted(source_dir.glob("*.toml"))
    if not files:
        raise SourceError(f"no .toml source in {source_dir}")
    for path in files:
        dataset.read_file(path)
    dataset.complete_territories(official)
    if dataset.extra_parents:
        raise SourceError(f"contains: only official territories can be contained: {sorted(dataset.extra_parents)}")
    dataset.parent_event_edges()
    dataset.date_event_edges()
    dataset.drop_label_aliases()
    dataset.check()
    edges = dataset.edges + dataset.part_of_edges(official)
    outputs = {
        "nodes.csv": render_csv(dataset.ordered_nodes(), NODE_COLUMNS),
        "edges.csv": render_csv(full_days(edges), EDGE_COLUMNS),
        "datapackage.json": render_package(dataset, official),
    }
    dataset.edges = edges
    return outputs, dataset


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--official", type=Path, default=None,
                        help="folder of communes.json, epci.json, ept.json, departements.json, regions.json")
    parser.add_argument("--source", type=Path, default=DATASET / "source")
    parser.add_argument("--out", type=Path, default=DATASET)
    parser.add_argument("--check", action="store_true", help="compare with the files in --out; write nothing")
    args = parser.parse_args(argv)
    folder = args.official or default_official()
    if not (folder / "communes.json").is_file():
        print(f"error: no communes.json in {folder} (pass --official DIR or set MAILLAGE_DECOUPAGE_DIR)",
              file=sys.stderr)
        return 2
    try:
        outputs, dataset = build(args.source, Official(folder))
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.check:
        stale = [name for name, text in outputs.items()
                 if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(stale) + " (run scripts/build_fabrique_2024.py)", file=sys.stderr)
            return 1
        print("up to date")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        with open(args.out / name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    kinds = Counter(row["kind"] for row in dataset.nodes.values())
    relations = Counter(e["relation"] for e in dataset.edges)
    print(f"wrote {args.out}: {len(dataset.nodes)} nodes, {len(dataset.edges)} edges")
    print("  nodes: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("  edges: " + ", ".join(f"{k} {n}" for k, n in relations.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
