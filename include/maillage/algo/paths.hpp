#pragma once
/// Shortest-path lengths and ego networks of a View.
#include <cstdint>
#include <limits>
#include <vector>

#include "maillage/algo/measures.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Options of the shortest-path kernels. Lengths as in centrality.hpp: hops when unweighted, the
/// arc's distance (w, or 1/w on strength views) when weighted; along out-arcs on directed views.
struct PathOptions : ParallelOptions {};

/// Distances from one source (`values[v]`, +infinity when v is unreachable). Breadth-first search
/// (O(n + m)) or Dijkstra (O(m + n log n)). Deterministic.
NodeMeasure shortest_path_lengths(const View& view, std::uint32_t source, const PathOptions& options = {});

/// The most nodes all_pairs_shortest_path_lengths accepts (an n × n matrix of doubles: 800 MB).
inline constexpr std::uint32_t all_pairs_max_nodes = 10000;

/// All distances, row-major: `values[s * n + t]` = d(s, t) (+infinity when unreachable).
struct DistanceMatrix {
  std::uint32_t n = 0;
  std::vector<double> values;
};

/// One search per source, in parallel (rows are independent: deterministic). O(n·m) unweighted,
/// O(n·(m + n log n)) weighted, O(n²) memory. InvalidInput above all_pairs_max_nodes nodes.
DistanceMatrix all_pairs_shortest_path_lengths(const View& view, const PathOptions& options = {});

/// Options of ego_view.
struct EgoOptions {
  /// Hops from the centre (NetworkX's ego_graph without `distance`).
  std::uint32_t radius = 1;
  /// Keep the centre itself.
  bool center = true;
  /// Follow arcs both ways on a directed view (otherwise out-arcs only, as NetworkX).
  bool undirected = false;
};

/// The view restricted to the nodes within `radius` hops of `center` (a view index): the same
/// options (kinds, relations, where, time window, weight, direction, order) with `nodes` set to
/// them and the direction fixed to this view's. O(n + m) plus building the new view.
View ego_view(const View& view, std::uint32_t center, const EgoOptions& options = {});

}  // namespace maillage::algo
