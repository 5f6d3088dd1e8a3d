"""``maillage report``: a report on a cooperation network that people can read and show.

:func:`report` computes the report's content (``_content.py``: facts, tables and figures, the
figures being Representations built by the C++ core) and renders it as one self-contained HTML
page (inline SVG and CSS, no network, a print stylesheet), each figure as SVG, each table as CSV
(French: ``;`` and decimal comma) and ``report.json`` with every number on the page.

A report folder holds a marker file (:data:`MARKER`): writing a report again replaces a folder
that holds an earlier maillage report, and refuses any other non-empty folder unless
``force=True``. The folder is written whole in a temporary sibling and renamed at the end, so a
failed or interrupted run leaves the previous report as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Union

import pandas as pd

from .. import __version__, _atomic
from .._errors import InvalidInput
from .._graph import Graph
from ._content import Builder, Content, _plain
from ._i18n import LANGUAGES, Language

__all__ = ["report", "Report", "MARKER", "default_folder", "default_language"]

#: The file marking a folder as a maillage report (its content: the generator and the date).
MARKER = ".maillage-report"
_TEMPLATES = Path(__file__).resolve().parent / "templates"


def default_language(g: Graph) -> str:
    """The language of a graph's report: its metadata's ``language`` when it is one of
    :data:`LANGUAGES`, else English."""
    lang = str(g.metadata.get("language", "")).strip().lower()
    return lang if lang in LANGUAGES else "en"


def default_folder(lang: str) -> str:
    return "maillage-rapport" if lang == "fr" else "maillage-report"


class Report:
    """A computed report: ``html`` (the page), ``data`` (report.json's content), ``path`` (the
    folder written, or None); displays inline in Jupyter."""

    def __init__(self, content: Content, html: str, figures: Dict[str, str], data: Dict[str, Any],
                 tables: Dict[str, pd.DataFrame], language: Language) -> None:
        self.content = content
        self.html = html
        self.figures = figures
        self.data = data
        self.tables = tables
        self.language = language
        self.path: Optional[Path] = None

    def _repr_html_(self) -> str:
        # The page inside an isolated frame, so its stylesheet does not touch the notebook's.
        import html as _html

        return ('<iframe style="width:100%;height:720px;border:1px solid #ccc" srcdoc="'
                + _html.escape(self.html, quote=True) + '"></iframe>')

    def __repr__(self) -> str:
        where = f" in {self.path}" if self.path else ""
        return f"<maillage.Report {self.content.title!r} ({self.language.code}){where}>"

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=False)

    def write(self, out: Union[str, Path], *, force: bool = False) -> Path:
        """Writes the report folder (see the module's doc) and returns its path."""
        target = Path(out)
        check_folder(target, force)
        with _atomic.folder(target) as work:
            (work / "figures").mkdir()
            (work / "tables").mkdir()
            (work / "index.html").write_text(self.html, encoding="utf-8")
            for name, svg in self.figures.items():
                (work / "figures" / f"{name}.svg").write_text(svg, encoding="utf-8")
            sep, dec = self.language.csv_separator, self.language.decimal_mark
            for name, frame in self.tables.items():
                _csv(frame).to_csv(work / "tables" / f"{name}.csv", sep=sep, decimal=dec, index=False,
                                   encoding="utf-8", lineterminator="\n")
            (work / "report.json").write_text(self.to_json() + "\n", encoding="utf-8")
            (work / MARKER).write_text(f"maillage {__version__}\n", encoding="utf-8")
        self.path = target
        return target


def _csv(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = [" | ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in out[column]]
    return out


def check_folder(target: Path, force: bool) -> None:
    """Refuses a folder that holds anything but an earlier maillage report (unless ``force``) and
    a path that is a file."""
    if target.exists() and not target.is_dir():
        raise InvalidInput(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists() and not force:
        raise InvalidInput(f"{target}: the folder holds files that are not a maillage report; choose another "
                           "folder, or pass --force (force=True) to replace it")


def _render(content: Content, language: Language) -> Report:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    _ = language.gettext
    figures: Dict[str, str] = {}
    tables: Dict[str, pd.DataFrame] = {}

    def walk(section, prefix=""):
        entry: Dict[str, Any] = {"id": section.id, "title": section.title, "numbers": section.numbers, "facts": [],
                                 "tables": {}, "figures": [], "notes": [], "subsections": []}
        for b in section.blocks:
            if b.kind == "figure":
                figures[b.figure.name] = b.figure.representation.to_svg()
                entry["figures"].append({"name": b.figure.name, "caption": b.figure.caption,
                                         "file": f"figures/{b.figure.name}.svg"})
            elif b.kind == "table":
                tables[b.table.name] = b.table.data
                entry["tables"][b.table.name] = {
                    "caption": b.table.caption, "file": f"tables/{b.table.name}.csv", "rows": b.table.total_rows,
                    "records": [{k: _plain(v) for k, v in r.items()} for r in b.table.data.to_dict("records")]}
            elif b.kind == "facts":
                entry["facts"] += [{"key": f.key, "label": f.label, "value": _plain(f.value), "text": f.text,
                                    **({"source": f.source} if f.source else {})} for f in b.facts]
            elif b.kind in ("note", "missing", "paragraph"):
                entry["notes"].append({"kind": b.kind, "text": b.text})
        for sub in section.subsections:
            entry["subsections"].append(walk(sub))
        return entry

    data = {"format": "maillage.report", "version": 1, "metadata": content.metadata,
            "sections": [walk(s) for s in content.sections]}
    data["members"] = content.metadata.pop("members", None)
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    template = env.get_template("report.html.j2")
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    strings = {
        "kicker": _("maillage report"),
        "generated": _("Made with maillage {version} on {date}; language: English; seed {seed}.").format(
            version=__version__, date=language.today(), seed=content.metadata.get("seed")),
        "contents": _("Contents"),
        "missing": _("Missing data."),
        "footer": _("Every figure is also an SVG file and every table a CSV file in this folder; report.json holds "
                    "every number shown. Print this page to PDF from the browser."),
    }
    html = template.render(lang=content.lang, title=content.title, subtitle=content.subtitle, sections=content.sections,
                           figures=figures, css=css, t=strings, generator=f"maillage {__version__}")
    return Report(content, html, figures, data, tables, language)


def _connect(client: Any) -> Any:
    from ..distributed import connect

    return connect(client)


def report(
    g: Optional[Graph] = None,
    out: Optional[Union[str, Path]] = None,
    *,
    lang: Optional[str] = None,
    seed: int = 0,
    programme: Optional[str] = None,
    previous: Optional[Union[Graph, str, Path]] = None,
    force: bool = False,
    source: Optional[str] = None,
    threads: Optional[int] = None,
    progress: Optional[Callable[[str], None]] = None,
    client: Any = None,
) -> Report:
    """A report on ``g`` (default: the embedded fabrique-2024 dataset), in ``lang`` (``"fr"`` or
    ``"en"``; default: the graph's ``metadata["language"]``, else English), written to the folder
    ``out`` when given (``index.html``, ``figures/*.svg``, ``tables/*.csv``, ``report.json``; an
    earlier report there is replaced, any other non-empty folder refused unless ``force``).

    ``programme``: one programme's report. ``previous``: an earlier dataset (a Graph) or an
    earlier ``report.json``, to list what changed (nodes and edges added and lost). ``seed``: the
    null models' and layouts' seed (same seed, same report). ``progress``: called with the name
    of each step. ``client``: a ``distributed.Client`` (or a scheduler address) runs the heavy
    parts — the null-model significance (per programme and overall) and the betweenness — on a
    Dask cluster (:mod:`maillage.distributed`), with the same results. The returned
    :class:`Report` displays inline in Jupyter."""
    if g is None:
        from ..datasets import fabrique_2024

        g = fabrique_2024()
        source = source or "fabrique-2024"
    if not isinstance(g, Graph):
        raise TypeError(f"report expects a maillage.Graph, not {type(g).__name__}")
    language = Language(lang if lang is not None else default_language(g))
    if out is not None:
        check_folder(Path(out), force)
    previous_graph, previous_json = None, None
    if isinstance(previous, Graph):
        previous_graph = previous
    elif previous is not None:
        path = Path(previous)
        if path.is_dir():
            path = path / "report.json"
        try:
            previous_json = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidInput(f"{path}: no such file (previous= takes a report.json or a report folder)") from None
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{path}:{error.lineno}:{error.colno}: not a report.json ({error.msg})") from None
        if not isinstance(previous_json, dict) or previous_json.get("format") != "maillage.report":
            raise InvalidInput(f"{path}: not a maillage report.json")
    builder = Builder(g, language, seed=seed, programme=programme, previous=previous_graph, previous_json=previous_json,
                      source=source or "", step=progress, threads=threads,
                      client=None if client is None else _connect(client))
    content = builder.build()
    nodes = g.nodes_frame()
    edges = g.edges_frame()
    content.metadata["members"] = {
        "nodes": [str(k) for k in nodes.index],
        "edges": [[str(s), str(t), str(r)] for s, t, r in zip(edges["source"], edges["target"], edges["relation"])],
    }
    result = _render(content, language)
    if out is not None:
        result.write(out, force=force)
    return result
