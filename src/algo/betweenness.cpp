// Brandes' betweenness (nodes and edges): one search per source counting shortest paths, then a
// backward sweep pulling dependencies from successors (no predecessor lists). Sources are cut into
// fixed chunks; each worker sums a chunk into its own buffer and the buffers join the total in
// chunk order, so the result is the same for any thread count.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "maillage/algo/centrality.hpp"
#include "shortest_paths.hpp"
#include "support.hpp"

namespace maillage::algo {

namespace {

using detail::Csr;

/// A node's breadth-first level (-1 = unreached) and σ, then (1 + δ)/σ.
struct Slot {
  double value;
  std::int32_t level;
};

/// Per-worker scratch of the searches.
struct Scratch {
  explicit Scratch(std::uint32_t n, bool weighted) : order(n) {
    if (weighted) {
      dist.assign(n, detail::inf);
      pos.assign(n, detail::none);
      sigma.assign(n, 0.0);
      coef.assign(n, 0.0);
    } else {
      slots.assign(n, Slot{0.0, -1});
    }
  }
  std::vector<Slot> slots;         // unweighted
  std::vector<double> dist;        // weighted: +inf = unreached
  std::vector<std::uint32_t> pos;  // weighted: settling rank, none = unsettled
  std::vector<double> sigma;
  std::vector<double> coef;  // (1 + δ_w) / σ_w
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> touched;
  detail::DistanceHeap heap;
};

/// Accumulates the dependencies of source s into `acc` (node betweenness, by node) or (edge
/// betweenness, by view edge), unweighted. Each node's level and σ (then, once the backward sweep
/// has passed it, (1 + δ)/σ) share one 16-byte slot, so an arc costs one cache line either way.
template <bool Edges, bool Endpoints>
void brandes_bfs(const Csr& g, std::span<const std::uint32_t> arc_edges, std::uint32_t s, Scratch& sc,
                 double* acc) {
  Slot* slot = sc.slots.data();
  std::uint32_t* order = sc.order.data();
  const std::uint64_t* off = g.offsets.data();
  const std::uint32_t* tgt = g.targets.data();
  order[0] = s;
  slot[s] = Slot{1.0, 0};
  std::uint32_t head = 0, tail = 1;
  while (head < tail) {
    const std::uint32_t v = order[head++];
    const std::int32_t next = slot[v].level + 1;
    const double sv = slot[v].value;
    for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
      Slot& w = slot[tgt[a]];
      if (w.level < 0) {
        w.level = next;
        w.value = sv;
        order[tail++] = tgt[a];
      } else if (w.level == next) {
        w.value += sv;
      }
    }
  }
  const std::uint32_t last = Edges ? 0 : 1;
  for (std::uint32_t i = tail; i-- > last;) {
    const std::uint32_t v = order[i];
    const std::int32_t next = slot[v].level + 1;
    const double sv = slot[v].value;
    double sum = 0.0;
    for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
      const Slot& w = slot[tgt[a]];
      if (w.level == next) {
        sum += w.value;
        if constexpr (Edges) acc[arc_edges[a]] += sv * w.value;
      }
    }
    const double delta = sv * sum;
    slot[v].value = (1.0 + delta) / sv;
    if constexpr (!Edges) {
      if constexpr (Endpoints) acc[v] += delta + 1.0;
      else acc[v] += delta;
    }
  }
  if constexpr (Endpoints && !Edges) acc[s] += static_cast<double>(tail - 1);
  for (std::uint32_t i = 0; i < tail; ++i) slot[order[i]].level = -1;
}

/// The same with Dijkstra (arc lengths in g.lengths; +inf = no arc).
template <bool Edges, bool Endpoints>
void brandes_dijkstra(const Csr& g, std::span<const std::uint32_t> arc_edges, std::uint32_t s, Scratch& sc,
                      double* acc) {
  double* dist = sc.dist.data();
  std::uint32_t* pos = sc.pos.data();
  double* sigma = sc.sigma.data();
  double* coef = sc.coef.data();
  std::uint32_t* order = sc.order.data();
  const std::uint64_t* off = g.offsets.data();
  const std::uint32_t* tgt = g.targets.data();
  const double* len = g.lengths.data();
  auto& heap = sc.heap;
  auto& touched = sc.touched;
  heap.clear();
  touched.clear();
  dist[s] = 0.0;
  sigma[s] = 1.0;
  touched.push_back(s);
  heap.push(0.0, s);
  std::uint32_t count = 0;
  while (!heap.empty()) {
    const auto [d, v] = heap.pop();
    if (pos[v] != detail::none) continue;
    pos[v] = count;
    order[count++] = v;
    const double sv = sigma[v];
    for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
      const std::uint32_t w = tgt[a];
      if (pos[w] != detail::none) continue;
      const double nd = d + len[a];
      const double dw = dist[w];
      if (nd < dw) {
        if (dw == detail::inf) touched.push_back(w);
        dist[w] = nd;
        sigma[w] = sv;
        heap.push(nd, w);
      } else if (nd == dw && nd != detail::inf) {
        sigma[w] += sv;
      }
    }
  }
  const std::uint32_t last = Edges ? 0 : 1;
  for (std::uint32_t i = count; i-- > last;) {
    const std::uint32_t v = order[i];
    const double dv = dist[v];
    const double sv = sigma[v];
    double sum = 0.0;
    for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
      const std::uint32_t w = tgt[a];
      const std::uint32_t pw = pos[w];
      if (pw != detail::none && pw > i && dv + len[a] == dist[w]) {
        sum += coef[w];
        if constexpr (Edges) acc[arc_edges[a]] += sv * coef[w];
      }
    }
    const double delta = sv * sum;
    coef[v] = (1.0 + delta) / sv;
    if constexpr (!Edges) {
      if constexpr (Endpoints) acc[v] += delta + 1.0;
      else acc[v] += delta;
    }
  }
  if constexpr (Endpoints && !Edges) acc[s] += static_cast<double>(count - 1);
  for (auto v : touched) {
    dist[v] = detail::inf;
    pos[v] = detail::none;
  }
}

/// Most chunks the sources are cut into (a function of the number of sources only).
constexpr std::size_t max_chunks = 1024;

/// Runs Brandes from every source into a vector of `length` sums (n nodes or m edges).
template <bool Edges>
std::vector<double> accumulate(const View& view, const std::vector<std::uint32_t>& sources, std::size_t length,
                               bool endpoints, const ParallelOptions& options, const char* stage) {
  const std::uint32_t n = view.number_of_nodes();
  const auto lengths = detail::arc_lengths(view, view.out_weights());
  const bool weighted = !lengths.values.empty();
  const Csr g{view.out_offsets(), view.out_targets(), lengths.values, n};
  const auto arc_edges = view.out_edges();

  std::vector<double> total(length, 0.0);
  const std::size_t count = sources.size();
  if (count == 0 || length == 0) return total;
  const std::size_t chunks = std::min(count, max_chunks);
  auto chunk_begin = [&](std::size_t c) { return count * c / chunks; };

  const double arcs = static_cast<double>(g.targets.size()) + n;
  ProgressReporter progress(detail::progress_for(options.progress, arcs * static_cast<double>(count)), stage, count,
                            detail::report_every(count));
  detail::Team team(detail::plan_workers(options.threads, arcs * static_cast<double>(count), chunks));
  const unsigned workers = team.size();  // the budget may grant fewer than planned
  // Each chunk's sources are summed, in order, into a buffer of their own; the buffers are folded
  // into the total in chunk order, so the sums do not depend on the number of workers. A wave gives
  // each worker `depth` chunks (chunk base + j·workers + w), as many as 32 MB of buffers allow:
  // a small graph runs in one wave, three barriers in all, where a barrier per chunk cost more than
  // the chunk itself below a few thousand nodes.
  constexpr std::size_t buffer_budget = std::size_t{32} << 20;
  const std::size_t per_buffer = std::max<std::size_t>(1, length * sizeof(double));
  const std::size_t depth = std::clamp<std::size_t>(buffer_budget / (per_buffer * workers), 1,
                                                    (chunks + workers - 1) / workers);
  const std::size_t wave_size = depth * workers;
  std::vector<std::vector<double>> buffers(std::min(wave_size, chunks), std::vector<double>(length, 0.0));
  std::atomic<std::size_t> done{0};

  auto run_source = [&](std::uint32_t s, Scratch& sc, double* acc) {
    if (weighted) {
      if (endpoints) brandes_dijkstra<Edges, true>(g, arc_edges, s, sc, acc);
      else brandes_dijkstra<Edges, false>(g, arc_edges, s, sc, acc);
    } else {
      if (endpoints) brandes_bfs<Edges, true>(g, arc_edges, s, sc, acc);
      else brandes_bfs<Edges, false>(g, arc_edges, s, sc, acc);
    }
  };

  team.run([&](unsigned w) {
    Scratch sc(n, weighted);
    // Node range this worker folds into the total after each wave.
    const std::size_t lo = length * w / workers, hi = length * (w + 1) / workers;
    for (std::size_t base = 0; base < chunks; base += wave_size) {
      const std::size_t wave = std::min(wave_size, chunks - base);
      for (std::size_t k = w; k < wave; k += workers) {
        double* acc = buffers[k].data();
        for (std::size_t i = chunk_begin(base + k); i < chunk_begin(base + k + 1); ++i) {
          run_source(sources[i], sc, acc);
          const std::size_t now = done.fetch_add(1, std::memory_order_relaxed) + 1;
          if (w == 0) progress.tick(now);
          checkpoint();  // progress on the calling thread, cancellation on the helpers
        }
      }
      team.sync();
      if (team.aborted()) return;
      for (std::size_t k = 0; k < wave; ++k) {
        double* b = buffers[k].data();
        for (std::size_t i = lo; i < hi; ++i) {
          total[i] += b[i];
          b[i] = 0.0;
        }
      }
      team.sync();
      if (team.aborted()) return;
    }
  });
  progress.finish();
  return total;
}

std::vector<std::uint32_t> choose_sources(std::uint32_t n, const BetweennessOptions& options, bool& sampled) {
  sampled = false;
  if (options.k) {
    const auto k = *options.k;
    if (k == 0 || k > n)
      throw InvalidInput(std::string("betweenness: k=")
                             .append(std::to_string(k))
                             .append(" sources requested from ")
                             .append(std::to_string(n))
                             .append(" nodes (use 1 ≤ k ≤ n)"));
    if (k < n) {
      sampled = true;
      return detail::sample_sources(n, k, options.seed);
    }
  }
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  return all;
}

}  // namespace

BetweennessResult betweenness_centrality(const View& view, const BetweennessOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  bool sampled = false;
  BetweennessResult r;
  r.sources = choose_sources(n, options, sampled);
  r.values = accumulate<false>(view, r.sources, n, options.endpoints, options, "betweenness");
  scale_betweenness(view, r.values, r.sources, false, options);
  return r;
}

EdgeMeasure edge_betweenness_centrality(const View& view, const BetweennessOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  bool sampled = false;
  const auto sources = choose_sources(n, options, sampled);
  EdgeMeasure r;
  r.values = accumulate<true>(view, sources, view.number_of_edges(), false, options, "edge betweenness");
  scale_betweenness(view, r.values, sources, true, options);
  return r;
}

std::vector<std::uint32_t> betweenness_sources(const View& view, const BetweennessOptions& options) {
  bool sampled = false;
  return choose_sources(view.number_of_nodes(), options, sampled);
}

std::vector<double> betweenness_sums(const View& view, std::span<const std::uint32_t> sources, bool edges,
                                     const BetweennessOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  for (auto s : sources)
    if (s >= n)
      throw InvalidInput("betweenness: source " + std::to_string(s) + " is not a node of the view (" +
                         std::to_string(n) + " nodes)");
  const std::vector<std::uint32_t> list(sources.begin(), sources.end());
  if (edges) return accumulate<true>(view, list, view.number_of_edges(), false, options, "edge betweenness");
  return accumulate<false>(view, list, n, options.endpoints, options, "betweenness");
}

void scale_betweenness(const View& view, std::vector<double>& values, std::span<const std::uint32_t> sources,
                       bool edges, const BetweennessOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  const bool sampled = options.k && *options.k < n;
  const double correction = view.directed() ? 1.0 : 2.0;
  const double K = sampled ? static_cast<double>(sources.size()) : static_cast<double>(n);
  if (edges) {
    const double N = n;
    if (N < 2.0) return;
    const double scale = options.normalized ? 1.0 / (K * (N - 1.0)) : N / (K * correction);
    if (scale != 1.0)
      for (auto& x : values) x *= scale;
    return;
  }
  // NetworkX's _rescale.
  const double nn = n;
  const double N = options.endpoints ? nn : nn - 1.0;
  if (N < 2.0) return;
  const double Kn = sampled ? K : N;
  if (!sampled || options.endpoints) {
    const double scale = options.normalized ? 1.0 / (Kn * (N - 1.0)) : N / (Kn * correction);
    if (scale != 1.0)
      for (auto& x : values) x *= scale;
    return;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double scale_source, scale_other;
  if (options.normalized) {
    scale_source = Kn > 1.0 ? 1.0 / ((Kn - 1.0) * (N - 1.0)) : nan;
    scale_other = 1.0 / (Kn * (N - 1.0));
  } else {
    scale_source = Kn > 1.0 ? N / ((Kn - 1.0) * correction) : nan;
    scale_other = N / (Kn * correction);
  }
  std::vector<std::uint8_t> is_source(n, 0);
  for (auto s : sources) is_source[s] = 1;
  for (std::uint32_t v = 0; v < n; ++v) values[v] *= is_source[v] ? scale_source : scale_other;
}

}  // namespace maillage::algo
