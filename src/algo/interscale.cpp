// Inter-scale analysis: resolution of actors' scales and territories (own scale, hierarchy,
// affiliations by policy), tie selection, classification (vertical, distance, direction, nesting
// through cached ancestor lists), tie mixing, vertical counts, scale spans and missing vertical
// links (bounded breadth-first searches).
#include "maillage/algo/interscale.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "maillage/algo/mixing.hpp"
#include "maillage/core/error.hpp"
#include "support.hpp"

namespace maillage::algo {

namespace {

/// One affiliation edge: actor → territory through the relation ranked `rank` in `via`.
struct Affiliation {
  NodeId actor;
  std::uint32_t rank;
  NodeId target;
};

/// Affiliation edges of a graph through the `via` relations, sorted by (actor, rank, target).
std::vector<Affiliation> affiliations(const Graph& g, const std::vector<std::string>& via, bool required) {
  const auto& registry = g.relations();
  std::vector<std::int32_t> rank_of(registry.size(), -1);
  for (std::size_t i = 0; i < via.size(); ++i) {
    const auto id = registry.find(via[i]);
    if (!id) {
      if (required) throw InvalidInput("actor scales: unregistered relation " + quote(via[i]) + " in via (known: " +
                                       registry.names() + ")");
      continue;
    }
    if (rank_of[*id] < 0) rank_of[*id] = static_cast<std::int32_t>(i);
  }
  std::vector<Affiliation> out;
  const auto& rel = g.relation_ids();
  const auto& src = g.sources();
  const auto& tgt = g.targets();
  for (std::size_t e = 0; e < rel.size(); ++e) {
    const auto r = rank_of[rel[e]];
    if (r >= 0) out.push_back({src[e], static_cast<std::uint32_t>(r), tgt[e]});
  }
  std::sort(out.begin(), out.end(), [](const Affiliation& a, const Affiliation& b) {
    return a.actor != b.actor ? a.actor < b.actor : a.rank != b.rank ? a.rank < b.rank : a.target < b.target;
  });
  return out;
}

/// The affiliations of `actor` (a contiguous range of the sorted list).
std::span<const Affiliation> affiliations_of(const std::vector<Affiliation>& all, NodeId actor) {
  auto lo = std::lower_bound(all.begin(), all.end(), actor, [](const Affiliation& a, NodeId x) { return a.actor < x; });
  auto hi = lo;
  while (hi != all.end() && hi->actor == actor) ++hi;
  return {lo, hi};
}

/// A candidate scale or territory and the via rank it came through.
struct Candidate {
  std::uint32_t rank;
  ScaleRank scale;
  NodeId territory;  // hierarchy node, or no_node
};

/// Applies the policy to the candidates of the first rank that has any (as selected by `has`):
/// the chosen index in `pool`, or -1 (none), or -2 (ambiguous).
template <class Key, class Has>
long choose(const std::vector<Candidate>& pool, ActorScalePolicy policy, Key key, Has has) {
  std::uint32_t first = UINT32_MAX;
  for (const auto& c : pool)
    if (has(c)) first = std::min(first, c.rank);
  if (first == UINT32_MAX) return -1;
  long chosen = -1;
  bool several = false;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const auto& c = pool[i];
    if (c.rank != first || !has(c)) continue;
    if (chosen < 0) {
      chosen = static_cast<long>(i);
      continue;
    }
    if (key(pool[static_cast<std::size_t>(chosen)]) == key(c)) continue;  // the same value again
    several = true;
  }
  if (!several) return chosen;
  if (policy == ActorScalePolicy::unique) return -2;
  // lowest / highest by scale; several distinct values at the extreme stay ambiguous.
  long best = -1;
  bool tie = false;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const auto& c = pool[i];
    if (c.rank != first || !has(c) || c.scale == no_scale) continue;
    if (best < 0) {
      best = static_cast<long>(i);
      tie = false;
      continue;
    }
    const auto& b = pool[static_cast<std::size_t>(best)];
    const bool better = policy == ActorScalePolicy::lowest ? c.scale < b.scale : c.scale > b.scale;
    if (better) {
      best = static_cast<long>(i);
      tie = false;
    } else if (c.scale == b.scale && key(c) != key(b)) {
      tie = true;
    }
  }
  if (best < 0 || tie) return -2;
  return best;
}

}  // namespace

ScaleResolver::ScaleResolver(const Graph& graph, const ActorScaleOptions& options)
    : graph_(graph), hierarchy_(options.hierarchy ? *options.hierarchy : graph), options_(options) {
  const bool same = !options.hierarchy || &options.hierarchy->data() == &graph.data();
  if (!same && !(hierarchy_.scales() == graph_.scales()))
    throw InvalidInput("actor scales: the hierarchy's scale ladder (" + hierarchy_.scales().ids() +
                       ") differs from the graph's (" + graph_.scales().ids() + ")");
  const std::size_t n = graph_.number_of_nodes();
  const std::size_t hn = hierarchy_.number_of_nodes();
  // Graph node → hierarchy node (by key).
  std::vector<NodeId> h_of(n, no_node);
  for (NodeId u = 0; u < n; ++u) {
    if (same) {
      h_of[u] = u;
    } else if (auto h = hierarchy_.find(graph_.key(u))) {
      h_of[u] = *h;
    }
  }
  auto graph_territory = [&](NodeId u) { return graph_.kind(u) == "territory"; };
  auto hierarchy_territory = [&](NodeId h) { return hierarchy_.kind(h) == "territory"; };
  // A graph node's intrinsic scale: its own, else that of its hierarchy node.
  auto intrinsic = [&](NodeId u, ScaleOrigin& origin) {
    const auto s = graph_.scale(u);
    if (s != no_scale) {
      origin = ScaleOrigin::own;
      return s;
    }
    if (!same && h_of[u] != no_node && hierarchy_.scale(h_of[u]) != no_scale) {
      origin = ScaleOrigin::hierarchy;
      return hierarchy_.scale(h_of[u]);
    }
    origin = ScaleOrigin::none;
    return no_scale;
  };

  const bool follow = options.policy != ActorScalePolicy::own;
  std::vector<Affiliation> in_graph, in_hierarchy;
  if (follow) {
    // Unregistered relations are an error unless the other graph knows them.
    const auto& gr = graph_.relations();
    for (const auto& name : options.via)
      if (!gr.find(name) && (same || !hierarchy_.relations().find(name)))
        throw InvalidInput("actor scales: unregistered relation " + quote(name) + " in via (known: " + gr.names() + ")");
    in_graph = affiliations(graph_, options.via, false);
    if (!same) in_hierarchy = affiliations(hierarchy_, options.via, false);
  }

  scale_.assign(n, no_scale);
  scale_origin_.assign(n, ScaleOrigin::none);
  territory_.assign(n, no_node);
  territory_origin_.assign(n, ScaleOrigin::none);
  std::vector<Candidate> pool;
  auto territory_key = [](const Candidate& c) { return c.territory; };
  auto scale_key = [](const Candidate& c) { return c.scale; };
  auto has_territory = [](const Candidate& c) { return c.territory != no_node; };
  auto has_scale = [](const Candidate& c) { return c.scale != no_scale; };
  for (NodeId u = 0; u < n; ++u) {
    ScaleOrigin origin;
    const auto own = intrinsic(u, origin);
    if (own != no_scale) {
      scale_[u] = own;
      scale_origin_[u] = origin;
    }
    const bool is_territory = graph_territory(u) || (!same && h_of[u] != no_node && hierarchy_territory(h_of[u]));
    if (is_territory) {
      territory_[u] = h_of[u];
      territory_origin_[u] = h_of[u] == no_node ? ScaleOrigin::none : same ? ScaleOrigin::own : ScaleOrigin::hierarchy;
    }
    if (!follow || (own != no_scale && is_territory)) continue;
    pool.clear();
    for (const auto& a : affiliations_of(in_graph, u)) {
      ScaleOrigin ignored;
      const NodeId t = a.target;
      const bool t_territory = graph_territory(t) || (!same && h_of[t] != no_node && hierarchy_territory(h_of[t]));
      pool.push_back({a.rank, intrinsic(t, ignored), t_territory ? h_of[t] : no_node});
    }
    if (!same && h_of[u] != no_node)
      for (const auto& a : affiliations_of(in_hierarchy, h_of[u]))
        pool.push_back({a.rank, hierarchy_.scale(a.target), hierarchy_territory(a.target) ? a.target : no_node});
    if (pool.empty()) continue;
    if (own == no_scale) {
      const long c = choose(pool, options.policy, scale_key, has_scale);
      if (c >= 0) {
        scale_[u] = pool[static_cast<std::size_t>(c)].scale;
        scale_origin_[u] = static_cast<ScaleOrigin>(static_cast<std::uint32_t>(ScaleOrigin::via) +
                                                     pool[static_cast<std::size_t>(c)].rank);
      } else if (c == -2) {
        scale_origin_[u] = ScaleOrigin::ambiguous;
      }
    }
    if (!is_territory) {
      const long c = choose(pool, options.policy, territory_key, has_territory);
      if (c >= 0) {
        territory_[u] = pool[static_cast<std::size_t>(c)].territory;
        territory_origin_[u] = static_cast<ScaleOrigin>(static_cast<std::uint32_t>(ScaleOrigin::via) +
                                                        pool[static_cast<std::size_t>(c)].rank);
      } else if (c == -2) {
        territory_origin_[u] = ScaleOrigin::ambiguous;
      }
    }
  }
  // Ancestor lists of every territory some node resolves to.
  std::vector<std::uint8_t> needed(hn, 0);
  for (auto t : territory_)
    if (t != no_node) needed[t] = 1;
  ancestor_offsets_.assign(hn + 1, 0);
  for (NodeId h = 0; h < hn; ++h) {
    if (needed[h]) {
      const auto up = hierarchy_.ancestors(h);
      ancestors_.insert(ancestors_.end(), up.begin(), up.end());
    }
    ancestor_offsets_[h + 1] = ancestors_.size();
  }
}

bool ScaleResolver::placed(NodeId territory) const {
  return !hierarchy_.parents(territory).empty() || !hierarchy_.children(territory).empty();
}

std::span<const NodeId> ScaleResolver::containers(NodeId territory) const {
  if (territory >= hierarchy_.number_of_nodes()) return {};
  return {ancestors_.data() + ancestor_offsets_[territory],
          static_cast<std::size_t>(ancestor_offsets_[territory + 1] - ancestor_offsets_[territory])};
}

namespace {

std::vector<std::uint8_t> relation_mask(const RelationRegistry& registry, const std::vector<std::string>& relations) {
  std::vector<std::uint8_t> keep(registry.size(), 0);
  if (relations.empty()) {
    for (std::size_t r = 0; r < registry.size(); ++r)
      keep[r] = registry[static_cast<RelationId>(r)].category == RelationCategory::tie;
  } else {
    for (auto id : registry.resolve(relations)) keep[id] = 1;
  }
  return keep;
}

}  // namespace

TieSet select_ties(const View& view, const std::vector<std::string>& relations) {
  const Graph& g = view.graph();
  const auto keep = relation_mask(g.relations(), relations);
  const auto& rel = g.relation_ids();
  std::vector<std::uint8_t> chosen(g.number_of_edges(), 0);
  for (std::size_t e = 0; e < view.number_of_edges(); ++e)
    for (EdgeId member : view.edge_members(e))
      if (keep[rel[member]]) chosen[member] = 1;
  TieSet t;
  t.directed = view.directed();
  for (EdgeId e = 0; e < chosen.size(); ++e)
    if (chosen[e]) t.edges.push_back(e);
  return t;
}

TieSet select_ties(const Graph& graph, const std::vector<std::string>& relations) {
  const auto keep = relation_mask(graph.relations(), relations);
  const auto& rel = graph.relation_ids();
  const auto& registry = graph.relations();
  TieSet t;
  bool all_directed = true;
  for (EdgeId e = 0; e < rel.size(); ++e)
    if (keep[rel[e]]) {
      t.edges.push_back(e);
      all_directed = all_directed && registry[rel[e]].directed;
    }
  t.directed = !t.edges.empty() && all_directed;
  return t;
}

EdgeClasses classify_edges(const ScaleResolver& resolver, const TieSet& ties) {
  const Graph& g = resolver.graph();
  const auto& scale = resolver.scales();
  const auto& territory = resolver.territories();
  const auto& src = g.sources();
  const auto& tgt = g.targets();
  const auto& rel = g.relation_ids();
  std::vector<std::uint8_t> directed(g.relations().size());
  for (std::size_t r = 0; r < directed.size(); ++r) directed[r] = g.relations()[static_cast<RelationId>(r)].directed;
  // Whether the hierarchy places each territory, once.
  const Graph& h = resolver.hierarchy();
  std::vector<std::int8_t> placed(h.number_of_nodes(), -1);
  auto is_placed = [&](NodeId t) {
    if (placed[t] < 0) placed[t] = resolver.placed(t) ? 1 : 0;
    return placed[t] == 1;
  };
  auto within = [&](NodeId container, NodeId part) {
    for (NodeId a : resolver.containers(part))
      if (a == container) return true;
    return false;
  };

  const std::size_t m = ties.edges.size();
  EdgeClasses c;
  c.edges = ties.edges;
  c.source_scale.resize(m);
  c.target_scale.resize(m);
  c.vertical.resize(m);
  c.distance.resize(m);
  c.direction.resize(m);
  c.nesting.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    const EdgeId e = ties.edges[i];
    const NodeId s = src[e], t = tgt[e];
    const ScaleRank ss = scale[s], ts = scale[t];
    c.source_scale[i] = ss;
    c.target_scale[i] = ts;
    const bool known = ss != no_scale && ts != no_scale;
    c.vertical[i] = known ? (ss != ts ? 1 : 0) : -1;
    c.distance[i] = known ? static_cast<std::int16_t>(ss > ts ? ss - ts : ts - ss) : -1;
    if (!directed[rel[e]]) c.direction[i] = TieDirection::undirected;
    else if (!known) c.direction[i] = TieDirection::unknown;
    else c.direction[i] = ts > ss ? TieDirection::up : ts < ss ? TieDirection::down : TieDirection::none;
    const NodeId a = territory[s], b = territory[t];
    Nesting nest;
    if (a == no_node || b == no_node) nest = Nesting::unknown;
    else if (a == b) nest = Nesting::same_territory;
    else if (!is_placed(a) || !is_placed(b)) nest = Nesting::unknown;
    else if (within(a, b) || within(b, a)) nest = Nesting::nested;
    else nest = Nesting::crossing;
    c.nesting[i] = nest;
  }
  return c;
}

std::vector<double> tie_weights(const Graph& graph, const TieSet& ties, const std::optional<std::string>& weight) {
  if (!weight) return {};
  if (*weight == weight_column) return graph.weights();
  const Column* column = graph.edge_attributes().find(*weight);
  if (!column)
    throw InvalidInput("weight " + quote(*weight) + ": no such edge attribute (use \"weight\" or a numeric edge attribute)");
  if (column->type() != AttrType::int64 && column->type() != AttrType::float64)
    throw InvalidInput("weight " + quote(*weight) + ": the edge attribute is " + std::string(type_name(column->type())) +
                       ", not numeric");
  std::vector<double> w(graph.number_of_edges(), 0.0);
  for (EdgeId e : ties.edges) {
    auto where = [&] {
      return " on edge " + std::to_string(e) + " (" + quote(graph.key(graph.source(e))) + " → " +
             quote(graph.key(graph.target(e))) + ")";
    };
    if (column->is_missing(e)) throw InvalidInput("weight " + quote(*weight) + ": missing value" + where());
    const double x = column->type() == AttrType::int64 ? static_cast<double>(column->ints()[e]) : column->doubles()[e];
    if (!(x >= 0) || !std::isfinite(x))
      throw InvalidInput("weight " + quote(*weight) + ": " + std::to_string(x) + " is not a finite number ≥ 0" + where());
    w[e] = x;
  }
  return w;
}

TieMixing tie_mixing(const Graph& graph, const TieSet& ties, std::span<const std::int32_t> groups,
                     std::size_t number_of_groups, std::span<const double> weights) {
  if (groups.size() != graph.number_of_nodes())
    throw InvalidInput("mixing: " + std::to_string(groups.size()) + " group codes for " +
                       std::to_string(graph.number_of_nodes()) + " nodes");
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (groups[i] != no_group && (groups[i] < 0 || static_cast<std::size_t>(groups[i]) >= number_of_groups))
      throw InvalidInput("mixing: group code " + std::to_string(groups[i]) + " of node " + quote(graph.key(static_cast<NodeId>(i))) +
                         " is outside [0, " + std::to_string(number_of_groups) + ")");
  TieMixing r;
  r.groups = number_of_groups;
  r.matrix.assign(number_of_groups * number_of_groups, 0.0);
  const auto& src = graph.sources();
  const auto& tgt = graph.targets();
  const std::size_t k = number_of_groups;
  for (EdgeId e : ties.edges) {
    const NodeId s = src[e], t = tgt[e];
    const double w = weights.empty() ? 1.0 : weights[e];
    const auto gs = groups[s], gt = groups[t];
    if (gs == no_group || gt == no_group) {
      ++r.unknown_ties;
      r.unknown_weight += w;
      continue;
    }
    r.matrix[static_cast<std::size_t>(gs) * k + static_cast<std::size_t>(gt)] += w;
    if (!ties.directed && s != t) r.matrix[static_cast<std::size_t>(gt) * k + static_cast<std::size_t>(gs)] += w;
  }
  return r;
}

namespace {

void add_class(VerticalCounts& r, std::size_t group, std::int8_t vertical, double w) {
  if (vertical > 0) r.vertical[group] += w;
  else if (vertical == 0) r.horizontal[group] += w;
  else r.unknown[group] += w;
}

VerticalCounts empty_counts(std::size_t groups) {
  VerticalCounts r;
  r.vertical.assign(groups, 0.0);
  r.horizontal.assign(groups, 0.0);
  r.unknown.assign(groups, 0.0);
  return r;
}

}  // namespace

VerticalCounts vertical_counts_by_tie(const EdgeClasses& classes, std::span<const std::int32_t> tie_groups,
                                      std::size_t number_of_groups, std::span<const double> weights) {
  if (tie_groups.size() != classes.edges.size())
    throw InvalidInput("vertical share: " + std::to_string(tie_groups.size()) + " group codes for " +
                       std::to_string(classes.edges.size()) + " ties");
  auto r = empty_counts(number_of_groups);
  for (std::size_t i = 0; i < classes.edges.size(); ++i) {
    const auto g = tie_groups[i];
    if (g < 0) continue;
    if (static_cast<std::size_t>(g) >= number_of_groups)
      throw InvalidInput("vertical share: group code " + std::to_string(g) + " out of range");
    add_class(r, static_cast<std::size_t>(g), classes.vertical[i], weights.empty() ? 1.0 : weights[classes.edges[i]]);
  }
  return r;
}

VerticalCounts vertical_counts_by_node(const Graph& graph, const EdgeClasses& classes,
                                       std::span<const std::int32_t> node_groups, std::size_t number_of_groups,
                                       std::span<const double> weights) {
  if (node_groups.size() != graph.number_of_nodes())
    throw InvalidInput("vertical share: " + std::to_string(node_groups.size()) + " group codes for " +
                       std::to_string(graph.number_of_nodes()) + " nodes");
  for (auto g : node_groups)
    if (g >= 0 && static_cast<std::size_t>(g) >= number_of_groups)
      throw InvalidInput("vertical share: group code " + std::to_string(g) + " out of range");
  auto r = empty_counts(number_of_groups);
  const auto& src = graph.sources();
  const auto& tgt = graph.targets();
  for (std::size_t i = 0; i < classes.edges.size(); ++i) {
    const EdgeId e = classes.edges[i];
    const double w = weights.empty() ? 1.0 : weights[e];
    const auto gs = node_groups[src[e]], gt = node_groups[tgt[e]];
    if (gs >= 0) add_class(r, static_cast<std::size_t>(gs), classes.vertical[i], w);
    if (gt >= 0 && gt != gs) add_class(r, static_cast<std::size_t>(gt), classes.vertical[i], w);
  }
  return r;
}

ScaleSpan scale_span(const ScaleResolver& resolver, const TieSet& ties) {
  const Graph& g = resolver.graph();
  const std::size_t n = g.number_of_nodes();
  const auto& scale = resolver.scales();
  const auto& src = g.sources();
  const auto& tgt = g.targets();
  ScaleSpan r;
  r.levels.assign(n, 0);
  r.lowest.assign(n, no_scale);
  r.highest.assign(n, no_scale);
  r.ties.assign(n, 0);
  r.unknown.assign(n, 0);
  const std::size_t ladder = g.scales().size();
  const std::size_t words = (ladder + 63) / 64;
  std::vector<std::uint64_t> seen(n * words, 0);
  auto see = [&](NodeId u, ScaleRank other) {
    ++r.ties[u];
    if (other == no_scale) {
      ++r.unknown[u];
      return;
    }
    const auto bit = static_cast<std::size_t>(other);
    seen[u * words + bit / 64] |= std::uint64_t{1} << (bit % 64);
  };
  for (EdgeId e : ties.edges) {
    const NodeId s = src[e], t = tgt[e];
    see(s, scale[t]);
    if (s != t) see(t, scale[s]);
  }
  for (std::size_t u = 0; u < n; ++u) {
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t bits = seen[u * words + w];
      if (!bits) continue;
      r.levels[u] += std::popcount(bits);
      const auto low = static_cast<ScaleRank>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
      const auto high = static_cast<ScaleRank>(w * 64 + 63 - static_cast<std::size_t>(std::countl_zero(bits)));
      if (r.lowest[u] == no_scale) r.lowest[u] = low;
      r.highest[u] = high;
    }
  }
  return r;
}

MissingLinks missing_vertical_links(const View& view, const ScaleResolver& resolver, const MissingLinksOptions& options) {
  const Graph& g = resolver.graph();
  if (&view.graph().data() != &g.data())
    throw InvalidInput("missing vertical links: the view is not a view of the resolver's graph");
  const Graph& h = resolver.hierarchy();
  const std::uint32_t n = view.number_of_nodes();
  const auto& territory = resolver.territories();
  const auto& origin = resolver.territory_origins();
  auto is_territory = [&](NodeId u) {
    return territory[u] != no_node && (origin[u] == ScaleOrigin::own || origin[u] == ScaleOrigin::hierarchy);
  };
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  const auto ioff = view.in_offsets();
  const auto isrc = view.in_sources();
  auto degree = [&](std::uint32_t v) { return (off[v + 1] - off[v]) + (view.directed() ? ioff[v + 1] - ioff[v] : 0); };

  // Containers present in the view: the resolved territory of a node with a tie.
  std::vector<std::uint8_t> present(h.number_of_nodes(), 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    const NodeId t = territory[view.node(v)];
    if (t != no_node && degree(v) > 0) present[t] = 1;
  }

  // Participants, as graph nodes.
  std::vector<NodeId> participants;
  if (options.programme) {
    const NodeId p = *options.programme;
    if (p >= g.number_of_nodes()) throw NotFound("missing vertical links: no node id " + std::to_string(p));
    std::vector<std::uint8_t> in(g.number_of_nodes(), 0);
    const auto& src = g.sources();
    const auto& dst = g.targets();
    for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
      if (src[e] == p) in[dst[e]] = 1;
      if (dst[e] == p) in[src[e]] = 1;
    }
    if (const Column* context = g.edge_attributes().find(context_column); context && context->type() == AttrType::string) {
      const auto& key = g.key(p);
      for (EdgeId e = 0; e < g.number_of_edges(); ++e)
        if (!context->is_missing(e) && context->strings()[e] == key) in[src[e]] = in[dst[e]] = 1;
    }
    in[p] = 0;
    for (NodeId u = 0; u < g.number_of_nodes(); ++u)
      if (in[u] && is_territory(u)) participants.push_back(u);
    // View order first, then the nodes outside the view.
    std::stable_sort(participants.begin(), participants.end(), [&](NodeId a, NodeId b) {
      const auto ia = view.index(a), ib = view.index(b);
      const std::uint64_t ka = ia ? *ia : std::uint64_t{n} + a, kb = ib ? *ib : std::uint64_t{n} + b;
      return ka < kb;
    });
  } else {
    for (std::uint32_t v = 0; v < n; ++v)
      if (is_territory(view.node(v)) && degree(v) > 0) participants.push_back(view.node(v));
  }

  MissingLinks r;
  r.participants = participants.size();
  std::vector<std::uint32_t> visited(n, 0), reached(h.number_of_nodes(), 0);
  std::uint32_t stamp = 0;
  std::vector<std::uint32_t> frontier, next;
  std::vector<NodeId> wanted;
  // Work: about the arcs of a participant's ball per participant (a rough guess: the mean degree
  // to the power max_hops, at most every arc).
  const double mean_degree = n ? static_cast<double>(tgt.size()) / n : 0.0;
  const double ball = std::min(static_cast<double>(tgt.size()) + 1, std::pow(mean_degree + 1, options.max_hops));
  ProgressReporter progress(detail::progress_for(options.progress, ball * static_cast<double>(participants.size())),
                            "missing links", participants.size(), detail::report_every(participants.size()));
  std::uint64_t done = 0;
  for (NodeId u : participants) {
    progress.tick(done++);
    const NodeId t = territory[u];
    if (!resolver.placed(t)) {
      ++r.unplaced;
      continue;
    }
    wanted.clear();
    for (NodeId c : resolver.containers(t)) {
      if (options.highest != no_scale && h.scale(c) != no_scale && h.scale(c) > options.highest) continue;
      if (present[c] || options.absent_containers) wanted.push_back(c);
    }
    if (wanted.empty()) continue;
    r.pairs += wanted.size();
    ++stamp;
    std::size_t left = wanted.size();
    if (const auto start = view.index(u)) {
      frontier.assign(1, *start);
      visited[*start] = stamp;
      for (std::uint32_t hop = 0; hop < options.max_hops && !frontier.empty() && left > 0; ++hop) {
        next.clear();
        auto step = [&](std::uint32_t x) {
          if (visited[x] == stamp) return;
          visited[x] = stamp;
          next.push_back(x);
          const NodeId tx = territory[view.node(x)];
          if (tx != no_node && reached[tx] != stamp) {
            reached[tx] = stamp;
            if (std::find(wanted.begin(), wanted.end(), tx) != wanted.end()) --left;
          }
        };
        for (auto v : frontier) {
          for (auto a = off[v]; a < off[v + 1]; ++a) step(tgt[a]);
          if (view.directed())
            for (auto a = ioff[v]; a < ioff[v + 1]; ++a) step(isrc[a]);
        }
        frontier.swap(next);
      }
    }
    for (NodeId c : wanted)
      if (reached[c] != stamp) {
        r.territory.push_back(u);
        r.container.push_back(c);
        r.present.push_back(present[c]);
      }
  }
  progress.finish();
  return r;
}

}  // namespace maillage::algo
