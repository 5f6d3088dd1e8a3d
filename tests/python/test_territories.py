"""maillage.territories: resolving names, codes and keys, vectorised resolution, attaching a user's
territories to the official hierarchy. Expected territories are those of the official files
(INSEE codes and SIRENs checked in communes.json and epci.json)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import maillage
from maillage import territories

from helpers import raises_naming


def test_dataset_loads_once_with_metadata():
    g = maillage.datasets.france_territories()
    assert g is maillage.datasets.france_territories()
    assert g.number_of_nodes() == 38992
    assert g.number_of_edges() == 74002
    assert g.metadata["name"] == "france-territories"
    assert "MIT" in g.metadata["licence"]
    assert maillage.datasets.france_territories_path().name == "territories.tsv.gz"
    nodes = g.nodes_frame()
    assert list(nodes.columns) == ["kind", "label", "scale", "type", "insee", "siren", "nature", "population", "zone",
                                   "departement", "region"]
    assert str(nodes["population"].dtype) == "Int64"
    assert nodes.loc["commune:62861", "scale"] == "commune"
    assert nodes.loc["ept:200057867", "scale"] == "epci"
    assert nodes.loc["pays:FR", "scale"] == "national"


def test_resolve_returns_a_territory():
    t = territories.resolve("Vimy")
    assert isinstance(t, territories.Territory)
    assert (t.key, t.label, t.type, t.scale, t.code) == ("commune:62861", "Vimy", "commune", "commune", "62861")
    assert (t.departement, t.region, t.epci) == ("departement:62", "region:32", "epci:246200364")
    assert t.containers == ("epci:246200364", "departement:62", "region:32", "pays:FR")
    assert t.matched_by == "name"
    assert t.to_dict()["containers"] == list(t.containers)
    assert territories.resolve("62861") == territories.Territory(**{**t.to_dict(), "containers": t.containers,
                                                                    "matched_by": "code"})
    assert territories.resolve(62861).key == "commune:62861"  # an int is read as a code
    assert territories.resolve("commune:62861").matched_by == "key"
    lens = territories.resolve("CA de Lens - Liévin")
    assert (lens.key, lens.scale, lens.code, lens.departement, lens.epci) == (
        "epci:246200364", "epci", "246200364", "departement:62", "epci:246200364")
    dep = territories.resolve("Pas-de-Calais")
    assert (dep.key, dep.departement, dep.region, dep.epci) == ("departement:62", "departement:62", "region:32", None)


@pytest.mark.parametrize(
    "query, key",
    [
        ("saint-etienne", "commune:42218"),
        ("ST ÉTIENNE", "commune:42218"),
        ("St.-Étienne", "commune:42218"),
        ("L’Haÿ-les-Roses", "commune:94038"),
        ("l hay les roses", "commune:94038"),
        ("Havre (Le)", "commune:76351"),
        ("Beaumont (63)", "commune:63032"),
        ("2A004", "commune:2A004"),
        ("2a004", "commune:2A004"),
        ("97305", "commune:97305"),
        ("1001", "commune:01001"),
        ("Grand Annecy", "epci:200066793"),
        ("Communauté d'agglomération de Lens-Liévin", "epci:246200364"),
        ("Lomme", "commune-associee:59355"),
        ("59355", "commune-associee:59355"),
        ("Marseille 1er Arrondissement", "arrondissement:13201"),
        ("France", "pays:FR"),
    ],
)
def test_resolve_forms(query, key):
    assert territories.resolve(query).key == key


def test_beaumont_is_ambiguous_without_a_departement():
    codes = ["07029", "19020", "32037", "43022", "54057", "63032", "74031", "89031"]
    with raises_naming(maillage.InvalidInput, "8 territories", *[f"commune:{c}" for c in codes],
                       "département 63 Puy-de-Dôme", "departement=") as info:
        territories.resolve("Beaumont")
    assert isinstance(info.value, ValueError)
    assert territories.resolve("Beaumont", departement="63").key == "commune:63032"
    assert territories.resolve("Beaumont", departement=63).key == "commune:63032"
    assert territories.resolve("Beaumont", departement="Puy-de-Dôme").key == "commune:63032"
    assert territories.resolve("Beaumont", departement="departement:63").key == "commune:63032"
    assert territories.resolve("Beaumont", departement="86").key == "commune-deleguee:86019"
    with raises_naming(maillage.NotFound, "in département 62", "commune:63032"):
        territories.resolve("Beaumont (62)")


def test_kind_and_errors():
    with raises_naming(maillage.InvalidInput, "departement:84", "region:84", "kind="):
        territories.resolve("84")
    assert territories.resolve("84", kind="departement").key == "departement:84"
    assert territories.resolve("84", kind=["region"]).key == "region:84"
    assert territories.resolve("987", kind="region").key == "region:987"
    assert territories.resolve("Paris", kind="commune").key == "commune:75056"
    assert territories.resolve("Annecy").key == "commune:74010"
    assert territories.resolve("Annecy", kind="commune-deleguee").key == "commune-deleguee:74010"
    with raises_naming(maillage.NotFound, "'Nowhere-sur-Mer'") as info:
        territories.resolve("Nowhere-sur-Mer")
    assert isinstance(info.value, KeyError)
    with raises_naming(maillage.NotFound, "of kind epci", "commune:62861"):
        territories.resolve("Vimy", kind="epci")
    with raises_naming(maillage.InvalidInput, "'ville'"):
        territories.resolve("Vimy", kind="ville")
    with raises_naming(maillage.InvalidInput, "'Atlantide'"):
        territories.resolve("Vimy", departement="Atlantide")
    with raises_naming(maillage.InvalidInput, "query"):
        territories.resolve(3.5)
    with raises_naming(maillage.InvalidInput, "errors"):
        territories.resolve("Vimy", errors="ignore")


def test_normalize():
    assert territories.normalize("Saint-Étienne") == territories.normalize("ST ETIENNE") == "saint etienne"
    assert territories.normalize("Œuilly") == "oeuilly"
    assert territories.normalize("Lætitia") == "laetitia"
    assert territories.normalize("L’Isle-d’Abeau") == "l isle d abeau"
    assert territories.TYPES[0] == "commune" and territories.TYPES[-1] == "pays"


def test_vectorised_resolution_keeps_the_index():
    queries = pd.Series(["Vimy", "62861", None, "Lomme", "CA de Lens - Liévin"], index=[10, 20, 30, 40, 50])
    out = territories.resolve(queries)
    assert list(out.index) == [10, 20, 30, 40, 50]
    assert list(out.columns) == ["query", "key", "label", "type", "scale", "code", "departement", "region", "epci",
                                 "containers", "matched_by"]
    assert list(out["key"].fillna("-")) == ["commune:62861", "commune:62861", "-", "commune-associee:59355",
                                            "epci:246200364"]
    assert out.loc[20, "matched_by"] == "code"
    assert out.loc[40, "containers"] == ["commune:59350", "epci:200093201", "departement:59", "region:32", "pays:FR"]
    assert out.loc[30, "containers"] is None
    assert pd.isna(out.loc[30, "key"]) and pd.isna(out.loc[30, "query"])
    assert out.loc[50, "region"] == "region:32"
    # A list works too.
    assert list(territories.resolve(["Vimy", "Lens"])["key"]) == ["commune:62861", "commune:62498"]


def test_vectorised_errors_raise_or_coerce():
    queries = pd.Series(["Vimy", "Beaumont", "Nowhere"], index=["a", "b", "c"])
    with raises_naming(maillage.InvalidInput, "row 'b'", "8 territories", "1 more row fails", "errors='coerce'"):
        territories.resolve(queries)
    with raises_naming(maillage.NotFound, "row 'c'"):
        territories.resolve(queries[["a", "c"]])
    out = territories.resolve(queries, errors="coerce")
    assert out.loc["a", "key"] == "commune:62861"
    assert pd.isna(out.loc["b", "key"]) and "8 territories" in out.loc["b", "error"]
    assert pd.isna(out.loc["c", "key"]) and "Nowhere" in out.loc["c", "error"]
    assert out.loc["a", "error"] is None


def test_vectorised_departement_hints():
    queries = pd.Series(["Beaumont", "Beaumont", "Beaumont", "Vimy"])
    deps = pd.Series(["63", "74", None, np.nan])
    out = territories.resolve(queries, departement=deps, errors="coerce")
    assert list(out["key"].fillna("-")) == ["commune:63032", "commune:74031", "-", "commune:62861"]
    assert list(territories.resolve(["Beaumont", "Aubière"], departement="63")["key"]) == [
        "commune:63032", "commune:63014"]
    with raises_naming(maillage.InvalidInput, "2 values for 3 queries"):
        territories.resolve(["a", "b", "c"], departement=["63", "74"])
    out = territories.resolve(["Vimy", "Paris"], kind="commune")
    assert list(out["key"]) == ["commune:62861", "commune:75056"]


def test_vectorised_resolution_of_repeated_names_matches_one_by_one():
    names = ["Vimy", "Lens", "Arras", "Lomme", "Grand Annecy", "2A004", "97305"] * 50
    out = territories.resolve(pd.Series(names))
    assert list(out["key"]) == [territories.resolve(n).key for n in names]


def _user_frames():
    nodes = pd.DataFrame({
        "key": ["Vimy", "Lens-Liévin", "beaumont", "pnr:caps-et-marais", "alice", "ajaccio"],
        "kind": ["territory", "territory", "territory", "territory", "person", "territory"],
        "label": [None, "CA de Lens - Liévin", "Beaumont", "PNR des Caps et Marais d'Opale", "Alice", None],
        "departement": [None, None, "63", None, None, None],
        "insee": [None, None, None, None, None, "2A004"],
    })
    edges = pd.DataFrame({
        "source": ["alice", "Vimy", "Vimy"],
        "target": ["Vimy", "Lens-Liévin", "pnr:caps-et-marais"],
        "relation": ["represents", "part_of", "part_of"],
        "weight": [2.0, None, None],
    })
    return nodes, edges


def test_from_frames_resolve_territories():
    nodes, edges = _user_frames()
    g = maillage.Graph.from_frames(nodes, edges, resolve_territories=True, progress=False)
    plain = maillage.Graph.from_frames(nodes, edges, progress=False)
    frame = g.nodes_frame()
    assert frame.loc["Vimy", "official_key"] == "commune:62861"
    assert frame.loc["Vimy", "label"] == "Vimy"
    assert frame.loc["Vimy", "scale"] == "commune"
    assert frame.loc["Lens-Liévin", "official_key"] == "epci:246200364"
    assert frame.loc["beaumont", "official_key"] == "commune:63032"
    assert frame.loc["ajaccio", "official_key"] == "commune:2A004"
    assert pd.isna(frame.loc["pnr:caps-et-marais", "official_key"])
    assert pd.isna(frame.loc["alice", "official_key"])
    assert sorted(g.parents("Vimy")) == ["Lens-Liévin", "departement:62", "pnr:caps-et-marais"]
    assert g.parents("Lens-Liévin") == ["departement:62"]
    assert g.ancestors("ajaccio")[-1] == "pays:FR"
    assert g.contains("region:84", "beaumont")
    assert "epci:246200364" not in g  # the user's node stands for it
    assert frame.loc["departement:62", "label"] == "Pas-de-Calais"
    assert frame.loc["departement:62", "kind"] == "territory"
    # The user's edges are kept as they were (weights too); the added ones carry their provenance.
    e = g.edges_frame()
    old = e.iloc[: plain.number_of_edges()]
    pd.testing.assert_frame_equal(
        old[["source", "target", "relation", "weight"]], plain.edges_frame()[["source", "target", "relation", "weight"]]
    )
    added = e.iloc[plain.number_of_edges():]
    assert (added["relation"] == "part_of").all()
    assert (added["provenance"] == "france-territories").all()
    assert old["provenance"].isna().all()
    assert len(e[(e["source"] == "Vimy") & (e["target"] == "Lens-Liévin")]) == 1
    # Beaumont → its EPCI and département; Vimy → département 62; Lens-Liévin → 62; Ajaccio → EPCI, 2A;
    # 62 → 32, 63 → 84, 2A → 94; two EPCI → départements; three régions → FR.
    assert len(added) == 2 + 1 + 1 + 2 + 3 + 2 + 3
    # Without the flag nothing changes.
    assert "departement:62" not in plain


def test_attach_errors_list_every_territory_that_cannot_be_placed():
    nodes = pd.DataFrame({"key": ["Beaumont", "Nowhere-sur-Mer", "Vimy"], "kind": ["territory"] * 3})
    with raises_naming(maillage.InvalidInput, "2 territory nodes", "node 'Beaumont'", "node 'Nowhere-sur-Mer'"):
        maillage.Graph.from_frames(nodes, None, resolve_territories=True, progress=False)
    g = maillage.Graph.from_frames(nodes.iloc[[2]], None, progress=False)
    attached = territories.attach(g, provenance="cog")
    assert attached.edges_frame()["provenance"].unique().tolist() == ["cog"]
    with pytest.raises(TypeError):
        territories.attach("Vimy")


def test_read_csv_resolve_territories(tmp_path):
    nodes, edges = _user_frames()
    nodes_path, edges_path = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    nodes.to_csv(nodes_path, index=False)
    edges.to_csv(edges_path, index=False)
    g = maillage.read_csv(nodes_path, edges_path, resolve_territories=True, progress=False)
    frame = g.nodes_frame()
    assert frame.loc["ajaccio", "insee"] == "2A004"  # read as text, resolved as a code
    assert frame.loc["ajaccio", "official_key"] == "commune:2A004"
    assert frame.loc["beaumont", "official_key"] == "commune:63032"
    assert sorted(g.parents("Vimy")) == ["Lens-Liévin", "departement:62", "pnr:caps-et-marais"]
    same = maillage.Graph.from_frames(nodes, edges, resolve_territories=True, progress=False)
    assert sorted(g.nodes) == sorted(same.nodes)
    assert "departement:62" not in maillage.read_csv(nodes_path, edges_path, progress=False)
