// attach_territories: a user's territory nodes placed in the official French hierarchy.
#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "maillage/datasets/territories.hpp"

namespace maillage::datasets {
namespace {

// A string or categorical attribute's text, an int64's decimal text (a département read as a
// number: 63); empty when missing or of another type.
std::string text_of(const Column* c, NodeId node) {
  if (!c || c->is_missing(node)) return {};
  if (c->type() == AttrType::string) return c->strings()[node];
  if (c->type() == AttrType::categorical) return c->categories()[static_cast<std::size_t>(c->codes()[node])];
  if (c->type() == AttrType::int64) return std::to_string(c->ints()[node]);
  return {};
}

bool official_type(std::string_view prefix) {
  return std::find(std::begin(territory_types), std::end(territory_types), prefix) != std::end(territory_types);
}

// Whether a node is left out of the official hierarchy: keys of other groupings and places abroad.
bool skipped(const std::string& key, bool has_code) {
  if (has_code) return false;
  const auto colon = key.find(':');
  if (colon == std::string::npos) return false;
  const std::string_view prefix = std::string_view(key).substr(0, colon);
  if (prefix == "pays") return key != "pays:FR";
  return !official_type(prefix);
}

}  // namespace

Graph attach_territories(const Graph& graph, const TerritoryResolver& resolver, const AttachOptions& options) {
  const Graph& official = resolver.graph();
  const std::size_t n = graph.number_of_nodes();
  const Table& attributes = graph.node_attributes();
  const Column* insee = attributes.find("insee");
  const Column* siren = attributes.find("siren");
  const Column* label = attributes.find(label_column);
  const Column* departement = attributes.find("departement");

  // ---- resolve every territory node
  std::vector<std::optional<NodeId>> match(n);  // user node → official node
  std::unordered_map<NodeId, NodeId> user_of;    // official node → user node
  std::vector<std::string> failures;
  for (NodeId v = 0; v < n; ++v) {
    if (graph.kind(v) != "territory") continue;
    const std::string& key = graph.key(v);
    const std::string code_insee = text_of(insee, v), code_siren = text_of(siren, v);
    const bool has_code = !code_insee.empty() || !code_siren.empty();
    if (skipped(key, has_code)) continue;
    ResolveOptions o;
    o.departement = text_of(departement, v);
    const std::string query = !code_insee.empty() ? code_insee : !code_siren.empty() ? code_siren : key;
    // A node keyed as an official territory (region:03, departement:63, commune:63032) is matched
    // on its key first: its code alone may name several territories (région 03 and département
    // 03). Codes and names are resolved only for the other nodes.
    if (const auto colon = key.find(':');
        colon != std::string::npos && official_type(std::string_view(key).substr(0, colon)))
      if (const auto by_key = official.find(key)) match[v] = *by_key;
    try {
      try {
        if (!match[v]) match[v] = resolver.resolve(query, o).node;
      } catch (const NotFound&) {
        const std::string name = text_of(label, v);
        if (has_code || name.empty() || name == key) throw;
        match[v] = resolver.resolve(name, o).node;
      }
    } catch (const Error& e) {
      failures.push_back("node " + quote(key) + ": " + e.what());
      continue;
    }
    auto [it, inserted] = user_of.emplace(*match[v], v);
    if (!inserted)
      failures.push_back("nodes " + quote(graph.key(it->second)) + " and " + quote(key) + " both stand for " +
                         official.key(*match[v]));
  }
  if (!failures.empty()) {
    std::string message = "resolve_territories: " + std::to_string(failures.size()) + " territory node" +
                          (failures.size() == 1 ? "" : "s") + " could not be placed in the official hierarchy: ";
    const std::size_t shown = std::min<std::size_t>(failures.size(), 20);
    for (std::size_t k = 0; k < shown; ++k) message += (k ? "; " : "") + failures[k];
    if (failures.size() > shown) message += "; … and " + std::to_string(failures.size() - shown) + " more";
    throw InvalidInput(message);
  }
  if (user_of.empty()) return graph;

  // ---- the official containers the user's territories need (the user's own nodes stand for those
  // they resolved to)
  std::set<NodeId> added;  // official ids, ascending: deterministic order
  {
    std::vector<NodeId> queue;
    for (const auto& [o, u] : user_of) queue.push_back(o);
    std::sort(queue.begin(), queue.end());
    for (std::size_t q = 0; q < queue.size(); ++q)
      for (NodeId p : official.parents(queue[q]))
        if (!user_of.count(p) && added.insert(p).second) queue.push_back(p);
  }
  auto node_key = [&](NodeId official_node) -> const std::string& {
    auto it = user_of.find(official_node);
    return it != user_of.end() ? graph.key(it->second) : official.key(official_node);
  };
  for (NodeId p : added)
    if (auto clash = graph.find(official.key(p)))
      throw InvalidInput("resolve_territories: node " + quote(official.key(p)) + " holds an official key but is a " +
                         graph.kind(*clash) + ", not a territory");

  // ---- nodes: the user's, then the containers added
  const std::size_t total = n + added.size();
  std::vector<std::string> keys, kinds;
  keys.reserve(total);
  kinds.reserve(total);
  for (NodeId v = 0; v < n; ++v) {
    keys.push_back(graph.key(v));
    kinds.push_back(graph.kind(v));
  }
  for (NodeId p : added) {
    keys.push_back(official.key(p));
    kinds.emplace_back("territory");
  }
  Table table = attributes;
  table.resize(total);
  if (!table.has(label_column)) table.add(std::string(label_column), Column(AttrType::string, total));
  if (!table.has(scale_column)) {
    std::vector<std::string> ids;
    for (const auto& s : graph.scales().all()) ids.push_back(s.id);
    Column scale = Column::categorical(ids, true, total);
    scale.fix_categories();
    table.add(std::string(scale_column), std::move(scale));
  }
  if (!table.has("official_key")) table.add("official_key", Column(AttrType::string, total));
  Column& labels = table.column(label_column);
  Column& scales = table.column(scale_column);
  Column& official_keys = table.column("official_key");
  if (official_keys.type() != AttrType::string)
    throw InvalidInput("resolve_territories: the node attribute 'official_key' must be strings, not " +
                       std::string(type_name(official_keys.type())));
  const Column* official_labels = official.node_attributes().find(label_column);
  auto fill = [&](std::size_t row, NodeId o) {
    if (labels.is_missing(row)) {
      const std::string text = text_of(official_labels, o);
      if (!text.empty()) labels.set(row, text);
    }
    if (scales.is_missing(row) && official.scale(o) != no_scale) {
      const std::string& id = official.scales()[official.scale(o)].id;
      try {
        scales.set(row, id);
      } catch (const InvalidInput&) {
        throw InvalidInput("resolve_territories: " + quote(keys[row]) + " needs the scale " + quote(id) +
                           ", which is not on the graph's ladder (" + graph.scales().ids() + ")");
      }
    }
    if (official_keys.is_missing(row)) official_keys.set(row, official.key(o));
  };
  for (NodeId v = 0; v < n; ++v)
    if (match[v]) fill(v, *match[v]);
  {
    std::size_t row = n;
    for (NodeId p : added) fill(row++, p);
  }

  // ---- edges: the user's, then the part_of edges linking the territories to their containers
  const std::size_t m = graph.number_of_edges();
  std::vector<std::string> sources, targets, relations;
  sources.reserve(m);
  targets.reserve(m);
  relations.reserve(m);
  std::unordered_set<std::string> given_part_of;  // "source\x1ftarget" of the user's part_of edges
  for (EdgeId e = 0; e < m; ++e) {
    sources.push_back(graph.key(graph.source(e)));
    targets.push_back(graph.key(graph.target(e)));
    relations.push_back(graph.relation(e).name);
    if (graph.relation(e).category == RelationCategory::nesting)
      given_part_of.insert(sources.back() + '\x1f' + targets.back());
  }
  const std::string nesting = std::string(part_of);
  auto link = [&](const std::string& child, NodeId official_child) {
    for (NodeId p : official.parents(official_child)) {
      const std::string& parent = node_key(p);
      if (given_part_of.insert(child + '\x1f' + parent).second) {
        sources.push_back(child);
        targets.push_back(parent);
        relations.push_back(nesting);
      }
    }
  };
  for (NodeId v = 0; v < n; ++v)
    if (match[v]) link(graph.key(v), *match[v]);
  for (NodeId p : added) link(official.key(p), p);
  const std::size_t edges = sources.size();
  Table edge_table = graph.edge_attributes();
  if (graph.has_weight_column()) {
    Column weight(AttrType::float64, m);
    for (EdgeId e = 0; e < m; ++e)
      if (graph.weight_given(e)) weight.set(e, graph.weight(e));
    edge_table.add(std::string(weight_column), std::move(weight));
  }
  edge_table.resize(edges);
  if (!edge_table.has(provenance_column)) edge_table.add(std::string(provenance_column), Column(AttrType::string, edges));
  Column& provenance = edge_table.column(provenance_column);
  for (std::size_t e = m; e < edges; ++e) provenance.set(e, options.provenance);

  GraphBuilder builder(graph.relations(), graph.scales());
  builder.add_nodes(std::move(keys), std::move(kinds), std::move(table));
  builder.add_edges(std::move(sources), std::move(targets), std::move(relations), std::move(edge_table));
  for (const auto& [name, value] : graph.metadata()) builder.set_metadata(name, value);
  return std::move(builder).build();
}

}  // namespace maillage::datasets
