#pragma once
/// The native file format: a Frictionless Data Package (a `datapackage.json` descriptor beside
/// `nodes.csv` and `edges.csv`) whose table schemas type every column and whose custom properties
/// hold the relation registry, the scale ladder and the graph metadata, so a graph reads back
/// whole.
#include <optional>
#include <string>
#include <string_view>

#include "maillage/core/graph.hpp"
#include "maillage/core/progress.hpp"
#include "maillage/io/csv.hpp"

namespace maillage::io {

/// Name of the descriptor file of a data package.
inline constexpr std::string_view package_descriptor = "datapackage.json";

/// Options of write_package.
struct PackageWriteOptions {
  /// The package's `name` (lower-case letters, digits, '-', '_', '.'); empty: "maillage-graph".
  std::string name;
  /// Its `title` (free text), left out when empty.
  std::string title;
};

/// The three files of a package as texts.
struct PackageFiles {
  std::string descriptor;  // datapackage.json
  std::string nodes;       // nodes.csv
  std::string edges;       // edges.csv
};

/// The files of the package of a graph. The descriptor (profile `tabular-data-package`) has two
/// resources, `nodes` (primary key `key`) and `edges` (foreign keys `source` and `target` →
/// `nodes.key`), whose fields carry the Table Schema type of each column: boolean, integer,
/// number, string (with `categories` and `categoriesOrdered` for categorical columns), date, and
/// list (`delimiter`, `itemType` string) for lists of strings; `maillage:hint` keeps a column's
/// host-language hint. Custom properties: `maillage:relations` (every registered relation: name,
/// directed, category, in registry order), `maillage:scales` (the ladder, lowest first: id,
/// label) and `maillage:metadata` (name, type, value). Output is deterministic (byte-stable).
/// The list delimiter is the first of | ; ^ ~ and the unit separator (0x1F) that no list item
/// holds. Throws InvalidInput for what the CSV writer refuses (an empty list). O(n + m) times
/// attributes.
PackageFiles format_package(const Graph& graph, const PackageWriteOptions& options = {});

/// Writes the package of a graph into `folder` (created if needed; its datapackage.json,
/// nodes.csv and edges.csv are replaced, each written to a temporary file then renamed, the
/// descriptor last). O(n + m) times attributes.
void write_package(const Graph& graph, const std::string& folder, const PackageWriteOptions& options = {});

/// Options of read_package.
struct PackageReadOptions {
  /// Called with ("read nodes" | "read edges", bytes, size), then ("build", …); may throw Cancelled.
  ProgressCallback progress;
};

/// Reads a graph from a data package: `path` is its folder or its datapackage.json. The
/// resources named `nodes` (optional) and `edges` give the CSV files (relative paths inside the
/// folder); their schemas give the column types (a CSV header must hold the schema's fields, in
/// any order, and no others), the registry, ladder and metadata come from the custom properties
/// (absent: the built-ins, the French ladder, no metadata). Errors are InvalidInput:
/// `<datapackage.json>:<line>:<column>: ` for JSON syntax, `<datapackage.json>: <element path>: `
/// (e.g. `resources[1].schema.fields[3].type`) for a descriptor that is not what is expected,
/// and the CSV reader's `<file>:<line>:<column>: ` for the tables. Nothing half-built is
/// returned. O(file sizes + (n + m) log(n + m)).
Graph read_package(const std::string& path, const PackageReadOptions& options = {});

/// As read_package, on texts in memory (e.g. the members of a zip file); `descriptor_name` stands
/// for the descriptor's path in messages, and the tables are named by their resource paths in its
/// folder. `nodes` nothing: no node table (an error when the descriptor lists one).
Graph parse_package(std::string_view descriptor, std::optional<std::string_view> nodes, std::string_view edges,
                    const PackageReadOptions& options = {}, const std::string& descriptor_name = "datapackage.json");

/// A package's descriptor read into CSV reader options (relations, ladder, metadata, per-file
/// schemas), with the relative paths of its node (empty when none) and edge tables: what read_csv
/// needs to read the package's tables as bare CSV files. Errors as read_package. O(descriptor).
struct PackageLayout {
  CsvOptions options;
  std::string nodes_path;
  std::string edges_path;
  std::vector<std::string> node_fields;
  std::vector<std::string> edge_fields;
};
PackageLayout parse_package_descriptor(std::string_view descriptor, const std::string& descriptor_name);

/// Whether `path` names a data package: a folder holding datapackage.json, or that file. O(1).
bool is_package(const std::string& path);

}  // namespace maillage::io
