#pragma once
/// Degree, strength and degree centrality of the nodes of a View.
#include <cstdint>
#include <vector>

#include "maillage/algo/measures.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Options of degree, strength and degree_centrality.
struct DegreeOptions {
  /// On directed views: arcs entering (`in`), leaving (`out`) or both (`total`). Ignored on
  /// undirected views.
  Direction direction = Direction::total;
};

/// Degrees per view node.
struct DegreeResult {
  std::vector<std::int64_t> values;
};

/// Number of view edges at each node (parallel edges are already one view edge). A self-loop
/// counts twice in `total` (once in, once out), as in NetworkX. O(n). Deterministic.
DegreeResult degree(const View& view, const DegreeOptions& options = {});

/// Sum of the strengths of the edges at each node (weights on strength views, 1/w on distance
/// views, 1 when unweighted); a self-loop counts twice in `total`. A zero distance (infinite
/// strength) is an InvalidInput naming the edge. O(n + m). Deterministic (arcs summed in CSR order).
NodeMeasure strength(const View& view, const DegreeOptions& options = {});

/// degree / (n - 1) (NetworkX's degree_centrality, in/out_degree_centrality); every node gets 1
/// when n ≤ 1. O(n). Deterministic.
NodeMeasure degree_centrality(const View& view, const DegreeOptions& options = {});

}  // namespace maillage::algo
