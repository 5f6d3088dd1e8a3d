"""Shortest-path lengths and ego views."""

from __future__ import annotations

from typing import Optional, Union

import pandas as pd

from . import _core
from ._algorithms import _node_series, _threads, _weighted_view
from ._errors import InvalidInput
from ._graph import Graph, View, as_view
from ._progress import ProgressArg, resolve_progress

__all__ = ["shortest_path_lengths", "ego_view", "ALL_PAIRS_MAX_NODES"]

#: The most nodes ``shortest_path_lengths(g)`` (all pairs) accepts: its result is an n × n matrix of
#: float64 (800 MB at this size).
ALL_PAIRS_MAX_NODES = 10_000


def shortest_path_lengths(
    g: Union[Graph, View],
    source: Optional[str] = None,
    *,
    weight: Optional[str] = None,
    weight_kind: Optional[str] = None,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> Union[pd.Series, pd.DataFrame]:
    """Shortest-path lengths: hops on unweighted views, sums of distances (w on distance views,
    1/w on strength views) on weighted ones, along out-arcs on directed views.

    With ``source`` (a key): a Series ``distance`` over every node in view order, ``inf`` where
    unreachable (NetworkX's dict lists reachable nodes only). Without: a DataFrame of every pair,
    rows ``source`` and columns ``target`` in view order — refused above
    ``ALL_PAIRS_MAX_NODES`` (10,000) nodes with :class:`maillage.InvalidInput`. Breadth-first
    search or Dijkstra per source, O(m) or O(m + n log n) each; rows in parallel (identical for
    any ``threads``). ``source`` is the one optional parameter that may be positional (the
    search's focus, as NetworkX's ``single_source_shortest_path_length(G, source)``).

    Weights (path measure): ``weight=`` on a Graph is read as a strength by default (a path's
    length is Σ 1/w); ``weight_kind="distance"`` reads it as a distance (Σ w), NetworkX's meaning
    of ``weight=``. A View carries its own weight kind."""
    view = _weighted_view(g, weight, weight_kind)
    if source is not None:
        if not isinstance(source, str):
            raise InvalidInput(f"source must be a node key (str), not {source!r}")
        return _node_series(view, _core.shortest_path_lengths(view._v, source), "distance")
    matrix = _core.all_pairs_shortest_path_lengths(view._v, _threads(threads), resolve_progress(progress))
    keys = view.key_index()
    return pd.DataFrame(matrix, index=keys.rename("source"), columns=keys.rename("target"), copy=False)


def ego_view(
    g: Union[Graph, View],
    key: str,
    *,
    radius: int = 1,
    center: bool = True,
    undirected: bool = False,
) -> View:
    """The view restricted to the nodes within ``radius`` hops of ``key`` (NetworkX's ego_graph
    without ``distance``): the same kinds, relations, filters, time window, weight, direction and
    node order, with ``nodes`` set to them. Out-arcs only on a directed view unless
    ``undirected``; ``center=False`` leaves ``key`` out. O(n + m) plus building the view."""
    view = as_view(g)
    if not isinstance(key, str):
        raise InvalidInput(f"key must be a node key (str), not {key!r}")
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise InvalidInput(f"radius must be a non-negative integer, not {radius!r}")
    core = _core.ego_view(view._v, key, radius, bool(center), bool(undirected))
    return View(core, view.graph)
