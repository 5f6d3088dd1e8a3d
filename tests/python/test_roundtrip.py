"""Exact round trips through nodes_frame()/edges_frame() for every documented dtype, and pickling."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

import maillage
from helpers import obj

F = maillage.Graph.from_frames
KEYS = ["k0", "k1", "k2", "k3"]


def _default_str():
    return pd.Series(["x"]).dtype


# name → (input column, expected returned column (None = same as input))
def node_columns():
    return {
        "b": (pd.Series([True, False, True, False]), None),
        "bna": (pd.Series([True, None, False, None], dtype="boolean"), None),
        "bfull": (pd.Series([True, False, True, True], dtype="boolean"), None),
        "i": (pd.Series([1, -2, 2**62, 0], dtype=np.int64), None),
        "i8": (pd.Series([1, -2, 3, 4], dtype=np.int8), pd.Series([1, -2, 3, 4], dtype=np.int64)),
        "u32": (pd.Series([1, 2, 2**32 - 1, 0], dtype=np.uint32), pd.Series([1, 2, 2**32 - 1, 0], dtype=np.int64)),
        "ina": (pd.Series([1, None, -3, None], dtype="Int64"), None),
        "i32na": (pd.Series([1, None, 3, 4], dtype="Int32"), pd.Series([1, None, 3, 4], dtype="Int64")),
        "f": (pd.Series([1.5, np.nan, -0.0, 1e300]), None),
        "f32": (pd.Series([1.5, np.nan, 2.0, 0.25], dtype=np.float32), pd.Series([1.5, np.nan, 2.0, 0.25])),
        "s": (pd.Series(["Vimy", None, "", "Saint-Étienne"]), None),  # pandas' default text dtype
        "sobj": (obj(["a", None, "c", "d"]), None),
        "sstring": (pd.Series(["a", None, "c", "acteur·ices"], dtype="string"), None),
        "lst": (obj([["a", "b"], [], None, ["Faverges-Seythenex"]]), None),
        "lst_tuple": (obj([("a",), None, ("b", "c"), ()]), obj([["a"], None, ["b", "c"], []])),
        "cat": (pd.Series(pd.Categorical(["x", "y", None, "x"], categories=["y", "x", "z"])), None),
        "ocat": (pd.Series(pd.Categorical(["bas", None, "haut", "bas"], categories=["bas", "haut"],
                                          ordered=True)), None),
        "d_us": (pd.Series(pd.to_datetime(["2024-01-01", None, "1900-02-28", "2999-12-31"])).astype("datetime64[us]"), None),
        "d_ns": (pd.Series(pd.to_datetime(["2024-01-01", None, "1970-01-01", "2020-02-29"])).astype("datetime64[ns]"), None),
        "d_s": (pd.Series(pd.to_datetime(["2024-01-01", None, "1969-12-31", "2020-02-29"])).astype("datetime64[s]"), None),
        "oint": (obj([1, None, 3, 4]), pd.Series([1, None, 3, 4], dtype="Int64")),
        "obool": (obj([True, None, False, True]), pd.Series([True, None, False, True], dtype="boolean")),
        "onum": (obj([1, 2.5, None, 4]), pd.Series([1.0, 2.5, np.nan, 4.0])),
        "odate": (obj([dt.date(2024, 1, 2), None, pd.Timestamp("2020-01-01"), dt.date(1999, 12, 31)]),
                  pd.Series(pd.to_datetime(["2024-01-02", None, "2020-01-01", "1999-12-31"]))),
        "allna": (obj([None, None, None, None]), None),
    }


def make_nodes():
    columns = node_columns()
    data = {"key": KEYS, "kind": ["person", "territory", "organisation", "territory"],
            "scale": ["national", "commune", None, "region"]}
    data.update({name: col for name, (col, _) in columns.items()})
    return pd.DataFrame(data)


def make_edges():
    return pd.DataFrame(
        {
            "source": ["k0", "k1", "k2", "k0", "k1"],
            "target": ["k1", "k3", "k0", "k0", "k3"],
            "relation": ["cooperates_with", "part_of", "funds", "supports", "part_of"],
            "weight": [1, 2, 3, 0, 7],
            "start": obj([2020, "2021-05-06", None, dt.date(2019, 1, 1), None]),
            "end": obj(["2024", None, None, pd.Timestamp("2019-03-01"), None]),
            "context": ["programme:p", None, "programme:q", None, None],
            "provenance": obj(["rapport", None, "entretien", None, None]),
            "ok": pd.Series([True, None, False, True, None], dtype="boolean"),
            "n": [1, 2, 3, 4, 5],
            "x": [0.5, np.nan, 1.0, 2.0, 3.0],
            "tags": obj([["a"], None, [], ["b", "c"], None]),
            "when": pd.to_datetime(["2024-01-01", None, "2024-01-03", None, "2024-01-05"]),
            "cat": pd.Categorical(["u", "v", None, "u", "v"], ordered=True),
        }
    )


def test_node_dtypes_as_documented():
    g = F(make_nodes(), None)
    nf = g.nodes_frame()
    assert list(nf.columns) == ["kind", "scale", *node_columns()]
    assert nf.index.name == "key"
    assert list(nf.index) == KEYS
    assert nf.index.dtype == _default_str()
    assert nf["kind"].dtype == _default_str()
    for name, (given, expected) in node_columns().items():
        want = (given if expected is None else expected).rename(name)
        want.index = nf.index
        got = nf[name]
        pd.testing.assert_series_equal(got, want, check_exact=True, obj=f"column {name!r}")


def test_boolean_without_missing_stays_numpy_bool():
    nf = F(pd.DataFrame({"key": ["a", "b"], "flag": [True, False]}), None).nodes_frame()
    assert nf["flag"].dtype == np.bool_


def test_all_missing_columns():
    # an all-missing object column comes back as an object column of missing values
    nf = F(pd.DataFrame({"key": ["a"], "none": obj([None])}), None).nodes_frame()
    assert nf["none"].dtype == object and nf["none"].isna().all()


def test_scale_is_ordered_categorical_over_the_ladder():
    nf = F(make_nodes(), None).nodes_frame()
    scale = nf["scale"]
    assert isinstance(scale.dtype, pd.CategoricalDtype) and scale.dtype.ordered
    assert list(scale.dtype.categories) == F(None, None).scales
    assert scale.tolist()[:2] == ["national", "commune"] and pd.isna(scale.iloc[2])


def test_edge_dtypes_as_documented():
    g = F(make_nodes(), make_edges())
    ef = g.edges_frame()
    given = make_edges()
    assert list(ef.columns) == list(given.columns)
    assert ef.index.name == "edge" and list(ef.index) == list(range(5))
    for name in ("source", "target", "relation", "context"):
        assert ef[name].dtype == _default_str(), name
    assert ef["source"].tolist() == given["source"].tolist()
    assert ef["weight"].dtype == np.float64 and ef["weight"].tolist() == [1.0, 2.0, 3.0, 0.0, 7.0]
    starts = ef["start"].tolist()
    assert starts[0] == pd.Timestamp("2020-01-01") and starts[1] == pd.Timestamp("2021-05-06")
    assert pd.isna(starts[2]) and starts[3] == pd.Timestamp("2019-01-01")
    ends = ef["end"].tolist()
    assert ends[0] == pd.Timestamp("2024-12-31") and ends[3] == pd.Timestamp("2019-03-01")
    assert ef["start"].dtype.kind == "M" and ef["end"].dtype.kind == "M"
    pd.testing.assert_series_equal(ef["ok"], given["ok"].rename_axis("edge"))
    pd.testing.assert_series_equal(ef["n"], given["n"].rename_axis("edge"))
    pd.testing.assert_series_equal(ef["x"], given["x"].rename_axis("edge"))
    pd.testing.assert_series_equal(ef["tags"], given["tags"].rename_axis("edge"))
    pd.testing.assert_series_equal(ef["when"], given["when"].rename_axis("edge"))
    pd.testing.assert_series_equal(ef["cat"], given["cat"].rename_axis("edge"))
    assert ef["provenance"].tolist()[0] == "rapport" and pd.isna(ef["provenance"].tolist()[1])


def _round_trip(g):
    nf, ef = g.nodes_frame(), g.edges_frame()
    g2 = F(nf, ef, progress=False)
    pd.testing.assert_frame_equal(g2.nodes_frame(), nf, check_exact=True)
    pd.testing.assert_frame_equal(g2.edges_frame(), ef, check_exact=True)
    return g2


def test_exact_round_trip_every_dtype():
    g = F(make_nodes(), make_edges())
    g2 = _round_trip(g)
    _round_trip(g2)  # and again


def test_round_trip_with_index_named_key():
    g = F(make_nodes(), make_edges())
    nf = g.nodes_frame()
    assert "key" not in nf.columns and nf.index.name == "key"
    g2 = F(nf, g.edges_frame())
    assert g2.nodes == g.nodes


def test_round_trip_with_key_column_and_plain_edge_index():
    g = F(make_nodes(), make_edges())
    nf = g.nodes_frame().reset_index()
    ef = g.edges_frame().reset_index(drop=True)
    g2 = F(nf, ef)
    pd.testing.assert_frame_equal(g2.nodes_frame(), g.nodes_frame())
    pd.testing.assert_frame_equal(g2.edges_frame(), g.edges_frame())


def test_round_trip_of_the_example_dataset():
    g = maillage.datasets.example()
    _round_trip(g)


def test_round_trip_empty_graph():
    g = F(pd.DataFrame({"key": ["a"], "n": [1]}), None)
    _round_trip(g)
    _round_trip(F(None, None))


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_datetime_units_round_trip(unit):
    d = pd.Series(pd.to_datetime(["2024-02-29", None])).astype(f"datetime64[{unit}]")
    nodes = pd.DataFrame({"key": ["a", "b"], "d": d})
    nf = F(nodes, None).nodes_frame()
    assert nf["d"].dtype == np.dtype(f"datetime64[{unit}]")
    _round_trip(F(nodes, None))


def test_start_end_in_ns_round_trip():
    edges = pd.DataFrame({"source": ["a"], "target": ["b"],
                          "start": pd.to_datetime(["2020-01-01"]).astype("datetime64[ns]"),
                          "end": pd.to_datetime(["2020-12-31"]).astype("datetime64[ns]")})
    ef = F(None, edges).edges_frame()
    assert ef["start"].dtype == np.dtype("datetime64[ns]")
    _round_trip(F(None, edges))


# ---------------------------------------------------------------- property-based round trips

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
_day = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
_day_ns = st.dates(min_value=dt.date(1678, 1, 1), max_value=dt.date(2261, 12, 31))


@st.composite
def _columns(draw, n):
    kind = draw(st.sampled_from(["bool", "boolean", "int", "Int64", "float", "str", "object", "string", "list",
                                 "category", "date"]))
    missing = st.booleans() if kind not in ("bool", "int") else st.just(False)
    mask = [draw(missing) for _ in range(n)]
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    if kind == "boolean":
        vals = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        return pd.Series([None if m else v for v, m in zip(vals, mask)], dtype="boolean")
    if kind == "int":
        return pd.Series(draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=n, max_size=n)), dtype=np.int64)
    if kind == "Int64":
        vals = draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=n, max_size=n))
        return pd.Series([None if m else v for v, m in zip(vals, mask)], dtype="Int64")
    if kind == "float":
        vals = draw(st.lists(st.floats(allow_nan=False), min_size=n, max_size=n))
        return pd.Series([np.nan if m else v for v, m in zip(vals, mask)], dtype=np.float64)
    if kind in ("str", "object", "string"):
        vals = draw(st.lists(_text, min_size=n, max_size=n))
        vals = [None if m else v for v, m in zip(vals, mask)]
        return pd.Series(vals, dtype={"str": "str", "object": object, "string": "string"}[kind])
    if kind == "list":
        vals = draw(st.lists(st.lists(_text, max_size=3), min_size=n, max_size=n))
        return obj([None if m else v for v, m in zip(vals, mask)])
    if kind == "category":
        cats = draw(st.lists(_text, min_size=1, max_size=4, unique=True))
        vals = draw(st.lists(st.sampled_from(cats), min_size=n, max_size=n))
        return pd.Series(pd.Categorical([None if m else v for v, m in zip(vals, mask)], categories=cats,
                                        ordered=draw(st.booleans())))
    unit = draw(st.sampled_from(["s", "ms", "us", "ns"]))
    days = _day_ns if unit == "ns" else _day  # nanoseconds cover 1677–2262 only
    vals = draw(st.lists(days, min_size=n, max_size=n))
    series = pd.Series(pd.to_datetime([None if m else v for v, m in zip(vals, mask)]))
    return series.astype(f"datetime64[{unit}]")


@st.composite
def _graph_frames(draw):
    n = draw(st.integers(1, 6))
    keys = draw(st.lists(_text.filter(bool), min_size=n, max_size=n, unique=True))
    nodes = {"key": keys}
    for i in range(draw(st.integers(0, 4))):
        nodes[f"c{i}"] = draw(_columns(n))
    m = draw(st.integers(0, 6))
    ends = st.lists(st.sampled_from(keys), min_size=m, max_size=m)
    edges = {"source": draw(ends), "target": draw(ends)}
    if draw(st.booleans()):
        edges["weight"] = draw(st.lists(st.floats(0, 1e9), min_size=m, max_size=m))
    for i in range(draw(st.integers(0, 2))):
        edges[f"e{i}"] = draw(_columns(m)) if m else pd.Series([], dtype=np.int64)
    nf = pd.DataFrame({k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else v) for k, v in nodes.items()})
    ef = pd.DataFrame({k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else v) for k, v in edges.items()})
    return nf, ef


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_graph_frames())
def test_property_round_trip(frames):
    nodes, edges = frames
    g = F(nodes, edges, progress=False)
    nf = g.nodes_frame()
    # values come back as given (index aside)
    for name in nodes.columns:
        if name == "key":
            assert list(nf.index) == list(nodes["key"])
            continue
        pd.testing.assert_series_equal(nf[name].reset_index(drop=True), nodes[name], check_exact=True,
                                       check_names=False)
    _round_trip(g)


# ---------------------------------------------------------------- pickling

def test_pickle_keeps_everything():
    nodes = make_nodes()
    edges = make_edges()
    edges.loc[edges["relation"] == "funds", "relation"] = "mentors"
    ladder = [("quartier", "Quartier"), ("commune", "Commune"), ("region", "Région"), ("national", "National")]
    g = F(nodes, edges, scales=ladder,
          relations={"mentors": {"directed": True, "category": "tie"}},
          metadata={"title": "Fabrique", "year": 2024, "regions": ["84"], "day": dt.date(2024, 5, 1),
                    "share": 0.5, "public": False, "none": None})
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        h = pickle.loads(pickle.dumps(g, protocol=protocol))
        assert isinstance(h, maillage.Graph)
        pd.testing.assert_frame_equal(h.nodes_frame(), g.nodes_frame(), check_exact=True)
        pd.testing.assert_frame_equal(h.edges_frame(), g.edges_frame(), check_exact=True)
        assert h.metadata == g.metadata
        assert h.relations == g.relations
        assert h.relations["mentors"] == {"directed": True, "category": "tie"}
        assert h.scales == ["quartier", "commune", "region", "national"]
        assert h.scale_labels == g.scale_labels
        assert h.view().number_of_edges() == g.view().number_of_edges()


def test_pickle_empty_graph():
    g = F(None, None)
    h = pickle.loads(pickle.dumps(g))
    assert h.number_of_nodes() == 0 and h.scales == g.scales


def test_object_dates_outside_the_nanosecond_range():
    days = [dt.date(1500, 1, 1), dt.date(2500, 6, 1), None]
    nf = F(pd.DataFrame({"key": ["a", "b", "c"], "d": obj(days)}), None).nodes_frame()
    assert nf["d"].tolist()[:2] == [pd.Timestamp("1500-01-01"), pd.Timestamp("2500-06-01")]
    assert pd.isna(nf["d"].iloc[2])
    _round_trip(F(pd.DataFrame({"key": ["a", "b", "c"], "d": obj(days)}), None))


def test_interval_years_far_from_today():
    edges = pd.DataFrame({"source": ["a"], "target": ["b"], "start": [1500], "end": ["2500"]})
    ef = F(None, edges).edges_frame()
    assert ef.loc[0, "start"] == pd.Timestamp("1500-01-01")
    assert ef.loc[0, "end"] == pd.Timestamp("2500-12-31")
