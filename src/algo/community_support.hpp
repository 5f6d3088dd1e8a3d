#pragma once
// Private helpers of the community, projection and backbone kernels: arc strengths under the
// weight rules, a portable seeded bounded draw, and the contract's label numbering.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "maillage/core/error.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo::community_detail {

/// Arc strengths: the weight on strength views, 1/w on distance views (a zero distance is an
/// InvalidInput naming the edge), 1 when unweighted (values left empty).
struct Strengths {
  std::vector<double> owned;
  std::span<const double> values;
};

inline Strengths arc_strengths(const View& view, std::span<const double> weights, std::span<const std::uint32_t> edges,
                               const char* measure) {
  Strengths out;
  if (!view.weighted()) return out;
  if (view.weight_kind() == WeightKind::strength) {
    out.values = weights;
    return out;
  }
  out.owned.resize(weights.size());
  for (std::size_t a = 0; a < weights.size(); ++a) {
    if (!(weights[a] > 0)) {
      const auto e = edges[a];
      throw InvalidInput(std::string(measure)
                             .append(": edge ")
                             .append(quote(view.key(view.edge_source(e))))
                             .append(" - ")
                             .append(quote(view.key(view.edge_target(e))))
                             .append(" has distance 0, an infinite strength (use a strength view, or positive distances)"));
    }
    out.owned[a] = 1.0 / weights[a];
  }
  out.values = out.owned;
  return out;
}

/// Unbiased draw in [0, range) from a 64-bit generator (rejection of the short last block): the
/// same seed gives the same numbers on every platform.
inline std::uint64_t bounded_draw(std::mt19937_64& rng, std::uint64_t range) {
  const std::uint64_t limit = (0 - range) % range;
  std::uint64_t x;
  do {
    x = rng();
  } while (x < limit);
  return x % range;
}

/// Renumbers raw labels in [0, sizes.size()) by decreasing size, ties by the smallest key among
/// the members; returns the new label of every raw label.
inline std::vector<std::uint32_t> rank_by_size_then_key(const View& view, const std::vector<std::uint32_t>& raw,
                                                        const std::vector<std::uint32_t>& sizes) {
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> smallest(sizes.size(), none);
  for (std::uint32_t i = 0; i < raw.size(); ++i) {
    const auto c = raw[i];
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
  return rank;
}

}  // namespace maillage::algo::community_detail
