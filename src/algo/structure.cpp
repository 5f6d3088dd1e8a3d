// k-core numbers (level-synchronous peeling, then lazy buckets), clustering (triangle counting on the degree-ordered
// orientation, or per-node two-step sums for weighted and directed views), transitivity, and
// strongly connected components (iterative Tarjan).
#include <atomic>
#include <cmath>
#include <memory>

#include "labels.hpp"
#include "maillage/algo/structure.hpp"
#include "support.hpp"

namespace maillage::algo {

namespace {

/// Neighbours of v without self-loops: out-arcs, then in-arcs on a directed view.
struct Neighbours {
  std::span<const std::uint64_t> off, ioff;
  std::span<const std::uint32_t> tgt, src;
  bool directed;
  template <class F>
  void each(std::uint32_t v, F&& f) const {
    for (auto a = off[v]; a < off[v + 1]; ++a)
      if (tgt[a] != v) f(tgt[a]);
    if (directed)
      for (auto a = ioff[v]; a < ioff[v + 1]; ++a)
        if (src[a] != v) f(src[a]);
  }
};

/// Finishes the peeling of the nodes in `remaining` (all with deg > k_done) with lazy buckets: a
/// node whose degree drops is appended to its new bucket and stale entries are skipped when
/// popped. Sequential, O(n + m).
void peel_with_buckets(const Neighbours& g, std::vector<std::uint32_t>& deg, const std::vector<std::uint32_t>& remaining) {
  std::uint32_t max_deg = 0, min_deg = UINT32_MAX;
  for (auto v : remaining) {
    max_deg = std::max(max_deg, deg[v]);
    min_deg = std::min(min_deg, deg[v]);
  }
  if (remaining.empty()) return;
  std::vector<std::vector<std::uint32_t>> bucket(max_deg + 1);
  for (auto v : remaining) bucket[deg[v]].push_back(v);
  for (std::uint32_t k = min_deg; k <= max_deg; ++k) {
    auto& b = bucket[k];
    for (std::size_t i = 0; i < b.size(); ++i) {  // b grows while it is drained
      const std::uint32_t v = b[i];
      if (deg[v] != k) continue;  // stale entry (the node moved down)
      // Peeled at k: its degree stays k, so no later test `deg > k'` (k' ≥ k) touches it again.
      g.each(v, [&](std::uint32_t u) {
        if (deg[u] > k) bucket[--deg[u]].push_back(u);
      });
    }
    std::vector<std::uint32_t>().swap(b);
  }
}

}  // namespace

CoreResult core_number(const View& view, const CoreOptions& options) {
  // Level-synchronous peeling (ParK, Dasari et al. 2014): at level k, every remaining node of
  // degree k is peeled, its neighbours above k lose one (atomically when parallel), and those
  // reaching k are peeled next, until none is left at k. Scans of the remaining nodes keep memory
  // access in index order. After 32 levels the rest is peeled sequentially with lazy buckets,
  // which bounds the cost at O(n + m) beyond them. Core numbers are unique, so the result does not
  // depend on the order of the peeling or on the thread count.
  const std::uint32_t n = view.number_of_nodes();
  CoreResult r;
  r.values.resize(n);
  if (n == 0) return r;
  const Neighbours g{view.out_offsets(), view.in_offsets(), view.out_targets(), view.in_sources(), view.directed()};
  std::vector<std::uint32_t> deg(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint32_t d = 0;
    g.each(v, [&](std::uint32_t) { ++d; });
    deg[v] = d;
  }
  const double arcs = static_cast<double>(view.out_targets().size() + (g.directed ? view.in_sources().size() : 0));
  detail::Team team(detail::plan_workers(options.threads, arcs + n, n));
  const unsigned workers = team.size();  // the budget may grant fewer than planned
  std::vector<std::uint32_t> remaining(n);
  std::iota(remaining.begin(), remaining.end(), 0u);
  std::uint32_t k = *std::min_element(deg.begin(), deg.end());
  constexpr int max_levels = 32;

  struct Local {
    std::vector<std::uint32_t> next, keep;
    std::uint32_t min_left = UINT32_MAX;
  };
  std::vector<Local> local(workers);
  std::vector<std::uint32_t> frontier;
  std::atomic<std::size_t> cursor{0};
  bool finished = false;
  int levels = 0;
  // Joins the workers' `next` lists into the shared frontier (worker 0, between barriers).
  auto gather = [&] {
    frontier.clear();
    for (auto& x : local) {
      frontier.insert(frontier.end(), x.next.begin(), x.next.end());
      x.next.clear();
    }
    cursor.store(0, std::memory_order_relaxed);
  };
  team.run([&](unsigned w) {
    Local& me = local[w];
    auto lower = [&](std::uint32_t u) {
      if (workers == 1) {
        if (deg[u] > k && --deg[u] == k) me.next.push_back(u);
        return;
      }
      std::atomic_ref<std::uint32_t> d(deg[u]);
      if (d.load(std::memory_order_relaxed) <= k) return;
      const std::uint32_t old = d.fetch_sub(1, std::memory_order_relaxed);
      if (old == k + 1) me.next.push_back(u);
      else if (old <= k) d.fetch_add(1, std::memory_order_relaxed);  // lost a race: undo
    };
    for (;;) {
      // The level's first frontier: remaining nodes of degree k, from each worker's block.
      const std::size_t size = remaining.size();
      const std::size_t lo = size * w / workers, hi = size * (w + 1) / workers;
      for (std::size_t i = lo; i < hi; ++i)
        if (deg[remaining[i]] == k) me.next.push_back(remaining[i]);
      team.sync();  // every frontier is taken before any degree drops (a node would be taken twice)
      if (team.aborted()) return;
      if (w == 0) gather();
      team.sync();
      while (!frontier.empty()) {
        // Peel the frontier in chunks taken in turn (hubs make the work uneven).
        constexpr std::size_t chunk = 256;
        for (;;) {
          const std::size_t first = cursor.fetch_add(chunk, std::memory_order_relaxed);
          if (first >= frontier.size()) break;
          const std::size_t last = std::min(frontier.size(), first + chunk);
          for (std::size_t i = first; i < last; ++i) g.each(frontier[i], lower);
        }
        team.sync();
        if (team.aborted()) return;
        if (w == 0) gather();
        team.sync();
      }
      // Keep the nodes above k (in index order) and find the next level.
      me.keep.clear();
      me.min_left = UINT32_MAX;
      for (std::size_t i = lo; i < hi; ++i) {
        const auto v = remaining[i];
        if (deg[v] > k) {
          me.keep.push_back(v);
          me.min_left = std::min(me.min_left, deg[v]);
        }
      }
      team.sync();
      if (team.aborted()) return;
      if (w == 0) {
        remaining.clear();
        std::uint32_t next_k = UINT32_MAX;
        for (const auto& x : local) {
          remaining.insert(remaining.end(), x.keep.begin(), x.keep.end());
          next_k = std::min(next_k, x.min_left);
        }
        k = next_k;
        finished = remaining.empty() || ++levels >= max_levels;
      }
      team.sync();
      if (team.aborted() || finished) return;
    }
  });
  if (!remaining.empty()) peel_with_buckets(g, deg, remaining);
  for (std::uint32_t v = 0; v < n; ++v) r.values[v] = deg[v];
  return r;
}

namespace {

/// Triangles at every node of an undirected view (self-loops ignored), and the degrees without
/// self-loops. Forward algorithm on the orientation from lower to higher (degree, index).
struct Triangles {
  std::vector<std::uint64_t> at;
  std::vector<std::uint64_t> degree;
};

Triangles count_triangles(const View& view, int threads) {
  const std::uint32_t n = view.number_of_nodes();
  Triangles t;
  t.at.assign(n, 0);
  t.degree.assign(n, 0);
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint64_t d = off[v + 1] - off[v];
    for (auto a = off[v]; a < off[v + 1]; ++a)
      if (tgt[a] == v) --d;
    t.degree[v] = d;
  }
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    return t.degree[a] < t.degree[b] || (t.degree[a] == t.degree[b] && a < b);
  };
  // Oriented CSR: v → w for neighbours w after v.
  std::vector<std::uint64_t> ooff(n + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint64_t c = 0;
    for (auto a = off[v]; a < off[v + 1]; ++a)
      if (before(v, tgt[a])) ++c;
    ooff[v + 1] = ooff[v] + c;
  }
  std::vector<std::uint32_t> otgt(ooff[n]);
  for (std::uint32_t v = 0; v < n; ++v) {
    auto k = ooff[v];
    for (auto a = off[v]; a < off[v + 1]; ++a)
      if (before(v, tgt[a])) otgt[k++] = tgt[a];
  }
  double work = 0.0;
  for (std::uint32_t v = 0; v < n; ++v) {
    const double d = static_cast<double>(ooff[v + 1] - ooff[v]);
    work += d * d;
  }
  constexpr std::size_t block = 256;
  const std::size_t blocks = (n + block - 1) / block;
  const unsigned workers = detail::plan_workers(threads, work + ooff[n], blocks);
  std::vector<std::vector<std::uint64_t>> counts(workers);
  std::vector<std::vector<std::uint32_t>> marks(workers);
  detail::for_each_item(
      blocks, workers,
      [&](std::size_t b, unsigned w) {
        auto& cnt = counts[w];
        auto& mark = marks[w];
        if (cnt.empty()) {
          cnt.assign(n, 0);
          mark.assign(n, 0);
        }
        const std::uint32_t lo = static_cast<std::uint32_t>(b * block);
        const std::uint32_t hi = static_cast<std::uint32_t>(std::min<std::size_t>(n, lo + block));
        for (std::uint32_t u = lo; u < hi; ++u) {
          const std::uint32_t stamp = u + 1;
          for (auto a = ooff[u]; a < ooff[u + 1]; ++a) mark[otgt[a]] = stamp;
          std::uint64_t at_u = 0;
          for (auto a = ooff[u]; a < ooff[u + 1]; ++a) {
            const std::uint32_t v = otgt[a];
            std::uint64_t at_v = 0;
            for (auto c = ooff[v]; c < ooff[v + 1]; ++c) {
              const std::uint32_t x = otgt[c];
              if (mark[x] == stamp) {
                ++at_v;
                ++cnt[x];
              }
            }
            at_u += at_v;
            cnt[v] += at_v;
          }
          cnt[u] += at_u;
        }
      },
      [](std::size_t) {});
  for (const auto& cnt : counts)
    if (!cnt.empty())
      for (std::uint32_t v = 0; v < n; ++v) t.at[v] += cnt[v];
  return t;
}

/// Clustering by per-node two-step sums: T_i = Σ_{j ≠ k} s_ij s_ik s_jk, s the (cube roots of
/// normalised) strengths, both directions added on directed views.
std::vector<double> clustering_pull(const View& view, int threads) {
  const std::uint32_t n = view.number_of_nodes();
  const bool directed = view.directed();
  const bool weighted = view.weighted();
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  const auto ioff = view.in_offsets();
  const auto src = view.in_sources();
  // Cube roots of strengths normalised by the largest one (1 when unweighted).
  std::vector<double> cout_, cin_;
  if (weighted) {
    const auto ws = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "clustering");
    double max_w = 0.0;
    for (double w : ws.values) max_w = std::max(max_w, w);
    if (max_w == 0.0) max_w = 1.0;
    cout_.resize(ws.values.size());
    for (std::size_t a = 0; a < ws.values.size(); ++a) cout_[a] = std::cbrt(ws.values[a] / max_w);
    if (directed) {
      const auto wi = detail::arc_strengths(view, view.in_weights(), view.in_edges(), "clustering");
      cin_.resize(wi.values.size());
      for (std::size_t a = 0; a < wi.values.size(); ++a) cin_[a] = std::cbrt(wi.values[a] / max_w);
    }
  }
  std::vector<double> values(n, 0.0);
  double work = 0.0;
  for (std::uint32_t v = 0; v < n; ++v) {
    const double d = static_cast<double>(off[v + 1] - off[v] + (directed ? ioff[v + 1] - ioff[v] : 0));
    work += d * d;
  }
  constexpr std::size_t block = 64;
  const std::size_t blocks = (n + block - 1) / block;
  const unsigned workers = detail::plan_workers(threads, work, blocks);
  struct Scratch {
    std::vector<double> s;               // s_ij of the current node's neighbours j, 0 elsewhere
    std::vector<std::uint8_t> listed;    // j is in nb
    std::vector<std::uint32_t> nb;
  };
  std::vector<Scratch> scratch(workers);
  detail::for_each_item(
      blocks, workers,
      [&](std::size_t b, unsigned wk) {
        auto& sc = scratch[wk];
        if (sc.s.empty()) {
          sc.s.assign(n, 0.0);
          sc.listed.assign(n, 0);
        }
        double* s = sc.s.data();
        std::uint8_t* listed = sc.listed.data();
        auto& nb = sc.nb;
        const std::uint32_t lo = static_cast<std::uint32_t>(b * block);
        const std::uint32_t hi = static_cast<std::uint32_t>(std::min<std::size_t>(n, lo + block));
        for (std::uint32_t i = lo; i < hi; ++i) {
          nb.clear();
          std::uint64_t dout = 0, din = 0, recip = 0;
          for (auto a = off[i]; a < off[i + 1]; ++a) {
            const auto j = tgt[a];
            if (j == i) continue;
            ++dout;
            s[j] = weighted ? cout_[a] : 1.0;
            listed[j] = 1;
            nb.push_back(j);
          }
          if (directed) {
            for (auto a = ioff[i]; a < ioff[i + 1]; ++a) {
              const auto j = src[a];
              if (j == i) continue;
              ++din;
              if (listed[j]) {
                ++recip;
              } else {
                listed[j] = 1;
                nb.push_back(j);
              }
              s[j] += weighted ? cin_[a] : 1.0;
            }
          }
          double t = 0.0;
          for (const auto j : nb) {
            double inner = 0.0;
            for (auto a = off[j]; a < off[j + 1]; ++a) {
              const auto k = tgt[a];
              if (k == i || k == j) continue;
              inner += s[k] * (weighted ? cout_[a] : 1.0);
            }
            if (directed) {
              for (auto a = ioff[j]; a < ioff[j + 1]; ++a) {
                const auto k = src[a];
                if (k == i || k == j) continue;
                inner += s[k] * (weighted ? cin_[a] : 1.0);
              }
            }
            t += s[j] * inner;
          }
          for (const auto j : nb) {
            s[j] = 0.0;
            listed[j] = 0;
          }
          double c = 0.0;
          if (t != 0.0) {
            if (directed) {
              const double dt = static_cast<double>(dout + din);
              c = t / (2.0 * (dt * (dt - 1.0) - 2.0 * static_cast<double>(recip)));
            } else {
              const double d = static_cast<double>(dout);
              c = t / (d * (d - 1.0));
            }
          }
          values[i] = c;
        }
      },
      [](std::size_t) {});
  return values;
}

}  // namespace

NodeMeasure clustering(const View& view, const ClusteringOptions& options) {
  NodeMeasure r;
  if (view.directed() || view.weighted()) {
    r.values = clustering_pull(view, options.threads);
    return r;
  }
  const auto t = count_triangles(view, options.threads);
  const std::uint32_t n = view.number_of_nodes();
  r.values.assign(n, 0.0);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (t.at[v] == 0) continue;
    const double d = static_cast<double>(t.degree[v]);
    r.values[v] = 2.0 * static_cast<double>(t.at[v]) / (d * (d - 1.0));
  }
  return r;
}

double transitivity(const View& view, const ClusteringOptions& options) {
  if (view.directed())
    throw InvalidInput("transitivity: needs an undirected view (make the view with directed=False)");
  const auto t = count_triangles(view, options.threads);
  std::uint64_t triangles = 0, triads = 0;
  for (std::size_t v = 0; v < t.at.size(); ++v) {
    triangles += 2 * t.at[v];
    triads += t.degree[v] * (t.degree[v] > 0 ? t.degree[v] - 1 : 0);
  }
  return triangles == 0 ? 0.0 : static_cast<double>(triangles) / static_cast<double>(triads);
}

ComponentsResult strongly_connected_components(const View& view) {
  const std::uint32_t n = view.number_of_nodes();
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  constexpr std::uint32_t unvisited = UINT32_MAX;
  std::vector<std::uint32_t> index(n, unvisited), low(n), raw(n, unvisited), sizes;
  std::vector<std::uint32_t> stack;  // Tarjan's stack of nodes
  struct Frame {
    std::uint32_t v;
    std::uint64_t arc;
  };
  std::vector<Frame> calls;
  std::uint32_t counter = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != unvisited) continue;
    index[root] = low[root] = counter++;
    stack.push_back(root);
    calls.push_back({root, off[root]});
    while (!calls.empty()) {
      Frame& f = calls.back();
      const std::uint32_t v = f.v;
      if (f.arc < off[v + 1]) {
        const std::uint32_t w = tgt[f.arc++];
        if (index[w] == unvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          calls.push_back({w, off[w]});
        } else if (raw[w] == unvisited) {  // on the stack
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
      if (low[v] == index[v]) {
        const auto c = static_cast<std::uint32_t>(sizes.size());
        std::uint32_t size = 0;
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          raw[w] = c;
          ++size;
        } while (w != v);
        sizes.push_back(size);
      }
    }
  }
  return detail::number_components(view, raw, sizes);
}

}  // namespace maillage::algo
