#pragma once
// The data behind a View (private to src/view: view.cpp builds it, serialize.cpp writes and reads it).
#include <cstdint>
#include <vector>

#include "maillage/view/view.hpp"

namespace maillage {

namespace detail {

struct ViewData {
  Graph graph;
  ViewOptions options;
  bool directed = false;
  bool weighted = false;
  WeightKind weight_kind = WeightKind::strength;

  std::vector<NodeId> nodes;
  std::vector<std::uint32_t> index_of;  // graph node → view index, or absent

  // While building: one entry per view edge. compact() then drops them: an edge's endpoints and
  // weight are read from its arc in the out-CSR (see arc_of).
  std::vector<std::uint32_t> edge_source, edge_target;
  std::vector<double> edge_weight;
  std::size_t edges = 0;
  // Undirected views: edge_first[u] = the first view edge whose source is u (n + 1 entries); the
  // edges of source u are the last arcs of row u, in order. Directed views: empty (the arcs are
  // the edges, in order, and out_offsets plays this part).
  std::vector<std::uint64_t> edge_first;
  // Graph edges combined into each view edge, in edge order. While building (and when some view
  // edge has no member): members[member_offsets[e] .. member_offsets[e + 1]). After compact():
  // member_offsets is empty, `multi` lists the view edges with several members (ascending) and
  // extra[k] the members of multi[0..k) beyond their first, so edge e starts at
  // e + extra[number of multi edges below e]: 4 bytes per edge and 12 per combined edge.
  std::vector<std::uint64_t> member_offsets{0};
  std::vector<EdgeId> members;
  std::vector<std::uint32_t> multi;
  std::vector<std::uint64_t> extra;

  std::vector<std::uint64_t> out_offsets{0};
  std::vector<std::uint32_t> out_targets;
  std::vector<double> out_weights;
  std::vector<std::uint32_t> out_edges;
  std::vector<std::uint64_t> in_offsets{0};
  std::vector<std::uint32_t> in_sources;
  std::vector<double> in_weights;
  std::vector<std::uint32_t> in_edges;
};

}  // namespace detail

}  // namespace maillage
