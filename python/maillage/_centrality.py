"""Centralities: degree, strength, betweenness, closeness, harmonic, eigenvector, PageRank, Katz.

Definitions, defaults and normalisations follow NetworkX; every function takes a Graph (with
``weight=`` to weight it) or a View, and returns a pandas Series named after the measure, indexed
by key in view order (edge betweenness: a DataFrame indexed by view edge id). Path-based measures
read weights as distances (w on distance views, 1/w on strength views); the others as strengths.
See ``docs/measures.md`` for what each accepts.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._algorithms import _edge_frame, _node_series, _per_node, _positional, _seed, _threads, _weighted_view
from ._errors import InvalidInput
from ._graph import Graph, View, as_view
from ._progress import ProgressArg, resolve_progress

__all__ = [
    "degree",
    "strength",
    "degree_centrality",
    "betweenness_centrality",
    "edge_betweenness_centrality",
    "closeness_centrality",
    "harmonic_centrality",
    "eigenvector_centrality",
    "pagerank",
    "katz_centrality",
]

GraphLike = Union[Graph, View]
PerNode = Union[Mapping[str, float], pd.Series]


def degree(g: GraphLike, *, direction: str = "total") -> pd.Series:
    """Number of edges at each node (Series ``degree``, int64). Parallel edges count once (a view is
    simple); a self-loop counts twice, as in NetworkX. ``direction``: ``"in"``, ``"out"`` or
    ``"total"`` on directed views (all three are the same on undirected ones). O(n)."""
    view = as_view(g)
    return _node_series(view, _core.degree(view._v, direction), "degree")


def strength(g: GraphLike, *, direction: str = "total", weight: Optional[str] = None) -> pd.Series:
    """Sum of edge strengths at each node (Series ``strength``): NetworkX's ``degree(weight=...)``.
    Strengths are the weights of a strength view, 1/w on a distance view, 1 when unweighted (then
    equal to :func:`degree`); parallel edges add up; a self-loop counts twice. O(n + m).

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    view = as_view(g, weight)
    return _node_series(view, _core.strength(view._v, direction), "strength")


def degree_centrality(g: GraphLike, *, direction: str = "total") -> pd.Series:
    """degree / (n - 1) (Series ``degree_centrality``), NetworkX's ``degree_centrality`` (or
    ``in_``/``out_degree_centrality`` with ``direction``); 1 for every node when n ≤ 1. O(n)."""
    view = as_view(g)
    return _node_series(view, _core.degree_centrality(view._v, direction), "degree_centrality")


_K_HINT = "; to sample k sources, as NetworkX's betweenness_centrality(G, k) does, write k=..."


@_positional(1, _K_HINT)
def betweenness_centrality(
    g: GraphLike,
    *,
    normalized: bool = True,
    endpoints: bool = False,
    weight: Optional[str] = None,
    weight_kind: Optional[str] = None,
    k: Optional[int] = None,
    seed: Optional[int] = 0,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
    client: Any = None,
) -> pd.Series:
    """Shortest-path betweenness of every node (Series ``betweenness_centrality``), as NetworkX.

    Brandes' algorithm: a breadth-first search (unweighted) or Dijkstra (weighted, distances) per
    source. ``normalized`` divides by (n-1)(n-2) (n(n-1) with ``endpoints``); unnormalised values
    are halved on undirected views, as in NetworkX. ``k`` samples k distinct sources with ``seed``
    and scales their sums so that each node's estimate is unbiased (NetworkX's scaling: a sampled
    source uses k-1 in place of k, since it cannot be its own intermediate). The error of a sampled
    normalised value is at most ε = sqrt(ln(2/δ) / (2k)) with probability 1 - δ (Hoeffding; e.g.
    k = 1000 gives ε ≤ 0.043 at δ = 0.05), and in practice close to its standard error
    sqrt(1 - k/n) · σ_v / sqrt(k), σ_v the spread of the per-source dependencies of v; see
    ``docs/measures.md``. The sample comes from std::mt19937_64(seed): the same sources on every
    platform, not NetworkX's. Identical results for any ``threads``. O(k·m) unweighted,
    O(k·(m + n log n)) weighted; the GIL is released. ``seed=None`` draws a fresh seed from the
    operating system's entropy; the seed used is in ``result.attrs["seed"]``.

    Weights (path measure): ``weight=`` on a Graph is read as a strength by default (a path's
    length is Σ 1/w); ``weight_kind="distance"`` reads it as a distance (Σ w), NetworkX's meaning
    of ``weight=``/``distance=``. A View carries its own weight kind (``g.view(weight=...,
    weight_kind=...)``).

    ``client``: a ``distributed.Client`` (or a scheduler address) runs the sources in blocks on a
    Dask cluster (:mod:`maillage.distributed`): the same values to 1e-12.
    """
    view = _weighted_view(g, weight, weight_kind)
    if k is not None and (isinstance(k, bool) or not isinstance(k, (int, np.integer))):
        raise InvalidInput(f"k must be None or an integer, not {k!r}")
    seed_used = _seed(seed)
    if client is not None:
        from .distributed import _betweenness

        values = _betweenness(client, view, edges=False, normalized=bool(normalized), endpoints=bool(endpoints),
                              k=None if k is None else int(k), seed=seed_used, progress=progress)
    else:
        values, _sources = _core.betweenness_centrality(
            view._v, bool(normalized), bool(endpoints), None if k is None else int(k), seed_used, _threads(threads),
            resolve_progress(progress),
        )
    out = _node_series(view, values, "betweenness_centrality")
    if k is not None:
        out.attrs["seed"] = seed_used
    return out


@_positional(1, _K_HINT)
def edge_betweenness_centrality(
    g: GraphLike,
    *,
    normalized: bool = True,
    weight: Optional[str] = None,
    weight_kind: Optional[str] = None,
    k: Optional[int] = None,
    seed: Optional[int] = 0,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
    client: Any = None,
) -> pd.DataFrame:
    """Shortest-path betweenness of every view edge, as NetworkX's ``edge_betweenness_centrality``
    (normalised by n(n-1); halved on undirected views when not normalised): a DataFrame indexed
    by view edge id ``edge`` (as :meth:`View.edges_frame`) with ``source``, ``target`` and
    ``edge_betweenness_centrality``. Parallel edges are one view edge (NetworkX splits the value
    among a multigraph's parallel edges); self-loops get 0. ``k``, ``seed``, ``threads``: as
    :func:`betweenness_centrality` (``result.attrs["seed"]``: the seed used).

    Weights (path measure): ``weight=`` on a Graph is read as a strength by default (a path's
    length is Σ 1/w); ``weight_kind="distance"`` reads it as a distance (Σ w), NetworkX's meaning
    of ``weight=``/``distance=``. A View carries its own weight kind (``g.view(weight=...,
    weight_kind=...)``). ``client``: on a Dask cluster, as :func:`betweenness_centrality`."""
    view = _weighted_view(g, weight, weight_kind)
    if k is not None and (isinstance(k, bool) or not isinstance(k, (int, np.integer))):
        raise InvalidInput(f"k must be None or an integer, not {k!r}")
    seed_used = _seed(seed)
    if client is not None:
        from .distributed import _betweenness

        values = _betweenness(client, view, edges=True, normalized=bool(normalized), endpoints=False,
                              k=None if k is None else int(k), seed=seed_used, progress=progress)
    else:
        values = _core.edge_betweenness_centrality(
            view._v, bool(normalized), None if k is None else int(k), seed_used, _threads(threads),
            resolve_progress(progress),
        )
    out = _edge_frame(view, values, "edge_betweenness_centrality")
    if k is not None:
        out.attrs["seed"] = seed_used
    return out


def closeness_centrality(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    weight_kind: Optional[str] = None,
    wf_improved: bool = True,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
    client: Any = None,
) -> pd.Series:
    """NetworkX's closeness (Series ``closeness_centrality``): (r-1)/Σd over the r nodes that
    reach u — distances *to* u on directed views — times (r-1)/(n-1) when ``wf_improved``; 0 when
    nothing reaches u. Unweighted views run 64 breadth-first searches at once over bit sets;
    weighted views one Dijkstra per node. Identical results for any ``threads``. O(n·m).

    Weights (path measure): ``weight=`` on a Graph is read as a strength by default (a path's
    length is Σ 1/w); ``weight_kind="distance"`` reads it as a distance (Σ w), NetworkX's meaning
    of ``weight=``/``distance=``. A View carries its own weight kind (``g.view(weight=...,
    weight_kind=...)``). ``client``: a ``distributed.Client`` (or a scheduler address) computes
    the nodes in blocks on a Dask cluster (:mod:`maillage.distributed`): identical values."""
    view = _weighted_view(g, weight, weight_kind)
    if client is not None:
        from .distributed import _closeness

        values = _closeness(client, view, harmonic=False, wf_improved=bool(wf_improved), progress=progress)
    else:
        values = _core.closeness_centrality(view._v, bool(wf_improved), _threads(threads), resolve_progress(progress))
    return _node_series(view, values, "closeness_centrality")


def harmonic_centrality(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    weight_kind: Optional[str] = None,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
    client: Any = None,
) -> pd.Series:
    """Σ 1/d(v, u) over the nodes v that reach u (Series ``harmonic_centrality``), NetworkX's
    harmonic_centrality (zero distances skipped). Same algorithm and cost as
    :func:`closeness_centrality`.

    Weights (path measure): ``weight=`` on a Graph is read as a strength by default (a path's
    length is Σ 1/w); ``weight_kind="distance"`` reads it as a distance (Σ w), NetworkX's meaning
    of ``weight=``/``distance=``. A View carries its own weight kind (``g.view(weight=...,
    weight_kind=...)``). ``client``: on a Dask cluster, as :func:`closeness_centrality`."""
    view = _weighted_view(g, weight, weight_kind)
    if client is not None:
        from .distributed import _closeness

        values = _closeness(client, view, harmonic=True, wf_improved=False, progress=progress)
    else:
        values = _core.harmonic_centrality(view._v, _threads(threads), resolve_progress(progress))
    return _node_series(view, values, "harmonic_centrality")


def eigenvector_centrality(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    tol: float = 1e-6,
    max_iter: int = 100,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """NetworkX's eigenvector_centrality (Series ``eigenvector_centrality``): power iteration on
    A + I from the uniform vector, in-links on directed views, unit Euclidean norm, stopping when
    Σ|x - x_prev| < n·tol. Raises :class:`maillage.Error` without convergence in ``max_iter``
    steps. Meaningful on (strongly) connected views. O(m) per step; identical for any ``threads``. ``progress``: a bar or a callable (one step per
    iteration); Ctrl-C cancels.

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    view = as_view(g, weight)
    values, _iterations = _core.eigenvector_centrality(
        view._v, float(tol), int(max_iter), _threads(threads), resolve_progress(progress)
    )
    return _node_series(view, values, "eigenvector_centrality")


def pagerank(
    g: GraphLike,
    *,
    alpha: float = 0.85,
    personalization: Optional[PerNode] = None,
    weight: Optional[str] = None,
    tol: float = 1e-6,
    max_iter: int = 100,
    dangling: Optional[PerNode] = None,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """NetworkX's pagerank (Series ``pagerank``): x ← α(xP + (Σ_dangling x)·d) + (1-α)p from the
    uniform vector, P the row-normalised strength matrix (an undirected edge is two arcs, a
    self-loop one), stopping when Σ|x - x_prev| < n·tol. ``personalization`` and ``dangling``:
    a dict or Series keyed by node key (missing nodes get 0; normalised to sum 1); dangling nodes
    (no out-strength) follow ``dangling``, else ``personalization``, else uniform. Raises
    :class:`maillage.Error` without convergence. O(m) per step; identical for any ``threads``.

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    view = as_view(g, weight)
    p = None if personalization is None else _per_node(view, personalization, "personalization", complete=False)
    d = None if dangling is None else _per_node(view, dangling, "dangling", complete=False)
    values, _iterations = _core.pagerank(
        view._v, float(alpha), p, d, float(tol), int(max_iter), _threads(threads), resolve_progress(progress)
    )
    return _node_series(view, values, "pagerank")


def katz_centrality(
    g: GraphLike,
    *,
    alpha: float = 0.1,
    beta: Union[float, PerNode] = 1.0,
    weight: Optional[str] = None,
    tol: float = 1e-6,
    max_iter: int = 1000,
    normalized: bool = True,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """NetworkX's katz_centrality (Series ``katz_centrality``): x ← αAᵀx + β from x = 0 (in-links on
    directed views), stopping when Σ|x - x_prev| < n·tol, scaled to unit norm when ``normalized``.
    ``beta``: a number, or a dict/Series giving every node's. Converges only for α < 1/λ_max;
    raises :class:`maillage.Error` otherwise. O(m) per step; identical for any ``threads``.

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    view = as_view(g, weight)
    if isinstance(beta, (Mapping, pd.Series)):
        per_node = _per_node(view, beta, "beta", complete=True)
        scalar = 0.0
    else:
        per_node = None
        try:
            scalar = float(beta)
        except (TypeError, ValueError):
            raise InvalidInput(f"beta must be a number or a dict/Series by node key, not {beta!r}") from None
    values, _iterations = _core.katz_centrality(
        view._v, float(alpha), scalar, per_node, float(tol), int(max_iter), bool(normalized), _threads(threads),
        resolve_progress(progress),
    )
    return _node_series(view, values, "katz_centrality")
