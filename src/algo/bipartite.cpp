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

Graph bipartite_projection(const Graph& graph, const ProjectionOptions& options) {
  if (std::isnan(options.min_weight) || options.min_weight < 0)
    throw InvalidInput("bipartite_projection: min_weight must be a number >= 0, not " +
                       std::to_string(options.min_weight));
  if (options.nodes && options.kind)
    throw InvalidInput("bipartite_projection: give the projected nodes or their kind, not both");
  const auto& registry = graph.relations();
  const auto relation_ids = registry.resolve(options.relations);
  const std::size_t n = graph.number_of_nodes();
  std::vector<std::uint8_t> uses(registry.size(), 0);
  for (auto r : relation_ids) uses[r] = 1;

  // ---- the projected nodes, in their order
  std::vector<NodeId> projected;
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
  const auto np = static_cast<std::uint32_t>(projected.size());

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
  std::vector<std::uint64_t> event_start;
  std::vector<std::uint32_t> members;
  members.reserve(incidence.size());
  for (std::size_t i = 0; i < incidence.size(); ++i) {
    if (i == 0 || incidence[i].first != incidence[i - 1].first) event_start.push_back(members.size());
    members.push_back(incidence[i].second);
  }
  event_start.push_back(members.size());
  const auto events = static_cast<std::uint32_t>(event_start.size() - 1);
  std::vector<std::uint64_t> node_start(np + 1, 0);
  for (auto m : members) ++node_start[m + 1];
  for (std::uint32_t p = 0; p < np; ++p) node_start[p + 1] += node_start[p];
  std::vector<std::uint32_t> node_events(members.size());
  {
    auto fill = node_start;
    for (std::uint32_t k = 0; k < events; ++k)
      for (auto a = event_start[k]; a < event_start[k + 1]; ++a) node_events[fill[members[a]]++] = k;
  }
  auto degree = [&](std::uint32_t p) { return static_cast<double>(node_start[p + 1] - node_start[p]); };

  // ---- B·Bᵀ row by row (pairs u < v), threshold applied before storing
  const unsigned workers = planned_workers(np, options.threads, 2048);
  std::vector<std::vector<Tie>> found(std::max(1u, workers));
  parallel_blocks(np, options.threads, 2048, [&](std::size_t begin, std::size_t end, unsigned worker) {
    auto& out = found[worker];
    std::vector<double> acc(np, 0.0);
    std::vector<std::uint32_t> count(np, 0);
    std::vector<std::uint32_t> touched;
    for (auto u = static_cast<std::uint32_t>(begin); u < end; ++u) {
      touched.clear();
      for (auto a = node_start[u]; a < node_start[u + 1]; ++a) {
        const auto k = node_events[a];
        const auto size = event_start[k + 1] - event_start[k];
        const double contribution = size > 1 ? 1.0 / static_cast<double>(size - 1) : 0.0;
        // Members ascending: start after u.
        const auto first = std::upper_bound(members.begin() + static_cast<std::ptrdiff_t>(event_start[k]),
                                            members.begin() + static_cast<std::ptrdiff_t>(event_start[k + 1]), u);
        for (auto it = first; it != members.begin() + static_cast<std::ptrdiff_t>(event_start[k + 1]); ++it) {
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

  // ---- the projected Graph
  GraphBuilder builder(registry, graph.scales());
  std::vector<std::string> keys(np), kinds(np);
  for (std::uint32_t p = 0; p < np; ++p) {
    keys[p] = graph.key(projected[p]);
    kinds[p] = graph.kind(projected[p]);
  }
  builder.add_nodes(keys, std::move(kinds), graph.node_attributes().take(std::vector<std::uint32_t>(projected.begin(), projected.end())));
  std::size_t ties = 0;
  for (const auto& f : found) ties += f.size();
  std::vector<std::uint32_t> sources, targets;
  sources.reserve(ties);
  targets.reserve(ties);
  Column weight(AttrType::float64, 0), shared(AttrType::int64, 0);
  weight.doubles().reserve(ties);
  shared.ints().reserve(ties);
  for (const auto& f : found)
    for (const auto& t : f) {
      sources.push_back(t.u);
      targets.push_back(t.v);
      weight.doubles().push_back(t.weight);
      shared.ints().push_back(t.shared);
    }
  weight.valid().assign(ties, 1);
  shared.valid().assign(ties, 1);
  Table attributes;
  attributes.add("weight", std::move(weight));
  attributes.add("shared", std::move(shared));
  builder.add_coded_edges(std::move(keys), std::move(sources), std::move(targets), {"co_participates"},
                          std::vector<std::uint32_t>(ties, 0), std::move(attributes));
  for (const auto& [name, value] : graph.metadata()) builder.set_metadata(name, value);
  return std::move(builder).build();
}

}  // namespace maillage::algo
