// Overhead of the progress checkpoints and effect of the worker budget, on the C++ kernels directly
// (the Python layer adds nothing to either: the GIL is released in both).
//
// Build against a built core (build/cpp here; any other build of the library to compare):
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude bench/cpp/threads.cpp build/cpp/libmaillage.a -lpthread -o /tmp/threads_bench
//   /tmp/threads_bench [repeats]
// Prints, best of `repeats` (default 3) wall times:
//   - betweenness from 2,000 sampled sources and PageRank (tol 1e-10) on a Barabási–Albert graph of
//     10^5 nodes (m = 5), on every core, with no callback and with a no-op callback (as Python passes);
//   - significance (transitivity, 16 rewirings of a BA graph of 2·10^4 nodes) run by 2 and by 8
//     threads at once, each with threads = 0 (every core), as 2 or 8 Python threads would: with an
//     unbounded budget (every call starts a full crew, the behaviour before the budget) and with the
//     default budget (the hardware threads).
// Without a callback no reporter is installed and checkpoints return at their first branch: the
// kernels' cost before the checkpoints existed. The no-op callback row measures their overhead.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "maillage/maillage.hpp"

using namespace maillage;
using Clock = std::chrono::steady_clock;

namespace {

/// Barabási–Albert edges (NetworkX's construction: m targets per new node, drawn from repeated nodes).
std::vector<std::pair<std::uint32_t, std::uint32_t>> barabasi_albert(std::uint32_t n, std::uint32_t m, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<std::uint32_t> repeated;
  std::vector<std::uint32_t> targets(m);
  std::iota(targets.begin(), targets.end(), 0u);
  for (std::uint32_t source = m; source < n; ++source) {
    for (auto t : targets) edges.emplace_back(source, t);
    repeated.insert(repeated.end(), targets.begin(), targets.end());
    repeated.insert(repeated.end(), m, source);
    std::vector<std::uint32_t> chosen;
    while (chosen.size() < m) {
      const auto x = repeated[rng() % repeated.size()];
      if (std::find(chosen.begin(), chosen.end(), x) == chosen.end()) chosen.push_back(x);
    }
    targets = chosen;
  }
  return edges;
}

Graph graph_of(std::uint32_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  GraphBuilder b;
  for (std::uint32_t v = 0; v < n; ++v) b.add_node("n" + std::to_string(v));
  for (auto [s, t] : edges) b.add_edge("n" + std::to_string(s), "n" + std::to_string(t));
  return b.build();
}

template <class F>
double best_of(int repeats, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::atoi(argv[1]) : 3;
  const ProgressCallback noop = [](std::string_view, std::uint64_t, std::uint64_t) {};
  const std::uint32_t n = 100000;
  const Graph g = graph_of(n, barabasi_albert(n, 5, 1));
  const View v = g.view();
  std::printf("# BA 10^5 (m = 5), %u hardware threads, best of %d\n", std::thread::hardware_concurrency(), repeats);
  for (const bool with_callback : {false, true}) {
    algo::BetweennessOptions b;
    b.k = 2000;
    b.seed = 3;
    if (with_callback) b.progress = noop;
    algo::PageRankOptions p;
    p.tol = 1e-10;
    if (with_callback) p.progress = noop;
    const double tb = best_of(repeats, [&] { algo::betweenness_centrality(v, b); });
    const double tp = best_of(repeats * 3, [&] { algo::pagerank(v, p); });
    std::printf("%-22s betweenness k=2000: %7.3f s   pagerank: %7.4f s\n",
                with_callback ? "no-op callback" : "no callback", tb, tp);
  }

  const std::uint32_t ns = 20000;
  const auto ends = barabasi_albert(ns, 5, 2);
  algo::TieList ties;
  ties.nodes = ns;
  for (std::size_t i = 0; i < ends.size(); ++i) {
    ties.edges.push_back(static_cast<EdgeId>(i));
    ties.source.push_back(ends[i].first);
    ties.target.push_back(ends[i].second);
    ties.stratum.push_back(0);
  }
  algo::TieStatistic statistic;
  statistic.kind = algo::TieStatisticKind::transitivity;
  algo::SignificanceOptions o;
  o.samples = 16;
  o.progress = noop;
  // A budget of 1024 threads leaves every call its full crew, as before the budget existed.
  for (const unsigned budget : {1024u, 0u}) {
    set_worker_budget(budget);
    for (const unsigned callers : {2u, 8u}) {
      const double t = best_of(std::max(1, repeats - 1), [&] {
        std::vector<std::thread> pool;
        for (unsigned c = 0; c < callers; ++c) pool.emplace_back([&] { algo::significance(ties, {}, statistic, o); });
        for (auto& th : pool) th.join();
      });
      std::printf("significance x%u concurrent callers (16 samples each, threads = 0), budget %-9s: %7.2f s\n",
                  callers, budget ? "unbounded" : "default", t);
    }
  }
  set_worker_budget(0);
  return 0;
}
