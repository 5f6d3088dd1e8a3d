// Null models of tie sets (rewiring, configuration model, label permutation) and the significance
// of tie statistics against them.
#include "maillage/algo/nullmodel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>

#include "../core/graph_data.hpp"
#include "maillage/algo/mixing.hpp"
#include "maillage/core/error.hpp"
#include "support.hpp"

namespace maillage::algo {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Multiset of (stratum, a, b) pairs by open addressing in a flat vector of uint32 quadruples
/// (a, b, stratum, count; count 0 = empty slot), linear probing with backward-shift deletion.
class PairCounts {
 public:
  explicit PairCounts(std::vector<std::uint32_t>& slots) : slots_(slots) {}
  void reset(std::size_t pairs) {
    std::size_t capacity = 16;
    while (capacity < 2 * pairs + 2) capacity *= 2;
    slots_.assign(4 * capacity, 0);
    mask_ = capacity - 1;
  }
  std::uint32_t count(std::uint32_t s, NodeId a, NodeId b) const {
    for (std::size_t i = hash(s, a, b) & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t* slot = &slots_[4 * i];
      if (slot[3] == 0) return 0;
      if (slot[0] == a && slot[1] == b && slot[2] == s) return slot[3];
    }
  }
  void add(std::uint32_t s, NodeId a, NodeId b) {
    for (std::size_t i = hash(s, a, b) & mask_;; i = (i + 1) & mask_) {
      std::uint32_t* slot = &slots_[4 * i];
      if (slot[3] == 0) {
        slot[0] = a;
        slot[1] = b;
        slot[2] = s;
        slot[3] = 1;
        return;
      }
      if (slot[0] == a && slot[1] == b && slot[2] == s) {
        ++slot[3];
        return;
      }
    }
  }
  void remove(std::uint32_t s, NodeId a, NodeId b) {
    std::size_t i = hash(s, a, b) & mask_;
    for (;; i = (i + 1) & mask_) {
      std::uint32_t* slot = &slots_[4 * i];
      if (slot[0] == a && slot[1] == b && slot[2] == s && slot[3] != 0) {
        if (--slot[3] != 0) return;
        break;
      }
    }
    // Backward-shift deletion: move later entries of the probe run into the hole.
    std::size_t hole = i;
    for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      std::uint32_t* slot = &slots_[4 * j];
      if (slot[3] == 0) break;
      const std::size_t home = hash(slot[2], slot[0], slot[1]) & mask_;
      // The entry at j may fill the hole when its home is not in (hole, j] cyclically.
      const bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        std::copy(slot, slot + 4, &slots_[4 * hole]);
        hole = j;
      }
    }
    std::fill(&slots_[4 * hole], &slots_[4 * hole] + 4, 0u);
  }

 private:
  static std::size_t hash(std::uint32_t s, NodeId a, NodeId b) {
    std::uint64_t x = (static_cast<std::uint64_t>(a) << 32 | b) ^ (static_cast<std::uint64_t>(s) * 0xC2B2AE3D27D4EB4FULL);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<std::size_t>(x ^ (x >> 31));
  }
  std::vector<std::uint32_t>& slots_;
  std::size_t mask_ = 0;
};

/// High 64 bits of a 64 × 64-bit product, portably.
std::uint64_t multiply_high(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t a_lo = a & 0xFFFFFFFFu, a_hi = a >> 32, b_lo = b & 0xFFFFFFFFu, b_hi = b >> 32;
  const std::uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
  const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFu) + lo_hi;
  return hi_hi + (hi_lo >> 32) + (cross >> 32);
}

/// Unbiased draw in [0, range) by Lemire's multiply-and-reject: the same numbers on every platform
/// for the same generator, without detail::bounded_draw's two divisions on the swap loop's path
/// (bounded_draw stays for the kernels whose documented results depend on its sequence).
std::uint64_t draw_below(std::mt19937_64& rng, std::uint64_t range) {
  std::uint64_t x = rng();
  std::uint64_t low = x * range;
  if (low < range) {
    const std::uint64_t threshold = (0 - range) % range;
    while (low < threshold) {
      x = rng();
      low = x * range;
    }
  }
  return multiply_high(x, range);
}

template <class T>
void shuffle(std::vector<T>& v, std::size_t begin, std::size_t end, std::mt19937_64& rng) {
  // Fisher–Yates with the platform-independent bounded draw.
  for (std::size_t i = end; i > begin + 1; --i) {
    const auto j = begin + draw_below(rng, i - begin);
    std::swap(v[i - 1], v[j]);
  }
}

double weight_of(const TieList& ties, std::size_t i) { return ties.weight.empty() ? 1.0 : ties.weight[i]; }

}  // namespace

// ------------------------------------------------------------------------------------------ ties

TieList tie_list(const Graph& graph, const TieSet& ties, bool within_relation, std::span<const double> edge_weights,
                 bool relation_directions) {
  TieList out;
  out.nodes = graph.number_of_nodes();
  out.directed = ties.directed;
  out.edges = ties.edges;
  const std::size_t m = ties.edges.size();
  out.source.resize(m);
  out.target.resize(m);
  out.stratum.assign(m, 0);
  if (!edge_weights.empty() && edge_weights.size() != graph.number_of_edges())
    throw InvalidInput("null model: " + std::to_string(edge_weights.size()) + " edge weights for " +
                       std::to_string(graph.number_of_edges()) + " edges");
  if (!edge_weights.empty()) out.weight.resize(m);
  std::vector<std::uint32_t> code(graph.relations().size(), std::numeric_limits<std::uint32_t>::max());
  std::uint32_t strata = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const EdgeId e = ties.edges[i];
    if (e >= graph.number_of_edges()) throw InvalidInput("null model: edge " + std::to_string(e) + " is not in the graph");
    const Relation& relation = graph.relation(e);
    if (relation.category == RelationCategory::nesting)
      throw InvalidInput("null model: relation " + quote(relation.name) +
                         " holds the hierarchy, which null models keep; choose tie relations");
    out.source[i] = graph.source(e);
    out.target[i] = graph.target(e);
    if (!edge_weights.empty()) out.weight[i] = edge_weights[e];
    if (within_relation) {
      auto& c = code[graph.relation_id(e)];
      if (c == std::numeric_limits<std::uint32_t>::max()) {
        c = strata++;
        out.stratum_directed.push_back(ties.directed || (relation_directions && relation.directed));
      }
      out.stratum[i] = c;
    }
  }
  out.strata = std::max<std::uint32_t>(1, strata);
  if (out.stratum_directed.size() != out.strata) out.stratum_directed.assign(out.strata, ties.directed);
  return out;
}

// --------------------------------------------------------------------------------------- sampler

NullModelSampler::NullModelSampler(const TieList& ties, std::span<const std::int32_t> groups,
                                   const NullModelOptions& options)
    : ties_(ties), groups_(groups.begin(), groups.end()), options_(options) {
  const std::size_t m = ties_.source.size();
  if (ties_.target.size() != m || ties_.stratum.size() != m || (!ties_.weight.empty() && ties_.weight.size() != m))
    throw InvalidInput("null model: the tie list's columns differ in length");
  if (!(options_.swaps_per_tie >= 0) || !std::isfinite(options_.swaps_per_tie))
    throw InvalidInput("null model: swaps per tie must be a finite number ≥ 0, not " +
                       std::to_string(options_.swaps_per_tie));
  if (!groups_.empty() && groups_.size() != ties_.nodes)
    throw InvalidInput("null model: " + std::to_string(groups_.size()) + " group codes for " +
                       std::to_string(ties_.nodes) + " nodes");
  for (std::size_t i = 0; i < m; ++i) {
    if (ties_.source[i] >= ties_.nodes || ties_.target[i] >= ties_.nodes)
      throw InvalidInput("null model: tie " + std::to_string(i) + " has an end outside the graph");
    if (ties_.stratum[i] >= ties_.strata)
      throw InvalidInput("null model: tie " + std::to_string(i) + " has stratum " + std::to_string(ties_.stratum[i]) +
                         " of " + std::to_string(ties_.strata));
  }
  if (ties_.stratum_directed.empty()) ties_.stratum_directed.assign(ties_.strata, ties_.directed);
  if (ties_.stratum_directed.size() != ties_.strata)
    throw InvalidInput("null model: " + std::to_string(ties_.stratum_directed.size()) + " stratum directions for " +
                       std::to_string(ties_.strata) + " strata");
  stratum_offsets_.assign(ties_.strata + 1, 0);
  for (auto s : ties_.stratum) ++stratum_offsets_[s + 1];
  for (std::uint32_t s = 0; s < ties_.strata; ++s) stratum_offsets_[s + 1] += stratum_offsets_[s];
  stratum_ties_.resize(m);
  auto fill = stratum_offsets_;
  for (std::uint32_t i = 0; i < m; ++i) stratum_ties_[fill[ties_.stratum[i]]++] = i;
  if (!groups_.empty()) {
    std::vector<std::uint8_t> seen(ties_.nodes, 0);
    for (std::size_t i = 0; i < m; ++i) seen[ties_.source[i]] = seen[ties_.target[i]] = 1;
    for (NodeId v = 0; v < ties_.nodes; ++v)
      if (seen[v] && groups_[v] >= 0) labelled_.push_back(v);
  }
}

void NullModelSampler::draw(std::uint64_t sample, NullSample& out) const {
  out.attempts = out.swaps = 0;
  switch (options_.model) {
    case NullModel::rewire: rewire(sample, out); break;
    case NullModel::configuration: configuration(sample, out); break;
    case NullModel::permute_labels: permute(sample, out); break;
  }
}

void NullModelSampler::rewire(std::uint64_t sample, NullSample& out) const {
  auto rng = detail::sample_generator(options_.seed, sample);
  const std::size_t m = ties_.source.size();
  out.source = ties_.source;
  out.target = ties_.target;
  out.groups = groups_;
  const auto& directions = ties_.stratum_directed;
  PairCounts pairs(out.scratch);
  pairs.reset(m);
  auto key = [](bool directed, NodeId a, NodeId b) {
    return directed || a <= b ? std::pair{a, b} : std::pair{b, a};
  };
  for (std::size_t i = 0; i < m; ++i) {
    const auto [a, b] = key(directions[ties_.stratum[i]], out.source[i], out.target[i]);
    pairs.add(ties_.stratum[i], a, b);
  }
  if (m < 2) return;
  const auto attempts = static_cast<std::uint64_t>(std::llround(options_.swaps_per_tie * static_cast<double>(m)));
  out.attempts = attempts;
  for (std::uint64_t t = 0; t < attempts; ++t) {
    if ((t & 4095) == 0) checkpoint();  // a draw of a large graph takes seconds
    const auto i = static_cast<std::uint32_t>(draw_below(rng, m));
    const auto s = ties_.stratum[i];
    const auto first = stratum_offsets_[s];
    const auto size = stratum_offsets_[s + 1] - first;
    const auto j = stratum_ties_[first + draw_below(rng, size)];
    const bool directed = directions[s] != 0;
    const bool flip = !directed && (rng() & 1u);
    if (i == j) continue;
    const NodeId a = out.source[i], b = out.target[i];
    NodeId c = out.source[j], d = out.target[j];
    if (flip) std::swap(c, d);
    // (a, b), (c, d) → (a, d), (c, b)
    if (a == d || c == b) continue;
    const auto ad = key(directed, a, d), cb = key(directed, c, b);
    if (pairs.count(s, ad.first, ad.second) != 0 || pairs.count(s, cb.first, cb.second) != 0) continue;
    if (ad == cb) continue;  // both new ties the same pair: a parallel pair
    const auto ab = key(directed, a, b), cd = key(directed, c, d);
    pairs.remove(s, ab.first, ab.second);
    pairs.remove(s, cd.first, cd.second);
    pairs.add(s, ad.first, ad.second);
    pairs.add(s, cb.first, cb.second);
    out.target[i] = d;
    out.source[j] = c;
    out.target[j] = b;
    ++out.swaps;
  }
}

void NullModelSampler::configuration(std::uint64_t sample, NullSample& out) const {
  auto rng = detail::sample_generator(options_.seed, sample);
  out.source = ties_.source;
  out.target = ties_.target;
  out.groups = groups_;
  std::vector<NodeId> stubs;
  for (std::uint32_t s = 0; s < ties_.strata; ++s) {
    const auto first = stratum_offsets_[s], last = stratum_offsets_[s + 1];
    stubs.clear();
    if (ties_.stratum_directed[s]) {
      for (auto k = first; k < last; ++k) stubs.push_back(ties_.target[stratum_ties_[k]]);
      shuffle(stubs, 0, stubs.size(), rng);
      for (auto k = first; k < last; ++k) out.target[stratum_ties_[k]] = stubs[k - first];
    } else {
      for (auto k = first; k < last; ++k) {
        stubs.push_back(ties_.source[stratum_ties_[k]]);
        stubs.push_back(ties_.target[stratum_ties_[k]]);
      }
      shuffle(stubs, 0, stubs.size(), rng);
      for (auto k = first; k < last; ++k) {
        out.source[stratum_ties_[k]] = stubs[2 * (k - first)];
        out.target[stratum_ties_[k]] = stubs[2 * (k - first) + 1];
      }
    }
  }
}

void NullModelSampler::permute(std::uint64_t sample, NullSample& out) const {
  auto rng = detail::sample_generator(options_.seed, sample);
  out.source = ties_.source;
  out.target = ties_.target;
  out.groups = groups_;
  std::vector<std::int32_t> labels;
  labels.reserve(labelled_.size());
  for (NodeId v : labelled_) labels.push_back(groups_[v]);
  shuffle(labels, 0, labels.size(), rng);
  for (std::size_t k = 0; k < labelled_.size(); ++k) out.groups[labelled_[k]] = labels[k];
}

// ------------------------------------------------------------------------------------ statistics

std::size_t statistic_size(const TieStatistic& statistic) {
  if (statistic.kind == TieStatisticKind::vertical_share && (!statistic.tie_groups.empty() || !statistic.node_groups.empty()))
    return statistic.by_groups;
  return 1;
}

namespace {

void check_groups(const TieStatistic& st, const TieList& ties, const NullSample& sample) {
  if (st.kind == TieStatisticKind::transitivity) return;
  if (sample.groups.size() != ties.nodes)
    throw InvalidInput("statistic: " + std::to_string(sample.groups.size()) + " group codes for " +
                       std::to_string(ties.nodes) + " nodes");
}

void vertical_share(const TieStatistic& st, const TieList& ties, const NullSample& sample, std::span<double> out) {
  const auto& g = sample.groups;
  const std::size_t m = sample.source.size();
  const std::size_t k = statistic_size(st);
  std::vector<double> vertical(k, 0.0), horizontal(k, 0.0);
  const bool by_tie = !st.tie_groups.empty(), by_node = !st.node_groups.empty();
  for (std::size_t i = 0; i < m; ++i) {
    const NodeId a = sample.source[i], b = sample.target[i];
    if (g[a] < 0 || g[b] < 0) continue;
    auto& into = g[a] != g[b] ? vertical : horizontal;
    const double w = weight_of(ties, i);
    if (by_tie) {
      if (st.tie_groups[i] >= 0) into[static_cast<std::size_t>(st.tie_groups[i])] += w;
    } else if (by_node) {
      const auto ga = st.node_groups[a], gb = st.node_groups[b];
      if (ga >= 0) into[static_cast<std::size_t>(ga)] += w;
      if (gb >= 0 && gb != ga) into[static_cast<std::size_t>(gb)] += w;
    } else {
      into[0] += w;
    }
  }
  for (std::size_t c = 0; c < k; ++c) {
    const double total = vertical[c] + horizontal[c];
    out[c] = total > 0 ? vertical[c] / total : nan;
  }
}

double ei(const TieList& ties, const NullSample& sample) {
  double external = 0, internal = 0;
  const auto& g = sample.groups;
  for (std::size_t i = 0; i < sample.source.size(); ++i) {
    const NodeId a = sample.source[i], b = sample.target[i];
    if (a == b || g[a] < 0 || g[b] < 0) continue;
    (g[a] == g[b] ? internal : external) += weight_of(ties, i);
  }
  return external + internal > 0 ? (external - internal) / (external + internal) : nan;
}

double assortativity(const TieStatistic& st, const TieList& ties, const NullSample& sample) {
  MixingCounts counts;
  counts.groups = st.groups;
  counts.matrix.assign(st.groups * st.groups, 0.0);
  const auto& g = sample.groups;
  for (std::size_t i = 0; i < sample.source.size(); ++i) {
    const NodeId a = sample.source[i], b = sample.target[i];
    if (g[a] < 0 || g[b] < 0) continue;
    const auto x = static_cast<std::size_t>(g[a]), y = static_cast<std::size_t>(g[b]);
    const double w = weight_of(ties, i);
    counts.matrix[x * st.groups + y] += w;
    if (!ties.directed && a != b) counts.matrix[y * st.groups + x] += w;
  }
  return attribute_assortativity(counts);
}

double modularity(const TieStatistic& st, const TieList& ties, const NullSample& sample) {
  const auto& g = sample.groups;
  const std::size_t k = st.groups;
  // Community of a node: its group, or a community of its own (k + node) when unknown.
  auto community = [&](NodeId v) { return g[v] >= 0 ? static_cast<std::size_t>(g[v]) : k + v; };
  std::vector<double> inside(k + ties.nodes, 0.0), out_strength(k + ties.nodes, 0.0), in_strength;
  if (ties.directed) in_strength.assign(k + ties.nodes, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < sample.source.size(); ++i) {
    const NodeId a = sample.source[i], b = sample.target[i];
    const double w = weight_of(ties, i);
    const auto ca = community(a), cb = community(b);
    total += w;
    if (ca == cb) inside[ca] += w;
    out_strength[ca] += w;
    if (ties.directed)
      in_strength[cb] += w;
    else
      out_strength[cb] += w;
  }
  if (!(total > 0)) return nan;
  double q = 0;
  for (std::size_t c = 0; c < inside.size(); ++c) {
    if (ties.directed)
      q += inside[c] / total - st.resolution * out_strength[c] * in_strength[c] / (total * total);
    else
      q += inside[c] / total - st.resolution * (out_strength[c] / (2 * total)) * (out_strength[c] / (2 * total));
  }
  return q;
}

double transitivity(const TieList& ties, const NullSample& sample) {
  const std::size_t n = ties.nodes;
  // Simple undirected adjacency, sorted and unique.
  std::vector<std::uint64_t> offsets(n + 1, 0);
  for (std::size_t i = 0; i < sample.source.size(); ++i)
    if (sample.source[i] != sample.target[i]) ++offsets[sample.source[i] + 1], ++offsets[sample.target[i] + 1];
  for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  std::vector<NodeId> adj(offsets[n]);
  auto fill = offsets;
  for (std::size_t i = 0; i < sample.source.size(); ++i) {
    const NodeId a = sample.source[i], b = sample.target[i];
    if (a == b) continue;
    adj[fill[a]++] = b;
    adj[fill[b]++] = a;
  }
  std::vector<std::uint64_t> degree(n);
  for (std::size_t v = 0; v < n; ++v) {
    auto first = adj.begin() + static_cast<std::ptrdiff_t>(offsets[v]);
    auto last = adj.begin() + static_cast<std::ptrdiff_t>(offsets[v + 1]);
    std::sort(first, last);
    degree[v] = static_cast<std::uint64_t>(std::unique(first, last) - first);
  }
  // Forward lists: neighbours later in (degree, id) order; triangles by sorted intersection.
  auto before = [&](NodeId u, NodeId v) { return degree[u] != degree[v] ? degree[u] < degree[v] : u < v; };
  std::vector<std::uint64_t> fwd_offsets(n + 1, 0);
  std::vector<NodeId> fwd;
  fwd.reserve(adj.size() / 2 + 1);
  for (NodeId v = 0; v < n; ++v) {
    for (std::uint64_t a = offsets[v]; a < offsets[v] + degree[v]; ++a)
      if (before(v, adj[a])) fwd.push_back(adj[a]);
    fwd_offsets[v + 1] = fwd.size();
  }
  double triangles = 0, triples = 0;
  for (NodeId v = 0; v < n; ++v) {
    if ((v & 1023) == 0) checkpoint();
    triples += static_cast<double>(degree[v]) * static_cast<double>(degree[v] - (degree[v] > 0 ? 1 : 0)) / 2;
    for (auto a = fwd_offsets[v]; a < fwd_offsets[v + 1]; ++a) {
      const NodeId u = fwd[a];
      // |fwd(v) ∩ fwd(u)|, both sorted by id.
      auto i = fwd_offsets[v], j = fwd_offsets[u];
      while (i < fwd_offsets[v + 1] && j < fwd_offsets[u + 1]) {
        if (fwd[i] < fwd[j])
          ++i;
        else if (fwd[j] < fwd[i])
          ++j;
        else
          triangles += 1, ++i, ++j;
      }
    }
  }
  return triangles > 0 ? 3 * triangles / triples : 0.0;
}

}  // namespace

void evaluate(const TieStatistic& statistic, const TieList& ties, const NullSample& sample, std::span<double> out) {
  if (out.size() != statistic_size(statistic))
    throw InvalidInput("statistic: " + std::to_string(out.size()) + " output values for " +
                       std::to_string(statistic_size(statistic)) + " components");
  if (sample.source.size() != ties.source.size() || sample.target.size() != ties.source.size())
    throw InvalidInput("statistic: the sample has " + std::to_string(sample.source.size()) + " ties, the list " +
                       std::to_string(ties.source.size()));
  check_groups(statistic, ties, sample);
  switch (statistic.kind) {
    case TieStatisticKind::vertical_share: vertical_share(statistic, ties, sample, out); return;
    case TieStatisticKind::ei_index: out[0] = ei(ties, sample); return;
    case TieStatisticKind::assortativity: out[0] = assortativity(statistic, ties, sample); return;
    case TieStatisticKind::modularity: out[0] = modularity(statistic, ties, sample); return;
    case TieStatisticKind::transitivity: out[0] = transitivity(ties, sample); return;
  }
}

// ---------------------------------------------------------------------------------- significance

SignificanceResult summarize_null(std::span<const double> observed, std::span<const double> values) {
  SignificanceResult r;
  const std::size_t k = observed.size();
  r.components = k;
  if (k == 0 ? !values.empty() : values.size() % k != 0)
    throw InvalidInput("null distribution: " + std::to_string(values.size()) + " values are not a whole number of samples of " +
                       std::to_string(k) + " components");
  r.samples = k == 0 ? 0 : values.size() / k;
  r.observed.assign(observed.begin(), observed.end());
  r.values.assign(values.begin(), values.end());
  r.mean.assign(k, nan);
  r.std.assign(k, nan);
  r.z.assign(k, nan);
  r.p.assign(k, nan);
  r.p_greater.assign(k, nan);
  r.p_less.assign(k, nan);
  r.valid.assign(k, 0);
  for (std::size_t c = 0; c < k; ++c) {
    double sum = 0;
    std::uint64_t n = 0;
    for (std::uint64_t s = 0; s < r.samples; ++s) {
      const double x = values[s * k + c];
      if (std::isnan(x)) continue;
      sum += x;
      ++n;
    }
    r.valid[c] = n;
    if (n == 0) continue;
    const double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (std::uint64_t s = 0; s < r.samples; ++s) {
      const double x = values[s * k + c];
      if (!std::isnan(x)) squares += (x - mean) * (x - mean);
    }
    r.mean[c] = mean;
    r.std[c] = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : nan;
    const double obs = observed[c];
    if (std::isnan(obs)) continue;
    if (r.std[c] > 0) r.z[c] = (obs - mean) / r.std[c];
    const double tol = 1e-9 * std::max({1.0, std::abs(obs), std::abs(mean)});
    const double dev = std::abs(obs - mean);
    std::uint64_t extreme = 0, greater = 0, less = 0;
    for (std::uint64_t s = 0; s < r.samples; ++s) {
      const double x = values[s * k + c];
      if (std::isnan(x)) continue;
      if (std::abs(x - mean) >= dev - tol) ++extreme;
      if (x >= obs - tol) ++greater;
      if (x <= obs + tol) ++less;
    }
    const double denominator = 1.0 + static_cast<double>(n);
    r.p[c] = std::min(1.0, (1.0 + static_cast<double>(extreme)) / denominator);
    r.p_greater[c] = (1.0 + static_cast<double>(greater)) / denominator;
    r.p_less[c] = (1.0 + static_cast<double>(less)) / denominator;
  }
  return r;
}

namespace {

/// The checks of significance's inputs (shared with null_values).
void check_significance_inputs(const TieList& ties, std::span<const std::int32_t> groups,
                               const TieStatistic& statistic, const SignificanceOptions& options) {
  if (statistic.kind != TieStatisticKind::transitivity && groups.size() != ties.nodes)
    throw InvalidInput("significance: the statistic needs a group per node (" + std::to_string(groups.size()) +
                       " for " + std::to_string(ties.nodes) + " nodes)");
  if (options.model.model == NullModel::permute_labels && statistic.kind == TieStatisticKind::transitivity)
    throw InvalidInput("significance: transitivity does not depend on labels; permuting them changes nothing");
  for (std::size_t v = 0; v < groups.size(); ++v)
    if (groups[v] >= static_cast<std::int64_t>(statistic.groups) || groups[v] < -1)
      throw InvalidInput("significance: group code " + std::to_string(groups[v]) + " of node " + std::to_string(v) +
                         " is outside [0, " + std::to_string(statistic.groups) + ")");
  const std::size_t m = ties.source.size();
  if (!statistic.tie_groups.empty() && statistic.tie_groups.size() != m)
    throw InvalidInput("significance: " + std::to_string(statistic.tie_groups.size()) + " tie groups for " +
                       std::to_string(m) + " ties");
  if (!statistic.node_groups.empty() && statistic.node_groups.size() != ties.nodes)
    throw InvalidInput("significance: " + std::to_string(statistic.node_groups.size()) + " node groups for " +
                       std::to_string(ties.nodes) + " nodes");
  for (auto code : statistic.tie_groups)
    if (code < -1 || code >= static_cast<std::int64_t>(statistic.by_groups))
      throw InvalidInput("significance: tie group code " + std::to_string(code) + " is out of range");
  for (auto code : statistic.node_groups)
    if (code < -1 || code >= static_cast<std::int64_t>(statistic.by_groups))
      throw InvalidInput("significance: node group code " + std::to_string(code) + " is out of range");

}

}  // namespace

namespace {
// The samples first … first + options.samples − 1 of the null distribution (inputs checked).
NullValues draw_null_values(const TieList& ties, std::span<const std::int32_t> groups, const TieStatistic& statistic,
                            const SignificanceOptions& options, std::uint64_t first);
}  // namespace

SignificanceResult significance(const TieList& ties, std::span<const std::int32_t> groups,
                                const TieStatistic& statistic, const SignificanceOptions& options) {
  check_significance_inputs(ties, groups, statistic, options);
  std::vector<double> observed(statistic_size(statistic));
  {
    NullSample obs;
    obs.source = ties.source;
    obs.target = ties.target;
    obs.groups.assign(groups.begin(), groups.end());
    evaluate(statistic, ties, obs, observed);
  }
  // The draws are those of null_values from the first sample: a cluster computing ranges of
  // samples (maillage.distributed) gets the same values.
  const NullValues draws = draw_null_values(ties, groups, statistic, options, 0);
  auto r = summarize_null(observed, draws.values);
  r.attempts = draws.attempts;
  r.swaps = draws.swaps;
  return r;
}

// ------------------------------------------------------------------------------------------ graph

Graph with_tie_ends(const Graph& graph, const TieList& ties, const NullSample& sample) {
  if (ties.nodes != graph.number_of_nodes())
    throw InvalidInput("null model: the tie list has " + std::to_string(ties.nodes) + " nodes, the graph " +
                       std::to_string(graph.number_of_nodes()));
  if (sample.source.size() != ties.edges.size() || sample.target.size() != ties.edges.size())
    throw InvalidInput("null model: the sample has " + std::to_string(sample.source.size()) + " ties, the list " +
                       std::to_string(ties.edges.size()));
  auto data = std::make_shared<maillage::detail::GraphData>(graph.data());
  data->bind_edge_columns();
  for (std::size_t i = 0; i < ties.edges.size(); ++i) {
    const EdgeId e = ties.edges[i];
    if (e >= data->sources.size()) throw InvalidInput("null model: edge " + std::to_string(e) + " is not in the graph");
    const Relation& relation = data->relations[data->relation_ids[e]];
    if (relation.category == RelationCategory::nesting)
      throw InvalidInput("null model: edge " + std::to_string(e) + " (" + quote(data->keys[data->sources[e]]) + " → " +
                         quote(data->keys[data->targets[e]]) + ") is a " + quote(relation.name) +
                         " edge, which holds the hierarchy that null models keep");
    data->sources[e] = sample.source[i];
    data->targets[e] = sample.target[i];
  }
  return Graph(std::shared_ptr<const maillage::detail::GraphData>(std::move(data)));
}

NullValues null_values(const TieList& ties, std::span<const std::int32_t> groups, const TieStatistic& statistic,
                       const SignificanceOptions& options, std::uint64_t first) {
  check_significance_inputs(ties, groups, statistic, options);
  return draw_null_values(ties, groups, statistic, options, first);
}

namespace {

NullValues draw_null_values(const TieList& ties, std::span<const std::int32_t> groups, const TieStatistic& statistic,
                            const SignificanceOptions& options, std::uint64_t first) {
  const NullModelSampler sampler(ties, groups, options.model);
  const std::size_t k = statistic_size(statistic);
  const std::size_t m = ties.source.size();
  const std::uint64_t samples = options.samples;
  NullValues r;
  r.values.assign(samples * k, nan);
  const double per_sample =
      static_cast<double>(m) * (options.model.model == NullModel::rewire ? 1 + options.model.swaps_per_tie : 2) +
      static_cast<double>(ties.nodes);
  const double work = per_sample * static_cast<double>(samples);
  const unsigned workers = detail::plan_workers(options.threads, work, samples);
  ProgressReporter progress(detail::progress_for(options.progress, work), "null model", samples,
                            detail::report_every(samples));
  std::vector<NullSample> draws(workers);
  std::vector<std::uint64_t> attempts(samples, 0), swaps(samples, 0);
  detail::for_each_item(
      samples, workers,
      [&](std::size_t s, unsigned w) {
        sampler.draw(first + s, draws[w]);
        attempts[s] = draws[w].attempts;
        swaps[s] = draws[w].swaps;
        evaluate(statistic, ties, draws[w], std::span<double>(r.values).subspan(s * k, k));
      },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  for (std::uint64_t s = 0; s < samples; ++s) r.attempts += attempts[s], r.swaps += swaps[s];
  return r;
}

}  // namespace

}  // namespace maillage::algo
