"""Systemic representations: actor maps, inter-scale maps, ego maps and programme maps as data
(:class:`Representation`), laid out, labelled, and written as SVG, self-contained HTML, GEXF 1.3
(Gephi), Kumu JSON, Graphviz DOT or their own lossless JSON.

Every builder and writer runs in the C++ core (``include/maillage/systemic/``,
``include/maillage/render/``); a Representation crosses the boundary as its canonical JSON, so the
same inputs and seed give byte-identical files from Python and from C++.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _atomic, _core
from ._errors import InvalidInput, NotFound
from ._graph import Graph, View, as_view
from ._progress import resolve_progress

__all__ = [
    "Representation",
    "actor_map",
    "interscale_map",
    "ego_map",
    "programme_map",
    "geo_map",
    "layout",
    "bar_chart",
    "compass",
    "heat_map",
    "three_horizons",
    "two_loops",
    "actor_map_from_interviews",
    "citation_table",
    "timeline",
    "FORMATS",
]

#: The writers' formats (``Representation.write(path)`` picks one by suffix).
FORMATS = ("svg", "html", "gexf", "dot", "kumu", "json")

_SUFFIXES = {".svg": "svg", ".html": "html", ".htm": "html", ".gexf": "gexf", ".dot": "dot", ".gv": "dot",
             ".json": "json", ".kumu": "kumu"}

_EMPTY = '{"format":"maillage.representation","version":1}'


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=True)


class Representation:
    """A systemic picture as data: ``nodes`` and ``edges`` (lists of dicts with the fields of
    docs/api-contract.md, "Systemic representations"), ``groups``, ``legend``, chart primitives
    (``axes``, ``bands``, ``rects``, ``annotations``), ``title``, ``notes`` and ``metadata``,
    on a canvas of ``width`` × ``height`` (A4 landscape at 96 dpi by default).

    The lists and dicts are live: edit them, then call a writer. ``to_json()`` /
    ``Representation.from_json(s)`` are lossless; writers are deterministic."""

    def __init__(self, data: Optional[Dict[str, Any]] = None) -> None:
        base = json.loads(_core.systemic_write(_dumps(data) if data is not None else _EMPTY, "json"))
        self._data: Dict[str, Any] = base

    # ---- construction and JSON
    @classmethod
    def from_json(cls, text: Union[str, bytes, "os.PathLike[str]"]) -> "Representation":
        """Reads the JSON written by :meth:`to_json`: text (``str``, or ``bytes`` in UTF-8) or a file
        (a :class:`pathlib.Path` or other ``os.PathLike``; a ``str`` is always text). Absent fields take
        their defaults. Malformed text, ill-formed UTF-8 and duplicate keys are
        :class:`maillage.InvalidInput` ``<file>:<line>:<column>: …`` (``json:…`` for text); unknown
        fields and wrong types name their element (``nodes[3]: unknown field 'colr'``); a missing
        file is :class:`maillage.NotFound`."""
        source = ""
        if isinstance(text, os.PathLike):
            path = Path(text)
            source = str(path)
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise NotFound(f"{source}: no such file") from None
            except IsADirectoryError:
                raise InvalidInput(f"{source}: a folder, not a file") from None
            except OSError as error:
                raise InvalidInput(f"{source}: cannot read the file ({error.strerror or error})") from None
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        elif isinstance(text, str):
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError as error:  # a lone surrogate cannot be UTF-8
                line = text.count("\n", 0, error.start) + 1
                column = error.start - (text.rfind("\n", 0, error.start) + 1) + 1
                raise InvalidInput(f"json:{line}:{column}: lone surrogate U+{ord(text[error.start]):04X} "
                                   "(not Unicode text)") from None
        else:
            raise InvalidInput(f"from_json expects JSON text (str or bytes) or a path, not {type(text).__name__}")
        rep = cls.__new__(cls)
        rep._data = json.loads(_core.systemic_read_json(data, source))
        return rep

    @classmethod
    def _from_core(cls, text: str) -> "Representation":
        rep = cls.__new__(cls)
        rep._data = json.loads(text)
        return rep

    def _text(self) -> str:
        return _dumps(self._data)

    def to_json(self) -> str:
        """The canonical JSON text (fixed field order, shortest round-trip numbers, UTF-8)."""
        return _core.systemic_write(self._text(), "json")

    def to_dict(self) -> Dict[str, Any]:
        """A deep copy of the data, as ``json.loads(self.to_json())``."""
        return json.loads(self.to_json())

    def copy(self) -> "Representation":
        return Representation._from_core(self.to_json())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Representation) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<Representation {self.title!r}: {len(self.nodes)} nodes, {len(self.edges)} edges, "
                f"{len(self.groups)} groups>")

    # ---- fields
    def _field(name: str, doc: str):  # type: ignore[misc]
        def get(self):
            return self._data[name]

        def set_(self, value):
            self._data[name] = value

        return property(get, set_, doc=doc)

    title = _field("title", "The title (str).")
    notes = _field("notes", "Notes shown under the picture (list of str).")
    metadata = _field("metadata", "Free metadata (dict): builder, options, seed, counts…")
    width = _field("width", "Canvas width in SVG units.")
    height = _field("height", "Canvas height in SVG units.")
    nodes = _field("nodes", "Nodes (list of dicts: key, label, kind, group, role, scale, size, colour, shape, "
                            "x, y, tooltip, label_visible, label_x, label_y, label_anchor, font_size).")
    edges = _field("edges", "Edges (list of dicts: source, target, relation, kind, label, weight, width, "
                            "colour, style, directed, opacity, tooltip).")
    groups = _field("groups", "Groups (list of dicts: id, label, colour, shape).")
    legend = _field("legend", "Legend lines (list of dicts: label, symbol, colour, group).")
    axes = _field("axes", "Axes (list of dicts: x1, y1, x2, y2, label, ticks).")
    bands = _field("bands", "Bands (list of dicts: orientation, from, to, label, colour).")
    rects = _field("rects", "Rectangles (list of dicts: x, y, width, height, fill, opacity, label).")
    annotations = _field("annotations", "Free texts (list of dicts: x, y, text, anchor, font_size, colour).")
    del _field

    @property
    def shapes(self) -> List[Dict[str, Any]]:
        """Outlines drawn under everything (list of dicts: key, group, label, rings — lists of
        [x, y] points; a ring of one point is a dot —, fill, stroke, stroke_width, opacity)."""
        return self._data.setdefault("shapes", [])

    @shapes.setter
    def shapes(self, value: List[Dict[str, Any]]) -> None:
        self._data["shapes"] = value

    def nodes_frame(self) -> pd.DataFrame:
        """The nodes as a DataFrame indexed by ``key`` (tooltips as lists of pairs)."""
        frame = pd.DataFrame(self.nodes)
        if frame.empty:
            return pd.DataFrame(index=pd.Index([], name="key", dtype=object))
        return frame.set_index("key")

    def edges_frame(self) -> pd.DataFrame:
        """The edges as a DataFrame indexed by position (``edge``)."""
        frame = pd.DataFrame(self.edges)
        frame.index.name = "edge"
        return frame

    # ---- writers
    def to_svg(self) -> str:
        """A self-contained SVG document (legend, title, tooltips; readable at A4)."""
        return _core.systemic_write(self._text(), "svg")

    def to_html(self) -> str:
        """A self-contained HTML page (no network): the SVG inline, search, group toggles, hover
        tooltips, pan and zoom."""
        return _core.systemic_write(self._text(), "html")

    def to_gexf(self) -> str:
        """GEXF 1.3 with typed attributes and viz colours, positions and sizes (opens in Gephi)."""
        return _core.systemic_write(self._text(), "gexf")

    def to_dot(self, *, positions: bool = True) -> str:
        """Graphviz DOT: each label once, beside its node; one rank per scale band, top-down.
        ``positions=True`` pins the picture's positions (``neato -n2 -Tsvg`` keeps them);
        ``False`` leaves the layout to Graphviz (``dot -Tsvg`` ranks the bands)."""
        return _core.systemic_write(self._text(), "dot" if positions else "dot:free")

    def to_kumu(self) -> Dict[str, Any]:
        """A Kumu JSON blueprint as a dict: ``elements``, ``connections``, ``fields``."""
        return json.loads(_core.systemic_write(self._text(), "kumu"))

    def write(self, path: Union[str, Path], format: Optional[str] = None) -> Path:
        """Writes the picture to ``path`` in ``format`` (default: from the suffix: .svg, .html,
        .gexf, .dot/.gv, .json; .kumu or ``format="kumu"`` for Kumu). UTF-8. Returns the path."""
        path = Path(path)
        fmt = format or _SUFFIXES.get(path.suffix.lower())
        if fmt not in FORMATS:
            raise InvalidInput(f"cannot tell the format of {str(path)!r}: pass format= one of {', '.join(FORMATS)}")
        _atomic.write_file(path, _core.systemic_write(self._text(), fmt))
        return path

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        return self.to_svg().split("\n", 1)[1]  # without the XML declaration

    # ---- labels
    def place_labels(self, hide_overlapping: bool = True) -> "Representation":
        """A copy with labels placed again (after moving nodes): eight positions tried around each
        node, largest first; a label that would overlap another is hidden when ``hide_overlapping``."""
        return Representation._from_core(_core.systemic_place_labels(self._text(), bool(hide_overlapping)))

    def label_overlap(self) -> Dict[str, float]:
        """The overlap metric: visible ``labels``, ``hidden`` labels, ``overlapping_pairs`` of
        visible labels, ``overlap_ratio`` (Σ pairwise intersection areas / Σ label areas) and
        ``node_overlap_ratio`` (label area covered by other nodes' marks / Σ label areas)."""
        return dict(_core.systemic_label_overlap(self._text()))


def _graph(g: Any, what: str) -> "_core.Graph":
    if isinstance(g, Graph):
        return g._g
    raise InvalidInput(f"{what} expects a maillage.Graph, not {type(g).__name__}")


def _build(g: Any, builder: str, options: Dict[str, Any]) -> Representation:
    for name in ("seed", "radius"):
        value = options.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0):
            raise InvalidInput(f"{name} must be a non-negative integer, not {value!r}")
        if value is not None:
            options[name] = int(value)
    if options.get("kinds") is not None:
        kinds = options["kinds"]
        options["kinds"] = [kinds] if isinstance(kinds, str) else list(kinds)
    return Representation._from_core(_core.systemic_build(_graph(g, builder), builder, _dumps(options)))


def actor_map(
    g: Graph,
    focus: Optional[str] = None,
    radius: int = 1,
    size_by: str = "betweenness",
    group_by: str = "family",
    seed: int = 0,
    *,
    layout: str = "force",
    kinds: Optional[Sequence[str]] = None,
    title: Optional[str] = None,
) -> Representation:
    """An actor map: the nodes within ``radius`` hops of ``focus`` (every relation but part_of;
    without a focus, every person, organisation, territory and programme with a tie), sized by
    ``size_by`` ("betweenness" on the map, "degree", "none" or a numeric attribute), coloured by
    ``group_by`` (the families: élu·es, agent·es, État territorial, acteur·ices
    socio-économiques, allié·es, financeurs, médias, recherche; nodes without one by kind),
    shaped by kind, laid out by ``layout`` ("force": Barnes–Hut force-directed, seeded;
    "kamada_kawai"; "concentric" around the focus; "sectors" by group), labels placed without
    overlaps. Deterministic for the same graph, options and seed."""
    return _build(g, "actor_map", {"focus": focus, "radius": radius, "size_by": size_by, "group_by": group_by,
                                   "seed": seed, "layout": layout, "kinds": kinds, "title": title})


def interscale_map(
    g: Graph,
    focus: Optional[str] = None,
    seed: int = 0,
    *,
    radius: int = 2,
    containers: bool = True,
    kinds: Optional[Sequence[str]] = None,
    size_by: str = "degree",
    group_by: str = "family",
    title: Optional[str] = None,
) -> Representation:
    """An inter-scale map: one band per level of the scale ladder (highest on top), nodes placed
    to reduce crossings and keep nested territories under their containers (added when
    ``containers``). A tie is **vertical** when its two ends have known, different scales (red),
    **horizontal** when they share one (blue), **unscaled** otherwise (grey, dotted), with the
    scales :func:`maillage.interscale.actor_scales` resolves (an actor without a scale of its own
    takes that of the territory it represents or is located in); other affiliations are plain
    links, part_of edges light guides, and the pairs of
    :func:`maillage.interscale.missing_vertical_links` with both ends on the map dashed lines.
    Counts in ``metadata`` (``vertical``, ``horizontal``, ``unscaled``, ``affiliations``,
    ``missing``)."""
    return _build(g, "interscale_map", {"focus": focus, "radius": radius, "seed": seed, "containers": bool(containers),
                                        "kinds": kinds, "size_by": size_by, "group_by": group_by, "title": title})


def ego_map(
    g: Graph,
    key: str,
    radius: int = 1,
    *,
    seed: int = 0,
    size_by: str = "degree",
    group_by: str = "family",
    kinds: Optional[Sequence[str]] = None,
    title: Optional[str] = None,
) -> Representation:
    """The ego map of ``key``: every node within ``radius`` hops (every relation but part_of,
    every kind unless ``kinds``), in concentric rings by distance, ordered by group."""
    if not isinstance(key, str):
        raise InvalidInput(f"key must be a node key (str), not {key!r}")
    return _build(g, "ego_map", {"key": key, "radius": radius, "seed": seed, "size_by": size_by,
                                 "group_by": group_by, "kinds": kinds if kinds is not None else [], "title": title})


def programme_map(
    g: Graph,
    programme: str,
    *,
    seed: int = 0,
    size_by: str = "degree",
    group_by: str = "family",
    layout: str = "concentric",
    events: bool = False,
    title: Optional[str] = None,
) -> Representation:
    """The map of a programme: the programme, every node tied to it (events and resources when
    ``events``) and the ends of every edge whose ``context`` is the programme, with the edges
    among them; in rings around the programme by default (``layout="sectors"`` groups them in
    sectors, "force" and "kamada_kawai" as in :func:`actor_map`)."""
    if not isinstance(programme, str):
        raise InvalidInput(f"programme must be a node key (str), not {programme!r}")
    return _build(g, "programme_map", {"programme": programme, "seed": seed, "size_by": size_by,
                                       "group_by": group_by, "layout": layout, "events": bool(events),
                                       "title": title})


def geo_map(
    g: Graph,
    *,
    color_by: str = "scale",
    size_by: str = "none",
    choropleth: Optional[str] = None,
    value: str = "count",
    ties: str = "all",
    focus: Optional[str] = None,
    programme: Optional[str] = None,
    relation: Optional[str] = None,
    tied_only: bool = True,
    types: Optional[Sequence[str]] = None,
    max_nodes: int = 2000,
    title: Optional[str] = None,
) -> Representation:
    """A map of France with the graph's ``territory`` nodes at their places (town halls of
    communes, centroids of other territories; :func:`maillage.datasets.france_geography`), each
    found by its ``official_key`` attribute (see :func:`maillage.territories.attach`) or its key:
    metropolitan France in Lambert-93, the five overseas départements in insets (UTM), département
    and région outlines underneath, labels placed without overlap, a legend.

    - ``color_by``: "programme" (the programme each territory is tied to, "Plusieurs
      programmes" when several), "scale", "kind" or a node attribute (numbers in five classes);
      colour-blind-safe palette. ``size_by``: "none", "degree" or a numeric attribute.
    - ``choropleth``: "departement" or "region" fills the areas with ``value`` ("count": the
      territories kept in each; or a numeric attribute, summed), in a sequential colour-blind-safe
      scale with a legend; the points are then not drawn (values in ``metadata["values"]``).
    - ``ties``: "all", "none", "departement" or "region" (only ties crossing those borders).
    - ``focus``: a département or région ("departement:63", "63", "region:84") to zoom on;
      ``programme``: keep the territories tied to it; ``relation``: keep the territories with an
      edge of that relation (e.g. "participates_in"); ``tied_only``: keep territories with a tie;
      ``types``: official key prefixes kept ("commune", "epci", …; default all but "pays").
    - Territories without a known position (``petr:``, ``pnr:``… or communes without geometry) go
      in a "Position inconnue / unknown position" box, listed in ``notes`` and
      ``metadata["unknown"]``. Beyond ``max_nodes`` points, they are drawn as dot clouds.

    Examples (the report's two maps)::

        g = maillage.datasets.fabrique_2024()
        maillage.systemic.geo_map(g, color_by="programme")
        maillage.systemic.geo_map(g, choropleth="departement", relation="participates_in")
    """
    from .datasets import france_geography

    options: Dict[str, Any] = {"color_by": color_by, "size_by": size_by, "choropleth": choropleth or "",
                               "value": value, "ties": ties, "focus": focus or "", "programme": programme or "",
                               "relation": relation or "", "tied_only": bool(tied_only), "title": title or ""}
    for name in ("color_by", "size_by", "value", "ties"):
        if not isinstance(options[name], str):
            raise InvalidInput(f"{name} must be a str, not {options[name]!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, (int, np.integer)) or max_nodes < 0:
        raise InvalidInput(f"max_nodes must be a non-negative integer, not {max_nodes!r}")
    options["max_nodes"] = int(max_nodes)
    if types is not None:
        options["types"] = [types] if isinstance(types, str) else [str(t) for t in types]
    geography = france_geography()
    return Representation._from_core(_core.systemic_geo_map(_graph(g, "geo_map"), geography._core, _dumps(options)))


def layout(
    g: Union[Graph, View],
    method: str = "force",
    *,
    seed: int = 0,
    iterations: int = 300,
    theta: float = 1.2,
    focus: Optional[str] = None,
    threads: Optional[int] = None,
    progress: Any = None,
) -> pd.DataFrame:
    """Positions of a graph's (or view's) nodes: ``method`` "force" (Fruchterman–Reingold forces
    with Barnes–Hut repulsion, ``theta`` its opening angle, seeded), "kamada_kawai" (≤ 500
    nodes) or "concentric" (rings around ``focus``). Components are laid out apart and packed.
    ``threads`` (None = all cores) parallelises the repulsion of graphs of 2,048 nodes and more;
    the result is the same for any thread count. A DataFrame with columns ``x``, ``y`` indexed
    by key, in view order, in layout units. Deterministic."""
    view = as_view(g)
    src, dst = _core.view_edge_ends(view._v)
    options: Dict[str, Any] = {"seed": int(seed), "iterations": int(iterations), "theta": float(theta),
                               "threads": 0 if threads is None else int(threads)}
    if method == "concentric":
        if focus is None:
            raise InvalidInput("layout 'concentric' needs a focus key")
        options["focus"] = int(list(view.key_index()).index(focus)) if focus in set(view.key_index()) else None
        if options["focus"] is None:
            raise InvalidInput(f"focus {focus!r} is not in the view")
    x, y = _core.render_layout(view.number_of_nodes(), src, dst, None, method, _dumps(options), resolve_progress(progress))
    return pd.DataFrame({"x": x, "y": y}, index=view.key_index())


# ------------------------------------------------------------------------------------------ charts
def _chart(kind: str, spec: Dict[str, Any]) -> Representation:
    return Representation._from_core(_core.systemic_chart(kind, _dumps(spec)))


def _tooltip(value: Any) -> Optional[List[List[str]]]:
    if value is None:
        return None
    items = value.items() if isinstance(value, dict) else value
    return [[str(k), str(v)] for k, v in items]


def bar_chart(
    values: Union[pd.Series, Dict[str, float]],
    *,
    texts: Optional[Sequence[str]] = None,
    title: str = "",
    value_label: str = "",
    horizontal: bool = True,
    colour: Optional[str] = None,
    colours: Optional[Sequence[Optional[str]]] = None,
    width: Optional[float] = None,
    decimal_mark: str = ".",
) -> Representation:
    """A bar chart of ``values`` (a Series or dict: category label → value ≥ 0, in the order
    given): horizontal bars by default (long labels stay readable), vertical ones for months or
    years. ``texts``: what is written at each bar's end (default: the value), already formatted
    for the reader (``"73,2 %"``); ``decimal_mark`` is used for the axis ticks. Built by the C++
    core (``systemic::bar_chart``). Deterministic."""
    series = pd.Series(values) if isinstance(values, dict) else values
    if texts is not None and len(texts) != len(series):
        raise InvalidInput(f"bar_chart: {len(texts)} texts for {len(series)} values")
    if colours is not None and len(colours) != len(series):
        raise InvalidInput(f"bar_chart: {len(colours)} colours for {len(series)} values")
    bars = []
    for i, (label, value) in enumerate(series.items()):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"bar_chart: the value of {label!r} is not a number: {value!r}") from None
        bars.append({"label": str(label), "value": number,
                     "text": "" if texts is None else str(texts[i]),
                     "colour": "" if colours is None or colours[i] is None else str(colours[i])})
    return _chart("bar_chart", {"bars": bars, "title": title, "value_label": value_label, "horizontal": bool(horizontal),
                                "colour": colour, "width": width, "decimal_mark": decimal_mark})


def heat_map(
    matrix: pd.DataFrame,
    *,
    texts: Optional[pd.DataFrame] = None,
    title: str = "",
    row_label: str = "",
    column_label: str = "",
    value_label: str = "",
    width: Optional[float] = None,
    decimal_mark: str = ".",
) -> Representation:
    """A heat map of a DataFrame (rows × columns, numbers; NaN = no value): cells on the
    colour-blind-safe YlGnBu scale with their ``texts`` (a DataFrame of the same shape, already
    formatted; default the values), row and column labels and a five-step legend. Built by the C++
    core (``systemic::heat_map``). Deterministic."""
    if not isinstance(matrix, pd.DataFrame):
        raise InvalidInput(f"heat_map expects a pandas DataFrame, not {type(matrix).__name__}")
    try:
        values = matrix.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"heat_map: the matrix must hold numbers ({error})") from None
    flat: List[Optional[float]] = [None if np.isnan(v) else float(v) for v in values.ravel()]
    spec: Dict[str, Any] = {"rows": [str(r) for r in matrix.index], "columns": [str(c) for c in matrix.columns],
                            "values": flat, "title": title, "row_label": row_label, "column_label": column_label,
                            "value_label": value_label, "width": width, "decimal_mark": decimal_mark}
    if texts is not None:
        if texts.shape != matrix.shape:
            raise InvalidInput(f"heat_map: texts have shape {texts.shape}, the matrix {matrix.shape}")
        spec["texts"] = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t)
                         for t in texts.to_numpy(dtype=object).ravel()]
    return _chart("heat_map", spec)


def timeline(
    items: pd.DataFrame,
    *,
    title: str = "",
    month_names: Optional[Sequence[str]] = None,
    start: Any = None,
    end: Any = None,
    labels: bool = True,
    width: Optional[float] = None,
) -> Representation:
    """A timeline (calendar) of dated items: a DataFrame indexed by key with ``label``, ``group``
    (its row, e.g. the programme), ``start`` and optional ``end`` (dates), and an optional
    ``tooltip`` column of dicts. One row per group, month bands and ticks (``month_names``: the
    twelve names to show), items as dots (spans as bars), labels placed without overlap. Built by
    the C++ core (``systemic::timeline``). Deterministic."""
    if not isinstance(items, pd.DataFrame):
        raise InvalidInput(f"timeline expects a pandas DataFrame, not {type(items).__name__}")
    for column in ("label", "group", "start"):
        if column not in items.columns:
            raise InvalidInput(f"timeline: no column {column!r} (needs label, group, start; optional end, tooltip)")

    def day(value: Any, what: str) -> Optional[str]:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        try:
            return pd.Timestamp(value).date().isoformat()
        except (TypeError, ValueError):
            raise InvalidInput(f"timeline: {what}: not a date: {value!r}") from None

    rows = []
    for key, row in items.iterrows():
        start_day = day(row["start"], f"item {key!r} start")
        if start_day is None:
            raise InvalidInput(f"timeline: item {key!r} has no start date")
        rows.append({"key": str(key), "label": str(row["label"]), "group": str(row["group"]),
                     "start": start_day, "end": day(row.get("end"), f"item {key!r} end"),
                     "tooltip": _tooltip(row.get("tooltip"))})
    spec = {"items": rows, "title": title, "month_names": list(month_names) if month_names else None,
            "from": day(start, "start"), "to": day(end, "end"), "labels": bool(labels), "width": width}
    return _chart("timeline", spec)


def _score(value: Any, where: str) -> Optional[float]:
    """A score from a spreadsheet cell: a number, a text with a decimal comma ("3,5"), or blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        value = text.replace("\u202f", "").replace("\xa0", "").replace(",", ".")
    if isinstance(value, bool):
        raise InvalidInput(f"compass: {where}: not a score: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"compass: {where}: not a score: {value!r}") from None
    if number in (float("inf"), float("-inf")):
        raise InvalidInput(f"compass: {where}: infinite score")
    return None if number != number else number


def compass(
    scores: Union[pd.DataFrame, pd.Series],
    *,
    series: Optional[str] = None,
    dimension: Optional[str] = None,
    score: str = "score",
    labels: Optional[Dict[Any, str]] = None,
    colours: Optional[Dict[Any, str]] = None,
    title: str = "",
    minimum: Optional[float] = None,
    maximum: Optional[float] = None,
    rings: int = 0,
    fill: bool = True,
    width: Optional[float] = None,
    decimal_mark: str = ".",
    missing_label: str = "not scored",
) -> Representation:
    """A compass (« boussole », radar chart) of named dimensions for one or several territories or
    dates, from a plain table a facilitator fills in a spreadsheet:

    - wide (default): one row per territory or date (the index), one column per dimension, in the
      order the dimensions are drawn (clockwise from the top);
    - long (``dimension=`` given): one row per score, with the columns ``series`` (the territory or
      date), ``dimension`` and ``score``; the dimensions are drawn in their order of appearance;
    - a Series: one territory, indexed by dimension.

    Blank cells are "not scored" (listed in the notes, in the words of ``missing_label``: « non
    renseigné » in French); texts with a decimal comma ("3,5") are read as numbers. ``labels`` and
    ``colours`` map a series to its legend text and colour (default: Okabe–Ito, colour-blind
    safe). ``minimum``/``maximum`` fix the scale (default 0 and a round value at or above the
    largest score), ``rings`` the number of rings (0: about five, on round values). Built by the
    C++ core (``systemic::compass``). Deterministic."""
    if isinstance(scores, pd.Series):
        frame = scores.to_frame().T
        frame.index = [scores.name if scores.name is not None else "score"]
    elif isinstance(scores, pd.DataFrame):
        frame = scores
    else:
        raise InvalidInput(f"compass expects a pandas DataFrame or Series, not {type(scores).__name__}")
    if dimension is not None:
        if series is None:
            raise InvalidInput("compass: a long table needs series= (the column naming the territory or date)")
        for column in (series, dimension, score):
            if column not in frame.columns:
                raise InvalidInput(f"compass: no column {column!r} (columns: {', '.join(map(str, frame.columns))})")
        dimensions: List[str] = []
        order: List[Any] = []
        cells: Dict[Any, Dict[str, Optional[float]]] = {}
        for position, (who, what, value) in enumerate(zip(frame[series], frame[dimension], frame[score])):
            what = str(what)
            if what not in dimensions:
                dimensions.append(what)
            if who not in cells:
                order.append(who)
                cells[who] = {}
            if what in cells[who]:
                raise InvalidInput(f"compass: row {position + 1}: {who!r} is scored twice on {what!r}")
            cells[who][what] = _score(value, f"row {position + 1} ({who!r}, {what!r})")
        rows = [(who, [cells[who].get(d) for d in dimensions]) for who in order]
    else:
        if series is not None:
            if series not in frame.columns:
                raise InvalidInput(f"compass: no column {series!r} (columns: {', '.join(map(str, frame.columns))})")
            frame = frame.set_index(series)
        dimensions = [str(c) for c in frame.columns]
        rows = [(who, [_score(v, f"{who!r}, {d!r}") for d, v in zip(dimensions, values)])
                for who, values in zip(frame.index, frame.itertuples(index=False, name=None))]
    labels = labels or {}
    colours = colours or {}
    spec = {"dimensions": dimensions,
            "series": [{"key": str(who), "label": str(labels.get(who, who)), "colour": colours.get(who),
                        "scores": values} for who, values in rows],
            "title": title, "minimum": minimum, "maximum": maximum, "rings": int(rings), "fill": bool(fill),
            "width": width, "decimal_mark": decimal_mark, "missing_label": missing_label}
    return _chart("compass", spec)


# ------------------------------------------------------------------- transformation models (tables)
def _columns_of(frame: pd.DataFrame, what: str, wanted: Dict[str, Any], names: Dict[str, tuple],
                required: Sequence[str]) -> Dict[str, Any]:
    """The column of each role: the one named by the caller, else the first of its usual names
    (English or French, any case); InvalidInput naming the table's columns when a required one is
    missing."""
    present = {str(c).strip().lower(): c for c in frame.columns}
    listed = ", ".join(map(str, frame.columns)) or "none"
    out: Dict[str, Any] = {}
    for role, usual in names.items():
        given = wanted.get(role)
        if given is not None:
            if given not in frame.columns:
                raise InvalidInput(f"{what}: no column {given!r} (columns: {listed})")
            out[role] = given
            continue
        found = next((present[u] for u in usual if u in present), None)
        if found is None and role in required:
            raise InvalidInput(f"{what}: no column for the {role} (looked for {', '.join(usual)}; columns: {listed})")
        out[role] = found
    return out


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _day(value: Any, where: str, *, last: bool) -> tuple:
    """A year or a date from a spreadsheet cell, as (ISO text for the core, text as written,
    datetime.date of its first day, or its last day when ``last``): 2024, "2024", "2024-03",
    "2024-03-27", "27/03/2024", a date or a Timestamp."""
    import calendar
    import datetime as dt
    import re

    def bounds(year: int, month: Optional[int] = None) -> tuple:
        if not 1 <= year <= 9999:
            raise InvalidInput(f"{where}: year {year} out of range")
        if month is None:
            return (dt.date(year, 12, 31) if last else dt.date(year, 1, 1)), str(year)
        day = calendar.monthrange(year, month)[1] if last else 1
        return dt.date(year, month, day), None

    if isinstance(value, bool):
        raise InvalidInput(f"{where}: not a year or a date: {value!r}")
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        day = value.date()
        return day.isoformat(), day.isoformat(), day
    if isinstance(value, dt.date):
        return value.isoformat(), value.isoformat(), value
    if isinstance(value, (int, np.integer)) or (isinstance(value, (float, np.floating)) and float(value).is_integer()):
        day, core = bounds(int(value))
        return core, str(int(value)), day
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            day, core = bounds(int(text))
            return core, text, day
        if re.fullmatch(r"\d{4}-\d{2}", text):
            day, _ = bounds(int(text[:4]), int(text[5:]))
            return day.isoformat(), text, day
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
            return day.isoformat(), text, day
        found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if found:
            day = dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
            return day.isoformat(), text, day
    except ValueError:
        raise InvalidInput(f"{where}: no such day: {value!r}") from None
    raise InvalidInput(f"{where}: not a year or a date: {value!r} (write 2024, 2024-03 or 2024-03-27)")


_HORIZON_COLUMNS = {"name": ("name", "nom", "initiative"), "horizon": ("horizon",),
                    "start": ("start", "début", "debut", "year", "année", "annee"), "end": ("end", "fin"),
                    "key": ("key", "clé", "cle"), "actor": ("actor", "acteur", "actrice"),
                    "territory": ("territory", "territoire")}
_MODEL_FIELDS = {"fr": {"actor": "acteur", "territory": "territoire"}, "en": {"actor": "actor", "territory": "territory"}}


def _horizon(value: Any, where: str) -> int:
    if not isinstance(value, bool):
        if isinstance(value, (int, np.integer)) and 1 <= int(value) <= 3:
            return int(value)
        if isinstance(value, (float, np.floating)) and float(value) in (1.0, 2.0, 3.0):
            return int(value)
        if isinstance(value, str):
            text = value.strip().upper().replace(" ", "")
            if text in ("1", "2", "3", "H1", "H2", "H3"):
                return int(text[-1])
    raise InvalidInput(f"{where}: horizon {value!r} is not 1, 2 or 3 (or H1, H2, H3)")


def three_horizons(
    initiatives: pd.DataFrame,
    *,
    name: Optional[str] = None,
    horizon: Optional[str] = None,
    start: Optional[str] = None,
    end: Optional[str] = None,
    key: Optional[str] = None,
    actor: Optional[str] = None,
    territory: Optional[str] = None,
    details: Sequence[str] = (),
    period: Optional[tuple] = None,
    title: str = "",
    lang: str = "fr",
    width: Optional[float] = None,
) -> Representation:
    """The three horizons (H1 the dominant system declining, H2 the transition innovations, H3 the
    emerging system) drawn over time, with the initiatives of a plain table a facilitator fills in a
    spreadsheet placed on their horizon's curve at their start:

    - ``name`` (or ``nom``): the initiative, as labelled;
    - ``horizon``: 1, 2, 3 or H1, H2, H3;
    - ``start`` (or ``début``): a year (2024) or a date (2024-03-27, 27/03/2024, 2024-03);
    - optional ``end`` (or ``fin``): its stretch of curve is drawn thicker;
    - optional ``key``: the network node the initiative stands for (its GEXF/Kumu id; default
      the name); optional ``actor`` (``acteur``) and ``territory`` (``territoire``): keys of
      the network's nodes, shown in the tooltip and written as attributes in GEXF and Kumu.

    Column names are found in English or French (any case) unless given. ``details``: further
    columns shown in the tooltips. ``period``: (from, to) as years or dates (default: the whole
    years of the initiatives). ``lang``: "fr" (default) or "en" for the curves' names, the axes
    and the tooltip fields. Labels never overlap (a label that cannot be placed is hidden and
    counted in the notes). Built by the C++ core (``systemic::three_horizons``). Deterministic.
    InvalidInput names the row and the value at fault."""
    if not isinstance(initiatives, pd.DataFrame):
        raise InvalidInput(f"three_horizons expects a pandas DataFrame, not {type(initiatives).__name__}")
    if lang not in _MODEL_FIELDS:
        raise InvalidInput(f"three_horizons: lang must be 'fr' or 'en', not {lang!r}")
    cols = _columns_of(initiatives, "three_horizons",
                       {"name": name, "horizon": horizon, "start": start, "end": end, "key": key, "actor": actor,
                        "territory": territory}, _HORIZON_COLUMNS, ("name", "horizon", "start"))
    for column in details:
        if column not in initiatives.columns:
            raise InvalidInput(f"three_horizons: no column {column!r} (columns: {', '.join(map(str, initiatives.columns))})")
    fields = _MODEL_FIELDS[lang]
    rows: List[Dict[str, Any]] = []
    seen: Dict[str, int] = {}
    for position, (_, row) in enumerate(initiatives.iterrows()):
        number = position + 1
        label = row[cols["name"]]
        if _blank(label):
            raise InvalidInput(f"three_horizons: row {number}: no name")
        label = str(label).strip()
        where = f"three_horizons: row {number} ({label!r})"
        item_key = label if cols["key"] is None or _blank(row[cols["key"]]) else str(row[cols["key"]]).strip()
        if item_key in seen:
            raise InvalidInput(f"{where}: duplicate initiative {item_key!r} (also row {seen[item_key]})")
        seen[item_key] = number
        if _blank(row[cols["start"]]):
            raise InvalidInput(f"{where}: no start (a year such as 2024 or a date such as 2024-03-27)")
        core_start, start_text, first_day = _day(row[cols["start"]], f"{where}: start", last=False)
        item: Dict[str, Any] = {"key": item_key, "label": label, "horizon": _horizon(row[cols["horizon"]], where),
                                "start": core_start, "start_text": start_text}
        if cols["end"] is not None and not _blank(row[cols["end"]]):
            core_end, end_text, last_day = _day(row[cols["end"]], f"{where}: end", last=True)
            if last_day < first_day:
                raise InvalidInput(f"{where}: ends ({end_text}) before it starts ({start_text})")
            item["end"], item["end_text"] = core_end, end_text
        tooltip = []
        for role in ("actor", "territory"):
            if cols[role] is not None and not _blank(row[cols[role]]):
                tooltip.append([fields[role], str(row[cols[role]]).strip()])
        for column in details:
            if not _blank(row[column]):
                tooltip.append([str(column), str(row[column]).strip()])
        item["tooltip"] = tooltip
        rows.append(item)
    spec: Dict[str, Any] = {"initiatives": rows, "title": title, "lang": lang, "width": width}
    if period is not None:
        if not isinstance(period, (tuple, list)) or len(period) != 2:
            raise InvalidInput(f"three_horizons: period must be a pair (from, to), not {period!r}")
        spec["from"] = _day(period[0], "three_horizons: period start", last=False)[0]
        spec["to"] = _day(period[1], "three_horizons: period end", last=True)[0]
    return _chart("three_horizons", spec)


_LOOP_COLUMNS = {"name": ("name", "nom", "item", "initiative"), "loop": ("loop", "boucle"),
                 "role": ("role", "rôle", "rôles", "roles"), "key": ("key", "clé", "cle")}
_LOOPS = {"old": "old", "ancien": "old", "ancienne": "old", "new": "new", "nouveau": "new", "nouvelle": "new"}


def two_loops(
    items: pd.DataFrame,
    *,
    name: Optional[str] = None,
    loop: Optional[str] = None,
    role: Optional[str] = None,
    key: Optional[str] = None,
    details: Sequence[str] = (),
    title: str = "",
    lang: str = "fr",
    width: Optional[float] = None,
) -> Representation:
    """The two loops (Berkana Institute): the dominant system rising then declining while an
    emerging one rises through it, with the items of a plain table placed along their loop by role:

    - ``name`` (or ``nom``): the item, as labelled;
    - ``role`` (or ``rôle``), in English or French: on the old system's loop "hospicing"/"accompagner
      la fin" and "composting"/"composter"; on the new one "naming"/"nommer",
      "connecting"/"relier", "nourishing"/"nourrir" and "illuminating"/"éclairer";
    - optional ``loop`` (or ``boucle``): old/new (ancien/nouveau), checked against the role;
    - optional ``key``: the item's id in GEXF and Kumu (default the name).

    Items of one role are spread evenly over its stretch of the loop, in the table's order.
    ``lang``: "fr" (default) or "en" for the texts of the picture. Built by the C++ core
    (``systemic::two_loops``). Deterministic. InvalidInput names the row and the value at fault."""
    if not isinstance(items, pd.DataFrame):
        raise InvalidInput(f"two_loops expects a pandas DataFrame, not {type(items).__name__}")
    if lang not in _MODEL_FIELDS:
        raise InvalidInput(f"two_loops: lang must be 'fr' or 'en', not {lang!r}")
    cols = _columns_of(items, "two_loops", {"name": name, "loop": loop, "role": role, "key": key}, _LOOP_COLUMNS,
                       ("name", "role"))
    for column in details:
        if column not in items.columns:
            raise InvalidInput(f"two_loops: no column {column!r} (columns: {', '.join(map(str, items.columns))})")
    rows: List[Dict[str, Any]] = []
    seen: Dict[str, int] = {}
    for position, (_, row) in enumerate(items.iterrows()):
        number = position + 1
        label = row[cols["name"]]
        if _blank(label):
            raise InvalidInput(f"two_loops: row {number}: no name")
        label = str(label).strip()
        where = f"row {number} ({label!r})"
        item_key = label if cols["key"] is None or _blank(row[cols["key"]]) else str(row[cols["key"]]).strip()
        if item_key in seen:
            raise InvalidInput(f"two_loops: {where}: duplicate item {item_key!r} (also row {seen[item_key]})")
        seen[item_key] = number
        if _blank(row[cols["role"]]):
            raise InvalidInput(f"two_loops: {where}: no role")
        item: Dict[str, Any] = {"key": item_key, "label": label, "role": str(row[cols["role"]]).strip(), "where": where}
        if cols["loop"] is not None and not _blank(row[cols["loop"]]):
            text = str(row[cols["loop"]]).strip()
            which = _LOOPS.get(text.lower())
            if which is None:
                raise InvalidInput(f"two_loops: {where}: loop {text!r} is not old/new (ancien/nouveau)")
            item["loop"] = which
        item["tooltip"] = [[str(c), str(row[c]).strip()] for c in details if not _blank(row[c])]
        rows.append(item)
    return _chart("two_loops", {"items": rows, "title": title, "lang": lang, "width": width})


_MENTION_COLUMNS = {"interviewee": ("interviewee", "interviewé", "interviewée", "interviewé·e", "interviewe",
                                    "entretien", "personne interviewée"),
                    "cited": ("cited", "cité", "citée", "cité·e", "cite", "acteur cité", "actor"),
                    "strength": ("strength", "intensité", "intensite", "force", "poids", "weight"),
                    "theme": ("theme", "thème", "thèmes", "themes")}
_ACTOR_COLUMNS = {"key": ("key", "clé", "cle", "id"), "label": ("label", "name", "nom", "libellé"),
                  "family": ("family", "famille"), "scale": ("scale", "échelle", "echelle")}


def actor_map_from_interviews(
    mentions: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    interviewee: Optional[str] = None,
    cited: Optional[str] = None,
    strength: Optional[str] = None,
    theme: Optional[str] = None,
    key: Optional[str] = None,
    label: Optional[str] = None,
    family: Optional[str] = None,
    scale: Optional[str] = None,
    details: Sequence[str] = (),
    most_cited: int = 5,
    brokers: int = 5,
    title: str = "",
    lang: str = "fr",
) -> Representation:
    """An actor map from interviews (the alliance's "cartographie des acteur·ices"), from two plain
    tables a facilitator fills in a spreadsheet:

    - ``mentions``: one row per actor cited in an interview: ``interviewee`` (or ``interviewé``, an
      actor's key), ``cited`` (or ``cité``), optional ``strength`` (``intensité``, > 0, default 1)
      and ``theme`` (``thème``);
    - ``actors``: ``key`` (or ``clé``), optional ``label`` (``nom``), ``family`` (``famille``: the
      "4 Fantastiques" élus, agents, État territorial, socio-économiques are recognised in their
      usual spellings; any other family is kept as written) and ``scale`` (``échelle``).

    The actors sit on a ring, one sector and one colour per family; marks grow with the number of
    interviewees citing the actor; arrows go from interviewee to cited actor, thicker when
    stronger; the ``most_cited`` most cited actors are ringed, the ``brokers`` of highest
    betweenness drawn as diamonds; labels in two columns beside the ring never meet.
    ``rep.metadata["citations"]`` (and :func:`citation_table`) is the table of who is cited by
    whom. Built by the C++ core (``systemic::actor_map_from_interviews``). Deterministic.
    InvalidInput names the row and the value at fault."""
    what = "actor_map_from_interviews"
    for name_, frame in (("mentions", mentions), ("actors", actors)):
        if not isinstance(frame, pd.DataFrame):
            raise InvalidInput(f"{what}: {name_} must be a pandas DataFrame, not {type(frame).__name__}")
    if lang not in _MODEL_FIELDS:
        raise InvalidInput(f"{what}: lang must be 'fr' or 'en', not {lang!r}")
    for count, value in (("most_cited", most_cited), ("brokers", brokers)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise InvalidInput(f"{what}: {count} must be a non-negative integer, not {value!r}")
    mc = _columns_of(mentions, f"{what}: mentions", {"interviewee": interviewee, "cited": cited, "strength": strength,
                                                     "theme": theme}, _MENTION_COLUMNS, ("interviewee", "cited"))
    ac = _columns_of(actors, f"{what}: actors", {"key": key, "label": label, "family": family, "scale": scale},
                     _ACTOR_COLUMNS, ("key",))
    for column in details:
        if column not in actors.columns:
            raise InvalidInput(f"{what}: actors: no column {column!r} (columns: {', '.join(map(str, actors.columns))})")
    actor_rows: List[Dict[str, Any]] = []
    seen: Dict[str, int] = {}
    for position, (_, row) in enumerate(actors.iterrows()):
        number = position + 1
        if _blank(row[ac["key"]]):
            raise InvalidInput(f"{what}: actors: row {number}: no key")
        k = str(row[ac["key"]]).strip()
        if k in seen:
            raise InvalidInput(f"{what}: actors: row {number}: duplicate actor {k!r} (also row {seen[k]})")
        seen[k] = number
        text = lambda role: "" if ac[role] is None or _blank(row[ac[role]]) else str(row[ac[role]]).strip()  # noqa: E731
        actor_rows.append({"key": k, "label": text("label"), "family": text("family"), "scale": text("scale"),
                           "tooltip": [[str(c), str(row[c]).strip()] for c in details if not _blank(row[c])]})
    mention_rows: List[Dict[str, Any]] = []
    for position, (_, row) in enumerate(mentions.iterrows()):
        where = f"{what}: mentions: row {position + 1}"
        ends = []
        for role in ("interviewee", "cited"):
            if _blank(row[mc[role]]):
                raise InvalidInput(f"{where}: no {role}")
            value = str(row[mc[role]]).strip()
            if value not in seen:
                raise InvalidInput(f"{where}: {role} {value!r} is not among the actors")
            ends.append(value)
        if ends[0] == ends[1]:
            raise InvalidInput(f"{where}: {ends[0]!r} cites themself")
        weight = 1.0
        if mc["strength"] is not None and not _blank(row[mc["strength"]]):
            raw = row[mc["strength"]]
            try:
                weight = float(raw.strip().replace(",", ".")) if isinstance(raw, str) else float(raw)
            except (TypeError, ValueError):
                raise InvalidInput(f"{where}: strength: not a number: {raw!r}") from None
            if isinstance(raw, bool) or not (weight > 0 and weight != float("inf")):
                raise InvalidInput(f"{where}: strength {raw!r} must be > 0")
        mention_rows.append({"interviewee": ends[0], "cited": ends[1], "strength": weight,
                             "theme": "" if mc["theme"] is None or _blank(row[mc["theme"]]) else str(row[mc["theme"]]).strip()})
    return _chart("actor_map_from_interviews", {"mentions": mention_rows, "actors": actor_rows, "title": title,
                                                "lang": lang, "most_cited": int(most_cited), "brokers": int(brokers)})


def citation_table(rep: Representation) -> pd.DataFrame:
    """The table of who is cited by whom of an actor map from interviews: one row per actor (index
    ``key``), most cited first, with ``label``, ``family``, ``cited`` (distinct interviewees),
    ``strength`` (summed), ``cited_by`` and ``cites`` (lists of keys), ``betweenness``,
    ``interviewed``, ``most_cited`` and ``broker``."""
    rows = rep.metadata.get("citations") if isinstance(rep, Representation) else None
    if rows is None:
        raise InvalidInput("citation_table expects a Representation made by actor_map_from_interviews")
    columns = ["key", "label", "family", "cited", "strength", "cited_by", "cites", "betweenness", "interviewed",
               "most_cited", "broker"]
    return pd.DataFrame(rows, columns=columns).set_index("key")


# Structural analysis (MICMAC, MACTOR, causal loop diagrams): python/maillage/_structural.py.
from . import _structural  # noqa: E402
from ._structural import (  # noqa: E402
    MICMAC_CLASSES,
    CausalLoopDiagram,
    MactorResult,
    MicmacResult,
    causal_loop_diagram,
    causal_loop_diagram_from_graph,
    mactor,
    micmac,
    mid_from_graph,
)

__all__ += _structural.__all__
