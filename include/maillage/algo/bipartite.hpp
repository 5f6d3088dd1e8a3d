#pragma once
/// Two-mode (bipartite) projection: actors × events (or programmes) folded into a one-mode Graph
/// of co-participation ties.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "maillage/core/graph.hpp"

namespace maillage::algo {

/// How a projected tie is weighted (NetworkX's bipartite projections), for u, v sharing the
/// events N(u) ∩ N(v): `count` |N(u) ∩ N(v)|; `newman` Σ over shared events k of 1/(n_k − 1), n_k
/// the number of projected nodes attending k (Newman 2001); `jaccard` |N(u) ∩ N(v)| / |N(u) ∪
/// N(v)|; `overlap` |N(u) ∩ N(v)| / min(|N(u)|, |N(v)|).
enum class ProjectionWeighting : std::uint8_t { count, newman, jaccard, overlap };

/// Options of bipartite_projection.
struct ProjectionOptions {
  /// The nodes projected onto (keys), or…
  std::optional<std::vector<std::string>> nodes;
  /// …every node of this kind. Neither: the sources of the relations' edges (directed relations).
  std::optional<std::string> kind;
  /// Relations (names or categories) linking projected nodes to the other mode.
  std::vector<std::string> relations{"participates_in"};
  ProjectionWeighting weighting = ProjectionWeighting::count;
  /// Ties weighing less than this are not stored (applied row by row inside the product).
  double min_weight = 0.0;
  /// Worker threads (0 = every core); the result does not depend on it.
  int threads = 0;
};

/// The one-mode projection of a two-mode graph: the projected nodes (same keys, kinds and
/// attributes), and one undirected `co_participates` edge (category tie) per pair sharing at
/// least one event through the relations, carrying `weight` (see ProjectionWeighting) and
/// `shared` (the number of shared events, int64); pairs weighing less than `min_weight` are left
/// out. The other mode is every node linked to a projected node by one of the relations (in either
/// direction) that is not itself projected; several edges between a node and an event count once.
/// The relation registry, scale ladder and metadata are kept. Built row by row as B·Bᵀ with the
/// threshold applied per row, so memory holds only the kept ties. O(Σ_k n_k² + (n + m') log(n + m'))
/// for events of n_k projected members and m' kept ties. Deterministic for any thread count.
/// Errors: InvalidInput for an unregistered relation, an unknown kind, both `nodes` and `kind`,
/// neither on an undirected relation, a negative or NaN min_weight; NotFound for an unknown key.
Graph bipartite_projection(const Graph& graph, const ProjectionOptions& options = {});

// ---- The projection in blocks of rows (the pieces bipartite_projection is made of, for a cluster:
// the incidence built once, rows [begin, end) projected anywhere, the blocks' ties joined in order).

/// The two-mode incidence a projection is computed from. Row p of the projection is the projected
/// node `projected[p]`; the events are the other mode's nodes, in graph order.
struct ProjectionIncidence {
  /// Graph ids of the projected nodes, in the projection's order (empty for an incidence rebuilt
  /// from its events, which only projects rows).
  std::vector<NodeId> projected;
  /// Number of rows (projected nodes).
  std::uint32_t rows = 0;
  /// Events CSR: the rows attending event k, ascending and distinct, are
  /// members[event_start[k]] … members[event_start[k + 1] − 1].
  std::vector<std::uint64_t> event_start{0};
  std::vector<std::uint32_t> members;
  /// Each row's events, ascending: node_events[node_start[p]] … node_events[node_start[p + 1] − 1].
  std::vector<std::uint64_t> node_start{0};
  std::vector<std::uint32_t> node_events;
};

/// The incidence of `graph` for the projected nodes and relations of `options` (its weighting,
/// threshold and threads are not read). Errors as bipartite_projection. O(n + m log m).
ProjectionIncidence projection_incidence(const Graph& graph, const ProjectionOptions& options = {});

/// An incidence rebuilt from its events alone (`rows` rows; `event_start`, `members` as in
/// ProjectionIncidence), e.g. on another process. InvalidInput naming the event at fault when the
/// offsets do not start at 0, decrease or do not end at members' size, or a member is not a row
/// or not above the previous one of its event. O(rows + members).
ProjectionIncidence projection_incidence(std::uint32_t rows, std::vector<std::uint64_t> event_start,
                                         std::vector<std::uint32_t> members);

/// Ties of a projection: pairs (source < target, rows of the projection), by source then target.
struct ProjectedTies {
  std::vector<std::uint32_t> source, target;
  std::vector<double> weight;
  std::vector<std::int64_t> shared;
};

/// The ties whose first row u lies in [begin, end) (pairs u < v, v anywhere), weighted and
/// thresholded as bipartite_projection does (`weighting`, `min_weight`, `threads` of `options`):
/// the blocks of any cut of [0, rows) joined in order are bipartite_projection's ties, in its
/// order, with the same weights bit for bit. InvalidInput when begin > end or end > rows, or for a
/// negative or NaN min_weight. O(Σ over the rows' events of their members after u).
ProjectedTies project_rows(const ProjectionIncidence& incidence, std::uint32_t begin, std::uint32_t end,
                           const ProjectionOptions& options = {});

/// The projected Graph (as bipartite_projection returns it) from `graph`, the incidence made of it
/// and the ties of every row in order (project_rows over [0, rows), or its blocks joined in order).
/// InvalidInput when the incidence has no projected nodes of `graph` or a tie is not a pair of rows.
Graph projected_graph(const Graph& graph, const ProjectionIncidence& incidence, ProjectedTies ties);

}  // namespace maillage::algo
