#pragma once
// Private single-source searches shared by the path kernels: breadth-first search and Dijkstra
// over one CSR (out-arcs, or in-arcs for distances *to* a node), with reusable scratch.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace maillage::algo::detail {

/// One CSR side of a view, with optional arc lengths (empty = unweighted: hops).
struct Csr {
  std::span<const std::uint64_t> offsets;
  std::span<const std::uint32_t> targets;
  std::span<const double> lengths;
  std::uint32_t n = 0;
};

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t none = UINT32_MAX;

/// A binary min-heap of (distance, node) with lazy deletion (stale entries are skipped on pop).
class DistanceHeap {
 public:
  bool empty() const { return items_.empty(); }
  void clear() { items_.clear(); }
  void push(double d, std::uint32_t v) {
    items_.push_back({d, v});
    std::size_t i = items_.size() - 1;
    while (i > 0) {
      const std::size_t p = (i - 1) / 2;
      if (!(items_[i].d < items_[p].d)) break;
      std::swap(items_[i], items_[p]);
      i = p;
    }
  }
  /// Removes and returns the smallest entry.
  std::pair<double, std::uint32_t> pop() {
    const Item top = items_.front();
    const Item last = items_.back();
    items_.pop_back();
    const std::size_t size = items_.size();
    if (size > 0) {
      std::size_t i = 0;
      for (;;) {
        std::size_t c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && items_[c + 1].d < items_[c].d) ++c;
        if (!(items_[c].d < last.d)) break;
        items_[i] = items_[c];
        i = c;
      }
      items_[i] = last;
    }
    return {top.d, top.v};
  }

 private:
  struct Item {
    double d;
    std::uint32_t v;
  };
  std::vector<Item> items_;
};

/// Distances from one source. `order` lists the reached nodes in settling order (the source
/// first), `hops`/`dist` hold their distances; `reset()` clears only what was touched.
class SingleSource {
 public:
  explicit SingleSource(std::uint32_t n) : hops_(n, -1), dist_(), order_(n) {}

  /// Breadth-first search; returns the number of reached nodes (order()[0..count)).
  std::uint32_t bfs(const Csr& g, std::uint32_t s) {
    std::int32_t* hops = hops_.data();
    std::uint32_t* order = order_.data();
    const std::uint64_t* off = g.offsets.data();
    const std::uint32_t* tgt = g.targets.data();
    order[0] = s;
    hops[s] = 0;
    std::uint32_t head = 0, tail = 1;
    while (head < tail) {
      const std::uint32_t v = order[head++];
      const std::int32_t next = hops[v] + 1;
      for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
        const std::uint32_t w = tgt[a];
        if (hops[w] < 0) {
          hops[w] = next;
          order[tail++] = w;
        }
      }
    }
    count_ = tail;
    weighted_ = false;
    return tail;
  }

  /// Dijkstra; returns the number of reached (settled) nodes.
  std::uint32_t dijkstra(const Csr& g, std::uint32_t s) {
    if (dist_.empty()) dist_.assign(hops_.size(), inf);
    double* dist = dist_.data();
    std::uint32_t* order = order_.data();
    std::int32_t* settled = hops_.data();  // -1 = not settled
    const std::uint64_t* off = g.offsets.data();
    const std::uint32_t* tgt = g.targets.data();
    const double* len = g.lengths.data();
    heap_.clear();
    dist[s] = 0.0;
    heap_.push(0.0, s);
    touched_.clear();
    touched_.push_back(s);
    std::uint32_t count = 0;
    while (!heap_.empty()) {
      const auto [d, v] = heap_.pop();
      if (settled[v] >= 0) continue;
      settled[v] = 0;
      order[count++] = v;
      for (auto a = off[v], end = off[v + 1]; a < end; ++a) {
        const std::uint32_t w = tgt[a];
        if (settled[w] >= 0) continue;
        const double nd = d + len[a];
        if (nd < dist[w]) {
          if (dist[w] == inf) touched_.push_back(w);
          dist[w] = nd;
          heap_.push(nd, w);
        }
      }
    }
    count_ = count;
    weighted_ = true;
    return count;
  }

  std::span<const std::uint32_t> order() const { return {order_.data(), count_}; }
  std::int32_t hops(std::uint32_t v) const { return hops_[v]; }
  double dist(std::uint32_t v) const { return dist_[v]; }

  void reset() {
    for (std::uint32_t i = 0; i < count_; ++i) hops_[order_[i]] = -1;
    if (weighted_)
      for (auto v : touched_) dist_[v] = inf;
    count_ = 0;
  }

 private:
  std::vector<std::int32_t> hops_;
  std::vector<double> dist_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> touched_;
  DistanceHeap heap_;
  std::uint32_t count_ = 0;
  bool weighted_ = false;
};

}  // namespace maillage::algo::detail
