#pragma once
/// Writers of systemic representations: SVG, self-contained HTML, GEXF 1.3, Graphviz DOT and
/// Kumu JSON (and the Representation's own JSON, see systemic/representation.hpp).
#include <string>

#include "maillage/systemic/json.hpp"
#include "maillage/systemic/representation.hpp"

namespace maillage::render {

/// A self-contained SVG 1.1 document (UTF-8, no external resource): white background, bands,
/// rectangles and axes, edges (dashed/dotted styles, arrowheads when directed), node marks with
/// <title> tooltips and data-key/data-group attributes, visible labels, annotations, the title
/// and the legend. Coordinates with at most two decimals. Deterministic. O(size).
std::string to_svg(const systemic::Representation& representation);

/// A self-contained HTML page (no network): the SVG inline, a search box, one toggle per group,
/// hover tooltips and pan/zoom (mouse wheel, drag, buttons) by a small inline script. O(size).
std::string to_html(const systemic::Representation& representation);

/// GEXF 1.3 (Gephi): typed node attributes (kind, group, role, scale, size, and every tooltip
/// field as a string), edge attributes (relation, kind, style), viz colours, positions (y up),
/// sizes, shapes and edge thickness/shape. Edge type directed or undirected per edge. O(size).
std::string to_gexf(const systemic::Representation& representation);

/// Options of to_dot.
struct DotOptions {
  /// Write the picture's positions as pinned pos="x,y!" (points, y up), kept by `neato -n2`;
  /// without them Graphviz lays the graph out itself (`dot` ranks the scale bands top-down).
  bool positions = true;
};

/// Graphviz DOT: a digraph whose undirected edges have dir=none; colours, shapes, styles,
/// tooltips; each node's label once, outside its small mark (xlabel); the nodes of each scale
/// band in one `subgraph` with rank=same, the bands ordered top-down by invisible edges between
/// them (style=invis), as they are on the picture. O(size).
std::string to_dot(const systemic::Representation& representation, const DotOptions& options = {});

/// A Kumu JSON blueprint: {"elements": [...], "connections": [...], "fields": [...]} with element
/// ids (the node keys), labels, types (group labels), tags, descriptions and custom fields;
/// connection ids "edge-<i>", from/to ids, type (relation) and direction. `fields` lists the
/// custom field names. O(size).
systemic::Json to_kumu(const systemic::Representation& representation);

/// Escapes text for XML content and attribute values (&, <, >, ", ').
std::string xml_escape(std::string_view text);

}  // namespace maillage::render
