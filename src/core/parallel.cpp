#include "maillage/core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "maillage/core/error.hpp"
#include "maillage/core/progress.hpp"

namespace maillage {

unsigned resolve_threads(int requested) {
  if (requested > 0) return static_cast<unsigned>(requested);
  return std::max(1u, std::thread::hardware_concurrency());
}

unsigned planned_workers(std::size_t n, int threads, std::size_t min_parallel) {
  const unsigned t = resolve_threads(threads);
  if (t <= 1 || n < std::max<std::size_t>(min_parallel, 2)) return 1;
  return static_cast<unsigned>(std::min<std::size_t>(t, n));
}

// ------------------------------------------------------------------ worker budget

namespace {

// One mutex guards the counts: a lease is taken once per parallel region (microseconds of work
// at least), so contention is negligible, and the counts stay exactly consistent.
struct Budget {
  std::mutex mutex;
  unsigned budget = 0;  // 0 = the hardware threads
  WorkerUsage usage;
};

Budget& budget_state() {
  static Budget b;
  return b;
}

unsigned effective_budget(const Budget& b) {
  return b.budget > 0 ? b.budget : std::max(1u, std::thread::hardware_concurrency());
}

// Whether this thread is already counted by a region's lease (a caller inside a region, or a helper).
thread_local bool counted_thread = false;

}  // namespace

unsigned worker_budget() {
  auto& b = budget_state();
  std::lock_guard lock(b.mutex);
  return effective_budget(b);
}

void set_worker_budget(unsigned budget) {
  auto& b = budget_state();
  std::lock_guard lock(b.mutex);
  b.budget = budget;
}

WorkerUsage worker_usage() {
  auto& b = budget_state();
  std::lock_guard lock(b.mutex);
  return b.usage;
}

void reset_worker_usage() {
  auto& b = budget_state();
  std::lock_guard lock(b.mutex);
  b.usage.peak = b.usage.in_use;
  b.usage.peak_at_grant = 0;
  b.usage.helpers_granted = 0;
}

WorkerLease::WorkerLease(unsigned wanted) {
  auto& b = budget_state();
  std::lock_guard lock(b.mutex);
  counted_self_ = !counted_thread;
  const unsigned self = counted_self_ ? 1 : 0;
  const unsigned limit = effective_budget(b);
  const unsigned used = b.usage.in_use + self;
  const unsigned free = used < limit ? limit - used : 0;
  helpers_ = std::min(wanted > 0 ? wanted - 1 : 0, free);
  b.usage.in_use += self + helpers_;
  b.usage.peak = std::max(b.usage.peak, b.usage.in_use);
  if (helpers_ > 0) {
    b.usage.peak_at_grant = std::max(b.usage.peak_at_grant, b.usage.in_use);
    b.usage.helpers_granted += helpers_;
  }
  counted_thread = true;
}

WorkerLease::~WorkerLease() {
  auto& b = budget_state();
  std::lock_guard lock(b.mutex);
  b.usage.in_use -= (counted_self_ ? 1 : 0) + helpers_;
  if (counted_self_) counted_thread = false;
}

void WorkerLease::enter_helper() { counted_thread = true; }

// ------------------------------------------------------------------ parallel_blocks

void parallel_blocks(std::size_t n, int threads, std::size_t min_parallel,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& body) {
  const unsigned blocks = planned_workers(n, threads, min_parallel);
  if (blocks == 1) {
    body(0, n, 0);
    return;
  }
  const WorkerLease lease(blocks);
  const unsigned workers = lease.workers();
  const detail::CheckpointSlot parent = detail::checkpoint_slot;
  std::exception_ptr first;
  std::mutex mutex;
  std::atomic<unsigned> next{0};
  bool stopped = false;
  // Blocks are taken in increasing order by whichever thread is free; each covers a fixed range.
  // A block that throws does not stop the others (each block runs to its end, as with one thread
  // per block), except a cancellation, which skips the blocks not started.
  auto work = [&] {
    for (;;) {
      const unsigned b = next.fetch_add(1, std::memory_order_relaxed);
      if (b >= blocks) return;
      try {
        body(n * b / blocks, n * (b + 1) / blocks, b);
      } catch (const detail::Stopped&) {
        next.store(blocks, std::memory_order_relaxed);
        std::lock_guard lock(mutex);
        stopped = true;
        return;
      } catch (const Cancelled&) {
        next.store(blocks, std::memory_order_relaxed);
        std::lock_guard lock(mutex);
        if (!first) first = std::current_exception();
        return;
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first) first = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (unsigned w = 1; w < workers; ++w)
      pool.emplace_back([&] {
        WorkerLease::enter_helper();
        detail::HelperScope scope(parent);
        work();
      });
  } catch (...) {
    next.store(blocks, std::memory_order_relaxed);
    for (auto& t : pool) t.join();
    throw;
  }
  work();
  for (auto& t : pool) t.join();
  if (first) std::rethrow_exception(first);
  if (stopped) {
    if (parent.helper) throw detail::Stopped{};
    throw Cancelled("cancelled");
  }
}

}  // namespace maillage
