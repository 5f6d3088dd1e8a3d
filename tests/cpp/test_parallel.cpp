// parallel_blocks and planned_workers: deterministic blocks, size gating, exception propagation.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;

namespace {

using Block = std::tuple<std::size_t, std::size_t, unsigned>;

std::vector<Block> blocks_of(std::size_t n, int threads, std::size_t min_parallel) {
  std::vector<Block> blocks;
  std::mutex mutex;
  parallel_blocks(n, threads, min_parallel, [&](std::size_t begin, std::size_t end, unsigned worker) {
    std::lock_guard lock(mutex);
    blocks.emplace_back(begin, end, worker);
  });
  std::sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return std::get<2>(a) < std::get<2>(b); });
  return blocks;
}

}  // namespace

TEST_CASE("resolve_threads") {
  CHECK(resolve_threads(1) == 1);
  CHECK(resolve_threads(7) == 7);
  const unsigned all = resolve_threads(0);
  CHECK(all >= 1);
  CHECK(all == std::max(1u, std::thread::hardware_concurrency()));
}

TEST_CASE("planned_workers gates by size and thread count") {
  CHECK(planned_workers(100, 1, 0) == 1);    // one thread
  CHECK(planned_workers(100, 4, 0) == 4);
  CHECK(planned_workers(100, 4, 100) == 4);  // n ≥ min_parallel
  CHECK(planned_workers(99, 4, 100) == 1);   // n < min_parallel: inline
  CHECK(planned_workers(3, 8, 0) == 3);      // never more workers than items
  CHECK(planned_workers(1, 8, 0) == 1);
  CHECK(planned_workers(0, 8, 0) == 1);
  CHECK(planned_workers(1000, 0, 0) == std::min<unsigned>(resolve_threads(0), 1000));
}

TEST_CASE("parallel_blocks splits 0..n into equal contiguous blocks, one per worker") {
  // n = 10 over 4 workers: boundaries 10·w/4 = 0, 2, 5, 7, 10.
  CHECK(blocks_of(10, 4, 0) == std::vector<Block>{{0, 2, 0}, {2, 5, 1}, {5, 7, 2}, {7, 10, 3}});
  CHECK(blocks_of(9, 3, 0) == std::vector<Block>{{0, 3, 0}, {3, 6, 1}, {6, 9, 2}});
  CHECK(blocks_of(3, 8, 0) == std::vector<Block>{{0, 1, 0}, {1, 2, 1}, {2, 3, 2}});
  // Inline: one call over everything.
  CHECK(blocks_of(10, 1, 0) == std::vector<Block>{{0, 10, 0}});
  CHECK(blocks_of(10, 4, 11) == std::vector<Block>{{0, 10, 0}});
  CHECK(blocks_of(0, 4, 0) == std::vector<Block>{{0, 0, 0}});
  // The same blocks every time.
  for (int run = 0; run < 20; ++run) CHECK(blocks_of(1001, 6, 0) == blocks_of(1001, 6, 0));
}

TEST_CASE("parallel_blocks covers every item once, whatever the split") {
  for (std::size_t n : {0u, 1u, 2u, 5u, 17u, 1000u}) {
    for (int threads : {1, 2, 3, 8}) {
      std::vector<std::atomic<int>> seen(n);
      parallel_blocks(n, threads, 0, [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t i = begin; i < end; ++i) seen[i].fetch_add(1);
      });
      for (std::size_t i = 0; i < n; ++i) REQUIRE(seen[i].load() == 1);
      const auto blocks = blocks_of(n, threads, 0);
      REQUIRE(blocks.size() == planned_workers(n, threads, 0));
      for (unsigned w = 0; w < blocks.size(); ++w) REQUIRE(std::get<2>(blocks[w]) == w);
    }
  }
}

TEST_CASE("Per-worker sums merged in worker order do not depend on scheduling") {
  // Floating-point sums depend on their order: merged per worker, they are reproducible.
  std::vector<double> x(10007);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 / static_cast<double>(i + 1);
  auto sum = [&] {
    std::vector<double> partial(planned_workers(x.size(), 4, 0), 0.0);
    parallel_blocks(x.size(), 4, 0, [&](std::size_t begin, std::size_t end, unsigned worker) {
      for (std::size_t i = begin; i < end; ++i) partial[worker] += x[i];
    });
    double total = 0;
    for (double p : partial) total += p;
    return total;
  };
  const double first = sum();
  for (int run = 0; run < 10; ++run) CHECK(sum() == first);
}

TEST_CASE("parallel_blocks rethrows a worker's exception after all workers stop") {
  std::atomic<int> finished{0};
  try {
    parallel_blocks(8, 4, 0, [&](std::size_t begin, std::size_t, unsigned worker) {
      if (worker == 2) throw InvalidInput(std::string("item ").append(std::to_string(begin)).append(" is bad"));
      finished.fetch_add(1);
    });
    FAIL("no exception");
  } catch (const InvalidInput& e) {
    CHECK(std::string(e.what()) == "item 4 is bad");
  }
  CHECK(finished.load() == 3);  // the other workers ran to the end

  // Inline too, with the exception's own type.
  CHECK_THROWS_AS(parallel_blocks(5, 1, 0, [](std::size_t, std::size_t, unsigned) { throw Cancelled(); }), Cancelled);
  // Every worker failing: one of their exceptions comes out.
  CHECK_THROWS_AS(
      parallel_blocks(8, 4, 0, [](std::size_t, std::size_t, unsigned) { throw std::runtime_error("all"); }),
      std::runtime_error);
}
