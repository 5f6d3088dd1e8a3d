"""Inter-scale analysis: does cooperation cross administrative levels?

Every tie (edge of a ``tie``-category relation by default: never ``part_of`` or affiliations)
is read through the scales of its two ends — an actor's own ``scale``, else that of the
territory it ``represents`` or is ``located_in`` — and the nesting of their territories (the
``part_of`` hierarchy). From there: :func:`classify_edges` (one row per tie), :func:`mixing_matrix`,
:func:`vertical_share`, :func:`scale_span`, :func:`missing_vertical_links`; and
:func:`actor_scales` tells where each node's scale and territory came from. Unknown stays unknown:
ties with an end of unknown scale or territory are rows with missing values, shares are over
the known ones, and every aggregate says how many were unknown.

Each function takes a :class:`maillage.Graph` (its ties of ``relations``) or a
:class:`maillage.View` (the graph edges combined into the view's edges, of ``relations``: a time
window, a node selection), ``actor_scale`` (``"unique"``: unknown when an actor's territories lie
at several scales; ``"own"``: own scales only; ``"lowest"``/``"highest"``), ``via`` (the
affiliation relations followed, in order of preference) and ``hierarchy`` (a Graph giving
nesting, scales and affiliations by key: the graph a projection came from, or
``maillage.datasets.france_territories()``). Definitions and worked examples:
``docs/interscale.md``.
"""

from __future__ import annotations

import numbers
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _convert as cv
from . import _core
from ._errors import InvalidInput, NotFound
from ._graph import Graph, View
from ._mixing import Aggregate, group_codes
from ._progress import ProgressArg, resolve_progress

__all__ = [
    "actor_scales",
    "classify_edges",
    "mixing_matrix",
    "vertical_share",
    "scale_span",
    "missing_vertical_links",
    "Aggregate",
]

GraphLike = Union[Graph, View]
POLICIES = ("unique", "own", "lowest", "highest")
DEFAULT_VIA = ("represents", "located_in")
DIRECTIONS = ["up", "down", "none", "unknown"]
NESTINGS = ["nested", "crossing", "same_territory", "unknown"]
_NO_NODE = np.iinfo(np.uint32).max


# ---------------------------------------------------------------------------------------- helpers
def _relations(relations: Union[None, str, Iterable[str]]) -> Optional[List[str]]:
    if relations is None:
        return None
    if isinstance(relations, str):
        return [relations]
    out = list(relations)
    for r in out:
        if not isinstance(r, str):
            raise InvalidInput(f"relations: expected names or categories, not {r!r}")
    return out


def _split(g: GraphLike) -> Tuple[Graph, Optional[View]]:
    if isinstance(g, View):
        return g.graph, g
    if isinstance(g, Graph):
        return g, None
    raise TypeError(f"expected a maillage.Graph or maillage.View, not {type(g).__name__}")


def _resolver(graph: Graph, actor_scale: Optional[str], via: Union[str, Sequence[str]], hierarchy: Optional[Graph]):
    policy = "unique" if actor_scale is None else actor_scale
    if policy not in POLICIES:
        raise InvalidInput(f"actor_scale must be one of {', '.join(map(repr, POLICIES))}, not {actor_scale!r}")
    via_list = [via] if isinstance(via, str) else list(via)
    if hierarchy is not None and not isinstance(hierarchy, Graph):
        raise TypeError(f"hierarchy must be a maillage.Graph, not {type(hierarchy).__name__}")
    return _core.ScaleResolver(graph._g, policy, via_list, None if hierarchy is None else hierarchy._g), via_list


def _ties(graph: Graph, view: Optional[View], relations):
    names = _relations(relations)
    if view is not None:
        return _core.select_ties_view(view._v, names)
    return _core.select_ties_graph(graph._g, names)


def _keys(graph_core) -> pd.Index:
    return pd.Index(graph_core.keys(), name="key", dtype=cv._default_string_dtype())


def _scale_categorical(ranks: np.ndarray, ladder: List[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(ranks.astype(np.int64), categories=ladder, ordered=True)


def _origins(codes: np.ndarray, via: List[str]) -> pd.Categorical:
    labels = ["none", "own", "hierarchy", "ambiguous", *via]
    shown = codes.astype(np.int64)
    shown[shown == 0] = -1
    cats = labels[1:]
    return pd.Categorical.from_codes(np.where(shown < 0, -1, shown - 1), categories=cats)


def _weight(weight: Optional[str]) -> Optional[str]:
    if weight is not None and not isinstance(weight, str):
        raise InvalidInput(f"weight must be None or an edge attribute name, not {weight!r}")
    return weight


def _node_positions(graph: Graph, view: Optional[View]) -> Tuple[np.ndarray, pd.Index]:
    """Graph node ids of the result rows (view order, or every node of the graph) and their keys."""
    if view is not None:
        return np.asarray(view._v.node_ids(), dtype=np.int64), view.key_index()
    n = graph.number_of_nodes()
    return np.arange(n, dtype=np.int64), _keys(graph._g)


# ---------------------------------------------------------------------------------------- actors
def actor_scales(
    g: GraphLike,
    *,
    actor_scale: Optional[str] = "unique",
    via: Sequence[str] = DEFAULT_VIA,
    hierarchy: Optional[Graph] = None,
) -> pd.DataFrame:
    """The resolved scale and territory of every node (view order; every graph node for a Graph):
    ``scale`` (ordered categorical over the ladder), ``scale_from`` (``own``, ``hierarchy``, the
    affiliation relation it came through, ``ambiguous``; missing when nothing tells it),
    ``territory`` (a key of the hierarchy) and ``territory_from``. A node's own ``scale`` always
    wins; a ``territory`` node is its own territory. O(n + m)."""
    graph, view = _split(g)
    res, via_list = _resolver(graph, actor_scale, via, hierarchy)
    rows, index = _node_positions(graph, view)
    ladder = graph.scales
    territories = res.territories().astype(np.int64)[rows]
    hkeys = np.array(res.hierarchy().keys(), dtype=object)
    known = territories != _NO_NODE
    territory = np.full(len(rows), None, dtype=object)
    territory[known] = hkeys[territories[known]]
    return pd.DataFrame(
        {
            "scale": _scale_categorical(res.scales()[rows], ladder),
            "scale_from": _origins(res.scale_origins()[rows], via_list),
            "territory": pd.array(territory, dtype=cv._default_string_dtype()),
            "territory_from": _origins(res.territory_origins()[rows], via_list),
        },
        index=index,
    )


# ---------------------------------------------------------------------------------------- ties
def classify_edges(
    g: GraphLike,
    relations: Union[str, Sequence[str]] = "tie",
    *,
    actor_scale: Optional[str] = "unique",
    via: Sequence[str] = DEFAULT_VIA,
    hierarchy: Optional[Graph] = None,
) -> pd.DataFrame:
    """One row per tie, indexed by the graph's edge id ``edge`` (ascending): ``source``,
    ``target`` (keys), ``relation``, ``context`` (categorical), ``source_scale``, ``target_scale``
    (ordered categorical over the ladder; missing when unknown), ``vertical`` (nullable boolean:
    both scales known and different, whatever the nesting), ``scale_distance`` (``Int64``: ladder
    steps between the two scales), ``direction`` (directed relations: ``up`` towards a higher
    scale, ``down``, ``none`` for the same scale, ``unknown``; missing for undirected relations),
    ``nesting`` (``nested``: one end's territory contains the other's; ``crossing``: different
    branches; ``same_territory``; ``unknown``: an end without a territory, or one the hierarchy
    does not place). ``relations``: names or categories (default: every ``tie`` relation).
    O(ties · containers)."""
    graph, view = _split(g)
    res, _ = _resolver(graph, actor_scale, via, hierarchy)
    ties = _ties(graph, view, relations)
    edges, s, t, rel, ss, ts, vertical, distance, direction, nesting = _core.classify_edges(res, ties)
    m = len(edges)
    index = pd.Index(edges.astype(np.int64), name="edge")
    keys = _keys(graph._g)
    ladder = graph.scales
    relation_names = [name for name, _d, _c in graph._g.relations()]
    context = None
    if m and "context" in _edge_columns(graph):
        coded = _core.tie_codes(graph._g, ties, "context")
        if coded is not None:
            codes, categories = coded
            context = pd.Categorical.from_codes(codes.astype(np.int64), categories=categories)
    if context is None:
        context = pd.Categorical.from_codes(np.full(m, -1, dtype=np.int64), categories=[])
    direction_codes = direction.astype(np.int64)
    direction_codes[direction_codes == 4] = -1  # undirected
    vertical_values = vertical.astype(np.int8)
    frame = pd.DataFrame(
        {
            "source": pd.Series(keys.take(s.astype(np.int64)), index=index) if m else pd.Series([], index=index, dtype=keys.dtype),
            "target": pd.Series(keys.take(t.astype(np.int64)), index=index) if m else pd.Series([], index=index, dtype=keys.dtype),
            "relation": pd.Categorical.from_codes(rel.astype(np.int64), categories=relation_names),
            "context": context,
            "source_scale": _scale_categorical(ss, ladder),
            "target_scale": _scale_categorical(ts, ladder),
            "vertical": pd.arrays.BooleanArray(vertical_values == 1, vertical_values < 0),
            "scale_distance": pd.arrays.IntegerArray(distance.astype(np.int64), distance < 0),
            "direction": pd.Categorical.from_codes(direction_codes, categories=DIRECTIONS),
            "nesting": pd.Categorical.from_codes(nesting.astype(np.int64), categories=NESTINGS),
        },
        index=index,
    )
    frame.attrs["directed"] = bool(ties.directed())
    return frame


def _groups_of_nodes(graph: Graph, res, attribute: Any, what: str) -> Tuple[np.ndarray, List[Any]]:
    """Group codes of every graph node: resolved scales for ``"scale"``, else a node attribute
    (name, or Series/dict keyed by key)."""
    n = graph.number_of_nodes()
    if isinstance(attribute, str) and attribute == "scale":
        return res.scales().astype(np.int32), list(graph.scales)
    keys = _keys(graph._g)
    if isinstance(attribute, str):
        frame = graph.nodes_frame()
        if attribute not in frame.columns:
            raise InvalidInput(f"{what}: no node attribute {attribute!r}")
        values = frame[attribute]
    elif isinstance(attribute, (pd.Series, dict)):
        values = pd.Series(attribute) if isinstance(attribute, dict) else attribute
        outside = values.index.difference(keys)
        if len(outside):
            raise NotFound(f"{what}: unknown node key {outside[0]!r}")
        values = values.reindex(keys)
    else:
        raise InvalidInput(f"{what}: attribute must be a node attribute name or a Series/dict keyed by key")
    codes, labels = group_codes(values)
    assert len(codes) == n
    return codes, labels


def mixing_matrix(
    g: GraphLike,
    attribute: Any = "scale",
    relations: Union[str, Sequence[str]] = "tie",
    weight: Optional[str] = None,
    normalize: Optional[str] = None,
    *,
    actor_scale: Optional[str] = "unique",
    via: Sequence[str] = DEFAULT_VIA,
    hierarchy: Optional[Graph] = None,
) -> pd.DataFrame:
    """The mixing matrix of ties between the values of ``attribute`` at their two ends: rows the
    source's value, columns the target's, cells the number of ties (their summed ``weight``: the
    graph's ``"weight"`` or a numeric edge attribute). Undirected tie sets (not all relations
    directed, or an undirected view) count every tie in both orientations — twice on the diagonal
    — as Newman's e matrix and NetworkX's ``attribute_mixing_matrix``; directed ones once.
    ``attribute="scale"`` uses the resolved actor scales and keeps the ladder's order; another
    node attribute (or a Series/dict keyed by key) its categories or sorted values. Rows and
    columns: the values found at an end of a tie. ``normalize``: None (counts), ``"all"`` (cells
    sum to 1), ``"row"`` (each row sums to 1). ``attrs``: ``unknown`` (ties with an end of
    unknown value, left out), ``unknown_weight``, ``directed``. O(ties + values²)."""
    if normalize not in (None, "all", "row"):
        raise InvalidInput(f"normalize must be None, 'all' or 'row', not {normalize!r}")
    graph, view = _split(g)
    res, _ = _resolver(graph, actor_scale, via, hierarchy)
    ties = _ties(graph, view, relations)
    codes, labels = _groups_of_nodes(graph, res, attribute, "mixing_matrix")
    k = len(labels)
    flat, unknown, unknown_weight = _core.tie_mixing(graph._g, ties, codes, k, _weight(weight))
    matrix = flat.reshape(k, k) if k else np.zeros((0, 0))
    used = (matrix.sum(axis=0) > 0) | (matrix.sum(axis=1) > 0) if k else np.zeros(0, dtype=bool)
    matrix = matrix[np.ix_(used, used)]
    chosen = [label for label, u in zip(labels, used) if u]
    if weight is None:
        matrix = matrix.astype(np.int64)
    if normalize == "all":
        total = matrix.sum()
        matrix = matrix / total if total > 0 else matrix.astype(np.float64)
    elif normalize == "row":
        sums = matrix.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            matrix = np.where(sums > 0, matrix / np.where(sums > 0, sums, 1), np.nan)
    name = attribute if isinstance(attribute, str) else (getattr(attribute, "name", None) or "value")
    frame = pd.DataFrame(
        matrix,
        index=pd.Index(chosen, name=f"source_{name}"),
        columns=pd.Index(chosen, name=f"target_{name}"),
    )
    frame.attrs.update(
        unknown=int(unknown), unknown_weight=float(unknown_weight), directed=bool(ties.directed()), ties=len(ties)
    )
    return frame


def vertical_share(
    g: GraphLike,
    by: Any = None,
    relations: Union[str, Sequence[str]] = "tie",
    weight: Optional[str] = None,
    *,
    counts: bool = False,
    actor_scale: Optional[str] = "unique",
    via: Sequence[str] = DEFAULT_VIA,
    hierarchy: Optional[Graph] = None,
) -> Union[float, pd.Series, pd.DataFrame]:
    """The share of vertical ties V/(V + H) among the ties whose two scales are known (weighted:
    of their summed ``weight``).

    ``by=None``: a float (an :class:`Aggregate` carrying ``vertical``, ``horizontal``,
    ``unknown``). ``by="node"``: a Series indexed by key (view order), each node's share over its
    own ties. ``by="programme"`` (or ``"context"``): a Series indexed by the ties' ``context``
    (ties without one are left out). ``by=<name>``: an edge attribute (or ``"relation"``) groups
    the ties; otherwise a node attribute (or a Series/dict keyed by key) groups the nodes, a tie
    counting once for the group of each end. NaN where a group has no known tie. Series carry the
    totals over all ties in ``attrs`` (``vertical``, ``horizontal``, ``unknown``);
    ``counts=True`` returns a DataFrame of ``vertical``, ``horizontal``, ``unknown`` and
    ``vertical_share`` per group instead. O(ties · containers)."""
    graph, view = _split(g)
    res, _ = _resolver(graph, actor_scale, via, hierarchy)
    ties = _ties(graph, view, relations)
    w = _weight(weight)
    m = len(ties)
    index_name: Optional[str] = None
    if by is None:
        mode, codes, labels, index_name = "tie", np.zeros(m, dtype=np.int32), ["all"], None
    elif isinstance(by, str) and by == "node":
        rows, keys = _node_positions(graph, view)
        codes = np.full(graph.number_of_nodes(), -1, dtype=np.int32)
        codes[rows] = np.arange(len(rows), dtype=np.int32)
        mode, labels, index_name = "node", keys, "key"
    elif _groups_ties(graph, by):
        mode, index_name = "tie", by
        codes, labels = _tie_groups(graph, ties, by)
    else:
        mode = "node"
        codes, labels = _groups_of_nodes(graph, res, by, "vertical_share")
        index_name = by if isinstance(by, str) else getattr(by, "name", None)
    vertical, horizontal, unknown, tv, th, tu = _core.vertical_counts(res, ties, mode, codes, len(labels), w)
    cast = (lambda x: int(x)) if w is None else float
    if by is None:
        share = tv / (tv + th) if tv + th > 0 else float("nan")
        if counts:
            return pd.DataFrame(
                {"vertical": [cast(tv)], "horizontal": [cast(th)], "unknown": [cast(tu)], "vertical_share": [share]},
                index=pd.Index(["all"]),
            )
        return Aggregate(share, vertical=cast(tv), horizontal=cast(th), unknown=cast(tu))
    index = labels if isinstance(labels, pd.Index) else pd.Index(labels, name=index_name)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(vertical + horizontal > 0, vertical / np.where(vertical + horizontal > 0, vertical + horizontal, 1), np.nan)
    if counts:
        frame = pd.DataFrame(
            {
                "vertical": vertical if w is not None else vertical.astype(np.int64),
                "horizontal": horizontal if w is not None else horizontal.astype(np.int64),
                "unknown": unknown if w is not None else unknown.astype(np.int64),
                "vertical_share": shares,
            },
            index=index,
        )
        frame.attrs.update(vertical=cast(tv), horizontal=cast(th), unknown=cast(tu))
        return frame
    out = pd.Series(shares, index=index, name="vertical_share")
    out.attrs.update(vertical=cast(tv), horizontal=cast(th), unknown=cast(tu))
    return out


def _groups_ties(graph: Graph, by: Any) -> bool:
    """Whether ``by`` groups ties (the programme, context, relation or an edge attribute)."""
    return isinstance(by, str) and (by in ("programme", "context", "relation") or by in _edge_columns(graph))


def _tie_groups(graph: Graph, ties, by: str) -> Tuple[np.ndarray, List[Any]]:
    """Group codes of the ties (−1 = none) and their labels, for a ``by`` that groups ties."""
    name = "context" if by == "programme" else by
    if name == "context" and "context" not in _edge_columns(graph):
        return np.full(len(ties), -1, dtype=np.int32), []
    coded = _core.tie_codes(graph._g, ties, name)
    if coded is None:  # another type: through the edges frame
        values = graph.edges_frame()[name].iloc[ties.edges().astype(np.int64)].reset_index(drop=True)
        return group_codes(values)
    return coded[0].astype(np.int32), list(coded[1])


def _edge_columns(graph: Graph) -> List[str]:
    return [spec[0] for spec in graph._g.edge_columns()]


def scale_span(
    g: GraphLike,
    relations: Union[str, Sequence[str]] = "tie",
    *,
    actor_scale: Optional[str] = "unique",
    via: Sequence[str] = DEFAULT_VIA,
    hierarchy: Optional[Graph] = None,
) -> pd.DataFrame:
    """How many levels each node's ties reach, indexed by key (view order; every graph node for a
    Graph): ``scale`` (its own, resolved), ``levels`` (distinct known scales among the other ends
    of its ties), ``lowest``, ``highest`` (ordered categoricals), ``span`` (``Int64``: ladder
    steps from lowest to highest; missing without a known neighbour), ``ties`` and ``unknown``
    (ties whose other end has no known scale). O(n + ties)."""
    graph, view = _split(g)
    res, _ = _resolver(graph, actor_scale, via, hierarchy)
    ties = _ties(graph, view, relations)
    levels, lowest, highest, n_ties, unknown = _core.scale_span(res, ties)
    rows, index = _node_positions(graph, view)
    ladder = graph.scales
    low = lowest[rows].astype(np.int64)
    high = highest[rows].astype(np.int64)
    return pd.DataFrame(
        {
            "scale": _scale_categorical(res.scales()[rows], ladder),
            "levels": levels[rows].astype(np.int64),
            "lowest": _scale_categorical(low, ladder),
            "highest": _scale_categorical(high, ladder),
            "span": pd.arrays.IntegerArray(np.where(low >= 0, high - low, 0), low < 0),
            "ties": n_ties[rows].astype(np.int64),
            "unknown": unknown[rows].astype(np.int64),
        },
        index=index,
    )


def missing_vertical_links(
    g: GraphLike,
    programme: Optional[str] = None,
    view: Optional[View] = None,
    max_hops: int = 2,
    *,
    via: Sequence[str] = ("represents",),
    actor_scale: Optional[str] = "unique",
    hierarchy: Optional[Graph] = None,
    containers: str = "present",
    up_to: Optional[str] = None,
    progress: ProgressArg = None,
) -> pd.DataFrame:
    """The vertical links a cooperation lacks: pairs (territory, container) where a participating
    territory has no path of at most ``max_hops`` ties (either direction) to one of its
    containers (``part_of``, transitively) that is present in the cooperation — the container
    itself, or an actor that ``represents`` it (``via``), has a tie.

    Participants: with ``programme`` (a key), the territories with an edge to it or a tie of
    ``context`` = it; otherwise every territory with a tie. Paths run in ``view`` (default: the
    graph's ``tie`` relations; with the default ``max_hops=2``, two territories taking part in a
    common programme or event are linked). Returns a DataFrame (one row per missing pair, by
    participant in view order, containers nearest first) of ``territory``, ``territory_scale``,
    ``container``, ``container_scale``, ``container_present`` (whether the container is present
    in the cooperation); ``attrs``: ``participants``, ``unplaced`` (participants the hierarchy
    does not place, left out), ``pairs`` (pairs checked), ``missing``, ``containers``.

    ``containers="present"`` (the default definition, the one every count of the docs uses)
    checks only the containers present in the cooperation; ``containers="all"`` checks every
    container the hierarchy gives, present or not — with
    ``hierarchy=maillage.datasets.france_territories()``, a territory of the Aveyron without a tie
    to the Département de l'Aveyron is named although that département is not a node of the
    graph. ``up_to`` (a scale id, e.g. ``"region"``) leaves out the containers above it (the
    country contains every territory). One bounded
    breadth-first search per participant; ``progress``: see :func:`maillage.betweenness_centrality`
    (calls of more than a few milliseconds report, and Ctrl-C interrupts them)."""
    graph, given = _split(g)
    if view is None:
        view = given if given is not None else graph.view(relations="tie")
    elif not isinstance(view, View):
        raise TypeError(f"view must be a maillage.View, not {type(view).__name__}")
    if isinstance(max_hops, bool) or not isinstance(max_hops, numbers.Integral) or max_hops < 0:
        raise InvalidInput(f"max_hops must be an integer >= 0, not {max_hops!r}")
    if programme is not None and programme not in graph:
        raise NotFound(f"missing_vertical_links: unknown programme {programme!r}")
    if containers not in ("present", "all"):
        raise InvalidInput(f"containers must be 'present' or 'all', not {containers!r}")
    highest = -1
    if up_to is not None:
        if up_to not in graph.scales:
            raise InvalidInput(f"up_to: unknown scale {up_to!r} (the ladder: {', '.join(graph.scales)})")
        highest = list(graph.scales).index(up_to)
    res, _ = _resolver(graph, actor_scale, via, hierarchy)
    territory, container, participants, unplaced, pairs, present = _core.missing_vertical_links(
        view._v, res, programme, int(max_hops), resolve_progress(progress), containers == "all", highest
    )
    keys = np.array(graph._g.keys(), dtype=object)
    hkeys = np.array(res.hierarchy().keys(), dtype=object)
    ladder = graph.scales
    t = territory.astype(np.int64)
    c = container.astype(np.int64)
    sdtype = cv._default_string_dtype()
    frame = pd.DataFrame(
        {
            "territory": pd.Series(keys[t] if len(t) else [], dtype=sdtype),
            "territory_scale": _scale_categorical(res.scales()[t] if len(t) else np.zeros(0, np.int64), ladder),
            "container": pd.Series(hkeys[c] if len(c) else [], dtype=sdtype),
            "container_scale": _scale_categorical(res.hierarchy_scales()[c] if len(c) else np.zeros(0, np.int64), ladder),
            "container_present": np.asarray(present, dtype=bool),
        }
    )
    frame.attrs.update(participants=int(participants), unplaced=int(unplaced), pairs=int(pairs), missing=len(frame),
                       containers=containers)
    return frame
