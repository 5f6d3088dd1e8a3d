#include "maillage/algo/components.hpp"

#include <algorithm>
#include <numeric>

#include "labels.hpp"

namespace maillage::algo {

namespace detail {

ComponentsResult number_components(const View& view, const std::vector<std::uint32_t>& raw,
                                   const std::vector<std::uint32_t>& sizes) {
  const std::uint32_t n = view.number_of_nodes();
  // The smallest key breaks ties between components of equal size: compare keys only for those.
  std::vector<std::uint32_t> size_count(n + 1, 0);
  for (auto s : sizes) ++size_count[s];
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> smallest(sizes.size(), none);  // view index of the smallest key
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto c = raw[i];
    if (size_count[sizes[c]] < 2) continue;
    if (smallest[c] == none || view.key(i) < view.key(smallest[c])) smallest[c] = i;
  }
  std::vector<std::uint32_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](auto x, auto y) {
    if (sizes[x] != sizes[y]) return sizes[x] > sizes[y];
    return view.key(smallest[x]) < view.key(smallest[y]);
  });
  std::vector<std::uint32_t> rank(sizes.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<std::uint32_t>(r);
  ComponentsResult result;
  result.labels.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) result.labels[i] = rank[raw[i]];
  result.sizes.resize(sizes.size());
  for (std::size_t c = 0; c < sizes.size(); ++c) result.sizes[rank[c]] = sizes[c];
  return result;
}

}  // namespace detail

ComponentsResult connected_components(const View& view) {
  const std::uint32_t n = view.number_of_nodes();
  // Breadth-first search over the CSR (out- and in-arcs, so directed views give weak components):
  // sequential scans of the arc arrays, no union-find pointer chasing.
  constexpr std::uint32_t unseen = UINT32_MAX;
  std::vector<std::uint32_t> raw(n, unseen);
  std::vector<std::uint32_t> sizes;
  std::vector<std::uint32_t> queue(n);
  const auto out_offsets = view.out_offsets();
  const auto out_targets = view.out_targets();
  const auto in_offsets = view.in_offsets();
  const auto in_sources = view.in_sources();
  const bool directed = view.directed();
  for (std::uint32_t root = 0; root < n; ++root) {
    if (raw[root] != unseen) continue;
    const auto c = static_cast<std::uint32_t>(sizes.size());
    std::size_t head = 0, tail = 0;
    queue[tail++] = root;
    raw[root] = c;
    while (head < tail) {
      const std::uint32_t x = queue[head++];
      for (auto a = out_offsets[x]; a < out_offsets[x + 1]; ++a) {
        const auto y = out_targets[a];
        if (raw[y] == unseen) {
          raw[y] = c;
          queue[tail++] = y;
        }
      }
      if (directed) {
        for (auto a = in_offsets[x]; a < in_offsets[x + 1]; ++a) {
          const auto y = in_sources[a];
          if (raw[y] == unseen) {
            raw[y] = c;
            queue[tail++] = y;
          }
        }
      }
    }
    sizes.push_back(static_cast<std::uint32_t>(tail));
  }
  return detail::number_components(view, raw, sizes);
}

}  // namespace maillage::algo
