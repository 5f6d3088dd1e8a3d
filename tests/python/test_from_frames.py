"""Graph.from_frames: the documented columns, defaults, registry, ladder, metadata and codes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import frame, obj, raises_naming

F = maillage.Graph.from_frames

FRENCH_LADDER = ["quartier", "commune", "epci", "bassin", "departement", "region", "interregion",
                 "national", "europe", "international"]


# ---------------------------------------------------------------- node columns

def test_every_node_column():
    nodes = frame(
        key=["commune:74123", "person:alice", "org:alliance"],
        kind=["territory", "person", None],
        label=["Faverges-Seythenex", "Alice", None],
        scale=["commune", None, "national"],
        family=["", "elu", None],
        population=[7443, 1, 0],
    )
    g = F(nodes, None, progress=False)
    nf = g.nodes_frame()
    assert nf.index.name == "key"
    assert list(nf.index) == ["commune:74123", "person:alice", "org:alliance"]
    assert list(nf.columns) == ["kind", "label", "scale", "family", "population"]
    assert list(nf["kind"]) == ["territory", "person", "node"]  # missing kind → default_kind
    assert nf.loc["commune:74123", "label"] == "Faverges-Seythenex"
    assert pd.isna(nf.loc["org:alliance", "label"])
    assert nf.loc["commune:74123", "scale"] == "commune"
    assert pd.isna(nf.loc["person:alice", "scale"])
    assert nf.loc["org:alliance", "scale"] == "national"
    assert nf.loc["commune:74123", "family"] == ""  # an empty string is a value, not missing
    assert nf["population"].tolist() == [7443, 1, 0]
    assert g.number_of_nodes() == 3 and len(g) == 3 and g.number_of_edges() == 0
    assert "person:alice" in g and "bob" not in g and 3 not in g
    assert g.nodes == ["commune:74123", "person:alice", "org:alliance"]


def test_default_kind_for_missing_kind_column_and_values():
    g = F(frame(key=["a", "b"]), None, default_kind="organisation")
    assert list(g.nodes_frame()["kind"]) == ["organisation", "organisation"]
    g = F(frame(key=["a", "b"], kind=["person", None]), None, default_kind="event")
    assert list(g.nodes_frame()["kind"]) == ["person", "event"]


def test_unicode_keys_kept_as_written():
    keys = ["Faverges-Seythenex", "acteur·ices", "Saint-Étienne", "Vimy"]
    g = F(frame(key=keys), frame(source=["acteur·ices"], target=["Saint-Étienne"]))
    assert g.nodes == keys
    assert g.view().neighbors("acteur·ices") == ["Saint-Étienne"]
    # not normalised: a decomposed É is another key
    decomposed = "Saint-E\u0301tienne"
    assert decomposed not in g


# ---------------------------------------------------------------- edge columns

def test_every_edge_column():
    nodes = frame(key=["a", "b", "c"], kind=["person", "organisation", "programme"])
    edges = frame(
        source=["a", "b", "a"],
        target=["b", "c", "c"],
        relation=["cooperates_with", "in_programme", "participates_in"],
        weight=[2, 1, 0.5],
        start=["2021-03-04", 2020, None],
        end=["2024", None, "2022-06-30"],
        context=["programme:fabrique", None, "programme:fabrique"],
        provenance=["rapport 2024", "entretien", None],
        note=["x", "y", "z"],
    )
    g = F(nodes, edges)
    ef = g.edges_frame()
    assert ef.index.name == "edge"
    assert list(ef.index) == [0, 1, 2]
    assert list(ef.columns) == ["source", "target", "relation", "weight", "start", "end", "context",
                                "provenance", "note"]
    assert list(ef["source"]) == ["a", "b", "a"]
    assert list(ef["target"]) == ["b", "c", "c"]
    assert list(ef["relation"]) == ["cooperates_with", "in_programme", "participates_in"]
    assert ef["weight"].dtype == np.float64
    assert ef["weight"].tolist() == [2.0, 1.0, 0.5]
    assert ef["start"].dtype.kind == "M" and ef["end"].dtype.kind == "M"
    assert ef.loc[0, "start"] == pd.Timestamp("2021-03-04")
    assert ef.loc[0, "end"] == pd.Timestamp("2024-12-31")  # a bare year in `end` = 31 December
    assert ef.loc[1, "start"] == pd.Timestamp("2020-01-01")  # an int year in `start` = 1 January
    assert pd.isna(ef.loc[1, "end"]) and pd.isna(ef.loc[2, "start"])
    assert ef.loc[2, "end"] == pd.Timestamp("2022-06-30")
    assert ef.loc[0, "context"] == "programme:fabrique" and pd.isna(ef.loc[1, "context"])
    assert ef.loc[1, "provenance"] == "entretien" and pd.isna(ef.loc[2, "provenance"])
    assert ef["note"].tolist() == ["x", "y", "z"]


def test_no_weight_column_means_no_weight_in_frame_and_unit_weights():
    g = F(frame(key=["a", "b"]), frame(source=["a"], target=["b"]))
    assert "weight" not in g.edges_frame().columns
    v = g.view(weight="weight")
    assert v.edges_frame()["weight"].tolist() == [1.0]


@pytest.mark.parametrize(
    "start, end, expected_start, expected_end",
    [
        (2024, 2024, "2024-01-01", "2024-12-31"),
        ("2024", "2024", "2024-01-01", "2024-12-31"),
        (dt.date(2023, 5, 6), dt.date(2023, 5, 7), "2023-05-06", "2023-05-07"),
        (pd.Timestamp("2023-05-06"), pd.Timestamp("2023-05-06"), "2023-05-06", "2023-05-06"),
        ("2020-02-29", "2020-02-29", "2020-02-29", "2020-02-29"),
        (np.int64(1999), np.float64(2000.0), "1999-01-01", "2000-12-31"),
    ],
)
def test_interval_inputs(start, end, expected_start, expected_end):
    edges = pd.DataFrame({"source": ["a"], "target": ["b"], "start": obj([start]), "end": obj([end])})
    ef = F(None, edges).edges_frame()
    assert ef["start"].dtype.kind == "M"
    assert ef.loc[0, "start"] == pd.Timestamp(expected_start)
    assert ef.loc[0, "end"] == pd.Timestamp(expected_end)


def test_interval_columns_of_every_dtype():
    edges = frame(
        source=["a", "a", "a"], target=["b", "b", "b"],
        start=pd.array([2019, None, 2021], dtype="Int64"),
        end=[2019.0, np.nan, 2022.0],
    )
    ef = F(None, edges).edges_frame()
    assert ef["start"].tolist()[0] == pd.Timestamp("2019-01-01")
    assert pd.isna(ef["start"].tolist()[1])
    assert ef["end"].tolist()[2] == pd.Timestamp("2022-12-31")
    text = frame(source=["a"], target=["b"], start=pd.array(["2021-01-02"], dtype="string"),
                 end=pd.Series(["2021"], dtype="str"))
    ef = F(None, text).edges_frame()
    assert ef.loc[0, "start"] == pd.Timestamp("2021-01-02") and ef.loc[0, "end"] == pd.Timestamp("2021-12-31")


def test_datetime_interval_keeps_its_unit():
    for unit in ("s", "ms", "us", "ns"):
        start = pd.Series(pd.to_datetime(["2021-01-02", None])).astype(f"datetime64[{unit}]")
        edges = frame(source=["a", "b"], target=["b", "a"], start=start)
        ef = F(None, edges).edges_frame()
        assert ef["start"].dtype == np.dtype(f"datetime64[{unit}]")
        pd.testing.assert_series_equal(ef["start"], start.rename("start").set_axis(ef.index))


# ---------------------------------------------------------------- nodes=None, edges=None

def test_nodes_none_creates_nodes_from_endpoints():
    edges = frame(source=["x", "y", "x"], target=["y", "z", "x"])
    g = F(None, edges, default_kind="person")
    assert sorted(g.nodes) == ["x", "y", "z"]
    assert set(g.nodes_frame()["kind"]) == {"person"}
    assert list(g.nodes_frame().columns) == ["kind"]
    assert g.number_of_edges() == 3


def test_nodes_none_default_kind_node():
    g = F(None, frame(source=["x"], target=["y"]))
    assert list(g.nodes_frame()["kind"]) == ["node", "node"]


def test_edges_none():
    g = F(frame(key=["a", "b"]), None)
    assert g.number_of_edges() == 0
    ef = g.edges_frame()
    assert len(ef) == 0 and list(ef.columns[:3]) == ["source", "target", "relation"]
    assert ef.index.name == "edge"
    v = g.view()
    assert v.number_of_nodes() == 2 and v.number_of_edges() == 0 and not v.directed


def test_both_none_is_empty():
    g = F(None, None)
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0
    assert len(g.nodes_frame()) == 0 and g.nodes_frame().index.name == "key"
    assert g.view().number_of_nodes() == 0


def test_empty_frames():
    g = F(frame(key=pd.Series([], dtype=str)), frame(source=pd.Series([], dtype=str), target=pd.Series([], dtype=str)))
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0


def test_endpoints_must_be_nodes_unless_created():
    nodes = frame(key=["a"], kind=["person"])
    edges = frame(source=["a"], target=["b"])
    with raises_naming(maillage.InvalidInput, "'b'"):
        F(nodes, edges)
    g = F(nodes, edges, create_missing_nodes=True, default_kind="event")
    assert g.nodes == ["a", "b"]
    assert list(g.nodes_frame()["kind"]) == ["person", "event"]


# ---------------------------------------------------------------- relations

def test_default_relation_without_relation_column():
    g = F(None, frame(source=["a"], target=["b"]))
    assert list(g.edges_frame()["relation"]) == ["cooperates_with"]
    assert not g.view().directed
    g = F(None, frame(source=["a"], target=["b"]), default_relation="funds")
    assert list(g.edges_frame()["relation"]) == ["funds"]
    assert g.view().directed


def test_missing_relation_value_is_an_error_naming_the_row():
    edges = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
                          "relation": ["funds", None, "supports"]}, index=[10, 11, 12])
    with raises_naming(maillage.InvalidInput, "relation", "row 11", "'a'", "'c'", "default_relation"):
        F(None, edges)
    g = F(None, edges, default_relation="co_participates")
    assert list(g.edges_frame()["relation"]) == ["funds", "co_participates", "supports"]


def test_missing_relation_even_with_text_dtypes():
    for dtype in ("str", "string", object):
        edges = frame(source=["a", "a"], target=["b", "c"], relation=pd.Series(["funds", None], dtype=dtype))
        with raises_naming(maillage.InvalidInput, "row 1"):
            F(None, edges)


def test_register_custom_directed_tie():
    edges = frame(source=["a", "b"], target=["b", "c"], relation=["mentors", "mentors"])
    g = F(None, edges, relations={"mentors": {"directed": True, "category": "tie"}})
    assert g.relations["mentors"] == {"directed": True, "category": "tie"}
    v = g.view()
    assert v.directed
    assert v.neighbors("a") == ["b"] and v.neighbors("b") == ["c"] and v.predecessors("b") == ["a"]
    assert g.view(relations="tie").number_of_edges() == 2
    assert g.view(relations="affiliation").number_of_edges() == 0
    # builtins are still there
    assert g.relations["part_of"] == {"directed": True, "category": "nesting"}
    assert g.relations["cooperates_with"] == {"directed": False, "category": "tie"}


def test_register_custom_relation_defaults_undirected_tie():
    g = F(None, frame(source=["a"], target=["b"], relation=["voisin"]), relations={"voisin": {}})
    assert g.relations["voisin"] == {"directed": False, "category": "tie"}
    assert not g.view().directed


def test_register_custom_affiliation():
    g = F(None, frame(source=["a"], target=["b"], relation=["hosted_by"]),
          relations={"hosted_by": {"directed": True, "category": "affiliation"}})
    assert g.view(relations="affiliation").number_of_edges() == 1
    assert g.view(relations="tie").number_of_edges() == 0


def test_reregistering_a_builtin_identically_is_fine():
    g = F(None, frame(source=["a"], target=["b"], relation=["funds"]),
          relations={"funds": {"directed": True, "category": "tie"}})
    assert g.relations["funds"] == {"directed": True, "category": "tie"}


def test_builtin_registry():
    g = F(None, None)
    expected = {
        "part_of": (True, "nesting"),
        "located_in": (True, "affiliation"), "member_of": (True, "affiliation"),
        "represents": (True, "affiliation"), "in_programme": (True, "affiliation"),
        "cooperates_with": (False, "tie"), "co_participates": (False, "tie"),
        "supports": (True, "tie"), "funds": (True, "tie"), "animates": (True, "tie"),
        "participates_in": (True, "tie"), "speaks_at": (True, "tie"), "links_to": (True, "tie"),
    }
    assert {k: (v["directed"], v["category"]) for k, v in g.relations.items()} == expected


@pytest.mark.parametrize(
    "relations, needles",
    [
        ({"mentors": {"directed": True, "category": "friendship"}}, ["mentors", "friendship"]),
        ({"funds": {"directed": False, "category": "tie"}}, ["funds", "directed"]),
        ({"supports": {"directed": True, "category": "affiliation"}}, ["supports"]),
        ({"part_of": {"directed": False, "category": "nesting"}}, ["part_of"]),
        ({"contains": {"directed": True, "category": "nesting"}}, ["contains", "nesting"]),
        ({"mentors": {"directd": True}}, ["mentors", "directd"]),
    ],
)
def test_relation_registration_errors(relations, needles):
    with raises_naming(maillage.InvalidInput, *needles):
        F(None, None, relations=relations)


def test_unregistered_relation_is_named():
    with raises_naming(maillage.InvalidInput, "unregistered relation 'likes'", "cooperates_with"):
        F(None, frame(source=["a"], target=["b"], relation=["likes"]))


# ---------------------------------------------------------------- scales

def test_french_ladder_by_default():
    g = F(None, None)
    assert g.scales == FRENCH_LADDER
    labels = g.scale_labels
    assert set(labels) == set(FRENCH_LADDER)
    assert labels["commune"] == "Commune"
    assert labels["departement"] == "Département"
    assert labels["region"] == "Région"
    assert all(isinstance(v, str) and v for v in labels.values())


def test_custom_ladder():
    ladder = [("arrondissement", "Arrondissement"), ("departement", "Département"), ("region", "Région"),
              ("pays", "Pays")]
    nodes = frame(key=["cm:douala-1", "cm:wouri", "cm:littoral", "cm"], kind=["territory"] * 4,
                  scale=["arrondissement", "departement", "region", "pays"])
    edges = frame(source=["cm:douala-1", "cm:wouri", "cm:littoral"], target=["cm:wouri", "cm:littoral", "cm"],
                  relation=["part_of"] * 3)
    g = F(nodes, edges, scales=ladder)
    assert g.scales == ["arrondissement", "departement", "region", "pays"]
    assert g.scale_labels["pays"] == "Pays"
    scale = g.nodes_frame()["scale"]
    assert isinstance(scale.dtype, pd.CategoricalDtype) and scale.dtype.ordered
    assert list(scale.dtype.categories) == ["arrondissement", "departement", "region", "pays"]
    assert g.depth("cm:douala-1") == 3
    # a French id is not on this ladder
    with raises_naming(maillage.InvalidInput, "'commune'"):
        F(frame(key=["x"], scale=["commune"]), None, scales=ladder)
    # child above parent on the custom ladder
    with raises_naming(maillage.InvalidInput, "cm", "above"):
        F(nodes, frame(source=["cm"], target=["cm:douala-1"], relation=["part_of"]), scales=ladder)


def test_custom_ladder_plain_ids_and_mappings():
    g = F(None, None, scales=["bas", "haut"])
    assert g.scales == ["bas", "haut"]
    assert g.scale_labels == {"bas": "bas", "haut": "haut"}
    g = F(None, None, scales=[{"id": "bas", "label": "En bas"}, {"id": "haut"}])
    assert g.scale_labels == {"bas": "En bas", "haut": "haut"}


def test_scale_column_as_ordered_categorical_over_ladder():
    g = F(frame(key=["a", "b", "c"], scale=["region", None, "commune"]), None)
    scale = g.nodes_frame()["scale"]
    assert isinstance(scale.dtype, pd.CategoricalDtype)
    assert scale.dtype.ordered
    assert list(scale.dtype.categories) == FRENCH_LADDER
    assert scale.iloc[0] > scale.iloc[2]  # region above commune
    assert pd.isna(scale.iloc[1])


def test_scale_from_categorical_input():
    scale = pd.Categorical(["epci", "commune", None], categories=["epci", "commune"])
    g = F(frame(key=["a", "b", "c"], scale=scale), None)
    out = g.nodes_frame()["scale"]
    assert list(out.dtype.categories) == FRENCH_LADDER and out.dtype.ordered
    assert out.tolist()[:2] == ["epci", "commune"] and pd.isna(out.tolist()[2])


# ---------------------------------------------------------------- metadata

def test_metadata_values():
    metadata = {
        "title": "Fabrique des transitions",
        "year": 2024,
        "share": 0.25,
        "public": True,
        "regions": ["84", "93"],
        "published": dt.date(2024, 6, 1),
        "stamp": pd.Timestamp("2024-06-02"),
        "empty": None,
        "np_int": np.int32(7),
        "np_float": np.float32(0.5),
        "np_bool": np.bool_(False),
        "tuple": ("a", "b"),
    }
    g = F(None, None, metadata=metadata)
    md = g.metadata
    assert md["title"] == "Fabrique des transitions"
    assert md["year"] == 2024 and type(md["year"]) is int
    assert md["share"] == 0.25 and type(md["share"]) is float
    assert md["public"] is True
    assert md["regions"] == ["84", "93"]
    assert md["published"] == dt.date(2024, 6, 1) and type(md["published"]) is dt.date
    assert md["stamp"] == dt.date(2024, 6, 2) and type(md["stamp"]) is dt.date
    assert md["empty"] is None
    assert md["np_int"] == 7 and type(md["np_int"]) is int
    assert md["np_float"] == 0.5 and type(md["np_float"]) is float
    assert md["np_bool"] is False
    assert md["tuple"] == ["a", "b"]
    assert set(md) == set(metadata)
    # a copy: the graph is immutable
    md["title"] = "changed"
    assert g.metadata["title"] == "Fabrique des transitions"


@pytest.mark.parametrize(
    "value",
    [{"a": 1}, [1, 2], ["a", 3], {"a"}, object(), pd.Timestamp("2024-01-01 10:30"),
     pd.Timestamp("2024-01-01", tz="Europe/Paris"), b"bytes", 1 + 2j],
)
def test_unsupported_metadata_value(value):
    with raises_naming(maillage.InvalidInput, "'bad'"):
        F(None, None, metadata={"ok": 1, "bad": value})


def test_metadata_big_int():
    with raises_naming(maillage.InvalidInput, "big"):
        F(None, None, metadata={"big": 2**70})


# ---------------------------------------------------------------- codes and keys

def test_code_columns_stay_strings():
    nodes = frame(
        key=["commune:01001", "commune:2A004", "commune:74010"],
        code=["01001", "2A004", "74010"],
        insee=obj(["01001", "2A004", 74010]),
        siren=obj(["200066793", None, 247400773]),
        dep=["01", "2A", "74"],
    )
    g = F(nodes, None, codes=["dep"])
    nf = g.nodes_frame()
    assert nf["code"].tolist() == ["01001", "2A004", "74010"]
    assert nf["insee"].tolist() == ["01001", "2A004", "74010"]
    assert nf["siren"].tolist()[0] == "200066793" and nf["siren"].tolist()[2] == "247400773"
    assert pd.isna(nf["siren"].tolist()[1])
    assert nf["dep"].tolist() == ["01", "2A", "74"]
    for column in ("code", "insee", "siren", "dep"):
        assert all(isinstance(v, str) for v in nf[column].dropna())


def test_integer_code_columns_become_strings():
    nodes = frame(key=["a", "b"], insee=[74010, 1001], other=[74010, 1001], ref=[5, 6])
    g = F(nodes, None, codes=["ref"])
    nf = g.nodes_frame()
    assert nf["insee"].tolist() == ["74010", "1001"]
    assert nf["ref"].tolist() == ["5", "6"]
    assert nf["other"].tolist() == [74010, 1001] and nf["other"].dtype == np.int64


def test_code_column_refuses_floats():
    with raises_naming(maillage.InvalidInput, "insee", "row 1"):
        F(frame(key=["a", "b"], insee=obj(["01001", 1.5])), None)


def test_edge_code_columns_and_context_stay_strings():
    edges = frame(source=["a"], target=["b"], context=obj([2024]), siren=obj(["000123456"]))
    ef = F(None, edges).edges_frame()
    assert ef["context"].tolist() == ["2024"]
    assert ef["siren"].tolist() == ["000123456"]


def test_integer_keys_become_strings():
    nodes = frame(key=[1, 2, 30])
    edges = frame(source=[1, 2], target=[2, 30])
    g = F(nodes, edges)
    assert g.nodes == ["1", "2", "30"]
    ef = g.edges_frame()
    assert ef["source"].tolist() == ["1", "2"] and ef["target"].tolist() == ["2", "30"]
    assert "1" in g and 1 not in g
    assert g.view().neighbors("2") == ["1", "30"]


def test_numpy_integer_keys_of_any_width():
    for dtype in (np.int8, np.int32, np.uint16, np.int64):
        g = F(frame(key=np.array([7, 8], dtype=dtype)), frame(source=np.array([7], dtype=dtype), target=["8"]))
        assert g.nodes == ["7", "8"]
        assert g.edges_frame()["source"].tolist() == ["7"]


def test_mixed_int_and_str_keys():
    g = F(frame(key=obj([1, "a"])), frame(source=obj([1]), target=obj(["a"])))
    assert g.nodes == ["1", "a"]


def test_nodes_indexed_by_key():
    nodes = pd.DataFrame({"kind": ["person", "territory"], "label": ["Alice", "Annecy"]},
                         index=pd.Index(["person:alice", "commune:74010"], name="key"))
    g = F(nodes, frame(source=["person:alice"], target=["commune:74010"], relation=["located_in"]))
    assert g.nodes == ["person:alice", "commune:74010"]
    assert g.nodes_frame()["label"].tolist() == ["Alice", "Annecy"]


def test_index_not_named_key_is_not_used():
    nodes = pd.DataFrame({"kind": ["person"]}, index=pd.Index(["alice"], name="id"))
    with raises_naming(maillage.InvalidInput, "'key'"):
        F(nodes, None)


def test_input_frames_are_not_modified():
    nodes = pd.DataFrame({"kind": ["person", "person"], "n": pd.array([1, None], dtype="Int64")},
                         index=pd.Index(["a", "b"], name="key"))
    edges = frame(source=["a"], target=["b"], start=[2020], end=["2021"], weight=[2])
    before_n, before_e = nodes.copy(deep=True), edges.copy(deep=True)
    F(nodes, edges)
    pd.testing.assert_frame_equal(nodes, before_n)
    pd.testing.assert_frame_equal(edges, before_e)


def test_merge_parallel():
    edges = frame(source=["a", "b", "a", "a"], target=["b", "a", "b", "b"],
                  relation=["cooperates_with", "cooperates_with", "funds", "cooperates_with"],
                  weight=[1.0, 2.0, 5.0, 4.0])
    g = F(None, edges, merge_parallel=True)
    ef = g.edges_frame()
    # undirected parallel edges in either order merge (weights add); the funds edge stays apart
    assert g.number_of_edges() == 2
    merged = ef[ef["relation"] == "cooperates_with"]
    assert merged["weight"].tolist() == [7.0]
    assert ef[ef["relation"] == "funds"]["weight"].tolist() == [5.0]
    assert F(None, edges).number_of_edges() == 4


def test_merge_parallel_without_weights_counts_the_merged_edges():
    edges = frame(source=["a", "b", "a", "c"], target=["b", "a", "b", "d"])
    g = F(None, edges, merge_parallel=True)
    ef = g.edges_frame()
    assert ef[["source", "target"]].values.tolist() == [["a", "b"], ["c", "d"]]
    assert ef["weight"].tolist() == [3.0, 1.0]  # counts, kept in the frame
    # nothing to merge: no weight column appears
    assert "weight" not in F(None, frame(source=["a"], target=["b"]), merge_parallel=True).edges_frame()


def test_repr():
    g = F(None, frame(source=["a"], target=["b"]))
    assert repr(g) == "<maillage.Graph with 2 nodes and 1 edges>"
    assert "undirected" in repr(g.view()) and "2 nodes" in repr(g.view())
