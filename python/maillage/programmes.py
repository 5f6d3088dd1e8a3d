"""Questions about programmes, territories, allies and funders, answered in one call each.

The alliance's readers ask the same questions of their network: which territories does each
programme accompany, with which allies; which funders reach which territories; which territories
take part in several programmes; which lack a tie to their département or région; who bridges the
cohorts; how do the programmes compare. Each function here answers one of them on any
:class:`maillage.Graph` that follows the contract (``docs/api-contract.md``): node kinds
``programme``, ``territory``, ``organisation``, ``person`` (and ``event``); relations
``participates_in`` (a territory or an actor takes part in a programme), ``supports`` (an ally
supports a territory, with ``context`` = the programme), ``funds``, ``animates``, ``speaks_at``,
``cooperates_with``, ``in_programme`` (an event of a programme), ``member_of``, ``represents``,
``part_of``. Programmes nest through their ``parent`` attribute (the two regional cohorts inside
their umbrella programme).

Every function returns a DataFrame indexed by key, with readable labels; official territories
(``commune:``, ``epci:``, ``departement:``, ``region:`` keys) get their code, département, région and
population from the embedded official divisions (:func:`maillage.datasets.france_territories`).
Definitions and examples: ``docs/programmes.md``.

These are queries over the graph's tables (selection and joins, linear in its size); the measures
they report (vertical shares, null models, brokerage, missing links) come from the C++ kernels.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np
import pandas as pd

from ._errors import InvalidInput, NotFound
from ._graph import Graph

__all__ = [
    "programmes",
    "territories",
    "allies",
    "funders",
    "compare",
    "shared_territories",
    "shared_actors",
    "missing_links",
    "brokers",
    "coverage",
    "ACTOR_KINDS",
    "ALLY_RELATIONS",
]

#: Node kinds counted as actors (allies, funders, brokers).
ACTOR_KINDS = ("organisation", "person")
#: Relations by which an actor is mobilised in a programme (to the programme, to one of its events,
#: or to a territory with the programme as context).
ALLY_RELATIONS = ("supports", "animates", "participates_in", "speaks_at", "cooperates_with")
_OFFICIAL_PREFIXES = ("commune:", "commune-deleguee:", "commune-associee:", "arrondissement:", "epci:", "ept:",
                      "departement:", "region:")


# ------------------------------------------------------------------------------------------ tables
class _Tables:
    """The graph's frames and the lookups every question needs, computed once per call."""

    def __init__(self, g: Graph) -> None:
        if not isinstance(g, Graph):
            raise TypeError(f"expected a maillage.Graph, not {type(g).__name__}")
        self.graph = g
        self.nodes = g.nodes_frame()
        self.edges = g.edges_frame()
        nodes = self.nodes
        self.kind = nodes["kind"].astype(object)
        labels = nodes["label"].astype(object) if "label" in nodes.columns else pd.Series(index=nodes.index, dtype=object)
        self.label = labels.where(labels.notna(), pd.Series(nodes.index, index=nodes.index)).astype(object)
        self.label_map: Dict[str, Any] = self.label.to_dict()
        self.kind_map: Dict[str, Any] = self.kind.to_dict()
        self.scale_map: Dict[str, Any] = (nodes["scale"].astype(object).to_dict() if "scale" in nodes.columns else {})
        self.family_map: Dict[str, Any] = (nodes["family"].astype(object).to_dict() if "family" in nodes.columns else {})
        e = self.edges
        self.src = e["source"].astype(object).to_numpy()
        self.dst = e["target"].astype(object).to_numpy()
        self.rel = e["relation"].astype(object).to_numpy()
        self.context = (e["context"].astype(object).where(e["context"].notna(), None).to_numpy()
                        if "context" in e.columns else np.full(len(e), None, dtype=object))
        self.role = (e["role"].astype(object).where(e["role"].notna(), None).to_numpy()
                     if "role" in e.columns else np.full(len(e), None, dtype=object))
        kinds = self.kind.to_dict()
        self.src_kind = np.array([kinds.get(k) for k in self.src], dtype=object)
        self.dst_kind = np.array([kinds.get(k) for k in self.dst], dtype=object)
        self.programme_keys = list(nodes.index[self.kind == "programme"])
        parent = nodes["parent"] if "parent" in nodes.columns else pd.Series(index=nodes.index, dtype=object)
        self.children: Dict[str, List[str]] = defaultdict(list)
        for key in self.programme_keys:
            p = parent.get(key)
            if isinstance(p, str) and p in kinds:
                self.children[p].append(key)
        self._official: Optional[pd.DataFrame] = None
        self._participants: Dict[Any, Dict[str, Tuple[str, Optional[str]]]] = {}
        self._reach: Dict[Any, Any] = {}

    # programmes -------------------------------------------------------------------------------
    def check_programme(self, key: str, what: str) -> None:
        if key not in self.kind.index:
            raise NotFound(f"{what}: unknown programme {key!r}")
        if self.kind[key] != "programme":
            raise InvalidInput(f"{what}: {key!r} is a {self.kind[key]}, not a programme")

    def family(self, programme: str) -> List[str]:
        """The programme and its sub-programmes (by ``parent``), depth first."""
        out, stack, seen = [], [programme], set()
        while stack:
            p = stack.pop()
            if p in seen:
                continue
            seen.add(p)
            out.append(p)
            stack.extend(reversed(self.children.get(p, [])))
        return out

    def participants(self, programme: str, kinds: Sequence[str] = ("territory",),
                     children: bool = True) -> Dict[str, Tuple[str, Optional[str]]]:
        """Nodes of ``kinds`` with a ``participates_in`` edge to the programme or (``children``)
        one of its sub-programmes: key → (the (sub-)programme, role). Memoised."""
        memo_key = (programme, tuple(kinds), children)
        if memo_key in self._participants:
            return self._participants[memo_key]
        family = self.family(programme) if children else [programme]
        if not hasattr(self, "_participates"):
            # programme → [(participant, its kind, role)] of the participates_in edges, built once.
            index: Dict[str, List[Tuple[str, Any, Optional[str]]]] = defaultdict(list)
            for i in np.flatnonzero(self.rel == "participates_in"):
                index[self.dst[i]].append((self.src[i], self.src_kind[i], self.role[i]))
            self._participates = index
        wanted = set(kinds)
        out: Dict[str, Tuple[str, Optional[str]]] = {}
        for via in family:  # family is in rank order: the first (sub-)programme found wins
            for key, kind, role in self._participates.get(via, ()):
                if kind in wanted and key not in out:
                    out[key] = (via, role)
        self._participants[memo_key] = out
        return out

    def supports_by_territory(self) -> Dict[str, List[Tuple[str, Optional[str], Optional[str]]]]:
        """territory → [(actor, role, context)] of the ``supports`` edges from actors, in edge
        order; built once (a report reads it for every programme)."""
        if not hasattr(self, "_supports"):
            out: Dict[str, List[Tuple[str, Optional[str], Optional[str]]]] = defaultdict(list)
            actor = np.isin(self.src_kind, list(ACTOR_KINDS))
            for i in np.flatnonzero((self.rel == "supports") & actor):
                out[self.dst[i]].append((self.src[i], self.role[i], self.context[i]))
            self._supports = out
        return self._supports

    def events_of(self, programme: str) -> List[str]:
        if not hasattr(self, "_events"):
            index: Dict[str, List[str]] = defaultdict(list)
            for i in np.flatnonzero((self.rel == "in_programme") & (self.src_kind == "event")):
                index[self.dst[i]].append(self.src[i])
            self._events = index
        return list(dict.fromkeys(e for p in self.family(programme) for e in self._events.get(p, ())))

    # actors -----------------------------------------------------------------------------------
    def actor_reach(self, relations: Sequence[str]) -> Tuple[Dict[str, Set[str]], Dict[str, Set[str]], Dict[str, Set[str]]]:
        """For every actor: the programmes it is mobilised in through ``relations`` (an edge to the
        programme, to one of its events, or any such edge whose context is the programme), the
        territories it reaches directly (an edge of ``relations`` to a territory), and its roles.
        Memoised (callers must not change the sets returned)."""
        memo_key = tuple(relations)
        if memo_key in self._reach:
            return self._reach[memo_key]
        event_programme: Dict[str, Set[str]] = defaultdict(set)
        for i in np.flatnonzero((self.rel == "in_programme") & (self.src_kind == "event") & (self.dst_kind == "programme")):
            event_programme[self.src[i]].add(self.dst[i])
        programmes: Dict[str, Set[str]] = defaultdict(set)
        territories: Dict[str, Set[str]] = defaultdict(set)
        roles: Dict[str, Set[str]] = defaultdict(set)
        mask = np.isin(self.rel, list(relations))
        for i in np.flatnonzero(mask):
            for actor, actor_kind, other, other_kind in ((self.src[i], self.src_kind[i], self.dst[i], self.dst_kind[i]),
                                                         (self.dst[i], self.dst_kind[i], self.src[i], self.src_kind[i])):
                if actor_kind not in ACTOR_KINDS:
                    continue
                reached: Set[str] = set()
                if other_kind == "programme":
                    reached.add(other)
                elif other_kind == "event":
                    reached |= event_programme.get(other, set())
                elif other_kind == "territory" and actor == self.src[i]:
                    territories[actor].add(other)
                ctx = self.context[i]
                if isinstance(ctx, str) and self.kind_map.get(ctx) == "programme":
                    reached.add(ctx)
                if reached or other_kind == "territory":
                    programmes[actor] |= reached
                    role = self.role[i]
                    roles[actor].add(role if isinstance(role, str) else str(self.rel[i]))
        self._reach[memo_key] = (programmes, territories, roles)
        return programmes, territories, roles

    # territories --------------------------------------------------------------------------------
    @property
    def official(self) -> pd.DataFrame:
        if self._official is None:
            from .datasets import france_territories

            self._official = france_territories().nodes_frame()
        return self._official

    def official_parents(self) -> Dict[str, List[str]]:
        if not hasattr(self, "_official_parents"):
            from .datasets import france_territories

            e = france_territories().edges_frame()
            parents: Dict[str, List[str]] = defaultdict(list)
            for s, d in zip(e["source"].astype(object), e["target"].astype(object)):
                parents[s].append(d)
            self._official_parents = parents
        return self._official_parents

    def ancestors(self, key: str, parents: Dict[str, List[str]]) -> List[str]:
        out, stack, seen = [], list(parents.get(key, [])), {key}
        while stack:
            k = stack.pop(0)
            if k in seen:
                continue
            seen.add(k)
            out.append(k)
            stack.extend(parents.get(k, []))
        return out

    def part_of_parents(self) -> Dict[str, List[str]]:
        parents: Dict[str, List[str]] = defaultdict(list)
        for i in np.flatnonzero(self.rel == "part_of"):
            parents[self.src[i]].append(self.dst[i])
        return parents

    def _official_facts(self) -> Dict[str, Tuple[Any, ...]]:
        """Official key → (code, département key, région key, population), built once."""
        if not hasattr(self, "_facts_table"):
            o = self.official
            codes = o["insee"].astype(object).where(o["insee"].notna(), o["siren"].astype(object))
            dep = o["departement"].astype(object)
            reg = o["region"].astype(object)
            pop = o["population"]
            self._facts_table = {
                k: (c if isinstance(c, str) else None,
                    f"departement:{d}" if isinstance(d, str) else None,
                    f"region:{r}" if isinstance(r, str) else None,
                    None if pd.isna(p) else int(p))
                for k, c, d, r, p in zip(o.index, codes, dep, reg, pop)}
            self._official_label = o["label"].astype(object).to_dict()
        return self._facts_table

    def territory_facts(self, keys: Sequence[str]) -> pd.DataFrame:
        """Official code, département, région (labels and keys) and population of territories: an
        official key (or an ``official_key`` attribute) from the embedded divisions; other
        territories (PETR, PNR, …) take the département and région they lie in through the
        graph's ``part_of`` edges (population missing). O(keys) after a first O(official) call."""
        facts = self._official_facts()
        labels = self._official_label
        if not hasattr(self, "_graph_parents"):
            self._graph_parents = self.part_of_parents()
            self._official_key = (self.nodes["official_key"].astype(object).to_dict()
                                  if "official_key" in self.nodes.columns else {})
        parents, official_key = self._graph_parents, self._official_key
        rows = []
        for key in keys:
            ref = official_key.get(key)
            ref = ref if isinstance(ref, str) else key
            code, dep, reg, pop = facts.get(ref, (None, None, None, None))
            if ref not in facts:
                for a in self.ancestors(key, parents):
                    a_ref = official_key.get(a)
                    a_ref = a_ref if isinstance(a_ref, str) else a
                    if dep is None and a_ref.startswith("departement:"):
                        dep = a_ref
                    if reg is None and a_ref.startswith("region:"):
                        reg = a_ref
                if dep is not None and reg is None and dep in facts:
                    reg = facts[dep][2]
            rows.append((code, dep, labels.get(dep, self.label_of(dep)) if dep else None,
                         reg, labels.get(reg, self.label_of(reg)) if reg else None, pop))
        frame = pd.DataFrame(rows, index=pd.Index(list(keys), name="key", dtype=object),
                             columns=["code", "departement", "departement_label", "region", "region_label", "population"])
        frame["population"] = pd.array([pd.NA if p is None else p for p in frame["population"]], dtype="Int64")
        return frame

    def label_of(self, key: str) -> str:
        return str(self.label_map.get(key, key))

    def labels_of(self, keys: Iterable[str]) -> List[str]:
        m = self.label_map
        return [str(m.get(k, k)) for k in keys]

    def scale_of(self, key: str) -> Optional[str]:
        s = self.scale_map.get(key)
        return s if isinstance(s, str) else None


_CACHE: List[Tuple[Any, "_Tables"]] = []


def _tables(g: Graph) -> _Tables:
    """The tables of ``g``, kept for the last graph asked about: a report asks a dozen questions of
    one graph, and building its frames is the costly part on large graphs. The entry holds the
    graph's core, so its identity cannot be reused while it is cached; a Graph never changes."""
    if not isinstance(g, Graph):
        raise TypeError(f"expected a maillage.Graph, not {type(g).__name__}")
    for core, tables in _CACHE:
        if core is g._g:
            return tables
    tables = _Tables(g)
    _CACHE[:] = [(g._g, tables)]
    return tables


def _string_index(keys: Sequence[str]) -> pd.Index:
    return pd.Index(list(keys), name="key", dtype=object)


def _sorted(frame: pd.DataFrame, by: List[str], ascending: List[bool]) -> pd.DataFrame:
    return frame.sort_values(by, ascending=ascending, kind="stable")


# ------------------------------------------------------------------------------------------ questions
def programmes(g: Graph) -> pd.DataFrame:
    """Every programme, indexed by key: ``label``, ``category``, ``parent``, ``start``, ``end``,
    ``territories`` (taking part, sub-programmes included), ``events``. In graph order."""
    t = _tables(g)
    rows = []
    for key in t.programme_keys:
        n = t.nodes.loc[key]
        rows.append({"label": t.label[key], "category": n.get("category") if "category" in n else None,
                     "parent": n.get("parent") if "parent" in n else None,
                     "start": n.get("start") if "start" in n else pd.NaT, "end": n.get("end") if "end" in n else pd.NaT,
                     "territories": len(t.participants(key)), "events": len(t.events_of(key))})
    frame = pd.DataFrame(rows, index=_string_index(t.programme_keys),
                         columns=["label", "category", "parent", "start", "end", "territories", "events"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def territories(g: Graph, programme: str, *, children: bool = True) -> pd.DataFrame:
    """The territories a programme accompanies (a ``participates_in`` edge to it, or to one of its
    sub-programmes when ``children``), indexed by key in graph order: ``label``, ``scale``,
    ``role`` (as the data says: territoire pilote, collectivité accompagnée, Région…),
    ``via`` (the sub-programme it takes part through), ``code`` (INSEE or SIREN), ``departement``,
    ``region`` (labels; the keys in ``departement_key``, ``region_key``), ``population`` (official
    municipal population, summed for groupings), ``allies`` (labels of the actors that ``support``
    it in this programme) and ``ally_roles`` ("Label (role)")."""
    t = _tables(g)
    t.check_programme(programme, "territories")
    parts = t.participants(programme, children=children)
    order = [k for k in t.nodes.index if k in parts]
    family = set(t.family(programme)) if children else {programme}
    allies: Dict[str, List[Tuple[str, Optional[str]]]] = defaultdict(list)
    supported = t.supports_by_territory()
    for k in order:
        for ally, role, context in supported.get(k, ()):
            if context in family:
                allies[k].append((ally, role))
    facts = t.territory_facts(order)
    frame = pd.DataFrame(
        {
            "label": t.labels_of(order),
            "scale": [t.scale_of(k) for k in order],
            "role": [parts[k][1] for k in order],
            "via": [parts[k][0] for k in order],
            "code": facts["code"].to_list(),
            "departement": facts["departement_label"].to_list(),
            "region": facts["region_label"].to_list(),
            "population": facts["population"].array,
            "departement_key": facts["departement"].to_list(),
            "region_key": facts["region"].to_list(),
            "allies": [[str(t.label_map.get(a, a)) for a, _ in allies.get(k, [])] for k in order],
            "ally_roles": [[f"{t.label_map.get(a, a)} ({r})" if isinstance(r, str) else str(t.label_map.get(a, a))
                            for a, r in allies.get(k, [])] for k in order],
        },
        index=_string_index(order),
    )
    frame.attrs["programme"] = programme
    return frame


#: Above this many (actor, territory) pairs in all, the per-actor territory lists are not built
#: (their counts are): a national network would hold 10^8 of them.
TERRITORY_LIST_LIMIT = 2_000_000


def _actor_frame(t: _Tables, actors: Sequence[str], programmes: Dict[str, Set[str]], direct: Dict[str, Set[str]],
                 roles: Dict[str, Set[str]], extra: Optional[Dict[str, Dict[str, Any]]] = None) -> pd.DataFrame:
    order_of = {k: i for i, k in enumerate(t.nodes.index)}
    keys_in_order = list(t.nodes.index)
    # Territories reached, as bit sets over node positions: a programme's set is built once, an
    # actor's is the union of its programmes' and its own (Python ints: fast unions and counts).
    masks: Dict[str, int] = {}

    def mask_of(p: str) -> int:
        if p not in masks:
            m = 0
            for k in t.participants(p):
                m |= 1 << order_of[k]
            masks[p] = m
        return masks[p]

    unions: List[int] = []
    for a in actors:
        m = 0
        for p in programmes.get(a, ()):
            m |= mask_of(p)
        for k in direct.get(a, ()):
            m |= 1 << order_of[k]
        unions.append(m)
    build_lists = sum(m.bit_count() for m in unions) <= TERRITORY_LIST_LIMIT

    def members(m: int) -> List[str]:
        out = []
        while m:
            low = m & -m
            out.append(keys_in_order[low.bit_length() - 1])
            m ^= low
        return out

    rows = []
    for a, m in zip(actors, unions):
        progs = sorted(programmes.get(a, set()), key=lambda k: order_of.get(k, 0))
        terr_sorted = members(m) if build_lists else None
        family = t.family_map.get(a)
        row = {
            "label": t.label_map.get(a, a),
            "kind": t.kind_map.get(a),
            "family": family if isinstance(family, str) else None,
            "programmes": len(progs),
            "territories": m.bit_count(),
            "direct_territories": len(direct.get(a, set())),
            "programme_labels": t.labels_of(progs),
            "territory_labels": t.labels_of(terr_sorted) if build_lists else None,
            "roles": sorted(roles.get(a, set())),
            "programme_keys": progs,
            "territory_keys": terr_sorted,
        }
        if extra is not None:
            row.update(extra.get(a, {}))
        rows.append(row)
    frame = pd.DataFrame(rows, index=_string_index(actors))
    frame.attrs["territory_lists"] = build_lists
    if len(frame):
        frame["family"] = frame["family"].where(frame["family"].notna(), None)
        frame = _sorted(frame, ["territories", "programmes", "label"], [False, False, True])
    return frame


def allies(g: Graph, programme: Optional[str] = None, *, relations: Sequence[str] = ALLY_RELATIONS) -> pd.DataFrame:
    """The actors (organisations and people) mobilised in the programmes, most mobilised first:
    one row per actor with an edge of ``relations`` to a programme, to one of its events, or to a
    territory (``supports``) — directly or with a programme as ``context``. Columns: ``label``,
    ``kind``, ``family``, ``programmes`` and ``territories`` (counts: a territory is reached
    directly, or through a programme the actor is mobilised in), ``direct_territories``,
    ``programme_labels``, ``territory_labels``, ``roles`` (as the data says, else the relation),
    ``programme_keys``, ``territory_keys``. Sorted by territories, then programmes, then label.
    Above :data:`TERRITORY_LIST_LIMIT` (actor, territory) pairs in all, the territory lists are
    None (the counts stay exact) and ``attrs["territory_lists"]`` is False.
    ``programme``: only the actors of that programme (and its sub-programmes)."""
    t = _tables(g)
    progs, direct, roles = t.actor_reach(relations)
    memo_key = ("allies", tuple(relations))
    if memo_key not in t._reach:
        actors = [k for k in t.nodes.index if t.kind_map[k] in ACTOR_KINDS and (progs.get(k) or direct.get(k))]
        t._reach[memo_key] = _actor_frame(t, actors, progs, direct, roles)
    frame = t._reach[memo_key]
    if programme is not None:
        t.check_programme(programme, "allies")
        family = set(t.family(programme))
        frame = frame[[bool(set(keys) & family) for keys in frame["programme_keys"]]] if len(frame) else frame
    frame = frame.copy()
    frame.attrs["relations"] = list(relations)
    return frame


def funders(g: Graph, programme: Optional[str] = None) -> pd.DataFrame:
    """The funders: one row per actor with a ``funds`` edge, most reaching first — ``label``,
    ``kind``, ``family``, ``programmes`` (funded, directly or as the context of the funding),
    ``territories`` (the territories of those programmes, and those funded directly),
    ``funds_association`` (whether it funds an organisation, e.g. the association as a whole,
    whose reach is then every programme: not counted), ``funded`` (labels of everything it
    funds), and the columns of :func:`allies`."""
    t = _tables(g)
    progs, direct, roles = t.actor_reach(("funds",))
    mask = t.rel == "funds"
    funded: Dict[str, List[str]] = defaultdict(list)
    organisation: Dict[str, bool] = defaultdict(bool)
    for i in np.flatnonzero(mask):
        funded[t.src[i]].append(t.dst[i])
        if t.dst_kind[i] == "organisation":
            organisation[t.src[i]] = True
    if ("funders",) not in t._reach:
        actors = [k for k in t.nodes.index if k in funded]
        extra = {a: {"funds_association": organisation[a], "funded": t.labels_of(dict.fromkeys(funded[a]))} for a in actors}
        t._reach[("funders",)] = _actor_frame(t, actors, progs, direct, roles, extra)
    frame = t._reach[("funders",)]
    if programme is not None:
        t.check_programme(programme, "funders")
        family = set(t.family(programme))
        frame = frame[[bool(set(keys) & family) for keys in frame["programme_keys"]]] if len(frame) else frame
    return frame.copy()


def coverage(g: Graph, by: str = "departement", *, programme: Optional[str] = None) -> pd.DataFrame:
    """Territories taking part in programmes, counted by ``by`` (``"departement"`` or
    ``"region"``): ``label``, ``territories`` (distinct), ``participations`` (territory ×
    programme pairs), ``programmes`` (labels), ``population`` (official population summed over
    the distinct territories, each counted once: a territory inside another counted one — a
    commune and its EPCI, a département and its région — is not added again), indexed by the département's or
    région's key, most territories first. Territories placed in no département (a région, a
    grouping across départements) are counted under their région with ``by="region"`` and left
    out otherwise (``attrs["unplaced"]``)."""
    if by not in ("departement", "region"):
        raise InvalidInput(f"coverage: by must be 'departement' or 'region', not {by!r}")
    t = _tables(g)
    programme_keys = t.programme_keys if programme is None else [programme]
    if programme is not None:
        t.check_programme(programme, "coverage")
    pairs: List[Tuple[str, str]] = []
    for p in programme_keys:
        # Only direct participants: a sub-programme's territories are counted under it.
        direct = {k: v for k, v in t.participants(p).items() if v[0] == p} if programme is None else t.participants(p)
        pairs += [(k, p) for k in direct]
    keys = list(dict.fromkeys(k for k, _ in pairs))
    facts = t.territory_facts(keys)
    groups: Dict[str, Dict[str, Any]] = {}
    unplaced = set()
    for k, p in pairs:
        where = facts.at[k, by]
        if not isinstance(where, str):
            unplaced.add(k)
            continue
        row = groups.setdefault(where, {"label": facts.at[k, f"{by}_label"], "territories": set(), "participations": 0,
                                        "programmes": []})
        row["territories"].add(k)
        row["participations"] += 1
        if p not in row["programmes"]:
            row["programmes"].append(p)
    graph_parents = t.part_of_parents()
    official_parents = t.official_parents()
    rows = []
    for where, row in groups.items():
        # Population once: a territory inside another counted one (a commune and its EPCI, a
        # département and its région) is not added again.
        members = row["territories"]
        outer = [k for k in members
                 if not (set(t.ancestors(k, graph_parents)) | set(t.ancestors(k, official_parents))) & members]
        pops = [facts.at[k, "population"] for k in outer]
        rows.append({"label": row["label"], "territories": len(row["territories"]),
                     "participations": row["participations"], "programmes": t.labels_of(row["programmes"]),
                     "population": int(sum(int(p) for p in pops if not pd.isna(p)))})
    frame = pd.DataFrame(rows, index=pd.Index(list(groups), name="key", dtype=object),
                         columns=["label", "territories", "participations", "programmes", "population"])
    frame = _sorted(frame, ["territories", "label"], [False, True])
    frame.attrs["unplaced"] = sorted(unplaced)
    return frame


def shared_territories(g: Graph, *, min_programmes: int = 2) -> pd.DataFrame:
    """Territories taking part in at least ``min_programmes`` programmes (sub-programmes count on
    their own; an umbrella programme does not add to its cohorts), most first: ``label``,
    ``scale``, ``programmes`` (count), ``programme_labels``, ``programme_keys``."""
    t = _tables(g)
    member: Dict[str, List[str]] = defaultdict(list)
    for p in t.programme_keys:
        for k, (via, _role) in t.participants(p).items():
            if via == p:
                member[k].append(p)
    keys = [k for k in t.nodes.index if len(member.get(k, [])) >= min_programmes]
    frame = pd.DataFrame(
        {"label": t.labels_of(keys), "scale": [t.scale_of(k) for k in keys],
         "programmes": [len(member[k]) for k in keys], "programme_labels": [t.labels_of(member[k]) for k in keys],
         "programme_keys": [member[k] for k in keys]},
        index=_string_index(keys),
    )
    return _sorted(frame, ["programmes", "label"], [False, True]) if len(frame) else frame


def shared_actors(g: Graph, *, relations: Sequence[str] = ALLY_RELATIONS, min_shared: int = 1) -> pd.DataFrame:
    """Pairs of programmes sharing actors (the two-mode actors × programmes network projected onto
    programmes, :func:`maillage.bipartite_projection` with ``weighting="count"``): one row per
    pair with at least ``min_shared`` shared actors, most first — ``programme_a``,
    ``programme_b`` (keys), ``label_a``, ``label_b``, ``shared`` (count), ``actors`` (labels)."""
    from ._community import bipartite_projection

    t = _tables(g)
    progs, _direct, _roles = t.actor_reach(relations)
    pairs = [(a, p) for a in t.nodes.index if t.kind_map[a] in ACTOR_KINDS for p in sorted(progs.get(a, set()))]
    columns = ["programme_a", "programme_b", "label_a", "label_b", "shared", "actors"]
    if not pairs:
        return pd.DataFrame(columns=columns)
    # The two-mode graph programme → actor, projected onto programmes by the core.
    two_mode = Graph.from_frames(
        pd.DataFrame({"key": list(dict.fromkeys([p for _, p in pairs] + [a for a, _ in pairs])),
                      "kind": None}).assign(kind=lambda f: [("programme" if k in set(t.programme_keys) else "actor")
                                                            for k in f["key"]]),
        pd.DataFrame({"source": [p for _, p in pairs], "target": [a for a, _ in pairs], "relation": "participates_in"}),
    )
    projected = bipartite_projection(two_mode, kind="programme", relations=("participates_in",))
    e = projected.edges_frame()
    members: Dict[str, Set[str]] = defaultdict(set)
    for a, p in pairs:
        members[p].add(a)
    order_of = {k: i for i, k in enumerate(t.nodes.index)}
    rows = []
    for s, d, w in zip(e["source"], e["target"], e["weight"]):
        a, b = sorted((str(s), str(d)), key=lambda k: order_of.get(k, 0))
        if w < min_shared:
            continue
        shared = sorted(members[a] & members[b], key=lambda k: order_of.get(k, 0))
        rows.append({"programme_a": a, "programme_b": b, "label_a": t.label_map.get(a, a), "label_b": t.label_map.get(b, b),
                     "shared": int(w), "actors": t.labels_of(shared)})
    frame = pd.DataFrame(rows, columns=columns)
    if len(frame):
        frame = _sorted(frame, ["shared", "label_a", "label_b"], [False, True, True]).reset_index(drop=True)
    return frame


def missing_links(g: Graph, programme: Optional[str] = None, *, official: bool = False,
                  up_to: str = "region") -> pd.DataFrame:
    """The vertical links that are missing, named: for each territory taking part (in
    ``programme``, or in any programme), the containers (commune → EPCI → département → région)
    it has no path of at most two ties to (:func:`maillage.interscale.missing_vertical_links`).

    ``official=False`` (the default definition) checks the containers present in the network;
    ``official=True`` checks every official container up to ``up_to`` from the embedded official
    divisions, present or not, so that a territory of the Aveyron with no tie to the Département
    de l'Aveyron is named although that département is not in the graph. Columns: ``territory``,
    ``territory_label``, ``territory_scale``, ``container``, ``container_label``,
    ``container_scale``, ``container_present``, ``programme`` (key), ``programme_label``; one row
    per (programme, territory, container), programmes in graph order."""
    t = _tables(g)
    if programme is not None:
        t.check_programme(programme, "missing_links")
    memo_key = ("missing", official, up_to if official else None)
    if memo_key not in t._reach:
        t._reach[memo_key] = _all_missing_links(g, t, official, up_to)
    frame = t._reach[memo_key]
    if programme is not None:
        frame = frame[frame["programme"] == programme].reset_index(drop=True)
    frame = frame.copy()
    frame.attrs.update(official=official, up_to=up_to if official else None)
    return frame


def _all_missing_links(g: Graph, t: _Tables, official: bool, up_to: str) -> pd.DataFrame:
    """missing_links of every programme: one resolver and one tie view for all of them (the
    definitions of :func:`maillage.interscale.missing_vertical_links`, which calls the same core
    function per programme)."""
    from . import _core
    from . import interscale
    from .datasets import france_territories

    hierarchy = france_territories() if official else None
    columns = ["territory", "territory_label", "territory_scale", "container", "container_label", "container_scale",
               "container_present", "programme", "programme_label"]
    programme_list = [p for p in t.programme_keys if t.participants(p)]
    if not programme_list:
        return pd.DataFrame(columns=columns)
    highest = -1
    if official:
        if up_to not in g.scales:
            raise InvalidInput(f"missing_links: unknown scale {up_to!r} (the ladder: {', '.join(g.scales)})")
        highest = list(g.scales).index(up_to)
    res, _via = interscale._resolver(g, "unique", ("represents",), hierarchy)
    view = g.view(relations="tie")
    keys = np.array(g._g.keys(), dtype=object)
    hkeys = np.array(res.hierarchy().keys(), dtype=object)
    scales = res.scales()
    hscales = res.hierarchy_scales()
    ladder = list(g.scales)
    parts = {c: [] for c in ("territory", "territory_scale", "container", "container_scale", "container_present", "programme")}
    for p in programme_list:
        territory, container, _n, _u, _pairs, present = _core.missing_vertical_links(
            view._v, res, p, 2, None, official, highest)
        tt, cc = territory.astype(np.int64), container.astype(np.int64)
        parts["territory"] += list(keys[tt])
        parts["container"] += list(hkeys[cc])
        parts["territory_scale"] += [ladder[r] if r >= 0 else None for r in scales[tt]]
        parts["container_scale"] += [ladder[r] if r >= 0 else None for r in hscales[cc]]
        parts["container_present"] += [bool(x) for x in present]
        parts["programme"] += [p] * len(tt)
    if not parts["territory"]:
        return pd.DataFrame(columns=columns)
    official_labels = t.official["label"].astype(object).to_dict() if official else {}

    def label(key: str) -> str:
        if key in t.label_map:
            return str(t.label_map[key])
        return str(official_labels.get(key, key))

    frame = pd.DataFrame(parts)
    for column in ("territory_scale", "container_scale"):
        frame[column] = pd.Categorical(frame[column], categories=ladder, ordered=True)
    frame["territory_label"] = [label(k) for k in frame["territory"]]
    frame["container_label"] = [label(k) for k in frame["container"]]
    frame["programme_label"] = [label(k) for k in frame["programme"]]
    return frame[columns]


def brokers(g: Graph, *, kinds: Sequence[str] = ACTOR_KINDS, top: Optional[int] = None,
            relations: Any = "tie") -> pd.DataFrame:
    """Brokers between scales among actors: Gould–Fernandez brokerage roles
    (:func:`maillage.brokerage`) on the graph's ties, the groups being the actors' resolved scales,
    kept for the nodes of ``kinds`` (organisations and people by default: programmes and events
    broker by construction and are left out unless asked). Columns: ``label``, ``kind``,
    ``scale``, the five roles (``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``,
    ``liaison``) and ``total``; most liaison roles first (a liaison links two nodes of two other
    scales), then by total. ``top``: the first rows only."""
    from ._brokerage import brokerage

    t = _tables(g)
    view = g.view(relations=relations, directed=False)
    columns = ["label", "kind", "scale", "coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]
    if view.number_of_edges() == 0 or "scale" not in t.nodes.columns:
        return pd.DataFrame(columns=columns)
    roles = brokerage(view, "scale", missing="drop", actor_scale="unique")
    keep = [k for k in roles.index if t.kind_map.get(k) in set(kinds)]
    roles = roles.loc[keep]
    roles = roles[roles["total"] > 0]
    frame = roles.assign(label=[t.label_map.get(k, k) for k in roles.index], kind=[t.kind_map.get(k) for k in roles.index],
                         scale=[t.scale_of(k) for k in roles.index])
    frame = frame[[c for c in columns if c in frame.columns]]
    frame.index = pd.Index([str(k) for k in frame.index], name="key", dtype=object)
    frame = _sorted(frame, ["liaison", "total", "label"], [False, False, True])
    return frame.head(top) if top is not None else frame


def compare(g: Graph, *, samples: int = 200, seed: int = 0, threads: Optional[int] = None,
            progress: Any = None, client: Any = None) -> pd.DataFrame:
    """One row per programme with at least one territory, ally or tie: ``label``, ``category``,
    ``territories``, ``scales`` (the scales of its territories, lowest first), ``events``,
    ``allies``, ``funders``, ``ties`` (ties whose context is the programme), ``vertical_share``
    (of those ties with both scales known), ``z`` and ``p`` (against ``samples`` degree-preserving
    rewirings of the ties, :func:`maillage.significance`; ``samples=0`` skips them) and
    ``missing_links`` (named by :func:`missing_links`). In graph order. ``client``: a Dask client
    draws the rewirings on its cluster (:mod:`maillage.distributed`; the same result)."""
    from . import interscale
    from ._nullmodel import significance

    t = _tables(g)
    ladder = list(g.scales)
    ally_frame = allies(g)
    funder_frame = funders(g)
    ally_count: Dict[str, int] = defaultdict(int)
    for keys in ally_frame["programme_keys"] if len(ally_frame) else []:
        for p in keys:
            ally_count[p] += 1
    funder_count: Dict[str, int] = defaultdict(int)
    for keys in funder_frame["programme_keys"] if len(funder_frame) else []:
        for p in keys:
            funder_count[p] += 1
    shares = interscale.vertical_share(g, by="programme", counts=True)
    null = None
    if samples and len(shares):
        null = significance(g, "vertical_share", by="programme", samples=samples, seed=seed, threads=threads,
                            progress=progress, client=client)
    missing = missing_links(g)
    missing_count = missing.groupby("programme").size() if len(missing) else pd.Series(dtype=int)
    rows, keys = [], []
    for p in t.programme_keys:
        parts = t.participants(p)
        ties = int(shares.loc[p, ["vertical", "horizontal", "unknown"]].sum()) if p in shares.index else 0
        if not parts and not ally_count.get(p) and not ties:
            continue
        scales = sorted({s for s in (t.scale_of(k) for k in parts) if s is not None},
                        key=lambda s: ladder.index(s) if s in ladder else len(ladder))
        row = {
            "label": t.label[p],
            "category": t.nodes["category"].get(p) if "category" in t.nodes.columns else None,
            "territories": len(parts),
            "scales": scales,
            "events": len(t.events_of(p)),
            "allies": ally_count.get(p, 0),
            "funders": funder_count.get(p, 0),
            "ties": ties,
            "vertical_share": float(shares.loc[p, "vertical_share"]) if p in shares.index else np.nan,
            "z": float(null.loc[p, "z"]) if null is not None and p in null.index else np.nan,
            "p": float(null.loc[p, "p"]) if null is not None and p in null.index else np.nan,
            "missing_links": int(missing_count.get(p, 0)),
        }
        rows.append(row)
        keys.append(p)
    frame = pd.DataFrame(rows, index=_string_index(keys))
    frame.attrs.update(samples=samples, seed=seed)
    return frame
