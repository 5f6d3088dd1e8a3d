"""Burt's structural holes: constraint, effective size, efficiency and hierarchy (Burt 1992;
Borgatti 1997), as NetworkX and igraph compute them by default (whole-network model) or within
each node's ego network (``model="ego"``, UCINET's option and Burt's original)."""

from __future__ import annotations

from typing import Optional, Union

import pandas as pd

from . import _core
from ._algorithms import _node_series, _threads
from ._errors import InvalidInput
from ._graph import Graph, View, as_view
from ._progress import ProgressArg, resolve_progress

GraphLike = Union[Graph, View]
_MEASURES = ("constraint", "effective_size", "efficiency", "hierarchy")


def _holes(g: GraphLike, weight: Optional[str], model: str, threads: Optional[int], progress: ProgressArg):
    if model not in ("whole", "ego"):
        raise InvalidInput(f"model must be 'whole' or 'ego', not {model!r}")
    view = as_view(g, weight)
    return view, _core.structural_holes(view._v, model, _threads(threads), resolve_progress(progress))  # noqa: SLF001


def structural_holes(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    model: str = "whole",
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.DataFrame:
    """The four measures at once: a DataFrame indexed by key with columns ``constraint``,
    ``effective_size``, ``efficiency`` and ``hierarchy`` (see :func:`constraint`).

    Weights: ``weight=`` is a strength (z_ij sums the arcs' strengths, as NetworkX's ``weight=``);
    a distance View has its weights read as 1/w."""
    view, arrays = _holes(g, weight, model, threads, progress)
    keys = view.key_index()
    return pd.DataFrame({name: values for name, values in zip(_MEASURES, arrays)}, index=keys)


def constraint(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    model: str = "whole",
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """Burt's constraint C_i = Σ_j (p_ij + Σ_q p_iq p_qj)² (Series ``constraint``), with
    z_ij = a_ij + a_ji the mutual weight (arcs both ways; 1 per arc unweighted, 1/w on distance
    views), p_ij = z_ij / Σ_k z_ik, and j, q over the nodes tied to i either way (self-loops
    ignored). ``model="whole"`` (default, NetworkX's and igraph's) normalises p_qj over all of
    q's ties; ``"ego"`` over q's ties inside i's ego network. A zero-weight tie keeps its contact;
    NaN for a node without contacts or whose ties all weigh 0 (NetworkX also gives NaN to a
    directed graph's nodes without out-arcs, as it tests successors only; they are measured here
    over all their contacts, as igraph does). O(Σ degree²), nodes in parallel, identical for any
    ``threads``.

    Weights: ``weight=`` is a strength (z_ij sums the arcs' strengths, as NetworkX's ``weight=``);
    a distance View has its weights read as 1/w."""
    view, arrays = _holes(g, weight, model, threads, progress)
    return _node_series(view, arrays[0], "constraint")


def effective_size(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    model: str = "whole",
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """Burt's effective size ES_i = Σ_j (1 − Σ_{q≠j} p_iq m_jq), m_jq = z_jq / max_k z_jk
    (Series ``effective_size``); n − 2t/n for a binary undirected graph (Borgatti). Conventions as
    :func:`constraint`.

    Weights: ``weight=`` is a strength (z_ij sums the arcs' strengths, as NetworkX's ``weight=``);
    a distance View has its weights read as 1/w."""
    view, arrays = _holes(g, weight, model, threads, progress)
    return _node_series(view, arrays[1], "effective_size")


def efficiency(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    model: str = "whole",
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """Effective size over the number of distinct contacts (nodes tied either way), Series
    ``efficiency``. Conventions as :func:`constraint`.

    Weights: ``weight=`` is a strength (z_ij sums the arcs' strengths, as NetworkX's ``weight=``);
    a distance View has its weights read as 1/w."""
    view, arrays = _holes(g, weight, model, threads, progress)
    return _node_series(view, arrays[2], "efficiency")


def hierarchy(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    model: str = "whole",
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """Burt's hierarchy, the Coleman–Theil disorder of the dyadic constraints:
    H_i = Σ_j r_j ln r_j / (n ln n), r_j = c_ij / (C_i / n), n contacts (Series ``hierarchy``):
    0 when the constraint is spread evenly, 1 when it sits on one contact. A single contact gives
    1 (Burt's STRUCTURE), a node without contacts NaN. Conventions as :func:`constraint`.

    Weights: ``weight=`` is a strength (z_ij sums the arcs' strengths, as NetworkX's ``weight=``);
    a distance View has its weights read as 1/w."""
    view, arrays = _holes(g, weight, model, threads, progress)
    return _node_series(view, arrays[3], "hierarchy")
