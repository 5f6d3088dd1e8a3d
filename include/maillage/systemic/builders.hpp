#pragma once
/// Builders of systemic representations from a Graph: actor maps, inter-scale maps, ego maps and
/// programme maps, laid out, styled and labelled, ready for the writers of render/writers.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/graph.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::systemic {

/// Display label and colour of the alliance's families (DESIGN §2) and of the node kinds:
/// "elu" → "Élu·es", …; an unknown id is returned as is (colour from a fixed palette by rank).
std::string group_label(std::string_view id);

/// Options of actor_map.
struct ActorMapOptions {
  /// A node key: the map keeps the nodes within `radius` hops of it (any relation but part_of,
  /// both directions); nothing = every node of `kinds` with at least one such tie.
  std::optional<std::string> focus;
  std::uint32_t radius = 1;
  /// "betweenness" (on the map's own undirected graph), "degree", "none", or a numeric node
  /// attribute. Sizes are mapped to radii 4–16 by square root.
  std::string size_by = "betweenness";
  /// A node attribute ("family", "type", …), "kind" or "scale". With "family", nodes without one
  /// are grouped by kind (territoire, programme, …).
  std::string group_by = "family";
  std::uint64_t seed = 0;
  /// "force" (Barnes–Hut), "kamada_kawai", "concentric" (needs a focus) or "sectors" (by group).
  std::string layout = "force";
  /// Node kinds kept (the focus is always kept).
  std::vector<std::string> kinds = {"person", "organisation", "territory", "programme"};
  /// Title (empty = "Carte des acteur·ices" and the focus's label).
  std::string title;
};

/// An actor map: nodes sized by `size_by`, coloured by group, shaped by kind (person ●,
/// organisation ■, territory ⬢, programme ◆, event and resource ▲); edges of every relation but
/// part_of between them (parallel edges of one relation merged, weights added); laid out, fitted
/// to an A4 landscape canvas, labels placed (render::place_labels); legend of groups and kinds.
/// Deterministic for a given graph, options and seed. O(m + layout). NotFound for an unknown
/// focus, InvalidInput for an unknown size_by, group_by or layout.
Representation actor_map(const Graph& graph, const ActorMapOptions& options = {});

/// Options of interscale_map.
struct InterscaleMapOptions {
  /// A node key (the map keeps the nodes within `radius` hops of it); nothing = every node of
  /// `kinds` with a tie.
  std::optional<std::string> focus;
  std::uint32_t radius = 2;
  std::uint64_t seed = 0;
  /// Add the containers (part_of ancestors) of the map's territories, as guides.
  bool containers = true;
  std::vector<std::string> kinds = {"person", "organisation", "territory", "programme"};
  std::string size_by = "degree";
  std::string group_by = "family";
  std::string title;
};

/// An inter-scale map: one horizontal band per level of the graph's scale ladder (highest at the
/// top; nodes without a scale in a band below), x by crossing reduction keeping nested
/// territories under their containers (nodes by their own scale). Ties (relations of category
/// `tie`) are classified with the scales algo::ScaleResolver resolves (an actor without a scale
/// takes that of the territory it represents or is located in): **vertical** when both ends have
/// a scale and the scales differ (red, solid), **horizontal** when both have the same scale
/// (blue), **unscaled** otherwise (grey, dotted); other affiliations are plain links, part_of
/// edges light guides. The pairs of algo::missing_vertical_links (ties, two hops) with both ends
/// on the map are drawn dashed (kind `missing`). Deterministic. O(m + n log n) plus the
/// missing-link searches.
Representation interscale_map(const Graph& graph, const InterscaleMapOptions& options = {});

/// Options of ego_map.
struct EgoMapOptions {
  std::uint32_t radius = 1;
  std::uint64_t seed = 0;
  std::string size_by = "degree";
  std::string group_by = "family";
  /// Empty = every kind.
  std::vector<std::string> kinds;
  std::string title;
};

/// The ego map of `key`: every node within `radius` hops (every relation but part_of), laid out
/// in concentric rings around it, ordered by group. NotFound for an unknown key.
Representation ego_map(const Graph& graph, std::string_view key, const EgoMapOptions& options = {});

/// Options of programme_map.
struct ProgrammeMapOptions {
  std::uint64_t seed = 0;
  std::string size_by = "degree";
  std::string group_by = "family";
  /// "concentric" (the programme at the centre, its participants around it ordered by group),
  /// "sectors" (by group), "force" or "kamada_kawai".
  std::string layout = "concentric";
  /// Include the programme's events and resources (in_programme).
  bool events = false;
  std::string title;
};

/// The map of a programme: the programme, every node tied to it (participants, animators,
/// supporters, funders; events and resources when asked) and the endpoints of every edge whose
/// `context` is the programme, with every edge (but part_of) among them; concentric around the
/// programme by default. NotFound for an unknown key, InvalidInput when the key is not a programme.
Representation programme_map(const Graph& graph, std::string_view programme, const ProgrammeMapOptions& options = {});

}  // namespace maillage::systemic
