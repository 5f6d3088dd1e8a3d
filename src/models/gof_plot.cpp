// The goodness-of-fit picture, drawn with the chart primitives of a Representation.
#include "maillage/models/gof_plot.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace maillage::models {

namespace {

std::string number(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

}  // namespace

systemic::Representation gof_representation(std::span<const ErgmGofRow> rows, const std::string& title) {
  systemic::Representation r;
  r.title = title;
  r.notes.push_back("Bars: range of the simulated networks; dark tick: their mean; red square: the observed network "
                    "(circled when its two-sided Monte Carlo p-value is below 0.05).");
  const char* kinds[] = {"degree", "esp", "distance"};
  const char* titles[] = {"degree", "edgewise shared partners", "geodesic distance"};
  for (const auto& row : rows)
    if (std::find(std::begin(kinds), std::end(kinds), row.kind) == std::end(kinds))
      throw InvalidInput("gof picture: unknown distribution " + quote(row.kind));
  const double left = 60, right = r.width - 40, gap = 50, top = 130, bottom = r.height - 110;
  const double panel = (right - left - 2 * gap) / 3;
  for (int k = 0; k < 3; ++k) {
    std::vector<const ErgmGofRow*> mine;
    for (const auto& row : rows)
      if (row.kind == kinds[k]) mine.push_back(&row);
    const double x0 = left + k * (panel + gap), x1 = x0 + panel;
    systemic::Annotation heading;
    heading.x = x0 + panel / 2, heading.y = top - 30, heading.text = titles[k], heading.anchor = "middle";
    heading.font_size = 14;
    r.annotations.push_back(heading);
    double ymax = 0;
    for (const auto* row : mine) ymax = std::max({ymax, row->max, row->observed});
    if (ymax <= 0) ymax = 1;
    const auto y_of = [&](double v) { return bottom - (bottom - top) * v / ymax; };
    systemic::Axis xaxis;
    xaxis.x1 = x0, xaxis.y1 = bottom, xaxis.x2 = x1, xaxis.y2 = bottom;
    xaxis.label = kinds[k];
    systemic::Axis yaxis;
    yaxis.x1 = x0, yaxis.y1 = bottom, yaxis.x2 = x0, yaxis.y2 = top - 10;
    for (double f : {0.0, 0.5, 1.0}) yaxis.ticks.emplace_back(f * (bottom - top) / (bottom - top + 10), number(f * ymax));
    const double slots = static_cast<double>(std::max<std::size_t>(1, mine.size()));
    const double width = panel / slots;
    const std::size_t every = static_cast<std::size_t>(std::ceil(slots / 12));
    for (std::size_t s = 0; s < mine.size(); ++s) {
      const auto& row = *mine[s];
      const double cx = x0 + width * (static_cast<double>(s) + 0.5);
      const std::string value = row.value < 0 ? "inf" : std::to_string(row.value);
      if (s % every == 0) xaxis.ticks.emplace_back((cx - x0) / panel, value);
      systemic::Rect range;
      range.x = cx - width * 0.3, range.width = width * 0.6;
      range.y = y_of(row.max), range.height = std::max(1.0, y_of(row.min) - y_of(row.max));
      range.fill = "#c6dbef";
      range.label = std::string(kinds[k]) + " " + value + ": simulated " + number(row.min) + "–" + number(row.max);
      r.rects.push_back(range);
      systemic::Rect mean;
      mean.x = cx - width * 0.35, mean.width = width * 0.7, mean.y = y_of(row.mean) - 1, mean.height = 2;
      mean.fill = "#08519c";
      mean.label = std::string(kinds[k]) + " " + value + ": simulated mean " + number(row.mean);
      r.rects.push_back(mean);
      systemic::Rect observed;
      const double side = std::min(8.0, width * 0.5);
      observed.x = cx - side / 2, observed.y = y_of(row.observed) - side / 2, observed.width = side,
      observed.height = side;
      observed.fill = "#d62728";
      observed.label = std::string(kinds[k]) + " " + value + ": observed " + number(row.observed) + ", p = " +
                       number(row.p_value);
      r.rects.push_back(observed);
      if (row.p_value < 0.05) {
        systemic::Annotation flag;
        flag.x = cx, flag.y = y_of(row.observed) - side, flag.text = "*", flag.anchor = "middle";
        flag.colour = "#d62728";
        flag.font_size = 14;
        r.annotations.push_back(flag);
      }
    }
    r.axes.push_back(xaxis);
    r.axes.push_back(yaxis);
  }
  for (auto [label, colour] : {std::pair{"observed", "#d62728"}, std::pair{"simulated mean", "#08519c"},
                               std::pair{"simulated range", "#c6dbef"}}) {
    systemic::LegendEntry e;
    e.label = label, e.symbol = "square", e.colour = colour;
    r.legend.push_back(e);
  }
  r.metadata.set("builder", systemic::Json("ergm_gof"));
  r.validate();
  return r;
}

}  // namespace maillage::models
