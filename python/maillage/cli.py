"""The ``maillage`` command line: ``maillage report [DATA…]`` (the main job: a report people can read
and show) and ``maillage summary [NODES.csv EDGES.csv]`` (counts, for a quick check)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pandas as pd

from . import __version__, interscale
from ._algorithms import connected_components
from ._brokerage import brokerage
from ._nullmodel import significance
from ._io import read_csv
from ._errors import Error
from ._graph import Graph


def summarize(graph: Graph) -> Dict[str, Any]:
    """Counts by node kind, relation and scale, the connected components of the whole graph, and
    the vertical and horizontal ties and missing vertical links (maillage.interscale)."""
    nodes = graph.nodes_frame()
    edges = graph.edges_frame()
    relations = graph.relations
    by_relation = edges["relation"].value_counts(sort=False) if len(edges) else pd.Series(dtype=int)
    relation_rows = []
    for name in sorted(by_relation.index, key=lambda r: (-int(by_relation[r]), r)):
        relation_rows.append({
            "relation": name,
            "category": relations[name]["category"],
            "directed": relations[name]["directed"],
            "edges": int(by_relation[name]),
        })
    kinds = nodes["kind"].value_counts()
    kind_rows = [{"kind": k, "nodes": int(kinds[k])} for k in sorted(kinds.index, key=lambda k: (-int(kinds[k]), k))]
    scale_rows = []
    if "scale" in nodes.columns:
        counts = nodes["scale"].value_counts(sort=False)
        for sid in graph.scales:
            if sid in counts.index and counts[sid] > 0:
                scale_rows.append({"scale": sid, "label": graph.scale_labels[sid], "nodes": int(counts[sid])})
        missing = int(nodes["scale"].isna().sum())
    else:
        missing = len(nodes)
    if missing:
        scale_rows.append({"scale": None, "label": "(no scale)", "nodes": missing})
    components = connected_components(graph.view(directed=False))
    sizes = components.value_counts().sort_index()
    share = interscale.vertical_share(graph)
    missing_links = interscale.missing_vertical_links(graph)
    known = share.vertical + share.horizontal
    # Against chance: the vertical share over rewirings that keep every actor's degree in every
    # relation (skipped above NULL_TIES ties: it grows with the ties; maillage.significance does it).
    null: Optional[Dict[str, Any]] = None
    if known and known + share.unknown <= NULL_TIES:
        r = significance(graph, "vertical_share", samples=NULL_SAMPLES, seed=0).iloc[0]
        null = {"samples": int(r["samples"]), "mean": float(r["mean"]), "std": float(r["std"]),
                "z": None if pd.isna(r["z"]) else float(r["z"]), "p": float(r["p"]),
                "p_greater": float(r["p_greater"]), "p_less": float(r["p_less"])}
    # Brokers between scales: Gould–Fernandez roles on the ties, groups = resolved scales.
    brokers: List[Dict[str, Any]] = []
    ties = graph.view(relations="tie", directed=False)
    if ties.number_of_edges():
        roles = brokerage(ties, "scale", missing="drop", actor_scale="unique")
        roles = roles[roles["total"] > 0].sort_values(["liaison", "total"], ascending=False, kind="stable").head(3)
        labels = nodes["label"] if "label" in nodes.columns else pd.Series(dtype=object)
        for key, row in roles.iterrows():
            label = labels.get(key)
            brokers.append({"key": str(key), "label": str(label) if isinstance(label, str) else str(key),
                            "liaison": int(row["liaison"]), "total": int(row["total"])})
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "kinds": kind_rows,
        "relations": relation_rows,
        "scales": scale_rows,
        "components": {
            "count": int(len(sizes)),
            "largest": int(sizes.iloc[0]) if len(sizes) else 0,
            "isolated": int((sizes == 1).sum()),
            "sizes": [int(s) for s in sizes.tolist()],
        },
        "interscale": {
            "ties": int(known + share.unknown),
            "vertical": int(share.vertical),
            "horizontal": int(share.horizontal),
            "unknown": int(share.unknown),
            "vertical_share": float(share) if known else None,
            "missing_vertical_links": int(len(missing_links)),
            "territories_missing_links": int(missing_links["territory"].nunique()) if len(missing_links) else 0,
            "vertical_share_rewired": null,
            "brokers": brokers,
        },
        "metadata": {k: str(v) for k, v in graph.metadata.items()},
    }


NULL_TIES = 50_000
NULL_SAMPLES = 200


def _table(rows: List[List[str]], indent: str = "  ") -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [c.ljust(w) if i == 0 or not c.replace(".", "").isdigit() else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append(indent + "  ".join(cells).rstrip())
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def format_summary(summary: Dict[str, Any], source: str) -> str:
    c = summary["components"]
    out = [
        f"maillage {__version__} — summary of {source}",
        "",
        f"{_count(summary['nodes'], 'node')}, {_count(summary['edges'], 'edge')}, "
        f"{_count(c['count'], 'connected component')} "
        f"(largest: {c['largest']} nodes; isolated nodes: {c['isolated']})",
        "",
        "Nodes by kind",
        _table([[r["kind"], str(r["nodes"])] for r in summary["kinds"]]) if summary["kinds"] else "  (none)",
        "",
        "Edges by relation",
        _table([[r["relation"], r["category"], "directed" if r["directed"] else "undirected", str(r["edges"])]
                for r in summary["relations"]]) if summary["relations"] else "  (none)",
        "",
        "Nodes by scale",
        _table([[r["scale"] or "-", r["label"], str(r["nodes"])] for r in summary["scales"]]) if summary["scales"] else "  (none)",
        "",
        "Component sizes (all relations, direction ignored)",
        "  " + ", ".join(str(s) for s in c["sizes"][:20]) + (" …" if len(c["sizes"]) > 20 else ""),
        "",
        "Cooperation across scales (ties; an actor's scale is its own, else that of the territory it",
        "represents or is located in: maillage.interscale)",
    ]
    x = summary["interscale"]
    share = "-" if x["vertical_share"] is None else f"{100 * x['vertical_share']:.1f} %"
    out.append(_table([
        ["vertical", str(x["vertical"]), "ends at different known scales"],
        ["horizontal", str(x["horizontal"]), "ends at the same scale"],
        ["unknown", str(x["unknown"]), "an end of unknown scale"],
        ["vertical share", share, "of the ties with both scales known"],
        ["missing vertical links", str(x["missing_vertical_links"]),
         f"{x['territories_missing_links']} "
         f"{'territory' if x['territories_missing_links'] == 1 else 'territories'} with a tie but no path of at "
         "most 2 ties to a container"],
    ]))
    null = x.get("vertical_share_rewired")
    if null is not None:
        z = "-" if null["z"] is None else f"{null['z']:+.1f}"
        out.append(f"  against chance: {100 * null['mean']:.1f} % ± {100 * null['std']:.1f} over {null['samples']} "
                   f"rewirings keeping each actor's degree per relation (z {z}, p {null['p']:.3f}; "
                   "maillage.significance)")
    if x.get("brokers"):
        out += ["", "Brokers between scales (ties; the most liaison roles, between two nodes of two other scales: maillage.brokerage)"]
        out.append(_table([[b["label"], f"{b['liaison']} liaison", f"{b['total']} brokered pairs"] for b in x["brokers"]]))
    return "\n".join(out)


def _load(args: argparse.Namespace) -> tuple:
    if args.edges is None and args.nodes is None:
        from .datasets import fabrique_2024, fabrique_2024_paths

        nodes = fabrique_2024_paths()[0]
        return fabrique_2024(), f"the fabrique-2024 dataset ({nodes.parent})"
    if args.edges is None:
        # one positional path: a file or folder maillage.read knows (a data package, .zip, .gexf,
        # .graphml, …), else an edge list alone
        from ._io import readable

        if readable(args.nodes):
            from ._io import read

            return read(args.nodes), args.nodes
        return read_csv(None, args.nodes), args.nodes
    return read_csv(args.nodes, args.edges), f"{args.nodes} + {args.edges}"


def _report(args: argparse.Namespace) -> int:
    from . import _report

    graph, _where = _load(args)
    # The data as the page names it: the dataset's name, or the files given (without local paths).
    if args.nodes is None:
        source = str(graph.metadata.get("dataset") or "fabrique-2024")
    else:
        source = " + ".join(Path(p).name for p in (args.nodes, args.edges) if p is not None)
    lang = args.lang or _report.default_language(graph)
    out = Path(args.out) if args.out else Path(_report.default_folder(lang))
    _report.check_folder(out, args.force)  # before any work
    previous = args.previous
    if previous is not None:
        from ._io import read, readable

        path = Path(previous)
        if "," in previous and not path.exists():  # an earlier CSV pair
            old_nodes, old_edges = previous.split(",", 1)
            previous = read_csv(old_nodes, old_edges)
        elif (path.is_dir() and (path / "report.json").exists()) or path.name == "report.json":
            pass  # an earlier report: read by maillage.report
        elif readable(path):  # an earlier dataset in any format maillage reads
            previous = read(path)
        else:
            raise Error(f"--previous {previous}: not a report.json, a report folder, a dataset maillage reads, "
                        "or NODES.csv,EDGES.csv")
    bar = None
    try:
        from tqdm.auto import tqdm

        bar = tqdm(desc="maillage report", unit=" step", file=sys.stderr, disable=None, leave=False)
    except ImportError:  # progress is optional
        pass

    def step(name: str) -> None:
        if bar is not None:
            bar.set_postfix_str(name)
            bar.update(1)

    client = None
    if args.scheduler is not None:
        try:
            from .distributed import connect
        except ImportError as error:
            raise Error(f"--scheduler: {error}") from None
        client = connect(args.scheduler)
    try:
        result = _report.report(graph, out, lang=lang, seed=args.seed, programme=args.programme, previous=previous,
                                force=args.force, source=source, threads=args.threads, progress=step, client=client)
    finally:
        if bar is not None:
            bar.close()
        if client is not None:
            client.close()
    if args.json:
        print(result.to_json())
    else:
        index = (out / "index.html").resolve()
        message = "Rapport écrit : {}" if lang == "fr" else "Report written: {}"
        print(message.format(index))
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="maillage", description="Cooperation networks across territorial scales.")
    parser.add_argument("--version", action="version", version=f"maillage {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="a report to read and show: HTML page, figures, CSV tables, report.json",
                         description="Writes a report on the network (default: the embedded fabrique-2024 dataset) "
                                     "to a folder: index.html (self-contained), figures/*.svg, tables/*.csv, "
                                     "report.json.")
    rep.add_argument("nodes", nargs="?", help="node CSV (or an edge CSV when given alone)")
    rep.add_argument("edges", nargs="?", help="edge CSV")
    rep.add_argument("--out", "-o", help="the report's folder (default: maillage-rapport in French, maillage-report "
                                         "in English)")
    rep.add_argument("--lang", choices=("fr", "en"), help="language (default: the data's metadata 'language', else en)")
    rep.add_argument("--programme", help="one programme's report (its key)")
    rep.add_argument("--previous", help="an earlier report.json (or report folder), or an earlier dataset (a data "
                                        "package, .gexf, .graphml, … or NODES.csv,EDGES.csv): what changed")
    rep.add_argument("--seed", type=int, default=0, help="seed of the null models and layouts (default 0)")
    rep.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    rep.add_argument("--scheduler", metavar="ADDRESS", default=None,
                     help="a Dask scheduler (tcp://host:8786) whose cluster runs the null models and betweenness "
                          "(the same report; needs the 'dask' extra)")
    rep.add_argument("--force", action="store_true", help="replace a folder that is not a maillage report")
    rep.add_argument("--json", action="store_true", help="also print report.json to standard output")
    summary = sub.add_parser("summary", help="counts by node kind, relation, scale; connected components")
    summary.add_argument("nodes", nargs="?", help="node CSV, or alone: any file maillage.read reads (a data package "
                         "folder, .zip, .gexf, .graphml, …) or an edge CSV")
    summary.add_argument("edges", nargs="?", help="edge CSV")
    summary.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    if args.command == "report":
        try:
            return _report(args)
        except Error as error:
            print(f"maillage: error: {error}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # `maillage report --json | head`: end quietly
            _quiet_pipe()
            return 0
    try:
        graph, source = _load(args)
        result = summarize(graph)
    except Error as error:
        print(f"maillage: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_summary(result, source))
    return 0


def _quiet_pipe() -> None:
    # Python would report the closed pipe again when flushing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
