"""The content of a report: sections of facts, tables, figures and notes, computed from a Graph.

Nothing here draws or lays out anything: figures are Representations built by the C++ core
(``maillage.systemic``: programme maps, bar charts, heat maps, timelines); this module chooses
what to show, in which words, and records every number shown so that ``report.json`` holds them.
"""

from __future__ import annotations

import math
import platform
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from .. import __version__, interscale, programmes as pq, systemic
from .._errors import Error
from .._graph import Graph
from ._i18n import Language

#: Sizes above which the expensive parts are cut back (stated on the page).
LARGE_TIES = 100_000  # betweenness sampled, null-model samples reduced
HUGE_TIES = 1_000_000  # null models skipped
BETWEENNESS_SAMPLES = 256
NULL_SAMPLES = 200
NULL_SAMPLES_LARGE = 20
MAX_PROGRAMME_SECTIONS = 40
MAX_MAP_NODES = 400
PROJECTION_PAIRS = 2_000_000  # above this many pairs, a one-mode projection is not drawn
TABLE_ROWS = 40

#: English names of the default scale ladder (the graph's own labels are French).
SCALE_NAMES_EN = {
    "quartier": "Neighbourhood", "commune": "Commune", "epci": "Intercommunality", "bassin": "Basin (PETR, pays, PNR, SCoT)",
    "departement": "Département", "region": "Région", "interregion": "Inter-region, massif", "national": "National",
    "europe": "European", "international": "International",
}


@dataclass
class Table:
    name: str
    caption: str
    frame: pd.DataFrame  # display: translated headers, formatted texts
    data: pd.DataFrame  # raw values (CSV and JSON)
    note: str = ""
    total_rows: int = 0


@dataclass
class Figure:
    name: str
    caption: str
    representation: "systemic.Representation"


@dataclass
class Fact:
    key: str
    label: str
    value: Any
    text: str
    source: str = ""


@dataclass
class Block:
    kind: str  # "paragraph", "note", "missing", "table", "figure", "facts"
    text: str = ""
    table: Optional[Table] = None
    figure: Optional[Figure] = None
    facts: List[Fact] = field(default_factory=list)


@dataclass
class Section:
    id: str
    title: str
    blocks: List[Block] = field(default_factory=list)
    subsections: List["Section"] = field(default_factory=list)
    numbers: Dict[str, Any] = field(default_factory=dict)

    def paragraph(self, text: str) -> None:
        self.blocks.append(Block("paragraph", text=text))

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text=text))

    def missing(self, text: str) -> None:
        self.blocks.append(Block("missing", text=text))

    def facts(self, facts: List[Fact]) -> None:
        self.blocks.append(Block("facts", facts=facts))
        for f in facts:
            self.numbers[f.key] = _plain(f.value)

    def table(self, table: Table) -> None:
        self.blocks.append(Block("table", table=table))

    def figure(self, figure: Figure) -> None:
        self.blocks.append(Block("figure", figure=figure))


@dataclass
class Content:
    title: str
    subtitle: str
    lang: str
    sections: List[Section]
    metadata: Dict[str, Any]


def _plain(value: Any) -> Any:
    """A JSON-ready value."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is pd.NA or value is pd.NaT or value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


Progress = Callable[[str], None]


class Builder:
    """Computes the sections of a report on one graph."""

    def __init__(self, g: Graph, lang: Language, *, seed: int = 0, programme: Optional[str] = None,
                 previous: Optional[Graph] = None, previous_json: Optional[Dict[str, Any]] = None,
                 source: str = "", step: Optional[Progress] = None, threads: Optional[int] = None,
                 client: Any = None) -> None:
        self.g = g
        self.L = lang
        self._ = lang.gettext
        self.seed = seed
        self.only = programme
        self.previous = previous
        self.previous_json = previous_json
        self.source = source
        self.step = step or (lambda name: None)
        self.threads = threads
        self.client = client  # a Dask client: the null models and betweenness run on its cluster
        self.nodes = g.nodes_frame()
        self.edges = g.edges_frame()
        self.kind = self.nodes["kind"].astype(object)
        labels = self.nodes["label"].astype(object) if "label" in self.nodes.columns else pd.Series(index=self.nodes.index, dtype=object)
        self.label = labels.where(labels.notna(), pd.Series(self.nodes.index, index=self.nodes.index)).astype(object)
        self.ties = int(self.edges["relation"].isin([r for r, spec in g.relations.items() if spec["category"] == "tie"]).sum()) if len(self.edges) else 0
        self.large = self.ties >= LARGE_TIES
        self.huge = self.ties >= HUGE_TIES
        self.has_programmes = bool((self.kind == "programme").any())
        self.has_scales = "scale" in self.nodes.columns and bool(self.nodes["scale"].notna().any())
        self.cutbacks: List[str] = []
        self.timings: Dict[str, float] = {}
        self.tables = pq._tables(g)
        if programme is not None:
            self.tables.check_programme(programme, "report")

    # helpers --------------------------------------------------------------------------------------
    def scale_name(self, sid: Any) -> str:
        if sid is None or (not isinstance(sid, str) and pd.isna(sid)):
            return "–"
        if self.L.code == "en":
            return SCALE_NAMES_EN.get(str(sid), str(sid))
        return str(self.g.scale_labels.get(str(sid), sid))

    def kind_name(self, kind: str) -> str:
        names = {"territory": self._("territories"), "organisation": self._("organisations"),
                 "person": self._("people"), "programme": self._("programmes"), "event": self._("events"),
                 "resource": self._("resources")}
        return names.get(kind, kind)

    def family_name(self, family: Any) -> str:
        if family is None or (not isinstance(family, str) and pd.isna(family)):
            return "–"
        names = {"elu": self._("elected officials"), "agent": self._("local government staff"),
                 "etat": self._("State services"), "socio_economique": self._("socio-economic actors"),
                 "allie": self._("allies"), "financeur": self._("funders"), "media": self._("media"),
                 "recherche": self._("research")}
        return names.get(str(family), str(family))

    def relation_name(self, name: str) -> str:
        names = {"supports": self._("supports"), "animates": self._("animates"), "participates_in": self._("takes part"),
                 "speaks_at": self._("speaks"), "cooperates_with": self._("cooperates"), "funds": self._("funds")}
        return names.get(name, name)

    def lbl(self, key: Any) -> str:
        return str(self.label.get(key, key))

    def source_of(self, key: str) -> str:
        if "provenance" in self.nodes.columns:
            p = self.nodes["provenance"].get(key)
            if isinstance(p, str):
                return p
        return ""

    def fact(self, key: str, label: str, value: Any, text: Optional[str] = None, source: str = "") -> Fact:
        if text is None:
            if isinstance(value, (int, np.integer)):
                text = self.L.integer(value)
            elif isinstance(value, float):
                text = self.L.number(value)
            else:
                text = str(value)
        return Fact(key, label, value, text, source)

    def table(self, name: str, caption: str, data: pd.DataFrame, columns: Sequence[Tuple[str, str, str]],
              note: str = "", rows: Optional[int] = TABLE_ROWS) -> Table:
        """A table from ``data``: ``columns`` = (data column, header, format) with format in
        "text", "int", "num", "pct", "p", "z", "date", "list", "scale", "family", "kind"."""
        shown = data if rows is None else data.head(rows)
        headers = [h for _c, h, _f in columns]
        if len(set(headers)) != len(headers):  # a programming error: one column would hide another
            raise ValueError(f"table {name}: duplicate headers {headers}")
        out = {}
        for column, header, fmt in columns:
            values = shown[column] if column in shown.columns else pd.Series([None] * len(shown), index=shown.index)
            out[header] = [self.format(v, fmt) for v in values]
        frame = pd.DataFrame(out, index=range(len(shown)))
        raw = data[[c for c, _h, _f in columns if c in data.columns]].copy()
        if rows is not None and len(data) > rows:
            note = (note + " " if note else "") + self._("The first {shown} rows of {total} are shown; the CSV file holds them all.").format(
                shown=self.L.integer(rows), total=self.L.integer(len(data)))
        return Table(name, caption, frame, raw, note, len(data))

    def format(self, value: Any, fmt: str) -> str:
        L = self.L
        if isinstance(value, (list, tuple, np.ndarray)):
            items = [self.format(v, {"list": "text", "scalelist": "scale", "roles": "role"}.get(fmt, "text")) for v in value]
            return L.join(items, limit=12) if items else "–"
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if fmt == "int":
            return L.integer(value)
        if fmt == "num":
            return L.number(value, 2)
        if fmt == "num3":
            return L.number(value, 3)
        if fmt == "pct":
            return L.percent(value)
        if fmt == "p":
            return L.pvalue(value)
        if fmt == "z":
            return L.signed(value, 1)
        if fmt == "date":
            return L.date(value)
        if fmt == "scale":
            return self.scale_name(value)
        if fmt == "family":
            return self.family_name(value)
        if fmt == "kind":
            return self.kind_name(str(value))
        if fmt == "role":
            return self.relation_name(str(value))
        if fmt == "bool":
            return self._("yes") if bool(value) else self._("no")
        return str(value)

    def timed(self, name: str, fn: Callable[[], Any]) -> Any:
        self.step(name)
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.timings[name] = round(time.perf_counter() - t0, 3)

    # the report -----------------------------------------------------------------------------------
    def build(self) -> Content:
        _ = self._
        sections: List[Section] = []
        title = str(self.g.metadata.get("title") or self.source or "maillage")
        if self.only is not None:
            title = f"{self.lbl(self.only)} — {title}"
        if self.has_programmes:
            self.compare = self.timed("programmes", lambda: pq.compare(self.g, samples=self.null_samples(), seed=self.seed,
                                                                        threads=self.threads, client=self.client))
            self.allies = pq.allies(self.g)
            self.funders = pq.funders(self.g)
        sections.append(self.timed("overview", self.overview))
        sections.append(self.timed("programme sections", self.programme_sections))
        sections.append(self.timed("territories", self.territories))
        sections.append(self.timed("allies", self.actors))
        sections.append(self.timed("structure", self.structure))
        sections.append(self.timed("scales", self.scales))
        sections.append(self.timed("time", self.over_time))
        sections.append(self.method())
        metadata = {
            "title": title,
            "generator": f"maillage {__version__}",
            "lang": self.L.code,
            "seed": self.seed,
            "programme": self.only,
            "source": self.source,
            "date": time.strftime("%Y-%m-%d"),
            "cutbacks": self.cutbacks,
            "timings": self.timings,
            "graph": {k: _plain(v) if not isinstance(v, (list, dict)) else v for k, v in self.g.metadata.items()},
        }
        subtitle = _("Report on the network: who cooperates with whom, across which scales, in which programmes.")
        return Content(title, subtitle, self.L.code, sections, metadata)

    def null_samples(self) -> int:
        if self.huge:
            self.cutbacks.append(self._("Null models skipped: the network has {ties} ties (they are skipped from {limit} on).").format(
                ties=self.L.integer(self.ties), limit=self.L.integer(HUGE_TIES)))
            return 0
        if self.large:
            self.cutbacks.append(self._("Null models reduced to {n} rewirings: the network has {ties} ties.").format(
                n=NULL_SAMPLES_LARGE, ties=self.L.integer(self.ties)))
            return NULL_SAMPLES_LARGE
        return NULL_SAMPLES

    # 1. overview ------------------------------------------------------------------------------------
    def overview(self) -> Section:
        _ = self._
        s = Section("overview", _("The network at a glance"))
        counts = self.kind.value_counts()
        facts = [
            self.fact("nodes", _("nodes"), int(len(self.nodes))),
            self.fact("edges", _("edges"), int(len(self.edges))),
            self.fact("ties", _("ties (cooperation, support, funding, participation)"), self.ties),
        ]
        for kind in ("territory", "organisation", "person", "programme", "event"):
            facts.append(self.fact(f"kind_{kind}", self.kind_name(kind), int(counts.get(kind, 0))))
        if self.has_programmes:
            facts.append(self.fact("allies", _("allies mobilised in programmes"), int(len(self.allies))))
            facts.append(self.fact("funders", _("funders"), int(len(self.funders))))
        meta = self.g.metadata
        for key, label in (("alliance_organisations", _("organisations in the alliance (declared)")),
                           ("alliance_personnes", _("people in the alliance (declared)"))):
            if isinstance(meta.get(key), (int, np.integer)):
                facts.append(self.fact(key, label, int(meta[key]), source=str(meta.get("source", ""))))
        s.facts(facts)
        if self.has_scales:
            share = interscale.vertical_share(self.g)
            if not math.isnan(float(share)):
                s.paragraph(_("{share} of the ties whose two ends have a known scale cross scales (vertical ties): "
                              "{v} vertical, {h} horizontal, {u} with an end of unknown scale.").format(
                    share=self.L.percent(float(share)), v=self.L.integer(share.vertical),
                    h=self.L.integer(share.horizontal), u=self.L.integer(share.unknown)))
                s.numbers["vertical_share"] = float(share)
        bars = pd.Series({self.kind_name(k): int(v) for k, v in counts.items()})
        s.figure(Figure("nodes-by-kind", _("Nodes by kind."),
                        systemic.bar_chart(bars, texts=[self.L.integer(v) for v in bars],
                                           title=_("Nodes by kind"), value_label=_("nodes"),
                                           decimal_mark=self.L.decimal_mark)))
        if self.has_programmes and len(self.compare):
            c = self.compare
            table = self.table("programmes", _("The programmes compared."), c, [
                ("label", _("Programme"), "text"), ("category", _("Category"), "text"),
                ("territories", _("Territories"), "int"), ("allies", _("Allies"), "int"),
                ("funders", _("Funders"), "int"), ("events", _("Events"), "int"), ("ties", _("Ties"), "int"),
                ("vertical_share", _("Vertical share"), "pct"), ("missing_links", _("Missing vertical links"), "int")],
                rows=None)
            s.table(table)
        if not self.has_programmes:
            s.missing(_("No programme in this network: add nodes of kind 'programme' and edges 'participates_in' "
                        "from the territories and actors that take part in them to get one section per programme."))
        return s

    # 2. programmes ----------------------------------------------------------------------------------
    def programme_sections(self) -> Section:
        _ = self._
        s = Section("programmes", _("Programmes"))
        if not self.has_programmes:
            s.missing(_("No programme in this network (nodes of kind 'programme')."))
            return s
        keys = [self.only] if self.only is not None else [k for k in self.compare.index if self.compare.at[k, "territories"] > 0]
        if len(keys) > MAX_PROGRAMME_SECTIONS:
            s.note(_("{n} programmes have territories; the {k} with the most territories get a section.").format(
                n=self.L.integer(len(keys)), k=MAX_PROGRAMME_SECTIONS))
            keys = list(self.compare.loc[keys].sort_values("territories", ascending=False, kind="stable").index[:MAX_PROGRAMME_SECTIONS])
        s.paragraph(_("One section per programme that accompanies territories: its territories and their allies, "
                      "its actor map, the calendar of its events, the share of its ties that cross scales and the "
                      "vertical links it lacks."))
        self.timeline_frame = self.events_frame()
        for i, key in enumerate(keys):
            self.step(f"programme {i + 1}/{len(keys)}")
            s.subsections.append(self.programme_section(key, i))
        s.numbers["sections"] = len(keys)
        return s

    def programme_section(self, key: str, index: int) -> Section:
        _ = self._
        sub = Section(f"programme-{index + 1}", self.lbl(key))
        sub.numbers["key"] = key
        row = self.compare.loc[key] if key in self.compare.index else None
        terr = pq.territories(self.g, key)
        allies = pq.allies(self.g, key)
        funders = pq.funders(self.g, key)
        node = self.nodes.loc[key]
        period = ""
        if "start" in node and not pd.isna(node.get("start")):
            if "end" in node and not pd.isna(node.get("end")):
                period = self.L.date(node["start"]) + " – " + self.L.date(node["end"])
            else:  # an open period: a start date alone would read as a single day
                period = _("since {date}").format(date=self.L.date(node["start"]))
        facts = [
            self.fact("territories", _("territories"), int(len(terr)), source=self.source_of(key)),
            self.fact("allies", _("allies"), int(len(allies))),
            self.fact("funders", _("funders"), int(len(funders))),
            self.fact("events", _("events"), int(row["events"]) if row is not None else 0),
        ]
        if "category" in node and isinstance(node.get("category"), str):
            facts.insert(0, self.fact("category", _("category"), node["category"]))
        if period:
            facts.append(self.fact("period", _("period"), period))
        sub.facts(facts)
        source = self.source_of(key)
        if source:
            sub.note(_("Source: {source}.").format(source=source))
        if len(terr):
            by_role = terr["role"].fillna("–").value_counts()
            sub.paragraph(_("Territories by role: {roles}.").format(
                roles=", ".join(f"{r} ({self.L.integer(n)})" for r, n in by_role.items())))
            sub.numbers["roles"] = {str(r): int(n) for r, n in by_role.items()}
        sub.table(self.table(f"programme-{index + 1}-territories", _("Territories of the programme, with their allies."), terr.reset_index(), [
            ("label", _("Territory"), "text"), ("scale", _("Scale"), "scale"), ("role", _("Role"), "text"),
            ("code", _("Official code"), "text"), ("departement", _("Département"), "text"),
            ("region", _("Région"), "text"), ("population", _("Population"), "int"),
            ("ally_roles", _("Allies (role)"), "list"), ("key", _("Key"), "text")], rows=None))
        actors = pd.concat([allies.assign(as_=_("ally")), funders.assign(as_=_("funder"))]) if len(funders) else allies.assign(as_=_("ally"))
        if len(actors):
            sub.table(self.table(f"programme-{index + 1}-actors", _("Allies and funders of the programme."), actors.reset_index(), [
                ("label", _("Actor"), "text"), ("as_", _("As"), "text"), ("family", _("Family"), "family"),
                ("roles", _("Roles"), "roles"), ("territories", _("Territories reached (all programmes)"), "int"),
                ("programmes", _("Programmes"), "int")]))
        # Actor map of the programme (the core's programme_map), when it stays readable.
        size = len(terr) + len(actors)
        if size < 3:
            pass  # a map of two or three marks says nothing the tables do not
        elif size <= MAX_MAP_NODES:
            try:
                rep = systemic.programme_map(self.g, key, seed=self.seed)
                sub.figure(Figure(f"programme-{index + 1}-map", _("Actor map of the programme: the programme at the centre, "
                                                                   "its territories and actors around it."), rep))
            except Error as error:  # a programme the map cannot draw: say so, keep the report
                sub.note(_("No actor map: {error}").format(error=error))
        else:
            sub.note(_("No actor map: {n} nodes would not be readable.").format(n=self.L.integer(size)))
        # Calendar of its events.
        events = self.timeline_frame
        if events is not None:
            mine = events[events["programme"].isin(self.family_of(key))]
            if len(mine):
                rep = systemic.timeline(mine.assign(group=[self.lbl(p) for p in mine["programme"]]),
                                        title=_("Calendar of the events"), month_names=self.L.month_names())
                sub.figure(Figure(f"programme-{index + 1}-calendar", _("Calendar of the programme's events."), rep))
                sub.numbers["dated_events"] = int(len(mine))
        # Vertical share and missing links.
        if row is not None and self.has_scales and row["ties"] > 0:
            share = row["vertical_share"]
            text = self.L.ngettext("{share} of its {ties} tie with both scales known crosses scales.",
                                   "{share} of its {ties} ties with both scales known cross scales.",
                                   int(row["ties"])).format(share=self.L.percent(share), ties=self.L.integer(int(row["ties"])))
            if not math.isnan(row["z"]):
                text += " " + _("Against degree-preserving rewirings: z = {z}, p = {p} ({verdict}).").format(
                    z=self.L.signed(row["z"]), p=self.L.pvalue(row["p"]), verdict=self.verdict(row["z"], row["p"]))
            sub.paragraph(text)
            sub.numbers.update(vertical_share=_plain(share), z=_plain(row["z"]), p=_plain(row["p"]))
        missing = pq.missing_links(self.g, key)
        official = pq.missing_links(self.g, key, official=True)
        sub.numbers["missing_links"] = int(len(missing))
        sub.numbers["missing_links_official"] = int(len(official))
        if len(missing) or len(official):
            sub.paragraph(_("Missing vertical links: {n} with the containers present in the network, {m} with the "
                            "official containers up to the région.").format(
                n=self.L.integer(len(missing)), m=self.L.integer(len(official))))
            sub.table(self.table(f"programme-{index + 1}-missing", _("Territories without a tie to one of their official "
                                                                    "containers (at most two ties away)."), official, [
                ("territory_label", _("Territory"), "text"), ("container_label", _("Container"), "text"),
                ("container_scale", _("Its scale"), "scale"), ("container_present", _("In the network"), "bool")]))
        return sub

    def family_of(self, key: str) -> List[str]:
        return self.tables.family(key)

    def projection_pairs(self, members: Sequence[str], relations: Sequence[str]) -> int:
        """An upper bound of the pairs a one-mode projection of ``members`` through ``relations``
        would hold: Σ over the other nodes of C(n, 2), n their members (computed before projecting,
        so that a national network is not projected into billions of pairs)."""
        e = self.edges
        chosen = set(members)
        links = e[e["relation"].isin(list(relations))]
        src, dst = links["source"].astype(object), links["target"].astype(object)
        a = pd.concat([dst[src.isin(chosen)], src[dst.isin(chosen)]])
        b = pd.concat([src[src.isin(chosen)], dst[dst.isin(chosen)]])
        other = pd.DataFrame({"other": a.to_numpy(), "member": b.to_numpy()})
        other = other[~other["other"].isin(chosen)].drop_duplicates()
        n = other.groupby("other").size().to_numpy(dtype=np.int64)
        return int((n * (n - 1) // 2).sum())

    def verdict(self, z: float, p: float) -> str:
        _ = self._
        if math.isnan(p) or p >= 0.05:
            return _("not different from chance")
        return _("more than chance") if z > 0 else _("less than chance")

    def events_frame(self) -> Optional[pd.DataFrame]:
        """Dated events with their programme (an ``in_programme`` edge), for the calendars."""
        if "start" not in self.nodes.columns:
            return None
        e = self.edges
        link = e[(e["relation"] == "in_programme")]
        link = link[link["source"].map(self.kind) == "event"]
        link = link[link["target"].map(self.kind) == "programme"]
        if not len(link):
            return None
        first = link.drop_duplicates("source")
        events = self.nodes.loc[first["source"].astype(object)]
        frame = pd.DataFrame({"label": [self.lbl(k) for k in events.index], "programme": first["target"].astype(object).to_numpy(),
                              "start": events["start"].to_numpy(),
                              "end": events["end"].to_numpy() if "end" in events.columns else pd.NaT},
                             index=pd.Index(events.index.astype(object), name="key"))
        frame = frame[frame["start"].notna()]
        frame["tooltip"] = [{self._("Date"): self.L.date(d)} for d in frame["start"]]
        return frame

    # 3. territories ---------------------------------------------------------------------------------
    def territories(self) -> Section:
        _ = self._
        s = Section("territories", _("Territories"))
        if not self.has_programmes:
            s.missing(_("Territories are counted through the programmes they take part in: this network has none."))
            return s
        by_region = pq.coverage(self.g, "region")
        by_dept = pq.coverage(self.g, "departement")
        shared = pq.shared_territories(self.g)
        participants = set()
        t = self.tables
        for p in t.programme_keys:
            participants |= set(t.participants(p))
        s.facts([
            self.fact("territories", _("territories taking part in a programme"), len(participants)),
            self.fact("regions", _("régions"), int(len(by_region))),
            self.fact("departements", _("départements"), int(len(by_dept))),
            self.fact("shared", _("territories in several programmes"), int(len(shared))),
        ])
        self.maps(s)
        if len(by_region):
            s.figure(Figure("coverage-regions", _("Territories taking part in programmes, by région."),
                            systemic.bar_chart(by_region.set_index("label")["territories"],
                                               texts=[self.L.integer(v) for v in by_region["territories"]],
                                               title=_("Territories by région"), value_label=_("territories"),
                                               decimal_mark=self.L.decimal_mark)))
            s.table(self.table("coverage-regions", _("Coverage by région."), by_region, [
                ("label", _("Région"), "text"), ("territories", _("Territories"), "int"),
                ("participations", _("Participations"), "int"), ("population", _("Population"), "int"),
                ("programmes", _("Programmes"), "list")], rows=None))
        if len(by_dept):
            s.table(self.table("coverage-departements", _("Coverage by département."), by_dept, [
                ("label", _("Département"), "text"), ("territories", _("Territories"), "int"),
                ("participations", _("Participations"), "int"), ("population", _("Population"), "int"),
                ("programmes", _("Programmes"), "list")]))
        if len(shared):
            s.table(self.table("shared-territories", _("Territories in several programmes."), shared, [
                ("label", _("Territory"), "text"), ("scale", _("Scale"), "scale"),
                ("programmes", _("Programmes"), "int"), ("programme_labels", _("Which"), "list")], rows=None))
        missing = pq.missing_links(self.g)
        official = pq.missing_links(self.g, official=True)
        s.numbers.update(missing_links=int(len(missing)), missing_links_official=int(len(official)))
        s.paragraph(_("Vertical links missing: {n} pairs (territory, container) when only the containers present in "
                      "the network count (the default definition), {m} when every official container up to the "
                      "région counts, present or not.").format(n=self.L.integer(len(missing)), m=self.L.integer(len(official))))
        if len(official):
            names = official.drop_duplicates(["territory", "container"])
            s.table(self.table("missing-links", _("Territories with no tie to one of their containers (commune → "
                                                  "intercommunality → département → région), at most two ties away."), names, [
                ("territory_label", _("Territory"), "text"), ("container_label", _("Container"), "text"),
                ("container_scale", _("Its scale"), "scale"), ("container_present", _("In the network"), "bool"),
                ("programme_label", _("Programme"), "text")]))
        return s

    def maps(self, s: Section) -> None:
        """The map of France of the programmes' territories and the choropleth of accompanied
        territories per département (systemic.geo_map), when territories can be placed."""
        _ = self._
        try:
            by_programme = systemic.geo_map(self.g, color_by="programme", relation="participates_in",
                                            title=_("Territories of the programmes"))
        except Error as error:
            s.note(_("No map: {error}").format(error=error))
            return
        meta = by_programme.metadata
        unknown = meta.get("unknown") or []
        placed = int(meta.get("points") or 0)
        s.numbers.update(map_placed=int(max(placed, 0)), map_unknown=int(len(unknown)))
        if placed <= 0:
            s.missing(_("No territory could be placed on a map of France: give territories official keys "
                        "(commune:INSEE, epci:SIREN, departement:code, region:code) or resolve them "
                        "(read_csv(..., resolve_territories=True))."))
            return
        s.figure(Figure("map", _("Map of France: the territories of the programmes, coloured by programme "
                                 "(overseas départements in insets)."), by_programme))
        if unknown:
            s.note(_("Territories without a known position (in the box of the map): {names}.").format(
                names=self.L.join([self.lbl(k) for k in unknown], limit=20)))
        try:
            choropleth = systemic.geo_map(self.g, choropleth="departement", relation="participates_in",
                                          title=_("Accompanied territories per département"))
        except Error as error:
            s.note(_("No map: {error}").format(error=error))
            return
        s.figure(Figure("map-departements", _("Territories taking part in a programme, per département (régions "
                                              "and groupings across départements are not counted)."), choropleth))

    # 4. allies and funders --------------------------------------------------------------------------
    def actors(self) -> Section:
        _ = self._
        s = Section("allies", _("Allies and funders"))
        if not self.has_programmes:
            s.missing(_("Allies and funders are read through programmes: this network has none."))
            return s
        a, f = self.allies, self.funders
        s.facts([self.fact("allies", _("allies"), int(len(a))), self.fact("funders", _("funders"), int(len(f)))])
        if len(a):
            top = a.head(15)
            s.figure(Figure("allies-reach", _("The most mobilised allies: territories reached, directly or through a programme."),
                            systemic.bar_chart(top.set_index("label")["territories"],
                                               texts=[self.L.integer(v) for v in top["territories"]],
                                               title=_("Territories reached by ally"), value_label=_("territories"),
                                               decimal_mark=self.L.decimal_mark)))
            s.table(self.table("allies", _("Allies, most mobilised first."), a, [
                ("label", _("Ally"), "text"), ("family", _("Family"), "family"), ("programmes", _("Programmes"), "int"),
                ("territories", _("Territories reached"), "int"), ("direct_territories", _("Directly"), "int"),
                ("programme_labels", _("Which"), "list")]))
        if len(f):
            s.table(self.table("funders", _("Funders and what they reach."), f, [
                ("label", _("Funder"), "text"), ("funded", _("Funds"), "list"), ("programmes", _("Programmes"), "int"),
                ("territories", _("Territories reached"), "int"), ("funds_association", _("Funds an organisation"), "bool")],
                rows=None))
        return s

    # 5. structure -----------------------------------------------------------------------------------
    def structure(self) -> Section:
        from .._centrality import betweenness_centrality
        from .._community import adjusted_rand_index, bipartite_projection, louvain_communities, normalized_mutual_info

        _ = self._
        s = Section("structure", _("Who holds the network together"))
        if self.has_scales:
            b = pq.brokers(self.g, top=15)
            if len(b):
                s.paragraph(_("Brokers between scales: actors on the path between two others of different scales "
                              "(Gould and Fernandez's roles; a liaison links two actors of two other scales)."))
                s.table(self.table("brokers", _("Brokers between scales (actors)."), b, [
                    ("label", _("Actor"), "text"), ("scale", _("Scale"), "scale"), ("liaison", _("Liaison"), "int"),
                    ("gatekeeper", _("Gatekeeper"), "int"), ("representative", _("Representative"), "int"),
                    ("total", _("All roles"), "int")], rows=None))
        else:
            s.missing(_("No node has a scale: add a 'scale' column (commune, epci, departement, region, national…) "
                        "to find the brokers between scales."))
        actors = [k for k in self.nodes.index if self.kind[k] in pq.ACTOR_KINDS]
        pairs = self.projection_pairs(actors, pq.ALLY_RELATIONS)
        if pairs > PROJECTION_PAIRS:
            self.cutbacks.append(_("Betweenness of the actor projection skipped: the projection would hold about "
                                   "{pairs} pairs of actors.").format(pairs=self.L.integer(pairs)))
        elif len(actors) >= 3:
            projected = bipartite_projection(self.g, nodes=actors, relations=pq.ALLY_RELATIONS)
            if projected.number_of_edges():
                k = BETWEENNESS_SAMPLES if projected.number_of_nodes() > 5_000 or self.large else None
                if k is not None:
                    self.cutbacks.append(_("Betweenness of the actor projection estimated from {k} sampled sources.").format(k=k))
                bc = betweenness_centrality(projected.view(), k=k, seed=self.seed, client=self.client) if k is not None else betweenness_centrality(projected.view(), client=self.client)
                top = bc.sort_values(ascending=False, kind="stable").head(15)
                frame = pd.DataFrame({"label": [self.lbl(x) for x in top.index], "betweenness": top.to_numpy(),
                                      "family": [self.nodes["family"].get(x) if "family" in self.nodes.columns else None for x in top.index]},
                                     index=top.index)
                s.paragraph(_("Betweenness on the actor projection: two actors are linked when they take part in, "
                              "support or animate the same programme, event or territory; a high betweenness marks an "
                              "actor on many shortest paths between the others."))
                s.table(self.table("betweenness", _("Actors with the highest betweenness (normalised)."), frame, [
                    ("label", _("Actor"), "text"), ("family", _("Family"), "family"), ("betweenness", _("Betweenness"), "num3")],
                    rows=None))
        if self.has_programmes:
            self.communities_vs_regions(s, bipartite_projection, louvain_communities, normalized_mutual_info, adjusted_rand_index)
        return s

    def communities_vs_regions(self, s: Section, bipartite_projection, louvain, nmi, ari) -> None:
        _ = self._
        t = self.tables
        participants: List[str] = []
        for p in t.programme_keys:
            participants += [k for k in t.participants(p) if k not in participants]
        if len(participants) < 4:
            return
        facts = t.territory_facts(participants)
        regions = facts["region_label"]
        placed = [k for k in participants if isinstance(regions.get(k), str)]
        pairs = self.projection_pairs(placed, ("participates_in", "supports"))
        if pairs > PROJECTION_PAIRS:
            self.cutbacks.append(_("Communities of territories skipped: the projection would hold about {pairs} "
                                   "pairs of territories.").format(pairs=self.L.integer(pairs)))
            return
        projected = bipartite_projection(self.g, nodes=placed, relations=("participates_in", "supports"))
        if projected.number_of_edges() == 0:
            return
        communities = louvain(projected, seed=self.seed)
        region_of = regions.reindex(communities.index)
        score_nmi, score_ari = nmi(communities, region_of), ari(communities, region_of)
        s.numbers.update(communities=int(communities.nunique()), nmi_regions=float(score_nmi), ari_regions=float(score_ari))
        s.paragraph(_("Do régions make groups? Territories are linked when they share a programme or an ally; Louvain "
                      "finds {k} communities among {n} territories. Their agreement with the régions: normalised mutual "
                      "information {nmi}, adjusted Rand index {ari} (1 = the same groups, 0 = no more than chance).").format(
            k=self.L.integer(communities.nunique()), n=self.L.integer(len(communities)),
            nmi=self.L.number(score_nmi, 2), ari=self.L.number(score_ari, 2)))
        cross = pd.crosstab(region_of, communities)
        cross.columns = [_("C{n}").format(n=int(c) + 1) for c in cross.columns]
        cross.index.name = None
        s.figure(Figure("communities-regions", _("Territories by région (rows) and community (columns)."),
                        systemic.heat_map(cross.astype(float), texts=cross.map(lambda v: self.L.integer(v) if v else ""),
                                          title=_("Communities against régions"), row_label=_("région"),
                                          column_label=_("community"), decimal_mark=self.L.decimal_mark)))

    # 6. scales --------------------------------------------------------------------------------------
    def scales(self) -> Section:
        from .._nullmodel import significance

        _ = self._
        s = Section("scales", _("Cooperation across scales"))
        if not self.has_scales:
            s.missing(_("No node has a scale: add a 'scale' column (commune, epci, departement, region, national…) "
                        "to measure cooperation across scales."))
            return s
        share = interscale.vertical_share(self.g)
        if math.isnan(float(share)):
            s.missing(_("No tie has two ends of known scale."))
            return s
        s.paragraph(_("A tie is vertical when its two ends act at different scales (a commune and its région), "
                      "horizontal when they act at the same scale (two intercommunalities)."))
        facts = [self.fact("vertical_share", _("vertical share"), float(share), self.L.percent(float(share))),
                 self.fact("vertical", _("vertical ties"), int(share.vertical)),
                 self.fact("horizontal", _("horizontal ties"), int(share.horizontal)),
                 self.fact("unknown", _("ties with an end of unknown scale"), int(share.unknown))]
        samples = NULL_SAMPLES_LARGE if self.large else NULL_SAMPLES
        if not self.huge:
            r = significance(self.g, "vertical_share", samples=samples, seed=self.seed, threads=self.threads,
                             client=self.client).iloc[0]
            facts.append(self.fact("null_mean", _("expected by chance (mean of rewirings)"), float(r["mean"]), self.L.percent(r["mean"])))
            facts.append(self.fact("z", _("z-score"), float(r["z"]), self.L.signed(r["z"])))
            facts.append(self.fact("p", _("p-value"), float(r["p"]), self.L.pvalue(r["p"])))
            s.paragraph(_("Against chance: over {n} rewirings that keep every actor's number of ties of each relation, "
                          "the vertical share is {mean} ± {std}; the observed share, {obs}, is {verdict} (z = {z}, p = {p}).").format(
                n=self.L.integer(samples), mean=self.L.percent(r["mean"]), std=self.L.percent(r["std"]),
                obs=self.L.percent(float(share)), verdict=self.verdict(r["z"], r["p"]), z=self.L.signed(r["z"]),
                p=self.L.pvalue(r["p"])))
        s.facts(facts)
        mix = interscale.mixing_matrix(self.g)
        if len(mix):
            named = mix.copy()
            named.index = [self.scale_name(i) for i in mix.index]
            named.columns = [self.scale_name(c) for c in mix.columns]
            s.figure(Figure("scale-mixing", _("Ties between scales: each cell counts the ties between an actor of the "
                                              "row's scale and one of the column's (both orientations)."),
                            systemic.heat_map(named.astype(float), texts=named.map(lambda v: self.L.integer(v) if v else ""),
                                              title=_("Mixing of scales"), row_label=_("scale"), column_label=_("scale"),
                                              decimal_mark=self.L.decimal_mark)))
            s.numbers["mixing"] = {str(i): {str(c): int(mix.loc[i, c]) for c in mix.columns} for i in mix.index}
        if self.has_programmes and len(self.compare):
            c = self.compare[self.compare["ties"] > 0]
            c = c[c["vertical_share"].notna()]
            if len(c):
                s.paragraph(_("Per programme: the share of its ties (those whose context is the programme) that cross "
                              "scales, and whether it departs from chance (z and p against rewirings)."))
                s.figure(Figure("vertical-share-programmes", _("Vertical share of the ties of each programme."),
                                systemic.bar_chart(c.set_index("label")["vertical_share"] * 100,
                                                   texts=[self.L.percent(v) for v in c["vertical_share"]],
                                                   title=_("Vertical share by programme"), value_label="%",
                                                   decimal_mark=self.L.decimal_mark)))
                s.table(self.table("vertical-share", _("Vertical share by programme against chance."), c, [
                    ("label", _("Programme"), "text"), ("ties", _("Ties"), "int"),
                    ("vertical_share", _("Vertical share"), "pct"), ("z", "z", "z"), ("p", "p", "p")], rows=None))
        return s

    # 7. time ----------------------------------------------------------------------------------------
    def over_time(self) -> Section:
        _ = self._
        s = Section("time", _("Over time"))
        events = self.nodes[self.kind == "event"] if "start" in self.nodes.columns else self.nodes.iloc[0:0]
        dated = events[events["start"].notna()] if "start" in events.columns else events
        if len(dated):
            months = pd.to_datetime(dated["start"]).dt.to_period("M")
            counts = months.value_counts().sort_index()
            full = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
            counts = counts.reindex(full, fill_value=0)
            labels = [self.L.month(p.year, p.month) for p in counts.index]
            s.figure(Figure("events-per-month", _("Events per month."),
                            systemic.bar_chart(pd.Series(counts.to_numpy(), index=labels), horizontal=False,
                                               texts=[self.L.integer(v) for v in counts], title=_("Events per month"),
                                               value_label=_("events"), decimal_mark=self.L.decimal_mark)))
            s.numbers["events_per_month"] = {str(p): int(v) for p, v in counts.items()}
        if "start" in self.edges.columns and self.edges["start"].notna().any():
            years = pd.to_datetime(self.edges["start"].dropna()).dt.year.value_counts().sort_index()
            s.figure(Figure("ties-by-year", _("Edges by the year they start."),
                            systemic.bar_chart(pd.Series(years.to_numpy(), index=[str(y) for y in years.index]),
                                               horizontal=False, texts=[self.L.integer(v) for v in years],
                                               title=_("Edges by start year"), value_label=_("edges"),
                                               decimal_mark=self.L.decimal_mark)))
            s.numbers["edges_by_year"] = {str(y): int(v) for y, v in years.items()}
        if not len(dated) and not ("start" in self.edges.columns and self.edges["start"].notna().any()):
            s.missing(_("No date in this network: give events a 'start' (and 'end') and edges a 'start' and 'end' "
                        "(YYYY-MM-DD or a year) to see it over time."))
        if self.previous is not None or self.previous_json is not None:
            self.changes(s)
        return s

    def changes(self, s: Section) -> None:
        _ = self._
        now_nodes = set(map(str, self.nodes.index))
        now_edges = set(zip(self.edges["source"].astype(str), self.edges["target"].astype(str), self.edges["relation"].astype(str)))
        if self.previous is not None:
            pn = self.previous.nodes_frame()
            pe = self.previous.edges_frame()
            old_nodes = set(map(str, pn.index))
            old_edges = set(zip(pe["source"].astype(str), pe["target"].astype(str), pe["relation"].astype(str)))
            old_label = pn["label"].astype(object).to_dict() if "label" in pn.columns else {}
        else:
            members = self.previous_json.get("members") or {}
            old_nodes = set(members.get("nodes", []))
            old_edges = {tuple(e) for e in members.get("edges", [])}
            old_label = {}
        added, lost = sorted(now_nodes - old_nodes), sorted(old_nodes - now_nodes)
        ties_added, ties_lost = now_edges - old_edges, old_edges - now_edges
        s.paragraph(_("Since the previous version: {a} nodes added, {l} lost; {ea} edges added, {el} lost.").format(
            a=self.L.integer(len(added)), l=self.L.integer(len(lost)), ea=self.L.integer(len(ties_added)),
            el=self.L.integer(len(ties_lost))))
        s.numbers["changes"] = {"nodes_added": len(added), "nodes_lost": len(lost), "edges_added": len(ties_added),
                                "edges_lost": len(ties_lost)}
        rows = [{"change": _("added"), "key": k, "label": self.lbl(k), "kind": self.kind.get(k)} for k in added] + \
               [{"change": _("lost"), "key": k, "label": str(old_label.get(k, k)), "kind": None} for k in lost]
        if rows:
            s.table(self.table("changes", _("Nodes added and lost."), pd.DataFrame(rows), [
                ("change", _("Change"), "text"), ("label", _("Node"), "text"), ("kind", _("Kind"), "kind"),
                ("key", _("Key"), "text")]))

    # 8. method ----------------------------------------------------------------------------------------
    def method(self) -> Section:
        _ = self._
        s = Section("method", _("Method and data"))
        meta = self.g.metadata
        facts = [self.fact("version", _("maillage version"), __version__),
                 self.fact("seed", _("seed"), self.seed, str(self.seed)),
                 self.fact("null_samples", _("rewirings per null model"), NULL_SAMPLES_LARGE if self.large else NULL_SAMPLES),
                 self.fact("python", _("Python"), platform.python_version()),
                 self.fact("pandas", _("pandas"), pd.__version__)]
        s.facts(facts)
        if self.source:
            s.paragraph(_("Data: {source}.").format(source=self.source))
        if meta.get("source"):
            s.paragraph(_("Source of the facts: {source}. Every territory, actor and tie of the tables above carries the "
                          "page of the source it comes from (the CSV files hold it, in the key's row of the data).").format(
                source=meta["source"]))
        for line in self.cutbacks:
            s.note(line)
        s.paragraph(_("Definitions. Vertical tie: a tie whose two ends act at different scales (an actor's scale is "
                      "its own, else that of the territory it represents or is located in). Missing vertical link: a "
                      "territory taking part in a programme with no path of at most two ties to one of its containers. "
                      "Null model: ties rewired many times keeping every actor's number of ties of each relation; z is "
                      "(observed − mean)/standard deviation, p the two-sided share of rewirings at least as far from "
                      "the mean. Brokerage: Gould and Fernandez's roles with the scales as groups."))
        if self.has_programmes:
            pages = []
            for key in self.compare.index:
                src = self.source_of(key)
                if src:
                    pages.append({"label": self.lbl(key), "source": src})
            if pages:
                s.table(self.table("sources", _("Where each programme comes from."), pd.DataFrame(pages), [
                    ("label", _("Programme"), "text"), ("source", _("Source"), "text")], rows=None))
        return s
