// GEXF and GraphML readers and writers. XML is parsed by pugixml (Debian's libpugixml-dev), whose
// node offsets give every error its line and column; the writers are hand-written so that their
// output is byte-stable and valid against the GEXF 1.3 schema.
#include "maillage/io/xml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "io_support.hpp"
#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "maillage/core/memory.hpp"
#include "maillage/version.hpp"

namespace maillage::io {
namespace {

// ------------------------------------------------------------------ reading helpers

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A parsed document and what locates its errors.
struct Doc {
  pugi::xml_document doc;
  std::string_view text;
  std::string name;

  // "<file>:<line>:<column>: <path>: " for an element.
  std::string at(const pugi::xml_node& n) const {
    std::vector<std::string> parts;
    for (pugi::xml_node p = n; p && p.type() == pugi::node_element; p = p.parent()) {
      std::size_t index = 1;
      for (pugi::xml_node s = p.previous_sibling(p.name()); s; s = s.previous_sibling(p.name())) ++index;
      std::string part(local_name(p));
      std::size_t count = index;
      for (pugi::xml_node s = p.next_sibling(p.name()); s && count < 2; s = s.next_sibling(p.name())) ++count;
      if (count > 1) {
        part.push_back('[');
        part.append(std::to_string(index));
        part.push_back(']');
      }
      parts.push_back(std::move(part));
    }
    std::string path;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += (path.empty() ? "" : "/") + *it;
    // pugixml gives the offset of the element's name: point at its '<'.
    std::size_t offset = n.offset_debug() < 0 ? 0 : static_cast<std::size_t>(n.offset_debug());
    if (offset > 0 && offset <= text.size() && text[offset - 1] == '<') --offset;
    const auto [line, column] = detail::line_column(text, offset);
    return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + path + ": ";
  }
  [[noreturn]] void fail(const pugi::xml_node& n, const std::string& message) const { throw InvalidInput(at(n) + message); }
};


// pugixml keeps bytes as they are: text that is not UTF-8 would reach the graph, and the writers'
// JSON (the relation registry) would then fail on it. Refused here, located.
void load(Doc& d, std::string_view text, const std::string& name) {
  if (const std::size_t bad = detail::invalid_utf8_at(text); bad != std::string_view::npos) {
    const auto [line, column] = detail::line_column(text, bad);
    static constexpr char digits[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(text[bad]);
    std::string message = name;
    message += ':';
    message += std::to_string(line);
    message += ':';
    message += std::to_string(column);
    message += ": invalid UTF-8 (byte 0x";
    message += digits[byte >> 4];
    message += digits[byte & 15];
    message += "); save the file as UTF-8";
    throw InvalidInput(message);
  }
  d.text = text;
  d.name = name;
  const pugi::xml_parse_result result =
      d.doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  if (!result) {
    const auto [line, column] = detail::line_column(text, result.offset < 0 ? 0 : static_cast<std::size_t>(result.offset));
    throw InvalidInput(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": malformed XML: " +
                       result.description());
  }
  if (!d.doc.document_element()) throw InvalidInput(name + ":1:1: malformed XML: no root element");
}


// A declared attribute (GEXF <attribute>, GraphML <key>).
struct Decl {
  std::string id;
  std::string name;  // column name
  AttrType type = AttrType::string;
  char list_sep = '|';
  std::optional<std::string> default_text;
  std::size_t column = 0;  // index in the table
  std::optional<std::vector<std::string>> categories;  // GraphML maillage.categories, in order
  bool ordered = false;
};

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (s == "NaN" || s == "nan") return std::nan("");
  if (s == "INF" || s == "Infinity" || s == "inf" || s == "+INF") return HUGE_VAL;
  if (s == "-INF" || s == "-Infinity" || s == "-inf") return -HUGE_VAL;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double x = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (error != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return x;
}

std::optional<std::int64_t> parse_integer(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t x = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (error != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return x;
}

// A day from an ISO date, or a dateTime at midnight.
std::optional<Date> parse_day(std::string_view s) {
  s = trim(s);
  if (s.size() > 10 && s[10] == 'T') {
    const std::string_view time = s.substr(11);
    if (time.rfind("00:00:00", 0) != 0) return std::nullopt;
    s = s.substr(0, 10);
  }
  if (s.size() != 10) return std::nullopt;
  return try_parse_date(s);
}

// The value of `text` as `type`; throws a message naming what it is not.
Value parse_value(std::string_view text, const Decl& d) {
  switch (d.type) {
    case AttrType::boolean: {
      std::string t(trim(text));
      std::transform(t.begin(), t.end(), t.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      if (t == "true" || t == "1") return true;
      if (t == "false" || t == "0") return false;
      throw std::string("is not a boolean (true or false)");
    }
    case AttrType::int64: {
      auto x = parse_integer(text);
      if (!x) throw std::string("is not an integer (or does not fit in 64 bits)");
      return *x;
    }
    case AttrType::float64: {
      auto x = parse_number(text);
      if (!x) throw std::string("is not a number");
      return *x;
    }
    case AttrType::date: {
      auto x = parse_day(text);
      if (!x) throw std::string("is not a date (YYYY-MM-DD)");
      return *x;
    }
    case AttrType::string_list: {
      std::string_view s = text;
      char sep = d.list_sep;
      if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {  // Gephi's "[a, b]"
        s = s.substr(1, s.size() - 2);
        sep = ',';
      }
      StringList items;
      if (s.empty()) return items;
      std::size_t from = 0;
      while (true) {
        const std::size_t at = s.find(sep, from);
        std::string_view item = s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from);
        if (sep == ',') item = trim(item);
        items.emplace_back(item);
        if (at == std::string_view::npos) break;
        from = at + 1;
      }
      return items;
    }
    case AttrType::string:
    case AttrType::categorical: return std::string(text);
  }
  return std::string(text);
}

// Column names unique and clear of the reserved ones the reader fills itself.
std::string unique_name(std::string wanted, const std::string& id, std::set<std::string>& used) {
  if (wanted.empty()) wanted = id;
  if (used.insert(wanted).second) return wanted;
  std::string alt = wanted + "_" + id;
  for (int k = 2; !used.insert(alt).second; ++k) alt = wanted + "_" + id + "_" + std::to_string(k);
  return alt;
}

// Collects rows of typed attribute values; missing by default.
struct Rows {
  std::vector<std::string> names;
  std::vector<Column> columns;
  std::map<std::string, std::size_t, std::less<>> index;

  std::size_t add(const std::string& name, AttrType type, std::size_t rows) {
    auto it = index.find(name);
    if (it != index.end()) {
      if (columns[it->second].size() < rows) columns[it->second].resize(rows);
      return it->second;
    }
    index.emplace(name, columns.size());
    names.push_back(name);
    columns.emplace_back(type, rows);
    return columns.size() - 1;
  }
  void grow(std::size_t rows) {
    for (auto& c : columns) c.resize(rows);
  }
  Table table(std::size_t rows) {
    Table t;
    t.resize(rows);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      columns[c].resize(rows);
      t.add(names[c], std::move(columns[c]));
    }
    return t;
  }
};

struct Relations {
  RelationRegistry registry = RelationRegistry::builtin();
  // Registers `name` with this directedness if new; throws a message when it contradicts.
  void use(const std::string& name, bool directed) {
    if (auto id = registry.find(name)) {
      if (registry[*id].directed != directed)
        throw std::string("relation " + quote(name) + " is " + (registry[*id].directed ? "directed" : "undirected") +
                          " but this edge is " + (directed ? "directed" : "undirected"));
      return;
    }
    registry.add(Relation{name, directed, RelationCategory::tie});
  }
};

// ------------------------------------------------------------------ GEXF reading

Graph read_gexf_doc(const Doc& d, const XmlReadOptions& options) {
  const pugi::xml_node root = d.doc.document_element();
  if (local_name(root) != "gexf") d.fail(root, "the root element is <" + std::string(root.name()) + ">, not <gexf>: not a GEXF file");
  pugi::xml_node graph;
  for (pugi::xml_node c : root.children())
    if (c.type() == pugi::node_element && local_name(c) == "graph") {
      if (graph) d.fail(c, "a second <graph>: a GEXF file holds one graph");
      graph = c;
    }
  if (!graph) d.fail(root, "no <graph> element");
  std::string default_type = graph.attribute("defaultedgetype").as_string("undirected");
  if (default_type != "directed" && default_type != "undirected" && default_type != "mutual")
    d.fail(graph, "defaultedgetype " + quote(default_type) + " is not directed, undirected or mutual");
  const std::string timeformat = graph.attribute("timeformat").as_string("double");
  const bool date_times = timeformat == "date" || timeformat == "dateTime" || timeformat == "datetime";

  // ---- declarations
  std::vector<Decl> node_decls, edge_decls;
  std::unordered_set<std::string> node_ids, edge_ids;  // duplicate ids found in O(1) each
  std::set<std::string> node_used{"label", "start", "end", "viz_x", "viz_y", "viz_z", "viz_color", "viz_alpha", "viz_size"};
  std::set<std::string> edge_used{"label", "weight", "start", "end", "time_start", "time_end"};
  std::optional<std::size_t> kind_decl, relation_decl;
  for (pugi::xml_node block : graph.children()) {
    if (block.type() != pugi::node_element || local_name(block) != "attributes") continue;
    const std::string cls = block.attribute("class").as_string();
    if (cls != "node" && cls != "edge") d.fail(block, "class " + quote(cls) + " is not node or edge");
    const bool edges = cls == "edge";
    auto& decls = edges ? edge_decls : node_decls;
    for (pugi::xml_node a : block.children()) {
      if (a.type() != pugi::node_element || local_name(a) != "attribute") continue;
      Decl decl;
      if (!a.attribute("id")) d.fail(a, "an <attribute> needs an id");
      decl.id = a.attribute("id").as_string();
      if (!(edges ? edge_ids : node_ids).insert(decl.id).second) d.fail(a, "duplicate attribute id " + quote(decl.id));
      const std::string title = a.attribute("title").as_string(decl.id.c_str());
      const std::string type = a.attribute("type").as_string("string");
      if (type == "integer" || type == "int" || type == "long" || type == "short" || type == "byte" || type == "biginteger")
        decl.type = AttrType::int64;
      else if (type == "double" || type == "float" || type == "bigdecimal") decl.type = AttrType::float64;
      else if (type == "boolean") decl.type = AttrType::boolean;
      else if (type == "string" || type == "char" || type == "anyURI") decl.type = AttrType::string;
      else if (type.rfind("list", 0) == 0 && type.size() > 4) decl.type = AttrType::string_list;
      else if (type == "date") decl.type = AttrType::date;
      else d.fail(a, "attribute " + quote(title) + ": unknown type " + quote(type));
      if (pugi::xml_node def = a.child("default")) decl.default_text = def.child_value();
      if (!edges && title == "kind" && decl.type == AttrType::string && !kind_decl) {
        decl.name = "kind";
        kind_decl = decls.size();
      } else if (edges && title == "relation" && decl.type == AttrType::string && !relation_decl) {
        decl.name = "relation";
        relation_decl = decls.size();
      } else {
        decl.name = unique_name(title, decl.id, edges ? edge_used : node_used);
      }
      decls.push_back(std::move(decl));
    }
  }
  auto find_decl = [](const std::vector<Decl>& decls, std::string_view id) -> const Decl* {
    for (const auto& x : decls)
      if (x.id == id) return &x;
    return nullptr;
  };

  // ---- nodes
  std::vector<std::string> keys, kinds;
  std::unordered_map<std::string, std::size_t> node_row;
  Rows node_rows;
  auto time_value = [&](const pugi::xml_node& where, std::string_view text) -> Value {
    if (date_times) {
      auto day = parse_day(text);
      if (!day) d.fail(where, quote(text) + " is not a date (timeformat " + timeformat + ")");
      return *day;
    }
    if (timeformat == "integer") {
      if (auto x = parse_integer(text)) return *x;
      d.fail(where, quote(text) + " is not an integer (timeformat integer)");
    }
    auto x = parse_number(text);
    if (!x) d.fail(where, quote(text) + " is not a number (timeformat " + timeformat + ")");
    return *x;
  };
  const AttrType time_type = date_times ? AttrType::date : timeformat == "integer" ? AttrType::int64 : AttrType::float64;
  auto set_attvalues = [&](const pugi::xml_node& element, const std::vector<Decl>& decls, Rows& rows, std::size_t row,
                           std::vector<std::string>* special, std::optional<std::size_t> special_decl) {
    std::vector<char> seen(decls.size(), 0);
    // <attvalue>s sit in <attvalues> (GEXF 1.2, 1.3) or directly in the element (older files).
    std::vector<pugi::xml_node> values;
    for (pugi::xml_node block : element.children()) {
      if (block.type() != pugi::node_element) continue;
      if (local_name(block) == "attvalue") values.push_back(block);
      if (local_name(block) != "attvalues") continue;
      for (pugi::xml_node v : block.children())
        if (v.type() == pugi::node_element && local_name(v) == "attvalue") values.push_back(v);
    }
    {
      for (pugi::xml_node v : values) {
        const char* for_id = v.attribute("for") ? v.attribute("for").as_string() : v.attribute("id").as_string();
        const Decl* decl = find_decl(decls, for_id);
        if (!decl) d.fail(v, std::string("unknown attribute ") + quote(for_id) + " (not declared in <attributes>)");
        const std::size_t k = static_cast<std::size_t>(decl - decls.data());
        if (seen[k]) continue;  // a dynamic attribute: its first value is kept
        seen[k] = 1;
        if (!v.attribute("value")) d.fail(v, "an <attvalue> needs a value");
        const std::string_view text = v.attribute("value").as_string();
        if (special && special_decl && *special_decl == k) {
          (*special)[row] = std::string(text);
          continue;
        }
        try {
          const std::size_t c = rows.add(decl->name, decl->type, row + 1);
          rows.columns[c].set(row, parse_value(text, *decl));
        } catch (const std::string& message) {
          d.fail(v, "attribute " + quote(decl->name) + ": " + quote(text) + " " + message);
        }
      }
    }
    for (std::size_t k = 0; k < decls.size(); ++k) {
      if (seen[k] || !decls[k].default_text) continue;
      if (special && special_decl && *special_decl == k) {
        (*special)[row] = *decls[k].default_text;
        continue;
      }
      try {
        const std::size_t c = rows.add(decls[k].name, decls[k].type, row + 1);
        rows.columns[c].set(row, parse_value(*decls[k].default_text, decls[k]));
      } catch (const std::string& message) {
        d.fail(element, "attribute " + quote(decls[k].name) + ": default " + quote(*decls[k].default_text) + " " + message);
      }
    }
  };
  // Declared columns exist even when no value is given.
  for (const auto& decl : node_decls)
    if (!kind_decl || decl.id != node_decls[*kind_decl].id) node_rows.add(decl.name, decl.type, 0);

  std::vector<pugi::xml_node> node_elements;
  std::vector<std::string> parents;
  std::vector<pugi::xml_node> edge_elements;
  // Nodes (and edges) may nest inside nodes (hierarchical graphs): read them flat.
  std::vector<std::pair<pugi::xml_node, std::string>> stack;
  for (pugi::xml_node c : graph.children()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == "nodes") stack.emplace_back(c, std::string());
    if (local_name(c) == "edges")
      for (pugi::xml_node e : c.children())
        if (e.type() == pugi::node_element && local_name(e) == "edge") edge_elements.push_back(e);
  }
  while (!stack.empty()) {
    auto [block, parent] = stack.front();
    stack.erase(stack.begin());
    for (pugi::xml_node n : block.children()) {
      if (n.type() != pugi::node_element || local_name(n) != "node") continue;
      node_elements.push_back(n);
      parents.push_back(n.attribute("pid") ? n.attribute("pid").as_string() : parent);
      for (pugi::xml_node inner : n.children()) {
        if (inner.type() != pugi::node_element) continue;
        if (local_name(inner) == "nodes") stack.emplace_back(inner, n.attribute("id").as_string());
        if (local_name(inner) == "edges")
          for (pugi::xml_node e : inner.children())
            if (e.type() == pugi::node_element && local_name(e) == "edge") edge_elements.push_back(e);
      }
    }
  }
  const std::size_t n = node_elements.size();
  keys.reserve(n);
  std::vector<std::string> kind_text(n);
  for (std::size_t row = 0; row < n; ++row) {
    const pugi::xml_node node = node_elements[row];
    if (!node.attribute("id")) d.fail(node, "a <node> needs an id");
    std::string key = node.attribute("id").as_string();
    if (key.empty()) d.fail(node, "empty node id");
    auto [it, inserted] = node_row.emplace(key, row);
    if (!inserted) d.fail(node, "duplicate node id " + quote(key) + " (first at " + d.at(node_elements[it->second]).substr(0, d.at(node_elements[it->second]).find(": ")) + ")");
    keys.push_back(std::move(key));
    if (node.attribute("label")) node_rows.columns[node_rows.add("label", AttrType::string, row + 1)].set(row, std::string(node.attribute("label").as_string()));
    for (const char* bound : {"start", "end"})
      if (node.attribute(bound))
        node_rows.columns[node_rows.add(bound, time_type, row + 1)].set(row, time_value(node, node.attribute(bound).as_string()));
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view what = local_name(c);
      if (what == "position") {
        for (const char* axis : {"x", "y", "z"}) {
          if (!c.attribute(axis)) {
            if (std::string_view(axis) == "z") continue;
            d.fail(c, std::string("a position needs ") + axis);
          }
          auto x = parse_number(c.attribute(axis).as_string());
          if (!x) d.fail(c, std::string(axis) + " " + quote(c.attribute(axis).as_string()) + " is not a number");
          node_rows.columns[node_rows.add(std::string("viz_") + axis, AttrType::float64, row + 1)].set(row, *x);
        }
      } else if (what == "color") {
        int rgb[3];
        const char* names[3] = {"r", "g", "b"};
        for (int k = 0; k < 3; ++k) {
          auto x = parse_integer(c.attribute(names[k]).as_string());
          if (!x || *x < 0 || *x > 255) d.fail(c, std::string(names[k]) + " " + quote(c.attribute(names[k]).as_string()) + " is not an integer from 0 to 255");
          rgb[k] = static_cast<int>(*x);
        }
        char hex[8];
        std::snprintf(hex, sizeof hex, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
        node_rows.columns[node_rows.add("viz_color", AttrType::string, row + 1)].set(row, std::string(hex));
        if (c.attribute("a")) {
          auto a = parse_number(c.attribute("a").as_string());
          if (!a) d.fail(c, "a " + quote(c.attribute("a").as_string()) + " is not a number");
          node_rows.columns[node_rows.add("viz_alpha", AttrType::float64, row + 1)].set(row, *a);
        }
      } else if (what == "size") {
        auto x = parse_number(c.attribute("value").as_string());
        if (!x) d.fail(c, "size " + quote(c.attribute("value").as_string()) + " is not a number");
        node_rows.columns[node_rows.add("viz_size", AttrType::float64, row + 1)].set(row, *x);
      } else if (what == "spells") {
        for (pugi::xml_node spell : c.children()) {
          if (spell.type() != pugi::node_element) continue;
          for (const char* bound : {"start", "end"}) {
            if (!spell.attribute(bound)) continue;
            const Value v = time_value(spell, spell.attribute(bound).as_string());
            Column& col = node_rows.columns[node_rows.add(bound, time_type, row + 1)];
            const Value old = col.get(row);
            const bool first = std::string_view(bound) == "start";
            if (std::holds_alternative<std::monostate>(old) || (first ? v < old : old < v)) col.set(row, v);
          }
        }
      }
    }
    set_attvalues(node, node_decls, node_rows, row, &kind_text, kind_decl);
    node_rows.grow(row + 1);
  }
  for (std::size_t row = 0; row < n; ++row) kinds.push_back(kind_text[row].empty() ? options.default_kind : kind_text[row]);
  if (std::any_of(parents.begin(), parents.end(), [](const std::string& p) { return !p.empty(); })) {
    // The container of a nested node, GEXF's `pid`.
    const std::size_t c = node_rows.add(unique_name("pid", "nested", node_used), AttrType::string, n);
    for (std::size_t row = 0; row < n; ++row)
      if (!parents[row].empty()) node_rows.columns[c].set(row, parents[row]);
  }

  // ---- edges
  const std::size_t m = edge_elements.size();
  std::vector<std::string> sources, targets, relations(m);
  sources.reserve(m);
  targets.reserve(m);
  Rows edge_rows;
  for (const auto& decl : edge_decls)
    if (!relation_decl || decl.id != edge_decls[*relation_decl].id) edge_rows.add(decl.name, decl.type, 0);
  Relations registry;
  for (std::size_t row = 0; row < m; ++row) {
    const pugi::xml_node e = edge_elements[row];
    for (const char* end : {"source", "target"}) {
      if (!e.attribute(end)) d.fail(e, std::string("an <edge> needs a ") + end);
      const std::string key = e.attribute(end).as_string();
      if (!node_row.count(key)) d.fail(e, std::string(end) + " " + quote(key) + " is not a node id");
    }
    sources.emplace_back(e.attribute("source").as_string());
    targets.emplace_back(e.attribute("target").as_string());
    const std::string type = e.attribute("type").as_string(default_type.c_str());
    if (type != "directed" && type != "undirected" && type != "mutual")
      d.fail(e, "type " + quote(type) + " is not directed, undirected or mutual");
    const bool directed = type == "directed";
    if (e.attribute("weight")) {
      auto w = parse_number(e.attribute("weight").as_string());
      if (!w) d.fail(e, "weight " + quote(e.attribute("weight").as_string()) + " is not a number");
      if (!(*w >= 0) || !std::isfinite(*w)) d.fail(e, "weight " + quote(e.attribute("weight").as_string()) + " must be finite and >= 0");
      edge_rows.columns[edge_rows.add("weight", AttrType::float64, row + 1)].set(row, *w);
    }
    if (e.attribute("label")) edge_rows.columns[edge_rows.add("label", AttrType::string, row + 1)].set(row, std::string(e.attribute("label").as_string()));
    for (const char* bound : {"start", "end"}) {
      if (!e.attribute(bound)) continue;
      const Value v = time_value(e, e.attribute(bound).as_string());
      const std::string name = date_times ? std::string(bound) : std::string("time_") + bound;
      edge_rows.columns[edge_rows.add(name, time_type, row + 1)].set(row, v);
    }
    set_attvalues(e, edge_decls, edge_rows, row, &relations, relation_decl);
    std::string relation = e.attribute("kind") ? std::string(e.attribute("kind").as_string()) : relations[row];
    if (relation.empty()) relation = directed ? "links_to" : "cooperates_with";
    try {
      registry.use(relation, directed);
    } catch (const std::string& message) {
      d.fail(e, message);
    } catch (const InvalidInput& error) {
      d.fail(e, error.what());
    }
    relations[row] = std::move(relation);
    edge_rows.grow(row + 1);
  }

  GraphBuilder builder(registry.registry);
  builder.add_nodes(std::move(keys), std::move(kinds), node_rows.table(n));
  builder.add_edges(std::move(sources), std::move(targets), std::move(relations), edge_rows.table(m));
  BuildOptions build;
  build.progress = options.progress;
  build.default_kind = options.default_kind;
  try {
    return std::move(builder).build(build);
  } catch (const InvalidInput& error) {
    throw InvalidInput(d.name + ": " + error.what());
  }
}

// ------------------------------------------------------------------ GraphML reading

Graph read_graphml_doc(const Doc& d, const XmlReadOptions& options) {
  const pugi::xml_node root = d.doc.document_element();
  if (local_name(root) != "graphml") d.fail(root, "the root element is <" + std::string(root.name()) + ">, not <graphml>: not a GraphML file");
  std::vector<Decl> node_decls, edge_decls, graph_decls;
  std::set<std::string> node_used, edge_used, graph_used;
  std::unordered_set<std::string> node_ids, edge_ids, graph_ids;  // duplicate key ids found in O(1) each
  std::unordered_set<std::string> skipped;  // keys without attr.name (yEd graphics)
  // Keys belong before the graph, but some writers put them inside it: both are read.
  std::vector<pugi::xml_node> key_elements;
  for (pugi::xml_node c : root.children()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == "key") key_elements.push_back(c);
    if (local_name(c) == "graph")
      for (pugi::xml_node k : c.children())
        if (k.type() == pugi::node_element && local_name(k) == "key") key_elements.push_back(k);
  }
  for (pugi::xml_node k : key_elements) {
    if (!k.attribute("id")) d.fail(k, "a <key> needs an id");
    const std::string id = k.attribute("id").as_string();
    const std::string domain = k.attribute("for").as_string("all");
    if (!k.attribute("attr.name")) {
      skipped.insert(id);
      continue;
    }
    Decl decl;
    decl.id = id;
    const std::string type = k.attribute("attr.type").as_string("string");
    if (type == "boolean") decl.type = AttrType::boolean;
    else if (type == "int" || type == "long") decl.type = AttrType::int64;
    else if (type == "float" || type == "double") decl.type = AttrType::float64;
    else if (type == "string") decl.type = AttrType::string;
    else d.fail(k, "key " + quote(id) + ": unknown attr.type " + quote(type) + " (boolean, int, long, float, double or string)");
    const std::string extra = k.attribute("maillage.type").as_string();
    if (!extra.empty()) {
      if (decl.type != AttrType::string) d.fail(k, "maillage.type needs attr.type string");
      if (extra == "date") decl.type = AttrType::date;
      else if (extra == "list") decl.type = AttrType::string_list;
      else if (extra == "category") decl.type = AttrType::categorical;
      else d.fail(k, "unknown maillage.type " + quote(extra) + " (date, list or category)");
    }
    if (k.attribute("maillage.categories")) {
      if (decl.type != AttrType::categorical) d.fail(k, "maillage.categories needs maillage.type category");
      try {
        const nlohmann::json cats = detail::parse_json(k.attribute("maillage.categories").as_string(), d.name);
        std::vector<std::string> list;
        for (const auto& c : cats) list.push_back(c.get<std::string>());
        std::vector<std::string> sorted = list;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) d.fail(k, "maillage.categories: a category is listed twice");
        decl.categories = std::move(list);
      } catch (const nlohmann::json::exception& e) {
        d.fail(k, std::string("maillage.categories: expected a JSON array of strings (") + e.what() + ")");
      } catch (const InvalidInput& e) {
        d.fail(k, std::string("maillage.categories: ") + e.what());
      }
      decl.ordered = std::string_view(k.attribute("maillage.ordered").as_string()) == "true";
    }
    if (pugi::xml_node def = k.child("default")) decl.default_text = def.child_value();
    const std::string title = k.attribute("attr.name").as_string();
    auto add = [&](std::vector<Decl>& decls, std::set<std::string>& used, std::unordered_set<std::string>& ids) {
      if (!ids.insert(id).second) d.fail(k, "duplicate key id " + quote(id));
      Decl copy = decl;
      copy.name = unique_name(title, id, used);
      decls.push_back(std::move(copy));
    };
    if (domain == "node" || domain == "all") add(node_decls, node_used, node_ids);
    if (domain == "edge" || domain == "all") add(edge_decls, edge_used, edge_ids);
    if (domain == "graph" || domain == "all") add(graph_decls, graph_used, graph_ids);
    if (domain != "node" && domain != "edge" && domain != "graph" && domain != "all") skipped.insert(id);
  }
  pugi::xml_node graph;
  for (pugi::xml_node c : root.children())
    if (c.type() == pugi::node_element && local_name(c) == "graph") {
      if (graph) d.fail(c, "a second <graph>: only one graph per file is read");
      graph = c;
    }
  if (!graph) d.fail(root, "no <graph> element");
  const std::string edgedefault = graph.attribute("edgedefault").as_string("directed");
  if (edgedefault != "directed" && edgedefault != "undirected")
    d.fail(graph, "edgedefault " + quote(edgedefault) + " is not directed or undirected");

  auto find_decl = [](const std::vector<Decl>& decls, std::string_view id) -> const Decl* {
    for (const auto& x : decls)
      if (x.id == id) return &x;
    return nullptr;
  };
  // Reads the <data> children of an element into row `row`; `special` receives the value of the
  // attribute named `special_name` (kind, relation) instead of a column.
  auto read_data = [&](const pugi::xml_node& element, const std::vector<Decl>& decls, Rows& rows, std::size_t row,
                       std::string_view special_name, std::string* special) {
    std::vector<char> seen(decls.size(), 0);
    for (pugi::xml_node v : element.children()) {
      if (v.type() != pugi::node_element || local_name(v) != "data") continue;
      const std::string key = v.attribute("key").as_string();
      const Decl* decl = find_decl(decls, key);
      if (!decl) {
        if (skipped.count(key)) continue;
        d.fail(v, "unknown key " + quote(key) + " (not declared by a <key> for this element)");
      }
      const std::size_t k = static_cast<std::size_t>(decl - decls.data());
      if (seen[k]) d.fail(v, "a second value for key " + quote(key));
      seen[k] = 1;
      const std::string text = v.text().as_string();
      if (special && decl->name == special_name) {
        *special = text;
        continue;
      }
      try {
        const std::size_t c = rows.add(decl->name, decl->type == AttrType::categorical ? AttrType::string : decl->type, row + 1);
        rows.columns[c].set(row, parse_value(text, *decl));
      } catch (const std::string& message) {
        d.fail(v, "key " + quote(decl->name) + ": " + quote(text) + " " + message);
      }
    }
    for (std::size_t k = 0; k < decls.size(); ++k) {
      if (seen[k] || !decls[k].default_text) continue;
      if (special && decls[k].name == special_name) {
        *special = *decls[k].default_text;
        continue;
      }
      try {
        const std::size_t c = rows.add(decls[k].name, decls[k].type == AttrType::categorical ? AttrType::string : decls[k].type, row + 1);
        rows.columns[c].set(row, parse_value(*decls[k].default_text, decls[k]));
      } catch (const std::string& message) {
        d.fail(element, "key " + quote(decls[k].name) + ": default " + quote(*decls[k].default_text) + " " + message);
      }
    }
  };

  // ---- graph data: metadata, registry, ladder
  Relations registry;
  std::optional<ScaleLadder> ladder;
  Metadata metadata;
  {
    Rows rows;
    read_data(graph, graph_decls, rows, 0, "", nullptr);
    Table t = rows.table(1);
    for (std::size_t c = 0; c < t.columns(); ++c) {
      const std::string& name = t.names()[c];
      const Value v = t.column(c).get(0);
      if (name == "maillage.relations" || name == "maillage.scales") {
        const std::string* text = std::get_if<std::string>(&v);
        pugi::xml_node where = graph;
        try {
          const nlohmann::json j = detail::parse_json(text ? *text : std::string(), d.name + " (" + name + ")");
          if (!j.is_array()) throw InvalidInput(name + ": expected a JSON array");
          if (name == "maillage.relations") {
            for (const auto& r : j) {
              const auto category = parse_category(r.at("category").get<std::string>());
              if (!category) throw InvalidInput(name + ": unknown category " + r.at("category").dump());
              registry.registry.add(Relation{r.at("name").get<std::string>(), r.at("directed").get<bool>(), *category});
            }
          } else {
            std::vector<Scale> levels;
            for (const auto& s : j) levels.push_back({s.at("id").get<std::string>(), s.value("label", s.at("id").get<std::string>())});
            ladder = ScaleLadder(std::move(levels));
          }
        } catch (const nlohmann::json::exception& e) {
          d.fail(where, name + ": " + e.what());
        } catch (const InvalidInput& e) {
          d.fail(where, e.what());
        }
        continue;
      }
      if (t.column(c).type() == AttrType::categorical) metadata[name] = to_display(v);
      else metadata[name] = v;
    }
  }

  // ---- nodes
  std::vector<pugi::xml_node> node_elements, edge_elements;
  for (pugi::xml_node c : graph.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view what = local_name(c);
    if (what == "node") node_elements.push_back(c);
    else if (what == "edge") edge_elements.push_back(c);
    else if (what == "hyperedge") d.fail(c, "hyperedges are not supported");
  }
  const std::size_t n = node_elements.size();
  std::vector<std::string> keys, kinds;
  std::unordered_map<std::string, std::size_t> node_row;
  Rows node_rows;
  for (const auto& decl : node_decls)
    if (decl.name != "kind") node_rows.add(decl.name, decl.type == AttrType::categorical ? AttrType::string : decl.type, 0);
  for (std::size_t row = 0; row < n; ++row) {
    const pugi::xml_node node = node_elements[row];
    if (!node.attribute("id")) d.fail(node, "a <node> needs an id");
    std::string key = node.attribute("id").as_string();
    if (key.empty()) d.fail(node, "empty node id");
    if (!node_row.emplace(key, row).second) d.fail(node, "duplicate node id " + quote(key));
    for (pugi::xml_node c : node.children())
      if (c.type() == pugi::node_element && local_name(c) == "graph") d.fail(c, "nested graphs are not supported");
    std::string kind;
    read_data(node, node_decls, node_rows, row, "kind", &kind);
    keys.push_back(std::move(key));
    kinds.push_back(kind.empty() ? options.default_kind : kind);
    node_rows.grow(row + 1);
  }

  // ---- edges
  const std::size_t m = edge_elements.size();
  std::vector<std::string> sources, targets, relations;
  Rows edge_rows;
  for (const auto& decl : edge_decls)
    if (decl.name != "relation") edge_rows.add(decl.name, decl.type == AttrType::categorical ? AttrType::string : decl.type, 0);
  for (std::size_t row = 0; row < m; ++row) {
    const pugi::xml_node e = edge_elements[row];
    for (const char* end : {"source", "target"}) {
      if (!e.attribute(end)) d.fail(e, std::string("an <edge> needs a ") + end);
      const std::string key = e.attribute(end).as_string();
      if (!node_row.count(key)) d.fail(e, std::string(end) + " " + quote(key) + " is not a node id");
    }
    bool directed = edgedefault == "directed";
    if (e.attribute("directed")) {
      const std::string text = e.attribute("directed").as_string();
      if (text != "true" && text != "false") d.fail(e, "directed " + quote(text) + " is not true or false");
      directed = text == "true";
    }
    std::string relation;
    read_data(e, edge_decls, edge_rows, row, "relation", &relation);
    if (relation.empty()) relation = directed ? "links_to" : "cooperates_with";
    try {
      registry.use(relation, directed);
    } catch (const std::string& message) {
      d.fail(e, message);
    } catch (const InvalidInput& error) {
      d.fail(e, error.what());
    }
    sources.emplace_back(e.attribute("source").as_string());
    targets.emplace_back(e.attribute("target").as_string());
    relations.push_back(std::move(relation));
    edge_rows.grow(row + 1);
  }
  // Weights: a numeric `weight` column (an int64 one is widened).
  Table edge_table = edge_rows.table(m);
  if (Column* w = edge_table.find("weight"); w && w->type() == AttrType::int64) {
    Column widened(AttrType::float64, m);
    for (std::size_t r = 0; r < m; ++r)
      if (!w->is_missing(r)) widened.set(r, static_cast<double>(w->ints()[r]));
    *w = std::move(widened);
  }
  Table node_table = node_rows.table(n);
  // Categorical columns (maillage.type category): strings to categories.
  for (auto pair : {std::make_pair(&node_table, &node_decls), std::make_pair(&edge_table, &edge_decls)}) {
    for (const auto& decl : *pair.second) {
      if (decl.type != AttrType::categorical) continue;
      Column* c = pair.first->find(decl.name);
      if (!c) continue;
      std::vector<std::string> cats;
      if (decl.categories) {
        cats = *decl.categories;
      } else {
        for (std::size_t r = 0; r < c->size(); ++r)
          if (!c->is_missing(r)) cats.push_back(c->strings()[r]);
        std::sort(cats.begin(), cats.end());
        cats.erase(std::unique(cats.begin(), cats.end()), cats.end());
      }
      Column out = Column::categorical(cats, decl.ordered, c->size());
      if (decl.categories) out.fix_categories();
      for (std::size_t r = 0; r < c->size(); ++r) {
        if (c->is_missing(r)) continue;
        try {
          out.set(r, c->strings()[r]);
        } catch (const InvalidInput&) {
          throw InvalidInput(d.name + ": key " + quote(decl.name) + ": " + quote(c->strings()[r]) +
                             " is not one of the categories its <key> lists");
        }
      }
      *c = std::move(out);
    }
  }

  GraphBuilder builder(registry.registry, ladder ? *ladder : ScaleLadder::french());
  builder.add_nodes(std::move(keys), std::move(kinds), std::move(node_table));
  builder.add_edges(std::move(sources), std::move(targets), std::move(relations), std::move(edge_table));
  for (auto& [name, value] : metadata) builder.set_metadata(name, value);
  BuildOptions build;
  build.progress = options.progress;
  build.default_kind = options.default_kind;
  try {
    return std::move(builder).build(build);
  } catch (const InvalidInput& error) {
    throw InvalidInput(d.name + ": " + error.what());
  }
}

// ------------------------------------------------------------------ writing helpers

void escape_into(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        // Control characters are not allowed in XML 1.0: refuse rather than write a broken file.
        if (static_cast<unsigned char>(c) < 0x20) throw InvalidInput("a text holds a control character that XML cannot hold");
        out.push_back(c);
    }
  }
}

std::string esc(std::string_view text) {
  std::string out;
  escape_into(out, text);
  return out;
}

std::string number_text(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "INF" : "-INF";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string out(buffer, result.ptr);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

// The text of a present value as the writers put it.
std::string value_text(const Column& c, std::size_t row, const std::string& name) {
  switch (c.type()) {
    case AttrType::boolean: return c.bools()[row] ? "true" : "false";
    case AttrType::int64: return std::to_string(c.ints()[row]);
    case AttrType::float64: return number_text(c.doubles()[row]);
    case AttrType::string: return c.strings()[row];
    case AttrType::categorical: return c.categories()[static_cast<std::size_t>(c.codes()[row])];
    case AttrType::date: return Date{c.codes()[row]}.iso();
    case AttrType::string_list: {
      std::string out;
      const auto& items = c.lists()[row];
      for (std::size_t k = 0; k < items.size(); ++k) {
        if (items[k].find('|') != std::string::npos)
          throw InvalidInput("column " + quote(name) + " row " + std::to_string(row) + ": list item " + quote(items[k]) +
                             " holds '|', the list separator");
        if (k) out.push_back('|');
        out += items[k];
      }
      return out;
    }
  }
  return {};
}

bool is_viz(std::string_view name) {
  return name == "viz_x" || name == "viz_y" || name == "viz_z" || name == "viz_color" || name == "viz_alpha" ||
         name == "viz_size";
}

}  // namespace

// ------------------------------------------------------------------ public entry points

Graph read_gexf(const std::string& path, const XmlReadOptions& options) {
  const maillage::detail::ReleaseFreeMemoryAtExit free_at_exit;
  const std::string text = detail::read_file(path, &options.progress);
  return parse_gexf(text, path, options);
}

Graph parse_gexf(std::string_view text, const std::string& name, const XmlReadOptions& options) {
  const maillage::detail::ReleaseFreeMemoryAtExit free_at_exit;  // the parsed document, once freed
  Doc d;
  load(d, text, name);
  return read_gexf_doc(d, options);
}

Graph read_graphml(const std::string& path, const XmlReadOptions& options) {
  const maillage::detail::ReleaseFreeMemoryAtExit free_at_exit;
  const std::string text = detail::read_file(path, &options.progress);
  return parse_graphml(text, path, options);
}

Graph parse_graphml(std::string_view text, const std::string& name, const XmlReadOptions& options) {
  const maillage::detail::ReleaseFreeMemoryAtExit free_at_exit;  // the parsed document, once freed
  Doc d;
  load(d, text, name);
  return read_graphml_doc(d, options);
}

std::string format_gexf(const Graph& g) {
  const Table& nt = g.node_attributes();
  const Table& et = g.edge_attributes();
  auto gexf_type = [](AttrType t) -> const char* {
    switch (t) {
      case AttrType::boolean: return "boolean";
      case AttrType::int64: return "long";
      case AttrType::float64: return "double";
      case AttrType::string_list: return "liststring";
      default: return "string";
    }
  };
  const Column* label = nt.find(label_column);
  if (label && label->type() != AttrType::string) label = nullptr;
  const Column* node_start = nt.find("start");
  const Column* node_end = nt.find("end");
  if (node_start && node_start->type() != AttrType::date) node_start = nullptr;
  if (node_end && node_end->type() != AttrType::date) node_end = nullptr;
  const Column* edge_label = et.find("label");
  if (edge_label && edge_label->type() != AttrType::string) edge_label = nullptr;
  const bool dynamic = node_start || node_end || et.has(start_column) || et.has(end_column);
  // Columns written as <attribute>s (the others are GEXF's own attributes or viz elements).
  std::vector<std::size_t> node_columns, edge_columns;
  for (std::size_t c = 0; c < nt.columns(); ++c) {
    const Column* col = &nt.column(c);
    if (col == label || col == node_start || col == node_end || is_viz(nt.names()[c])) continue;
    node_columns.push_back(c);
  }
  for (std::size_t c = 0; c < et.columns(); ++c) {
    const std::string& name = et.names()[c];
    if (&et.column(c) == edge_label || name == start_column || name == end_column) continue;
    edge_columns.push_back(c);
  }
  bool any_directed = false, any_undirected = false;
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) (g.relation(e).directed ? any_directed : any_undirected) = true;

  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n";
  o += "  <meta>\n    <creator>maillage " + version() + "</creator>\n";
  if (auto it = g.metadata().find("title"); it != g.metadata().end())
    if (const auto* s = std::get_if<std::string>(&it->second)) o += "    <description>" + esc(*s) + "</description>\n";
  o += "  </meta>\n";
  o += std::string("  <graph defaultedgetype=\"") + (any_directed && !any_undirected ? "directed" : "undirected") + "\"";
  o += dynamic ? " mode=\"dynamic\" timeformat=\"date\">\n" : " mode=\"static\">\n";
  o += "    <attributes class=\"node\" mode=\"static\">\n      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n";
  for (std::size_t k = 0; k < node_columns.size(); ++k)
    o += "      <attribute id=\"n" + std::to_string(k) + "\" title=\"" + esc(nt.names()[node_columns[k]]) + "\" type=\"" +
         gexf_type(nt.column(node_columns[k]).type()) + "\"/>\n";
  o += "    </attributes>\n";
  o += "    <attributes class=\"edge\" mode=\"static\">\n      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n";
  for (std::size_t k = 0; k < edge_columns.size(); ++k)
    o += "      <attribute id=\"e" + std::to_string(k) + "\" title=\"" + esc(et.names()[edge_columns[k]]) + "\" type=\"" +
         gexf_type(et.column(edge_columns[k]).type()) + "\"/>\n";
  o += "    </attributes>\n";
  o += "    <nodes count=\"" + std::to_string(g.number_of_nodes()) + "\">\n";
  const Column* vx = nt.find("viz_x");
  const Column* vy = nt.find("viz_y");
  const Column* vz = nt.find("viz_z");
  const Column* vcolor = nt.find("viz_color");
  const Column* valpha = nt.find("viz_alpha");
  const Column* vsize = nt.find("viz_size");
  auto present_double = [](const Column* c, std::size_t r) {
    return c && c->type() == AttrType::float64 && !c->is_missing(r) && std::isfinite(c->doubles()[r]);
  };
  for (NodeId v = 0; v < g.number_of_nodes(); ++v) {
    o += "      <node id=\"" + esc(g.key(v)) + "\"";
    if (label && !label->is_missing(v)) o += " label=\"" + esc(label->strings()[v]) + "\"";
    if (node_start && !node_start->is_missing(v)) o += " start=\"" + Date{node_start->codes()[v]}.iso() + "\"";
    if (node_end && !node_end->is_missing(v)) o += " end=\"" + Date{node_end->codes()[v]}.iso() + "\"";
    o += ">\n        <attvalues>\n          <attvalue for=\"kind\" value=\"" + esc(g.kind(v)) + "\"/>\n";
    for (std::size_t k = 0; k < node_columns.size(); ++k) {
      const Column& c = nt.column(node_columns[k]);
      if (c.is_missing(v)) continue;
      o += "          <attvalue for=\"n" + std::to_string(k) + "\" value=\"" + esc(value_text(c, v, nt.names()[node_columns[k]])) + "\"/>\n";
    }
    o += "        </attvalues>\n";
    if (present_double(vx, v) && present_double(vy, v)) {
      o += "        <viz:position x=\"" + number_text(vx->doubles()[v]) + "\" y=\"" + number_text(vy->doubles()[v]) + "\"";
      if (present_double(vz, v)) o += " z=\"" + number_text(vz->doubles()[v]) + "\"";
      o += "/>\n";
    }
    if (vcolor && vcolor->type() == AttrType::string && !vcolor->is_missing(v)) {
      const std::string& hex = vcolor->strings()[v];
      unsigned r = 0, gg = 0, b = 0;
      if (hex.size() == 7 && hex[0] == '#' && std::sscanf(hex.c_str() + 1, "%02x%02x%02x", &r, &gg, &b) == 3) {
        o += "        <viz:color r=\"" + std::to_string(r) + "\" g=\"" + std::to_string(gg) + "\" b=\"" + std::to_string(b) + "\"";
        if (present_double(valpha, v)) o += " a=\"" + number_text(valpha->doubles()[v]) + "\"";
        o += "/>\n";
      }
    }
    if (present_double(vsize, v)) o += "        <viz:size value=\"" + number_text(vsize->doubles()[v]) + "\"/>\n";
    o += "      </node>\n";
  }
  o += "    </nodes>\n    <edges count=\"" + std::to_string(g.number_of_edges()) + "\">\n";
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    o += "      <edge id=\"" + std::to_string(e) + "\" source=\"" + esc(g.key(g.source(e))) + "\" target=\"" +
         esc(g.key(g.target(e))) + "\" type=\"" + (g.relation(e).directed ? "directed" : "undirected") + "\"";
    if (g.weight_given(e)) o += " weight=\"" + number_text(g.weight(e)) + "\"";
    if (edge_label && !edge_label->is_missing(e)) o += " label=\"" + esc(edge_label->strings()[e]) + "\"";
    if (auto s = g.start(e)) o += " start=\"" + s->iso() + "\"";
    if (auto s = g.end(e)) o += " end=\"" + s->iso() + "\"";
    o += ">\n        <attvalues>\n          <attvalue for=\"relation\" value=\"" + esc(g.relation(e).name) + "\"/>\n";
    for (std::size_t k = 0; k < edge_columns.size(); ++k) {
      const Column& c = et.column(edge_columns[k]);
      if (c.is_missing(e)) continue;
      o += "          <attvalue for=\"e" + std::to_string(k) + "\" value=\"" + esc(value_text(c, e, et.names()[edge_columns[k]])) + "\"/>\n";
    }
    o += "        </attvalues>\n      </edge>\n";
  }
  o += "    </edges>\n  </graph>\n</gexf>\n";
  return o;
}

void write_gexf(const Graph& graph, const std::string& path) { detail::write_atomically(path, format_gexf(graph)); }

std::string format_graphml(const Graph& g) {
  const Table& nt = g.node_attributes();
  const Table& et = g.edge_attributes();
  auto key_type = [](AttrType t) -> std::pair<const char*, const char*> {
    switch (t) {
      case AttrType::boolean: return {"boolean", ""};
      case AttrType::int64: return {"long", ""};
      case AttrType::float64: return {"double", ""};
      case AttrType::date: return {"string", "date"};
      case AttrType::string_list: return {"string", "list"};
      case AttrType::categorical: return {"string", "category"};
      default: return {"string", ""};
    }
  };
  auto value_type = [](const Value& v) -> AttrType {
    switch (v.index()) {
      case 1: return AttrType::boolean;
      case 2: return AttrType::int64;
      case 3: return AttrType::float64;
      case 5: return AttrType::string_list;
      case 6: return AttrType::date;
      default: return AttrType::string;
    }
  };
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  auto key = [&](const std::string& id, const char* domain, const std::string& name, AttrType t,
                 const Column* column = nullptr) {
    const auto [type, extra] = key_type(t);
    o += "  <key id=\"" + id + "\" for=\"" + domain + "\" attr.name=\"" + esc(name) + "\" attr.type=\"" + type + "\"";
    if (*extra) o += std::string(" maillage.type=\"") + extra + "\"";
    if (column && column->type() == AttrType::categorical) {  // the categories, in order
      o += " maillage.categories=\"" + esc(nlohmann::json(column->categories()).dump()) + "\"";
      if (column->ordered()) o += " maillage.ordered=\"true\"";
    }
    o += "/>\n";
  };
  key("r", "graph", "maillage.relations", AttrType::string);
  key("s", "graph", "maillage.scales", AttrType::string);
  std::size_t k = 0;
  std::vector<std::pair<std::string, const Value*>> meta;
  for (const auto& [name, value] : g.metadata()) {
    if (std::holds_alternative<std::monostate>(value)) continue;  // a missing metadata value
    key("g" + std::to_string(k++), "graph", name, value_type(value));
    meta.emplace_back(name, &value);
  }
  key("kind", "node", "kind", AttrType::string);
  for (std::size_t c = 0; c < nt.columns(); ++c)
    key("n" + std::to_string(c), "node", nt.names()[c], nt.column(c).type(), &nt.column(c));
  key("relation", "edge", "relation", AttrType::string);
  if (g.has_weight_column()) key("weight", "edge", "weight", AttrType::float64);
  for (std::size_t c = 0; c < et.columns(); ++c)
    key("e" + std::to_string(c), "edge", et.names()[c], et.column(c).type(), &et.column(c));
  bool any_directed = false, any_undirected = false;
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) (g.relation(e).directed ? any_directed : any_undirected) = true;
  const bool default_directed = any_directed && !any_undirected;
  o += std::string("  <graph id=\"G\" edgedefault=\"") + (default_directed ? "directed" : "undirected") + "\">\n";
  {
    nlohmann::ordered_json relations = nlohmann::ordered_json::array();
    for (const Relation& r : g.relations().all())
      relations.push_back({{"name", r.name}, {"directed", r.directed}, {"category", std::string(category_name(r.category))}});
    nlohmann::ordered_json scales = nlohmann::ordered_json::array();
    for (const Scale& s : g.scales().all()) scales.push_back({{"id", s.id}, {"label", s.label}});
    o += "    <data key=\"r\">" + esc(relations.dump()) + "</data>\n";
    o += "    <data key=\"s\">" + esc(scales.dump()) + "</data>\n";
  }
  for (std::size_t i = 0; i < meta.size(); ++i) {
    Column one(value_type(*meta[i].second), 1);
    one.set(0, *meta[i].second);
    o += "    <data key=\"g" + std::to_string(i) + "\">" + esc(value_text(one, 0, meta[i].first)) + "</data>\n";
  }
  for (NodeId v = 0; v < g.number_of_nodes(); ++v) {
    o += "    <node id=\"" + esc(g.key(v)) + "\">\n      <data key=\"kind\">" + esc(g.kind(v)) + "</data>\n";
    for (std::size_t c = 0; c < nt.columns(); ++c) {
      const Column& col = nt.column(c);
      if (col.is_missing(v)) continue;
      o += "      <data key=\"n" + std::to_string(c) + "\">" + esc(value_text(col, v, nt.names()[c])) + "</data>\n";
    }
    o += "    </node>\n";
  }
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    const bool directed = g.relation(e).directed;
    o += "    <edge id=\"e" + std::to_string(e) + "\" source=\"" + esc(g.key(g.source(e))) + "\" target=\"" +
         esc(g.key(g.target(e))) + "\"";
    if (directed != default_directed) o += std::string(" directed=\"") + (directed ? "true" : "false") + "\"";
    o += ">\n      <data key=\"relation\">" + esc(g.relation(e).name) + "</data>\n";
    if (g.has_weight_column() && g.weight_given(e)) o += "      <data key=\"weight\">" + number_text(g.weight(e)) + "</data>\n";
    for (std::size_t c = 0; c < et.columns(); ++c) {
      const Column& col = et.column(c);
      if (col.is_missing(e)) continue;
      o += "      <data key=\"e" + std::to_string(c) + "\">" + esc(value_text(col, e, et.names()[c])) + "</data>\n";
    }
    o += "    </edge>\n";
  }
  o += "  </graph>\n</graphml>\n";
  return o;
}

void write_graphml(const Graph& graph, const std::string& path) { detail::write_atomically(path, format_graphml(graph)); }

}  // namespace maillage::io
