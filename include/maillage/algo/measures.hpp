#pragma once
/// Result types and options shared by the node and edge measures of maillage::algo.
#include <cstdint>
#include <vector>

#include "maillage/core/progress.hpp"

namespace maillage::algo {

/// Which arcs a degree-like measure counts on a directed view: entering, leaving or both. On an
/// undirected view the three are the same.
enum class Direction : std::uint8_t { total, in, out };

/// One value per view node, in view order.
struct NodeMeasure {
  std::vector<double> values;
};

/// One value per view edge (`View::edge_source(e)`, `View::edge_target(e)`), in view edge order.
struct EdgeMeasure {
  std::vector<double> values;
};

/// Result of an iterative (power-iteration) measure: the values and the iterations they took.
struct IterativeMeasure {
  std::vector<double> values;
  std::uint32_t iterations = 0;
};

/// Options every parallel kernel takes. `threads`: 0 = every hardware thread; a result never
/// depends on it. `progress`: called from the calling thread only (may throw Cancelled).
struct ParallelOptions {
  int threads = 0;
  ProgressCallback progress;
};

}  // namespace maillage::algo
