"""maillage.read_csv and maillage.write_csv, checked against Python's csv module and pandas."""

from __future__ import annotations

import csv
import io
import random
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

import maillage
from maillage import InvalidInput


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- quoting, against the csv module

ALPHABET = string.ascii_letters + string.digits + ' ,;"\n\r\t\'|éèçàÉœ·€–' + "\u00a0"


def _random_text(rng: random.Random, alphabet: str = ALPHABET) -> str:
    n = rng.choice([0, 1, 1, 2, 5, 12])
    return "".join(rng.choice(alphabet) for _ in range(n))


@pytest.mark.parametrize("seed", range(8))
def test_quoting_matches_the_csv_module(tmp_path, seed):
    rng = random.Random(seed)
    sep = ";" if seed % 2 else ","
    line_end = "\r\n" if seed % 3 == 0 else "\n"
    # Python's writer quotes a field holding CR only when CR is part of its line terminator
    alphabet = ALPHABET if line_end == "\r\n" else ALPHABET.replace("\r", "")
    rows = []
    for i in range(60):
        rows.append([f"k{i}", _random_text(rng, alphabet), _random_text(rng, alphabet),
                     rng.choice(["", "x", "0012", "2A004"])])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["key", "a", "b", "c"])
    writer.writerows(rows)
    text = buffer.getvalue()
    prefix = "\ufeff" if seed % 4 == 1 else ""
    nodes = _write(tmp_path / "nodes.csv", prefix + text)
    edges = _write(tmp_path / "edges.csv", "source,target\nk0,k1\n")
    g = maillage.read_csv(nodes, edges, dtypes={"a": "string", "b": "string", "c": "string"}, progress=False)
    # the oracle: Python's own csv reader; a row whose cells are all empty but the key still counts
    parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    header, body = parsed[0], parsed[1:]
    assert header == ["key", "a", "b", "c"]
    frame = g.nodes_frame()
    assert frame.index.tolist() == [r[0] for r in body]
    for column, j in (("a", 1), ("b", 2), ("c", 3)):
        want = [r[j] if r[j] != "" else None for r in body]
        got = [None if (v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))) else v
               for v in frame[column].tolist()]
        assert got == want, column


# ---------------------------------------------------------------- types, against pandas

def test_types_match_pandas(tmp_path):
    text = ("key,n,x,flag,day,label,zip,year\n"
            "a,1,0.5,true,2024-01-31,Vimy,01001,2024\n"
            "b,-7,2,False,2023-12-01,Faverges-Seythenex,74123,1999\n"
            "c,,1e3,,,,2A004,\n")
    nodes = _write(tmp_path / "nodes.csv", text)
    edges = _write(tmp_path / "edges.csv", "source,target\na,b\n")
    got = maillage.read_csv(nodes, edges, progress=False).nodes_frame()
    want = pd.read_csv(io.StringIO(text), dtype={"key": str, "zip": str, "label": str},
                       keep_default_na=False, na_values=[""], parse_dates=["day"]).set_index("key")
    assert got["n"].dtype == "Int64" and got["n"].tolist()[:2] == want["n"].tolist()[:2] and got["n"].isna().tolist() == [False, False, True]
    assert got["x"].dtype == np.float64 and got["x"].tolist() == want["x"].tolist()
    assert got["flag"].dtype == "boolean"
    assert got["flag"].tolist()[:2] == [True, False] and got["flag"].isna().tolist() == [False, False, True]
    assert got["day"].dtype.kind == "M"
    assert got["day"].tolist()[:2] == want["day"].tolist()[:2] and pd.isna(got["day"].iloc[2])
    assert got["zip"].tolist() == ["01001", "74123", "2A004"]
    assert got["year"].tolist()[:2] == [2024, 1999]
    assert got["label"].tolist()[:2] == want["label"].tolist()[:2]


def test_french_excel_export(tmp_path):
    """A ';' file with a byte-order mark, CRLF line ends, decimal commas and accents."""
    nodes = _write(tmp_path / "acteurs.csv",
                   "\ufeffkey;kind;label;famille;budget\r\n"
                   "commune:74123;territory;Faverges-Seythenex;;1234,5\r\n"
                   "asso:fabrique;organisation;\"La Fabrique; des transitions\";allie;20000\r\n"
                   ";;;;\r\n")
    edges = _write(tmp_path / "liens.csv",
                   "\ufeffsource;target;relation;weight;start;end\r\n"
                   "asso:fabrique;commune:74123;supports;0,75;2022;2024\r\n")
    g = maillage.read_csv(nodes, edges, progress=False)
    nf = g.nodes_frame()
    assert nf["budget"].tolist() == [1234.5, 20000.0]
    assert nf.loc["asso:fabrique", "label"] == "La Fabrique; des transitions"
    ef = g.edges_frame()
    assert ef["weight"].tolist() == [0.75]
    assert ef["start"].iloc[0] == pd.Timestamp("2022-01-01")
    assert ef["end"].iloc[0] == pd.Timestamp("2024-12-31")


def test_explicit_types(tmp_path):
    nodes = _write(tmp_path / "n.csv",
                   "key,cat,tags,num,code_postal,since\n"
                   "a,b,x|y,1,74210,2020\n"
                   "b,a,z,2.5,01000,2021-03-04\n"
                   "c,b,,,,\n")
    edges = _write(tmp_path / "e.csv", "source,target\na,b\n")
    g = maillage.read_csv(nodes, edges, dtypes={"cat": "category", "tags": "list", "num": float, "since": "date"},
                          codes=["code_postal"], progress=False)
    nf = g.nodes_frame()
    assert isinstance(nf["cat"].dtype, pd.CategoricalDtype)
    assert list(nf["cat"].cat.categories) == ["a", "b"]
    assert nf["tags"].tolist() == [["x", "y"], ["z"], None]
    assert nf["num"].tolist()[:2] == [1.0, 2.5]
    assert nf["code_postal"].tolist()[:2] == ["74210", "01000"]
    assert nf["since"].tolist()[:2] == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-03-04")]


def test_edge_list_alone_and_options(tmp_path):
    edges = _write(tmp_path / "e.csv", "source,target,relation\nb,a,\na,c,cooperates_with\n")
    g = maillage.read_csv(None, edges, relations={"aime": {"directed": True}}, default_relation="aime",
                          default_kind="person", metadata={"source": "test"}, progress=False)
    assert g.nodes == ["b", "a", "c"]
    assert set(g.nodes_frame()["kind"]) == {"person"}
    assert g.edges_frame()["relation"].tolist() == ["aime", "cooperates_with"]
    assert g.relations["aime"] == {"directed": True, "category": "tie"}
    assert g.metadata == {"source": "test"}
    nodes = _write(tmp_path / "n.csv", "key\na\n")
    with pytest.raises(InvalidInput, match="unknown source key 'b'"):
        maillage.read_csv(nodes, edges, default_relation="cooperates_with", progress=False)
    h = maillage.read_csv(nodes, edges, default_relation="cooperates_with", create_missing_nodes=True, progress=False)
    assert h.nodes == ["a", "b", "c"]


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("nodes_text, edges_text, kwargs, where, message", [
    ("key\na\nb\n", 'source,target\na,"b\n', {}, "edges:2:3", "unterminated quote"),
    ("key\na\nb\n", "source,target\na,b,c\n", {}, "edges:2:5", "row has 3 fields, the header has 2"),
    ("key,n\na,1\nb,x\n", "source,target\na,b\n", {"dtypes": {"n": "int64"}}, "nodes:3:3",
     "column 'n': 'x' is not an int64"),
    ("key\na\na\n", "source,target\na,a\n", {}, "nodes:3:1", "duplicate node key 'a' (first on line 2)"),
    ("key\na\nb\n", "source,target\na,c\n", {}, "edges:2:3",
     "edge 0 ('a' → 'c', cooperates_with): unknown target key 'c'"),
    ("key\na\nb\n", "source,target,start\na,b,2024-13-01\n", {}, "edges:2:5",
     "column 'start': '2024-13-01' is not a date (YYYY-MM-DD or YYYY)"),
    ("", "source,target\na,b\n", {}, "nodes:1:1", "empty file (expected a header line)"),
    ("key\na\nb\n", "source,target,weight\na,b,-2\n", {}, "edges:2:5", "weight -2"),
])
def test_errors_name_file_line_and_column(tmp_path, nodes_text, edges_text, kwargs, where, message):
    nodes = _write(tmp_path / "nodes.csv", nodes_text)
    edges = _write(tmp_path / "edges.csv", edges_text)
    file, line, column = where.split(":")
    path = nodes if file == "nodes" else edges
    with pytest.raises(InvalidInput) as info:
        maillage.read_csv(nodes, edges, progress=False, **kwargs)
    assert str(info.value).startswith(f"{path}:{line}:{column}: ")
    assert message in str(info.value)


def test_invalid_utf8_names_the_byte(tmp_path):
    nodes = _write(tmp_path / "nodes.csv", "key,label\na,Clémence\n", encoding="cp1252")
    edges = _write(tmp_path / "edges.csv", "source,target\na,a\n")
    with pytest.raises(InvalidInput, match=r"nodes.csv:2:3: invalid UTF-8 \(byte 0xe9"):
        maillage.read_csv(nodes, edges, progress=False)


def test_bad_arguments(tmp_path):
    edges = _write(tmp_path / "e.csv", "source,target\na,b\n")
    with pytest.raises(InvalidInput, match="unknown type 'decimal'"):
        maillage.read_csv(None, edges, dtypes={"x": "decimal"})
    with pytest.raises(InvalidInput, match="sep must be"):
        maillage.read_csv(None, edges, sep="\t")
    with pytest.raises(InvalidInput, match="no such file|cannot open"):
        maillage.read_csv(None, tmp_path / "absent.csv")


def test_progress_and_cancel(tmp_path):
    edges = _write(tmp_path / "e.csv", "source,target\n" + "".join(f"n{i},n{i + 1}\n" for i in range(5000)))
    stages = []
    maillage.read_csv(None, edges, progress=lambda stage, done, total: stages.append(stage))
    assert stages[0] == "read edges" and stages[-1] == "build"

    def stop(stage, done, total):
        raise maillage.Cancelled()

    with pytest.raises(maillage.Cancelled):
        maillage.read_csv(None, edges, progress=stop)


# ---------------------------------------------------------------- round trips

def _pair(tmp_path: Path):
    nodes = _write(tmp_path / "nodes.csv",
                   "key,kind,label,scale,insee,population,density,active,founded,family\n"
                   "commune:01001,territory,\"L'Abergement, \"\"Clémenciat\"\"\",commune,01001,832,52.5,true,1790-03-04,\n"
                   "commune:2A004,territory,Ajaccio,commune,2A004,,1.25e3,false,,\n"
                   "departement:01,territory,Ain,departement,01,652432,,,,\n"
                   "person:alice,person,\"Alice\nsur deux lignes\",,,,,true,,elu\n")
    edges = _write(tmp_path / "edges.csv",
                   "source,target,relation,weight,start,end,context,provenance,rank\n"
                   "commune:01001,departement:01,part_of,,,,,,\n"
                   "person:alice,commune:2A004,cooperates_with,2.5,2021-05-01,2024-12-31,prog:a,entretien,3\n"
                   "person:alice,departement:01,supports,0.1,2020-01-01,,,,-1\n")
    return nodes, edges


def test_round_trip_through_pandas(tmp_path):
    """CSV → Graph → nodes_frame/edges_frame → CSV (pandas' to_csv) → Graph: the same frames."""
    nodes, edges = _pair(tmp_path)
    g = maillage.read_csv(nodes, edges, progress=False)
    nf, ef = g.nodes_frame(), g.edges_frame()
    assert nf["population"].dtype == "Int64" and nf["density"].dtype == np.float64
    assert nf["active"].dtype == "boolean" and nf["founded"].dtype.kind == "M"
    assert ef["rank"].dtype == "Int64" and ef["start"].dtype.kind == "M"
    out = tmp_path / "out"
    out.mkdir()
    nf.to_csv(out / "nodes.csv", date_format="%Y-%m-%d")
    ef.drop(columns=[]).to_csv(out / "edges.csv", index=False, date_format="%Y-%m-%d")
    h = maillage.read_csv(out / "nodes.csv", out / "edges.csv", progress=False)
    pdt.assert_frame_equal(h.nodes_frame(), nf)
    pdt.assert_frame_equal(h.edges_frame(), ef)


def test_round_trip_through_write_csv(tmp_path):
    """CSV → Graph → write_csv → Graph, lists and categories included: the same frames."""
    nodes, edges = _pair(tmp_path)
    dtypes = {"family": "category"}
    g = maillage.read_csv(nodes, edges, dtypes=dtypes, progress=False)
    frame = g.nodes_frame()
    frame["tags"] = pd.Series([["a", "b"], None, ["c d"], ["é"]], index=frame.index, dtype=object)
    g = maillage.Graph.from_frames(frame, g.edges_frame(), progress=False)
    for sep in (",", ";"):
        maillage.write_csv(g, tmp_path / "n2.csv", tmp_path / "e2.csv", sep=sep)
        h = maillage.read_csv(tmp_path / "n2.csv", tmp_path / "e2.csv", dtypes={**dtypes, "tags": "list"},
                              progress=False)
        pdt.assert_frame_equal(h.nodes_frame(), g.nodes_frame())
        pdt.assert_frame_equal(h.edges_frame(), g.edges_frame())


def test_example_dataset_matches_pandas():
    nodes, edges = maillage.datasets.example_paths()
    g = maillage.datasets.example()
    want = pd.read_csv(edges, dtype=str, keep_default_na=False)
    ef = g.edges_frame()
    assert ef["source"].tolist() == want["source"].tolist()
    assert ef["target"].tolist() == want["target"].tolist()
    weights = [float(w) if w else np.nan for w in want["weight"]]
    np.testing.assert_array_equal(ef["weight"].to_numpy(), np.array(weights))
