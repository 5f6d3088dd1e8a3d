"""Communities, partitions and two-mode networks: Louvain, Leiden, label propagation, the
modularity of any partition, NMI and ARI, bipartite projections and the disparity backbone.

Every detector takes a Graph (with ``weight=`` to weight it) or a View and returns a Series of
labels named ``community``, indexed by key in view order, numbered 0, 1, … by decreasing size,
ties by the smallest key. Stochastic functions take ``seed=0``; the same seed gives the same
labels on every platform. Definitions: ``docs/communities.md``.
"""

from __future__ import annotations

import numbers
from typing import Any, Hashable, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._algorithms import _node_series, _seed, _threads
from ._progress import ProgressArg, resolve_progress
from ._errors import InvalidInput, NotFound
from ._graph import BUILTIN_RELATIONS as _BUILTIN
from ._graph import Graph, View, as_view

__all__ = [
    "louvain_communities",
    "leiden_communities",
    "label_propagation_communities",
    "modularity",
    "normalized_mutual_info",
    "adjusted_rand_index",
    "bipartite_projection",
    "disparity_backbone",
]

GraphLike = Union[Graph, View]
PartitionLike = Union[pd.Series, Mapping[str, Hashable], Sequence[Iterable[str]]]


def _resolution(resolution: Any) -> float:
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Real):
        raise InvalidInput(f"resolution must be a number >= 0, not {resolution!r}")
    value = float(resolution)
    if not (np.isfinite(value) and value >= 0):
        raise InvalidInput(f"resolution must be a finite number >= 0, not {resolution!r}")
    return value


def _labels(view: View, labels: np.ndarray) -> pd.Series:
    return _node_series(view, labels.astype(np.int64), "community")


def louvain_communities(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    resolution: float = 1.0,
    max_iterations: int = 10,
    tolerance: float = 1e-3,
    seed: Optional[int] = 0,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """Louvain communities (Blondel et al. 2008) maximising modularity at ``resolution`` (directed
    modularity on a directed view): Series ``community``. Whole multilevel runs follow one another,
    each starting from the last partition at the level of the nodes (so a node can leave the
    community an aggregated level put it in), at most ``max_iterations`` runs, until a run raises
    the modularity by no more than ``tolerance`` × |modularity| (``max_iterations=1``: one run, as
    NetworkX and igraph make). Nodes are coloured greedily in an order
    drawn from ``seed`` so that no two neighbours share a colour; the nodes of a colour pick their
    best community in parallel on ``threads`` threads, and the picks are applied in order, each only
    if it still raises the modularity. The same seed gives the same labels on every platform and
    for any ``threads``. The partition's modularity is in ``result.attrs["modularity"]``.
    Near-linear time per level. ``progress``: see :func:`maillage.betweenness_centrality` (one
    stage per level).

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w. ``seed=None`` draws a fresh seed
    from the operating system's entropy; ``result.attrs["seed"]`` is the seed used."""
    view = as_view(g, weight)
    seed_used = _seed(seed)
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, numbers.Integral) or max_iterations < 1:
        raise InvalidInput(f"max_iterations must be a positive integer, not {max_iterations!r}")
    labels, _sizes, q, _quality, levels = _core.louvain_communities(  # noqa: SLF001
        view._v, _resolution(resolution), seed_used, _threads(threads), resolve_progress(progress),  # noqa: SLF001
        int(max_iterations), float(tolerance),
    )
    out = _labels(view, labels)
    out.attrs.update({"modularity": q, "levels": int(levels), "seed": seed_used})
    return out


def leiden_communities(
    g: GraphLike,
    *,
    weight: Optional[str] = None,
    objective: str = "modularity",
    resolution: float = 1.0,
    seed: Optional[int] = 0,
    randomness: float = 0.01,
    max_iterations: int = 10,
    tolerance: float = 1e-2,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.Series:
    """Leiden communities (Traag, Waltman & van Eck 2019): Series ``community``. ``objective``:
    ``"modularity"`` (at ``resolution``) or ``"cpm"`` (constant Potts model: Σ_c [e_c − γ
    n_c(n_c − 1)/2] with γ = ``resolution``). Every community is connected. ``randomness`` is the
    refinement's θ: a node joins a part with probability ∝ exp(ΔH/θ), ΔH in units of edge strength
    (as in Traag et al.'s implementation and igraph; 0.01 on unit weights is nearly greedy). Whole
    runs repeat from the last partition, at most ``max_iterations``, while a run raises the quality
    by more than ``tolerance`` × |quality| (``tolerance=0``: while it improves at all; the default
    1e-2 typically stops after 2–3 runs). The local moving works by colours, as in
    :func:`louvain_communities`, and communities are refined in parallel, each with its own
    generator: the same seed gives the same labels on every platform and for any ``threads``.
    ``result.attrs`` holds ``modularity``, ``quality`` and ``levels`` (aggregation levels over all
    runs).

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w. ``seed=None`` draws a fresh seed
    from the operating system's entropy; ``result.attrs["seed"]`` is the seed used."""
    view = as_view(g, weight)
    if objective not in ("modularity", "cpm"):
        raise InvalidInput(f"objective must be 'modularity' or 'cpm', not {objective!r}")
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, numbers.Integral) or max_iterations < 1:
        raise InvalidInput(f"max_iterations must be a positive integer, not {max_iterations!r}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real) or not (
        np.isfinite(float(tolerance)) and float(tolerance) >= 0
    ):
        raise InvalidInput(f"tolerance must be a finite number >= 0, not {tolerance!r}")
    seed_used = _seed(seed)
    labels, _sizes, q, quality, levels = _core.leiden_communities(
        view._v, objective, _resolution(resolution), float(randomness), int(max_iterations), float(tolerance),  # noqa: SLF001
        seed_used, _threads(threads), resolve_progress(progress),
    )
    out = _labels(view, labels)
    out.attrs.update({"modularity": q, "quality": quality, "levels": int(levels), "seed": seed_used})
    return out


def label_propagation_communities(
    g: GraphLike,
    *,
    seed: Optional[int] = 0,
    weight: Optional[str] = None,
    max_iterations: int = 1000,
    progress: ProgressArg = None,
) -> pd.Series:
    """Asynchronous label propagation (Raghavan et al. 2007): Series ``community``. Nodes, in an
    order drawn from ``seed`` each sweep, take their neighbours' heaviest label (ties drawn at
    random) until every node holds one. Arc direction is ignored. O(m) per sweep.

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w. ``seed=None`` draws a fresh seed
    from the operating system's entropy; ``result.attrs["seed"]`` is the seed used."""
    view = as_view(g, weight)
    seed_used = _seed(seed)
    labels, _sizes, q, _quality, sweeps = _core.label_propagation_communities(view._v, seed_used, int(max_iterations), resolve_progress(progress))  # noqa: SLF001
    out = _labels(view, labels)
    out.attrs.update({"modularity": q, "sweeps": int(sweeps), "seed": seed_used})
    return out


def _partition_codes(view: View, partition: PartitionLike, missing: str, what: str = "partition") -> np.ndarray:
    """Integer labels in view order from a label Series, a dict key → label, or a list of sets."""
    if missing not in ("error", "singleton"):
        raise InvalidInput(f"missing must be 'error' or 'singleton', not {missing!r}")
    n = view.number_of_nodes()
    if isinstance(partition, pd.Series):
        keys = list(partition.index)
        values = list(partition.to_numpy())
    elif isinstance(partition, Mapping):
        keys = list(partition.keys())
        values = list(partition.values())
    elif isinstance(partition, (list, tuple)):
        keys, values = [], []
        for i, block in enumerate(partition):
            if isinstance(block, str):
                raise InvalidInput(f"{what}: block {i} is a string, not a set of keys")
            for key in block:
                keys.append(key)
                values.append(i)
    else:
        raise InvalidInput(f"{what}: expected a label Series, a dict key → label or a list of sets, not {type(partition).__name__}")
    positions = view.key_index().get_indexer(pd.Index(keys, dtype=object)) if keys else np.empty(0, dtype=np.intp)
    unknown = np.flatnonzero(positions < 0)
    if len(unknown):
        raise NotFound(f"{what}: node {keys[int(unknown[0])]!r} is not in the view")
    if len(set(positions.tolist())) < len(positions):
        seen: set = set()
        for k in keys:
            if k in seen:
                raise InvalidInput(f"{what}: node {k!r} appears twice")
            seen.add(k)
    value_series = pd.Series(values, dtype=object)
    absent = value_series.isna().to_numpy()
    codes, _uniques = pd.factorize(value_series, use_na_sentinel=True)
    out = np.full(n, -1, dtype=np.int64)
    out[positions[~absent]] = codes[~absent]
    unlabelled = np.flatnonzero(out < 0)
    if len(unlabelled):
        if missing == "error":
            first = view.nodes[int(unlabelled[0])]
            raise InvalidInput(
                f"{what}: node {first!r} has no label ({len(unlabelled)} unlabelled; pass missing='singleton' to put each alone)"
            )
        start = int(out.max()) + 1 if n and out.max() >= 0 else 0
        out[unlabelled] = np.arange(start, start + len(unlabelled))
    return out.astype(np.uint32)


def modularity(
    g: GraphLike,
    partition: PartitionLike,
    *,
    weight: Optional[str] = None,
    resolution: float = 1.0,
    missing: str = "error",
) -> float:
    """Modularity of a partition of the view's nodes (NetworkX's definition): undirected
    Q = Σ_c [L_c/m − γ (d_c/2m)²], directed Q = Σ_c [L_c/m − γ d_out,c d_in,c/m²]. ``partition``: a
    Series or dict key → label (any hashable; missing values are unlabelled) or a list of sets of
    keys. A key outside the view is a NotFound; a node of the view without a label is an
    InvalidInput unless ``missing="singleton"`` (each alone). O(n + m).

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie), as NetworkX's
    ``weight=`` here; a distance View has its weights read as 1/w."""
    view = as_view(g, weight)
    codes = _partition_codes(view, partition, missing)
    return float(_core.modularity(view._v, codes, _resolution(resolution)))  # noqa: SLF001


def _two_labelings(a: Any, b: Any, what: str):
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        if not a.index.equals(b.index):
            if a.index.has_duplicates or b.index.has_duplicates:
                raise InvalidInput(f"{what}: labelings with duplicate keys")
            if set(a.index) != set(b.index):
                extra = next(iter(set(a.index) ^ set(b.index)))
                raise InvalidInput(f"{what}: the labelings cover different nodes (e.g. {extra!r})")
            b = b.reindex(a.index)
        x, y = a.to_numpy(), b.to_numpy()
    else:
        x, y = np.asarray(list(a), dtype=object), np.asarray(list(b), dtype=object)
        if len(x) != len(y):
            raise InvalidInput(f"{what}: labelings of different sizes ({len(x)} and {len(y)})")
    if len(x) == 0:
        raise InvalidInput(f"{what}: empty labelings")
    if pd.isna(pd.Series(x, dtype=object)).any() or pd.isna(pd.Series(y, dtype=object)).any():
        raise InvalidInput(f"{what}: missing labels (drop or fill them first)")
    cx, _ = pd.factorize(pd.Series(x, dtype=object))
    cy, _ = pd.factorize(pd.Series(y, dtype=object))
    return cx.astype(np.uint32), cy.astype(np.uint32)


def normalized_mutual_info(a: Any, b: Any) -> float:
    """Normalised mutual information of two labelings, arithmetic normalisation:
    I(A; B) / ((H(A) + H(B)) / 2) (scikit-learn's default); 1 when both have one class. Series
    are aligned on their index (they must cover the same keys); other sequences by position.
    O(n log n)."""
    x, y = _two_labelings(a, b, "normalized_mutual_info")
    return float(_core.normalized_mutual_info(x, y))


def adjusted_rand_index(a: Any, b: Any) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) of two labelings, aligned like
    :func:`normalized_mutual_info`; 1 for identical partitions, about 0 for independent ones.
    O(n log n)."""
    x, y = _two_labelings(a, b, "adjusted_rand_index")
    return float(_core.adjusted_rand_index(x, y))


def bipartite_projection(
    g: Graph,
    *,
    nodes: Optional[Iterable[str]] = None,
    kind: Optional[str] = None,
    relations: Union[str, Sequence[str]] = ("participates_in",),
    weighting: str = "count",
    min_weight: float = 0,
    threads: Optional[int] = None,
    client: Any = None,
) -> Graph:
    """One-mode projection of a two-mode graph: a new Graph of the projected nodes (``nodes``
    keys, or every node of ``kind``, or by default the sources of the ``relations``' edges), with
    their kind and attributes (scale, family, label, …), and one undirected ``co_participates``
    edge (category ``tie``) per pair sharing at least one event through ``relations``, carrying
    ``weight`` and ``shared`` (the number of shared events). The other mode is every node linked to
    a projected node by one of the relations that is not itself projected.

    ``weighting`` (NetworkX's projections): ``"count"`` shared events; ``"newman"`` Σ 1/(n_k − 1)
    over shared events of n_k projected members (Newman 2001, NetworkX's
    ``collaboration_weighted_projected_graph``); ``"jaccard"`` |N(u) ∩ N(v)| / |N(u) ∪ N(v)|;
    ``"overlap"`` |N(u) ∩ N(v)| / min(|N(u)|, |N(v)|). Pairs weighing less than ``min_weight`` are
    dropped inside the product (row by row), so memory holds only the kept ties.
    O(Σ_k n_k²); deterministic for any ``threads``.

    ``client``: a ``distributed.Client`` (or a scheduler address) projects the rows in blocks on
    a Dask cluster (:func:`maillage.distributed.bipartite_projection`, which can also write the
    result as Parquet partitions): the same Graph."""
    nodes, relations, min_weight = _projection_arguments(g, nodes, relations, min_weight)
    if client is not None:
        from .distributed import _bipartite_projection

        return _bipartite_projection(client, g, nodes, kind, relations, weighting, min_weight)
    core = _core.bipartite_projection(
        g._g, nodes, kind, relations, weighting, min_weight, _threads(threads)  # noqa: SLF001
    )
    return Graph(core)


def _projection_arguments(g: Any, nodes: Any, relations: Any, min_weight: Any) -> Tuple[Optional[List[str]], List[str], float]:
    """bipartite_projection's arguments checked: the node keys (a list or None), the relations
    (a list) and min_weight (a float)."""
    if not isinstance(g, Graph):
        raise TypeError(f"bipartite_projection expects a maillage.Graph, not {type(g).__name__}")
    if isinstance(relations, str):
        relations = [relations]
    if nodes is not None:
        nodes = list(nodes)
        for key in nodes:
            if not isinstance(key, str):
                raise InvalidInput(f"bipartite_projection: node keys are strings, not {key!r}")
    if isinstance(min_weight, bool) or not isinstance(min_weight, numbers.Real):
        raise InvalidInput(f"min_weight must be a number >= 0, not {min_weight!r}")
    return nodes, list(relations), float(min_weight)


def disparity_backbone(
    g: GraphLike,
    *,
    alpha: float = 0.05,
    weight: Optional[str] = "weight",
) -> Tuple[pd.DataFrame, View]:
    """The disparity filter (Serrano, Boguñá & Vespignani 2009). For an edge of strength w at a
    node of strength s and degree k (self-loops left out), p = (1 − w/s)^(k − 1) (1 when k = 1);
    an edge is kept when min(p_source, p_target) < ``alpha`` (significant for either end).
    Directed views test u→v with u's out- and v's in-strength and degree.

    Returns ``(edges, backbone)``: a DataFrame indexed by view edge id ``edge`` with ``source``,
    ``target``, ``weight``, ``p_source``, ``p_target``, ``p_value`` and ``kept``; and a View of the
    backbone — the view's nodes (all of them, with their attributes) and the graph edges combined
    into kept view edges, viewed with the same weight, weight kind and direction. ``weight``
    applies to a Graph (``None``: unweighted, every p-value is then (1 − 1/k)^(k − 1)); a View
    keeps its own. O(n + m).

    Weights: ``weight=`` is a strength (a larger weight is a stronger tie); a distance View has
    its weights read as 1/w."""
    # On a View, the view's own weight is used (``weight`` is then ignored).
    view = as_view(g, weight) if isinstance(g, Graph) else as_view(g)
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise InvalidInput(f"alpha must be a number in [0, 1], not {alpha!r}")
    p_source, p_target, p_value, kept = _core.disparity_backbone(view._v, float(alpha))  # noqa: SLF001
    ef = view.edges_frame()
    frame = pd.DataFrame(
        {
            "source": ef["source"],
            "target": ef["target"],
            "weight": ef["weight"],
            "p_source": pd.Series(p_source, index=ef.index),
            "p_target": pd.Series(p_target, index=ef.index),
            "p_value": pd.Series(p_value, index=ef.index),
            "kept": pd.Series(kept.astype(bool), index=ef.index),
        },
        index=ef.index,
    )
    graph = view.graph
    members = sorted(int(e) for lists in ef.loc[frame["kept"].to_numpy(), "members"] for e in lists)
    nodes = graph.nodes_frame().loc[list(view.nodes)]
    edges = graph.edges_frame().loc[members]
    custom = {name: spec for name, spec in graph.relations.items() if name not in _BUILTIN}
    sub = Graph.from_frames(nodes, edges, scales=list(graph._g.scales()), relations=custom, metadata=graph.metadata, progress=False)  # noqa: SLF001
    backbone = sub.view(directed=view.directed, weight=view._v.weight_name(), weight_kind=view.weight_kind)  # noqa: SLF001
    return frame, backbone
