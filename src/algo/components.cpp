#include "maillage/algo/components.hpp"

#include <algorithm>
#include <numeric>

namespace maillage::algo {

ComponentsResult connected_components(const View& view) {
  const std::uint32_t n = view.number_of_nodes();
  // Union-find with path halving and union by size.
  std::vector<std::uint32_t> parent(n), size(n, 1);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (std::size_t e = 0; e < view.number_of_edges(); ++e) {
    auto a = find(view.edge_source(e)), b = find(view.edge_target(e));
    if (a == b) continue;
    if (size[a] < size[b]) std::swap(a, b);
    parent[b] = a;
    size[a] += size[b];
  }
  // Raw component per root, with its size and smallest key.
  std::vector<std::uint32_t> raw(n, 0), root_component(n, UINT32_MAX);
  std::vector<std::uint32_t> sizes;
  std::vector<std::uint32_t> smallest;  // view index of the smallest key
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto r = find(i);
    if (root_component[r] == UINT32_MAX) {
      root_component[r] = static_cast<std::uint32_t>(sizes.size());
      sizes.push_back(0);
      smallest.push_back(i);
    }
    const auto c = root_component[r];
    raw[i] = c;
    ++sizes[c];
    if (view.key(i) < view.key(smallest[c])) smallest[c] = i;
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

}  // namespace maillage::algo
