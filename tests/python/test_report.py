"""maillage report: the files it writes, what the page says (against the report's lists and counts,
and against the library's functions computed again), French and English typography, the folder
rules (marker, refusal, atomic replacement), escaping, graphs without programmes, scales or
dates, and the command line (errors, closed pipes)."""

from __future__ import annotations

import json
import re
from html import unescape
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import maillage
from maillage import _report
from maillage import programmes as pq

NNBSP = "\u202f"


@pytest.fixture(scope="module")
def g():
    return maillage.datasets.fabrique_2024()


@pytest.fixture(scope="module")
def french(g, tmp_path_factory):
    out = tmp_path_factory.mktemp("fr") / "maillage-rapport"
    return maillage.report(g, out, lang="fr"), out


@pytest.fixture(scope="module")
def english(g, tmp_path_factory):
    out = tmp_path_factory.mktemp("en") / "maillage-report"
    return maillage.report(g, out, lang="en"), out


def sections(data):
    for s in data["sections"]:
        yield s
        yield from s["subsections"]


def test_files_written(french):
    r, out = french
    assert (out / "index.html").is_file()
    assert (out / _report.MARKER).is_file()
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["format"] == "maillage.report"
    figures = [f for s in sections(data) for f in s["figures"]]
    tables = [name for s in sections(data) for name in s["tables"]]
    assert len(figures) >= 10 and len(tables) >= 15
    for f in figures:
        svg = (out / f["file"]).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "</svg>" in svg
    for s in sections(data):
        for name, t in s["tables"].items():
            frame = pd.read_csv(out / t["file"], sep=";", dtype=str, keep_default_na=False)
            assert len(frame) == t["rows"] == len(t["records"]), name
    html = (out / "index.html").read_text(encoding="utf-8")
    for s in data["sections"]:
        assert f'id="{s["id"]}"' in html
    # Self-contained: no external resource, no script.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html
    assert "@media print" in html
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left


def programme_section(data, key):
    for s in data["sections"]:
        for sub in s["subsections"]:
            if sub["numbers"].get("key") == key:
                return sub
    raise AssertionError(key)


def test_programme_sections_match_the_report(french, g):
    _r, out = french
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # p. 29: the Occitanie cohort, 8 territories and the Région; Grand Est, 9 and the Région.
    occ = programme_section(data, "programme:cohorte-occitanie")
    facts = {f["key"]: f["value"] for f in occ["facts"]}
    assert facts["territories"] == 9
    assert occ["numbers"]["roles"] == {"territoire accompagné": 8, "Région": 1}
    ge = programme_section(data, "programme:cohorte-grand-est")
    assert ge["numbers"]["roles"] == {"territoire accompagné": 9, "Région": 1}
    # p. 32: 25 collectivités in Territoires adaptés au climat de demain.
    tacd = programme_section(data, "programme:territoires-adaptes-au-climat-de-demain")
    assert {f["key"]: f["value"] for f in tacd["facts"]}["territories"] == 25
    # The ally lists of the section are those of maillage.programmes, territory by territory.
    records = next(iter(t for n, t in occ["tables"].items() if n.endswith("-territories")))["records"]
    expected = pq.territories(g, "programme:cohorte-occitanie")
    assert {r["key"]: r["ally_roles"] for r in records} == {k: list(v) for k, v in expected["ally_roles"].items()}
    # The source page is stated.
    assert any("(p. 29)" in f.get("source", "") for f in occ["facts"])
    # One section per programme with territories (16 on fabrique-2024).
    compared = pq.compare(g, samples=0)
    assert len(data["sections"][1]["subsections"]) == int((compared["territories"] > 0).sum())


def test_numbers_against_the_library(french, g):
    _r, out = french
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    scales = next(s for s in data["sections"] if s["id"] == "scales")
    facts = {f["key"]: f["value"] for f in scales["facts"]}
    share = maillage.interscale.vertical_share(g)
    assert facts["vertical_share"] == pytest.approx(float(share))
    assert facts["vertical"] == share.vertical and facts["horizontal"] == share.horizontal
    null = maillage.significance(g, "vertical_share", samples=200, seed=0).iloc[0]
    assert facts["z"] == pytest.approx(null["z"])
    terr = next(s for s in data["sections"] if s["id"] == "territories")
    assert terr["numbers"]["missing_links"] == len(pq.missing_links(g).drop_duplicates(["territory", "container", "programme"]))
    assert terr["numbers"]["missing_links_official"] == len(pq.missing_links(g, official=True))
    mixing = maillage.interscale.mixing_matrix(g)
    assert scales["numbers"]["mixing"]["commune"]["region"] == mixing.loc["commune", "region"]
    structure = next(s for s in data["sections"] if s["id"] == "structure")
    assert 0 <= structure["numbers"]["nmi_regions"] <= 1


def test_french_typography(french):
    r, out = french
    html = unescape((out / "index.html").read_text(encoding="utf-8"))
    assert '<html lang="fr">' in html
    assert "Le réseau en un coup d'œil" in html
    # Percentages « 73,2 % » with a decimal comma and a narrow no-break space.
    assert re.search(r"\d+,\d" + NNBSP + "%", html)
    assert not re.search(r"\d+\.\d %", html)
    # French dates and CSV conventions.
    assert re.search(r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d", html)
    csv = (out / "tables" / "vertical-share.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0].count(";") >= 3
    assert re.search(r";0,\d+", csv)


def test_english(english):
    r, out = english
    html = unescape((out / "index.html").read_text(encoding="utf-8"))
    assert '<html lang="en">' in html and "The network at a glance" in html
    assert "Le réseau en un coup d'œil" not in html
    assert re.search(r"\d+\.\d%", html)
    csv = (out / "tables" / "vertical-share.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0].count(",") >= 3 and ";" not in csv.splitlines()[0]


def test_default_language_from_metadata(g):
    assert _report.default_language(g) == "fr"
    h = maillage.Graph.from_frames(pd.DataFrame({"key": ["a", "b"]}), pd.DataFrame({"source": ["a"], "target": ["b"]}))
    assert _report.default_language(h) == "en"


def test_folder_rules(g, tmp_path):
    out = tmp_path / "r"
    maillage.report(g, out, lang="en")
    first = (out / "report.json").read_text(encoding="utf-8")
    # Again: replaced (same content but the date and timings).
    maillage.report(g, out, lang="en")
    assert json.loads(first)["sections"] == json.loads((out / "report.json").read_text(encoding="utf-8"))["sections"]
    # A folder holding something else is refused, and left as it was.
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter.txt").write_text("year of fieldwork")
    with pytest.raises(maillage.InvalidInput, match="not a maillage report"):
        maillage.report(g, other)
    assert (other / "chapter.txt").read_text() == "year of fieldwork"
    maillage.report(g, other, force=True)
    assert (other / "index.html").exists() and not (other / "chapter.txt").exists()
    with pytest.raises(maillage.InvalidInput, match="not a folder"):
        maillage.report(g, other / "index.html")


def test_failed_write_leaves_the_previous_report(g, tmp_path, monkeypatch):
    out = tmp_path / "r"
    maillage.report(g, out, lang="en")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    # A failed write is InvalidInput naming the folder and the system's reason (docs/malformed-input.md).
    with pytest.raises(maillage.InvalidInput, match=r"r: write error \(No space left on device\)"):
        maillage.report(g, out, lang="fr")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def test_labels_are_escaped(tmp_path):
    nodes = pd.DataFrame({"key": ["programme:p", "commune:62861", "organisation:x"],
                          "kind": ["programme", "territory", "organisation"],
                          "label": ["<script>alert(1)</script>", '"& Vimy', "<b>ally</b>"],
                          "scale": [None, "commune", "national"]})
    edges = pd.DataFrame({"source": ["commune:62861", "organisation:x"], "target": ["programme:p", "commune:62861"],
                          "relation": ["participates_in", "supports"], "context": [None, "programme:p"]})
    h = maillage.Graph.from_frames(nodes, edges)
    r = maillage.report(h, tmp_path / "r", lang="en")
    html = r.html
    assert "<script>alert(1)</script>" not in html and "<b>ally</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for svg in r.figures.values():
        assert "<script>" not in svg


def test_network_without_programmes_scales_or_dates(tmp_path):
    h = maillage.Graph.from_frames(pd.DataFrame({"key": list("abcd")}),
                                   pd.DataFrame({"source": list("abc"), "target": list("bcd")}))
    r = maillage.report(h, tmp_path / "r", lang="fr")
    missing = [n for s in sections(r.data) for n in s["notes"] if n["kind"] == "missing"]
    text = " ".join(n["text"] for n in missing)
    assert "programme" in text and "scale" in text and "start" in text
    assert (tmp_path / "r" / "index.html").exists()


def test_previous(g, tmp_path):
    maillage.report(g, tmp_path / "a", lang="en")
    same = maillage.report(g, tmp_path / "b", lang="en", previous=tmp_path / "a")
    time_section = next(s for s in same.data["sections"] if s["id"] == "time")
    assert time_section["numbers"]["changes"] == {"nodes_added": 0, "nodes_lost": 0, "edges_added": 0, "edges_lost": 0}
    nodes, edges = g.nodes_frame().reset_index(), g.edges_frame().reset_index(drop=True)
    nodes = pd.concat([nodes, pd.DataFrame({"key": ["commune:12202"], "kind": ["territory"], "label": ["Rodez"]})],
                      ignore_index=True)
    edges = pd.concat([edges, pd.DataFrame({"source": ["commune:12202"], "target": ["programme:cohorte-occitanie"],
                                            "relation": ["participates_in"]})], ignore_index=True)
    edges = edges[edges["source"] != "organisation:cerema"]
    h = maillage.Graph.from_frames(nodes, edges, relations={"produces": {"directed": True, "category": "tie"}})
    later = maillage.report(h, tmp_path / "c", lang="en", previous=g)
    changes = next(s for s in later.data["sections"] if s["id"] == "time")["numbers"]["changes"]
    removed = int((g.edges_frame()["source"] == "organisation:cerema").sum())
    assert changes == {"nodes_added": 1, "nodes_lost": 0, "edges_added": 1, "edges_lost": removed}


def test_one_programme(g, tmp_path):
    r = maillage.report(g, tmp_path / "p", lang="fr", programme="programme:cohorte-grand-est")
    progs = r.data["sections"][1]["subsections"]
    assert [s["numbers"]["key"] for s in progs] == ["programme:cohorte-grand-est"]
    with pytest.raises(maillage.NotFound, match="programme:nope"):
        maillage.report(g, tmp_path / "q", programme="programme:nope")
    assert not (tmp_path / "q").exists()


def test_catalogue_complete_and_current():
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    package = root / "python" / "maillage" / "_report"
    with open(package / "locale" / "fr.po", "rb") as f:
        catalog = read_po(f, locale="fr")
    found = 0
    for path in package.glob("*.py"):
        for _line, message, _c, _ctx in extract_from_file("python", str(path), keywords={"_": None, "gettext": None, "ngettext": (1, 2)}):
            msgid = message if isinstance(message, str) else message[0]
            entry = catalog.get(msgid)
            strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (entry.string if entry else "",)
            assert entry is not None and all(strings) and not entry.fuzzy, f"no French for {msgid!r} ({path.name})"
            found += 1
    assert found > 100
    script = root / "scripts" / "update_report_catalogue.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0


# ------------------------------------------------------------------------------------------ CLI
def cli(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "maillage", *args], capture_output=True, text=True, cwd=cwd, **kw)


def test_cli_default_folder_and_message(tmp_path):
    r = cli("report", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "maillage-rapport" / "index.html").exists()
    assert "Rapport écrit" in r.stdout and "maillage-rapport" in r.stdout
    r = cli("report", cwd=tmp_path)  # twice: replaced
    assert r.returncode == 0, r.stderr


def test_cli_user_csv_pair(tmp_path):
    (tmp_path / "acteurs.csv").write_text("key;kind;label;scale\nprogramme:x;programme;Cohorte X;\n"
                                          "commune:62861;territory;Vimy;commune\nepci:246200364;territory;CALL;epci\n", encoding="utf-8")
    (tmp_path / "liens.csv").write_text("source;target;relation\ncommune:62861;programme:x;participates_in\n"
                                        "epci:246200364;programme:x;participates_in\ncommune:62861;epci:246200364;cooperates_with\n",
                                        encoding="utf-8")
    r = cli("report", "acteurs.csv", "liens.csv", "--lang", "en", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "maillage-report" / "report.json").read_text(encoding="utf-8"))
    prog = data["sections"][1]["subsections"][0]
    assert {f["key"]: f["value"] for f in prog["facts"]}["territories"] == 2


def test_cli_malformed_csv_leaves_nothing(tmp_path):
    (tmp_path / "liens.csv").write_text("source,target,relation\na,b,cooperates_with\nc,d,no_such_relation\n", encoding="utf-8")
    r = cli("report", "liens.csv", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "liens.csv:3" in lines[0] and "no_such_relation" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liens.csv"]
    r = cli("report", "--programme", "programme:nope", cwd=tmp_path)
    assert r.returncode == 2 and "programme:nope" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liens.csv"]


def test_cli_json_to_a_closed_pipe(tmp_path):
    p = subprocess.Popen([sys.executable, "-m", "maillage", "report", "--json", "--out", str(tmp_path / "r")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait() == 0
    assert first.strip() == b"{"
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_projections_cut_back_above_their_limit(g, monkeypatch):
    from maillage._report import _content

    b = _content.Builder(g, _report._i18n.Language("en"))
    actors = [k for k in b.nodes.index if b.kind[k] in pq.ACTOR_KINDS]
    bound = b.projection_pairs(actors, pq.ALLY_RELATIONS)
    projected = maillage.bipartite_projection(g, nodes=actors, relations=pq.ALLY_RELATIONS)
    # An upper bound of the projection's pairs (shared neighbours counted once per pair there).
    assert projected.number_of_edges() <= bound
    monkeypatch.setattr(_content, "PROJECTION_PAIRS", 10)
    r = maillage.report(g, None, lang="en")
    cut = " ".join(r.data["metadata"]["cutbacks"])
    assert "actor projection skipped" in cut and "Communities of territories skipped" in cut
    structure = next(s for s in r.data["sections"] if s["id"] == "structure")
    assert "nmi_regions" not in structure["numbers"]
