"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/), small on purpose.

Seeds come from the repository's own test data (tests/data/gephi's small files, the example
dataset's first rows, fabrique-2024's descriptor with the first rows of its tables), from maillage's
own writers (a package, a GEXF and a GraphML of the example dataset's first rows; Representations of
every builder) and from hand-made edge cases. Run it from the repository root with the package
installed; it replaces the generated seeds (files named `gen-*`) and leaves the others (hand-made
seeds and crash reproducers, `crash-*`) in place. Deterministic: the same files every run.

    python tests/fuzz/make_corpus.py
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
MAX_SEED = 8192  # the CI runs use -max_len=8192: longer seeds would be cut anyway


def head(path: Path, lines: int) -> str:
    with path.open(encoding="utf-8") as handle:
        return "".join(next(handle, "") for _ in range(lines))


def put(target: str, name: str, data) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_SEED:
        raw = raw[:MAX_SEED]
    (folder / f"gen-{name}").write_bytes(raw)


def clear_generated() -> None:
    for path in CORPUS.glob("*/gen-*"):
        path.unlink()


def csv_seeds() -> None:
    nodes = head(ROOT / "examples/data/nodes.csv", 12)
    edges = head(ROOT / "examples/data/edges.csv", 16)
    put("csv_fuzz", "example-pair", nodes + "\0" + edges)
    put("csv_fuzz", "example-edges", edges)
    fabrique = ROOT / "data/fabrique-2024"
    put("csv_fuzz", "fabrique-pair", head(fabrique / "nodes.csv", 10) + "\0" + head(fabrique / "edges.csv", 10))
    put("csv_fuzz", "semicolon", "key;kind;share\na;actor;1,5\nb;actor;2\n\0source;target;weight\na;b;0,5\n")
    put("csv_fuzz", "quoted", 'source,target,note\n"a ""x""",b,"line\nbreak"\nb,a,\n')
    put("csv_fuzz", "types", "key,n,x,flag,day,code\na,1,1.5,true,2024-01-31,01001\nb,-2,1e3,FALSE,2023,2A004\n"
        "\0source,target,relation,start,end\na,b,cooperates_with,2020,2024-06-30\n")
    put("csv_fuzz", "bom-crlf", "\ufeffsource,target\r\na,b\r\nb,c\r\n")


def package_seeds() -> None:
    fabrique = ROOT / "data/fabrique-2024"
    descriptor = (fabrique / "datapackage.json").read_text(encoding="utf-8")
    put("package_fuzz", "fabrique", descriptor + "\0" + head(fabrique / "nodes.csv", 6) + "\0"
        + head(fabrique / "edges.csv", 6))


def xml_seeds() -> None:
    for path in sorted((ROOT / "tests/data/gephi").iterdir()):
        if path.stat().st_size > MAX_SEED:
            continue  # Les Misérables and football: too long for -max_len
        if path.suffix == ".gexf":
            put("gexf_fuzz", path.name, path.read_bytes())
        elif path.suffix == ".graphml":
            put("graphml_fuzz", path.name, path.read_bytes())


def written_seeds() -> None:
    import pandas as pd

    import maillage

    nodes = pd.read_csv(io.StringIO(head(ROOT / "examples/data/nodes.csv", 9)), dtype=str)
    edges = pd.read_csv(io.StringIO(head(ROOT / "examples/data/edges.csv", 40)), dtype=str)
    edges = edges[edges["source"].isin(nodes["key"]) & edges["target"].isin(nodes["key"])].copy()
    edges["weight"] = pd.to_numeric(edges["weight"])
    nodes["since"] = pd.to_datetime(["2020-01-01"] * len(nodes))
    nodes["tags"] = [["a", "b c"] if i % 2 else ["x"] for i in range(len(nodes))]
    nodes["rank"] = list(range(len(nodes)))
    nodes["level"] = pd.Categorical(["low", "high"] * (len(nodes) // 2) + ["low"] * (len(nodes) % 2),
                                    categories=["low", "high"], ordered=True)
    g = maillage.Graph.from_frames(nodes, edges, relations={"advises": {"directed": True, "category": "tie"}},
                                   metadata={"title": "seed", "year": 2024}, progress=False)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        g.write(str(folder / "pkg"))
        files = [(folder / "pkg" / name).read_text(encoding="utf-8")
                 for name in ("datapackage.json", "nodes.csv", "edges.csv")]
        put("package_fuzz", "written", "\0".join(files))
        put("csv_fuzz", "written", files[1] + "\0" + files[2])
        g.write(str(folder / "g.gexf"))
        put("gexf_fuzz", "written.gexf", (folder / "g.gexf").read_bytes())
        g.write(str(folder / "g.graphml"))
        put("graphml_fuzz", "written.graphml", (folder / "g.graphml").read_bytes())
    return g


def representation_seeds(g) -> None:
    import pandas as pd

    import maillage
    from maillage import systemic

    reps = {
        "actor-map": systemic.actor_map(g),
        "bar-chart": systemic.bar_chart({"a": 3, "b": 1.5}, title="t"),
        "heat-map": systemic.heat_map(pd.DataFrame([[1, 2], [3, 4.5]], index=["r1", "r2"], columns=["c1", "c2"])),
        "cld": maillage.systemic.causal_loop_diagram(None, [("a", "b", "+"), ("b", "a", "-", True)]).representation(),
    }
    for name, rep in reps.items():
        text = rep.to_json()
        if len(text.encode("utf-8")) <= MAX_SEED:
            put("representation_fuzz", name + ".json", text)
    put("representation_fuzz", "minimal.json", '{"format":"maillage.representation","version":1}')
    put("representation_fuzz", "shapes.json", json.dumps({
        "format": "maillage.representation", "version": 2, "width": 100, "height": 50,
        "nodes": [{"key": "a", "x": 1.5, "y": 2, "label": "é"}, {"key": "b", "x": 3, "y": 4}],
        "edges": [{"source": "a", "target": "b"}],
        "shapes": [{"key": "s", "rings": [[[0, 0], [1, 0], [1, 1]]]}]}, ensure_ascii=False))
    put("representation_fuzz", "escapes.json", '{"format":"maillage.representation","version":1,'
        '"metadata":{"t":"\\u00e9\\ud83d\\ude00\\n","n":-0.0,"e":1e308,"i":-9223372036854775808}}')


def formula_seeds() -> None:
    formulas = [
        "edges", "edges + triangle + kstar(2) + degree(1)", "edges + mutual + gwesp(0.5)",
        "edges + gwesp(0.5, fixed=True) + gwdegree(0.8) + gwdsp(0.3)",
        "edges + nodematch('scale', diff=True) + nodemix('scale') + nodefactor(\"scale\")",
        "edges + nodecov('size') + absdiff('size') + edgecov('distance')",
        "edges + istar(2) + ostar(2) + isolates",
        "edges + b1star(2) + gwb1degree(0.5) + cycle4", "edges + nodematch('scale', foo=True)",
        "edges +", "edges triangle", "gwesp(-1)",
    ]
    for k, formula in enumerate(formulas):
        put("formula_fuzz", f"{k:02d}", formula)


def python_seeds() -> None:
    put("kumu", "flat.json", json.dumps({
        "elements": [{"id": "a", "label": "Alpha", "Kind": "actor", "tags": ["x", "y"], "size": 2.5},
                     {"id": "b", "label": "Beta", "type": "org"}, {"label": "Gamma"}],
        "connections": [{"from": "a", "to": "b", "type": "supports", "direction": "directed", "Weight": 2},
                        {"from": "Beta", "to": "Gamma", "direction": "mutual", "label": "+"}]}))
    put("kumu", "export.json", json.dumps({
        "elements": [{"_id": "e1", "attributes": {"label": "Emploi", "element type": "variable"}},
                     {"_id": "e2", "attributes": {"label": "Revenus"}}],
        "connections": [{"_id": "c1", "from": "e1", "to": "e2",
                         "attributes": {"connection type": "+", "delay": True, "label": "‖"}},
                        {"from": "e2", "to": "e1", "attributes": {"polarity": "negative"}}]}))
    for path in sorted((CORPUS / "kumu").glob("gen-*")):  # the same blueprints, read as diagrams
        put("cld_kumu", path.name[len("gen-"):], path.read_bytes())
    put("cld_csv", "signs.csv", "source,target,sign,delay\nemploi,revenus,+,false\nrevenus,emploi,-,yes\n"
        "emploi,emploi,?,0\n")
    put("cld_csv", "bom.csv", "\ufeffsource;target;sign\na;b;+\n")


def main() -> int:
    clear_generated()
    csv_seeds()
    package_seeds()
    xml_seeds()
    g = written_seeds()
    representation_seeds(g)
    formula_seeds()
    python_seeds()
    total = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    count = sum(1 for p in CORPUS.rglob("*") if p.is_file())
    print(f"{count} seeds, {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
