#pragma once
/// Local and global structure of a View: k-core numbers, clustering, transitivity and strongly
/// connected components.
#include <cstdint>
#include <vector>

#include "maillage/algo/components.hpp"
#include "maillage/algo/measures.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Core number of every node.
struct CoreResult {
  std::vector<std::int64_t> values;
};

/// Options of core_number.
struct CoreOptions {
  int threads = 0;
};

/// The largest k such that the node belongs to a k-core. Degrees count in- and out-arcs on
/// directed views (a reciprocated pair counts twice, as in NetworkX); self-loops are ignored
/// (NetworkX refuses them). Level-synchronous peeling, in parallel on large views, for the first
/// 32 levels, then Batagelj–Zaversnik-style buckets: O(32·n + m). Core numbers are unique, so the
/// result is the same for any thread count.
CoreResult core_number(const View& view, const CoreOptions& options = {});

/// Options of clustering.
struct ClusteringOptions {
  int threads = 0;
};

/// NetworkX's clustering: undirected 2T/(d(d-1)); directed (Fagiolo) T/(2(d_tot(d_tot-1) -
/// 2d_recip)); weighted views use the geometric mean of strengths normalised by the largest one
/// (Onnela). Self-loops are ignored; nodes with fewer than two neighbours get 0. Unweighted
/// undirected views count triangles on the degree-ordered orientation (O(m·√m)); the others
/// visit each node's two-step neighbourhood (O(Σ d²)). Deterministic for any thread count.
NodeMeasure clustering(const View& view, const ClusteringOptions& options = {});

/// 3·triangles / connected triples (NetworkX's transitivity); 0 without triangles. Undirected
/// views only (InvalidInput otherwise); self-loops ignored. O(m·√m). Exact integer counts.
double transitivity(const View& view, const ClusteringOptions& options = {});

/// Strongly connected components (iterative Tarjan, O(n + m)); on an undirected view, the
/// connected components. Numbered as connected_components: decreasing size, ties by smallest key.
ComponentsResult strongly_connected_components(const View& view);

}  // namespace maillage::algo
