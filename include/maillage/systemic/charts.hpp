#pragma once
/// Small chart builders for reports: bar charts, heat maps and timelines, as Representations, so
/// that every figure of a report (Python or C++) comes from the same core and writers.
///
/// The builders take plain data and texts already formatted by the caller (numbers in the
/// reader's language: "73,2 %" in French), so that they hold no locale of their own. They are
/// deterministic: the same input gives the same Representation, hence the same SVG bytes.
#include <optional>
#include <string>
#include <vector>

#include "maillage/core/date.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::systemic {

/// One bar: its category label, value (finite, ≥ 0) and the text shown at its end (empty = the
/// value written with up to 3 significant decimals), an optional colour and tooltip lines.
struct Bar {
  std::string label;
  double value = 0;
  std::string text;
  std::string colour;
  Fields tooltip;
};

/// Options of bar_chart.
struct BarChartOptions {
  std::string title;
  /// Caption of the value axis ("territoires", "événements").
  std::string value_label;
  /// Horizontal bars (categories listed downwards, long labels readable) or vertical bars
  /// (categories along the x axis, e.g. months or years).
  bool horizontal = true;
  /// Colour of bars without their own.
  std::string colour = "#3a6ea5";
  /// Canvas width (0 = 760); the height follows the number of bars.
  double width = 0;
  /// Decimal mark of the axis ticks ("," in French).
  std::string decimal_mark = ".";
};

/// A bar chart on a canvas sized to its content: bars from a common baseline, proportional to
/// their values (the largest spans the plot), category labels, value texts at the bars' ends, a
/// value axis with about five round ticks. Each bar is a Rect whose label (the SVG tooltip) holds
/// the category, its text and tooltip lines. InvalidInput for a negative or non-finite value.
/// O(bars).
Representation bar_chart(const std::vector<Bar>& bars, const BarChartOptions& options = {});

/// Options of heat_map.
struct HeatMapOptions {
  std::string title;
  /// Captions of the row and column dimensions (e.g. "échelle de la source").
  std::string row_label;
  std::string column_label;
  /// Caption of the colour scale in the legend.
  std::string value_label;
  /// Canvas width (0 = automatic from the columns).
  double width = 0;
  /// Decimal mark of the legend's bounds ("," in French).
  std::string decimal_mark = ".";
};

/// A heat map of a rows × columns matrix (row-major `values`, NaN = no value, drawn hatched
/// grey): one Rect per cell coloured on a sequential scale readable by colour-blind readers
/// (light yellow to dark blue, the "YlGnBu" ramp, darker = larger), the cell's text written in
/// it (`texts`, row-major; empty = the value with up to 3 significant decimals) in black or white
/// for contrast, row labels on the left, column labels on top, and a legend of five steps of the
/// scale with their bounds. InvalidInput when sizes disagree. O(rows · columns).
Representation heat_map(const std::vector<std::string>& rows, const std::vector<std::string>& columns,
                        const std::vector<double>& values, const std::vector<std::string>& texts = {},
                        const HeatMapOptions& options = {});

/// One dated item of a timeline: key (unique), label, group (its row, e.g. a programme), start
/// day and optional end day (a span), and tooltip lines.
struct TimelineItem {
  std::string key;
  std::string label;
  std::string group;
  Date start;
  std::optional<Date> end;
  Fields tooltip;
};

/// Options of timeline.
struct TimelineOptions {
  std::string title;
  /// Names of the twelve months as tick labels (empty = "01" … "12"); years are written below.
  std::vector<std::string> month_names;
  /// The period shown (default: from the first day of the first item's month to the last day of
  /// the last item's month).
  std::optional<Date> from;
  std::optional<Date> to;
  /// Show the items' labels (placed without overlap; hidden when they cannot be).
  bool labels = true;
  double width = 0;
};

/// A timeline: one band per group (in order of first appearance), one vertical band per month
/// (alternate shading), each item a node (a dot; a span is a Rect from start to end behind
/// it) placed at its day, stacked within its row when items share a day; month ticks, year
/// captions; labels placed by render::place_labels. Items outside [from, to] are left out and
/// counted in the notes. InvalidInput for duplicate keys or an end before its start. O(n log n).
Representation timeline(const std::vector<TimelineItem>& items, const TimelineOptions& options = {});

/// One series of a compass: a territory, a date or a group, with one score per dimension, in the
/// order of the dimensions (NaN = not scored), and an optional colour.
struct CompassSeries {
  std::string key;
  std::string label;
  std::vector<double> scores;
  std::string colour;
};

/// Options of compass.
struct CompassOptions {
  std::string title;
  /// The scale's bounds: the centre of the compass and its outer ring. Default: 0 and a round
  /// value at or above the largest score.
  std::optional<double> minimum;
  std::optional<double> maximum;
  /// Number of rings drawn between the bounds (0 = about five, on round values).
  int rings = 0;
  /// Fill the series' polygons (lightly, so that several stay visible through each other).
  bool fill = true;
  /// Canvas width (0 = automatic: the compass, its dimension labels and the legend).
  double width = 0;
  /// Decimal mark of the ring values and the tooltips ("," in French).
  std::string decimal_mark = ".";
  /// Words of the note listing scores left blank ("not scored"; « non renseigné » in French).
  std::string missing_label = "not scored";
};

/// A compass (« boussole », radar chart) of named dimensions: one spoke per dimension, clockwise
/// from the top, in the order given, with its label from the data at its end; concentric rings
/// at round values with their values written along the first spoke; one closed polygon per series
/// (a territory, a date), its vertices as nodes whose tooltips give the dimension and the score.
/// The legend (one line per series) has its own column on the right, so it covers nothing. A
/// score left blank (NaN) leaves its vertex out (the polygon joins its neighbours) and is listed
/// in the notes. Colours: Okabe–Ito (colour-blind safe) unless given. InvalidInput for fewer than
/// three dimensions, duplicate dimension or series keys, a series with the wrong number of scores,
/// a score outside [minimum, maximum] or infinite, or maximum ≤ minimum. O(series · dimensions).
Representation compass(const std::vector<std::string>& dimensions, const std::vector<CompassSeries>& series,
                       const CompassOptions& options = {});

}  // namespace maillage::systemic
