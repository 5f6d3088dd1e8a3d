"""Null models and significance: is a pattern of cooperation more than chance?

:func:`significance` compares a statistic of the ties (the vertical share, the E-I index, the
assortativity of an attribute, the modularity of a partition, transitivity — or any Python
function of a graph) with its distribution over samples of a null model that keeps what the
question holds fixed: every node's degree in every relation (``"rewire"``, degree-preserving
double edge swaps; ``"configuration"``, random stub matching) or the ties themselves with the
labels shuffled (``"permute_labels"``). :func:`rewire` and :func:`configuration_model` return a
single draw as a Graph: draw ``sample`` of ``seed`` is the sample of that number in
:func:`significance`, on every platform and for any thread count. Definitions: ``docs/brokerage.md``.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._algorithms import _seed, _threads
from ._errors import InvalidInput
from ._graph import Graph, View
from ._progress import ProgressArg, resolve_progress
from .interscale import (
    DEFAULT_VIA,
    _groups_of_nodes,
    _groups_ties,
    _keys,
    _node_positions,
    _resolver,
    _split,
    _tie_groups,
    _ties,
    _weight,
)

__all__ = ["significance", "rewire", "configuration_model", "STATISTICS", "NULL_MODELS"]

GraphLike = Union[Graph, View]
STATISTICS = ("vertical_share", "ei_index", "assortativity", "modularity", "transitivity")
NULL_MODELS = ("rewire", "configuration", "permute_labels")
_COLUMNS = ("observed", "mean", "std", "z", "p", "p_greater", "p_less", "samples")


def _swaps(swaps: Any) -> float:
    if isinstance(swaps, bool) or not isinstance(swaps, numbers.Real) or not np.isfinite(swaps) or swaps < 0:
        raise InvalidInput(f"swaps must be a finite number ≥ 0 (attempted swaps per tie), not {swaps!r}")
    return float(swaps)


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise InvalidInput(f"{name} must be an integer ≥ 0, not {value!r}")
    return int(value)


def _tie_list(g: GraphLike, relations, within_relation: bool, weight: Optional[str]):
    graph, view = _split(g)
    ties = _ties(graph, view, relations)
    # A Graph's directed relations are redrawn as arcs within their relation even when the tie set
    # mixes them with undirected ones; a View's ties follow the view's direction.
    return graph, view, ties, _core.tie_list(graph._g, ties, bool(within_relation), _weight(weight), view is None)


def _draw(g: GraphLike, model: str, relations, within_relation: bool, swaps: float, seed: Any, sample: Any) -> Graph:
    if seed is None:
        # A Graph has no attrs in which to report a drawn seed: the draw must be reproducible.
        raise InvalidInput(f"{model}: seed must be an integer (the returned Graph cannot report a drawn seed), not None")
    graph, _, _, tl = _tie_list(g, relations, within_relation, None)
    core = _core.null_draw(graph._g, tl, None, model, _seed(seed), swaps, _count(sample, "sample"), True)
    return Graph(core)


def rewire(
    g: GraphLike,
    *,
    relations: Union[str, Sequence[str]] = "tie",
    within_relation: bool = True,
    swaps: float = 10,
    seed: int = 0,
    sample: int = 0,
) -> Graph:
    """A degree-preserving rewiring of the ties of ``relations`` (default: every relation of
    category ``tie``; never ``part_of``): ``swaps × ties`` attempted double edge swaps — two ties
    (a, b), (c, d) of one relation (of any, with ``within_relation=False``) become (a, d), (c, b),
    or undirected (a, c), (b, d) with probability 1/2 — each rejected when it would create a
    self-loop or a tie already there. Every node keeps its degree (out- and in-degree on directed
    relations) in every relation, a simple tie set stays simple, and every edge keeps its relation,
    weight and attributes (only its ends move); nodes, affiliations and the hierarchy are
    unchanged. Draw ``sample`` of ``seed``: the same on every platform, and the sample of that
    number in :func:`significance`. A View rewires the graph edges combined into its edges of
    ``relations``; the whole Graph is returned. O(n + M + swaps × ties)."""
    return _draw(g, "rewire", relations, within_relation, _swaps(swaps), seed, sample)


def configuration_model(
    g: GraphLike,
    *,
    relations: Union[str, Sequence[str]] = "tie",
    within_relation: bool = True,
    seed: int = 0,
    sample: int = 0,
) -> Graph:
    """The configuration model of the ties of ``relations``: within each relation, the tie ends
    are matched uniformly at random (undirected: the 2m ends shuffled and paired; directed: every
    tie keeps its source and takes a shuffled target). Degrees are kept exactly; self-loops and
    parallel ties may appear (the multigraph model). Otherwise as :func:`rewire`. O(n + M)."""
    return _draw(g, "configuration", relations, within_relation, 0.0, seed, sample)


def _as_components(value: Any, where: str) -> Tuple[np.ndarray, Optional[pd.Index]]:
    """A statistic's value as a float vector and its component names (None: unnamed)."""
    if isinstance(value, pd.Series):
        return value.to_numpy(dtype=float), value.index
    if isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(value, bool):
        return np.array([float(value)]), None
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInput(f"significance: the statistic returned {type(value).__name__} {where}; expected a number, a Series or a 1-D array") from None
    if arr.ndim != 1:
        raise InvalidInput(f"significance: the statistic returned an array of shape {arr.shape} {where}; expected 1-D")
    return arr, None


def _frame(result: tuple, index: pd.Index, statistic_name: str, model: str, attrs: dict, return_null: bool,
           keep: Optional[np.ndarray] = None):
    """The result frame (and null distribution) of a summary from the core; `keep` selects components."""
    observed, mean, std, z, p, p_greater, p_less, valid, values, attempts, swaps = result
    frame = pd.DataFrame(
        dict(zip(_COLUMNS, (observed, mean, std, z, p, p_greater, p_less, valid.astype(np.int64)))), index=index
    )
    null = pd.DataFrame(values, columns=index, index=pd.RangeIndex(len(values), name="sample"))
    if keep is not None:
        frame, null = frame[keep], null.loc[:, keep]
    frame.attrs.update(statistic=statistic_name, model=model, **attrs)
    if model == "rewire" and attempts:
        frame.attrs.update(attempted_swaps=int(attempts), accepted_swaps=int(swaps))
    return (frame, null) if return_null else frame


def significance(
    g: GraphLike,
    statistic: Union[str, Callable[..., Any]],
    *,
    model: str = "rewire",
    samples: int = 1000,
    seed: Optional[int] = 0,
    attribute: Any = None,
    by: Any = None,
    relations: Union[str, Sequence[str]] = "tie",
    weight: Optional[str] = None,
    within_relation: bool = True,
    swaps: float = 10,
    resolution: float = 1.0,
    actor_scale: Optional[str] = "unique",
    via: Sequence[str] = DEFAULT_VIA,
    hierarchy: Optional[Graph] = None,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
    return_null: bool = False,
    client: Any = None,
) -> Union[pd.DataFrame, Tuple[pd.DataFrame, pd.DataFrame]]:
    """The observed ``statistic`` of the ties against its distribution over ``samples`` draws
    of a null ``model``.

    Result: a DataFrame with one row per component of the statistic (one row named after it, or
    one per group with ``by``) and columns ``observed``, ``mean``, ``std`` (of the null samples,
    n − 1 denominator), ``z`` = (observed − mean)/std, ``p`` (two-sided: (1 + #samples at least
    as far from the mean as the observed value)/(1 + samples)), ``p_greater`` ((1 + #samples ≥
    observed)/(1 + samples)), ``p_less`` and ``samples`` (the draws where the statistic is
    defined; NaN draws are left out). ``attrs`` records the statistic, model, seed, samples and,
    for rewiring, the attempted and accepted swaps. ``return_null=True`` also returns the null
    distribution (samples × components).

    Built-in statistics (C++, samples in parallel with the GIL released, identical for any
    ``threads``): ``"vertical_share"`` (V/(V + H) over the ties whose ends' scales are known;
    ``attribute`` defaults to the resolved actor scale — ``actor_scale``, ``via``, ``hierarchy``
    as in :mod:`maillage.interscale` — and ``by`` gives one component per programme, context,
    relation or edge attribute, or per node group (a node attribute, or ``"node"``), leaving out
    the groups no tie reaches),
    ``"ei_index"`` ((E − I)/(E + I) between the groups of ``attribute``), ``"assortativity"``
    (Newman's nominal assortativity of ``attribute``), ``"modularity"`` (of the partition by
    ``attribute``, a node without a value alone; ``resolution``), ``"transitivity"`` (of the
    simple undirected graph of the ties). Ties are graph edges: parallel ties each count,
    ``weight`` (``"weight"`` or a numeric edge attribute) weighs them as strengths (a larger weight
    counts a tie more, as NetworkX's ``weight=`` in modularity and assortativity; no statistic
    here reads weights as distances) and travels with them. ``seed=None`` draws a fresh seed from the operating system's entropy; the seed used is in
    ``result.attrs["seed"]``.

    A Python callable ``statistic(graph)`` returning a number, a Series or a 1-D array runs on the
    observed graph and on each draw (a :class:`Graph` from :func:`rewire` /
    :func:`configuration_model`), serially and much more slowly; with ``"permute_labels"`` it is
    called as ``statistic(graph, labels)``, ``labels`` the permuted ``attribute`` (a Series by
    key, NaN for nodes without one).

    Models: ``"rewire"`` (``swaps`` attempted swaps per tie from the observed ties, see
    :func:`rewire`), ``"configuration"`` (:func:`configuration_model`), ``"permute_labels"``
    (``attribute``'s known values shuffled among the nodes that are an end of a tie: group sizes
    kept, ties unchanged). ``within_relation`` keeps degrees per relation (else over all the
    ties). Draw s of ``seed`` is :func:`rewire`'s ``sample=s``. ``progress``: a bar or a callable;
    Ctrl-C cancels. O(samples × (ties × (1 + swaps) + n)).

    ``client``: a ``distributed.Client`` (or a scheduler address) draws the samples of a built-in
    statistic on a Dask cluster (:mod:`maillage.distributed`), in ranges of draws: the result is
    identical to the local one for the same ``seed``."""
    if model not in NULL_MODELS:
        raise InvalidInput(f"model must be one of {', '.join(map(repr, NULL_MODELS))}, not {model!r}")
    samples = _count(samples, "samples")
    seed_value = _seed(seed)
    swap_count = _swaps(swaps) if model == "rewire" else 0.0
    if not isinstance(resolution, numbers.Real) or not np.isfinite(resolution) or resolution < 0:
        raise InvalidInput(f"resolution must be a finite number ≥ 0, not {resolution!r}")
    graph, view, ties, tl = _tie_list(g, relations, within_relation, weight)
    attrs = dict(seed=seed_value, samples=samples, ties=len(tl), directed=bool(tl.directed()),
                 attribute=attribute if isinstance(attribute, (str, type(None))) else getattr(attribute, "name", None))
    resolved: list = []

    def resolver():  # the actor scales, resolved once for the attribute and for by=
        if not resolved:
            resolved.append(_resolver(graph, actor_scale, via, hierarchy)[0])
        return resolved[0]

    if callable(statistic):
        return _callable(graph, tl, statistic, model, samples, seed_value, swap_count, attribute, resolver,
                         progress, attrs, return_null, client)
    if not isinstance(statistic, str) or statistic not in STATISTICS:
        raise InvalidInput(f"statistic must be one of {', '.join(map(repr, STATISTICS))} or a callable, not {statistic!r}")
    if by is not None and statistic != "vertical_share":
        raise InvalidInput(f"by= groups the vertical share only, not {statistic!r}")
    if statistic == "transitivity":
        if attribute is not None:
            raise InvalidInput("transitivity takes no attribute")
        codes, labels = None, []
    else:
        if attribute is None and statistic != "vertical_share":
            raise InvalidInput(f"{statistic} needs attribute= (a node attribute, 'scale', or a Series/dict by key)")
        codes, labels = _groups_of_nodes(graph, resolver(), "scale" if attribute is None else attribute, "significance")
    tie_codes = node_codes = reached = None
    by_groups = 0
    index: pd.Index = pd.Index([statistic])
    if by is not None:
        if isinstance(by, str) and by == "node":
            rows, keys = _node_positions(graph, view)
            node_codes = np.full(graph.number_of_nodes(), -1, dtype=np.int32)
            node_codes[rows] = np.arange(len(rows), dtype=np.int32)
            index = keys
        elif _groups_ties(graph, by):
            tie_codes, by_labels = _tie_groups(graph, ties, by)
            index = pd.Index(by_labels, name=by)
        else:
            node_codes, by_labels = _groups_of_nodes(graph, resolver(), by, "significance")
            index = pd.Index(by_labels, name=by if isinstance(by, str) else getattr(by, "name", None))
        by_groups = len(index)
        # Groups no tie reaches are left out: their share is never defined.
        if tie_codes is not None:
            reached = np.bincount(tie_codes[tie_codes >= 0], minlength=by_groups) > 0
        else:
            source, target = tl.ends()
            ends = node_codes[np.concatenate([source, target]).astype(np.int64)]
            reached = np.bincount(ends[ends >= 0], minlength=by_groups) > 0
    if client is not None:
        from .distributed import _tie_significance

        result = _tie_significance(
            client, tl, codes, statistic, len(labels), tie_codes, node_codes, by_groups, float(resolution), model,
            seed_value, swap_count, samples, progress,
        )
    else:
        result = _core.tie_significance(
            tl, codes, statistic, len(labels), tie_codes, node_codes, by_groups, float(resolution), model, seed_value,
            swap_count, samples, _threads(threads), resolve_progress(progress),
        )
    return _frame(result, index, statistic, model, attrs, return_null, keep=reached)


class _CallableDraws:
    """The draws of a Python statistic: the observed graph, its ties, the model and seed, and the
    statistic; ``rows(first, count, ...)`` gives the statistic on draws first … first + count − 1.
    Pickled (with cloudpickle for the statistic) to compute ranges of draws on a cluster's workers."""

    def __init__(self, graph: Graph, tl, statistic: Callable[..., Any], model: str, seed: int, swaps: float,
                 codes: Optional[np.ndarray], table: Optional[np.ndarray], label_name: Any) -> None:
        self.graph, self.tl, self.statistic, self.model = graph, tl, statistic, model
        self.seed, self.swaps, self.codes, self.table, self.label_name = seed, swaps, codes, table, label_name
        self.keys = None if table is None else _keys(graph._g)

    def call(self, sample_graph: Graph, c: Optional[np.ndarray]):
        if self.table is None:
            return self.statistic(sample_graph)
        labels = pd.Series(self.table[np.where(c < 0, len(self.table) - 1, c)], index=self.keys, name=self.label_name)
        return self.statistic(sample_graph, labels)

    def rows(self, first: int, count: int, k: int, names: Optional[pd.Index],
             report: Optional[Callable[[int], None]] = None) -> np.ndarray:
        values = np.full((count, k), np.nan)
        graph, tl = self.graph, self.tl
        for i, s in enumerate(range(first, first + count)):
            if self.model == "permute_labels":
                _, _, permuted, _, _ = _core.null_draw(graph._g, tl, self.codes, self.model, self.seed, self.swaps, s,
                                                       False)
                value = self.call(graph, np.asarray(permuted))
            else:
                value = self.call(Graph(_core.null_draw(graph._g, tl, None, self.model, self.seed, self.swaps, s, True)),
                                  None)
            row, row_names = _as_components(value, f"on sample {s}")
            if len(row) != k or (names is not None and row_names is not None and not row_names.equals(names)):
                raise InvalidInput(f"significance: the statistic has {k} components on the observed graph and {len(row)} on sample {s}")
            values[i] = row
            if report is not None:
                report(s + 1)
        return values


def _callable(graph: Graph, tl, statistic: Callable[..., Any], model: str, samples: int, seed: int, swaps: float,
              attribute: Any, resolver: Callable[[], Any], progress: ProgressArg, attrs: dict, return_null: bool,
              client: Any = None):
    codes = table = None
    if model == "permute_labels":
        if attribute is None:
            raise InvalidInput("permute_labels needs attribute= (the labels to shuffle)")
        codes, labels = _groups_of_nodes(graph, resolver(), attribute, "significance")
        table = np.array(list(labels) + [np.nan], dtype=object)
    draws = _CallableDraws(graph, tl, statistic, model, seed, swaps, codes, table,
                           attribute if isinstance(attribute, str) else None)
    observed, names = _as_components(draws.call(graph, codes), "on the observed graph")
    k = len(observed)
    if client is not None:
        from .distributed import _callable_null

        values = _callable_null(client, draws, samples, k, names, progress)
    else:
        report = resolve_progress(progress)
        if report is not None:
            report("null model", 0, samples)
        values = draws.rows(0, samples, k, names,
                            None if report is None else (lambda done: report("null model", done, samples)))
    name = getattr(statistic, "__name__", "statistic")
    index = names if names is not None else (pd.Index([name]) if k == 1 else pd.RangeIndex(k, name="component"))
    return _frame(_core.summarize_null(observed, values), index, name, model, attrs, return_null)
