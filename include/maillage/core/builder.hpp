#pragma once
/// GraphBuilder: collects nodes and edges (row by row or as whole columns), validates them and
/// builds an immutable Graph.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "maillage/core/column.hpp"
#include "maillage/core/graph.hpp"
#include "maillage/core/key_index.hpp"
#include "maillage/core/progress.hpp"
#include "maillage/core/relation.hpp"
#include "maillage/core/scale.hpp"

namespace maillage {

/// Attribute name/value pairs for one node or edge.
using Attributes = std::vector<std::pair<std::string, Value>>;

/// Options of GraphBuilder::build.
struct BuildOptions {
  /// Merge parallel edges: edges with the same relation, context and ends (in either order for
  /// undirected relations) become one, whose weight is the sum, interval the union (an open end
  /// stays open), and other attributes those of the first edge. Edge ids are renumbered.
  bool merge_parallel = false;
  /// Create nodes (of `default_kind`) for edge endpoints that are not nodes, instead of failing.
  bool create_missing_nodes = false;
  std::string default_kind = "node";
  /// Called during validation; may throw Cancelled.
  ProgressCallback progress;
};

/// Collects nodes and edges, then `build()` validates everything and returns a Graph. Validation
/// errors are InvalidInput naming the key, relation or value at fault: empty or duplicate key,
/// unknown endpoint, unregistered relation, unknown scale, bad date, start after end, negative,
/// infinite or NaN weight (a missing weight in a column is not an error: it counts as 1), part_of between non-territories, a part_of cycle, a child on a
/// higher scale than its parent, a reserved attribute of the wrong type.
class GraphBuilder {
 public:
  explicit GraphBuilder(RelationRegistry relations = RelationRegistry::builtin(),
                        ScaleLadder scales = ScaleLadder::french());

  /// Registers a relation (see RelationRegistry::add).
  GraphBuilder& add_relation(const Relation& relation);
  const RelationRegistry& relations() const { return relations_; }
  const ScaleLadder& scales() const { return scales_; }

  /// Adds one node. Attributes: `label` (string), `scale` (a ladder id) and any others; a column's
  /// type is set by its first value (an int64 then a double widens it to double).
  GraphBuilder& add_node(std::string key, std::string kind = "node", const Attributes& attributes = {});
  /// Adds one edge between two keys. Reserved attributes: `weight` (number), `start`, `end` (date,
  /// or string "YYYY-MM-DD"/"YYYY", or an int64 year), `context`, `provenance` (string).
  GraphBuilder& add_edge(std::string source, std::string target, std::string relation = "cooperates_with",
                         const Attributes& attributes = {});

  /// Adds many nodes at once: keys, kinds (empty = all `default_kind` of build), and a table of
  /// attributes with one row per key (or no columns).
  GraphBuilder& add_nodes(std::vector<std::string> keys, std::vector<std::string> kinds, Table attributes);
  /// Adds many edges at once: sources, targets, relations (empty = all "cooperates_with"), and a
  /// table of attributes (reserved ones: `weight` int64/float64, `start`/`end` date, `context`,
  /// `provenance` string).
  GraphBuilder& add_edges(std::vector<std::string> sources, std::vector<std::string> targets,
                          std::vector<std::string> relations, Table attributes);

  /// Adds many edges given as codes: `sources[e]` and `targets[e]` index `keys` (a dictionary of
  /// endpoint keys), `relations[e]` indexes `relation_names` (`relations` empty = all
  /// "cooperates_with"), with a table of attributes as in add_edges. Each distinct key is held
  /// once, however many edges name it: the entry point of readers of large edge lists. Building
  /// validates these edges exactly as those of add_edges (same rules, same messages); a code out
  /// of its dictionary is InvalidInput. O(m + size of the dictionaries).
  GraphBuilder& add_coded_edges(std::vector<std::string> keys, std::vector<std::uint32_t> sources,
                                std::vector<std::uint32_t> targets, std::vector<std::string> relation_names,
                                std::vector<std::uint32_t> relations, Table attributes);

  GraphBuilder& set_metadata(std::string name, Value value);

  std::size_t pending_nodes() const { return keys_.size(); }
  std::size_t pending_edges() const { return sources_.size(); }

  /// Validates and builds. The builder is left unchanged, so a failed build loses nothing.
  /// O((n + m) log(n + m)).
  Graph build(const BuildOptions& options = {}) const&;
  /// The same from a builder given up (`std::move(builder).build()`): its keys, kinds and
  /// attribute tables move into the Graph instead of being copied, which saves a copy of every
  /// string on large loads. After a failed build the builder is valid but unspecified.
  Graph build(const BuildOptions& options = {}) &&;

 private:
  template <class Self>
  static Graph build_from(Self&& self, const BuildOptions& options);
  RelationRegistry relations_;
  ScaleLadder scales_;
  std::vector<std::string> keys_;
  std::vector<std::string> kinds_;
  Table node_attributes_;
  // Edge endpoints and relations are codes into dictionaries of their distinct strings (in
  // first-seen order), so a key named by many edges is stored, and resolved at build, once.
  std::uint32_t endpoint_code(std::string key);
  std::uint32_t relation_code(std::string name);
  // endpoint_codes_ indexes endpoint_keys_[0, indexed_endpoints_): add_coded_edges appends its
  // (already distinct) keys without hashing them, and endpoint_code catches up when rows follow. A
  // key may then appear under two codes; build resolves codes by key, so both name one node.
  std::vector<std::string> endpoint_keys_;
  detail::KeyIndex endpoint_codes_;
  std::size_t indexed_endpoints_ = 0;
  std::vector<std::string> relation_names_;
  std::unordered_map<std::string, std::uint32_t> relation_codes_;
  std::vector<std::uint32_t> sources_;
  std::vector<std::uint32_t> targets_;
  std::vector<std::uint32_t> edge_relations_;
  Table edge_attributes_;
  Metadata metadata_;
};

}  // namespace maillage
