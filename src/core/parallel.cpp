#include "maillage/core/parallel.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

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

void parallel_blocks(std::size_t n, int threads, std::size_t min_parallel,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& body) {
  const unsigned workers = planned_workers(n, threads, min_parallel);
  if (workers == 1) {
    body(0, n, 0);
    return;
  }
  std::exception_ptr first;
  std::mutex mutex;
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) {
    const std::size_t begin = n * w / workers;
    const std::size_t end = n * (w + 1) / workers;
    pool.emplace_back([&, begin, end, w] {
      try {
        body(begin, end, w);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first) first = std::current_exception();
      }
    });
  }
  for (auto& t : pool) t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace maillage
