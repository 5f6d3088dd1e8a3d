#pragma once
/// GEXF 1.3 and GraphML: the XML graph formats of Gephi, yEd, igraph and NetworkX, read into a
/// Graph and written from one, with typed attributes.
#include <string>
#include <string_view>

#include "maillage/core/graph.hpp"
#include "maillage/core/progress.hpp"

namespace maillage::io {

/// Options of the GEXF and GraphML readers.
struct XmlReadOptions {
  /// Kind of nodes without a `kind` attribute.
  std::string default_kind = "node";
  /// Called with ("build", …); may throw Cancelled.
  ProgressCallback progress;
};

/// Reads a GEXF file (1.1, 1.2 or 1.3, as Gephi, NetworkX and maillage write them). Nodes: `id`
/// is the key, `label` the label, a string attribute titled `kind` the kind; every declared
/// attribute (`<attributes class="node">`) becomes a column named by its title, typed:
/// integer/long/short/byte/biginteger → int64, double/float/bigdecimal → double, boolean → bool,
/// string/char/anyURI → string, liststring and the other list types → list of strings (items
/// split on '|', or on ',' inside "[…]"); an `<attvalue>` missing is a missing value unless the
/// attribute has a `<default>`. `viz:position` → `viz_x`, `viz_y`, `viz_z`; `viz:color` →
/// `viz_color` ("#rrggbb") and `viz_alpha`; `viz:size` → `viz_size`. Node `start`/`end` →
/// columns `start`/`end` (dates with timeformat date or dateTime at midnight; numbers
/// otherwise); spells → their hull. Edges: `source`, `target`, `weight` (missing when absent),
/// `label` → column `label`; the relation is the edge's `kind`, else a string attribute titled
/// `relation`, else `links_to` for directed and `cooperates_with` for undirected or mutual edges
/// (`type`, else the graph's `defaultedgetype`); relations not registered yet are registered as
/// ties with that directedness. Edge `start`/`end` → the edge interval (dates). Dynamic
/// attributes (several `<attvalue>` with times) keep their first value. Nested nodes (`pid`,
/// `<nodes>` in a node) are read flat with a `pid` column naming their container.
/// Errors (InvalidInput) start `<file>:<line>:<column>: ` and name the element and value at
/// fault: malformed XML, not GEXF, an unknown attribute type or `for`, a value not of its type, a
/// duplicate node id, an edge to an unknown node, a relation used both directed and undirected.
/// Nothing half-built is returned. O(file size + (n + m) log(n + m)).
Graph read_gexf(const std::string& path, const XmlReadOptions& options = {});
/// As read_gexf, on text in memory; `name` stands for the path in messages.
Graph parse_gexf(std::string_view text, const std::string& name = "graph.gexf", const XmlReadOptions& options = {});

/// Writes a whole graph as GEXF 1.3 (valid against the schema): `kind` and every node attribute
/// as typed `<attribute>`s (int64 → long, double → double, bool → boolean, string and
/// categorical → string, list → liststring joined by '|', date → string "YYYY-MM-DD"), the
/// label as `label`; node `start`/`end` date columns and edge intervals as GEXF `start`/`end`
/// (mode dynamic, timeformat date); `relation` and every edge attribute as edge `<attribute>`s,
/// the weight as `weight` when given; each edge's `type` from its relation's directedness; the
/// `viz_*` columns as viz elements. Deterministic. Throws InvalidInput for a list item holding
/// '|'. O(n + m) times attributes.
std::string format_gexf(const Graph& graph);
/// format_gexf written to a file atomically (a temporary file renamed over it).
void write_gexf(const Graph& graph, const std::string& path);

/// Reads a GraphML file (as yEd, Gephi, igraph and NetworkX write them). `<key>`s with
/// `attr.name` and `attr.type` (boolean, int, long, float, double, string) become typed columns
/// (a `maillage.type` of date, list or category, as maillage writes, restores those types);
/// `for="all"` keys apply to nodes and edges; keys without `attr.name` (yEd's graphics) are
/// skipped. Node `id` is the key; a node attribute named `kind` the kind; edges: `source`,
/// `target`, `directed` (else the graph's `edgedefault`), a `relation` attribute (else
/// `links_to`/`cooperates_with` by direction), `weight` a number. Graph-level data become
/// metadata, except `maillage.relations` and `maillage.scales` (JSON, as maillage writes them),
/// which restore the registry and the ladder. Nested graphs and hyperedges are refused.
/// Errors as read_gexf. O(file size + (n + m) log(n + m)).
Graph read_graphml(const std::string& path, const XmlReadOptions& options = {});
/// As read_graphml, on text in memory; `name` stands for the path in messages.
Graph parse_graphml(std::string_view text, const std::string& name = "graph.graphml",
                    const XmlReadOptions& options = {});

/// Writes a whole graph as GraphML: typed keys for `kind`, every node attribute, `relation`,
/// `weight` and every edge attribute (int64 → long, double → double, bool → boolean, others →
/// string with `maillage.type` date, list or category), edges with `directed`, metadata as
/// graph data, the registry and ladder as `maillage.relations` / `maillage.scales` JSON.
/// Deterministic. O(n + m) times attributes.
std::string format_graphml(const Graph& graph);
/// format_graphml written to a file atomically.
void write_graphml(const Graph& graph, const std::string& path);

}  // namespace maillage::io
