"""Structure: k-core numbers, clustering and transitivity (components are in ``_algorithms``)."""

from __future__ import annotations

from typing import Optional, Union

import pandas as pd

from . import _core
from ._algorithms import _node_series, _threads
from ._graph import Graph, View, as_view

__all__ = ["core_number", "clustering", "transitivity"]


def core_number(g: Union[Graph, View], *, threads: Optional[int] = None) -> pd.Series:
    """The largest k such that each node is in a k-core (Series ``core_number``, int64).
    Directed views count in- and out-arcs (a reciprocated pair twice), as NetworkX; self-loops are
    ignored (NetworkX refuses them). Level-synchronous peeling (parallel on large views), then
    buckets: O(n + m) beyond the first 32 levels. Identical for any ``threads``."""
    view = as_view(g)
    return _node_series(view, _core.core_number(view._v, _threads(threads)), "core_number")


def clustering(
    g: Union[Graph, View],
    *,
    weight: Optional[str] = None,
    threads: Optional[int] = None,
) -> pd.Series:
    """NetworkX's clustering coefficient (Series ``clustering``): 2T/(d(d-1)) on undirected views;
    Fagiolo's directed clustering on directed views; with weights, the geometric mean of the
    strengths normalised by the largest one (Onnela). Self-loops are ignored; nodes with fewer
    than two neighbours get 0. O(m·√m) unweighted undirected, O(Σ d²) otherwise; identical for
    any ``threads``.

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    view = as_view(g, weight)
    return _node_series(view, _core.clustering(view._v, _threads(threads)), "clustering")


def transitivity(g: Union[Graph, View], *, threads: Optional[int] = None) -> float:
    """3 × triangles / connected triples (NetworkX's transitivity), a float; 0 without triangles.
    Undirected views only (:class:`maillage.InvalidInput` otherwise); self-loops are ignored.
    Exact integer counts, O(m·√m)."""
    view = as_view(g)
    return float(_core.transitivity(view._v, _threads(threads)))
