#include "maillage/core/graph.hpp"

#include <algorithm>

#include "graph_data.hpp"
#include "maillage/core/error.hpp"

namespace maillage {

namespace detail {

void GraphData::index_keys() {
  index.clear();
  index.reserve(keys.size(), keys);
  for (std::size_t i = 0; i < keys.size(); ++i) index.insert(static_cast<NodeId>(i), keys);
}

void GraphData::bind_edge_columns() {
  start = edge_attributes.find(start_column);
  end = edge_attributes.find(end_column);
  context = edge_attributes.find(context_column);
  provenance = edge_attributes.find(provenance_column);
}

}  // namespace detail

namespace {

std::shared_ptr<const detail::GraphData> empty_data() {
  static const auto empty = [] {
    auto d = std::make_shared<detail::GraphData>();
    d->depth.clear();
    return std::shared_ptr<const detail::GraphData>(std::move(d));
  }();
  return empty;
}

}  // namespace

Graph::Graph() : data_(empty_data()) {}
Graph::Graph(std::shared_ptr<const detail::GraphData> data) : data_(std::move(data)) {}

std::size_t Graph::number_of_nodes() const { return data_->keys.size(); }
std::size_t Graph::number_of_edges() const { return data_->sources.size(); }

const std::string& Graph::key(NodeId node) const { return data_->keys.at(node); }

std::optional<NodeId> Graph::find(std::string_view key) const {
  return data_->index.find(key, data_->keys);
}

NodeId Graph::id(std::string_view key) const {
  if (auto id = find(key)) return *id;
  throw NotFound("unknown node key " + quote(key));
}

const std::string& Graph::kind(NodeId node) const { return data_->kinds[data_->kind_ids.at(node)]; }
KindId Graph::kind_id(NodeId node) const { return data_->kind_ids.at(node); }
const std::vector<std::string>& Graph::kinds() const { return data_->kinds; }
ScaleRank Graph::scale(NodeId node) const { return data_->scale.at(node); }
const Table& Graph::node_attributes() const { return data_->node_attributes; }

NodeId Graph::source(EdgeId edge) const { return data_->sources.at(edge); }
NodeId Graph::target(EdgeId edge) const { return data_->targets.at(edge); }
RelationId Graph::relation_id(EdgeId edge) const { return data_->relation_ids.at(edge); }
const Relation& Graph::relation(EdgeId edge) const { return data_->relations[data_->relation_ids.at(edge)]; }
double Graph::weight(EdgeId edge) const { return data_->weights.at(edge); }
bool Graph::has_weight_column() const { return data_->has_weight_column; }
bool Graph::weight_given(EdgeId edge) const {
  if (edge >= number_of_edges()) throw NotFound("no edge id " + std::to_string(edge));
  return data_->has_weight_column && (data_->weight_given.empty() || data_->weight_given[edge] != 0);
}

std::optional<Date> Graph::start(EdgeId edge) const {
  const Column* c = data_->start;
  if (!c || c->is_missing(edge)) return std::nullopt;
  return Date{c->codes()[edge]};
}

std::optional<Date> Graph::end(EdgeId edge) const {
  const Column* c = data_->end;
  if (!c || c->is_missing(edge)) return std::nullopt;
  return Date{c->codes()[edge]};
}

const std::string* Graph::context(EdgeId edge) const {
  const Column* c = data_->context;
  if (!c || c->is_missing(edge)) return nullptr;
  return &c->strings()[edge];
}

const std::string* Graph::provenance(EdgeId edge) const {
  const Column* c = data_->provenance;
  if (!c || c->is_missing(edge)) return nullptr;
  return &c->strings()[edge];
}

const Table& Graph::edge_attributes() const { return data_->edge_attributes; }
const std::vector<double>& Graph::weights() const { return data_->weights; }
const std::vector<NodeId>& Graph::sources() const { return data_->sources; }
const std::vector<NodeId>& Graph::targets() const { return data_->targets; }
const std::vector<RelationId>& Graph::relation_ids() const { return data_->relation_ids; }
const RelationRegistry& Graph::relations() const { return data_->relations; }
const ScaleLadder& Graph::scales() const { return data_->scales; }
const Metadata& Graph::metadata() const { return data_->metadata; }

std::span<const NodeId> Graph::parents(NodeId node) const {
  const auto& d = *data_;
  if (node >= d.keys.size()) throw NotFound("no node id " + std::to_string(node));
  return {d.parents.data() + d.parent_offsets[node], d.parent_offsets[node + 1] - d.parent_offsets[node]};
}

std::span<const NodeId> Graph::children(NodeId node) const {
  const auto& d = *data_;
  if (node >= d.keys.size()) throw NotFound("no node id " + std::to_string(node));
  return {d.children.data() + d.child_offsets[node], d.child_offsets[node + 1] - d.child_offsets[node]};
}

std::vector<NodeId> Graph::ancestors(NodeId node) const {
  std::vector<NodeId> out;
  std::vector<NodeId> seen;  // small: ancestors of one node
  for (NodeId p : parents(node)) {
    if (std::find(seen.begin(), seen.end(), p) == seen.end()) {
      seen.push_back(p);
      out.push_back(p);
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (NodeId p : parents(out[i])) {
      if (std::find(seen.begin(), seen.end(), p) == seen.end()) {
        seen.push_back(p);
        out.push_back(p);
      }
    }
  }
  return out;
}

bool Graph::contains(NodeId container, NodeId part) const {
  if (container >= number_of_nodes()) throw NotFound("no node id " + std::to_string(container));
  if (container == part) return false;
  // Depth strictly decreases along part_of edges, which prunes the upward search.
  const int target_depth = data_->depth[container];
  std::vector<NodeId> stack(parents(part).begin(), parents(part).end());
  std::vector<NodeId> visited;
  while (!stack.empty()) {
    const NodeId n = stack.back();
    stack.pop_back();
    if (n == container) return true;
    if (data_->depth[n] <= target_depth) continue;
    if (std::find(visited.begin(), visited.end(), n) != visited.end()) continue;
    visited.push_back(n);
    for (NodeId p : parents(n)) stack.push_back(p);
  }
  return false;
}

std::vector<NodeId> Graph::lowest_common_containers(NodeId a, NodeId b) const {
  auto up_a = ancestors(a);
  up_a.push_back(a);
  auto up_b = ancestors(b);
  up_b.push_back(b);
  std::sort(up_a.begin(), up_a.end());
  std::sort(up_b.begin(), up_b.end());
  std::vector<NodeId> common;
  std::set_intersection(up_a.begin(), up_a.end(), up_b.begin(), up_b.end(), std::back_inserter(common));
  std::vector<NodeId> lowest;
  for (NodeId c : common) {
    bool has_lower = false;
    for (NodeId other : common) {
      if (other != c && contains(c, other)) {
        has_lower = true;
        break;
      }
    }
    if (!has_lower) lowest.push_back(c);
  }
  return lowest;
}

int Graph::depth(NodeId node) const { return data_->depth.at(node); }

}  // namespace maillage
