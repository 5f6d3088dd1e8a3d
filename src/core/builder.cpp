#include "maillage/core/builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "graph_data.hpp"
#include "text.hpp"
#include "maillage/core/error.hpp"

namespace maillage {
namespace {

using detail::valid_utf8;

AttrType type_of(const Value& value) {
  switch (value.index()) {
    case 1: return AttrType::boolean;
    case 2: return AttrType::int64;
    case 3: return AttrType::float64;
    case 5: return AttrType::string_list;
    case 6: return AttrType::date;
    default: return AttrType::string;
  }
}

// Widens an int64 column to float64 in place.
void widen_to_double(Column& column) {
  Column wide(AttrType::float64, column.size());
  for (std::size_t i = 0; i < column.size(); ++i)
    if (!column.is_missing(i)) wide.set(i, static_cast<double>(column.ints()[i]));
  wide.set_hint(column.hint());
  column = std::move(wide);
}

// Sets row `row` of `table` from `attributes`, creating columns as needed. On error, the table is
// restored to `row` rows without the columns this call created, and the error names `what`.
void append_row(Table& table, std::size_t row, const Attributes& attributes, const std::string& what) {
  const std::size_t columns_before = table.columns();
  table.resize(row + 1);
  try {
    for (const auto& [name, value] : attributes) {
      if (name.empty()) throw InvalidInput("an attribute needs a name");
      Column* column = table.find(name);
      if (std::holds_alternative<std::monostate>(value)) continue;
      if (!column) {
        table.add(name, Column(type_of(value), row + 1));
        column = table.find(name);
      } else if (column->type() == AttrType::int64 && std::holds_alternative<double>(value)) {
        widen_to_double(*column);
      }
      try {
        column->set(row, value);
      } catch (const InvalidInput& e) {
        throw InvalidInput("attribute " + quote(name) + ": " + e.what());
      }
    }
  } catch (const InvalidInput& e) {
    while (table.columns() > columns_before) table.remove(table.names().back());
    table.resize(row);
    throw InvalidInput(what + ": " + e.what());
  }
}

// Appends the rows of `more` to `table` (columns matched by name, created as needed).
void append_table(Table& table, std::size_t rows_before, std::size_t added, Table more) {
  if (table.columns() == 0 && rows_before == 0) {
    if (more.columns() == 0) more.resize(added);
    table = std::move(more);
    return;
  }
  table.resize(rows_before + added);
  for (std::size_t c = 0; c < more.columns(); ++c) {
    const std::string& name = more.names()[c];
    const Column& from = more.column(c);
    Column* to = table.find(name);
    if (!to) {
      Column fresh = from.type() == AttrType::categorical ? Column::categorical(from.categories(), from.ordered(), 0)
                                                           : Column(from.type(), 0);
      fresh.set_hint(from.hint());
      fresh.resize(rows_before + added);
      table.add(name, std::move(fresh));
      to = table.find(name);
    }
    if (to->type() == AttrType::int64 && from.type() == AttrType::float64) widen_to_double(*to);
    for (std::size_t r = 0; r < added; ++r) {
      try {
        to->set(rows_before + r, from.get(r));
      } catch (const InvalidInput& e) {
        throw InvalidInput("attribute " + quote(name) + " row " + std::to_string(r) + ": " + e.what());
      }
    }
  }
}


// Converts the `start` and `end` columns of a batch of edges from ISO strings or int64 years to
// dates, as add_edge does for one edge (a bare year is 1 January in `start`, 31 December in `end`),
// so that batches and single edges mix in any order. Edge numbers in messages start at `first`.
template <class SourceOf, class TargetOf>
void convert_batch_dates(Table& attributes, const SourceOf& source_of, const TargetOf& target_of, std::size_t first) {
  for (const std::string_view name : {start_column, end_column}) {
    Column* c = attributes.find(name);
    if (!c || (c->type() != AttrType::string && c->type() != AttrType::int64)) continue;
    const YearMeans year = name == end_column ? YearMeans::last_day : YearMeans::first_day;
    auto what = [&](std::size_t r) {
      return "edge " + std::to_string(first + r) + " (" + quote(source_of(r)) + " → " + quote(target_of(r)) + ")";
    };
    Column dates(AttrType::date, c->size());
    dates.set_hint(c->hint());
    for (std::size_t r = 0; r < c->size(); ++r) {
      if (c->is_missing(r)) continue;
      if (c->type() == AttrType::string) {
        auto date = try_parse_date(c->strings()[r], year);
        if (!date)
          throw InvalidInput(what(r) + ": bad " + std::string(name) + " date " + quote(c->strings()[r]) +
                             ": expected YYYY-MM-DD or YYYY");
        dates.set(r, *date);
      } else {
        const auto y = c->ints()[r];
        if (y < 1 || y > 9999) throw InvalidInput(what(r) + ": bad " + std::string(name) + " year " + std::to_string(y));
        dates.set(r, year == YearMeans::first_day ? Date::from_ymd(static_cast<int>(y), 1, 1)
                                                  : Date::from_ymd(static_cast<int>(y), 12, 31));
      }
    }
    *c = std::move(dates);
  }
}

}  // namespace

GraphBuilder::GraphBuilder(RelationRegistry relations, ScaleLadder scales)
    : relations_(std::move(relations)), scales_(std::move(scales)) {}

GraphBuilder& GraphBuilder::add_relation(const Relation& relation) {
  relations_.add(relation);
  return *this;
}

GraphBuilder& GraphBuilder::add_node(std::string key, std::string kind, const Attributes& attributes) {
  const std::size_t row = keys_.size();
  append_row(node_attributes_, row, attributes, "node " + quote(key));
  keys_.push_back(std::move(key));
  kinds_.push_back(std::move(kind));
  return *this;
}

GraphBuilder& GraphBuilder::add_edge(std::string source, std::string target, std::string relation,
                                     const Attributes& attributes) {
  const std::size_t row = sources_.size();
  Attributes converted;
  converted.reserve(attributes.size());
  const std::string what = "edge " + std::to_string(row) + " (" + quote(source) + " → " + quote(target) + ")";
  for (const auto& [name, value] : attributes) {
    if ((name == start_column || name == end_column) && !std::holds_alternative<std::monostate>(value)) {
      const YearMeans year = name == end_column ? YearMeans::last_day : YearMeans::first_day;
      if (auto* s = std::get_if<std::string>(&value)) {
        auto date = try_parse_date(*s, year);
        if (!date)
          throw InvalidInput(what + ": bad " + name + " date " + quote(*s) + ": expected YYYY-MM-DD or YYYY");
        converted.emplace_back(name, *date);
        continue;
      }
      if (auto* y = std::get_if<std::int64_t>(&value)) {
        if (*y < 1 || *y > 9999) throw InvalidInput(what + ": bad " + name + " year " + std::to_string(*y));
        converted.emplace_back(name, year == YearMeans::first_day ? Date::from_ymd(static_cast<int>(*y), 1, 1)
                                                                   : Date::from_ymd(static_cast<int>(*y), 12, 31));
        continue;
      }
    }
    if (name == weight_column && std::holds_alternative<double>(value) && std::isnan(std::get<double>(value)))
      throw InvalidInput(what + ": weight nan (weights must be finite and ≥ 0; leave it out for 1)");
    if (name == weight_column && std::holds_alternative<std::int64_t>(value)) {
      converted.emplace_back(name, static_cast<double>(std::get<std::int64_t>(value)));
      continue;
    }
    converted.emplace_back(name, value);
  }
  append_row(edge_attributes_, row, converted, what);
  sources_.push_back(endpoint_code(std::move(source)));
  targets_.push_back(endpoint_code(std::move(target)));
  edge_relations_.push_back(relation_code(std::move(relation)));
  return *this;
}

std::uint32_t GraphBuilder::endpoint_code(std::string key) {
  if (indexed_endpoints_ < endpoint_keys_.size()) {
    endpoint_codes_.reserve(endpoint_keys_.size() + 1, endpoint_keys_);
    for (; indexed_endpoints_ < endpoint_keys_.size(); ++indexed_endpoints_)
      endpoint_codes_.insert(static_cast<std::uint32_t>(indexed_endpoints_), endpoint_keys_);
  }
  const auto code = static_cast<std::uint32_t>(endpoint_keys_.size());
  endpoint_keys_.push_back(std::move(key));
  const std::uint32_t found = endpoint_codes_.insert(code, endpoint_keys_);
  if (found != code) {
    endpoint_keys_.pop_back();  // seen before
  } else {
    ++indexed_endpoints_;
  }
  return found;
}

std::uint32_t GraphBuilder::relation_code(std::string name) {
  auto [it, inserted] = relation_codes_.try_emplace(std::move(name), static_cast<std::uint32_t>(relation_names_.size()));
  if (inserted) relation_names_.push_back(it->first);
  return it->second;
}

GraphBuilder& GraphBuilder::add_nodes(std::vector<std::string> keys, std::vector<std::string> kinds, Table attributes) {
  if (!kinds.empty() && kinds.size() != keys.size())
    throw InvalidInput("add_nodes: " + std::to_string(kinds.size()) + " kinds for " + std::to_string(keys.size()) + " keys");
  if (attributes.columns() > 0 && attributes.rows() != keys.size())
    throw InvalidInput("add_nodes: " + std::to_string(attributes.rows()) + " attribute rows for " +
                       std::to_string(keys.size()) + " keys");
  if (kinds.empty()) kinds.assign(keys.size(), std::string());
  const std::size_t before = keys_.size();
  Table saved = before == 0 ? Table() : node_attributes_;
  try {
    append_table(node_attributes_, before, keys.size(), std::move(attributes));
  } catch (...) {
    node_attributes_ = std::move(saved);
    node_attributes_.resize(before);
    throw;
  }
  keys_.insert(keys_.end(), std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
  kinds_.insert(kinds_.end(), std::make_move_iterator(kinds.begin()), std::make_move_iterator(kinds.end()));
  return *this;
}

GraphBuilder& GraphBuilder::add_edges(std::vector<std::string> sources, std::vector<std::string> targets,
                                      std::vector<std::string> relations, Table attributes) {
  if (targets.size() != sources.size())
    throw InvalidInput("add_edges: " + std::to_string(targets.size()) + " targets for " + std::to_string(sources.size()) +
                       " sources");
  if (!relations.empty() && relations.size() != sources.size())
    throw InvalidInput("add_edges: " + std::to_string(relations.size()) + " relations for " +
                       std::to_string(sources.size()) + " sources");
  if (attributes.columns() > 0 && attributes.rows() != sources.size())
    throw InvalidInput("add_edges: " + std::to_string(attributes.rows()) + " attribute rows for " +
                       std::to_string(sources.size()) + " edges");
  const std::size_t before = sources_.size();
  auto source_of = [&](std::size_t r) -> const std::string& { return sources[r]; };
  auto target_of = [&](std::size_t r) -> const std::string& { return targets[r]; };
  convert_batch_dates(attributes, source_of, target_of, before);
  Table saved = before == 0 ? Table() : edge_attributes_;
  try {
    append_table(edge_attributes_, before, sources.size(), std::move(attributes));
  } catch (...) {
    edge_attributes_ = std::move(saved);
    edge_attributes_.resize(before);
    throw;
  }
  const std::size_t m = sources.size();
  sources_.reserve(before + m);
  targets_.reserve(before + m);
  edge_relations_.reserve(before + m);
  const std::uint32_t default_relation = relations.empty() ? relation_code("cooperates_with") : 0;
  endpoint_keys_.reserve(endpoint_keys_.size() + m);  // at least as many distinct endpoints as edges, often
  endpoint_codes_.reserve(endpoint_keys_.size(), endpoint_keys_);
  for (std::size_t e = 0; e < m; ++e) {
    sources_.push_back(endpoint_code(std::move(sources[e])));
    targets_.push_back(endpoint_code(std::move(targets[e])));
    edge_relations_.push_back(relations.empty() ? default_relation : relation_code(std::move(relations[e])));
  }
  return *this;
}

GraphBuilder& GraphBuilder::add_coded_edges(std::vector<std::string> keys, std::vector<std::uint32_t> sources,
                                            std::vector<std::uint32_t> targets, std::vector<std::string> relation_names,
                                            std::vector<std::uint32_t> relations, Table attributes) {
  const std::size_t m = sources.size();
  if (targets.size() != m)
    throw InvalidInput("add_coded_edges: " + std::to_string(targets.size()) + " targets for " + std::to_string(m) +
                       " sources");
  if (!relations.empty() && relations.size() != m)
    throw InvalidInput("add_coded_edges: " + std::to_string(relations.size()) + " relations for " +
                       std::to_string(m) + " sources");
  if (attributes.columns() > 0 && attributes.rows() != m)
    throw InvalidInput("add_coded_edges: " + std::to_string(attributes.rows()) + " attribute rows for " +
                       std::to_string(m) + " edges");
  for (std::size_t e = 0; e < m; ++e) {
    if (sources[e] >= keys.size() || targets[e] >= keys.size())
      throw InvalidInput("add_coded_edges: edge " + std::to_string(e) + ": endpoint code " +
                         std::to_string(std::max(sources[e], targets[e])) + " out of " + std::to_string(keys.size()) +
                         " keys");
    if (!relations.empty() && relations[e] >= relation_names.size())
      throw InvalidInput("add_coded_edges: edge " + std::to_string(e) + ": relation code " +
                         std::to_string(relations[e]) + " out of " + std::to_string(relation_names.size()) + " names");
  }
  const std::size_t before = sources_.size();
  auto source_of = [&](std::size_t r) -> const std::string& { return keys[sources[r]]; };
  auto target_of = [&](std::size_t r) -> const std::string& { return keys[targets[r]]; };
  convert_batch_dates(attributes, source_of, target_of, before);
  Table saved = before == 0 ? Table() : edge_attributes_;
  try {
    append_table(edge_attributes_, before, m, std::move(attributes));
  } catch (...) {
    edge_attributes_ = std::move(saved);
    edge_attributes_.resize(before);
    throw;
  }
  // The caller's keys are appended as they are, not hashed (see indexed_endpoints_): a load hashes
  // each distinct key in its own dictionary, then once more at build against the node keys.
  const auto first_code = static_cast<std::uint32_t>(endpoint_keys_.size());
  endpoint_keys_.insert(endpoint_keys_.end(), std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
  std::vector<std::uint32_t> name_code(relation_names.size());
  for (std::size_t k = 0; k < relation_names.size(); ++k) name_code[k] = relation_code(std::move(relation_names[k]));
  const std::uint32_t default_relation = relations.empty() ? relation_code("cooperates_with") : 0;
  sources_.reserve(before + m);
  targets_.reserve(before + m);
  edge_relations_.reserve(before + m);
  for (std::size_t e = 0; e < m; ++e) {
    sources_.push_back(first_code + sources[e]);
    targets_.push_back(first_code + targets[e]);
    edge_relations_.push_back(relations.empty() ? default_relation : name_code[relations[e]]);
  }
  return *this;
}

GraphBuilder& GraphBuilder::set_metadata(std::string name, Value value) {
  if (name.empty()) throw InvalidInput("a metadata entry needs a name");
  metadata_[std::move(name)] = std::move(value);
  return *this;
}

Graph GraphBuilder::build(const BuildOptions& options) const& { return build_from(*this, options); }

Graph GraphBuilder::build(const BuildOptions& options) && { return build_from(std::move(*this), options); }

// One body for both: members read through `std::forward<Self>(self)` are copied from a builder kept
// (const&) and moved from one given up (&&).
template <class Self>
Graph GraphBuilder::build_from(Self&& self, const BuildOptions& options) {
  const GraphBuilder& kept = self;
  const auto& relations_ = kept.relations_;
  const auto& scales_ = kept.scales_;
  const auto& keys_ = kept.keys_;
  const auto& sources_ = kept.sources_;
  const auto& targets_ = kept.targets_;
  const auto& edge_relations_ = kept.edge_relations_;
  const auto& endpoint_keys_ = kept.endpoint_keys_;
  const auto& relation_names_ = kept.relation_names_;
  auto d = std::make_shared<detail::GraphData>();
  d->relations = relations_;
  d->scales = scales_;
  d->metadata = std::forward<Self>(self).metadata_;
  const std::size_t m = sources_.size();
  ProgressReporter progress(options.progress, "build", keys_.size() + 2 * m);
  std::uint64_t done = 0;

  // ---- nodes
  const std::size_t node_count = keys_.size();
  d->keys = std::forward<Self>(self).keys_;  // keys_ (a reference into self) is not read after this
  std::vector<std::string> kinds = std::forward<Self>(self).kinds_;
  Table node_attributes = std::forward<Self>(self).node_attributes_;
  node_attributes.resize(node_count);
  std::map<std::string, KindId, std::less<>> kind_index;
  auto intern_kind = [&](const std::string& kind) {
    const std::string& k = kind.empty() ? options.default_kind : kind;
    auto [it, inserted] = kind_index.emplace(k, static_cast<KindId>(d->kinds.size()));
    if (inserted) d->kinds.push_back(k);
    return it->second;
  };
  d->index.reserve(node_count, d->keys);
  for (std::size_t i = 0; i < d->keys.size(); ++i) {
    const std::string& key = d->keys[i];
    if (key.empty()) throw InvalidInput("node " + std::to_string(i) + ": empty key");
    if (!valid_utf8(key)) throw InvalidInput("node " + std::to_string(i) + ": key " + quote(key) + " is not valid UTF-8");
    if (d->index.insert(static_cast<NodeId>(i), d->keys) != i)
      throw InvalidInput("duplicate node key " + quote(key));
    if (!valid_utf8(kinds[i])) throw InvalidInput("node " + quote(key) + ": kind is not valid UTF-8");
    d->kind_ids.push_back(intern_kind(kinds[i]));
    progress.tick(++done);
  }

  // ---- edges: endpoints (creating nodes when asked) and relations, each distinct string resolved once
  auto edge_what = [&](std::size_t e) {
    return "edge " + std::to_string(e) + " (" + quote(endpoint_keys_[sources_[e]]) + " → " +
           quote(endpoint_keys_[targets_[e]]) + ", " + relation_names_[edge_relations_[e]] + ")";
  };
  d->sources.resize(m);
  d->targets.resize(m);
  d->relation_ids.resize(m);
  {
    // Endpoints that are not nodes: an error, or new nodes of the default kind (first-seen order).
    constexpr NodeId unresolved = std::numeric_limits<NodeId>::max();
    std::vector<NodeId> node_of(endpoint_keys_.size(), unresolved);
    std::vector<std::uint32_t> new_codes;
    std::vector<std::string_view> new_keys;  // of new_codes, indexed: a key under two codes is one node
    detail::KeyIndex new_index;
    const std::size_t known = d->keys.size();
    for (std::size_t e = 0; e < m; ++e) {
      for (int side = 0; side < 2; ++side) {
        const std::uint32_t code = side == 0 ? sources_[e] : targets_[e];
        if (node_of[code] != unresolved) continue;
        const std::string& key = endpoint_keys_[code];
        if (const auto id = d->index.find(key, d->keys)) {
          node_of[code] = *id;
          continue;
        }
        const char* end = side == 0 ? "source" : "target";
        if (key.empty()) throw InvalidInput(edge_what(e) + ": empty " + end + " key");
        if (!options.create_missing_nodes) throw InvalidInput(edge_what(e) + ": unknown " + end + " key " + quote(key));
        if (!valid_utf8(key)) throw InvalidInput(edge_what(e) + ": " + end + " key is not valid UTF-8");
        new_keys.push_back(key);
        const auto slot = new_index.insert(static_cast<std::uint32_t>(new_codes.size()), new_keys);
        if (slot != new_codes.size()) {
          new_keys.pop_back();
        } else {
          new_codes.push_back(code);
        }
        node_of[code] = static_cast<NodeId>(known + slot);
      }
    }
    if (!new_codes.empty()) {
      d->keys.reserve(known + new_codes.size());
      for (const std::uint32_t code : new_codes) d->keys.push_back(endpoint_keys_[code]);
      const KindId kind = intern_kind(options.default_kind);
      d->kind_ids.resize(d->keys.size(), kind);
      node_attributes.resize(d->keys.size());
      d->index_keys();
    }
    std::vector<std::optional<RelationId>> relation_of(relation_names_.size());
    for (std::size_t r = 0; r < relation_names_.size(); ++r) relation_of[r] = relations_.find(relation_names_[r]);
    for (std::size_t e = 0; e < m; ++e) {
      d->sources[e] = node_of[sources_[e]];
      d->targets[e] = node_of[targets_[e]];
      const auto& rel = relation_of[edge_relations_[e]];
      if (!rel)
        throw InvalidInput(edge_what(e) + ": unregistered relation " + quote(relation_names_[edge_relations_[e]]) +
                           " (registered: " + relations_.names() + ")");
      d->relation_ids[e] = *rel;
      progress.tick(++done);
    }
  }
  const std::size_t n = d->keys.size();

  // ---- node attributes: label and scale
  if (Column* label = node_attributes.find(label_column)) {
    if (label->type() != AttrType::string)
      throw InvalidInput("node attribute 'label' must be strings, not " + std::string(type_name(label->type())));
  }
  d->scale.assign(n, no_scale);
  if (const Column* given = node_attributes.find(scale_column)) {
    if (given->type() != AttrType::string && given->type() != AttrType::categorical)
      throw InvalidInput("node attribute 'scale' must hold scale ids, not " + std::string(type_name(given->type())));
    std::vector<std::string> ids;
    for (const auto& s : scales_.all()) ids.push_back(s.id);
    Column scale = Column::categorical(ids, true, n);
    scale.fix_categories();
    scale.set_hint(given->hint());
    for (std::size_t i = 0; i < n; ++i) {
      if (given->is_missing(i)) continue;
      const Value v = given->get(i);
      const std::string& id = std::get<std::string>(v);
      auto rank = scales_.find(id);
      if (!rank)
        throw InvalidInput("node " + quote(d->keys[i]) + ": unknown scale " + quote(id) +
                           " (scales, lowest first: " + scales_.ids() + ")");
      scale.codes()[i] = *rank;
      scale.valid()[i] = 1;
      d->scale[i] = *rank;
    }
    const auto position = std::find(node_attributes.names().begin(), node_attributes.names().end(), scale_column) -
                          node_attributes.names().begin();
    node_attributes.column(static_cast<std::size_t>(position)) = std::move(scale);
  }
  d->node_attributes = std::move(node_attributes);

  // ---- edge attributes: weight, interval, context, provenance
  Table edge_attributes = std::forward<Self>(self).edge_attributes_;
  edge_attributes.resize(m);
  d->weights.assign(m, 1.0);
  if (const Column* w = edge_attributes.find(weight_column)) {
    if (w->type() != AttrType::float64 && w->type() != AttrType::int64)
      throw InvalidInput("edge attribute 'weight' must be numbers, not " + std::string(type_name(w->type())));
    d->weight_given.assign(m, 1);
    for (std::size_t e = 0; e < m; ++e) {
      if (w->is_missing(e)) {  // not given: the weight of an edge without one
        d->weight_given[e] = 0;
        continue;
      }
      const double x = w->type() == AttrType::int64 ? static_cast<double>(w->ints()[e]) : w->doubles()[e];
      if (!std::isfinite(x) || x < 0)
        throw InvalidInput(edge_what(e) + ": weight " + to_display(x) + " (weights must be finite and ≥ 0)");
      d->weights[e] = x;
    }
    d->has_weight_column = true;
    edge_attributes.remove(weight_column);
  }
  for (const std::string_view name : {start_column, end_column}) {
    Column* c = edge_attributes.find(name);
    if (!c || c->type() == AttrType::date) continue;
    const YearMeans year = name == end_column ? YearMeans::last_day : YearMeans::first_day;
    Column dates(AttrType::date, m);
    dates.set_hint(c->hint());
    for (std::size_t e = 0; e < m; ++e) {
      if (c->is_missing(e)) continue;
      if (c->type() == AttrType::string) {
        auto date = try_parse_date(c->strings()[e], year);
        if (!date)
          throw InvalidInput(edge_what(e) + ": bad " + std::string(name) + " date " + quote(c->strings()[e]) +
                             ": expected YYYY-MM-DD or YYYY");
        dates.set(e, *date);
      } else if (c->type() == AttrType::int64) {
        const auto y = c->ints()[e];
        if (y < 1 || y > 9999)
          throw InvalidInput(edge_what(e) + ": bad " + std::string(name) + " year " + std::to_string(y));
        dates.set(e, year == YearMeans::first_day ? Date::from_ymd(static_cast<int>(y), 1, 1)
                                                  : Date::from_ymd(static_cast<int>(y), 12, 31));
      } else {
        throw InvalidInput("edge attribute " + quote(name) + " must be dates, not " + std::string(type_name(c->type())));
      }
    }
    *c = std::move(dates);
  }
  for (const std::string_view name : {context_column, provenance_column}) {
    Column* c = edge_attributes.find(name);
    if (!c || c->type() == AttrType::string) continue;
    if (c->type() != AttrType::categorical)
      throw InvalidInput("edge attribute " + quote(name) + " must be strings, not " + std::string(type_name(c->type())));
    Column strings(AttrType::string, m);
    for (std::size_t e = 0; e < m; ++e) strings.set(e, c->get(e));
    *c = std::move(strings);
  }
  {
    const Column* s = edge_attributes.find(start_column);
    const Column* t = edge_attributes.find(end_column);
    if (s && t) {
      for (std::size_t e = 0; e < m; ++e)
        if (!s->is_missing(e) && !t->is_missing(e) && s->codes()[e] > t->codes()[e])
          throw InvalidInput(edge_what(e) + ": start " + Date{s->codes()[e]}.iso() + " is after end " +
                             Date{t->codes()[e]}.iso());
    }
  }

  // ---- part_of rules
  const auto part_of_id = relations_.find(part_of);
  std::vector<std::pair<NodeId, NodeId>> nesting;  // (child, parent)
  if (part_of_id) {
    for (std::size_t e = 0; e < m; ++e) {
      if (d->relation_ids[e] != *part_of_id) continue;
      const NodeId child = d->sources[e], parent = d->targets[e];
      for (NodeId end : {child, parent}) {
        if (d->kinds[d->kind_ids[end]] != "territory")
          throw InvalidInput(edge_what(e) + ": part_of links territories only, and " + quote(d->keys[end]) + " is a " +
                             d->kinds[d->kind_ids[end]]);
      }
      if (child == parent) throw InvalidInput(edge_what(e) + ": part_of cycle: " + quote(d->keys[child]) + " → itself");
      if (d->scale[child] != no_scale && d->scale[parent] != no_scale && d->scale[child] > d->scale[parent])
        throw InvalidInput(edge_what(e) + ": child " + quote(d->keys[child]) + " (scale " +
                           scales_[d->scale[child]].id + ") sits above its parent " + quote(d->keys[parent]) +
                           " (scale " + scales_[d->scale[parent]].id + ")");
      nesting.emplace_back(child, parent);
    }
  }
  std::sort(nesting.begin(), nesting.end());
  nesting.erase(std::unique(nesting.begin(), nesting.end()), nesting.end());
  d->parent_offsets.assign(n + 1, 0);
  d->child_offsets.assign(n + 1, 0);
  for (auto [c, p] : nesting) {
    ++d->parent_offsets[c + 1];
    ++d->child_offsets[p + 1];
  }
  for (std::size_t i = 0; i < n; ++i) {
    d->parent_offsets[i + 1] += d->parent_offsets[i];
    d->child_offsets[i + 1] += d->child_offsets[i];
  }
  d->parents.resize(nesting.size());
  d->children.resize(nesting.size());
  {
    auto pos_p = d->parent_offsets;
    auto pos_c = d->child_offsets;
    for (auto [c, p] : nesting) {  // sorted by child then parent: parents ascending per child
      d->parents[pos_p[c]++] = p;
    }
    std::vector<std::pair<NodeId, NodeId>> by_parent(nesting.size());
    std::transform(nesting.begin(), nesting.end(), by_parent.begin(), [](auto cp) { return std::pair{cp.second, cp.first}; });
    std::sort(by_parent.begin(), by_parent.end());
    for (auto [p, c] : by_parent) d->children[pos_c[p]++] = c;
  }
  // Depth by Kahn's algorithm from the roots downwards; nodes left over lie on a cycle.
  d->depth.assign(n, 0);
  {
    std::vector<std::uint32_t> pending(n);
    std::vector<NodeId> queue;
    for (NodeId i = 0; i < n; ++i) {
      pending[i] = d->parent_offsets[i + 1] - d->parent_offsets[i];
      if (pending[i] == 0) queue.push_back(i);
    }
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const NodeId p = queue[q];
      for (auto k = d->child_offsets[p]; k < d->child_offsets[p + 1]; ++k) {
        const NodeId c = d->children[k];
        d->depth[c] = std::max(d->depth[c], d->depth[p] + 1);
        if (--pending[c] == 0) queue.push_back(c);
      }
    }
    if (queue.size() != n) {
      // Walk up from a node on or below a cycle until a node repeats: that stretch is a cycle.
      NodeId start = 0;
      while (pending[start] == 0) ++start;
      std::vector<NodeId> path{start};
      std::vector<std::int64_t> seen_at(n, -1);
      seen_at[start] = 0;
      while (true) {
        const NodeId cur = path.back();
        NodeId next = cur;
        for (auto k = d->parent_offsets[cur]; k < d->parent_offsets[cur + 1]; ++k)
          if (pending[d->parents[k]] != 0) {
            next = d->parents[k];
            break;
          }
        if (seen_at[next] >= 0) {
          std::string cycle;
          for (auto i = static_cast<std::size_t>(seen_at[next]); i < path.size(); ++i) cycle += quote(d->keys[path[i]]) + " → ";
          throw InvalidInput("part_of cycle: " + cycle + quote(d->keys[next]));
        }
        seen_at[next] = static_cast<std::int64_t>(path.size());
        path.push_back(next);
      }
    }
  }

  // ---- merge parallel edges
  if (options.merge_parallel && m > 0) {
    std::vector<std::uint32_t> order(m);
    std::iota(order.begin(), order.end(), 0u);
    const Column* context = edge_attributes.find(context_column);
    auto merge_key = [&](std::uint32_t e) {
      NodeId a = d->sources[e], b = d->targets[e];
      if (!relations_[d->relation_ids[e]].directed && a > b) std::swap(a, b);
      const std::string* ctx = context && !context->is_missing(e) ? &context->strings()[e] : nullptr;
      return std::tuple(d->relation_ids[e], a, b, ctx != nullptr, ctx ? std::string_view(*ctx) : std::string_view());
    };
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return merge_key(x) < merge_key(y); });
    std::vector<std::uint32_t> keep;  // first edge of each group
    std::vector<std::uint32_t> group_of(m);
    for (std::size_t i = 0; i < m; ++i) {
      if (i == 0 || merge_key(order[i]) != merge_key(order[i - 1])) keep.push_back(order[i]);
      group_of[order[i]] = static_cast<std::uint32_t>(keep.size() - 1);
    }
    // Keep groups in order of their first edge, so ids follow insertion order.
    std::vector<std::uint32_t> group_rank(keep.size());
    {
      std::vector<std::uint32_t> by_first(keep.size());
      std::iota(by_first.begin(), by_first.end(), 0u);
      std::sort(by_first.begin(), by_first.end(), [&](auto x, auto y) { return keep[x] < keep[y]; });
      for (std::size_t r = 0; r < by_first.size(); ++r) group_rank[by_first[r]] = static_cast<std::uint32_t>(r);
    }
    std::vector<std::uint32_t> firsts(keep.size());
    for (std::size_t g = 0; g < keep.size(); ++g) firsts[group_rank[g]] = keep[g];
    std::vector<double> weights(keep.size(), 0.0);
    Column* start = edge_attributes.find(start_column);
    Column* end = edge_attributes.find(end_column);
    Table merged = edge_attributes.take(firsts);
    Column* mstart = merged.find(start_column);
    Column* mend = merged.find(end_column);
    for (std::uint32_t e = 0; e < m; ++e) {
      const std::uint32_t g = group_rank[group_of[e]];
      weights[g] += d->weights[e];
      if (e == firsts[g]) continue;
      if (start) {
        if (start->is_missing(e)) mstart->set_missing(g);
        else if (!mstart->is_missing(g)) mstart->codes()[g] = std::min(mstart->codes()[g], start->codes()[e]);
      }
      if (end) {
        if (end->is_missing(e)) mend->set_missing(g);
        else if (!mend->is_missing(g)) mend->codes()[g] = std::max(mend->codes()[g], end->codes()[e]);
      }
    }
    std::vector<NodeId> s(keep.size()), t(keep.size());
    std::vector<RelationId> r(keep.size());
    for (std::size_t g = 0; g < keep.size(); ++g) {
      s[g] = d->sources[firsts[g]];
      t[g] = d->targets[firsts[g]];
      r[g] = d->relation_ids[firsts[g]];
    }
    d->sources = std::move(s);
    d->targets = std::move(t);
    d->relation_ids = std::move(r);
    // Merged edges carry the sum of their weights: when any edges merged, weights become data.
    if (keep.size() < m) {
      d->has_weight_column = true;
      d->weight_given.assign(keep.size(), 1);
    } else if (!d->weight_given.empty()) {
      std::vector<std::uint8_t> given(keep.size());
      for (std::size_t g = 0; g < keep.size(); ++g) given[g] = d->weight_given[firsts[g]];
      d->weight_given = std::move(given);
    }
    d->weights = std::move(weights);
    edge_attributes = std::move(merged);
  }
  d->edge_attributes = std::move(edge_attributes);
  d->bind_edge_columns();
  progress.finish();
  // Every weight given (the usual case): no per-edge flags (empty means all given).
  if (std::all_of(d->weight_given.begin(), d->weight_given.end(), [](std::uint8_t x) { return x != 0; }))
    std::vector<std::uint8_t>().swap(d->weight_given);
  return Graph(std::move(d));
}

}  // namespace maillage
