#pragma once
// Internal: the data behind a Graph handle.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/column.hpp"
#include "maillage/core/graph.hpp"
#include "maillage/core/key_index.hpp"
#include "maillage/core/relation.hpp"
#include "maillage/core/scale.hpp"

namespace maillage::detail {

struct GraphData {
  RelationRegistry relations = RelationRegistry::builtin();
  ScaleLadder scales = ScaleLadder::french();
  Metadata metadata;

  std::vector<std::string> keys;
  KeyIndex index;  // of `keys`
  std::vector<KindId> kind_ids;
  std::vector<std::string> kinds;
  std::vector<ScaleRank> scale;
  Table node_attributes;

  std::vector<NodeId> sources;
  std::vector<NodeId> targets;
  std::vector<RelationId> relation_ids;
  std::vector<double> weights;
  bool has_weight_column = false;
  // Per edge when has_weight_column and some edge has no weight (0: not given, weight 1); empty when
  // every weight is given.
  std::vector<std::uint8_t> weight_given;
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
