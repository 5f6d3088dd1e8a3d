#pragma once
/// Where the French territories are: an embedded dataset of one point per territory of
/// france_territories() (town halls of communes, centroids of areas) and simplified outlines of
/// départements, régions and metropolitan France, in longitude/latitude, with the official
/// projected system of each (see geo/projection.hpp).
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/graph.hpp"
#include "maillage/geo/projection.hpp"

namespace maillage::datasets {

/// Name of the dataset's folder and files (scripts/build_france_geography.py writes them).
inline constexpr std::string_view france_geography_folder = "france-geography";
inline constexpr std::string_view france_geography_points_file = "points.tsv.gz";
inline constexpr std::string_view france_geography_outlines_file = "outlines.tsv.gz";

/// The position of one territory. `lon`/`lat` are NaN when the source has no geometry for it
/// (`source` "none"): such territories are listed, never placed at (0, 0).
struct GeoPoint {
  std::string key;     ///< "commune:62861"
  double lon = std::nan("");
  double lat = std::nan("");
  std::string source;  ///< "mairie" (town hall), "centroid" (of the area) or "none"
  std::string crs;     ///< official projected system, "EPSG:2154", "EPSG:5490", …
  bool known() const { return std::isfinite(lon) && std::isfinite(lat); }
  /// The position in `crs` (metres). Precondition: known().
  geo::XY projected() const { return geo::project(crs, {lon, lat}); }
};

/// A ring of (lon, lat) vertices, closed (last == first).
using GeoRing = std::vector<geo::LonLat>;

/// The simplified outline of a département, a région or metropolitan France (`pays:FR`): its
/// polygons, each an exterior ring followed by its holes.
struct GeoOutline {
  std::string key;
  std::string label;  ///< official name ("Puy-de-Dôme")
  std::vector<std::vector<GeoRing>> polygons;
};

/// The loaded dataset. Immutable once loaded; lookups may run from many threads.
struct FranceGeography {
  std::vector<GeoPoint> points;      ///< file order (that of france-territories)
  std::vector<GeoOutline> outlines;  ///< départements, régions, then pays:FR
  Metadata metadata;                 ///< name, format, source, licence, built_with, tolerance

  /// The point of a territory key, nullptr when the key is not in the dataset. O(log n).
  const GeoPoint* point(std::string_view key) const;
  /// The outline of a key, nullptr when it has none. O(log n).
  const GeoOutline* outline(std::string_view key) const;

  std::map<std::string, std::size_t, std::less<>> point_index;
  std::map<std::string, std::size_t, std::less<>> outline_index;
};

/// The folders france_geography() looks in, in order: `$MAILLAGE_FRANCE_GEOGRAPHY_DIR`,
/// `$MAILLAGE_DATA_DIR/france-geography`, `extra`, the source tree's data folder, the install
/// prefix's `share/maillage/france-geography` and `../share/maillage/france-geography` beside the
/// running executable. O(1).
std::vector<std::filesystem::path> france_geography_search_path(const std::vector<std::filesystem::path>& extra = {});

/// The first folder of the search path holding both files; NotFound listing every place looked.
std::filesystem::path find_france_geography(const std::vector<std::filesystem::path>& extra = {});

/// Loads the dataset found on the search path. Deterministic. O(size of the files).
/// NotFound when it is not found; InvalidInput `<file>:<line>:<column>: …` when malformed.
FranceGeography france_geography(const std::vector<std::filesystem::path>& extra = {});

/// Loads the dataset from a folder holding points.tsv.gz and outlines.tsv.gz.
FranceGeography load_france_geography(const std::filesystem::path& folder);

/// A copy of `graph` with the columns `lon`, `lat` (degrees), `x`, `y` (metres, in the system
/// named by `crs`) and `crs` for every node whose `official_key` attribute (else its key) names
/// a territory with a known position; other nodes get missing values. Existing columns of those
/// names are InvalidInput (naming the column). Deterministic. O(n log n).
Graph add_positions(const Graph& graph, const FranceGeography& geography);

}  // namespace maillage::datasets
