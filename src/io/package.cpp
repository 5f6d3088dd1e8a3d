// The native format: a Frictionless Data Package of a node table and an edge table. The
// descriptor is read and written with nlohmann-json (Debian's nlohmann-json3-dev); the tables
// go through the CSV reader and writer, which locate errors in the files.
#include "maillage/io/package.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "maillage/core/error.hpp"
#include "io_support.hpp"

namespace maillage::io {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;
using nlohmann::json;

constexpr char list_delimiters[] = {'|', ';', '^', '~', '\x1f'};

std::string table_schema_type(AttrType type) {
  switch (type) {
    case AttrType::boolean: return "boolean";
    case AttrType::int64: return "integer";
    case AttrType::float64: return "number";
    case AttrType::string:
    case AttrType::categorical: return "string";
    case AttrType::string_list: return "list";
    case AttrType::date: return "date";
  }
  return "string";
}

// The first delimiter no list item of the graph holds.
char choose_list_delimiter(const Graph& g) {
  for (const char d : list_delimiters) {
    bool clash = false;
    for (const Table* t : {&g.node_attributes(), &g.edge_attributes()}) {
      for (std::size_t c = 0; c < t->columns() && !clash; ++c) {
        const Column& col = t->column(c);
        if (col.type() != AttrType::string_list) continue;
        for (std::size_t r = 0; r < col.size() && !clash; ++r) {
          if (col.is_missing(r)) continue;
          for (const auto& item : col.lists()[r])
            if (item.find(d) != std::string::npos) {
              clash = true;
              break;
            }
        }
      }
    }
    if (!clash) return d;
  }
  return '|';  // the CSV writer names the item that holds it
}

ojson field(std::string_view name, std::string_view type) {
  ojson f = ojson::object();
  f["name"] = std::string(name);
  f["type"] = std::string(type);
  return f;
}

ojson column_field(const std::string& name, const Column& c, char list_delimiter) {
  ojson f = field(name, table_schema_type(c.type()));
  if (c.type() == AttrType::string_list) {
    f["delimiter"] = std::string(1, list_delimiter);
    f["itemType"] = "string";
  }
  if (c.type() == AttrType::categorical) {
    f["categories"] = c.categories();
    f["categoriesOrdered"] = c.ordered();
  }
  if (c.hint() != 0) f["maillage:hint"] = c.hint();
  return f;
}

ojson metadata_entry(const std::string& name, const Value& value) {
  ojson e = ojson::object();
  e["name"] = name;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          e["type"] = "missing";
          e["value"] = nullptr;
        } else if constexpr (std::is_same_v<T, bool>) {
          e["type"] = "bool";
          e["value"] = v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          e["type"] = "int64";
          e["value"] = v;
        } else if constexpr (std::is_same_v<T, double>) {
          e["type"] = "double";
          if (std::isfinite(v)) e["value"] = v;
          else e["value"] = std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
        } else if constexpr (std::is_same_v<T, std::string>) {
          e["type"] = "string";
          e["value"] = v;
        } else if constexpr (std::is_same_v<T, StringList>) {
          e["type"] = "list";
          e["value"] = v;
        } else {
          e["type"] = "date";
          e["value"] = v.iso();
        }
      },
      value);
  return e;
}

ojson resource(std::string_view name, ojson fields) {
  ojson r = ojson::object();
  r["name"] = std::string(name);
  r["path"] = std::string(name) + ".csv";
  r["profile"] = "tabular-data-resource";
  r["format"] = "csv";
  r["mediatype"] = "text/csv";
  r["encoding"] = "utf-8";
  r["dialect"] = {{"delimiter", ","}, {"header", true}};
  ojson schema = ojson::object();
  schema["fields"] = std::move(fields);
  schema["missingValues"] = ojson::array({""});
  r["schema"] = std::move(schema);
  return r;
}

// ---- reading

// `<file>: <path>: message` for a descriptor element that is not what is expected.
[[noreturn]] void bad(const std::string& file, const std::string& path, const std::string& message) {
  throw InvalidInput(file + ": " + path + ": " + message);
}

const json& member(const json& object, const char* name, const std::string& file, const std::string& path) {
  auto it = object.find(name);
  if (it == object.end()) bad(file, path, std::string("missing '") + name + "'");
  return *it;
}

std::string text(const json& value, const std::string& file, const std::string& path) {
  if (!value.is_string()) bad(file, path, "expected a string, not " + value.dump());
  return value.get<std::string>();
}

bool boolean(const json& value, const std::string& file, const std::string& path) {
  if (!value.is_boolean()) bad(file, path, "expected true or false, not " + value.dump());
  return value.get<bool>();
}

// A path inside the package's folder: relative, without "..", not a URL.
std::string table_path(const json& r, const std::string& file, const std::string& where) {
  if (r.contains("data")) bad(file, where + ".data", "inline data is not supported (give a 'path' to a CSV file)");
  const json& p = member(r, "path", file, where);
  if (p.is_array()) bad(file, where + ".path", "a table in several files is not supported (give one path)");
  const std::string path = text(p, file, where + ".path");
  const fs::path fp(path);
  bool up = false;
  for (const auto& part : fp) up = up || part == "..";
  if (path.empty() || fp.is_absolute() || up || path.find("://") != std::string::npos || path.find('\\') != std::string::npos)
    bad(file, where + ".path", "expected a relative path inside the package's folder, not " + quote(path));
  return path;
}

char one_char(const json& value, const std::string& file, const std::string& path) {
  const std::string s = text(value, file, path);
  if (s.size() != 1) bad(file, path, "expected one character, not " + quote(s));
  return s[0];
}

// Reads a resource's schema into a per-file schema; returns its list delimiter (0: no list).
char read_schema(const json& r, const std::string& file, const std::string& where, bool edges, CsvFileSchema& out,
                 std::vector<std::string>& names) {
  const json& schema = member(r, "schema", file, where);
  if (!schema.is_object()) bad(file, where + ".schema", "expected an object");
  const json& fields = member(schema, "fields", file, where + ".schema");
  if (!fields.is_array()) bad(file, where + ".schema.fields", "expected an array");
  char delimiter = 0;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string at = where + ".schema.fields[" + std::to_string(i) + "]";
    const json& f = fields[i];
    if (!f.is_object()) bad(file, at, "expected an object");
    const std::string name = text(member(f, "name", file, at), file, at + ".name");
    if (name.empty()) bad(file, at + ".name", "empty field name");
    if (!seen.insert(name).second) bad(file, at + ".name", "duplicate field " + quote(name));
    names.push_back(name);
    const std::string type = f.contains("type") ? text(f["type"], file, at + ".type") : std::string("string");
    AttrType t = AttrType::string;
    if (type == "boolean") t = AttrType::boolean;
    else if (type == "integer") t = AttrType::int64;
    else if (type == "number") t = AttrType::float64;
    else if (type == "string" || type == "any") t = AttrType::string;
    else if (type == "date") t = AttrType::date;
    else if (type == "list") t = AttrType::string_list;
    else
      bad(file, at + ".type",
          "type " + quote(type) + " is not supported (use boolean, integer, number, string, date or list)");
    if (t == AttrType::date && f.contains("format") && text(f["format"], file, at + ".format") != "default")
      bad(file, at + ".format", "only the default date format (YYYY-MM-DD) is supported");
    if (t == AttrType::string_list) {
      const char d = f.contains("delimiter") ? one_char(f["delimiter"], file, at + ".delimiter") : ',';
      if (f.contains("itemType") && text(f["itemType"], file, at + ".itemType") != "string")
        bad(file, at + ".itemType", "only lists of strings are supported");
      if (delimiter && d != delimiter)
        bad(file, at + ".delimiter", "every list column of a package must use the same delimiter");
      delimiter = d;
    }
    if (f.contains("categories")) {
      const json& cats = f["categories"];
      if (!cats.is_array()) bad(file, at + ".categories", "expected an array");
      CategorySpec spec;
      std::set<std::string> unique;
      for (std::size_t k = 0; k < cats.size(); ++k) {
        const std::string cat_at = at + ".categories[" + std::to_string(k) + "]";
        const json& c = cats[k];
        std::string value = c.is_object() ? text(member(c, "value", file, cat_at), file, cat_at + ".value")
                                          : text(c, file, cat_at);
        if (!unique.insert(value).second) bad(file, cat_at, "duplicate category " + quote(value));
        spec.categories.push_back(std::move(value));
      }
      if (f.contains("categoriesOrdered")) spec.ordered = boolean(f["categoriesOrdered"], file, at + ".categoriesOrdered");
      if (t != AttrType::string) bad(file, at + ".categories", "categories need a string field");
      t = AttrType::categorical;
      out.categories[name] = std::move(spec);
    }
    if (f.contains("maillage:hint")) {
      const json& h = f["maillage:hint"];
      if (!h.is_number_unsigned() || h.get<std::uint64_t>() > 255)
        bad(file, at + ".maillage:hint", "expected an integer from 0 to 255");
      out.hints[name] = static_cast<std::uint8_t>(h.get<std::uint64_t>());
    }
    const bool reserved = edges ? (name == "source" || name == "target" || name == "relation" || name == "weight" ||
                                   name == "start" || name == "end" || name == "context" || name == "provenance")
                                : (name == "key" || name == "kind" || name == "label" || name == "scale");
    if (!reserved) out.dtypes[name] = t;
  }
  const std::vector<std::string> required = edges ? std::vector<std::string>{"source", "target"} : std::vector<std::string>{"key"};
  for (const auto& name : required)
    if (!seen.count(name)) bad(file, where + ".schema.fields", "no field '" + name + "'");
  return delimiter;
}

Value metadata_value(const json& e, const std::string& file, const std::string& at) {
  const std::string type = text(member(e, "type", file, at), file, at + ".type");
  const json& v = member(e, "value", file, at);
  const std::string vat = at + ".value";
  if (type == "missing") return std::monostate{};
  if (type == "bool") return boolean(v, file, vat);
  if (type == "int64") {
    if (!v.is_number_integer()) bad(file, vat, "expected an integer, not " + v.dump());
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      bad(file, vat, "integer beyond 64 bits");
    return v.get<std::int64_t>();
  }
  if (type == "double") {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      if (s == "NaN") return std::nan("");
      if (s == "Infinity") return HUGE_VAL;
      if (s == "-Infinity") return -HUGE_VAL;
    }
    bad(file, vat, "expected a number, not " + v.dump());
  }
  if (type == "string") return text(v, file, vat);
  if (type == "list") {
    if (!v.is_array()) bad(file, vat, "expected an array of strings");
    StringList items;
    for (std::size_t k = 0; k < v.size(); ++k) items.push_back(text(v[k], file, vat + "[" + std::to_string(k) + "]"));
    return items;
  }
  if (type == "date") {
    const std::string s = text(v, file, vat);
    auto d = try_parse_date(s);
    if (!d || s.size() != 10) bad(file, vat, quote(s) + " is not a date (YYYY-MM-DD)");
    return *d;
  }
  bad(file, at + ".type", "unknown type " + quote(type) + " (use missing, bool, int64, double, string, list or date)");
}

}  // namespace

PackageFiles format_package(const Graph& g, const PackageWriteOptions& options) {
  const char delimiter = choose_list_delimiter(g);
  CsvWriteOptions csv;
  csv.separator = ',';
  csv.list_separator = delimiter;
  auto [nodes, edges] = format_csv(g, csv);

  ojson node_fields = ojson::array();
  node_fields.push_back(field("key", "string"));
  node_fields.back()["constraints"] = {{"required", true}, {"unique", true}};
  node_fields.push_back(field("kind", "string"));
  const Table& nt = g.node_attributes();
  for (std::size_t c = 0; c < nt.columns(); ++c) node_fields.push_back(column_field(nt.names()[c], nt.column(c), delimiter));
  ojson edge_fields = ojson::array();
  edge_fields.push_back(field("source", "string"));
  edge_fields.push_back(field("target", "string"));
  edge_fields.push_back(field("relation", "string"));
  if (g.has_weight_column()) edge_fields.push_back(field("weight", "number"));
  const Table& et = g.edge_attributes();
  for (std::size_t c = 0; c < et.columns(); ++c) edge_fields.push_back(column_field(et.names()[c], et.column(c), delimiter));

  ojson d = ojson::object();
  d["profile"] = "tabular-data-package";
  d["name"] = options.name.empty() ? std::string("maillage-graph") : options.name;
  if (!options.title.empty()) d["title"] = options.title;
  ojson node_resource = resource("nodes", std::move(node_fields));
  node_resource["schema"]["primaryKey"] = ojson::array({"key"});
  ojson edge_resource = resource("edges", std::move(edge_fields));
  ojson foreign = ojson::array();
  for (const char* end : {"source", "target"})
    foreign.push_back({{"fields", end}, {"reference", {{"resource", "nodes"}, {"fields", "key"}}}});
  edge_resource["schema"]["foreignKeys"] = std::move(foreign);
  d["resources"] = ojson::array({std::move(node_resource), std::move(edge_resource)});
  ojson relations = ojson::array();
  for (const Relation& r : g.relations().all())
    relations.push_back({{"name", r.name}, {"directed", r.directed}, {"category", std::string(category_name(r.category))}});
  d["maillage:relations"] = std::move(relations);
  ojson scales = ojson::array();
  for (const Scale& s : g.scales().all()) scales.push_back({{"id", s.id}, {"label", s.label}});
  d["maillage:scales"] = std::move(scales);
  ojson metadata = ojson::array();
  for (const auto& [name, value] : g.metadata()) metadata.push_back(metadata_entry(name, value));
  d["maillage:metadata"] = std::move(metadata);
  std::string descriptor;
  try {
    descriptor = d.dump(2, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(std::string("datapackage.json: a text is not valid UTF-8 (") + e.what() + ")");
  }
  descriptor.push_back('\n');
  return {std::move(descriptor), std::move(nodes), std::move(edges)};
}

void write_package(const Graph& graph, const std::string& folder, const PackageWriteOptions& options) {
  const PackageFiles files = format_package(graph, options);
  detail::write_folder_atomically(folder, {{"nodes.csv", files.nodes},
                                           {"edges.csv", files.edges},
                                           {std::string(package_descriptor), files.descriptor}});
}

PackageLayout parse_package_descriptor(std::string_view descriptor, const std::string& file) {
  const json d = detail::parse_json(descriptor, file);
  if (!d.is_object()) bad(file, "(root)", "expected an object");
  const json& resources = member(d, "resources", file, "(root)");
  if (!resources.is_array()) bad(file, "resources", "expected an array");
  std::optional<std::size_t> nodes_at, edges_at;
  std::string names;
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const std::string at = "resources[" + std::to_string(i) + "]";
    if (!resources[i].is_object()) bad(file, at, "expected an object");
    const std::string name = text(member(resources[i], "name", file, at), file, at + ".name");
    names += (names.empty() ? "" : ", ") + quote(name);
    if (name != "nodes" && name != "edges") continue;  // other resources are left alone
    std::optional<std::size_t>& slot = name == "nodes" ? nodes_at : edges_at;
    if (slot) bad(file, at + ".name", "a second resource named " + quote(name));
    slot = i;
  }
  if (!edges_at)
    bad(file, "resources", "no resource named 'edges' (resources: " + (names.empty() ? std::string("none") : names) + ")");
  PackageLayout out;
  char delimiter = 0;
  std::optional<char> separator;
  for (const bool edges : {false, true}) {
    const auto& at_index = edges ? edges_at : nodes_at;
    if (!at_index) continue;
    const json& r = resources[*at_index];
    const std::string at = "resources[" + std::to_string(*at_index) + "]";
    (edges ? out.edges_path : out.nodes_path) = table_path(r, file, at);
    if (r.contains("format") && text(r["format"], file, at + ".format") != "csv")
      bad(file, at + ".format", "only CSV tables are supported, not " + quote(r["format"].get<std::string>()));
    if (r.contains("encoding")) {
      std::string enc = text(r["encoding"], file, at + ".encoding");
      std::transform(enc.begin(), enc.end(), enc.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      if (enc != "utf-8" && enc != "utf8") bad(file, at + ".encoding", "only UTF-8 tables are supported, not " + quote(enc));
    }
    if (r.contains("dialect")) {
      const json& dialect = r["dialect"];
      if (!dialect.is_object()) bad(file, at + ".dialect", "expected an object");
      if (dialect.contains("delimiter")) {
        const char sep = one_char(dialect["delimiter"], file, at + ".dialect.delimiter");
        if (sep != ',' && sep != ';') bad(file, at + ".dialect.delimiter", "use ',' or ';'");
        if (separator && *separator != sep) separator = '\0';  // differ: detect each file's
        else if (!separator) separator = sep;
      }
      if (dialect.contains("header") && !boolean(dialect["header"], file, at + ".dialect.header"))
        bad(file, at + ".dialect.header", "tables need a header line");
    }
    CsvFileSchema& schema = edges ? out.options.edge_schema : out.options.node_schema;
    const char list_d = read_schema(r, file, at, edges, schema, edges ? out.edge_fields : out.node_fields);
    if (list_d && delimiter && list_d != delimiter)
      bad(file, at + ".schema", "every list column of a package must use the same delimiter");
    if (list_d) delimiter = list_d;
  }
  out.options.separator = separator.value_or(',');
  out.options.list_separator = delimiter ? delimiter : '|';
  if (out.options.list_separator == ',' && out.options.separator == ',')
    bad(file, "resources", "a list delimiter must differ from the field delimiter");
  if (d.contains("maillage:relations")) {
    const json& rs = d["maillage:relations"];
    if (!rs.is_array()) bad(file, "maillage:relations", "expected an array");
    RelationRegistry registry = RelationRegistry::builtin();
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const std::string at = "maillage:relations[" + std::to_string(i) + "]";
      if (!rs[i].is_object()) bad(file, at, "expected an object");
      Relation r;
      r.name = text(member(rs[i], "name", file, at), file, at + ".name");
      r.directed = rs[i].contains("directed") ? boolean(rs[i]["directed"], file, at + ".directed") : false;
      const std::string category = rs[i].contains("category") ? text(rs[i]["category"], file, at + ".category") : "tie";
      const auto parsed = parse_category(category);
      if (!parsed) bad(file, at + ".category", "unknown category " + quote(category) + " (use nesting, affiliation or tie)");
      r.category = *parsed;
      try {
        registry.add(r);
      } catch (const InvalidInput& e) {
        bad(file, at, e.what());
      }
      out.options.relations.push_back(std::move(r));
    }
  }
  if (d.contains("maillage:scales")) {
    const json& ss = d["maillage:scales"];
    if (!ss.is_array()) bad(file, "maillage:scales", "expected an array");
    std::vector<Scale> levels;
    for (std::size_t i = 0; i < ss.size(); ++i) {
      const std::string at = "maillage:scales[" + std::to_string(i) + "]";
      if (ss[i].is_string()) {
        levels.push_back({ss[i].get<std::string>(), ss[i].get<std::string>()});
        continue;
      }
      if (!ss[i].is_object()) bad(file, at, "expected an object with 'id' and 'label'");
      Scale s;
      s.id = text(member(ss[i], "id", file, at), file, at + ".id");
      s.label = ss[i].contains("label") ? text(ss[i]["label"], file, at + ".label") : s.id;
      levels.push_back(std::move(s));
    }
    try {
      out.options.scales = ScaleLadder(std::move(levels));
    } catch (const InvalidInput& e) {
      bad(file, "maillage:scales", e.what());
    }
  }
  if (d.contains("maillage:metadata")) {
    const json& ms = d["maillage:metadata"];
    if (!ms.is_array()) bad(file, "maillage:metadata", "expected an array");
    for (std::size_t i = 0; i < ms.size(); ++i) {
      const std::string at = "maillage:metadata[" + std::to_string(i) + "]";
      if (!ms[i].is_object()) bad(file, at, "expected an object with 'name', 'type' and 'value'");
      const std::string name = text(member(ms[i], "name", file, at), file, at + ".name");
      if (name.empty()) bad(file, at + ".name", "empty name");
      if (out.options.metadata.count(name)) bad(file, at + ".name", "duplicate metadata " + quote(name));
      out.options.metadata[name] = metadata_value(ms[i], file, at);
    }
  }
  out.options.node_schema.fields = out.node_fields;
  out.options.node_schema.check_fields = true;
  out.options.edge_schema.fields = out.edge_fields;
  out.options.edge_schema.check_fields = true;
  return out;
}

bool is_package(const std::string& path) {
  std::error_code error;
  const fs::path p(path);
  if (fs::is_directory(p, error)) return fs::is_regular_file(p / package_descriptor, error);
  return p.filename() == package_descriptor && fs::is_regular_file(p, error);
}

Graph read_package(const std::string& path, const PackageReadOptions& options) {
  std::error_code error;
  fs::path descriptor(path);
  if (fs::is_directory(descriptor, error)) descriptor /= package_descriptor;
  if (!fs::is_regular_file(descriptor, error))
    throw NotFound(path + ": no data package here (expected a folder holding datapackage.json, or that file)");
  PackageLayout layout = parse_package_descriptor(detail::read_file(descriptor.string(), &options.progress), descriptor.string());
  layout.options.progress = options.progress;
  const fs::path folder = descriptor.parent_path();
  std::optional<std::string> nodes;
  if (!layout.nodes_path.empty()) nodes = (folder / layout.nodes_path).string();
  return read_csv(nodes, (folder / layout.edges_path).string(), layout.options);
}

Graph parse_package(std::string_view descriptor, std::optional<std::string_view> nodes, std::string_view edges,
                    const PackageReadOptions& options, const std::string& descriptor_name) {
  PackageLayout layout = parse_package_descriptor(descriptor, descriptor_name);
  layout.options.progress = options.progress;
  if (layout.nodes_path.empty()) nodes.reset();
  else if (!nodes) throw InvalidInput(descriptor_name + ": resources: the node table " + quote(layout.nodes_path) + " is not given");
  const fs::path folder = fs::path(descriptor_name).parent_path();
  return parse_csv(nodes, edges, layout.options,
                   (folder / (layout.nodes_path.empty() ? std::string("nodes.csv") : layout.nodes_path)).string(),
                   (folder / layout.edges_path).string());
}

}  // namespace maillage::io
