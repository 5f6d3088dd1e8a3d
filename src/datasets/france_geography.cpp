// Finding and loading the embedded French geography (data/france-geography), and adding positions
// to a graph's territory nodes.

#include <charconv>
#include <cstdlib>
#include <system_error>

#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "gzip_text.hpp"
#include "maillage/datasets/geography.hpp"

namespace maillage::datasets {
namespace fs = std::filesystem;

namespace {



/// Calls `row(line_number, fields, columns_at)` for each data line after the metadata and the
/// header (checked against `header`); metadata lines go to `metadata`.
template <class F>
void read_table(const fs::path& path, std::string_view header, Metadata& metadata, F row) {
  const std::string text = detail::read_gzip(path);
  bool header_seen = false;
  std::size_t line_number = 0, at = 0;
  std::vector<std::string_view> fields;
  std::vector<std::size_t> starts;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + at, end - at);
    at = end + 1;
    ++line_number;
    if (line.empty()) continue;
    if (!header_seen && line.starts_with("# ")) {
      const auto tab = line.find('\t');
      if (tab == std::string_view::npos)
        throw InvalidInput(detail::location(path, line_number, 1) + "a metadata line is '# name<TAB>value'");
      metadata[std::string(line.substr(2, tab - 2))] = std::string(line.substr(tab + 1));
      continue;
    }
    if (!header_seen) {
      if (line != header)
        throw InvalidInput(detail::location(path, line_number, 1) + "expected the header " + quote(header) + ", got " +
                           quote(line));
      header_seen = true;
      continue;
    }
    fields.clear();
    starts.clear();
    std::size_t p = 0;
    while (true) {
      const std::size_t tab = line.find('\t', p);
      fields.push_back(line.substr(p, tab == std::string_view::npos ? std::string_view::npos : tab - p));
      starts.push_back(p + 1);
      if (tab == std::string_view::npos) break;
      p = tab + 1;
    }
    row(line_number, fields, starts);
  }
  if (!header_seen) throw InvalidInput(path.string() + ": no header line " + quote(header));
}

double parse_number(std::string_view text, const fs::path& path, std::size_t line, std::size_t column,
                    std::string_view what) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
    throw InvalidInput(detail::location(path, line, column) + std::string(what) + " is not a number: " + quote(text));
  return v;
}

fs::path with_folder(const fs::path& base) { return base / france_geography_folder; }

bool has_files(const fs::path& folder) {
  std::error_code error;
  return fs::is_regular_file(folder / france_geography_points_file, error) &&
         fs::is_regular_file(folder / france_geography_outlines_file, error);
}

}  // namespace

const GeoPoint* FranceGeography::point(std::string_view key) const {
  auto it = point_index.find(key);
  return it == point_index.end() ? nullptr : &points[it->second];
}

const GeoOutline* FranceGeography::outline(std::string_view key) const {
  auto it = outline_index.find(key);
  return it == outline_index.end() ? nullptr : &outlines[it->second];
}

std::vector<fs::path> france_geography_search_path(const std::vector<fs::path>& extra) {
  std::vector<fs::path> out;
  if (const char* dir = std::getenv("MAILLAGE_FRANCE_GEOGRAPHY_DIR"); dir && *dir) out.emplace_back(dir);
  if (const char* dir = std::getenv("MAILLAGE_DATA_DIR"); dir && *dir) out.push_back(with_folder(dir));
  out.insert(out.end(), extra.begin(), extra.end());
#ifdef MAILLAGE_SOURCE_DATA_DIR
  out.push_back(with_folder(MAILLAGE_SOURCE_DATA_DIR));
#endif
#ifdef MAILLAGE_INSTALL_DATA_DIR
  out.push_back(with_folder(MAILLAGE_INSTALL_DATA_DIR));
#endif
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error && exe.has_parent_path()) out.push_back(with_folder(exe.parent_path().parent_path() / "share" / "maillage"));
  return out;
}

fs::path find_france_geography(const std::vector<fs::path>& extra) {
  const auto places = france_geography_search_path(extra);
  for (const auto& folder : places)
    if (has_files(folder)) return folder;
  std::string message = "the france-geography dataset (points.tsv.gz, outlines.tsv.gz) was not found; looked in:";
  for (const auto& folder : places) message += "\n  " + folder.string();
  message += "\nset MAILLAGE_FRANCE_GEOGRAPHY_DIR to the folder holding it (or MAILLAGE_DATA_DIR to its parent)";
  throw NotFound(message);
}

FranceGeography france_geography(const std::vector<fs::path>& extra) {
  return load_france_geography(find_france_geography(extra));
}

FranceGeography load_france_geography(const fs::path& folder) {
  FranceGeography g;
  const fs::path points = folder / france_geography_points_file;
  read_table(points, "key\tlon\tlat\tsource\tcrs", g.metadata,
             [&](std::size_t line, const std::vector<std::string_view>& f, const std::vector<std::size_t>& at) {
               if (f.size() != 5)
                 throw InvalidInput(detail::location(points, line, 1) + "expected 5 fields, got " + std::to_string(f.size()));
               GeoPoint p;
               p.key = std::string(f[0]);
               if (p.key.empty() || p.key.find(':') == std::string::npos)
                 throw InvalidInput(detail::location(points, line, 1) + "not a territory key: " + quote(f[0]));
               p.source = std::string(f[3]);
               p.crs = std::string(f[4]);
               if (p.source != "none") {
                 p.lon = parse_number(f[1], points, line, at[1], "lon");
                 p.lat = parse_number(f[2], points, line, at[2], "lat");
                 if (p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90)
                   throw InvalidInput(detail::location(points, line, at[1]) + "position out of range: " + std::string(f[1]) + ", " +
                                      std::string(f[2]));
                 if (!geo::known_crs(p.crs))
                   throw InvalidInput(detail::location(points, line, at[4]) + "unknown projected system " + quote(f[4]));
               } else if (!f[1].empty() || !f[2].empty()) {
                 throw InvalidInput(detail::location(points, line, at[1]) + "a point of source 'none' has no lon/lat");
               }
               if (!g.point_index.emplace(p.key, g.points.size()).second)
                 throw InvalidInput(detail::location(points, line, 1) + "duplicate key " + quote(p.key));
               g.points.push_back(std::move(p));
             });
  const fs::path outlines = folder / france_geography_outlines_file;
  Metadata outline_metadata;
  read_table(outlines, "key\tlabel\tpart\tring\tcoordinates", outline_metadata,
             [&](std::size_t line, const std::vector<std::string_view>& f, const std::vector<std::size_t>& at) {
               if (f.size() != 5)
                 throw InvalidInput(detail::location(outlines, line, 1) + "expected 5 fields, got " + std::to_string(f.size()));
               const std::size_t part = static_cast<std::size_t>(parse_number(f[2], outlines, line, at[2], "part"));
               const std::size_t ring = static_cast<std::size_t>(parse_number(f[3], outlines, line, at[3], "ring"));
               auto [it, fresh] = g.outline_index.emplace(std::string(f[0]), g.outlines.size());
               if (fresh) g.outlines.push_back(GeoOutline{std::string(f[0]), std::string(f[1]), {}});
               GeoOutline& o = g.outlines[it->second];
               if (part != o.polygons.size() && part + 1 != o.polygons.size())
                 throw InvalidInput(detail::location(outlines, line, at[2]) + "part numbers of " + quote(f[0]) +
                                    " must be consecutive");
               if (part == o.polygons.size()) {
                 if (ring != 0) throw InvalidInput(detail::location(outlines, line, at[3]) + "a part starts with ring 0");
                 o.polygons.emplace_back();
               }
               auto& rings = o.polygons.back();
               if (ring != rings.size())
                 throw InvalidInput(detail::location(outlines, line, at[3]) + "ring numbers must be consecutive");
               GeoRing r;
               std::string_view c = f[4];
               std::size_t p = 0;
               while (p < c.size()) {
                 std::size_t space = c.find(' ', p);
                 if (space == std::string_view::npos) space = c.size();
                 std::string_view pair = c.substr(p, space - p);
                 const auto comma = pair.find(',');
                 const std::size_t column = at[4] + p;
                 if (comma == std::string_view::npos)
                   throw InvalidInput(detail::location(outlines, line, column) + "expected lon,lat, got " + quote(pair));
                 r.push_back({parse_number(pair.substr(0, comma), outlines, line, column, "lon"),
                              parse_number(pair.substr(comma + 1), outlines, line, column + comma + 1, "lat")});
                 p = space + 1;
               }
               if (r.size() < 4 || r.front().lon != r.back().lon || r.front().lat != r.back().lat)
                 throw InvalidInput(detail::location(outlines, line, at[4]) + "a ring has at least 4 vertices and is closed");
               rings.push_back(std::move(r));
             });
  for (const auto& [name, value] : outline_metadata)
    if (name == "tolerance" || name == "tolerance_overseas") g.metadata[name] = value;
  return g;
}

Graph add_positions(const Graph& graph, const FranceGeography& geography) {
  const std::size_t n = graph.number_of_nodes();
  Table table = graph.node_attributes();
  for (const char* name : {"lon", "lat", "x", "y", "crs"})
    if (table.has(name)) throw InvalidInput("add_positions: the graph already has a node attribute " + quote(name));
  Column lon(AttrType::float64, n), lat(AttrType::float64, n), x(AttrType::float64, n), y(AttrType::float64, n),
      crs(AttrType::string, n);
  const Column* official = table.find("official_key");
  for (NodeId v = 0; v < n; ++v) {
    std::string key = graph.key(v);
    if (official && !official->is_missing(v)) {
      const Value value = official->get(v);
      if (const auto* text = std::get_if<std::string>(&value)) key = *text;
    }
    const GeoPoint* p = geography.point(key);
    if (!p || !p->known()) continue;
    const geo::XY xy = p->projected();
    lon.set(v, p->lon);
    lat.set(v, p->lat);
    x.set(v, xy.x);
    y.set(v, xy.y);
    crs.set(v, p->crs);
  }
  table.add("lon", std::move(lon));
  table.add("lat", std::move(lat));
  table.add("x", std::move(x));
  table.add("y", std::move(y));
  table.add("crs", std::move(crs));

  std::vector<std::string> keys, kinds, sources, targets, relations;
  for (NodeId v = 0; v < n; ++v) {
    keys.push_back(graph.key(v));
    kinds.push_back(graph.kind(v));
  }
  const std::size_t m = graph.number_of_edges();
  for (EdgeId e = 0; e < m; ++e) {
    sources.push_back(graph.key(graph.source(e)));
    targets.push_back(graph.key(graph.target(e)));
    relations.push_back(graph.relation(e).name);
  }
  Table edge_table = graph.edge_attributes();
  if (graph.has_weight_column()) {
    Column weight(AttrType::float64, m);
    for (EdgeId e = 0; e < m; ++e)
      if (graph.weight_given(e)) weight.set(e, graph.weight(e));
    edge_table.add(std::string(weight_column), std::move(weight));
  }
  GraphBuilder builder(graph.relations(), graph.scales());
  builder.add_nodes(std::move(keys), std::move(kinds), std::move(table));
  builder.add_edges(std::move(sources), std::move(targets), std::move(relations), std::move(edge_table));
  for (const auto& [name, value] : graph.metadata()) builder.set_metadata(name, value);
  return std::move(builder).build();
}

}  // namespace maillage::datasets
