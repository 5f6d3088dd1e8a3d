// Closeness and harmonic centrality: per-node sums of distances *to* the node, so searches run on
// the reversed graph (in-arcs; the same arrays when undirected). Unweighted views run 64
// breadth-first searches at once over bit sets (multi-source BFS, Then et al., VLDB 2014), with
// per-lane counts of newly reached nodes kept in bit-sliced counters; weighted views run one
// Dijkstra per node. Every node's value is computed by one worker in a fixed order.
#include <bit>
#include <cmath>
#include <memory>

#include "maillage/algo/centrality.hpp"
#include "shortest_paths.hpp"
#include "support.hpp"

namespace maillage::algo {

namespace {

using detail::Csr;

/// Per-source sums gathered by a search: nodes reached (the source included), Σ d, Σ 1/d (d > 0).
struct Sums {
  std::uint64_t reached = 0;
  double total = 0.0;
  double harmonic = 0.0;
};

/// 64 counters in bit-sliced form: plane k holds bit k of every lane's count.
class LaneCounters {
 public:
  void add(std::uint64_t lanes) {
    std::uint64_t carry = lanes;
    for (unsigned k = 0; carry != 0; ++k) {
      const std::uint64_t t = planes_[k] & carry;
      planes_[k] ^= carry;
      carry = t;
      if (k + 1 > used_) used_ = k + 1;
    }
  }
  /// Reads every lane's count into `out` and clears the counters.
  void drain(std::uint64_t (&out)[64]) {
    for (unsigned lane = 0; lane < 64; ++lane) {
      std::uint64_t c = 0;
      for (unsigned k = 0; k < used_; ++k) c |= ((planes_[k] >> lane) & 1u) << k;
      out[lane] = c;
    }
    for (unsigned k = 0; k < used_; ++k) planes_[k] = 0;
    used_ = 0;
  }

 private:
  std::uint64_t planes_[64] = {};
  unsigned used_ = 0;
};

/// Multi-source BFS from sources [first, first + lanes) (lanes ≤ 64) over g; fills sums[0..lanes).
struct BatchBfs {
  explicit BatchBfs(std::uint32_t n) : seen(n, 0), visit(n, 0), next(n, 0) {}
  std::vector<std::uint64_t> seen, visit, next;
  LaneCounters counters;

  void run(const Csr& g, std::uint32_t first, unsigned lanes, Sums* sums) {
    const std::uint32_t n = g.n;
    std::uint64_t* seen_p = seen.data();
    std::uint64_t* visit_p = visit.data();
    std::uint64_t* next_p = next.data();
    const std::uint64_t* off = g.offsets.data();
    const std::uint32_t* tgt = g.targets.data();
    std::uint32_t lo = first, hi = first + lanes;  // range of nodes that may be in the frontier
    for (unsigned i = 0; i < lanes; ++i) {
      seen_p[first + i] = std::uint64_t{1} << i;
      visit_p[first + i] = std::uint64_t{1} << i;
      sums[i] = Sums{1, 0.0, 0.0};
    }
    std::uint64_t count[64];
    for (std::uint64_t level = 1;; ++level) {
      // Expand the frontier (only [lo, hi) can hold frontier bits).
      std::uint32_t nlo = n, nhi = 0;
      for (std::uint32_t v = lo; v < hi; ++v) {
        const std::uint64_t x = visit_p[v];
        if (x == 0) continue;
        visit_p[v] = 0;
        for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
          const std::uint32_t w = tgt[a];
          next_p[w] |= x;
          if (w < nlo) nlo = w;
          if (w >= nhi) nhi = w + 1;
        }
      }
      bool any = false;
      std::uint32_t flo = n, fhi = 0;
      for (std::uint32_t w = nlo; w < nhi; ++w) {
        const std::uint64_t x = next_p[w];
        if (x == 0) continue;
        next_p[w] = 0;
        const std::uint64_t fresh = x & ~seen_p[w];
        if (fresh == 0) continue;
        seen_p[w] |= fresh;
        visit_p[w] = fresh;
        counters.add(fresh);
        any = true;
        if (w < flo) flo = w;
        fhi = w + 1;
      }
      if (!any) break;
      lo = flo;
      hi = fhi;
      counters.drain(count);
      const double inv = 1.0 / static_cast<double>(level);
      for (unsigned i = 0; i < lanes; ++i) {
        if (count[i] == 0) continue;
        sums[i].reached += count[i];
        sums[i].total += static_cast<double>(count[i] * level);
        sums[i].harmonic += static_cast<double>(count[i]) * inv;
      }
    }
    // Clear what the batch set: every seen bit belongs to a reached node.
    std::fill(seen.begin(), seen.end(), 0);
  }
};

/// Dijkstra from s over g (lengths), summing as Sums.
Sums dijkstra_sums(const Csr& g, std::uint32_t s, detail::SingleSource& search) {
  search.dijkstra(g, s);
  Sums out;
  const auto order = search.order();
  out.reached = order.size();
  for (auto v : order) {
    const double d = search.dist(v);
    out.total += d;
    if (d != 0.0) out.harmonic += 1.0 / d;
  }
  search.reset();
  return out;
}

enum class Kind { closeness, harmonic };

std::vector<double> path_sums(const View& view, const ParallelOptions& options, Kind kind, bool wf_improved,
                              std::uint32_t block_first = 0, std::optional<std::uint32_t> block_last = {}) {
  const std::uint32_t n = view.number_of_nodes();
  // Nodes [block_first, block_last) only (every node by default); values[i] is node block_first + i.
  const std::uint32_t base = block_first, stop = block_last.value_or(n);
  std::vector<double> values(stop - base, 0.0);
  if (n == 0 || stop == base) return values;
  const auto lengths = detail::arc_lengths(view, view.in_weights());
  const bool weighted = !lengths.values.empty();
  const Csr g{view.in_offsets(), view.in_sources(), lengths.values, n};
  const double arcs = static_cast<double>(g.targets.size()) + n;

  auto finish = [&](std::uint32_t u, const Sums& s) {
    if (kind == Kind::harmonic) {
      values[u - base] = s.harmonic;
      return;
    }
    double c = 0.0;
    if (s.total > 0.0 && n > 1) {
      const double r1 = static_cast<double>(s.reached) - 1.0;
      c = r1 / s.total;
      if (wf_improved) c *= r1 / (static_cast<double>(n) - 1.0);
    }
    values[u - base] = c;
  };

  const char* stage = kind == Kind::closeness ? "closeness" : "harmonic";
  if (!weighted) {
    const std::size_t batches = (stop - base + 63) / 64;
    // A batch costs a few passes over the arcs, not 64.
    const double work = arcs * static_cast<double>(batches) * 4.0;
    const unsigned workers = detail::plan_workers(options.threads, work, batches);
    ProgressReporter progress(detail::progress_for(options.progress, work), stage, batches,
                              detail::report_every(batches));
    std::vector<std::unique_ptr<BatchBfs>> scratch(workers);
    detail::for_each_item(
        batches, workers,
        [&](std::size_t b, unsigned w) {
          if (!scratch[w]) scratch[w] = std::make_unique<BatchBfs>(n);
          const auto first = static_cast<std::uint32_t>(base + b * 64);
          const unsigned lanes = static_cast<unsigned>(std::min<std::size_t>(64, stop - first));
          Sums sums[64];
          scratch[w]->run(g, first, lanes, sums);
          for (unsigned i = 0; i < lanes; ++i) finish(first + i, sums[i]);
        },
        [&](std::size_t done) { progress.tick(done); });
    progress.finish();
    return values;
  }
  const std::size_t count = stop - base;
  const double work = arcs * static_cast<double>(count) * 3.0;
  const unsigned workers = detail::plan_workers(options.threads, work, count);
  ProgressReporter progress(detail::progress_for(options.progress, work), stage, count, detail::report_every(count));
  std::vector<std::unique_ptr<detail::SingleSource>> scratch(workers);
  detail::for_each_item(
      count, workers,
      [&](std::size_t i, unsigned w) {
        if (!scratch[w]) scratch[w] = std::make_unique<detail::SingleSource>(n);
        const auto u = static_cast<std::uint32_t>(base + i);
        finish(u, dijkstra_sums(g, u, *scratch[w]));
      },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  return values;
}

}  // namespace

NodeMeasure closeness_centrality(const View& view, const ClosenessOptions& options) {
  return NodeMeasure{path_sums(view, options, Kind::closeness, options.wf_improved)};
}

NodeMeasure harmonic_centrality(const View& view, const HarmonicOptions& options) {
  return NodeMeasure{path_sums(view, options, Kind::harmonic, false)};
}

NodeMeasure closeness_block(const View& view, std::uint32_t first, std::uint32_t last, bool harmonic,
                            const ClosenessOptions& options) {
  if (first > last || last > view.number_of_nodes())
    throw InvalidInput("closeness: node block [" + std::to_string(first) + ", " + std::to_string(last) +
                       ") is not within [0, " + std::to_string(view.number_of_nodes()) + ")");
  return NodeMeasure{path_sums(view, options, harmonic ? Kind::harmonic : Kind::closeness,
                               !harmonic && options.wf_improved, first, last)};
}

}  // namespace maillage::algo
