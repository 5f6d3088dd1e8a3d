// The worker budget, cancellation checkpoints, and many threads sharing one View (run under
// ThreadSanitizer by `scripts/test --tsan`, which selects the tests tagged [threads]).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <string_view>
#include <thread>
#include <vector>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;

namespace {

/// Sets the worker budget for one test and restores the default after it.
struct BudgetScope {
  explicit BudgetScope(unsigned budget) {
    set_worker_budget(budget);
    reset_worker_usage();
  }
  ~BudgetScope() { set_worker_budget(0); }
};

}  // namespace

TEST_CASE("A worker lease takes what the budget has free, at least the calling thread", "[threads]") {
  BudgetScope scope(4);
  CHECK(worker_budget() == 4);
  {
    const WorkerLease a(3);
    CHECK(a.workers() == 3);
    CHECK(worker_usage().in_use == 3);
    std::thread other([] {
      const WorkerLease b(8);  // one core left: the caller's own
      CHECK(b.workers() == 1);
      const WorkerLease nested(2);  // this thread is counted already: nothing free
      CHECK(nested.workers() == 1);
    });
    other.join();
    CHECK(worker_usage().in_use == 3);
    {
      const WorkerLease nested(5);  // nested on this thread: one more helper fits
      CHECK(nested.workers() == 2);
      CHECK(worker_usage().in_use == 4);
    }
  }
  CHECK(worker_usage().in_use == 0);
  CHECK(worker_usage().peak == 4);
  CHECK(worker_usage().peak_at_grant <= 4);
  set_worker_budget(0);
  CHECK(worker_budget() == std::max(1u, std::thread::hardware_concurrency()));
}

TEST_CASE("Concurrent threads share the worker budget; results do not depend on it", "[threads]") {
  const Graph g = test::random_graph(5, 2000, 8000, {"cooperates_with"});
  const View v = g.view();
  algo::BetweennessOptions serial;
  serial.threads = 1;
  const auto reference = algo::betweenness_centrality(v, serial).values;
  algo::PageRankOptions pserial;
  pserial.threads = 1;
  pserial.tol = 1e-10;
  const auto preference = algo::pagerank(v, pserial).values;

  BudgetScope scope(3);
  std::vector<int> same(6, 0);
  std::vector<std::thread> callers;
  for (unsigned t = 0; t < same.size(); ++t)
    callers.emplace_back([&, t] {
      algo::BetweennessOptions o;  // threads = 0: what the budget has free; 4: at most 4
      o.threads = t % 2 ? 0 : 4;
      algo::PageRankOptions p;
      p.tol = 1e-10;
      p.threads = 4;
      same[t] = algo::betweenness_centrality(v, o).values == reference && algo::pagerank(v, p).values == preference;
    });
  for (auto& c : callers) c.join();
  CHECK(same == std::vector<int>(same.size(), 1));
  const auto usage = worker_usage();
  CHECK(usage.in_use == 0);
  CHECK(usage.helpers_granted > 0);       // some calls did run helpers
  CHECK(usage.peak_at_grant <= 3);        // never started when the budget was used up
}

TEST_CASE("Many threads read one View at once and agree with a serial run", "[threads]") {
  const Graph g = test::random_graph(21, test::scaled(1500u, 400u), test::scaled(6000u, 1600u));
  ViewOptions vo;
  vo.weight = "weight";
  const View v = g.view(vo);
  algo::BetweennessOptions b;
  b.threads = 1;
  algo::ClosenessOptions c;
  c.threads = 1;
  algo::PageRankOptions p;
  p.threads = 1;
  algo::ClusteringOptions k;
  k.threads = 1;
  const auto bet = algo::betweenness_centrality(v, b).values;
  const auto clo = algo::closeness_centrality(v, c).values;
  const auto pr = algo::pagerank(v, p).values;
  const auto cl = algo::clustering(v, k).values;

  BudgetScope scope(8);
  constexpr unsigned readers = 8;
  std::vector<int> ok(readers, 0);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < readers; ++t)
    pool.emplace_back([&, t] {
      // Each reader also runs parallel kernels of its own (nested regions on the shared budget).
      algo::BetweennessOptions bo;
      bo.threads = 1 + static_cast<int>(t % 3);
      algo::ClosenessOptions co;
      co.threads = 2;
      algo::PageRankOptions po;
      po.threads = 1 + static_cast<int>(t % 2);
      algo::ClusteringOptions ko;
      ko.threads = 2;
      bool same = true;
      for (int round = 0; round < 2 && same; ++round) {
        same = algo::betweenness_centrality(v, bo).values == bet && algo::closeness_centrality(v, co).values == clo &&
               algo::pagerank(v, po).values == pr && algo::clustering(v, ko).values == cl;
        for (std::uint32_t u = 0; same && u < v.number_of_nodes(); u += 97)
          same = v.out_neighbors(u).size() == v.out_degree(u) && v.index_of(v.key(u)) == u;
      }
      ok[t] = same;
    });
  for (auto& t : pool) t.join();
  CHECK(ok == std::vector<int>(readers, 1));
  CHECK(worker_usage().peak_at_grant <= 8);
}

TEST_CASE("Cancelling from the callback stops the helpers of every threaded kernel", "[threads]") {
  BudgetScope scope(4);
  const Graph g = test::random_graph(8, test::scaled(20000u, 5000u), test::scaled(80000u, 20000u), {"cooperates_with"});
  const View v = g.view();
  for (int threads : {1, 2, 4}) {
    INFO("threads = " << threads);
    std::uint64_t calls = 0;
    auto stop_soon = [&](std::string_view, std::uint64_t, std::uint64_t) {
      if (++calls > 3) throw Cancelled("stopped by the callback");
    };
    // PageRank that would run 10⁷ iterations: only the checkpoints can stop it.
    algo::PageRankOptions p;
    p.tol = 1e-300;
    p.max_iter = 10'000'000;
    p.threads = threads;
    p.progress = stop_soon;
    CHECK(test::has(test::thrown<Cancelled>([&] { algo::pagerank(v, p); }), "stopped by the callback"));
    calls = 0;
    algo::EigenvectorOptions e;
    e.tol = 1e-300;
    e.max_iter = 10'000'000;
    e.threads = threads;
    e.progress = stop_soon;
    CHECK(test::has(test::thrown<Cancelled>([&] { algo::eigenvector_centrality(v, e); }), "stopped by the callback"));
    calls = 0;
    algo::KatzOptions k;
    k.alpha = 0.9;  // beyond 1/λ_max: diverges, never meets tol
    k.tol = 1e-300;
    k.max_iter = 10'000'000;
    k.threads = threads;
    k.progress = stop_soon;
    CHECK(test::has(test::thrown<Cancelled>([&] { algo::katz_centrality(v, k); }), "stopped by the callback"));
    calls = 0;
    algo::BetweennessOptions b;
    b.threads = threads;
    b.progress = stop_soon;
    CHECK(test::has(test::thrown<Cancelled>([&] { algo::betweenness_centrality(v, b); }), "stopped by the callback"));
    // A call after a cancelled one runs as usual, and the budget is whole again.
    CHECK(worker_usage().in_use == 0);
    b.progress = nullptr;
    b.k = 50;
    CHECK(algo::betweenness_centrality(v, b).values.size() == v.number_of_nodes());
  }
}

TEST_CASE("Without a callback, a checkpoint is a no-op; with one it reports at most every 50 ms", "[threads]") {
  checkpoint();  // outside a call: nothing happens
  std::vector<std::chrono::steady_clock::time_point> at;
  const ProgressCallback callback = [&](std::string_view, std::uint64_t, std::uint64_t) {
    at.push_back(std::chrono::steady_clock::now());
  };
  const auto start = std::chrono::steady_clock::now();
  {
    ProgressReporter reporter(callback, "busy", 10, 1000);
    // Checkpoints alone (no tick) make it report: the first report at construction, then one
    // after each 50 ms.
    while (at.size() < 4 && std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) checkpoint();
  }
  REQUIRE(at.size() == 4);
  for (std::size_t i = 1; i < at.size(); ++i) CHECK(at[i] - at[i - 1] >= ProgressReporter::interval);
  checkpoint();  // the reporter is gone: nothing happens
  CHECK(at.size() == 4);
}
