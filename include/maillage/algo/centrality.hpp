#pragma once
/// Path-based centralities of a View: betweenness (nodes and edges), closeness and harmonic
/// centrality, with NetworkX's definitions and normalisations.
///
/// Path lengths: hops on unweighted views; on weighted views the arc's distance (the weight on a
/// distance view, 1/weight on a strength view, where a zero strength means no arc). Self-loops
/// never lie on a shortest path. Zero distances are allowed: shortest-path counts then follow the
/// order in which Dijkstra settles nodes of equal distance.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "maillage/algo/measures.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Options of betweenness_centrality and edge_betweenness_centrality.
struct BetweennessOptions : ParallelOptions {
  /// Divide by the number of ordered pairs that could pass through a node, NetworkX's
  /// normalisation (1/((n-1)(n-2)) without endpoints, 1/(n(n-1)) for edges); otherwise the raw
  /// counts, halved on undirected views.
  bool normalized = true;
  /// Count the path ends as passing through them (node betweenness only).
  bool endpoints = false;
  /// Number of source nodes sampled uniformly without replacement (nothing = every node, exact).
  /// The sampled sums are scaled as NetworkX does, which makes each node's estimate unbiased.
  std::optional<std::uint32_t> k;
  /// Seed of the sample (std::mt19937_64 and an unbiased bounded draw: the same sources on every
  /// platform and for every thread count).
  std::uint64_t seed = 0;
};

/// Node betweenness with the sources that were used (all nodes, or the sorted sample).
struct BetweennessResult {
  std::vector<double> values;
  std::vector<std::uint32_t> sources;
};

/// Brandes' algorithm, one breadth-first search (unweighted) or Dijkstra (weighted) per source,
/// sources split into fixed chunks reduced in chunk order: the result is identical for any thread
/// count. O(k·m) unweighted, O(k·(m + n log n)) weighted, k = number of sources; O(n) memory per
/// thread. InvalidInput for k = 0 or k > n.
BetweennessResult betweenness_centrality(const View& view, const BetweennessOptions& options = {});

/// Edge betweenness (NetworkX's edge_betweenness_centrality: endpoints always counted, normalised
/// by 1/(n(n-1))), one value per view edge; self-loops get 0. Same algorithm, cost and
/// determinism as betweenness_centrality (O(m) memory per thread); `endpoints` is ignored.
EdgeMeasure edge_betweenness_centrality(const View& view, const BetweennessOptions& options = {});

// ---- betweenness in pieces, for runs split across machines (maillage.distributed): the sum of
// betweenness_sums over blocks of betweenness_sources, added block after block, then
// scale_betweenness, equals betweenness_centrality up to the order of the floating-point
// additions (bit for bit with one block).

/// The sources betweenness_centrality uses: every node, or the sorted sample of options.k drawn
/// with options.seed. InvalidInput for k = 0 or k > n. O(n).
std::vector<std::uint32_t> betweenness_sources(const View& view, const BetweennessOptions& options = {});

/// Unscaled dependency sums of the given sources (each a view index; InvalidInput otherwise):
/// per node (`edges` false, with options.endpoints) or per view edge. Deterministic for any
/// thread count, as betweenness_centrality. O(|sources|·m) unweighted.
std::vector<double> betweenness_sums(const View& view, std::span<const std::uint32_t> sources, bool edges,
                                     const BetweennessOptions& options = {});

/// Scales summed dependencies as betweenness_centrality (or edge_betweenness_centrality, with
/// `edges`) does, given the sources used (NetworkX's normalisation and sampling correction). O(n).
void scale_betweenness(const View& view, std::vector<double>& values, std::span<const std::uint32_t> sources,
                       bool edges, const BetweennessOptions& options = {});

/// Options of closeness_centrality.
struct ClosenessOptions : ParallelOptions {
  /// Wasserman–Faust scaling by (r-1)/(n-1), r = nodes that reach the node (NetworkX's default).
  bool wf_improved = true;
};

/// NetworkX's closeness: (r-1)/Σd over the r nodes that reach u (distances *to* u on directed
/// views), times (r-1)/(n-1) when wf_improved; 0 when nothing reaches u. Unweighted views run 64
/// breadth-first searches at once with bit sets; weighted views run one Dijkstra per node.
/// Deterministic (each value is computed by one thread, in a fixed order). O(n·m) unweighted,
/// O(n·(m + n log n)) weighted.
NodeMeasure closeness_centrality(const View& view, const ClosenessOptions& options = {});

/// Options of harmonic_centrality.
struct HarmonicOptions : ParallelOptions {};

/// Σ 1/d(v, u) over the nodes v ≠ u that reach u (NetworkX's harmonic_centrality; zero distances
/// are skipped). Same algorithm, cost and determinism as closeness_centrality.
NodeMeasure harmonic_centrality(const View& view, const HarmonicOptions& options = {});

/// Closeness (or, with `harmonic`, harmonic centrality) of the nodes [first, last) only: the
/// values closeness_centrality / harmonic_centrality give them, bit for bit (each node's value
/// depends on its own searches alone), for runs split across machines. InvalidInput unless
/// first ≤ last ≤ n. O((last − first)·m) unweighted.
NodeMeasure closeness_block(const View& view, std::uint32_t first, std::uint32_t last, bool harmonic,
                            const ClosenessOptions& options = {});

}  // namespace maillage::algo
