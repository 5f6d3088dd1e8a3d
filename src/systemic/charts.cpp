#include "maillage/systemic/charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <limits>
#include <set>

#include "maillage/core/error.hpp"
#include "maillage/render/labels.hpp"
#include "model_pictures.hpp"

namespace maillage::systemic {

namespace {

constexpr double kLabelFont = 11;
constexpr double kTitleSpace = 44;  // the title is drawn at y = 26, 18 px high

std::string default_text(double v, const std::string& decimal_mark = ".") {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  std::string out = buffer;
  if (decimal_mark != ".")
    if (auto dot = out.find('.'); dot != std::string::npos) out.replace(dot, 1, decimal_mark);
  return out;
}

/// Cuts `text` (UTF-8) so that it fits in `width` at `font`, ending it with "…" when cut.
std::string fit(const std::string& text, double width, double font) {
  if (render::text_width(text, font) <= width) return text;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (render::text_width(out + text.substr(i, len) + "…", font) > width) break;
    out += text.substr(i, len);
    i += len;
  }
  return out + "…";
}

/// A round step (1, 2 or 5 × 10^k) giving at most about `count` intervals up to `top`.
double nice_step(double top, int count) {
  if (top <= 0) return 1;
  const double raw = top / count;
  const double base = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * base >= raw) return m * base;
  return 10 * base;
}

void check_value(double v, const std::string& label) {
  if (!std::isfinite(v) || v < 0)
    throw InvalidInput("bar chart: the value of '" + label + "' must be finite and non-negative, not " +
                       default_text(v));
}

using detail::text_at;  // model_pictures.hpp (11 px, dark grey by default)

// The YlGnBu ramp (ColorBrewer, 9 classes): sequential, readable by colour-blind readers and in
// grey-scale print.
constexpr std::array<const char*, 9> kRamp = {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4",
                                              "#1d91c0", "#225ea8", "#253494", "#081d58"};

std::array<int, 3> hex_rgb(const char* c) {
  auto h = [&](int i) { return std::stoi(std::string(c + i, 2), nullptr, 16); };
  return {h(1), h(3), h(5)};
}

std::string ramp_colour(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const double pos = t * (kRamp.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  if (i + 1 >= kRamp.size()) return kRamp.back();
  const double f = pos - static_cast<double>(i);
  const auto a = hex_rgb(kRamp[i]), b = hex_rgb(kRamp[i + 1]);
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", static_cast<int>(std::lround(a[0] + f * (b[0] - a[0]))),
                static_cast<int>(std::lround(a[1] + f * (b[1] - a[1]))),
                static_cast<int>(std::lround(a[2] + f * (b[2] - a[2]))));
  return buffer;
}

}  // namespace

Representation bar_chart(const std::vector<Bar>& bars, const BarChartOptions& options) {
  for (const auto& b : bars) check_value(b.value, b.label);
  Representation r;
  r.title = options.title;
  r.width = options.width > 0 ? options.width : 760;
  r.metadata.set("builder", "bar_chart");
  r.metadata.set("bars", Json(static_cast<std::int64_t>(bars.size())));
  const double top = options.title.empty() ? 16 : kTitleSpace;
  double vmax = 0;
  for (const auto& b : bars) vmax = std::max(vmax, b.value);
  const double step = nice_step(vmax, 5);
  const double axis_top = vmax > 0 ? std::ceil(vmax / step - 1e-9) * step : 1;
  std::vector<std::string> texts;
  for (const auto& b : bars) texts.push_back(b.text.empty() ? default_text(b.value) : b.text);
  double text_w = 0;
  for (const auto& t : texts) text_w = std::max(text_w, render::text_width(t, kLabelFont));
  const std::size_t n = bars.size();

  auto add_bar = [&](std::size_t i, double x, double y, double w, double h) {
    Rect rect;
    rect.x = x;
    rect.y = y;
    rect.width = w;
    rect.height = h;
    rect.fill = bars[i].colour.empty() ? options.colour : bars[i].colour;
    rect.label = bars[i].label + " : " + texts[i];
    for (const auto& [k, v] : bars[i].tooltip) rect.label += "\n" + k + " : " + v;
    r.rects.push_back(std::move(rect));
  };

  if (options.horizontal) {
    double label_w = 0;
    for (const auto& b : bars) label_w = std::max(label_w, render::text_width(b.label, kLabelFont));
    label_w = std::min(label_w, r.width * 0.45) + 12;
    const double left = label_w + 8, right = text_w + 20;
    const double plot = std::max(60.0, r.width - left - right);
    const double row = 22, bar_h = 15;
    const double axis_y = top + row * static_cast<double>(n) + 4;
    r.height = axis_y + (options.value_label.empty() ? 30 : 44);
    for (std::size_t i = 0; i < n; ++i) {
      const double y = top + row * static_cast<double>(i);
      const double w = plot * bars[i].value / axis_top;
      add_bar(i, left, y + (row - bar_h) / 2, w, bar_h);
      r.annotations.push_back(text_at(left - 6, y + row / 2 + 4, fit(bars[i].label, label_w - 6, kLabelFont), "end"));
      r.annotations.push_back(text_at(left + w + 4, y + row / 2 + 4, texts[i], "start", kLabelFont, "#111111"));
    }
    Axis axis;
    axis.x1 = left;
    axis.y1 = axis.y2 = axis_y;
    axis.x2 = left + plot;
    for (double v = 0; v <= axis_top + step / 2; v += step) axis.ticks.emplace_back(v / axis_top, default_text(v, options.decimal_mark));
    r.axes.push_back(std::move(axis));
    if (!options.value_label.empty())
      r.annotations.push_back(text_at(left + plot / 2, axis_y + 34, options.value_label, "middle", 10, "#555555"));
    return r;
  }

  // Vertical bars.
  const double left = 44, right = 16;
  const double plot_h = 200;
  const double plot_w = std::max(60.0, r.width - left - right);
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  const double bar_w = std::min(44.0, slot * 0.72);
  double label_w = 0;
  for (const auto& b : bars) label_w = std::max(label_w, render::text_width(b.label, 10));
  // Label every k-th category when the labels would not fit side by side.
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((label_w + 6) / slot)));
  const double base = top + 14 + plot_h;
  r.height = base + (options.value_label.empty() ? 30 : 44);
  for (std::size_t i = 0; i < n; ++i) {
    const double cx = left + slot * (static_cast<double>(i) + 0.5);
    const double h = plot_h * bars[i].value / axis_top;
    add_bar(i, cx - bar_w / 2, base - h, bar_w, h);
    if (bars[i].value > 0 && render::text_width(texts[i], 10) <= slot + 4)
      r.annotations.push_back(text_at(cx, base - h - 4, texts[i], "middle", 10, "#111111"));
    if (i % every == 0) r.annotations.push_back(text_at(cx, base + 14, bars[i].label, "middle", 10));
  }
  Axis baseline;
  baseline.x1 = left;
  baseline.x2 = left + plot_w;
  baseline.y1 = baseline.y2 = base;
  r.axes.push_back(std::move(baseline));
  for (double v = step; v <= axis_top + step / 2; v += step) {
    const double y = base - plot_h * v / axis_top;
    r.annotations.push_back(text_at(left - 6, y + 4, default_text(v, options.decimal_mark), "end", 10, "#555555"));
    Rect grid;
    grid.x = left;
    grid.y = y;
    grid.width = plot_w;
    grid.height = 0.6;
    grid.fill = "#d0d0d0";
    r.rects.insert(r.rects.begin(), grid);
  }
  if (!options.value_label.empty())
    r.annotations.push_back(text_at(left, top + 4, options.value_label, "start", 10, "#555555"));
  return r;
}

Representation heat_map(const std::vector<std::string>& rows, const std::vector<std::string>& columns,
                        const std::vector<double>& values, const std::vector<std::string>& texts,
                        const HeatMapOptions& options) {
  const std::size_t nr = rows.size(), nc = columns.size();
  if (values.size() != nr * nc)
    throw InvalidInput("heat map: " + std::to_string(values.size()) + " values for " + std::to_string(nr) + " rows × " +
                       std::to_string(nc) + " columns");
  if (!texts.empty() && texts.size() != values.size())
    throw InvalidInput("heat map: " + std::to_string(texts.size()) + " texts for " + std::to_string(values.size()) +
                       " values");
  for (double v : values)
    if (std::isinf(v)) throw InvalidInput("heat map: infinite value");
  Representation r;
  r.title = options.title;
  r.metadata.set("builder", "heat_map");
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values)
    if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(lo <= hi)) lo = hi = 0;
  const double low = std::min(lo, 0.0);
  double row_w = 0, col_w = 0, cell_text_w = 0;
  for (const auto& s : rows) row_w = std::max(row_w, render::text_width(s, kLabelFont));
  for (const auto& s : columns) col_w = std::max(col_w, render::text_width(s, 10));
  std::vector<std::string> shown(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    shown[i] = !texts.empty() ? texts[i] : (std::isnan(values[i]) ? "" : default_text(values[i]));
    cell_text_w = std::max(cell_text_w, render::text_width(shown[i], 10));
  }
  const double cell_w = std::clamp(std::max(cell_text_w + 10, col_w + 8), 40.0, 110.0);
  const double cell_h = 24;
  const double top = (options.title.empty() ? 16 : kTitleSpace) + (options.column_label.empty() ? 0 : 16) + 20;
  const double left = std::min(row_w, 260.0) + 16 + (options.row_label.empty() ? 0 : 0);
  // Legend: five steps of the scale.
  const int steps = 5;
  for (int s = 0; s < steps; ++s) {
    const double a = low + (hi - low) * s / steps, b = low + (hi - low) * (s + 1) / steps;
    LegendEntry e;
    e.symbol = "square";
    e.colour = ramp_colour((s + 0.5) / steps);
    e.label = default_text(a, options.decimal_mark) + " – " + default_text(b, options.decimal_mark);
    r.legend.push_back(std::move(e));
  }
  if (std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }))
    r.legend.push_back(LegendEntry{"—", "square", "#eeeeee", ""});
  r.width = options.width > 0 ? options.width : left + cell_w * static_cast<double>(nc) + 24;
  // Room for the legend on the right (the writer draws it bottom right).
  const render::Box legend_probe = render::legend_box(r);
  r.width += legend_probe.width + 16;
  const double grid_bottom = top + cell_h * static_cast<double>(nr);
  r.height = std::max(grid_bottom + (options.row_label.empty() ? 16 : 32), top + legend_probe.height + 24);
  if (!options.column_label.empty())
    r.annotations.push_back(text_at(left + cell_w * static_cast<double>(nc) / 2, top - 26, options.column_label,
                                    "middle", 10, "#555555"));
  for (std::size_t j = 0; j < nc; ++j)
    r.annotations.push_back(text_at(left + cell_w * (static_cast<double>(j) + 0.5), top - 6,
                                    fit(columns[j], cell_w - 4, 10), "middle", 10));
  for (std::size_t i = 0; i < nr; ++i) {
    const double y = top + cell_h * static_cast<double>(i);
    r.annotations.push_back(text_at(left - 6, y + cell_h / 2 + 4, fit(rows[i], left - 14, kLabelFont), "end"));
    for (std::size_t j = 0; j < nc; ++j) {
      const std::size_t k = i * nc + j;
      const double v = values[k];
      Rect cell;
      cell.x = left + cell_w * static_cast<double>(j) + 1;
      cell.y = y + 1;
      cell.width = cell_w - 2;
      cell.height = cell_h - 2;
      const double t = hi > low ? (v - low) / (hi - low) : 0.0;
      cell.fill = std::isnan(v) ? "#eeeeee" : ramp_colour(t);
      cell.label = rows[i] + " × " + columns[j] + " : " + (shown[k].empty() ? "—" : shown[k]);
      r.rects.push_back(std::move(cell));
      if (!shown[k].empty())
        r.annotations.push_back(text_at(left + cell_w * (static_cast<double>(j) + 0.5), y + cell_h / 2 + 4, shown[k],
                                        "middle", 10, t > 0.55 && !std::isnan(v) ? "#ffffff" : "#111111"));
    }
  }
  if (!options.row_label.empty())
    r.annotations.push_back(text_at(8, grid_bottom + 22, options.row_label, "start", 10, "#555555"));
  if (!options.value_label.empty()) r.notes.push_back(options.value_label);
  return r;
}

Representation timeline(const std::vector<TimelineItem>& items, const TimelineOptions& options) {
  std::set<std::string> keys;
  for (const auto& it : items) {
    if (!keys.insert(it.key).second) throw InvalidInput("timeline: duplicate item key '" + it.key + "'");
    if (it.end && *it.end < it.start)
      throw InvalidInput("timeline: item '" + it.key + "' ends (" + it.end->iso() + ") before it starts (" +
                         it.start.iso() + ")");
  }
  if (!options.month_names.empty() && options.month_names.size() != 12)
    throw InvalidInput("timeline: month_names must hold 12 names, not " + std::to_string(options.month_names.size()));
  Representation r;
  r.title = options.title;
  r.width = options.width > 0 ? options.width : 1000;
  r.metadata.set("builder", "timeline");
  if (items.empty() && (!options.from || !options.to)) {
    r.height = 80;
    return r;
  }
  Date first = options.from.value_or(Date{}), last = options.to.value_or(Date{});
  if (!options.from || !options.to) {
    Date lo = items.front().start, hi = items.front().end.value_or(items.front().start);
    for (const auto& it : items) lo = std::min(lo, it.start), hi = std::max(hi, it.end.value_or(it.start));
    if (!options.from) first = Date::from_ymd(lo.year(), lo.month(), 1);
    if (!options.to) {
      const int y = hi.month() == 12 ? hi.year() + 1 : hi.year(), m = hi.month() == 12 ? 1 : hi.month() + 1;
      last = Date{Date::from_ymd(y, m, 1).days - 1};
    }
  }
  if (last < first) throw InvalidInput("timeline: the period ends (" + last.iso() + ") before it starts (" + first.iso() + ")");
  // Rows: groups in order of first appearance.
  std::vector<std::string> groups;
  std::map<std::string, std::size_t> row_of;
  std::size_t outside = 0;
  std::vector<const TimelineItem*> shown;
  for (const auto& it : items) {
    if (it.end.value_or(it.start) < first || last < it.start) {
      ++outside;
      continue;
    }
    shown.push_back(&it);
    if (row_of.emplace(it.group, groups.size()).second) groups.push_back(it.group);
  }
  double group_w = 0;
  for (const auto& g : groups) group_w = std::max(group_w, render::text_width(g, kLabelFont));
  const double left = std::min(group_w, 240.0) + 20, right = 24;
  const double top = (options.title.empty() ? 16 : kTitleSpace) + 8;
  const double plot = std::max(100.0, r.width - left - right);
  const double span = static_cast<double>(last.days - first.days + 1);
  auto x_of = [&](Date d) { return left + plot * (static_cast<double>(d.days - first.days) + 0.5) / span; };
  // Stack items of the same row and day.
  std::map<std::pair<std::size_t, std::int32_t>, int> stack;
  std::vector<int> level(shown.size());
  int max_level = 0;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    level[i] = stack[{row_of[shown[i]->group], shown[i]->start.days}]++;
    max_level = std::max(max_level, level[i]);
  }
  const double row_h = std::max(44.0, 20.0 + 12.0 * max_level + (options.labels ? 16 : 0));
  const double plot_top = top, plot_bottom = top + row_h * static_cast<double>(groups.size());
  r.height = plot_bottom + 44;
  // Month bands (alternate shading) and ticks.
  Axis axis;
  axis.x1 = left;
  axis.x2 = left + plot;
  axis.y1 = axis.y2 = plot_bottom;
  int y = first.year(), m = first.month();
  bool shade = false;
  std::vector<std::pair<double, int>> year_starts;
  while (true) {
    const Date start = Date::from_ymd(y, m, 1);
    if (last < start) break;
    const int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    const Date next = Date::from_ymd(ny, nm, 1);
    const double x0 = std::max(left, x_of(start) - plot * 0.5 / span);
    const double x1 = std::min(left + plot, x_of(Date{next.days - 1}) + plot * 0.5 / span);
    if (shade) {
      Rect band;
      band.x = x0;
      band.y = plot_top;
      band.width = x1 - x0;
      band.height = plot_bottom - plot_top;
      band.fill = "#f3f3f3";
      r.rects.push_back(band);
    }
    shade = !shade;
    const std::string name = options.month_names.empty() ? (m < 10 ? "0" : "") + std::to_string(m)
                                                          : options.month_names[static_cast<std::size_t>(m - 1)];
    if (render::text_width(name, 10) < x1 - x0 + 4)
      r.annotations.push_back(text_at((x0 + x1) / 2, plot_bottom + 14, name, "middle", 10, "#555555"));
    if (m == 1 || year_starts.empty()) year_starts.emplace_back(x0, y);
    y = ny;
    m = nm;
  }
  for (const auto& [x, year] : year_starts)
    r.annotations.push_back(text_at(x + 2, plot_bottom + 30, std::to_string(year), "start", 10, "#333333"));
  r.axes.push_back(std::move(axis));
  // Rows.
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double y0 = plot_top + row_h * static_cast<double>(g);
    Rect line;
    line.x = left;
    line.y = y0 + row_h - 0.5;
    line.width = plot;
    line.height = 0.5;
    line.fill = "#cccccc";
    r.rects.push_back(line);
    r.annotations.push_back(text_at(left - 8, y0 + 18, fit(groups[g], left - 16, kLabelFont), "end"));
  }
  static const std::array<const char*, 8> palette = {"#3a6ea5", "#d2691e", "#2e8b57", "#8b3a62",
                                                     "#b8860b", "#4b0082", "#008b8b", "#a0522d"};
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const auto& it = *shown[i];
    const std::size_t g = row_of[it.group];
    const double cy = plot_top + row_h * static_cast<double>(g) + 14 + 12.0 * level[i];
    const std::string colour = palette[g % palette.size()];
    if (it.end && it.start < *it.end) {
      Rect spanr;
      spanr.x = std::max(left, x_of(it.start));
      spanr.width = std::max(2.0, std::min(left + plot, x_of(*it.end)) - spanr.x);
      spanr.y = cy - 3;
      spanr.height = 6;
      spanr.fill = colour;
      spanr.opacity = 0.35;
      spanr.label = it.label;
      r.rects.push_back(spanr);
    }
    Node node;
    node.key = it.key;
    node.label = it.label;
    node.kind = "event";
    node.group = it.group;
    node.size = 4;
    node.colour = colour;
    node.x = x_of(it.start);
    node.y = cy;
    node.tooltip = it.tooltip;
    node.label_visible = options.labels;
    node.font_size = 9;
    r.nodes.push_back(std::move(node));
  }
  if (outside) r.notes.push_back(std::to_string(outside) + " item(s) outside the period shown");
  r.metadata.set("from", first.iso());
  r.metadata.set("to", last.iso());
  r.metadata.set("outside", Json(static_cast<std::int64_t>(outside)));
  if (options.labels) render::place_labels(r);
  return r;
}

Representation compass(const std::vector<std::string>& dimensions, const std::vector<CompassSeries>& series,
                       const CompassOptions& options) {
  const std::size_t nd = dimensions.size();
  if (nd < 3)
    throw InvalidInput("compass: at least 3 dimensions are needed, not " + std::to_string(nd) +
                       " (with fewer, a bar chart says the same more clearly)");
  {
    std::set<std::string> seen;
    for (const auto& d : dimensions)
      if (!seen.insert(d).second) throw InvalidInput("compass: duplicate dimension '" + d + "'");
    seen.clear();
    for (const auto& s : series)
      if (!seen.insert(s.key).second) throw InvalidInput("compass: duplicate series key '" + s.key + "'");
  }
  double hi = -std::numeric_limits<double>::infinity();
  for (const auto& s : series) {
    if (s.scores.size() != nd)
      throw InvalidInput("compass: series '" + s.key + "' has " + std::to_string(s.scores.size()) + " scores for " +
                         std::to_string(nd) + " dimensions");
    for (std::size_t j = 0; j < nd; ++j) {
      if (std::isinf(s.scores[j]))
        throw InvalidInput("compass: series '" + s.key + "', dimension '" + dimensions[j] + "': infinite score");
      if (!std::isnan(s.scores[j])) hi = std::max(hi, s.scores[j]);
    }
  }
  const double lo = options.minimum.value_or(0.0);
  double top_value;
  if (options.maximum) {
    top_value = *options.maximum;
  } else {
    const double span = std::isfinite(hi) && hi > lo ? hi - lo : 1.0;
    const double step = nice_step(span, 5);
    top_value = lo + std::ceil(span / step - 1e-9) * step;
  }
  if (!std::isfinite(lo) || !std::isfinite(top_value) || !(top_value > lo))
    throw InvalidInput("compass: the maximum (" + default_text(top_value) + ") must be above the minimum (" +
                       default_text(lo) + ")");
  for (const auto& s : series)
    for (std::size_t j = 0; j < nd; ++j) {
      const double v = s.scores[j];
      if (!std::isnan(v) && (v < lo || v > top_value))
        throw InvalidInput("compass: series '" + s.key + "', dimension '" + dimensions[j] + "': score " +
                           default_text(v) + " outside [" + default_text(lo) + ", " + default_text(top_value) + "]");
    }
  if (options.rings < 0 || options.rings > 20)
    throw InvalidInput("compass: rings must be between 0 (automatic) and 20, not " + std::to_string(options.rings));

  // Series colours: Okabe–Ito without its yellow, which is too light for a line on white.
  static constexpr std::array<const char*, 7> kSeriesColours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                                "#E69F00", "#56B4E9", "#000000"};
  Representation r;
  r.title = options.title;
  r.metadata.set("builder", "compass");
  r.metadata.set("dimensions", Json(static_cast<std::int64_t>(nd)));
  r.metadata.set("series", Json(static_cast<std::int64_t>(series.size())));
  r.metadata.set("minimum", Json(lo));
  r.metadata.set("maximum", Json(top_value));
  for (std::size_t k = 0; k < series.size(); ++k) {
    LegendEntry e;
    e.label = series[k].label.empty() ? series[k].key : series[k].label;
    e.symbol = "square";
    e.colour = series[k].colour.empty() ? kSeriesColours[k % kSeriesColours.size()] : series[k].colour;
    e.group = series[k].key;
    r.groups.push_back(Group{series[k].key, e.label, e.colour, "circle"});
    r.legend.push_back(std::move(e));
  }

  // Geometry: the labels' widths set the margins, the legend has its own column on the right.
  constexpr double kLabelMax = 170;
  double label_w = 0;
  for (const auto& d : dimensions) label_w = std::min(kLabelMax, std::max(label_w, render::text_width(d, kLabelFont)));
  const double radius = 190;
  const double title_space = (options.title.empty() ? 16 : kTitleSpace) + 13;  // room for a two-line label on top
  const double side = label_w + 18;
  const double cx = side + radius + 8;
  const double cy = title_space + 24 + radius;
  r.width = cx + radius + side;
  r.height = cy + radius + 50;  // a two-line label at the bottom
  const render::Box legend_probe = render::legend_box(r);
  if (!r.legend.empty()) r.width += legend_probe.width + 16;
  if (options.width > r.width) r.width = options.width;
  r.height = std::max(r.height, title_space + legend_probe.height + 24);

  const double pi = std::acos(-1.0);
  auto angle = [&](std::size_t j) { return -pi / 2 + 2 * pi * static_cast<double>(j) / static_cast<double>(nd); };
  auto point = [&](std::size_t j, double value) {
    const double t = (value - lo) / (top_value - lo);
    return std::pair<double, double>{cx + radius * t * std::cos(angle(j)), cy + radius * t * std::sin(angle(j))};
  };

  // Rings at round values and their values along the first spoke.
  std::vector<double> ring_values;
  if (options.rings > 0) {
    for (int i = 1; i <= options.rings; ++i) ring_values.push_back(lo + (top_value - lo) * i / options.rings);
  } else {
    const double step = nice_step(top_value - lo, 5);
    for (double v = lo + step; v < top_value - step * 1e-6; v += step) ring_values.push_back(v);
    ring_values.push_back(top_value);
  }
  for (double v : ring_values) {
    Shape ring;
    ring.group = "compass-ring";
    ring.stroke = v == top_value ? "#8c8c8c" : "#d0d0d0";
    ring.stroke_width = v == top_value ? 1 : 0.8;
    ring.rings.emplace_back();
    for (std::size_t j = 0; j < nd; ++j) ring.rings.back().push_back(point(j, v));
    r.shapes.push_back(std::move(ring));
    const auto [x, y] = point(0, v);
    r.annotations.push_back(text_at(x + 4, y + 3, default_text(v, options.decimal_mark), "start", 9, "#777777"));
  }
  // Spokes and the dimensions' labels at their ends.
  for (std::size_t j = 0; j < nd; ++j) {
    Shape spoke;
    spoke.group = "compass-spoke";
    spoke.stroke = "#b0b0b0";
    spoke.stroke_width = 0.8;
    spoke.rings.push_back({{cx, cy}, point(j, top_value)});
    r.shapes.push_back(std::move(spoke));
    const double a = angle(j), c = std::cos(a), s = std::sin(a);
    const std::string anchor = c > 0.25 ? "start" : (c < -0.25 ? "end" : "middle");
    const double x = cx + (radius + 10) * c;
    double y = cy + (radius + 10) * s + 4;
    if (s < -0.9) y -= 4;          // at the top: above the spoke's end
    else if (s > 0.9) y += 8;      // at the bottom: below it
    // A long label takes two lines (cut at a space), the second one ending in "…" only if it must.
    std::vector<std::string> lines{dimensions[j]};
    if (render::text_width(dimensions[j], kLabelFont) > kLabelMax) {
      const std::string& d = dimensions[j];
      std::size_t cut = std::string::npos;
      for (std::size_t at = d.find(' '); at != std::string::npos; at = d.find(' ', at + 1)) {
        if (render::text_width(d.substr(0, at), kLabelFont) > kLabelMax) break;
        cut = at;
      }
      lines = cut == std::string::npos ? std::vector<std::string>{fit(d, kLabelMax, kLabelFont)}
                                       : std::vector<std::string>{d.substr(0, cut), fit(d.substr(cut + 1), kLabelMax, kLabelFont)};
    }
    constexpr double kLine = 13;
    double first = y;                              // one line: on the point
    if (lines.size() == 2) {
      if (s < -0.9) first = y - kLine;             // at the top: both lines above the spoke's end
      else if (s > 0.9) first = y;                 // at the bottom: both below
      else first = y - kLine / 2;                  // on the sides: centred on the spoke's end
    }
    for (std::size_t i = 0; i < lines.size(); ++i)
      r.annotations.push_back(text_at(x, first + kLine * static_cast<double>(i), lines[i], anchor, kLabelFont, "#222222"));
  }
  // One polygon per series; its vertices are the nodes.
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const std::string& colour = r.legend[k].colour;
    const std::string name = r.legend[k].label;
    std::vector<std::pair<double, double>> outline;
    std::vector<std::string> blank;
    for (std::size_t j = 0; j < nd; ++j) {
      if (std::isnan(s.scores[j])) {
        blank.push_back(dimensions[j]);
        continue;
      }
      const auto p = point(j, s.scores[j]);
      outline.push_back(p);
      Node n;
      n.key = s.key + "/" + dimensions[j];
      n.group = s.key;
      n.kind = "score";
      n.size = 3.5;
      n.colour = colour;
      n.x = p.first;
      n.y = p.second;
      n.label = name;  // the tooltip's first line; never drawn (label_visible is false)
      n.label_visible = false;
      n.tooltip = {{dimensions[j], default_text(s.scores[j], options.decimal_mark)}};
      r.nodes.push_back(std::move(n));
    }
    if (options.fill && outline.size() >= 3) {
      Shape area;
      area.key = s.key;
      area.group = "compass-area";
      area.rings.push_back(outline);
      area.fill = colour;
      area.stroke = "none";
      area.opacity = 0.12;
      r.shapes.push_back(std::move(area));
    }
    if (outline.size() >= 2) {
      Shape line;
      line.key = s.key;
      line.group = "compass-series";
      line.label = name;
      line.rings.push_back(std::move(outline));
      line.stroke = colour;
      line.stroke_width = 2;
      r.shapes.push_back(std::move(line));
    }
    if (!blank.empty()) {
      std::string note = name + " : " + options.missing_label + " (";
      for (std::size_t i = 0; i < blank.size(); ++i) note += (i ? ", " : "") + blank[i];
      r.notes.push_back(note + ")");
    }
  }
  return r;
}

}  // namespace maillage::systemic
