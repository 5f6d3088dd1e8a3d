#include "maillage/systemic/horizons.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"
#include "model_pictures.hpp"

namespace maillage::systemic {

namespace {

using Point = std::pair<double, double>;
using detail::LabelPlacer;
using detail::annotation_box;
using detail::polyline;
using detail::text_at;

constexpr double kTitleSpace = 44;  // the title is drawn at y = 26, 18 px high
constexpr double kMark = 5.5;       // radius of an item's mark
constexpr int kSamples = 121;       // points per curve

// Okabe–Ito colours (colour-blind safe): H1 blue, H2 orange, H3 green.
constexpr std::array<const char*, 3> kHorizonColours = {"#0072B2", "#E69F00", "#009E73"};
constexpr const char* kOldColour = "#D55E00";  // vermilion: the dominant system
constexpr const char* kNewColour = "#009E73";  // bluish green: the emerging one

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

/// A logistic rising from exactly 0 at t = 0 to exactly 1 at t = 1, centred at c, of width w.
double unit_logistic(double t, double c, double w) {
  const double a = sigmoid(-c / w), b = sigmoid((1 - c) / w);
  return (sigmoid((t - c) / w) - a) / (b - a);
}

std::string replace_count(std::string text, std::size_t n) {
  const auto at = text.find("{n}");
  if (at != std::string::npos) text.replace(at, 3, std::to_string(n));
  return text;
}

std::string year_text(int year) { return std::to_string(year); }

/// The plot's frame shared by both models: the box where the curves are drawn and the mapping of
/// a level in [0, 1] to a canvas height.
struct Frame {
  double left = 0, top = 0, right = 0, bottom = 0;
  double y_of(double level) const { return bottom - 22 - level * (bottom - 22 - top); }
  double x_of(double fraction) const { return left + fraction * (right - left); }
};

}  // namespace

// ------------------------------------------------------------------------------- three horizons

ThreeHorizonsTexts three_horizons_texts(std::string_view lang) {
  ThreeHorizonsTexts t;
  t.short_names = {"H1", "H2", "H3"};
  if (lang == "fr") {
    t.names = {"H1 · système dominant (en déclin)", "H2 · innovations de transition",
               "H3 · système émergent (futur souhaité)"};
    t.time = "temps";
    t.prevalence = "prépondérance";
    t.horizon_field = "horizon";
    t.start_field = "début";
    t.end_field = "fin";
    t.span = "durée (début → fin)";
    t.hidden_note = "{n} étiquette(s) masquée(s), visibles au survol";
  } else if (lang == "en") {
    t.names = {"H1 · dominant system (declining)", "H2 · transition innovations",
               "H3 · emerging system (desired future)"};
    t.time = "time";
    t.prevalence = "prevalence";
    t.horizon_field = "horizon";
    t.start_field = "start";
    t.end_field = "end";
    t.span = "duration (start → end)";
    t.hidden_note = "{n} label(s) hidden (shown on hover)";
  } else {
    throw InvalidInput("three horizons: unknown language '" + std::string(lang) + "' (fr or en)");
  }
  return t;
}

double horizon_level(int horizon, double t) {
  t = std::clamp(t, 0.0, 1.0);
  switch (horizon) {
    case 1: return 0.9 - 0.85 * unit_logistic(t, 0.45, 0.13);
    case 2: return 0.15 + 0.5 * std::exp(-std::pow((t - 0.5) / 0.17, 2));
    case 3: return 0.05 + 0.85 * unit_logistic(t, 0.62, 0.13);
    default: throw InvalidInput("horizon " + std::to_string(horizon) + " is not 1, 2 or 3");
  }
}

Representation three_horizons(const std::vector<HorizonInitiative>& initiatives, const ThreeHorizonsOptions& options) {
  std::set<std::string> keys;
  for (const auto& it : initiatives) {
    if (it.key.empty()) throw InvalidInput("three horizons: an initiative has an empty key (label '" + it.label + "')");
    if (!keys.insert(it.key).second) throw InvalidInput("three horizons: duplicate initiative '" + it.key + "'");
    if (it.horizon < 1 || it.horizon > 3)
      throw InvalidInput("three horizons: initiative '" + it.key + "': horizon " + std::to_string(it.horizon) +
                         " is not 1, 2 or 3");
    if (it.end && *it.end < it.start)
      throw InvalidInput("three horizons: initiative '" + it.key + "' ends (" + it.end->iso() + ") before it starts (" +
                         it.start.iso() + ")");
  }
  const ThreeHorizonsTexts& tx = options.texts;
  Representation r;
  r.title = options.title;
  r.metadata.set("builder", "three_horizons");

  // The period: whole years around the items unless given.
  std::optional<Date> first = options.from, last = options.to;
  if (!initiatives.empty()) {
    Date lo = initiatives.front().start, hi = lo;
    for (const auto& it : initiatives) lo = std::min(lo, it.start), hi = std::max(hi, it.end.value_or(it.start));
    if (!first) first = Date::from_ymd(lo.year(), 1, 1);
    if (!last) last = Date::from_ymd(std::max(hi.year(), first->year()), 12, 31);
  }
  if (first && last && *last < *first)
    throw InvalidInput("three horizons: the period ends (" + last->iso() + ") before it starts (" + first->iso() + ")");
  const bool dated = first && last;

  // Geometry: title, the plot, the legend's column on the right.
  const double plot_w = options.width > 0 ? std::max(300.0, options.width) : 900;
  Frame f;
  f.left = 56;
  f.top = (options.title.empty() ? 16 : kTitleSpace) + 34;
  f.right = f.left + plot_w;
  f.bottom = f.top + 400;
  for (int h = 0; h < 3; ++h) {
    LegendEntry e;
    e.label = tx.names[static_cast<std::size_t>(h)];
    e.symbol = "circle";
    e.colour = kHorizonColours[static_cast<std::size_t>(h)];
    e.group = tx.short_names[static_cast<std::size_t>(h)];
    r.legend.push_back(e);
    r.groups.push_back(Group{"H" + std::to_string(h + 1), e.label, e.colour, "circle"});
  }
  const bool any_span = std::any_of(initiatives.begin(), initiatives.end(),
                                    [](const auto& it) { return it.end && it.start < *it.end; });
  if (any_span) r.legend.push_back(LegendEntry{tx.span, "line", "#9a9a9a", ""});
  r.width = f.right + 30;
  r.height = f.bottom + 46;
  const render::Box legend_probe = render::legend_box(r);
  r.width += legend_probe.width + 10;
  r.height = std::max(r.height, f.top + legend_probe.height + 20);

  const double span_days = dated ? static_cast<double>(last->days - first->days + 1) : 1.0;
  auto t_of = [&](Date d) { return dated ? static_cast<double>(d.days - first->days) / span_days : 0.0; };
  auto curve_y = [&](int h, double x) { return f.y_of(horizon_level(h, (x - f.left) / (f.right - f.left))); };

  // Axes: time along the bottom (years as ticks), prevalence up the left side.
  Axis time;
  time.x1 = f.left;
  time.x2 = f.right + 14;
  time.y1 = time.y2 = f.bottom;
  Axis up;
  up.x1 = up.x2 = f.left;
  up.y1 = f.bottom;
  up.y2 = f.top - 16;
  if (dated) {
    const double years = span_days / 365.25;
    int step = 1;
    for (int s : {1, 2, 5, 10, 20, 25, 50, 100, 200, 500})
      if (years / s <= 12) {
        step = s;
        break;
      }
    for (int y = first->year(); y <= last->year() + 1; ++y) {
      if (y % step != 0) continue;
      const Date jan = Date::from_ymd(y, 1, 1);
      if (jan < *first || jan.days > last->days + 1) continue;
      const double x = f.x_of(t_of(jan));
      time.ticks.emplace_back((x - time.x1) / (time.x2 - time.x1), year_text(y));
      Rect grid;
      grid.x = x - 0.3;
      grid.y = f.top - 10;
      grid.width = 0.6;
      grid.height = f.bottom - f.top + 10;
      grid.fill = "#e4e4e4";
      r.rects.push_back(grid);
    }
    r.metadata.set("from", first->iso());
    r.metadata.set("to", last->iso());
  }
  r.axes.push_back(std::move(time));
  r.axes.push_back(std::move(up));
  std::vector<render::Box> obstacles;
  auto annotate = [&](Annotation a) {
    obstacles.push_back(annotation_box(a));
    r.annotations.push_back(std::move(a));
  };
  annotate(text_at(f.right + 14, f.bottom + 32, tx.time, "end", 11, "#555555"));
  annotate(text_at(f.left + 6, f.top - 18, tx.prevalence, "start", 11, "#555555"));

  // The three curves.
  for (int h = 1; h <= 3; ++h) {
    std::vector<Point> pts;
    for (int i = 0; i < kSamples; ++i) {
      const double t = static_cast<double>(i) / (kSamples - 1);
      pts.emplace_back(f.x_of(t), f.y_of(horizon_level(h, t)));
    }
    r.shapes.push_back(polyline(pts, kHorizonColours[static_cast<std::size_t>(h - 1)], 3, "horizon-curve",
                                "H" + std::to_string(h), tx.names[static_cast<std::size_t>(h - 1)]));
  }
  // Their short names: H1 at its start (top left), H3 at its end (top right), H2 over its top.
  annotate(text_at(f.left + 6, f.y_of(horizon_level(1, 0)) - 12, tx.short_names[0], "start", 14, kHorizonColours[0]));
  annotate(text_at(f.x_of(0.5), f.y_of(horizon_level(2, 0.5)) - 14, tx.short_names[1], "middle", 14, kHorizonColours[1]));
  annotate(text_at(f.right - 6, f.y_of(horizon_level(3, 1)) - 12, tx.short_names[2], "end", 14, kHorizonColours[2]));

  // Initiatives inside the period, spread along their curve when they would share a point.
  std::size_t outside = 0;
  std::array<std::vector<std::size_t>, 3> by_horizon;
  for (std::size_t i = 0; i < initiatives.size(); ++i) {
    const auto& it = initiatives[i];
    if (it.end.value_or(it.start) < *first || *last < it.start) {
      ++outside;
      continue;
    }
    by_horizon[static_cast<std::size_t>(it.horizon - 1)].push_back(i);
  }
  std::map<std::size_t, double> x_at;
  const double gap = 2 * kMark + 2;
  for (auto& members : by_horizon) {
    std::vector<std::pair<double, std::size_t>> wanted;
    for (std::size_t i : members) wanted.emplace_back(f.x_of(std::max(0.0, t_of(initiatives[i].start))), i);
    std::stable_sort(wanted.begin(), wanted.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto xs = detail::spread(wanted, gap, f.left, f.right);
    for (std::size_t k = 0; k < wanted.size(); ++k) x_at[wanted[k].second] = xs[k];
  }
  std::array<std::int64_t, 3> counts{0, 0, 0};
  for (std::size_t i = 0; i < initiatives.size(); ++i) {
    auto found = x_at.find(i);
    if (found == x_at.end()) continue;
    const auto& it = initiatives[i];
    const std::size_t h = static_cast<std::size_t>(it.horizon - 1);
    ++counts[h];
    Node n;
    n.key = it.key;
    n.label = it.label.empty() ? it.key : it.label;
    n.kind = "initiative";
    n.group = "H" + std::to_string(it.horizon);
    n.role = n.group;
    n.size = kMark;
    n.colour = kHorizonColours[h];
    n.x = found->second;
    n.y = curve_y(it.horizon, n.x);
    n.font_size = 11;
    n.tooltip.emplace_back(tx.horizon_field, tx.names[h]);
    n.tooltip.emplace_back(tx.start_field, it.start_text.empty() ? it.start.iso() : it.start_text);
    if (it.end) n.tooltip.emplace_back(tx.end_field, it.end_text.empty() ? it.end->iso() : it.end_text);
    for (const auto& field : it.tooltip) n.tooltip.push_back(field);
    if (it.end && it.start < *it.end) {
      const double x0 = f.x_of(std::clamp(t_of(it.start), 0.0, 1.0));
      const double x1 = f.x_of(std::clamp(t_of(*it.end), 0.0, 1.0));
      if (x1 - x0 >= 1) {
        std::vector<Point> pts;
        const int steps = std::max(2, static_cast<int>((x1 - x0) / 4));
        for (int s = 0; s <= steps; ++s) {
          const double x = x0 + (x1 - x0) * s / steps;
          pts.emplace_back(x, curve_y(it.horizon, x));
        }
        Shape span = polyline(pts, kHorizonColours[h], 9, "horizon-span", it.key, n.label);
        span.opacity = 0.35;
        r.shapes.push_back(std::move(span));
      }
    }
    r.nodes.push_back(std::move(n));
  }

  // Labels: never over another label, a mark, a caption or the legend.
  obstacles.push_back(render::legend_box(r));
  LabelPlacer placer(r, render::Box{2, f.top - 30, f.right + 24, f.bottom - 2 - (f.top - 30)}, obstacles);
  const std::size_t hidden = placer.place_all();
  if (hidden) r.notes.push_back(replace_count(tx.hidden_note, hidden));
  if (outside) r.notes.push_back(std::to_string(outside) + " initiative(s) outside the period shown");

  Json counts_json(Json::Object{});
  for (std::size_t h = 0; h < 3; ++h) counts_json.set("H" + std::to_string(h + 1), Json(counts[h]));
  r.metadata.set("initiatives", counts_json);
  r.metadata.set("outside", Json(static_cast<std::int64_t>(outside)));
  r.metadata.set("hidden_labels", Json(static_cast<std::int64_t>(hidden)));
  r.metadata.set("plot", Json(Json::Array{Json(f.left), Json(f.top), Json(f.right), Json(f.bottom)}));
  r.metadata.set("curve_samples", Json(static_cast<std::int64_t>(kSamples)));
  return r;
}

// ------------------------------------------------------------------------------------ two loops

namespace {

struct RoleInfo {
  LoopRole role;
  const char* english;
  const char* french;
  double from, to;  // the role's stretch of its loop (curve parameter)
};

constexpr std::array<RoleInfo, 6> kRoles = {{
    {LoopRole::hospicing, "hospicing", "accompagner la fin", 0.56, 0.80},
    {LoopRole::composting, "composting", "composter", 0.83, 0.98},
    {LoopRole::naming, "naming", "nommer", 0.02, 0.22},
    {LoopRole::connecting, "connecting", "relier", 0.26, 0.46},
    {LoopRole::nourishing, "nourishing", "nourrir", 0.50, 0.70},
    {LoopRole::illuminating, "illuminating", "éclairer", 0.74, 0.96},
}};

const RoleInfo& info(LoopRole role) { return kRoles[static_cast<std::size_t>(role)]; }

/// Lower-case ASCII letters, "é", "è", "ê" and "É" as "e", runs of spaces, "-" and "_" as one space,
/// trimmed.
std::string fold(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    char next;
    if (c == 0xC3 && i + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      ++i;
      if (d == 0xA9 || d == 0xA8 || d == 0xAA || d == 0x89 || d == 0x88 || d == 0x8A) next = 'e';
      else return std::string(text);  // another accented letter: no role has one
    } else if (c == ' ' || c == '-' || c == '_' || c == '\t') {
      space = !out.empty();
      continue;
    } else {
      next = static_cast<char>(std::tolower(c));
    }
    if (space) out += ' ';
    space = false;
    out += next;
  }
  return out;
}

/// The old loop at parameter u in [0, 1]: (fraction of the width, level).
Point old_loop(double u) {
  const auto bump = [](double v) { return std::pow(v, 1.5) * std::pow(1 - v, 2.0); };
  const double peak = bump(1.5 / 3.5);
  return {0.02 + 0.86 * u, 0.08 + 0.8 * bump(u) / peak};
}
/// The new loop at parameter u in [0, 1].
Point new_loop(double u) { return {0.3 + 0.68 * u, 0.2 + 0.72 * unit_logistic(u, 0.45, 0.15)}; }

}  // namespace

bool on_old_loop(LoopRole role) { return role == LoopRole::hospicing || role == LoopRole::composting; }

std::optional<LoopRole> parse_loop_role(std::string_view text) {
  const std::string folded = fold(text);
  for (const auto& r : kRoles)
    if (folded == r.english || folded == fold(r.french)) return r.role;
  return std::nullopt;
}

TwoLoopsTexts two_loops_texts(std::string_view lang) {
  TwoLoopsTexts t;
  if (lang == "fr") {
    t.old_loop = "système dominant (ancien)";
    t.new_loop = "système émergent (nouveau)";
    for (std::size_t i = 0; i < kRoles.size(); ++i) t.roles[i] = kRoles[i].french;
    t.time = "temps";
    t.loop_field = "boucle";
    t.role_field = "rôle";
    t.hidden_note = "{n} étiquette(s) masquée(s), visibles au survol";
  } else if (lang == "en") {
    t.old_loop = "dominant system (old)";
    t.new_loop = "emerging system (new)";
    for (std::size_t i = 0; i < kRoles.size(); ++i) t.roles[i] = kRoles[i].english;
    t.time = "time";
    t.loop_field = "loop";
    t.role_field = "role";
    t.hidden_note = "{n} label(s) hidden (shown on hover)";
  } else {
    throw InvalidInput("two loops: unknown language '" + std::string(lang) + "' (fr or en)");
  }
  return t;
}

Representation two_loops(const std::vector<LoopItem>& items, const TwoLoopsOptions& options) {
  std::set<std::string> keys;
  for (const auto& it : items) {
    if (it.key.empty()) throw InvalidInput("two loops: an item has an empty key (label '" + it.label + "')");
    if (!keys.insert(it.key).second) throw InvalidInput("two loops: duplicate item '" + it.key + "'");
  }
  const TwoLoopsTexts& tx = options.texts;
  Representation r;
  r.title = options.title;
  r.metadata.set("builder", "two_loops");
  const double plot_w = options.width > 0 ? std::max(300.0, options.width) : 900;
  Frame f;
  f.left = 30;
  f.top = (options.title.empty() ? 16 : kTitleSpace) + 34;
  f.right = f.left + plot_w;
  f.bottom = f.top + 400;
  r.legend.push_back(LegendEntry{tx.old_loop, "line", kOldColour, "old"});
  r.legend.push_back(LegendEntry{tx.new_loop, "line", kNewColour, "new"});
  r.groups.push_back(Group{"old", tx.old_loop, kOldColour, "circle"});
  r.groups.push_back(Group{"new", tx.new_loop, kNewColour, "circle"});
  r.width = f.right + 24;
  r.height = f.bottom + 40;
  const render::Box legend_probe = render::legend_box(r);
  r.width += legend_probe.width + 10;

  auto canvas = [&](Point p) { return Point{f.x_of(p.first), f.y_of(p.second)}; };
  auto at = [&](bool old, double u) { return canvas(old ? old_loop(u) : new_loop(u)); };
  std::vector<Point> old_pts, new_pts;
  for (int i = 0; i < kSamples; ++i) {
    const double u = static_cast<double>(i) / (kSamples - 1);
    old_pts.push_back(at(true, u));
    new_pts.push_back(at(false, u));
  }
  Axis time;
  time.x1 = f.left;
  time.x2 = f.right + 10;
  time.y1 = time.y2 = f.bottom;
  r.axes.push_back(std::move(time));
  std::vector<render::Box> obstacles;
  auto annotate = [&](Annotation a) {
    obstacles.push_back(annotation_box(a));
    r.annotations.push_back(std::move(a));
  };
  annotate(text_at(f.right + 10, f.bottom + 20, tx.time, "end", 11, "#555555"));

  // The roles' stretches, lightly under the curves, and their names beside them (on the side
  // away from the other loop).
  for (std::size_t k = 0; k < kRoles.size(); ++k) {
    const bool old = on_old_loop(kRoles[k].role);
    std::vector<Point> pts;
    for (int s = 0; s <= 24; ++s) pts.push_back(at(old, kRoles[k].from + (kRoles[k].to - kRoles[k].from) * s / 24));
    Shape stretch = polyline(pts, old ? kOldColour : kNewColour, 11, "loop-role", kRoles[k].english, tx.roles[k]);
    stretch.opacity = 0.16;
    r.shapes.push_back(std::move(stretch));
  }
  r.shapes.push_back(polyline(old_pts, kOldColour, 3, "loop-curve", "old", tx.old_loop));
  r.shapes.push_back(polyline(new_pts, kNewColour, 3, "loop-curve", "new", tx.new_loop));
  for (std::size_t k = 0; k < kRoles.size(); ++k) {
    const bool old = on_old_loop(kRoles[k].role);
    const Point mid = at(old, (kRoles[k].from + kRoles[k].to) / 2);
    const auto& other = old ? new_pts : old_pts;
    const auto& own = old ? old_pts : new_pts;
    const std::string colour = old ? "#9c3f00" : "#006b4f";
    // Candidate places around the stretch's middle, nearest first; the first clear of both curves
    // wins.
    std::vector<std::pair<Point, const char*>> places;
    for (double dy : {22.0, -14.0, 34.0, -26.0, 46.0, -38.0, 58.0, -50.0})
      for (double dx : {12.0, -12.0, 0.0})
        places.push_back({{mid.first + dx, mid.second + dy}, dx > 0 ? "start" : dx < 0 ? "end" : "middle"});
    Annotation chosen = text_at(places[0].first.first, places[0].first.second, tx.roles[k], places[0].second, 12, colour);
    for (const auto& [p, anchor] : places) {
      Annotation a = text_at(p.first, p.second, tx.roles[k], anchor, 12, colour);
      const render::Box b = annotation_box(a);
      if (!detail::box_meets_polyline(b, other, 6) && !detail::box_meets_polyline(b, own, 6) &&
          std::none_of(obstacles.begin(), obstacles.end(), [&](const render::Box& o) { return detail::overlaps(b, o, 2); })) {
        chosen = a;
        break;
      }
    }
    annotate(chosen);
  }

  // Items: evenly over their role's stretch, in the order given.
  std::array<std::vector<std::size_t>, 6> by_role;
  for (std::size_t i = 0; i < items.size(); ++i) by_role[static_cast<std::size_t>(items[i].role)].push_back(i);
  std::vector<std::pair<std::size_t, Point>> placed;
  for (std::size_t k = 0; k < kRoles.size(); ++k) {
    const auto& members = by_role[k];
    for (std::size_t j = 0; j < members.size(); ++j) {
      const double u = kRoles[k].from + (kRoles[k].to - kRoles[k].from) * (static_cast<double>(j) + 0.5) /
                                            static_cast<double>(members.size());
      placed.emplace_back(members[j], at(on_old_loop(kRoles[k].role), u));
    }
  }
  std::sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::array<std::int64_t, 6> counts{};
  for (const auto& [i, p] : placed) {
    const auto& it = items[i];
    const bool old = on_old_loop(it.role);
    ++counts[static_cast<std::size_t>(it.role)];
    Node n;
    n.key = it.key;
    n.label = it.label.empty() ? it.key : it.label;
    n.kind = "item";
    n.group = old ? "old" : "new";
    n.role = info(it.role).english;
    n.size = kMark;
    n.colour = old ? kOldColour : kNewColour;
    n.x = p.first;
    n.y = p.second;
    n.font_size = 11;
    n.tooltip.emplace_back(tx.loop_field, old ? tx.old_loop : tx.new_loop);
    n.tooltip.emplace_back(tx.role_field, tx.roles[static_cast<std::size_t>(it.role)]);
    for (const auto& field : it.tooltip) n.tooltip.push_back(field);
    r.nodes.push_back(std::move(n));
  }
  obstacles.push_back(render::legend_box(r));
  LabelPlacer placer(r, render::Box{2, f.top - 30, f.right + 20, f.bottom - 2 - (f.top - 30)}, obstacles);
  const std::size_t hidden = placer.place_all();
  if (hidden) r.notes.push_back(replace_count(tx.hidden_note, hidden));
  Json counts_json(Json::Object{});
  for (std::size_t k = 0; k < kRoles.size(); ++k) counts_json.set(kRoles[k].english, Json(counts[k]));
  r.metadata.set("items", counts_json);
  r.metadata.set("hidden_labels", Json(static_cast<std::int64_t>(hidden)));
  r.metadata.set("plot", Json(Json::Array{Json(f.left), Json(f.top), Json(f.right), Json(f.bottom)}));
  r.metadata.set("curve_samples", Json(static_cast<std::int64_t>(kSamples)));
  return r;
}

}  // namespace maillage::systemic
