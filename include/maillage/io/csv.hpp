#pragma once
/// CSV input and output: typed tables and whole graphs (a node table and an edge table) read from
/// RFC 4180 files as French spreadsheets and research pipelines write them, and written back.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/builder.hpp"
#include "maillage/core/column.hpp"
#include "maillage/core/graph.hpp"
#include "maillage/core/progress.hpp"
#include "maillage/core/relation.hpp"
#include "maillage/core/scale.hpp"

namespace maillage::io {

/// Limits of the CSV readers, each refused with InvalidInput naming it ("a field longer than …"):
/// one field (after unquoting) at most 16 MiB, one record (a row, with the line breaks inside its
/// quoted fields) at most 64 MiB, the header at most 1 MiB (a record's size is its fields' text,
/// separators and quotes not counted). They bound the memory a
/// malformed file (a lost quote, a binary file) can take before its error is reported.
inline constexpr std::size_t csv_max_field_bytes = std::size_t{16} << 20;
inline constexpr std::size_t csv_max_record_bytes = std::size_t{64} << 20;
inline constexpr std::size_t csv_max_header_bytes = std::size_t{1} << 20;

/// Parses a column type name as `dtypes` take them: "bool", "int64", "double", "string", "date",
/// "category" (also "categorical") or "list"; nothing for another name.
std::optional<AttrType> parse_column_type(std::string_view name);

/// Options of read_table.
struct CsvTableOptions {
  /// Field separator: ',' or ';', or 0 to take, from the header line, whichever of the two appears
  /// more often outside quotes (',' when neither does or on a tie).
  char separator = 0;
  /// Column types overriding inference, by column name. A value that does not parse as its
  /// column's type is an error naming file, line, column and value.
  std::map<std::string, AttrType, std::less<>> dtypes;
  /// Columns read as strings whole, in addition to `key`, `source`, `target`, `context`, `code`,
  /// `insee` and `siren` (and, in read_table, `kind`, `label`, `relation`, `provenance`, `scale`).
  std::vector<std::string> codes;
  /// Separator of the items of a `list` column (an empty cell is a missing list).
  char list_separator = '|';
  /// Called with ("read", bytes read, file size); may throw Cancelled.
  ProgressCallback progress;
};

/// A table read from a CSV file. `lines[r]` is the line where row r starts (the header is line 1;
/// a quoted field may span lines, so rows and lines can differ); the separator is the one used.
struct CsvTable {
  Table table;
  std::vector<std::uint32_t> lines;
  char separator = ',';
};

/// Reads a CSV file into typed columns. The format: UTF-8 with or without a byte-order mark; a
/// header line of unique, non-empty column names; RFC 4180 quoting (a field in double quotes may
/// hold separators, line breaks and doubled quotes ""); CRLF, LF or CR line ends; every row has
/// as many fields as the header; rows whose fields are all empty (blank lines, the ";;;" rows
/// spreadsheets leave) are skipped. An empty cell, quoted or not, is a missing value.
///
/// Types, when `dtypes` does not give one: code columns (see CsvTableOptions::codes) are strings;
/// otherwise a column is bool if every value is true/false (any case), int64 if every value is an
/// integer, double if every value is a number, date if every value is an ISO day YYYY-MM-DD,
/// string otherwise. Numbers are written with an optional '-', digits, an optional fraction and
/// exponent; a value with a leading zero ("01001", "007"), a leading '+', letters among digits
/// ("2A004"), spaces or thousands separators is text, so codes stay whole; an integer beyond 64
/// bits is text too. In a ';'-separated file a decimal comma is read as a decimal point ("1,5" =
/// 1.5), as French spreadsheets write decimals; in a ','-separated file "1,5" can only appear
/// quoted and is text. An explicit type is more tolerant: int64 and double accept a leading '+'
/// or zero, bool also 1/0, yes/no, oui/non, vrai/faux, date also a bare year (1 January).
///
/// Errors (InvalidInput) start `<path>:<line>:<column>: ` — lines from 1 (the header is line 1),
/// columns in characters from 1 — and name the value at fault: missing file, empty file, UTF-16
/// or invalid UTF-8 text, an unterminated quote, text after a closing quote, a row with too few or
/// too many fields, an empty or duplicate column name, a value not of its explicit type, a field,
/// record or header beyond the limits above. A path that is not a regular file (a folder, a
/// device, a FIFO) is refused before it is opened. O(file size); streams the file in blocks, holding the table and one row.
CsvTable read_table(const std::string& path, const CsvTableOptions& options = {});
/// As read_table, on text in memory; `name` stands for the path in messages.
CsvTable parse_table(std::string_view text, const std::string& name, const CsvTableOptions& options = {});

/// A categorical column's fixed categories (in code order) and whether they are ordered.
struct CategorySpec {
  std::vector<std::string> categories;
  bool ordered = false;
};

/// Column types and extras for one file of read_csv (a data package's table schema): types
/// override CsvOptions::dtypes in that file only; categorical columns listed in `categories` keep
/// those categories in that order (a value outside them is an error located in the file); hints
/// are set on the columns read (see Column::hint).
struct CsvFileSchema {
  std::map<std::string, AttrType, std::less<>> dtypes;
  std::map<std::string, CategorySpec, std::less<>> categories;
  std::map<std::string, std::uint8_t, std::less<>> hints;
  /// With `check_fields`, the file's header must hold exactly these columns (in any order): a
  /// column not listed, or a field not in the header, is an error located in the header line.
  std::vector<std::string> fields;
  bool check_fields = false;
};

/// Options of read_csv.
struct CsvOptions {
  /// ',' or ';', or 0 to detect it from each file's header line (see CsvTableOptions).
  char separator = 0;
  /// Column types overriding inference, by name, in either file (a name in neither is an error).
  /// The reserved columns have fixed types: key, kind, label, scale, source, target, relation,
  /// context, provenance are strings, weight is double, start and end are dates.
  std::map<std::string, AttrType, std::less<>> dtypes;
  /// More columns read as strings whole (`code`, `insee`, `siren` always are).
  std::vector<std::string> codes;
  char list_separator = '|';
  /// Relations to register before reading (see RelationRegistry::add).
  std::vector<Relation> relations;
  ScaleLadder scales = ScaleLadder::french();
  Metadata metadata;
  /// Create nodes (of `default_kind`) for edge endpoints missing from the node file, instead of
  /// failing. Always so when there is no node file.
  bool create_missing_nodes = false;
  /// Kind of nodes without one (no `kind` column, an empty cell, or created from endpoints).
  std::string default_kind = "node";
  /// Relation of edges without one: no `relation` column, or an empty cell (nothing: an empty
  /// cell is an error and a missing column means "cooperates_with").
  std::optional<std::string> default_relation;
  bool merge_parallel = false;
  /// Per-file types, categories and hints (empty: none), applied on top of `dtypes`.
  CsvFileSchema node_schema;
  CsvFileSchema edge_schema;
  /// Called with ("read nodes" | "read edges", bytes, file size), then ("build", …); may throw
  /// Cancelled.
  ProgressCallback progress;
};

/// Reads a graph from a node CSV file (nothing: nodes are the edges' endpoints) and an edge CSV
/// file. Node file columns: `key` (required, unique, non-empty), `kind`, `label`, `scale` (a
/// ladder id) and any others as attributes. Edge file columns: `source`, `target` (required),
/// `relation`, `weight` (a number ≥ 0; empty = 1, returned missing), `start`, `end` (ISO days or
/// years; a year in `end` means 31 December), `context`, `provenance`, and any others. Columns
/// are typed as read_table does. Every GraphBuilder rule applies, with its message, prefixed by
/// the file, line and column at fault: duplicate or empty key, unknown endpoint, unregistered or
/// missing relation, unknown scale, bad weight or date, start after end, part_of rules. An edge
/// file read alone must hold at least one edge. Nothing half-built is returned.
/// O(file sizes + (n + m) log(n + m)); endpoints are interned as they are read, so each
/// distinct key is stored once.
Graph read_csv(const std::optional<std::string>& nodes_path, const std::string& edges_path,
               const CsvOptions& options = {});
/// As read_csv, on texts in memory (`nodes_text` nothing = no node file); the names stand for the
/// paths in messages.
Graph parse_csv(const std::optional<std::string_view>& nodes_text, std::string_view edges_text,
                const CsvOptions& options = {}, const std::string& nodes_name = "nodes.csv",
                const std::string& edges_name = "edges.csv");

/// Options of write_csv.
struct CsvWriteOptions {
  char separator = ',';
  char list_separator = '|';
};

/// Writes a graph as a node CSV (`key`, `kind`, then the node attributes in order) and an edge
/// CSV (`source`, `target`, `relation`, `weight` when the graph has weights, then the edge
/// attributes), UTF-8 without a byte-order mark, LF line ends, fields quoted only when needed,
/// missing values as empty cells, bools as true/false, doubles in the shortest form that reads
/// back exactly, dates as YYYY-MM-DD, lists joined by `list_separator`. read_csv reads them back
/// to the same values and types (give it the same `dtypes` for columns inference would type
/// otherwise, e.g. categories or strings that look like numbers). A list item holding the list
/// separator cannot be written: InvalidInput naming it. O(n + m) times attributes.
void write_csv(const Graph& graph, const std::string& nodes_path, const std::string& edges_path,
               const CsvWriteOptions& options = {});
/// The two files of write_csv as strings (nodes, edges).
std::pair<std::string, std::string> format_csv(const Graph& graph, const CsvWriteOptions& options = {});

}  // namespace maillage::io
