"""The same analyses on a Dask cluster, with the same results (``pip install 'maillage[dask]'``).

Every function takes ``client=``, a ``distributed.Client`` (or a scheduler address, ``"tcp://host:8786"``),
and splits the work the local kernel would do into blocks that the cluster's workers compute:

- :func:`significance` (and ``maillage.significance(..., client=c)``): the null-model samples in
  ranges of draws. Draw ``s`` of ``seed`` is a function of ``(seed, s)`` alone, so the null
  distribution, and every column of the result, is identical to the local run's, whatever the
  number of workers.
- :func:`betweenness_centrality`, :func:`edge_betweenness_centrality` (exact or sampled, the same
  sample of sources as locally): the sources in blocks; the blocks' unscaled sums are added on
  the workers in a fixed binary tree (block order), only the total comes back, and it is scaled
  as locally: equal to the local values up to the order of the additions (1e-12; bit for bit with
  ``blocks=1``, and the same for a given ``blocks`` on any cluster).
- :func:`closeness_centrality`, :func:`harmonic_centrality`: the nodes in blocks; each node's value
  is computed by one search, so the values are identical to the local ones.
- :func:`bipartite_projection`: the projected nodes' rows in blocks; the blocks' ties joined in
  block order are the local projection's, so the Graph is the local one. Or written as Parquet
  partitions, one file per block, by the workers.
- A Python statistic of :func:`significance` travels pickled by cloudpickle (as Dask pickles
  functions) and runs on ranges of draws; one that cannot be pickled is refused by name.

What the blocks share (the View, the tie list, the incidence of a projection) is placed on the
cluster by a task that unpickles it from bytes carried in the task itself: the workers copy the
result from one another as their blocks need it, and should the worker holding it die, the
scheduler runs that task again on another worker (scattered data could not be made again). So a
worker lost during a run (a machine gone, a process killed) costs only its blocks, which Dask
computes again elsewhere, with the same result. The View pickles with protocol 5 out-of-band
buffers, its CSR arrays travelling between workers without a copy on the sending side
(``View.to_bytes`` / ``View.from_bytes`` give the same format as bytes).

Progress: the blocks done are reported like local progress (a bar, or the ``progress`` callable
with ``(stage, done, total)`` counted in sources, nodes or samples). Ctrl-C (or a progress
callable raising :class:`maillage.Cancelled`) cancels the blocks still queued or running and
raises :class:`maillage.Cancelled`.

Docs and a capacity model: ``docs/distributed.md``.
"""

from __future__ import annotations

import contextvars
import pickle
import warnings
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

try:
    import distributed as _distributed
except ImportError as _error:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "maillage.distributed needs Dask: install the 'dask' extra (pip install 'maillage[dask]', which brings "
        "dask and distributed)"
    ) from _error

from . import _core
from ._errors import Cancelled, InvalidInput
from ._progress import ProgressArg, resolve_progress

__all__ = [
    "significance",
    "betweenness_centrality",
    "edge_betweenness_centrality",
    "closeness_centrality",
    "harmonic_centrality",
    "bipartite_projection",
    "connect",
]

#: Blocks per worker thread when ``blocks=None``: enough for the faster workers to take over the
#: blocks of a slower or lost one, few enough that a block's overhead stays small.
BLOCKS_PER_THREAD = 4

# blocks= of the public functions below, read by the entry points the wrappers call.
_BLOCKS: contextvars.ContextVar[Optional[int]] = contextvars.ContextVar("maillage_distributed_blocks", default=None)


def connect(client: Any, timeout: str = "10s") -> "_distributed.Client":
    """A ``distributed.Client``: ``client`` itself, or a new client of the scheduler at the address
    ``client`` (a string such as ``"tcp://127.0.0.1:8786"``); :class:`maillage.InvalidInput` when
    no scheduler answers there within ``timeout``."""
    if isinstance(client, _distributed.Client):
        return client
    if isinstance(client, str):
        try:
            return _distributed.Client(client, timeout=timeout)
        except (OSError, TimeoutError) as error:
            raise InvalidInput(f"no Dask scheduler answers at {client!r} ({error})") from None
    raise InvalidInput(f"client= takes a distributed.Client or a scheduler address, not {type(client).__name__}")


def _threads_of(client: "_distributed.Client") -> int:
    info = client.scheduler_info()
    return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))


def _block_count(client: "_distributed.Client", items: int, blocks: Optional[int]) -> int:
    if blocks is None:
        blocks = _BLOCKS.get()
    if blocks is None:
        blocks = BLOCKS_PER_THREAD * _threads_of(client)
    elif isinstance(blocks, bool) or not isinstance(blocks, (int, np.integer)) or blocks < 1:
        raise InvalidInput(f"blocks must be None or an integer ≥ 1, not {blocks!r}")
    return int(max(1, min(int(blocks), items)))


def _bounds(items: int, blocks: int, align: int = 1) -> List[Tuple[int, int]]:
    """[first, last) of each block: `blocks` near-equal blocks, their starts multiples of `align`."""
    cuts = sorted({min(items, (items * b // blocks) // align * align) for b in range(blocks)} | {items})
    return [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def _run(client: "_distributed.Client", futures: List[Any], sizes: List[int], stage: str, progress: ProgressArg,
         fold: Callable[[int, Any], None]) -> None:
    """Waits for the blocks, reporting progress (sizes: items per block) and handing each result
    to `fold` in block order (results that arrive early wait); cancels them all on Ctrl-C or when
    the progress callable raises."""
    report = resolve_progress(progress)
    total = int(sum(sizes))
    position = {f.key: i for i, f in enumerate(futures)}
    waiting: Dict[int, Any] = {}
    next_block = 0
    done = 0
    try:
        if report is not None:
            report(stage, 0, total)
        for future in _distributed.as_completed(futures):
            i = position[future.key]
            waiting[i] = future.result()
            future.release()
            done += sizes[i]
            while next_block in waiting:
                fold(next_block, waiting.pop(next_block))
                next_block += 1
            if report is not None:
                report(stage, done, total)
    except KeyboardInterrupt:
        client.cancel(futures)
        raise Cancelled("cancelled") from None
    except BaseException:
        client.cancel(futures)
        raise


def _wait(client: "_distributed.Client", futures: List[Any], sizes: List[int], stage: str, progress: ProgressArg,
          final: Any, extra: List[Any]) -> Any:
    """Waits for the blocks (reporting progress as they finish) then returns `final`'s result;
    cancels every future (blocks and `extra`) on Ctrl-C or when the progress callable raises."""
    report = resolve_progress(progress)
    total = int(sum(sizes))
    position = {f.key: i for i, f in enumerate(futures)}
    done = 0
    try:
        if report is not None:
            report(stage, 0, total)
        for future in _distributed.as_completed(futures):
            if future.status == "error":
                future.result()  # raises the task's error
            done += sizes[position[future.key]]
            if report is not None:
                report(stage, done, total)
        return final.result()
    except KeyboardInterrupt:
        client.cancel(futures + extra)
        raise Cancelled("cancelled") from None
    except BaseException:
        client.cancel(futures + extra)
        raise


def _tree_sum(client: "_distributed.Client", futures: List[Any]) -> Tuple[Any, List[Any]]:
    """The sum of the blocks' vectors, added on the workers in a fixed binary tree (block 2i with
    block 2i + 1, then the pairs' sums likewise): the same additions in the same order whatever
    the cluster, and one vector sent back to the client. Returns the root and the inner nodes."""
    inner: List[Any] = []
    level = list(futures)
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level), 2):
            if i + 1 < len(level):
                nxt.append(client.submit(_task_add, level[i], level[i + 1], pure=False))
                inner.append(nxt[-1])
            else:
                nxt.append(level[i])
        level = nxt
    return level[0], inner


def _place(client: "_distributed.Client", value: Any) -> Any:
    """A future of `value` on the cluster that the cluster can make again: a task unpickling
    `value` from bytes carried in its own definition. Should the worker holding it die, the
    scheduler runs the task again on another worker (the bytes stay with the scheduler while the
    future lives), so the blocks that need it wait instead of failing; the workers copy the result
    from one another as their blocks need it. (Scattered data, which the scheduler cannot make
    again, would be lost with its worker.)"""
    return _place_bytes(client, pickle.dumps(value, protocol=5))


def _place_bytes(client: "_distributed.Client", payload: bytes) -> Any:
    with warnings.catch_warnings():
        # The bytes are meant to be in the task: Dask's advice to scatter them instead is what this avoids.
        warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
        return client.submit(_task_load, payload, pure=False)


# ---------------------------------------------------------------------------- tasks (on workers)
def _task_load(payload: bytes) -> Any:
    return pickle.loads(payload)


def _task_add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a + b


def _task_betweenness(view, sources, edges: bool, endpoints: bool, threads: int):
    return _core.betweenness_sums(view._v, sources, edges, endpoints, threads, None)


def _task_closeness(view, first: int, last: int, harmonic: bool, wf_improved: bool, threads: int):
    return _core.closeness_block(view._v, first, last, harmonic, wf_improved, threads, None)


def _task_null(ties, groups, statistic, k, tie_groups, node_groups, by_groups, resolution, model, seed, swaps,
               first, count, threads):
    return _core.null_values(ties, groups, statistic, k, tie_groups, node_groups, by_groups, resolution, model, seed,
                             swaps, first, count, threads, None)


def _task_callable(shared, first: int, count: int) -> np.ndarray:
    draws, k, names = shared
    return draws.rows(first, count, k, names)


def _task_project(incidence, begin: int, end: int, weighting: str, min_weight: float, threads: int):
    return _core.project_rows(incidence, begin, end, weighting, min_weight, threads)


def _task_project_parquet(shared, begin: int, end: int, weighting: str, min_weight: float, threads: int,
                          file: str) -> int:
    from . import _atomic
    from ._parquet import _edge_table, _pyarrow

    pq = _pyarrow()
    incidence, keys, record = shared.value
    part = _edge_part(keys, *_core.project_rows(incidence, begin, end, weighting, min_weight, threads))
    with _atomic.open_temporary(file) as handle:
        pq.write_table(_edge_table(part, record, preserve_index=False), handle)
    return len(part)


# ---------------------------------------------------------------------------- entry points used by the wrappers
def _betweenness(client: Any, view, *, edges: bool, normalized: bool, endpoints: bool, k: Optional[int], seed: int,
                 progress: ProgressArg, blocks: Optional[int] = None, threads: int = 1) -> np.ndarray:
    """The betweenness values (scaled) of `view` computed on the cluster."""
    client = connect(client)
    sources = _core.betweenness_sources(view._v, k, seed)
    length = view.number_of_edges() if edges else view.number_of_nodes()
    total = np.zeros(length, dtype=np.float64)
    if len(sources):
        remote = _place(client, view)
        bounds = _bounds(len(sources), _block_count(client, len(sources), blocks))
        futures = [
            client.submit(_task_betweenness, remote, sources[a:b], edges, endpoints, threads, pure=False)
            for a, b in bounds
        ]
        root, inner = _tree_sum(client, futures)
        total = _wait(client, futures, [b - a for a, b in bounds], "edge betweenness" if edges else "betweenness",
                      progress, root, inner)
        client.cancel([remote])
    return _core.scale_betweenness(view._v, total, sources, edges, normalized, endpoints, k)


def _closeness(client: Any, view, *, harmonic: bool, wf_improved: bool, progress: ProgressArg,
               blocks: Optional[int] = None, threads: int = 1) -> np.ndarray:
    client = connect(client)
    n = view.number_of_nodes()
    values = np.zeros(n, dtype=np.float64)
    if n:
        remote = _place(client, view)
        # Blocks start on multiples of 64 (the width of the unweighted kernel's batches).
        bounds = _bounds(n, _block_count(client, max(1, n // 64), blocks), align=64)
        futures = [
            client.submit(_task_closeness, remote, a, b, harmonic, wf_improved, threads, pure=False) for a, b in bounds
        ]

        def fold(i: int, part: np.ndarray) -> None:
            a, b = bounds[i]
            values[a:b] = part

        _run(client, futures, [b - a for a, b in bounds], "harmonic" if harmonic else "closeness", progress, fold)
        client.cancel([remote])
    return values


def _tie_significance(client: Any, ties, groups, statistic: str, k: int, tie_groups, node_groups, by_groups: int,
                      resolution: float, model: str, seed: int, swaps: float, samples: int, progress: ProgressArg,
                      blocks: Optional[int] = None, threads: int = 1) -> tuple:
    """The core's significance summary (as _core.tie_significance) with the samples drawn on the
    cluster: the same draws, the same values, the same summary."""
    client = connect(client)
    # The observed value and every check of the inputs, locally (no sample drawn).
    observed = _core.tie_significance(ties, groups, statistic, k, tie_groups, node_groups, by_groups, resolution,
                                      model, seed, swaps, 0, 1, None)[0]
    width = len(observed)
    rows: List[np.ndarray] = []
    counts = [0, 0]
    if samples:
        remote = _place(client, _Shared((ties, groups, tie_groups, node_groups)))
        bounds = _bounds(samples, _block_count(client, samples, blocks))
        futures = [
            client.submit(_task_null_remote, remote, statistic, k, by_groups, resolution, model, seed, swaps, a, b - a,
                          threads, pure=False)
            for a, b in bounds
        ]

        def fold(_i: int, part: tuple) -> None:
            values, attempts, accepted = part
            rows.append(np.asarray(values).reshape(-1, width))
            counts[0] += int(attempts)
            counts[1] += int(accepted)

        _run(client, futures, [b - a for a, b in bounds], "null model", progress, fold)
        client.cancel([remote])
    values = np.concatenate(rows) if rows else np.empty((0, width))
    summary = _core.summarize_null(observed, values)
    return summary[:9] + (counts[0], counts[1])


def _callable_null(client: Any, draws, samples: int, k: int, names: Any, progress: ProgressArg,
                   blocks: Optional[int] = None) -> np.ndarray:
    """The values (samples × k) of a Python statistic on the null model's draws, computed on the
    cluster in ranges of draws: draw s is the local run's draw s, so the values are the local
    ones. The statistic travels pickled by cloudpickle (as Dask pickles functions); one that cannot
    be pickled is refused here, before anything is sent."""
    import cloudpickle

    client = connect(client)
    try:
        payload = cloudpickle.dumps((draws, k, names), protocol=5)
    except Exception as error:  # noqa: BLE001 - whatever cloudpickle raises: the statistic cannot travel
        raise InvalidInput(
            f"significance: the statistic {getattr(draws.statistic, '__name__', repr(draws.statistic))} cannot be sent "
            f"to the cluster's workers: cloudpickle cannot pickle it ({type(error).__name__}: {error}). Keep what it "
            "uses picklable (no locks, open files, connections or generators in its closure or attributes), or run "
            "it locally (client=None)"
        ) from None
    values = np.full((samples, k), np.nan)
    if samples:
        remote = _place_bytes(client, payload)
        bounds = _bounds(samples, _block_count(client, samples, blocks))
        futures = [client.submit(_task_callable, remote, a, b - a, pure=False) for a, b in bounds]

        def fold(i: int, part: np.ndarray) -> None:
            a, b = bounds[i]
            values[a:b] = part

        _run(client, futures, [b - a for a, b in bounds], "null model", progress, fold)
        client.cancel([remote])
    return values


def _bipartite_projection(client: Any, g, nodes: Optional[List[str]], kind: Optional[str], relations: List[str],
                          weighting: str, min_weight: float, *, path: Any = None, blocks: Optional[int] = None,
                          progress: ProgressArg = None, threads: int = 1):
    """The projection of `g` (as _community.bipartite_projection) with its rows projected on the
    cluster in blocks; the blocks' ties joined in block order give the local projection's ties in
    its order, so the Graph is the local one. With `path`, written as Parquet partitions instead."""
    from ._graph import Graph

    client = connect(client)
    # The projected nodes, the events and every check of the arguments, locally.
    incidence = _core.projection_incidence(g._g, nodes, kind, relations)  # noqa: SLF001
    _core.project_rows(incidence, 0, 0, weighting, min_weight, 1)  # the weighting and min_weight checked
    rows = incidence.rows
    # A Graph of the projected nodes without ties: the nodes, registry, ladder and metadata of the result.
    empty = np.empty(0)
    bare = Graph(_core.projected_graph(g._g, incidence, empty.astype(np.uint32), empty.astype(np.uint32), empty,  # noqa: SLF001
                                       empty.astype(np.int64)))
    if path is not None:
        return _projection_to_parquet(client, bare, incidence, weighting, min_weight, path, blocks, progress, threads)
    parts: List[tuple] = []
    if rows:
        remote = _place(client, incidence)
        bounds = _bounds(rows, _block_count(client, rows, blocks))
        futures = [
            client.submit(_task_project, remote, a, b, weighting, min_weight, threads, pure=False) for a, b in bounds
        ]
        _run(client, futures, [b - a for a, b in bounds], "bipartite projection", progress,
             lambda _i, part: parts.append(part))
        client.cancel([remote])
    columns = [np.concatenate([part[c] for part in parts]) if parts else empty.astype(t)
               for c, t in enumerate((np.uint32, np.uint32, np.float64, np.int64))]
    return Graph(_core.projected_graph(g._g, incidence, *columns))  # noqa: SLF001


def _edge_part(keys: np.ndarray, source, target, weight, shared):
    """The ties of a block as the rows of the projection's ``edges_frame()`` (without the edge ids)."""
    import pandas as pd

    from . import _convert as cv

    sdtype = cv._default_string_dtype()  # noqa: SLF001
    return pd.DataFrame({
        "source": pd.Series(keys[source], dtype=sdtype),
        "target": pd.Series(keys[target], dtype=sdtype),
        "relation": pd.Series(np.full(len(source), "co_participates", dtype=object), dtype=sdtype),
        "weight": pd.Series(weight, dtype=np.float64),
        "shared": pd.Series(shared, dtype=np.int64),
    })


def _projection_to_parquet(client, bare, incidence, weighting: str, min_weight: float, path: Any,
                           blocks: Optional[int], progress: ProgressArg, threads: int) -> None:
    """Writes the projection as ``path/nodes.parquet`` (written here) and ``path/edges.parquet/``,
    one file ``part-NNNNNN.parquet`` per block written by the worker that computed it (a temporary
    file renamed). The folder is built whole beside ``path`` and swapped in at the end, so a failed
    run leaves ``path`` as it was. ``maillage.read(path)`` reads the projection back."""
    from pathlib import Path

    from . import _atomic
    from ._parquet import _pyarrow, _record

    pq = _pyarrow()
    import pyarrow as pa

    rows = incidence.rows
    keys = np.array(bare._g.keys(), dtype=object)  # noqa: SLF001
    node_frame = bare.nodes_frame()
    record = _record(bare, node_frame, _edge_part(keys, *(np.empty(0, dtype=t) for t in
                                                          (np.uint32, np.uint32, np.float64, np.int64))))
    with _atomic.folder(Path(path)) as temporary:
        edges = temporary / "edges.parquet"
        edges.mkdir()
        bounds = _bounds(rows, _block_count(client, rows, blocks)) if rows else [(0, 0)]
        remote = _place(client, _Shared((incidence, keys, record)))
        futures = [
            client.submit(_task_project_parquet, remote, a, b, weighting, min_weight, threads,
                          str(edges / f"part-{i:06d}.parquet"), pure=False)
            for i, (a, b) in enumerate(bounds)
        ]
        _run(client, futures, [b - a for a, b in bounds], "bipartite projection", progress, lambda _i, _n: None)
        client.cancel([remote])
        missing = [i for i in range(len(bounds)) if not (edges / f"part-{i:06d}.parquet").is_file()]
        if missing:
            raise InvalidInput(f"{path}: the workers wrote part {missing[0]} where the client cannot read it: "
                               "writing Parquet partitions needs a folder every worker and the client share")
        # Temporary files left by a worker lost while writing its part (the part was written again).
        for stale in edges.glob(".*"):
            stale.unlink()
        pq.write_table(pa.Table.from_pandas(node_frame, preserve_index=True), temporary / "nodes.parquet")


class _Shared:
    """One object placed on the cluster (a tuple would be taken apart by Dask)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __reduce__(self):
        return (_Shared, (self.value,))


def _task_null_remote(shared, statistic, k, by_groups, resolution, model, seed, swaps, first, count, threads):
    ties, groups, tie_groups, node_groups = shared.value
    return _task_null(ties, groups, statistic, k, tie_groups, node_groups, by_groups, resolution, model, seed, swaps,
                      first, count, threads)


# ---------------------------------------------------------------------------- public functions
def _with_blocks(blocks: Optional[int], call: Callable[[], Any]) -> Any:
    if blocks is not None and (isinstance(blocks, bool) or not isinstance(blocks, (int, np.integer)) or blocks < 1):
        raise InvalidInput(f"blocks must be None or an integer ≥ 1, not {blocks!r}")
    token = _BLOCKS.set(blocks)
    try:
        return call()
    finally:
        _BLOCKS.reset(token)


def significance(g: Any, statistic: Any, *, client: Any, blocks: Optional[int] = None, **options: Any):
    """:func:`maillage.significance` with the null-model samples drawn on the cluster in
    ``blocks`` ranges of draws (default: 4 per worker thread): the same result (every column, and
    the null distribution with ``return_null=True``) as the local run for the same ``seed``,
    whatever the number of workers or blocks. A Python callable ``statistic`` travels pickled by
    cloudpickle (a lambda or closure by value, a module's function by reference: that module must
    be importable on the workers); one that cannot be pickled (holding a lock, an open file, …) is
    an :class:`maillage.InvalidInput` naming it, raised before anything is sent."""
    from ._nullmodel import significance as local

    return _with_blocks(blocks, lambda: local(g, statistic, client=client, **options))


def betweenness_centrality(g: Any, *, client: Any, blocks: Optional[int] = None, **options: Any):
    """:func:`maillage.betweenness_centrality` with the sources (all, or the same sample of ``k`` as
    locally) split into ``blocks`` blocks computed on the cluster (default: 4 per worker thread).
    Equal to the local values to 1e-12: the same sums, added in another order (bit for bit with
    ``blocks=1``; the same for a given ``blocks`` on any cluster)."""
    from ._centrality import betweenness_centrality as local

    return _with_blocks(blocks, lambda: local(g, client=client, **options))


def edge_betweenness_centrality(g: Any, *, client: Any, blocks: Optional[int] = None, **options: Any):
    """:func:`maillage.edge_betweenness_centrality` on the cluster, as :func:`betweenness_centrality`."""
    from ._centrality import edge_betweenness_centrality as local

    return _with_blocks(blocks, lambda: local(g, client=client, **options))


def closeness_centrality(g: Any, *, client: Any, blocks: Optional[int] = None, **options: Any):
    """:func:`maillage.closeness_centrality` with the nodes split into ``blocks`` blocks computed on
    the cluster: identical values."""
    from ._centrality import closeness_centrality as local

    return _with_blocks(blocks, lambda: local(g, client=client, **options))


def harmonic_centrality(g: Any, *, client: Any, blocks: Optional[int] = None, **options: Any):
    """:func:`maillage.harmonic_centrality` with the nodes split into ``blocks`` blocks computed on
    the cluster: identical values."""
    from ._centrality import harmonic_centrality as local

    return _with_blocks(blocks, lambda: local(g, client=client, **options))


def bipartite_projection(g: Any, *, client: Any, blocks: Optional[int] = None, path: Any = None,
                         progress: ProgressArg = None, **options: Any):
    """:func:`maillage.bipartite_projection` with the projected nodes' rows split into ``blocks``
    blocks (default: 4 per worker thread), each projected on a worker; the blocks' ties joined in
    block order are the local projection's, in its order, so the Graph is the local one (same
    nodes, edges, edge ids, weights bit for bit).

    ``path``: instead of returning a Graph, writes the projection as Parquet partitions and returns
    None: ``path/nodes.parquet`` (the projected nodes and their attributes, written by the client)
    and ``path/edges.parquet/part-000000.parquet``, … (one file per block, in row order, written by
    the worker that computed it under a temporary name then renamed; columns ``source``,
    ``target``, ``relation``, ``weight``, ``shared``). The folder is built beside ``path`` and
    swapped in once every block is written, so a failed run leaves ``path`` as it was; it must be
    on storage that the workers and the client share. ``maillage.read(path)`` reads the projection
    back (the local Graph). ``progress``: rows projected, by blocks."""
    from ._community import _projection_arguments

    def run():
        nodes, relations, min_weight = _projection_arguments(g, options.pop("nodes", None),
                                                             options.pop("relations", ("participates_in",)),
                                                             options.pop("min_weight", 0))
        kind = options.pop("kind", None)
        weighting = options.pop("weighting", "count")
        options.pop("threads", None)  # a block runs one single-threaded kernel call
        if options:
            raise TypeError(f"bipartite_projection() got an unexpected keyword argument {sorted(options)[0]!r}")
        return _bipartite_projection(client, g, nodes, kind, relations, weighting, min_weight, path=path,
                                     progress=progress)

    return _with_blocks(blocks, run)
