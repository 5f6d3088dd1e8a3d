#pragma once
/// Thread-count resolution and a size-gated, deterministic parallel loop for kernels.
#include <cstddef>
#include <functional>

namespace maillage {

/// Number of worker threads for a call: `requested` > 0 is taken as is; 0 means every hardware
/// thread (at least 1).
unsigned resolve_threads(int requested);

/// Runs `body(begin, end, worker)` over [0, n) split into contiguous, equal blocks, one per
/// worker; worker w always gets the same block for the same (n, threads), so per-worker results
/// merged in worker order are identical whatever the scheduling. Runs inline (one worker) when
/// `threads` resolves to 1 or `n < min_parallel`. The first exception thrown by a worker is
/// rethrown after all workers stop. Complexity: O(n) calls of the body's per-item work.
void parallel_blocks(std::size_t n, int threads, std::size_t min_parallel,
                     const std::function<void(std::size_t begin, std::size_t end, unsigned worker)>& body);

/// Number of workers `parallel_blocks` would use for these arguments.
unsigned planned_workers(std::size_t n, int threads, std::size_t min_parallel);

}  // namespace maillage
