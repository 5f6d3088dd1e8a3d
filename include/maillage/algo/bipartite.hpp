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

}  // namespace maillage::algo
