"""The fabrique-2024 dataset, checked from the data itself, the report's text and the official files.

Oracles, all independent of maillage: the shipped CSV files read with the csv module; the numbers
and lists the report states (quoted below from La Fabrique des transitions, "Bilan 2024"; when the
report's text is at hand — ../shared/seeds — every quotation is also looked up in it); Etalab's
decoupage-administratif JSON files ($MAILLAGE_DECOUPAGE_DIR, else
../shared/data/decoupage-administratif beside the repository; those tests are skipped without
them).
"""

from __future__ import annotations

import collections
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import maillage

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "fabrique-2024"
OFFICIAL = Path(os.environ.get("MAILLAGE_DECOUPAGE_DIR", REPO.parent / "shared" / "data" / "decoupage-administratif"))
REPORT = REPO.parent / "shared" / "seeds" / "000_a9dd3931bd71cdc6.txt"

SCALES = ["quartier", "commune", "epci", "bassin", "departement", "region", "interregion", "national",
          "europe", "international"]
FAMILIES = {"elu", "agent", "etat", "socio_economique", "allie", "financeur", "media", "recherche"}
BUILTIN = {"part_of", "located_in", "member_of", "represents", "in_programme", "cooperates_with",
           "co_participates", "supports", "funds", "animates", "participates_in", "speaks_at", "links_to"}
REGISTERED = BUILTIN | {"produces"}
OFFICIAL_PREFIXES = {"commune", "commune-deleguee", "commune-associee", "arrondissement", "epci", "ept",
                     "departement", "region"}
KIND_OF_PREFIX = {"person": "person", "organisation": "organisation", "programme": "programme",
                  "event": "event", "resource": "resource"}


# ------------------------------------------------------------------------------------ fixtures
def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def nodes():
    return {row["key"]: row for row in _rows("nodes.csv")}


@pytest.fixture(scope="module")
def node_rows():
    return _rows("nodes.csv")


@pytest.fixture(scope="module")
def edges():
    return _rows("edges.csv")


@pytest.fixture(scope="module")
def graph():
    # the repository's tables (the package's copy is the same in a fresh install)
    saved = os.environ.get("MAILLAGE_FABRIQUE_2024_DIR")
    os.environ["MAILLAGE_FABRIQUE_2024_DIR"] = str(DATA)
    try:
        assert maillage.datasets.fabrique_2024_paths()[0] == DATA / "nodes.csv"
        return maillage.datasets.fabrique_2024()
    finally:
        if saved is None:
            del os.environ["MAILLAGE_FABRIQUE_2024_DIR"]
        else:
            os.environ["MAILLAGE_FABRIQUE_2024_DIR"] = saved


@pytest.fixture(scope="module")
def official():
    if not (OFFICIAL / "communes.json").is_file():
        pytest.skip(f"official decoupage-administratif files not found in {OFFICIAL}")

    def load(name):
        with open(OFFICIAL / f"{name}.json", encoding="utf-8") as handle:
            return json.load(handle)

    communes = load("communes")
    return {
        "commune": {c["code"]: c for c in communes if c["type"] == "commune-actuelle"},
        "commune-associee": {c["code"]: c for c in communes if c["type"] == "commune-associee"},
        "commune-deleguee": {c["code"]: c for c in communes if c["type"] == "commune-deleguee"},
        "arrondissement": {c["code"]: c for c in communes if c["type"] == "arrondissement-municipal"},
        "epci": {e["code"]: e for e in load("epci")},
        "ept": {e["code"]: e for e in load("ept")},
        "departement": {d["code"]: d for d in load("departements")},
        "region": {r["code"]: r for r in load("regions")},
    }


def report_says(*quotes):
    """Every quotation is in the report's text (when the text is at hand)."""
    if not REPORT.is_file():
        return
    text = REPORT.read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", text.replace("*", ""))
    for quote in quotes:
        assert re.sub(r"\s+", " ", quote) in flat, f"not in the report: {quote!r}"


def participants(edges, programme, roles=None):
    out = []
    for e in edges:
        if e["relation"] == "participates_in" and e["target"] == programme and (roles is None or e["role"] in roles):
            out.append(e["source"])
    return out


def events_of(edges, nodes, programme):
    return {e["source"] for e in edges
            if e["relation"] == "in_programme" and e["target"] == programme and nodes[e["source"]]["kind"] == "event"}


# ------------------------------------------------------------------------------------ structure
def test_keys_are_unique_and_kinds_follow_the_key(node_rows):
    keys = [row["key"] for row in node_rows]
    assert len(keys) == len(set(keys))
    for row in node_rows:
        prefix = row["key"].split(":", 1)[0]
        expected = KIND_OF_PREFIX.get(prefix, "territory")
        assert row["kind"] == expected, row["key"]
        if expected == "territory":
            assert prefix in OFFICIAL_PREFIXES | {"pays", "petr", "pnr", "scot", "territoire"}, row["key"]


def test_no_dangling_edge_and_every_relation_registered(nodes, edges):
    for e in edges:
        assert e["source"] in nodes, e
        assert e["target"] in nodes, e
        assert e["relation"] in REGISTERED, e
        if e["context"]:
            assert nodes[e["context"]]["kind"] == "programme", e
        assert e["source"] != e["target"], e


def test_every_node_and_edge_has_a_provenance(node_rows, edges):
    chapters = {"Éditorial et synthèse", "L'animation de l'alliance", "Les accompagnements en cohorte",
                "Les accompagnements expérimentaux", "Les appuis ponctuels", "L'association"}
    for row in list(node_rows) + list(edges):
        provenance = row["provenance"]
        assert provenance, row
        if provenance.startswith("Découpage administratif"):
            # official containers and their nesting, not from the report
            assert row.get("relation", "part_of") == "part_of" or "kind" in row
            assert (row.get("kind") == "territory") or row.get("relation") == "part_of"
            continue
        match = re.fullmatch(r"Bilan 2024 › (.+?) › .+ \(p\. (\d+)\)|Bilan 2024 › (.+?) \(p\. (\d+)\)", provenance)
        assert match, provenance
        chapter = match.group(1) or match.group(3)
        page = int(match.group(2) or match.group(4))
        assert chapter in chapters, provenance
        assert 1 <= page <= 56 and int(row["page"]) == page


def test_part_of_joins_territories_lower_or_equal_scale_and_is_acyclic(nodes, edges):
    parents = collections.defaultdict(set)
    for e in edges:
        if e["relation"] != "part_of":
            continue
        child, parent = nodes[e["source"]], nodes[e["target"]]
        assert child["kind"] == "territory" and parent["kind"] == "territory", e
        assert SCALES.index(child["scale"]) <= SCALES.index(parent["scale"]), e
        parents[e["source"]].add(e["target"])
    # acyclic: a depth-first search meets no node on its own stack
    state = {}

    def visit(v):
        state[v] = 1
        for p in parents[v]:
            assert state.get(p) != 1, f"part_of cycle through {v} and {p}"
            if p not in state:
                visit(p)
        state[v] = 2

    for v in list(parents):
        if v not in state:
            visit(v)


def test_every_territory_reaches_a_country(nodes, edges):
    parents = collections.defaultdict(set)
    for e in edges:
        if e["relation"] == "part_of":
            parents[e["source"]].add(e["target"])
    countries = {k for k, row in nodes.items() if k.startswith("pays:")}
    assert countries == {"pays:FR", "pays:CM"}
    for key, row in nodes.items():
        if row["kind"] != "territory" or key in countries:
            continue
        seen, todo = set(), [key]
        while todo:
            v = todo.pop()
            for p in parents[v]:
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        assert seen & countries, f"{key} reaches no country"
    # « Yaoundé VI (Cameroun) »
    assert parents["territoire:yaounde-vi"] == {"pays:CM"}


def test_organisations_and_programmes_have_a_scale_and_a_family(nodes):
    for key, row in nodes.items():
        if row["scale"]:
            assert row["scale"] in SCALES, key
        if row["family"]:
            assert row["family"] in FAMILIES, key
        if row["kind"] == "organisation":
            assert row["scale"] and row["family"], key
        if row["kind"] in ("programme", "territory"):
            assert row["scale"], key
        if row["kind"] == "programme":
            assert row["category"], key
        if row["kind"] == "person" and row["organisation"]:
            assert nodes[row["organisation"]]["kind"] == "organisation", key
            assert row["scale"] and row["family"], key
        if row["kind"] == "event":
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["start"]) and row["start"] <= row["end"], key


def test_every_event_is_in_a_programme_or_hosts_one(nodes, edges):
    in_programme = {e["source"] for e in edges if e["relation"] == "in_programme"}
    parents = {row["parent"] for row in nodes.values() if row["parent"]}
    loose = {k for k, row in nodes.items() if row["kind"] == "event" and k not in in_programme | parents}
    # the parcours at the TEPOS meetings (the launch of a publication) and the general assembly of
    # the association belong to no programme
    assert loose == {"event:parcours-tepos-2024", "event:assemblee-generale-ordinaire-2024"}


def test_labels_keep_accents_and_report_spellings_are_aliases(nodes):
    assert nodes["person:benoit-thevard"]["label"] == "Benoît Thévard"
    assert nodes["person:sa-majeste-m-bassy"]["label"] == "Sa Majesté M'Bassy"
    assert nodes["person:anne-louise-negre"]["label"] == "Anne-Louise Nègre"
    # « Anancy (Haute-Savoie) », « Faverge-Seythenex (Haute-Savoie) », « Seill et Grand Couronné »
    report_says("Anancy (Haute-Savoie)", "Faverge-Seythenex (Haute-Savoie)",
                "Communauté de communes du Seill et Grand Couronné")
    assert "Anancy" in nodes["commune:74010"]["aliases"].split("|")
    assert "Faverge-Seythenex" in nodes["commune:74123"]["aliases"].split("|")
    assert nodes["commune:74123"]["label"] == "Faverges-Seythenex"
    assert "Communauté de communes du Seill et Grand Couronné" in nodes["epci:200070589"]["aliases"].split("|")
    # the report writes both « Benoît Thevard » and « Benoît Thévard »
    report_says("Benoît Thevard et Malvina Balmes", "Benoît Thévard et Lucas Bonnet")
    assert "Benoît Thevard" in nodes["person:benoit-thevard"]["aliases"].split("|")


# ------------------------------------------------------------------------------------ official files
def test_official_keys_exist_with_their_official_names(nodes, official):
    checked = 0
    for key, row in nodes.items():
        prefix, _, code = key.partition(":")
        if prefix not in OFFICIAL_PREFIXES:
            continue
        entry = official[prefix].get(code)
        assert entry is not None, f"{key} is not in the official files"
        assert row["label"] == entry["nom"], key
        checked += 1
    assert checked > 150


def test_official_nesting_follows_the_official_files(nodes, edges, official):
    commune, epci, ept = official["commune"], official["epci"], official["ept"]
    epci_of = {m["code"]: code for code, e in epci.items() for m in e["membres"]}
    ept_of = {m["code"]: code for code, e in ept.items() for m in e["membres"]}

    def grouping_parent(members):
        deps = {commune[m["code"]]["departement"] for m in members}
        regs = {commune[m["code"]]["region"] for m in members}
        if len(deps) == 1:
            return f"departement:{deps.pop()}"
        return f"region:{regs.pop()}" if len(regs) == 1 else "pays:FR"

    parents = collections.defaultdict(set)
    for e in edges:
        if e["relation"] == "part_of":
            parents[e["source"]].add(e["target"])
    for key in nodes:
        prefix, _, code = key.partition(":")
        if prefix == "commune":
            expected = {f"departement:{commune[code]['departement']}"}
            if code in epci_of:
                expected.add(f"epci:{epci_of[code]}")
            if code in ept_of:
                expected.add(f"ept:{ept_of[code]}")
        elif prefix in ("commune-associee", "commune-deleguee"):
            expected = {f"commune:{official[prefix][code]['chefLieu']}"}
        elif prefix == "epci":
            expected = {grouping_parent(epci[code]["membres"])}
        elif prefix == "ept":
            expected = {"epci:200054781", grouping_parent(ept[code]["membres"])}
        elif prefix == "departement":
            expected = {f"region:{official['departement'][code]['region']}"}
            if code in ("67", "68"):
                expected.add("territoire:collectivite-europeenne-d-alsace")
        elif prefix == "region":
            expected = {"pays:FR"}
        else:
            continue
        assert parents[key] == expected, key


def test_the_same_keys_labels_and_containers_as_france_territories(nodes, edges):
    if not hasattr(maillage.datasets, "france_territories"):
        pytest.skip("france_territories() not available")
    try:
        france = maillage.datasets.france_territories()
    except maillage.NotFound:
        pytest.skip("france-territories data not found")
    frame = france.nodes_frame()
    ours = {k: row for k, row in nodes.items() if k.partition(":")[0] in OFFICIAL_PREFIXES or k == "pays:FR"}
    for key, row in ours.items():
        assert key in frame.index, key
        assert frame.at[key, "label"] == row["label"], key
    their_parents = collections.defaultdict(set)
    ef = france.edges_frame()
    wanted = ef[ef["source"].isin(list(ours))]
    for s, t in zip(wanted["source"], wanted["target"]):
        their_parents[s].add(t)
    our_parents = collections.defaultdict(set)
    for e in edges:
        if e["relation"] == "part_of" and e["source"] in ours and e["target"] in ours:
            our_parents[e["source"]].add(e["target"])
    for key in ours:
        assert our_parents[key] == their_parents[key], key


# ------------------------------------------------------------------------------------ the report's lists
def test_territoires_pilotes_saison_2_has_the_eight_listed_territories(edges):
    report_says("poursuite de l'accompagnement de **8 territoires** pilotes".replace("**", ""))
    listed = {  # the report's list → official keys
        "Anancy (Haute-Savoie)": "commune:74010",
        "Communauté d'Agglomération Beauvais (Oise)": "epci:200067999",
        "Communauté urbaine d'Arras (Pas-de-Calais)": "epci:200033579",
        "Faverge-Seythenex (Haute-Savoie)": "commune:74123",
        "Lomme (Nord)": "commune-associee:59355",
        "PE'TR de l'Albigeois et des Bastides (Tarn)": "petr:albigeois-et-bastides",
        "Saint-Jean-de-Braye (Loiret)": "commune:45284",
        "Vimy (Pas-de-Calais)": "commune:62861",
    }
    report_says(*listed)
    got = participants(edges, "programme:territoires-pilotes-saison-2", {"territoire pilote"})
    assert len(got) == len(listed) == 8
    assert set(got) == set(listed.values())


def test_avenir_montagnes_ingenierie_has_the_nine_pilot_territories(edges):
    report_says("62 territoires lauréats du plan Avenir Montagnes Ingénierie dont 9 territoires pilotes")
    listed = {
        "Communauté de communes Cœur de Chartreuse": "epci:200040111",
        "Communauté de Maurienne Galibier": "epci:247300452",
        "PE' TR Causses et Cévennes": "petr:causses-et-cevennes",
        "PE' TR de l'Ariège": "petr:ariege",
        "PE' TR Pays de Sarrebourg / Vosges Mosellane": "petr:pays-de-sarrebourg",
        "PE' TR Pays de Nestes": "petr:pays-des-nestes",
        "PNR du Doubs Horloger": "pnr:doubs-horloger",
        "PNR du Luberon": "pnr:luberon",
        "Sentier des grandes itinérances des départements de l'Ain, du Doubs et du Jura (ENJ-GTJ)":
            "territoire:sentier-des-grandes-itinerances-ain-doubs-jura",
    }
    report_says(*listed)
    got = participants(edges, "programme:avenir-montagnes-ingenierie", {"territoire pilote"})
    assert len(got) == len(listed) == 9
    assert set(got) == set(listed.values())


def test_avenir_montagnes_project_reviews_pair_three_allies_with_territories(nodes, edges):
    report_says("Organisation de 9 revues des projets portés par les territoires pilotes avec l'appui de 3 alliés")
    pairs = {(e["source"], e["target"]) for e in edges
             if e["relation"] == "supports" and e["context"] == "programme:avenir-montagnes-ingenierie"
             and nodes[e["target"]]["kind"] == "territory"}
    # « avec l'appui de l'allié Xavier Delposen (ACT2T) », « de l'allié Mountain Wilderness » (twice),
    # « de l'alliée Florence Busnot-Richard (Terre de confiance) » (twice)
    assert pairs == {
        ("person:xavier-delposen", "petr:pays-de-sarrebourg"),
        ("organisation:mountain-wilderness", "pnr:doubs-horloger"),
        ("organisation:mountain-wilderness", "pnr:luberon"),
        ("person:florence-busnot-richard", "petr:pays-des-nestes"),
        ("person:florence-busnot-richard", "petr:ariege"),
    }
    assert len({s for s, _ in pairs}) == 3


def test_regional_cohorts_have_two_regions_and_seventeen_territories(edges):
    report_says("Un accompagnement collectif de 2 Régions et de 17 territoires en Occitanie et en Grand Est")
    occitanie = {
        "Barre des Cévennes": "commune:48019", "Canohès": "commune:66038",
        "Communauté d'Agglomération du SICOVAL": "epci:243100633",
        "Communauté de Communes du Frontonnais": "epci:200034957", "Gruissan": "commune:11170",
        "Le Vigan": "commune:30350", "Montpellier Métropole": "epci:243400017",
        "Saint-Hilaire de Brethmas": "commune:30259",
    }
    grand_est = {
        "Communauté d'Agglomération Grand Saint Dizier": "epci:200068666",
        "Communauté de communes du Barséquanais en Champagne": "epci:200069003",
        "Communauté de communes du Pays d'Étain": "epci:245501242",
        "Communauté de communes du Seill et Grand Couronné": "epci:200070589",
        "Commune de Plombières-les-Bains": "commune:88351",
        "PE' TR du Pays de Langres": "petr:pays-de-langres",
        "PE' TR Rhin-Vignoble-Grand Ballon": "petr:rhin-vignoble-grand-ballon",
        "PE' TR Thur-Doller": "petr:thur-doller",
        "PNR des Vosges du Nord": "pnr:vosges-du-nord",
    }
    report_says(*occitanie, *grand_est)
    got_o = participants(edges, "programme:cohorte-occitanie", {"territoire accompagné"})
    got_g = participants(edges, "programme:cohorte-grand-est", {"territoire accompagné"})
    assert (len(got_o), len(got_g), len(got_o) + len(got_g)) == (8, 9, 17)
    assert set(got_o) == set(occitanie.values()) and set(got_g) == set(grand_est.values())
    regions = participants(edges, "programme:cohorte-occitanie", {"Région"}) + \
        participants(edges, "programme:cohorte-grand-est", {"Région"})
    assert sorted(regions) == ["region:44", "region:76"]


def test_regional_cohort_pilot_projects_and_pivot_allies(edges):
    report_says("Initialisation de 6 projets pilotes par 5 allié-es au sein de la cohorte Occitanie",
                "l'AREC en Occitanie et Citoyens & Territoires en Grand Est")
    pilot = [e for e in edges if e["relation"] == "supports" and e["context"] == "programme:cohorte-occitanie"
             and e["role"] == "projet pilote"]
    assert len({e["detail"] for e in pilot}) == 6  # six projects (one with two allies)
    # six organisations are named for the « 5 allié-es »: a discrepancy of the report (data card)
    assert len({e["source"] for e in pilot}) == 6
    pivots = {(e["source"], e["target"]) for e in edges if e["relation"] == "cooperates_with"
              and e["context"] in ("programme:cohorte-occitanie", "programme:cohorte-grand-est")}
    assert pivots == {("organisation:fabrique-des-transitions", "organisation:arec-occitanie"),
                      ("organisation:fabrique-des-transitions", "organisation:citoyens-et-territoires")}


def test_territoires_adaptes_lists_24_entries_for_25_collectivites(edges):
    report_says("25 collectivités accompagnées par le Cerema et la Fabrique des transitions")
    entries = {
        "Agglomération du Pays de Dreux (28)": ["epci:200040277"],
        "Collectivité européenne d'Alsace": ["territoire:collectivite-europeenne-d-alsace"],
        "Communauté d'agglomération du Pays Basque (64)": ["epci:200067106"],
        "Communauté d'agglomération du Pays de l'Or (34)": ["epci:243400470"],
        "Communauté de communes du Frontonnais (31)": ["epci:200034957"],
        "Communauté de communes Terehéamanu (Tahiti)": ["territoire:tereheamanu"],
        "Communauté Intercommunale du Nord de la Réunion (974)": ["epci:249740119"],
        "Commune de Blagnac (31)": ["commune:31069"],
        "Commune de Décines-Charpieu (69)": ["commune:69275"],
        "Commune de Fourmies (59)": ["commune:59249"],
        "Commune de Macouria (973)": ["commune:97305"],
        "Département de l'Ain (01)": ["departement:01"],
        "Département de l'Aveyron (12)": ["departement:12"],
        "Département de la Moselle (57)": ["departement:57"],
        "Département de Seine-Saint-Denis (93)": ["departement:93"],
        "Département des Bouches-du-Rhône (13)": ["departement:13"],
        "Département des Côtes d'Armor (22)": ["departement:22"],
        "Département des Pyrénées-Atlantiques (64)": ["departement:64"],
        "Établissement Public Territorial Paris Terres d'Envol (93)": ["ept:200058097"],
        "Eurométropole et ville de Strasbourg (67)": ["epci:246700488", "commune:67482"],
        "Haut-Bugey Agglomération (01)": ["epci:200042935"],
        "Saint-Brieuc Armor Agglomération (22)": ["epci:200069409"],
        "SCoT Mont-Blanc (74)": ["scot:mont-blanc"],
        "Toulon Provence Méditerranée (83)": ["epci:248300543"],
    }
    report_says(*entries)
    expected = [k for keys in entries.values() for k in keys]
    got = participants(edges, "programme:territoires-adaptes-au-climat-de-demain", {"collectivité accompagnée"})
    assert len(entries) == 24 and len(got) == len(expected) == 25
    assert sorted(got) == sorted(expected)


def test_territoires_adaptes_sensitive_analyses_by_nine_allies(edges, nodes):
    report_says("lancement de 10 analyses sensibles dans les territoires volontaires, par 9 allié·es")
    analyses = [e for e in edges if e["relation"] == "supports"
                and e["context"] == "programme:territoires-adaptes-au-climat-de-demain" and e["role"] == "analyse sensible"]
    # ten analyses; Strasbourg's (one entry, two collectivités) is one analysis with two edges
    assert len({e["source"] + (e["detail"] if "Strasbourg" in e["detail"] else e["target"]) for e in analyses}) == 10
    actors = {e["source"] for e in analyses}
    staff = {a for a in actors if nodes[a]["organisation"] == "organisation:fabrique-des-transitions"}
    assert staff == {"person:benoit-nenert"}  # « par Benoît Nenert (La Fabrique des transitions) »
    assert len(actors - staff) == 9


def test_the_five_cohorts_reach_fifty_nine_territories(edges):
    report_says("en mobilisant une trentaine d'allié·es auprès de 59 territoires")
    cohorts = ["programme:territoires-pilotes-saison-2", "programme:avenir-montagnes-ingenierie",
               "programme:cohorte-occitanie", "programme:cohorte-grand-est",
               "programme:territoires-adaptes-au-climat-de-demain"]
    roles = {"territoire pilote", "territoire accompagné", "collectivité accompagnée"}
    assert sum(len(participants(edges, p, roles)) for p in cohorts) == 59


def test_learning_community_and_experimental_lists(edges):
    report_says("7 grandes collectivités françaises", "Département du Puy-de-Dôme ;", "Ville de Marseille ;",
                "(Beaumont, Chastreix, Billom communauté et Combrailles Sioule et Morge)",
                "accompagnement des villes de Loos-en-Gohelle (France) et Yaoundé VI (Cameroun)",
                "une première phase pilote à Felletin, dans la Creuse")
    assert set(participants(edges, "programme:comap-territoires-narratifs")) == {
        "departement:63", "epci:244400404", "epci:243500139", "epci:200023414", "commune:69123",
        "commune:13055", "commune:75056"}
    assert set(participants(edges, "programme:conseil-departemental-du-puy-de-dome", {"territoire pilote"})) == {
        "commune:63032", "commune:63098", "epci:200067627", "epci:200072098"}
    assert set(participants(edges, "programme:villes-resilientes", {"ville accompagnée"})) == {
        "commune:62528", "territoire:yaounde-vi"}
    assert participants(edges, "programme:respir", {"territoire pilote"}) == ["commune:23079"]
    # « réunissant 3 collectifs d'acteur·ices »
    assert len(participants(edges, "programme:massif-central-en-transition")) == 3


def test_programme_counts_stated_by_the_report(nodes, edges):
    report_says("2 communautés apprenantes", "4 chantiers", "5 accompagnements en cohorte",
                "5 accompagnements expérimentaux", "4 appuis ponctuels")
    categories = collections.Counter(row["category"] for row in nodes.values() if row["kind"] == "programme")
    assert categories["communauté apprenante"] == 2
    assert categories["accompagnement en cohorte"] - 1 == 5  # minus saison 1 (2021-2022), not run in 2024
    assert categories["accompagnement expérimental"] == 5
    assert categories["appui ponctuel"] == 4
    chantiers = {k: row for k, row in nodes.items() if row["category"] == "chantier"}
    # the four of 2024, and « intégration des alliés-es », co-carried in 2023-2024
    assert set(chantiers) == {"programme:chantier-representations-systemiques",
                              "programme:chantier-trajectoires-de-transformation",
                              "programme:chantier-voyages-apprenants",
                              "programme:chantier-education-populaire-et-transition-juste",
                              "programme:chantier-integration-des-allies"}
    assert chantiers["programme:chantier-integration-des-allies"]["end"] == "2024-12-31"


@pytest.mark.parametrize("programme, count, quote", [
    ("programme:comap-mise-en-recits", 5, "la COMAP Mise en récits s'est retrouvée à l'occasion de 5 sessions"),
    ("programme:comap-territoires-narratifs", 2, "les 2 dernières sessions de la communauté apprenante ont eu lieu"),
    ("programme:chantier-representations-systemiques", 6, "autour de 5 temps de retours d'expériences"),
    ("programme:chantier-trajectoires-de-transformation", 6, "au cours de 9 temps collectifs, dont 6 en 2024"),
    ("programme:chantier-voyages-apprenants", 4, "à travers 4 ateliers"),
    ("programme:territoires-pilotes-saison-2", 3, "organisation des 3 dernières sessions collectives en 2024"),
    ("programme:cohorte-occitanie", 8, "Six webinaires de la cohorte Occitanie"),
    ("programme:cohorte-grand-est", 3, "Deux webinaires de la cohorte Grand Est"),
    ("programme:territoires-adaptes-au-climat-de-demain", 3, "co-animation de 2 premiers webinaires avec le Cerema"),
    ("programme:faverges-seythenex", 3, "co-animation de 3 ateliers"),
    ("programme:grand-bergeracois-audacieux", 2, "2 comités de pilotage"),
    ("programme:culture-co", 4, "Co-conception d'un cycle de 3 webinaires avec Culture Co"),
    ("programme:beyond-snow", 1, "La Fabrique des transitions a participé à une rencontre partenariale"),
    ("programme:interventions", 16, "de nombreuses interventions dont voici une sélection"),
])
def test_events_per_programme(nodes, edges, programme, count, quote):
    # Représentations systémiques: 5 REX + the « Séance de synthèse »; Occitanie: 6 webinars + 2
    # journées; Grand Est: 2 webinars + 1 journée; TACD: 2 webinars + 1 séminaire; Culture Co: 3
    # webinars + the workshop at La Bascule.
    report_says(quote)
    assert len(events_of(edges, nodes, programme)) == count


def test_new_members_board_bureau_and_staff(nodes, edges):
    report_says("élargissement de l'association à 12 nouveaux-elles membres adhérent-es",
                "le conseil d'administration comprend 17 membres", "élargissement du bureau à 4 membres",
                "l'équipe comprend 7 salarié-es")
    new = {e["source"] for e in edges if e["relation"] == "member_of"
           and e["target"] == "organisation:fabrique-des-transitions" and e["role"].startswith("membre adhérent")}
    assert len(new) == 12
    report_says(*(nodes[k]["label"] for k in new))
    board = {e["source"] for e in edges if e["relation"] == "member_of"
             and e["target"] == "organisation:fabrique-des-transitions/conseil-d-administration"
             and nodes[e["source"]]["kind"] == "person"}
    assert len(board) == 17
    bureau = {e["source"]: e["role"] for e in edges if e["relation"] == "member_of"
              and e["target"] == "organisation:fabrique-des-transitions/bureau" and nodes[e["source"]]["kind"] == "person"}
    assert bureau == {
        "person:jean-francois-caron": "Président",
        "person:anne-auclair": "Vice-Présidente, en charge de l'animation et du développement de l'alliance",
        "person:noel-lenancker": "Vice-Président Trésorier, en charge du pilotage financier et de la stratégie organisationnelle",
        "person:claire-roumet": "Vice-Présidente, en charge du plaidoyer et des articulations d'échelles",
    }
    assert set(bureau) <= board
    team = {e["source"]: e for e in edges if e["relation"] == "member_of"
            and e["target"] == "organisation:fabrique-des-transitions/equipe-salariee"}
    retired = {k for k, e in team.items() if "retraite" in e["role"]}
    assert retired == {"person:jean-francois-caron"}
    doctoral = {k for k, e in team.items() if e["role"].startswith("Doctorant")}
    assert doctoral == {"person:nicolas-barennes"}
    assert len(set(team) - retired - doctoral) == 7
    recruited = {k for k, e in team.items() if e["start"] == "2024-01-01"}
    assert recruited == {"person:benoit-thevard", "person:lucas-bonnet"}


def test_funders_of_the_association(edges):
    lines = [
        "Commissariat Général au Développement Durable (Ministère de la Transition écologique).",
        "Centre National de la Fonction Publique Territoriale (CNFPT).",
        "ADEME - Agence de la transition écologique.",
        "Agence Nationale de la Cohésion des Territoires (ANCT).",
        "Centre d'études et d'expertise sur les risques, l'environnement, la mobilité et l'aménagement (Cerema).",
        "Interreg Alpine Space - Beyond Snow.", "Région Occitanie.", "Région Grand Est.",
        "Conseil Départemental du Puy-de-Dôme.", "Ville de Lyon.",
        "Fondation RTE et Fonds de dotation Terres & Fils.",
        "Agence Française de Développement et Agence de l'eau Artois-Picardie.", "Fondation Crédit Coopératif.",
    ]
    report_says(*lines)
    funders = {e["source"] for e in edges if e["relation"] == "funds" and e["target"] == "organisation:fabrique-des-transitions"}
    # 13 lines; two of them name two organisations (« Fondation RTE et Fonds de dotation Terres &
    # Fils », « Agence Française de Développement et Agence de l'eau Artois-Picardie »)
    assert len(lines) == 13 and len(funders) == 15
    assert {"organisation:fondation-rte", "organisation:terre-et-fils", "organisation:afd",
            "organisation:agence-de-l-eau-artois-picardie", "organisation:cgdd"} <= funders


def test_metadata_holds_the_alliances_totals(graph):
    report_says("465 organisations et 901 personnes alliées", "631 500 €", "LinkedIn (7 438 abonnés)")
    meta = graph.metadata
    assert meta["alliance_organisations"] == 465
    assert meta["alliance_personnes"] == 901
    assert meta["budget_previsionnel_2025_eur"] == 631500
    assert meta["linkedin_abonnes"] == 7438
    assert meta["cohortes_territoires"] == 59


# ------------------------------------------------------------------------------------ loaders
def test_loader_matches_the_files(graph, node_rows, edges):
    assert graph.number_of_nodes() == len(node_rows)
    assert graph.number_of_edges() == len(edges)
    assert graph.relations["produces"] == {"directed": True, "category": "tie"}
    nf = graph.nodes_frame()
    assert str(nf["scale"].dtype) == "category"
    assert nf.at["commune:74010", "aliases"] == ["Anancy", "Ville d'Annecy"]
    assert nf.at["departement:01", "insee"] == "01"
    ef = graph.edges_frame()
    assert ef["provenance"].notna().all()
    counts = collections.Counter(e["relation"] for e in edges)
    assert ef["relation"].value_counts().to_dict() == dict(counts)
    # a bare year in end means 31 December
    tp2 = ef[(ef["source"] == "commune:74010") & (ef["relation"] == "participates_in")].iloc[0]
    assert str(tp2["start"].date()) == "2023-01-01" and str(tp2["end"].date()) == "2024-12-31"


def test_paths_point_at_the_three_files():
    paths = maillage.datasets.fabrique_2024_paths()
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv", "datapackage.json"]
    assert all(p.is_file() for p in paths)


def test_a_missing_folder_is_reported(monkeypatch, tmp_path):
    from maillage import _core

    with pytest.raises(maillage.NotFound, match="does not hold"):
        _core.load_fabrique_2024(str(tmp_path))


def test_committed_tables_are_the_builds_output():
    if sys.version_info < (3, 11):
        pytest.skip("the build script needs tomllib (Python 3.11)")
    if not (OFFICIAL / "communes.json").is_file():
        pytest.skip(f"official decoupage-administratif files not found in {OFFICIAL}")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_fabrique_2024.py"), "--check",
                             "--official", str(OFFICIAL)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_dates_as_written_and_names_are_the_reports(nodes):
    if not REPORT.is_file():
        pytest.skip("the report's text is not at hand")
    flat = re.sub(r"\s+", " ", REPORT.read_text(encoding="utf-8").replace("*", "")).lower()
    for key, row in nodes.items():
        if row["when"]:
            assert row["when"].lower() in flat, key
        if row["kind"] in ("person", "organisation") and "/" not in key:
            names = [row["label"], *(row["aliases"].split("|") if row["aliases"] else [])]
            assert any(n.lower() in flat for n in names), key
