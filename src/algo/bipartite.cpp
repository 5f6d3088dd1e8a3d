#include "maillage/algo/bipartite.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "maillage/core/parallel.hpp"

namespace maillage::algo {

namespace {

struct Tie {
  std::uint32_t u, v;
  double weight;
  std::int64_t shared;
};

}  // namespace

namespace {

void check_min_weight(const ProjectionOptions& options) {
  if (std::isnan(options.min_weight) || options.min_weight < 0)
    throw InvalidInput("bipartite_projection: min_weight must be a number >= 0, not " +
                       std::to_string(options.min_weight));
}

/// node_start / node_events from the events CSR.
void index_rows(ProjectionIncidence& in) {
  const auto events = static_cast<std::uint32_t>(in.event_start.size() - 1);
  in.node_start.assign(static_cast<std::size_t>(in.rows) + 1, 0);
  for (auto m : in.members) ++in.node_start[m + 1];
  for (std::uint32_t p = 0; p < in.rows; ++p) in.node_start[p + 1] += in.node_start[p];
  in.node_events.assign(in.members.size(), 0);
  auto fill = in.node_start;
  for (std::uint32_t k = 0; k < events; ++k)
    for (auto a = in.event_start[k]; a < in.event_start[k + 1]; ++a) in.node_events[fill[in.members[a]]++] = k;
}

}  // namespace

ProjectionIncidence projection_incidence(const Graph& graph, const ProjectionOptions& options) {
  if (options.nodes && options.kind)
    throw InvalidInput("bipartite_projection: give the projected nodes or their kind, not both");
  const auto& registry = graph.relations();
  const auto relation_ids = registry.resolve(options.relations);
  const std::size_t n = graph.number_of_nodes();
  std::vector<std::uint8_t> uses(registry.size(), 0);
  for (auto r : relation_ids) uses[r] = 1;

  // ---- the projected nodes, in their order
  ProjectionIncidence in;
  auto& projected = in.projected;
  if (options.nodes) {
    projected.reserve(options.nodes->size());
    for (const auto& key : *options.nodes) projected.push_back(graph.id(key));
  } else if (options.kind) {
    const auto& kinds = graph.kinds();
    const auto it = std::find(kinds.begin(), kinds.end(), *options.kind);
    if (it == kinds.end())
      throw InvalidInput(std::string("bipartite_projection: no node has kind ").append(quote(*options.kind)));
    const auto kind = static_cast<KindId>(it - kinds.begin());
    for (NodeId i = 0; i < n; ++i)
      if (graph.kind_id(i) == kind) projected.push_back(i);
  } else {
    for (auto r : relation_ids)
      if (!registry[r].directed)
        throw InvalidInput(std::string("bipartite_projection: relation ")
                               .append(quote(registry[r].name))
                               .append(" is undirected: say which nodes to project onto (nodes= or kind=)"));
    std::vector<std::uint8_t> source(n, 0);
    const auto& rel = graph.relation_ids();
    const auto& src = graph.sources();
    for (std::size_t e = 0; e < rel.size(); ++e)
      if (uses[rel[e]]) source[src[e]] = 1;
    for (NodeId i = 0; i < n; ++i)
      if (source[i]) projected.push_back(i);
  }
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> position(n, none);
  for (std::uint32_t p = 0; p < projected.size(); ++p) {
    if (position[projected[p]] != none)
      throw InvalidInput(std::string("bipartite_projection: node ").append(quote(graph.key(projected[p]))).append(" given twice"));
    position[projected[p]] = p;
  }
  in.rows = static_cast<std::uint32_t>(projected.size());

  // ---- incidence: (event node, projected index), distinct
  std::vector<std::pair<NodeId, std::uint32_t>> incidence;
  {
    const auto& rel = graph.relation_ids();
    const auto& src = graph.sources();
    const auto& dst = graph.targets();
    for (std::size_t e = 0; e < rel.size(); ++e) {
      if (!uses[rel[e]]) continue;
      const auto ps = position[src[e]], pt = position[dst[e]];
      if (ps != none && pt == none) incidence.emplace_back(dst[e], ps);
      else if (pt != none && ps == none) incidence.emplace_back(src[e], pt);
    }
  }
  std::sort(incidence.begin(), incidence.end());
  incidence.erase(std::unique(incidence.begin(), incidence.end()), incidence.end());
  // Events CSR (members ascending) and each projected node's events.
  in.event_start.clear();
  in.members.reserve(incidence.size());
  for (std::size_t i = 0; i < incidence.size(); ++i) {
    if (i == 0 || incidence[i].first != incidence[i - 1].first) in.event_start.push_back(in.members.size());
    in.members.push_back(incidence[i].second);
  }
  in.event_start.push_back(in.members.size());
  index_rows(in);
  return in;
}

ProjectionIncidence projection_incidence(std::uint32_t rows, std::vector<std::uint64_t> event_start,
                                         std::vector<std::uint32_t> members) {
  const auto fault = [](std::size_t k, const char* what) {
    return InvalidInput(std::string("projection_incidence: event ").append(std::to_string(k)).append(": ").append(what));
  };
  if (event_start.empty() || event_start.front() != 0)
    throw InvalidInput("projection_incidence: the event offsets must start at 0");
  if (event_start.back() != members.size())
    throw InvalidInput(std::string("projection_incidence: the event offsets must end at the number of members (")
                           .append(std::to_string(members.size()))
                           .append(")"));
  for (std::size_t k = 0; k + 1 < event_start.size(); ++k)
    if (event_start[k + 1] < event_start[k]) throw fault(k, "its offsets decrease");
  for (std::size_t k = 0; k + 1 < event_start.size(); ++k) {
    for (auto a = event_start[k]; a < event_start[k + 1]; ++a) {
      if (members[a] >= rows) throw fault(k, "a member is not a row of the projection");
      if (a > event_start[k] && members[a] <= members[a - 1]) throw fault(k, "its members are not ascending and distinct");
    }
  }
  ProjectionIncidence in;
  in.rows = rows;
  in.event_start = std::move(event_start);
  in.members = std::move(members);
  index_rows(in);
  return in;
}

ProjectedTies project_rows(const ProjectionIncidence& in, std::uint32_t begin, std::uint32_t end,
                           const ProjectionOptions& options) {
  check_min_weight(options);
  if (begin > end || end > in.rows)
    throw InvalidInput(std::string("project_rows: rows [")
                           .append(std::to_string(begin))
                           .append(", ")
                           .append(std::to_string(end))
                           .append(") are not a range of the projection's ")
                           .append(std::to_string(in.rows))
                           .append(" rows"));
  const auto np = in.rows;
  const auto& event_start = in.event_start;
  const auto& members = in.members;
  const auto& node_start = in.node_start;
  const auto& node_events = in.node_events;
  auto degree = [&](std::uint32_t p) { return static_cast<double>(node_start[p + 1] - node_start[p]); };

  // ---- B·Bᵀ row by row (pairs u < v), threshold applied before storing
  const std::size_t count_rows = end - begin;
  const unsigned workers = planned_workers(count_rows, options.threads, 2048);
  std::vector<std::vector<Tie>> found(std::max(1u, workers));
  parallel_blocks(count_rows, options.threads, 2048, [&](std::size_t first, std::size_t last, unsigned worker) {
    auto& out = found[worker];
    std::vector<double> acc(np, 0.0);
    std::vector<std::uint32_t> count(np, 0);
    std::vector<std::uint32_t> touched;
    for (auto u = static_cast<std::uint32_t>(begin + first); u < begin + last; ++u) {
      touched.clear();
      for (auto a = node_start[u]; a < node_start[u + 1]; ++a) {
        const auto k = node_events[a];
        const auto size = event_start[k + 1] - event_start[k];
        const double contribution = size > 1 ? 1.0 / static_cast<double>(size - 1) : 0.0;
        // Members ascending: start after u.
        const auto first_after = std::upper_bound(members.begin() + static_cast<std::ptrdiff_t>(event_start[k]),
                                                  members.begin() + static_cast<std::ptrdiff_t>(event_start[k + 1]), u);
        for (auto it = first_after; it != members.begin() + static_cast<std::ptrdiff_t>(event_start[k + 1]); ++it) {
          const auto v = *it;
          if (count[v] == 0) touched.push_back(v);
          ++count[v];
          acc[v] += contribution;
        }
      }
      std::sort(touched.begin(), touched.end());
      for (auto v : touched) {
        const double c = count[v];
        double w = c;
        switch (options.weighting) {
          case ProjectionWeighting::count: break;
          case ProjectionWeighting::newman: w = acc[v]; break;
          case ProjectionWeighting::jaccard: w = c / (degree(u) + degree(v) - c); break;
          case ProjectionWeighting::overlap: w = c / std::min(degree(u), degree(v)); break;
        }
        if (w >= options.min_weight) out.push_back({u, v, w, static_cast<std::int64_t>(count[v])});
        count[v] = 0;
        acc[v] = 0.0;
      }
    }
  });
  ProjectedTies ties;
  std::size_t total = 0;
  for (const auto& f : found) total += f.size();
  ties.source.reserve(total);
  ties.target.reserve(total);
  ties.weight.reserve(total);
  ties.shared.reserve(total);
  for (const auto& f : found)
    for (const auto& t : f) {
      ties.source.push_back(t.u);
      ties.target.push_back(t.v);
      ties.weight.push_back(t.weight);
      ties.shared.push_back(t.shared);
    }
  return ties;
}

Graph projected_graph(const Graph& graph, const ProjectionIncidence& in, ProjectedTies ties) {
  const auto np = in.rows;
  if (in.projected.size() != np)
    throw InvalidInput("projected_graph: the incidence does not name the projected nodes of the graph");
  for (auto p : in.projected)
    if (p >= graph.number_of_nodes()) throw InvalidInput("projected_graph: the incidence was made of another graph");
  const std::size_t count = ties.source.size();
  if (ties.target.size() != count || ties.weight.size() != count || ties.shared.size() != count)
    throw InvalidInput("projected_graph: the tie columns differ in length");
  for (std::size_t t = 0; t < count; ++t)
    if (ties.source[t] >= np || ties.target[t] >= np)
      throw InvalidInput(
          std::string("projected_graph: tie ").append(std::to_string(t)).append(" is not a pair of rows of the projection"));
  GraphBuilder builder(graph.relations(), graph.scales());
  std::vector<std::string> keys(np), kinds(np);
  for (std::uint32_t p = 0; p < np; ++p) {
    keys[p] = graph.key(in.projected[p]);
    kinds[p] = graph.kind(in.projected[p]);
  }
  builder.add_nodes(keys, std::move(kinds),
                    graph.node_attributes().take(std::vector<std::uint32_t>(in.projected.begin(), in.projected.end())));
  Column weight(AttrType::float64, 0), shared(AttrType::int64, 0);
  weight.doubles() = std::move(ties.weight);
  shared.ints() = std::move(ties.shared);
  weight.valid().assign(count, 1);
  shared.valid().assign(count, 1);
  Table attributes;
  attributes.add("weight", std::move(weight));
  attributes.add("shared", std::move(shared));
  builder.add_coded_edges(std::move(keys), std::move(ties.source), std::move(ties.target), {"co_participates"},
                          std::vector<std::uint32_t>(count, 0), std::move(attributes));
  for (const auto& [name, value] : graph.metadata()) builder.set_metadata(name, value);
  return std::move(builder).build();
}

Graph bipartite_projection(const Graph& graph, const ProjectionOptions& options) {
  check_min_weight(options);
  const auto incidence = projection_incidence(graph, options);
  return projected_graph(graph, incidence, project_rows(incidence, 0, incidence.rows, options));
}

}  // namespace maillage::algo
