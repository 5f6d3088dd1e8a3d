"""Every build error of Graph.from_frames: type (InvalidInput, also a ValueError) and a message naming
the key, value or row at fault."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import frame, obj, raises_naming, territories

F = maillage.Graph.from_frames


def two_nodes(**extra):
    return frame(key=["a", "b"], **extra)


def one_edge(**extra):
    return frame(source=["a"], target=["b"], **extra)


def test_invalid_input_is_a_value_error():
    with pytest.raises(ValueError):
        F(frame(key=["a", "a"]), None)


def test_duplicate_key():
    with raises_naming(maillage.InvalidInput, "duplicate", "'Vimy'"):
        F(frame(key=["Annecy", "Vimy", "Arras", "Vimy"]), None)


def test_duplicate_key_after_int_conversion():
    with raises_naming(maillage.InvalidInput, "duplicate", "'7'"):
        F(frame(key=obj([7, "7"])), None)


def test_unknown_endpoint():
    with raises_naming(maillage.InvalidInput, "unknown target key 'commune:99999'", "edge 1"):
        F(frame(key=["a", "b"]), frame(source=["a", "b"], target=["b", "commune:99999"]))
    with raises_naming(maillage.InvalidInput, "unknown source key 'zz'"):
        F(frame(key=["a", "b"]), frame(source=["zz"], target=["a"]))


def test_unregistered_relation():
    with raises_naming(maillage.InvalidInput, "unregistered relation 'aime'", "'a' → 'b'"):
        F(two_nodes(), one_edge(relation=["aime"]))


def test_unknown_scale():
    with raises_naming(maillage.InvalidInput, "unknown scale 'ville'", "'b'", "commune"):
        F(two_nodes(scale=["commune", "ville"]), None)


@pytest.mark.parametrize("column", ["start", "end"])
@pytest.mark.parametrize("text", ["2024-13-01", "hier", "2024/01/01", "24", "2024-02-30", "2024-1-1"])
def test_bad_date_text(column, text):
    edges = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"], column: ["2020", text]}, index=["e1", "e2"])
    with raises_naming(maillage.InvalidInput, repr(text), column, "'e2'"):
        F(None, edges)


def test_bad_year():
    with raises_naming(maillage.InvalidInput, "end", "0"):
        F(None, one_edge(end=[0]))
    with raises_naming(maillage.InvalidInput, "start", "2020.5"):
        F(None, one_edge(start=[2020.5]))


def test_start_after_end():
    edges = frame(source=["a", "x"], target=["b", "y"], start=["2020-01-01", "2024-05-01"],
                  end=["2020-12-31", "2024-04-30"])
    with raises_naming(maillage.InvalidInput, "edge 1", "'x' → 'y'", "2024-05-01", "2024-04-30"):
        F(None, edges)


def test_same_year_start_and_end_is_fine():
    ef = F(None, one_edge(start=["2024"], end=["2024"])).edges_frame()
    assert ef.loc[0, "start"] < ef.loc[0, "end"]


@pytest.mark.parametrize("bad, needle", [(-1.0, "-1"), (np.inf, "inf"), (-np.inf, "inf")])
def test_bad_weight(bad, needle):
    edges = frame(source=["a", "c"], target=["b", "d"], weight=[1.0, bad])
    with raises_naming(maillage.InvalidInput, "edge 1", "'c' → 'd'", needle):
        F(None, edges)


def test_weight_must_be_numbers():
    with raises_naming(maillage.InvalidInput, "weight"):
        F(None, one_edge(weight=["heavy"]))


def test_missing_weight_counts_as_one_and_round_trips():
    # blank weights (e.g. on part_of rows of a CSV) are the weight of an edge given none: 1
    edges = frame(source=["a", "c", "a"], target=["b", "d", "b"], weight=[2.0, np.nan, None])
    g = F(None, edges)
    assert g.edges_frame()["weight"].isna().tolist() == [False, True, True]
    pd.testing.assert_frame_equal(F(None, g.edges_frame()).edges_frame(), g.edges_frame())
    v = g.view(weight="weight")
    assert dict(zip(zip(v.edges_frame()["source"], v.edges_frame()["target"]), v.edges_frame()["weight"])) == {
        ("a", "b"): 3.0,
        ("c", "d"): 1.0,
    }


def test_zero_weight_is_fine():
    assert F(None, one_edge(weight=[0.0])).edges_frame()["weight"].tolist() == [0.0]


def test_part_of_on_non_territories():
    nodes = frame(key=["person:alice", "commune:74010"], kind=["person", "territory"])
    with raises_naming(maillage.InvalidInput, "part_of", "'person:alice'", "person"):
        F(nodes, frame(source=["person:alice"], target=["commune:74010"], relation=["part_of"]))
    with raises_naming(maillage.InvalidInput, "part_of", "'person:alice'"):
        F(nodes, frame(source=["commune:74010"], target=["person:alice"], relation=["part_of"]))


def test_part_of_without_nodes_table_is_not_territory():
    with raises_naming(maillage.InvalidInput, "part_of"):
        F(None, frame(source=["a"], target=["b"], relation=["part_of"]))


def test_part_of_cycle():
    nodes = territories(["a", "b", "c", "d"])
    edges = frame(source=["d", "a", "b", "c"], target=["a", "b", "c", "a"], relation=["part_of"] * 4)
    with raises_naming(maillage.InvalidInput, "cycle", "'a'", "'b'", "'c'") as info:
        F(nodes, edges)
    assert "'d'" not in str(info.value).split("cycle", 1)[1]


def test_part_of_self_loop_is_a_cycle():
    with raises_naming(maillage.InvalidInput, "cycle", "'a'"):
        F(territories(["a"]), frame(source=["a"], target=["a"], relation=["part_of"]))


def test_child_above_parent_scale():
    nodes = territories(["region:84", "commune:74010"], ["region", "commune"])
    edges = frame(source=["region:84"], target=["commune:74010"], relation=["part_of"])
    with raises_naming(maillage.InvalidInput, "'region:84'", "'commune:74010'", "above"):
        F(nodes, edges)


def test_child_on_parent_scale_is_fine():
    nodes = territories(["commune:74123", "commune-deleguee:74268"], ["commune", "commune"])
    g = F(nodes, frame(source=["commune-deleguee:74268"], target=["commune:74123"], relation=["part_of"]))
    assert g.parents("commune-deleguee:74268") == ["commune:74123"]


def test_scale_checks_apply_only_where_both_ends_have_one():
    nodes = territories(["region:84", "pnr:bauges"], ["region", None])
    g = F(nodes, frame(source=["region:84"], target=["pnr:bauges"], relation=["part_of"]))
    assert g.contains("pnr:bauges", "region:84")


@pytest.mark.parametrize("column", ["key", "source", "target"])
def test_float_keys(column):
    nodes = frame(key=["a", "b"]) if column != "key" else frame(key=[1.0, 2.5])
    edges = frame(source=["a"], target=["b"])
    if column != "key":
        edges[column] = [1.5]
    with raises_naming(maillage.InvalidInput, column, "1.", "row 0"):
        F(nodes, edges)


def test_missing_keys():
    with raises_naming(maillage.InvalidInput, "key", "row 1"):
        F(frame(key=obj(["a", None])), None)
    with raises_naming(maillage.InvalidInput, "target", "row 0"):
        F(None, frame(source=["a"], target=obj([np.nan])))


def test_empty_key():
    with raises_naming(maillage.InvalidInput, "empty key"):
        F(frame(key=["a", ""]), None)


def test_bool_key_is_not_an_int():
    with raises_naming(maillage.InvalidInput, "key", "True"):
        F(frame(key=obj([True])), None)


def test_mixed_type_object_column():
    nodes = pd.DataFrame({"key": ["a", "b", "c"], "population": obj([7443, "beaucoup", 3.5])})
    nodes.index = [5, 6, 7]
    with raises_naming(maillage.InvalidInput, "'population'", "row 6", "'beaucoup'", "int", "str"):
        F(nodes, None)
    # the odd one out is named, whichever comes first
    nodes = frame(key=["a", "b", "c"], code_postal=obj(["74210", "74000", 74210]))
    with raises_naming(maillage.InvalidInput, "'code_postal'", "row 2", "74210"):
        F(nodes, None)


def test_list_holding_non_strings():
    with raises_naming(maillage.InvalidInput, "'tags'", "row 1"):
        F(frame(key=["a", "b"], tags=obj([["x"], ["y", 2]])), None)


def test_unsupported_object_values():
    with raises_naming(maillage.InvalidInput, "'blob'"):
        F(frame(key=["a"], blob=obj([{"x": 1}])), None)


def test_datetime_with_time_of_day():
    d = pd.to_datetime(["2024-01-01 00:00", "2024-01-02 10:30"])
    with raises_naming(maillage.InvalidInput, "'when'", "row 'b'", "10:30", "time of day"):
        F(pd.DataFrame({"key": ["a", "b"], "when": d}, index=["a", "b"]), None)
    with raises_naming(maillage.InvalidInput, "start"):
        F(None, one_edge(start=pd.to_datetime(["2024-01-02 10:30"])))


def test_timezone_aware_datetime():
    d = pd.to_datetime(["2024-01-01", "2024-01-02"]).tz_localize("Europe/Paris")
    with raises_naming(maillage.InvalidInput, "'when'", "time-zone"):
        F(two_nodes(when=d), None)
    with raises_naming(maillage.InvalidInput, "'start'"):
        F(None, one_edge(start=pd.to_datetime(["2024-01-02"]).tz_localize("UTC")))


def test_non_string_categories():
    with raises_naming(maillage.InvalidInput, "'level'", "categories"):
        F(two_nodes(level=pd.Categorical([1, 2])), None)


def test_integer_beyond_64_bits():
    with raises_naming(maillage.InvalidInput, "'big'"):
        F(frame(key=["a"], big=obj([2**64])), None)
    with raises_naming(maillage.InvalidInput, "'big'"):
        F(frame(key=["a"], big=np.array([2**63], dtype=np.uint64)), None)


def test_reserved_attribute_types():
    with raises_naming(maillage.InvalidInput, "label"):
        F(two_nodes(label=[1, 2]), None)
    with raises_naming(maillage.InvalidInput, "scale"):
        F(two_nodes(scale=[1, 2]), None)
    with raises_naming(maillage.InvalidInput, "kind", "row 0"):
        F(two_nodes(kind=[1, 2]), None)
    with raises_naming(maillage.InvalidInput, "provenance"):
        F(None, one_edge(provenance=[5]))
    with raises_naming(maillage.InvalidInput, "context", "row 0"):
        F(None, one_edge(context=[5.5]))
    with raises_naming(maillage.InvalidInput, "relation", "row 0"):
        F(None, one_edge(relation=[3]))


def test_structural_errors():
    with raises_naming(maillage.InvalidInput, "'key'"):
        F(frame(name=["a"]), None)
    with raises_naming(maillage.InvalidInput, "'source'"):
        F(None, frame(target=["a"]))
    with raises_naming(maillage.InvalidInput, "'target'"):
        F(None, frame(source=["a"]))
    with raises_naming(maillage.InvalidInput, "list"):
        F([{"key": "a"}], None)
    with raises_naming(maillage.InvalidInput, "dict"):
        F(None, {"source": ["a"], "target": ["b"]})
    with raises_naming(maillage.InvalidInput, "5"):
        F(pd.DataFrame({"key": ["a"], 5: [1]}), None)


def test_failed_build_leaves_nothing_behind():
    nodes = frame(key=["a", "b"], kind=["person", "person"], n=pd.array([1, None], dtype="Int64"))
    edges = frame(source=["a", "a"], target=["b", "nowhere"], relation=["funds", "funds"], weight=[1.0, 2.0])
    before_n, before_e = nodes.copy(deep=True), edges.copy(deep=True)
    with pytest.raises(maillage.InvalidInput):
        F(nodes, edges)
    # the inputs are intact and a corrected build works from scratch
    pd.testing.assert_frame_equal(nodes, before_n)
    pd.testing.assert_frame_equal(edges, before_e)
    g = F(nodes, edges.iloc[:1])
    assert g.number_of_nodes() == 2 and g.number_of_edges() == 1
    # a failed build with a custom relation registers nothing for later builds
    with pytest.raises(maillage.InvalidInput):
        F(nodes, frame(source=["a"], target=["nowhere"], relation=["mentors"]),
          relations={"mentors": {"directed": True, "category": "tie"}})
    assert "mentors" not in F(nodes, None).relations
    with raises_naming(maillage.InvalidInput, "'mentors'"):
        F(nodes, frame(source=["a"], target=["b"], relation=["mentors"]))
