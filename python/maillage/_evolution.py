"""Measures over successive time windows: :func:`evolution`."""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Sequence, Union

import numpy as np
import pandas as pd

from ._errors import InvalidInput
from ._graph import Graph, View

#: Measures :func:`evolution` knows by name (each computed on the window's view).
MEASURES = ("nodes", "edges", "density", "mean_degree", "components", "largest_component", "transitivity",
            "vertical_share")
_FREQ = {"year": "Y", "quarter": "Q", "month": "M"}


def _measure(name: str, view: View) -> float:
    from . import interscale
    from ._algorithms import connected_components
    from ._structure import transitivity

    if name == "nodes":
        # Nodes with at least one edge in the window.
        from ._centrality import degree

        degrees = degree(view)
        return float((degrees > 0).sum())
    if name == "edges":
        return float(view.number_of_edges())
    if name in ("density", "mean_degree", "components", "largest_component"):
        from ._centrality import degree

        degrees = degree(view)
        active = degrees[degrees > 0]
        n, m = len(active), view.number_of_edges()
        if name == "density":
            pairs = n * (n - 1) if view.directed else n * (n - 1) / 2
            return m / pairs if pairs else math.nan
        if name == "mean_degree":
            return float(active.mean()) if n else math.nan
        labels = connected_components(view)[degrees.index[degrees > 0]] if n else pd.Series(dtype=int)
        if name == "components":
            return float(labels.nunique())
        return float(labels.value_counts().max()) if n else 0.0
    if name == "transitivity":
        return float(transitivity(view)) if view.number_of_edges() else math.nan
    if name == "vertical_share":
        return float(interscale.vertical_share(view))
    raise InvalidInput(f"evolution: unknown measure {name!r} (known: {', '.join(MEASURES)}, or a callable)")


def evolution(
    g: Graph,
    *,
    freq: str = "year",
    measures: Sequence[Union[str, Callable[[View], Any]]] = ("nodes", "edges", "density", "vertical_share"),
    relations: Any = "tie",
    start: Any = None,
    end: Any = None,
    undated: str = "drop",
    cumulative: bool = False,
) -> pd.DataFrame:
    """The chosen ``measures`` over successive time windows of ``g``: one row per window
    (``freq``: ``"year"``, ``"quarter"`` or ``"month"``), indexed by the window's first day, with
    ``window_start``, ``window_end`` and one column per measure.

    Each window is the view ``g.view(relations=relations, start=w0, end=w1, undated=undated)``:
    edges whose interval meets the window. ``undated`` says what becomes of edges without any
    date: ``"drop"`` (the default here: they belong to no window) or ``"keep"`` (in every window,
    the rule of a view without ``undated``). ``cumulative=True`` makes every window start at the
    first one's start (the network as it stood at each date). ``measures``: names among
    :data:`MEASURES` (``nodes`` counts the nodes with an edge in the window) or callables taking
    the window's View (column named after the function). The period runs from ``start`` (default:
    the earliest edge start) to ``end`` (default: the latest edge end or start). O(windows ·
    measures)."""
    if freq not in _FREQ:
        raise InvalidInput(f"evolution: freq must be 'year', 'quarter' or 'month', not {freq!r}")
    if undated not in ("keep", "drop"):
        raise InvalidInput(f"evolution: undated must be 'keep' or 'drop', not {undated!r}")
    if not isinstance(g, Graph):
        raise TypeError(f"evolution expects a maillage.Graph, not {type(g).__name__}")
    edges = g.edges_frame()
    starts = pd.to_datetime(edges["start"]) if "start" in edges.columns else pd.Series(dtype="datetime64[ns]")
    ends = pd.to_datetime(edges["end"]) if "end" in edges.columns else pd.Series(dtype="datetime64[ns]")
    first = pd.Timestamp(start) if start is not None else (starts.min() if starts.notna().any() else pd.NaT)
    last = pd.Timestamp(end) if end is not None else pd.concat([starts, ends]).max()
    if pd.isna(first) or pd.isna(last):
        raise InvalidInput("evolution: no edge has a date (a 'start' or 'end'); give start= and end=")
    if last < first:
        raise InvalidInput(f"evolution: the period ends ({last.date()}) before it starts ({first.date()})")
    periods = pd.period_range(first.to_period(_FREQ[freq]), last.to_period(_FREQ[freq]), freq=_FREQ[freq])
    rows: List[Dict[str, Any]] = []
    for p in periods:
        w0 = (periods[0] if cumulative else p).start_time.date()
        w1 = p.end_time.date()
        view = g.view(relations=relations, start=w0.isoformat(), end=w1.isoformat(), undated=undated)
        row: Dict[str, Any] = {"window_start": pd.Timestamp(w0), "window_end": pd.Timestamp(w1)}
        for m in measures:
            if callable(m):
                row[getattr(m, "__name__", "measure")] = m(view)
            else:
                row[str(m)] = _measure(str(m), view)
        rows.append(row)
    frame = pd.DataFrame(rows, index=pd.DatetimeIndex([r["window_start"] for r in rows], name="window"))
    for m in measures:
        if isinstance(m, str) and m in ("nodes", "edges", "components", "largest_component"):
            frame[m] = frame[m].astype(np.int64)
    frame.attrs.update(freq=freq, undated=undated, cumulative=cumulative)
    return frame
