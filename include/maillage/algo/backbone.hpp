#pragma once
/// The disparity filter (Serrano, Boguñá & Vespignani 2009): the statistically significant
/// backbone of a weighted network.
#include <cstdint>
#include <vector>

#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Options of disparity_backbone.
struct BackboneOptions {
  /// Significance level: an edge is kept when its p-value is below it.
  double alpha = 0.05;
};

/// Per view edge (in view edge order): the p-value of the edge's strength under the null model of
/// each endpoint, their minimum, and whether it is kept.
struct BackboneResult {
  std::vector<double> p_source, p_target, p_value;
  std::vector<std::uint8_t> kept;
  std::size_t kept_count() const;
};

/// Disparity filter. For an edge of strength w at a node of strength s and degree k (self-loops
/// left out of both), p = (1 − w/s)^(k − 1) — the probability that a uniform random split of s
/// into k parts gives this edge at least w (so p = 1 when k = 1); p_value = min(p_source,
/// p_target), kept when p_value < alpha (an edge is kept when significant for either end).
/// Directed views test arc u→v with u's out-strength and out-degree and v's in-strength and
/// in-degree. Self-loops get p-values 1 and are never kept. Strengths are the weights (1/w on
/// distance views, 1 when unweighted). Deterministic. O(n + m).
/// InvalidInput for alpha outside [0, 1].
BackboneResult disparity_backbone(const View& view, const BackboneOptions& options = {});

}  // namespace maillage::algo
