#pragma once
/// Copies a View into Boost.Graph's compressed_sparse_row_graph, for BGL algorithms and as a test
/// oracle for maillage's own kernels.
#include <cstdint>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "maillage/view/view.hpp"

namespace maillage {

/// Arc property of the BGL copy: the view's weight and view edge index.
struct BglArc {
  double weight = 1.0;
  std::uint32_t edge = 0;
};

/// BGL's CSR is directed only: an undirected view becomes a symmetric digraph (two arcs per
/// edge, one per self-loop), exactly the view's arc arrays; algorithms that sum over arcs must
/// not count an undirected edge twice.
using BglCsr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, BglArc,
                                                  boost::no_property, std::uint32_t, std::uint64_t>;

/// The view's out-arcs as a BGL CSR graph (vertex i = view index i). O(n + arcs).
inline BglCsr to_boost_csr(const View& view) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  std::vector<BglArc> props;
  const auto offsets = view.out_offsets();
  const auto targets = view.out_targets();
  const auto weights = view.out_weights();
  const auto edges = view.out_edges();
  arcs.reserve(targets.size());
  props.reserve(targets.size());
  for (std::uint32_t u = 0; u < view.number_of_nodes(); ++u) {
    for (std::uint64_t a = offsets[u]; a < offsets[u + 1]; ++a) {
      arcs.emplace_back(u, targets[a]);
      props.push_back(BglArc{weights[a], edges[a]});
    }
  }
  return BglCsr(boost::edges_are_sorted, arcs.begin(), arcs.end(), props.begin(), view.number_of_nodes());
}

}  // namespace maillage
