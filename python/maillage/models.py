"""Statistical models of cooperation networks: QAP tests and exponential random graph models.

* :func:`qap_correlation` and :func:`qap_regression` test how relations on the same nodes go
  together (does sharing a programme predict a tie? do territories of one région cooperate more?)
  against the permutations of node labels, with Dekker's semi-partialling for regressions, as
  R's ``sna`` (``gcor``/``qaptest``, ``netlm``, ``netlogit``) does. Inputs are Views (their
  adjacency), DataFrames indexed by node key, or square arrays; :func:`attribute_matrix` turns a
  node attribute into a dyadic one ("same région", "difference of population").
* :func:`ergm` fits an exponential random graph model given as a formula string,
  ``ergm(view, "edges + nodematch('scale') + gwesp(0.5)")``: maximum pseudo-likelihood, then MCMC
  maximum likelihood (stochastic approximation, then Geyer–Thompson) on seeded tie/no-tie chains
  run in parallel (results do not depend on the thread count). :class:`ErgmResult` holds the
  estimates, standard errors, convergence diagnostics, and offers ``simulate`` and ``gof``.

Terms, their definitions and change statistics: ``docs/models.md``.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._algorithms import _seed, _threads
from ._errors import InvalidInput, NotFound
from ._graph import Graph, View, as_view
from ._progress import ProgressArg, resolve_progress

__all__ = [
    "qap_correlation",
    "qap_regression",
    "attribute_matrix",
    "adjacency_matrix",
    "ergm",
    "ErgmModel",
    "ErgmResult",
    "TERMS",
    "gof_representation",
    "nesting_matrix",
]

MatrixLike = Union[View, Graph, pd.DataFrame, np.ndarray]
TERMS: Tuple[str, ...] = tuple(_core.ergm_term_names())
_TEST_COLUMNS = ["p_greater", "p_less", "p_abs", "null_mean", "null_std", "null_q025", "null_q975"]


def _count(value: Any, name: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InvalidInput(f"{name} must be an integer ≥ {minimum}, not {value!r}")
    return int(value)


# ---------------------------------------------------------------------------------- matrices


def adjacency_matrix(view: Union[Graph, View]) -> pd.DataFrame:
    """The adjacency matrix of a view (its weights; 1 per tie when unweighted) as a DataFrame
    indexed and labelled by node key, in view order."""
    v = as_view(view)
    keys = pd.Index(v.nodes, name="key")
    dense = v.to_scipy().toarray() if v.number_of_nodes() else np.zeros((0, 0))
    return pd.DataFrame(dense, index=keys, columns=keys)


def _node_values(view: View, attribute: str) -> pd.Series:
    frame = view.graph.nodes_frame()
    if attribute not in frame.columns:
        raise NotFound(f"node attribute {attribute!r} not found (attributes: {', '.join(map(str, frame.columns))})")
    values = frame[attribute].reindex(view.nodes)
    missing = values.isna()
    if missing.any():
        raise InvalidInput(f"node {values.index[missing.argmax()]!r} has no value of {attribute!r}")
    return values


def attribute_matrix(view: Union[Graph, View], attribute: str, kind: str = "match") -> pd.DataFrame:
    """A dyadic matrix from a node attribute, indexed by node key in view order: ``match`` (1 when
    the two nodes share the value), ``absdiff`` (|x_i − x_j|, numeric or ordered), ``sum``
    (x_i + x_j), ``sender`` (x_i), ``receiver`` (x_j). The diagonal is 0."""
    v = as_view(view)
    values = _node_values(v, attribute)
    keys = pd.Index(v.nodes, name="key")
    if kind == "match":
        codes = pd.factorize(values.astype(object))[0]
        m = (codes[:, None] == codes[None, :]).astype(float)
    else:
        if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.ordered:
            x = values.cat.codes.to_numpy(dtype=float)
        else:
            try:
                x = values.to_numpy(dtype=float)
            except (TypeError, ValueError):
                raise InvalidInput(f"attribute {attribute!r} is not numeric or ordered: kind={kind!r} needs numbers") from None
        if kind == "absdiff":
            m = np.abs(x[:, None] - x[None, :])
        elif kind == "sum":
            m = x[:, None] + x[None, :]
        elif kind == "sender":
            m = np.repeat(x[:, None], len(x), axis=1)
        elif kind == "receiver":
            m = np.repeat(x[None, :], len(x), axis=0)
        else:
            raise InvalidInput(f"kind must be 'match', 'absdiff', 'sum', 'sender' or 'receiver', not {kind!r}")
    np.fill_diagonal(m, 0.0)
    return pd.DataFrame(m, index=keys, columns=keys)


def nesting_matrix(view: Union[Graph, View], territory: Optional[str] = None) -> pd.DataFrame:
    """The dyadic covariate of cross-level nesting, keyed by node in view order: 1 when the
    territories of the two nodes are nested (one contains the other along the graph's ``part_of``
    hierarchy, or they are the same), else 0. A node's territory is the node itself, or with
    ``territory``, the territory key held by that node attribute (a node without one is never
    nested). Use it as ``ergm(view, "edges + edgecov('nested')", covariates={"nested": m})``.
    O(n² · depth)."""
    v = as_view(view)
    g = v.graph
    keys = list(v.nodes)
    if territory is None:
        places: List[Optional[str]] = list(keys)
    else:
        frame = g.nodes_frame()
        if territory not in frame.columns:
            raise NotFound(f"node attribute {territory!r} not found")
        values = frame[territory].reindex(keys)
        places = [None if pd.isna(p) else str(p) for p in values]
        for key, place in zip(keys, places):
            if place is not None and place not in g:
                raise NotFound(f"node {key!r}: territory {place!r} of attribute {territory!r} is not a node")
    lineage = {p: {p, *g.ancestors(p)} for p in set(places) if p is not None}
    n = len(keys)
    m = np.zeros((n, n))
    for i in range(n):
        if places[i] is None:
            continue
        for j in range(i + 1, n):
            if places[j] is None:
                continue
            if places[i] in lineage[places[j]] or places[j] in lineage[places[i]]:
                m[i, j] = m[j, i] = 1.0
    index = pd.Index(keys, name="key")
    return pd.DataFrame(m, index=index, columns=index)


def _as_matrix(m: MatrixLike, name: str, keys: Optional[pd.Index]) -> Tuple[np.ndarray, Optional[pd.Index]]:
    if isinstance(m, (Graph, View)):
        m = adjacency_matrix(m)
    if isinstance(m, pd.DataFrame):
        if not m.index.equals(m.columns) and set(m.index) != set(m.columns):
            raise InvalidInput(f"matrix {name}: its rows and columns are not the same node keys")
        m = m.reindex(columns=m.index)
        if keys is None:
            return m.to_numpy(dtype=float), pd.Index(m.index)
        unknown = [k for k in keys if k not in m.index]
        if unknown:
            raise NotFound(f"matrix {name}: node {unknown[0]!r} is missing")
        extra = [k for k in m.index if k not in set(keys)]
        if extra:
            raise InvalidInput(f"matrix {name}: node {extra[0]!r} is not among the nodes of y")
        return m.reindex(index=keys, columns=keys).to_numpy(dtype=float), keys
    array = np.asarray(m, dtype=float)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise InvalidInput(f"matrix {name}: expected a square matrix, not shape {array.shape}")
    if keys is not None and array.shape[0] != len(keys):
        raise InvalidInput(f"matrix {name}: {array.shape[0]} rows for {len(keys)} nodes")
    return array, keys


def _offdiag_symmetric(m: np.ndarray) -> bool:
    return bool(np.allclose(m, m.T, equal_nan=True))


def _qap_inputs(y: MatrixLike, xs: Sequence[MatrixLike], names: Sequence[str], directed: Optional[bool]):
    ym, keys = _as_matrix(y, "y", None)
    xms = []
    for x, name in zip(xs, names):
        xm, k2 = _as_matrix(x, name, keys)
        keys = keys if keys is not None else k2
        xms.append(xm)
    n = ym.shape[0]
    for x, name in zip(xms, names):
        if x.shape != ym.shape:
            raise InvalidInput(f"matrix {name} has shape {x.shape}, y has {ym.shape}")
    if directed is None:
        directed = not all(_offdiag_symmetric(m) for m in [ym, *xms])
    for m, name in zip([ym, *xms], ["y", *names]):
        cells = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), 1)
        bad = cells & ~np.isfinite(m)
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            where = f"({keys[i]!r}, {keys[j]!r})" if keys is not None else f"row {i}, column {j}"
            raise InvalidInput(f"matrix {name}: cell {where} is not a finite number")
    return ym, xms, n, bool(directed)


def _test_row(t: Dict[str, Any]) -> Dict[str, float]:
    return {c: float(t[c]) for c in _TEST_COLUMNS}


def qap_correlation(
    y: MatrixLike,
    x: MatrixLike,
    *,
    permutations: int = 1000,
    seed: int = 0,
    threads: Optional[int] = None,
    directed: Optional[bool] = None,
    progress: ProgressArg = None,
) -> pd.DataFrame:
    """The correlation of two relations on the same nodes and its QAP test.

    Pearson's correlation of the off-diagonal cells (the cells above the diagonal when
    ``directed`` is False; by default, when every matrix is symmetric), against ``permutations``
    simultaneous permutations of the rows and columns of ``x``. One row, ``correlation``:
    ``estimate``, ``p_greater``, ``p_less`` (one-sided, (1 + count)/(1 + R)), ``p_abs`` (two-sided,
    on |r|), the null distribution's ``null_mean``, ``null_std``, ``null_q025``, ``null_q975``
    and ``permutations``. Reproducible for a ``seed`` whatever ``threads``. O(R · n²).
    """
    ym, (xm,), n, directed = _qap_inputs(y, [x], ["x"], directed)
    r = _core.qap_correlation(n, ym, xm, _count(permutations, "permutations", 1), _seed(seed), _threads(threads),
                              directed, resolve_progress(progress))
    row = {"estimate": float(r["observed"]), **_test_row(r), "permutations": int(permutations)}
    frame = pd.DataFrame([row], index=pd.Index(["correlation"], name="statistic"))
    frame.attrs["null"] = np.asarray(r["null"])
    return frame


def qap_regression(
    y: MatrixLike,
    x: Union[Mapping[str, MatrixLike], Sequence[MatrixLike]],
    *,
    family: str = "linear",
    null: str = "semi_partial",
    permutations: int = 1000,
    seed: int = 0,
    threads: Optional[int] = None,
    directed: Optional[bool] = None,
    progress: ProgressArg = None,
) -> pd.DataFrame:
    """Multiple regression of a relation on others, tested by QAP.

    ``family``: ``"linear"`` (least squares, sna's ``netlm``) or ``"logistic"`` (y in {0, 1},
    sna's ``netlogit``). ``null``: ``"semi_partial"`` (Dekker, Krackhardt & Snijders 2007: each
    predictor's residual on the others is permuted) or ``"permute_y"``. ``x``: a mapping name →
    matrix, or a sequence (named x1, x2, …). One row per term, the intercept first:
    ``coefficient``, ``std_error`` and ``statistic`` (t or z, the model's), the permutation test of
    the statistic (``p_greater``, ``p_less``, ``p_abs``, null summary), ``permutations``.
    ``attrs``: ``r_squared`` (McFadden's for logistic), ``deviance``, ``cells``.
    """
    if isinstance(x, Mapping):
        names = [str(k) for k in x]
        xs = list(x.values())
    elif isinstance(x, (Graph, View, pd.DataFrame, np.ndarray)):
        names, xs = ["x1"], [x]
    else:
        xs = list(x)
        names = [f"x{k + 1}" for k in range(len(xs))]
    if not xs:
        raise InvalidInput("qap_regression needs at least one predictor matrix")
    if family not in ("linear", "logistic"):
        raise InvalidInput(f"family must be 'linear' or 'logistic', not {family!r}")
    if null not in ("semi_partial", "permute_y"):
        raise InvalidInput(f"null must be 'semi_partial' or 'permute_y', not {null!r}")
    ym, xms, n, directed = _qap_inputs(y, xs, names, directed)
    r = _core.qap_regression(n, ym, xms, family, null, _count(permutations, "permutations", 1), _seed(seed),
                             _threads(threads), directed, resolve_progress(progress))
    rows = []
    for k, t in enumerate(r["tests"]):
        rows.append({
            "coefficient": float(r["coefficients"][k]),
            "std_error": float(r["std_errors"][k]),
            "statistic": float(r["statistics"][k]),
            **_test_row(t),
            "permutations": int(permutations),
        })
    frame = pd.DataFrame(rows, index=pd.Index(["intercept", *names], name="term"))
    frame.attrs.update(r_squared=float(r["r_squared"]), deviance=float(r["deviance"]), cells=int(r["cells"]),
                       family=family, null=null)
    return frame


# ---------------------------------------------------------------------------------- ERGM


def _attribute_spec(values: pd.Series, name: str) -> Tuple[Optional[np.ndarray], List[str], Optional[np.ndarray]]:
    missing = values.isna()
    if missing.any():
        raise InvalidInput(f"node {values.index[missing.argmax()]!r} has no value of {name!r}")
    if isinstance(values.dtype, pd.CategoricalDtype):
        used = values.cat.remove_unused_categories()
        codes = used.cat.codes.to_numpy(dtype=np.int32)
        levels = [str(c) for c in used.cat.categories]
        ranks = values.cat.codes.to_numpy(dtype=float) if values.cat.ordered else None
        return codes, levels, ranks
    numeric = pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)
    uniques = sorted(set(values.tolist()), key=lambda v: (str(type(v)), v))
    lookup = {v: k for k, v in enumerate(uniques)}
    codes = np.array([lookup[v] for v in values.tolist()], dtype=np.int32)
    levels = [str(v) for v in uniques]
    return codes, levels, values.to_numpy(dtype=float) if numeric else None


class ErgmModel:
    """A network and an ERGM formula resolved against it (nodes 0..n−1 in view order).

    Build it from a View with :meth:`from_view` (what :func:`ergm` does) or from arrays with
    :meth:`from_edges`; read the statistics of the network, or of any graph on the same nodes, and
    the change statistics of a dyad.
    """

    def __init__(self, core: _core.ErgmModel, formula: str, keys: Optional[List[str]], directed: bool) -> None:
        self._m = core
        self.formula = formula
        self.keys = keys
        self.directed = directed

    @classmethod
    def from_edges(
        cls,
        nodes: int,
        edges: Sequence[Tuple[int, int]],
        formula: str,
        *,
        directed: bool = False,
        attributes: Optional[Mapping[str, Sequence[Any]]] = None,
        covariates: Optional[Mapping[str, Any]] = None,
        modes: Optional[Sequence[int]] = None,
        keys: Optional[Sequence[str]] = None,
    ) -> "ErgmModel":
        """A model of the graph with ``nodes`` nodes and the given ties (pairs of indices).
        ``attributes``: name → a value per node (numbers, strings, or a pandas Categorical,
        ordered for a ladder); ``covariates``: name → an n × n matrix (for ``edgecov``);
        ``modes``: 0 or 1 per node for a two-mode network."""
        _count(nodes, "nodes")
        e = np.asarray(list(edges), dtype=np.int64).reshape(-1, 2)
        if (e < 0).any() or (e >= max(nodes, 1)).any():
            raise InvalidInput(f"a tie has an end outside [0, {nodes})")
        specs = {}
        for name, vals in (attributes or {}).items():
            s = pd.Series(vals)
            if len(s) != nodes:
                raise InvalidInput(f"attribute {name!r} has {len(s)} values for {nodes} nodes")
            specs[str(name)] = _attribute_spec(s, str(name))
        covs = {str(k): np.asarray(v, dtype=float) for k, v in (covariates or {}).items()}
        mode = None if modes is None else np.asarray(modes, dtype=np.uint8)
        core = _core.ErgmModel(nodes, bool(directed), e[:, 0].astype(np.uint32), e[:, 1].astype(np.uint32), specs,
                               covs, mode, formula)
        return cls(core, formula, list(keys) if keys is not None else None, bool(directed))

    @classmethod
    def from_view(
        cls,
        view: Union[Graph, View],
        formula: str,
        *,
        covariates: Optional[Mapping[str, MatrixLike]] = None,
        modes: Optional[str] = None,
    ) -> "ErgmModel":
        """A model of a view's ties; the node attributes the formula names are read from the graph
        (a missing value is an error naming the node). ``modes``: for a two-mode view, the node
        attribute (e.g. ``"kind"``) whose two values split the nodes (the first in sorted or
        categorical order is mode 0)."""
        v = as_view(view)
        if not isinstance(formula, str):
            raise InvalidInput(f"formula must be a string such as \"edges + triangle\", not {formula!r}")
        keys = v.nodes
        index = {k: i for i, k in enumerate(keys)}
        edges = v.edges_frame()
        pairs = [(index[s], index[t]) for s, t in zip(edges["source"], edges["target"])]
        loops = [keys[a] for a, b in pairs if a == b]
        if loops:
            raise InvalidInput(f"node {loops[0]!r} has a self-loop: ERGMs model simple graphs")
        frame = v.graph.nodes_frame().reindex(keys)
        attributes = {}
        for name in set(re.findall(r"'([^']*)'|\"([^\"]*)\"", formula)):
            name = name[0] or name[1]
            if name in frame.columns:
                attributes[name] = frame[name]
        covs = {}
        for name, m in (covariates or {}).items():
            covs[str(name)] = _as_matrix(m, str(name), pd.Index(keys))[0]
        mode = None
        if modes is not None:
            codes, levels, _ = _attribute_spec(_node_values(v, modes), modes)
            if len(levels) != 2:
                raise InvalidInput(f"modes={modes!r}: a two-mode network needs exactly two values, not {levels}")
            mode = codes
        return cls.from_edges(len(keys), pairs, formula, directed=v.directed, attributes=attributes, covariates=covs,
                              modes=mode, keys=keys)

    @property
    def names(self) -> List[str]:
        """Names of the statistics, one per coefficient."""
        return list(self._m.names())

    @property
    def dyad_independent(self) -> bool:
        return bool(self._m.dyad_independent())

    def statistics(self, edges: Optional[Sequence[Tuple[Any, Any]]] = None) -> pd.Series:
        """s(y): of the network, or of the graph with ``edges`` (pairs of node indices or keys)."""
        if edges is None:
            values = self._m.statistics()
        else:
            pairs = np.asarray([[self._index(a), self._index(b)] for a, b in edges], dtype=np.uint32).reshape(-1, 2)
            values = self._m.statistics_of(pairs[:, 0].copy(), pairs[:, 1].copy())
        return pd.Series(values, index=pd.Index(self.names, name="statistic"), dtype=float)

    def change_statistics(self, a: Any, b: Any) -> pd.Series:
        """s(y + ab) − s(y − ab): the change statistics of the dyad (a, b) (indices or keys)."""
        values = self._m.change_statistics(self._index(a), self._index(b))
        return pd.Series(values, index=pd.Index(self.names, name="statistic"), dtype=float)

    def _index(self, node: Any) -> int:
        if isinstance(node, numbers.Integral) and not isinstance(node, bool):
            return int(node)
        if self.keys is None:
            raise InvalidInput(f"node {node!r}: this model has no keys, give node indices")
        try:
            return self.keys.index(node)
        except ValueError:
            raise NotFound(f"node {node!r} is not in the model's network") from None


def _normal_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2)) if math.isfinite(z) else float("nan")


@dataclass
class ErgmResult:
    """A fitted ERGM.

    ``table``: per statistic, ``coefficient``, ``std_error`` (with the Monte Carlo part for MCMC),
    ``mc_std_error``, ``z``, ``p_value`` (two-sided, normal), ``mple``, ``mple_std_error``.
    ``diagnostics``: ``observed``, ``simulated_mean``, ``simulated_std``, ``mc_se`` (of the
    simulated mean, batch means), ``t_ratio`` ((mean − observed)/std) and ``ess`` from a fresh sample
    at the estimate (empty for an MPLE fit). ``method``: ``"mple"`` (the MLE itself when the model
    is dyad-independent) or ``"mcmc"``.
    """

    model: ErgmModel
    table: pd.DataFrame
    diagnostics: pd.DataFrame
    covariance: pd.DataFrame
    method: str
    converged: bool
    iterations: int
    acceptance: float
    log_pseudolikelihood: float
    dyad_independent: bool
    trace: pd.DataFrame
    options: Dict[str, Any] = field(default_factory=dict)

    @property
    def coefficients(self) -> pd.Series:
        return self.table["coefficient"]

    def simulate(self, samples: int = 1000, *, seed: int = 0, threads: Optional[int] = None,
                 interval: int = 0, burnin: int = 0, chains: int = 4, progress: ProgressArg = None) -> pd.DataFrame:
        """Statistics of ``samples`` networks drawn from the fitted model (chains start at the
        observed network; ``interval`` proposals between draws, ``burnin`` before): a DataFrame,
        one row per draw, in chain order. ``attrs['acceptance']``: the acceptance rate."""
        stats, acceptance, _ = _core.ergm_simulate(self.model._m, list(self.coefficients.to_numpy(dtype=float)),
                                                   _count(samples, "samples", 1), _count(interval, "interval"),
                                                   _count(burnin, "burnin"), _count(chains, "chains", 1), _seed(seed),
                                                   _threads(threads), resolve_progress(progress))
        frame = pd.DataFrame(np.asarray(stats), columns=pd.Index(self.model.names, name="statistic"))
        frame.attrs["acceptance"] = float(acceptance)
        return frame

    def gof(self, samples: int = 100, *, seed: int = 0, threads: Optional[int] = None, interval: int = 0,
            burnin: int = 0, chains: int = 4, progress: ProgressArg = None) -> pd.DataFrame:
        """Goodness of fit: the degree, edgewise shared partner (``esp``) and geodesic
        ``distance`` distributions (value −1: unreachable pairs) of the observed network against
        ``samples`` networks simulated from the fit. Columns ``observed``, ``mean``, ``min``,
        ``max``, ``p_value`` (two-sided Monte Carlo); index (``kind``, ``value``)."""
        rows = _core.ergm_gof(self.model._m, list(self.coefficients.to_numpy(dtype=float)),
                              _count(samples, "samples", 1), _count(interval, "interval"), _count(burnin, "burnin"),
                              _count(chains, "chains", 1), _seed(seed), _threads(threads), resolve_progress(progress))
        frame = pd.DataFrame(rows, columns=["kind", "value", "observed", "mean", "min", "max", "p_value"])
        return frame.set_index(["kind", "value"])

    def __repr__(self) -> str:
        return (f"<maillage.models.ErgmResult {self.method} {self.model.formula!r}: "
                + ", ".join(f"{k} {v:.3f}" for k, v in self.coefficients.items()) + ">")


def gof_representation(gof: pd.DataFrame, title: str = "Goodness of fit") -> "Any":
    """The picture of a goodness-of-fit table (:meth:`ErgmResult.gof`) as a
    :class:`maillage.systemic.Representation`: a panel per distribution with, per value, the
    simulated range (light bar), the simulated mean (dark tick) and the observed value (red
    square, starred when its p-value is below 0.05). Write it with its ``write``/``to_svg``."""
    from .systemic import Representation

    needed = {"observed", "mean", "min", "max", "p_value"}
    if not isinstance(gof, pd.DataFrame) or not needed <= set(gof.columns) or gof.index.nlevels != 2:
        raise InvalidInput("gof_representation expects the table of ErgmResult.gof()")
    rows = [(str(kind), int(value), float(r["observed"]), float(r["mean"]), float(r["min"]), float(r["max"]),
             float(r["p_value"])) for (kind, value), r in gof.iterrows()]
    return Representation._from_core(_core.ergm_gof_representation(rows, str(title)))


def ergm(
    view: Union[Graph, View],
    formula: str,
    *,
    method: str = "mcmc",
    seed: int = 0,
    threads: Optional[int] = None,
    samples: int = 4096,
    interval: int = 0,
    burnin: int = 0,
    chains: int = 4,
    max_iterations: int = 30,
    sa_subphases: int = 4,
    final_samples: int = 16384,
    convergence: float = 0.1,
    covariates: Optional[Mapping[str, MatrixLike]] = None,
    modes: Optional[str] = None,
    progress: ProgressArg = None,
) -> ErgmResult:
    """Fits an exponential random graph model to a view's ties.

    ``formula``: terms joined by ``+``, e.g. ``"edges + nodematch('scale') + gwesp(0.5)"``
    (:data:`TERMS`; definitions in docs/models.md). ``method``: ``"mcmc"`` (MCMC maximum
    likelihood; a dyad-independent model is fitted exactly by its pseudo-likelihood) or
    ``"mple"``. MCMC: ``samples`` draws per Geyer–Thompson iteration over ``chains`` chains
    (``interval`` proposals apart, after ``burnin``; 0 = automatic), until every
    |mean − observed|/std is below ``convergence`` (at most ``max_iterations``), then a last step
    on ``final_samples`` draws. Raises ``maillage.InvalidInput`` for an unknown term or attribute
    (naming the formula's column), and its subclass for degenerate models, whose message says why.
    """
    if method not in ("mcmc", "mple"):
        raise InvalidInput(f"method must be 'mcmc' or 'mple', not {method!r}")
    if not (isinstance(convergence, numbers.Real) and convergence > 0):
        raise InvalidInput(f"convergence must be a positive number, not {convergence!r}")
    model = view if isinstance(view, ErgmModel) else ErgmModel.from_view(view, formula, covariates=covariates, modes=modes)
    r = _core.ergm_fit(model._m, method, _count(samples, "samples", 10), _count(interval, "interval"),
                       _count(burnin, "burnin"), _count(chains, "chains", 1), _seed(seed), _threads(threads),
                       _count(max_iterations, "max_iterations"), _count(sa_subphases, "sa_subphases"),
                       _count(final_samples, "final_samples", 10), float(convergence), resolve_progress(progress))
    names = pd.Index(list(r["names"]), name="statistic")
    coef = np.asarray(r["coefficients"], dtype=float)
    se = np.asarray(r["std_errors"], dtype=float)
    z = coef / se
    table = pd.DataFrame({
        "coefficient": coef,
        "std_error": se,
        "mc_std_error": np.asarray(r["mc_std_errors"], dtype=float),
        "z": z,
        "p_value": [_normal_p(v) for v in z],
        "mple": np.asarray(r["mple"], dtype=float),
        "mple_std_error": np.asarray(r["mple_std_errors"], dtype=float),
    }, index=names)
    diagnostics = pd.DataFrame({
        "observed": np.asarray(r["observed"], dtype=float),
        "simulated_mean": np.asarray(r["simulated_mean"], dtype=float),
        "simulated_std": np.asarray(r["simulated_std"], dtype=float),
        "mc_se": np.asarray(r["simulated_se"], dtype=float),
        "t_ratio": np.asarray(r["t_ratio"], dtype=float),
        "ess": np.asarray(r["ess"], dtype=float),
    }, index=names)
    covariance = pd.DataFrame(np.asarray(r["covariance"]), index=names, columns=names)
    trace = pd.DataFrame(np.asarray(r["trace"]), columns=names)
    return ErgmResult(model=model, table=table, diagnostics=diagnostics, covariance=covariance, method=r["method"],
                      converged=bool(r["converged"]), iterations=int(r["iterations"]),
                      acceptance=float(r["acceptance"]), log_pseudolikelihood=float(r["log_pseudolikelihood"]),
                      dyad_independent=bool(r["dyad_independent"]), trace=trace,
                      options=dict(seed=seed, samples=samples, chains=chains))
