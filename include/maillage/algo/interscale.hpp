#pragma once
/// Inter-scale analysis: the scale and territory of every actor, ties classified as vertical or
/// horizontal, nested or crossing; scale mixing, vertical shares, scale spans and missing
/// vertical links.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "maillage/core/graph.hpp"
#include "maillage/core/progress.hpp"
#include "maillage/core/scale.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// No node (an unknown territory).
inline constexpr NodeId no_node = std::numeric_limits<NodeId>::max();

/// How an actor's scale is chosen when the territories it is affiliated to lie at several scales
/// (the same rule picks its territory among several): `unique` leaves it unknown, `own` never
/// looks at affiliations (only a node's own scale counts), `lowest` / `highest` take the lowest /
/// highest one.
enum class ActorScalePolicy : std::uint8_t { unique, own, lowest, highest };

/// Where a node's scale or territory came from.
enum class ScaleOrigin : std::uint8_t {
  none,       ///< unknown: nothing to read it from
  own,        ///< the node's own `scale` (or the node itself, a territory)
  hierarchy,  ///< the node's own scale or place in the hierarchy graph (same key)
  ambiguous,  ///< unknown: several candidates and the `unique` policy
  via         ///< an affiliation; `via + i` is the i-th relation of ActorScaleOptions::via
};

/// Options of ScaleResolver.
struct ActorScaleOptions {
  ActorScalePolicy policy = ActorScalePolicy::unique;
  /// Affiliation relations (actor → territory) followed when a node has no scale of its own, in
  /// order of preference: the first one giving a candidate decides.
  std::vector<std::string> via = {"represents", "located_in"};
  /// A graph holding the nesting (part_of), scales and affiliations, matched by key — the official
  /// hierarchy, or the graph a projection came from. Nothing: the graph itself.
  std::optional<Graph> hierarchy;
};

/// The resolved scale and territory of every node of a graph, and nesting queries between them.
///
/// A node's scale is its own `scale`; else, with a hierarchy, the scale of the node of the same
/// key there; else (policy other than `own`) that of the territories it is affiliated to through
/// the first relation of `via` that gives one (in the graph, then in the hierarchy): one scale
/// among them, or the lowest / highest by policy; `unique` leaves several unknown (`ambiguous`).
/// A node's territory is itself for a `territory` node (its node in the hierarchy, by key, when
/// there is one), else chosen among the territories it is affiliated to in the same way (by
/// policy, on their scales). Never guessed otherwise: unknown stays unknown.
/// Construction O(n + m + Σ ancestors of the territories); queries O(1) and O(ancestors).
class ScaleResolver {
 public:
  /// Throws InvalidInput for an unregistered relation in `via`, or a hierarchy with another ladder.
  explicit ScaleResolver(const Graph& graph, const ActorScaleOptions& options = {});

  const Graph& graph() const { return graph_; }
  /// The graph territories live in (the hierarchy, or the graph itself).
  const Graph& hierarchy() const { return hierarchy_; }
  const ActorScaleOptions& options() const { return options_; }

  /// Resolved scale of every graph node (`no_scale` when unknown).
  const std::vector<ScaleRank>& scales() const { return scale_; }
  const std::vector<ScaleOrigin>& scale_origins() const { return scale_origin_; }
  /// Resolved territory of every graph node: a node of hierarchy(), or `no_node`.
  const std::vector<NodeId>& territories() const { return territory_; }
  const std::vector<ScaleOrigin>& territory_origins() const { return territory_origin_; }

  /// Whether the hierarchy places this hierarchy node (it has a container or a part).
  bool placed(NodeId territory) const;
  /// The containers of a hierarchy node, transitively, nearest first (empty when not a territory
  /// reached by the graph's nodes).
  std::span<const NodeId> containers(NodeId territory) const;

 private:
  Graph graph_;
  Graph hierarchy_;
  ActorScaleOptions options_;
  std::vector<ScaleRank> scale_;
  std::vector<ScaleOrigin> scale_origin_;
  std::vector<NodeId> territory_;
  std::vector<ScaleOrigin> territory_origin_;
  std::vector<std::uint64_t> ancestor_offsets_;  // per hierarchy node
  std::vector<NodeId> ancestors_;
};

/// The ties an inter-scale measure counts: graph edges, ascending, and whether they are read as
/// arcs (source → target) or as undirected pairs.
struct TieSet {
  std::vector<EdgeId> edges;
  bool directed = false;
};

/// The graph edges combined into the view's edges whose relation is one of `relations` (names or
/// categories; empty = every relation of category `tie`); read as arcs when the view is directed.
/// O(M) for a graph of M edges. Throws InvalidInput for an unknown relation or category.
TieSet select_ties(const View& view, const std::vector<std::string>& relations = {});
/// Every graph edge whose relation is one of `relations` (empty = category `tie`), read as arcs
/// when all of them have directed relations (the rule of a default view). O(M).
TieSet select_ties(const Graph& graph, const std::vector<std::string>& relations = {});

/// Direction of a tie across the ladder: towards a higher scale (`up`), a lower one (`down`), the
/// same (`none`), `unknown` (an end of unknown scale), or `undirected` (an undirected relation).
enum class TieDirection : std::uint8_t { up, down, none, unknown, undirected };

/// Nesting of a tie's two territories: one contains the other (`nested`), they are on different
/// branches (`crossing`), the same territory (`same_territory`), or `unknown` (an end without a
/// territory, or a territory the hierarchy does not place).
enum class Nesting : std::uint8_t { nested, crossing, same_territory, unknown };

/// One row per tie (in TieSet order).
struct EdgeClasses {
  std::vector<EdgeId> edges;
  std::vector<ScaleRank> source_scale, target_scale;  ///< `no_scale` when unknown
  std::vector<std::int8_t> vertical;                  ///< 1 vertical, 0 horizontal, −1 unknown
  std::vector<std::int16_t> distance;                 ///< |rank difference|, −1 unknown
  std::vector<TieDirection> direction;
  std::vector<Nesting> nesting;
};

/// Classifies ties: vertical when both ends' scales are known and differ (whatever the nesting),
/// distance in ladder steps, direction on directed relations, nesting of the ends' territories.
/// O(ties · ancestors), deterministic.
EdgeClasses classify_edges(const ScaleResolver& resolver, const TieSet& ties);

/// Weight of every graph edge for a tie measure: none (empty: 1 each), the graph's `weight`
/// (1 where missing), or a numeric edge attribute (a missing value on a tie of `ties` is an
/// InvalidInput naming it; negative, NaN or infinite values too).
std::vector<double> tie_weights(const Graph& graph, const TieSet& ties, const std::optional<std::string>& weight);

/// Mixing of ties between groups of nodes: `matrix[x·groups + y]` sums the weights of the ties
/// from a node of group x to one of group y. Undirected tie sets count each tie in both
/// orientations (twice on the diagonal) and a self-loop once — Newman's convention, as
/// NetworkX's attribute_mixing_matrix on a multigraph of the ties.
struct TieMixing {
  std::size_t groups = 0;
  std::vector<double> matrix;
  std::uint64_t unknown_ties = 0;  ///< ties with an end of unknown group
  double unknown_weight = 0;
};

/// `groups[node]` is the group of each graph node (`no_group` = unknown); `weights` per graph edge
/// (empty = 1). O(ties + groups²). Throws InvalidInput for a code out of range.
TieMixing tie_mixing(const Graph& graph, const TieSet& ties, std::span<const std::int32_t> groups,
                     std::size_t number_of_groups, std::span<const double> weights = {});

/// Vertical, horizontal and unknown tie weights per group.
struct VerticalCounts {
  std::vector<double> vertical, horizontal, unknown;
};

/// Vertical shares by tie group: `tie_groups[i]` is the group of the i-th classified tie (−1 =
/// none, left out). O(ties).
VerticalCounts vertical_counts_by_tie(const EdgeClasses& classes, std::span<const std::int32_t> tie_groups,
                                      std::size_t number_of_groups, std::span<const double> weights = {});
/// Vertical shares by node group: a tie counts once in the group of each of its ends (once when
/// both ends share the group); `node_groups[node]` per graph node (−1 = none). O(ties).
VerticalCounts vertical_counts_by_node(const Graph& graph, const EdgeClasses& classes,
                                       std::span<const std::int32_t> node_groups, std::size_t number_of_groups,
                                       std::span<const double> weights = {});

/// Scale span of every graph node over its ties: distinct scales among its neighbours (counted
/// per tie end: a tie to a node of known scale adds that scale), the lowest and highest, and the
/// ties to neighbours of unknown scale. Self-loops count the node's own scale.
struct ScaleSpan {
  std::vector<std::int32_t> levels;
  std::vector<ScaleRank> lowest, highest;  ///< `no_scale` without a known neighbour
  std::vector<std::uint64_t> ties, unknown;
};

/// O(n + ties · (1 + ladder/64)), deterministic.
ScaleSpan scale_span(const ScaleResolver& resolver, const TieSet& ties);

/// Options of missing_vertical_links.
struct MissingLinksOptions {
  /// The programme whose participating territories are checked (a graph node): the territories
  /// with an edge (any relation, either way) to it, or a tie of context = its key. Nothing: every
  /// territory node of the view with a tie in it.
  std::optional<NodeId> programme;
  std::uint32_t max_hops = 2;
  /// Which containers a participant is checked against: those present in the view (false, the
  /// default: a node of the view with a tie resolves to it), or every container the hierarchy
  /// gives (true: the official hierarchy names a missing département although the graph has no
  /// node for it). Absent containers are never reached, so each one is a missing link.
  bool absent_containers = false;
  /// The highest scale rank of the containers checked (`no_scale`: no limit), e.g. the région,
  /// so that the country is not counted as a container every territory lacks a tie to.
  ScaleRank highest = no_scale;
  /// Called with ("missing links", participants done, participants) on calls of more than a few
  /// milliseconds; may throw Cancelled.
  ProgressCallback progress;
};

/// Pairs (territory, container) where a participating territory has no path of at most
/// `max_hops` ties (either direction) in the view to a container that is present in it — a node
/// of the view with at least one tie whose resolved territory is that container (the container
/// itself, or an actor affiliated to it through the resolver's `via`).
struct MissingLinks {
  std::vector<NodeId> territory;  ///< graph nodes (participants)
  std::vector<NodeId> container;  ///< hierarchy nodes
  /// Per row: 1 when the container is present in the view (0 only with `absent_containers`).
  std::vector<std::uint8_t> present;
  std::uint64_t participants = 0;
  std::uint64_t unplaced = 0;  ///< participants the hierarchy does not place (left out)
  std::uint64_t pairs = 0;     ///< (participant, container) pairs checked
};

/// One breadth-first search of depth `max_hops` per participant: O(participants · ball size).
/// Rows by participant (view order), containers nearest first. Deterministic.
MissingLinks missing_vertical_links(const View& view, const ScaleResolver& resolver,
                                    const MissingLinksOptions& options = {});

}  // namespace maillage::algo
