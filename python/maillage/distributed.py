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

The View is sent once to every worker (``client.scatter(view, broadcast=True)``): it pickles with
protocol 5 out-of-band buffers, its CSR arrays travelling without a copy on the sending side
(``View.to_bytes`` / ``View.from_bytes`` give the same format as bytes). A worker lost during a
run has its blocks computed again elsewhere (Dask's own retries), with the same result.

Progress: the blocks done are reported like local progress (a bar, or the ``progress`` callable
with ``(stage, done, total)`` counted in sources, nodes or samples). Ctrl-C (or a progress
callable raising :class:`maillage.Cancelled`) cancels the blocks still queued or running and
raises :class:`maillage.Cancelled`.

Docs and a capacity model: ``docs/distributed.md``.
"""

from __future__ import annotations

import contextvars
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


def _scatter(client: "_distributed.Client", value: Any) -> Any:
    # hash=False: the key is random, so Dask does not pickle the view once more to name it.
    return client.scatter(value, broadcast=True, hash=False)


# ---------------------------------------------------------------------------- tasks (on workers)
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


# ---------------------------------------------------------------------------- entry points used by the wrappers
def _betweenness(client: Any, view, *, edges: bool, normalized: bool, endpoints: bool, k: Optional[int], seed: int,
                 progress: ProgressArg, blocks: Optional[int] = None, threads: int = 1) -> np.ndarray:
    """The betweenness values (scaled) of `view` computed on the cluster."""
    client = connect(client)
    sources = _core.betweenness_sources(view._v, k, seed)
    length = view.number_of_edges() if edges else view.number_of_nodes()
    total = np.zeros(length, dtype=np.float64)
    if len(sources):
        remote = _scatter(client, view)
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
        remote = _scatter(client, view)
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
        remote = _scatter(client, _Shared((ties, groups, tie_groups, node_groups)))
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


class _Shared:
    """One object to scatter (Dask would scatter a tuple's items one by one)."""

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
    whatever the number of workers or blocks. Built-in statistics only."""
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
