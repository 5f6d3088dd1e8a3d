#pragma once
/// The geographic map: a graph's territories at their places on a map of France (Lambert-93, the
/// overseas départements in insets in their own UTM systems), with département and région
/// outlines, ties, a choropleth mode and focuses — a Representation like the other maps.
#include <cstddef>
#include <string>
#include <vector>

#include "maillage/core/graph.hpp"
#include "maillage/datasets/geography.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::systemic {

/// Options of geo_map.
struct GeoMapOptions {
  /// Colour classes of the points: "programme" (the programme each territory is tied to; several
  /// programmes form their own class), "scale", "kind", "type" or any node attribute (text
  /// categories; numbers in five quantile classes). Colour-blind-safe palette (Okabe–Ito), with
  /// shapes cycling beyond eight classes.
  std::string color_by = "scale";
  /// "none" (one size), "degree" (ties, part_of excluded) or a numeric node attribute; radii 3.5–12
  /// by square root.
  std::string size_by = "none";
  /// "" (points), "departement" or "region": areas filled by `value` aggregated over the kept
  /// territories lying in each (by the graph's part_of containers, else by the area holding the
  /// point); the points are then not drawn.
  std::string choropleth;
  /// Choropleth value: "count" (kept territories per area) or a numeric node attribute (summed).
  std::string value = "count";
  /// Ties drawn between the points: "all", "none", "departement" or "region" (only those crossing
  /// département, resp. région borders). Relations of category nesting (part_of) are never drawn.
  std::string ties = "all";
  /// Zoom on a département or a région: "departement:63", "63", "2A", "region:84". Empty = France.
  std::string focus;
  /// Keep only the territories tied to this programme (a node key). Empty = any.
  std::string programme;
  /// Keep only territories with at least one edge of this relation ("participates_in"). Empty = any.
  std::string relation;
  /// Keep only territories with at least one tie (any relation but part_of).
  bool tied_only = true;
  /// Territory types kept (official key prefixes: "commune", "epci", "departement", …). Empty =
  /// every type but "pays" (the country is not a place on its own map).
  std::vector<std::string> types;
  /// Beyond this many points, they are drawn as dot clouds (one Shape per colour class), without
  /// labels or ties, which keeps a map of every commune of France a few hundred kilobytes.
  std::size_t max_nodes = 2000;
  std::string title;
};

/// The geographic map of `graph`'s territory nodes (kind "territory"), each placed by its
/// `official_key` attribute (set by attach_territories) or its key in `geography`:
/// - metropolitan France and Corsica in Lambert-93 (EPSG:2154); Guadeloupe and Martinique (UTM
///   20N), Guyane (22N), La Réunion (40S) and Mayotte (38S) in insets on the left, each in its own
///   system;
/// - département outlines as background shapes, région outlines over them;
/// - territories with no known position (keys of groupings outside the official hierarchy such as
///   `petr:`, `pnr:`, or communes without geometry) in a "Position inconnue / unknown position"
///   box at the bottom left, and listed in the notes and in metadata `unknown`; never at (0, 0);
/// - labels placed by render::place_labels (overlapping ones hidden), legend of the classes.
/// Deterministic. O(n log n + m + outline vertices). NotFound for an unknown focus (naming it) or
/// programme; InvalidInput for an unknown option value or a non-numeric size_by/value.
Representation geo_map(const Graph& graph, const datasets::FranceGeography& geography,
                       const GeoMapOptions& options = {});

}  // namespace maillage::systemic
