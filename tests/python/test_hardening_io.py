"""Hardened input and output (issue "Hardening", items 1, 3, 4): writes that leave the previous
files byte-identical when they fail (a full disk, a missing folder, SIGKILL), readers that refuse
what is not a regular file, cap fields and headers, and public options validated with
``maillage.InvalidInput`` naming the argument and the value.

A full disk is simulated in a child process with RLIMIT_FSIZE (SIGXFSZ ignored, so writes past
the limit fail with EFBIG, as they would with ENOSPC): mounting a small tmpfs needs privileges
that a test cannot count on.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import maillage
from maillage import InvalidInput, NotFound, systemic


def _graph(n: int = 3, label: str = "") -> maillage.Graph:
    keys = [f"n{i}" for i in range(n)]
    nodes = pd.DataFrame({"key": keys, "kind": "person", "label": [label + k for k in keys]})
    edges = pd.DataFrame({"source": keys[:-1], "target": keys[1:]})
    return maillage.Graph.from_frames(nodes, edges)


def _run_child(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout)


_FULL_DISK = """
import os, resource, signal, sys
import pandas as pd
import maillage
from maillage import systemic
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # writes past the limit fail with EFBIG
keys = [f"n{i}" for i in range(20000)]
labels = [os.urandom(16).hex() for _ in keys]   # incompressible: a zip of them passes the limit too
g = maillage.Graph.from_frames(pd.DataFrame({"key": keys, "kind": "person", "label": labels}),
                               pd.DataFrame({"source": keys[:-1], "target": keys[1:]}))
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))   # the "disk" holds 200 kB per file
try:
    WRITE
except maillage.InvalidInput as error:
    print("InvalidInput:", error)
    sys.exit(3)
sys.exit(0)
"""


def _full_disk(write: str) -> subprocess.CompletedProcess:
    return _run_child(_FULL_DISK.replace("WRITE", write))


def _old_files(folder: Path, *names: str) -> dict:
    content = {}
    for k, name in enumerate(names):
        path = folder / name
        path.write_bytes(f"previous content {k} of {name}\n".encode())
        content[path] = path.read_bytes()
    return content


def _unchanged(content: dict) -> None:
    for path, data in content.items():
        assert path.read_bytes() == data, f"{path} was changed"
    leftovers = [p.name for p in next(iter(content)).parent.iterdir() if ".tmp-" in p.name]
    assert leftovers == []


# ------------------------------------------------------------------ item 1: atomic writes
def test_write_csv_on_a_full_disk_leaves_both_old_files(tmp_path):
    old = _old_files(tmp_path, "nodes.csv", "edges.csv")
    result = _full_disk(f"maillage.write_csv(g, {str(tmp_path / 'nodes.csv')!r}, {str(tmp_path / 'edges.csv')!r})")
    assert result.returncode == 3, result.stderr
    assert "write error" in result.stdout and "left as it was" in result.stdout
    _unchanged(old)


def test_write_csv_with_a_missing_folder_leaves_the_node_file(tmp_path):
    old = _old_files(tmp_path, "nodes.csv")
    with pytest.raises(InvalidInput, match="does not exist"):
        maillage.write_csv(_graph(), tmp_path / "nodes.csv", tmp_path / "absent" / "edges.csv")
    _unchanged(old)
    with pytest.raises(InvalidInput, match="does not exist"):
        maillage.write_csv(_graph(), tmp_path / "absent" / "nodes.csv", tmp_path / "nodes.csv")
    _unchanged(old)


@pytest.mark.parametrize("name,write", [
    ("picture.svg", "rep.write(PATH)"),
    ("picture.html", "rep.write(PATH)"),
    ("graph.gexf", "g.write(PATH)"),
    ("graph.graphml", "g.write(PATH)"),
    ("graph.zip", "g.write(PATH)"),
])
def test_a_write_on_a_full_disk_leaves_the_old_file(tmp_path, name, write):
    old = _old_files(tmp_path, name)
    code = write.replace("PATH", repr(str(tmp_path / name)))
    if code.startswith("rep."):
        # A picture large enough to pass the limit: a causal loop diagram of 3000 variables.
        code = ("rep = systemic.causal_loop_diagram(None, [(f'v{i}', f'v{i + 1}', '+') for i in range(3000)])"
                ".representation(); " + code)
    result = _full_disk(code)
    assert result.returncode == 3, result.stderr + result.stdout
    _unchanged(old)


def test_a_package_on_a_full_disk_leaves_the_old_package(tmp_path):
    folder = tmp_path / "package"
    _graph().write(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = _full_disk(f"g.write({str(folder)!r})")
    assert result.returncode == 3, result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["package"]


def test_sigkill_during_write_csv_leaves_the_old_files(tmp_path):
    old = _old_files(tmp_path, "nodes.csv", "edges.csv")
    code = f"""
    import pandas as pd, maillage, sys
    keys = [f"n{{i}}" for i in range(300000)]
    g = maillage.Graph.from_frames(pd.DataFrame({{"key": keys, "kind": "person", "label": ["y" * 100] * len(keys)}}),
                                   pd.DataFrame({{"source": keys[:-1], "target": keys[1:]}}))
    print("ready", flush=True)
    while True:
        maillage.write_csv(g, {str(tmp_path / 'nodes.csv')!r}, {str(tmp_path / 'edges.csv')!r})
        sys.exit(0)
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        # Kill it as soon as the write has started: a temporary file exists, or (a writer that is
        # not atomic) a target file has changed.
        while time.monotonic() < deadline:
            names = [p.name for p in tmp_path.iterdir()]
            started = any(".tmp-" in n for n in names) or any(p.read_bytes() != d for p, d in old.items() if p.exists())
            if started:
                break
            time.sleep(0.0005)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    for path, data in old.items():
        assert path.read_bytes() == data, f"{path} was changed"


def test_report_and_parquet_folders_share_the_atomic_folder_helper(tmp_path, monkeypatch):
    from maillage import _atomic

    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("old")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with _atomic.folder(target) as work:
            (work / "new.txt").write_text("new")
            raise Boom
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert (target / "keep.txt").read_text() == "old"
    with _atomic.folder(target) as work:
        (work / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_representation_write_to_a_missing_folder(tmp_path):
    rep = systemic.causal_loop_diagram(None, [("a", "b", "+")]).representation()
    with pytest.raises(InvalidInput, match="does not exist"):
        rep.write(tmp_path / "absent" / "picture.svg")
    path = tmp_path / "picture.svg"
    rep.write(path)
    assert path.read_text(encoding="utf-8") == rep.to_svg()


# ------------------------------------------------------------------ item 3: readers
def test_a_folder_passed_as_a_file_is_named(tmp_path):
    with pytest.raises(InvalidInput, match=r": is a folder, not a file$"):
        maillage.read_csv(None, tmp_path)
    with pytest.raises(InvalidInput, match=r": is a folder, not a file$"):
        systemic.CausalLoopDiagram.from_csv(tmp_path)
    with pytest.raises(InvalidInput, match=r": is a folder, not a file$"):
        systemic.CausalLoopDiagram.from_kumu(tmp_path)


def test_dev_zero_is_refused_without_reading(tmp_path):
    # In a child with a memory cap and a timeout: the unguarded reader would grow without end.
    code = """
    import resource, maillage
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    try:
        maillage.read_csv(None, "/dev/zero")
    except maillage.InvalidInput as error:
        print(error)
    """
    result = _run_child(code, timeout=60)
    assert result.stdout.strip() == "/dev/zero: is a character device, not a file", result.stderr


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code = f"""
    import maillage
    from maillage import systemic
    for read in (lambda p: maillage.read_csv(None, p), systemic.CausalLoopDiagram.from_csv,
                 systemic.CausalLoopDiagram.from_kumu, lambda p: maillage.read(p, format="kumu")):
        try:
            read({str(fifo)!r})
        except maillage.InvalidInput as error:
            print(error)
    """
    result = _run_child(code, timeout=60)
    assert result.stdout.splitlines() == [f"{fifo}: is a FIFO (named pipe), not a file"] * 4, result.stderr


def test_a_header_of_a_million_columns_is_refused_at_once(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n")
    result = _run_child(f"""
    import maillage
    try:
        maillage.read_csv(None, {str(path)!r})
    except maillage.InvalidInput as error:
        print(error)
    """, timeout=60)
    assert re.fullmatch(re.escape(str(path)) + r":1:\d+: a header longer than 1 MiB \(the limit of the header line\)",
                        result.stdout.strip()), result.stdout + result.stderr


def test_a_duplicate_among_many_columns_is_named(tmp_path):
    path = tmp_path / "wide.csv"
    names = ["source", "target"] + [f"c{i}" for i in range(60000)] + ["c7"]
    path.write_text(",".join(names) + "\n")
    result = _run_child(f"""
    import maillage
    try:
        maillage.read_csv(None, {str(path)!r})
    except maillage.InvalidInput as error:
        print(error)
    """, timeout=60)
    assert result.stdout.strip().endswith(": duplicate column name 'c7'"), result.stderr


def test_a_field_beyond_the_limit_is_refused(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_bytes(b'source,target\na,"' + b"x" * ((16 << 20) + 10) + b'"\n')
    with pytest.raises(InvalidInput, match=r"edges.csv:2:3: a field longer than 16 MiB"):
        maillage.read_csv(None, path)


# ------------------------------------------------------------------ item 4: options
def test_unknown_where_operator_is_refused():
    g = _graph()
    with pytest.raises(InvalidInput, match=r"where 'kind': unknown operator '~='"):
        g.view(where={"kind": ("~=", "person")})
    assert g.view(where={"kind": ("==", "person")}).number_of_nodes() == 3


def test_empty_selections_select_nothing():
    g = _graph()
    assert g.view(nodes=[]).number_of_nodes() == 0
    assert g.view(kinds=[]).number_of_nodes() == 0
    v = g.view(relations=[])
    assert (v.number_of_nodes(), v.number_of_edges()) == (3, 0)
    assert g.view(relations=["cooperates_with"]).number_of_edges() == 2


def test_option_of_the_wrong_type_is_named():
    g = _graph()
    with pytest.raises(InvalidInput, match=r"^directed must be True, False or None, not 'no'$"):
        g.view(directed="no")
    with pytest.raises(InvalidInput, match=r"weight must be an edge attribute's name or None, not 3"):
        g.view(weight=3)
    # A misplaced positional argument stays Python's own TypeError.
    with pytest.raises(TypeError):
        maillage.pagerank(g, 0.5)


def test_reversed_window_is_refused():
    # Refused by the C++ view (already so before this hardening; kept as a regression test).
    with pytest.raises(InvalidInput, match=r"time window: the end \(2020-01-01\) precedes the start \(2030-01-01\)"):
        _graph().view(start="2030-01-01", end="2020-01-01")


def test_micmac_power_is_bounded():
    m = [[0, 1], [1, 0]]
    with pytest.raises(InvalidInput, match=r"power must be an integer from 1 to 1000, not 1000000000"):
        systemic.micmac(m, power=10**9)
    with pytest.raises(InvalidInput, match=r"max_power must be an integer from 2 to 1000"):
        systemic.micmac(m, max_power=10**6)
    assert systemic.micmac(m, power=1000).power == 1000


def test_delay_is_parsed_strictly():
    cld = systemic.causal_loop_diagram(None, [("a", "b", "+", "false"), ("b", "a", "-", "true"), ("a", "a", "+", 0)])
    assert cld.links["delay"].tolist() == [False, True, False]
    with pytest.raises(InvalidInput, match=r"link 0 \(a → b\): delay: 'maybe' is not true or false"):
        systemic.causal_loop_diagram(None, [("a", "b", "+", "maybe")])
    kumu = {"elements": [{"label": "a"}, {"label": "b"}],
            "connections": [{"from": "a", "to": "b", "attributes": {"delay": "false"}},
                            {"from": "b", "to": "a", "attributes": {"delay": "oops"}}]}
    with pytest.raises(InvalidInput, match=r"connections\[1\].delay: 'oops' is not true or false"):
        systemic.CausalLoopDiagram.from_kumu(kumu)


def test_duplicate_columns_in_frames_are_named():
    nodes = pd.DataFrame([["a", "person", "x"]], columns=["key", "kind", "kind"])
    with pytest.raises(InvalidInput, match=r"^nodes: duplicate column name 'kind'$"):
        maillage.Graph.from_frames(nodes, None)
    edges = pd.DataFrame([["a", "b", "a"]], columns=["source", "target", "source"])
    with pytest.raises(InvalidInput, match=r"^edges: duplicate column name 'source'$"):
        maillage.Graph.from_frames(None, edges)


def test_lone_surrogates_are_named_with_their_location():
    # object columns: pandas' Arrow-backed strings cannot hold a lone surrogate at all.
    nodes = pd.DataFrame({"key": ["a", "b\udc80"], "label": ["A", "B"]}, dtype=object)
    with pytest.raises(InvalidInput, match=r"nodes: column 'key' row 1: text 'b\\udc80' is not valid Unicode"):
        maillage.Graph.from_frames(nodes, None)
    nodes = pd.DataFrame({"key": ["a", "b"], "label": ["A", "\ud800B"]}, dtype=object)
    with pytest.raises(InvalidInput, match=r"nodes: column 'label' row 1: .*lone surrogate"):
        maillage.Graph.from_frames(nodes, None)
    nodes = pd.DataFrame([["a", "A"], ["b", "B"]], columns=pd.Index(["key", "la\udcffbel"], dtype=object), dtype=object)
    with pytest.raises(InvalidInput, match=r"nodes: column name: text 'la\\udcffbel'"):
        maillage.Graph.from_frames(nodes, None)
    edges = pd.DataFrame({"source": ["a"], "target": ["\udc80"]}, dtype=object)
    with pytest.raises(InvalidInput, match=r"edges: column 'target' row 0"):
        maillage.Graph.from_frames(None, edges)


def test_no_pybind11_message_reaches_a_user():
    from maillage import _core

    g = _graph()
    with pytest.raises(InvalidInput) as caught:
        g.view(nodes=["n0\udc80"])
    assert "nodes" in str(caught.value) and "lone surrogate" in str(caught.value)
    with pytest.raises(InvalidInput) as caught:
        _core.read_gexf(42, "node", None)
    message = str(caught.value)
    assert message.startswith("read_gexf: path=42 has the wrong type (int; expected str)"), message
    for text in ("incompatible function arguments", "Unable to cast", "Invoked with"):
        assert text not in message


def test_causal_loop_readers_name_the_file_and_place(tmp_path):
    with pytest.raises(NotFound, match=r"absent.json: no such file"):
        systemic.CausalLoopDiagram.from_kumu(tmp_path / "absent.json")
    with pytest.raises(NotFound, match=r"absent.csv: no such file"):
        systemic.CausalLoopDiagram.from_csv(tmp_path / "absent.csv")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"elements": [\n  {"label": "a"},\n  oops\n]}')
    with pytest.raises(InvalidInput, match=r"bad.json:3:3: invalid JSON"):
        systemic.CausalLoopDiagram.from_kumu(bad_json)
    with pytest.raises(InvalidInput, match=r"^blueprint:1:2: invalid JSON"):
        systemic.CausalLoopDiagram.from_kumu("{oops")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"elements": [{"label": "é"}]}'.encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"latin.json:1:26: invalid UTF-8 \(byte 0xe9\)"):
        systemic.CausalLoopDiagram.from_kumu(latin)
    shapes = tmp_path / "shapes.json"
    shapes.write_text(json.dumps({"elements": ["a"], "connections": []}))
    with pytest.raises(InvalidInput, match=r"shapes.json: elements\[0\]: expected an object, not a text"):
        systemic.CausalLoopDiagram.from_kumu(shapes)
    shapes.write_text(json.dumps({"elements": [], "connections": 3}))
    with pytest.raises(InvalidInput, match=r"shapes.json: connections: expected a list, not int"):
        systemic.CausalLoopDiagram.from_kumu(shapes)
    latin_csv = tmp_path / "latin.csv"
    latin_csv.write_bytes("source,target,sign\nvélo,b,+\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"latin.csv:2:2: invalid UTF-8 \(byte 0xe9\)"):
        systemic.CausalLoopDiagram.from_csv(latin_csv)
    dup = tmp_path / "dup.csv"
    dup.write_text("source,target,sign,sign\na,b,+,+\n")
    with pytest.raises(InvalidInput, match=r"dup.csv:1:4: duplicate column name 'sign'"):
        systemic.CausalLoopDiagram.from_csv(dup)
    delay = tmp_path / "delay.csv"
    delay.write_text("source,target,sign,delay\na,b,+,false\nb,a,+,perhaps\n")
    with pytest.raises(InvalidInput, match=r"delay.csv:3:4: delay: 'perhaps' is not true or false"):
        systemic.CausalLoopDiagram.from_csv(delay)
