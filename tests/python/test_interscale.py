"""Inter-scale analysis (maillage.interscale) on a hand-built commune – EPCI – département – région
chain whose answers are worked out in the comments; on a projection read through the graph it
came from; on ties joined with the official hierarchy. Group mixing (E-I, assortativity, mixing
matrices) against NetworkX and the published definitions, written out here."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import interscale as isc
from helpers import raises_naming

# Ladder ranks (French): quartier 0, commune 1, epci 2, bassin 3, departement 4, region 5,
# interregion 6, national 7.
#
#                      pays:FR (national)
#                            │
#                       region:R (region)
#                  ┌─────────┴─────────┐
#        departement:D1          departement:D2
#               │                      │
#            epci:E1                epci:E2
#          ┌────┴────┐                 │
#     commune:C1  commune:C2       commune:C3
#
# Actors (no scale of their own unless said):
#   org:mairie-c1  represents C1                 → commune, territory C1
#   org:cc-e1      represents E1                 → epci, territory E1
#   org:agence     scale region, located_in R    → region (own), territory R
#   org:ambig      located_in C2 and D2          → unknown ("unique"), commune/C2 ("lowest"),
#                                                  departement/D2 ("highest")
#   org:both       represents E2, located_in C3  → epci/E2 (represents comes first)
#   person:p       nothing                       → unknown
#   programme:prog no scale                      → unknown
#
# Ties (graph edges 15–25, after 8 part_of edges and 7 affiliations):
#   15  C1 — C2          commune/commune      horizontal, 0, crossing (siblings in E1)
#   16  C1 — E1          commune/epci         vertical, 1, nested
#   17  C1 — D2          commune/departement  vertical, 3, crossing
#   18  mairie → cc-e1   supports: commune → epci, up, 1, nested (C1 in E1)
#   19  cc-e1 — agence   epci/region          vertical, 3, nested (E1 in D1 in R)
#   20  agence → C3      supports: region → commune, down, 4, nested
#   21  ambig — C1       unknown scale, nesting unknown
#   22  C3 → prog        participates_in: unknown, nesting unknown
#   23  both — C3        epci/commune         vertical, 1, nested
#   24  E1 — E2          epci/epci            horizontal, 0, crossing
#   25  C1 — C2          context programme:prog: horizontal, 0, crossing


@pytest.fixture(scope="module")
def chain() -> maillage.Graph:
    territories = [
        ("commune:C1", "commune"), ("commune:C2", "commune"), ("commune:C3", "commune"),
        ("epci:E1", "epci"), ("epci:E2", "epci"), ("departement:D1", "departement"),
        ("departement:D2", "departement"), ("region:R", "region"), ("pays:FR", "national"),
    ]
    nodes = pd.DataFrame(
        {
            "key": [k for k, _ in territories]
            + ["org:mairie-c1", "org:cc-e1", "org:agence", "org:ambig", "org:both", "person:p", "programme:prog"],
            "kind": ["territory"] * 9 + ["organisation"] * 5 + ["person", "programme"],
            "scale": [s for _, s in territories] + [None, None, "region", None, None, None, None],
            "family": [None] * 9 + ["elu", "elu", "etat", "allie", "elu", None, None],
        }
    )
    rows = [
        ("commune:C1", "epci:E1", "part_of"), ("commune:C2", "epci:E1", "part_of"),
        ("commune:C3", "epci:E2", "part_of"), ("epci:E1", "departement:D1", "part_of"),
        ("epci:E2", "departement:D2", "part_of"), ("departement:D1", "region:R", "part_of"),
        ("departement:D2", "region:R", "part_of"), ("region:R", "pays:FR", "part_of"),
        ("org:mairie-c1", "commune:C1", "represents"), ("org:cc-e1", "epci:E1", "represents"),
        ("org:agence", "region:R", "located_in"), ("org:ambig", "commune:C2", "located_in"),
        ("org:ambig", "departement:D2", "located_in"), ("org:both", "commune:C3", "located_in"),
        ("org:both", "epci:E2", "represents"),
        ("commune:C1", "commune:C2", "cooperates_with"), ("commune:C1", "epci:E1", "cooperates_with"),
        ("commune:C1", "departement:D2", "cooperates_with"), ("org:mairie-c1", "org:cc-e1", "supports"),
        ("org:cc-e1", "org:agence", "cooperates_with"), ("org:agence", "commune:C3", "supports"),
        ("org:ambig", "commune:C1", "cooperates_with"), ("commune:C3", "programme:prog", "participates_in"),
        ("org:both", "commune:C3", "cooperates_with"), ("epci:E1", "epci:E2", "cooperates_with"),
        ("commune:C1", "commune:C2", "cooperates_with"),
    ]
    edges = pd.DataFrame(rows, columns=["source", "target", "relation"])
    edges["context"] = [None] * (len(rows) - 1) + ["programme:prog"]
    edges["weight"] = 1.0
    edges.loc[18, "weight"] = 2.5  # mairie → cc-e1
    return maillage.Graph.from_frames(nodes, edges)


# ------------------------------------------------------------------------------------ actor scales
def test_actor_scales_and_their_origins(chain):
    a = isc.actor_scales(chain)
    assert a.index.name == "key" and list(a.index) == chain.nodes
    assert a.loc["org:mairie-c1", "scale"] == "commune" and a.loc["org:mairie-c1", "scale_from"] == "represents"
    assert a.loc["org:mairie-c1", "territory"] == "commune:C1"
    assert a.loc["org:agence", "scale"] == "region" and a.loc["org:agence", "scale_from"] == "own"
    assert a.loc["org:agence", "territory"] == "region:R" and a.loc["org:agence", "territory_from"] == "located_in"
    assert pd.isna(a.loc["org:ambig", "scale"]) and a.loc["org:ambig", "scale_from"] == "ambiguous"
    assert pd.isna(a.loc["org:ambig", "territory"])
    assert a.loc["org:both", "scale"] == "epci" and a.loc["org:both", "territory"] == "epci:E2"
    assert pd.isna(a.loc["person:p", "scale"]) and pd.isna(a.loc["person:p", "scale_from"])
    assert a.loc["commune:C3", "territory"] == "commune:C3" and a.loc["commune:C3", "territory_from"] == "own"
    assert a["scale"].cat.ordered and list(a["scale"].cat.categories) == chain.scales
    low = isc.actor_scales(chain, actor_scale="lowest").loc["org:ambig"]
    assert (low["scale"], low["territory"]) == ("commune", "commune:C2")
    high = isc.actor_scales(chain, actor_scale="highest").loc["org:ambig"]
    assert (high["scale"], high["territory"]) == ("departement", "departement:D2")
    own = isc.actor_scales(chain, actor_scale="own")
    assert pd.isna(own.loc["org:mairie-c1", "scale"]) and pd.isna(own.loc["org:agence", "territory"])
    # located_in alone: org:both is placed by C3 alone.
    by_place = isc.actor_scales(chain, via=["located_in"]).loc["org:both"]
    assert (by_place["scale"], by_place["territory"]) == ("commune", "commune:C3")


# ------------------------------------------------------------------------------------ classification
def test_classify_edges_on_the_chain(chain):
    t = isc.classify_edges(chain)
    assert t.index.name == "edge" and list(t.index) == list(range(15, 26))
    assert list(t.columns) == [
        "source", "target", "relation", "context", "source_scale", "target_scale", "vertical",
        "scale_distance", "direction", "nesting",
    ]
    assert str(t["vertical"].dtype) == "boolean" and str(t["scale_distance"].dtype) == "Int64"
    assert t["source_scale"].cat.ordered
    NA = pd.NA
    want = {
        15: (False, 0, NA, "crossing"),
        16: (True, 1, NA, "nested"),
        17: (True, 3, NA, "crossing"),
        18: (True, 1, "up", "nested"),
        19: (True, 3, NA, "nested"),
        20: (True, 4, "down", "nested"),
        21: (NA, NA, NA, "unknown"),
        22: (NA, NA, "unknown", "unknown"),
        23: (True, 1, NA, "nested"),
        24: (False, 0, NA, "crossing"),
        25: (False, 0, NA, "crossing"),
    }
    for edge, (vertical, distance, direction, nesting) in want.items():
        row = t.loc[edge]
        for got, expected in ((row["vertical"], vertical), (row["scale_distance"], distance), (row["direction"], direction)):
            assert (pd.isna(got) and expected is NA) or got == expected, (edge, got, expected)
        assert row["nesting"] == nesting, edge
    assert t.loc[18, "relation"] == "supports" and t.loc[18, "source"] == "org:mairie-c1"
    assert t.loc[25, "context"] == "programme:prog" and pd.isna(t.loc[24, "context"])
    assert t.loc[22, "source_scale"] == "commune" and pd.isna(t.loc[22, "target_scale"])
    # Same classification whatever the relations given, on the rows kept.
    s = isc.classify_edges(chain, relations="supports")
    assert list(s.index) == [18, 20] and s.attrs["directed"]
    left, right = s.drop(columns="context"), t.loc[[18, 20]].drop(columns="context")
    left.attrs, right.attrs = {}, {}
    pd.testing.assert_frame_equal(left, right)
    # Through a view: only the ties among territories (parallel C1 — C2 ties both kept).
    v = chain.view(kinds="territory", relations="tie")
    assert list(isc.classify_edges(v).index) == [15, 16, 17, 24, 25]


def test_policies_change_the_ambiguous_actors_ties(chain):
    low = isc.classify_edges(chain, actor_scale="lowest").loc[21]
    assert low["vertical"] == False and low["nesting"] == "crossing"  # noqa: E712 (C2 vs C1)
    high = isc.classify_edges(chain, actor_scale="highest").loc[21]
    assert high["vertical"] == True and high["scale_distance"] == 3 and high["nesting"] == "crossing"  # noqa: E712


# ------------------------------------------------------------------------------------ aggregates
@pytest.mark.parametrize(
    "policy, counts",
    [
        # unique: V = 16, 17, 18, 19, 20, 23; H = 15, 24, 25; unknown 21, 22 → 6/9.
        ("unique", (6, 3, 2)),
        # lowest: ambig — C1 becomes commune/commune → 6/10.
        ("lowest", (6, 4, 1)),
        # highest: ambig — C1 becomes departement/commune → 7/10.
        ("highest", (7, 3, 1)),
        # own: mairie, cc-e1, both and ambig have no own scale → 18, 19, 21, 22, 23 unknown;
        # V = 16, 17, 20; H = 15, 24, 25 → 3/6.
        ("own", (3, 3, 5)),
    ],
)
def test_vertical_share_and_unknowns(chain, policy, counts):
    share = isc.vertical_share(chain, actor_scale=policy)
    v, h, u = counts
    assert isinstance(share, float) and share == pytest.approx(v / (v + h))
    assert (share.vertical, share.horizontal, share.unknown) == counts
    table = isc.vertical_share(chain, actor_scale=policy, counts=True)
    assert table.loc["all"].tolist() == [v, h, u, pytest.approx(v / (v + h))]
    # The classification says the same.
    t = isc.classify_edges(chain, actor_scale=policy)
    assert (int(t.vertical.sum()), int((~t.vertical).sum()), int(t.vertical.isna().sum())) == counts


def test_vertical_share_by_node_programme_attribute_and_weight(chain):
    by_node = isc.vertical_share(chain, by="node")
    assert by_node.index.name == "key" and list(by_node.index) == chain.nodes
    # C1: ties 15 (H), 16 (V), 17 (V), 21 (unknown), 25 (H) → 2/4.
    assert by_node["commune:C1"] == 0.5
    # agence: 19 (V), 20 (V) → 1; D1 has no tie → NaN; person:p → NaN.
    assert by_node["org:agence"] == 1 and math.isnan(by_node["departement:D1"])
    assert by_node.attrs == {"vertical": 6, "horizontal": 3, "unknown": 2}
    counts = isc.vertical_share(chain, by="node", counts=True)
    assert counts.loc["commune:C1"].tolist() == [2, 2, 1, 0.5]
    # By programme: only tie 25 has a context (horizontal).
    by_programme = isc.vertical_share(chain, by="programme", counts=True)
    assert by_programme.index.name == "programme"
    assert by_programme.loc["programme:prog"].tolist() == [0, 1, 0, 0.0]
    # By relation (an edge attribute): supports ties 18 and 20 are both vertical; participates_in unknown.
    by_relation = isc.vertical_share(chain, by="relation", counts=True)
    assert by_relation.loc["supports"].tolist() == [2, 0, 0, 1.0]
    assert by_relation.loc["participates_in", "unknown"] == 1
    # By a node attribute: a tie counts once for the family of each end.
    # elu (mairie, cc-e1, both): 18 (V), 19 (V), 23 (V) → 3/3; etat (agence): 19, 20 → 2/2;
    # allie (ambig): 21 unknown → NaN.
    by_family = isc.vertical_share(chain, by="family", counts=True)
    assert by_family.loc["elu"].tolist() == [3, 0, 0, 1.0]
    assert by_family.loc["etat"].tolist() == [2, 0, 0, 1.0]
    assert by_family.loc["allie", "unknown"] == 1 and math.isnan(by_family.loc["allie", "vertical_share"])
    # Weighted: tie 18 weighs 2.5 → (5 + 2.5)/(5 + 2.5 + 3).
    weighted = isc.vertical_share(chain, weight="weight")
    assert weighted == pytest.approx(7.5 / 10.5) and weighted.unknown == 2.0


def test_mixing_matrix_of_scales(chain):
    m = isc.mixing_matrix(chain)
    # Undirected (cooperates_with among the ties): each known tie both ways, twice on the
    # diagonal. commune: commune 4 (15, 25), epci 3 (16, 18, 23), departement 1 (17), region 1 (20);
    # epci: commune 3, epci 2 (24), region 1 (19); departement: commune 1; region: commune 1, epci 1.
    want = pd.DataFrame(
        [[4, 3, 1, 1], [3, 2, 0, 1], [1, 0, 0, 0], [1, 1, 0, 0]],
        index=pd.Index(["commune", "epci", "departement", "region"], name="source_scale"),
        columns=pd.Index(["commune", "epci", "departement", "region"], name="target_scale"),
    )
    pd.testing.assert_frame_equal(m, want)
    assert m.attrs["unknown"] == 2 and not m.attrs["directed"] and m.attrs["ties"] == 11
    assert isc.mixing_matrix(chain, normalize="all").to_numpy().sum() == pytest.approx(1)
    rows = isc.mixing_matrix(chain, normalize="row")
    assert rows.loc["commune"].tolist() == pytest.approx([4 / 9, 3 / 9, 1 / 9, 1 / 9])
    # Directed: supports only, once each: commune → epci (weight 2.5), region → commune.
    d = isc.mixing_matrix(chain, relations="supports", weight="weight")
    assert d.attrs["directed"]
    assert d.loc["commune", "epci"] == 2.5 and d.loc["region", "commune"] == 1 and d.loc["epci", "commune"] == 0
    # The classification's crosstab is the same matrix (undirected: plus its transpose).
    t = isc.classify_edges(chain).dropna(subset=["source_scale", "target_scale"])
    cross = pd.crosstab(t.source_scale, t.target_scale).reindex(index=want.index, columns=want.columns, fill_value=0)
    assert (cross + cross.T.values).to_numpy().tolist() == want.to_numpy().tolist()
    # Another attribute: kind.
    k = isc.mixing_matrix(chain, attribute="kind")
    # organisation–territory: 20, 21, 23 (each both ways); territory–programme: 22.
    assert k.loc["organisation", "territory"] == 3 and k.loc["territory", "programme"] == 1
    assert k.attrs["unknown"] == 0


def test_scale_span(chain):
    s = isc.scale_span(chain)
    assert list(s.columns) == ["scale", "levels", "lowest", "highest", "span", "ties", "unknown"]
    # C1: C2 twice (commune), E1 (epci), D2 (departement), ambig (unknown).
    c1 = s.loc["commune:C1"]
    assert (c1["levels"], c1["lowest"], c1["highest"], c1["span"], c1["ties"], c1["unknown"]) == (
        3, "commune", "departement", 3, 5, 1)
    # agence (region): cc-e1 (epci), C3 (commune) → 2 levels, span 1.
    assert s.loc["org:agence"].tolist()[:5] == ["region", 2, "commune", "epci", 1]
    d1 = s.loc["departement:D1"]
    assert d1["levels"] == 0 and pd.isna(d1["lowest"]) and pd.isna(d1["span"])


def test_missing_vertical_links(chain):
    # Participants of prog: C1, C2 (tie 25 has context prog) and C3 (participates_in prog).
    # Present containers: E1 (itself, cc-e1), E2 (itself, org:both), D2 (itself); with
    # via=("represents", "located_in") also R (org:agence is located in it).
    # C1 wants E1 (a neighbour), R (agence is tied to cc-e1 and C3, neither within 2 hops of C1).
    # C2 wants E1 (C2 – C1 – E1) and R. C3 wants E2 (org:both), D2 (tied to C1 only), R (agence).
    m = isc.missing_vertical_links(chain, programme="programme:prog", via=("represents", "located_in"))
    assert list(zip(m.territory, m.container)) == [
        ("commune:C1", "region:R"), ("commune:C2", "region:R"), ("commune:C3", "departement:D2")]
    assert m.container_scale.tolist() == ["region", "region", "departement"]
    assert m.attrs == {"participants": 3, "unplaced": 0, "pairs": 7, "missing": 3, "containers": "present"}
    # By default only `represents` makes a container present: R is nobody's, and drops out.
    m = isc.missing_vertical_links(chain, programme="programme:prog")
    assert list(zip(m.territory, m.container)) == [("commune:C3", "departement:D2")]
    # One hop: C2 no longer reaches E1.
    m = isc.missing_vertical_links(chain, programme="programme:prog", max_hops=1)
    assert list(zip(m.territory, m.container)) == [("commune:C2", "epci:E1"), ("commune:C3", "departement:D2")]
    # Every territory with a tie: C1, C2, C3, E1, E2, D2; E2 wants D2 (3 hops away: E2 – E1 – C1 – D2).
    m = isc.missing_vertical_links(chain)
    assert list(zip(m.territory, m.container)) == [("commune:C3", "departement:D2"), ("epci:E2", "departement:D2")]
    assert m.attrs["participants"] == 6
    # A wider path network: three hops reach D2 from E2.
    assert list(isc.missing_vertical_links(chain, max_hops=3).territory) == ["commune:C3"]
    with raises_naming(maillage.NotFound, "programme:nope"):
        isc.missing_vertical_links(chain, programme="programme:nope")


# ------------------------------------------------------------------------------------ hierarchy
def test_projection_read_through_its_graph(chain):
    # Territories projected through the programmes they take part in: C1 and E1 share a, C1 and
    # D2 share b. The projection keeps no scale and no nesting.
    two_mode = maillage.Graph.from_frames(
        pd.DataFrame({"key": ["commune:C1", "epci:E1", "departement:D2", "programme:a", "programme:b"],
                      "kind": ["territory"] * 3 + ["programme"] * 2}),
        pd.DataFrame({"source": ["commune:C1", "epci:E1", "commune:C1", "departement:D2"],
                      "target": ["programme:a", "programme:a", "programme:b", "programme:b"],
                      "relation": "participates_in"}),
    )
    p = maillage.bipartite_projection(two_mode)
    assert p.relations["co_participates"]["category"] == "tie"
    alone = isc.classify_edges(p)
    # No scales, no nesting in the projection: everything unknown, never guessed.
    assert alone.vertical.isna().all() and (alone.nesting == "unknown").all()
    # Read through the chain: C1 — E1 nested (1 step), C1 — D2 crossing (3 steps).
    t = isc.classify_edges(p, hierarchy=chain).set_index(["source", "target"])
    assert t.loc[("commune:C1", "epci:E1"), "nesting"] == "nested"
    assert t.loc[("commune:C1", "epci:E1"), "scale_distance"] == 1
    assert t.loc[("commune:C1", "departement:D2"), "nesting"] == "crossing"
    assert isc.vertical_share(p, hierarchy=chain) == 1.0
    assert isc.actor_scales(p, hierarchy=chain).loc["commune:C1", "scale_from"] == "hierarchy"
    other = maillage.Graph.from_frames(pd.DataFrame({"key": ["x"], "scale": ["local"]}), None, scales=["local", "global"])
    with raises_naming(maillage.InvalidInput, "ladder"):
        isc.classify_edges(p, hierarchy=other)


def test_ties_joined_with_the_official_hierarchy():
    france = maillage.datasets.france_territories()
    # Annecy (74010) in the Grand Annecy (200066793) in Haute-Savoie (74) in Auvergne-Rhône-Alpes
    # (84); Lyon (69123) in the Métropole de Lyon (200046977); Chambéry (73065).
    ties = pd.DataFrame(
        {
            "source": ["commune:74010", "commune:74010", "commune:74010", "commune:69123", "commune:74010"],
            "target": ["epci:200066793", "departement:74", "commune:69123", "region:84", "commune:73065"],
        }
    )
    g = maillage.Graph.from_frames(None, ties, default_kind="territory")
    t = isc.classify_edges(g, hierarchy=france)
    assert t.nesting.tolist() == ["nested", "nested", "crossing", "nested", "crossing"]
    assert t.scale_distance.tolist() == [1, 3, 0, 4, 0]
    assert t.source_scale.tolist() == ["commune"] * 5
    # The same after placing the territories in the hierarchy (official containers added).
    placed = maillage.Graph.from_frames(None, ties, default_kind="territory", resolve_territories=True)
    t2 = isc.classify_edges(placed)
    assert t2.nesting.tolist() == t.nesting.tolist() and t2.scale_distance.tolist() == t.scale_distance.tolist()
    # Missing links: Annecy reaches its EPCI, département and région… région:84 is present
    # (Lyon's tie) and 2 hops away (Annecy – Lyon – région); Chambéry's containers have no tie.
    m = isc.missing_vertical_links(placed)
    assert m.attrs["missing"] == len(m)
    assert ("commune:73065", "departement:73") not in set(zip(m.territory, m.container))


# ------------------------------------------------------------------------------------ mixing vs NetworkX
def _random_graph(seed: int, directed: bool, n: int = 40, p: float = 0.12):
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    groups = ["a", "b", "c", "d"]
    for u in G:
        G.nodes[u]["group"] = groups[int(rng.integers(0, 4))]
        G.nodes[u]["level"] = int(rng.integers(0, 6))
    for u, v in G.edges:
        G.edges[u, v]["weight"] = float(rng.integers(1, 5))
    return G


def _to_maillage(G) -> maillage.Graph:
    nodes = pd.DataFrame(
        {"key": [str(u) for u in G], "group": [G.nodes[u]["group"] for u in G], "level": [G.nodes[u]["level"] for u in G]}
    )
    edges = pd.DataFrame(
        {
            "source": [str(u) for u, _ in G.edges],
            "target": [str(v) for _, v in G.edges],
            "relation": "links_to" if G.is_directed() else "cooperates_with",
            "weight": [G.edges[e]["weight"] for e in G.edges],
        }
    )
    return maillage.Graph.from_frames(nodes, edges)


CASES = [(seed, directed) for seed in (1, 2, 3, 4, 5) for directed in (False, True)]


@pytest.mark.parametrize("seed, directed", CASES)
def test_assortativity_against_networkx(seed, directed):
    G = _random_graph(seed, directed)
    g = _to_maillage(G)
    assert maillage.attribute_assortativity(g, "group") == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "group"), abs=1e-12)
    assert maillage.numeric_assortativity(g, "level") == pytest.approx(
        nx.numeric_assortativity_coefficient(G, "level"), abs=1e-12)
    # The interscale mixing matrix (ties of the graph) is NetworkX's attribute_mixing_matrix.
    labels = ["a", "b", "c", "d"]
    ours = isc.mixing_matrix(g, attribute="group", normalize="all").reindex(index=labels, columns=labels, fill_value=0)
    theirs = nx.attribute_mixing_matrix(G, "group", mapping={x: i for i, x in enumerate(labels)})
    np.testing.assert_allclose(ours.to_numpy(), theirs, atol=1e-12)


@pytest.mark.parametrize("seed, directed", CASES)
def test_weighted_assortativity_against_the_definition(seed, directed):
    G = _random_graph(seed, directed)
    g = _to_maillage(G)
    # Newman's weighted e matrix: arcs (both orientations when undirected) weighted by w.
    arcs = [(u, v, d["weight"]) for u, v, d in G.edges(data=True)]
    if not directed:
        arcs += [(v, u, w) for u, v, w in arcs if u != v]
    labels = sorted({G.nodes[u]["group"] for u in G})
    e = np.zeros((len(labels), len(labels)))
    for u, v, w in arcs:
        e[labels.index(G.nodes[u]["group"]), labels.index(G.nodes[v]["group"])] += w
    e /= e.sum()
    a, b = e.sum(axis=1), e.sum(axis=0)
    r = (np.trace(e) - (a * b).sum()) / (1 - (a * b).sum())
    assert maillage.attribute_assortativity(g, "group", weight="weight") == pytest.approx(r, abs=1e-12)
    x = np.array([G.nodes[u]["level"] for u, _, _ in arcs], dtype=float)
    y = np.array([G.nodes[v]["level"] for _, v, _ in arcs], dtype=float)
    w = np.array([w for _, _, w in arcs])
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    pearson = np.sum(w * (x - mx) * (y - my)) / math.sqrt(np.sum(w * (x - mx) ** 2) * np.sum(w * (y - my) ** 2))
    assert maillage.numeric_assortativity(g, "level", weight="weight") == pytest.approx(pearson, abs=1e-12)


@pytest.mark.parametrize("seed, directed", CASES)
def test_ei_index_against_the_definition(seed, directed):
    G = _random_graph(seed, directed)
    G.add_edge(0, 0, weight=1.0)  # a self-loop: ignored
    g = _to_maillage(G)
    group = {str(u): G.nodes[u]["group"] for u in G}
    edges = [(str(u), str(v)) for u, v in G.edges if u != v]
    E = sum(group[u] != group[v] for u, v in edges)
    I = len(edges) - E
    ei = maillage.ei_index(g, "group")
    assert ei == pytest.approx((E - I) / (E + I)) and (ei.external, ei.internal) == (E, I)
    # UCINET group level on the adjacency matrix: rows of g, I_g the g×g block, E_g the others.
    keys = [str(u) for u in G]
    A = pd.DataFrame(0, index=keys, columns=keys)
    for u, v in edges:
        A.loc[u, v] = 1
        if not directed:
            A.loc[v, u] = 1
    by_group = maillage.ei_index(g, "group", level="group")
    by_group_edges = maillage.ei_index(g, "group", level="group", convention="edges")
    for x in sorted(set(group.values())):
        rows = [k for k in keys if group[k] == x]
        others = [k for k in keys if group[k] != x]
        Ig, Eg = A.loc[rows, rows].to_numpy().sum(), A.loc[rows, others].to_numpy().sum()
        assert by_group[x] == pytest.approx((Eg - Ig) / (Eg + Ig))
        Ig_edges = Ig / 2 if not directed else Ig
        assert by_group_edges[x] == pytest.approx((Eg - Ig_edges) / (Eg + Ig_edges))
    # Node level: (ext − int)/deg over out-ties (all ties when undirected).
    by_node = maillage.ei_index(g, "group", level="node")
    for k in keys:
        out = [v for u, v in edges if u == k] + ([] if directed else [u for u, v in edges if v == k])
        if not out:
            assert math.isnan(by_node[k])
            continue
        ext = sum(group[v] != group[k] for v in out)
        assert by_node[k] == pytest.approx((ext - (len(out) - ext)) / len(out))
    # Random placement: 1 − 2 Σ n_g(n_g − 1)/(N(N − 1)).
    sizes = pd.Series(group).value_counts()
    N = len(group)
    assert maillage.ei_index_expected(g, "group") == pytest.approx(1 - 2 * (sizes * (sizes - 1)).sum() / (N * (N - 1)))


def test_ei_index_with_unknowns_and_scale(chain):
    v = chain.view(relations="tie", kinds=["territory", "organisation"])
    # Own scales only (top-level functions read the attribute as it is): the organisations
    # without one are unknown and their ties left out.
    ei = maillage.ei_index(v, "scale")
    t = isc.classify_edges(v, actor_scale="own")
    known = t.dropna(subset=["vertical"])
    # View edges: C1 — C2 twice is one edge; known edges: C1–C2 (H), C1–E1, C1–D2, agence–C3 (V), E1–E2 (H).
    assert (ei.external, ei.internal) == (3, 2) and ei == pytest.approx(1 / 5)
    assert len(known) == 6  # the classification counts both parallel C1 — C2 ties
    assert ei.unknown == 4  # mairie–cc, cc–agence, ambig–C1, both–C3
    # The resolved scales can be passed as a Series.
    resolved = isc.actor_scales(v)["scale"]
    assert maillage.ei_index(v, resolved).unknown == 1  # ambig — C1
    assert maillage.numeric_assortativity(v, "scale") == pytest.approx(
        nx.numeric_assortativity_coefficient(_nx_of(v, "scale"), "rank"), abs=1e-12)


def _nx_of(view, attribute):
    """The view as a NetworkX graph of its nodes with a known value (rank on the ladder)."""
    frame = view.graph.nodes_frame()
    ladder = view.graph.scales
    G = nx.Graph()
    for key in view.nodes:
        value = frame.at[key, attribute]
        if not pd.isna(value):
            G.add_node(key, rank=ladder.index(value))
    ef = view.edges_frame()
    for s, t in zip(ef.source, ef.target):
        if s in G and t in G:
            G.add_edge(s, t)
    return G


def test_errors(chain):
    with raises_naming(maillage.InvalidInput, "actor_scale"):
        isc.classify_edges(chain, actor_scale="middle")
    with raises_naming(maillage.InvalidInput, "normalize"):
        isc.mixing_matrix(chain, normalize="column")
    with raises_naming(maillage.InvalidInput, "lives_in"):
        isc.vertical_share(chain, via=["lives_in"])
    with raises_naming(maillage.InvalidInput, "colour"):
        maillage.ei_index(chain, "colour")
    with raises_naming(maillage.InvalidInput, "level"):
        maillage.ei_index(chain, "family", level="edge")
    with raises_naming(maillage.InvalidInput, "convention"):
        maillage.ei_index(chain, "family", level="group", convention="cells")
    with raises_naming(maillage.InvalidInput, "kinship"):
        isc.classify_edges(chain, relations="kinship")
    with raises_naming(maillage.InvalidInput, "numbers"):
        maillage.numeric_assortativity(chain, "family")
    with raises_naming(maillage.InvalidInput, "colour"):
        isc.mixing_matrix(chain, relations="tie", weight="colour")


def test_empty_graph():
    g = maillage.Graph.from_frames(pd.DataFrame({"key": ["a"], "group": ["x"]}), None)
    assert isc.classify_edges(g).empty
    assert math.isnan(isc.vertical_share(g))
    assert isc.mixing_matrix(g).empty
    assert math.isnan(maillage.ei_index(g, "group")) and math.isnan(maillage.attribute_assortativity(g, "group"))
    assert isc.missing_vertical_links(g).empty


def test_missing_links_report_progress_and_can_be_cancelled():
    # 2,000 communes of one EPCI, each tied to ~50 others (a call of more than a few ms).
    rng = np.random.default_rng(0)
    n = 2000
    keys = [f"commune:{i:05d}" for i in range(n)]
    nodes = pd.DataFrame({"key": keys + ["epci:X"], "kind": "territory", "scale": ["commune"] * n + ["epci"]})
    s = rng.integers(0, n, 50_000)
    t = rng.integers(0, n, 50_000)
    keep = s != t
    edges = pd.concat(
        [
            pd.DataFrame({"source": keys, "target": "epci:X", "relation": "part_of"}),
            pd.DataFrame({"source": np.array(keys)[s[keep]], "target": np.array(keys)[t[keep]]}),
            pd.DataFrame({"source": ["epci:X"], "target": [keys[0]]}),
        ],
        ignore_index=True,
    ).fillna({"relation": "cooperates_with"})
    g = maillage.Graph.from_frames(nodes, edges)
    calls = []
    m = isc.missing_vertical_links(g, progress=lambda stage, done, total: calls.append((stage, done, total)))
    # Participants: the 2,000 communes and the EPCI (a territory with a tie).
    assert calls and calls[0][0] == "missing links" and calls[-1][1] == calls[-1][2] == n + 1
    # The communes more than two ties away from the EPCI (itself present: it has a tie), by NetworkX.
    H = nx.Graph()
    ties = edges[edges.relation == "cooperates_with"]
    H.add_edges_from(zip(ties.source, ties.target))
    near = nx.single_source_shortest_path_length(H, "epci:X", cutoff=2)
    assert sorted(m.territory) == sorted(k for k in keys if k in H and k not in near)

    def stop(stage, done, total):
        if done > 0:
            raise maillage.Cancelled("stop")

    with pytest.raises(maillage.Cancelled):
        isc.missing_vertical_links(g, progress=stop)


def test_classification_on_the_official_hierarchy_against_its_nesting_queries():
    # Random ties among official territories of every type, and ties from communes to one of
    # their own containers, read through france_territories(): scales from its nodes, nesting
    # from Graph.contains (an independent, per-pair search).
    france = maillage.datasets.france_territories()
    nf = france.nodes_frame()
    rng = np.random.default_rng(7)
    keys = nf.index.to_numpy(dtype=object)
    s = list(rng.choice(keys, 3000))
    t = list(rng.choice(keys, 3000))
    communes = nf.index[nf["type"] == "commune"].to_numpy(dtype=object)
    for c in rng.choice(communes, 1000):
        up = france.ancestors(c)
        s.append(c)
        t.append(up[int(rng.integers(0, len(up)))])
    s.append(t[0])  # a self-loop: the same territory
    t.append(t[0])
    g = maillage.Graph.from_frames(None, pd.DataFrame({"source": s, "target": t}), default_kind="territory")
    table = isc.classify_edges(g, hierarchy=france)
    assert len(table) == len(s)
    ladder = france.scales
    for (a, b), row in zip(zip(s, t), table.itertuples()):
        sa, sb = nf.at[a, "scale"], nf.at[b, "scale"]
        assert (row.source_scale, row.target_scale) == (sa, sb)
        assert row.vertical == (sa != sb)
        assert row.scale_distance == abs(ladder.index(sa) - ladder.index(sb))
        if a == b:
            want = "same_territory"
        elif france.contains(a, b) or france.contains(b, a):
            want = "nested"
        else:
            want = "crossing"
        assert row.nesting == want, (a, b)
    assert (table.nesting == "nested").sum() >= 1000


def test_numeric_edge_attributes_as_weights_and_groups(chain):
    # An int edge attribute: a weight (missing on a tie: an error naming it) and a grouping.
    nodes = chain.nodes_frame().reset_index()
    edges = chain.edges_frame().reset_index(drop=True)
    edges["year"] = pd.array([None] * 15 + [2023, 2024, 2024, 2023, 2024, 2024, 2024, 2024, 2023, 2024, 2024], dtype="Int64")
    g = maillage.Graph.from_frames(nodes, edges)
    # year as weight: V = 16 (2024), 17 (2024), 18 (2023), 19 (2024), 20 (2024), 23 (2023).
    w = isc.vertical_share(g, weight="year")
    assert w.vertical == 2024 * 4 + 2023 * 2 and w.horizontal == 2023 + 2024 * 2
    by_year = isc.vertical_share(g, by="year", counts=True)
    # 2023: 15 (H), 18 (V), 23 (V); 2024: 16, 17, 19, 20 (V), 21, 22 (unknown), 24, 25 (H).
    assert by_year.loc[2023].tolist() == [2, 1, 0, 2 / 3]
    assert by_year.loc[2024].tolist() == [4, 2, 2, 4 / 6]
    edges.loc[16, "year"] = pd.NA
    with raises_naming(maillage.InvalidInput, "'year'"):
        isc.mixing_matrix(maillage.Graph.from_frames(nodes, edges), weight="year")


def test_via_any_relation_people_take_their_organisations_scale():
    # via may name any relation: with member_of, a person without a scale takes the scale of the
    # organisation they belong to (not a territory: their territory stays unknown).
    g = maillage.Graph.from_frames(
        pd.DataFrame({"key": ["person:a", "org:region", "commune:x"], "kind": ["person", "organisation", "territory"],
                      "scale": [None, "region", "commune"]}),
        pd.DataFrame({"source": ["person:a", "person:a"], "target": ["org:region", "commune:x"],
                      "relation": ["member_of", "supports"]}),
    )
    assert pd.isna(isc.actor_scales(g).loc["person:a", "scale"])
    a = isc.actor_scales(g, via=("represents", "located_in", "member_of")).loc["person:a"]
    assert (a["scale"], a["scale_from"]) == ("region", "member_of") and pd.isna(a["territory"])
    t = isc.classify_edges(g, via=("represents", "located_in", "member_of"))
    assert t.loc[1, "direction"] == "down" and t.loc[1, "scale_distance"] == 4 and t.loc[1, "nesting"] == "unknown"
