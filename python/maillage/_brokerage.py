"""Gould–Fernandez brokerage roles (Gould & Fernandez 1989) of the nodes of a view, given a group
per node (a categorical node attribute: ``scale``, ``region``, organisation ``type``, …), with the
expectations, standard deviations and z-scores of R's ``sna::brokerage``, and a permutation test
shuffling the groups with their sizes kept. Kernels in C++ (``algo/brokerage.hpp``); conventions in
``docs/api-contract.md`` ("Brokerage")."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._algorithms import _seed, _threads
from ._errors import InvalidInput
from ._graph import Graph, View, as_view
from ._mixing import _values, group_codes
from ._progress import ProgressArg, resolve_progress

__all__ = ["brokerage", "brokerage_totals", "brokerage_permutation_test", "ROLES"]

GraphLike = Union[Graph, View]
AttributeLike = Union[str, pd.Series, Mapping[str, Any]]

#: The roles in sna's column order (w_I, w_O, b_IO, b_OI, b_O, t).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")
_POLICIES = ("unique", "own", "lowest", "highest")
_VIA = ["represents", "located_in"]


def _attribute_name(attribute: AttributeLike) -> str:
    if isinstance(attribute, str):
        return attribute
    name = getattr(attribute, "name", None)
    return str(name) if name is not None else "group"


def _groups(
    g: GraphLike, attribute: AttributeLike, missing: str, actor_scale: Optional[str], what: str
) -> Tuple[View, np.ndarray, List[Any]]:
    """The view, a group code per view node (−1 when unknown) and the group labels."""
    if missing not in ("error", "drop"):
        raise InvalidInput(f"{what}: missing must be 'error' or 'drop', not {missing!r}")
    view = as_view(g, None)
    if isinstance(attribute, str) and attribute == "scale" and actor_scale is not None:
        if actor_scale not in _POLICIES:
            raise InvalidInput(f"{what}: actor_scale must be None or one of {', '.join(map(repr, _POLICIES))}, not {actor_scale!r}")
        graph = view.graph
        ranks = _core.ScaleResolver(graph._g, actor_scale, list(_VIA), None).scales()  # noqa: SLF001
        rows = np.asarray(view._v.node_ids(), dtype=np.int64)  # noqa: SLF001
        values = pd.Series(
            pd.Categorical.from_codes(ranks[rows].astype(np.int64), categories=graph.scales, ordered=True),
            index=view.key_index(), name="scale",
        )
    elif actor_scale is not None:
        raise InvalidInput(f"{what}: actor_scale applies to attribute='scale' only")
    else:
        values = _values(view, attribute, what)
    codes, labels = group_codes(values)
    codes = np.ascontiguousarray(codes, dtype=np.int32)
    if missing == "error" and (codes < 0).any():
        first = int(np.flatnonzero(codes < 0)[0])
        key = view.key_index()[first]
        raise InvalidInput(
            f"{what}: node {key!r} has no value of {_attribute_name(attribute)!r} "
            "(missing='drop' leaves such nodes out of the graph)"
        )
    return view, codes, labels


def _run(g, attribute, missing, actor_scale, threads, progress, what):
    view, codes, labels = _groups(g, attribute, missing, actor_scale, what)
    r = _core.brokerage(view._v, codes, missing == "drop", _threads(threads), resolve_progress(progress))  # noqa: SLF001
    return view, codes, labels, r


def _totals_dict(columns: Mapping[str, np.ndarray]) -> dict:
    return {name: {role: (int(v) if np.issubdtype(values.dtype, np.integer) else float(v)) for role, v in zip(ROLES, values)}
            for name, values in columns.items()}


def _totals_frame(totals: dict) -> pd.DataFrame:
    frame = pd.DataFrame(totals)
    frame.index = pd.Index(list(ROLES), name="role")
    return frame


def brokerage(
    g: GraphLike,
    attribute: AttributeLike,
    *,
    missing: str = "error",
    actor_scale: Optional[str] = None,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.DataFrame:
    """Gould–Fernandez brokerage roles of every node, as R's ``sna::brokerage`` counts them.

    Node b brokers the ordered pair (a, c) when a → b, b → c, the three are distinct and there is
    no arc a → c (c → a does not matter); each such two-path counts once for b, as
    ``coordinator`` (a, b, c in one group), ``itinerant`` (a and c in one group, b in another),
    ``representative`` (b in a's group, c elsewhere), ``gatekeeper`` (b in c's group, a
    elsewhere) or ``liaison`` (three groups); ``total`` is their sum. An undirected view counts
    every tie both ways: every unordered pair twice, so coordinator, itinerant, liaison and
    total are even and representative = gatekeeper at every node. Weights are ignored (every
    view edge is a tie) and so are self-loops.

    ``attribute``: a node attribute name (``"kind"`` included; ``"scale"`` is the nodes' own
    scale, or with ``actor_scale="unique"|"own"|"lowest"|"highest"`` the scale resolved by
    :mod:`maillage.interscale` through ``represents`` and ``located_in``), or a Series/dict
    mapping key → group. ``missing="error"`` raises :class:`InvalidInput` naming the first node
    without a group; ``"drop"`` removes such nodes from the graph before counting (their ties go
    with them, and they count neither in N nor in the density), as sna on the remaining nodes;
    they have no row.

    Returns a DataFrame indexed by key (view order): the six counts (int64) and ``z_<role>`` for
    all six, z = (count − E)/sd with sna's moments for a broker of the node's group under a
    Bernoulli graph of the observed density d = m/(N(N − 1)) (m arcs, an undirected tie counting
    2), groups fixed — NaN where a role is impossible (E = sd = 0, e.g. liaison with two groups,
    itinerant with one). ``attrs``: ``totals`` (network totals: ``{"observed"|"expected"|"std"|
    "z": {role: value}}``, sna's raw.gli, exp.gli, sd.gli, z.gli; see :func:`brokerage_totals`),
    ``group_expected`` and ``group_std`` (``{role: {group: value}}``, sna's exp.grp and sd.grp),
    ``group_sizes``, ``nodes`` (N), ``arcs`` (m), ``density``, ``directed``, ``attribute``,
    ``dropped`` (keys left out). O(n + m + Σ outdeg²), parallel over nodes, identical for any
    ``threads``."""
    view, codes, labels, r = _run(g, attribute, missing, actor_scale, threads, progress, "brokerage")
    keep = codes >= 0
    columns = {role: r["counts"][k] for k, role in enumerate(ROLES)}
    columns.update({f"z_{role}": r["z"][k] for k, role in enumerate(ROLES)})
    frame = pd.DataFrame(columns, index=view.key_index())
    if not keep.all():
        frame = frame[keep]
    sizes = r["group_sizes"]
    present = [i for i in range(len(sizes)) if sizes[i] > 0]
    frame.attrs.update(
        attribute=_attribute_name(attribute),
        directed=bool(view.directed),
        nodes=int(r["nodes"]),
        arcs=int(r["arcs"]),
        density=float(r["density"]),
        group_sizes={labels[i]: int(sizes[i]) for i in present},
        group_expected={role: {labels[i]: float(r["group_expected"][i, k]) for i in present} for k, role in enumerate(ROLES)},
        group_std={role: {labels[i]: float(r["group_sd"][i, k]) for i in present} for k, role in enumerate(ROLES)},
        totals=_totals_dict(
            {"observed": r["total"], "expected": r["total_expected"], "std": r["total_sd"], "z": r["total_z"]}
        ),
        dropped=[str(k) for k in view.key_index()[~keep]],
    )
    return frame


def brokerage_totals(
    g: GraphLike,
    attribute: AttributeLike,
    *,
    missing: str = "error",
    actor_scale: Optional[str] = None,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
) -> pd.DataFrame:
    """The network-level brokerage of :func:`brokerage` (same parameters): a DataFrame indexed by
    ``role`` (the six roles) with ``observed`` (the sum over the nodes), ``expected``, ``std`` and
    ``z``, from sna's global formulas (its raw.gli, exp.gli, sd.gli, z.gli); NaN z where a role
    is impossible."""
    _view, _codes, _labels, r = _run(g, attribute, missing, actor_scale, threads, progress, "brokerage_totals")
    return _totals_frame(
        _totals_dict({"observed": r["total"], "expected": r["total_expected"], "std": r["total_sd"], "z": r["total_z"]})
    )


def brokerage_permutation_test(
    g: GraphLike,
    attribute: AttributeLike,
    *,
    samples: int = 1000,
    seed: Optional[int] = 0,
    threads: Optional[int] = None,
    progress: ProgressArg = None,
    missing: str = "error",
    actor_scale: Optional[str] = None,
) -> pd.DataFrame:
    """A permutation test of the brokerage counts: the groups are shuffled among the nodes
    (``samples`` relabellings, group sizes kept; nodes dropped by ``missing="drop"`` stay out),
    the graph fixed.

    Returns a tidy DataFrame with one row per node and role: a MultiIndex (``key``, ``role``) —
    nodes in view order, roles in :data:`ROLES` order (``role`` an ordered categorical) — and
    columns ``observed`` (int64, as :func:`brokerage`), ``expected`` (the exact mean over all
    relabellings: total · P_role / (N(N − 1)(N − 2)), P_role the ordered labellings of three
    distinct nodes giving that role), ``mean`` and ``std`` (of the sampled counts, n − 1
    denominator; NaN for one sample) and ``p``, two-sided: (1 + e)/(1 + samples), e the samples
    at least as far from ``expected`` as the observation (|x − E| ≥ |observed − E|, compared
    exactly). The total does not depend on the groups: p = 1. ``df.unstack("role")`` gives one
    row per node. ``attrs``: ``samples``, ``seed``, ``attribute`` and ``totals`` (the network
    totals: ``{"observed"|"expected"|"mean"|"std"|"p": {role: value}}``).

    Sample s shuffles with its own generator (mt19937-64 seeded from (seed, s) as the null
    models' draws): the result depends on ``seed`` only, never on ``threads``. ``seed=None`` draws a
    fresh seed from the operating system's entropy (``attrs["seed"]`` is the seed used). Samples run in
    parallel, GIL released; ``progress`` reports per sample and Ctrl-C cancels. O(samples ·
    (n + m + Σ outdeg²)) time, O(threads · n) memory."""
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or not 1 <= int(samples) < 2**32:
        raise InvalidInput(f"brokerage_permutation_test: samples must be a positive integer, not {samples!r}")
    view, codes, _labels = _groups(g, attribute, missing, actor_scale, "brokerage_permutation_test")
    seed_used = _seed(seed)
    r = _core.brokerage_permutation_test(
        view._v, codes, int(samples), seed_used, missing == "drop", _threads(threads), resolve_progress(progress)  # noqa: SLF001
    )
    keep = np.flatnonzero(codes >= 0)
    keys = view.key_index()[keep]
    n, k = len(keep), len(ROLES)
    index = pd.MultiIndex.from_arrays(
        [
            keys.repeat(k),
            pd.Categorical.from_codes(np.tile(np.arange(k), n), categories=list(ROLES), ordered=True),
        ],
        names=["key", "role"],
    )

    def column(name: str) -> np.ndarray:
        return np.ascontiguousarray(r[name][:, keep].T).reshape(-1)

    frame = pd.DataFrame(
        {name: column(name) for name in ("observed", "expected", "mean", "std", "p")},
        index=index,
    )
    frame.attrs.update(
        samples=int(r["samples"]),
        seed=seed_used,
        attribute=_attribute_name(attribute),
        totals=_totals_dict(
            {
                "observed": r["total_observed"],
                "expected": r["total_expected"],
                "mean": r["total_mean"],
                "std": r["total_std"],
                "p": r["total_p"],
            }
        ),
    )
    return frame
