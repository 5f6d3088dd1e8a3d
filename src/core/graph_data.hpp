#pragma once
// Internal: the data behind a Graph handle.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "maillage/core/column.hpp"
#include "maillage/core/graph.hpp"
#include "maillage/core/relation.hpp"
#include "maillage/core/scale.hpp"

namespace maillage::detail {

struct GraphData {
  RelationRegistry relations = RelationRegistry::builtin();
  ScaleLadder scales = ScaleLadder::french();
  Metadata metadata;

  std::vector<std::string> keys;
  std::unordered_map<std::string_view, NodeId> index;  // views into `keys`, never reallocated after build
  std::vector<KindId> kind_ids;
  std::vector<std::string> kinds;
  std::vector<ScaleRank> scale;
  Table node_attributes;

  std::vector<NodeId> sources;
  std::vector<NodeId> targets;
  std::vector<RelationId> relation_ids;
  std::vector<double> weights;
  bool has_weight_column = false;
  std::vector<std::uint8_t> weight_given;  // per edge when has_weight_column (0: not given, weight 1)
  Table edge_attributes;
  const Column* start = nullptr;  // into edge_attributes, or null
  const Column* end = nullptr;
  const Column* context = nullptr;
  const Column* provenance = nullptr;

  // part_of DAG as CSR (unique neighbours, ascending), and depth per node.
  std::vector<std::uint32_t> parent_offsets{0};
  std::vector<NodeId> parents;
  std::vector<std::uint32_t> child_offsets{0};
  std::vector<NodeId> children;
  std::vector<int> depth;

  void index_keys();
  void bind_edge_columns();
};

}  // namespace maillage::detail
