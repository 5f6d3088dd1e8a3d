"""Analysis functions at the top level of ``maillage``: thin wrappers that run C++ kernels on a
View and map results back to node keys (DESIGN §4 "Results"). This module holds the shared
helpers and the component functions; the measures are in ``_centrality``, ``_structure`` and
``_paths``."""

from __future__ import annotations

import functools
import numbers
import secrets
from typing import Any, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import InvalidInput, NotFound
from ._graph import Graph, View, as_view

__all__ = ["connected_components", "strongly_connected_components"]


def _plain_series(values: np.ndarray, index: pd.Index, name: str) -> pd.Series:
    return pd.Series(values, index=index, name=name, copy=False)


def _series_maker():
    """A Series constructor for kernel results: pandas' block manager directly when this pandas
    supports it (half the ~10 µs of ``pd.Series(...)``, which dominates calls on small graphs),
    checked once against the plain constructor; the plain constructor otherwise."""
    try:
        from pandas.core.internals import SingleBlockManager

        def fast(values: np.ndarray, index: pd.Index, name: str) -> pd.Series:
            manager = SingleBlockManager.from_array(values, index)
            series = pd.Series._from_mgr(manager, manager.axes)
            series.name = name
            return series

        probe = pd.Index(["a", "b"], name="key")
        for values in (np.array([0.5, 2.0]), np.array([3, 4], dtype=np.int64)):
            got, want = fast(values, probe, "probe"), _plain_series(values, probe, "probe")
            if not (type(got) is pd.Series and got.equals(want) and got.name == want.name
                    and got.dtype == want.dtype and got.index is probe):
                return _plain_series
        return fast
    except Exception:  # noqa: BLE001 - any pandas without these internals
        return _plain_series


_make_series = _series_maker()


def _node_series(view: View, values: np.ndarray, name: str) -> pd.Series:
    return _make_series(values, view.key_index(), name)


def _edge_frame(view: View, values: np.ndarray, name: str) -> pd.DataFrame:
    """Edge results: indexed by the view edge id ``edge`` with ``source``, ``target`` keys."""
    s, t = _core.view_edge_ends(view._v)  # noqa: SLF001
    keys = view.key_index()
    index = pd.RangeIndex(len(values), name="edge")
    return pd.DataFrame(
        {
            "source": pd.Series(keys.take(s), index=index),
            "target": pd.Series(keys.take(t), index=index),
            name: pd.Series(values, index=index, copy=False),
        },
        index=index,
    )


def _threads(threads: Optional[int]) -> int:
    """The core's thread argument: 0 (every core) for None, else a positive int."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or threads < 1:
        raise InvalidInput(f"threads must be None (every core) or a positive integer, not {threads!r}")
    return int(threads)


def _seed(seed: Any) -> int:
    """The core's seed: ``seed`` itself, or a fresh 64-bit draw from the operating system's
    entropy for ``None`` (the caller reports the drawn value in its result's ``attrs["seed"]``)."""
    if seed is None:
        return secrets.randbits(64)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= int(seed) < 2**64:
        raise InvalidInput(f"seed must be None (fresh entropy) or an integer in [0, 2**64), not {seed!r}")
    return int(seed)


def _weighted_view(g: Union[Graph, View], weight: Optional[str], weight_kind: Optional[str]) -> View:
    """The View of a path measure: :func:`as_view`, with ``weight_kind`` choosing how a Graph's
    ``weight`` is read (``"strength"``, the default: paths use 1/w; ``"distance"``: paths use w, as
    NetworkX). On a View, ``weight_kind`` must agree with the view's own."""
    if weight_kind is not None and weight_kind not in ("strength", "distance"):
        raise InvalidInput(f"weight_kind must be 'strength' or 'distance', not {weight_kind!r}")
    if isinstance(g, Graph) and weight_kind is not None:
        return g.view(weight=weight, weight_kind=weight_kind)
    view = as_view(g, weight)
    if weight_kind is not None and view.weighted and view.weight_kind != weight_kind:
        raise InvalidInput(
            f"weight_kind={weight_kind!r} given with a View whose weights are {view.weight_kind}s: "
            f"make the view with weight_kind={weight_kind!r}"
        )
    return view


def _positional(count: int, hint: str = ""):
    """Makes a function's parameters after the first ``count`` keyword-only with a clearer error
    than Python's: a call with more positional arguments raises a TypeError naming the keywords
    (``hint``: extra advice, e.g. NetworkX's order of arguments). The wrapped function keeps its
    signature (``inspect.signature`` follows ``__wrapped__``)."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if len(args) > count:
                import inspect

                names = [p.name for p in inspect.signature(function).parameters.values()
                         if p.kind is inspect.Parameter.KEYWORD_ONLY]
                raise TypeError(
                    f"{function.__name__}() takes {count} positional argument{'s' if count > 1 else ''} but "
                    f"{len(args)} were given: its optional parameters are keyword-only "
                    f"({', '.join(n + '=' for n in names)}){hint}"
                )
            return function(*args, **kwargs)

        return wrapper

    return decorate


def _per_node(view: View, values: Union[Mapping[str, float], pd.Series], name: str, *, complete: bool) -> np.ndarray:
    """A float array in view order from a mapping or Series keyed by node key. Keys outside the
    view are a NotFound; with ``complete``, a node without a value is an InvalidInput, otherwise it
    gets 0 (NetworkX's rule for personalization)."""
    if isinstance(values, pd.Series):
        keys = list(values.index)
        numbers_ = values.to_numpy()
    elif isinstance(values, Mapping):
        keys = list(values.keys())
        numbers_ = list(values.values())
    else:
        raise InvalidInput(f"{name}: expected a dict or a Series keyed by node key, not {type(values).__name__}")
    try:
        data = np.asarray(numbers_, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{name}: values must be numbers ({error})") from None
    positions = view.key_index().get_indexer(pd.Index(keys, dtype=object)) if keys else np.empty(0, dtype=np.intp)
    missing = np.flatnonzero(positions < 0)
    if len(missing):
        raise NotFound(f"{name}: node {keys[int(missing[0])]!r} is not in the view")
    out = np.zeros(view.number_of_nodes(), dtype=np.float64)
    out[positions] = data
    if complete and len(set(positions.tolist())) < view.number_of_nodes():
        given = np.zeros(view.number_of_nodes(), dtype=bool)
        given[positions] = True
        first = view.nodes[int(np.flatnonzero(~given)[0])]
        raise InvalidInput(f"{name}: no value for node {first!r} (give one for every node, or a single number)")
    return out


def connected_components(g: Union[Graph, View]) -> pd.Series:
    """Connected component of every node (weak components on a directed view), as a Series named
    ``component`` indexed by key in view order; components are numbered 0, 1, … by decreasing
    size, ties by smallest key. Deterministic. O(n + m)."""
    view = as_view(g)
    labels, _sizes = _core.connected_components(view._v)  # noqa: SLF001
    return _node_series(view, labels.astype(np.int64), "component")


def strongly_connected_components(g: Union[Graph, View]) -> pd.Series:
    """Strongly connected component of every node (the connected components on an undirected
    view), as a Series named ``component``, numbered like :func:`connected_components`.
    Iterative Tarjan, O(n + m). Deterministic."""
    view = as_view(g)
    labels, _sizes = _core.strongly_connected_components(view._v)  # noqa: SLF001
    return _node_series(view, labels.astype(np.int64), "component")
