#pragma once
/// Representation: a systemic picture as data — nodes, edges, groups, legend, chart primitives
/// (axes, bands, rectangles, annotations), title, notes and metadata — with a lossless JSON form.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "maillage/systemic/json.hpp"

namespace maillage::systemic {

/// Ordered (field, value) pairs shown in a node's or an edge's tooltip.
using Fields = std::vector<std::pair<std::string, std::string>>;

/// One node of a picture. Coordinates are in canvas units (the SVG user space: x to the right,
/// y downwards), `size` is the radius of its mark.
struct Node {
  std::string key;
  std::string label;
  std::string kind;
  std::string group;
  std::string role;
  std::string scale;
  double size = 6;
  std::string colour = "#8c8c8c";
  /// "circle", "square", "diamond", "triangle" or "hexagon".
  std::string shape = "circle";
  double x = 0;
  double y = 0;
  Fields tooltip;
  /// Label placement (see render::place_labels): shown or hidden, anchor point and text anchor
  /// ("start", "middle", "end").
  bool label_visible = true;
  double label_x = 0;
  double label_y = 0;
  std::string label_anchor = "start";
  double font_size = 11;
  friend bool operator==(const Node&, const Node&) = default;
};

/// One edge of a picture, between two node keys.
struct Edge {
  std::string source;
  std::string target;
  std::string relation;
  /// Free class used for styling and filtering ("vertical", "horizontal", "guide", …).
  std::string kind;
  std::string label;
  double weight = 1;
  double width = 1;
  std::string colour = "#9a9a9a";
  /// "solid", "dashed" or "dotted".
  std::string style = "solid";
  bool directed = false;
  double opacity = 0.6;
  Fields tooltip;
  friend bool operator==(const Edge&, const Edge&) = default;
};

/// A group of nodes (a family, a kind, a scale) with its display label and colour.
struct Group {
  std::string id;
  std::string label;
  std::string colour;
  std::string shape = "circle";
  friend bool operator==(const Group&, const Group&) = default;
};

/// One legend line: a symbol ("circle", "square", "diamond", "triangle", "hexagon" for nodes;
/// "line", "dashed", "dotted" for edges), its colour and text.
struct LegendEntry {
  std::string label;
  std::string symbol = "circle";
  std::string colour;
  std::string group;
  friend bool operator==(const LegendEntry&, const LegendEntry&) = default;
};

/// A line with an optional label at its end and tick marks (position along the axis in [0, 1],
/// text), for planes and histograms.
struct Axis {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  std::string label;
  std::vector<std::pair<double, std::string>> ticks;
  friend bool operator==(const Axis&, const Axis&) = default;
};

/// A horizontal (y0..y1 across the canvas) or vertical (x0..x1) band, e.g. a level of the scale
/// ladder.
struct Band {
  std::string orientation = "horizontal";
  double from = 0;
  double to = 0;
  std::string label;
  std::string colour = "#f2f2f2";
  friend bool operator==(const Band&, const Band&) = default;
};

/// A filled rectangle (heat-map cell, histogram bar, quadrant).
struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  std::string fill = "#dddddd";
  double opacity = 1;
  std::string label;
  friend bool operator==(const Rect&, const Rect&) = default;
};

/// A free text at a point.
struct Annotation {
  double x = 0, y = 0;
  std::string text;
  std::string anchor = "start";
  double font_size = 11;
  std::string colour = "#333333";
  friend bool operator==(const Annotation&, const Annotation&) = default;
};

/// A filled and/or stroked outline (a map's area, a border, a cloud of dots): rings of canvas
/// points, filled by the even-odd rule. A ring of two points or more is closed; a ring of a
/// single point is a dot of diameter `stroke_width` (round cap), so one Shape can draw thousands
/// of points compactly.
struct Shape {
  std::string key;    ///< optional id ("departement:63")
  std::string group;  ///< class for styling and toggling ("departement", "region", "inset", …)
  std::string label;  ///< tooltip
  std::vector<std::vector<std::pair<double, double>>> rings;
  std::string fill = "none";
  std::string stroke = "#999999";
  double stroke_width = 0.5;
  double opacity = 1;
  friend bool operator==(const Shape&, const Shape&) = default;
};

/// A systemic representation. Every writer (render/writers.hpp) reads only this; the same
/// Representation always gives the same bytes.
struct Representation {
  std::string title;
  std::vector<std::string> notes;
  /// Free metadata (an object): builder, options, seed, layout, source graph…
  Json metadata = Json(Json::Object{});
  double width = 1123;  // A4 landscape at 96 dpi
  double height = 794;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<Group> groups;
  std::vector<LegendEntry> legend;
  std::vector<Axis> axes;
  std::vector<Band> bands;
  std::vector<Rect> rects;
  std::vector<Annotation> annotations;
  /// Outlines drawn first, under everything else (maps). Written in JSON format version 2 only
  /// when present, so pictures without shapes keep their version-1 bytes.
  std::vector<Shape> shapes;

  /// Index of the node with this key; NotFound naming it. O(n).
  std::size_t node_index(std::string_view key) const;
  /// Checks that edge ends name nodes, node keys are unique and numbers are finite; InvalidInput
  /// naming the fault. O(n + m log n).
  void validate() const;

  friend bool operator==(const Representation&, const Representation&) = default;
};

/// The JSON value of a representation (format "maillage.representation", version 1, or 2 when it
/// has shapes): every field written, in a fixed order ("shapes" last, only when non-empty). O(size).
Json to_json_value(const Representation& representation);
/// Canonical JSON text (Json::dump); `indent` > 0 pretty-prints. Deterministic, lossless:
/// from_json(to_json(r)) == r.
std::string to_json(const Representation& representation, int indent = 0);
/// Reads a representation of version 1 or 2; absent fields take their defaults, unknown fields are InvalidInput
/// naming them, as are values of the wrong type. O(size).
Representation from_json_value(const Json& value);
/// Parses (Json::parse) then reads a representation. Malformed text is InvalidInput
/// "<source>:<line>:<column>: …" ("json" without a source); a structure error names its element
/// path ("nodes[3]: unknown field 'colr'"), after "<source>: " when a source (a file name) is given.
Representation from_json(std::string_view text, std::string_view source = {});

}  // namespace maillage::systemic
