// k-core numbers (Batagelj–Zaversnik), clustering (triangle counting on the degree-ordered
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

/// Neighbours of v without self-loops, out-arcs then (directed) in-arcs.
template <class F>
void each_neighbor(const View& view, std::uint32_t v, F&& f) {
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  for (auto a = off[v]; a < off[v + 1]; ++a)
    if (tgt[a] != v) f(tgt[a]);
  if (view.directed()) {
    const auto ioff = view.in_offsets();
    const auto src = view.in_sources();
    for (auto a = ioff[v]; a < ioff[v + 1]; ++a)
      if (src[a] != v) f(src[a]);
  }
}

}  // namespace

CoreResult core_number(const View& view) {
  const std::uint32_t n = view.number_of_nodes();
  CoreResult r;
  r.values.resize(n);
  if (n == 0) return r;
  std::vector<std::uint32_t> deg(n, 0);
  std::uint32_t max_deg = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint32_t d = 0;
    each_neighbor(view, v, [&](std::uint32_t) { ++d; });
    deg[v] = d;
    max_deg = std::max(max_deg, d);
  }
  // Nodes sorted by degree (bucket sort); bin[d] = first position of degree d.
  std::vector<std::uint32_t> bin(max_deg + 2, 0), vert(n), pos(n);
  for (std::uint32_t v = 0; v < n; ++v) ++bin[deg[v] + 1];
  for (std::uint32_t d = 1; d <= max_deg + 1; ++d) bin[d] += bin[d - 1];
  {
    std::vector<std::uint32_t> next(bin.begin(), bin.end() - 1);
    for (std::uint32_t v = 0; v < n; ++v) {
      pos[v] = next[deg[v]]++;
      vert[pos[v]] = v;
    }
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t v = vert[i];
    each_neighbor(view, v, [&](std::uint32_t u) {
      if (deg[u] > deg[v]) {
        const std::uint32_t du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw];
        if (u != w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        ++bin[du];
        --deg[u];
      }
    });
  }
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
