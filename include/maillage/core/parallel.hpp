#pragma once
/// Thread-count resolution, the process-wide worker budget, and a size-gated, deterministic parallel
/// loop for kernels.
#include <cstddef>
#include <functional>

namespace maillage {

/// Number of worker threads for a call: `requested` > 0 is taken as is; 0 means every hardware
/// thread (at least 1). The budget below may grant fewer.
unsigned resolve_threads(int requested);

/// Runs `body(begin, end, block)` over [0, n) split into contiguous, equal blocks, one per planned
/// worker (`planned_workers`); block b always covers the same range for the same (n, threads), so
/// per-block results merged in block order are identical whatever the scheduling and however many
/// threads the budget grants. Runs inline when `threads` resolves to 1 or `n < min_parallel`. The
/// first exception thrown by a block is rethrown after all threads stop. Complexity: O(n) calls of
/// the body's per-item work.
void parallel_blocks(std::size_t n, int threads, std::size_t min_parallel,
                     const std::function<void(std::size_t begin, std::size_t end, unsigned block)>& body);

/// Number of blocks `parallel_blocks` cuts [0, n) into for these arguments.
unsigned planned_workers(std::size_t n, int threads, std::size_t min_parallel);

/// The process-wide worker budget: the most threads parallel regions run at once, counting each
/// calling thread (default: the hardware threads). Every parallel region of the library leases its
/// helper threads from it, so concurrent or nested calls from several threads never start more
/// helpers than the cores left free; a region always runs on its calling thread, so it gets at least
/// one worker. Results never depend on the number of workers granted.
unsigned worker_budget();
/// Sets the budget (0 restores the default). Regions already running keep their workers.
void set_worker_budget(unsigned budget);

/// Budget bookkeeping, for tests and diagnostics: threads counted now (callers inside a region and
/// their helpers), the most ever counted, the most counted right after a region was granted helpers
/// (never above the budget), and the helpers granted in all.
struct WorkerUsage {
  unsigned in_use = 0;
  unsigned peak = 0;
  unsigned peak_at_grant = 0;
  unsigned long long helpers_granted = 0;
};
WorkerUsage worker_usage();
/// Resets the peaks and the count of helpers granted.
void reset_worker_usage();

/// A lease of workers from the budget for one parallel region: the calling thread (counted unless
/// it is already a worker of an enclosing region) plus up to `wanted - 1` helpers, as many as the
/// budget has free. Released on destruction. Helper threads call `enter_helper()` on start.
class WorkerLease {
 public:
  explicit WorkerLease(unsigned wanted);
  WorkerLease(const WorkerLease&) = delete;
  WorkerLease& operator=(const WorkerLease&) = delete;
  ~WorkerLease();
  /// Workers granted: 1 (the calling thread) + helpers, in [1, wanted].
  unsigned workers() const { return 1 + helpers_; }

  /// Marks the current thread as a leased helper, so regions nested in it count only their own
  /// helpers.
  static void enter_helper();

 private:
  unsigned helpers_ = 0;
  bool counted_self_ = false;
};

}  // namespace maillage
