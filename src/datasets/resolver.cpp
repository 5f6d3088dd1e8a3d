// TerritoryResolver: territory names, codes and keys → nodes of the official hierarchy.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "maillage/core/error.hpp"
#include "maillage/datasets/territories.hpp"

namespace maillage::datasets {
namespace {

constexpr std::uint8_t no_type = 0xFF;
constexpr std::size_t type_count = std::size(territory_types);
constexpr std::uint8_t t_deleguee = 1, t_associee = 2, t_epci = 4, t_departement = 6, t_region = 7,
                       t_pays = 8;

std::uint8_t type_index(std::string_view type) {
  for (std::size_t t = 0; t < type_count; ++t)
    if (territory_types[t] == type) return static_cast<std::uint8_t>(t);
  return no_type;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool corsica_prefix(std::string_view s) {
  return s.size() >= 2 && s[0] == '2' && (s[1] == 'A' || s[1] == 'B' || s[1] == 'a' || s[1] == 'b');
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A département code as typed: 1 to 3 digits, or 2A/2B. Returned canonical ("1" → "01", "2a" → "2A").
std::optional<std::string> as_departement_code(std::string_view s) {
  s = trim(s);
  if (all_digits(s) && s.size() <= 3) return s.size() == 1 ? "0" + std::string(s) : std::string(s);
  if (s.size() == 2 && corsica_prefix(s)) return upper_ascii(s);
  return std::nullopt;
}

// An INSEE code or SIREN as typed: digits (1, 2, 3, 4, 5 or 9 of them) or a Corsican code (2A,
// 2A004). A lost leading zero is put back on 1- and 4-digit numbers ("1001" → "01001").
std::optional<std::string> as_code(std::string_view s) {
  if (all_digits(s)) {
    if (s.size() == 1 || s.size() == 4) return "0" + std::string(s);
    if (s.size() <= 5 || s.size() == 9) return std::string(s);
    return std::nullopt;
  }
  if (corsica_prefix(s) && (s.size() == 2 || (s.size() == 5 && all_digits(s.substr(2))))) return upper_ascii(s);
  return std::nullopt;
}

// The query without a trailing "(63)" département hint, which is returned, and with a trailing
// "(Le)"-style article moved to the front.
std::pair<std::string, std::string> split_hint(std::string_view query) {
  query = trim(query);
  if (query.empty() || query.back() != ')') return {std::string(query), {}};
  const auto open = query.rfind('(');
  if (open == std::string_view::npos) return {std::string(query), {}};
  const std::string_view inner = trim(query.substr(open + 1, query.size() - open - 2));
  const std::string_view before = trim(query.substr(0, open));
  if (before.empty()) return {std::string(query), {}};
  if (auto code = as_departement_code(inner)) return {std::string(before), *code};
  const std::string article = normalize_territory_name(inner);
  if (article == "le" || article == "la" || article == "les" || article == "l")
    return {std::string(inner) + " " + std::string(before), {}};
  return {std::string(query), {}};
}

// The name of an EPCI or EPT without its legal form and the article after it ("CA du Grand
// Annecy" → "grand annecy") and without a trailing parenthesis ("(COGA)"); from a normalised name.
std::string alias_of(std::string_view raw) {
  std::string_view text = trim(raw);
  if (!text.empty() && text.back() == ')') {
    const auto open = text.rfind('(');
    if (open != std::string_view::npos && open > 0) text = trim(text.substr(0, open));
  }
  const std::string normal = normalize_territory_name(text);
  std::vector<std::string_view> words;
  for (std::size_t p = 0; p < normal.size();) {
    auto q = normal.find(' ', p);
    if (q == std::string::npos) q = normal.size();
    words.emplace_back(normal.data() + p, q - p);
    p = q + 1;
  }
  static constexpr std::array<std::array<std::string_view, 3>, 11> forms = {{
      {"communaute", "de", "communes"},
      {"communaute", "d", "agglomeration"},
      {"communaute", "urbaine", ""},
      {"communaute", "agglomeration", ""},
      {"communaute", "communes", ""},
      {"cc", "", ""},
      {"ca", "", ""},
      {"cu", "", ""},
      {"metropole", "", ""},
      {"eurometropole", "", ""},
      {"agglomeration", "", ""},
  }};
  std::size_t start = 0;
  for (const auto& form : forms) {
    std::size_t k = 0;
    while (k < form.size() && !form[k].empty() && start + k < words.size() && words[start + k] == form[k]) ++k;
    if (k > 0 && (k == form.size() || form[k].empty())) {
      start += k;
      break;
    }
  }
  if (start < words.size()) {
    const auto w = words[start];
    if (w == "de" || w == "du" || w == "des" || w == "d" || w == "l" || w == "le" || w == "la" || w == "les") {
      ++start;
      if (w == "de" && start < words.size() && (words[start] == "la" || words[start] == "l")) ++start;
    }
  }
  std::string out;
  for (std::size_t k = start; k < words.size(); ++k) {
    if (!out.empty()) out += ' ';
    out += words[k];
  }
  return out;
}

// A string or categorical attribute's text (empty when missing); a view into the graph's column.
std::string_view text_attribute(const Column* c, NodeId node) {
  if (!c || c->is_missing(node)) return {};
  if (c->type() == AttrType::string) return c->strings()[node];
  if (c->type() == AttrType::categorical) return c->categories()[static_cast<std::size_t>(c->codes()[node])];
  return {};
}

struct Lookup {
  ResolveOutcome::Status status = ResolveOutcome::Status::not_found;
  std::vector<NodeId> nodes;  // the candidates kept (ascending keys)
  std::string message;
  std::string matched_by;
};

}  // namespace

struct Context {
  std::vector<std::uint8_t> kinds;   // allowed types (empty = all, ranked)
  std::optional<std::uint16_t> dep;  // département filter
};

struct TerritoryResolver::Index {
  std::vector<std::uint8_t> type;  // per node: index in territory_types, or no_type
  std::unordered_map<std::string, std::vector<NodeId>> by_code;
  std::unordered_map<std::string, std::vector<NodeId>> by_name;
  std::unordered_map<std::string, std::vector<NodeId>> by_alias;
  std::vector<std::string> dep_codes;  // sorted
  std::unordered_map<std::string, std::uint16_t> dep_of_code;
  std::vector<NodeId> dep_node;          // per département index
  std::vector<std::uint32_t> dep_offsets;  // per node, into dep_ids
  std::vector<std::uint16_t> dep_ids;      // ascending per node
  const Column* label = nullptr;
  const Column* insee = nullptr;
  const Column* siren = nullptr;

  std::span<const std::uint16_t> deps(NodeId node) const {
    return {dep_ids.data() + dep_offsets[node], dep_ids.data() + dep_offsets[node + 1]};
  }
  bool lies_in(NodeId node, std::uint16_t dep) const {
    const auto d = deps(node);
    return std::binary_search(d.begin(), d.end(), dep);
  }
  std::string_view type_of(NodeId node) const {
    return type[node] == no_type ? std::string_view() : territory_types[type[node]];
  }
  bool secondary(NodeId node) const { return type[node] == t_deleguee || type[node] == t_associee; }

  // "commune:63032 'Beaumont' (commune, département 63 Puy-de-Dôme)".
  std::string describe(const Graph& g, NodeId v) const {
    std::string out = g.key(v) + " " + quote(text_attribute(label, v));
    const auto t = type[v];
    if (t == t_pays) return out;
    if (t == t_region) return out + " (région)";
    if (t == t_departement) return out + " (département)";
    const auto d = deps(v);
    const std::string kind(type_of(v));
    if (d.size() == 1)
      return out + " (" + kind + ", département " + dep_codes[d[0]] + " " + std::string(text_attribute(label, dep_node[d[0]])) + ")";
    std::string list;
    for (auto k : d) list += (list.empty() ? "" : ", ") + dep_codes[k];
    return out + " (" + kind + ", départements " + list + ")";
  }

  // A département given as a code ("63", "2a", "1"), a key ("departement:63") or a name.
  std::optional<std::uint16_t> departement(const Graph& g, std::string_view given, std::string& error) const {
    const std::string_view text = trim(given);
    std::string code;
    if (auto c = as_departement_code(text)) {
      code = *c;
    } else if (text.starts_with("departement:")) {
      code = std::string(text.substr(std::string_view("departement:").size()));
    } else if (!text.empty()) {
      const Lookup found = lookup(g, Context{{t_departement}, std::nullopt}, text);
      if (found.status != ResolveOutcome::Status::found) {
        error = "no département " + quote(text);
        return std::nullopt;
      }
      for (std::size_t d = 0; d < dep_node.size(); ++d)
        if (dep_node[d] == found.nodes[0]) return static_cast<std::uint16_t>(d);
    }
    auto it = dep_of_code.find(code);
    if (it == dep_of_code.end()) {
      error = "no département " + quote(text);
      return std::nullopt;
    }
    return it->second;
  }

  Context context(const Graph& g, const ResolveOptions& options) const {
    Context c;
    for (const auto& k : options.kinds) {
      const auto t = type_index(k);
      if (t == no_type) {
        std::string known;
        for (auto name : territory_types) known += (known.empty() ? "" : ", ") + std::string(name);
        throw InvalidInput("kind " + quote(k) + " is not a territory type (use " + known + ")");
      }
      if (std::find(c.kinds.begin(), c.kinds.end(), t) == c.kinds.end()) c.kinds.push_back(t);
    }
    if (!trim(options.departement).empty()) {
      std::string error;
      c.dep = departement(g, options.departement, error);
      if (!c.dep) throw InvalidInput("departement=" + quote(options.departement) + ": " + error);
    }
    return c;
  }

  Lookup lookup(const Graph& g, const Context& c, std::string_view raw_query) const;
};

TerritoryResolver::TerritoryResolver(Graph official) : graph_(std::move(official)) {
  auto index = std::make_shared<Index>();
  const Graph& g = graph_;
  const std::size_t n = g.number_of_nodes();
  const Table& attributes = g.node_attributes();
  index->label = attributes.find(label_column);
  index->insee = attributes.find("insee");
  index->siren = attributes.find("siren");
  const Column* departement = attributes.find("departement");
  index->type.assign(n, no_type);
  for (NodeId v = 0; v < n; ++v) {
    if (g.kind(v) != "territory") continue;
    const std::string& key = g.key(v);
    const auto colon = key.find(':');
    if (colon == std::string::npos) continue;
    index->type[v] = type_index(std::string_view(key).substr(0, colon));
  }
  // Codes and names.
  index->by_name.reserve(n);
  index->by_code.reserve(2 * n);
  for (NodeId v = 0; v < n; ++v) {
    const auto t = index->type[v];
    if (t == no_type) continue;
    for (const Column* c : {index->insee, index->siren}) {
      const std::string_view code = text_attribute(c, v);
      if (!code.empty()) {
        auto& list = index->by_code[std::string(code)];
        if (list.empty() || list.back() != v) list.push_back(v);
      }
    }
    if (t == t_pays) index->by_code[g.key(v).substr(5)].push_back(v);
    const std::string_view label = text_attribute(index->label, v);
    if (label.empty()) continue;
    index->by_name[normalize_territory_name(label)].push_back(v);
    if (territory_types[t] == "epci" || territory_types[t] == "ept") {
      std::string alias = alias_of(label);
      if (!alias.empty()) index->by_alias[std::move(alias)].push_back(v);
    }
  }
  // Départements.
  auto departement_code = [&](NodeId v) {
    const std::string_view code = text_attribute(index->insee, v);
    return code.empty() ? g.key(v).substr(std::string_view("departement:").size()) : std::string(code);
  };
  for (NodeId v = 0; v < n; ++v)
    if (index->type[v] == t_departement) index->dep_codes.push_back(departement_code(v));
  std::sort(index->dep_codes.begin(), index->dep_codes.end());
  index->dep_codes.erase(std::unique(index->dep_codes.begin(), index->dep_codes.end()), index->dep_codes.end());
  index->dep_node.assign(index->dep_codes.size(), 0);
  for (std::size_t d = 0; d < index->dep_codes.size(); ++d)
    index->dep_of_code.emplace(index->dep_codes[d], static_cast<std::uint16_t>(d));
  for (NodeId v = 0; v < n; ++v)
    if (index->type[v] == t_departement) index->dep_node[index->dep_of_code.at(departement_code(v))] = v;
  // The départements each node lies in or overlaps: its own `departement` code when it has one;
  // else (groupings spanning several, régions, the country) those of the parts below it, down to
  // the parts that have their own.
  constexpr std::uint16_t none = 0xFFFF;
  std::vector<std::uint16_t> own(n, none);
  for (NodeId v = 0; v < n; ++v) {
    if (index->type[v] == no_type) continue;
    const std::string_view code = text_attribute(departement, v);
    if (code.empty()) continue;
    if (auto it = index->dep_of_code.find(std::string(code)); it != index->dep_of_code.end()) own[v] = it->second;
  }
  std::vector<std::vector<std::uint16_t>> sets(n);
  std::vector<std::uint32_t> stamp(n, 0);
  std::uint32_t round = 0;
  std::vector<NodeId> stack;
  for (NodeId v = 0; v < n; ++v) {
    if (index->type[v] == no_type) continue;
    if (own[v] != none) {
      sets[v].push_back(own[v]);
      continue;
    }
    ++round;
    stack.assign(g.children(v).begin(), g.children(v).end());
    while (!stack.empty()) {
      const NodeId c = stack.back();
      stack.pop_back();
      if (stamp[c] == round) continue;
      stamp[c] = round;
      if (own[c] != none) sets[v].push_back(own[c]);
      else stack.insert(stack.end(), g.children(c).begin(), g.children(c).end());
    }
  }
  index->dep_offsets.assign(n + 1, 0);
  for (NodeId v = 0; v < n; ++v) {
    auto& s = sets[v];
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    index->dep_offsets[v + 1] = index->dep_offsets[v] + static_cast<std::uint32_t>(s.size());
  }
  index->dep_ids.reserve(index->dep_offsets[n]);
  for (auto& s : sets) index->dep_ids.insert(index->dep_ids.end(), s.begin(), s.end());
  index_ = std::move(index);
}

std::string_view TerritoryResolver::type(NodeId node) const {
  const auto t = index_->type.at(node);
  return t == no_type ? std::string_view() : territory_types[t];
}

std::vector<std::string> TerritoryResolver::departements(NodeId node) const {
  std::vector<std::string> out;
  for (auto d : index_->deps(node)) out.push_back(index_->dep_codes[d]);
  return out;
}

Territory TerritoryResolver::territory(NodeId node) const {
  const Graph& g = graph_;
  const Index& x = *index_;
  Territory t;
  t.node = node;
  t.key = g.key(node);
  t.label = text_attribute(x.label, node);
  t.type = std::string(type(node));
  const auto rank = g.scale(node);
  if (rank != no_scale) t.scale = g.scales()[rank].id;
  t.code = text_attribute(x.insee, node);
  if (t.code.empty()) t.code = text_attribute(x.siren, node);
  if (t.code.empty() && x.type[node] == t_pays) t.code = t.key.substr(5);
  std::vector<NodeId> up = g.ancestors(node);
  std::stable_sort(up.begin(), up.end(), [&](NodeId a, NodeId b) { return g.scale(a) < g.scale(b); });
  auto self_or_first = [&](std::uint8_t type_id) -> std::string {
    if (x.type[node] == type_id) return t.key;
    for (NodeId a : up)
      if (x.type[a] == type_id) return g.key(a);
    return {};
  };
  t.departement = self_or_first(t_departement);
  t.region = self_or_first(t_region);
  t.epci = self_or_first(t_epci);
  t.containers.reserve(up.size());
  for (NodeId a : up) t.containers.push_back(g.key(a));
  return t;
}


namespace {

std::string kinds_text(const std::vector<std::uint8_t>& kinds) {
  std::string out;
  for (auto k : kinds) out += (out.empty() ? "" : ", ") + std::string(territory_types[k]);
  return out;
}

}  // namespace

Lookup TerritoryResolver::Index::lookup(const Graph& g, const Context& c, std::string_view raw_query) const {
  Lookup out;
  const std::string_view query = trim(raw_query);
  if (query.empty()) {
    out.status = ResolveOutcome::Status::invalid;
    out.message = "empty territory query";
    return out;
  }
  // Named references rather than a structured binding: clang before 16 (Debian 12's 14, which
  // builds the fuzz targets) cannot capture a structured binding in the lambda below.
  const auto split = split_hint(query);
  const std::string& text = split.first;
  const std::string& hint = split.second;
  std::optional<std::uint16_t> dep = c.dep;
  if (!hint.empty()) {
    std::string error;
    const auto hinted = departement(g, hint, error);
    if (!hinted) {
      out.status = ResolveOutcome::Status::invalid;
      out.message = quote(query) + ": " + error;
      return out;
    }
    if (dep && *dep != *hinted) {
      out.status = ResolveOutcome::Status::invalid;
      out.message = quote(query) + ": its département hint (" + hint + ") contradicts departement=" + dep_codes[*dep];
      return out;
    }
    dep = hinted;
  }

  // Candidates by key, code or name.
  std::vector<NodeId> found;
  // What was looked for, for messages (built only when nothing is found).
  auto what = [&]() -> std::string {
    if (out.matched_by == "key" || (out.matched_by.empty() && text.find(':') != std::string::npos))
      return "with key " + quote(text);
    if (out.matched_by == "code") return "with INSEE code or SIREN " + quote(*as_code(text));
    return "named " + quote(text);
  };
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    const auto prefix = std::string_view(text).substr(0, colon);
    const bool official = type_index(prefix) != no_type;
    if (auto v = g.find(text); v && type[*v] != no_type) {
      found.push_back(*v);
      out.matched_by = "key";
    } else if (official) {
      out.message = "no territory with key " + quote(text);
      return out;
    }
  }
  if (out.matched_by.empty()) {
    if (auto code = as_code(text)) {
      if (auto it = by_code.find(*code); it != by_code.end()) found = it->second;
      out.matched_by = "code";
    } else {
      if (auto it = by_name.find(normalize_territory_name(text)); it != by_name.end()) found = it->second;
      out.matched_by = "name";
    }
  }

  // Filters (kinds, département), then ranks (current communes and the other territories before
  // delegated and associated communes, unless kinds are given).
  auto filter = [&](std::vector<NodeId> nodes) {
    if (!c.kinds.empty())
      std::erase_if(nodes, [&](NodeId v) { return std::find(c.kinds.begin(), c.kinds.end(), type[v]) == c.kinds.end(); });
    if (dep) std::erase_if(nodes, [&](NodeId v) { return !lies_in(v, *dep); });
    if (c.kinds.empty() && std::any_of(nodes.begin(), nodes.end(), [&](NodeId v) { return !secondary(v); }))
      std::erase_if(nodes, [&](NodeId v) { return secondary(v); });
    std::sort(nodes.begin(), nodes.end(), [&](NodeId a, NodeId b) { return g.key(a) < g.key(b); });
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    return nodes;
  };
  std::vector<NodeId> kept = filter(found);
  if (kept.empty() && out.matched_by == "name") {
    // EPCI and EPT by their name without the legal form.
    const std::string alias = alias_of(text);
    if (!alias.empty())
      if (auto it = by_alias.find(alias); it != by_alias.end()) {
        kept = filter(it->second);
        found.insert(found.end(), it->second.begin(), it->second.end());
      }
  }
  if (kept.empty()) {
    out.status = ResolveOutcome::Status::not_found;
    out.message = "no territory " + what();
    if (!c.kinds.empty()) out.message += " of kind " + kinds_text(c.kinds);
    if (dep) out.message += " in département " + dep_codes[*dep];
    if (!found.empty()) {
      std::sort(found.begin(), found.end(), [&](NodeId a, NodeId b) { return g.key(a) < g.key(b); });
      found.erase(std::unique(found.begin(), found.end()), found.end());
      out.message += "; without the filters: ";
      const std::size_t shown = std::min<std::size_t>(found.size(), 20);
      for (std::size_t k = 0; k < shown; ++k) out.message += (k ? ", " : "") + describe(g, found[k]);
      if (found.size() > shown) out.message += ", … (" + std::to_string(found.size()) + " in all)";
    }
    return out;
  }
  out.nodes = std::move(kept);
  if (out.nodes.size() == 1) {
    out.status = ResolveOutcome::Status::found;
    return out;
  }
  out.status = ResolveOutcome::Status::ambiguous;
  out.message = quote(query) + " matches " + std::to_string(out.nodes.size()) + " territories: ";
  for (std::size_t k = 0; k < out.nodes.size(); ++k) out.message += (k ? ", " : "") + describe(g, out.nodes[k]);
  // What tells them apart: their départements (each in a single, different one: a "(63)" hint
  // works too), their types, or both.
  std::vector<std::uint16_t> singles;
  bool deps_differ = false, types_differ = false;
  for (NodeId v : out.nodes) {
    const auto d = deps(v);
    if (d.size() == 1) singles.push_back(d[0]);
    if (type[v] != type[out.nodes[0]]) types_differ = true;
    if (!std::equal(d.begin(), d.end(), deps(out.nodes[0]).begin(), deps(out.nodes[0]).end())) deps_differ = true;
  }
  std::sort(singles.begin(), singles.end());
  const bool hint_works = singles.size() == out.nodes.size() &&
                          std::adjacent_find(singles.begin(), singles.end()) == singles.end();
  std::vector<std::string> ways;
  if (deps_differ && !dep) {
    std::string way = "departement=";
    if (hint_works && out.matched_by == "name")
      way += " (or a hint: " + quote(text + " (" + dep_codes[deps(out.nodes[0])[0]] + ")") + ")";
    ways.push_back(way);
  }
  if (types_differ || ways.empty()) ways.emplace_back("kind=");
  out.message += "; choose one with " + ways[0];
  if (ways.size() > 1) out.message += " or " + ways[1];
  return out;
}

Territory TerritoryResolver::resolve(std::string_view query, const ResolveOptions& options) const {
  const Context c = index_->context(graph_, options);
  const Lookup found = index_->lookup(graph_, c, query);
  switch (found.status) {
    case ResolveOutcome::Status::found: {
      Territory t = territory(found.nodes[0]);
      t.matched_by = found.matched_by;
      return t;
    }
    case ResolveOutcome::Status::not_found: throw NotFound(found.message);
    default: throw InvalidInput(found.message);
  }
}

std::vector<NodeId> TerritoryResolver::candidates(std::string_view query, const ResolveOptions& options) const {
  const Context c = index_->context(graph_, options);
  const Lookup found = index_->lookup(graph_, c, query);
  switch (found.status) {
    case ResolveOutcome::Status::found:
    case ResolveOutcome::Status::ambiguous: return found.nodes;
    case ResolveOutcome::Status::not_found: throw NotFound(found.message);
    default: throw InvalidInput(found.message);
  }
}

std::vector<ResolveOutcome> TerritoryResolver::resolve_all(const std::vector<std::string>& queries,
                                                           const std::vector<std::string>& departements,
                                                           const ResolveOptions& options) const {
  if (!departements.empty() && departements.size() != queries.size())
    throw InvalidInput("resolve_all: " + std::to_string(departements.size()) + " départements for " +
                       std::to_string(queries.size()) + " queries");
  const Context base = index_->context(graph_, options);
  std::vector<ResolveOutcome> out(queries.size());
  std::unordered_map<std::string, std::size_t> seen;  // (query, hint) → first row holding it
  std::unordered_map<std::string, std::optional<std::uint16_t>> hints;
  std::unordered_map<std::string, std::string> hint_errors;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const std::string hint = departements.empty() ? std::string() : std::string(trim(departements[i]));
    std::string memo = queries[i];
    memo += '\x1f';
    memo += hint;
    if (auto it = seen.find(memo); it != seen.end()) {
      out[i] = out[it->second];
      continue;
    }
    seen.emplace(std::move(memo), i);
    ResolveOutcome& o = out[i];
    Context c = base;
    if (!hint.empty()) {
      auto h = hints.find(hint);
      if (h == hints.end()) {
        std::string error;
        h = hints.emplace(hint, index_->departement(graph_, hint, error)).first;
        if (!h->second) hint_errors[hint] = error;
      }
      if (!h->second) {
        o.status = ResolveOutcome::Status::invalid;
        o.message = "departement " + quote(hint) + ": " + hint_errors[hint];
        continue;
      }
      if (c.dep && *c.dep != *h->second) {
        o.status = ResolveOutcome::Status::invalid;
        o.message = "departement " + quote(hint) + " contradicts departement=" + index_->dep_codes[*c.dep];
        continue;
      }
      c.dep = h->second;
    }
    Lookup found = index_->lookup(graph_, c, queries[i]);
    o.status = found.status;
    o.message = std::move(found.message);
    if (found.status == ResolveOutcome::Status::found) {
      o.node = found.nodes[0];
      o.matched_by = std::move(found.matched_by);
    } else if (found.status == ResolveOutcome::Status::ambiguous) {
      o.candidates = std::move(found.nodes);
    }
  }
  return out;
}

}  // namespace maillage::datasets
