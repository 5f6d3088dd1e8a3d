"""Group mixing at the top level of ``maillage``: the Krackhardt–Stern E-I index (network, group
and node levels) and its expectation under random placement, Newman's nominal and numeric
assortativity. Kernels in C++ (``algo/mixing.hpp``) on the view's edges; definitions in
``docs/interscale.md``."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._algorithms import _node_series
from ._errors import InvalidInput, NotFound
from ._graph import Graph, View, as_view

__all__ = ["ei_index", "ei_index_expected", "attribute_assortativity", "numeric_assortativity", "degree_assortativity", "Aggregate"]

GraphLike = Union[Graph, View]
AttributeLike = Union[str, pd.Series, Mapping[str, Any]]


class Aggregate(float):
    """A float that also carries the counts behind it as attributes (``unknown``: how many ties
    were left out because an end's value is unknown; measure-specific counts such as
    ``vertical``, ``horizontal``, ``external``, ``internal``). Behaves as a plain float."""

    def __new__(cls, value: float, **counts: Any) -> "Aggregate":
        self = super().__new__(cls, value)
        for name, count in counts.items():
            setattr(self, name, count)
        return self

    def counts(self) -> dict:
        """The counts carried, as a dict."""
        return dict(self.__dict__)


def _values(view: View, attribute: AttributeLike, what: str) -> pd.Series:
    """The attribute's value at every node of the view, in view order (missing → NA)."""
    index = view.key_index()
    if isinstance(attribute, str) and attribute == "scale":
        # The nodes' own scales (no actor resolution), without building the whole nodes frame.
        graph = view.graph
        ranks = _core.ScaleResolver(graph._g, "own", [], None).scales()
        rows = np.asarray(view._v.node_ids(), dtype=np.int64)
        return pd.Series(
            pd.Categorical.from_codes(ranks[rows].astype(np.int64), categories=graph.scales, ordered=True),
            index=index, name="scale",
        )
    if isinstance(attribute, str):
        frame = view.graph.nodes_frame()
        if attribute == "kind":
            column = frame["kind"]
        elif attribute in frame.columns:
            column = frame[attribute]
        else:
            names = ", ".join(repr(c) for c in frame.columns)
            raise InvalidInput(f"{what}: no node attribute {attribute!r} (the nodes have {names})")
        return column.reindex(index)
    if isinstance(attribute, Mapping) and not isinstance(attribute, pd.Series):
        attribute = pd.Series(dict(attribute), dtype=object)
    if isinstance(attribute, pd.Series):
        outside = attribute.index.difference(index)
        if len(outside):
            raise NotFound(f"{what}: node {outside[0]!r} is not in the view")
        return attribute.reindex(index)
    raise InvalidInput(f"{what}: attribute must be a node attribute name, or a Series or dict keyed by node key, not {type(attribute).__name__}")


def group_codes(values: pd.Series) -> Tuple[np.ndarray, List[Any]]:
    """Codes (int32, −1 for missing) and labels of a node attribute: a categorical's categories in
    their order, otherwise the distinct values sorted (in first-seen order when they do not sort)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy().astype(np.int32)
        return codes, list(values.cat.categories)
    try:
        codes, labels = pd.factorize(values, sort=True, use_na_sentinel=True)
    except TypeError:
        codes, labels = pd.factorize(values, sort=False, use_na_sentinel=True)
    for i, v in enumerate(labels):
        if isinstance(v, list):
            raise InvalidInput(f"list values cannot be groups (value {v!r})")
    return codes.astype(np.int32), list(labels)


def numeric_values(values: pd.Series, what: str) -> np.ndarray:
    """Float values (NaN for missing): numbers and booleans as they are, an ordered categorical
    (e.g. ``scale``: the ladder) by its order."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if not values.cat.ordered:
            raise InvalidInput(f"{what}: an unordered categorical has no numeric order (use attribute_assortativity)")
        codes = values.cat.codes.to_numpy().astype(np.float64)
        codes[codes < 0] = np.nan
        return codes
    try:
        return pd.to_numeric(values, errors="raise").astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        first = next((v for v in values if not isinstance(v, (int, float, np.number, bool)) and not pd.isna(v)), None)
        raise InvalidInput(f"{what}: values must be numbers or an ordered category, not {first!r}") from None


def _view(g: GraphLike, weight: Optional[str]) -> View:
    return as_view(g, weight)


def ei_index(
    g: GraphLike,
    attribute: AttributeLike,
    *,
    level: str = "network",
    convention: str = "ucinet",
    weight: Optional[str] = None,
) -> Union[float, pd.Series]:
    """Krackhardt & Stern's E-I index of a node attribute (groups): (E − I)/(E + I), E the ties
    between groups, I the ties within (weighted: their strengths), from −1 (all ties within
    groups) to +1 (all between).

    ``level="network"``: a float (an :class:`Aggregate` carrying ``external``, ``internal`` and
    ``unknown``). ``"group"``: a Series indexed by group — E_g counts the ties from the group's
    nodes to other groups (rows = senders on a directed view), I_g the cells of the group's block
    (``convention="ucinet"``: an undirected internal tie twice, as UCINET) or its internal edges
    once (``"edges"``). ``"node"``: a Series indexed by key, (ext − int)/(ext + int) over each
    node's ties (out-ties on a directed view). Self-loops are ignored; ties with an end of unknown
    (missing) value are left out and counted in ``attrs["unknown"]`` / ``.unknown``; NaN where
    no tie remains. ``attribute``: a node attribute name or a Series/dict keyed by key. O(n + m).

    Weights: ``weight=`` is a strength (a larger weight counts a tie more); a distance View has
    its weights read as 1/w."""
    view = _view(g, weight)
    if level not in ("network", "group", "node"):
        raise InvalidInput(f"level must be 'network', 'group' or 'node', not {level!r}")
    codes, labels = group_codes(_values(view, attribute, "ei_index"))
    (network, external, internal, group, gext, gint, node, _next, _nint, unknown) = _core.ei_index(
        view._v, codes, len(labels), convention
    )
    if level == "network":
        return Aggregate(network, external=external, internal=internal, unknown=int(unknown))
    if level == "group":
        name = attribute if isinstance(attribute, str) else (attribute.name if isinstance(attribute, pd.Series) else None)
        out = pd.Series(group, index=pd.Index(labels, name=name), name="ei_index")
        out.attrs["external"] = dict(zip(labels, gext.tolist()))
        out.attrs["internal"] = dict(zip(labels, gint.tolist()))
        out.attrs["unknown"] = int(unknown)
        return out
    out = _node_series(view, node, "ei_index")
    out.attrs["unknown"] = int(unknown)
    return out


def ei_index_expected(g: GraphLike, attribute: AttributeLike) -> float:
    """The E-I index expected when ties fall at random among dyads, given the group sizes:
    1 − 2·Σ_g n_g(n_g − 1)/(N(N − 1)) over the N nodes of the view with a known value (an
    :class:`Aggregate` carrying ``unknown``, the nodes without one). NaN below two nodes. O(n)."""
    view = _view(g, None)
    codes, labels = group_codes(_values(view, attribute, "ei_index_expected"))
    return Aggregate(_core.ei_index_expected(codes, len(labels)), unknown=int((codes < 0).sum()))


def attribute_assortativity(g: GraphLike, attribute: AttributeLike, *, weight: Optional[str] = None) -> float:
    """Newman's assortativity of a categorical node attribute: r = (Σ e_xx − Σ a_x b_x)/(1 −
    Σ a_x b_x) over the normalised mixing matrix e (each undirected tie in both orientations,
    self-loops once; weighted views use strengths). 1 when every tie joins equal values; NaN with
    a single value or no tie. Equals NetworkX's ``attribute_assortativity_coefficient`` when every
    node has a value; ties to nodes without one are left out (NetworkX would count ``None`` as a
    value) and counted in ``.unknown``. O(n + m).

    Weights: ``weight=`` is a strength (a larger weight counts a tie more); a distance View has
    its weights read as 1/w."""
    view = _view(g, weight)
    codes, labels = group_codes(_values(view, attribute, "attribute_assortativity"))
    _matrix, unknown, _unknown_strength, r = _core.mixing_counts(view._v, codes, len(labels))
    return Aggregate(r, unknown=int(unknown))


def numeric_assortativity(
    g: GraphLike,
    attribute: AttributeLike,
    *,
    target: Optional[AttributeLike] = None,
    weight: Optional[str] = None,
) -> float:
    """Newman's assortativity of a numeric node attribute: the Pearson correlation of the values
    at the two ends of every tie (both orientations when undirected; weighted by strength on a
    weighted view). An ordered categorical counts by its order — ``"scale"`` by the ladder
    (commune < epci < … < international). NaN when an end has no variance. Equals NetworkX's
    ``numeric_assortativity_coefficient`` on unweighted views where every node has a value; ties
    to nodes without one are left out (``.unknown``). O(n + m).

    ``target``: another attribute (name, Series or dict by key) read at each arc's target end,
    ``attribute`` being read at its source end: the correlation of x(source) with y(target) over
    the arcs. ``numeric_assortativity(v, maillage.degree(v, direction="out"),
    target=maillage.degree(v, direction="in"))`` is NetworkX's default
    ``degree_assortativity_coefficient`` (x="out", y="in") of a directed view.

    Weights: ``weight=`` is a strength (a larger weight counts a tie more), as NetworkX's
    ``weight=`` in its assortativity functions; a distance View has its weights read as 1/w."""
    view = _view(g, weight)
    values = numeric_values(_values(view, attribute, "numeric_assortativity"), "numeric_assortativity")
    if target is None:
        r, unknown = _core.numeric_assortativity(view._v, values)
        return Aggregate(r, unknown=int(unknown))
    y = numeric_values(_values(view, target, "numeric_assortativity target"), "numeric_assortativity target")
    return _pearson_over_arcs(view, values, y)


def degree_assortativity(g: GraphLike, *, x: str = "out", y: str = "in", weight: Optional[str] = None) -> float:
    """Degree assortativity, NetworkX's ``degree_assortativity_coefficient``: the Pearson
    correlation of the ``x``-degree of each arc's source with the ``y``-degree of its target
    (``"out"`` or ``"in"``; NetworkX's default out → in on a directed view; the degree on an
    undirected one, every edge both ways). With ``weight``, degrees are strengths (a self-loop
    counts twice, as in NetworkX) while every arc counts once, as in NetworkX. NaN without
    variance at an end. O(n + m).

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    if x not in ("in", "out") or y not in ("in", "out"):
        raise InvalidInput(f"x and y must be 'in' or 'out', not {x!r} and {y!r}")
    view = _view(g, weight)
    if view.directed:
        dx = np.asarray(_core.strength(view._v, x), dtype=np.float64)  # noqa: SLF001
        dy = np.asarray(_core.strength(view._v, y), dtype=np.float64)  # noqa: SLF001
    else:
        dx = dy = np.asarray(_core.strength(view._v, "total"), dtype=np.float64)  # noqa: SLF001
    return _pearson_over_arcs(view, dx, dy, weighted=False)


def _pearson_over_arcs(view: View, x: np.ndarray, y: np.ndarray, weighted: bool = True) -> float:
    """Weighted Pearson correlation of x at arc sources with y at arc targets, every arc of the view
    (an undirected edge is two arcs, a self-loop one), arcs with a NaN end left out. numpy over the
    CSR arrays, O(n + m): two attributes need no kernel of their own."""
    indptr, indices, weights = view.csr()
    sources = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr.astype(np.int64)))
    targets = indices.astype(np.int64)
    if not weighted:
        w = np.ones(len(weights))
    else:
        w = weights if view.weight_kind != "distance" or not view.weighted else 1.0 / weights
    xs, yt = x[sources], y[targets]
    known = ~(np.isnan(xs) | np.isnan(yt))
    lost = ~known if view.directed else (~known & (sources <= targets))
    xs, yt, w = xs[known], yt[known], np.asarray(w, dtype=np.float64)[known]
    total = w.sum()
    if total <= 0:
        return Aggregate(float("nan"), unknown=int(lost.sum()))
    mx, my = (w * xs).sum() / total, (w * yt).sum() / total
    cov = (w * (xs - mx) * (yt - my)).sum()
    vx, vy = (w * (xs - mx) ** 2).sum(), (w * (yt - my) ** 2).sum()
    r = cov / np.sqrt(vx * vy) if vx > 0 and vy > 0 else float("nan")
    return Aggregate(float(r), unknown=int(lost.sum()))
