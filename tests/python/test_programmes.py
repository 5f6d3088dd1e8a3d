"""The question-level API (maillage.programmes) against the lists and counts of the report
(La Fabrique des transitions, Bilan 2024; each test names its page), against pandas computations
done another way on the edge table, and on graphs built by hand."""

from __future__ import annotations

import unicodedata

import networkx as nx
import pandas as pd
import pytest

import maillage
from maillage import programmes as pq


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in text if c.isalnum())


@pytest.fixture(scope="module")
def g():
    return maillage.datasets.fabrique_2024()


# The report's lists, as printed (p. 29: « Un accompagnement collectif de 2 Régions et de 17 territoires »).
OCCITANIE = ["Barre des Cévennes", "Canohès", "Communauté d'Agglomération du SICOVAL", "Communauté de Communes du Frontonnais",
             "Gruissan", "Le Vigan", "Montpellier Métropole", "Saint-Hilaire de Brethmas"]
GRAND_EST = ["Communauté d'Agglomération Grand Saint Dizier", "Communauté de communes du Barséquanais en Champagne",
             "Communauté de communes du Pays d'Étain", "Communauté de communes du Seill et Grand Couronné",
             "Commune de Plombières-les-Bains", "PE' TR du Pays de Langres", "PE' TR Rhin-Vignoble-Grand Ballon",
             "PE' TR Thur-Doller", "PNR des Vosges du Nord"]
# p. 30-31: « Initialisation de 6 projets pilotes … au sein de la cohorte Occitanie ».
OCCITANIE_PILOTS = {"Montpellier Métropole": {"Terre de Confiance"}, "Canohès": {"Terre EFC Occitanie"},
                    "Communauté de Communes du Frontonnais": {"AREC Occitanie", "Eco-Morphose"},
                    "Saint-Hilaire de Brethmas": {"Territoires et Citoyens Occitanie"},
                    "Barre des Cévennes": {"Déjà-là"}, "Le Vigan": {"Déjà-Là"}}
# p. 32-33: « lancement de 10 analyses sensibles dans les territoires volontaires, par 9 allié·es ».
TACD_ANALYSES = {"Agglomération du Pays de Dreux": "Marc Frerebeau", "Communauté d'agglomération du Pays Basque": "Anne-Sophie Ketterer",
                 "Communauté Intercommunale du Nord de la Réunion": "Richard Dijoux", "Département des Côtes d'Armor": "Iblis le Guen",
                 "Haut-Bugey Agglomération": "Geoffroy Bing", "Toulon Provence Méditerranée": "Fanny Belliot",
                 "Département de Seine-Saint-Denis": "Mickaël Poiroux"}
# p. 52: « Les partenaires financiers » (13 lines, two of which name two organisations).
FUNDERS = ["Commissariat Général au Développement Durable", "Centre National de la Fonction Publique Territoriale",
           "ADEME", "Agence Nationale de la Cohésion des Territoires", "Cerema", "Interreg Alpine Space",
           "Région Occitanie", "Région Grand Est", "Conseil Départemental du Puy-de-Dôme", "Ville de Lyon", "Fondation RTE",
           "Terres & Fils", "Agence Française de Développement", "Agence de l'eau Artois-Picardie", "Fondation Crédit Coopératif"]


def names(g, keys):
    """Every way a node may be named: its label and its aliases, normalised."""
    nodes = g.nodes_frame()
    out = {}
    for k in keys:
        row = nodes.loc[k]
        forms = {norm(row["label"])}
        if isinstance(row.get("aliases"), list):
            forms |= {norm(a) for a in row["aliases"]}
        out[k] = forms
    return out


def match(g, keys, listed):
    """The report's names matched one to one to keys (by label or alias)."""
    forms = names(g, keys)
    found = {}
    for name in listed:
        hits = [k for k, f in forms.items() if norm(name) in f or any(norm(name) in x or x in norm(name) for x in f if len(x) > 5)]
        assert len(hits) >= 1, f"{name!r} is not among {sorted(keys)}"
        found[name] = hits[0]
    return found


def test_regional_cohorts_territories_as_listed_p29(g):
    occ = pq.territories(g, "programme:cohorte-occitanie")
    ge = pq.territories(g, "programme:cohorte-grand-est")
    # The eight and nine territories, and each cohort's Région (role « Région »).
    assert (occ["role"] != "Région").sum() == len(OCCITANIE) == 8
    assert (ge["role"] != "Région").sum() == len(GRAND_EST) == 9
    assert set(occ.loc[occ["role"] == "Région", "label"]) == {"Occitanie"}
    assert set(ge.loc[ge["role"] == "Région", "label"]) == {"Grand Est"}
    found = match(g, occ.index[occ["role"] != "Région"], OCCITANIE)
    assert len(set(found.values())) == 8
    found = match(g, ge.index[ge["role"] != "Région"], GRAND_EST)
    assert len(set(found.values())) == 9
    # The umbrella programme holds both cohorts: « 2 Régions et 17 territoires ».
    both = pq.territories(g, "programme:cohortes-regionales")
    assert len(both) == 19 and (both["role"] == "Région").sum() == 2
    assert set(both["via"]) == {"programme:cohorte-occitanie", "programme:cohorte-grand-est"}
    assert len(pq.territories(g, "programme:cohortes-regionales", children=False)) == 0


def test_territories_carry_official_facts(g):
    occ = pq.territories(g, "programme:cohorte-occitanie")
    official = maillage.datasets.france_territories().nodes_frame()
    for key, row in occ.iterrows():
        if key in official.index:
            o = official.loc[key]
            assert row["population"] == o["population"]
            assert row["code"] in (o["insee"], o["siren"])
            assert row["region"] == "Occitanie"
    assert occ.loc["commune:30350", "departement"] == "Gard"  # Le Vigan (Gard), data card
    # A PETR takes its département and région through the graph's part_of edges.
    ge = pq.territories(g, "programme:cohorte-grand-est")
    langres = [k for k in ge.index if k.startswith("petr:") and "langres" in k][0]
    assert ge.loc[langres, "departement"] == "Haute-Marne"
    assert ge.loc[langres, "region"] == "Grand Est"
    assert pd.isna(ge.loc[langres, "population"])


def test_occitanie_pilot_projects_and_their_allies_p30(g):
    occ = pq.territories(g, "programme:cohorte-occitanie")
    found = match(g, occ.index, list(OCCITANIE_PILOTS))
    for name, allies in OCCITANIE_PILOTS.items():
        got = {norm(a) for a in occ.loc[found[name], "allies"]}
        assert got == {norm(a) for a in allies}, name
    with_allies = occ[occ["allies"].str.len() > 0]
    assert len(with_allies) == 6  # « 6 projets pilotes »
    assert sum(len(a) for a in with_allies["allies"]) == 7  # six organisations, one in two projects
    assert all("projet pilote" in r for roles in with_allies["ally_roles"] for r in roles)


def test_tacd_collectivites_and_sensitive_analyses_p32(g):
    tacd = pq.territories(g, "programme:territoires-adaptes-au-climat-de-demain")
    assert len(tacd) == 25  # « 25 collectivités accompagnées » (24 entries, Strasbourg counting two)
    found = match(g, tacd.index, list(TACD_ANALYSES))
    for name, ally in TACD_ANALYSES.items():
        assert norm(ally) in {norm(a) for a in tacd.loc[found[name], "allies"]}, name
    strasbourg = tacd[tacd["label"].str.contains("Strasbourg")]
    assert len(strasbourg) == 2 and all("Sandra Villain" in a for a in strasbourg["allies"])


def test_funders_of_the_association_p52(g):
    f = pq.funders(g)
    assoc = f[f["funds_association"]]
    assert len(assoc) == 15
    match(g, assoc.index, FUNDERS)
    # Reach: ADEME funds the regional cohorts (and so their 19 territories), Villes résilientes,
    # Territoires narratifs; computed again from the edge table.
    ademe = f.loc["organisation:ademe"]
    e = g.edges_frame()
    funded = set(e[(e.source == "organisation:ademe") & (e.relation == "funds")].target)
    programmes = {p for p in funded if p.startswith("programme:")}
    assert set(ademe["programme_keys"]) == programmes
    expected = set()
    for p in programmes:
        expected |= set(pq.territories(g, p).index)
    assert set(ademe["territory_keys"]) == expected
    assert ademe["territories"] == len(expected) >= 19 + 2 + 7


def test_allies_reach_by_another_computation(g):
    a = pq.allies(g)
    e = g.edges_frame()
    kinds = g.nodes_frame()["kind"]
    # Every actor that supports a territory is an ally, reaching at least those territories.
    s = e[(e.relation == "supports") & e.target.map(kinds).eq("territory") & e.source.map(kinds).isin(["organisation", "person"])]
    for actor, group in s.groupby("source"):
        assert actor in a.index
        assert set(group.target) <= set(a.loc[actor, "territory_keys"])
        assert a.loc[actor, "direct_territories"] == group.target.nunique()
    # Sorted: territories, then programmes, descending.
    assert list(a["territories"]) == sorted(a["territories"], reverse=True)
    assert a.index[0] == "organisation:fabrique-des-transitions"
    only = pq.allies(g, "programme:cohorte-occitanie")
    assert {"organisation:arec-occitanie", "organisation:deja-la"} <= set(only.index)
    assert "organisation:cerema" not in only.index


def test_shared_territories_and_actors_by_networkx(g):
    shared = pq.shared_territories(g)
    # Frontonnais: Occitanie cohort and TACD (p. 29, p. 32).
    front = [k for k in shared.index if norm("Frontonnais") in norm(shared.loc[k, "label"])]
    assert front and shared.loc[front[0], "programmes"] >= 2
    # Independent count: territory → programme participations (direct) on the edge table.
    e = g.edges_frame()
    kinds = g.nodes_frame()["kind"]
    p = e[(e.relation == "participates_in") & e.source.map(kinds).eq("territory") & e.target.map(kinds).eq("programme")]
    counts = p.groupby("source").target.nunique()
    assert set(shared.index) == set(counts[counts >= 2].index)
    assert (shared["programmes"] == counts.reindex(shared.index)).all()
    # Programmes sharing actors: NetworkX's bipartite projection of the same actor × programme pairs.
    sa = pq.shared_actors(g)
    a = pq.allies(g)
    B = nx.Graph()
    for actor, progs in a["programme_keys"].items():
        for prog in progs:
            B.add_edge(("a", actor), ("p", prog))
    P = nx.bipartite.weighted_projected_graph(B, [n for n in B if n[0] == "p"])
    assert len(sa) == P.number_of_edges()
    for _i, row in sa.iterrows():
        assert P[("p", row["programme_a"])][("p", row["programme_b"])]["weight"] == row["shared"] == len(row["actors"])


def test_missing_links_named_and_official(g):
    present = pq.missing_links(g)
    # The default definition: the 16 pairs of maillage summary (every territory with a tie), now
    # named and per programme. Per programme, a territory tied to the programme only (the Sambuy
    # ski area, in the Faverges-Seythenex support, p. 45) is checked too: 17 pairs in all.
    summary = maillage.interscale.missing_vertical_links(g)
    assert len(summary) == 16
    pairs = set(zip(present["territory"], present["container"]))
    assert set(zip(summary["territory"].astype(str), summary["container"].astype(str))) <= pairs
    assert len(pairs) == 17
    assert ("territoire:domaine-skiable-de-la-sambuy", "commune:74123") in pairs
    assert present["container_present"].all()
    assert set(present.columns) >= {"territory_label", "container_label", "programme_label"}
    official = pq.missing_links(g, official=True)
    assert len(official.drop_duplicates(["territory", "container"])) > len(present.drop_duplicates(["territory", "container"]))
    # The Aveyron (a TACD département) lacks a tie to the Région Occitanie, which is in the graph;
    # containers absent from the graph are named too.
    assert not official["container_present"].all()
    assert (official["container_scale"].astype(str) != "national").all()  # up to the région
    av = official[official["territory"] == "departement:12"]
    assert "Occitanie" in set(av["container_label"])


def test_missing_links_against_a_hand_built_network():
    nodes = pd.DataFrame({
        "key": ["commune:12202", "departement:12", "programme:p", "organisation:a"],
        "kind": ["territory", "territory", "programme", "organisation"],
        "scale": ["commune", "departement", None, "national"],
    })
    edges = pd.DataFrame({"source": ["commune:12202", "commune:12202", "organisation:a"],
                          "target": ["departement:12", "programme:p", "commune:12202"],
                          "relation": ["part_of", "participates_in", "supports"],
                          "context": [None, None, "programme:p"]})
    g = maillage.Graph.from_frames(nodes, edges)
    present = pq.missing_links(g, "programme:p")
    # Rodez reaches nothing at the département's scale: the département is present (a node) but has no tie.
    assert len(present) == 0  # no container with a tie: nothing is checked by default
    official = pq.missing_links(g, "programme:p", official=True)
    # Rodez (12202): its EPCI, the Aveyron and the région Occitanie, none reached.
    assert set(official["container"]) == {"departement:12", "region:76", "epci:241200187"}
    assert official.set_index("container").loc["departement:12", "container_present"] is False or \
        not official.set_index("container").loc["departement:12", "container_present"]
    assert official.set_index("container").loc["region:76", "container_label"] == "Occitanie"


def test_brokers_are_actors(g):
    b = pq.brokers(g)
    kinds = g.nodes_frame()["kind"]
    assert set(kinds[b.index]) <= {"organisation", "person"}
    roles = maillage.brokerage(g.view(relations="tie", directed=False), "scale", missing="drop", actor_scale="unique")
    for key in b.index[:5]:
        assert b.loc[key, "liaison"] == roles.loc[key, "liaison"]
    with_programmes = pq.brokers(g, kinds=("organisation", "person", "programme"))
    assert (kinds[with_programmes.index] == "programme").any()


def test_coverage_sums(g):
    reg = pq.coverage(g, "region")
    occ = reg.loc["region:76"]
    assert occ["label"] == "Occitanie"
    # Population counted once: the Région Occitanie takes part (in its cohort), so every other
    # territory of the région lies inside it and the total is the région's official population.
    official = maillage.datasets.france_territories().nodes_frame()
    assert occ["population"] == official.loc["region:76", "population"]
    # Hauts-de-France: no région, département or EPCI above another counted territory but
    # Lille above Lomme: the sum of the others, by hand from the official table.
    hdf = reg.loc["region:32"]
    e = g.edges_frame()
    kinds = g.nodes_frame()["kind"]
    part = e[(e.relation == "participates_in") & e.source.map(kinds).eq("territory") & e.target.map(kinds).eq("programme")]
    keys = [k for k in set(part.source) if k in official.index and official.loc[k, "region"] == "32"]
    assert hdf["territories"] >= len(keys)
    assert occ["territories"] >= len(pq.territories(g, "programme:cohorte-occitanie"))
    dep = pq.coverage(g, "departement")
    assert dep["territories"].sum() <= reg["territories"].sum() + len(reg.attrs["unplaced"]) + 50
    assert list(reg["territories"]) == sorted(reg["territories"], reverse=True)


def test_compare_one_row_per_active_programme(g):
    c = pq.compare(g, samples=50)
    assert c.loc["programme:territoires-adaptes-au-climat-de-demain", "territories"] == 25
    assert c.loc["programme:cohorte-grand-est", "territories"] == 10
    shares = maillage.interscale.vertical_share(g, by="programme", counts=True)
    for p in c.index:
        if p in shares.index and c.loc[p, "ties"]:
            assert c.loc[p, "vertical_share"] == pytest.approx(shares.loc[p, "vertical_share"], nan_ok=True)
    null = maillage.significance(g, "vertical_share", by="programme", samples=50, seed=0)
    assert c.loc["programme:cohorte-occitanie", "z"] == pytest.approx(null.loc["programme:cohorte-occitanie", "z"])


def test_errors_name_the_programme(g):
    with pytest.raises(maillage.NotFound, match="programme:nope"):
        pq.territories(g, "programme:nope")
    with pytest.raises(maillage.InvalidInput, match="organisation:ademe"):
        pq.territories(g, "organisation:ademe")
    with pytest.raises(maillage.InvalidInput, match="by must be"):
        pq.coverage(g, "commune")


def test_a_graph_without_programmes():
    g = maillage.Graph.from_frames(pd.DataFrame({"key": ["a", "b"]}), pd.DataFrame({"source": ["a"], "target": ["b"]}))
    assert len(pq.allies(g)) == 0
    assert len(pq.funders(g)) == 0
    assert len(pq.shared_territories(g)) == 0
    assert len(pq.compare(g)) == 0
    assert len(pq.missing_links(g)) == 0
