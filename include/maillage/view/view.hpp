#pragma once
/// View: a homogeneous projection of a Graph (node kinds × relations × time window × direction ×
/// weight), materialised as an immutable CSR that analysis kernels run on.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "maillage/core/column.hpp"
#include "maillage/core/date.hpp"
#include "maillage/core/graph.hpp"

namespace maillage {

/// How the two directions of directed relations combine in an undirected view. Per pair {u, v},
/// arcs u→v and v→u are first combined with their parallel arcs (see ViewOptions::weight_kind);
/// then `sum` treats the two directions as parallel edges, `max` keeps the stronger one (larger
/// strength, smaller distance), `both` keeps the pair only when both directions exist, with the
/// weaker one (sna's "strong" rule). Undirected edges between u and v are then added as parallel
/// edges.
enum class Symmetrize : std::uint8_t { sum, max, both };

/// What a view's weights mean: `strength` (larger = closer; path kernels use 1/w) or `distance`
/// (path kernels use w). Parallel edges: strengths add up, distances take the minimum.
enum class WeightKind : std::uint8_t { strength, distance };

/// Node numbering of a view: `natural` (graph order), `bfs` (breadth-first from the smallest
/// index of each component, for locality), `degree` (decreasing degree, ties by graph order).
enum class NodeOrder : std::uint8_t { natural, bfs, degree };

/// A condition on a node attribute (or the pseudo-attributes `key` and `kind`).
struct AttributeFilter {
  enum class Op : std::uint8_t { eq, ne, in, not_in, lt, le, gt, ge, missing, present };
  std::string attribute;
  Op op = Op::eq;
  /// One value for eq/ne/lt/le/gt/ge, any number for in/not_in, none for missing/present.
  std::vector<Value> values;
};

/// Parameters of Graph::view. Defaults: every node and relation, undirected unless every kept
/// edge has a directed relation, unweighted, no time window, natural order.
struct ViewOptions {
  /// Node kinds to keep (empty = all); a kind no node has is InvalidInput (a typo, not an empty view).
  std::vector<std::string> kinds;
  /// Relation names or categories ("tie", "affiliation", "nesting") to keep (empty = all).
  std::vector<std::string> relations;
  /// An empty relation selection (Python's `relations=[]`): no edge is kept, the nodes stay.
  bool no_relations = false;
  /// Node keys to keep (nothing = all). An unknown key is NotFound.
  std::optional<std::vector<std::string>> nodes;
  /// Conditions on node attributes, all of which must hold. A node missing the attribute fails
  /// every condition but `missing`/`ne`/`not_in`, and `eq`/`in` with a missing value among theirs.
  std::vector<AttributeFilter> where;
  /// Directed or not (nothing = directed iff every edge the view keeps — after the relation, node
  /// and time selections — has a directed relation; undirected when it keeps no edge).
  std::optional<bool> directed;
  Symmetrize symmetrize = Symmetrize::sum;
  /// Edge attribute holding the weights ("weight", or any int64/float64 edge attribute);
  /// nothing = unweighted (every view edge has weight 1).
  std::optional<std::string> weight;
  WeightKind weight_kind = WeightKind::strength;
  /// Closed time window: edges whose [start, end] interval meets [start, end] are kept; an open
  /// bound is unbounded. A window whose end precedes its start is InvalidInput.
  std::optional<Date> start;
  std::optional<Date> end;
  /// With a window, edges with neither start nor end are kept (true, the default: they hold at
  /// every date) or left out (false: they belong to no window).
  bool keep_undated = true;
  NodeOrder order = NodeOrder::natural;
};

namespace detail {
struct ViewData;
}

/// The serialised form of a View in pieces, for transports that send buffers without copying
/// them (pickle protocol 5): a header, then sections. Most sections are spans over the view's
/// own arrays (valid while the view lives); the key and kind tables, which the view does not hold
/// contiguously, are owned here. Concatenated, each section padded with zeros to a multiple of 8
/// bytes, they make View::serialize()'s buffer.
struct ViewParts {
  std::vector<std::byte> header;
  std::vector<std::span<const std::byte>> sections;
  /// Storage of the sections the view does not hold itself.
  std::vector<std::vector<std::byte>> owned;
};

/// An immutable, thread-safe CSR projection of a Graph. Nodes are numbered 0..n-1 in view order
/// (`node(i)` gives the graph node); edges are simple after combining parallel edges: in an
/// undirected view each pair {u, v} is one edge (u ≤ v, sorted) stored as two arcs (a self-loop as
/// one arc), in a directed view each arc u→v is one edge. Indices are 32-bit.
class View {
 public:
  /// Builds the view; throws NotFound for an unknown key, InvalidInput for an unknown
  /// relation/category/attribute, a non-numeric weight attribute, or a missing, negative or NaN
  /// weight on a kept edge. O(n + m log m).
  View(const Graph& graph, const ViewOptions& options);

  const Graph& graph() const;
  const ViewOptions& options() const;
  bool directed() const;
  bool weighted() const;
  WeightKind weight_kind() const;

  std::uint32_t number_of_nodes() const;
  /// Edges after combining: unordered pairs (self-loops once) when undirected, arcs when directed.
  std::size_t number_of_edges() const;

  /// Graph node of view index i.
  NodeId node(std::uint32_t index) const;
  /// View index of a graph node, if it is in the view.
  std::optional<std::uint32_t> index(NodeId node) const;
  /// View index of a key; throws NotFound when the key is unknown or not in the view.
  std::uint32_t index_of(std::string_view key) const;
  const std::string& key(std::uint32_t index) const;
  /// Graph node ids in view order.
  std::span<const NodeId> nodes() const;

  // ---- CSR of out-arcs (all arcs when undirected): row i = neighbours of i, ascending.
  std::span<const std::uint64_t> out_offsets() const;
  std::span<const std::uint32_t> out_targets() const;
  /// Weight of each arc (1 when unweighted).
  std::span<const double> out_weights() const;
  /// View edge of each arc.
  std::span<const std::uint32_t> out_edges() const;
  std::span<const std::uint32_t> out_neighbors(std::uint32_t index) const;
  std::span<const double> out_neighbor_weights(std::uint32_t index) const;

  // ---- CSR of in-arcs (the same arrays as out-arcs when undirected).
  std::span<const std::uint64_t> in_offsets() const;
  std::span<const std::uint32_t> in_sources() const;
  std::span<const double> in_weights() const;
  std::span<const std::uint32_t> in_edges() const;
  std::span<const std::uint32_t> in_neighbors(std::uint32_t index) const;

  /// Number of arcs leaving / entering i (undirected: neighbours, a self-loop counting once).
  std::uint32_t out_degree(std::uint32_t index) const;
  std::uint32_t in_degree(std::uint32_t index) const;

  // ---- edges (after combining), sorted by (source, target) view index. The view stores no
  // per-edge endpoint or weight: they are read from the edge's arc in its source's row, in
  // O(log n) (a search of the row starts). To visit every edge in a hot loop, walk the out-CSR
  // instead: in a directed view arc e is edge e; in an undirected one, row u's arcs to targets
  // ≥ u are u's edges, in order.
  std::uint32_t edge_source(std::size_t edge) const;
  std::uint32_t edge_target(std::size_t edge) const;
  double edge_weight(std::size_t edge) const;
  /// Endpoints and weight of every edge in edge order, in O(n + m): each output is empty (skipped)
  /// or has number_of_edges() entries (else std::invalid_argument).
  void edge_ends(std::span<std::uint32_t> sources, std::span<std::uint32_t> targets,
                 std::span<double> weights = {}) const;
  /// The graph edges combined into view edge `edge`, ascending.
  std::span<const EdgeId> edge_members(std::size_t edge) const;

  // ---- serialisation (format in src/view/serialize.cpp; version 1)
  /// The view as one buffer: a versioned header (magic "MAILVIEW", format version, byte order,
  /// index/offset/weight sizes, node and edge counts, section sizes, CRC-32 of the sections and of
  /// the header) then the CSR arrays, node keys and kinds, the weight name and the edge members,
  /// each 8-byte aligned. Its size is the view's own arrays plus the keys and kinds and a 200-byte
  /// header. O(n + m); byte-stable for a given view on a given byte order.
  std::vector<std::byte> serialize() const;
  /// The same as a header and sections over the view's arrays (no copy of the CSR).
  ViewParts serialize_parts() const;
  /// Reads a buffer made by serialize(). The view comes with a graph of its own, holding only the
  /// view's nodes (keys and kinds, in view order, no attributes or edges): kernels, keys and
  /// results work as on the original view; edge_members() still gives the original graph's edge
  /// ids. The selection that made the view (kinds, relations, filters, window) is not kept, only
  /// its direction, weight name and kind, symmetrisation and order. Throws InvalidInput naming the
  /// fault for a buffer that is truncated, of another format version or byte order, fails its
  /// checksums or is inconsistent (offsets, indices, counts), before reading any array. O(n + m).
  static View deserialize(std::span<const std::byte> buffer);
  /// The same from a header and its sections given apart (as serialize_parts() makes them).
  static View deserialize(std::span<const std::byte> header, std::span<const std::span<const std::byte>> sections);

 private:
  explicit View(std::shared_ptr<const detail::ViewData> data);
  std::shared_ptr<const detail::ViewData> data_;
};

}  // namespace maillage
