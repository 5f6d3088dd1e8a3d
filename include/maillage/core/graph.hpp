#pragma once
/// Graph: the immutable, typed, attributed, time-stamped multigraph of actors, territories,
/// programmes, events and resources, with its relation registry, scale ladder and nesting.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/column.hpp"
#include "maillage/core/date.hpp"
#include "maillage/core/relation.hpp"
#include "maillage/core/scale.hpp"

namespace maillage {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
using KindId = std::uint32_t;

class View;
struct ViewOptions;

namespace detail {
struct GraphData;
}

/// Reserved node attribute names handled by the graph itself.
inline constexpr std::string_view label_column = "label";
inline constexpr std::string_view scale_column = "scale";
/// Reserved edge attribute names handled by the graph itself.
inline constexpr std::string_view weight_column = "weight";
inline constexpr std::string_view start_column = "start";
inline constexpr std::string_view end_column = "end";
inline constexpr std::string_view context_column = "context";
inline constexpr std::string_view provenance_column = "provenance";

/// An immutable multigraph built by GraphBuilder. Copies are cheap handles on shared, read-only
/// data, so a Graph (and every View of it) can be read from many threads at once.
///
/// Nodes have a unique string key, a kind and typed attributes (`label`, `scale` and any other);
/// edges have a source, a target, a registered relation, a weight (1 unless given), an optional
/// [start, end] interval, an optional context and provenance, and typed attributes. Edge ids and
/// node ids are dense, in insertion order.
class Graph {
 public:
  /// An empty graph with the built-in relations and the French ladder.
  Graph();

  std::size_t number_of_nodes() const;
  std::size_t number_of_edges() const;

  // ---- nodes
  const std::string& key(NodeId node) const;
  /// The node with this key, if any. O(1) expected.
  std::optional<NodeId> find(std::string_view key) const;
  /// The node with this key; throws NotFound "unknown node key 'k'".
  NodeId id(std::string_view key) const;
  const std::string& kind(NodeId node) const;
  KindId kind_id(NodeId node) const;
  /// The distinct kinds, indexed by KindId (first-seen order).
  const std::vector<std::string>& kinds() const;
  /// Scale rank of a node, or `no_scale`.
  ScaleRank scale(NodeId node) const;
  /// Node attributes, one row per node. Holds `label` (string) and `scale` (ordered categorical
  /// over the ladder ids) when given, and every other attribute.
  const Table& node_attributes() const;

  // ---- edges
  NodeId source(EdgeId edge) const;
  NodeId target(EdgeId edge) const;
  RelationId relation_id(EdgeId edge) const;
  const Relation& relation(EdgeId edge) const;
  /// The edge's weight: its `weight` attribute, 1 when not given (no weight column, or a missing
  /// value in it). Finite and ≥ 0. Merged parallel edges carry the sum of theirs.
  double weight(EdgeId edge) const;
  /// Whether weights were given, or parallel edges merged (and `weight` is a column of edges_frame()).
  bool has_weight_column() const;
  /// Whether this edge's weight was given (false for a missing value, which counts as 1).
  bool weight_given(EdgeId edge) const;
  std::optional<Date> start(EdgeId edge) const;
  std::optional<Date> end(EdgeId edge) const;
  /// The edge's context (the programme in which the tie exists), or nullptr.
  const std::string* context(EdgeId edge) const;
  const std::string* provenance(EdgeId edge) const;
  /// Edge attributes, one row per edge: `start`, `end` (date), `context`, `provenance` (string)
  /// when given, and every other attribute (not `weight`, see weight()).
  const Table& edge_attributes() const;
  const std::vector<double>& weights() const;
  const std::vector<NodeId>& sources() const;
  const std::vector<NodeId>& targets() const;
  const std::vector<RelationId>& relation_ids() const;

  // ---- registry, ladder, metadata
  const RelationRegistry& relations() const;
  const ScaleLadder& scales() const;
  const Metadata& metadata() const;

  // ---- nesting (the part_of DAG, parallel part_of edges counted once)
  /// Direct containers of a node (targets of its part_of edges), ascending ids.
  std::span<const NodeId> parents(NodeId node) const;
  /// Direct parts of a node, ascending ids.
  std::span<const NodeId> children(NodeId node) const;
  /// Every container of a node, transitively, nearest first (breadth-first), without repeats.
  /// O(size of the answer + its part_of edges).
  std::vector<NodeId> ancestors(NodeId node) const;
  /// Whether `container` contains `part` transitively (a node does not contain itself).
  bool contains(NodeId container, NodeId part) const;
  /// The lowest common containers of a and b: the nodes that contain (or are) both a and b and
  /// contain no other such node. Ascending ids; empty when a and b share no container.
  std::vector<NodeId> lowest_common_containers(NodeId a, NodeId b) const;
  /// Length of the longest part_of chain from a node up to a root (0 for a node with no container).
  int depth(NodeId node) const;

  // ---- views
  /// The view of all nodes and relations (see ViewOptions for the defaults).
  View view() const;
  View view(const ViewOptions& options) const;

  /// Internal: constructs from built data (used by GraphBuilder).
  explicit Graph(std::shared_ptr<const detail::GraphData> data);
  const detail::GraphData& data() const { return *data_; }

 private:
  std::shared_ptr<const detail::GraphData> data_;
};

}  // namespace maillage
